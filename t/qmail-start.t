#!/bin/sh
# qmail-start: starts each helper under its own user with its pipes,
# becomes qmail-send itself, passes the default delivery, and runs an
# optional logger as qmaill.
. "${0%/*}/sendlib.sh"
plan 11
send_setup
send_start
kids() { ps -o user=,args= --ppid "$SEND_PID" | sort; }
is "$(ps -o user=,args= -p "$SEND_PID")" "qmails   qmail-send" \
    "qmail-start became qmail-send, as qmails, in the same process"
like "$(kids)" "root +/usr/bin/python3 .*/bin/qmail-lspawn ./Maildir/" \
    "qmail-lspawn as root with the default delivery"
like "$(kids)" "qmailr +/usr/bin/python3 .*/bin/qmail-rspawn" "qmail-rspawn as qmailr"
like "$(kids)" "qmailq +qmail-clean" "qmail-clean as qmailq"
is "$(ps -o group= -p "$SEND_PID")" qmail "group qmail"
send_stop
wait_until 10 "[ -z \"\$(ps -o pid= --ppid $SEND_PID)\" ]"
ok $? "the helpers exit with qmail-send"

# a logger: qmail-send's log on its stdin, as qmaill
cat > "$TMP/logger" <<'L'
#!/bin/sh
id -un > "$1.user"
exec cat > "$1"
L
chmod 755 "$TMP/logger"
chmod 777 "$TMP"
(cd "$Q" && exec env FAKESPAWN_DIR="$FS" ./bin/qmail-start ./Maildir/ \
    "$TMP/logger" "$TMP/logged") > out 2>&1 &
pid=$!
wait_until 10 "grep -q status: '$TMP/logged' 2>/dev/null"
ok $? "with a logger, qmail-send's log goes to it"
is "$(cat "$TMP/logged.user")" qmaill "the logger runs as qmaill"
kill -TERM "$pid"; wait "$pid"
is "$(cat out)" "" "and nothing goes to qmail-start's own output"

# not root: fails, 111
run setpriv --reuid=qmails --regid="$(id -g qmails)" --clear-groups \
    "$Q/bin/qmail-start" ./Maildir/
is "$status" 111 "not root: exit 111"
is "$stderr" "qmail-start: fatal: must be run as root, to give each program its user" \
    "saying why"
