#!/bin/sh
# The local way in, end to end: qmail-inject and sendmail -> the real
# qmail-queue -> qmail-send under svscan -> a user's Maildir. An empty
# message from `echo To: user | qmail-inject`, run as the user, and a
# PHP-style CRLF message through sendmail -t -i.
. "${0%/*}/ilib.sh"
need_root
plan 12
quail_install
u=qi$$d
add_user "$u"
H=$TMP/home/$u
"$Q/bin/maildirmake" "$H/Maildir"
chown -R "$u:$u" "$H/Maildir"
echo ./Maildir/ > "$Q/control/defaultdelivery"
mkdir "$TMP/sv"
ln -s "$Q/service/qmail-send" "$TMP/sv/"
svscan_start "$TMP/sv"
wait_up "$TMP/sv/qmail-send" 10
ok $? "qmail-send is up"
count() { ls "$H/Maildir/new" | wc -l; }
newest() { echo "$H/Maildir/new/$(ls -t "$H/Maildir/new" | head -n 1)"; }

# as the user, with the user's environment (su gives USER and LOGNAME)
run su -s /bin/sh -c "echo 'To: $u' | '$Q/bin/qmail-inject'" "$u"
is "$status:$stderr" "0:" "echo To: $u | qmail-inject: queued"
wait_until 20 "[ \$(count) -eq 1 ]"
ok $? "delivered into the Maildir"
f=$(newest)
is "$(sed -n 1,2p "$f")" "Return-Path: <$u@quail.test>
Delivered-To: $u@quail.test" \
    "envelope sender: the user at the default host; delivered to the user"
like "$(grep '^Received:' "$f" | tail -n 1)" \
    "^Received: \(qmail [0-9]+ invoked by uid $(id -u "$u")\);" \
    "qmail-queue's Received line names the user's uid"
is "$(grep -c '^From: '"$u"'@quail.test$' "$f"):$(grep -c '^To: '"$u"'@quail.test$' "$f")" \
    "1:1" "From added, To rewritten"
is "$(grep -c '^Date: \|^Message-ID: ' "$f")" 2 "Date and Message-ID added"
is "$(sed '1,/^$/d' "$f" | wc -c)" 0 "the body is empty"
is "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" '\n' \
    "the message ends with the header's newline"

printf 'To: %s@quail.test\r\nSubject: order 42\r\nFrom: shop@quail.test\r\n\r\nThank you.\r\n' "$u" > php.msg
chmod 644 php.msg
run su -s /bin/sh -c "'$Q/bin/sendmail' -t -i -fbounces@quail.test < '$TMP/php.msg'" "$u"
is "$status:$stderr" "0:" "a PHP-style CRLF message through sendmail -t -i"
wait_until 20 "[ \$(count) -eq 2 ]"
ok $? "delivered"
f=$(newest)
is "$(tr -dc '\r' < "$f" | wc -c):$(sed -n 1p "$f"):$(sed '1,/^$/d' "$f")" \
    "0:Return-Path: <bounces@quail.test>:Thank you." \
    "no CR in the delivered message; -f as Return-Path; the body"
