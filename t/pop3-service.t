#!/bin/sh
# The installed POP3 service end to end: svscan -> supervise
# service/qmail-pop3d -> tcpserver with control/tcp.pop3.cdb ->
# qmail-popup -> checkpassword -> qmail-pop3d, for a real system user,
# driven by python3 poplib and a raw socket client: every command, wrong
# passwords, APOP, pipelining, two sessions on one Maildir, the rules,
# the log and the timeout.
. "${0%/*}/pop3lib.sh"
plan 34
pop3_start
ok $? "service/qmail-pop3d is up and listening on control/pop3ip:pop3port"
export P U PW

printf 'Subject: one\nFrom: a@example.org\n\nfirst\n.starts with a dot\n..two\n.\nlast\n' |
    deliver 1000.M1P1Q1.quail.test
printf 'Subject: two\n\nbody\n' | deliver 1001.M1P1Q2.quail.test
s1=$(wc -c < "$MD/new/1000.M1P1Q1.quail.test")
s2=$(wc -c < "$MD/new/1001.M1P1Q2.quail.test")

cat > session.py <<'PY'
import os, poplib
P, U, PW = int(os.environ["P"]), os.environ["U"], os.environ["PW"]
def out(k, v):
    print(k + "=" + (v.decode() if isinstance(v, bytes) else str(v)))
p = poplib.POP3("127.0.0.1", P, timeout=20)
out("welcome", p.getwelcome())
out("capa0", " ".join(sorted(p.capa())))
out("user", p.user(U))
out("pass", p.pass_(PW))
out("capa1", " ".join(sorted(p.capa())))
out("stat", p.stat())
out("list", [l.decode() for l in p.list()[1]])
out("list2", p.list(2))
out("uidl", [l.decode() for l in p.uidl()[1]])
out("uidl1", p.uidl(1))
r = p.retr(1)
out("retr", r[0])
out("retr1", "|".join(l.decode() for l in r[1]))
out("top", "|".join(l.decode() for l in p.top(1, 1)[1]))
out("dele", p.dele(1))
out("stat2", p.stat())
try:
    p.retr(1)
except poplib.error_proto as e:
    out("retrdel", e)
out("rset", p.rset())
out("stat3", p.stat())
out("noop", p.noop())
out("dele2", p.dele(2))
out("quit", p.quit())
PY
run python3 session.py
get() { printf '%s\n' "$stdout" | sed -n "s/^$1=//p"; }
is "$status:$stderr" "0:" "poplib session as the user"
like "$(get welcome)" '^\+OK <[0-9]+\.[0-9]+@quail\.test>$' \
    "greeting with the APOP timestamp, host from control/me"
is "$(get capa0)" "PIPELINING TOP UIDL USER" "CAPA before login"
is "$(get user):$(get pass)" "+OK :+OK " "USER and PASS: +OK"
is "$(get capa1)" "PIPELINING TOP UIDL" "CAPA after login"
is "$(get stat)" "(2, $((s1 + s2)))" "STAT"
is "$(get list)" "['1 $s1', '2 $s2']" "LIST"
is "$(get list2)" "+OK 2 $s2" "LIST 2"
is "$(get uidl)" "['1 1000.M1P1Q1.quail.test', '2 1001.M1P1Q2.quail.test']" \
    "UIDL: the Maildir unique names"
is "$(get uidl1)" "+OK 1 1000.M1P1Q1.quail.test" "UIDL 1"
is "$(get retr1)" "Subject: one|From: a@example.org||first|.starts with a dot|..two|.|last" \
    "RETR: lines starting with a dot come back as they were"
is "$(get top)" "Subject: one|From: a@example.org||first" "TOP 1 1"
is "$(get dele):$(get stat2)" "+OK :(1, $s2)" "DELE, then STAT without it"
is "$(get retrdel)" "b'-ERR message deleted'" "RETR of a deleted message"
is "$(get rset):$(get stat3)" "+OK :(2, $((s1 + s2)))" "RSET brings it back"
is "$(get noop):$(get dele2):$(get quit)" "+OK :+OK :+OK " "NOOP, DELE 2, QUIT"
is "$(ls "$MD/new" | wc -l):$(ls "$MD/cur")" "0:1000.M1P1Q1.quail.test:2," \
    "after QUIT: message 2 removed, message 1 moved to cur/"

cat > bad.py <<'PY'
import os, poplib, sys, time
P, U = int(os.environ["P"]), os.environ["U"]
user, password, how = sys.argv[1], sys.argv[2], sys.argv[3]
p = poplib.POP3("127.0.0.1", P, timeout=20)
t = time.monotonic()
try:
    if how == "apop":
        p.apop(user, password)
    else:
        p.user(user)
        p.pass_(password)
    print("logged in")
except poplib.error_proto as e:
    print(e.args[0].decode(), round(time.monotonic() - t))
try:
    print("then", p.noop().decode())
except (poplib.error_proto, EOFError, OSError) as e:
    print("then", e)
if how == "apop":  # the fall-back some clients make
    p.user(user)
    print("fall back", p.pass_(os.environ["PW"]).decode(), p.stat())
PY
# Four failed logins at once (each takes 2 s).
python3 bad.py "$U" wrong pass > bad1 2>&1 &
b1=$!
python3 bad.py "nosuch$$" wrong pass > bad2 2>&1 &
b2=$!
python3 bad.py "$U" "$PW" apop > bad3 2>&1 &
b3=$!
python3 bad.py root guess pass > bad4 2>&1 &
b4=$!
wait $b1 $b2 $b3 $b4
want="-ERR authorization failed 2
then +OK "
is "$(cat bad1)" "$want" \
    "wrong password: -ERR authorization failed after 2 s, the client may go on"
is "$(cat bad2)" "$want" "unknown user: the very same"
is "$(cat bad3)" "$want
fall back +OK  (1, $s1)" \
    "APOP: refused by the system checkpassword; USER and PASS after it work"
is "$(cat bad4)" "$want" "root: refused"

# Pipelining through the whole chain: one write, every answer in order.
cat > raw.py <<'PY'
import os, socket, sys
P = int(os.environ["P"])
s = socket.create_connection(("127.0.0.1", P), timeout=20)
s.sendall(sys.argv[1].encode().replace(b"\n", b"\r\n"))
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
sys.stdout.write(data.decode().replace("\r\n", "\n"))
PY
run python3 raw.py "CAPA
USER $U
PASS $PW
STAT
UIDL
RETR 1
QUIT
"
like "$(printf '%s' "$stdout" | tr '\n' '#')" \
    "^\\+OK <[^>]*>#\\+OK capability list follows#TOP#UIDL#USER#PIPELINING#\\.#\\+OK #\\+OK #\\+OK 1 $s1#\\+OK #1 1000\\.M1P1Q1\\.quail\\.test#\\.#\\+OK #Subject: one#.*#\\.\\.starts with a dot#\\.\\.\\.two#\\.\\.#last#\\.#\\+OK \$" \
    "pipelined login and commands in one write: every answer, in order, byte-stuffed"

# Two sessions on one Maildir at once.
printf 'Subject: three\n\nthree\n' | deliver 1002.M1P1Q3.quail.test
cat > two.py <<'PY'
import os, poplib
P, U, PW = int(os.environ["P"]), os.environ["U"], os.environ["PW"]
def login():
    p = poplib.POP3("127.0.0.1", P, timeout=20)
    p.user(U)
    p.pass_(PW)
    return p
a, b = login(), login()
print("stat", a.stat()[0], b.stat()[0])
a.dele(1)
print("a quit", a.quit().decode())
try:
    b.retr(1)
except poplib.error_proto as e:
    print("b retr 1", e.args[0].decode())
print("b retr 2", b.retr(2)[1][-1].decode())
print("b uidl 2", b.uidl(2).decode())
b.dele(1)
print("b quit", b.quit().decode())
PY
run python3 two.py
is "$stdout" "stat 2 2
a quit +OK 
b retr 1 -ERR unable to open that message
b retr 2 three
b uidl 2 +OK 2 1002.M1P1Q3.quail.test
b quit +OK " "two sessions: one removes a message, the other sees it gone and finds the one moved to cur/"
is "$(ls "$MD/new" "$MD/cur" | tr '\n' ' ')" \
    "$MD/cur: 1002.M1P1Q3.quail.test:2,  $MD/new: " \
    "  one message left, in cur/"

# A user without a Maildir: logged in, then told.
rm -r "$MD"
run python3 bad.py "$U" "$PW" pass
is "$stdout" "-ERR this user has no \$HOME/Maildir 0
then b'-ERR authorization failed'" \
    "no Maildir: -ERR this user has no \$HOME/Maildir, and the end"
setuidgid "$U" "$Q/bin/maildirmake" "$MD"

L=$Q/service/qmail-pop3d/log/main/current
wait_until 10 "grep -q 'login failed from 127.0.0.1: bad password' '$L'"
ok $? "failed logins are logged with the client's address"
unlike "$(cat "$L")" "$PW" "  the password never is"
like "$(cat "$L")" 'qmail-pop3d: fatal: unable to enter the Maildir' \
    "  qmail-pop3d's errors go to the log"
like "$(stat -c %U "$L")" '^qmaill$' "  written by multilog as qmaill"

# tcp.pop3.cdb: a denied address gets no greeting.
{ echo '127.0.0.2:deny'; cat "$C/tcp.pop3"; } > "$C/tcp.pop3.new"
mv "$C/tcp.pop3.new" "$C/tcp.pop3"
tcprules "$C/tcp.pop3.cdb" "$C/tcp.pop3.tmp" < "$C/tcp.pop3"
cat > deny.py <<'PY'
import os, socket
s = socket.socket()
s.settimeout(10)
s.bind((os.environ["FROM"], 0))
s.connect(("127.0.0.1", int(os.environ["P"])))
print(repr(s.recv(100)))
PY
FROM=127.0.0.2 run python3 deny.py
is "$stdout" "b''" "127.0.0.2 denied in tcp.pop3: closed at once"
FROM=127.0.0.1 run python3 deny.py
like "$stdout" "^b'\\+OK <" "127.0.0.1 still greeted"

# control/timeoutpop3d: idle clients are dropped, before and after login.
echo 1 > "$C/timeoutpop3d"
cat > idle.py <<'PY'
import os, socket, sys, time
s = socket.create_connection(("127.0.0.1", int(os.environ["P"])), timeout=20)
f = s.makefile("rb")
f.readline()
if sys.argv[1] == "login":
    s.sendall(b"USER %s\r\nPASS %s\r\n" % (os.environ["U"].encode(),
                                            os.environ["PW"].encode()))
    f.readline(); f.readline()
t = time.monotonic()
print(f.read() == b"", round(time.monotonic() - t))
PY
run python3 idle.py greet
is "$stdout" "True 1" "qmail-popup drops an idle client after control/timeoutpop3d"
run python3 idle.py login
is "$stdout" "True 1" "qmail-pop3d too"
