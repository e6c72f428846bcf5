#!/bin/sh
# The installed QMTP and QMQP services end to end: svscan -> supervise
# service/qmail-qmtpd and service/qmail-qmqpd -> tcpserver with
# control/tcp.qmtp.cdb and tcp.qmqp.cdb -> the servers as qmaild ->
# qmail-queue -> queue/todo, on loopback ports from control files.
. "${0%/*}/ilib.sh"
need_root
plan 17
quail_install
QM="python3 $TOP/t/data/qmtp.py"
C=$Q/control
P1=$(free_port)
P2=$(free_port)
while [ "$P2" = "$P1" ]; do P2=$(free_port); done
echo 127.0.0.1 > "$C/qmtpip"
echo "$P1" > "$C/qmtpport"
echo 127.0.0.1 > "$C/qmqpip"
echo "$P2" > "$C/qmqpport"
# ASan reserves terabytes of address space: no memory limit for it
case ${QUAIL_CFLAGS-} in *sanitize=address*) echo = > "$C/smtpsoftlimit" ;; esac
mkdir "$TMP/sv"
ln -s "$Q/service/qmail-qmtpd" "$TMP/sv/qmail-qmtpd"
ln -s "$Q/service/qmail-qmqpd" "$TMP/sv/qmail-qmqpd"
svscan_start "$TMP/sv"
wait_up "$TMP/sv/qmail-qmtpd" 10
ok $? "service/qmail-qmtpd is up"
wait_up "$TMP/sv/qmail-qmqpd" 10
ok $? "service/qmail-qmqpd is up"
listening() {
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" \
        2>/dev/null
}
wait_until 10 "listening $P1 && listening $P2"
ok $? "both listen on control/qmtpip:qmtpport and qmqpip:qmqpport"

todo() { ls "$Q/queue/todo" | wc -l; }
newest() {
    id=$(ls -t "$Q/queue/todo" | head -n 1)
    cat "$Q/queue/mess/$((id % 23))/$id"
}
printf 'Subject: qmtp\n\nhello\n' > msg

# --- QMTP ---------------------------------------------------------------------
$QM qmtp msg a@example.org u@quail.test x@evil.example > pkg
run sh -c "$QM send 127.0.0.1 $P1 < pkg"
is "$(printf '%s\n' "$stdout" | grep -cE '^Kok [0-9]+ qp [0-9]+$')" 2 \
    "QMTP from 127.0.0.1: K for a local and a foreign recipient (relay)"
wait_until 5 '[ "$(todo)" = 1 ]'
ok $? "queued by qmail-queue"
like "$(newest | sed -n 2p)" '^Received: from [a-z.]+ \(127.0.0.1\)$' \
    "qmail-qmtpd's Received line, TCPREMOTEIP from tcpserver"
like "$(newest | sed -n 3p)" '^  by quail.test with QMTP; ' \
    "TCPLOCALHOST is control/me (tcpserver -l)"
like "$(newest | sed -n 1p)" '^Received: \(qmail [0-9]+ invoked from network\); ' \
    "under qmail-queue's line: qmail-qmtpd ran as qmaild"

{ echo '127.0.0.2:allow'; echo '127.0.0.3:deny'; cat "$C/tcp.qmtp"; } > new
mv new "$C/tcp.qmtp"
tcprules "$C/tcp.qmtp.cdb" "$C/tcp.qmtp.tmp" < "$C/tcp.qmtp"
run env QMTP_SOURCE=127.0.0.2 sh -c "$QM send 127.0.0.1 $P1 < pkg"
is "$(printf '%s\n' "$stdout" | sed -E 's/^Kok [0-9]+ qp [0-9]+$/K/')" "K
Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)" \
    "127.0.0.2 without RELAYCLIENT: the foreign recipient is refused"
wait_until 5 '[ "$(todo)" = 2 ]'
is "$(newest | grep -c '^Received: from')" 1 "the local one is queued"
run env QMTP_SOURCE=127.0.0.3 sh -c "$QM send 127.0.0.1 $P1 < pkg"
is "$status/$stdout" "0/" "127.0.0.3 denied by tcp.qmtp.cdb: no answer"

# --- QMQP ---------------------------------------------------------------------
echo "127.0.0.1:$P2" > "$C/qmqpservers"
printf 'Fa@example.org\0Tu@quail.test\0Ty@evil.example\0\0' > env
run sh -c "exec '$Q/bin/qmail-qmqpc' < msg 1< env"
is "$status" 0 "qmail-qmqpc to the QMQP service: queued"
wait_until 5 '[ "$(todo)" = 3 ]'
ok $? "in this host's queue"
like "$(newest | sed -n 3p)" '^  by quail.test with QMQP; ' \
    "with qmail-qmqpd's Received line"
{ echo '127.0.0.2:deny'; cat "$C/tcp.qmqp"; } > new
mv new "$C/tcp.qmqp"
tcprules "$C/tcp.qmqp.cdb" "$C/tcp.qmqp.tmp" < "$C/tcp.qmqp"
$QM qmqp msg a@example.org u@quail.test > req
run env QMTP_SOURCE=127.0.0.2 sh -c "$QM send 127.0.0.1 $P2 < req"
is "$status/$stdout" "0/" "a host tcp.qmqp.cdb denies gets no answer"
run sh -c "$QM send 127.0.0.1 $P2 < req"
like "$stdout" '^Kok ' "127. is allowed by the example rules"
is "$(todo)" 4 "nothing else queued"
