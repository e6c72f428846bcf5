#!/bin/sh
# qmail-pw2u: passwd lines to users/assign lines by qmail-getpw's rules,
# the options -/ohHuUcC and the files users/include, exclude, mailnames,
# subusers and append.
. "${0%/*}/ilib.sh"
need_root
plan 36
quail_install
A=$(head -n 1 "$TOP/conf/user-alias")
au=$(id -u "$A") ag=$(id -g "$A")
U=$Q/users
h=$TMP/h
mkdir -p "$h/joe" "$h/Upper" "$h/notown" "$h/ann"
chown 5001 "$h/joe" "$h/notown"
chown 5002 "$h/Upper"
chown 5006 "$h/ann"
cat >passwd <<EOF2
root:x:0:0:root:/root:/bin/sh
$A:*:$au:$ag::/somewhere/else:/bin/false
joe:x:5001:5001:Joe:$h/joe:/bin/sh
Upper:x:5002:5002::$h/Upper:/bin/sh
nohome:x:5003:5003::$h/none:/bin/sh
notown:x:5004:5004::$h/notown:/bin/sh
short:x:5005:5005::$h/joe
bad:x:abc:1::$h/joe:/bin/sh
ann:x:5006:5006::$h/ann:
EOF2
pw2u() { run_in passwd "$Q/bin/qmail-pw2u" "$@"; }
AL="+:$A:$au:$ag:$Q/alias:-::
=$A:$A:$au:$ag:$Q/alias:::
+$A-:$A:$au:$ag:$Q/alias:-::"
JOE="=joe:joe:5001:5001:$h/joe:::
+joe-:joe:5001:5001:$h/joe:-::"
ANN="=ann:ann:5006:5006:$h/ann:::
+ann-:ann:5006:5006:$h/ann:-::"

pw2u
is "$status" 0 "default rules: exit 0"
is "$stderr" "" "quietly"
is "$stdout" "$AL
$JOE
$ANN
." "uid 0, upper case, missing or foreign home, bad lines skipped; alias catch-all in \$Q/alias"
printf '%s\n' "$stdout" >"$U/assign"
run "$Q/bin/qmail-newu"
is "$status" 0 "the output is accepted by qmail-newu"

pw2u -u
like "$stdout" "^=Upper:Upper:5002:5002:$h/Upper:::$" "-u allows upper case"
pw2u -u -U
unlike "$stdout" "Upper" "-U (the default) skips it again"
pw2u -H
like "$stdout" "^=nohome:nohome:5003:5003:$h/none:::$" \
    "-H: missing home not checked"
like "$stdout" "^=notown:notown:5004:5004:$h/notown:::$" \
    "-H: ownership not checked"
pw2u -H -o
unlike "$stdout" "nohome|notown" "-o (the default) checks again"
pw2u -h
is "$status" 111 "-h: a missing home stops"
like "$stderr" "^qmail-pw2u: fatal: unable to stat $h/none: No such file or directory$" \
    "naming it"
pw2u -C
is "$stdout" "+:$A:$au:$ag:$Q/alias:-::
=$A:$A:$au:$ag:$Q/alias:::
=joe:joe:5001:5001:$h/joe:::
=ann:ann:5006:5006:$h/ann:::
." "-C: no extension lines, only the catch-all"
pw2u -c+
like "$stdout" "^\+joe\+:joe:5001:5001:$h/joe:-::$" "-c+: '+' separates extensions"
pw2u -/
like "$stdout" "^\+joe-:joe:5001:5001:$h/joe:-/::$" "-/: dash is -/"
like "$stdout" "^=joe:joe:5001:5001:$h/joe:::$" "-/: the bare address unchanged"
pw2u -x
is "$status" 100 "an unknown option is a usage error"
like "$stderr" '^qmail-pw2u: fatal: usage: qmail-pw2u ' "with a usage message"
pw2u extra
is "$status" 100 "an argument is a usage error"

printf 'joe\n%s\n' "$A" >"$U/include"
pw2u
is "$stdout" "$AL
$JOE
." "include: only the users listed"
rm "$U/include"
printf '# not joe\njoe\n' >"$U/exclude"
pw2u
is "$stdout" "$AL
$ANN
." "exclude: not the users listed"
rm "$U/exclude"
printf "$A\n" >"$U/include"
printf "$A\n" >"$U/exclude"
pw2u
is "$status" 111 "alias excluded: no alias user"
like "$stderr" "^qmail-pw2u: fatal: unable to find the user $A in the input$" \
    "says so"
rm "$U/include" "$U/exclude"
grep -v "^$A:" passwd >noalias
run_in noalias "$Q/bin/qmail-pw2u"
is "$status" 111 "no alias user in the input: exit 111"

printf 'joe:jdoe::John\nnobody:x\n' >"$U/mailnames"
pw2u
is "$stdout" "$AL
=jdoe:joe:5001:5001:$h/joe:::
+jdoe-:joe:5001:5001:$h/joe:-::
=John:joe:5001:5001:$h/joe:::
+John-:joe:5001:5001:$h/joe:-::
$ANN
." "mailnames replace the user name; lines for unknown users ignored"
rm "$U/mailnames"

printf 'sales:joe:sales:\nhelp:ann:h:\n' >"$U/subusers"
pw2u
is "$status" 0 "subusers: exit 0"
is "$stdout" "$AL
$JOE
$ANN
=sales:joe:5001:5001:$h/joe:-:sales:
+sales-:joe:5001:5001:$h/joe:-:sales-:
=help:ann:5006:5006:$h/ann:-:h:
+help-:ann:5006:5006:$h/ann:-:h-:
." "subusers: sub and sub-ext to .qmail-pre and .qmail-pre-ext"
pw2u -C
like "$stdout" "^=sales:joe:5001:5001:$h/joe:-:sales:$" "-C: subuser line"
unlike "$stdout" "^\+sales" "-C: no subuser extension line"
printf 'x:notown:p:\n' >"$U/subusers"
pw2u
is "$status" 111 "a subuser of a skipped user: exit 111"
like "$stderr" "^qmail-pw2u: fatal: unable to find the user notown for subuser x$" \
    "names both"
printf 'x:joe\n' >"$U/subusers"
pw2u
is "$status" 111 "a malformed subusers line: exit 111"
like "$stderr" "^qmail-pw2u: fatal: users/subusers: not of the form sub:user:pre: x:joe$" \
    "quoting it"
rm "$U/subusers"

printf '=extra:joe:5001:5001:/x:::\n+y-:joe:5001:5001:/x:-::' >"$U/append"
pw2u
is "$stdout" "$AL
$JOE
$ANN
=extra:joe:5001:5001:/x:::
+y-:joe:5001:5001:/x:-::
." "append: copied before the final dot"
rm "$U/append"

printf 'joe:x:5001:5001::%s:/bin/sh' "$h/joe" | {
    printf '%s:x:%s:%s::/a:/bin/sh\n' "$A" "$au" "$ag"; cat; } >lastline
run_in lastline "$Q/bin/qmail-pw2u"
like "$stdout" "^=joe:joe:5001:5001:$h/joe:::$" \
    "a last line without newline is read"
mkdir "$U/include"
pw2u
is "$status" 111 "an unreadable users/include: exit 111"
like "$stderr" "^qmail-pw2u: fatal: unable to read users/include: " "says so"
rmdir "$U/include"
