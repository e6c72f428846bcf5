#!/bin/sh
# A full queue disk: qmail-queue fails with 53 and leaves nothing,
# qmail-smtpd answers 451 and the client may try again, qmail-send
# still delivers a message it holds in memory when it cannot write the
# message's files, and every part works again once there is room.
# The queue is a small tmpfs mounted over the installed one.
. "${0%/*}/sendlib.sh"
plan 16
send_setup
QD=$Q/queue
cp -a "$QD" "$TMP/queue.orig"
mount -t tmpfs -o size=1m tmpfs "$QD" || { echo "not ok - mount tmpfs"; exit 1; }
at_exit "umount '$QD'"
cp -a "$TMP/queue.orig/." "$QD/"
chown --reference="$TMP/queue.orig" "$QD"
chmod --reference="$TMP/queue.orig" "$QD"
QQ=$Q/bin/qmail-queue

# fill: leave exactly $1 KiB free (0: none). tmpfs counts whole pages.
fill() {
    rm -f "$QD/filler" "$QD/room"
    [ "$1" -gt 0 ] && head -c "$(($1 * 1024))" /dev/zero > "$QD/room"
    head -c 2M /dev/zero > "$QD/filler" 2>/dev/null
    rm -f "$QD/room"
}
unfill() { rm -f "$QD/filler" "$QD/room"; }
parts() { (cd "$QD" && find pid intd todo mess info local remote bounce \
    -type f | sort); }

printf 'Subject: big\n\n' > msg
{ head -c 20000 /dev/zero | tr "\0" x | fold -w 70; echo; } >> msg
printf 'Fsender@example.org\0Tjoe@quail.test\0\0' > env

# --- qmail-queue -------------------------------------------------------
fill 0
run sh -c "'$QQ' <msg 1<env"
is "$status" 53 "qmail-queue on a full disk: 53 (write error)"
like "$stderr" 'No space left on device' "  and says why"
is "$(parts)" "" "  leaving nothing in the queue"

# --- qmail-smtpd, with the real qmail-queue ----------------------------
smtp() {
    { printf 'HELO client.example\r\nMAIL FROM:<s@example.org>\r\n'
      printf 'RCPT TO:<joe@quail.test>\r\nDATA\r\n'
      sed 's/$/\r/' msg; printf '.\r\nQUIT\r\n'; } > smtp.in
    run_in smtp.in env TCPREMOTEIP=192.0.2.7 TCPLOCALIP=192.0.2.1 \
        "$Q/bin/qmail-smtpd"
    stdout=$(printf '%s\n' "$stdout" | tr -d '\r')
}
# The replies after the 354, one per line.
replies() { printf '%s\n' "$stdout" | sed '1,/^354 /d'; }
smtp
is "$(replies)" "451 qq write error or disk full (#4.3.0)
221 quail.test" "qmail-smtpd: 451 after DATA, a temporary failure"
is "$(parts)" "" "  nothing queued"
unfill
smtp
like "$(replies)" '^250 ok [0-9]+ qp [0-9]+$' \
    "with room again the same message is accepted"
run sh -c "find '$QD/todo' -type f | wc -l"
is "$stdout" 1 "  and queued"
(cd "$QD" && find pid intd todo mess info local remote bounce -type f \
    -delete)

# --- qmail-send: deliveries go on while its files cannot be written ----
# A delivery that takes 5 s outlives the commit (1 to 3 s after intake),
# which then fails for want of room; the message stays in todo/ and in
# memory, is delivered once, and ends.
rules 'slow@quail.test K 5 slow done'
send_start
fill 8  # a page each for mess/ and intd/, none for info/ and local/
inject s@example.org slow@quail.test
like "$ID" '^[0-9]+$' "a message queued into the last free pages"
wait_log "^warning: trouble writing (info|local)/[0-9]+/$ID: No space left on device; will try again later$" 10
ok $? "the commit cannot write its files: logged, to be tried again"
wait_end 15
ok $? "the delivery still ends, from memory"
unlike "$(life)" "unable to open" "  no complaint about the files it did not write"
is "$(grep -c '^start .* slow@quail.test' "$FS/log")" 1 \
    "  the recipient got it once"
is "$(life | grep -c '^delivery [0-9]*: success: slow_done')" 1 \
    "  success logged"
wait_until 10 "[ -z \"\$(parts)\" ]"
ok $? "  and nothing of it is left in the queue"

# --- and once there is room ---------------------------------------------
unfill
rules
inject s@example.org again@quail.test
wait_end 10
ok $? "with room again qmail-send delivers as ever"
is "$(parts)" "" "  and cleans up"
