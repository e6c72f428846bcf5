#!/bin/sh
# qbiff: the notice goes to the user's terminals from utmp that have the
# owner-execute bit (biff y) and belong to us, nowhere else; it is made
# printable and short; qbiff exits 0 whatever happens.
. "${0%/*}/lib.sh"
plan 12
me=$(id -un)
# Two pseudo-terminals: one with biff y, one without; a utmp file listing
# them for $me, plus records qbiff must pass over. Prints what each
# terminal received.
cat > biff.py <<'EOS'
import os, pty, select, struct, subprocess, sys, time
me, msg = sys.argv[1], sys.argv[2]
env = dict(os.environ)
m1, s1 = pty.openpty(); m2, s2 = pty.openpty()
n1, n2 = os.ttyname(s1), os.ttyname(s2)
os.chmod(n1, 0o720)          # biff y: owner execute
os.chmod(n2, 0o620)          # biff n
def rec(kind, user, line):
    return struct.pack("hxxi32s4s32s256shhiii4i20s", kind, 1,
        line.encode(), b"", user.encode(), b"", 0, 0, 0, 0, 0, 0, 0, 0, 0, b"")
USER_PROCESS, DEAD_PROCESS = 7, 8
with open("utmp", "wb") as f:
    f.write(rec(USER_PROCESS, "someoneelse", n1[5:]))
    f.write(rec(DEAD_PROCESS, me, n1[5:]))
    f.write(rec(USER_PROCESS, me, n1[5:]))
    f.write(rec(USER_PROCESS, me, n2[5:]))
    f.write(rec(USER_PROCESS, me, "pts/../pts/0"))
    f.write(rec(USER_PROCESS, me, "/dev/" + n1[5:]))
env["QBIFF_UTMP"] = os.path.abspath("utmp")
r = subprocess.run(["qbiff"], stdin=open(msg, "rb"), env=env,
                   capture_output=True, timeout=10)
def drain(fd, wait):
    out, end = b"", time.time() + wait
    while True:
        left = end - time.time()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return out
        out += os.read(fd, 4096)
        wait, end = 0.2, time.time() + 0.2
t1, t2 = drain(m1, 3), drain(m2, 0.3)
sys.stdout.write("exit %d out [%s]\n" % (r.returncode, (r.stdout + r.stderr).decode()))
sys.stdout.write("tty1 %r\n" % t1)
sys.stdout.write("tty2 %r\n" % t2)
EOS
biff() { USER=$me LOCAL=${LOCAL-joe-ext} SENDER=${SENDER-a@example.org} \
    python3 biff.py "$me" "$1"; }
printf 'From: A <a@example.org>\nSubject: lunch?\n\nshall we\nmeet at noon\n' > msg
out=$(biff msg)
is "$(printf "%s\n" "$out" | sed -n 1p)" "exit 0 out []" "exits 0, says nothing"
# The terminal turns \n into \r\n on output (onlcr): compare loosely.
t1=$(printf "%s\n" "$out" | sed -n 2p)
like "$t1" "^tty1 b'.*\\\\x07\\*\\*\\* TO <joe-ext> FROM <a@example.org>" \
    "a bell and TO <local> FROM <sender> on the biff-y terminal"
like "$t1" "    lunch\\?/shall we/meet at noon/" \
    "then the subject and the start of the body, newlines as '/'"
is "$(printf "%s\n" "$t1" | grep -o 'TO <joe-ext>' | wc -l)" 1 \
    "exactly once: other users, dead logins, odd lines are passed over"
is "$(printf "%s\n" "$out" | sed -n 3p)" "tty2 b''" "nothing on the biff-n terminal"

awk 'BEGIN { printf "Subject: "; for (i = 0; i < 50; i++) printf "abcd"; print ""; print ""; print "body" }' > long
out=$(biff long)
text=$(printf "%s\n" "$out" | sed -n 2p | sed "s/.*FROM <a@example.org>\\\\r*\\\\r\\\\n//; s/\\\\r.*//")
is "${#text}" 78 "the summary line is cut at 78 characters"
printf 'Subject: \033[2J\033]0;x\007 evil\n\n\033[31mred\n' > esc
out=$(SENDER="$(printf 'a\033[2Jb@x')" LOCAL="$(printf 'j\noe')" biff esc)
t1=$(printf "%s\n" "$out" | sed -n 2p)
unlike "$(printf "%s\n" "$t1" | sed 's/\\x07\*\*\*//')" '\\x1b|\\x07' \
    "escape sequences and bells in fields are not passed to the terminal"
like "$t1" 'TO <j_oe> FROM <a_\[2Jb@x>' "sender and recipient: unprintables as _"
like "$t1" '    /\[2J/\]0;x/ evil//\[31mred' "summary: unprintables as /"

run env -u USER LOCAL=x SENDER=y qbiff
is "$status:$stdout$stderr" "0:" "not run from .qmail (no USER): 0, silently"
run_in / env USER=$me LOCAL=x SENDER=y QBIFF_UTMP=/nonexistent qbiff
is "$status:$stdout$stderr" "0:" "no utmp, unreadable message: 0, silently"
run env USER=$(printf '%040d' 0) LOCAL=x SENDER=y qbiff
is "$status" 0 "a user name too long for utmp: 0"
