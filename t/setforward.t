#!/bin/sh
# setforward, printforward, setmaillist, printmaillist: fastforward 0.51's
# table syntax and record layout, atomic replacement, errors with their
# line, and print -> set round trips.
. "${0%/*}/lib.sh"
plan 39

# dump CDB: the records as "key -> data", NULs shown as '|'.
dump() { cdb -d "$1" | tr '\0' '|' | sed -e 's/^+[0-9]*,[0-9]*://' -e '/^$/d'; }

cat > in <<'EOF2'
# a comment, then instructions over several lines
Root@YP.to: god@heaven.af.mil,   # trailing comment
    &staff@af.mil;
sos@heaven.af.mil: ?owner-sos@heaven.af.mil;
sos@heaven.af.mil: /etc/lists/sos.bin, ./rel.bin, !prog\ x, |prog2;
dew@: |dew-monitor;
@host.dom: &a\ b\,c\;d@e;
quiet@:;
EOF2
run_in in setforward f.cdb f.tmp
is "$status:$stderr" "0:" "a good table is compiled quietly"
is "$(dump f.cdb)" ":root@yp.to->&god@heaven.af.mil|&staff@af.mil|
?sos@heaven.af.mil->owner-sos@heaven.af.mil
:sos@heaven.af.mil->/etc/lists/sos.bin|./rel.bin|!prog x||prog2|
:dew@->|dew-monitor|
:@host.dom->&a b,c;d@e|
:quiet@->" "fastforward 0.51's layout: ':' commands, '?' owner" 
is "$(stat -c %a f.cdb)" 644 "world-readable"
ok "$([ ! -e f.tmp ]; echo $?)" "the temporary file is gone"

run_in f.cdb printforward
is "$status" 0 "printforward reads it"
is "$stdout" 'root@yp.to: &god@heaven.af.mil,
  &staff@af.mil;
sos@heaven.af.mil: ?owner-sos@heaven.af.mil;
sos@heaven.af.mil: /etc/lists/sos.bin,
  ./rel.bin,
  !prog\ x,
  |prog2;
dew@: |dew-monitor;
@host.dom: &a\ b\,c\;d@e;
quiet@:;' "as setforward input, escapes included"
printforward < f.cdb | setforward g.cdb g.tmp
cmp -s f.cdb g.cdb; ok $? "printforward | setforward gives the same database"
cat f.cdb | printforward > piped
is "$(cat piped)" "$stdout" "printforward reads a pipe too"

printf 'a@: x@y;\na@: z@w;\n' > dup
run_in dup setforward d.cdb d.tmp
is "$status" 0 "a second instruction for a target is not fatal"
is "$stderr" "setforward: warning: line 2: skipping a second instruction for a@; the first one counts" \
    "but warned about"
is "$(dump d.cdb)" ":a@->&x@y|" "and skipped: the first one counts"

# errors: 111, the line, the old cdb untouched
cp f.cdb keep.cdb
err() { # input want-message description
    printf "$1" > bad
    run_in bad setforward f.cdb f.tmp
    is "$status:$stderr" "111:setforward: fatal: $2" "$3"
}
err 'a@: x@y' "unable to parse line 1: the last instruction does not end with a semicolon" \
    "missing final semicolon"
err 'a@: x@y;\nb, c: d@e;' "unable to parse line 2: comma before the colon" \
    "comma before the colon"
err '\n\na@: b@c: d@e;' "unable to parse line 3: second colon in one instruction" \
    "two colons"
err 'a@: -x@y;' "unable to parse line 1: command does not start with a letter, digit, &, ?, /, ., | or !" \
    "unknown command"
err 'a@: joe;' "unable to parse line 1: address without @domain" "no domain"
err 'a@: ?o@x, ?p@x;' "unable to parse line 1: more than one owner address for one target" \
    "two owners"
err 'a@: x\0@y;' "unable to parse line 1: NUL bytes are not permitted" "NUL"
cmp -s f.cdb keep.cdb; ok $? "a failed run leaves the old database alone"
ok "$([ ! -e f.tmp ]; echo $?)" "and no temporary file"
run setforward f.cdb
is "$status:$stderr" "100:setforward: fatal: usage: setforward cdb tmp" "usage"
run_in in setforward f.cdb nodir/f.tmp
is "$status" 111 "unwritable temporary file: 111"
like "$stderr" '^setforward: fatal: unable to create nodir/f.tmp: ' "names it"

head -c 100 f.cdb > short
run_in short printforward
is "$status:$stderr" "111:printforward: fatal: unable to read input: truncated database" \
    "printforward: a truncated database"
printf 'x: y@z;\n' | setforward o.cdb o.tmp
cdb -c -m other.cdb <<'EOF2'
other value
EOF2
run_in other.cdb printforward
is "$status:$stderr" "111:printforward: fatal: unable to read input: a record fastforward does not know" \
    "printforward: not a forwarding database"
run printforward x
is "$status" 100 "printforward takes no arguments"

# setmaillist and printmaillist
cat > list <<'EOF2'
# the staff
god@heaven.af.mil
&djb@silverton.berkeley.edu  	

/etc/other.bin
./rel
foo bar@x
EOF2
run_in list setmaillist l.bin l.tmp
is "$status:$stderr" "0:" "setmaillist compiles a list"
is "$(tr '\0' '|' < l.bin)" \
    "&god@heaven.af.mil|&djb@silverton.berkeley.edu|/etc/other.bin|./rel|&foo bar@x|" \
    "fastforward 0.51's binary layout, trailing blanks dropped"
is "$(stat -c %a l.bin)" 644 "world-readable"
run_in l.bin printmaillist
is "$stdout" "&god@heaven.af.mil
&djb@silverton.berkeley.edu
/etc/other.bin
./rel
&foo bar@x" "printmaillist shows it as setmaillist input"
printmaillist < l.bin | setmaillist m.bin m.tmp
cmp -s l.bin m.bin; ok $? "and back again gives the same list"
printf 'a@b\n|prog\n' > bad
cp l.bin keep.bin
run_in bad setmaillist l.bin l.tmp
is "$status:$stderr" "111:setmaillist: fatal: unable to parse line 2: line does not start with a letter, digit, &, / or ." \
    "setmaillist: no programs in lists"
printf 'noat\n' > bad
run_in bad setmaillist l.bin l.tmp
is "$status:$stderr" "111:setmaillist: fatal: unable to parse line 1: address without @domain" \
    "setmaillist: addresses need a domain"
cmp -s l.bin keep.bin; ok $? "the old list is untouched"
ok "$([ ! -e l.tmp ]; echo $?)" "and no temporary file"
printf 'a@b\0c\n' > bad
run_in bad setmaillist l.bin l.tmp
is "$status:$stderr" "111:setmaillist: fatal: unable to parse line 1: NUL bytes are not permitted" \
    "setmaillist: NUL"
printf '&a@b' > bad
run_in bad printmaillist
is "$status:$stderr" "111:printmaillist: fatal: unable to read input: not a mailing list" \
    "printmaillist: an entry without its NUL"
printf '|prog\0' > bad
run_in bad printmaillist
is "$status" 111 "printmaillist: a program is no list entry"
run setmaillist l.bin
is "$status:$stderr" "100:setmaillist: fatal: usage: setmaillist bin tmp" "setmaillist usage"
