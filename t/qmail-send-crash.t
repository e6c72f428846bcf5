#!/bin/sh
# qmail-send after crashes: kill -9 in the middle of deliveries loses
# nothing; before the commit it repeats every recipient, after it only
# what was not marked done; a half-done todo/ is redone; a lost spawner or qmail-clean makes it exit 111.
. "${0%/*}/sendlib.sh"
plan 19
send_setup
QD=$Q/queue
send_start

# --- kill -9 before the message is committed ---------------------------
# Its deliveries start at once; todo/ stays until its files are synced,
# one to three seconds later: a crash before that redoes every recipient.
rules 'slow*@quail.test K 8 slow done'
inject s@example.org fast@quail.test slow1@quail.test r@remote.example
wait_log "success: fake_delivery"
wait_until 10 "[ \$(grep -c 'start .* r@remote' '$FS/log') -ge 1 ]"
[ -e "$QD/todo/$ID" ]
ok $? "delivering, not yet committed: todo/ is still there"
kill -9 "$SEND_PID"
wait "$SEND_PID" 2>/dev/null
rules
: > "$FS/log"
send_start
wait_until 15 "[ -z \"\$(queue_files)\" ]"
ok $? "after kill -9 and a restart the message is finished"
is "$(grep -c "^start .* fast@quail.test" "$FS/log")$(grep -c "^start .* r@remote.example" "$FS/log")" \
    11 "every recipient is delivered again, done ones too (twice, never zero times)"

# --- kill -9 after the commit, while two deliveries run ------------------
rules 'slow*@quail.test K 8 slow done'
: > "$FS/log"
inject s@example.org fast@quail.test slow1@quail.test slow2@quail.test \
    r@remote.example
wait_log "success: fake_delivery"
wait_until 10 "[ \$(grep -c '^start .* slow' '$FS/log') -ge 2 ]"
wait_until 10 "[ ! -e '$QD/todo/$ID' ]"
ok $? "committed within seconds: todo/ is gone"
S=$((ID % 23))
tr '\0' '\n' < "$QD/local/$S/$ID" > marks
like "$(cat marks)" "^Dfast@quail.test" "a delivered recipient is marked D"
like "$(cat marks)" "Tslow1@quail.test" "one in progress is still T"
kill -9 "$SEND_PID"
wait "$SEND_PID" 2>/dev/null
rules
send_start
wait_until 15 "[ -z \"\$(queue_files)\" ]"
ok $? "after kill -9 and a restart the message is finished"
is "$(grep -c "^start qmail-lspawn .* fast@quail.test" "$FS/log")" 1 \
    "the recipient marked done is not delivered again"
is "$(grep -c "^start qmail-lspawn .* slow1@quail.test" "$FS/log")" 2 \
    "one in progress is delivered again (twice, never zero times)"
is "$(grep -c "^start qmail-lspawn .* slow2@quail.test" "$FS/log")" 2 \
    "so is the other"
is "$(grep -c "^start qmail-rspawn .* r@remote.example" "$FS/log")" 1 \
    "the remote recipient, done before the crash, once"

# --- a crash between writing info/ and removing todo/ -------------------
send_stop
inject s@example.org again@quail.test
id=$(ls "$QD/todo")
S=$((id % 23))
printf 'Fstale@example.org\0' > "$QD/info/$S/$id"
printf 'Tstale@quail.test\0' > "$QD/local/$S/$id"
printf 'Tstale@remote.example\0' > "$QD/remote/$S/$id"
printf '<again@quail.test>:\nan old failure\n\n' > "$QD/bounce/$id"
chown qmails "$QD/info/$S/$id" "$QD/local/$S/$id" "$QD/remote/$S/$id" \
    "$QD/bounce/$id"
: > "$FS/log"
n=$(grep -c '^bounce msg' "$LOG")
send_start
wait_until 10 "[ -z \"\$(queue_files)\" ]"
ok $? "todo/ with leftovers from a crash is taken again"
is "$(sed -n 's/^start [^ ]* [0-9]* [0-9]* //p' "$FS/log")" \
    "s@example.org again@quail.test" "from todo/, not from the leftovers"
is "$(grep -c '^bounce msg' "$LOG")" "$n" \
    "and the crashed attempt's bounce text is not sent"

# --- lost helpers ---------------------------------------------------------
child() { ps -o pid=,args= --ppid "$SEND_PID" | awk -v p="$1" '$0 ~ p { print $1 }'; }
lp=$(child qmail-lspawn)
like "$lp" '^[0-9]+$' "qmail-lspawn is a child of qmail-send"
kill -9 "$lp"
wait_until 10 "! kill -0 $SEND_PID 2>/dev/null" || kill -9 "$SEND_PID"
wait "$SEND_PID"
is "$?" 111 "a lost spawner: exit 111"
like "$(cat "$LOG")" "alert: lost connection to qmail-lspawn; exiting" "says so"
send_start
kill -9 "$(child qmail-clean)"
sleep 0.2
inject s@example.org x@quail.test
wait_until 10 "! kill -0 $SEND_PID 2>/dev/null" || kill -9 "$SEND_PID"
wait "$SEND_PID"
is "$?" 111 "a lost qmail-clean: exit 111"
like "$(cat "$LOG")" "alert: lost connection to qmail-clean; exiting" "says so"
