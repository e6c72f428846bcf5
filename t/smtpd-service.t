#!/bin/sh
# The installed SMTP service end to end: svscan -> supervise
# service/qmail-smtpd -> tcpserver with control/tcp.smtp.cdb -> rblsmtpd
# -> qmail-smtpd -> qmail-queue, driven by swaks and python3 smtplib on
# loopback. The example tcp.smtp lets 127. relay; added rules refuse
# relaying to 127.0.0.2 and block 127.0.0.3 through RBLSMTPD.
. "${0%/*}/ilib.sh"
need_root
plan 24
quail_install
P=$(free_port)
echo 127.0.0.1 > "$Q/control/smtpip"
echo "$P" > "$Q/control/smtpport"
# ASan reserves terabytes of address space: no memory limit for it
case ${QUAIL_CFLAGS-} in *sanitize=address*) echo = > "$Q/control/smtpsoftlimit" ;; esac
mkdir "$TMP/sv"
ln -s "$Q/service/qmail-smtpd" "$TMP/sv/qmail-smtpd"
svscan_start "$TMP/sv"
wait_up "$TMP/sv/qmail-smtpd" 10
ok $? "service/qmail-smtpd is up"
listening() {
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $P), 1)" \
        2>/dev/null
}
wait_until 10 listening
ok $? "tcpserver listens on control/smtpip, control/smtpport"

todo() { ls "$Q/queue/todo" | wc -l; }
# swaks_run ARGS: swaks to the service; sets $status and $stdout
swaks_run() {
    run swaks --server 127.0.0.1 --port "$P" --timeout 10 \
        --from sender@example.org --helo client.example "$@"
}

swaks_run --to joe@quail.test --header 'Subject: e2e'
is "$status" 0 "swaks: mail for a local domain is accepted"
like "$stdout" '<-  250 ok [0-9]+ qp [0-9]+' "  250 ok TIME qp PID"
is "$(todo)" 1 "  and queued by qmail-queue"
id=$(ls "$Q/queue/todo")
m=$Q/queue/mess/$((id % 23))/$id
like "$(sed -n 2p "$m")" '^Received: from unknown \(HELO client.example\) \(127.0.0.1\)$' \
    "  qmail-smtpd's Received line, TCPREMOTEIP from tcpserver"
like "$(sed -n 3p "$m")" "^  by quail.test with SMTP; " \
    "  TCPLOCALHOST is control/me (tcpserver -l)"
like "$(sed -n 1p "$m")" '^Received: \(qmail [0-9]+ invoked from network\); ' \
    "  under qmail-queue's line: qmail-smtpd ran as qmaild"

swaks_run --to someone@evil.example
is "$status" 0 "127.0.0.1 may relay: RELAYCLIENT from tcp.smtp.cdb"
is "$(todo)" 2 "  queued"

# rules for two more loopback addresses, before the example's 127.
C=$Q/control
{ echo '127.0.0.2:allow,RBLSMTPD=""'
  echo '127.0.0.3:allow,RBLSMTPD="-you are blocked here"'
  cat "$C/tcp.smtp"; } > "$C/tcp.smtp.new"
mv "$C/tcp.smtp.new" "$C/tcp.smtp"
tcprules "$C/tcp.smtp.cdb" "$C/tcp.smtp.tmp" < "$C/tcp.smtp"
swaks_run --to someone@evil.example --local-interface 127.0.0.2
like "$stdout" "<\*\* +553 sorry, that domain isn't in my list of allowed rcpthosts \(#5.7.1\)" \
    "127.0.0.2 without RELAYCLIENT: relaying refused"
swaks_run --to joe@quail.test --local-interface 127.0.0.2
is "$status" 0 "  but local mail is accepted"
swaks_run --to joe@quail.test --local-interface 127.0.0.3
like "$stdout" '<\*\* +553 you are blocked here' \
    "127.0.0.3: rblsmtpd refuses with the RBLSMTPD text"
is "$(todo)" 3 "nothing more queued"

# python3 smtplib: EHLO, pipelining and SIZE as a client library sees them
cat > client.py <<PY
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", $P, timeout=10)
code, _ = s.ehlo("py.example")
print("ehlo", code, " ".join(sorted(s.esmtp_features)))
s.sendmail("a@example.org", ["x@quail.test", "y@quail.test"],
           "Subject: py\r\n\r\nline one\r\n.starts with a dot\r\n")
try:
    s.sendmail("a@example.org", ["z@quail.test"], "x" * 2000)
except smtplib.SMTPSenderRefused as e:
    print("size", e.smtp_code)
print("quit", s.quit()[0])
PY
echo 1000 > "$C/databytes"
run python3 client.py
is "$stdout" "ehlo 250 8bitmime pipelining size
size 552
quit 221" "smtplib: EHLO features, SIZE refused with 552 at MAIL, QUIT"
is "$(todo)" 4 "  one message queued"
id=$(ls -t "$Q/queue/todo" | head -n 1)
m=$Q/queue/mess/$((id % 23))/$id
is "$(sed '1,3d' "$m")" "Subject: py

line one
.starts with a dot" "  dot-stuffing undone"

wait_until 10 "grep -q 'tcpserver: end' '$Q/service/qmail-smtpd/log/main/current'"
ok $? "tcpserver -v logs through multilog in log/main"
like "$(stat -c %U "$Q/service/qmail-smtpd/log/main/current")" '^qmaill$' \
    "  written as qmaill"

# IPv6: listen on ::1; the example's ::1 rule relays
echo ::1 > "$Q/control/smtpip"
svc -t "$TMP/sv/qmail-smtpd"
listening6() {
    python3 -c "import socket; socket.create_connection(('::1', $P), 1)" \
        2>/dev/null
}
wait_until 10 listening6
ok $? "restarted on control/smtpip ::1"
cat > client6.py <<PY
import smtplib
s = smtplib.SMTP("::1", $P, timeout=10)
s.sendmail("a@example.org", ["far@evil.example"], "Subject: six\r\n\r\nv6\r\n")
print(s.quit()[0])
PY
run python3 client6.py
is "$stdout" 221 "an IPv6 client may relay through the ::1 rule"
id=$(ls -t "$Q/queue/todo" | head -n 1)
like "$(sed -n 2p "$Q/queue/mess/$((id % 23))/$id")" \
    '^Received: from unknown \(HELO .*\) \(::1\)$' "the Received line shows ::1"

# rblsmtpd is in the chain only with control/rblzones: then the run file
# gives tcpserver "rblsmtpd -r ZONE bin/qmail-smtpd".
args() {
    _p=$(svstat "$TMP/sv/qmail-smtpd" | sed -n 's/.*(pid \([0-9]*\)).*/\1/p')
    tr '\0' ' ' < "/proc/$_p/cmdline" 2>/dev/null
}
like "$(args)" ' [0-9]+ bin/qmail-smtpd $' "no zones: tcpserver runs qmail-smtpd"
printf '# zones\nbl.example\nbl2.example\n' > "$Q/control/rblzones"
svc -t "$TMP/sv/qmail-smtpd"
wait_until 10 "args | grep -q rblsmtpd"
like "$(args)" ' rblsmtpd -r bl.example -r bl2.example bin/qmail-smtpd $' \
    "control/rblzones: rblsmtpd -r for each zone in front of it"
