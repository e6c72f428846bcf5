#!/bin/sh
# qmail-clean: removes intd/todo or intd/todo/mess files on request, replies
# one byte each, refuses malformed requests, sweeps stale pid/ files.
. "${0%/*}/ilib.sh"
need_root
plan 15
quail_install
QD=$Q/queue
as_qmailq() { setpriv --reuid=qmailq --regid="$(id -g qmailq)" \
    --clear-groups "$@"; }
mk() { : > "$QD/$1"; chown qmailq "$QD/$1"; }

mk intd/100; mk todo/100; mk mess/8/100      # 100 % 23 = 8
mk intd/101; mk mess/9/101
mk intd/103; mk todo/103; mk mess/11/103    # done before it was committed
mk pid/old; touch -d '3 days ago' "$QD/pid/old"; mk pid/new
printf 't100\0m101\0m102\0m103\0' > req
run_in req as_qmailq "$Q/bin/qmail-clean"
is "$status" 0 "exits 0 at the end of its input"
is "$stdout" "++++" "one + per request"
[ ! -e "$QD/todo/100" ] && [ ! -e "$QD/intd/100" ]
ok $? "t removes todo/ID and intd/ID"
[ -e "$QD/mess/8/100" ]; ok $? "t leaves mess/ alone"
[ ! -e "$QD/mess/9/101" ] && [ ! -e "$QD/intd/101" ]
ok $? "m removes mess/S/ID and intd/ID"
[ ! -e "$QD/mess/11/103" ] && [ ! -e "$QD/todo/103" ] && [ ! -e "$QD/intd/103" ]
ok $? "m also removes a todo/ID still there"
[ ! -e "$QD/pid/old" ]; ok $? "a pid/ file 3 days old is swept"
[ -e "$QD/pid/new" ]; ok $? "a fresh pid/ file stays"

long=$(head -c 200 /dev/zero | tr '\0' 1)
printf 'x100\0t\0t012\0tabc\0t%s\0m100\0' "$long" > req
run_in req as_qmailq "$Q/bin/qmail-clean"
is "$stdout" "xxxxx+" "malformed requests get x, and the stream stays in step"
[ ! -e "$QD/mess/8/100" ]; ok $? "the request after them still works"

# A file it may not remove: '!'.
mkdir "$QD/todo/555"; : > "$QD/todo/555/x"
printf 't555\0' > req
run_in req as_qmailq "$Q/bin/qmail-clean"
is "$stdout" "!" "a file that cannot be removed gets !"
is "$status" 0 "and it goes on"
rm -rf "$QD/todo/555"

# Partial last request: no reply, clean exit.
printf 't1' > req
run_in req as_qmailq "$Q/bin/qmail-clean"
is "$stdout$status" "0" "a request cut short gets no reply"

# No queue: fatal, 111.
mv "$QD" "$QD.away"
run as_qmailq "$Q/bin/qmail-clean"
is "$status" 111 "no queue directory: exit 111"
like "$stderr" "^qmail-clean: fatal: unable to switch to .*/queue: " \
    "and says why"
mv "$QD.away" "$QD"
