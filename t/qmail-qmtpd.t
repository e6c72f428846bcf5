#!/bin/sh
# qmail-qmtpd: QMTP packages in both encodings, one answer per recipient
# in order, several packages per connection, qmail-smtpd's relay rules,
# databytes, hop counting, and every kind of broken input: malformed
# netstrings, huge lengths, a client that leaves or stops talking.
. "${0%/*}/ilib.sh"
need_root
plan 67
. "$TOP/t/qmtp-lib.sh"
C=$Q/control
printf 'quail.test\n.wild.test\n' > "$C/rcpthosts"
QMTPD=$Q/bin/qmail-qmtpd
NO="Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"
ROUTED="Dsorry, no %, ! or @ in local parts here (#5.7.1)"
CANT="Dsorry, I can't handle that recipient (#5.1.3)"
OK='^Kok [0-9]+ qp [0-9]+$'

# qmtpd [VAR=value ...]: run qmail-qmtpd on the file "in" as for a client
# on 192.0.2.7; $status, $stderr, and $replies (one answer per line).
qmtpd() {
    run_in in env TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST=client.example \
        TCPLOCALHOST=mx.quail.test "$@" "$QMTPD"
    replies=$(printf '%s' "$stdout" | $QM decode)
}
pkg() { $QM qmtp "$@"; }
# $replies with each "Kok ... qp ..." shown as K.
kz() { printf '%s\n' "$replies" | sed -E 's/^Kok [0-9]+ qp [0-9]+$/K/'; }

printf 'Subject: hi\n\nline 1\nline 2\n' > msg

# --- one package, LF encoding ---------------------------------------------
pkg msg a@example.org u@quail.test > in; qmtpd
is "$status" 0 "the client closing after a package is a normal end"
like "$replies" "$OK" "K for the recipient"
is "$stderr" "" "quietly"
is "$(queued)" 1 "one message queued"
is "$(envs)" "Fa@example.org|Tu@quail.test||" "its envelope"
qp=$(printf '%s\n' "$replies" | sed 's/.* qp //')
ok "$([ -f "$QQD/msg.$qp" ]; echo $?)" "qp names the qmail-queue process"
sed 1,2d "$QQD/msg.$qp" > body
cmp -s msg body; ok $? "the message follows our Received line unchanged"
like "$(sed -n 1p "$QQD/msg.$qp")" \
    '^Received: from client.example \(192.0.2.7\)$' \
    "Received: from the remote host and IP"
like "$(sed -n 2p "$QQD/msg.$qp")" \
    '^  by mx.quail.test with QMTP; [A-Z][a-z][a-z], [0-9]+ [A-Z][a-z][a-z] [0-9]{4} [0-9:]{8} \+0000$' \
    "by the local host with QMTP, dated"
clear_qq

pkg msg a@example.org u@quail.test > in; qmtpd TCPREMOTEINFO=joe \
    env -u TCPLOCALHOST -u TCPREMOTEHOST TCPLOCALIP=192.0.2.1
is "$(sed -n 1,2p "$QQD"/msg.* | sed 's/;.*//')" \
"Received: from unknown (joe@192.0.2.7)
  by 192.0.2.1 with QMTP" "TCPREMOTEINFO shown; unknown host; local IP"
clear_qq

pkg msg a@example.org u@quail.test > in; qmtpd TCPREMOTEIP=2001:db8::7 \
    TCPLOCALHOST=2001:db8::1
is "$(sed -n 1,2p "$QQD"/msg.* | sed 's/;.*//')" \
"Received: from client.example (2001:db8::7)
  by 2001:db8::1 with QMTP" "IPv6 addresses in the Received line"
clear_qq

# --- CRLF encoding --------------------------------------------------------
printf 'Subject: hi\n\na\rb\nlast\r' > crmsg
pkg -r crmsg a@example.org u@quail.test > in; qmtpd
like "$replies" "$OK" "CRLF encoding accepted"
sed 1,2d "$QQD"/msg.* > body
cmp -s crmsg body; ok $? "CRLF becomes LF; a CR elsewhere, even last, is kept"
clear_qq
printf '19:\rSubject: x\r\n\r\nhi\r\n,3:a@b,16:12:u@quail.test,,' > in; qmtpd
sed 1,2d "$QQD"/msg.* > body
is "$(od -An -c body | tr -s ' ')" " S u b j e c t : x \n \n h i \n" \
    "a message ending in CRLF ends in LF"
clear_qq

# --- several packages, several recipients ---------------------------------
{ pkg msg a@example.org u@quail.test v@quail.test
  pkg crmsg b@example.org w@quail.test; } > in; qmtpd
is "$(printf '%s\n' "$replies" | grep -cE "$OK")" 3 \
    "three answers for two packages"
is "$(queued)" 2 "two messages queued"
is "$(envs | sort)" "Fa@example.org|Tu@quail.test|Tv@quail.test||
Fb@example.org|Tw@quail.test||" "each with its own envelope"
clear_qq

# --- relay rules, as qmail-smtpd -----------------------------------------
printf 'u@quail.test' > bad0; printf '\0' >> bad0
head -c 1000 /dev/zero | tr '\0' x > long; printf '@quail.test' >> long
head -c 988 /dev/zero | tr '\0' x > fits; printf '@quail.test' >> fits
: > empty
pkg msg a@example.org u@quail.test u@evil.example u%evil.example@quail.test \
    'evil.example!u@quail.test' u@x.wild.test U@QUAIL.TEST @bad0 @long @fits \
    @empty postmaster u@quail.test.evil.example > in; qmtpd
is "$(kz)" "K
$NO
$ROUTED
$ROUTED
K
K
$CANT
$CANT
K
$CANT
K
$NO" "answers in order: rcpthosts, routed local parts, NUL, length, empty"
is "$(printf '%s\n' "$replies" | grep -cE "$OK")" 5 \
    "exact, .suffix, any case, 999 bytes, no domain: K"
is "$(envs)" "Fa@example.org|Tu@quail.test|Tu@x.wild.test|TU@QUAIL.TEST|T$(cat fits)|Tpostmaster||" \
    "only those reach the envelope"
clear_qq

pkg msg a@example.org u@evil.example 'u%x@quail.test' > in; qmtpd RELAYCLIENT=
is "$(printf '%s\n' "$replies" | grep -cE "$OK")" 2 "RELAYCLIENT: any domain"
is "$(envs)" "Fa@example.org|Tu@evil.example|Tu%x@quail.test||" \
    "RELAYCLIENT: queued as given"
clear_qq
pkg msg a@example.org u@evil.example @fits > in; qmtpd RELAYCLIENT=@relay.test
is "$(echo "$replies" | sed -n 2p)" "$CANT" \
    "RELAYCLIENT appended may make an address too long"
is "$(envs)" "Fa@example.org|Tu@evil.example@relay.test||" \
    "RELAYCLIENT's value is appended"
clear_qq

mv "$C/rcpthosts" "$C/rcpthosts.off"
printf 'quail.test\n' > "$C/locals"
pkg msg a@example.org u@quail.test u@evil.example > in; qmtpd
like "$(echo "$replies" | sed -n 1p)" "$OK" "no rcpthosts: locals accepted"
is "$(echo "$replies" | sed -n 2p)" "$NO" \
    "no rcpthosts: others refused (quail fails closed, qmail was open)"
like "$stderr" '^qmail-qmtpd: warning: control/rcpthosts is missing' \
    "and says so in the log"
mv "$C/rcpthosts.off" "$C/rcpthosts"
clear_qq

# --- sender, no recipients, too many --------------------------------------
printf 'a@' > nulfrom; printf '\0x' >> nulfrom
pkg msg @nulfrom u@quail.test > in; qmtpd
is "$replies" "Dunacceptable sender (#5.1.7)" "a NUL in the sender: D"
head -c 1000 /dev/zero | tr '\0' x > longfrom
pkg msg @longfrom u@quail.test > in; qmtpd
is "$replies" "Dunacceptable sender (#5.1.7)" "a 1000-byte sender: D"
is "$(queued)" 0 "neither queued"
pkg msg '' u@quail.test > in; qmtpd
like "$replies" "$OK" "the null sender is fine"
clear_qq
pkg msg a@example.org > in; qmtpd
is "$status/$replies/$(queued)" "0//0" "no recipients: no answers, nothing queued"
python3 -c 'import sys
sys.stdout.write("\n".join("u%d@quail.test" % i for i in range(10002)))' > many
pkg msg a@example.org $(cat many) > in; qmtpd
is "$(printf '%s\n' "$replies" | wc -l)" 10002 "10002 recipients, 10002 answers"
is "$(printf '%s\n' "$replies" | grep -cE "$OK")" 10000 "the first 10000 K"
is "$(printf '%s\n' "$replies" | tail -n 1)" \
    "Ztoo many recipients in one package, try the rest later (#4.5.3)" \
    "the rest Z"
is "$(envs | tr '|' '\n' | grep -c '^T')" 10000 "10000 recipients queued"
clear_qq

# --- qmail-queue's answer -------------------------------------------------
pkg msg a@example.org u@quail.test v@quail.test > in; qmtpd QQ_EXIT=31
is "$replies" "Dmail server permanently rejected message (#5.3.0)
Dmail server permanently rejected message (#5.3.0)" "31: D for every recipient"
pkg msg a@example.org u@quail.test > in; qmtpd QQ_EXIT=71
is "$replies" "Zmail server temporarily rejected message (#4.3.0)" "71: Z"
pkg msg a@example.org u@quail.test > in; qmtpd QMAILQUEUE=/nonexistent
is "$replies" "Zunable to exec qq (#4.3.0)" "no queue program: Z"
clear_qq

# --- databytes -------------------------------------------------------------
size=$(wc -c < msg)
TOOBIG="Dsorry, that message size exceeds my databytes limit (#5.3.4)"
pkg msg a@example.org u@quail.test > in; qmtpd DATABYTES=$((size - 1))
is "$replies/$(queued)" "$TOOBIG/0" "one byte over DATABYTES: D, not queued"
pkg msg a@example.org u@quail.test > in; qmtpd DATABYTES=$size
like "$replies" "$OK" "exactly DATABYTES: K"
echo $((size - 1)) > "$C/databytes"
pkg msg a@example.org u@quail.test > in; qmtpd
is "$replies" "$TOOBIG" "control/databytes"
pkg msg a@example.org u@quail.test > in; qmtpd DATABYTES=0
like "$replies" "$OK" "DATABYTES=0 overrides it: no limit"
rm "$C/databytes"
pkg -r msg a@example.org u@quail.test > in; qmtpd DATABYTES=$size
like "$replies" "$OK" "CRLF encoding: the limit counts the decoded bytes"
pkg msg a@example.org u@quail.test > in; qmtpd DATABYTES=12x
is "$status" 111 "DATABYTES not a number: temporary"
like "$stderr" "^qmail-qmtpd: fatal: DATABYTES is not a number" "and said"
clear_qq

# --- loops -----------------------------------------------------------------
{ i=0; while [ $i -lt 100 ]; do echo "Received: x"; i=$((i + 1)); done
  printf 'delivered-TO: y\n\nbody\n'; } > loop
pkg loop a@example.org u@quail.test > in; qmtpd
is "$replies" "Dtoo many hops, this message is looping (#5.4.6)" \
    "101 Received:/Delivered-To: lines: D"
sed 1d loop > loop100
pkg loop100 a@example.org u@quail.test > in; qmtpd
like "$replies" "$OK" "100 are fine"
clear_qq

# --- broken framing ----------------------------------------------------------
ok1=$(pkg msg a@example.org u@quail.test)
for bad in 'x:' '01:' '-5:' ':' '0:,' \
    "$(printf '7:\rhello!x')" "$(printf '5:Xabcd,')" \
    "$(printf '2:\na,1:a,7:4:u@bc,;')" "$(printf '2:\na,1:a,6:4:u@bc,,')" \
    "$(printf '2:\na,1:a,7:4:u@bcX,')" "$(printf '2:\na,1:a,6:03:ab,,')"; do
    printf '%s%s' "$ok1" "$bad" > in; qmtpd
    printf '%s\n' "$status $(printf '%s\n' "$replies" | grep -cE "$OK")" \
        >> results
    printf '%s\n' "$stderr" >> errors
done
is "$(sort -u results)" "100 1" \
    "malformed netstrings: exit 100, answers to earlier packages sent"
is "$(sort -u errors)" "qmail-qmtpd: fatal: protocol error: empty message netstring
qmail-qmtpd: fatal: protocol error: malformed netstring from the client
qmail-qmtpd: fatal: protocol error: message encoding is neither LF nor CRLF" \
    "each said in one line"
qq_settle 17
is "$(queued)" 11 "nothing but the good packages queued"
clear_qq
rm results errors

# --- huge lengths, clients that leave ----------------------------------------
printf '%s18446744073709551615:\nSubject: x\n\nshort' "$ok1" > in; qmtpd
is "$status" 111 "a huge message length, then the client leaves: temporary"
like "$stderr" 'left in the middle of a package$' "said"
is "$(printf '%s\n' "$replies" | grep -cE "$OK")" 1 "the first package answered"
printf '2:\na,999999999999999999:abc' > in; qmtpd
is "$status" 111 "a huge sender length is not allocated"
printf '2:\na,1:a,999999999999:5:u@bc,' > in; qmtpd
is "$status" 111 "nor a huge recipient list"
qq_settle 4
is "$(queued)/$(cuts)" "1/3" "none of those queued"
clear_qq
printf '2:\na,1:a,32:12:u@quail.test,12:v@quail.test,' > in; qmtpd
is "$status" 111 "the client leaves before the last comma: temporary"
qq_settle 1
is "$(queued)" 0 "nothing queued"
is "$(cuts)" 1 "qmail-queue saw the envelope cut short"
clear_qq

# --- timeouts -----------------------------------------------------------------
echo 1 > "$C/timeoutsmtpd"
{ printf '%s' "$ok1"; printf '20:\nSubject: x'; sleep 3; } |
    { s=$(date +%s); env TCPREMOTEIP=192.0.2.7 "$QMTPD" > out 2> err
      status=$?; echo $(($(date +%s) - s)) > took; exit $status; }
status=$? stderr=$(cat err) replies=$($QM decode < out)
is "$status" 111 "a client that stops talking: temporary"
like "$stderr" '^qmail-qmtpd: fatal: timeout reading from the client$' "said"
ok "$([ "$(cat took)" -le 2 ]; echo $?)" "after control/timeoutsmtpd seconds"
is "$(printf '%s\n' "$replies" | grep -cE "$OK")" 1 \
    "the earlier package was answered before waiting"
qq_settle 2
is "$(queued)" 1 "only that one queued"
rm "$C/timeoutsmtpd"
clear_qq

# --- controls ----------------------------------------------------------------
mkdir "$C/databytes"
pkg msg a@example.org u@quail.test > in; qmtpd
is "$status" 111 "unreadable control/databytes: temporary"
like "$stderr" '^qmail-qmtpd: fatal: unable to read control/databytes: ' "said"
rmdir "$C/databytes"
