#!/bin/sh
# sendmail: Sendmail's command line onto qmail-inject (-t, -f, -F, the
# ignored MUA options), -bp and mailq onto qmail-qread, -bs onto
# qmail-smtpd with tcpserver's environment, -bi and newaliases, exit
# codes, and a PHP-style CRLF message through sendmail -t -i.
. "${0%/*}/ilib.sh"
need_root
plan 46
quail_install
S=$Q/bin/sendmail
printf '%s\n' '#!/bin/sh' "cat > '$TMP/msg'" "tr '\\000' '|' <&1 > '$TMP/env'" \
    "exit \$(cat '$TMP/qq.code' 2>/dev/null || echo 0)" > "$TMP/qq"
chmod 755 "$TMP/qq"

# sm [VAR=value ...] "$S" [args]: a clean environment, $TMP/in on fd 0
sm() {
    rm -f "$TMP/msg" "$TMP/env"
    run_in "$TMP/in" env -i PATH="$PATH" QMAILQUEUE="$TMP/qq" USER=u "$@"
}
input() { printf "$@" > "$TMP/in"; }
envelope() { cat "$TMP/env" 2>/dev/null; }
field() { sed '/^$/q' "$TMP/msg" | grep -i "^$1:"; }
queued() { [ -e "$TMP/env" ] && echo yes || echo no; }

# --- recipients -----------------------------------------------------------------
input 'To: h@x.y\nSubject: s\n\nbody\n'
sm "$S" a@b.c
is "$status:$(envelope)" "0:Fu@quail.test|Ta@b.c||" \
    "arguments are the recipients (qmail-inject -a)"
sm "$S" -t
is "$(envelope)" "Fu@quail.test|Th@x.y||" "-t: the header's recipients"
sm "$S" -t a@b.c
is "$(envelope)" "Fu@quail.test|Ta@b.c|Th@x.y||" \
    "-t with arguments: both, as qmail's sendmail (qmail-inject -H)"
sm "$S"
is "$status:$(queued)" "100:no" "no -t and no argument: no recipients, 100"
is "$stderr" "qmail-inject: fatal: no recipients" "qmail-inject says why"
sm "$S" -- -dash@x.y
is "$(envelope)" "Fu@quail.test|T-dash@x.y||" "-- ends the options"

# --- -f and -F ----------------------------------------------------------------------
input 'To: h@x.y\n\nbody\n'
sm NAME='Unix User' "$S" -t -f bounce@site.example
is "$(envelope)" "Fbounce@site.example|Th@x.y||" "-f: the envelope sender"
is "$(field From)" "From: bounce@site.example" \
    "-f: the From added names the sender, without the user's NAME"
sm "$S" -t -fbounce@site.example -F 'Web Site'
is "$(field From)" 'From: "Web Site" <bounce@site.example>' \
    "-fsender glued, -F the name"
sm "$S" -t -f '<b@site.example>'
is "$(envelope)" "Fb@site.example|Th@x.y||" "-f <addr>: the brackets go"
sm "$S" -t -f nobody
is "$(envelope):$(field From)" "Fnobody@quail.test|Th@x.y||:From: nobody@quail.test" \
    "-f without a host: the default host"
sm "$S" -t -f ''
is "$(envelope):$(field From)" "F|Th@x.y||:From: u@quail.test" \
    "-f '': the null sender, From stays the user's"
sm "$S" -t -f '<>'
is "$(envelope)" "F|Th@x.y||" "-f '<>' too"
sm NAME=N QMAILNAME=Q "$S" -t -F 'Given'
is "$(field From)" 'From: "Given" <u@quail.test>' "-F beats QMAILNAME and NAME"
input 'From: me@x.y\nTo: h@x.y\n\nbody\n'
sm "$S" -t -f other@x.y
is "$(field From)" "From: me@x.y" "-f leaves a From field of the message alone"

# --- options MUAs pass: accepted and ignored -----------------------------------
input 'To: h@x.y\n\nbody\n'
sm "$S" -t -i -oi -oem -odi -oQ/var/spool -v -m -x -em -B 8BITMIME \
    -p smtp:localhost -N never -R hdrs -V envid -U -G -L label -h 10 \
    -Efoo -Jbar -bm
is "$status:$(envelope)" "0:Fu@quail.test|Th@x.y||" \
    "-i -oi -oem -odi -oQ -v -m -x -e -B -p -N -R -V -U -G -L -h -E -J -bm"
sm "$S" -t -o i -e m
is "$status:$(envelope)" "0:Fu@quail.test|Th@x.y||" "option arguments apart"
sm "$S" -q
is "$status" 100 "-q: usage"
is "$stderr" "sendmail: fatal: usage: sendmail [ -t ] [ -i ] [ -fsender ] [ -Fname ] [ -bp ] [ -bs ] [ recip ... ]" \
    "usage message"
sm "$S" -bd
is "$status:$(queued)" "100:no" "-bd: usage"
sm "$S" -f
is "$status" 100 "-f without its argument: usage"

# --- exit codes ------------------------------------------------------------------
echo 31 > "$TMP/qq.code"
sm "$S" a@b.c
is "$status" 100 "the queue refuses for good: 100"
echo 71 > "$TMP/qq.code"
sm "$S" a@b.c
is "$status" 111 "the queue refuses for now: 111"
rm "$TMP/qq.code"
mv "$Q/bin/qmail-inject" "$TMP/qi"
sm "$S" a@b.c
is "$status" 111 "qmail-inject missing: 111"
like "$stderr" "^sendmail: fatal: unable to run $Q/bin/qmail-inject: " \
    "error message"
mv "$TMP/qi" "$Q/bin/qmail-inject"

# --- a PHP script's mail(): CRLF, sendmail -t -i ---------------------------------
input 'To: Site User <user@x.y>\r\nCc: other@x.y\r\nBcc: hidden@x.y\r\nSubject: Your order\r\nFrom: shop@site.example\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nThank you.\r\n\r\n-- \r\nThe shop\r\n'
sm "$S" -t -i -fbounces@site.example
is "$status" 0 "PHP-style message queued"
is "$(envelope)" "Fbounces@site.example|Tuser@x.y|Tother@x.y|Thidden@x.y||" \
    "recipients from To, Cc, Bcc"
is "$(tr -dc '\r' < "$TMP/msg" | wc -c)" 0 "no CR left"
is "$(sed '1,/^$/d' "$TMP/msg")" "Thank you.

-- 
The shop" "the body, blank line and signature separator intact"
is "$(field Content-Type)" "Content-Type: text/plain; charset=UTF-8" \
    "other fields kept"
is "$(grep -c '^Bcc:' "$TMP/msg")" 0 "Bcc removed"

# --- -bp, mailq -------------------------------------------------------------------
input 'To: queued@x.y\n\nwaiting\n'
sm QMAILQUEUE= "$S" -t
is "$status" 0 "a message queued by the real qmail-queue"
run "$S" -bp
is "$status" 0 "-bp: exit 0"
like "$stdout" 'queued@x\.y' "-bp lists the queue (qmail-qread)"
ln -s "$S" "$TMP/mailq"
run "$TMP/mailq"
like "$status:$(printf '%s' "$stdout" | tr '\n' ' ')" '^0:.*queued@x\.y' \
    "as mailq: the same"

# --- -bs ------------------------------------------------------------------------
printf 'HELO client\r\nMAIL FROM:<a@site.example>\r\nRCPT TO:<far@elsewhere.example>\r\nDATA\r\nSubject: smtp\r\n\r\nvia -bs\r\n.\r\nQUIT\r\n' > "$TMP/in"
sm "$S" -bs
is "$status" 0 "-bs: a session"
is "$(printf '%s\n' "$stdout" | tr -d '\r' | cut -c1-3 | tr '\n' ' ')" \
    "220 250 250 250 354 250 221 " "every command accepted"
is "$(envelope)" "Fa@site.example|Tfar@elsewhere.example||" \
    "relaying allowed: a local user may send anywhere"
like "$(grep '^Received:' "$TMP/msg")" 'from localhost \(HELO client\) \(root@127\.0\.0\.1\)' \
    "Received: localhost, the user from our uid"
sm PROTO=TCP TCPREMOTEIP=192.0.2.9 "$S" -bs
like "$(printf '%s\n' "$stdout" | tr -d '\r' | sed -n 4p)" '^553 ' \
    "PROTO already set: the environment is left alone, no relaying"
mv "$Q/bin/qmail-smtpd" "$TMP/smtpd"
sm "$S" -bs
is "$status" 111 "qmail-smtpd missing: 111"
mv "$TMP/smtpd" "$Q/bin/qmail-smtpd"

# --- -bi, newaliases (bin/newaliases, replaced here by a stand-in) ------------
mv "$Q/bin/newaliases" "$TMP/newaliases.real" 2>/dev/null
printf '#!/bin/sh\necho "newaliases $#"\n' > "$Q/bin/newaliases"
chmod 755 "$Q/bin/newaliases"
run "$S" -bi
is "$status:$stdout" "0:newaliases 0" "-bi runs newaliases"
ln -s "$S" "$TMP/newaliases"
run "$TMP/newaliases"
is "$status:$stdout" "0:newaliases 0" "as newaliases: the same"
run "$S" -bi -t -x extra
is "$stdout" "newaliases 0" "-bi takes no arguments along"
rm "$Q/bin/newaliases"
run "$S" -bi
is "$status" 111 "no newaliases installed: 111"
like "$stderr" "^sendmail: fatal: unable to run $Q/bin/newaliases: " \
    "error message"
