#!/bin/sh
# qmail-newu: users/assign -> users/cdb in qmail-newu's layout, replaced
# atomically; any syntax error exits 111 and leaves users/cdb untouched.
. "${0%/*}/ilib.sh"
need_root
plan 27
quail_install
A=$Q/users/assign
C=$Q/users/cdb

# dump: the records of users/cdb as "key -> data", NULs shown as '|'.
dump() { cdb -d "$C" | tr '\0' '|' | sed -e 's/^+[0-9]*,[0-9]*://' -e '/^$/d'; }

rm -f "$A" "$C"
run "$Q/bin/qmail-newu"
is "$status" 111 "no users/assign: temporary failure"
like "$stderr" '^qmail-newu: fatal: unable to open users/assign: ' \
    "names the file"
ok "$([ ! -e "$C" ]; echo $?)" "no users/cdb made"

cat >"$A" <<'EOF'
=Joe:joe:1001:1002:/home/joe:::
+joe-:joe:1001:1002:/home/joe:-::
+Sales-:sam:1003:1003:/home/sam:-:sales-:
+sa:sa:1004:1004:/home/sa:-:x:
+:alias:7790:2108:/var/qmail/alias:-::
.
anything after the dot is ignored
EOF
run "$Q/bin/qmail-newu"
is "$status" 0 "a good users/assign is compiled"
is "$stderr" "" "quietly"
is "$(dump)" "!joe|->joe|1001|1002|/home/joe||
!joe-->joe|1001|1002|/home/joe|-|
!sales-->sam|1003|1003|/home/sam|-|sales-
!sa->sa|1004|1004|/home/sa|-|x
!->alias|7790|2108|/var/qmail/alias|-|
->-a" "records in qmail-newu's layout; \"\" lists the wildcard characters"
is "$(stat -c %a "$C")" 644 "users/cdb is world-readable"
ok "$([ ! -e "$C.tmp" ]; echo $?)" "no temporary file left"
cp "$C" good.cdb

# Each bad file: exit 111, the line named, users/cdb unchanged.
bad() { # description, expected message, file contents
    printf '%s' "$3" >"$A"
    run "$Q/bin/qmail-newu"
    is "$status" 111 "$1: exit 111"
    like "$stderr" "^qmail-newu: fatal: $2\$" "$1: message"
    cmp -s "$C" good.cdb && [ ! -e "$C.tmp" ]
    ok $? "$1: users/cdb untouched, no temporary file"
}
bad "no dot line" \
    'users/assign line 2: end of file before the line holding a single \.' \
    '=a:a:1:1:/h:::
'
bad "a non-numeric uid" 'users/assign line 2: uid is not a number' \
    '=a:a:1:1:/h:::
=b:b:x:1:/h:::
.
'
bad "too few fields" \
    'users/assign line 1: fewer than six fields after the address' \
    '+a-:a:1:1:/h::
.
'
bad "a blank line" 'users/assign line 2: line does not start with =, \+ or \.' \
    '=a:a:1:1:/h:::

.
'
bad "last line without newline" \
    'users/assign line 1: end of file before the line holding a single \.' \
    '=a:a:1:1:/h:::'

printf '=a:a:1:1:/h:::\n.' >"$A"
run "$Q/bin/qmail-newu"
is "$status" 0 "a final dot without a newline is accepted"
is "$(dump)" "!a|->a|1|1|/h||
->" "one exact entry and an empty wildcard set"

run "$Q/bin/qmail-newu" extra
is "$status" 100 "an argument is a usage error"
like "$stderr" '^qmail-newu: fatal: usage: qmail-newu$' "with a usage message"
