#!/bin/sh
# qmail-send with the real daemons under svscan: a local user, an
# extension, an alias, a virtual domain, a bounce, a double and a triple
# bounce, svc -a/-h/-t, the multilog log, and kill -9 of qmail-send in
# the middle of a delivery.
. "${0%/*}/ilib.sh"
need_root
plan 25
quail_install
u=qs$$s
add_user "$u"
H=$TMP/home/$u
mk() { "$Q/bin/maildirmake" "$1" && chown -R "$2" "$1"; }
mk "$H/Maildir" "$u:$u"
mk "$H/ext" "$u:$u"
mk "$H/virt" "$u:$u"
echo ./ext/ > "$H/.qmail-ext"
echo ./virt/ > "$H/.qmail-virt-default"
chown "$u:$u" "$H/.qmail-ext" "$H/.qmail-virt-default"
mk "$Q/alias/Maildir" alias
echo ./Maildir/ > "$Q/alias/.qmail-postmaster"
echo "virt.test:$u-virt" > "$Q/control/virtualdomains"
echo ./Maildir/ > "$Q/control/defaultdelivery"
mkdir "$TMP/sv"
ln -s "$Q/service/qmail-send" "$TMP/sv/"
svscan_start "$TMP/sv"
SV=$TMP/sv/qmail-send
wait_up "$SV" 10 && wait_up "$SV/log" 10
ok $? "qmail-send and its log are up"
LOGF=$SV/log/main/current
wait_file "$LOGF" 10

inject() { # sender recipient...
    _s=$1; shift
    { printf 'F%s\0' "$_s"; for _r; do printf 'T%s\0' "$_r"; done
      printf '\0'; } > "$TMP/env"
    printf 'Subject: send-deliver\n\nhello %s\n' "$*" > "$TMP/msg"
    "$Q/bin/qmail-queue" < "$TMP/msg" 1< "$TMP/env"
}
count() { ls "$1/new" 2>/dev/null | wc -l; }
newest() { ls -t "$1/new/"* | head -n 1; }
empty_queue() { [ -z "$(cd "$Q/queue" && find todo info local remote \
    bounce mess -type f)" ]; }

inject sender@example.org "$u@quail.test"
wait_until 20 "[ \$(count '$H/Maildir') -eq 1 ]"
ok $? "a local user: delivered to ~/Maildir (control/defaultdelivery)"
is "$(sed -n 2p "$(newest "$H/Maildir")")" "Delivered-To: $u@quail.test" \
    "with Delivered-To"

inject sender@example.org "$u-ext@quail.test"
wait_until 20 "[ \$(count '$H/ext') -eq 1 ]"
ok $? "an extension address: delivered by ~/.qmail-ext"

inject sender@example.org postmaster@quail.test
wait_until 20 "[ \$(count '$Q/alias/Maildir') -eq 1 ]"
ok $? "postmaster: delivered by ~alias/.qmail-postmaster"

inject sender@example.org info@virt.test
wait_until 20 "[ \$(count '$H/virt') -eq 1 ]"
ok $? "a virtual domain: delivered by ~/.qmail-virt-default"
is "$(sed -n 2p "$(newest "$H/virt")")" "Delivered-To: $u-virt-info@virt.test" \
    "as prepend-user@domain"

# --- bounces ----------------------------------------------------------------
inject "$u@quail.test" "nosuch$$@quail.test"
wait_until 20 "[ \$(count '$H/Maildir') -eq 2 ]"
ok $? "unknown user: the bounce reaches the local sender"
b=$(newest "$H/Maildir")
is "$(sed -n 2p "$b")" "Delivered-To: $u@quail.test" "delivered to the sender"
like "$(sed -n 1p "$b")" "^Return-Path: <>$" "with the empty sender"
like "$(cat "$b")" "From: MAILER-DAEMON@quail.test" "from MAILER-DAEMON@me"
like "$(sed '1,/^$/d' "$b" | head -n 1)" "^Hi. This is the qmail-send program at quail.test.$" \
    "QSBMF"
like "$(cat "$b")" "<nosuch$$@quail.test>:" "names the failed address"
like "$(cat "$b")" "hello nosuch$$@quail.test" "with the original message"

inject '' "nosuch$$@quail.test"
wait_until 20 "[ \$(count '$Q/alias/Maildir') -eq 2 ]"
ok $? "double bounce: to the postmaster"
like "$(sed -n 1p "$(newest "$Q/alias/Maildir")")" '^Return-Path: <#@\[\]>$' \
    "with the sender #@[]"

inject '#@[]' "nosuch$$@quail.test"
wait_until 20 "grep -q 'triple bounce: discarding' '$LOGF'"
ok $? "triple bounce: dropped"
wait_until 10 empty_queue
ok $? "the queue is empty"
like "$(grep 'new msg' "$LOGF" | head -n 1)" '^@[0-9a-f]{24} new msg [0-9]+$' \
    "log: qmail-send's lines through multilog t"

# --- svc -h, svc -a ------------------------------------------------------------
echo other.test >> "$Q/control/locals"
n=$(grep -c 'status:' "$LOGF")
svc -h "$SV"
# qmail-send logs a status line once it has reread its controls
wait_until 10 "[ \$(grep -c 'status:' '$LOGF') -gt $n ]"
inject sender@example.org "$u@other.test"
wait_until 20 "[ \$(count '$H/Maildir') -eq 3 ]"
ok $? "svc -h: a domain added to locals is local"
pid=$(svstat "$SV" | sed -n 's/.*(pid \([0-9]*\)).*/\1/p')
n=$(grep -c 'status:' "$LOGF")
svc -a "$SV"
sleep 0.5
is "$(svstat "$SV" | sed -n 's/.*(pid \([0-9]*\)).*/\1/p')" "$pid" \
    "svc -a: qmail-send keeps running"

# --- kill -9 in the middle of a delivery ------------------------------------------
printf '|sleep 2\n./Maildir/\n' > "$H/.qmail-slow"
chown "$u:$u" "$H/.qmail-slow"
inject sender@example.org "$u-slow@quail.test"
wait_until 10 "grep -q 'to local $u-slow@quail.test' '$LOGF'"
kill -9 "$pid"
wait_until 10 "svstat '$SV' | grep -q 'up (pid' && [ \"\$(svstat '$SV' | sed -n 's/.*(pid \\([0-9]*\\)).*/\\1/p')\" != $pid ]"
ok $? "supervise restarts qmail-send after kill -9"
wait_until 30 "[ \$(count '$H/Maildir') -ge 4 ]" && wait_until 30 empty_queue
ok $? "the message is delivered after all (maybe twice, never not at all)"

# --- svc -t: exits after the delivery in progress ------------------------------
inject sender@example.org "$u-slow@quail.test"
wait_until 10 "[ \$(grep -c 'to local $u-slow@quail.test' '$LOGF') -ge 3 ]" ||
    wait_until 10 "[ \$(grep -c 'to local $u-slow@quail.test' '$LOGF') -ge 2 ]"
svc -t "$SV"
wait_until 20 "grep -q 'status: exiting' '$LOGF'"
ok $? "svc -t: status: exiting"
like "$(grep -B3 'status: exiting' "$LOGF" | head -n 3)" "delivery [0-9]+: success" \
    "after the delivery in progress ended"
