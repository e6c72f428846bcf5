#!/bin/sh
# bench.sh - make bench: quail's throughput benchmarks. Not a test: it
# prints numbers for people to compare, it never fails on speed.
#
#   local delivery: BENCH_N messages queued through qmail-queue by C
#     parallel writers, delivered by qmail-send to one Maildir; msg/s
#     end to end, and fsyncs per message counted with strace on a
#     smaller run
#   deep queue: the same with BENCH_DEFERRED messages deferred in the
#     queue, to show intake does not slow down as the queue grows
#
# Runs as root in a temporary installation under /var/tmp (a real disk:
# fsync costs what it costs in production). Environment: BENCH_N
# (default 2000), BENCH_WRITERS (default "1 8"), BENCH_DEFERRED (default
# 100000; 0 skips the deep-queue row).
set -eu
top=$(pwd)
B=$top/${BUILD:-build}
N=${BENCH_N:-2000}
WRITERS=${BENCH_WRITERS:-1 8}
DEFERRED=${BENCH_DEFERRED:-100000}
user=quailbench
duser=quailbenchd
[ "$(id -u)" = 0 ] || { echo "bench: fatal: run me as root" >&2; exit 111; }

W=$(mktemp -d /var/tmp/quail-bench.XXXXXX)
chmod 755 "$W"
Q=$W/q
svscan_pid=
stop() {
    if [ -n "$svscan_pid" ]; then
        sup=$(pgrep -P "$svscan_pid" || true)
        kill "$svscan_pid" 2>/dev/null || true
        for s in "$W"/svc/*/ "$W"/svc/*/log/; do
            [ -d "$s/supervise" ] && svc -dx "$s" 2>/dev/null || true
        done
        for p in $sup; do
            n=0
            while kill -0 "$p" 2>/dev/null && [ $n -lt 200 ]; do
                sleep 0.1; n=$((n + 1))
            done
        done
    fi
    for u in $user $duser; do
        userdel "$u" 2>/dev/null || true
        groupdel "$u" 2>/dev/null || true
    done
    rm -rf "$W"
}
trap stop EXIT
trap 'exit 1' INT TERM

make -s install QMAILHOME="$Q" BUILD="${BUILD:-build}" >/dev/null
echo quail.test > "$Q/control/me"
echo quail.test > "$Q/control/locals"
# Deferred mail should not be retried during the run.
for u in $user $duser; do
    useradd -U -M -d "$W/$u" -s /bin/sh "$u"
    mkdir -p "$W/$u"
done
"$B/cmd/maildirmake" "$W/$user/Maildir"
# The deferring user's home is sticky: qmail-local defers at once.
echo './Maildir/' > "$W/$duser/.qmail"
chown -R $user:$user "$W/$user"
chown -R $duser:$duser "$W/$duser"
chmod 1755 "$W/$duser"

mkdir "$W/svc"
ln -s "$Q/service/qmail-send" "$W/svc/qmail-send"
svscan "$W/svc" >/dev/null 2>&1 &
svscan_pid=$!
n=0
until svstat "$W/svc/qmail-send" 2>/dev/null | grep -q ': up '; do
    n=$((n + 1)); [ $n -lt 200 ] || { echo "bench: qmail-send did not start" >&2; exit 111; }
    sleep 0.05
done

# A 4 KiB message.
{
    printf 'From: bench@quail.test\nTo: %s@quail.test\nSubject: bench\n\n' $user
    i=0
    while [ $i -lt 64 ]; do
        printf '%063d\n' $i; i=$((i + 1))
    done
} > "$W/msg"

delivered() { ls -f "$W/$user/Maildir/new" | wc -l; }
now_ms() { date +%s%3N; }

# deliver COUNT WRITERS: queue and wait for delivery; prints msg/s.
deliver() {
    before=$(($(delivered) - 2))
    t0=$(now_ms)
    "$B/bench/bench-inject" "$1" "$2" "$W/msg" "$Q/bin/qmail-queue" \
        "$user@quail.test" >"$W/inject.out"
    deadline=$(( $(date +%s) + 900 ))
    while [ $(( $(delivered) - 2 - before )) -lt "$1" ]; do
        [ "$(date +%s)" -lt $deadline ] || { echo "bench: delivery timed out" >&2; exit 111; }
        sleep 0.02
    done
    t1=$(now_ms)
    echo $(( $1 * 1000 / (t1 - t0 + 1) ))
}

# fsyncs per message: strace the delivery side and the writers.
fsyncs() {
    send=$(svstat "$W/svc/qmail-send" | sed -n 's/.*(pid \([0-9]*\)).*/\1/p')
    pids="-p $send"
    for p in $(pgrep -P "$send"); do pids="$pids -p $p"; done
    strace -f -qq -c -e trace=fsync,fdatasync,syncfs -o "$W/strace.send" \
        $pids 2>/dev/null &
    st=$!
    sleep 0.5
    strace -f -qq -c -e trace=fsync,fdatasync,syncfs -o "$W/strace.inject" \
        "$B/bench/bench-inject" 200 1 "$W/msg" "$Q/bin/qmail-queue" \
        "$user@quail.test" >/dev/null
    before=$(delivered)
    deadline=$(( $(date +%s) + 120 ))
    while [ $(( $(delivered) )) -lt $((before + 200)) ] && [ "$(date +%s)" -lt $deadline ]; do
        sleep 0.05
    done
    sleep 0.5
    kill -INT $st; wait $st 2>/dev/null || true
    q=$(awk '$NF ~ /^(fsync|fdatasync|syncfs)$/ { s += $4 } END { print s + 0 }' "$W/strace.inject")
    d=$(awk '$NF ~ /^(fsync|fdatasync|syncfs)$/ { s += $4 } END { print s + 0 }' "$W/strace.send")
    awk -v q="$q" -v d="$d" 'BEGIN { printf "queue %.1f + delivery %.1f\n", q / 200, d / 200 }' 
}

echo "quail make bench: $(nproc) cores, $(df -h /var/tmp | awk 'NR==2 {print $1}') ($(stat -f -c %T /var/tmp)), 4 KiB messages"
echo
printf '%-44s %10s\n' "local delivery, qmail-queue -> Maildir" "msg/s"
for c in $WRITERS; do
    printf '%-44s %10s\n' "  $N messages, $c writers" "$(deliver "$N" "$c")"
done
printf '%-44s %s\n' "  fsyncs per message" "$(fsyncs)"

if [ "$DEFERRED" -gt 0 ]; then
    echo
    echo "deep queue: queueing $DEFERRED messages that defer..."
    "$B/bench/bench-inject" "$DEFERRED" 8 "$W/msg" "$Q/bin/qmail-queue" \
        "$duser@quail.test" | sed 's/^/  /'
    # Let qmail-send take them all in and make its first attempts.
    deadline=$(( $(date +%s) + 1800 ))
    while [ -n "$(ls -f "$Q/queue/todo" | grep -v '^\.')" ] &&
        [ "$(date +%s)" -lt $deadline ]; do
        sleep 1
    done
    printf '%-44s %10s\n' "  $N messages, 8 writers, $DEFERRED deferred" "$(deliver "$N" 8)"
fi
