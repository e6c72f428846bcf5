#!/bin/sh
# Virtual mailbox users through the whole installed chain: qmail-send
# under svscan, vadddomain -H telling it about the new domain, mail
# injected with the real qmail-queue, qmail-lspawn -> qmail-local (as
# the account, by users/cdb) -> .qmail-default -> vdelivermail ->
# qmail-local -> the user's Maildir; a user's forward; an unknown user
# bounced back to the sender with vdelivermail's text.
. "${0%/*}/vpoplib.sh"
plan 16
vpop_setup
s=qs$$v
add_user "$s"
H=$TMP/home/$s
"$Q/bin/maildirmake" "$H/Maildir" && chown -R "$s:$s" "$H/Maildir"
echo ./Maildir/ > "$Q/control/defaultdelivery"
mkdir "$TMP/sv"
ln -s "$Q/service/qmail-send" "$TMP/sv/"
svscan_start "$TMP/sv"
SV=$TMP/sv/qmail-send
wait_up "$SV" 10
ok $? "qmail-send is up"
wait_file "$SV/log/main/current" 10

LOGF=$SV/log/main/current
nstatus() { grep -c ' status: ' "$LOGF"; }
wait_until 10 "[ \$(nstatus) -gt 0 ]"
n0=$(nstatus)
run "$Q/bin/vadddomain" -H virt.test
is "$status" 0 "vadddomain -H while qmail-send runs"
is "$stderr" "" "  quietly"
# svc -h returns before supervise signals qmail-send; qmail-send logs
# its status once it has reread the control files
wait_until 10 "[ \$(nstatus) -gt $n0 ]"
ok $? "  qmail-send got the HUP"
E=$D/virt.test
for u in joe fwd; do
    "$Q/bin/vadduser" $u@virt.test pw || echo "# vadduser $u failed"
done
printf '&joe@virt.test\n&%s@quail.test\n' "$s" > "$E/fwd/.qmail"
chown "$VU" "$E/fwd/.qmail"
chmod 600 "$E/fwd/.qmail"

inject() { # sender recipient...
    _s=$1; shift
    { printf 'F%s\0' "$_s"; for _r; do printf 'T%s\0' "$_r"; done
      printf '\0'; } > "$TMP/env"
    printf 'Subject: vpop-deliver\n\nhello %s\n' "$*" > "$TMP/msg"
    "$Q/bin/qmail-queue" < "$TMP/msg" 1< "$TMP/env"
}
count() { ls "$1/new" 2>/dev/null | wc -l; }
newest() { ls -t "$1/new/"* | head -n 1; }

inject sender@example.org Joe@Virt.Test
is "$?" 0 "queued for Joe@Virt.Test"
wait_until 20 "[ \$(count '$E/joe/Maildir') -eq 1 ]"
ok $? "delivered into the virtual user's Maildir (qmail-send reread virtualdomains)"
f=$(newest "$E/joe/Maildir")
is "$(sed -n 1,2p "$f")" "Return-Path: <sender@example.org>
Delivered-To: virt.test-Joe@Virt.Test" "  Return-Path, Delivered-To in the case it came in"
is "$(sed '1,/^$/d' "$f")" "hello Joe@Virt.Test" "  the body"
is "$(stat -c %U "$f")" "$VU" "  owned by the account"

inject sender@example.org fwd@virt.test
wait_until 20 "[ \$(count '$E/joe/Maildir') -eq 2 ] && [ \$(count '$H/Maildir') -eq 1 ]"
ok $? "a user's .qmail forwards to a virtual and a system user"
f=$(newest "$H/Maildir")
is "$(grep '^Delivered-To:' "$f")" "Delivered-To: $s@quail.test
Delivered-To: virt.test-fwd@virt.test" "  with the forwarder's Delivered-To"
is "$(count "$E/fwd/Maildir")" 0 "  and nothing kept"

inject "$s@quail.test" nobody@virt.test
wait_until 20 "[ \$(count '$H/Maildir') -eq 2 ]"
ok $? "an unknown virtual user: the bounce reaches the sender"
b=$(newest "$H/Maildir")
like "$(cat "$b")" "<nobody@virt.test>:" "  names the address the sender used"
like "$(cat "$b")" "Sorry, no mailbox here by that name. \(#5.1.1\)" \
    "  with vdelivermail's text"
like "$(grep -c 'hello nobody@virt.test' "$b")" '^1$' "  and the message"
