#!/bin/sh
# datemail: predate in front of sendmail, with sendmail's arguments; from
# the installation's bin/ when installed, else from PATH.
. "${0%/*}/lib.sh"
plan 8
mkdir bin
cat > bin/sendmail <<'EOS'
#!/bin/sh
echo "sendmail from PATH: $*" > "$OUT"
cat >> "$OUT"
exit 42
EOS
chmod 755 bin/sendmail
printf 'To: joe@example.com\n\nbody\n' > msg
OUT=$TMP/out
export OUT
run_in msg env PATH="$TMP/bin:$PATH" TZ=UTC datemail -t -f 'a b@example.org'
is "$status" 42 "sendmail's exit code"
is "$(head -n 1 out)" "sendmail from PATH: -t -f a b@example.org" \
    "not installed: sendmail from PATH, arguments as they are"
like "$(sed -n 2p out)" '^Date: [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} \+0000$' \
    "a Date field first"
is "$(sed 1,2d out)" "To: joe@example.com

body" "then the message"

# Installed: @QMAILHOME@ replaced as tools/install.sh does.
mkdir -p q/bin
sed "s|@QMAILHOME@|$TMP/q|g" "$TOP/cmd/datemail.sh" > q/bin/datemail
cp "$(command -v predate)" q/bin/predate
sed 's/from PATH/from the home/' bin/sendmail > q/bin/sendmail
chmod 755 q/bin/*
run_in msg env PATH="$TMP/bin:$PATH" TZ=UTC q/bin/datemail -oi
is "$status" 42 "installed: sendmail's exit code"
is "$(head -n 1 out)" "sendmail from the home: -oi" \
    "installed: the home's sendmail, not PATH's"
like "$(sed -n 2p out)" '^Date: ' "with a Date field"
rm q/bin/predate
run_in msg env PATH="/nonexistent" "$TMP/q/bin/datemail"
ok "$([ "$status" != 0 ]; echo $?)" "no predate anywhere: fails"
