#!/bin/sh
# The .qmail helpers inside real deliveries: an installed tree, a real
# user, qmail-local run as that user (as qmail-lspawn runs it), the
# installation's qmail-queue taking what forward, condredirect and
# qreceipt inject. bouncesaying, except, condredirect, preline, qbiff
# and forward in one .qmail file; maildir2mbox on the result.
. "${0%/*}/ilib.sh"
need_root
plan 30
quail_install
u=qt$$h
add_user "$u"
H=$TMP/home/$u
B=$Q/bin
as_user() { setuidgid "$u" sh -c "$1"; }
as_user "maildirmake '$H/Maildir'"
as_user "cat > '$H/.qmail-a'; chmod 644 '$H/.qmail-a'" <<EOS
|$B/bouncesaying 'No spam, thanks.' grep -q '^Subject: spam'
|$B/except grep -q '^X-Bad:'
|$B/condredirect boss@example.com grep -q '^Subject: urgent'
|$B/preline -f sh -c 'cat > preline.out'
|$B/qbiff
|$B/forward copy@example.net "\$EXT"-fwd@example.org
./Maildir/
EOS
as_user "printf '|$B/qreceipt $u-r@quail.test\n./Maildir/\n' > '$H/.qmail-r'; chmod 644 '$H/.qmail-r'"

# deliver EXT MESSAGE: qmail-local as the user, in the home, message on 0.
deliver() {
    printf "$2" > "$TMP/msg"
    run_in "$TMP/msg" setuidgid "$u" env -i PATH="$PATH" \
        sh -c "cd '$H' && exec '$B/qmail-local' '$u' '$H' '$u-$1' - '$1' \
        quail.test s@example.org ./Maildir/"
}
# The queued envelopes (todo/), NULs as '|', one per line, sorted.
queued() {
    for f in "$Q"/queue/todo/*; do
        [ -f "$f" ] && tr '\0' '|' < "$f" | sed 's/^u[0-9]*|p[0-9]*|//' && echo
    done | sort
}
in_maildir() { ls "$H/Maildir/new" | wc -l; }

deliver a 'Subject: hello\n\nbody\n'
is "$status" 0 "an ordinary message: delivered"
like "$stdout" 'did 1\+0\+6' "one file delivery, six programs"
is "$(in_maildir)" 1 "into the Maildir"
is "$(cat "$H/preline.out")" "Return-Path: <s@example.org>
Delivered-To: $u-a@quail.test
Subject: hello

body" "preline -f: Return-Path, Delivered-To, the message"
is "$(stat -c %U "$H/preline.out")" "$u" "the programs ran as the user"
is "$(queued)" "Fs@example.org|Tcopy@example.net|Ta-fwd@example.org|" \
    \
    "forward queued through the real qmail-queue, NEWSENDER as sender, \$EXT expanded"
m=$(find "$Q/queue/mess" -type f | head -n 1)
is "$(head -n 2 "$m" | sed 1d)" "Delivered-To: $u-a@quail.test" \
    "the forwarded copy carries the Delivered-To line"
rm -f "$Q"/queue/todo/* "$Q"/queue/intd/*; find "$Q/queue/mess" -type f -delete

deliver a 'Subject: spam\n\nbuy now\n'
is "$status" 100 "bouncesaying: the test says yes: bounce"
is "$stderr" "No spam, thanks." "with its text as the reason"
is "$(in_maildir):$(queued)" "1:" "nothing delivered, nothing forwarded"

deliver a 'X-Bad: yes\nSubject: x\n\nbody\n'
is "$status" 100 "except: the test succeeds, so bounce"
is "$(in_maildir):$(queued)" "1:" "nothing delivered, nothing forwarded"

deliver a 'Subject: urgent\n\ncall me\n'
is "$status" 0 "condredirect: redirected, the delivery succeeds"
like "$stdout$stderr" 'condredirect: qp [0-9]+' "its qp in the report"
is "$(queued)" "Fs@example.org|Tboss@example.com|" \
    "queued to the new address with the original sender"
is "$(in_maildir)" 1 "exit 99: the rest of the .qmail is skipped"
rm -f "$Q"/queue/todo/* "$Q"/queue/intd/*; find "$Q/queue/mess" -type f -delete

as_user "echo 'exit 111' > '$H/fail.sh'"
as_user "printf '|$B/condredirect x@y sh fail.sh\n./Maildir/\n' > '$H/.qmail-t'; chmod 644 '$H/.qmail-t'"
deliver t 'Subject: t\n\nbody\n'
is "$status" 111 "a test that fails for now: the delivery is deferred"
as_user "printf '|$B/preline sh -c \"exit 100\"\n' > '$H/.qmail-p'; chmod 644 '$H/.qmail-p'"
deliver p 'Subject: p\n\nbody\n'
is "$status" 100 "preline passes its program's 100 on: bounce"

deliver r 'Subject: please confirm\nMessage-ID: <m1@example.org>\nNotice-Requested-Upon-Delivery-To: '"$u"'-r@quail.test\n\nbody\n'
is "$status" 0 "qreceipt: delivered"
is "$(in_maildir)" 2 "and into the Maildir"
is "$(queued)" "F|Ts@example.org|" "a notice from <> to the sender is queued"
m=$(find "$Q/queue/mess" -type f | head -n 1)
like "$(cat "$m")" "Your Message-ID: <m1@example.org>" "naming the message"
rm -f "$Q"/queue/todo/* "$Q"/queue/intd/*; find "$Q/queue/mess" -type f -delete
deliver r 'Subject: no request\n\nbody\n'
is "$status:$(queued)" "0:" "no request: no notice"

# What the Maildir holds goes to an mbox, as the user.
as_user "cd '$H' && MAILDIR=Maildir MAIL=Mailbox MAILTMP=Mailbox.tmp $B/maildir2mbox"
is "$?" 0 "maildir2mbox as the user"
is "$(in_maildir)" 0 "empties the Maildir"
is "$(grep -c '^From s@example.org ' "$H/Mailbox")" 3 \
    "three messages in the mbox, with From lines from Return-Path"
is "$(stat -c '%U %a' "$H/Mailbox")" "$u 600" "owned by the user, private"

# A user's mistake in a .qmail program line is the user's: a missing
# test program lets the message through (as the pages say).
as_user "printf '|$B/bouncesaying no /nonexistent/prog\n./Maildir/\n' > '$H/.qmail-m'; chmod 644 '$H/.qmail-m'"
deliver m 'Subject: m\n\nbody\n'
is "$status" 0 "bouncesaying with a missing program: delivered"
like "$stderr$stdout" 'unable to run /nonexistent/prog' "with a warning in the report"
is "$(in_maildir)" 1 "into the Maildir"
