#!/bin/sh
# qmail-smtpd relaying: rcpthosts with .suffix entries and
# morercpthosts.cdb; the classic open-relay tricks never relay without
# RELAYCLIENT; RELAYCLIENT appended; failing closed without rcpthosts;
# localiphost for [ip] and [IPv6:...] literals; badmailfrom.
. "${0%/*}/ilib.sh"
. "$TOP/t/smtpd-lib.sh"
plan 15
C=$Q/control
NO="553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"
ROUTED="553 sorry, no %, ! or @ in local parts here (#5.7.1)"

# rcpt ADDRESS-ARG...: one reply per RCPT TO: argument, after MAIL.
rcpt() {
    { echo 'MAIL FROM:<a@example.org>'
      for a in "$@"; do printf 'RCPT TO:%s\n' "$a"; done; } > in
    smtpd ${ENVS-} < in
    replies | sed 1d
}

printf 'more.test\n.moresub.test\n' > "$C/morercpthosts"
"$Q/bin/qmail-newmrh"
is "$(rcpt '<u@quail.test>' '<U@QUAIL.TEST>' '<u@x.wild.test>' \
    '<u@more.test>' '<u@MORE.TEST>' '<u@a.moresub.test>' '<postmaster>' \
    'u@quail.test' '<@evil.example:u@quail.test>')" "250 ok
250 ok
250 ok
250 ok
250 ok
250 ok
250 ok
250 ok
250 ok" "local domains: exact, any case, .suffix, morercpthosts.cdb, no domain, bare, source route dropped"

is "$(rcpt '<u@evil.example>' '<u@EVIL.EXAMPLE>' '<u@quail.test.>' \
    '<u@wild.test>' '<u@quail.test.evil.example>' '<u@evilquail.test>' \
    '<u@[192.0.2.99]>' '<@quail.test:u@evil.example>' \
    'u@evil.example' '<u@moresub.test>')" "$NO
$NO
$NO
$NO
$NO
$NO
$NO
$NO
$NO
$NO" "foreign domains, trailing dots, literals, source routes to them: 553"

is "$(rcpt '<u%evil.example@quail.test>' '<evil.example!u@quail.test>' \
    '<"u@evil.example"@quail.test>' '<u\@evil.example@quail.test>' \
    '<u%evil.example>' '<evil.example!u>' '"u@evil.example"@quail.test')" \
    "$ROUTED
$ROUTED
$ROUTED
$ROUTED
$ROUTED
$ROUTED
$ROUTED" "percent hack, bang paths, quoted and escaped @: refused"
is "$(queued)" 0 "nothing queued"

# RELAYCLIENT: anything goes, with the value appended
clear_qq
printf 'MAIL FROM:<a@example.org>\nRCPT TO:<u@evil.example>\nRCPT TO:<v%%w@quail.test>\nDATA\nx\n.\nQUIT\n' > in
smtpd RELAYCLIENT= < in
is "$(replies | sed -n 2,3p)" "250 ok
250 ok" "RELAYCLIENT empty: any recipient accepted"
is "$(last_env)" "Fa@example.org|Tu@evil.example|Tv%w@quail.test||" \
    "  recipients as given"
clear_qq
smtpd RELAYCLIENT=@relay.example < in
is "$(last_env)" "Fa@example.org|Tu@evil.example@relay.example|Tv%w@quail.test@relay.example||" \
    "RELAYCLIENT=@relay.example is appended to each recipient"

# failing closed: no rcpthosts
mv "$C/rcpthosts" "$C/rcpthosts.off"
printf 'virt.test:virt\njoe@single.test:joe\n' > "$C/virtualdomains"
is "$(rcpt '<u@quail.test>' '<u@LOCALHOST>' '<u@virt.test>' \
    '<joe@single.test>' '<postmaster>' '<u@more.test>' \
    '<u@evil.example>' '<bob@single.test>' '<u@x.wild.test>')" "250 ok
250 ok
250 ok
250 ok
250 ok
250 ok
$NO
$NO
$NO" "without rcpthosts: only locals, virtualdomains, morercpthosts.cdb"
echo QUIT > in
smtpd < in
is "$stderr" "qmail-smtpd: warning: control/rcpthosts is missing: accepting mail only for locals and virtualdomains, and relaying only for RELAYCLIENT" \
    "  and a warning is logged"
ENVS=RELAYCLIENT= 
is "$(rcpt '<u@evil.example>')" "250 ok" "  RELAYCLIENT still relays"
unset ENVS
mv "$C/rcpthosts.off" "$C/rcpthosts"
rm "$C/virtualdomains"

# address literals naming this host become control/localiphost
clear_qq
printf 'MAIL FROM:<a@[127.0.0.1]>\nRCPT TO:<u@[127.0.0.1]>\nRCPT TO:<v@[IPv6:::1]>\nRCPT TO:<w@[ipv6:0:0::1]>\nRCPT TO:<x@[0.0.0.0]>\nRCPT TO:<y@[IPv6:2001:db8::1]>\nRCPT TO:<z@[192.0.2.99]>\nDATA\nx\n.\n' > in
smtpd TCPREMOTEIP=::1 TCPLOCALIP=::1 < in
is "$(replies | sed -n 2,7p)" "250 ok
250 ok
250 ok
250 ok
$NO
$NO" "[127.0.0.1], [IPv6:::1], [0.0.0.0] are this host; others are not"
is "$(last_env)" "Fa@quail.test|Tu@quail.test|Tv@quail.test|Tw@quail.test|Tx@quail.test||" \
    "  rewritten to control/me by default"
like "$(last_msg | head -n 2 | tr '\n' '#')" \
    '^Received: from client.example \(::1\)#  by ::1 with SMTP; ' \
    "  an IPv6 client in the Received line"
echo mail.quail.test > "$C/localiphost"
echo mail.quail.test >> "$C/rcpthosts"
clear_qq
smtpd < in
is "$(last_env)" "Fa@mail.quail.test|Tu@mail.quail.test|Tv@mail.quail.test|Tw@mail.quail.test|Tx@mail.quail.test||" \
    "  or to control/localiphost"

# badmailfrom
printf 'spam@example.com\n@bad.example\n' > "$C/badmailfrom"
printf 'MAIL FROM:<SPAM@example.com>\nRCPT TO:<u@quail.test>\nRSET\nMAIL FROM:<x@BAD.example>\nRCPT TO:<u@quail.test>\nRSET\nMAIL FROM:<x@sub.bad.example>\nRCPT TO:<u@quail.test>\nQUIT\n' > in
smtpd < in
is "$(replies)" "250 ok
553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)
250 flushed
250 ok
553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)
250 flushed
250 ok
250 ok
221 quail.test" "badmailfrom: an address or @domain, any case; refused at RCPT"
