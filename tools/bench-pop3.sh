#!/bin/sh
# bench-pop3.sh - POP3 figures for make bench (tools/bench.sh runs it).
# Not a test: it prints numbers and never fails on speed.
#
# The installed service, tcpserver -> qmail-popup -> checkpassword ->
# qmail-pop3d, on 127.0.0.1, for one system user with a yescrypt
# password:
#   login + UIDL of BENCH_POP3_N messages (best of 5), and UIDL alone
#   the same Maildir's QUIT moving every message from new/ to cur/
#   RETR of a 20 MB message, MB/s
#   login-STAT-QUIT sessions per second, one client after another
#
# Runs as root in a temporary installation under /var/tmp, with a user
# of its own; everything it made is removed at exit.
#
# Environment: BUILD [build]; BENCH_POP3_N messages [5000];
# BENCH_POP3_SESSIONS sessions for the rate [200].
set -eu
top=$(pwd)
N=${BENCH_POP3_N:-5000}
SESSIONS=${BENCH_POP3_SESSIONS:-200}
[ "$(id -u)" = 0 ] || { echo "bench-pop3: fatal: run me as root" >&2; exit 111; }

W=$(mktemp -d /var/tmp/quail-bench-pop3.XXXXXX)
chmod 755 "$W"
Q=$W/q
U=qbpop$$
svscan_pid= made_user=
stop() {
    set +e
    if [ -n "$svscan_pid" ]; then
        sup=$(pgrep -P "$svscan_pid")
        kill "$svscan_pid" 2>/dev/null
        for s in "$W"/sv/*/ "$W"/sv/*/log/; do
            [ -d "$s/supervise" ] && svc -dx "$s" 2>/dev/null
        done
        for p in $sup; do
            n=0
            while kill -0 "$p" 2>/dev/null && [ $n -lt 100 ]; do
                sleep 0.1; n=$((n + 1))
            done
        done
        wait "$svscan_pid" 2>/dev/null
    fi
    [ -n "$made_user" ] && userdel "$U" 2>/dev/null
    rm -rf "$W"
}
trap stop EXIT
trap 'exit 1' INT TERM

make -s install QMAILHOME="$Q" BUILD="${BUILD:-build}" >"$W/install.log" 2>&1 ||
    { cat "$W/install.log" >&2; exit 111; }
P=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo quail.test > "$Q/control/me"
echo 127.0.0.1 > "$Q/control/pop3ip"
echo "$P" > "$Q/control/pop3port"
useradd -U -M -d "$W/$U" -s /bin/sh "$U"
made_user=1
mkdir "$W/$U"
chown "$U:$U" "$W/$U"
PW=bench-$$
echo "$U:$PW" | chpasswd -c YESCRYPT
setuidgid "$U" "$Q/bin/maildirmake" "$W/$U/Maildir"
mkdir "$W/sv"
ln -s "$Q/service/qmail-pop3d" "$W/sv/qmail-pop3d"
svscan "$W/sv" >/dev/null 2>&1 &
svscan_pid=$!

export P U PW N SESSIONS
export MD="$W/$U/Maildir"
cd "$W"
python3 - <<'PY'
import os, poplib, socket, time

P, U, PW, N = int(os.environ["P"]), os.environ["U"], os.environ["PW"], \
    int(os.environ["N"])
md, uid = os.environ["MD"], os.stat(os.environ["MD"]).st_uid

deadline = time.monotonic() + 30
while True:
    try:
        socket.create_connection(("127.0.0.1", P), 1).close()
        break
    except OSError:
        if time.monotonic() > deadline:
            raise SystemExit("bench-pop3: fatal: the service did not start")
        time.sleep(0.1)

def put(name, data):
    tmp = os.path.join(md, "tmp", name)
    with open(tmp, "wb") as f:
        f.write(data)
    os.chown(tmp, uid, uid)
    os.rename(tmp, os.path.join(md, "new", name))

def login():
    p = poplib.POP3("127.0.0.1", P, timeout=120)
    p.user(U)
    p.pass_(PW)
    return p

def row(what, value):
    print("  %-42s %12s" % (what, value))

print("POP3: tcpserver -> qmail-popup -> checkpassword (yescrypt) -> "
      "qmail-pop3d, 127.0.0.1")
for i in range(N):
    put("%d.M%dP1Q%d.bench" % (1700000000 + i, i, i),
        b"Subject: m%d\n\nbody\n" % i)
best = best_uidl = None
for _ in range(5):
    t = time.monotonic()
    p = login()  # qmail-pop3d lists the Maildir before its +OK
    t1 = time.monotonic()
    u = p.uidl()[1]
    t2 = time.monotonic()
    assert len(u) == N
    p.close()  # without QUIT: new/ stays as it is
    best = min(best or 1e9, t2 - t)
    best_uidl = min(best_uidl or 1e9, t2 - t1)
row("login + UIDL, %d messages (best of 5)" % N, "%.3f s" % best)
row("  of which UIDL", "%.3f s" % best_uidl)
p = login()
t = time.monotonic()
p.quit()
row("QUIT moving %d messages new/ -> cur/" % N,
    "%.3f s" % (time.monotonic() - t))

for d in ("new", "cur"):
    for f in os.listdir(os.path.join(md, d)):
        os.unlink(os.path.join(md, d, f))
line = b"x" * 75 + b"\n"
put("1.big", b"Subject: big\n\n" + line * (20 * 1024 * 1024 // len(line)))
p = login()
t = time.monotonic()
n = p.retr(1)[2]
dt = time.monotonic() - t
p.close()
row("RETR of a 20 MB message", "%.0f MB/s" % (n / dt / 1e6))

S = int(os.environ["SESSIONS"])
t = time.monotonic()
for _ in range(S):
    p = login()
    p.stat()
    p.quit()
dt = time.monotonic() - t
row("login-STAT-QUIT sessions, %d in a row" % S, "%.0f /s" % (S / dt))
PY
