#!/bin/sh
# install: make install lays out qmail's tree with qmail's owners and
# modes, instcheck finds every fault, and reinstalling keeps local files.
. "${0%/*}/ilib.sh"
need_root
plan 14
quail_install
run make -s -C "$TOP" QMAILHOME="$Q" instcheck
is "$status" 0 "fresh install passes instcheck"
is "$(stat -c '%A %U %G' "$Q/queue/lock/trigger")" "prw--w--w- qmails qmail" \
    "trigger is a fifo owned by qmails"
is "$(stat -c '%a %U' "$Q/queue/mess/22" "$Q/queue/info/0")" \
"750 qmailq
700 qmails" "queue split directories"
is "$(stat -c %s "$Q/queue/lock/tcpto")" 1024 "tcpto has 1024 bytes"
for f in postmaster root mailer-daemon; do
    [ -f "$Q/alias/.qmail-$f" ]; ok $? "alias/.qmail-$f exists"
done
for u in alias qmaild qmaill qmailp qmailq qmailr qmails; do
    getent passwd "$u" >/dev/null || echo "missing $u"
done > missing
is "$(cat missing)" "" "all qmail users exist"

# Damage the tree: each fault is reported and the exit code says so.
chmod 755 "$Q/queue/pid"
chown root "$Q/queue/lock/sendmutex"
rmdir "$Q/queue/local/7"
run make -s -C "$TOP" QMAILHOME="$Q" instcheck
is "$status" 2 "instcheck fails on a damaged tree (make reports 2)"
like "$stderr" "queue/pid: mode 755, want 700" "wrong mode reported"
like "$stderr" "sendmutex: owner root, want qmails" "wrong owner reported"
like "$stderr" "queue/local/7 is missing" "missing path reported"

# Reinstall over it: local files survive, the damage is repaired.
echo "me.example" > "$Q/control/me"
echo "&someone@example.org" > "$Q/alias/.qmail-root"
echo "queued" > "$Q/queue/mess/3/12345"
chown qmailq "$Q/queue/mess/3/12345"
quail_install_keep() {
    make -s -C "$TOP" BUILD="$BUILD" CC="${QUAIL_CC:-cc}" \
        CFLAGS="${QUAIL_CFLAGS:--O2 -g}" LDFLAGS="${QUAIL_LDFLAGS-}" \
        QMAILHOME="$Q" install >/dev/null 2>&1
}
quail_install_keep
is "$(cat "$Q/control/me") $(cat "$Q/alias/.qmail-root") $(cat "$Q/queue/mess/3/12345")" \
    "me.example &someone@example.org queued" \
    "reinstall keeps control/, alias/ files and queued messages"
run make -s -C "$TOP" QMAILHOME="$Q" instcheck
is "$status" 0 "reinstall repairs owners, modes and missing directories"
