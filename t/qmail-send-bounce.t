#!/bin/sh
# qmail-send bounces: QSBMF text from bouncefrom@bouncehost, one bounce
# for all failed recipients, double bounces to doublebounceto, triple
# bounces dropped, queuelifetime, VERP.
. "${0%/*}/sendlib.sh"
plan 34
send_setup
QD=$Q/queue
echo 'virt.example:vprep' > "$Q/control/virtualdomains"
send_start

# The bounce qmail-send injected for message $ID: $BID and its file.
bounce_id() {
    BID=
    wait_until 10 "life | grep -q '^bounce msg $ID qp '" || return 1
    _qp=$(life | sed -n "s/^bounce msg $ID qp \([0-9]*\)\$/\1/p")
    wait_until 10 "grep -q ' qp $_qp uid ' '$LOG'" || return 1
    BID=$(sed -n "s/^info msg \([0-9]*\): .* qp $_qp uid .*/\1/p" "$LOG")
    BMESS=$QD/mess/$((BID % 23))/$BID
}

# --- a bounce, kept in the queue by deferring its delivery --------------
rules 'bad*@quail.test D 0 Sorry, no mailbox here by that name. (#5.1.1)\n' \
      'vprep-gone@virt.example D 0 No such user.' \
      'joe@example.org Z 0 hold the bounce' \
      '*@slow.example Z 0 not now'
inject joe@example.org bad1@quail.test good@quail.test bad2@quail.test \
    gone@virt.example
wait_end
like "$(cat "$LOG")" "delivery [0-9]+: failure: Sorry,_no_mailbox_here_by_that_name._\(#5.1.1\)/" \
    "failure logged"
bounce_id
ok $? "bounce msg ID qp P, then the bounce queued by that qmail-queue"
like "$(grep "^info msg $BID:" "$LOG")" "from <> qp [0-9]+ uid $(id -u qmails)$" \
    "bounce has the empty sender and qmail-send's uid"
grep -q "^start qmail-rspawn [0-9]* $BID <> joe@example.org$" "$FS/log"
ok $? "bounce goes to the envelope sender"
sed -n '2,/^$/p' "$BMESS" > head
like "$(cat head)" "^Date: [A-Z][a-z][a-z], [0-9]+ [A-Z][a-z][a-z] [0-9]{4} " "Date field"
like "$(cat head)" "From: MAILER-DAEMON@quail.test" "From: bouncefrom@bouncehost (me)"
like "$(cat head)" "To: joe@example.org" "To: the sender"
like "$(cat head)" "Subject: failure notice" "Subject"
sed '1,/^$/d' "$BMESS" > body
is "$(head -c 15 body)" "Hi. This is the" "QSBMF: the body begins \"Hi. This is the\""
like "$(head -n 1 body)" "qmail-send program at quail.test\.$" "names the host"
sed -n '/^<bad1@quail.test>:$/,/^$/p' body > p1
is "$(cat p1; echo .)" "<bad1@quail.test>:
Sorry, no mailbox here by that name. (#5.1.1)

." "recipient paragraph: address, text, blank line"
grep -q '^<bad2@quail.test>:$' body; ok $? "second failed recipient in the same bounce"
grep -q '^<gone@virt.example>:$' body
ok $? "virtualdomains prepend removed from the address shown"
grep -q 'good@quail.test' body; ok $((! $?)) "delivered recipient not listed"
sed -n '/^--- Below this line is a copy of the message.$/,$p' body > copy
is "$(sed -n 3p copy)" "Return-Path: <joe@example.org>" "break paragraph, Return-Path"
like "$(sed -n 4p copy)" "^Received: \(qmail [0-9]+ invoked by uid 0\)" \
    "then the original message"
is "$(tail -n 1 body)" "body of the message" "to its end"
is "$(grep -c '^--- Below' body)" 1 "one break paragraph"
[ ! -e "$QD/bounce/$ID" ]; ok $? "bounce/ID removed after injection"

# --- double bounce: the failed message was a bounce ----------------------
rules 'bad@quail.test D 0 no.' 'postmaster@quail.test Z 0 hold'
inject '' bad@quail.test
wait_end
bounce_id
ok $? "double bounce injected"
like "$(grep "^info msg $BID:" "$LOG")" "from <#@\[\]> qp" \
    "envelope sender #@[]"
grep -q "^start qmail-lspawn [0-9]* $BID #@\[\] postmaster@quail.test$" "$FS/log"
ok $? "to doublebounceto@doublebouncehost: postmaster@me"
like "$(cat "$BMESS")" "bounce itself bounced" "says it is a double bounce"
like "$(cat "$BMESS")" "Return-Path: <>" "copy of the failed bounce"

# --- triple bounce ------------------------------------------------------
rules 'bad@quail.test D 0 no.'
inject '#@[]' bad@quail.test
wait_end
like "$(life)" "triple bounce: discarding bounce/$ID" "triple bounce dropped"
[ ! -e "$QD/bounce/$ID" ]; ok $? "and its bounce text removed"

# --- control files -------------------------------------------------------
send_stop
echo bounces > "$Q/control/bouncefrom"
echo bh.example > "$Q/control/bouncehost"
echo dbl > "$Q/control/doublebounceto"
echo dbl.example > "$Q/control/doublebouncehost"
send_start
rules 'bad@quail.test D 0 no.' '*@example.org Z 0 hold' 'dbl@* Z 0 hold'
inject x@example.org bad@quail.test
wait_end
bounce_id
like "$(cat "$BMESS")" "From: bounces@bh.example" "bouncefrom, bouncehost"
like "$(cat "$BMESS")" "qmail-send program at bh.example" "bouncehost in the text"
inject '' bad@quail.test
wait_end
bounce_id
grep -q "^start qmail-rspawn [0-9]* $BID #@\[\] dbl@dbl.example$" "$FS/log"
ok $? "doublebounceto@doublebouncehost"
send_stop
: > "$Q/control/doublebounceto"
send_start
inject '' bad@quail.test
wait_end
like "$(life)" "double bounce: discarding bounce/$ID" \
    "empty doublebounceto drops double bounces"
rm "$Q/control/bouncefrom" "$Q/control/bouncehost" \
    "$Q/control/doublebounceto" "$Q/control/doublebouncehost"

# --- queuelifetime ----------------------------------------------------
send_stop
echo 1 > "$Q/control/queuelifetime"
send_start
rules 'late@slow.example Z 0 not now' '*@example.org Z 0 hold'
inject life@example.org late@slow.example
wait_log "msg $ID to remote late@slow.example"
wait_log "deferral: not_now"
sleep 2
kill -ALRM "$SEND_PID"
wait_end 20
like "$(life)" "failure: not_now/Giving_up:_this_message_has_been_in_the_queue_too_long./" \
    "a deferral after queuelifetime is a failure"
# (the bounce itself may outlive a queuelifetime of 1 second: only its
# injection is checked)
like "$(life)" "bounce msg $ID qp " "and bounces"
rm "$Q/control/queuelifetime"

# --- VERP bounces go to owner-@host ------------------------------------
rules 'bad@quail.test D 0 no.' '*@list.example Z 0 hold'
inject 'owner-@list.example-@[]' bad@quail.test
wait_end
bounce_id
grep -q "^start qmail-rspawn [0-9]* $BID <> owner-@list.example$" "$FS/log"
ok $? "-@[] sender: the bounce goes to owner-@host"
grep -q "^start qmail-lspawn [0-9]* $ID owner-bad=quail.test@list.example bad@quail.test$" "$FS/log"
ok $? "while the delivery had owner-box=host@host"
