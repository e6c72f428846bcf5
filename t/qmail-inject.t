#!/bin/sh
# qmail-inject (qmail-inject(8), qmail-header(5)): header rewriting,
# added and removed fields, envelope sender and recipients, options,
# QMAILINJECT flags and the environment, CRLF input, exit codes. A
# stand-in queue program ($QMAILQUEUE) records message and envelope.
. "${0%/*}/ilib.sh"
plan 115
quail_install
I=$Q/bin/qmail-inject
echo dhost > "$Q/control/defaulthost"
echo dom.example > "$Q/control/defaultdomain"
echo plus.example > "$Q/control/plusdomain"
echo id.example > "$Q/control/idhost"
printf '%s\n' '#!/bin/sh' "cat > '$TMP/msg'" "tr '\\000' '|' <&1 > '$TMP/env'" \
    "exit \$(cat '$TMP/qq.code' 2>/dev/null || echo 0)" > "$TMP/qq"
chmod 755 "$TMP/qq"

# qi [VAR=value ...] "$I" [args]: with only these variables, and $TMP/in
qi() {
    rm -f "$TMP/msg" "$TMP/env"
    run_in "$TMP/in" env -i PATH="$PATH" QMAILQUEUE="$TMP/qq" USER=u "$@"
}
input() { printf "$@" > "$TMP/in"; }
envelope() { cat "$TMP/env" 2>/dev/null; }
# field NAME: the field with its continuation lines, from the header
field() {
    awk -v n="$1:" '/^$/ { exit }
        f && /^[ \t]/ { print; next }
        { f = tolower(substr($0, 1, length(n))) == tolower(n) }
        f { print }' "$TMP/msg"
}
queued() { [ -e "$TMP/env" ] && echo yes || echo no; }
header() { sed '/^$/q' "$TMP/msg"; }

# --- rewriting (qmail-header(5)) ---------------------------------------------
input 'To: joe\nSubject: x\n\nhi\n'
qi "$I"
is "$status" 0 "bare user: queued"
is "$(envelope)" "Fu@dhost.dom.example|Tjoe@dhost.dom.example||" \
    "envelope: sender and recipient get defaulthost and defaultdomain"
is "$(field To)" "To: joe@dhost.dom.example" "To rewritten"
input 'To: fred@silverton, eric@mammoth.cs+, ann@mammoth+, x@a.b.\n\n'
qi "$I"
is "$(field To)" \
    "To: fred@silverton.dom.example, eric@mammoth.cs.plus.example,
  ann@mammoth.plus.example, x@a.b" \
    "host without dot: defaultdomain; trailing +: plusdomain; dot dropped"
is "$(envelope)" "Fu@dhost.dom.example|Tfred@silverton.dom.example|Teric@mammoth.cs.plus.example|Tann@mammoth.plus.example|Tx@a.b||" \
    "and so are the recipients"
input 'To: <@r1.x,@r2.y:a@b.c>, [1.2.3.4]@[5.6.7.8], "odd one"@x.y\n\n'
qi "$I"
is "$(field To)" 'To: <a@b.c>, [1.2.3.4]@[5.6.7.8], "odd one"@x.y' \
    "source route dropped, literals kept, quotes kept"
is "$(envelope)" "Fu@dhost.dom.example|Ta@b.c|T[1.2.3.4]@[5.6.7.8]|Todd one@x.y||" \
    "envelope addresses unquoted"
input 'To: friends: a, b@c.d;, e\nCc: undisclosed-recipients:;\n\n'
qi "$I"
is "$(field To)" "To: friends: a@dhost.dom.example, b@c.d;, e@dhost.dom.example" \
    "a group: its members rewritten, the name kept"
is "$(envelope)" "Fu@dhost.dom.example|Ta@dhost.dom.example|Tb@c.d|Te@dhost.dom.example||" \
    "group members are recipients; an empty group adds none"
is "$(field Cc)" "Cc: undisclosed-recipients: ;" "empty group kept"
input 'To: "Joe Q. Public" <jqp@x.y> (home), Mr. Smith <s>, djb fred\n\n'
qi "$I"
is "$(field To)" 'To: "Joe Q. Public" <jqp@x.y> (home), Mr. Smith <s@dhost.dom.example>,
  djb@dhost.dom.example, fred@dhost.dom.example' \
    "phrases and comments kept; 'djb fred' is two addresses"
input 'To: (the boss) boss@x.y\n\n'
qi "$I"
is "$(field To)" "To: boss@x.y (the boss)" "a comment goes after its address"

# long folded header fields, and fields of any length
{
    printf 'To: a0@x.example'
    i=1
    while [ $i -lt 40 ]; do printf ',\n\ta%d@x.example' $i; i=$((i + 1)); done
    printf '\nSubject: '
    head -c 100000 /dev/zero | tr '\0' s
    printf '\n\nbody\n'
} > "$TMP/in"
qi "$I"
is "$status" 0 "40 folded addresses, a 100000-byte Subject"
is "$(tr '|' '\n' < "$TMP/env" | grep -c '^Ta[0-9]*@x.example$')" 40 \
    "all 40 recipients"
is "$(field To | awk 'length > 78' | wc -l)" 0 \
    "the To field refolded within 78 columns"
like "$(field To | sed -n 2p)" '^  a[0-9]+@x' \
    "continuation lines start with two spaces"
is "$(field Subject | wc -c)" 100010 "the long Subject is kept whole"

# --- fields added and removed ------------------------------------------------
input 'To: a@b.c\n\n'
qi "$I"
like "$(field Date)" '^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} \+0000$' \
    "Date added, RFC 5322 form"
like "$(field Message-ID)" '^Message-ID: <[0-9]{14}\.[0-9]+\.qmail@id\.example>$' \
    "Message-ID added with idhost"
is "$(field From)" "From: u@dhost.dom.example" "From added from USER"
is "$(head -n 3 "$TMP/msg" | cut -d: -f1 | tr '\n' ' ')" \
    "Date Message-ID From " "added fields come first"
input 'Date: yesterday\nMessage-ID: <x@y>\nFrom: me@x.y\nTo: a@b.c\n\n'
qi "$I"
is "$(header)" "Date: yesterday
Message-ID: <x@y>
From: me@x.y
To: a@b.c" "present Date, Message-ID, From are kept, nothing added"
input 'To: a@b.c\nBcc: hidden@b.c\nReturn-Path: <rp@b.c>\nContent-Length: 3\nX: y\n\n'
qi "$I"
is "$(grep -ic '^\(Bcc\|Return-Path\|Content-Length\):' "$TMP/msg")" 0 \
    "Bcc, Return-Path and Content-Length removed"
is "$(envelope)" "Frp@b.c|Ta@b.c|Thidden@b.c||" \
    "Bcc still a recipient; Return-Path is the envelope sender"
input 'Bcc: hidden@b.c\n\n'
qi "$I"
is "$(field Cc)" "Cc: recipient list not shown: ;" \
    "no To or Cc: an empty Cc group"
input 'To: a@b.c\nApparently-To: app@b.c\n\n'
qi "$I"
is "$(envelope)" "Fu@dhost.dom.example|Ta@b.c|Tapp@b.c||" \
    "Apparently-To is a recipient too"
input 'From joe Mon Nov 23 12:00:00 2026\nTo: a@b.c\n\n'
qi "$I"
is "$(field MBOX-Line)" "MBOX-Line: From joe Mon Nov 23 12:00:00 2026" \
    "an mbox From line becomes MBOX-Line"
input 'To: a@b.c\nthis is no field\nSubject: not either\n'
qi "$I"
is "$(sed '1,/^$/d' "$TMP/msg")" "this is no field
Subject: not either" "a line that is no field starts the body"
input 'To: a@b.c\n'
qi "$I"
is "$(tail -n 1 "$TMP/msg")" "To: a@b.c" "no body: none added"

# --- From and the environment ------------------------------------------------
input 'To: a@b.c\n\n'
qi QMAILUSER=qu MAILUSER=mu LOGNAME=ln "$I"
is "$(field From)" "From: qu@dhost.dom.example" "QMAILUSER first"
qi MAILUSER=mu LOGNAME=ln "$I"
is "$(field From)" "From: mu@dhost.dom.example" "then MAILUSER"
qi LOGNAME=ln env -u USER "$I"
is "$(field From)" "From: ln@dhost.dom.example" "LOGNAME after USER"
qi env -u USER "$I"
is "$(field From)" "From: anonymous@dhost.dom.example" "none: anonymous"
is "$(envelope)" "Fanonymous@dhost.dom.example|Ta@b.c||" \
    "the envelope sender follows"
qi QMAILHOST=qh.example MAILHOST=mh.example "$I"
is "$(field From)" "From: u@qh.example" "QMAILHOST"
qi MAILHOST=mh "$I"
is "$(field From)" "From: u@mh.dom.example" "MAILHOST, rewritten"
qi QMAILNAME='Q Name' MAILNAME=M NAME=N "$I"
is "$(field From)" 'From: "Q Name" <u@dhost.dom.example>' "QMAILNAME"
qi MAILNAME='M "the" Name' NAME=N "$I"
is "$(field From)" 'From: "M \"the\" Name" <u@dhost.dom.example>' \
    "MAILNAME, quotes escaped"
qi NAME=N "$I"
is "$(field From)" 'From: "N" <u@dhost.dom.example>' "NAME"
qi NAME="$(printf 'Evil\nBcc: x@y.z')" "$I"
is "$(field From)" 'From: "Evil Bcc: x@y.z" <u@dhost.dom.example>' \
    "a newline in NAME cannot start a field"
qi QMAILINJECT=c NAME='Joe (J) B' "$I"
is "$(field From)" 'From: u@dhost.dom.example (Joe \(J\) B)' \
    "QMAILINJECT=c: address-comment style"
qi QMAILUSER='a b' "$I"
is "$(field From)" 'From: "a b"@dhost.dom.example' "a user name that needs quotes"
is "$(envelope)" "Fa b@dhost.dom.example|Ta@b.c||" "in the envelope unquoted"

# --- envelope sender -----------------------------------------------------------
qi QMAILSUSER=bounces QMAILSHOST=lists.example "$I"
is "$(envelope)" "Fbounces@lists.example|Ta@b.c||" "QMAILSUSER, QMAILSHOST"
is "$(field From)" "From: u@dhost.dom.example" "From unaffected"
qi QMAILHOST=h.example "$I"
is "$(envelope)" "Fu@h.example|Ta@b.c||" "QMAILHOST without QMAILSHOST"
qi QMAILSUSER=bounces "$I" -f env@x.y
is "$(envelope)" "Fenv@x.y|Ta@b.c||" "-f overrides the environment"
qi "$I" -f joe
is "$(envelope)" "Fjoe@dhost.dom.example|Ta@b.c||" "-f is rewritten"
qi "$I" -f ''
is "$(envelope)" "F|Ta@b.c||" "-f '': the null sender"
input 'To: a@b.c\nReturn-Path: <rp>\n\n'
qi "$I" -f f@x.y
is "$(envelope)" "Ff@x.y|Ta@b.c||" "-f overrides Return-Path"
qi QMAILSUSER=s "$I"
is "$(envelope)" "Frp@dhost.dom.example|Ta@b.c||" \
    "Return-Path overrides QMAILSUSER"
qi QMAILINJECT=s "$I"
is "$(envelope)" "Fu@dhost.dom.example|Ta@b.c||" "QMAILINJECT=s ignores it"
is "$(grep -c Return-Path "$TMP/msg")" 0 "and removes it"
input 'To: a@b.c\nReturn-Path: <>\n\n'
qi "$I"
is "$(envelope)" "F|Ta@b.c||" "Return-Path: <> is the null sender"
input 'To: a@b.c, c@d.e\n\n'
qi QMAILINJECT=r "$I"
is "$(envelope)" "Fu-@dhost.dom.example-@[]|Ta@b.c|Tc@d.e||" \
    "QMAILINJECT=r: a VERP sender per recipient"
qi QMAILINJECT=m "$I"
like "$(envelope)" '^Fu-[0-9]+\.[0-9]+@dhost\.dom\.example\|Ta@b.c\|Tc@d.e\|\|$' \
    "QMAILINJECT=m: user-TIME.PID per message"
qi QMAILINJECT=mr QMAILSUSER=bo "$I"
like "$(envelope)" '^Fbo-[0-9]+\.[0-9]+-@dhost\.dom\.example-@\[\]\|' "both"

# --- QMAILINJECT f and i ---------------------------------------------------------
input 'From: spoof@x.y\nMessage-ID: <old@x.y>\nTo: a@b.c\n\n'
qi QMAILINJECT=f "$I"
is "$(field From)" "From: u@dhost.dom.example" "f: the incoming From replaced"
is "$(field Message-ID)" "Message-ID: <old@x.y>" "Message-ID kept"
qi QMAILINJECT=i "$I"
like "$(field Message-ID)" '^Message-ID: <[0-9]+\.[0-9]+\.qmail@id.example>$' \
    "i: the incoming Message-ID replaced"
is "$(field From)" "From: spoof@x.y" "From kept"

# --- recipients: -a -A -h -H ------------------------------------------------------
input 'To: h@x.y\n\n'
qi "$I" arg@x.y
is "$(envelope)" "Fu@dhost.dom.example|Targ@x.y||" "-A (default): arguments only when given"
qi "$I" -A arg@x.y
is "$(envelope)" "Fu@dhost.dom.example|Targ@x.y||" "-A explicitly"
qi "$I"
is "$(envelope)" "Fu@dhost.dom.example|Th@x.y||" "-A without arguments: the header"
qi "$I" -a arg@x.y
is "$(envelope)" "Fu@dhost.dom.example|Targ@x.y||" "-a: arguments only"
qi "$I" -h arg@x.y
is "$(envelope)" "Fu@dhost.dom.example|Th@x.y||" "-h: header only, arguments ignored"
qi "$I" -H arg@x.y arg2
is "$(envelope)" "Fu@dhost.dom.example|Targ@x.y|Targ2@dhost.dom.example|Th@x.y||" \
    "-H: arguments, then the header"
qi "$I" -a
is "$status:$(queued)" "100:no" "-a and no arguments: no recipients"
is "$stderr" "qmail-inject: fatal: no recipients" "error message"
input 'Subject: nobody\n\n'
qi "$I"
is "$status:$(queued)" "100:no" "no recipients at all: 100, nothing queued"
qi "$I" -- -dash@x.y
is "$(envelope)" "Fu@dhost.dom.example|T-dash@x.y||" "-- ends the options"

# --- resent messages ----------------------------------------------------------
input 'Date: old\nMessage-ID: <old@x>\nFrom: orig@x.y\nTo: orig-to@x.y\nResent-To: new@x.y\nResent-Bcc: hidden@x.y\n\n'
qi "$I"
is "$(envelope)" "Fu@dhost.dom.example|Tnew@x.y|Thidden@x.y||" \
    "resent: Resent-To and Resent-Bcc are the recipients, not To"
like "$(header)" 'Resent-Date: .*' "Resent-Date added"
like "$(field Resent-Message-ID)" '^Resent-Message-ID: <[0-9]+\.[0-9]+\.qmail@id\.example>$' \
    "Resent-Message-ID added"
is "$(field Resent-From)" "Resent-From: u@dhost.dom.example" "Resent-From added"
is "$(grep -c '^Date:\|^Message-ID:\|^From:' "$TMP/msg"):$(grep -c Resent-Bcc "$TMP/msg")" \
    "3:0" "no new Date, Message-ID, From; Resent-Bcc removed"
input 'Resent-From: r@x.y\n\n'
qi "$I" -a someone@x.y
is "$(field Resent-Cc):$(grep -c '^Cc:' "$TMP/msg")" \
    "Resent-Cc: recipient list not shown: ;:0" \
    "resent without Resent-To/Cc: Resent-Cc group, no Cc"

# --- QMAILMFTFILE -----------------------------------------------------------------
printf 'list@lists.example\n# comment\nother@lists.example\n' > "$TMP/mft"
input 'To: List@Lists.example\nCc: me@x.y\n\n'
qi QMAILMFTFILE="$TMP/mft" "$I"
is "$(sed -n '/^Mail-Followup-To:/,/^[^ ]/p' "$TMP/msg" | sed '$d')" \
    "Mail-Followup-To: List@Lists.example,
  me@x.y" "a list among To/Cc: Mail-Followup-To with all of them"
input 'To: friend@x.y\n\n'
qi QMAILMFTFILE="$TMP/mft" "$I"
is "$(grep -c Mail-Followup-To "$TMP/msg")" 0 "no list: none"
input 'To: list@lists.example\nMail-Followup-To: me@x.y\n\n'
qi QMAILMFTFILE="$TMP/mft" "$I"
is "$(grep -c Mail-Followup-To "$TMP/msg")" 1 "one present: no second"
qi QMAILMFTFILE="$TMP/nonexistent" "$I"
is "$status" 0 "a missing file: no Mail-Followup-To, no error"
mkdir "$TMP/mftdir"
qi QMAILMFTFILE="$TMP/mftdir" "$I"
is "$status:$(queued)" "111:no" "an unreadable file: temporary"
like "$stderr" "^qmail-inject: fatal: unable to read $TMP/mftdir: " "error message"

# --- controls and their environment overrides ----------------------------------
input 'To: joe, j@h, k@h+\n\n'
qi QMAILDEFAULTHOST=eh QMAILDEFAULTDOMAIN=ed.example \
    QMAILPLUSDOMAIN=ep.example QMAILIDHOST=eid.example "$I"
is "$(field To)" "To: joe@eh.ed.example, j@h.ed.example, k@h.ep.example" \
    "QMAILDEFAULTHOST, QMAILDEFAULTDOMAIN, QMAILPLUSDOMAIN"
like "$(field Message-ID)" '@eid\.example>$' "QMAILIDHOST"
qi QMAILDEFAULTHOST=dotted.example "$I"
is "$(field To)" "To: joe@dotted.example, j@h.dom.example, k@h.plus.example" \
    "a defaulthost with a dot gets no defaultdomain"
rm "$Q/control/defaulthost" "$Q/control/defaultdomain" \
    "$Q/control/plusdomain" "$Q/control/idhost"
qi "$I"
is "$(field To)" "To: joe@quail.test, j@h.quail.test, k@h.quail.test" \
    "missing controls: control/me for all"
like "$(field Message-ID)" '@quail\.test>$' "idhost from me"
echo dhost > "$Q/control/defaulthost"
echo dom.example > "$Q/control/defaultdomain"
echo plus.example > "$Q/control/plusdomain"
echo id.example > "$Q/control/idhost"
mv "$Q/control/defaulthost" "$Q/control/dh"
mkdir "$Q/control/defaulthost"
qi "$I"
is "$status:$(queued)" "111:no" "unreadable control/defaulthost: temporary"
like "$stderr" '^qmail-inject: fatal: unable to read control/defaulthost: ' \
    "error message"
rmdir "$Q/control/defaulthost"
mv "$Q/control/dh" "$Q/control/defaulthost"
qi QMAILDEFAULTHOST='a(b' "$I"
is "$status:$stderr" "111:qmail-inject: fatal: unable to parse defaulthost" \
    "a defaulthost that does not parse: temporary"

# --- CRLF (PHP scripts): CRs before LFs dropped ------------------------------
input 'To: a@b.c,\r\n d@e.f\r\nSubject: crlf\r\n\r\nline 1\r\nline 2\r\n'
qi "$I"
is "$(envelope)" "Fu@dhost.dom.example|Ta@b.c|Td@e.f||" "CRLF header parsed"
is "$(tr -dc '\r' < "$TMP/msg" | wc -c)" 0 "no CR left anywhere"
is "$(sed '1,/^$/d' "$TMP/msg")" "line 1
line 2" "body lines kept"
input 'To: a@b.c\n\nbare\rCR\n'
qi "$I"
is "$(sed '1,/^$/d' "$TMP/msg" | od -An -c | tr -s ' ' | sed 's/^ //')" \
    'b a r e \r C R \n' "a CR not before an LF stays"

# --- -n and -N -------------------------------------------------------------------
input 'To: a@b.c\nSubject: s\n\nbody\n'
qi QMAILINJECT=r "$I" -n
is "$status:$(queued)" "0:no" "-n: nothing queued"
is "$(printf '%s\n' "$stdout" | sed -n 1p)" \
    'Return-Path: <"u-@dhost.dom.example-"@[]>' \
    "-n: the envelope sender as Return-Path first, quoted as qmail does"
is "$(printf '%s\n' "$stdout" | sed '1,/^$/d')" "body" "-n: the body"
qi "$I" -n -N
is "$status:$(queued)" "0:yes" "-N after -n queues again"

# --- errors ---------------------------------------------------------------------
input 'To: "unterminated\nSubject: x\n\n'
qi "$I"
is "$status:$(queued)" "100:no" "a To field that does not parse: 100, nothing queued"
is "$stderr" 'qmail-inject: fatal: unable to parse this line: To: "unterminated' \
    "error names the field"
input 'From: a@b.c>\nTo: a@b.c\n\n'
qi "$I"
is "$status:$(queued)" "100:no" "a '>' without '<' in From: 100"
input 'To: a@b.c\n\n'
qi "$I" '<x'
is "$status" 0 "an odd argument address is taken as it is"
qi "$I" 'x@(y'
is "$status:$stderr" "100:qmail-inject: fatal: unable to parse address: x@(y" \
    "an argument that does not parse: 100"
qi "$I" ''
is "$status:$(queued)" "100:no" "an empty argument: 100"
qi "$I" -f 'x@(y'
is "$status:$stderr" "100:qmail-inject: fatal: unable to parse sender: x@(y" \
    "a sender that does not parse: 100"
qi "$I" -f '"x'
is "$status" 0 "a sender with a quote is quoted, so it parses"
qi "$I" -x
is "$status" 100 "unknown option: 100"
like "$stderr" "usage: qmail-inject" "usage message"
echo 31 > "$TMP/qq.code"
qi "$I"
is "$status:$stderr" \
    "100:qmail-inject: fatal: mail server permanently rejected message (#5.3.0)" \
    "queue program exits 31: 100 with qmail's text"
echo 53 > "$TMP/qq.code"
qi "$I"
is "$status:$stderr" "111:qmail-inject: fatal: qq write error or disk full (#4.3.0)" \
    "exit 53: 111"
rm "$TMP/qq.code"
run_in "$TMP/in" env -i QMAILQUEUE="$TMP/none" "$I"
is "$status:$stderr" "111:qmail-inject: fatal: unable to exec qq (#4.3.0)" \
    "a queue program that cannot run: 111"
run_in / env -i QMAILQUEUE="$TMP/qq" "$I" a@b.c
is "$status" 111 "unreadable input: 111"
like "$stderr" '^qmail-inject: fatal: unable to read message: ' "error message"
qi QMAILQUEUE= "$I" -a a@b.c
is "$status" 0 "empty QMAILQUEUE: bin/qmail-queue, the real one"
