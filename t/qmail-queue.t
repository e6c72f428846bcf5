#!/bin/sh
# qmail-queue: queues a message and envelope durably in qmail's layout,
# with qmail's Received line and exit codes, poking lock/trigger; on any
# failure leaves nothing behind.
. "${0%/*}/ilib.sh"
need_root
plan 90
quail_install
QQ=$Q/bin/qmail-queue
QD=$Q/queue

# Every file under the queue's message directories, one per line.
qfiles() { (cd "$QD" && find pid intd todo mess -type f | sort); }
clear_queue() { (cd "$QD" && find pid intd todo mess -type f -delete); }
# The id of the only message in todo/.
qid() { ls "$QD/todo"; }
mess() { echo "$QD/mess/$(($1 % 23))/$1"; }
as() { _u=$1; shift; setpriv --reuid="$_u" --regid="$(id -g "$_u")" \
    --clear-groups "$@"; }

printf 'Subject: test\n\nbody\n' > msg
printf 'Fsender@example.org\0Tone@quail.test\0Ttwo@example.com\0\0' > env

# --- success -----------------------------------------------------------
run sh -c "'$QQ' <msg 1<env"
is "$status" 0 "a message is queued"
is "$stderr" "" "quietly"
id=$(qid)
like "$id" '^[0-9]+$' "todo/ holds one message, named by number"
is "$(stat -c %i "$(mess "$id")")" "$id" "the id is the inode of mess/S/ID"
ino=$(stat -c %i "$QD/todo/$id")
is "$(stat -c %i "$QD/intd/$id")" "$ino" "intd/ID and todo/ID are one file"
is "$(stat -c '%a %U' "$(mess "$id")" "$QD/todo/$id")" "644 qmailq
644 qmailq" "files are qmailq's, mode 644, whoever queues"
is "$(ls "$QD/pid")" "" "the pid file is gone"
head -n 1 "$(mess "$id")" > recv
like "$(cat recv)" \
'^Received: \(qmail [0-9]+ invoked by uid 0\); [0-9]{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} -0000$' \
    "Received line in qmail's form"
is "$(date -u -d "$(sed 's/.*); //' recv)" +%s 2>/dev/null | \
    awk -v now="$(date +%s)" '{ d = now - $1; print (d >= 0 && d < 60) }')" \
    1 "Received date is now, in UTC"
is "$(tail -n +2 "$(mess "$id")")" "$(cat msg)" "message follows unchanged"
is "$(tr '\0' '|' < "$QD/todo/$id")" \
    "u0|p$(sed 's/^Received: (qmail \([0-9]*\) .*/\1/' recv)|Fsender@example.org|Tone@quail.test|Ttwo@example.com|" \
    "todo/ID: u uid, p pid, F, T... each NUL-ended, final NUL dropped"
clear_queue

# --- the trigger -------------------------------------------------------
run python3 -c '
import os, subprocess, sys
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
rc = subprocess.call([sys.argv[2]], stdin=open("msg"), stdout=open("env"))
try:
    got = os.read(fd, 16)
except BlockingIOError:
    got = b"nothing"
print(rc, len(got))' "$QD/lock/trigger" "$QQ"
is "$stdout" "0 1" "lock/trigger gets one byte per message"
clear_queue
run sh -c "'$QQ' <msg 1<env"
is "$status" 0 "queues with nobody reading the trigger"
clear_queue

# --- who queued it -----------------------------------------------------
for spec in "nobody:by uid $(id -u nobody)" "qmaild:from network" \
    "alias:by alias" "qmails:for bounce"; do
    u=${spec%%:*} what=${spec#*:}
    run as "$u" sh -c "'$QQ' <msg 1<env"
    is "$status" 0 "$u can queue (setuid qmailq)"
    id=$(qid)
    like "$(head -n 1 "$(mess "$id")")" \
        "^Received: \\(qmail [0-9]+ invoked $what\\); " "$u: invoked $what"
    like "$(tr '\0' '|' < "$QD/todo/$id")" "^u$(id -u "$u")\\|p" \
        "$u: envelope records the real uid"
    is "$(stat -c %U "$(mess "$id")")" qmailq "$u: file owned by qmailq"
    clear_queue
done

# --- message sizes -----------------------------------------------------
: > empty
run sh -c "'$QQ' <empty 1<env"
is "$status" 0 "an empty message is queued"
id=$(qid)
is "$(wc -l < "$(mess "$id")") $(head -c 9 "$(mess "$id")")" "1 Received:" \
    "an empty message is just the Received line"
clear_queue
head -c 10485760 /dev/urandom > big
run sh -c "'$QQ' <big 1<env"
is "$status" 0 "a 10 MB message is queued"
id=$(qid)
tail -n +2 "$(mess "$id")" > big.out 2>/dev/null
# The Received line ends at the first newline; the rest must be the file.
rlen=$(head -n 1 "$(mess "$id")" | wc -c)
tail -c +$((rlen + 1)) "$(mess "$id")" | cmp -s - big
ok $? "10 MB message stored byte for byte"
clear_queue

# --- envelope errors: code, message, and nothing left -------------------
try_env() { # want-status want-stderr name; envelope in file e
    run sh -c "'$QQ' <msg 1<e"
    is "$status" "$1" "$3: exit $1"
    like "$stderr" "^qmail-queue: fatal: $2" "$3: says why"
    is "$(qfiles)" "" "$3: nothing left in the queue"
}
printf 'Tone@quail.test\0\0' > e
try_env 91 "envelope does not start with F" "missing F"
printf 'Fa@b\0Xone@quail.test\0\0' > e
try_env 91 "envelope recipient does not start with T" "garbage byte"
printf 'Fa@b\0Tone@quail.test\0' > e
try_env 54 "envelope ended before its final NUL" "missing final NUL"
printf 'Fa@b' > e
try_env 54 "envelope ended" "EOF inside the sender"
: > e
try_env 54 "envelope ended" "empty envelope"
long=$(head -c 1000 /dev/zero | tr '\0' x)
printf 'Fa@b\0T%s1\0\0' "$long" > e
try_env 11 "envelope address too long" "1001-byte recipient"
printf 'F%s1\0\0' "$long" > e
try_env 11 "envelope address too long" "1001-byte sender"
printf 'F\0T%s\0\0' "$long" > e
run sh -c "'$QQ' <msg 1<e"
is "$status" 0 "1000-byte address and empty sender accepted"
clear_queue
printf 'F\0\0' > e
run sh -c "'$QQ' <msg 1<e"
is "$status" 0 "no recipients at all is accepted, as qmail does"
clear_queue

# --- read and write errors ----------------------------------------------
mkdir adir
run sh -c "'$QQ' <adir 1<env"
is "$status" 54 "unreadable message: 54"
like "$stderr" "^qmail-queue: fatal: unable to read the message: " \
    "read error says why"
is "$(qfiles)" "" "read error: nothing left"
# Setuid, glibc puts /dev/null on a closed fd; run by qmailq itself
# (not setuid then), qmail-queue checks on its own.
run sh -c "'$QQ' <msg 1>&-"
is "$status" 54 "closed fd 1: 54"
like "$stderr" "^qmail-queue: fatal: envelope ended" "closed fd 1: no envelope"
run as qmailq sh -c "'$QQ' <msg 1>&-"
is "$status" 54 "closed fd 1, not setuid: 54"
like "$stderr" "^qmail-queue: fatal: descriptor 0 or 1 is closed" \
    "closed fd 1, not setuid: says so"
run sh -c "ulimit -f 4; '$QQ' <big 1<env"
is "$status" 53 "file size limit hit: write error 53"
like "$stderr" "^qmail-queue: fatal: unable to write mess/" \
    "write error names the file"
is "$(qfiles)" "" "write error: nothing left"
run sh -c "'$QQ' <msg 1<env 2>&-"
is "$status" 0 "queues with fd 2 closed"
is "$(tail -n +2 "$(mess "$(qid)")")" "$(cat msg)" \
    "no diagnostics leak into the message"
clear_queue

# --- a writer killed in the middle ----------------------------------------
mkfifo m.fifo e.fifo
( "$QQ" <m.fifo 1<e.fifo 2>killed.err; echo $? > killed.rc ) &
qq_shell=$!
( sh -c 'exec 3>m.fifo 4>e.fifo; printf "Subject: x\n\nhalf" >&3; exec 3>&-
         printf "Fa@b\0Tone@quail.test" >&4; kill -9 $$' ) 2>/dev/null
wait "$qq_shell"
is "$(cat killed.rc)" 54 "killed writer: 54"
like "$(cat killed.err)" "envelope ended" "killed writer: envelope ended"
is "$(qfiles)" "" "killed writer: nothing left in the queue"

# --- timeout: qmail's alarm, simulated with SIGALRM -------------------------
( sleep 30 > m.fifo ) &
holder=$!
at_exit "kill $holder 2>/dev/null"
( exec "$QQ" <m.fifo 1<env 2>alarm.err; ) &
qq=$!
wait_until 10 "[ -n \"\$(qfiles)\" ]"
ok $? "qmail-queue is waiting with its files made"
kill -ALRM "$qq"
wait "$qq"
is "$?" 52 "timeout: 52"
is "$(qfiles)" "" "timeout: nothing left"
kill "$holder" 2>/dev/null

# --- queue problems -------------------------------------------------------
chmod 0 "$QD/pid"
run sh -c "'$QQ' <msg 1<env"
is "$status" 63 "unwritable queue/pid: 63"
like "$stderr" "^qmail-queue: fatal: unable to create pid/[0-9]+\\.[0-9]+\\.1: Permission denied" \
    "pid problem says why"
chmod 700 "$QD/pid"
chmod 0 "$QD/intd"
run sh -c "'$QQ' <msg 1<env"
is "$status" 65 "unwritable queue/intd: 65"
like "$stderr" "^qmail-queue: fatal: unable to create intd/[0-9]+: " \
    "intd problem says why"
is "$(qfiles)" "" "intd problem: nothing left"
chmod 700 "$QD/intd"
chmod 0 "$QD/todo"
run sh -c "'$QQ' <msg 1<env"
is "$status" 66 "unwritable queue/todo: 66"
like "$stderr" "^qmail-queue: fatal: unable to link todo/[0-9]+: " \
    "todo problem says why"
is "$(qfiles)" "" "todo problem: nothing left"
chmod 750 "$QD/todo"
for d in "$QD"/mess/*; do chmod 0 "$d"; done
run sh -c "'$QQ' <msg 1<env"
is "$status" 64 "unwritable queue/mess: 64"
like "$stderr" "^qmail-queue: fatal: unable to link mess/[0-9]+/[0-9]+: " \
    "mess problem says why"
for d in "$QD"/mess/*; do chmod 750 "$d"; done
is "$(qfiles)" "" "mess problem: nothing left"
mv "$QD" "$QD.away"
run sh -c "QMAILHOME='$Q.away' '$QQ' <msg 1<env"
mv "$QD.away" "$QD"
is "$status" 62 "no queue directory: 62, QMAILHOME ignored"
like "$stderr" "^qmail-queue: fatal: unable to chdir to $Q/queue: " \
    "queue problem names the directory"

# --- a successful run after all that -----------------------------------------
run sh -c "'$QQ' <msg 1<env"
is "$status" 0 "queue still works"
is "$(qfiles | wc -l)" 3 "mess, intd and todo: three files"

# --- durability: what is synced, and in which order ----------------------
if command -v strace >/dev/null; then
    clear_queue
    strace -y -o trace -e trace=fsync,fdatasync,link,linkat,sync,syncfs \
        "$QQ" <msg 1<env
    id=$(qid)
    S=$((id % 23))
    sed -n 's/^\(f[a-z]*sync\)([0-9]*<[^>]*\/queue\/\([^>]*\)>.*/\1 \2/p
            s/^link("\([^"]*\)", "\([^"]*\)").*/link \1 \2/p' trace |
        sed "s/$id/ID/g; s|mess/$S|mess/S|; s|pid/[0-9.]*|pid/P|" > order
    # The mess file is still open under its first name, pid/P.
    is "$(cat order)" "link pid/P mess/S/ID
fsync pid/P
fsync intd/ID
fsync mess/S
link intd/ID todo/ID
fsync todo" "message, envelope and mess/S synced before the todo link; todo/ after"
    clear_queue
else
    ok 0 "# SKIP strace not installed"
fi
