#!/bin/sh
# maildirmake: makes a Maildir (dir, tmp, new, cur, mode 700) and refuses
# one that exists.
. "${0%/*}/lib.sh"
plan 12
umask 022
run maildirmake Maildir
is "$status" 0 "makes a Maildir"
is "$stdout$stderr" "" "quietly"
is "$(cd Maildir && stat -c '%a %n' . tmp new cur)" "700 .
700 tmp
700 new
700 cur" "dir, tmp, new and cur, all mode 700 whatever the umask"
is "$(ls -A Maildir | tr '\n' ' ')" "cur new tmp " "nothing else in it"
run maildirmake Maildir
is "$status" 111 "an existing directory: 111"
is "$stderr" "maildirmake: fatal: unable to mkdir Maildir: File exists" \
    "says it exists"
: > plain
run maildirmake plain
is "$status" 111 "an existing file: 111"
run maildirmake missing/Maildir
is "$status" 111 "missing parent: 111"
like "$stderr" "^maildirmake: fatal: unable to mkdir missing/Maildir: No such file" \
    "says why"
run maildirmake
is "$status" 100 "no argument: usage, 100"
is "$stderr" "maildirmake: fatal: usage: maildirmake name" "usage message"
run maildirmake a b
is "$status" 100 "two arguments: usage, 100"
