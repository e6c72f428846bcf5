#!/bin/sh
# qmail-newmrh: control/morercpthosts -> control/morercpthosts.cdb, keys
# lower-cased, comments skipped, replaced atomically; failures exit 111
# and leave the old cdb alone.
. "${0%/*}/ilib.sh"
plan 12
quail_install
C=$Q/control

run "$Q/bin/qmail-newmrh"
is "$status" 111 "no control/morercpthosts: temporary failure"
like "$stderr" '^qmail-newmrh: fatal: unable to read control/morercpthosts: No such file' \
    "names the file"
ok "$([ ! -e "$C/morercpthosts.cdb" ]; echo $?)" "no cdb made"

printf 'Example.COM\n# a comment\n\n.Sub.Example.org  \nplain.test\t\n' \
    > "$C/morercpthosts"
run "$Q/bin/qmail-newmrh"
is "$status" 0 "compiled"
is "$stderr" "" "quietly"
is "$(cdb -d "$C/morercpthosts.cdb" | sed -e 's/^+[0-9]*,[0-9]*://' -e '/^$/d' | sort)" \
    ".sub.example.org->
example.com->
plain.test->" "lower-case keys, empty data, comments and trailing blanks gone"
ok "$([ ! -e "$C/morercpthosts.cdb.tmp" ]; echo $?)" "no temporary file left"

run "$Q/bin/qmail-newmrh" extra
is "$status" 100 "an argument: usage error"
like "$stderr" '^qmail-newmrh: fatal: usage: qmail-newmrh$' "usage message"

# a failed write leaves the old cdb
cp "$C/morercpthosts.cdb" old.cdb
mkdir "$C/morercpthosts.cdb.tmp"
run "$Q/bin/qmail-newmrh"
is "$status" 111 "cannot write the temporary file: 111"
like "$stderr" '^qmail-newmrh: fatal: unable to create control/morercpthosts.cdb.tmp: ' \
    "says so"
cmp -s old.cdb "$C/morercpthosts.cdb"
ok $? "the old cdb is untouched"
