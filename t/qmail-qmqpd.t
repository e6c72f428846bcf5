#!/bin/sh
# qmail-qmqpd: one QMQP request per connection, one K/Z/D answer; the
# client is trusted (no rcpthosts), but broken netstrings, bad addresses,
# a client that leaves or stops talking never get anything queued.
. "${0%/*}/ilib.sh"
need_root
plan 31
. "$TOP/t/qmtp-lib.sh"
C=$Q/control
printf 'quail.test\n' > "$C/rcpthosts"
QMQPD=$Q/bin/qmail-qmqpd
OK='^Kok [0-9]+ qp [0-9]+$'
CANT="Dsorry, I can't accept addresses like that (#5.1.3)"

# qmqpd [VAR=value ...]: run qmail-qmqpd on the file "in" as for a client
# on 192.0.2.7; $status, $stderr, and $replies (one answer per line).
qmqpd() {
    run_in in env TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST=null.example \
        TCPLOCALHOST=hub.quail.test "$@" "$QMQPD"
    replies=$(printf '%s' "$stdout" | $QM decode)
}
req() { $QM qmqp "$@"; }

printf 'Subject: hi\n\nline 1\nline 2\n' > msg

req msg a@example.org u@quail.test v@elsewhere.example > in; qmqpd
is "$status" 0 "answered: exit 0"
like "$replies" "$OK" "K"
is "$stderr" "" "quietly"
is "$(envs)" "Fa@example.org|Tu@quail.test|Tv@elsewhere.example||" \
    "the envelope, any domain: QMQP clients are trusted, no rcpthosts"
qp=$(printf '%s\n' "$replies" | sed 's/.* qp //')
sed 1,2d "$QQD/msg.$qp" > body
cmp -s msg body; ok $? "the message follows our Received line unchanged"
is "$(sed -n 1,2p "$QQD/msg.$qp" | sed 's/;.*//')" \
"Received: from null.example (192.0.2.7)
  by hub.quail.test with QMQP" "Received: ... with QMQP"
clear_qq

req msg '' u@quail.test > in; qmqpd
like "$replies" "$OK" "the null sender is fine"
is "$(envs)" "F|Tu@quail.test||" "and queued as such"
clear_qq

printf 'u@quail.test' > nul; printf '\0' >> nul
head -c 1000 /dev/zero | tr '\0' x > long
: > empty
for bad in "a@example.org u@quail.test @nul" \
    "a@example.org @long u@quail.test" "a@example.org u@quail.test @empty" \
    "@nul u@quail.test" "@long u@quail.test"; do
    req msg $bad > in; qmqpd
    printf '%s %s\n' "$status" "$replies" >> results
done
is "$(sort -u results)" "0 $CANT" \
    "a NUL, 1000 bytes, an empty recipient: D for the whole message"
is "$(queued)" 0 "none of them queued"
rm results
req msg a@example.org > in; qmqpd
is "$replies" "Dsorry, I need at least one recipient (#5.1.3)" \
    "no recipient: D"
is "$(queued)" 0 "not queued"

req msg a@example.org u@quail.test > in; qmqpd QQ_EXIT=31
is "$replies" "Dmail server permanently rejected message (#5.3.0)" \
    "qmail-queue's 31: D"
req msg a@example.org u@quail.test > in; qmqpd QQ_EXIT=71
is "$replies" "Zmail server temporarily rejected message (#4.3.0)" "71: Z"
clear_qq

# --- broken framing -------------------------------------------------------
for bad in 'x:' '01:' '10:3:abc,1:a,3:u@b,' '16:3:abc,1:a,3:u@b;,' \
    '16:3:abc,1:a,3:u@b,;' '15:3:abc,1:a,4:u@b,,' '5:3:abcd,' \
    '17:3:abc,1:a,04:u@b,,'; do
    printf '%s' "$bad" > in; qmqpd
    printf '%s %s|%s\n' "$status" "$replies" "$stderr" >> results
done
is "$(sort -u results)" \
    "100 |qmail-qmqpd: fatal: protocol error: malformed netstring from the client" \
    "bad lengths, commas, inner netstrings past the outer one: exit 100"
printf '16:3:abc,1:a,3:u@b,,' > in; qmqpd
is "$status $(echo "$replies" | grep -cE "$OK")" "0 1" \
    "(the same request, well formed, is fine)"
qq_settle 6
is "$(queued)" 1 "only that one queued"
clear_qq

# --- clients that leave, huge lengths, silence ------------------------------
: > in; qmqpd
is "$status/$stdout/$stderr" "0//" "a client that sends nothing: quiet exit 0"
printf '16:3:abc,1:a,3:u@b,' > in; qmqpd
is "$status" 111 "a client that leaves before the last comma: temporary"
like "$stderr" "left before the end of its message$" "said"
qq_settle 1
is "$(queued)/$(cuts)" "0/1" "nothing queued"
clear_qq
printf '18446744073709551615:18446744073709551590:abc' > in; qmqpd
is "$status" 111 "huge announced lengths, then the client leaves"
printf '999999999:3:abc,1:a,99999999:abc' > in; qmqpd
is "$status" 111 "a huge address length is not kept"
qq_settle 2
is "$(queued)" 0 "nothing queued"
clear_qq

echo 1 > "$C/timeoutsmtpd"
{ printf '20:3:abc,'; sleep 3; } |
    { s=$(date +%s); env TCPREMOTEIP=192.0.2.7 "$QMQPD" > out 2> err
      status=$?; echo $(($(date +%s) - s)) > took; exit $status; }
status=$? stderr=$(cat err)
is "$status" 111 "a client that stops talking: temporary"
like "$stderr" '^qmail-qmqpd: fatal: timeout reading from the client$' "said"
ok "$([ "$(cat took)" -le 2 ]; echo $?)" "after control/timeoutsmtpd seconds"
is "$(cat out)" "" "no answer"
qq_settle 1
is "$(queued)" 0 "nothing queued"
rm "$C/timeoutsmtpd"
mkdir "$C/timeoutsmtpd"
req msg a@example.org u@quail.test > in; qmqpd
is "$status" 111 "unreadable control/timeoutsmtpd: temporary"
like "$stderr" '^qmail-qmqpd: fatal: unable to read control/timeoutsmtpd: ' \
    "said"
rmdir "$C/timeoutsmtpd"
