#!/bin/sh
# qmail-remote: real DNS (dnsmasq) and SMTP sinks inside a private network
# namespace. MX preference, shuffling of equal preferences, A and AAAA
# fallback, CNAMEs, an MX answer far over 512 bytes, this host skipped,
# smtproutes, address literals, SMTP replies at each step, transparency,
# and qmail-remote(8)'s report format.
. "${0%/*}/ilib.sh"
need_root
command -v dnsmasq >/dev/null || skip_all "dnsmasq is not installed"
. "$TOP/t/data/netns.sh"
plan 80

quail_install
ns_start
S=$TMP/sink

{
    echo "mx-host=a.test,mx.a.test,10"
    echo "host-record=mx.a.test,198.51.100.10,2001:db8:1::10"
    echo "mx-host=pref.test,mx20.pref.test,20"
    echo "mx-host=pref.test,mx10.pref.test,10"
    echo "host-record=mx20.pref.test,198.51.100.20"
    echo "host-record=mx10.pref.test,198.51.100.21"
    echo "mx-host=dead.test,mx10.dead.test,10"
    echo "mx-host=dead.test,mx20.dead.test,20"
    echo "host-record=mx10.dead.test,198.51.100.30"
    echo "host-record=mx20.dead.test,198.51.100.31"
    echo "mx-host=eq.test,e1.eq.test,10"
    echo "mx-host=eq.test,e2.eq.test,10"
    echo "host-record=e1.eq.test,198.51.100.41"
    echo "host-record=e2.eq.test,198.51.100.42"
    echo "host-record=plain.test,198.51.100.50"
    echo "host-record=v6only.test,2001:db8:1::60"
    echo "host-record=both.test,2001:db8:1::70,198.51.100.73"
    echo "cname=alias.test,a.test"
    echo "cname=alias2.test,plain.test"
    echo "mx-host=self.test,me.self.test,10"
    echo "mx-host=self.test,other.self.test,20"
    echo "host-record=me.self.test,127.0.0.1"
    echo "host-record=other.self.test,198.51.100.80"
    echo "mx-host=selfb.test,mx.selfb.test,10"
    echo "mx-host=selfb.test,me.self.test,20"
    echo "host-record=mx.selfb.test,198.51.100.81"
    echo "host-record=zero.test,0.0.0.0"
    echo "mx-host=lip.test,mx.lip.test,10"
    echo "host-record=mx.lip.test,198.51.100.82"
    echo "mx-host=null.test,.,0"
    echo "txt-record=empty.test,\"no mail here\""
    echo "server=/soft.test/127.0.0.1#5353"
    echo "mx-host=x.sub.test,mx.a.test,10"
    # 30 exchangers with long names: an answer of about 2 KB, far over
    # the 512 bytes of a UDP answer without EDNS (qmail 1.03's limit)
    i=1
    while [ $i -le 30 ]; do
        n=an-exchanger-with-a-rather-long-name-number-$i.big.test
        echo "mx-host=big.test,$n,$i"
        if [ $i = 1 ]; then a=198.51.100.71; else a=198.51.100.72; fi
        echo "host-record=$n,$a"
        i=$((i + 1))
    done
} > "$TMP/zone"
dns_start "$TMP/zone"
sink_start "$S" 198.51.100.10:25 '[2001:db8:1::10]:25' 198.51.100.20:25 \
    198.51.100.21:25 198.51.100.31:25 198.51.100.41:25 198.51.100.42:25 \
    198.51.100.50:25 '[2001:db8:1::60]:25' 198.51.100.71:25 \
    198.51.100.72:25 198.51.100.73:25 198.51.100.80:25 198.51.100.81:25 \
    198.51.100.82:25 198.51.100.90:25 198.51.100.91:2525 127.0.0.1:2526

printf 'Subject: hello\n\nbody\n' > "$TMP/msg"
# qr HOST SENDER RCPT...: run qmail-remote in the namespace; $qrstatus
# and $qr, the report with NUL as '|' and newline as '/'.
qr() {
    nsrun "$Q/bin/qmail-remote" "$@" <"$TMP/msg" >"$TMP/qr.out" 2>"$TMP/qr.err"
    qrstatus=$?
    qr=$(tr '\0\n' '|/' <"$TMP/qr.out")
    qrerr=$(cat "$TMP/qr.err")
}
# the address that got the last connection, per the sink's log
last_peer() { grep ' connect$' "$S/log" | tail -n 1 | cut -d' ' -f1; }
lines() { [ -f "$S/log" ] && wc -l < "$S/log" || echo 0; }

# --- usage and the report format ---
qr a.test
is "$qrstatus" 0 "usage error: exit 0, as qmail"
like "$qr" '^DUsage: qmail-remote host sender recip .*\(#5\.3\.5\)/\|$' \
    "usage error is a D report"
is "$qrerr" "" "nothing on stderr"

qr a.test joe@quail.test u1@a.test
is "$qrstatus" 0 "delivered: exit 0"
like "$qr" '^r\|K2001:db8:1::10 accepted the message\./Remote host said: 250 2\.0\.0 queued as [0-9]+/\|$' \
    "one r report, then K with the server's words"
is "$(last_peer)" 2001:db8:1::10 "IPv6 address tried first"
like "$(cat "$S/log")" 'EHLO quail\.test' "EHLO with control/me"
like "$(cat "$S/log")" 'MAIL FROM:<joe@quail\.test>' "MAIL FROM"
like "$(cat "$S/log")" 'RCPT TO:<u1@a\.test>' "RCPT TO"
like "$(grep -c QUIT "$S/log")" '^1$' "QUIT at the end"

# The final dot leaves in the same write as the end of the message: in
# a write of its own, Nagle would hold it for the server's delayed ACK.
if command -v strace >/dev/null 2>&1; then
    nsrun strace -qq -e trace=write -o "$TMP/writes" \
        "$Q/bin/qmail-remote" a.test joe@quail.test u1@a.test \
        <"$TMP/msg" >/dev/null 2>&1
    grep -q '^write([0-9]*, "Subject: hello\\r\\n\\r\\nbody\\r\\n\.\\r\\n", 27)' \
        "$TMP/writes"
    ok $? "the final dot goes with the last line of the message"
else
    ok 0 "# SKIP no strace"
fi

# --- transparency: CRLF, dot-stuffing, 8-bit, a partial last line ---
printf 'Subject: dots\n\n.\n..two\n.three\nnot.first\n\351t\351\nlast' \
    > "$TMP/msg"
qr a.test joe@quail.test u2@a.test
like "$qr" '^r\|K' "message with dots delivered"
n=$(grep ' DATA ' "$S/log" | tail -n 1 | cut -d' ' -f3)
printf 'Subject: dots\r\n\r\n..\r\n...two\r\n..three\r\nnot.first\r\n\351t\351\r\nlast\r\n' \
    > "$TMP/want"
cmp -s "$S/msg.$n" "$TMP/want"
ok $? "LF to CRLF, leading dots doubled, 8-bit as is, last line ended"
: > "$TMP/msg"
qr a.test joe@quail.test u3@a.test
n=$(grep ' DATA ' "$S/log" | tail -n 1 | cut -d' ' -f3)
like "$qr" '^r\|K' "empty message delivered"
is "$(wc -c < "$S/msg.$n")" 0 "as nothing before the final dot"
printf 'Subject: hello\n\nbody\n' > "$TMP/msg"

# --- sender and recipient forms ---
qr a.test '' '"odd one"@a.test' 'x y@a.test' 'a..b@a.test'
like "$qr" '^r\|r\|r\|K' "three odd local parts accepted"
like "$(cat "$S/log")" 'MAIL FROM:<>$' "empty sender as <>"
like "$(cat "$S/log")" 'RCPT TO:<"\\"odd one\\""@a\.test>' \
    "a local part with quotes is quoted, inner quotes escaped"
like "$(cat "$S/log")" 'RCPT TO:<"x y"@a\.test>' "a space is quoted"
like "$(cat "$S/log")" 'RCPT TO:<"a\.\.b"@a\.test>' "two dots are quoted"
qr a.test "$(printf 'evil\r\nRSET')" u@a.test
like "$qr" '^DThe sender address contains a line break\. \(#5\.1\.7\)' \
    "a sender with CR LF is refused before connecting"
qr a.test joe@quail.test "$(printf 'u@a.test\nDATA')"
like "$qr" '^DA recipient address contains a line break' \
    "a recipient with LF is refused"

# --- MX selection ---
qr pref.test joe@quail.test u@pref.test
like "$qr" '^r\|K198\.51\.100\.21 ' "lowest preference first"
qr dead.test joe@quail.test u@dead.test
like "$qr" '^r\|K198\.51\.100\.31 ' "refused by the best MX: the next one"
before=$(lines)
i=0
while [ $i -lt 16 ]; do
    qr eq.test joe@quail.test u@eq.test
    i=$((i + 1))
done
got41=$(tail -n +"$((before + 1))" "$S/log" | grep -c '^198\.51\.100\.41 connect')
got42=$(tail -n +"$((before + 1))" "$S/log" | grep -c '^198\.51\.100\.42 connect')
is "$((got41 + got42))" 16 "equal preferences: every run delivered"
ok "$([ "$got41" -gt 0 ] && [ "$got42" -gt 0 ]; echo $?)" \
    "equal preferences: both exchangers used ($got41/$got42)"
qr plain.test joe@quail.test u@plain.test
like "$qr" '^r\|K198\.51\.100\.50 ' "no MX: the A record"
qr v6only.test joe@quail.test u@v6only.test
like "$qr" '^r\|K2001:db8:1::60 ' "no MX: the AAAA record"
qr both.test joe@quail.test u@both.test
like "$qr" '^r\|K198\.51\.100\.73 ' "IPv6 refused: IPv4 tried next"
qr alias.test joe@quail.test u@alias.test
like "$qr" '^r\|K2001:db8:1::10 ' "CNAME to a domain with MX"
like "$(tail -n 5 "$S/log")" 'RCPT TO:<u@alias\.test>' \
    "the recipient is not rewritten to the canonical name"
qr alias2.test joe@quail.test u@alias2.test
like "$qr" '^r\|K198\.51\.100\.50 ' "CNAME to a host without MX"
qr BIG.test joe@quail.test u@big.test
like "$qr" '^r\|K198\.51\.100\.71 ' "MX answer over 512 bytes: best of 30"
size=$(grep -c 'big.test' "$TMP/zone")
ok "$([ "$size" -eq 60 ]; echo $?)" "(the zone has 30 long MX names)"

# --- this host ---
before=$(lines)
qr self.test joe@quail.test u@self.test
like "$qr" '^ZThis host is a best mail exchanger for self\.test.*\(#4\.4\.6\)/\|$' \
    "best MX is this host: deferred, never sent to a worse MX"
is "$(lines)" "$before" "no connection made"
qr selfb.test joe@quail.test u@selfb.test
like "$qr" '^r\|K198\.51\.100\.81 ' "this host as a worse MX: the better one"
qr zero.test joe@quail.test u@zero.test
like "$qr" '^ZThis host is a best mail exchanger for zero\.test' \
    "0.0.0.0 is this host"
echo mx.lip.test > "$Q/control/localiphost"
qr lip.test joe@quail.test u@lip.test
like "$qr" '^ZThis host is a best mail exchanger for lip\.test' \
    "an MX named as control/localiphost is this host"
rm "$Q/control/localiphost"
qr lip.test joe@quail.test u@lip.test
like "$qr" '^r\|K198\.51\.100\.82 ' "without localiphost it is not"
qr '[127.0.0.1]' joe@quail.test u@x.test
like "$qr" '^ZThis host is a best mail exchanger for \[127\.0\.0\.1\]' \
    "a literal of this host is refused too"

# --- DNS failures ---
qr nx.test joe@quail.test u@nx.test
like "$qr" '^DThere is no host named nx\.test\. \(#5\.1\.2\)/\|$' \
    "NXDOMAIN is permanent"
qr soft.test joe@quail.test u@soft.test
like "$qr" '^ZTemporary DNS failure looking up soft\.test\. \(#4\.4\.3\)/\|$' \
    "server failure is temporary"
qr empty.test joe@quail.test u@empty.test
like "$qr" '^Dempty\.test has neither a mail exchanger nor an address\. \(#5\.4\.4\)' \
    "a name with neither MX nor address is permanent"
qr null.test joe@quail.test u@null.test
like "$qr" '^Dnull\.test accepts no mail .*RFC 7505.*\(#5\.1\.10\)' \
    "null MX is permanent"
qr 'a..test' joe@quail.test u@x.test
like "$qr" '^DThere is no host named a\.\.test' "an invalid name is permanent"

# --- literals ---
qr '[198.51.100.90]' joe@quail.test u@x.test
like "$qr" '^r\|K198\.51\.100\.90 ' "IPv4 literal"
qr '[IPv6:2001:db8:1::10]' joe@quail.test u@x.test
like "$qr" '^r\|K2001:db8:1::10 ' "IPv6 literal"
qr '[198.51.100]' joe@quail.test u@x.test
like "$qr" '^DThe address literal \[198\.51\.100\] is not valid\. \(#5\.1\.2\)' \
    "a bad literal is permanent"

# --- smtproutes ---
cat > "$Q/control/smtproutes" <<EOF
route.test:[198.51.100.91]:2525
byname.test:mx.a.test
.sub.test:
loop.test:127.0.0.1:2526
:[198.51.100.90]
BADPORT.test:relay.test:0
EOF
qr route.test joe@quail.test u@route.test
like "$qr" '^r\|K198\.51\.100\.91 ' "domain:[literal]:port"
like "$(grep '^198\.51\.100\.91 ' "$S/log")" 'connect' "on port 2525"
qr byname.test joe@quail.test u@byname.test
like "$qr" '^r\|K2001:db8:1::10 ' "domain:relay by name, its addresses"
qr x.sub.test joe@quail.test u@x.sub.test
like "$qr" '^r\|K2001:db8:1::10 ' ".suffix with an empty relay: MX as usual"
qr elsewhere.test joe@quail.test u@elsewhere.test
like "$qr" '^r\|K198\.51\.100\.90 ' ":relay catches every other host"
qr nx.test joe@quail.test u@nx.test
like "$qr" '^r\|K198\.51\.100\.90 ' "even one without DNS records"
qr loop.test joe@quail.test u@loop.test
like "$qr" '^r\|K127\.0\.0\.1 ' "a route to this host is followed"
qr badport.test joe@quail.test u@badport.test
like "$qr" '^ZThe control/smtproutes line for badport\.test is not valid\. \(#4\.3\.5\)' \
    "a bad port in smtproutes is temporary"
rm "$Q/control/smtproutes"

# --- SMTP replies at each step ---
M=$S/mode-198.51.100.90
H='[198.51.100.90]'
echo greet421 > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^ZConnected to 198\.51\.100\.90 but the greeting failed\./Remote host said: 421 sink\.test busy' \
    "4xx greeting: temporary"
echo greet554 > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^DConnected to 198\.51\.100\.90 but the greeting failed\./Remote host said: 554 ' \
    "5xx greeting: permanent"
echo ehlo502 > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^r\|K' "EHLO refused: HELO works"
like "$(tail -n 8 "$S/log")" 'HELO quail\.test' "HELO was sent"
echo helo550 > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^DConnected to 198\.51\.100\.90 but my name was rejected\./Remote host said: 550 ' \
    "EHLO and HELO refused: permanent"
echo mail451 > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^ZConnected to 198\.51\.100\.90 but the sender was rejected\./Remote host said: 451 ' \
    "4xx to MAIL: temporary"
echo mail553 > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^DConnected to 198\.51\.100\.90 but the sender was rejected\./Remote host said: 553 ' \
    "5xx to MAIL: permanent"
echo ok > "$M"
qr "$H" joe@quail.test good@x.test bad@x.test later@x.test good2@x.test
like "$qr" '^r\|h198\.51\.100\.90 does not like the recipient\./Remote host said: 550 5\.1\.1 no such user here/\|s198\.51\.100\.90 does not like the recipient\./Remote host said: 451 4\.2\.0 mailbox busy/\|r\|K198\.51\.100\.90 accepted' \
    "mixed recipients: r, h, s, r in order, then K"
is "$(tail -n 12 "$S/log" | grep -c 'RCPT TO')" 4 "every recipient asked"
qr "$H" joe@quail.test bad1@x.test later@x.test
like "$qr" '^h.*\|s.*\|DGiving up on 198\.51\.100\.90\./Remote host said: 451 ' \
    "no recipient accepted: D, no DATA"
unlike "$(tail -n 5 "$S/log")" ' DATA' "DATA not sent"
echo data451 > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^r\|Z198\.51\.100\.90 failed on the DATA command\./Remote host said: 451 ' \
    "4xx to DATA: temporary"
echo data554 > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^r\|D198\.51\.100\.90 failed on the DATA command\./Remote host said: 554 ' \
    "5xx to DATA: permanent"
echo final451 > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^r\|Z198\.51\.100\.90 failed after I sent the message\./Remote host said: 451 ' \
    "4xx after the message: temporary"
echo final554 > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^r\|D198\.51\.100\.90 failed after I sent the message\./Remote host said: 554 ' \
    "5xx after the message: permanent"
echo drop > "$M"
# more than the socket buffers on both sides can hold
yes 'a line of a message long enough to be cut in the middle' |
    head -c 33554432 > "$TMP/msg"
qr "$H" joe@quail.test u@x.test
like "$qr" '^r\|ZConnected to 198\.51\.100\.90 but the connection died \([^;]*\)\. \(#4\.4\.2\)/\|$' \
    "peer gone in the middle of DATA: temporary"
printf 'Subject: hello\n\nbody\n' > "$TMP/msg"
echo dropfinal > "$M"
qr "$H" joe@quail.test u@x.test
like "$qr" '^r\|ZConnected to 198\.51\.100\.90 but the connection died \(.*\); possible duplicate\. \(#4\.4\.2\)/\|$' \
    "peer gone after the final dot: temporary, possible duplicate"
echo silent > "$M"
echo 1 > "$Q/control/timeoutremote"
start=$(date +%s)
qr "$H" joe@quail.test u@x.test
like "$qr" '^ZConnected to 198\.51\.100\.90 but the connection died \(Connection timed out\)' \
    "silent server: control/timeoutremote"
ok "$([ $(( $(date +%s) - start )) -le 5 ]; echo $?)" "gave up within seconds"
rm "$Q/control/timeoutremote"
echo ok > "$M"

# --- control files ---
echo helo.quail.test > "$Q/control/helohost"
qr "$H" joe@quail.test u@x.test
like "$(tail -n 8 "$S/log")" 'EHLO helo\.quail\.test' "control/helohost"
rm "$Q/control/helohost"
mv "$Q/control/me" "$Q/control/me.off"
qr "$H" joe@quail.test u@x.test
like "$qr" '^ZUnable to read control/helohost \(and control/me\): No such file or directory\. \(#4\.3\.0\)' \
    "neither helohost nor me: temporary"
mv "$Q/control/me.off" "$Q/control/me"
echo soon > "$Q/control/timeoutconnect"
qr "$H" joe@quail.test u@x.test
like "$qr" '^ZUnable to read control/timeoutconnect: Invalid argument\. \(#4\.3\.0\)' \
    "a timeout that is not a number: temporary"
rm "$Q/control/timeoutconnect"

# --- connection failures ---
qr '[198.51.100.99]' joe@quail.test u@x.test
like "$qr" '^ZUnable to connect to \[198\.51\.100\.99\] \(198\.51\.100\.99: Connection refused\)\. \(#4\.4\.1\)/\|$' \
    "nothing listening: temporary, with the reason"
