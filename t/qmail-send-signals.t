#!/bin/sh
# qmail-send: the retry schedule, SIGALRM, SIGHUP (locals,
# virtualdomains, concurrency), SIGTERM (finish deliveries, then exit 0).
. "${0%/*}/sendlib.sh"
plan 19
send_setup
QD=$Q/queue
send_start

# --- deferral: the next attempt is the channel file's mtime -------------
rules '*@quail.test Z 0 later' '*@remote.example Z 0 later'
inject s@example.org a@quail.test b@remote.example
wait_until 10 "[ \$(grep -c 'deferral: later' '$LOG') -ge 2 ]"
sleep 0.2
S=$((ID % 23))
birth=$(stat -c %Y "$QD/info/$S/$ID")
is "$(stat -c %Y "$QD/local/$S/$ID")" $((birth + 100)) \
    "local retry at birth + 100 (10^2)"
is "$(stat -c %Y "$QD/remote/$S/$ID")" $((birth + 400)) \
    "remote retry at birth + 400 (20^2)"
n=$(grep -c "msg $ID to " "$LOG")
sleep 1
is "$(grep -c "msg $ID to " "$LOG")" "$n" "not retried before its time"
rules
kill -ALRM "$SEND_PID"
wait_end
ok $? "SIGALRM: retried at once and delivered"

# --- SIGHUP: locals and virtualdomains ----------------------------------
inject s@example.org u@later.example
wait_end
grep -q "^start qmail-rspawn [0-9]* $ID s@example.org u@later.example$" "$FS/log"
ok $? "a domain not in locals is remote"
echo later.example >> "$Q/control/locals"
echo 'v.example:vp' > "$Q/control/virtualdomains"
n=$(grep -c '^status:' "$LOG")
kill -HUP "$SEND_PID"
wait_until 5 "[ \$(grep -c '^status:' '$LOG') -gt $n ]"
inject s@example.org u@later.example w@v.example
wait_end
grep -q "^start qmail-lspawn [0-9]* $ID s@example.org u@later.example$" "$FS/log"
ok $? "after SIGHUP the new locals entry is local"
grep -q "^start qmail-lspawn [0-9]* $ID s@example.org vp-w@v.example$" "$FS/log"
ok $? "and the new virtualdomains entry applies"

# --- SIGHUP: concurrency, 0 holds --------------------------------------
echo 0 > "$Q/control/concurrencylocal"
kill -HUP "$SEND_PID"
wait_log 'status: local 0/0 remote 0/20'
ok $? "SIGHUP rereads concurrencylocal"
inject s@example.org held@quail.test
sleep 1
grep -q "held@quail.test" "$FS/log"
ok $((! $?)) "concurrencylocal 0: local deliveries held"
echo 2 > "$Q/control/concurrencylocal"
kill -HUP "$SEND_PID"
wait_end
ok $? "raised again: delivered"
echo 500 > "$Q/control/concurrencylocal"
kill -HUP "$SEND_PID"
wait_log 'status: local 0/120 remote 0/20'
ok $? "concurrency is capped at the spawn limit"
echo bogus > "$Q/control/concurrencylocal"
kill -HUP "$SEND_PID"
wait_log '^alert: unable to reread control/concurrencylocal'
ok $? "an unreadable control file on SIGHUP is an alert"
inject s@example.org after@quail.test
wait_end
ok $? "and the old settings stay"
rm "$Q/control/concurrencylocal"

# --- SIGTERM: deliveries in progress finish, then exit 0 -----------------
rules 'slow*@quail.test K 2 took a while'
echo 1 > "$Q/control/concurrencylocal"
kill -HUP "$SEND_PID"
wait_log 'status: local 0/1 '
inject s@example.org slow1@quail.test slow2@quail.test
slow_id=$ID
wait_log "msg $ID to local slow1@quail.test"
kill -TERM "$SEND_PID"
wait_log 'exitasap'
inject s@example.org notyet@quail.test
wait_until 10 "! kill -0 $SEND_PID 2>/dev/null"
wait "$SEND_PID"
is "$?" 0 "SIGTERM: exit 0"
[ ! -e "$QD/todo/$slow_id" ] && [ -e "$QD/local/$((slow_id % 23))/$slow_id" ]
ok $? "on the way out a message still in delivery is committed: todo/ goes, local/ stays"
tail -n 4 "$LOG" > tail
like "$(cat tail)" "delivery [0-9]+: success: took_a_while" \
    "the delivery in progress finished first"
is "$(tail -n 1 tail)" "status: exiting" "then status: exiting"
grep -q slow2@quail.test "$FS/log"
ok $((! $?)) "nothing new started after SIGTERM"
rm "$Q/control/concurrencylocal"
rules
send_start
wait_until 10 "[ -z \"\$(queue_files)\" ]"
ok $? "after a restart the rest is delivered at once (new mail and unstarted recipients)"
