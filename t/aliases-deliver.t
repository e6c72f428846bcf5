#!/bin/sh
# dot-forward and fastforward in real deliveries: qmail-send under
# svscan with the real qmail-lspawn and qmail-local, messages queued with
# the installed qmail-queue. A user's .qmail runs dot-forward before the
# mailbox line; ~alias/.qmail-default runs fastforward -d on a database
# that newaliases made from an aliases file (not /etc/aliases).
. "${0%/*}/ilib.sh"
need_root
plan 23
quail_install
a=qa$$a b=qa$$b c=qa$$c
for u in $a $b $c; do
    add_user "$u"
    "$Q/bin/maildirmake" "$TMP/home/$u/Maildir"
    chown -R "$u:$u" "$TMP/home/$u/Maildir"
done
A=$TMP/home/$a B=$TMP/home/$b C=$TMP/home/$c
put() { printf "$2" > "$1" && chown "$3" "$1"; }
# a: .forward sends a copy to b and keeps one (\a); a-fwd: forward only;
# a-none: no such .forward, so the mailbox line delivers.
put "$A/.qmail" '|dot-forward .forward\n./Maildir/\n' "$a:$a"
put "$A/.forward" "# sendmail's\n$b@quail.test, \\\\$a\n" "$a:$a"
put "$A/.qmail-fwd" '|dot-forward .fwd\n./Maildir/\n' "$a:$a"
put "$A/.fwd" "$c@quail.test\n" "$a:$a"
put "$A/.qmail-none" '|dot-forward .nothere\n./Maildir/\n' "$a:$a"
put "$A/.qmail-prog" '|dot-forward .prog\n./Maildir/\n' "$a:$a"
put "$A/.prog" "\"|cat > $A/prog.out\"\n" "$a:$a"

mkdir -m 777 "$TMP/out"
cat > "$TMP/aliases" <<EOF2
# aliases for the test
staff: $b,
  $c
list: $c
owner-list: $b
prog: "|cat > $TMP/out/prog.out"
@virt.test: $b
loopy: loopy@quail.test
EOF2
run "$Q/bin/newaliases" "$TMP/aliases"
is "$status:$stderr" "0:" "newaliases compiles the aliases file"
echo "| fastforward -d $TMP/aliases.cdb" > "$Q/alias/.qmail-default"
echo "virt.test:alias" > "$Q/control/virtualdomains"
echo ./Maildir/ > "$Q/control/defaultdelivery"

mkdir "$TMP/sv"
ln -s "$Q/service/qmail-send" "$TMP/sv/"
svscan_start "$TMP/sv"
SV=$TMP/sv/qmail-send
wait_up "$SV" 10 && wait_up "$SV/log" 10
ok $? "qmail-send is up"
LOGF=$SV/log/main/current

inject() { # sender recipient...
    _s=$1; shift
    { printf 'F%s\0' "$_s"; for _r; do printf 'T%s\0' "$_r"; done
      printf '\0'; } > "$TMP/env"
    printf 'Subject: aliases\n\nhello %s\n' "$*" > "$TMP/msg"
    "$Q/bin/qmail-queue" < "$TMP/msg" 1< "$TMP/env"
}
count() { ls "$1/Maildir/new" 2>/dev/null | wc -l; }
newest() { ls -t "$1/Maildir/new/"* | head -n 1; }
empty_queue() { [ -z "$(cd "$Q/queue" && find todo info local remote \
    bounce mess -type f)" ]; }

# --- dot-forward -------------------------------------------------------------
inject sender@example.org "$a@quail.test"
wait_until 20 "[ \$(count '$A') -eq 1 ] && [ \$(count '$B') -eq 1 ]"
ok $? ".forward with \\user: a copy forwarded and one kept"
f=$(newest "$B")
is "$(sed -n 1p "$f"; grep '^Delivered-To:' "$f")" "Return-Path: <sender@example.org>
Delivered-To: $b@quail.test
Delivered-To: $a@quail.test" \
    "the forward has a's Delivered-To and the original sender"

inject sender@example.org "$a-fwd@quail.test"
wait_until 20 "[ \$(count '$C') -eq 1 ]"
ok $? ".forward without \\user: forwarded"
wait_until 10 empty_queue
is "$(count "$A")" 1 "and not kept (dot-forward exits 99)"

inject sender@example.org "$a-none@quail.test"
wait_until 20 "[ \$(count '$A') -eq 2 ]"
ok $? "no .forward: the next .qmail line delivers"

inject sender@example.org "$a-prog@quail.test"
wait_until 20 "[ -s '$A/prog.out' ]"
ok $? "a program in .forward runs"
is "$(sed -n 1p "$A/prog.out" | cut -c1-5):$(sed -n 2,3p "$A/prog.out")" \
    "From :Return-Path: <sender@example.org>
Delivered-To: $a-prog@quail.test" "with UFLINE, RPLINE and DTLINE"
is "$(stat -c %U "$A/prog.out")" "$a" "as the user"

# --- fastforward ----------------------------------------------------------------
inject sender@example.org staff@quail.test
wait_until 20 "[ \$(count '$B') -eq 2 ] && [ \$(count '$C') -eq 2 ]"
ok $? "an alias with a continued list reaches both users"
f=$(newest "$C")
is "$(sed -n 1p "$f"; grep '^Delivered-To:' "$f")" "Return-Path: <sender@example.org>
Delivered-To: $c@quail.test
Delivered-To: staff@quail.test" "original sender, the alias's Delivered-To"

inject sender@example.org list@quail.test
wait_until 20 "[ \$(count '$C') -eq 3 ]"
ok $? "a list alias"
is "$(sed -n 1p "$(newest "$C")")" "Return-Path: <owner-list@quail.test>" \
    "owner-list becomes the envelope sender"

inject sender@example.org prog@quail.test
wait_until 20 "[ -s '$TMP/out/prog.out' ]"
ok $? "a program alias runs"
is "$(sed -n 3p "$TMP/out/prog.out")" "Delivered-To: prog@quail.test" \
    "fed the qmail-command lines first"
is "$(stat -c %U "$TMP/out/prog.out")" alias "as the alias user"

inject sender@example.org Billing@virt.test
wait_until 20 "[ \$(count '$B') -eq 3 ]"
ok $? "a virtual domain of alias: @virt.test through -d (\$DEFAULT@\$HOST)"

inject "$b@quail.test" "nosuch$$@quail.test"
wait_until 20 "[ \$(count '$B') -eq 4 ]"
ok $? "no such alias: the sender gets a bounce"
like "$(cat "$(newest "$B")")" "Sorry, no mailbox here by that name. \(#5.1.1\)" \
    "with fastforward's text"
inject "$b@quail.test" "loopy@quail.test"
wait_until 20 "[ \$(count '$B') -eq 5 ]"
ok $? "an alias forwarding to itself comes back and bounces"
like "$(cat "$(newest "$B")")" "This message is looping: it already has my Delivered-To line. \(#5.4.6\)" \
    "as qmail-local's loop (Delivered-To on top of each forward)"
wait_until 20 empty_queue
ok $? "the queue is empty"
