#!/bin/sh
# qmail-local forwards (dot-qmail(5)): every forward line of a .qmail in
# one qmail-queue run from the installation (auto_home/bin/qmail-queue),
# after the other deliveries, with a Delivered-To line and NEWSENDER as
# the envelope sender. A stand-in qmail-queue records what it gets.
. "${0%/*}/ilib.sh"
need_root
plan 23
quail_install

H=$TMP/home
mkdir -m 755 "$H"
printf 'Subject: fwd\n\nbody\n' > msg
mv "$Q/bin/qmail-queue" "$TMP/real-qmail-queue"
{
    echo '#!/bin/sh'
    echo "cat > '$TMP/qq.msg'"
    echo "cat <&1 > '$TMP/qq.env'"
    echo "exit \$(cat '$TMP/qq.code' 2>/dev/null || echo 0)"
} > "$Q/bin/qmail-queue"
chmod 755 "$Q/bin/qmail-queue"
ql() {
    rm -f "$TMP/qq.msg" "$TMP/qq.env"
    run_in msg "$Q/bin/qmail-local" $1 joe "$H" "$2" "$3" "$4" \
        example.com sender@example.org ./Mailbox
}
dotqmail() { printf "$2" > "$H/.qmail$1"; chmod 644 "$H/.qmail$1"; }
# The envelope with NULs shown as '|'.
envelope() { tr '\0' '|' < "$TMP/qq.env"; }

dotqmail '' '&a@x.org\n./Mailbox\nb@y.org\n'
ql '' joe '' ''
is "$status" 0 "forwards and a file delivery"
like "$stdout" '^did 1\+2\+0$' "did 1+2+0"
like "$stdout" '^qp [0-9]+$' "qp of the qmail-queue run"
is "$(envelope)" "Fsender@example.org|Ta@x.org|Tb@y.org||" \
    "one qmail-queue run, both recipients, original sender"
is "$(cat "$TMP/qq.msg")" "Delivered-To: joe@example.com
Subject: fwd

body" "message with Delivered-To only (no Return-Path)"
ok "$([ -s "$H/Mailbox" ]; echo $?)" "the file delivery happened too"

dotqmail '-list' '&a@x.org\n'
dotqmail '-list-owner' '&owner@x.org\n'
ql '' joe-list - list
is "$(envelope)" "Fjoe-list-owner@example.com|Ta@x.org||" \
    ".qmail-list-owner: sender local-owner@host"
dotqmail '-list-owner-default' '#\n'
ql '' joe-list - list
is "$(envelope)" "Fjoe-list-owner-@example.com-@[]|Ta@x.org||" \
    "with -owner-default: the VERP sender"

dotqmail '-s' '&a@x.org\n|exit 99\n&b@y.org\n'
ql '' joe-s - s
is "$status:$(envelope)" "0:Fsender@example.org|Ta@x.org||" \
    "exit 99: forwards before it still go, later ones do not"
dotqmail '-f' '&a@x.org\n|exit 111\n'
ql '' joe-f - f
is "$status" 111 "a failing program: defer"
ok "$([ ! -e "$TMP/qq.env" ]; echo $?)" "and nothing is forwarded"

ql -n joe '' ''
is "$stdout" "forward a@x.org
mbox ./Mailbox
forward b@y.org
did 1+2+0" "-n lists the forwards"
ok "$([ ! -e "$TMP/qq.env" ]; echo $?)" "-n queues nothing"

echo 31 > "$TMP/qq.code"
ql '' joe '' ''
is "$status" 100 "qmail-queue 31: bounce"
is "$stderr" \
    "Unable to forward message: mail server permanently rejected message (#5.3.0)." \
    "permanent text"
echo 53 > "$TMP/qq.code"
ql '' joe '' ''
is "$status" 111 "qmail-queue 53: defer"
is "$stderr" \
    "Unable to forward message: qq write error or disk full (#4.3.0)." \
    "temporary text"
rm "$TMP/qq.code"

{ echo 'Delivered-To: a@x.org'; cat msg; } > msg2
dotqmail '' '&a@x.org\n'
rm -f "$TMP/qq.env"
run_in msg2 "$Q/bin/qmail-local" joe "$H" joe '' '' example.com s@x \
    ./Mailbox
is "$(head -n 2 "$TMP/qq.msg")" "Delivered-To: joe@example.com
Delivered-To: a@x.org" "our line goes on top of earlier ones"

QMAILQUEUE=/bin/false ql '' joe '' ''
is "$status" 0 "QMAILQUEUE is not used: the installation's qmail-queue is"

# The real qmail-queue of the installation takes the forward.
mv "$TMP/real-qmail-queue" "$Q/bin/qmail-queue"
ql '' joe '' ''
is "$status" 0 "forward through the real qmail-queue"
like "$stdout" '^qp [0-9]+$' "with its qp"
f=$(find "$Q/queue/mess" -type f | head -n 1)
ok "$([ -n "$f" ]; echo $?)" "the message is in the queue"
like "$(cat "$f" 2>/dev/null)" '^Delivered-To: joe@example.com$' \
    "queued with the Delivered-To line"
