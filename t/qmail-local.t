#!/bin/sh
# qmail-local: dot-qmail(5) and qmail-command(8) deliveries, run directly
# with a home directory made here (qmail-local does not switch users).
# Forwards through qmail-queue are in t/qmail-local-forward.t.
. "${0%/*}/lib.sh"
plan 116

H=$TMP/home
mkdir -m 755 "$H"
printf 'Subject: hello\nFrom: a@b\n\nFrom the start\n>From quoted\nbody\n' \
    > msg
S=sender@example.org

# ql [options] LOCAL DASH EXT [DEFAULTDELIVERY]: deliver msg to
# LOCAL@example.com for user joe, home $H.
ql() {
    _opt=
    case $1 in -*) _opt=$1; shift ;; esac
    run_in "${MSG:-msg}" qmail-local $_opt joe "$H" "$1" "$2" "$3" \
        example.com "${SENDER-$S}" "${4:-./Mailbox}"
}
reset_home() {
    rm -rf "$H"; mkdir -m 755 "$H"
}
maildir() { mkdir -p "$1/tmp" "$1/new" "$1/cur"; }
one_new() { ls "$1/new" | wc -l | tr -d ' '; }
newmsg() { cat "$1"/new/*; }

# --- usage and the home directory
run qmail-local joe "$H" joe '' ''
is "$status" 100 "too few arguments: 100"
like "$stderr" '^qmail-local: fatal: usage: qmail-local' "usage text"
run qmail-local joe home joe '' '' example.com "$S" ./Mailbox
is "$status" 100 "relative home: usage"
run qmail-local -x joe "$H" joe '' '' example.com "$S" ./Mailbox
is "$status" 100 "unknown option: usage"
run_in msg qmail-local joe "$TMP/nohome" joe '' '' example.com "$S" \
    ./Mailbox
is "$status" 111 "missing home: 111"
like "$stderr" "^Unable to switch to $TMP/nohome: .*\\. \\(#4\\.3\\.0\\)$" \
    "missing home: qmail's text"

# --- default delivery: no .qmail, or an empty one
ql joe '' '' ./Mailbox
is "$status" 0 "no .qmail: default delivery ./Mailbox"
is "$stdout" "did 1+0+0" "reports one file delivery"
is "$stderr" "" "nothing on stderr"
like "$(head -n 1 "$H/Mailbox")" \
    "^From $S (Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ 123][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}\$" \
    "mbox: From line with sender and asctime date"
is "$(sed -n '2,3p' "$H/Mailbox")" "Return-Path: <$S>
Delivered-To: joe@example.com" "then Return-Path and Delivered-To"
printf 'Subject: hello\nFrom: a@b\n\n>From the start\n>>From quoted\nbody\n\n' \
    > want
sed -n '4,$p' "$H/Mailbox" > got
ok "$(cmp -s got want; echo $?)" \
    "message with From lines quoted and a blank line at the end"
is "$(stat -c %a "$H/Mailbox")" 600 "mbox created mode 0600 (umask 077)"
ql joe '' ''
is "$(grep -c '^From ' "$H/Mailbox")" 2 "second message appended"
: > "$H/.qmail"
chmod 644 "$H/.qmail"
maildir "$H/Maildir"
ql joe '' '' ./Maildir/
is "$status:$stdout" "0:did 1+0+0" "empty .qmail: default delivery"
is "$(one_new "$H/Maildir")" 1 "into the Maildir"
is "$(newmsg "$H/Maildir")" "Return-Path: <$S>
Delivered-To: joe@example.com
Subject: hello
From: a@b

From the start
>From quoted
body" "maildir: Return-Path, Delivered-To, message unchanged"
is "$(ls "$H/Maildir/tmp" | wc -l | tr -d ' ')" 0 "tmp/ left empty"
like "$(ls "$H/Maildir/new")" \
    '^[0-9]+\.M[0-9]+P[0-9]+Q[0-9]+\.[^/:]+$' "unique name TIME.MuPpidQn.HOST"

# --- every kind of line in one file
reset_home
maildir "$H/Maildir"
cat > "$H/.qmail" <<'EOF'
# a comment
./Maildir/
./mbox	  
|cat > prog.out; pwd > prog.cwd
+other
EOF
chmod 644 "$H/.qmail"
ql joe '' ''
is "$status" 0 "comment, maildir, mbox, program: delivered"
is "$stdout" "did 2+0+1" "did 2 files, 0 forwards, 1 program"
is "$(one_new "$H/Maildir")" 1 "maildir got it"
like "$(head -n 1 "$H/mbox")" "^From $S " "mbox with trailing blanks cut"
is "$(cat "$H/prog.out")" "$(cat msg)" \
    "program gets the message as it is, no added lines"
is "$(cat "$H/prog.cwd")" "$H" "program runs in the home directory"
ok "$([ ! -e "$H/+other" ]; echo $?)" "an unknown +line is ignored"

ql -n joe '' ''
is "$status" 0 "-n exits 0"
is "$stdout" "maildir ./Maildir/
mbox ./mbox
program cat > prog.out; pwd > prog.cwd
did 2+0+1" "-n prints the instructions instead of following them"
is "$(one_new "$H/Maildir")" 1 "-n delivers nothing"

# --- extensions and the -default cascade
reset_home
mkdir "$H/out"
for f in foo a-b-c a-default default joe:x bar-owner; do
    echo "./out/$f" > "$H/.qmail-$f"
done
chmod 644 "$H"/.qmail-*
ql joe-foo - foo
is "$status:$stdout" "0:did 1+0+0" ".qmail-foo"
ok "$([ -s "$H/out/foo" ]; echo $?)" "delivered by .qmail-foo"
ql joe-FOO - FOO
is "$(grep -c '^From ' "$H/out/foo")" 2 "upper case extension: .qmail-foo"
ql joe-a-b-c - a-b-c
ok "$([ -s "$H/out/a-b-c" ]; echo $?)" "exact .qmail-a-b-c first"
ql joe-a-b-d - a-b-d
ok "$([ -s "$H/out/a-default" ]; echo $?)" "a-b-d: .qmail-a-default"
ql joe-zzz - zzz
ok "$([ -s "$H/out/default" ]; echo $?)" "zzz: .qmail-default"
ql joe-joe.x - joe.x
ok "$([ -s "$H/out/joe:x" ]; echo $?)" "dots become colons: .qmail-joe:x"
rm "$H/.qmail-default"
ql joe-zzz - zzz
is "$status" 100 "no file for the extension: bounce"
is "$stderr" "Sorry, no mailbox here by that name. (#5.1.1)" \
    "bounce text with #5.1.1"
ql joe-.. - ..
is "$status" 100 "joe-.. cannot reach .qmail-:: or anything else"
ql -n joe-a-x - a-x
is "$stdout" "mbox ./out/a-default
did 1+0+0" "-n follows the cascade too"
echo ./out/dash-n > "$H/.qmail--n"
chmod 644 "$H/.qmail--n"
ql joe--n - -n
is "$status:$stdout" "0:did 1+0+0" \
    "an extension starting with a dash is no option"
SENDER=-N ql joe-foo - foo
is "$status:$(grep -c '^From -N ' "$H/out/foo")" "0:1" \
    "nor a sender starting with a dash"

# --- the environment of qmail-command(8)
reset_home
cat > "$H/dump" <<'EOF'
for v in SENDER NEWSENDER RECIPIENT USER HOME HOST HOST2 HOST3 HOST4 \
    LOCAL EXT EXT2 EXT3 EXT4 DEFAULT DTLINE RPLINE UFLINE; do
    eval "printf '%s=[%s]\n' $v \"\${$v-unset}\""
done > env.out
EOF
echo '|sh ./dump' > "$H/.qmail-list-default"
chmod 644 "$H/.qmail-list-default"
run_in msg env DEFAULT=stale qmail-local joe "$H" joe-list-A.b-c-d - \
    list-A.b-c-d mail.example.co.uk "$S" ./Mailbox
is "$status:$stdout" "0:did 0+0+1" "program delivery"
E=$(cat "$H/env.out")
like "$E" "^SENDER=\\[$S\\]\$" SENDER
like "$E" "^NEWSENDER=\\[$S\\]\$" "NEWSENDER: the sender without -owner"
like "$E" '^RECIPIENT=\[joe-list-A.b-c-d@mail.example.co.uk\]$' RECIPIENT
like "$E" '^USER=\[joe\]$' USER
like "$E" "^HOME=\\[$H\\]\$" HOME
like "$E" '^HOST=\[mail.example.co.uk\]$' HOST
like "$E" '^HOST2=\[mail.example.co\]$' HOST2
like "$E" '^HOST3=\[mail.example\]$' HOST3
like "$E" '^HOST4=\[mail\]$' HOST4
like "$E" '^LOCAL=\[joe-list-A.b-c-d\]$' LOCAL
like "$E" '^EXT=\[list-A.b-c-d\]$' EXT
like "$E" '^EXT2=\[A.b-c-d\]$' EXT2
like "$E" '^EXT3=\[c-d\]$' EXT3
like "$E" '^EXT4=\[d\]$' EXT4
like "$E" '^DEFAULT=\[A.b-c-d\]$' \
    "DEFAULT: what -default stood for, as given, not an inherited value"
is "$(sed -n '/^DTLINE/,/^RPLINE/p' "$H/env.out")" \
    "DTLINE=[Delivered-To: joe-list-A.b-c-d@mail.example.co.uk
]
RPLINE=[Return-Path: <$S>" "DTLINE and RPLINE end in a newline"
like "$E" "^UFLINE=\\[From $S [A-Z][a-z]{2} " UFLINE
ql joe '' '' '|sh ./dump'
like "$(cat "$H/env.out")" '^DEFAULT=\[unset\]$' \
    "no -default file: DEFAULT unset"
like "$(cat "$H/env.out")" '^EXT2=\[\]$' "no extension: EXT2 empty"

# NEWSENDER (dot-qmail(5)): -owner and -owner-default files
cp "$H/.qmail-list-default" "$H/.qmail-list"
printf '#\n' > "$H/.qmail-list-owner"
chmod 644 "$H/.qmail-list-owner"
ql joe-list - list
like "$(cat "$H/env.out")" '^NEWSENDER=\[joe-list-owner@example.com\]$' \
    ".qmail-list-owner: NEWSENDER local-owner@host"
cp "$H/.qmail-list-owner" "$H/.qmail-list-owner-default"
ql joe-list - list
like "$(cat "$H/env.out")" \
    '^NEWSENDER=\[joe-list-owner-@example.com-@\[\]\]$' \
    "and -owner-default: the VERP form"
SENDER= ql joe-list - list
like "$(cat "$H/env.out")" '^NEWSENDER=\[\]$' "a bounce keeps its <> sender"
SENDER='#@[]' ql joe-list - list
like "$(cat "$H/env.out")" '^NEWSENDER=\[#@\[\]\]$' "and #@[] is kept too"
SENDER= ql joe-list - list
like "$(cat "$H/env.out")" '^UFLINE=\[From MAILER-DAEMON ' \
    "empty sender: From MAILER-DAEMON"
like "$(cat "$H/env.out")" '^RPLINE=\[Return-Path: <>$' "Return-Path: <>"
SENDER='a b@x' ql joe-list - list
like "$(cat "$H/env.out")" '^RPLINE=\[Return-Path: <"a b"@x>$' \
    "Return-Path quotes the local part"

# --- program exit codes
reset_home
prog() {
    printf '|%s\n./after\n' "$1" > "$H/.qmail"
    chmod 644 "$H/.qmail"
    rm -f "$H/after"
    ql joe '' ''
}
prog 'exit 0'
is "$status:$stdout" "0:did 1+0+1" "exit 0: go on to the next line"
prog 'exit 99'
is "$status:$stdout" "0:did 0+0+1" "exit 99: success, rest ignored"
ok "$([ ! -e "$H/after" ]; echo $?)" "exit 99: the next line is not done"
prog 'echo No such user here; exit 100'
is "$status" 100 "exit 100: bounce"
is "$stdout" "No such user here" "the program's output is the report"
prog 'exit 111'
is "$status" 111 "exit 111: defer"
ok "$([ ! -e "$H/after" ]; echo $?)" "nothing after a failure"
prog 'exit 64'
is "$status" 100 "exit 64 (EX_USAGE): bounce"
prog 'exit 112'
is "$status" 100 "exit 112: bounce"
prog 'exit 1'
is "$status" 111 "exit 1: defer"
prog 'kill -9 $$'
is "$status" 111 "killed program: defer"
is "$stderr" "Aack, child crashed. (#4.3.0)" "crash text"
printf '|exit 99\n|exit 100\n' > "$H/.qmail-x"
chmod 644 "$H/.qmail-x"
ql joe-x - x
is "$status" 0 "99 stops before a failing line"

# --- refusals: loops, writable files, sticky home, odd files
reset_home
{ echo 'Delivered-To: joe@example.com'; cat msg; } > loopmsg
MSG=loopmsg ql joe '' ''
is "$status" 100 "our Delivered-To line in the header: bounce"
is "$stderr" \
    "This message is looping: it already has my Delivered-To line. (#5.4.6)" \
    "loop text with #5.4.6"
ok "$([ ! -e "$H/Mailbox" ]; echo $?)" "nothing delivered"
{ cat msg; echo 'Delivered-To: joe@example.com'; } > bodymsg
MSG=bodymsg ql joe '' ''
is "$status" 0 "the same line in the body is no loop"
{ echo 'Delivered-To: joe-x@example.com'; cat msg; } > othermsg
MSG=othermsg ql joe '' ''
is "$status" 0 "another address's Delivered-To is no loop"
MSG=loopmsg ql -n joe '' ''
is "$status" 0 "-n does not look for loops"

echo ./Mailbox > "$H/.qmail"
chmod 664 "$H/.qmail"
ql joe '' ''
is "$status" 111 "group-writable .qmail: defer"
is "$stderr" "Uh-oh: .qmail file is writable. (#4.7.0)" "writable text"
chmod 646 "$H/.qmail"
ql joe '' ''
is "$status" 111 "world-writable .qmail: defer"
chmod 644 "$H/.qmail"
chmod 775 "$H"
ql joe '' ''
is "$status:$stderr" "111:Uh-oh: home directory is writable. (#4.7.0)" \
    "group-writable home: defer"
chmod 1755 "$H"
ql joe '' ''
is "$status" 111 "sticky home: defer"
is "$stderr" \
    "Home directory is sticky: user is editing his .qmail file. (#4.2.1)" \
    "sticky text with #4.2.1"
ql -n joe '' ''
is "$status:$stdout" "0:mbox ./Mailbox
did 1+0+0" "-n with a sticky home goes on"
is "$stderr" "Warning: home directory is sticky." "after a warning"
chmod 755 "$H"

printf '\n./Mailbox\n' > "$H/.qmail"
ql joe '' ''
is "$status:$stderr" \
    "111:Uh-oh: first line of .qmail file is blank. (#4.2.1)" \
    "blank first line: defer"
printf './Mailbox\n\n\n' > "$H/.qmail"
ql joe '' ''
is "$status" 0 "blank lines later are fine"
printf './Mailbox\n' > "$H/.qmail"
chmod 744 "$H/.qmail"
ql joe '' ''
is "$status:$stderr" \
    "111:Uh-oh: .qmail has file delivery but has x bit set. (#4.7.0)" \
    "x bit: file deliveries refused"
printf '|true\n' > "$H/.qmail"
ql joe '' ''
is "$status:$stderr" \
    "111:Uh-oh: .qmail has prog delivery but has x bit set. (#4.7.0)" \
    "x bit: program deliveries refused"
chmod 644 "$H/.qmail"
printf '+list\n|true\n' > "$H/.qmail"
ql joe '' ''
is "$status" 111 "+list: the same as the x bit"
mkdir "$H/.qmail-dir"
ql joe-dir - dir
is "$status" 100 "a directory is not a .qmail file"
printf './nodir/Maildir/\n' > "$H/.qmail"
ql joe '' ''
is "$status" 111 "missing maildir: defer"
like "$stderr" '^Unable to chdir to maildir: .*\. \(#4\.2\.1\)$' \
    "missing maildir text"
printf './nodir/mbox\n' > "$H/.qmail"
ql joe '' ''
is "$status" 111 "mbox in a missing directory: defer"
like "$stderr" '^Unable to open \./nodir/mbox: .*\. \(#4\.2\.1\)$' \
    "mbox open text"

# --- a seekable message is required
printf './Mailbox\n' > "$H/.qmail"
cat msg | qmail-local joe "$H" joe '' '' example.com "$S" ./Mailbox \
    > out 2> err
is "$?:$(cat err)" "111:Unable to rewind message. (#4.3.0)" \
    "message on a pipe: defer"

# --- fsync before link, fsync of new/ after it (strace, when present)
reset_home
maildir "$H/Maildir"
if command -v strace >/dev/null 2>&1; then
    strace -f -o trace -e trace=openat,write,fsync,linkat,link,unlinkat,unlink \
        qmail-local joe "$H" joe '' '' example.com "$S" ./Maildir/ \
        < msg > /dev/null 2>&1
    order=$(grep -E 'fsync|link' trace | sed -E \
        's/^[0-9]+ +//; s/^(fsync|linkat|unlinkat|link|unlink)\(.*/\1/')
    is "$(echo $order)" "fsync linkat fsync unlinkat" \
        "Maildir: fsync file, link into new/, fsync new/, unlink tmp/"
    mbox_syncs() {
        strace -f -o trace -e trace=open,openat,fsync \
            qmail-local joe "$H" joe '' '' example.com "$S" ./Mailbox \
            < msg > /dev/null 2>&1
        grep -E 'fsync|O_DIRECTORY' trace | sed -E \
            's/^[0-9]+ +//; s/^fsync.*/fsync/; s/^open(at)?\(.*O_DIRECTORY.*/dir/'
    }
    is "$(echo $(mbox_syncs))" "fsync dir fsync" \
        "new mbox: fsync the file, then its directory"
    is "$(echo $(mbox_syncs))" "fsync" "existing mbox: the file only"
else
    for i in 1 2 3; do ok 0 "# SKIP strace not installed"; done
fi

# --- a full disk: defer, and no partial message left behind
if [ "$(id -u)" = 0 ] && mkdir "$H/full" &&
    mount -t tmpfs -o size=64k tmpfs "$H/full" 2>/dev/null; then
    at_exit "umount '$H/full'"
    head -c 20000 /dev/zero | tr '\0' x > "$H/full/mbox"
    awk 'BEGIN { for (i = 0; i < 2000; i++) print "line " i " of filler text" }' \
        > big
    maildir "$H/full/Maildir"
    MSG=big ql joe '' '' ./full/mbox
    is "$status" 111 "disk full in an mbox: defer"
    like "$stderr" '^Unable to write \./full/mbox: No space left on device\. \(#4\.3\.0\)$' \
        "disk full text"
    is "$(stat -c %s "$H/full/mbox")" 20000 "mbox cut back to its old size"
    MSG=big ql joe '' '' ./full/Maildir/
    is "$status" 111 "disk full in a maildir: defer"
    like "$stderr" '^Temporary error on maildir delivery: No space left on device\. \(#4\.3\.0\)$' \
        "maildir disk full text"
    is "$(ls "$H/full/Maildir/new" "$H/full/Maildir/tmp" | grep -vc ':$\|^$')" 0 \
        "nothing left in new/ or tmp/"
else
    for i in 1 2 3 4 5 6; do ok 0 "# SKIP needs root to mount a tmpfs"; done
fi
