#!/bin/sh
# maildirwatch (qmail 1.03's maildirwatch(1)): the first screen, right
# away: clear-screen, then per message in new/ (oldest first, not cur/)
# the envelope line, the From field in bold and subject + body start,
# escapes neutralised. It loops every 30 seconds; the test stops it.
. "${0%/*}/lib.sh"
plan 14
mkdir -p Maildir/tmp Maildir/new Maildir/cur
printf 'Return-Path: <b@example.org>\nDelivered-To: joe-x@example.com\nDelivered-To: old@example.net\nFrom: Bea <b@example.org>\nSubject: second\n\nsee you\nat two\n' \
    > Maildir/new/1700000100.M1P1.host
printf 'Return-Path: <a@example.org>\nDelivered-To: joe@example.com\nFrom: A\n  <a@example.org>\nSubject: first\n  part two\n\nbody' \
    > Maildir/new/1700000000.M1P2.host
printf 'Subject: seen\n\nold\n' > Maildir/cur/1600000000.M1P3.host:2,S
# One screen: the first comes at once, in one write (it is small); the
# next would come 30 s later, so stop it as soon as the first is there.
watch() {
    rm -f .w.out .w.err
    "$@" maildirwatch </dev/null >.w.out 2>.w.err & _w=$!
    _i=0
    until [ -s .w.out ] || ! kill -0 $_w 2>/dev/null || [ $_i -ge 200 ]; do
        sleep 0.05; _i=$((_i + 1))
    done
    sleep 0.1
    kill -0 $_w 2>/dev/null; _running=$?
    kill $_w 2>/dev/null; { wait $_w; } 2>/dev/null
    status=$([ $_running = 0 ] && echo running || echo exited)
    stdout=$(cat .w.out); stderr=$(cat .w.err)
}
watch env MAILDIR=Maildir
is "$status" running "still running after the first screen: it loops"
is "$stderr" "" "nothing on stderr"
esc=$(printf '\033')
is "$stdout" "$esc[;H$esc[;J\
FROM <a@example.org> TO <joe@example.com>
$esc[1mFrom: A/  <a@example.org>$esc[0m
first/  part two/body

FROM <b@example.org> TO <joe-x@example.com>
$esc[1mFrom: Bea <b@example.org>$esc[0m
second/see you/at two/" "clear, then each new message oldest first; cur/ left out"

mkdir -p home/Maildir/new home/Maildir/cur home/Maildir/tmp
watch env -u MAILDIR HOME=$TMP/home
is "$status:$stdout" "running:$esc[;H$esc[;J" \
    "MAILDIR unset: HOME/Maildir; an empty Maildir is a cleared screen"

mkdir -p e/new e/cur e/tmp
printf 'Return-Path: <x\033[2J@e>\nFrom: \033]0;title\007\nSubject: \033[31mred\n\n\033[0m\r\n' > e/new/1.M1P1.h
watch env MAILDIR=e
body=$(printf '%s' "$stdout" | tail -c +9)
unlike "$(printf '%s' "$body" | tr '\033' E | sed 's/E\[1m//; s/E\[0m//')" 'E' \
    "no escape from a message reaches the terminal"
like "$stdout" 'FROM <x\?\[2J@e> TO <\?>' "envelope line: unprintables as ?, unknown as ?"
like "$stdout" 'From: /\]0;title/' "From field: unprintables as /"
like "$stdout" '/\[31mred//\[0m//' "summary: unprintables as /"

mkdir -p l/new l/cur l/tmp
{ printf 'Subject: '; printf '%0200d' 0; printf '\n\nbody\n'; } > l/new/1.M1P1.h
watch env MAILDIR=l
is "$(printf '%s\n' "$stdout" | sed -n 2p | wc -c)" 159 \
    "the summary is cut at 158 characters"
ok "$(printf '%s\n' "$stdout" | sed -n 1p | grep -q '^.*FROM ? TO <?>$'; echo $?)" \
    "a message without envelope fields: ?"

: > Maildir/tmp/old; touch -d '40 hours ago' Maildir/tmp/old
: > Maildir/tmp/new
watch env MAILDIR=Maildir
is "$(ls Maildir/tmp)" "new" "tmp/ files older than 36 hours are removed"

run env MAILDIR=nonexistent maildirwatch
is "$status:$stderr" "111:maildirwatch: fatal: unable to chdir to nonexistent: No such file or directory" \
    "no such Maildir: 111"
run env -u MAILDIR -u HOME maildirwatch
is "$status:$stderr" "111:maildirwatch: fatal: MAILDIR is not set" \
    "neither MAILDIR nor HOME: 111"
mkdir -p nonew/cur
run env MAILDIR=nonew maildirwatch
like "$status:$stderr" '^111:maildirwatch: fatal: unable to scan nonew: No such file' \
    "a Maildir without new/: 111"
