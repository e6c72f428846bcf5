#!/bin/sh
# make run: the whole system on loopback ports from one command; mail
# sent with swaks lands in the demo user's Maildir and can be read by
# POP3 with the printed password; stopping it stops everything.
. "${0%/*}/ilib.sh"
need_root
plan 8
demo=qt$$run
smtp=$(free_port) pop3=$(free_port) qmtp=$(free_port) qmqp=$(free_port)
at_exit "_deluser $demo"
RUNDIR=$TMP/run RUN_DEMO=$demo RUN_SMTPPORT=$smtp RUN_POP3PORT=$pop3 \
RUN_QMTPPORT=$qmtp RUN_QMQPPORT=$qmqp BUILD=$BUILD CC=${QUAIL_CC:-cc} \
CFLAGS=${QUAIL_CFLAGS:--O2 -g} LDFLAGS=${QUAIL_LDFLAGS-} \
    sh -c 'cd "$1" && exec tools/run.sh' sh "$TOP" >run.out 2>&1 &
run_pid=$!
at_exit "kill -TERM $run_pid 2>/dev/null; wait $run_pid 2>/dev/null"
wait_until 60 "grep -q 'Ctrl-C stops' run.out"
ok $? "make run starts and says how to stop it" || sed 's/^/# /' run.out
like "$(cat run.out)" "SMTP: +127.0.0.1 port $smtp" "it prints the SMTP port"
for s in qmail-send qmail-smtpd qmail-pop3d; do
    wait_up "$TMP/run/service/$s" 30 || diag "$s is not up"
done
# "up" means tcpserver was started, not that it listens yet.
listening() {
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" \
        2>/dev/null
}
wait_until 30 "listening $smtp && listening $pop3" || diag "ports not open"
run swaks --server 127.0.0.1:$smtp --to $demo@localhost --body "hello run"
is "$status" 0 "swaks sends a message to the demo user"
maildir=$TMP/run/home/$demo/Maildir/new
wait_until 20 "[ -n \"\$(ls '$maildir' 2>/dev/null)\" ]"
ok $? "the message is delivered to the demo user's Maildir"
like "$(cat "$maildir"/* 2>/dev/null)" "hello run" "with its text"
pw=$(sed -n 's/.*password \([^ ]*\)$/\1/p' run.out | head -n 1)
run python3 -c 'import poplib, sys
p = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=20)
p.user(sys.argv[2]); p.pass_(sys.argv[3]); print(p.stat()[0]); p.quit()' \
    "$pop3" "$demo" "$pw"
is "$stdout" 1 "POP3 login with the printed password sees the message"
svscan_pid=$(pgrep -P "$run_pid" svscan 2>/dev/null || true)
kill -TERM $run_pid
wait_until 30 "! kill -0 $run_pid 2>/dev/null"
ok $? "make run stops on TERM"
like "$(cat run.out)" "make run: stopped" "and says so"
