#!/bin/sh
# qmail-qread and qmail-qstat: list and count a queue with messages
# preprocessed by qmail-send (info/local/remote, made here as qmail-send
# writes them), bouncing, and still in todo/.
. "${0%/*}/ilib.sh"
need_root
plan 27
quail_install
QD=$Q/queue
as() { _u=$1; shift; setpriv --reuid="$_u" --regid="$(id -g "$_u")" \
    --init-groups "$@"; }
S() { echo $(($1 % 23)); }

run "$Q/bin/qmail-qread"
is "$status $stdout$stderr" "0 " "empty queue: nothing listed"
run "$Q/bin/qmail-qstat"
is "$stdout" "messages in queue: 0
messages in queue but not yet preprocessed: 0" "empty queue: zero counts"

# queue: put a message in with qmail-queue; prints its id.
queue() { # sender recipient...
    _e=$1; shift
    { printf 'F%s\0' "$_e"; for _r; do printf 'T%s\0' "$_r"; done
      printf '\0'; } > env
    printf 'Subject: test\n\nbody\n' | "$Q/bin/qmail-queue" 1<env ||
        echo "not ok - qmail-queue failed"
    ls -t "$QD/todo" | head -n 1
}
# preprocess ID: what qmail-send does with todo/ID (files as qmails).
preprocess() { # id sender local-records remote-records
    printf 'F%s\0' "$2" > "$QD/info/$(S $1)/$1"
    [ -z "$3" ] || printf "$3" > "$QD/local/$(S $1)/$1"
    [ -z "$4" ] || printf "$4" > "$QD/remote/$(S $1)/$1"
    for d in info local remote; do
        f=$QD/$d/$(S $1)/$1
        [ -f "$f" ] && chown qmails "$f" && chmod 600 "$f"
        [ -f "$f" ] && touch -d '2026-11-23 13:09:56 UTC' "$f"
    done
    rm -f "$QD/todo/$1" "$QD/intd/$1"
}

a=$(queue sender@example.org joe@quail.test ann@quail.test bob@example.com)
preprocess "$a" sender@example.org 'Tjoe@quail.test\0Dann@quail.test\0' \
    'Tbob@example.com\0'
asize=$(stat -c %s "$QD/mess/$(S $a)/$a")
b=$(queue '' postmaster@quail.test)
preprocess "$b" '' 'Tpostmaster@quail.test\0' ''
bsize=$(stat -c %s "$QD/mess/$(S $b)/$b")
: > "$QD/bounce/$b"
c=$(queue "odd$(printf '\001\t')name@example.org" "x$(printf '\033')[2J@example.com")
touch -d '2026-11-24 01:02:03 UTC' "$QD/todo/$c"
csize=$(stat -c %s "$QD/mess/$(S $c)/$c")

run "$Q/bin/qmail-qread"
is "$status" 0 "qread exits 0"
is "$stderr" "" "no warnings"
printf '%s\n' "$stdout" | awk -v a="$a" '$0 ~ "#" a " " { p = 1 }
    p && /#/ && $0 !~ "#" a " " { p = 0 } p' > got.a
is "$(cat got.a)" "23 Nov 2026 13:09:56 GMT  #$a  $asize  <sender@example.org> 
	local	joe@quail.test
  done	local	ann@quail.test
	remote	bob@example.com" "a preprocessed message, as qmail-qread shows it"
like "$stdout" "^23 Nov 2026 13:09:56 GMT  #$b  $bsize  <>  bouncing$" \
    "a bouncing message, null sender"
like "$stdout" "^24 Nov 2026 01:02:03 GMT  #$c  $csize  <odd__name@example.org>  not yet preprocessed$" \
    "a message still in todo/ says so; unprintable bytes shown as _"
like "$stdout" "	todo	x_\[2J@example.com" "its recipients are listed as todo"
is "$(printf '%s\n' "$stdout" | grep '#' | sed 's/.*#\([0-9]*\) .*/\1/' |
    tr '\n' ' ')" "$(printf '%s\n' "$a" "$b" "$c" | sort -n | tr '\n' ' ')" \
    "messages listed by id"

run "$Q/bin/qmail-qstat"
is "$status" 0 "qstat exits 0"
is "$stdout" "messages in queue: 3
messages in queue but not yet preprocessed: 1" "qstat counts"

# A message in both todo/ and info/ (qmail-send stopped half way): once,
# as not yet preprocessed.
printf 'Fsender@example.org\0' > "$QD/info/$(S $c)/$c"
run "$Q/bin/qmail-qread"
is "$(printf '%s\n' "$stdout" | grep -c "#$c ")" 1 \
    "a message in todo/ and info/ is listed once"
rm "$QD/info/$(S $c)/$c"

# Who may read it.
run as qmails "$Q/bin/qmail-qread"
is "$status" 0 "qmails may run qmail-qread"
is "$(printf '%s\n' "$stdout" | grep -c '#')" 3 "qmails sees all three"
run as qmailq "$Q/bin/qmail-qread"
is "$status" 111 "qmailq may not: 111"
is "$stderr" "qmail-qread: fatal: unable to read queue/info/0 (only root and qmails may read the queue): Permission denied" \
    "and is told who may"
run as nobody "$Q/bin/qmail-qread"
is "$status" 111 "nobody may not: 111"
is "$stderr" "qmail-qread: fatal: unable to chdir to $Q/queue (only root and qmails may read the queue): Permission denied" \
    "nobody is told who may"
run as qmails "$Q/bin/qmail-qstat"
is "$status $stdout" "0 messages in queue: 3
messages in queue but not yet preprocessed: 1" "group qmail may run qmail-qstat"
run as nobody "$Q/bin/qmail-qstat"
is "$status" 111 "nobody may not run qmail-qstat: 111"
is "$stderr" "qmail-qstat: fatal: unable to chdir to $Q/queue (only root and group qmail may read the queue): Permission denied" \
    "qstat says who may"

# Damage: a missing message file and an empty info file are warnings.
rm "$QD/mess/$(S $a)/$a"
: > "$QD/info/$(S $b)/$b"
run "$Q/bin/qmail-qread"
is "$status" 0 "damaged messages: still exit 0"
like "$stderr" "^qmail-qread: warning: trouble with #$a: unable to stat mess/$(S $a)/$a: No such file or directory$" \
    "a missing mess file is a warning"
like "$stderr" "qmail-qread: warning: trouble with #$b: no sender in info/$(S $b)/$b$" \
    "an empty info file is a warning"
like "$stdout" "#$c " "the good message is still listed"
unlike "$stdout" "#$a |#$b " "the damaged ones are not"
run sh -c "'$Q/bin/qmail-qread' >&-"
is "$status" 111 "qread: closed stdout is fatal"
