#!/bin/sh
# qreceipt (qmail 1.03's qreceipt(1)): a success notice to the envelope
# sender when a Notice-Requested-Upon-Delivery-To field names this
# address; never to bounces; qmail-queue's verdict as 0/100/111.
. "${0%/*}/lib.sh"
plan 25
cat > qq <<EOS
#!/bin/sh
cat > '$TMP/qq.msg'
tr '\\0' '|' <&1 > '$TMP/qq.env'
exit \$(cat '$TMP/qq.code' 2>/dev/null || echo 0)
EOS
chmod 755 qq
export QMAILQUEUE=$TMP/qq SENDER=sender@example.org
msg() { printf "$1" > msg; }
qr() { rm -f qq.msg qq.env; run_in msg qreceipt "$@"; }
sent() { [ -e qq.env ] && echo sent || echo none; }

msg 'From: sender@example.org\nMessage-ID: <123@example.org>\nNotice-Requested-Upon-Delivery-To: joe@example.com\nSubject: hi\n\nbody\n'
qr joe@example.com
is "$status:$stdout$stderr" "0:" "asked: 0, silently"
is "$(cat qq.env)" "F|Tsender@example.org||" \
    "to the envelope sender, from the empty sender"
is "$(sed -n '1,3p;5p' qq.msg)" "From: DELIVERY NOTICE SYSTEM <sender@example.org>
To: <sender@example.org>
Subject: success notice
Auto-Submitted: auto-replied" "From, To, Subject, Auto-Submitted (RFC 3834)"
like "$(sed -n 4p qq.msg)" '^Date: [A-Z][a-z]{2}, [0-9]+ [A-Z][a-z]{2} [0-9]{4} ' \
    "a Date field"
like "$(cat qq.msg)" 'delivered' "the body says it was delivered"
like "$(cat qq.msg)" 'joe@example\.com' "and where"
is "$(tail -n 1 qq.msg)" "Your Message-ID: <123@example.org>" \
    "and names the Message-ID"

msg 'Notice-Requested-Upon-Delivery-To: Ann <ann@x.org>,\n  (boss) Joe Q <joe@EXAMPLE.com>, list: a@b, c@d;\n\n'
qr joe@example.com
is "$(sent)" sent "found in a folded list with phrases, comments and a group"
unlike "$(cat qq.msg)" 'Message-ID' "no Message-ID: no line about it"
qr c@d
is "$(sent)" sent "an address inside a group"
qr Joe@example.com
is "$(sent)" none "local parts differ in case: not asked"
msg 'Notice-Requested-Upon-Delivery-To: "joe q"@example.com\n\n'
qr 'joe q@example.com'
is "$(sent)" sent "a quoted local part matches the address unquoted"
msg 'notice-requested-upon-delivery-to : joe@example.com\n\n'
qr joe@example.com
is "$(sent)" sent "the field name in any case"

msg 'Notice-Requested-Upon-Delivery-To: other@example.com\n\n'
qr joe@example.com
is "$status:$(sent)" "0:none" "another address: 0, nothing sent"
msg 'Subject: x\n\nNotice-Requested-Upon-Delivery-To: joe@example.com\n'
qr joe@example.com
is "$(sent)" none "the field in the body does not count"
msg 'Notice-Requested-Upon-Delivery-To: "joe@example.com\n\n'
qr joe@example.com
is "$status:$(sent)" "0:none" "a field that does not parse: nothing sent, not a bounce"

msg 'Notice-Requested-Upon-Delivery-To: joe@example.com\n\n'
SENDER= qr joe@example.com
is "$status:$(sent)" "0:none" "a bounce (empty sender) gets no notice"
SENDER='#@[]' qr joe@example.com
is "$status:$(sent)" "0:none" "nor a double bounce"
SENDER='a b@example.org' qr joe@example.com
is "$(sed -n 2p qq.msg):$(cat qq.env)" 'To: <"a b"@example.org>:F|Ta b@example.org||' \
    "the sender quoted in the header, as it is in the envelope"

echo 31 > qq.code
qr joe@example.com
is "$status:$stderr" "100:qreceipt: fatal: unable to send notice: mail server permanently rejected message (#5.3.0)" \
    "qmail-queue refuses for good: 100"
echo 71 > qq.code
qr joe@example.com
like "$status:$stderr" '^111:qreceipt: fatal: unable to send notice: .*\(#4\.3\.0\)$' \
    "qmail-queue refuses for now: 111"
rm qq.code

run qreceipt
is "$status:$stderr" "100:qreceipt: fatal: usage: qreceipt deliveryaddress" \
    "no address: usage"
run qreceipt a b
is "$status" 100 "two addresses: usage"
run_in msg env -u SENDER qreceipt joe@example.com
is "$status:$stderr" "100:qreceipt: fatal: SENDER is not set; run me from a .qmail file" \
    "SENDER missing: 100"
run_in / qreceipt joe@example.com
is "$status:$stderr" "111:qreceipt: fatal: unable to read the message: Is a directory" \
    "unreadable message: 111"
