#!/bin/sh
# condredirect (qmail 1.03's condredirect(1)): when the program exits 0,
# the whole message with DTLINE goes to the new address with SENDER as
# the envelope sender, and condredirect exits 99; 111 stays 111; any
# other exit (or no such program) is 0 and nothing is sent.
. "${0%/*}/lib.sh"
plan 22
cat > qq <<EOS
#!/bin/sh
cat > '$TMP/qq.msg'
tr '\\0' '|' <&1 > '$TMP/qq.env'
exit \$(cat '$TMP/qq.code' 2>/dev/null || echo 0)
EOS
chmod 755 qq
export QMAILQUEUE=$TMP/qq SENDER=a@example.org NEWSENDER=other@example.org \
    DTLINE='Delivered-To: joe@example.com
'
printf 'From: a@example.org\nSubject: urgent\n\nbody\n' > msg
cr() { rm -f qq.msg qq.env; run_in msg condredirect "$@"; }

cr boss@example.com grep -q urgent
is "$status" 99 "program exits 0: redirected, 99"
like "$stderr" '^condredirect: qp [0-9]+$' "says qmail-queue's pid"
is "$(cat qq.env)" "Fa@example.org|Tboss@example.com||" \
    "SENDER (not NEWSENDER) to the new address"
is "$(cat qq.msg)" "Delivered-To: joe@example.com
From: a@example.org
Subject: urgent

body" "DTLINE and the whole message, although the program read it all"
cr boss@example.com sh -c 'head -c 5 > /dev/null'
is "$(sed 1d qq.msg | head -n 1)" "From: a@example.org" \
    "the message from its start even when the program read part of it"
cr boss@example.com grep -q nothere
is "$status:$stdout$stderr" "0:" "program exits 1: 0, silently"
ok "$([ ! -e qq.env ]; echo $?)" "nothing sent"
cr boss@example.com sh -c 'exit 100'
is "$status" 0 "program exits 100: 0"
cr boss@example.com sh -c 'exit 111'
is "$status:$stderr" "111:condredirect: fatal: temporary failure of sh" \
    "program exits 111: 111"
ok "$([ ! -e qq.env ]; echo $?)" "nothing sent"
cr boss@example.com sh -c 'kill -KILL $$'
is "$status:$stderr" "111:condredirect: fatal: child crashed" "program killed: 111"
cr boss@example.com ./no-such-program
is "$status" 0 "no such program: 0"
is "$stderr" "condredirect: warning: unable to run ./no-such-program: No such file or directory" \
    "with a warning"
echo 31 > qq.code
cr boss@example.com true
is "$status:$stderr" "100:condredirect: fatal: mail server permanently rejected message (#5.3.0)" \
    "qmail-queue refuses for good: 100"
echo 71 > qq.code
cr boss@example.com true
is "$status" 111 "qmail-queue refuses for now: 111"
rm qq.code
printf 'x' | { condredirect boss@example.com true 2>err; echo $? > rc; }
is "$(cat rc):$(cat err)" "111:condredirect: fatal: unable to rewind the message: Illegal seek" \
    "a message that cannot be rewound: 111"
cr
is "$status:$stderr" "100:condredirect: fatal: usage: condredirect newaddress program [arg ...]" \
    "no arguments: usage"
cr boss@example.com
is "$status" 100 "no program: usage"
rm -f qq.env
run_in msg env -u SENDER condredirect boss@example.com true
is "$status:$stderr" "100:condredirect: fatal: SENDER is not set; run me from a .qmail file" \
    "SENDER missing: 100"
ok "$([ ! -e qq.env ]; echo $?)" "nothing sent"
run_in msg env -u DTLINE condredirect boss@example.com true
is "$status:$stderr" "100:condredirect: fatal: DTLINE is not set; run me from a .qmail file" \
    "DTLINE missing: 100"
SENDER= cr boss@example.com true
is "$(cat qq.env)" "F|Tboss@example.com||" "a bounce keeps its empty sender"
