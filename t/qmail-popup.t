#!/bin/sh
# qmail-popup on its own with a stand-in checkprogram: the greeting's
# APOP timestamp, commands before login and their errors, what the
# checkprogram gets on fd 3 and in argv, pipelined commands left for the
# session, and failed logins answered late, the same way for every cause.
. "${0%/*}/lib.sh"
plan 44
cr=$(printf '\r')
crlf() { printf '%s\r\n' "$@"; }
# check: saves fd 3 and argv, writes to stderr, copies the rest of its
# input (the session's commands) and exits with the code in ./rc.
cat > check <<'EOF'
#!/bin/sh
cat <&3 > fd3raw; tr '\0' '|' < fd3raw > fd3
echo "$*" > argv
[ -e /dev/fd/3 ] && echo open > fd3state
echo "check on stderr" >&2
rc=$(cat rc)
[ "$(tr '\0' '\n' < fd3raw | sed -n 2p)" = good ] && rc=0
case $rc in
crash) kill -SEGV $$ ;;
0) echo "+OK session"; cat > rest; exit 0 ;;
*) exit "$rc" ;;
esac
EOF
chmod 755 check
popup() { run_in in qmail-popup host.test ./check arg1 "arg 2"; }
now() { date +%s%N | cut -c1-13; } # milliseconds

run qmail-popup host.test
is "$status" 100 "no checkprogram: 100"
like "$stderr" '^qmail-popup: fatal: usage: qmail-popup hostname checkprogram' \
    "  usage"
run qmail-popup '' ./check
is "$status" 100 "empty hostname: 100"

crlf QUIT > in
popup
is "$status" 0 "QUIT: 0"
like "$stdout" "^\\+OK <[0-9]+\\.[0-9]+@host\\.test>$cr\$" \
    "greeting: +OK <pid.time@hostname>"
is "$(printf '%s' "$stdout" | sed -n 2p)" "+OK $cr" "QUIT: +OK"

{ crlf CAPA NOOP 'PASS x' USER 'APOP joe' 'APOP' STAT 'retr 1' '' \
    'USER joe' PASS
  printf 'NO\0OP\r\n'
  head -c 1100 /dev/zero | tr '\0' u; printf '\r\n'
  crlf quit; } > in
popup
is "$status" 0 "commands before login, then quit: 0"
printf '%s\n' "$stdout" | tr -d '\r' | sed 1d > out
is "$(cat out)" "+OK capability list follows
TOP
UIDL
USER
PIPELINING
.
+OK 
-ERR USER first
-ERR syntax error
-ERR syntax error
-ERR syntax error
-ERR authorization first
-ERR authorization first
-ERR authorization first
+OK 
-ERR syntax error
-ERR syntax error
-ERR line too long
+OK " "CAPA, NOOP, PASS first, USER, APOP and PASS without arguments, others refused, NUL, long line"
ok "$([ ! -e fd3 ]; echo $?)" "  checkprogram never ran"
ok "$(printf '%s\n' "$stdout" | grep -vc "$cr\$")" "every line ends in CRLF"

echo 0 > rc
{ crlf 'USER joe' 'PASS se cret' STAT 'RETR 1'; } > in
popup
is "$status" 0 "good login: 0"
stamp=$(printf '%s' "$stdout" | sed -n '1s/^+OK \(<.*>\)\r$/\1/p')
is "$(printf '%s' "$stdout" | tr -d '\r' | sed 1d)" "+OK 
+OK session" "USER +OK, then the session speaks"
printf 'joe\0se cret\0%s\0' "$stamp" > want
cmp -s fd3raw want
ok $? "fd 3: user, password (with its space), timestamp, each NUL-ended"
is "$(cat argv)" "arg1 arg 2" "checkprogram gets its arguments"
is "$(cat fd3state)" "open" "fd 3 open in the checkprogram"
is "$(cat rest)" "STAT$cr
RETR 1$cr" "commands pipelined after PASS reach the session"
is "$stderr" "check on stderr" "the checkprogram's stderr is the log, not the client"

rm -f fd3
crlf 'USER joe' 'USER ann' 'PASS pw' > in
popup
like "$(cat fd3)" "^ann\\|pw\\|<" "a second USER replaces the first"

rm -f fd3
crlf 'apop ann c4c9334bac560ecc979e58001b3e22fb' > in
popup
is "$status" 0 "APOP: 0"
like "$(cat fd3)" "^ann\\|c4c9334bac560ecc979e58001b3e22fb\\|<[0-9]+\\.[0-9]+@host\\.test>\\|\$" \
    "APOP: user, digest, timestamp on fd 3"

# Failed logins: the same answer, two seconds after the try. A refusal
# (exit 1) lets the client try again; other failures end the connection.
fails() { # rc description status after
    echo "$1" > rc
    crlf 'USER joe' 'PASS bad' NOOP > in
    t0=$(now)
    TCPREMOTEIP=192.0.2.7 popup
    t=$(( $(now) - t0 ))
    is "$status" "$3" "$2: $3"
    is "$(printf '%s' "$stdout" | tr -d '\r' | sed 1d)" "+OK 
-ERR authorization failed$4" "  -ERR authorization failed$5"
    ok "$([ "$t" -ge 1950 ] && [ "$t" -lt 4000 ]; echo $?)" \
        "  answered after 2 seconds (${t} ms)"
}
fails 1 "bad password" 0 "
+OK " ", then the next command"
like "$stderr" '^qmail-popup: warning: login failed from 192\.0\.2\.7: bad password$' \
    "  logged with the client's address"
echo 1 > rc
crlf 'APOP joe 0123456789abcdef0123456789abcdef' 'USER joe' 'PASS good' \
    > in
popup
is "$status:$(printf '%s' "$stdout" | tr -d '\r' | sed 1d | tr '\n' '|')" \
    "0:-ERR authorization failed|+OK |+OK session" \
    "APOP refused, then USER and PASS on the same connection"
crlf 'USER joe' 'PASS bad1' 'PASS bad2' 'USER joe' 'PASS bad3' 'USER joe' \
    'PASS bad4' NOOP > in
popup
is "$status:$(printf '%s' "$stdout" | tr -d '\r' | sed 1d | tr '\n' '|')" \
    "100:+OK |-ERR authorization failed|-ERR USER first|+OK |-ERR authorization failed|+OK |-ERR authorization failed" \
    "a refusal forgets USER; the third refusal ends the connection: 100"
fails 111 "checkprogram's temporary failure" 100 "" ", and nothing more"
like "$stderr" 'login failed from 192\.0\.2\.7: temporary failure$' "  logged"
fails 2 "checkprogram misused" 100 "" ", and nothing more"
fails crash "checkprogram crashed" 100 "" ", and nothing more"
like "$stderr" 'login failed from 192\.0\.2\.7: checkprogram crashed$' \
    "  logged"

rm -f fd3
echo 0 > rc
crlf "USER $(head -c 300 /dev/zero | tr '\0' u)" \
     "PASS $(head -c 300 /dev/zero | tr '\0' p)" > in
popup
is "$status:$(printf '%s' "$stdout" | tr -d '\r' | sed -n 3p)" \
    "0:-ERR authorization failed" "over 512 bytes for fd 3: login fails"
ok "$([ ! -e fd3 ]; echo $?)" "  without running the checkprogram"
like "$stderr" 'user name and password too long$' "  logged"

crlf 'USER joe' 'PASS x' > in
run_in in qmail-popup host.test ./nonexistent
is "$status" 100 "a checkprogram that cannot run: the login fails"
like "$stderr" "^qmail-popup: fatal: unable to run \\./nonexistent: " \
    "  logged"

printf 'USER joe\r\nPASS x' > in
rm -f fd3
popup
is "$status:$(printf '%s' "$stdout" | sed 1d | tr -d '\r')" "0:+OK " \
    "a PASS cut by the end of input is not sent: exit 0"
ok "$([ ! -e fd3 ]; echo $?)" "  nothing checked"
