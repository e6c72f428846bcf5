#!/bin/sh
# newaliases and newinclude: sendmail's /etc/aliases and :include: files
# into fastforward's database and binary lists (newaliases(1),
# newinclude(1)): continuation lines, comments, RFC 822 addresses,
# qmail-header(5) completion from control/, owner- aliases, programs,
# :include:, errors naming the line with the old files untouched.
. "${0%/*}/ilib.sh"
need_root
plan 38
quail_install
NA=$Q/bin/newaliases
NI=$Q/bin/newinclude
echo dh.test > "$Q/control/defaulthost"
echo dd.test > "$Q/control/defaultdomain"
echo pd.test > "$Q/control/plusdomain"

# dump CDB: the records as "key -> data", NULs shown as '|'.
dump() { cdb -d "$1" | tr '\0' '|' | sed -e 's/^+[0-9]*,[0-9]*://' -e '/^$/d'; }

cat > aliases <<'EOF2'
# /etc/aliases for the test
  (a continued comment: ignored too)
root: alice, Bill
Postmaster@Heaven.af.mil: bob@heaven.af.mil
list: a, b@c.d, :include: /etc/staff, "|weather-server arg",
  Joe Shmoe <shmoe@heaven.af.mil>, bob (Bob) @x.y
owner-list: boss
hostmaster:
   fred,

   joe
@virt.dom: \joe
plus: y@host, z@host+, q@h.d+, "spaced out"@x.y
EOF2
run "$NA" aliases
is "$status:$stderr" "0:" "a good aliases file is compiled quietly"
is "$(dump aliases.cdb)" ":root@->&alice@dh.test|&Bill@dh.test|
:postmaster@heaven.af.mil->&bob@heaven.af.mil|
:list@->&a@dh.test|&b@c.d|/etc/staff.bin|!weather-server arg|&shmoe@heaven.af.mil|&bob@x.y|
:owner-list@->&boss@dh.test|
?list@->owner-list@dh.test
:hostmaster@->&fred@dh.test|&joe@dh.test|
:@virt.dom->&joe@dh.test|
:plus@->&y@host.dd.test|&z@host.pd.test|&q@h.d.pd.test|&spaced out@x.y|" \
    "fastforward's records: wildcards, completion, programs, lists, owner"
is "$(stat -c %a aliases.cdb)" 644 "world-readable"
ok "$([ ! -e aliases.cdb.tmp ]; echo $?)" "no temporary file left"
run_in aliases.cdb printforward
like "$stdout" '^root@: &alice@dh.test,' "printforward shows it"

rm "$Q/control/defaulthost" "$Q/control/defaultdomain" "$Q/control/plusdomain"
printf 'a: joe, joe@host, joe@host+\n' > fallback
run "$NA" fallback
is "$(dump fallback.cdb)" ":a@->&joe@quail.test|&joe@host.quail.test|&joe@host.quail.test|" \
    "without defaulthost, defaultdomain, plusdomain: control/me"
echo dh.test > "$Q/control/defaulthost"

mkdir sub
printf 'x: y\n' > sub/rel
(cd sub && umask 077 && "$NA" rel)
is "$(dump sub/rel.cdb)" ":x@->&y@dh.test|" "a relative name is relative to the current directory"
is "$(stat -c %a sub/rel.cdb)" 644 "world-readable whatever the umask"

printf 'a: x\nA: y\nb: z\n' > dup
run "$NA" dup
is "$status" 0 "a second instruction for an alias is not fatal"
is "$stderr" "newaliases: warning: line 2 of dup: skipping a second instruction for a@; the first one counts" \
    "but warned about, with its line"
is "$(dump dup.cdb)" ":a@->&x@dh.test|
:b@->&z@dh.test|" "the first one counts"

# errors: 111, the line of the instruction, the old database untouched
cp aliases.cdb keep.cdb
err() { # input want-message description
    printf "$1" > aliases
    run "$NA" aliases
    is "$status:$stderr" "111:newaliases: fatal: $2" "$3"
}
err 'a: b\nno colon here\n' "unable to parse line 2 of aliases: no colon after the alias name" \
    "a line without a colon"
err 'a: b\n\nc: "unbalanced\n  more\n' "unable to parse line 3 of aliases: unbalanced quote" \
    "an error in a continued instruction names its first line"
err 'a: /tmp/file\n' "unable to parse line 1 of aliases: file deliveries are not supported (use a .qmail file)" \
    "file deliveries"
err 'a: :include:staff\n' "unable to parse line 1 of aliases: :include: file name must start with / or ." \
    "relative :include:"
err 'f g: x\n' "unable to parse line 1 of aliases: white space in an alias name" \
    "white space in an alias"
err 'a:\n' "unable to parse line 1 of aliases: no addresses after the colon" \
    "an empty list"
err 'a: (b\n' "unable to parse line 1 of aliases: unbalanced parenthesis" \
    "unbalanced comment"
err 'a: group: x, y;\n' "unable to parse line 1 of aliases: address groups are not permitted" \
    "groups"
err 'a: <>\n' "unable to parse line 1 of aliases: empty address" "<>"
err 'a: b\0c\n' "unable to parse line 1 of aliases: control character in an address" \
    "NUL"
cmp -s aliases.cdb keep.cdb; ok $? "the old database is untouched"
ok "$([ ! -e aliases.cdb.tmp ]; echo $?)" "and no temporary file"
run "$NA" missing
is "$status" 111 "a missing file: 111"
like "$stderr" '^newaliases: fatal: unable to open missing: ' "names it"
run "$NA" a b
is "$status:$stderr" "100:newaliases: fatal: usage: newaliases [file]" "usage"
mkdir "$Q/control/defaultdomain"
printf 'a: b\n' > aliases
run "$NA" aliases
is "$status" 111 "an unreadable control file: 111"
like "$stderr" '^newaliases: fatal: unable to read control/defaultdomain: ' \
    "names it"
rmdir "$Q/control/defaultdomain"
echo dd.test > "$Q/control/defaultdomain"
echo pd.test > "$Q/control/plusdomain"

# newinclude
printf '# staff\njoe, Fred Bloggs <fred@x.y>\n\n:include:/etc/other\nann@h+ (Ann)\n' > staff
run "$NI" staff
is "$status:$stderr" "0:" "newinclude compiles an :include: file"
is "$(tr '\0' '|' < staff.bin)" "&joe@dh.test|&fred@x.y|/etc/other.bin|&ann@h.pd.test|" \
    "addresses completed, nested lists as .bin"
is "$(stat -c %a staff.bin)" 644 "world-readable"
run_in staff.bin printmaillist
is "$stdout" "&joe@dh.test
&fred@x.y
/etc/other.bin
&ann@h.pd.test" "printmaillist shows it"
cp staff.bin keep.bin
printf 'a\n"|prog"\n' > staff
run "$NI" staff
is "$status:$stderr" "111:newinclude: fatal: unable to parse line 2 of staff: program deliveries are not supported here" \
    "no programs in :include: files"
printf '/tmp/file\n' > staff
run "$NI" staff
is "$status:$stderr" "111:newinclude: fatal: unable to parse line 1 of staff: file deliveries are not supported (use a .qmail file)" \
    "no file deliveries"
cmp -s staff.bin keep.bin; ok $? "the old list is untouched"
ok "$([ ! -e staff.tmp ]; echo $?)" "and no temporary file"
run "$NI" nothere
is "$status" 111 "a missing file: 111"
run "$NI"
is "$status:$stderr" "100:newinclude: fatal: usage: newinclude list" "usage"
