#!/bin/sh
# qmail-smtpd: greeting, HELO/EHLO, every command's reply, commands out
# of order, syntax errors, SIZE, pipelining, and what reaches the queue:
# the Received line, LF line ends, dot-unstuffing, the envelope.
. "${0%/*}/ilib.sh"
. "$TOP/t/smtpd-lib.sh"
plan 51

printf 'QUIT\n' > in
smtpd < in
is "$stdout" "220 quail.test ESMTP
221 quail.test" "greeting and QUIT name control/me"
is "$status" 0 "exit 0 after QUIT"
is "$stderr" "" "nothing logged"

echo 'mx.quail.test hello' > "$Q/control/smtpgreeting"
printf 'HELO x\nQUIT\n' > in
smtpd < in
is "$stdout" "220 mx.quail.test hello ESMTP
250 mx.quail.test hello
221 mx.quail.test hello" "control/smtpgreeting replaces me"
rm "$Q/control/smtpgreeting"

printf 'EHLO client.example\nQUIT\n' > in
smtpd < in
is "$(replies)" "250-quail.test
250-PIPELINING
250-8BITMIME
250 SIZE
221 quail.test" "EHLO: PIPELINING, 8BITMIME, SIZE without a limit"
echo 1000 > "$Q/control/databytes"
printf 'EHLO x\n' > in
smtpd < in
like "$stdout" '250 SIZE 1000$' "SIZE shows control/databytes"
printf 'EHLO x\n' > in
smtpd DATABYTES=2000 < in
like "$stdout" '250 SIZE 2000$' "\$DATABYTES overrides it"
rm "$Q/control/databytes"

smtpd <<'S'
NOOP
noop with args
RSET
VRFY root
HELP
EXPN root
STARTTLS
TURN

QUIT
S
is "$(replies)" "250 ok
250 ok
250 flushed
252 send some mail, i'll try my best
214 quail: see qmail-smtpd(8)
502 unimplemented (#5.5.1)
502 unimplemented (#5.5.1)
502 unimplemented (#5.5.1)
502 unimplemented (#5.5.1)
221 quail.test" "NOOP, RSET, VRFY 252, HELP, 502 for the rest"

smtpd <<'S'
RCPT TO:<u@quail.test>
DATA
MAIL FROM:<a@example.org>
DATA
MAIL FROM:<b@example.org>
RSET
RCPT TO:<u@quail.test>
MAIL FROM:<c@example.org>
HELO x
DATA
QUIT
S
is "$(replies)" "503 MAIL first (#5.5.1)
503 MAIL first (#5.5.1)
250 ok
503 RCPT first (#5.5.1)
503 nested MAIL command (#5.5.1)
250 flushed
503 MAIL first (#5.5.1)
250 ok
250 quail.test
503 MAIL first (#5.5.1)
221 quail.test" "503 for commands out of order; RSET and HELO end a transaction"
is "$(queued)" 0 "nothing queued"

smtpd <<'S'
MAIL
MAIL FROM
MAIL FROM:
MAIL TO:<a@example.org>
MAIL FROM:<a@example.org
MAIL FROM:<"a@example.org>
MAIL FROM:<a@example.org> SIZE=
MAIL FROM:<a@example.org> SIZE=12k
MAIL FROM:<a@example.org>
RCPT TO:
RCPT TO:<>
RCPT FROM:<u@quail.test>
RCPT TO:<u@quail.test
RCPT TO:<@quail.test>
QUIT
S
is "$(replies)" "501 syntax error in address (#5.5.4)
501 syntax error in address (#5.5.4)
501 syntax error in address (#5.5.4)
501 syntax error in address (#5.5.4)
501 syntax error in address (#5.5.4)
501 syntax error in address (#5.5.4)
501 malformed SIZE parameter (#5.5.4)
501 malformed SIZE parameter (#5.5.4)
250 ok
501 syntax error in address (#5.5.4)
501 syntax error in address (#5.5.4)
501 syntax error in address (#5.5.4)
501 syntax error in address (#5.5.4)
501 syntax error in address (#5.5.4)
221 quail.test" "501 for malformed MAIL and RCPT"

echo 1000 > "$Q/control/databytes"
smtpd <<'S'
MAIL FROM:<a@example.org> SIZE=1001
MAIL FROM:<a@example.org> SIZE=99999999999999999999999
MAIL FROM:<a@example.org> BODY=8BITMIME SIZE=1000
QUIT
S
is "$(replies)" "552 sorry, that message size exceeds my databytes limit (#5.3.4)
552 sorry, that message size exceeds my databytes limit (#5.3.4)
250 ok
221 quail.test" "MAIL SIZE over databytes: 552 before DATA (RFC 1870)"
rm "$Q/control/databytes"

# --- a message -----------------------------------------------------------
clear_qq
smtpd TCPREMOTEINFO=joe <<'S'
HELO pc.example
MAIL FROM:<sender@example.org>
RCPT TO:<one@quail.test>
RCPT TO:<"two"@QUAIL.TEST>
RCPT TO:three@a.wild.test
DATA
Subject: test
X-Dots: .

..leading dot
..
... three
body
.
QUIT
S
is "$status" 0 "session with a message"
is "$(queued)" 1 "one message queued"
qp=$(basename "$(ls "$QQD"/env.*)" | sed 's/env\.//')
like "$(replies | sed -n 7p)" "^250 ok [0-9]+ qp $qp\$" "250 ok TIME qp PID"
now=$(date +%s)
t=$(replies | sed -n 7p | cut -d' ' -f3)
ok "$([ $((now - t)) -ge 0 ] && [ $((now - t)) -lt 60 ]; echo $?)" \
    "the time is now"
is "$(last_env)" "Fsender@example.org|Tone@quail.test|Ttwo@QUAIL.TEST|Tthree@a.wild.test||" \
    "envelope: sender, recipients unquoted, final NUL"
last_msg > msg
is "$(sed 1,2d msg)" "Subject: test
X-Dots: .

.leading dot
.
.. three
body" "LF line ends, leading dots unstuffed"
ok "$(! grep -q "$(printf '\r')" msg; echo $?)" "no CR reaches the queue"
is "$(sed -n 2p msg)" "  by 192.0.2.1 with SMTP; $(sed -n 2p msg | sed 's/.*; //')" \
    "Received second line: by TCPLOCALIP with SMTP"
like "$(sed -n 1p msg)" '^Received: from client.example \(HELO pc.example\) \(joe@192.0.2.7\)$' \
    "Received: HOST (HELO name) (INFO@IP)"
d=$(sed -n 2p msg | sed 's/.*; //')
like "$d" '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} \+0000$' \
    "RFC 5322 date"
ok "$(t2=$(date -d "$d" +%s) && [ $((now - t2)) -lt 60 ] && [ $((t2 - now)) -lt 60 ]; echo $?)" \
    "the date is now"

clear_qq
printf 'HELO CLIENT.example\nMAIL FROM:<>\nRCPT TO:<u@quail.test>\nDATA\nx\n.\n' > in
smtpd TCPLOCALHOST=mx.quail.test < in
like "$(last_msg | sed -n 1p)" '^Received: from client.example \(192.0.2.7\)$' \
    "no HELO shown when it is the host name, ignoring case"
like "$(last_msg | sed -n 2p)" '^  by mx.quail.test with SMTP; ' \
    "TCPLOCALHOST preferred"
is "$(last_env)" "F|Tu@quail.test||" "null sender <>"
is "$status" 111 "end of input without QUIT: 111"
like "$(replies | tail -n 1)" '^250 ok ' "the message was accepted first"

clear_qq
printf 'MAIL FROM:<a@example.org>\nRCPT TO:<u@quail.test>\nDATA\nx\r\n.\r\n' > in
smtpd_raw -u TCPREMOTEHOST -u TCPLOCALIP -u TCPREMOTEIP < in
like "$(last_msg | sed -n 1,2p | tr '\n' '#')" \
    '^Received: from unknown \(unknown\)#  by unknown with SMTP; ' \
    "without tcpserver's variables: unknown, bare LF commands accepted"

# --- pipelining: every reply, in order, from one write ----------------
clear_qq
printf 'EHLO x\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<u@quail.test>\r\nRCPT TO:<v@evil.example>\r\nDATA\r\nSubject: p\r\n\r\nbody\r\n.\r\nMAIL FROM:<b@example.org>\r\nRCPT TO:<w@quail.test>\r\nDATA\r\nsecond\r\n.\r\nQUIT\r\n' > in
smtpd_raw < in
is "$(replies | sed 's/^250 ok [0-9]* qp [0-9]*$/250 ok T qp P/')" "250-quail.test
250-PIPELINING
250-8BITMIME
250 SIZE
250 ok
250 ok
553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)
354 go ahead
250 ok T qp P
250 ok
250 ok
354 go ahead
250 ok T qp P
221 quail.test" "pipelined commands answered in order"
is "$(queued)" 2 "both messages queued"
is "$(for f in "$QQD"/env.*; do cat "$f"; echo; done | sort)" "Fa@example.org|Tu@quail.test||
Fb@example.org|Tw@quail.test||" "each with its own envelope"

# --- the queue program's answers -----------------------------------------
qq_reply() {
    clear_qq
    printf 'MAIL FROM:<a@example.org>\nRCPT TO:<u@quail.test>\nDATA\nx\n.\nQUIT\n' > in
smtpd "$@" < in
    replies | sed -n 4p
}
is "$(qq_reply QQ_EXIT=31)" \
    "554 mail server permanently rejected message (#5.3.0)" "31: 554"
is "$(qq_reply QQ_EXIT=11)" \
    "554 envelope address too long for qq (#5.1.3)" "11: 554"
is "$(qq_reply QQ_EXIT=35)" "554 qq permanent problem (#5.3.0)" \
    "11..40: 554 permanent"
is "$(qq_reply QQ_EXIT=53)" "451 qq write error or disk full (#4.3.0)" \
    "53: 451"
is "$(qq_reply QQ_EXIT=51)" "451 qq out of memory (#4.3.0)" "51: 451"
is "$(qq_reply QQ_EXIT=71)" \
    "451 mail server temporarily rejected message (#4.3.0)" "71: 451"
is "$(qq_reply QQ_EXIT=81)" "451 qq internal bug (#4.3.0)" "81: 451"
is "$(qq_reply QQ_EXIT=99)" "451 qq temporary problem (#4.3.0)" \
    "others: 451 temporary"
is "$(qq_reply QQ_EXIT=crash)" "451 qq crashed (#4.3.0)" \
    "a filter that crashes: 451 qq crashed"
is "$(qq_reply QMAILQUEUE="$TMP/nonexistent")" \
    "451 unable to exec qq (#4.3.0)" "a filter that cannot run: 451"
cat > "$TMP/lazyqq" <<'Q'
#!/bin/sh
exit 0
Q
chmod 755 "$TMP/lazyqq"
head -c 300000 /dev/zero | tr '\0' x | fold -w 70 > big; echo >> big
{ printf 'MAIL FROM:<a@example.org>\nRCPT TO:<u@quail.test>\nDATA\n'
  cat big; printf '.\nQUIT\n'; } > in
smtpd QMAILQUEUE="$TMP/lazyqq" < in
is "$(replies | sed -n 4p)" "451 qq write error or disk full (#4.3.0)" \
    "a filter that exits 0 without reading: never 250"
is "$(replies | sed -n 5p)" "221 quail.test" "and the session goes on"
QMAILQUEUE= smtpd_raw < /dev/null
is "$status" 111 "empty QMAILQUEUE: bin/qmail-queue is used (no error)"
is "$stdout" "220 quail.test ESMTP" "greeting only"

# A tcp.smtp rule's RBLSMTPD text with no rblsmtpd in front (no
# control/rblzones): qmail-smtpd hands the client to rblsmtpd.
printf 'HELO x\nMAIL FROM:<a@example.org>\nRCPT TO:<u@quail.test>\nQUIT\n' > in
smtpd RBLSMTPD='-you are refused' PATH="$PATH" < in
like "$(replies | sed -n 3p)" '^553 you are refused' \
    "RBLSMTPD with a leading -: rblsmtpd refuses with 553"
smtpd RBLSMTPD='busy here' PATH="$PATH" < in
like "$(replies | sed -n 3p)" '^451 busy here' "without it: 451"
smtpd RBLSMTPD='' < in
is "$(replies | sed -n 2p)" "250 ok" "RBLSMTPD empty: a normal session"
smtpd RBLSMTPD='-refused' PATH=/nonexistent < in
is "$stdout" "421 unable to run rblsmtpd (#4.3.0)" \
    "no rblsmtpd to run: 421, the client comes back later"
is "$status" 111 "  exit 111"
