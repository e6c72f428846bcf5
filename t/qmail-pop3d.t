#!/bin/sh
# qmail-pop3d on its own, commands on stdin as a pipelining client sends
# them: every command and its errors, RFC 1939's CRLF and byte-stuffing,
# QUIT's removals and new/ -> cur/ moves, nothing changed without QUIT,
# tmp/ cleanup, refusing root, and a message moved by another session.
. "${0%/*}/lib.sh"
plan 58
# As nobody when we are root (qmail-pop3d refuses root), else as we are.
if [ "$(id -u)" = 0 ]; then as=nobody; else as=; fi
pop3d() { if [ -n "$as" ]; then setuidgid "$as" qmail-pop3d "$@"
          else qmail-pop3d "$@"; fi; }
crlf() { printf '%s\r\n' "$@"; }

mkdir -p M/new M/cur M/tmp
printf 'Subject: one\n\nfirst line\n.starts with a dot\n..two dots\nend\n' \
    > M/new/1000.M1P10Q1.quail.test
printf 'Subject: two\r\nX: y\r\n\r\nb1\r\nb2\r\nb3' \
    > M/cur/2000.M1P10Q2.quail.test:2,S
printf 'x' > M/new/.hidden
echo old > M/tmp/old; touch -d '37 hours ago' M/tmp/old
echo new > M/tmp/new
[ -n "$as" ] && chown -R "$as" M

run qmail-pop3d
is "$status" 100 "no maildir argument: 100"
like "$stderr" '^qmail-pop3d: fatal: usage: qmail-pop3d maildir' "  usage"
if [ "$(id -u)" = 0 ]; then
    run qmail-pop3d M
    is "$status:$stdout" "100:-ERR unable to read mail as root$(printf '\r')" \
        "as root: 100 and -ERR to the client"
    like "$stderr" '^qmail-pop3d: fatal: refusing to run as root$' \
        "  logged"
else
    ok 0 "# SKIP not root"; ok 0 "# SKIP not root"
fi
run pop3d nonexistent
is "$status" 111 "no Maildir: 111"
is "$stdout" "-ERR this user has no \$HOME/Maildir$(printf '\r')" \
    "  the client is told"
like "$stderr" '^qmail-pop3d: fatal: unable to enter the Maildir: ' \
    "  logged with the reason"
mkdir E; [ -n "$as" ] && chown "$as" E
run pop3d E
is "$status:$stdout" "111:-ERR unable to scan \$HOME/Maildir$(printf '\r')" \
    "no new/ in it: 111"

# A session that ends without QUIT changes nothing.
crlf stat 'dele 1' 'dele 2' > in
run_in in pop3d M
is "$status" 0 "end of input without QUIT: 0"
is "$(ls M/new M/cur | tr '\n' ' ')" \
    "M/cur: 2000.M1P10Q2.quail.test:2,S  M/new: 1000.M1P10Q1.quail.test " \
    "  nothing removed or moved"
ok "$([ -e M/tmp/new ] && [ ! -e M/tmp/old ]; echo $?)" \
    "tmp/: a file 37 hours old removed, a fresh one kept"

s1=$(wc -c < M/new/1000.M1P10Q1.quail.test)
s2=$(wc -c < M/cur/2000.M1P10Q2.quail.test:2,S)
{ crlf CAPA STAT LIST 'list 2' 'LIST 3' 'LIST 0' 'LIST x' 'LIST 1 2' \
    UIDL 'UIDL 1' 'RETR 1' 'TOP 2 1' 'TOP 2 0' 'TOP 2' 'TOP 2 x' 'RETR 2' \
    LAST 'DELE 1' 'DELE 1' 'RETR 1' 'TOP 1 0' STAT LIST LAST RSET LAST STAT \
    'DELE 2' NOOP USER 'FOO bar'
  printf 'noop\n'
  printf 'NO\0OP\r\n'
  head -c 2000 /dev/zero | tr '\0' a; printf '\r\n'
  crlf QUIT; } > in
run_in in pop3d M
is "$status" 0 "QUIT: 0"
cr=$(printf '\r')
printf '%s\n' "$stdout" | tr -d '\r' > out
n=0
# expect LINE...: the next lines of the output, in order
expect() {
    _got=$(sed -n "$((n + 1)),$((n + $#))p" out); n=$((n + $#))
    _want=$(printf '%s\n' "$@")
    is "$_got" "$_want" "$name"
}
name="greeting: +OK after the login"; expect "+OK "
name="CAPA (RFC 2449)"
expect "+OK capability list follows" TOP UIDL PIPELINING .
name="STAT: count and bytes"; expect "+OK 2 $((s1 + s2))"
name="LIST: oldest first"; expect "+OK " "1 $s1" "2 $s2" .
name="LIST n, lower case"; expect "+OK 2 $s2"
name="LIST past the end"; expect "-ERR no such message"
name="LIST 0"; expect "-ERR no such message"
name="LIST x"; expect "-ERR syntax error"
name="LIST n junk"; expect "-ERR syntax error"
name="UIDL: the unique names, without :2,S"
expect "+OK " "1 1000.M1P10Q1.quail.test" "2 2000.M1P10Q2.quail.test" .
name="UIDL n"; expect "+OK 1 1000.M1P10Q1.quail.test"
name="RETR: CRLF and byte-stuffing"
expect "+OK " "Subject: one" "" "first line" "..starts with a dot" \
    "...two dots" "end" .
name="TOP 2 1: header, blank line, one body line"
expect "+OK " "Subject: two" "X: y" "" "b1" .
name="TOP 2 0"; expect "+OK " "Subject: two" "X: y" "" .
name="TOP without a line count"; expect "-ERR syntax error"
name="TOP with a bad count"; expect "-ERR syntax error"
name="RETR: a last line without LF is ended"
expect "+OK " "Subject: two" "X: y" "" b1 b2 b3 .
name="LAST: highest retrieved"; expect "+OK 2"
name="DELE"; expect "+OK "
name="DELE again"; expect "-ERR message deleted"
name="RETR of a deleted message"; expect "-ERR message deleted"
name="TOP of a deleted message"; expect "-ERR message deleted"
name="STAT leaves deleted messages out"; expect "+OK 1 $s2"
name="LIST too"; expect "+OK " "2 $s2" .
name="LAST after DELE 1"; expect "+OK 2"
name="RSET"; expect "+OK "
name="LAST after RSET"; expect "+OK 0"
name="STAT after RSET"; expect "+OK 2 $((s1 + s2))"
name="DELE 2"; expect "+OK "
name="NOOP"; expect "+OK "
name="USER after login"; expect "-ERR unimplemented"
name="unknown command"; expect "-ERR unimplemented"
name="LF alone ends a command"; expect "+OK "
name="NUL in a command"; expect "-ERR syntax error"
name="a 2000-byte line"; expect "-ERR line too long"
name="QUIT"; expect "+OK "
is "$(wc -l < out)" "$n" "nothing more"
ok "$(printf '%s\n' "$stdout" | grep -vc "$cr\$")" "every line ends in CRLF"
is "$(ls M/new | wc -l)" 0 "QUIT: new/ is empty"
is "$(ls M/cur)" "1000.M1P10Q1.quail.test:2," \
    "  the kept message moved to cur/ with :2, and the deleted one removed"

# Another session moves the message (new/ -> cur/ with flags) between
# our LIST and our RETR, and removes one we deleted.
printf 'Subject: a\n\nA\n' > M/new/3000.M1P10Q3.quail.test
printf 'Subject: b\n\nB\n' > M/new/3001.M1P10Q4.quail.test
[ -n "$as" ] && chown -R "$as" M
mkfifo cmds
pop3d M < cmds > out2 2>err2 &
pid=$!
exec 3>cmds
crlf STAT >&3
wait_for() { i=0; until grep -q "$1" out2 || [ $i -ge 100 ]; do
             sleep 0.05; i=$((i + 1)); done; }
wait_for '^+OK 3'
mv M/new/3000.M1P10Q3.quail.test M/cur/3000.M1P10Q3.quail.test:2,RS
rm M/new/3001.M1P10Q4.quail.test
crlf 'RETR 2' 'RETR 3' 'UIDL 2' 'DELE 3' QUIT >&3
exec 3>&-
wait $pid
is "$?" 0 "session with another one working on the Maildir: 0"
like "$(tr -d '\r' < out2 | tr '\n' ' ')" \
    '^\+OK  \+OK 3 [0-9]+ \+OK  Subject: a  A \. -ERR unable to open that message \+OK 2 3000.M1P10Q3.quail.test \+OK  \+OK  $' \
    "RETR finds the moved message in cur/, a removed one is an error"
is "$(ls M/cur | sort | tr '\n' ' ')" \
    "1000.M1P10Q1.quail.test:2, 3000.M1P10Q3.quail.test:2,RS " \
    "QUIT: the moved message keeps its flags, the gone one is no error"
is "$(cat err2)" "" "  nothing logged"

# A deleted message that cannot be removed: RFC 1939 6's -ERR.
if [ -n "$as" ]; then
    chown root M/cur; chmod 755 M/cur
    crlf 'DELE 1' QUIT > in
    run_in in pop3d M
    is "$status:$(printf '%s' "$stdout" | tr -d '\r' | tail -n 1)" \
        "0:-ERR some deleted messages not removed" \
        "QUIT with an unremovable message: -ERR"
    like "$stderr" '^qmail-pop3d: warning: unable to remove cur/1000\.M1P10Q1\.quail\.test:2,: Permission denied$' \
        "  logged"
    chown "$as" M/cur
else
    ok 0 "# SKIP not root"; ok 0 "# SKIP not root"
fi
