#!/bin/sh
# tcp-env: tcpserver's variables from the socket on fd 0, IPv4, IPv6 and
# IPv4-mapped; PTR names; RFC 1413 ident with -r/-R/-t; PROTO already
# set leaves everything alone; usage and non-socket errors.
. "${0%/*}/lib.sh"
plan 29

# conn.py ADDR CMD...: connect to a listener on ADDR (port 0: any) from
# the same address, run CMD with the accepted socket as fd 0, and print
# its output; "LPORT=n RPORT=n" go to the file ports. With IDENT set,
# a fake identd on ADDR port 113 answers each query with IDENT, "%s"
# replaced by the port pair asked for (skip when 113 cannot be had).
cat > conn.py <<'PY'
import os, socket, subprocess, sys, threading
addr, cmd = sys.argv[1], sys.argv[2:]
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
ident = os.environ.pop("IDENT", None)
if ident is not None:
    i = socket.socket(fam)
    i.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        i.bind((addr, 113))
    except OSError:
        sys.exit(77)
    i.listen(4)
    def identd():
        while True:
            c, _ = i.accept()
            q = c.recv(512).decode().strip()
            c.sendall((ident.replace("%s", q) + "\r\n").encode())
            c.close()
    threading.Thread(target=identd, daemon=True).start()
l = socket.socket(fam)
l.bind((os.environ.pop("LISTEN", addr), 0))
l.listen(1)
c = socket.socket(fam)
c.connect((addr, l.getsockname()[1]))
a, _ = l.accept()
with open("ports", "w") as f:
    f.write("LPORT=%d RPORT=%d\n" % (l.getsockname()[1], c.getsockname()[1]))
r = subprocess.run(cmd, stdin=a)
sys.exit(r.returncode)
PY
show='for v in PROTO TCPLOCALIP TCPLOCALPORT TCPLOCALHOST TCPREMOTEIP TCPREMOTEPORT TCPREMOTEHOST TCPREMOTEINFO; do eval "echo \$v=\${$v-(unset)}"; done'
name4=$(getent hosts 127.0.0.1 | awk '{print tolower($2)}')
[ -n "$name4" ] || name4='(unset)'

# --- IPv4 ---------------------------------------------------------------
run env -u PROTO TCPREMOTEINFO=stale python3 conn.py 127.0.0.1 \
    tcp-env -R sh -c "$show"
. ./ports
is "$status" 0 "runs the program"
is "$stdout" "PROTO=TCP
TCPLOCALIP=127.0.0.1
TCPLOCALPORT=$LPORT
TCPLOCALHOST=$name4
TCPREMOTEIP=127.0.0.1
TCPREMOTEPORT=$RPORT
TCPREMOTEHOST=$name4
TCPREMOTEINFO=(unset)" "IPv4: addresses, ports, PTR names; -R drops a stale TCPREMOTEINFO"
is "$stderr" "" "quietly"

# --- IPv6 and mapped -----------------------------------------------------------
if python3 -c 'import socket; s = socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null
then
    name6=$(getent hosts ::1 | awk '{print tolower($2)}')
    [ -n "$name6" ] || name6='(unset)'
    run env -u PROTO python3 conn.py ::1 tcp-env -R sh -c "$show"
    . ./ports
    is "$stdout" "PROTO=TCP6
TCPLOCALIP=::1
TCPLOCALPORT=$LPORT
TCPLOCALHOST=$name6
TCPREMOTEIP=::1
TCPREMOTEPORT=$RPORT
TCPREMOTEHOST=$name6
TCPREMOTEINFO=(unset)" "IPv6: PROTO=TCP6, as ucspi-tcp-ipv6's tcpserver"
    run env -u PROTO LISTEN=:: python3 conn.py ::ffff:127.0.0.1 tcp-env -R \
        sh -c "$show"
    . ./ports
    is "$(echo "$stdout" | sed -n '1p;2p;5p')" "PROTO=TCP
TCPLOCALIP=127.0.0.1
TCPREMOTEIP=127.0.0.1" "an IPv4 client of an IPv6 socket is shown as IPv4"
else
    ok 0 "# SKIP no IPv6 on loopback"
    ok 0 "# SKIP no IPv6 on loopback"
fi

# --- PROTO already set -----------------------------------------------------------
run env PROTO=TCP TCPREMOTEIP=192.0.2.9 TCPREMOTEINFO=kept \
    python3 conn.py 127.0.0.1 tcp-env sh -c "$show"
is "$(echo "$stdout" | sed -n '5p;8p')" "TCPREMOTEIP=192.0.2.9
TCPREMOTEINFO=kept" "PROTO=TCP: the environment is left as it is"
run env PROTO=TCP6 TCPREMOTEIP=2001:db8::9 sh -c "exec tcp-env sh -c '$show' < /dev/null"
is "$status/$(echo "$stdout" | sed -n 5p)" "0/TCPREMOTEIP=2001:db8::9" \
    "PROTO=TCP6 too, and fd 0 is not looked at"

# --- ident -----------------------------------------------------------------------
# ident QUERY-REPLY [tcp-env options]: TCPREMOTEINFO as tcp-env sets it.
ident() {
    _r=$1; shift
    run env -u PROTO IDENT="$_r" python3 conn.py 127.0.0.1 \
        tcp-env "$@" sh -c 'echo "${TCPREMOTEINFO-(unset)}"'
}
ident '%s : USERID : UNIX : joe'
if [ "$status" = 77 ]; then
    for i in 1 2 3 4 5 6 7 8 9 10; do ok 0 "# SKIP port 113 is taken"; done
else
    is "$stdout" joe "ident is asked by default (-r)"
    ident '%s:USERID:UNIX,US-ASCII:  j:o e ' -r
    is "$stdout" "j:o e" "the user id is the rest of the line, colons and all"
    ident '%s : USERID : UNIX : joe' -R
    is "$stdout" "(unset)" "-R: not asked"
    ident '%s : ERROR : NO-USER'
    is "$stdout" "(unset)" "an ERROR reply: nothing"
    ident '1 , 2 : USERID : UNIX : joe'
    is "$stdout" "(unset)" "a reply for other ports: nothing"
    ident 'garbage'
    is "$stdout" "(unset)" "garbage: nothing"
    ident "%s : USERID : UNIX : $(printf 'a\033b\tc')"
    is "$stdout" "a?b?c" "control bytes become ?"
    ident "%s : USERID : UNIX : $(head -c 300 /dev/zero | tr '\0' u)"
    is "${#stdout}" 100 "at most 100 bytes are kept"
    ident '%s : USERID : UNIX : joe' -t 1
    is "$stdout" joe "-t sets the time limit"
    ident '%s : USERID : UNIX :' -t1
    is "$stdout" "(unset)" "an empty user id: nothing"
fi
run env -u PROTO python3 conn.py 127.0.0.1 tcp-env sh -c 'echo "${TCPREMOTEINFO-(unset)}"'
is "$status/$stdout" "0/(unset)" "no identd: nothing, and no delay"

# --- errors ------------------------------------------------------------------------
run env -u PROTO tcp-env sh -c 'echo ran'
is "$status" 111 "fd 0 not a socket: 111"
like "$stderr" '^tcp-env: fatal: unable to get the local address of fd 0: ' \
    "said"
is "$stdout" "" "the program is not run"
run env -u PROTO python3 -c 'import socket, subprocess
a, b = socket.socketpair()
raise SystemExit(subprocess.run(["tcp-env", "true"], stdin=a).returncode)'
is "$status/$stderr" "111/tcp-env: fatal: fd 0 is not a TCP connection" \
    "a Unix socket: 111"
run tcp-env
is "$status" 100 "no program: usage, 100"
like "$stderr" '^tcp-env: fatal: usage: tcp-env ' "said"
run tcp-env -x true
is "$status" 100 "unknown option: 100"
run tcp-env -t abc true
is "$status" 100 "-t needs a number: 100"
run tcp-env -t 0 true
is "$status" 100 "-t 0: 100"
run env -u PROTO python3 conn.py 127.0.0.1 tcp-env -R /nonexistent/prog
is "$status" 111 "a program that cannot be run: 111"
like "$stderr" '^tcp-env: fatal: unable to run /nonexistent/prog: ' "said"
