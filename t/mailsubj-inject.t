#!/bin/sh
# mailsubj and datemail as installed, through the installation's
# qmail-inject, predate and sendmail, with a stand-in QMAILQUEUE
# recording what would be queued.
. "${0%/*}/ilib.sh"
plan 9
quail_install
cat > qq <<EOS
#!/bin/sh
cat > '$TMP/qq.msg'
tr '\\0' '|' <&1 > '$TMP/qq.env'
exit 0
EOS
chmod 755 qq
# Only these variables, and a PATH without the build's programs: the
# installed scripts must find their own.
e() { env -i PATH=/usr/bin:/bin QMAILQUEUE="$TMP/qq" QMAILUSER=me \
    QMAILHOST=example.org "$@"; }
printf 'line 1\nline 2\n' > body

run_in body e "$Q/bin/mailsubj" 'disk space' joe@example.com ann@example.net
is "$status:$stderr" "0:" "mailsubj through qmail-inject: queued"
is "$(cat qq.env)" "Fme@example.org|Tjoe@example.com|Tann@example.net||" \
    "recipients taken from the To field, sender from QMAILUSER@QMAILHOST"
like "$(sed '/^$/q' qq.msg)" '^Subject: disk space$' "the subject"
like "$(sed '/^$/q' qq.msg)" '^To: joe@example\.com, ann@example\.net$' \
    "the To field"
like "$(sed '/^$/q' qq.msg)" '^Date: ' "qmail-inject added a Date"
is "$(sed '1,/^$/d' qq.msg)" "line 1
line 2" "the body"

printf 'To: joe@example.com\nSubject: dated\n\nhi\n' > msg
run_in msg e TZ=ABC+3:30 "$Q/bin/datemail" -t
is "$status:$(cat qq.env)" "0:Fme@example.org|Tjoe@example.com||" \
    "datemail -t: sendmail takes the recipients from the header"
like "$(grep '^Date: ' qq.msg)" '^Date: [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} -0330$' \
    "with predate's local-time Date"
is "$(grep -c '^Date: ' qq.msg)" 1 "and only that one"
