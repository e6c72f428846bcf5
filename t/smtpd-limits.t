#!/bin/sh
# qmail-smtpd against bad input: NUL bytes and stray CRs in commands,
# a 1 MB command line, 10,000 RCPTs, invalid UTF-8 in commands, a client
# that stops talking (control/timeoutsmtpd), unreadable control files.
. "${0%/*}/ilib.sh"
. "$TOP/t/smtpd-lib.sh"
plan 21

printf 'NOOP\000x\r\nMAIL FROM:<a\000b@example.org>\r\nHELO a\rb\r\nNOOP\r\nQUIT\r\n' > in
smtpd_raw < in
is "$(replies)" "500 NUL or CR in command refused (#5.5.2)
500 NUL or CR in command refused (#5.5.2)
500 NUL or CR in command refused (#5.5.2)
250 ok
221 quail.test" "NUL or inner CR in a command: 500, the session goes on"

{ printf 'NOOP '; head -c 1048576 /dev/zero | tr '\0' a
  printf '\r\nMAIL FROM:<'; head -c 5000 /dev/zero | tr '\0' b
  printf '@example.org>\r\nNOOP\r\nQUIT\r\n'; } > in
smtpd_raw < in
is "$(replies)" "500 command line too long (#5.5.2)
500 command line too long (#5.5.2)
250 ok
221 quail.test" "a 1 MB command line and a 5 kB one: 500, read to the LF, in step"
is "$status" 0 "  QUIT still works"
{ printf 'NOOP '; head -c 4090 /dev/zero | tr '\0' a; printf '\r\nQUIT\r\n'; } > in
smtpd_raw < in
is "$(replies | head -n 1)" "250 ok" "4096 bytes with CR are accepted"
{ printf 'NOOP '; head -c 5000 /dev/zero | tr '\0' a; } > in
smtpd_raw < in
is "$status" 111 "a long line that never ends: 111 at end of input"

# 10,000 RCPTs: the first 1000 accepted, the rest 452, one message
clear_qq
{ printf 'MAIL FROM:<a@example.org>\r\n'
  i=0; while [ $i -lt 10000 ]; do printf 'RCPT TO:<u%d@quail.test>\r\n' $i
  i=$((i + 1)); done; printf 'DATA\r\nx\r\n.\r\nQUIT\r\n'; } > in
smtpd_raw < in
is "$(replies | LC_ALL=C sort | uniq -c | sed 's/^ *//; s/ qp [0-9]*$//; s/ok [0-9]*$/ok T/')" \
    "1 221 quail.test
1001 250 ok
1 250 ok T
1 354 go ahead
9000 452 too many recipients (#4.5.3)" "10,000 RCPTs: 1000 accepted, 9000 get 452"
is "$(last_env | tr '|' '\n' | grep -c '^T')" 1000 "  1000 in the envelope"
is "$(last_env | tr '|' '\n' | sed -n '2p;1001p')" "Tu0@quail.test
Tu999@quail.test" "  the first ones"

# invalid UTF-8 and other 8-bit bytes in commands
clear_qq
printf 'HELO \377\376caf\303(\r\nMAIL FROM:<\300\200@example.org>\r\nRCPT TO:<\355\240\200@quail.test>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' > in
smtpd_raw < in
like "$(replies | sed -n 5p)" '^250 ok' "8-bit bytes in HELO, MAIL, RCPT: accepted"
is "$(last_env | od -An -c | tr -s ' \n' ' ')" \
    "$(printf 'F\300\200@example.org|T\355\240\200@quail.test||' | od -An -c | tr -s ' \n' ' ')" \
    "  passed to the queue unchanged"
like "$(last_msg | head -n 1)" '^Received: from client.example \(HELO \?\?caf\?\(\?\)|^Received: from client.example \(HELO \?\?caf\?\?\)' \
    "  shown as ? in the Received line"

# a client that stops talking
echo 1 > "$Q/control/timeoutsmtpd"
mkfifo slow
( printf 'EHLO x\r\n'; sleep 4 ) > slow &
slowpid=$!
at_exit "kill $slowpid 2>/dev/null"
start=$(date +%s)
run_in slow env TCPREMOTEIP=192.0.2.7 "$SMTPD"
took=$(( $(date +%s) - start ))
is "$(printf '%s\n' "$stdout" | tr -d '\r' | tail -n 1)" "451 timeout (#4.4.2)" \
    "silent client: 451 timeout"
is "$status" 111 "  exit 111"
ok "$([ "$took" -le 3 ]; echo $?)" "  after control/timeoutsmtpd seconds ($took)"
clear_qq
( printf "MAIL FROM:<a@example.org>\r\nRCPT TO:<u@quail.test>\r\nDATA\r\nhalf"; sleep 4 ) > slow &
slowpid=$!
at_exit "kill $slowpid 2>/dev/null"
run_in slow env TCPREMOTEIP=192.0.2.7 "$SMTPD"
is "$(printf '%s\n' "$stdout" | tr -d '\r' | tail -n 1)" "451 timeout (#4.4.2)" \
    "silent in DATA: 451 timeout"
ok "$(! [ "$(queued)" -gt 0 ]; echo $?)" "  nothing queued"
rm "$Q/control/timeoutsmtpd"

# control files that exist but cannot be read
mkdir "$Q/control/badmailfrom"
echo QUIT > in
smtpd < in
is "$stdout" "421 unable to read controls (#4.3.0)" "an unreadable control file: 421"
is "$status" 111 "  exit 111"
like "$stderr" '^qmail-smtpd: warning: unable to read control/badmailfrom: ' \
    "  the log names the file"
rmdir "$Q/control/badmailfrom"
echo 12x > "$Q/control/databytes"
smtpd < in
is "$stdout" "421 unable to read controls (#4.3.0)" "databytes not a number: 421"
rm "$Q/control/databytes"
smtpd DATABYTES=lots < in
is "$stdout" "421 unable to read controls (#4.3.0)" "DATABYTES not a number: 421"
