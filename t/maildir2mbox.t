#!/bin/sh
# maildir2mbox (qmail 1.03's maildir2mbox(1)): new/ and cur/ appended to
# $MAIL oldest first with From lines from Return-Path and ">From "
# quoting, through $MAILTMP renamed over $MAIL under its lock; messages
# removed only afterwards; every failure 111 with the Maildir untouched.
. "${0%/*}/lib.sh"
plan 28
mkmd() { rm -rf "$1"; mkdir -p "$1/tmp" "$1/new" "$1/cur"; }
mkmd Maildir
printf 'Return-Path: <b@example.org>\nSubject: second\n\nFrom here\n>From there\n' \
    > Maildir/new/1700000100.M1P1.host
printf 'Return-Path: <a@example.org>\nSubject: first\n\nbody 1' \
    > Maildir/cur/1700000000.M1P2.host:2,S
printf 'Return-Path: <>\nSubject: bounce\n\nsorry\n' \
    > Maildir/new/1700000200.M1P3.host
printf 'Subject: no return path\n\nhi\n' > Maildir/new/1700000300.M1P4.host
printf 'From old@example.org Thu Jan  1 00:00:00 2023\nSubject: old\n\nold\n\n' \
    > Mailbox
chmod 640 Mailbox
export MAILDIR=Maildir MAIL=Mailbox MAILTMP=Mailbox.tmp
run maildir2mbox
is "$status:$stdout$stderr" "0:" "moves the messages, silently"
is "$(cat Mailbox)" "From old@example.org Thu Jan  1 00:00:00 2023
Subject: old

old

From a@example.org Tue Nov 14 22:13:20 2023
Return-Path: <a@example.org>
Subject: first

body 1

From b@example.org Tue Nov 14 22:15:00 2023
Return-Path: <b@example.org>
Subject: second

>From here
>>From there

From MAILER-DAEMON Tue Nov 14 22:16:40 2023
Return-Path: <>
Subject: bounce

sorry

From XXX Tue Nov 14 22:18:20 2023
Subject: no return path

hi" "old mbox, then the messages oldest first (cur/ too), with From lines"
is "$(tail -c 2 Mailbox | od -An -c | tr -d ' ')" '\n\n' \
    "each message ends with a blank line"
is "$(find Maildir/new Maildir/cur -type f | wc -l)" 0 "the messages are gone"
ok "$([ ! -e Mailbox.tmp ]; echo $?)" "MAILTMP was renamed over MAIL"
is "$(stat -c %a Mailbox)" 640 "MAIL keeps its mode"

size=$(wc -c < Mailbox)
run maildir2mbox
is "$status:$(wc -c < Mailbox)" "0:$size" "nothing new: 0, MAIL unchanged"
rm Mailbox
run maildir2mbox
ok "$([ ! -e Mailbox ]; echo $?)" "nothing new: MAIL not created"
printf 'Return-Path: <c@example.org>\n\nnew mbox\n' > Maildir/new/1700000400.M1P5.host
run maildir2mbox
is "$status:$(head -n 1 Mailbox)" "0:From c@example.org Tue Nov 14 22:20:00 2023" \
    "a missing MAIL is created"
is "$(stat -c %a Mailbox)" 600 "private"
printf 'Return-Path: <d e@example.org>\n\nx\n' > Maildir/new/odd-name
touch -d '2024-01-02 03:04:05 UTC' Maildir/new/odd-name
: > Maildir/new/.hidden
run maildir2mbox
is "$(grep '^From d' Mailbox)" "From d-e@example.org Tue Jan  2 03:04:05 2024" \
    "a name without a time: the file's time; blanks in the sender as '-'"
ok "$([ -e Maildir/new/.hidden ]; echo $?)" "names starting with a dot are left alone"

# tmp/: deliveries that died more than 36 hours ago are cleaned up.
: > Maildir/tmp/old; touch -d '40 hours ago' Maildir/tmp/old
: > Maildir/tmp/fresh
printf 'Return-Path: <e@example.org>\n\ny\n' > Maildir/new/1700000500.M1P6.host
run maildir2mbox
is "$(ls Maildir/tmp)" "fresh" "tmp/ files older than 36 hours are removed"

# Relative names are relative to the current directory.
mkdir sub; mkmd sub/md
printf 'Return-Path: <f@example.org>\n\nz\n' > sub/md/new/1700000600.M1P7.host
(cd sub && MAILDIR=md MAIL=mbox MAILTMP=mbox.tmp maildir2mbox)
ok "$([ -s sub/mbox ] && [ ! -e sub/md/mbox ]; echo $?)" \
    "relative MAIL: next to the caller, not inside MAILDIR"

# Failures: 111 with a reason, the Maildir as it was.
printf 'Return-Path: <g@example.org>\n\nw\n' > Maildir/new/1700000700.M1P8.host
cp Mailbox before
run env -u MAIL maildir2mbox
is "$status:$stderr" "111:maildir2mbox: fatal: MAIL is not set" "MAIL unset: 111"
run env -u MAILTMP maildir2mbox
is "$status:$stderr" "111:maildir2mbox: fatal: MAILTMP is not set" "MAILTMP unset: 111"
run env -u MAILDIR maildir2mbox
is "$status:$stderr" "111:maildir2mbox: fatal: MAILDIR is not set" "MAILDIR unset: 111"
run env MAILDIR=nonexistent maildir2mbox
is "$status:$stderr" "111:maildir2mbox: fatal: unable to chdir to nonexistent: No such file or directory" \
    "no such Maildir: 111"
mkdir tmpdir
run env MAILTMP=tmpdir maildir2mbox
is "$status:$stderr" "111:maildir2mbox: fatal: unable to create tmpdir: Is a directory" \
    "MAILTMP cannot be written: 111"
run env MAIL=nonexistent/mbox maildir2mbox
is "$status:$stderr" "111:maildir2mbox: fatal: unable to lock nonexistent/mbox: No such file or directory" \
    "MAIL cannot be opened: 111"
mkdir -p /dev/shm/quail-m2m.$$
run env MAILTMP=/dev/shm/quail-m2m.$$/tmp maildir2mbox
rm -rf /dev/shm/quail-m2m.$$
like "$status:$stderr" "^111:maildir2mbox: fatal: unable to move /dev/shm/quail-m2m\.[0-9]+/tmp to Mailbox: Invalid cross-device link\$" \
    "MAILTMP on another file system: 111"
is "$(cmp before Mailbox >/dev/null; echo $?):$(ls Maildir/new | grep -c .)" "0:1" \
    "after all the failures: MAIL and the Maildir as they were"
mkmd odd; mkdir odd/new/1700000001.M1P10.host
run env MAILDIR=odd MAIL=odd.mbox maildir2mbox
is "$status:$(ls odd/new)" "0:1700000001.M1P10.host" \
    "a directory in new/ is not a message and stays"

# The lock: while someone holds $MAIL's flock, maildir2mbox waits.
flock -x Mailbox -c 'touch locked; sleep 1.5' &
holder=$!
wait_for() { n=0; until [ -e "$1" ] || [ $n -ge 100 ]; do sleep 0.05; n=$((n + 1)); done; }
wait_for locked
maildir2mbox & m2m=$!
sleep 0.5
ok "$(kill -0 $m2m 2>/dev/null; echo $?)" "waits for the lock"
is "$(ls Maildir/new | grep -c .)" 1 "and has not moved anything yet"
wait $holder; wait $m2m
is "$?:$(ls Maildir/new | grep -c .)" "0:0" "then moves the messages"
like "$(tail -n 2 Mailbox | head -n 1)" "^w$" "appended after the lock was released"

# A big message streams through.
head -c 2000000 /dev/zero | tr '\0' 'x' | fold -w 1000 > big.body
{ printf 'Return-Path: <h@example.org>\n\n'; cat big.body; echo; } \
    > Maildir/new/1700000800.M1P11.host
before=$(wc -c < Mailbox)
run maildir2mbox
is "$status:$(($(wc -c < Mailbox) - before))" \
    "0:$((44 + 29 + 1 + 2000000 + 2000 + 1))" "a 2 MB message comes through whole"
