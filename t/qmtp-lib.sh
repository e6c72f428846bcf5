# qmtp-lib.sh - helpers for the QMTP and QMQP tests, sourced after
# ilib.sh. An installation in $Q, the client t/data/qmtp.py as $QM, and
# a fake queue program ($QMAILQUEUE) that keeps what it is given:
#   $QQD/msg.PID  the message (fd 0)
#   $QQD/env.PID  the envelope (fd 1), NULs shown as '|', when it was
#                 complete (ended by its extra NUL)
#   $QQD/cut.PID  an envelope that was not complete (its message dropped)
#   $QQD/done.PID written last
# It exits with $QQ_EXIT, or else the number in the file $QQD.exit, or 0.
# PID is the qp of "Kok ... qp PID".
quail_install
QM="python3 $TOP/t/data/qmtp.py"
QQD=$TMP/qq
mkdir -p "$QQD"
cat > "$TMP/fakeqq" <<'QQ'
#!/bin/sh
cat > "$QQD/msg.$$"
tr '\0' '|' <&1 > "$QQD/env.$$"
case $(tail -c 2 "$QQD/env.$$") in
'||') ;;
*) mv "$QQD/env.$$" "$QQD/cut.$$"; rm -f "$QQD/msg.$$" ;;
esac
: > "$QQD/done.$$"
[ -z "${QQ_EXIT-}" ] && [ -f "$QQD.exit" ] && QQ_EXIT=$(cat "$QQD.exit")
exit "${QQ_EXIT:-0}"
QQ
chmod 755 "$TMP/fakeqq"
export QQD QMAILQUEUE="$TMP/fakeqq"

# Messages the fake queue kept, and envelopes it saw cut short.
queued() { ls "$QQD" | grep -c '^env\.'; }
cuts() { ls "$QQD" | grep -c '^cut\.'; }
# qq_settle N: wait until N fake queue programs have finished.
qq_settle() {
    wait_until 10 "[ \$(ls '$QQD' | grep -c '^done\.') -ge $1 ]"
}
envs() { for f in "$QQD"/env.*; do cat "$f"; echo; done; }
msgs() { cat "$QQD"/msg.*; }
clear_qq() { rm -f "$QQD"/*; }
