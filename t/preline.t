#!/bin/sh
# preline (qmail's preline(1)): UFLINE, RPLINE and DTLINE in front of the
# message on the program's stdin, -d -f -r to leave one out, the
# program's exit code passed back.
. "${0%/*}/lib.sh"
plan 24
export UFLINE='From sender@example.org Thu Jan  1 00:00:00 2026
'
export RPLINE='Return-Path: <sender@example.org>
'
export DTLINE='Delivered-To: joe@example.com
'
printf 'Subject: x\n\nbody\n' > msg

run_in msg preline cat
is "$status" 0 "exit 0 from the program"
is "$stdout" "From sender@example.org Thu Jan  1 00:00:00 2026
Return-Path: <sender@example.org>
Delivered-To: joe@example.com
Subject: x

body" "From line, Return-Path, Delivered-To, then the message"
run_in msg preline -d cat
is "$(echo "$stdout" | head -n 3 | cut -c1-12)" "From sender@
Return-Path:
Subject: x" "-d leaves out Delivered-To"
run_in msg preline -f cat
is "$(echo "$stdout" | head -n 1)" "Return-Path: <sender@example.org>" \
    "-f leaves out the From line"
run_in msg preline -r cat
is "$(echo "$stdout" | sed -n 2p)" "Delivered-To: joe@example.com" \
    "-r leaves out Return-Path"
run_in msg preline -dfr cat
is "$stdout" "Subject: x

body" "-dfr: the message alone"
run_in msg preline -f -F cat
is "$(echo "$stdout" | head -n 1 | cut -c1-5)" "From " "-F undoes -f"
run_in msg preline -d -D -r -R cat
is "$(echo "$stdout" | wc -l)" 6 "-D and -R undo -d and -r"
run_in msg preline sh -c 'cat > /dev/null; echo "$0 $1"; exit 99' -f x
is "$status:$stdout" "99:-f x" \
    "options after the program are its own; exit 99 passed back"
run_in msg preline sh -c 'exit 100'
is "$status" 100 "exit 100 passed back"
run_in msg preline sh -c 'exit 111'
is "$status" 111 "exit 111 passed back"
head -c 3000000 /dev/zero | tr '\0' 'x' | fold -w 100 > big
run_in big preline sh -c 'head -c 10 > /dev/null; exit 0'
is "$status:$stderr" "0:" \
    "a program that stops reading early: its exit code counts"
run_in big preline wc -c
is "$stdout" "$(($(wc -c < big) + ${#UFLINE} + ${#RPLINE} + ${#DTLINE}))" \
    "a large message comes through whole"
run_in msg preline sh -c 'kill -KILL $$'
is "$status" 111 "program killed: 111"
is "$stderr" "preline: fatal: sh crashed" "says it crashed"
run_in msg preline ./no-such-program
is "$status" 111 "a program that cannot be run: 111 (try again)"
is "$stderr" "preline: fatal: unable to run ./no-such-program: No such file or directory" \
    "says why"
run_in / preline cat
is "$status" 111 "a message that cannot be read: 111"
like "$stderr" '^preline: fatal: unable to read the message: Is a directory$' \
    "says why"
run preline
is "$status:$stderr" "100:preline: fatal: usage: preline [-dfr] program [arg ...]" \
    "no program: usage"
run preline -x cat
is "$status:$stderr" "100:preline: fatal: usage: preline [-dfr] program [arg ...]" \
    "unknown option: usage"
run_in msg env -u UFLINE preline cat
is "$status:$stderr" "100:preline: fatal: UFLINE is not set; run me from a .qmail file" \
    "UFLINE missing: 100"
run_in msg env -u DTLINE preline -d cat
is "$status:$stderr" "100:preline: fatal: DTLINE is not set; run me from a .qmail file" \
    "DTLINE missing: 100 even with -d"
run_in msg env -u RPLINE preline cat
is "$status" 100 "RPLINE missing: 100"
