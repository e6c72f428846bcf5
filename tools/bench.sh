#!/bin/sh
# bench.sh - make bench: quail's throughput benchmarks. Not a test: it
# prints numbers for people to compare, it never fails on speed.
#
#   local delivery: BENCH_N messages queued through qmail-queue by C
#     parallel writers, delivered by qmail-send to one Maildir; msg/s
#     end to end, and fsyncs per message counted with strace on a
#     smaller run
#   SMTP in: smtp-source -> tcpserver -> qmail-smtpd ->
#     qmail-queue -> qmail-send -> Maildir, beside Postfix doing the
#     same (smtpd -> cleanup -> qmgr -> local -> Maildir); msg/s when
#     smtp-source has its last 250 (queued) and when the last message is
#     in the Maildir (delivered); the ratio is of the delivered rates;
#     the 1 KiB rows again with Postfix's directories synchronous
#   SMTP sessions: PSS of an idle session after the greeting, and
#     connect-greet-quit sessions per second, for the installed
#     qmail-smtpd (static, musl), the same linked with glibc dynamically
#     and statically, and Postfix's smtpd
#   relay: smtp-source -> qmail-smtpd (RELAYCLIENT) -> qmail-send ->
#     qmail-remote (control/smtproutes) -> smtp-sink, beside Postfix
#     relaying (relayhost) to the same sink; msg/s when the sink has them
#   POP3: tools/bench-pop3.sh, when it exists
#   deep queue: local delivery with BENCH_DEFERRED messages deferred in
#     the queue, to show intake does not slow down as the queue grows
#
# fsyncs are fsync, fdatasync, syncfs and sync calls counted by strace
# (sync_file_range only starts writeback: not counted). Postfix runs
# with its defaults: it fsyncs each queue file (cleanup) and each
# Maildir file (local) but no directories; quail also fsyncs the
# directories it links into (DESIGN.md, Durability).
#
# Runs as root in a temporary installation under /var/tmp (a real disk:
# fsync costs what it costs in production). Everything runs inside a
# network namespace of its own (quailbench-PID): loopback, and
# 198.51.100.0/24 routed to loopback for the sink (qmail-remote counts
# 127/8 as this host); its DNS is a dnsmasq on 127.0.0.1 that answers
# from /etc/hosts and refuses the rest, so nothing leaves the machine.
# smtp-source, smtp-sink and Postfix are Debian's postfix package,
# fetched with apt-get download into $BUILD/postfix-cache and unpacked
# there, never installed. Users postfix and group postdrop are created
# when missing and removed again, as are the bench's own users.
#
# Environment (defaults in brackets):
#   BENCH_ONLY          sections to run ["local smtp session relay pop3 deep"]
#   BENCH_N             local delivery messages per row [2000]
#   BENCH_WRITERS       parallel qmail-queue writers per row ["1 8"]
#   BENCH_DEFERRED      deferred messages for the deep-queue row [100000]
#   BENCH_SMTP_N        messages per SMTP row [1000]
#   BENCH_SMTP_SIZES    message sizes in KiB ["1 64"]
#   BENCH_SMTP_SESSIONS parallel SMTP sessions ["1 10 50"]
#   BENCH_FSYNC_N       messages for the strace'd fsync counts [200]
#   BENCH_POSTFIX       1: compare with Postfix; 0: print the issue's
#                       reference numbers instead [1]
#   BENCH_DIRSYNC       1: on a filesystem without a journal, the 1 KiB
#                       SMTP rows again against Postfix with synchronous
#                       directory updates (equal durability; skipped
#                       where chattr +D does not work) [1]
#   BENCH_IDLE          idle sessions held for the PSS figure [10]
#   BENCH_CONNECT_N     connect-greet-quit sessions per row [2000]
#   BENCH_CONNECT_C     parallel clients for them ["1 10"]
#   BENCH_RELAY_N       messages per relay row [1000]
#   BENCH_RELAY_SESSIONS parallel sessions for the relay rows ["1 10 50"]
#   BENCH_FS            ext4: run everything (both MTAs' queues and
#                       Maildirs) on a fresh ext4 with its default
#                       journal, in a BENCH_FS_MB image on a loop device
#                       with direct I/O, its flushes reaching the disk;
#                       for a host whose own /var/tmp is not what a mail
#                       server runs on (ext4 without a journal, say)
#                       [unset: /var/tmp as it is]
#   BENCH_FS_MB         size of that image [6144]
#   BENCH_HOLD          seconds to keep everything up before cleaning up,
#                       to look around (debugging) [unset: none]
set -eu
top=$(pwd)
B=$top/${BUILD:-build}
ONLY=${BENCH_ONLY:-local smtp session relay pop3 deep}
N=${BENCH_N:-2000}
WRITERS=${BENCH_WRITERS:-1 8}
DEFERRED=${BENCH_DEFERRED:-100000}
SMTP_N=${BENCH_SMTP_N:-1000}
SMTP_SIZES=${BENCH_SMTP_SIZES:-1 64}
SMTP_SESSIONS=${BENCH_SMTP_SESSIONS:-1 10 50}
FSYNC_N=${BENCH_FSYNC_N:-200}
POSTFIX=${BENCH_POSTFIX:-1}
DIRSYNC=${BENCH_DIRSYNC:-1}
IDLE=${BENCH_IDLE:-10}
CONNECT_N=${BENCH_CONNECT_N:-2000}
CONNECT_C=${BENCH_CONNECT_C:-1 10}
RELAY_N=${BENCH_RELAY_N:-1000}
RELAY_SESSIONS=${BENCH_RELAY_SESSIONS:-1 10 50}
FS=${BENCH_FS:-}
FS_MB=${BENCH_FS_MB:-6144}
# users of this run only: two runs at once do not collide
user=qb$$m
duser=qb$$d
puser=qb$$p
QPORT=2525           # quail's qmail-smtpd, 127.0.0.1 in the namespace
PPORT=2526           # Postfix's smtpd
SINK=198.51.100.1    # smtp-sink, port 25
[ "$(id -u)" = 0 ] || { echo "bench: fatal: run me as root" >&2; exit 111; }
want() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
fail() { echo "bench: fatal: $*" >&2; exit 111; }

W=$(mktemp -d /var/tmp/quail-bench.XXXXXX)
chmod 755 "$W"
IMG= LOOP=
Q=$W/q
NS=quailbench-$$
PF=$B/postfix-cache/root
svscan_pid= master_pid= sink_pid= idle_pid= dns_pid= strace_pids= ns_made=
made_users= made_groups=

# alive PID: it runs (a zombie whose parent has not reaped it does not)
alive() {
    _st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    case $_st in Z*) return 1 ;; esac
}
# pid_stop PID: TERM, wait up to 10 s, then KILL.
pid_stop() {
    kill "$1" 2>/dev/null || return 0
    n=0
    while alive "$1" && [ $n -lt 100 ]; do
        sleep 0.1; n=$((n + 1))
    done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
stop() {
    set +e
    if [ -n "${BENCH_HOLD-}" ]; then
        echo "bench: holding $W and namespace $NS for $BENCH_HOLD s" >&2
        sleep "$BENCH_HOLD"
    fi
    for p in $strace_pids $idle_pid $sink_pid $dns_pid; do pid_stop "$p"; done
    if [ -n "$master_pid" ]; then
        kids=$(pgrep -P "$master_pid")
        pid_stop "$master_pid"
        for p in $kids; do pid_stop "$p"; done
    fi
    if [ -n "$svscan_pid" ]; then
        sup=$(pgrep -P "$svscan_pid")
        kill "$svscan_pid" 2>/dev/null
        for s in "$W"/svc/*/ "$W"/svc/*/log/; do
            [ -d "$s/supervise" ] && svc -dx "$s" 2>/dev/null
        done
        for p in $sup; do
            n=0
            while alive "$p" && [ $n -lt 200 ]; do
                sleep 0.1; n=$((n + 1))
            done
        done
        wait "$svscan_pid" 2>/dev/null
    fi
    if [ -n "$ns_made" ]; then
        ip netns del "$NS" 2>/dev/null
        rm -rf "/etc/netns/$NS"
    fi
    for u in $made_users; do userdel "$u" 2>/dev/null; done
    for g in $made_groups; do groupdel "$g" 2>/dev/null; done
    if [ -n "$LOOP" ]; then
        umount "$W"
        losetup -d "$LOOP"
    fi
    [ -z "$IMG" ] || rm -f "$IMG"
    rm -rf "$W"
}
trap stop EXIT
trap 'exit 1' INT TERM

# --- setup: the filesystem, a namespace, quail supervised in it ---
if [ "$FS" = ext4 ]; then
    # Written out, not sparse: the loop device's writes then change
    # nothing of the image file's own metadata.
    IMG=$W.img
    dd if=/dev/zero of="$IMG" bs=1M count="$FS_MB" conv=fsync status=none ||
        fail "cannot write a $FS_MB MB image in /var/tmp"
    mkfs.ext4 -q -F "$IMG" || fail "mkfs.ext4 failed"
    LOOP=$(losetup --direct-io=on --show -f "$IMG") ||
        fail "no loop device for $IMG"
    mount -t ext4 "$LOOP" "$W" ||
        { losetup -d "$LOOP"; _l=$LOOP; LOOP=; fail "cannot mount $_l"; }
    chmod 755 "$W"
elif [ -n "$FS" ]; then
    fail "BENCH_FS=$FS: only ext4 is known"
fi
ip netns add "$NS" || fail "cannot make network namespace $NS"
ns_made=1
ip -n "$NS" link set lo up
ip -n "$NS" route add local 198.51.100.0/24 dev lo
mkdir -p "/etc/netns/$NS"
echo 'nameserver 127.0.0.1' > "/etc/netns/$NS/resolv.conf"
nsrun() { ip netns exec "$NS" "$@"; }
# A local DNS cache, as a production host has: tcpserver looks up each
# client's name (no -H in the run file), and with no server at all each
# lookup takes a minute of retries. dnsmasq answers from /etc/hosts
# (127.0.0.1 is localhost) and refuses everything else at once.
ip netns exec "$NS" dnsmasq -k -C /dev/null --no-resolv --no-poll \
    --listen-address=127.0.0.1 --bind-interfaces --port=53 --user=root \
    --pid-file="$W/dnsmasq.pid" >"$W/dnsmasq.out" 2>&1 &
dns_pid=$!

add_user() {
    useradd -U -M -d "$W/$1" -s /bin/sh "$1"
    made_users="$made_users $1"
    mkdir -p "$W/$1"
    chown "$1:$1" "$W/$1"
}

make -s install QMAILHOME="$Q" BUILD="${BUILD:-build}" >/dev/null
C=$Q/control
echo quail.test > "$C/me"
echo quail.test > "$C/locals"
echo quail.test > "$C/rcpthosts"
echo 127.0.0.1 > "$C/smtpip"
echo $QPORT > "$C/smtpport"
echo 200 > "$C/concurrencyincoming"
echo '127.:allow,RELAYCLIENT="",RBLSMTPD=""' > "$C/tcp.smtp"
tcprules "$C/tcp.smtp.cdb" "$C/tcp.smtp.tmp" < "$C/tcp.smtp"
for u in $user $duser; do add_user "$u"; done
"$B/cmd/maildirmake" "$W/$user/Maildir"
chown -R $user:$user "$W/$user"
# Deferred mail should not be retried during the run.
# The deferring user's home is sticky: qmail-local defers at once.
echo './Maildir/' > "$W/$duser/.qmail"
chown -R $duser:$duser "$W/$duser"
chmod 1755 "$W/$duser"

mkdir "$W/svc"
ln -s "$Q/service/qmail-send" "$W/svc/qmail-send"
ln -s "$Q/service/qmail-smtpd" "$W/svc/qmail-smtpd"
# not through nsrun: $! must be svscan itself (ip netns exec execs it)
ip netns exec "$NS" svscan "$W/svc" >/dev/null 2>&1 &
svscan_pid=$!
# wait_until SECONDS 'shell condition'
wait_until() {
    _deadline=$(( $(date +%s) + $1 ))
    while ! eval "$2"; do
        [ "$(date +%s)" -lt "$_deadline" ] || return 1
        sleep 0.02
    done
}
up() { svstat "$W/svc/$1" 2>/dev/null | grep -q ': up '; }
listening() { nsrun ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
wait_until 10 'up qmail-send' || fail "qmail-send did not start"
wait_until 10 'nsrun ss -Hlun "sport = :53" | grep -q .' ||
    fail "dnsmasq did not start: $(cat "$W/dnsmasq.out")"
wait_until 10 'listening $QPORT' || fail "qmail-smtpd did not start"
svc_pid() { svstat "$W/svc/$1" | sed -n 's/.*(pid \([0-9]*\)).*/\1/p'; }

now_ms() { date +%s%3N; }
count_new() { ls -f "$1/Maildir/new" 2>/dev/null | grep -vc '^\.' || true; }
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%d", n * 1000 / (ms > 0 ? ms : 1) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# fsyncs_begin OUT PIDS...: strace -c those processes and their children
# in the background, its pid in $strace_pid; fsyncs_end OUT PID stops
# that strace and sets $nsyncs to the count. Not in a $(...) subshell:
# only the shell that started strace can wait for its summary.
SYNCS=trace=fsync,fdatasync,syncfs,sync
fsyncs_begin() {
    out=$1; shift
    args=
    for p in "$@"; do args="$args -p $p"; done
    # shellcheck disable=SC2086
    strace -f -qq -c -e $SYNCS -o "$out" $args 2>/dev/null &
    strace_pid=$!
    strace_pids="$strace_pids $strace_pid"
    sleep 0.5
}
fsyncs_end() {
    sleep 0.3
    kill -INT "$2"; wait "$2" 2>/dev/null || true
    nsyncs=$(count_syncs "$1")
}
count_syncs() {
    awk '$NF ~ /^(fsync|fdatasync|syncfs|sync)$/ { s += $4 }
        END { print s + 0 }' "$1"
}
per() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.1f", a / n }'; }

# --- local delivery (issue 4) ---
if want local || want deep; then
    # A 4 KiB message.
    {
        printf 'From: bench@quail.test\nTo: %s@quail.test\nSubject: bench\n\n' $user
        i=0
        while [ $i -lt 64 ]; do
            printf '%063d\n' $i; i=$((i + 1))
        done
    } > "$W/msg"
fi
delivered() { ls -f "$W/$user/Maildir/new" | wc -l; }

# deliver COUNT WRITERS: queue and wait for delivery; prints msg/s.
deliver() {
    before=$(($(delivered) - 2))
    t0=$(now_ms)
    "$B/bench/bench-inject" "$1" "$2" "$W/msg" "$Q/bin/qmail-queue" \
        "$user@quail.test" >"$W/inject.out"
    deadline=$(( $(date +%s) + 900 ))
    while [ $(( $(delivered) - 2 - before )) -lt "$1" ]; do
        [ "$(date +%s)" -lt $deadline ] || fail "delivery timed out"
        sleep 0.02
    done
    t1=$(now_ms)
    echo $(( $1 * 1000 / (t1 - t0 + 1) ))
}

# fsyncs per message: strace the delivery side and the writers.
fsyncs() {
    send=$(svc_pid qmail-send)
    fsyncs_begin "$W/strace.send" "$send" $(pgrep -P "$send")
    pid_send=$strace_pid
    before=$(delivered)
    strace -f -qq -c -e $SYNCS -o "$W/strace.inject" \
        "$B/bench/bench-inject" 200 1 "$W/msg" "$Q/bin/qmail-queue" \
        "$user@quail.test" >/dev/null
    wait_until 120 "[ \$(delivered) -ge $((before + 200)) ]" || true
    q=$(count_syncs "$W/strace.inject")
    fsyncs_end "$W/strace.send" $pid_send; d=$nsyncs
    echo "queue $(per "$q" 200) + delivery $(per "$d" 200)"
}

# journaled: the run's filesystem is ext3 or ext4 with its journal (the
# only ones whose ordering this bench relies on, below)
journaled() {
    case $(findmnt -n -o FSTYPE -T "$W") in
    ext3 | ext4) dumpe2fs -h "$(findmnt -n -o SOURCE -T "$W")" 2>/dev/null |
        grep -q '^Filesystem features:.*has_journal' ;;
    *) return 1 ;;
    esac
}
# where the run is: device, type, and whether it has a journal
fs_desc() {
    printf '%s (%s' "$(findmnt -n -o SOURCE -T "$W")" \
        "$(findmnt -n -o FSTYPE -T "$W")"
    journaled && printf ', journal'
    [ -z "$LOOP" ] || printf ', an image in /var/tmp'
    printf ')'
}
echo "quail make bench: $(nproc) cores, $(fs_desc), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg) at start"
if want local; then
    echo
    printf '%-44s %10s\n' "local delivery, qmail-queue -> Maildir, 4 KiB" "msg/s"
    for c in $WRITERS; do
        printf '%-44s %10s\n' "  $N messages, $c writers" "$(deliver "$N" "$c")"
    done
    printf '%-44s %s\n' "  fsyncs per message" "$(fsyncs)"
fi

# --- Postfix from Debian's package, unpacked under $BUILD ---
smtp_tools() {
    if [ ! -x "$PF/usr/sbin/smtp-source" ]; then
        mkdir -p "$B/postfix-cache"
        # a fresh machine may need its package lists first
        ( cd "$B/postfix-cache" && rm -f postfix_*.deb &&
          { apt-get download postfix >download.log 2>&1 ||
            { apt-get update -qq >>download.log 2>&1 &&
              apt-get download postfix >>download.log 2>&1; }; } ) ||
            fail "apt-get download postfix: $(tail -n 1 "$B/postfix-cache/download.log")"
        rm -rf "$PF"
        dpkg -x "$B"/postfix-cache/postfix_*.deb "$PF"
    fi
    # Postfix's own libraries are in the package; the others are the
    # lib* packages it depends on: install those, and only those, when
    # the dynamic linker misses something.
    missing=$(LD_LIBRARY_PATH=$PF/usr/lib/postfix ldd "$PF/usr/sbin/smtp-source" \
        "$PF/usr/sbin/smtp-sink" "$PF"/usr/lib/postfix/sbin/* 2>/dev/null |
        awk '/not found/ { print $1 }' | sort -u)
    if [ -n "$missing" ]; then
        libs=$(dpkg-deb -f "$B"/postfix-cache/postfix_*.deb Depends | tr ',' '\n' |
            sed -n 's/^ *\(lib[^ ]*\).*/\1/p')
        echo "bench: postfix binaries miss" $missing "; apt-get install" $libs >&2
        # shellcheck disable=SC2086
        apt-get install -y --no-install-recommends $libs >/dev/null ||
            fail "cannot install $libs"
    fi
}
pf() { nsrun env LD_LIBRARY_PATH="$PF/usr/lib/postfix" "$@"; }
source_() { pf timeout 900 "$PF/usr/sbin/smtp-source" "$@"; }

postfix_start() {
    getent group postdrop >/dev/null ||
        { groupadd -r postdrop; made_groups="$made_groups postdrop"; }
    getent passwd postfix >/dev/null || {
        useradd -r -U -M -d /nonexistent -s /usr/sbin/nologin postfix
        made_users="$made_users postfix"
        # useradd -U made a group postfix; userdel removes it with the user
    }
    add_user $puser
    P=$W/postfix
    mkdir -p "$P/conf" "$P/queue" "$P/data"
    # Postfix's defaults everywhere durability is concerned: cleanup
    # fsyncs each queue file before smtpd says 250, local fsyncs each
    # Maildir file before it reports delivery.
    cat > "$P/conf/main.cf" <<EOF
compatibility_level = 3.6
config_directory = $P/conf
meta_directory = $P/conf
queue_directory = $P/queue
data_directory = $P/data
daemon_directory = $PF/usr/lib/postfix/sbin
command_directory = $PF/usr/sbin
shlib_directory = $PF/usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH=$PF/usr/lib/postfix
maillog_file = $P/maillog
myhostname = postfix.test
mydestination = postfix.test
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
home_mailbox = Maildir/
biff = no
relayhost = [$SINK]:25
smtp_dns_support_level = disabled
EOF
    # Postfix's own services, none chrooted; smtpd on 127.0.0.1:$PPORT.
    cat > "$P/conf/master.cf" <<EOF
127.0.0.1:$PPORT inet n - n - - smtpd
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
showq unix n - n - - showq
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
local unix - n n - - local
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
EOF
    for d in active bounce corrupt defer deferred flush hold incoming \
        private saved trace; do
        mkdir "$P/queue/$d"
        chown postfix: "$P/queue/$d"
        chmod 700 "$P/queue/$d"
    done
    mkdir "$P/queue/maildrop" "$P/queue/public" "$P/queue/pid"
    chown postfix:postdrop "$P/queue/maildrop" "$P/queue/public"
    chmod 730 "$P/queue/maildrop"
    chmod 710 "$P/queue/public"
    chown postfix: "$P/data"
    chmod 700 "$P/data"
    ip netns exec "$NS" env LD_LIBRARY_PATH="$PF/usr/lib/postfix" \
        "$PF/usr/lib/postfix/sbin/master" -c "$P/conf" -d \
        >"$P/master.out" 2>&1 &
    master_pid=$!
    wait_until 10 'listening $PPORT' ||
        { cat "$P/master.out" "$P/maillog" >&2 2>/dev/null
          fail "Postfix did not start"; }
}

if want smtp || want session || want relay; then
    smtp_tools
    if [ "$POSTFIX" = 1 ]; then
        postfix_start
        echo "Postfix $(pf "$PF/usr/sbin/postconf" -c "$P/conf" -h mail_version)" \
            "from Debian's package (not installed), default durability"
    fi
fi

# wait_delivered HOME COUNT: until COUNT messages are in HOME's Maildir,
# for at most 900 s. Every 0.1 s while more than a tenth is missing,
# then every 0.01 s: counting new/ costs CPU the system being measured
# needs, the more the longer its delivery lags.
wait_delivered() {
    _deadline=$(( $(date +%s) + 900 ))
    while _c=$(count_new "$1"); [ "$_c" -lt "$2" ]; do
        [ "$(date +%s)" -lt $_deadline ] || return 1
        if [ $(( ($2 - _c) * 10 )) -gt "$2" ]; then sleep 0.1; else sleep 0.01; fi
    done
}

# smtp_row WHO KIB SESSIONS COUNT: "queued/delivered" msg/s
smtp_row() {
    case $1 in
    quail) port=$QPORT; home=$W/$user; to=$user@quail.test ;;
    postfix) port=$PPORT; home=$W/$puser; to=$puser@postfix.test ;;
    esac
    find "$home/Maildir/new" -type f -delete 2>/dev/null || true
    t0=$(now_ms)
    source_ -s "$3" -m "$4" \
        -l $(($2 * 1024)) -f bench@example.org -t "$to" \
        127.0.0.1:$port >"$W/source.out" 2>&1 ||
        fail "smtp-source to $1: $(tail -n 3 "$W/source.out")"
    t1=$(now_ms)
    wait_delivered "$home" "$4" ||
        fail "$1: only $(count_new "$home") of $4 delivered"
    t2=$(now_ms)
    echo "$(rate "$4" $((t1 - t0)))/$(rate "$4" $((t2 - t0)))"
}
del_rate() { echo "${1#*/}"; }
ref_postfix() {
    [ "$1" = 1 ] || { echo -; return; }
    case $2 in 1) echo "~480" ;; 10) echo "~760" ;; 50) echo "~540" ;; *) echo - ;; esac
}

if want smtp; then
    echo
    echo "SMTP in, smtp-source -> Maildir, one message a session: msg/s queued/delivered"
    printf '%-34s %14s %14s %14s\n' "" quail Postfix "quail/Postfix"
    for k in $SMTP_SIZES; do
        for s in $SMTP_SESSIONS; do
            qr=$(smtp_row quail "$k" "$s" "$SMTP_N")
            if [ "$POSTFIX" = 1 ]; then
                pr=$(smtp_row postfix "$k" "$s" "$SMTP_N")
                r=$(ratio "$(del_rate "$qr")" "$(del_rate "$pr")")
            else
                pr="$(ref_postfix "$k" "$s") (ref.)"
                r=-
            fi
            printf '%-34s %14s %14s %14s\n' \
                "  $k KiB, $s parallel, $SMTP_N msgs" "$qr" "$pr" "$r"
        done
    done
    # Equal durability: Postfix fsyncs its files but never a directory.
    # With a journal that is enough: an fsync commits every earlier
    # change to a directory, and a crash keeps the changes in their
    # order, so a name renamed after the fsync is never lost while the
    # queue file it came from is gone. Without a journal it is not: a
    # name Postfix links or renames after its fsync can be lost in a
    # crash after it said 250 or "delivered". There, synchronous
    # directory updates (chattr +D, inherited by new directories) make
    # those durable as quail's directory fsyncs do. Both MTAs again,
    # 1 KiB, side by side. (Directories only: chattr fails on the
    # sockets in the queue.)
    dirsync() {
        find "$P/queue" "$W/$puser/Maildir" -type d -exec chattr "$1" {} + \
            2>/dev/null
    }
    if [ "$POSTFIX" = 1 ] && [ "$DIRSYNC" = 1 ] && journaled; then
        echo "  (a journaled filesystem: Postfix's defaults are as durable as quail here)"
    elif [ "$POSTFIX" = 1 ] && [ "$DIRSYNC" = 1 ] && dirsync +D; then
        echo "  Postfix with synchronous directories (chattr +D on its queue and Maildir):"
        for s in $SMTP_SESSIONS; do
            qr=$(smtp_row quail 1 "$s" "$SMTP_N")
            pr=$(smtp_row postfix 1 "$s" "$SMTP_N")
            printf '%-34s %14s %14s %14s\n' \
                "  1 KiB, $s parallel, $SMTP_N msgs" "$qr" "$pr" \
                "$(ratio "$(del_rate "$qr")" "$(del_rate "$pr")")"
        done
        dirsync -D || true
    fi
    # fsyncs per message, 1 KiB, one session at a time
    tcps=$(svc_pid qmail-smtpd)
    send=$(svc_pid qmail-send)
    find "$W/$user/Maildir/new" -type f -delete
    fsyncs_begin "$W/strace.smtpd" "$tcps"
    pid_in=$strace_pid
    fsyncs_begin "$W/strace.send" "$send" $(pgrep -P "$send")
    pid_send=$strace_pid
    source_ -s 1 -m "$FSYNC_N" -l 1024 -f bench@example.org \
        -t $user@quail.test 127.0.0.1:$QPORT >/dev/null 2>&1 || true
    wait_until 120 "[ \$(count_new $W/$user) -ge $FSYNC_N ]" || true
    fsyncs_end "$W/strace.smtpd" $pid_in; fi_=$nsyncs
    fsyncs_end "$W/strace.send" $pid_send; fd_=$nsyncs
    qf="$(per "$fi_" "$FSYNC_N")+$(per "$fd_" "$FSYNC_N")"
    pf_=-
    if [ "$POSTFIX" = 1 ]; then
        find "$W/$puser/Maildir/new" -type f -delete
        fsyncs_begin "$W/strace.postfix" "$master_pid" $(pgrep -P "$master_pid")
        source_ -s 1 -m "$FSYNC_N" -l 1024 -f bench@example.org \
            -t $puser@postfix.test 127.0.0.1:$PPORT >/dev/null 2>&1 || true
        wait_until 120 "[ \$(count_new $W/$puser) -ge $FSYNC_N ]" || true
        fsyncs_end "$W/strace.postfix" $strace_pid
        pf_=$(per "$nsyncs" "$FSYNC_N")
    else
        pf_="2 (ref.)"
    fi
    printf '%-34s %14s %14s\n' "  fsyncs per message (in+delivery)" "$qf" "$pf_"
fi

# --- SMTP sessions: idle memory, connect-greet-quit rate ---
# pss_idle PORT: mean PSS in KiB of the processes serving $IDLE idle
# sessions on PORT (found with ss by their sockets)
pss_idle() {
    rm -f "$W/idle.fifo"; mkfifo "$W/idle.fifo"
    exec 3<>"$W/idle.fifo"
    ip netns exec "$NS" "$B/bench/bench-smtpconn" -i 127.0.0.1 "$1" \
        "$IDLE" 120 <&3 >"$W/idle.out" 2>&1 &
    idle_pid=$!
    wait_until 30 "grep -q ready '$W/idle.out'" ||
        fail "idle sessions: $(cat "$W/idle.out")"
    sleep 0.2
    pids=$(nsrun ss -Htnp state established "( sport = :$1 )" |
        sed -n 's/.*pid=\([0-9]*\).*/\1/p' | sort -u)
    kib=$(for p in $pids; do
            sed -n 's/^Pss: *\([0-9]*\) kB/\1/p' "/proc/$p/smaps_rollup"
        done | awk -v k="$IDLE" '{ s += $1; n++ } END { if (n) printf "%d KiB (%d processes)", s / k, n; else print "-" }')
    echo x >&3
    exec 3>&-
    wait "$idle_pid" 2>/dev/null || true
    idle_pid=
    echo "$kib"
}
# conn_rate PORT C: connect-greet-quit sessions per second
conn_rate() {
    nsrun "$B/bench/bench-smtpconn" 127.0.0.1 "$1" "$CONNECT_N" "$2" \
        2>"$W/conn.err" | sed -n 's/.*: \([0-9]*\) conn\/s/\1/p' |
        grep . || echo "failed: $(tail -n 1 "$W/conn.err")"
}

if want session; then
    # The installed qmail-smtpd is linked statically with musl (see the
    # Makefile); for comparison, the same source linked against glibc,
    # dynamically and statically, for this home.
    make -s BUILD="${BUILD:-build}" "${BUILD:-build}/obj/qmail-smtpd.o"
    tools/auto.sh home "$Q" > "$W/home.c"
    ${CC:-cc} -c -o "$W/home.o" "$W/home.c"
    for v in dynamic static; do
        ${CC:-cc} $([ $v = static ] && echo -static) \
            -o "$W/qmail-smtpd.glibc-$v" "$B/obj/qmail-smtpd.o" \
            "$W/home.o" "$B/lib.a" -lcdb -lresolv -lcrypt
    done
    cp -p "$Q/bin/qmail-smtpd" "$W/qmail-smtpd.installed"
    installed="installed ($(file -b "$Q/bin/qmail-smtpd" |
        sed -n 's/.*\(statically\|dynamically\) linked.*/\1/p'))"
    # swap_smtpd installed|glibc-dynamic|glibc-static: tcpserver execs
    # bin/qmail-smtpd anew for each connection, so a rename switches
    # every later session
    swap_smtpd() {
        cp "$W/qmail-smtpd.$1" "$Q/bin/qmail-smtpd.new"
        chown --reference="$W/qmail-smtpd.installed" "$Q/bin/qmail-smtpd.new"
        chmod --reference="$W/qmail-smtpd.installed" "$Q/bin/qmail-smtpd.new"
        mv "$Q/bin/qmail-smtpd.new" "$Q/bin/qmail-smtpd"
    }
    echo
    echo "SMTP sessions: PSS of one idle session after the greeting (mean of $IDLE);"
    echo "connect-greet-quit sessions per second ($CONNECT_N per row)"
    printf '%-34s %22s' "" "idle PSS"
    for c in $CONNECT_C; do printf ' %12s' "conn/s, $c"; done
    echo
    for v in installed glibc-dynamic glibc-static; do
        swap_smtpd $v
        label=$v
        [ $v = installed ] && label=$installed
        printf '%-34s %22s' "  quail, $label" "$(pss_idle $QPORT)"
        for c in $CONNECT_C; do printf ' %12s' "$(conn_rate $QPORT "$c")"; done
        echo
    done
    swap_smtpd installed
    tcps=$(svc_pid qmail-smtpd)
    printf '%-34s %22s\n' "  (tcpserver, shared by sessions)" \
        "$(sed -n 's/^Pss: *\([0-9]*\) kB/\1 KiB/p' "/proc/$tcps/smaps_rollup")"
    # Where the rest of a connection's cost is: the installed
    # qmail-smtpd without tcpserver's client-name lookup (-H). Only this
    # run's copy of the run file changes; the installed service stays as
    # it is.
    run=$Q/service/qmail-smtpd/run
    cp -p "$run" "$W/run.orig"
    variant() {
        sed "$1" "$run" > "$W/run.new"
        if cmp -s "$run" "$W/run.new"; then
            echo "  (run file changed: no row for $2)"; return
        fi
        cat "$W/run.new" > "$run"
        restart_smtpd
        printf '%-34s %22s' "  $2" ""
        for c in $CONNECT_C; do printf ' %12s' "$(conn_rate $QPORT "$c")"; done
        echo
    }
    restart_smtpd() {
        old=$(svc_pid qmail-smtpd)
        svc -t "$W/svc/qmail-smtpd"
        wait_until 10 "[ \"\$(svc_pid qmail-smtpd)\" != $old ] && listening $QPORT" ||
            fail "qmail-smtpd did not restart"
    }
    variant 's/tcpserver -v -R /tcpserver -v -R -H /' "installed, tcpserver -H"
    cat "$W/run.orig" > "$run"
    restart_smtpd
    if [ "$POSTFIX" = 1 ]; then
        printf '%-34s %22s' "  Postfix smtpd" "$(pss_idle $PPORT)"
        for c in $CONNECT_C; do printf ' %12s' "$(conn_rate $PPORT "$c")"; done
        echo
    else
        printf '%-34s %22s %12s\n' "  Postfix smtpd (ref.)" "~1.4 MiB" "~6000"
    fi
fi

# --- relay: smtp-source -> MTA -> smtp-sink on $SINK:25 ---
# (only the end of its output: the whole grows by a line a session and
# reading it every 20 ms would load the machine being measured)
sink_count() {
    tail -c 300 "$W/sink.out" | tr '\r' '\n' |
        sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -n 1 | grep . || echo 0
}
# relay_row WHO SESSIONS COUNT: "queued/relayed" msg/s
relay_row() {
    case $1 in
    quail) port=$QPORT ;;
    postfix) port=$PPORT ;;
    esac
    before=$(sink_count)
    t0=$(now_ms)
    source_ -s "$2" -m "$3" -l 1024 -f bench@example.org \
        -t someone@relay.example 127.0.0.1:$port >"$W/source.out" 2>&1 ||
        fail "smtp-source to $1: $(tail -n 3 "$W/source.out")"
    t1=$(now_ms)
    wait_until 900 "[ \$(sink_count) -ge $((before + $3)) ]" ||
        fail "$1: only $(( $(sink_count) - before )) of $3 relayed"
    t2=$(now_ms)
    echo "$(rate "$3" $((t1 - t0)))/$(rate "$3" $((t2 - t0)))"
}

if want relay; then
    ip netns exec "$NS" env LD_LIBRARY_PATH="$PF/usr/lib/postfix" \
        "$PF/usr/sbin/smtp-sink" -c -u nobody "$SINK:25" 256 \
        >"$W/sink.out" 2>&1 &
    sink_pid=$!
    wait_until 10 'listening 25' || fail "smtp-sink did not start: $(cat "$W/sink.out")"
    echo ":[$SINK]:25" > "$C/smtproutes"
    echo
    echo "relay, smtp-source -> MTA -> smtp-sink, 1 KiB: msg/s queued/relayed"
    printf '%-34s %14s %14s %14s\n' "" quail Postfix "quail/Postfix"
    for s in $RELAY_SESSIONS; do
        qr=$(relay_row quail "$s" "$RELAY_N")
        if [ "$POSTFIX" = 1 ]; then
            pr=$(relay_row postfix "$s" "$RELAY_N")
            r=$(ratio "$(del_rate "$qr")" "$(del_rate "$pr")")
        else
            pr=- r=-
        fi
        printf '%-34s %14s %14s %14s\n' \
            "  1 KiB, $s parallel, $RELAY_N msgs" "$qr" "$pr" "$r"
    done
    rm -f "$C/smtproutes"
fi

# --- POP3 (issue 8): its own script, when there is one ---
if want pop3 && [ -f tools/bench-pop3.sh ]; then
    echo
    BUILD="${BUILD:-build}" sh tools/bench-pop3.sh ||
        echo "  (tools/bench-pop3.sh failed)"
fi

# --- deep queue (last: it leaves the queue full) ---
if want deep && [ "$DEFERRED" -gt 0 ]; then
    echo
    echo "deep queue: queueing $DEFERRED messages that defer..."
    "$B/bench/bench-inject" "$DEFERRED" 8 "$W/msg" "$Q/bin/qmail-queue" \
        "$duser@quail.test" | sed 's/^/  /'
    # Let qmail-send take them all in and make its first attempt at each
    # (each one a qmail-local run): until no delivery has been running
    # for two seconds. Their next attempts are minutes away (qmail's
    # schedule), so the row below measures new mail beside a deep queue,
    # not beside 100,000 first attempts.
    deadline=$(( $(date +%s) + 1800 ))
    while [ -n "$(ls -f "$Q/queue/todo" | grep -v '^\.')" ] &&
        [ "$(date +%s)" -lt $deadline ]; do
        sleep 1
    done
    slog=$Q/service/qmail-send/log/main/current
    idle=0
    while [ $idle -lt 20 ] && [ "$(date +%s)" -lt $deadline ]; do
        if tail -n 1 "$slog" 2>/dev/null |
            grep -q 'status: local 0/[0-9]* remote 0/'; then
            idle=$((idle + 1))
        else
            idle=0
        fi
        sleep 0.1
    done
    printf '%-44s %10s\n' "  $N messages, 8 writers, $DEFERRED deferred" "$(deliver "$N" 8)"
fi

echo
# quail starts processes for each message: other work on the machine
# slows its rows more than Postfix's long-running daemons
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
