#!/bin/sh
# The whole receiving chain: svscan -> service/qmail-smtpd (tcpserver,
# tcp.smtp.cdb, rblsmtpd, qmail-smtpd, qmail-queue) and
# service/qmail-send (qmail-start, qmail-send, qmail-lspawn,
# qmail-local) -> a user's Maildir, as `make run` sets it up.
. "${0%/*}/ilib.sh"
need_root
plan 8
quail_install
u=qs$$d
add_user "$u"
H=$TMP/home/$u
"$Q/bin/maildirmake" "$H/Maildir"
chown -R "$u:$u" "$H/Maildir"
P=$(free_port)
echo 127.0.0.1 > "$Q/control/smtpip"
echo "$P" > "$Q/control/smtpport"
# ASan reserves terabytes of address space: no memory limit for it
case ${QUAIL_CFLAGS-} in *sanitize=address*) echo = > "$Q/control/smtpsoftlimit" ;; esac
echo ./Maildir/ > "$Q/control/defaultdelivery"
mkdir "$TMP/sv"
ln -s "$Q/service/qmail-smtpd" "$Q/service/qmail-send" "$TMP/sv/"
svscan_start "$TMP/sv"
wait_up "$TMP/sv/qmail-smtpd" 10 && wait_up "$TMP/sv/qmail-send" 10
ok $? "both services are up"
wait_until 10 "python3 -c \"import socket; socket.create_connection(('127.0.0.1', $P), 1)\" 2>/dev/null"
ok $? "SMTP listens"

run swaks --server 127.0.0.1 --port "$P" --timeout 10 --helo client.example \
    --from sender@example.org --to "$u@quail.test" \
    --header 'Subject: all the way' --body 'hello through the chain'
is "$status" 0 "swaks: accepted"
wait_until 20 "[ -n \"\$(ls '$H/Maildir/new')\" ]"
ok $? "delivered into the user's Maildir/new"
f=$H/Maildir/new/$(ls "$H/Maildir/new" | head -n 1)
is "$(sed -n 1,2p "$f")" "Return-Path: <sender@example.org>
Delivered-To: $u@quail.test" "Return-Path and Delivered-To first"
like "$(grep -m1 '^Received: from' "$f")" \
    '^Received: from unknown \(HELO client.example\) \(127.0.0.1\)$' \
    "qmail-smtpd's Received line"
like "$(grep -m1 '^Subject:' "$f")" '^Subject: all the way$' "the header"
is "$(sed '1,/^$/d' "$f")" "hello through the chain" "the body"
