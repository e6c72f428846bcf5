#!/bin/sh
# vdelivermail, run as qmail-local runs it from a virtual domain's
# .qmail-default: as the domain's account, in the domain's directory,
# with qmail-local's variables. Users' Maildirs, their .qmail files
# (forward, program, extensions), quotas, and every catch-all kind.
. "${0%/*}/vpoplib.sh"
plan 47
vpop_setup
"$Q/bin/vadddomain" example.test || echo "# vadddomain failed"
E=$D/example.test
for u in joe ann; do
    "$Q/bin/vadduser" $u@example.test pw || echo "# vadduser $u failed"
done
"$Q/bin/vadduser" -q 2000S small@example.test pw
printf 'Subject: to the virtual user\n\nhello\n' > "$TMP/msg"
chmod 644 "$TMP/msg"

# vdm EXT [CATCHALL]: vdelivermail for EXT@example.test
vdm() {
    cat > "$TMP/vdm" <<EOF
cd '$E' || exit 55
exec env - PATH="\$PATH" LOCAL='example.test-$1' HOST=example.test \
    EXT='$1' SENDER=sender@remote.test NEWSENDER=sender@remote.test \
    DTLINE='Delivered-To: example.test-$1@example.test
' '$Q/bin/vdelivermail' '' '${2:-bounce-no-mailbox}'
EOF
    run_in "$TMP/msg" setuidgid "$VU" sh "$TMP/vdm"
}
count() { find "$1" -type f | grep -c .; }
queued() { find "$Q/queue/mess" -type f | grep -c .; }

vdm joe
is "$status" 0 "a user: delivered"
is "$stdout" "did 1+0+0" "  by qmail-local into one maildir"
is "$stderr" "" "  nothing else said"
f=$(find "$E/joe/Maildir/new" -type f)
is "$(sed -n 1,2p "$f")" "Return-Path: <sender@remote.test>
Delivered-To: example.test-joe@example.test" "  Return-Path, Delivered-To"
is "$(sed '1,2d' "$f")" "$(cat "$TMP/msg")" "  then the message"
is "$(stat -c '%U %a' "$f")" "$VU 600" "  owned by the account, private"
vdm JOE
is "$status" 0 "EXT in upper case"
is "$(count "$E/joe/Maildir/new")" 2 "  lower-cased: joe's mailbox"

vdm nobody
is "$status" 100 "no such user: bounced"
is "$stderr" "Sorry, no mailbox here by that name. (#5.1.1)" \
    "  qmail-local's text, no program name"
vdm ''
is "$status" 100 "an empty EXT: bounced"

# a user's .qmail: a maildir, a forward, a program
q0=$(queued)
printf './Maildir/\n&elsewhere@remote.test\n|echo "$USER $EXT $SENDER" > out\n' \
    > "$E/ann/.qmail"
chown "$VU" "$E/ann/.qmail"
vdm ann
is "$status" 0 "a user with a .qmail file"
is "$(echo "$stdout" | head -n 1)" "did 1+1+1" "  a maildir, a forward, a program"
is "$(count "$E/ann/Maildir/new")" 1 "  the maildir"
is "$(queued)" "$((q0 + 1))" "  the forward was queued"
is "$(cat "$E/ann/out")" "ann@example.test  sender@remote.test" \
    "  the program ran in the user's directory with USER"
is "$(stat -c %U "$E/ann/out")" "$VU" "  as the account"
chmod 664 "$E/ann/.qmail"
vdm ann
is "$status" 111 "a group-writable .qmail: deferred by qmail-local"
is "$stderr" "Uh-oh: .qmail file is writable. (#4.7.0)" "  qmail-local's text"
chmod 600 "$E/ann/.qmail"

# extensions: joe-lists by joe's .qmail-lists
mkdir -p "$E/joe/Lists/new" "$E/joe/Lists/cur" "$E/joe/Lists/tmp"
echo ./Lists/ > "$E/joe/.qmail-lists"
chown -R "$VU" "$E/joe"
vdm joe-lists
is "$status" 0 "joe-lists: delivered"
is "$(count "$E/joe/Lists/new")" 1 "  by joe's .qmail-lists"
is "$(sed -n 2p "$(find "$E/joe/Lists/new" -type f)")" \
    "Delivered-To: example.test-joe-lists@example.test" "  its Delivered-To"
vdm joe-other
is "$status" 100 "joe-other without a .qmail-other: bounced"
is "$stderr" "Sorry, no mailbox here by that name. (#5.1.1)" "  qmail-local's text"

# quota: 2000 bytes
vdm small
is "$status" 0 "under quota: delivered"
head -c 3000 /dev/zero | tr '\0' x > "$E/small/Maildir/cur/big"
vdm small
is "$status" 100 "over quota: bounced"
is "$stderr" "Sorry, small@example.test is over quota. (#5.2.2)" "  says so"
is "$(count "$E/small/Maildir/new")" 1 "  not delivered"

# catch-alls
vdm bob delete
is "$status" 0 "catch-all delete: success"
is "$stdout" "no mailbox for bob: message deleted" "  says so"
n=$(count "$E/joe/Maildir/new")
vdm bob joe
is "$status" 0 "catch-all user"
is "$(count "$E/joe/Maildir/new")" "$((n + 1))" "  delivered to joe"
vdm bob "$E/joe"
is "$status" 0 "catch-all directory"
is "$(count "$E/joe/Maildir/new")" "$((n + 2))" "  delivered to it"
q0=$(queued)
vdm bob postmaster@remote.test
is "$status" 0 "catch-all address"
is "$(queued)" "$((q0 + 1))" "  forwarded through qmail-queue"
like "$stderr" '^forward: qp [0-9]+$' "  by forward(1)"
vdm bob nobody
is "$status" 111 "a catch-all user that does not exist: deferred"
is "$stderr" "The catch-all user nobody does not exist. (#4.3.5)" "  says so"

# a broken setup defers
cat > "$TMP/vdm" <<EOF
cd '$E' && exec env - HOST=example.test LOCAL=x SENDER= '$Q/bin/vdelivermail' '' bounce-no-mailbox
EOF
run_in "$TMP/msg" setuidgid "$VU" sh "$TMP/vdm"
is "$status" 111 "EXT missing: deferred"
is "$stderr" "EXT is not set: run me from a .qmail file. (#4.3.5)" "  says so"
cat > "$TMP/vdm" <<EOF
cd '$E' && exec env - EXT=joe HOST=example.test LOCAL=x SENDER= '$Q/bin/vdelivermail'
EOF
run_in "$TMP/msg" setuidgid "$VU" sh "$TMP/vdm"
is "$status" 111 "no catch-all argument: deferred"
like "$stderr" "^vdelivermail usage: vdelivermail '' " "  says so"
mv "$E/vpasswd.cdb" "$E/vpasswd.cdb.away"
vdm joe
is "$status" 111 "vpasswd.cdb missing: deferred"
is "$stderr" "Unable to open vpasswd.cdb: No such file or directory. (#4.3.5)" \
    "  says so"
mv "$E/vpasswd.cdb.away" "$E/vpasswd.cdb"
printf 'joe:x\n' > "$TMP/bad"
cdb -c "$TMP/bad.cdb" <<EOF
+3,5:joe->joe:x

EOF
cp "$TMP/bad.cdb" "$E/vpasswd.cdb"
vdm joe
is "$status" 111 "a bad entry in vpasswd.cdb: deferred"
is "$stderr" "vpasswd.cdb: bad entry for joe. (#4.3.5)" "  says so"
