#!/bin/sh
# qmail-rspawn: for now defers every remote delivery (Z) with a clear
# text, speaking the spawn protocol, running as qmailr.
. "${0%/*}/ilib.sh"
need_root
plan 7
quail_install
r=$(head -n 1 "$TOP/conf/user-qmailr")
split=$(head -n 1 "$TOP/conf/split")
printf 'Subject: hello\n\nbody\n' >"$Q/queue/mess/$((100 % split))/100"
chmod 644 "$Q/queue/mess/$((100 % split))/100"
# Two requests (slots 3 and 100), then the end of input.
printf '\003\000100\000s@quail.test\000a@example.com\000' >req
printf '\144\000100\000\000b@example.net\000' >>req
as_r() { setpriv --reuid="$(id -u "$r")" --regid="$(id -g "$r")" \
    --clear-groups "$@"; }
as_r "$Q/bin/qmail-rspawn" <req >rep 2>err
is "$?" 0 "exit 0 at the end of input, as $r"
is "$(cat err)" "" "nothing on stderr"
# reports: one line per report, "slot result text", sorted.
reports() { python3 -c 'import sys
b = sys.stdin.buffer.read()
r = []
while b:
    e = b.index(b"\0", 3)
    r.append("%d %s %s" % (b[0] | b[1] << 8, chr(b[2]), b[3:e].decode()))
    b = b[e + 1:]
print("\n".join(sorted(r)))' <rep; }
is "$(reports)" "100 Z quail: remote delivery is not implemented yet
3 Z quail: remote delivery is not implemented yet" \
    "every delivery deferred, on its slot"
printf '\005\000101\000s\000a@example.com\000' >req
as_r "$Q/bin/qmail-rspawn" <req >rep 2>err
like "$(reports)" \
    '^5 Z Unable to open message file: No such file or directory\. \(#4\.3\.0\)$' \
    "a missing message is deferred too"
run "$Q/bin/qmail-rspawn" x
is "$status" 100 "an argument is a usage error"
like "$stderr" '^qmail-rspawn: fatal: usage: qmail-rspawn$' "with a usage message"
: | "$Q/bin/qmail-rspawn" >rep
is "$?:$(wc -c <rep)" "0:0" "no requests: no reports, exit 0"
