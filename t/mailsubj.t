#!/bin/sh
# mailsubj: Subject and To fields, a blank line and the body, given to
# qmail-inject (the installation's when installed, else PATH's); usage
# and newlines in arguments refused with 100.
. "${0%/*}/lib.sh"
plan 12
mkdir bin
cat > bin/qmail-inject <<'EOS'
#!/bin/sh
echo "inject from PATH: $#" > "$OUT"
cat >> "$OUT"
exit 7
EOS
chmod 755 bin/qmail-inject
OUT=$TMP/out
export OUT
P=$TMP/bin:$PATH
printf 'line 1\nline 2\n' > body
run_in body env PATH="$P" mailsubj 'disk space' root joe@example.com \
    'Joe Q <jq@example.org>'
is "$status" 7 "qmail-inject's exit code"
is "$(cat out)" "inject from PATH: 0
Subject: disk space
To: root, joe@example.com, Joe Q <jq@example.org>

line 1
line 2" "header, blank line, body; recipients left to the To field"
run_in body env PATH="$P" mailsubj '' one@example.com
is "$(sed -n 2,3p out)" "Subject: 
To: one@example.com" "an empty subject and one recipient"
run_in /dev/null env PATH="$P" mailsubj 'no body' one@example.com
is "$(sed 1d out | od -c | head -n 3)" "$(printf 'Subject: no body\nTo: one@example.com\n\n' | od -c | head -n 3)" \
    "an empty body: the header and the blank line"
run_in body env PATH="$P" mailsubj '%s \ $HOME `x`' one@example.com
is "$(sed -n 2p out)" 'Subject: %s \ $HOME `x`' "the subject as it is"
rm -f out
run_in body env PATH="$P" mailsubj 'subject only'
is "$status:$stderr" "100:mailsubj: fatal: usage: mailsubj subject recipient ..." \
    "no recipient: usage"
ok "$([ ! -e out ]; echo $?)" "nothing injected"
run_in body env PATH="$P" mailsubj
is "$status" 100 "no arguments: usage"
run_in body env PATH="$P" mailsubj "$(printf 'hi\nBcc: x@evil.example')" a@b.c
is "$status:$stderr" "100:mailsubj: fatal: a newline in an argument would start a header field" \
    "a newline in the subject: refused"
run_in body env PATH="$P" mailsubj hi "$(printf 'a@b.c\nBcc: x@evil.example')"
is "$status" 100 "a newline in a recipient: refused"
ok "$([ ! -e out ]; echo $?)" "nothing injected"

mkdir -p q/bin
sed "s|@QMAILHOME@|$TMP/q|g" "$TOP/cmd/mailsubj.sh" > q/bin/mailsubj
sed 's/from PATH/from the home/' bin/qmail-inject > q/bin/qmail-inject
chmod 755 q/bin/*
run_in body env PATH="$P" q/bin/mailsubj hi a@b.c
is "$(head -n 1 out)" "inject from the home: 0" \
    "installed: the home's qmail-inject, not PATH's"
