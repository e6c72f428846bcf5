#!/bin/sh
# forward (qmail 1.03's forward(1)): DTLINE and the message to every
# address in one qmail-queue run with NEWSENDER as the envelope sender;
# qmail-queue's verdict as 0/100/111; a stand-in QMAILQUEUE records it.
. "${0%/*}/lib.sh"
plan 20
cat > qq <<EOS
#!/bin/sh
cat > '$TMP/qq.msg'
tr '\\0' '|' <&1 > '$TMP/qq.env'
exit \$(cat '$TMP/qq.code' 2>/dev/null || echo 0)
EOS
chmod 755 qq
export QMAILQUEUE=$TMP/qq NEWSENDER=owner@example.org \
    DTLINE='Delivered-To: joe-fwd@example.com
'
printf 'From: a@example.org\nSubject: hi\n\nbody\n' > msg

run_in msg forward a@x.example b@y.example
is "$status" 0 "queued: 0"
like "$stderr" '^forward: qp [0-9]+$' "says qmail-queue's pid"
is "$(cat qq.env)" "Fowner@example.org|Ta@x.example|Tb@y.example||" \
    "one run: NEWSENDER, then every address"
is "$(cat qq.msg)" "Delivered-To: joe-fwd@example.com
From: a@example.org
Subject: hi

body" "DTLINE, then the message as it was"
: > empty
run_in empty forward a@x.example
is "$status:$(cat qq.msg)" "0:Delivered-To: joe-fwd@example.com" \
    "an empty message: the Delivered-To line alone"
NEWSENDER= run_in msg forward a@x.example
is "$(cat qq.env)" "F|Ta@x.example||" "an empty NEWSENDER (a bounce) stays empty"
(exec 3<msg; read -r _ <&3; exec forward a@x.example <&3 >/dev/null 2>&1)
is "$(sed 1d qq.msg | head -n 1)" "Subject: hi" \
    "the message from the current offset of fd 0, as qmail-local leaves it"

echo 31 > qq.code
run_in msg forward a@x.example
is "$status" 100 "qmail-queue 31 (refused for good): 100"
is "$stderr" "forward: fatal: mail server permanently rejected message (#5.3.0)" \
    "with qmail's text for it"
echo 71 > qq.code
run_in msg forward a@x.example
is "$status" 111 "qmail-queue 71: 111"
like "$stderr" '^forward: fatal: .*\(#4\.3\.0\)$' "a temporary text"
echo 53 > qq.code
run_in msg forward a@x.example
is "$status:$stderr" "111:forward: fatal: qq write error or disk full (#4.3.0)" \
    "disk full: 111"
rm qq.code
run_in msg env QMAILQUEUE=$TMP/no-such-qq forward a@x.example
is "$status" 111 "qmail-queue cannot be run: 111"
like "$stderr" '^forward: fatal: unable to exec qq \(#4\.3\.0\)$' "says so"
run_in / forward a@x.example
is "$status:$stderr" "111:forward: fatal: unable to read message (#4.3.0)" \
    "unreadable message: 111"
ok "$([ ! -s qq.env ] || [ "$(tail -c 2 qq.env)" != "||" ]; echo $?)" \
    "and no complete envelope, so nothing queued"

run_in msg forward
is "$status:$stderr" "100:forward: fatal: usage: forward address ..." \
    "no address: usage"
run_in msg env -u NEWSENDER forward a@x.example
is "$status:$stderr" "100:forward: fatal: NEWSENDER is not set; run me from a .qmail file" \
    "NEWSENDER missing: 100"
run_in msg env -u DTLINE forward a@x.example
is "$status:$stderr" "100:forward: fatal: DTLINE is not set; run me from a .qmail file" \
    "DTLINE missing: 100"
run_in msg forward '' '-x'
is "$(cat qq.env)" "Fowner@example.org|T|T-x||" \
    "addresses passed as they are, even odd ones"
