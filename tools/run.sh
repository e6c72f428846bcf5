#!/bin/sh
# run.sh - make run: a whole quail mail system on loopback, in ./run/.
# Installs into ./run/qmail (creating the qmail users), writes control
# files for a loopback-only system with a demo user, and runs every
# installed service under svscan in the foreground. Ctrl-C stops all.
# For tests: RUNDIR (default ./run), RUN_DEMO (the demo user, default
# quaildemo) and RUN_SMTPPORT, RUN_POP3PORT, RUN_QMTPPORT, RUN_QMQPPORT
# (defaults 2525, 1110, 2209, 2628) choose where it all goes.
set -eu
top=$(pwd)
R=${RUNDIR:-$top/run}
Q=$R/qmail
demo=${RUN_DEMO:-quaildemo}
[ "$(id -u)" = 0 ] || { echo "make run: fatal: run me as root: I create" \
    "the qmail users and qmail-lspawn must run as root" >&2; exit 111; }

# CC, CFLAGS and LDFLAGS come from make's environment: programs are
# linked for this home with the flags they were compiled with.
make -s install QMAILHOME="$Q" BUILD="${BUILD:-build}"

# Control files: written only when missing, so edits in run/ survive.
c=$Q/control
put() { [ -e "$c/$1" ] || printf '%s\n' "$2" > "$c/$1"; }
put me localhost
put locals 'localhost
quail.local'
put rcpthosts 'localhost
quail.local'
put defaultdelivery ./Maildir/
put smtpip 127.0.0.1
put smtpport ${RUN_SMTPPORT:-2525}
put pop3ip 127.0.0.1
put pop3port ${RUN_POP3PORT:-1110}
# An ASan build reserves terabytes of address space: softlimit's memory
# limit would kill every session, so use the hard limit ("=").
case ${LDFLAGS-} in
*sanitize*) put smtpsoftlimit =; put pop3softlimit = ;;
esac
# Every listener on loopback: QMTP and QMQP default to 0 (all addresses).
put qmtpip 127.0.0.1
put qmtpport ${RUN_QMTPPORT:-2209}
put qmqpip 127.0.0.1
put qmqpport ${RUN_QMQPPORT:-2628}

# The demo user gets mail for demo@localhost in its Maildir.
mkdir -p "$R/home"
getent passwd $demo >/dev/null ||
    useradd -U -M -d "$R/home/$demo" -s /usr/sbin/nologin $demo
# A fresh password each run, printed below, to read that mail by POP3.
demopw=$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | cut -c1-12)
echo "$demo:$demopw" | chpasswd -c YESCRYPT
home=$(getent passwd $demo | cut -d: -f6)
mkdir -p "$home"
[ -d "$home/Maildir" ] || "$Q/bin/maildirmake" "$home/Maildir" 2>/dev/null ||
    mkdir -p "$home/Maildir/tmp" "$home/Maildir/new" "$home/Maildir/cur"
chown -R $demo:$demo "$home"
chmod 755 "$R" "$R/home"

mkdir -p "$R/service"
for s in "$Q"/service/*/; do
    [ -f "$s/run" ] && ln -sfn "$s" "$R/service/$(basename "$s")"
done

# svscan gets a session of its own: the terminal's Ctrl-C reaches only
# make and this script, whose trap then stops the services in order
# (svc -dx), instead of killing svscan and supervise mid-delivery.
setsid svscan "$R/service" &
svscan_pid=$!
stop() {
    trap '' INT TERM
    sup=$(pgrep -P $svscan_pid 2>/dev/null || true)
    kill $svscan_pid 2>/dev/null || true
    for s in "$R"/service/*/ "$R"/service/*/log/; do
        [ -d "$s/supervise" ] && svc -dx "$s" 2>/dev/null || true
    done
    n=0
    for p in $sup; do
        while kill -0 "$p" 2>/dev/null && [ $n -lt 100 ]; do
            sleep 0.1; n=$((n + 1))
        done
        kill -9 "$p" 2>/dev/null || true
    done
    echo "make run: stopped."
    exit 0
}
trap stop INT TERM

cat <<MSG
quail is running from $Q (services: $(ls "$R/service" | tr '\n' ' '))
  SMTP:  127.0.0.1 port $(cat "$c/smtpport")   swaks --server 127.0.0.1:$(cat "$c/smtpport") --to $demo@localhost
  POP3:  127.0.0.1 port $(cat "$c/pop3port")   user $demo, password $demopw
         python3 -c 'import poplib; p = poplib.POP3("127.0.0.1", $(cat "$c/pop3port")); p.user("$demo"); p.pass_("$demopw"); print(p.stat())'
  QMTP:  127.0.0.1 port $(cat "$c/qmtpport"), QMQP: 127.0.0.1 port $(cat "$c/qmqpport") (from 127. only)
  mail for $demo@localhost is delivered to $home/Maildir/
  logs:  $Q/service/*/log/main/current (tai64nlocal < ... to read)
  queue: $Q/bin/qmail-qstat, $Q/bin/qmail-qread
Ctrl-C stops everything. The user $demo stays (userdel -r $demo removes it).
MSG
wait $svscan_pid || true
