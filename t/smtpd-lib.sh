# smtpd-lib.sh - helpers for the qmail-smtpd tests, sourced after
# ilib.sh. An installation in $Q (linked for it, so qmail-smtpd reads
# $Q/control), and a fake queue program that keeps what it is given:
#   $QQD/msg.PID   the message (fd 0)
#   $QQD/env.PID   the envelope (fd 1), NULs shown as '|'
# and exits with $QQ_EXIT (0 by default). PID is the qp of "250 ok".
quail_install
printf 'quail.test\nlocalhost\n.wild.test\n' > "$Q/control/rcpthosts"
QQD=$TMP/qq
mkdir -p "$QQD"
cat > "$TMP/fakeqq" <<'QQ'
#!/bin/sh
cat > "$QQD/msg.$$"
tr '\0' '|' <&1 > "$QQD/env.$$"
case ${QQ_EXIT:-0} in
crash) kill -SEGV $$ ;;
esac
exit "${QQ_EXIT:-0}"
QQ
chmod 755 "$TMP/fakeqq"
export QQD QMAILQUEUE="$TMP/fakeqq"
SMTPD=$Q/bin/qmail-smtpd

# smtpd [VAR=value ...]: run qmail-smtpd with stdin's lines, each given a
# CR before its LF, as a client on 192.0.2.7 would send them. Sets
# $status, $stdout (replies, CRs removed) and $stderr.
smtpd() {
    sed 's/$/\r/' > "$TMP/.smtpin"
    smtpd_raw "$@" < "$TMP/.smtpin"
}
# smtpd_raw: the same with stdin sent exactly as it is.
smtpd_raw() {
    cat > "$TMP/.smtpraw"
    run_in "$TMP/.smtpraw" env TCPREMOTEIP=192.0.2.7 \
        TCPREMOTEHOST=client.example TCPLOCALIP=192.0.2.1 env "$@" "$SMTPD"
    stdout=$(printf '%s\n' "$stdout" | tr -d '\r')
}
# The reply lines only, one per line, without the greeting.
replies() { printf '%s\n' "$stdout" | sed 1d; }
# What the fake queue received: queued messages (those with an envelope).
queued() { grep -l . "$QQD"/env.* 2>/dev/null | wc -l; }
last_env() { cat "$(ls -t "$QQD"/env.* | head -n 1)"; }
last_msg() { cat "$(ls -t "$QQD"/msg.* | head -n 1)"; }
clear_qq() { rm -f "$QQD"/*; }
