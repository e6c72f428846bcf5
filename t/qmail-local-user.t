#!/bin/sh
# qmail-local as a real unprivileged user, the way qmail-lspawn runs it:
# files it creates belong to the user and are private, a program runs as
# the user, and what the user may not write defers instead of bouncing.
. "${0%/*}/ilib.sh"
need_root
plan 9
u=qt$$l
add_user "$u"
H=$TMP/home/$u
printf 'Subject: hi\n\nbody\n' > msg
as_user() {
    run_in msg setuidgid "$u" qmail-local "$u" "$H" "$u" '' '' \
        example.com s@example.org "$1"
}
su_run() { setuidgid "$u" sh -c "$1"; }

su_run "mkdir -p '$H/Maildir/tmp' '$H/Maildir/new' '$H/Maildir/cur'"
as_user ./Maildir/
is "$status:$stdout" "0:did 1+0+0" "maildir delivery as the user"
f=$(ls "$H"/Maildir/new/*)
is "$(stat -c '%U %a' "$f")" "$u 600" "message owned by the user, mode 600"
as_user ./Mailbox
is "$status" 0 "mbox delivery as the user"
is "$(stat -c '%U %a' "$H/Mailbox")" "$u 600" "mbox created private"
as_user '|id -un > whoami'
is "$(cat "$H/whoami")" "$u" "the program runs as the user"

mkdir -m 755 "$TMP/rootdir"
as_user "$TMP/rootdir/mbox"
is "$status" 111 "an mbox the user cannot create: defer"
like "$stderr" "^Unable to open $TMP/rootdir/mbox: Permission denied\\. \\(#4\\.2\\.1\\)\$" \
    "with the reason"
su_run "echo ./Mailbox > '$H/.qmail-x'; chmod 644 '$H/.qmail-x'"
chmod 700 "$H"
chown root "$H/.qmail-x"
chmod 600 "$H/.qmail-x"
run_in msg setuidgid "$u" qmail-local "$u" "$H" "$u-x" - x example.com \
    s@example.org ./Mailbox
is "$status" 111 "an unreadable .qmail-x: defer, not bounce"
like "$stderr" '^Unable to open \.qmail-x: Permission denied\. \(#4\.3\.0\)$' \
    "with the reason"
