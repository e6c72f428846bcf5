#!/bin/sh
# POP3 for virtual users through the installed chain under svscan:
# service/qmail-pop3d with vchkpw in checkpassword's place, as vpopmail
# sites run it: tcpserver -> qmail-popup -> vchkpw -> qmail-pop3d on the
# virtual user's Maildir, driven by python3 poplib.
. "${0%/*}/vpoplib.sh"
plan 13
vpop_setup
P=$(free_port)
echo 127.0.0.1 > "$Q/control/pop3ip"
echo "$P" > "$Q/control/pop3port"
case ${QUAIL_CFLAGS-} in
*sanitize=address*) echo = > "$Q/control/pop3softlimit" ;;
esac
"$Q/bin/vadddomain" virt.test || echo "# vadddomain failed"
PW='pass word$1'
"$Q/bin/vadduser" joe@virt.test "$PW" || echo "# vadduser failed"
"$Q/bin/vadduser" ann@virt.test other || echo "# vadduser failed"
MD=$D/virt.test/joe/Maildir
put() { # NAME < message, as a delivery leaves it
    cat > "$MD/tmp/$1" && chown "$VU:$VU" "$MD/tmp/$1" &&
        chmod 600 "$MD/tmp/$1" && mv "$MD/tmp/$1" "$MD/new/$1"
}
printf 'Subject: one\n\nfirst\n.dot line\n' | put 1000.M1P1Q1.quail.test
printf 'Subject: two\n\nsecond\n' | put 1001.M1P1Q2.quail.test

# the installed service, told by control/pop3checkpassword to use vchkpw
mkdir -p "$TMP/sv"
echo "$Q/bin/vchkpw" > "$Q/control/pop3checkpassword"
ln -s "$Q/service/qmail-pop3d" "$TMP/sv/pop3"
grep -q 'c pop3checkpassword' "$Q/service/qmail-pop3d/run"
ok $? "the service takes its checkpassword program from control/pop3checkpassword"
svscan_start "$TMP/sv"
wait_up "$TMP/sv/pop3" 10 && wait_until 10 \
    "python3 -c \"import socket; socket.create_connection(('127.0.0.1', $P), 1)\" 2>/dev/null"
ok $? "tcpserver listens"

cat > session.py <<'PY'
import os, poplib, sys
P, U, PW = int(os.environ["P"]), sys.argv[1], sys.argv[2]
def out(k, v):
    print(k + "=" + (v.decode() if isinstance(v, bytes) else str(v)))
p = poplib.POP3("127.0.0.1", P, timeout=20)
p.user(U)
try:
    p.pass_(PW)
except poplib.error_proto as e:
    out("pass", e.args[0])
    sys.exit(0)
out("stat", p.stat())
out("uidl", " ".join(l.decode() for l in p.uidl()[1]))
out("retr", "|".join(l.decode() for l in p.retr(1)[1]))
out("dele", p.dele(1))
out("quit", p.quit())
PY
export P
get() { printf '%s\n' "$stdout" | sed -n "s/^$1=//p"; }

run python3 session.py joe@virt.test "$PW"
is "$status:$stderr" "0:" "poplib session as joe@virt.test"
like "$(get stat)" '^\(2, [0-9]+\)$' "STAT: the virtual user's two messages"
is "$(get uidl)" "1 1000.M1P1Q1.quail.test 2 1001.M1P1Q2.quail.test" "UIDL"
is "$(get retr)" "Subject: one||first|.dot line" "RETR, byte-stuffing undone"
is "$(get quit)" "+OK " "DELE and QUIT"
is "$(ls "$MD/new" "$MD/cur" | grep -c Q1)" 0 "message 1 deleted at QUIT"
like "$(ls "$MD/cur")" '^1001\.M1P1Q2\.quail\.test:2,' "message 2 moved to cur/"

run python3 session.py 'JOE%virt.test' "$PW"
like "$(get stat)" '^\(1, [0-9]+\)$' "user%domain in any case logs in"
run python3 session.py joe@virt.test other
is "$(get pass)" "-ERR authorization failed" "joe with ann's password: refused"
run python3 session.py nobody@virt.test "$PW"
is "$(get pass)" "-ERR authorization failed" "an unknown user: refused alike"
log=$Q/service/qmail-pop3d/log/main/current
wait_until 10 "grep -q 'no such user' '$log' 2>/dev/null"
like "$(cat "$log" 2>/dev/null)" \
    'vchkpw: warning: login failed for nobody@virt.test: no such user' \
    "the reason is in the service's log"
