# sendlib.sh - for the qmail-send tests: an installation whose spawners
# are t/data/fakespawn.py, qmail-send started through qmail-start.
#   send_setup          install; $Q, $FS (fake spawner dir), $LOG
#   send_start          start qmail-start in $Q, log to $LOG; $SEND_PID
#   send_stop           SIGTERM and wait (kill -9 after 10 seconds)
#   inject SENDER RCPT...  queue a small message through qmail-queue;
#                       when qmail-send runs, wait for its "new msg" line
#                       and set $ID to the message number, $QP to
#                       the pid of its qmail-queue
#   life                the lines of $LOG during the life of message
#                       $ID: from its "new msg" to its "end msg"
#   wait_log REGEX [SECONDS]  until a line of $LOG matches
#   wait_end [SECONDS]  until message $ID has ended
#   rules 'GLOB STATUS DELAY TEXT' ...  set the fake spawners' rules
#   qid                 the id of the last "new msg" line
. "${0%/*}/ilib.sh"
need_root

send_setup() {
    quail_install
    FS=$Q/fakespawn
    mkdir -p "$FS" && chmod 777 "$FS"
    : > "$FS/log" && chmod 666 "$FS/log"
    : > "$FS/rules" && chmod 644 "$FS/rules"
    for p in qmail-lspawn qmail-rspawn; do
        cp "$TOP/t/data/fakespawn.py" "$Q/bin/$p" && chmod 755 "$Q/bin/$p"
    done
    LOG=$TMP/send.log
    : > "$LOG"
    SEND_PID=
}

send_start() {
    _n0=$(grep -c '^status:' "$LOG")
    (cd "$Q" && exec env FAKESPAWN_DIR="$FS" ./bin/qmail-start ./Maildir/ \
        >>"$LOG" 2>&1) &
    SEND_PID=$!
    at_exit "send_stop $SEND_PID"
    wait_until 10 "[ \$(grep -c '^status:' '$LOG') -gt $_n0 ]" ||
        { echo "not ok - qmail-send did not start"; sed 's/^/# /' "$LOG"
          exit 1; }
}

send_stop() {
    _p=${1:-$SEND_PID}
    kill -0 "$_p" 2>/dev/null || return 0
    kill -TERM "$_p" 2>/dev/null
    wait_until 10 "! kill -0 $_p 2>/dev/null" || kill -9 "$_p" 2>/dev/null
    wait "$_p" 2>/dev/null
    return 0
}

inject() {
    _s=$1; shift
    { printf 'F%s\0' "$_s"; for _r; do printf 'T%s\0' "$_r"; done
      printf '\0'; } > "$TMP/.env"
    printf 'Subject: test\n\nbody of the message\n' > "$TMP/.msg"
    "$Q/bin/qmail-queue" < "$TMP/.msg" 1< "$TMP/.env" &
    _qp=$!
    QP=$_qp
    wait $_qp || echo "# qmail-queue failed: $?"
    # Find our message by qmail-queue's pid in its info line: the next
    # "new msg" may be another message, such as a bounce still arriving.
    ID=
    if [ -n "$SEND_PID" ] && kill -0 "$SEND_PID" 2>/dev/null; then
        _info="^info msg [0-9]*: bytes [0-9]* from <.*> qp $_qp uid "
        # (not taken when qmail-send is on its way out)
        wait_until 10 "grep -q '$_info' '$LOG' || ! kill -0 $SEND_PID 2>/dev/null" &&
            grep -q "$_info" "$LOG" &&
            ID=$(grep "$_info" "$LOG" | tail -n 1 |
                sed 's/^info msg \([0-9]*\):.*/\1/')
    fi
}

wait_log() { wait_until "${2:-10}" "grep -Eq -- '$1' '$LOG'"; }

# Message numbers are inode numbers and come back at once: after our
# message ends, a bounce or an old message may be queued under the same
# number. The life of ours is the "new msg $ID" before the info line of
# our qmail-queue (pid $QP) up to the first "end msg $ID" after it.
life() {
    awk -v id="$ID" -v qp=" qp $QP uid " '
        !found && $0 == "new msg " id { n = 0; delete l }
        !done { l[++n] = $0 }
        !found && index($0, "info msg " id ":") == 1 && index($0, qp) { found = 1 }
        found && $0 == "end msg " id { done = 1 }
        END { if (found) for (i = 1; i <= n; i++) print l[i] }' "$LOG"
}
# wait_end [SECONDS]: until message $ID has ended.
ended() { life | tail -n 1 | grep -qx "end msg $ID"; }
wait_end() { wait_until "${1:-10}" ended; }

rules() { printf '%s\n' "$@" > "$FS/rules"; }

qid() { sed -n 's/^new msg \([0-9]*\)$/\1/p' "$LOG" | tail -n 1; }

# Files left in the message parts of the queue.
queue_files() { (cd "$Q/queue" && find todo info local remote bounce mess \
    intd -type f | sort); }
