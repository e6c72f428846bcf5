#!/bin/sh
# dot-forward: a sendmail ~/.forward obeyed from a .qmail line: first
# existing non-empty file, comments, RFC 822 addresses completed from
# control/, direct delivery ($USER, $USER@$HOST, \user) exits 0, else 99;
# programs get UFLINE/RPLINE/DTLINE and qmail-command exit codes, then
# one forward with DTLINE and NEWSENDER; file deliveries and :include:
# defer; -n prints the instructions.
. "${0%/*}/ilib.sh"
need_root
plan 43
quail_install
DF=$Q/bin/dot-forward
echo dh.test > "$Q/control/defaulthost"
echo dd.test > "$Q/control/defaultdomain"
cat > qq <<EOS
#!/bin/sh
cat > '$TMP/qq.msg'
tr '\\0' '|' <&1 > '$TMP/qq.env'
exit \$(cat '$TMP/qq.code' 2>/dev/null || echo 0)
EOS
chmod 755 qq
export QMAILQUEUE=$TMP/qq USER=me HOST=host.test NEWSENDER=ns@example.org \
    SENDER=s@example.org DTLINE='Delivered-To: me@host.test
' RPLINE='Return-Path: <s@example.org>
' UFLINE='From s@example.org Thu Jan  1 00:00:00 1970
'
printf 'Subject: hi\n\nbody\n' > msg

cat > .forward <<'EOF2'
# forward my mail
bob, fred@x.y, "|vacation bob"
Joe Shmoe <shmoe@heaven.af.mil>, bob (Bob, the postmaster) @heaven.af.mil
ann@host, FRED@X.Y
EOF2
run "$DF" -n .forward
is "$status" 99 "-n: instructions and no direct delivery: 99"
is "$stdout" "program vacation bob
forward bob@dh.test
forward fred@x.y
forward shmoe@heaven.af.mil
forward bob@heaven.af.mil
forward ann@host.dd.test" \
    "-n prints them in order, completed, each address once"
printf 'bob\n\\me\n' > f1
run "$DF" -n f1
is "$status:$stdout" "0:forward bob@dh.test
direct delivery" "\\user is direct delivery: exit 0"
printf 'ME@Host.Test\n' > f2
run "$DF" -n f2
is "$status:$stdout" "0:direct delivery" "\$USER@\$HOST without regard to case"
printf 'me@other.test\n' > f3
run "$DF" -n f3
is "$status:$stdout" "99:forward me@other.test" "\$USER at another host is a forward"
printf 'me@host\n' > f4
HOST=host.dd.test run "$DF" -n f4
is "$status:$stdout" "0:direct delivery" "also once completed"
run "$DF" -n none
is "$status:$stdout" "0:direct delivery" "no file: exit 0"
printf '# only a comment\n\n' > empty
run "$DF" -n empty none f1
is "$status" 0 "empty files are skipped"
is "$stdout" "skipping empty file empty
forward bob@dh.test
direct delivery" "and the first file with instructions counts"
run "$DF" -n f3 f1
is "$stdout" "forward me@other.test" "only the first one"
printf 'a, b\r\nc\r\n' > crlf
run "$DF" -n crlf
is "$stdout" "forward a@dh.test
forward b@dh.test
forward c@dh.test" "CRLF line ends are fine"

# errors
printf 'bob\n/tmp/file\n' > bad
run "$DF" bad < msg
is "$status:$stderr" "111:dot-forward: fatal: bad line 2: file delivery /tmp/file is not supported; use a .qmail file" \
    "file deliveries defer"
printf ':include:/etc/list\n' > bad
run "$DF" bad < msg
is "$status:$stderr" "111:dot-forward: fatal: bad line 1: :include: /etc/list is not supported; use a .qmail file" \
    ":include: defers"
printf 'a\nb:c\n' > bad
run "$DF" bad < msg
is "$status:$stderr" "111:dot-forward: fatal: unable to parse bad line 2: address groups are not permitted" \
    "groups defer, naming the line"
printf '"unbalanced\n' > bad
run "$DF" bad < msg
is "$status:$stderr" "111:dot-forward: fatal: unable to parse bad line 1: unbalanced quote" \
    "syntax errors defer"
mkdir dir
run "$DF" dir < msg
is "$status" 111 "a file that cannot be read defers"
like "$stderr" "^dot-forward: fatal: unable to read dir: " "names it"
ok "$([ ! -e qq.env ]; echo $?)" "nothing was forwarded"
run "$DF"
is "$status:$stderr" "100:dot-forward: fatal: usage: dot-forward [-nN] file ..." "usage"
run "$DF" -x .forward
is "$status" 100 "an unknown option"
run env -u NEWSENDER "$DF" f3 < msg
is "$status:$stderr" "100:dot-forward: fatal: NEWSENDER is not set; run me from a .qmail file" \
    "forwards need NEWSENDER"

# deliveries
printf 'bob, fred@x.y, "|cat > %s/prog.out; echo hi"\n' "$TMP" > f5
run_in msg "$DF" f5
is "$status" 99 "forwarded: 99"
is "$stdout" "hi" "a program's output is ours"
like "$stderr" '^dot-forward: qp [0-9]+$' "says qmail-queue's pid"
is "$(cat prog.out)" "From s@example.org Thu Jan  1 00:00:00 1970
Return-Path: <s@example.org>
Delivered-To: me@host.test
Subject: hi

body" "programs get UFLINE, RPLINE, DTLINE and the message"
is "$(cat qq.env)" "Fns@example.org|Tbob@dh.test|Tfred@x.y||" \
    "one qmail-queue run from NEWSENDER to every address"
is "$(cat qq.msg)" "Delivered-To: me@host.test
Subject: hi

body" "DTLINE on top of the forwarded message"
NEWSENDER= run_in msg "$DF" f5
like "$(cat qq.env)" '^F\|Tbob' "a bounce is forwarded with its empty sender"
(exec 3<msg; read -r _ <&3; exec "$DF" f3 <&3 >/dev/null 2>&1)
is "$(sed -n 2p qq.msg)" "Subject: hi" "the message from its start, whatever the offset"
printf 'other@x.y, \\me\n' > f6
run_in msg "$DF" f6
is "$status" 0 "a forward and direct delivery: 0, so the mailbox line runs"
is "$(cat qq.env)" "Fns@example.org|Tother@x.y||" "the forward went out"
rm qq.env
run_in msg "$DF" none
is "$status:$stdout:$stderr" "0::" "no file: 0, nothing done"
ok "$([ ! -e qq.env ]; echo $?)" "nothing forwarded"

for c in 100 64 111 1 99; do
    printf 'fred@x.y, "|exit %s"\n' $c > f7
    run_in msg "$DF" f7
    case $c in 100|64) want=100 ;; *) want=111 ;; esac
    is "$status" $want "a program exiting $c: $want"
done
like "$stderr" "^dot-forward: fatal: program exit 99 failed temporarily" "says so"
ok "$([ ! -e qq.env ]; echo $?)" "a failed program stops the forward"
printf 'fred@x.y, "|kill -9 $$"\n' > f8
run_in msg "$DF" f8
is "$status" 111 "a crashed program defers"

echo 31 > qq.code
run_in msg "$DF" f3
is "$status:$stderr" "100:dot-forward: fatal: unable to forward: mail server permanently rejected message (#5.3.0)" \
    "qmail-queue refuses for good: 100"
echo 71 > qq.code
run_in msg "$DF" f3
is "$status" 111 "qmail-queue refuses for now: 111"
rm qq.code
