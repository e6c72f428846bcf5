#!/bin/sh
# bouncesaying (qmail's bouncesaying(1)): always bounce with the text, or
# when the program exits 0; 111 stays 111; anything else lets it through.
. "${0%/*}/lib.sh"
plan 18
printf 'From: a@example.org\nSubject: x\n\nhello\n' > msg
run bouncesaying
is "$status" 100 "no text: usage, 100"
is "$stderr" "bouncesaying: fatal: usage: bouncesaying error [program [arg ...]]" \
    "usage text"
run_in msg bouncesaying 'This address no longer accepts mail.'
is "$status" 100 "without a program: bounce"
is "$stderr" "This address no longer accepts mail." \
    "the text alone, as the bounce reason"
is "$stdout" "" "nothing on stdout"
run_in msg bouncesaying 'no hello here' grep -q hello
is "$status:$stderr" "100:no hello here" "program exits 0: bounce with the text"
run_in msg bouncesaying 'no' grep -q goodbye
is "$status:$stdout$stderr" "0:" "program exits 1: let through, silently"
run bouncesaying 'no' sh -c 'exit 100'
is "$status" 0 "program exits 100: let through"
run bouncesaying 'no' sh -c 'exit 111'
is "$status" 111 "program exits 111: defer"
is "$stderr" "bouncesaying: fatal: temporary failure of sh" "says so"
run bouncesaying 'no' sh -c 'kill -TERM $$'
is "$status" 111 "program killed: defer"
is "$stderr" "bouncesaying: fatal: child crashed" "says the child crashed"
run bouncesaying 'no' ./no-such-program
is "$status" 0 "missing program: let through"
is "$stderr" "bouncesaying: warning: unable to run ./no-such-program: No such file or directory" \
    "with a warning"
run bouncesaying ''
is "$status:$stderr" "100:" "an empty text still bounces"
run bouncesaying "$(printf 'line one\nline two')"
is "$status:$stderr" "100:line one
line two" "the text as given, newlines and all"
run bouncesaying 'no' sh -c 'test "$1" = "a b"' sh 'a b'
is "$status:$stderr" "100:no" "arguments are passed as they are"
run_in msg bouncesaying 'no' sh -c 'exec 0<&-; exit 0'
is "$status" 100 "a program that does not read the message: its exit counts"
