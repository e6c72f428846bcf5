#!/bin/sh
# qmail-smtpd DATA: ends only at CRLF.CRLF; bare CR and bare LF refused
# with 451 after the rest is read (never queued); a "." line next to a
# bare LF answered and closed; databytes (552, read to the end, nothing
# queued); hop counting (554); long lines; 8-bit text; a client that
# disconnects mid-DATA leaves nothing queued.
. "${0%/*}/ilib.sh"
. "$TOP/t/smtpd-lib.sh"
plan 32
BARE="451 message has a bare CR or LF, see https://cr.yp.to/docs/smtplf.html (#4.6.0)"
HEAD='MAIL FROM:<a@example.org>\r\nRCPT TO:<u@quail.test>\r\nDATA\r\n'

# data TEXT [VAR=value...]: one message, TEXT sent exactly (printf
# escapes), after MAIL, RCPT and DATA; then QUIT.
data() {
    _t=$1; shift
    clear_qq
    printf "$HEAD$_t" > in
    printf 'QUIT\r\n' >> in
    smtpd_raw "$@" < in
}
# has_envelope: the fake queue got an envelope, i.e. something could
# have been queued.
has_envelope() { [ "$(queued)" -gt 0 ]; }

data 'a\r\n.\r\n'
is "$(replies | sed -n 4,5p)" "$(printf '250 ok %s qp %s\n221 quail.test' \
    "$(replies | sed -n 4p | cut -d' ' -f3)" "$(replies | sed -n 4p | cut -d' ' -f5)")" \
    "CRLF.CRLF ends the message"

# --- bare LF / bare CR ------------------------------------------------------
data 'Subject: x\r\n\r\nline\nMAIL FROM:<evil@example.org>\r\n.\r\n'
is "$(replies | sed -n 4,5p)" "$BARE
221 quail.test" "bare LF: 451 at the real end, the session goes on"
ok "$(! has_envelope; echo $?)" "  nothing queued"
is "$status" 0 "  and QUIT is still understood"

data 'a\rb\r\n.\r\n'
is "$(replies | sed -n 4p)" "$BARE" "bare CR: 451"
ok "$(! has_envelope; echo $?)" "  nothing queued"

data 'a\r\r\n.\r\n'
is "$(replies | sed -n 4p)" "$BARE" "CR CR LF: 451"

data 'a\r\n.\rMAIL FROM:<e@example.org>\r\nRCPT TO:<v@quail.test>\r\nDATA\r\nsmuggled\r\n.\r\n'
is "$(replies | sed -n 4,5p)" "$BARE
221 quail.test" "CRLF.CR is no end: the smuggled commands are message text"
ok "$(! has_envelope; echo $?)" "  nothing queued"

for shape in 'a\n.\n:LF.LF' 'a\n.\r\n:LF.CRLF' 'a\r\n.\n:CRLF.LF'; do
    data "${shape%:*}MAIL FROM:<e@example.org>\r\nRCPT TO:<v@quail.test>\r\nDATA\r\nsmuggled\r\n.\r\n"
    is "$(replies | sed -n 4,9p)" "$BARE" \
        "a dot line touching a bare LF (${shape#*:}): 451 and close"
    is "$status" 100 "  exit 100"
done
ok "$(! has_envelope; echo $?)" "  nothing queued"

# --- dot handling and 8-bit text --------------------------------------
data '..\r\n...\r\n.x\r\n \r\n.\r\n'
is "$(last_msg | sed 1,2d)" ".
..
x
 " "dot-unstuffing: one leading dot removed"
data 'caf\303\251 \377\376 \300\200 \355\240\200\r\n\000nul\r\n.\r\n'
is "$(last_msg | sed 1,2d | od -An -c | tr -s ' ')" \
    "$(printf 'caf\303\251 \377\376 \300\200 \355\240\200\n\000nul\n' | od -An -c | tr -s ' ')" \
    "invalid UTF-8 and NUL in the body are queued as they are"

# --- databytes -------------------------------------------------------------
echo 20 > "$Q/control/databytes"
data '0123456789\r\n01234567\r\n.\r\n'
like "$(replies | sed -n 4p)" '^250 ok' "20 bytes with databytes 20: accepted"
data '0123456789\r\n012345678\r\n.\r\nNOOP\r\n'
is "$(replies | sed -n 4,5p)" "552 sorry, that message size exceeds my databytes limit (#5.3.4)
250 ok" "21 bytes: 552 after reading to the end, session in step"
ok "$(! has_envelope; echo $?)" "  nothing queued"
data '..........\r\n..........\r\n.\r\n'
like "$(replies | sed -n 4p)" '^250 ok' "the limit counts unstuffed bytes"
rm "$Q/control/databytes"
head -c 2000000 /dev/zero | tr '\0' y > long
data "$(cat long)\r\n.\r\n" DATABYTES=3000000
like "$(replies | sed -n 4p)" '^250 ok' "a 2 MB line is fine within databytes"
is "$(last_msg | sed 1,2d | wc -c)" 2000001 "  queued whole"
data "$(cat long)\r\n.\r\n" DATABYTES=1000000
is "$(replies | sed -n 4p)" "552 sorry, that message size exceeds my databytes limit (#5.3.4)" \
    "  552 over DATABYTES"
ok "$(! has_envelope; echo $?)" "  no envelope: nothing queued"

# --- hops ------------------------------------------------------------------
h=$(i=0; while [ $i -lt 50 ]; do printf 'Received: x\\r\\nDelivered-To: y\\r\\n'; i=$((i+1)); done)
data "${h}\r\nbody\r\n.\r\n"
like "$(replies | sed -n 4p)" '^250 ok' "100 Received/Delivered-To lines: accepted"
data "${h}received: z\r\n\r\nbody\r\n.\r\n"
is "$(replies | sed -n 4p)" "554 too many hops, this message is looping (#5.4.6)" \
    "101: 554"
ok "$(! has_envelope; echo $?)" "  nothing queued"
data "Subject: x\r\n\r\n${h}Received: z\r\n.\r\n"
like "$(replies | sed -n 4p)" '^250 ok' "trace lines in the body do not count"

# --- the client goes away in the middle ---------------------------------
clear_qq
printf "${HEAD}Subject: cut\r\n\r\nhalf a mess" > in
smtpd_raw < in
is "$status" 111 "disconnect mid-DATA: exit 111"
ok "$(! has_envelope; echo $?)" "  no envelope: nothing can be queued"
