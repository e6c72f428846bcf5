#!/bin/sh
# qmail-lspawn: the spawn protocol of notes/interfaces.md, users/cdb then
# qmail-getpw, qmail-local run as the user (never root) in the home with
# the message on fd 0, exit codes mapped to K/D/Z, output bounded,
# deliveries in parallel, exit 0 at the end of input.
. "${0%/*}/ilib.sh"
need_root
plan 50
quail_install

u=qt$$l
add_user "$u"
uid=$(id -u "$u") gid=$(id -g "$u")
QL=$Q/bin/qmail-lspawn

# A stand-in for qmail-local: shows what it was given and obeys its
# extension (exitN, crash, chatty, parallel).
cat >"$Q/bin/qmail-local" <<'EOF'
#!/bin/sh
shift
printf 'uid=%s gid=%s groups=%s cwd=%s msg=%s args=' "$(id -u)" "$(id -g)" \
    "$(id -G)" "$(pwd)" "$(head -n 1)"
printf '%s|' "$@"
case $5 in
exit*) exit "${5#exit}" ;;
crash) kill -9 $$ ;;
sleep) sleep 0.3 ;;
bg) sleep 10 & echo $! >bg.pid ;; # holds the output pipe open
chatty) head -c 10000 /dev/zero | tr '\0' x; exit 0 ;;
parallel*) : >"mark.$5"
    n=0; until [ -e mark.parallel1 ] && [ -e mark.parallel2 ] &&
        [ -e mark.parallel3 ]; do
        n=$((n + 1)); [ $n -lt 200 ] || exit 111; sleep 0.05; done ;;
esac
exit 0
EOF
chmod 755 "$Q/bin/qmail-local"

# req.py: requests from arguments, four per delivery (slot id sender rcpt).
cat >req.py <<'EOF'
import sys
a = sys.argv[1:]
out = b''
for i in range(0, len(a), 4):
    slot = int(a[i])
    out += bytes([slot & 255, slot >> 8]) + b''.join(
        x.encode() + b'\0' for x in a[i + 1:i + 4])
sys.stdout.buffer.write(out)
EOF
# rep.py: reports as "slot result text", newlines in text shown as '/',
# sorted by slot; a trailing partial report is shown as "PARTIAL".
cat >rep.py <<'EOF'
import sys
b = sys.stdin.buffer.read()
reps = []
while b:
    end = b.find(b'\0', 3)
    if len(b) < 3 or end < 0:
        reps.append((99999, 'PARTIAL')); break
    slot = b[0] | b[1] << 8
    text = b[3:end].decode('latin-1').replace('\n', '/')
    reps.append((slot, '%d %s %s' % (slot, chr(b[2]), text)))
    b = b[end + 1:]
for r in sorted(reps):
    print(r[1])
EOF

# A message in the queue: id 100 is mess/(100 % split)/100.
split=$(head -n 1 "$TOP/conf/split")
printf 'Subject: hello\n\nbody\n' >"$Q/queue/mess/$((100 % split))/100"

# spawn REQUEST...: run qmail-lspawn on those requests; $status,
# $stderr, and $reports (one line per report).
spawn() {
    python3 req.py "$@" >req
    "$QL" ./Maildir/ <req >rep 2>err
    status=$?
    stderr=$(cat err)
    reports=$(python3 rep.py <rep)
}
args() { # user home local dash ext domain sender default
    printf '%s|' "$@"
}
home=$TMP/home/$u
me="uid=$uid gid=$gid groups=$gid cwd=$TMP/home/$u msg=Subject: hello"
A=$(head -n 1 "$TOP/conf/user-alias")
ali="uid=$(id -u "$A") gid=$(id -g "$A") groups=$(id -g "$A")"
ali="$ali cwd=$Q/alias msg=Subject: hello"

spawn 0 100 s@example.org "$u@quail.test"
is "$status" 0 "exit 0 at the end of input"
is "$stderr" "" "nothing on stderr"
is "$reports" "0 K $me args=$(args "$u" "$TMP/home/$u" "$u" "" "" \
    quail.test s@example.org ./Maildir/)" \
    "a user: qmail-local as the user, in the home, message on fd 0"

spawn 7 100 "" "$u-Foo-Bar@Quail.Test"
is "$reports" "7 K $me args=$(args "$u" "$TMP/home/$u" "$u-Foo-Bar" - \
    Foo-Bar Quail.Test "" ./Maildir/)" \
    "extension and domain passed in their case; empty sender"

spawn 1 100 s "$u-exit100@quail.test"
like "$reports" "^1 D uid=$uid " "exit 100 is a permanent failure (D)"
spawn 1 100 s "$u-exit111@quail.test"
like "$reports" "^1 Z uid=$uid " "exit 111 is a deferral (Z)"
spawn 1 100 s "$u-exit0@quail.test"
like "$reports" "^1 K " "exit 0 is success (K)"
spawn 1 100 s "$u-exit7@quail.test"
like "$reports" "^1 Z uid=.*\|/qmail-local exited with status 7\. \(#4\.3\.0\)$" \
    "any other exit code is a deferral, and says so"
spawn 1 100 s "$u-crash@quail.test"
like "$reports" "^1 Z uid=.*qmail-local was killed by signal 9\. \(#4\.3\.0\)$" \
    "a crash is a deferral"

spawn 2 100 s "nosuch$$@quail.test"
is "$reports" "2 K $ali args=$(args "$A" "$Q/alias" "nosuch$$" - \
    "nosuch$$" quail.test s ./Maildir/)" "an unknown name goes to alias"
spawn 2 100 s "root@localhost"
like "$reports" "^2 K $ali args=$A\|$Q/alias\|root\|-\|root\|localhost\|" \
    "root's mail goes to alias, never to uid 0"
spawn 2 100 s "a@b@quail.test"
like "$reports" "^2 K $ali args=$A\|$Q/alias\|a@b\|-\|a@b\|quail.test\|" \
    "the local part ends at the last @"
spawn 2 100 s "nodomain"
like "$reports" "^2 K $ali args=$A\|$Q/alias\|nodomain\|-\|nodomain\|\|s\|" \
    "no @: all local part, empty domain"

spawn 3 100 s "$u-chatty@quail.test"
is "$(printf '%s' "$reports" | wc -c)" $((4096 + 4)) \
    "output is cut to the first 4096 bytes"
like "$reports" "^3 K uid=$uid .*xxxx$" "the beginning of it"

t0=$(date +%s)
spawn 3 100 s "$u-bg@quail.test"
is "$reports" "3 K $me args=$(args "$u" "$home" "$u-bg" - bg quail.test s \
    ./Maildir/)" "a background process left holding the pipe"
ok "$([ $(( $(date +%s) - t0 )) -lt 5 ]; echo $?)" \
    "does not delay the report: it is made when qmail-local exits"
kill "$(cat "$home/bg.pid")"

# Three deliveries at once: each waits until all three have started.
spawn 1 100 s "$u-parallel1@q" 2 100 s "$u-parallel2@q" 3 100 s "$u-parallel3@q"
is "$(echo "$reports" | cut -c1-3)" "1 K
2 K
3 K" "deliveries run in parallel, each reported on its slot"
rm -f "$TMP/home/$u"/mark.*

# Faults the spawner reports itself.
spawn 4 101 s "$u@quail.test"
like "$reports" '^4 Z Unable to open message file: No such file or directory\. \(#4\.3\.0\)$' \
    "a missing message file is a deferral"
spawn 5 1x s "$u@quail.test"
is "$reports" "5 Z Internal error: bad message id. (#4.3.0)" "a bad message id"
spawn 65535 100 s "$u@quail.test"
is "$reports" "65535 Z Internal error: delivery slot out of range. (#4.3.0)" \
    "a slot beyond the spawn limit"
spawn 6 100 s "$u-sleep@q" 6 100 s "$u@quail.test"
is "$(echo "$reports" | cut -c1-3 | sort | tr '\n' ' ')" "6 K 6 Z " \
    "a busy slot: the running delivery goes on, the new one is deferred"
like "$reports" "6 Z Internal error: delivery slot is busy\. \(#4\.3\.0\)" \
    "and says so"
python3 -c 'import sys; sys.stdout.buffer.write(b"\x01\x00100\0s\0" + b"x" * 70000 + b"\0\x02\x00100\0s\0'"$u"'@q\0")' >req
"$QL" ./Maildir/ <req >rep 2>err
status=$?
reports=$(python3 rep.py <rep)
is "$(echo "$reports" | cut -c1-3 | tr '\n' ' ')" "1 Z 2 K " \
    "an overlong recipient is deferred, the next one delivered"
like "$reports" "^1 Z Delivery request too long\. \(#4\.3\.0\)$" \
    "  saying why"
printf '\001\000100\000s\000' >req
"$QL" ./Maildir/ <req >rep 2>err
status=$?
is "$status" 0 "input ending inside a request: exit 0"
like "$(cat err)" "^qmail-lspawn: warning: request cut short" "with a warning"
is "$(wc -c <rep)" 0 "and no report"

# users/cdb: exact and wildcard entries, checked before the passwd file.
home=$TMP/home/$u
cat >"$Q/users/assign" <<EOF
=boss:$u:$uid:$gid:$home:-:boss:
+Sales-:$u:$uid:$gid:$home:-:s-:
+sales-x:$u:$uid:$gid:$home:-:x:
=$u:$u:$uid:$gid:$home:-:direct:
=rooty:root:0:0:/root:::
=gone:$u:$uid:$gid:$TMP/nohome:::
=hd:$u:$uid:$gid:$home/../$u:::
.
EOF
run "$Q/bin/qmail-newu"
is "$status" 0 "users/assign compiled"
spawn 1 100 s "BOSS@quail.test"
is "$reports" "1 K $me args=$(args "$u" "$home" BOSS - boss quail.test s \
    ./Maildir/)" "users/cdb exact entry, case-insensitive"
spawn 1 100 s "sales-East@quail.test"
like "$reports" "^1 K uid=$uid .*args=$u\|$home\|sales-East\|-\|s-East\|" \
    "wildcard entry: pre + the rest, rest in its case"
spawn 1 100 s "sales-xyz@quail.test"
like "$reports" "^1 K uid=$uid .*args=$u\|$home\|sales-xyz\|-\|xyz\|" \
    "the longest prefix wins"
spawn 1 100 s "$u@quail.test"
like "$reports" "^1 K uid=$uid .*args=$u\|$home\|$u\|-\|direct\|" \
    "users/cdb wins over the password database"
spawn 1 100 s "$u-x@quail.test"
like "$reports" "^1 K uid=$uid .*args=$u\|$home\|$u-x\|-\|x\|" \
    "not assigned: qmail-getpw"
spawn 1 100 s "rooty@quail.test"
is "$reports" "1 Z Not allowed to deliver mail as uid 0 (user root). (#4.3.0)" \
    "an assignment to uid 0 is refused"
spawn 1 100 s "gone@quail.test"
is "$reports" "1 Z Unable to switch to home directory $TMP/nohome: No such file or directory. (#4.3.0)" \
    "a missing home directory is a deferral"
spawn 1 100 s "hd@quail.test"
like "$reports" "^1 K uid=$uid .*cwd=$home " "the home is entered as given"
echo junk >"$Q/users/cdb"
spawn 1 100 s "boss@quail.test"
like "$reports" "^1 Z Trouble reading users/cdb: " "a corrupt users/cdb: deferral"
rm -f "$Q/users/cdb"
spawn 1 100 s "boss@quail.test"
like "$reports" "^1 K $ali " "no users/cdb: qmail-getpw for everything"

# The password database is read, by qmail-getpw(8)'s rules, in a child
# that has become qmailp:nofiles: a home directory only root can reach
# is a lookup failure, a deferral saying why; one group nofiles may
# reach is found (and then qmail-local, as the user, cannot enter it).
nofiles_name=$(head -n 1 "$TOP/conf/group-nofiles")
v=ql$$v
add_user "$v"
mkdir -m 700 "$TMP/locked"
mv "$TMP/home/$v" "$TMP/locked/$v"
n=0
until usermod -d "$TMP/locked/$v" "$v" 2>/dev/null; do
    n=$((n + 1)); [ $n -lt 50 ] || break; sleep 0.1
done
spawn 1 100 s "$v@quail.test"
is "$reports" "1 Z Unable to look up the user for $v: unable to stat $TMP/locked/$v: Permission denied. (#4.3.0)" \
    "the lookup does not run as root: a failure is a deferral saying why"
chgrp "$nofiles_name" "$TMP/locked"
chmod 710 "$TMP/locked"
spawn 1 100 s "$v@quail.test"
is "$reports" "1 Z Unable to switch to home directory $TMP/locked/$v: Permission denied. (#4.3.0)" \
    "it runs as group nofiles; the delivery runs as the user"

# Those lookups are asked of one long-lived helper, running as qmailp:
# a delivery costs one fork (strace counts the helper's and the
# delivery's); with the helper gone, a delivery asks in a child of its
# own.
qmailp=$(head -n 1 "$TOP/conf/user-qmailp")
if command -v strace >/dev/null 2>&1; then
    python3 req.py 1 100 s "$u-x@quail.test" >req
    strace -f -e trace=clone,clone3,fork,vfork,execve -o forks \
        "$QL" ./Maildir/ <req >rep 2>err
    # forks by qmail-lspawn, and by its children before they exec (the
    # stand-in qmail-local forks too: not counted)
    n=$(awk 'NR == 1 { root = $1 }
        / execve\(/ && $1 != root { ex[$1] = 1 }
        /(clone|clone3|fork|vfork)\(/ && ($1 == root || (kid[$1] && !ex[$1])) {
            n++; if ($1 == root) kid[$NF] = 1 }
        END { print n + 0 }' forks)
    is "$n" 2 "one fork for the helper, one for the delivery"
    like "$(python3 rep.py <rep)" "^1 K uid=$uid " "  which is made"
else
    ok 0 "# SKIP no strace"; ok 0 "# SKIP no strace"
fi
rm -f reqfifo && mkfifo reqfifo
"$QL" ./Maildir/ <reqfifo >rep 2>err &
lp=$!
exec 7>reqfifo
wait_until 10 "pgrep -P $lp -u $qmailp >/dev/null"
hp=$(pgrep -P "$lp" -u "$qmailp")
ok $? "the helper runs as $qmailp"
kill -9 $hp
python3 req.py 1 100 s "$u-x@quail.test" >&7
exec 7>&-
wait $lp
like "$(python3 rep.py <rep)" "^1 K uid=$uid .*args=$u\|$home\|$u-x\|-\|x\|" \
    "the helper gone: the delivery looks up by itself"

rm "$Q/bin/qmail-local"
spawn 1 100 s "$u@quail.test"
is "$reports" "1 Z Unable to run qmail-local: No such file or directory. (#4.3.0)" \
    "qmail-local missing: deferral"

run "$QL"
is "$status" 100 "no argument: usage error"
like "$stderr" '^qmail-lspawn: fatal: usage: qmail-lspawn defaultdelivery$' \
    "with a usage message"

# Requests arriving slowly, over a pipe, with qmail-send still reading.
{ python3 req.py 9 100 s "$u-x@q"; sleep 0.3; python3 req.py 8 100 s "$u-y@q"
} | "$QL" ./Maildir/ >rep 2>err
status=$?
reports=$(python3 rep.py <rep)
is "$status" 0 "requests over a pipe, split in time"
is "$(echo "$reports" | cut -c1-3)" "8 Z
9 Z" "both reported (qmail-local is gone: deferred)"
