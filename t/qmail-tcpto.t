#!/bin/sh
# qmail-tcpto, qmail-tcpok, and qmail-remote's use of queue/lock/tcpto:
# timeouts (not refusals) are counted, at most one per two minutes; two
# make qmail-remote skip the address, going on to the next exchanger;
# a success forgets it; qmail-tcpok forgets all. IPv4 and IPv6. Dead
# hosts are listeners with a full accept queue inside a network
# namespace, so connections to them time out.
. "${0%/*}/ilib.sh"
need_root
command -v dnsmasq >/dev/null || skip_all "dnsmasq is not installed"
. "$TOP/t/data/netns.sh"
plan 27

quail_install
ns_start
S=$TMP/sink
T=$Q/queue/lock/tcpto
{
    echo "mx-host=dead.test,mx10.dead.test,10"
    echo "mx-host=dead.test,mx20.dead.test,20"
    echo "host-record=mx10.dead.test,198.51.100.99"
    echo "host-record=mx20.dead.test,198.51.100.10"
} > "$TMP/zone"
dns_start "$TMP/zone"
sink_start "$S" 198.51.100.10:25 dead=198.51.100.99:25 \
    'dead=[2001:db8:1::99]:25'
printf 'Subject: hello\n\nbody\n' > "$TMP/msg"
echo 1 > "$Q/control/timeoutconnect"

qr() {
    nsrun "$Q/bin/qmail-remote" "$@" <"$TMP/msg" >"$TMP/qr.out"
    qr=$(tr '\0\n' '|/' <"$TMP/qr.out")
}
# age SECONDS: move the time of every record back
age() {
    python3 - "$T" "$1" <<'PY'
import struct, sys
path, secs = sys.argv[1], int(sys.argv[2])
b = bytearray(open(path, "rb").read())
for i in range(0, len(b) - 31, 32):
    if b[i + 1]:
        (when,) = struct.unpack_from("<q", b, i + 8)
        struct.pack_into("<q", b, i + 8, when - secs)
open(path, "r+b").write(bytes(b))
PY
}

run "$Q/bin/qmail-tcpto"
is "$status:$stdout:$stderr" "0::" "an empty table prints nothing"

start=$(date +%s)
qr '[198.51.100.99]' joe@quail.test u@x.test
like "$qr" '^ZUnable to connect to \[198\.51\.100\.99\] \(198\.51\.100\.99: Connection timed out\)\. \(#4\.4\.1\)' \
    "dead host: connection timed out"
ok "$([ $(( $(date +%s) - start )) -le 3 ]; echo $?)" \
    "control/timeoutconnect (1 second) is the limit"
run "$Q/bin/qmail-tcpto"
like "$stdout" '^198\.51\.100\.99 timed out [0-9] seconds ago; # recent timeouts: 1$' \
    "qmail-tcpto shows the timeout"
qr '[198.51.100.99]' joe@quail.test u@x.test
like "$qr" 'Connection timed out' "one timeout: tried again"
run "$Q/bin/qmail-tcpto"
like "$stdout" '# recent timeouts: 1$' "a second timeout within 2 minutes does not count"
age 200
qr '[198.51.100.99]' joe@quail.test u@x.test
run "$Q/bin/qmail-tcpto"
like "$stdout" '^198\.51\.100\.99 timed out [0-9] seconds ago; # recent timeouts: 2$' \
    "a timeout 200 seconds later counts"
start=$(date +%s)
qr '[198.51.100.99]' joe@quail.test u@x.test
like "$qr" '^ZUnable to connect to \[198\.51\.100\.99\] \(198\.51\.100\.99: timed out recently, see qmail-tcpto\)\. \(#4\.4\.1\)' \
    "two timeouts: the address is skipped"
ok "$([ $(( $(date +%s) - start )) -le 1 ]; echo $?)" "without waiting"

echo 5 > "$Q/control/timeoutconnect"
start=$(date +%s)
qr dead.test joe@quail.test u@dead.test
like "$qr" '^r\|K198\.51\.100\.10 ' "the next exchanger gets the mail"
ok "$([ $(( $(date +%s) - start )) -le 2 ]; echo $?)" \
    "the dead best exchanger cost no connect timeout"
echo 1 > "$Q/control/timeoutconnect"

qr '[IPv6:2001:db8:1::99]' joe@quail.test u@x.test
like "$qr" '2001:db8:1::99: Connection timed out' "IPv6 dead host"
run "$Q/bin/qmail-tcpto"
like "$stdout" '^2001:db8:1::99 timed out [0-9] seconds ago; # recent timeouts: 1$' \
    "IPv6 address in the table"
is "$(echo "$stdout" | wc -l)" 2 "both addresses listed"

qr '[198.51.100.98]' joe@quail.test u@x.test
like "$qr" 'Connection refused' "refused connection"
run "$Q/bin/qmail-tcpto"
unlike "$stdout" '198\.51\.100\.98' "a refusal is not counted"

# a success forgets: put a record for the live sink in by hand
python3 - "$T" <<'PY'
import struct, sys, time
b = bytearray(open(sys.argv[1], "rb").read())
for i in range(0, len(b) - 31, 32):
    if not b[i + 1]:
        b[i:i + 32] = bytes([4, 1]) + bytes(6) + struct.pack("<q", int(time.time())) \
            + bytes([198, 51, 100, 10]) + bytes(12)
        break
open(sys.argv[1], "r+b").write(bytes(b))
PY
run "$Q/bin/qmail-tcpto"
like "$stdout" '^198\.51\.100\.10 timed out' "(record for a live host)"
qr '[198.51.100.10]' joe@quail.test u@x.test
like "$qr" '^r\|K' "delivered to it"
run "$Q/bin/qmail-tcpto"
unlike "$stdout" '198\.51\.100\.10 ' "a success forgets the address"

run "$Q/bin/qmail-tcpok"
is "$status:$stdout:$stderr" "0::" "qmail-tcpok"
run "$Q/bin/qmail-tcpto"
is "$stdout" "" "the table is empty"
is "$(stat -c %s "$T")" 1024 "and keeps its 1024 bytes"
qr '[198.51.100.99]' joe@quail.test u@x.test
like "$qr" 'Connection timed out' "the dead host is tried again"

run "$Q/bin/qmail-tcpto" x
is "$status" 100 "qmail-tcpto: usage error"
like "$stderr" '^qmail-tcpto: fatal: usage: qmail-tcpto$' "  message"
rm "$T"
run "$Q/bin/qmail-tcpto"
is "$status:$stderr" "111:qmail-tcpto: fatal: unable to read queue/lock/tcpto: No such file or directory" \
    "qmail-tcpto without a table: temporary"
run "$Q/bin/qmail-tcpok"
is "$status:$stderr" "111:qmail-tcpok: fatal: unable to clear queue/lock/tcpto: No such file or directory" \
    "qmail-tcpok without a table: temporary"
