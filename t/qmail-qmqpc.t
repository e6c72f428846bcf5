#!/bin/sh
# qmail-qmqpc: in the qmail-queue slot, hands message and envelope to
# qmail-qmqpd under tcpserver (IPv4 and IPv6); tries the servers of
# control/qmqpservers in order until one answers; qmail-queue(8)'s exit
# codes for answers, dead, silent and garbling servers, and bad input.
. "${0%/*}/ilib.sh"
need_root
plan 40
. "$TOP/t/qmtp-lib.sh"
C=$Q/control
QMQPC=$Q/bin/qmail-qmqpc

# A QMQP service: qmail-qmqpd under tcpserver on 127.0.0.1 and ::1.
port=$(free_port)
tcpserver -v -R -H -l hub.quail.test 127.0.0.1 "$port" \
    "$Q/bin/qmail-qmqpd" > /dev/null 2> ts4.log &
at_exit "kill $! 2>/dev/null"
tcpserver -v -R -H -l hub.quail.test ::1 "$port" \
    "$Q/bin/qmail-qmqpd" > /dev/null 2> ts6.log &
at_exit "kill $! 2>/dev/null"
wait_until 10 'grep -q status: ts4.log && grep -q status: ts6.log' ||
    { echo "not ok - tcpserver did not start"; exit 1; }

# Bad servers: "silent" reads and never answers, "garble" answers
# something that is not QMQP, "close" hangs up, "dead" has its accept
# queue full so that connecting times out.
cat > fake.py <<'PY'
import os, socket, sys, threading, time
def serve(s, mode):
    while True:
        c, _ = s.accept()
        c.recv(65536)
        if mode == "garble":
            c.sendall(b"hello there\r\n")
        if mode in ("garble", "close"):
            c.close()
        else:
            keep.append(c)
keep, ports = [], []
for mode in sys.argv[2:]:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    keep.append(s)
    ports.append(str(s.getsockname()[1]))
    if mode == "dead":
        s.listen(0)
        for _ in range(3):
            c = socket.socket()
            c.setblocking(False)
            try:
                c.connect(s.getsockname())
            except BlockingIOError:
                pass
            keep.append(c)
    else:
        s.listen(8)
        threading.Thread(target=serve, args=(s, mode), daemon=True).start()
open(sys.argv[1] + ".tmp", "w").write(" ".join(ports) + "\n")
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Event().wait()
PY
python3 fake.py fakeports silent garble close dead &
at_exit "kill $! 2>/dev/null"
wait_file fakeports || { echo "not ok - fake servers did not start"; exit 1; }
read -r silent garble close dead < fakeports
refused=$(free_port)

printf 'Subject: hi\n\nline 1\nline 2\n' > msg
printf 'Fa@example.org\0Tu@quail.test\0Tv@elsewhere.example\0\0' > env
# qmqpc: run qmail-qmqpc with msg on fd 0 and env on fd 1.
qmqpc() { run sh -c "exec '$QMQPC' < msg 1< env"; }

# --- success, IPv4 and IPv6 --------------------------------------------------
echo "127.0.0.1:$port" > "$C/qmqpservers"
qmqpc
is "$status" 0 "the server took it: exit 0"
is "$stderr" "" "quietly"
qq_settle 1
is "$(envs)" "Fa@example.org|Tu@quail.test|Tv@elsewhere.example||" \
    "the envelope arrived"
sed 1,2d "$QQD"/msg.* > body
cmp -s msg body; ok $? "the message arrived unchanged"
is "$(sed -n 1,2p "$QQD"/msg.* | sed 's/;.*//')" \
"Received: from unknown (127.0.0.1)
  by hub.quail.test with QMQP" "below the server's Received line"
clear_qq

echo "[::1]:$port" > "$C/qmqpservers"
qmqpc
is "$status" 0 "IPv6 server in brackets with a port"
qq_settle 1
like "$(sed -n 1p "$QQD"/msg.*)" '\(::1\)$' "reached over IPv6"
clear_qq

printf 'Fa@example.org\0T\0\0' > env
echo "127.0.0.1:$port" > "$C/qmqpservers"
qmqpc
is "$status" 31 "the server refuses (an empty recipient): 31"
like "$stderr" "^qmail-qmqpc: fatal: 127.0.0.1:$port refused the message: sorry, I can't accept addresses like that \(#5.1.3\)$" \
    "with the server's words"
printf 'F\0Tu@quail.test\0\0' > env
qmqpc
is "$status" 0 "the null sender"
qq_settle 1
is "$(envs)" "F|Tu@quail.test||" "passes as it is"
clear_qq

head -c 3000000 /dev/urandom | base64 > msg
qmqpc
is "$status" 0 "a 4 MB message"
qq_settle 1
sed 1,2d "$QQD"/msg.* > body
cmp -s msg body; ok $? "arrives whole"
clear_qq
printf 'Subject: hi\n\nline 1\nline 2\n' > msg

echo 71 > "$QQD.exit"
qmqpc
is "$status" 71 "the server defers (its qmail-queue said 71): 71"
like "$stderr" "deferred the message: mail server temporarily rejected message \(#4.3.0\)$" \
    "said"
echo 31 > "$QQD.exit"
qmqpc
is "$status" 31 "its qmail-queue said 31: 31"
rm "$QQD.exit"
clear_qq

# --- servers in order -----------------------------------------------------------
printf '# the cluster hub\n127.0.0.1:%s\nnot-an-ip\n127.0.0.1:%s\n[::1]:%s\n' \
    "$refused" "$garble" "$port" > "$C/qmqpservers"
qmqpc
is "$status" 0 "refused, garbling and bad entries are skipped to a good one"
is "$(printf '%s\n' "$stderr" | sed 's/: [^:]*$//')" \
"qmail-qmqpc: warning: unable to connect to 127.0.0.1:$refused
qmail-qmqpc: warning: control/qmqpservers: not an IP address
qmail-qmqpc: warning: lost the connection to 127.0.0.1:$garble" \
    "each said"
qq_settle 1
is "$(queued)" 1 "queued once"
clear_qq
printf '127.0.0.1:%s\n127.0.0.1:%s\n' "$port" "$refused" > "$C/qmqpservers"
qmqpc
is "$status/$stderr" "0/" "the first that answers wins"
qq_settle 1
is "$(queued)" 1 "once"
clear_qq

echo "127.0.0.1:$refused" > "$C/qmqpservers"
qmqpc
is "$status" 73 "connection refused: 73"
like "$stderr" "fatal: no QMQP server took the message$" "said last"
echo "127.0.0.1:$close" > "$C/qmqpservers"
qmqpc
is "$status" 74 "the server hangs up: 74"
like "$stderr" "127.0.0.1:$close closed the connection without an answer" \
    "said"
echo 1 > "$C/timeoutremote"
echo "127.0.0.1:$silent" > "$C/qmqpservers"
qmqpc
is "$status" 74 "a server that never answers: 74 after timeoutremote"
like "$stderr" "lost the connection to 127.0.0.1:$silent: Connection timed out" \
    "said"
echo 1 > "$C/timeoutconnect"
printf '127.0.0.1:%s\n127.0.0.1:%s\n' "$garble" "$dead" > "$C/qmqpservers"
start=$(date +%s)
qmqpc
end=$(date +%s)
is "$status" 72 "connecting times out: 72, the last server's failure"
ok "$([ $((end - start)) -le 3 ]; echo $?)" "after timeoutconnect seconds"
rm "$C/timeoutconnect" "$C/timeoutremote"

# --- configuration and input errors -----------------------------------------------
printf '# nothing\n\n' > "$C/qmqpservers"
qmqpc
is "$status" 55 "no servers: 55"
like "$stderr" "fatal: no usable server in control/qmqpservers$" "said"
rm "$C/qmqpservers"
qmqpc
is "$status" 55 "no control/qmqpservers: 55"
like "$stderr" "fatal: control/qmqpservers is missing$" "said"
echo "127.0.0.1:$port" > "$C/qmqpservers"

printf 'Ta@example.org\0\0' > env
qmqpc
is "$status/$stderr" "91/qmail-qmqpc: fatal: envelope does not start with F" \
    "no F: 91"
printf 'Fa@example.org\0Tu@quail.test\0' > env
qmqpc
is "$status/$stderr" \
    "54/qmail-qmqpc: fatal: envelope ended before its final NUL" \
    "an envelope cut short: 54, nothing sent"
printf 'Fa@example.org\0Xu@quail.test\0\0' > env
qmqpc
is "$status" 91 "a recipient without T: 91"
{ printf 'Fa@example.org\0T'; head -c 1001 /dev/zero | tr '\0' x
  printf '\0\0'; } > env
qmqpc
is "$status/$stderr" "11/qmail-qmqpc: fatal: envelope address too long" \
    "a 1001-byte address: 11"
qq_settle 0
is "$(ls "$QQD")" "" "none of those reached the server"

# --- as QMAILQUEUE of another receiver ------------------------------------------
printf 'Fa@example.org\0Tu@quail.test\0\0' > env
$QM qmtp msg a@example.org u@quail.test > in
run_in in env QMAILQUEUE="$QMQPC" "$Q/bin/qmail-qmtpd"
like "$(printf '%s' "$stdout" | $QM decode)" '^Kok ' \
    "qmail-qmtpd through qmail-qmqpc: K"
qq_settle 1
is "$(envs)" "Fa@example.org|Tu@quail.test||" "the message reached the hub"
