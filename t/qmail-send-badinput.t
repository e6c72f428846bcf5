#!/bin/sh
# qmail-send and damaged queue files: each is a warning line, never a
# crash, never a lost message.
. "${0%/*}/sendlib.sh"
plan 28
send_setup
QD=$Q/queue
send_start

# mkmsg FORMAT: a message file and a todo/ entry (printf FORMAT) made by
# hand; sets $MID.
mkmsg() {
    printf 'Subject: hand made\n\nbody\n' > "$QD/pid/hand"
    MID=$(stat -c %i "$QD/pid/hand")
    ln "$QD/pid/hand" "$QD/mess/$((MID % 23))/$MID"
    rm "$QD/pid/hand"
    printf "$1" > "$QD/todo/$MID"
    chown qmailq "$QD/mess/$((MID % 23))/$MID" "$QD/todo/$MID"
}
pull() { kill -ALRM "$SEND_PID"; }

# --- malformed todo/ entries ----------------------------------------------
mkmsg 'u0\0p1\0Fa@example.org\0Xjunk\0'; bad1=$MID
mkmsg 'u0\0p1\0Fa@example.org\0Tx@quail.te'; bad2=$MID
mkmsg 'u0\0p1\0'; bad3=$MID
mkmsg 'u0\0p1\0Tx@quail.test\0Fa@example.org\0'; bad4=$MID
mkmsg 'uzz\0p1\0Fa@example.org\0'; bad5=$MID
printf 'Fa@b\0Tc@quail.test\0' > "$QD/todo/999999"
: > "$QD/todo/junk"
pull
wait_log "todo/$bad1 has an unknown record type; leaving it for the postmaster"
ok $? "unknown record type: warning"
wait_log "todo/$bad2 is truncated; leaving it for the postmaster"
ok $? "truncated envelope: warning"
wait_log "todo/$bad3 has no sender; leaving it for the postmaster"
ok $? "no sender: warning"
wait_log "todo/$bad4 has a recipient before the sender"
ok $? "recipient before sender: warning"
wait_log "todo/$bad5 has a bad number"
ok $? "bad uid: warning"
wait_log "warning: unable to stat mess/[0-9]+/999999: No such file or directory; will try again later"
ok $? "todo/ without mess/: warning"
kill -0 "$SEND_PID"; ok $? "qmail-send is still running"
for m in $bad1 $bad2 $bad3 $bad4 $bad5 999999; do
    [ -e "$QD/todo/$m" ] || echo "todo/$m gone"
done > gone
is "$(cat gone)" "" "every bad todo/ entry stays for the postmaster"
[ -e "$QD/mess/$((bad1 % 23))/$bad1" ]; ok $? "and so does its message"
grep -q junk "$LOG"; ok $((! $?)) "a name that is not a number is ignored"
n=$(grep -c 'unknown record type' "$LOG")
inject s@example.org ok@quail.test
wait_end
ok $? "good mail still flows"
is "$(grep -c 'unknown record type' "$LOG")" "$n" \
    "a bad entry is not warned about again at every trigger"
rm -f "$QD/todo/"* "$QD/mess/"*/*

# --- damaged info/ ---------------------------------------------------------
rules 'held@quail.test Z 0 hold'
inject joe@example.org held@quail.test
wait_log "deferral: hold"
S=$((ID % 23))
birth=$(stat -c %Y "$QD/info/$S/$ID")
printf 'Fjoe@exa' > "$QD/info/$S/$ID"
touch -d "@$birth" "$QD/info/$S/$ID"
rules
: > "$FS/log"
pull
wait_end
like "$(cat "$LOG")" "warning: info/$S/$ID is corrupt; delivering with an empty envelope sender" \
    "truncated info/: warning"
grep -q "^start qmail-lspawn [0-9]* $ID <> held@quail.test$" "$FS/log"
ok $? "and the message is delivered, with the empty sender"

rules 'held@quail.test Z 0 hold'
inject joe@example.org held@quail.test
wait_log "msg $ID to local held"
wait_until 5 "[ \$(grep -c 'deferral: hold' '$LOG') -ge 2 ]"
send_stop
rm "$QD/info/$S/$ID" 2>/dev/null || rm "$QD/info/$((ID % 23))/$ID"
rules
send_start
pull
wait_until 10 "[ -z \"\$(queue_files)\" ]"
ok $? "a channel file whose info/ is gone is still found at startup and delivered"
like "$(cat "$LOG")" "warning: info/[0-9]+/$ID is missing; delivering with an empty envelope sender" \
    "missing info/: warning"

# --- damaged channel files and a missing mess/ -----------------------------
rules 'held@quail.test Z 0 hold' 'other@quail.test Z 0 hold'
inject joe@example.org held@quail.test other@quail.test
wait_until 5 "[ \$(grep -c 'deferral: hold' '$LOG') -ge 4 ]"
S=$((ID % 23))
printf 'Xbogus\0Theld@quail.test\0' > "$QD/local/$S/$ID"
rules
pull
wait_log "warning: unknown record type in local/$S/$ID"
ok $? "unknown record in local/: warning"
[ -e "$QD/local/$S/$ID" ]; ok $? "the message stays"
printf 'Theld@quail.test\0Tother@quail.te' > "$QD/local/$S/$ID"
: > "$FS/log"
send_stop
send_start
pull
wait_end
like "$(cat "$LOG")" "local/$S/$ID ends in a truncated record; ignoring it" \
    "truncated local/: warning"
grep -q "held@quail.test" "$FS/log"; ok $? "the whole records are delivered"

rules 'held@quail.test Z 0 hold'
inject joe@example.org held@quail.test
wait_log "msg $ID to local held"
S=$((ID % 23))
sleep 0.3
mv "$QD/mess/$S/$ID" "$TMP/saved"
pull
wait_log "warning: unable to stat mess/$S/$ID: No such file or directory; will try again later"
ok $? "missing mess/: warning"
[ -e "$QD/local/$S/$ID" ] && [ -e "$QD/info/$S/$ID" ]
ok $? "the message stays queued"
mv "$TMP/saved" "$QD/mess/$S/$ID"
rules
pull
wait_end
ok $? "and is delivered once mess/ is back"
# --- qmail-clean cannot remove todo/ of a message done from memory -----
# The message must not be taken in and delivered again meanwhile.
mkmsg 'u0\0p1\0Fs@example.org\0Tpinned@quail.test\0'
if chattr +i "$QD/todo/$MID" 2>/dev/null; then
    pull
    wait_log "warning: qmail-clean unable to clean up mess/$((MID % 23))/$MID"
    ok $? "qmail-clean's failure is a warning"
    inject s@example.org after-pinned@quail.test
    wait_end
    inject s@example.org after-pinned2@quail.test
    wait_end
    is "$(grep -c '^start .* pinned@quail.test' "$FS/log")" 1 \
        "while todo/ stays the message is not delivered again"
    [ -e "$QD/todo/$MID" ] && [ -e "$QD/mess/$((MID % 23))/$MID" ]
    ok $? "and todo/ never outlives mess/"
    chattr -i "$QD/todo/$MID"
else
    for i in 1 2 3; do ok 0 "# SKIP chattr +i does not work here"; done
fi
kill -0 "$SEND_PID"; ok $? "qmail-send survived all of it"
is "$(grep -c '^alert' "$LOG")" 0 "no alerts"
