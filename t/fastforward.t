#!/bin/sh
# fastforward: targets user@host, @host, user@ in that order; -d/-D,
# -p/-P, -n; nested targets, owners (sender, bounces keep theirs),
# duplicates and loops, binary lists, | and ! programs and their exit
# codes, qmail-queue's verdicts; a stand-in QMAILQUEUE records the
# injection.
. "${0%/*}/lib.sh"
plan 59
cat > qq <<EOS
#!/bin/sh
cat > '$TMP/qq.msg'
tr '\\0' '|' <&1 > '$TMP/qq.env'
exit \$(cat '$TMP/qq.code' 2>/dev/null || echo 0)
EOS
chmod 755 qq
export QMAILQUEUE=$TMP/qq SENDER=s@example.org \
    DTLINE='Delivered-To: alias-x@yp.to
' RPLINE='Return-Path: <s@example.org>
' UFLINE='From s@example.org Thu Jan  1 00:00:00 1970
'
unset RECIPIENT DEFAULT EXT HOST NEWSENDER
printf 'Subject: hi\n\nbody\n' > msg

printf 'god@heaven.af.mil\n%s/l2.bin\n' "$TMP" | setmaillist l1.bin l1.tmp
printf 'joe@b.c\nbob@b.c\n' | setmaillist l2.bin l2.tmp
cat > table <<EOF2
root@yp.to: god@heaven.af.mil, staff@af.mil, list@yp.to;
list@yp.to: ?owner-list@yp.to;
list@yp.to: $TMP/l1.bin, joe@b.c, root@yp.to;
@yp.to: catchall@x.y;
postmaster@: pm@x.y;
everybody@yp.to: programmers@yp.to, testers@yp.to;
programmers@yp.to: joe@yp.to, bob@yp.to;
testers@yp.to: joe@yp.to, fred@yp.to;
a@x.y: b@x.y;
b@x.y: a@x.y, c@x.y;
prog@yp.to: |echo\ plain\;\ cat\ >\ $TMP/plain, !cat\ >\ $TMP/bang, x@y.z;
dew@: |true;
p100@yp.to: |echo\ no\ such\ user\;\ exit\ 100, x@y.z;
p111@yp.to: |exit\ 111, x@y.z;
p99@yp.to: |exit\ 99;
p64@yp.to: |exit\ 64;
crash@yp.to: |kill\ -9\ \$\$;
badlist@yp.to: $TMP/nolist.bin;
proglist@yp.to: $TMP/prog.bin;
junklist@yp.to: $TMP/junk.bin;
EOF2
setforward ff.cdb ff.tmp < table || echo "not ok - setforward failed"
printf '|evil\0' > prog.bin
printf '&a@b' > junk.bin

ff() { RECIPIENT=$1; shift; run_in msg env RECIPIENT="$RECIPIENT" fastforward "$@"; }

ff root@yp.to -n ff.cdb
is "$status" 0 "-n: exit 0"
is "$stdout" "from <original envelope sender>
to <god@heaven.af.mil>
to <staff@af.mil>
to <list@yp.to>" "-n shows sender and recipients; a target with an owner is forwarded to"
ff list@yp.to -n ff.cdb
is "$stdout" "from <owner-list@yp.to>
to <god@heaven.af.mil>
to <joe@b.c>
to <bob@b.c>
to <staff@af.mil>
to <list@yp.to>" "lists followed (nested too), nested targets obeyed, duplicates once"
ff ROOT@YP.TO -n ff.cdb
like "$stdout" "to <god@heaven.af.mil>" "targets ignore case"
ff other@yp.to -n ff.cdb
is "$stdout" "from <original envelope sender>
to <catchall@x.y>" "@host when user@host is not there"
ff postmaster@elsewhere.dom -n ff.cdb
is "$stdout" "from <original envelope sender>
to <pm@x.y>" "user@ for any host"
ff postmaster@yp.to -n ff.cdb
is "$stdout" "from <original envelope sender>
to <catchall@x.y>" "@host comes before user@"
ff everybody@yp.to -n ff.cdb
is "$stdout" "from <original envelope sender>
to <joe@yp.to>
to <bob@yp.to>
to <fred@yp.to>" "setforward(1)'s DUPLICATES example: joe once"
ff a@x.y -n ff.cdb
is "$stdout" "from <original envelope sender>
to <c@x.y>" "an internal loop ends: its addresses are dropped"
ff dew@any -n ff.cdb
is "$stdout" "run |true
no forwarding" "programs, and no forwarding"
ff nobody@nowhere -n ff.cdb
is "$status:$stdout" "100:Sorry, no mailbox here by that name. (#5.1.1)" \
    "no target: bounce"
ff nobody@nowhere -np ff.cdb
is "$status:$stdout" "0:" "-p: no target, exit 0 quietly"
ff root@yp.to -np ff.cdb
is "$status" 99 "-p: target found, exit 99"
run_in msg env DEFAULT=Root HOST=yp.to fastforward -nd ff.cdb
like "$stdout" "to <god@heaven.af.mil>" "-d: DEFAULT@HOST"
run_in msg env EXT=root HOST=yp.to fastforward -nd ff.cdb
like "$stdout" "to <god@heaven.af.mil>" "-d: EXT@HOST without DEFAULT"
run_in msg env RECIPIENT=nobody@x DEFAULT=root HOST=yp.to fastforward -ndD ff.cdb
is "$status" 100 "-D after -d: RECIPIENT again"

# real deliveries
ff root@yp.to ff.cdb
is "$status" 0 "forwarded: exit 0"
like "$stderr" '^fastforward: qp [0-9]+$' "says qmail-queue's pid"
is "$(cat qq.env)" "Fs@example.org|Tgod@heaven.af.mil|Tstaff@af.mil|Tlist@yp.to||" \
    "one qmail-queue run, the original sender, every recipient"
is "$(cat qq.msg)" "Delivered-To: alias-x@yp.to
Subject: hi

body" "DTLINE on top of the message"
ff list@yp.to ff.cdb
like "$(cat qq.env)" "^Fowner-list@yp.to\|Tgod" "an owner becomes the envelope sender"
SENDER= ff list@yp.to ff.cdb
like "$(cat qq.env)" "^F\|Tgod" "a bounce keeps its empty sender"
SENDER='#@[]' ff list@yp.to ff.cdb
like "$(cat qq.env)" "^F#@\[\]\|Tgod" "and a double bounce its #@[]"
ff root@yp.to -p ff.cdb
is "$status" 99 "-p: forwarded, exit 99"

rm -f qq.env
ff prog@yp.to ff.cdb
is "$status" 0 "programs and a forward"
is "$stdout" "plain" "a program's output is ours"
is "$(cat plain)" "Subject: hi

body" "| gets the message as it is"
is "$(cat bang)" "From s@example.org Thu Jan  1 00:00:00 1970
Return-Path: <s@example.org>
Delivered-To: alias-x@yp.to
Subject: hi

body" "! gets UFLINE, RPLINE and DTLINE first"
is "$(cat qq.env)" "Fs@example.org|Tx@y.z||" "then the forward"

rm -f qq.env
ff p100@yp.to ff.cdb
is "$status" 100 "a program exiting 100 bounces the message"
is "$stdout" "no such user" "with its output"
is "$stderr" "fastforward: fatal: program echo no such user; exit 100 failed permanently" \
    "and says which program"
ok "$([ ! -e qq.env ]; echo $?)" "nothing is forwarded then"
ff p111@yp.to ff.cdb
is "$status:$stderr" "111:fastforward: fatal: program exit 111 failed temporarily" \
    "111 defers"
ok "$([ ! -e qq.env ]; echo $?)" "nothing is forwarded then either"
ff p99@yp.to ff.cdb
is "$status" 111 "99 means nothing to fastforward: defer"
ff p64@yp.to ff.cdb
is "$status" 100 "sendmail's 64 bounces"
ff crash@yp.to ff.cdb
is "$status" 111 "a program killed by a signal defers"

ff badlist@yp.to ff.cdb
is "$status" 111 "an unreadable list defers"
like "$stderr" "^fastforward: fatal: unable to read $TMP/nolist.bin: " "names it"
ff proglist@yp.to ff.cdb
is "$status:$stderr" "111:fastforward: fatal: $TMP/prog.bin: programs are not allowed in mailing lists" \
    "a program in a list is refused"
ff junklist@yp.to ff.cdb
is "$status:$stderr" "111:fastforward: fatal: $TMP/junk.bin: not a binary mailing list" \
    "a damaged list defers"

echo 31 > qq.code
ff root@yp.to ff.cdb
is "$status" 100 "qmail-queue refuses for good: 100"
is "$stderr" "fastforward: fatal: unable to forward: mail server permanently rejected message (#5.3.0)" \
    "with qmail's text"
echo 71 > qq.code
ff root@yp.to ff.cdb
is "$status" 111 "qmail-queue refuses for now: 111"
rm qq.code
run_in msg env RECIPIENT=root@yp.to QMAILQUEUE=$TMP/none fastforward ff.cdb
is "$status:$stderr" "111:fastforward: fatal: unable to forward: unable to exec qq (#4.3.0)" \
    "qmail-queue cannot be run: 111"
(exec 3<msg; read -r _ <&3; RECIPIENT=root@yp.to exec fastforward ff.cdb <&3 2>/dev/null)
is "$(sed -n 2p qq.msg)" "Subject: hi" \
    "the message is read from its start, whatever the offset"

# deep nesting
i=0; : > deep
while [ $i -le 101 ]; do echo "t$i@x.y: t$((i + 1))@x.y;" >> deep; i=$((i + 1)); done
setforward deep.cdb deep.tmp < deep
ff t0@x.y -n deep.cdb
is "$status:$stderr" "111:fastforward: fatal: instructions nested more than 100 deep" \
    "nesting is bounded"
ff t50@x.y -n deep.cdb
is "$status:$stdout" "0:from <original envelope sender>
to <t102@x.y>" "52 levels are fine"

# errors
ff root@yp.to missing.cdb
is "$status" 111 "a missing database defers"
like "$stderr" '^fastforward: fatal: unable to read missing.cdb: ' "names it"
printf 'junk' > junk.cdb
ff root@yp.to junk.cdb
is "$status" 111 "a damaged database defers"
run_in msg env -u RECIPIENT fastforward ff.cdb
is "$status:$stderr" "100:fastforward: fatal: RECIPIENT is not set; run me from a .qmail file" \
    "no RECIPIENT"
run_in msg env HOST=x fastforward -d ff.cdb
is "$status:$stderr" "100:fastforward: fatal: DEFAULT is not set; run me from a .qmail file" \
    "-d without DEFAULT or EXT"
run_in msg env DEFAULT=x fastforward -d ff.cdb
is "$status:$stderr" "100:fastforward: fatal: HOST is not set; run me from a .qmail file" \
    "-d without HOST"
run_in msg env -u SENDER RECIPIENT=root@yp.to fastforward ff.cdb
is "$status:$stderr" "100:fastforward: fatal: SENDER is not set; run me from a .qmail file" \
    "no SENDER"
run_in msg env -u SENDER RECIPIENT=root@yp.to fastforward -n ff.cdb
is "$status" 0 "-n needs no SENDER"
ff root@yp.to
is "$status:$stderr" "100:fastforward: fatal: usage: fastforward [-nNpPdD] cdb" "usage"
ff root@yp.to -x ff.cdb
is "$status" 100 "an unknown option"
