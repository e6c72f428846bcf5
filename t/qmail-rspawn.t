#!/bin/sh
# qmail-rspawn: runs qmail-remote as qmailr for each remote delivery,
# with the recipient's host, and makes its recipient and message reports
# into one K/Z/D report of the spawn protocol, as qmail-rspawn does.
# Real deliveries go to SMTP sinks in a network namespace; stand-ins for
# qmail-remote check the handling of crashes, odd exits and odd output.
. "${0%/*}/ilib.sh"
need_root
command -v dnsmasq >/dev/null || skip_all "dnsmasq is not installed"
. "$TOP/t/data/netns.sh"
plan 22

quail_install
ns_start
S=$TMP/sink
echo "mx-host=a.test,mx.a.test,10" > "$TMP/zone"
echo "host-record=mx.a.test,198.51.100.10" >> "$TMP/zone"
dns_start "$TMP/zone"
sink_start "$S" 198.51.100.10:25 198.51.100.90:25

r=$(head -n 1 "$TOP/conf/user-qmailr")
split=$(head -n 1 "$TOP/conf/split")
printf 'Subject: hello\n\nbody\n' >"$Q/queue/mess/$((100 % split))/100"
chmod 644 "$Q/queue/mess/$((100 % split))/100"

# req SLOT SENDER RECIP: append one request for message 100 to file req
req() { python3 -c 'import sys
s = int(sys.argv[1])
sys.stdout.buffer.write(bytes([s & 255, s >> 8]) + b"100\0" +
    sys.argv[2].encode() + b"\0" + sys.argv[3].encode() + b"\0")' "$@" >>req; }
rspawn() {
    nsrun setpriv --reuid="$(id -u "$r")" --regid="$(id -g "$r")" \
        --clear-groups "$Q/bin/qmail-rspawn" <req >rep 2>err
}
# reports: one line per report, "slot result text" with newlines as '/',
# sorted by slot
reports() { python3 -c 'import sys
b = sys.stdin.buffer.read()
r = []
while b:
    e = b.index(b"\0", 3)
    r.append((b[0] | b[1] << 8, chr(b[2]) + " " +
              b[3:e].decode("latin-1").replace("\n", "/")))
    b = b[e + 1:]
print("\n".join("%d %s" % x for x in sorted(r)))' <rep; }
slot() { reports | grep "^$1 " | cut -d' ' -f2-; }

# junk in the timeout table: qmail-rspawn clears it when it starts
printf 'junk' | dd of="$Q/queue/lock/tcpto" conv=notrunc 2>/dev/null
: >req
req 3 s@quail.test u@a.test
req 4 s@quail.test bad@a.test
req 5 s@quail.test later@a.test
req 6 s@quail.test nohost
req 7 s@quail.test u@nx.test
req 100 '' 'u@[198.51.100.90]'
echo greet421 > "$S/mode-198.51.100.90"
rspawn
is "$?" 0 "exit 0 at the end of input, as $r"
is "$(cat err)" "" "nothing on stderr"
is "$(reports | wc -l)" 6 "one report per request"
like "$(slot 3)" '^K 198\.51\.100\.10 accepted the message\./Remote host said: 250 2\.0\.0 queued as [0-9]+/$' \
    "accepted: K with qmail-remote's message text"
like "$(cat "$S/log")" 'RCPT TO:<u@a\.test>' "qmail-remote ran for a.test"
like "$(slot 4)" '^D 198\.51\.100\.10 does not like the recipient\./Remote host said: 550 5\.1\.1 no such user here/Giving up on 198\.51\.100\.10\./' \
    "refused for good: D with both texts"
like "$(slot 5)" '^Z 198\.51\.100\.10 does not like the recipient\./Remote host said: 451 4\.2\.0 mailbox busy/Giving up on ' \
    "refused for now: Z, though the message report says D"
is "$(slot 6)" "D The recipient address has no host name. (#5.1.4)" \
    "no host name: D"
is "$(slot 7)" "D There is no host named nx.test. (#5.1.2)/" "NXDOMAIN: D"
like "$(slot 100)" '^Z Connected to 198\.51\.100\.90 but the greeting failed\./Remote host said: 421 ' \
    "host is what follows the last @; failure before RCPT: Z"
like "$(grep 'MAIL FROM' "$S/log" | head -n 1)" 'MAIL FROM:<s@quail\.test>' \
    "the sender is passed on"
is "$(tr -d '\000' < "$Q/queue/lock/tcpto" | wc -c)" 0 \
    "the timeout table was cleared at start"

# stand-ins for qmail-remote
mv "$Q/bin/qmail-remote" "$Q/bin/qmail-remote.real"
stand_in() { printf '#!/bin/sh\n%s\n' "$1" > "$Q/bin/qmail-remote"
    chmod 755 "$Q/bin/qmail-remote"; }
: >req
req 1 s@quail.test u@a.test
stand_in 'printf "r\0Kok\0"; echo "$1 $2 $3" > '"$TMP/args"
chmod 777 "$TMP"
rspawn
is "$(slot 1)" "K ok" "K report"
is "$(cat "$TMP/args")" "a.test s@quail.test u@a.test" \
    "arguments: host, sender, recipient"
stand_in 'printf "Zno connection\0"'
rspawn
is "$(slot 1)" "Z no connection" "a message report alone"
stand_in 'printf "r\0"'
rspawn
is "$(slot 1)" "Z qmail-remote's report was cut short. (#4.3.0)" \
    "no message report: Z"
stand_in ':'
rspawn
is "$(slot 1)" "Z qmail-remote produced no output. (#4.3.0)" "no output: Z"
stand_in 'printf "r\0Kfine\0"; exit 3'
rspawn
is "$(slot 1)" "Z r?Kfine?/qmail-remote exited with status 3. (#4.3.0)" \
    "an exit code other than 0: Z, never D"
stand_in 'printf "r\0K"; kill -9 $$'
rspawn
is "$(slot 1)" "Z qmail-remote was killed by signal 9. (#4.3.0)" "a crash: Z"
rm "$Q/bin/qmail-remote"
rspawn
like "$(slot 1)" "^Z Unable to run qmail-remote: No such file or directory\. \(#4\.3\.0\)$" \
    "qmail-remote missing: Z"
mv "$Q/bin/qmail-remote.real" "$Q/bin/qmail-remote"

run "$Q/bin/qmail-rspawn" x
is "$status" 100 "an argument is a usage error"
like "$stderr" '^qmail-rspawn: fatal: usage: qmail-rspawn$' "with a usage message"
