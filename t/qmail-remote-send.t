#!/bin/sh
# Remote delivery end to end: qmail-send under supervise, with the real
# qmail-rspawn and qmail-remote, delivering to SMTP sinks found through
# dnsmasq inside a network namespace. A deferral then delivery after
# svc -a; a 550 that bounces (the bounce itself going out by SMTP);
# mixed recipients; queuelifetime turning a deferral into a bounce.
. "${0%/*}/ilib.sh"
need_root
command -v dnsmasq >/dev/null || skip_all "dnsmasq is not installed"
. "$TOP/t/data/netns.sh"
plan 20

quail_install
ns_start
S=$TMP/sink
{
    echo "mx-host=a.test,mx.a.test,10"
    echo "host-record=mx.a.test,198.51.100.10"
    echo "mx-host=b.test,mx.b.test,10"
    echo "host-record=mx.b.test,198.51.100.20"
} > "$TMP/zone"
dns_start "$TMP/zone"
sink_start "$S" 198.51.100.10:25 198.51.100.20:25

LOG=$TMP/send.log
: > "$LOG"
SV=$TMP/service/qmail-send
mkdir -p "$SV"
cat > "$SV/run" <<EOF
#!/bin/sh
exec >>$LOG 2>&1
cd $Q || exit 111
exec ip netns exec $NS env - PATH=$Q/bin:/usr/bin:/bin \\
    ./bin/qmail-start ./Maildir/
EOF
chmod 755 "$SV/run"
svscan_start "$TMP/service"
wait_log() { wait_until "${2:-15}" "grep -Eq -- '$1' '$LOG'"; }
wait_log '^status:' || { echo "not ok - qmail-send did not start"
    sed 's/^/# /' "$LOG"; exit 1; }

# inject SUBJECT SENDER RCPT...: queue a message through qmail-queue
inject() {
    _subj=$1 _s=$2
    shift 2
    { printf 'F%s\0' "$_s"; for _r; do printf 'T%s\0' "$_r"; done
      printf '\0'; } > "$TMP/.env"
    printf 'Subject: %s\n\nbody of %s\n' "$_subj" "$_subj" > "$TMP/.msg"
    "$Q/bin/qmail-queue" < "$TMP/.msg" 1< "$TMP/.env" ||
        echo "# qmail-queue failed: $?"
}
# The message the sink got for RCPT $1 (the last one), or nothing.
got_for() {
    python3 - "$S" "$1" <<'PY'
import re, sys
d, rcpt = sys.argv[1], sys.argv[2]
conn = {}
found = None
for line in open(d + "/log", errors="replace"):
    addr, _, rest = line.rstrip("\n").partition(" ")
    if rest == "connect":
        conn[addr] = []
    elif rest.startswith("RCPT TO:<"):
        conn.setdefault(addr, []).append(rest[9:-1])
    elif rest.startswith("DATA ") and rcpt in conn.get(addr, []):
        found = rest[5:]
if found:
    sys.stdout.write(open("%s/msg.%s" % (d, found), errors="replace").read())
PY
}

# --- a deferral, then delivery after svc -a ------------------------------
echo greet421 > "$S/mode-198.51.100.10"
inject one joe@b.test u1@a.test
wait_log 'delivery [0-9]+: deferral: Connected_to_198\.51\.100\.10_but_the_greeting_failed\./Remote_host_said:_421_sink\.test_busy,_come_back_later/'
ok $? "421 greeting: deferral logged with qmail-remote's text"
echo ok > "$S/mode-198.51.100.10"
svc -a "$SV"
wait_log 'delivery [0-9]+: success: 198\.51\.100\.10_accepted_the_message\./Remote_host_said:_250_2\.0\.0_queued_as_[0-9]+/'
ok $? "after svc -a: success"
like "$(got_for u1@a.test)" 'Subject: one' "the sink has the message"
like "$(got_for u1@a.test)" 'body of one' "with its body"
like "$(grep 'MAIL FROM:<joe@b.test>' "$S/log")" joe "from the envelope sender"
wait_until 10 "[ -z \"\$(find $Q/queue/mess -type f)\" ]"
ok $? "the queue is empty again"

# --- a 550 bounces, and the bounce goes out by SMTP -----------------------
inject two joe@b.test bad@a.test
wait_log 'delivery [0-9]+: failure: 198\.51\.100\.10_does_not_like_the_recipient\./Remote_host_said:_550_5\.1\.1_no_such_user_here/Giving_up_on_198\.51\.100\.10\./'
ok $? "550 to RCPT: failure logged"
wait_until 15 "[ -n \"\$(got_for joe@b.test)\" ]"
ok $? "a bounce reaches the sender's MX"
b=$(got_for joe@b.test)
like "$b" '<bad@a\.test>:' "it names the recipient"
like "$b" '550 5\.1\.1 no such user here' "with the remote server's words"
like "$b" 'Subject: two' "and a copy of the message"
like "$(grep -B3 'RCPT TO:<joe@b.test>' "$S/log" | grep MAIL)" 'MAIL FROM:<>' \
    "from the null sender"

# --- mixed recipients; queuelifetime -------------------------------------
echo 3 > "$Q/control/queuelifetime"
n=$(grep -c '^status:' "$LOG")
svc -t "$SV"
wait_until 15 "[ \$(grep -c '^status:' '$LOG') -gt $n ]"
ok $? "qmail-send restarted with queuelifetime 3"
: > "$S/log.before"
cp "$S/log" "$S/log.before"
lines0=$(wc -l < "$LOG")
inject three joe@b.test good@a.test bad3@a.test later@a.test
since() { tail -n +"$((lines0 + 1))" "$LOG"; }
wait_until 15 "since | grep -q 'deferral: .*451_4\.2\.0_mailbox_busy'"
ok $? "later@: deferral"
wait_until 15 "since | grep -q 'failure: .*550_5\.1\.1'"
ok $? "bad3@: failure"
wait_until 15 "since | grep -q 'success: 198\.51\.100\.10_accepted'"
ok $? "good@: success"
like "$(got_for good@a.test)" 'Subject: three' "good@ got the message"
sleep 5 # qmail-send counts whole seconds, and over 3 of them
svc -a "$SV"
wait_until 15 "since | grep -q 'failure: .*Giving_up:_this_message_has_been_in_the_queue_too_long\./'"
ok $? "later@ after queuelifetime: failure"
wait_until 15 "got_for joe@b.test | grep -q 'Subject: three'"
b=$(got_for joe@b.test | tr '\n' ' ')
like "$b" '<bad3@a\.test>:.*<later@a\.test>:|<later@a\.test>:.*<bad3@a\.test>:' \
    "one bounce for both failed recipients"
unlike "$(got_for joe@b.test | sed '/^--- Below/,$d')" 'good@a\.test' \
    "not for the delivered one"
