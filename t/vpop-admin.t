#!/bin/sh
# vadddomain, vadduser, vpasswd, vuserinfo, vmkpasswd, vdeluser,
# vdeldomain: the files they write (control/virtualdomains, rcpthosts,
# users/assign and users/cdb, the domain's vpasswd and vpasswd.cdb),
# hashed passwords only, atomic rebuilds, owners, refusals.
. "${0%/*}/vpoplib.sh"
plan 94
vpop_setup
E=$D/example.test
uid=$(id -u "$VU") gid=$(id -g "$VU")

# --- vadddomain ------------------------------------------------------------
run "$Q/bin/vadddomain" Example.TEST
is "$status" 0 "vadddomain: exit 0"
is "$stderr" "" "  quietly"
is "$(cat "$Q/control/virtualdomains")" "example.test:example.test" \
    "virtualdomains: domain:domain, lower case"
is "$(tail -n 1 "$Q/control/rcpthosts")" "example.test" "rcpthosts: appended"
is "$(cat "$Q/users/assign")" "+example.test-:$VU:$uid:$gid:$E:-::
." "users/assign: the prefix goes to the account"
is "$(cdb -q "$Q/users/cdb" '!example.test-' | tr '\0' '|')" \
    "$VU|$uid|$gid|$E|-|" "qmail-newu ran: users/cdb has it"
is "$(stat -c '%U %a' "$E")" "$VU 700" "domain directory: the account's, 700"
is "$(cat "$E/.qmail-default")" "| '$Q/bin/vdelivermail' '' 'bounce-no-mailbox'" \
    ".qmail-default hands mail to vdelivermail"
is "$(stat -c '%U %a %s' "$E/vpasswd" "$E/.qmail-default")" "$VU 600 0
$VU 600 69" "vpasswd empty, both private"
is "$(stat -c '%U %a' "$E/vpasswd.cdb")" "$VU 600" "vpasswd.cdb private too"
is "$(stat -c '%U %a' "$Q/control/virtualdomains" "$Q/users/assign")" \
    "root 644
root 644" "control files stay readable for qmail-send"

run "$Q/bin/vadddomain" example.test
is "$status" 100 "the same domain again: 100"
is "$stderr" "vadddomain: fatal: domain exists: $E" "  says so"
run "$Q/bin/vadddomain" quail.test
is "$status" 100 "a local domain: 100"
is "$stderr" "vadddomain: fatal: quail.test is in control/locals" "  says so"
run "$Q/bin/vadddomain" 'a..b'
is "$status" 100 "a bad domain name: 100"
is "$stderr" "vadddomain: fatal: bad domain name: a..b" "  says so"
run "$Q/bin/vadddomain" ../etc
is "$status" 100 "a path as domain: 100"
echo 'routed.test:alice' >> "$Q/control/virtualdomains"
run "$Q/bin/vadddomain" routed.test
is "$status" 100 "a domain virtualdomains sends elsewhere: 100"
is "$stderr" "vadddomain: fatal: routed.test is already in control/virtualdomains" \
    "  says so"
run "$Q/bin/vadddomain" -e "x'y" other.test
is "$status" 100 "a catch-all that would need quoting: 100"
run "$Q/bin/vadddomain"
is "$status" 100 "no domain: usage, 100"
like "$stderr" '^vadddomain: fatal: usage: vadddomain ' "  usage text"
ls -a "$D" > "$TMP/before"
is "$(grep -c . "$TMP/before")" 4 "refusals left no directory behind"

# without rcpthosts, none is made (that would refuse the local domains)
mv "$Q/control/rcpthosts" "$TMP/rcpthosts.save"
run "$Q/bin/vadddomain" -e postmaster@example.test second.test sekret
is "$status" 0 "vadddomain with a catch-all and a postmaster password"
ok "$([ ! -e "$Q/control/rcpthosts" ]; echo $?)" "  no rcpthosts made"
mv "$TMP/rcpthosts.save" "$Q/control/rcpthosts"
is "$(cat "$D/second.test/.qmail-default")" \
    "| '$Q/bin/vdelivermail' '' 'postmaster@example.test'" "  the catch-all"
like "$(cat "$D/second.test/vpasswd")" \
    "^postmaster:\\\$y\\\$[^:]+:0:0::$D/second.test/postmaster:NOQUOTA\$" \
    "  postmaster added with a yescrypt hash"
is "$(sed -n '$p' "$Q/users/assign")" "." "users/assign still ends with ."
is "$(grep -c '^+' "$Q/users/assign")" 2 "  two domains assigned"

# --- vadduser ----------------------------------------------------------------
run "$Q/bin/vadduser" joe@example.test 'secret pw'
is "$status" 0 "vadduser with the password as argument"
line=$(cat "$E/vpasswd")
like "$line" "^joe:\\\$y\\\$[^:]+:0:0::$E/joe:NOQUOTA\$" "the vpasswd line"
unlike "$(cat "$E/vpasswd" "$E/vpasswd.cdb")" 'secret' \
    "no clear-text password in vpasswd or vpasswd.cdb"
is "$(cdb -q "$E/vpasswd.cdb" joe)" "$line" "the cdb: name -> the line"
is "$(stat -c '%U %a' "$E/joe" "$E/joe/Maildir" "$E/joe/Maildir/new" \
    "$E/joe/Maildir/cur" "$E/joe/Maildir/tmp" | sort -u)" "$VU 700" \
    "the user's Maildir, the account's, 700"
ino1=$(stat -c %i "$E/vpasswd.cdb")
printf 'pass two\n' > "$TMP/pw"
run_in "$TMP/pw" "$Q/bin/vadduser" -c 'Ann Example' -q 1048576S ANN@example.test
is "$status" 0 "vadduser reading the password from stdin"
like "$(grep '^ann:' "$E/vpasswd")" ":0:0:Ann Example:$E/ann:1048576S\$" \
    "  comment and quota, name lower-cased"
ok "$([ "$(stat -c %i "$E/vpasswd.cdb")" != "$ino1" ]; echo $?)" \
    "vpasswd.cdb replaced by a new file (rename)"
ok "$(! ls -a "$E" | grep -q tmp; echo $?)" "  no temporary file left"
h1=$(grep '^joe:' "$E/vpasswd" | cut -d: -f2)
run "$Q/bin/vadduser" bob@example.test 'secret pw'
h2=$(grep '^bob:' "$E/vpasswd" | cut -d: -f2)
ok "$([ "$h1" != "$h2" ]; echo $?)" "same password, another salt"

run "$Q/bin/vadduser" joe@example.test x
is "$status" 100 "an existing user: 100"
is "$stderr" "vadduser: fatal: joe@example.test already exists" "  says so"
run "$Q/bin/vadduser" joe@nowhere.test x
is "$status" 100 "no such domain: 100"
is "$stderr" "vadduser: fatal: no such domain: nowhere.test" "  says so"
run "$Q/bin/vadduser" joe x
is "$status" 100 "no domain: 100"
is "$stderr" "vadduser: fatal: bad address: joe" "  says so"
run "$Q/bin/vadduser" vpasswd@example.test x
is "$status" 100 "a name that is a file of the domain: 100"
printf '\n' > "$TMP/empty"
run_in "$TMP/empty" "$Q/bin/vadduser" carl@example.test
is "$status" 100 "an empty password: 100"
is "$stderr" "vadduser: fatal: empty password, or the two did not match" \
    "  says so"
run "$Q/bin/vadduser" -c 'a:b' carl@example.test x
is "$status" 100 "a colon in the comment: 100"
run "$Q/bin/vadduser" -q 10M carl@example.test x
is "$status" 100 "a quota that is no byte count: 100"
ok "$([ ! -e "$E/carl" ]; echo $?)" "refused users get no directory"

# the account itself may run the tools; nobody else but root
run setuidgid "$VU" "$Q/bin/vadduser" self@example.test pw
is "$status" 0 "vadduser run by the account itself"
o=qt$$o
add_user "$o"
run setuidgid "$o" "$Q/bin/vadduser" other@example.test pw
is "$status" 111 "vadduser run by another user: 111"
like "$stderr" "^vadduser: fatal: unable to (look at|take on the account of) $E: " \
    "  says so"
run "$Q/bin/vdeluser" self@example.test
is "$status" 0 "  (vdeluser self)"

# --- vmkpasswd and hand edits -------------------------------------------------
cp "$E/vpasswd" "$TMP/vpasswd.good"
ino1=$(stat -c %i "$E/vpasswd.cdb")
echo 'dave:plaintext:0:0::/x/dave:NOQUOTA' >> "$E/vpasswd"
run "$Q/bin/vmkpasswd" example.test
is "$status" 111 "vmkpasswd: a clear-text password field: 111"
is "$stderr" "vmkpasswd: fatal: vpasswd line 4: password field is not a crypt(3) hash; vpasswd.cdb left as it was" \
    "  names the line"
is "$(stat -c %i "$E/vpasswd.cdb")" "$ino1" "  old cdb untouched"
run "$Q/bin/vadduser" carl@example.test x
is "$status" 111 "vadduser refuses to build on a bad vpasswd"
like "$stderr" '^vadduser: fatal: vpasswd line 4: .*nothing changed$' \
    "  names the line"
ok "$([ ! -e "$E/carl" ] && ! grep -q '^carl' "$E/vpasswd"; echo $?)" \
    "  and changed nothing"
cp "$TMP/vpasswd.good" "$E/vpasswd"
echo "# a comment" >> "$E/vpasswd"
grep '^joe:' "$TMP/vpasswd.good" | sed 's/^joe:/eve:/; s/:[^:]*$/:5000/' >> "$E/vpasswd"
run "$Q/bin/vmkpasswd" EXAMPLE.test
is "$status" 0 "vmkpasswd after a good hand edit"
like "$(cdb -q "$E/vpasswd.cdb" eve)" '^eve:.*:5000$' "  eve is in the cdb"
is "$(stat -c '%U %a' "$E/vpasswd.cdb")" "$VU 600" "  still the account's, 600"
run "$Q/bin/vmkpasswd" nowhere.test
is "$status" 100 "vmkpasswd: no such domain: 100"

# --- vpasswd, vuserinfo --------------------------------------------------------
run "$Q/bin/vpasswd" joe@example.test 'new secret'
is "$status" 0 "vpasswd: exit 0"
h3=$(grep '^joe:' "$E/vpasswd" | cut -d: -f2)
ok "$([ "$h3" != "$h1" ] && [ "${h3#\$y\$}" != "$h3" ]; echo $?)" \
    "  a new yescrypt hash"
is "$(grep '^joe:' "$E/vpasswd" | cut -d: -f3-)" "0:0::$E/joe:NOQUOTA" \
    "  the other fields kept"
is "$(grep -c '^# a comment' "$E/vpasswd")" 1 "  comments kept"
run "$Q/bin/vpasswd" nobody@example.test x
is "$status" 100 "vpasswd: no such user: 100"
is "$stderr" "vpasswd: fatal: no such user: nobody@example.test" "  says so"

run "$Q/bin/vuserinfo" ann@example.test
is "$status" 0 "vuserinfo: exit 0"
is "$(echo "$stdout" | grep -v '^passwd:')" "name:   ann
gecos:  Ann Example
dir:    $E/ann
quota:  1048576S" "  the fields"
like "$(echo "$stdout" | grep '^passwd:')" '^passwd: \$y\$' "  the hash"
run "$Q/bin/vuserinfo" -n -D example.test
is "$stdout" "joe
ann
bob
eve" "vuserinfo -n -D: every name"
run "$Q/bin/vuserinfo" zed@example.test
is "$status" 100 "vuserinfo: no such user: 100"

# --- vdeluser -----------------------------------------------------------------
run "$Q/bin/vdeluser" bob@example.test
is "$status" 0 "vdeluser: exit 0"
ok "$([ ! -e "$E/bob" ] && ! grep -q '^bob:' "$E/vpasswd"; echo $?)" \
    "  line and directory gone"
is "$(cdb -q "$E/vpasswd.cdb" bob; echo $?)" "100" "  not in the cdb"
run "$Q/bin/vdeluser" eve@example.test
is "$status" 0 "vdeluser of a user whose dir is not the domain's"
is "$stderr" "vdeluser: warning: left $E/joe in place: not $E/eve" \
    "  leaves that dir alone"
run "$Q/bin/vdeluser" bob@example.test
is "$status" 100 "vdeluser again: 100"

# --- vdeldomain -----------------------------------------------------------------
run "$Q/bin/vdeldomain" example.test
is "$status" 0 "vdeldomain: exit 0"
ok "$([ ! -e "$E" ]; echo $?)" "  the directory is gone"
is "$(cat "$Q/control/virtualdomains")" "routed.test:alice
second.test:second.test" "  virtualdomains keeps the others"
is "$(grep -c example.test "$Q/control/rcpthosts" "$Q/users/assign" | tr '\n' ' ')" \
    "$Q/control/rcpthosts:0 $Q/users/assign:0 " "  rcpthosts and assign too"
is "$(cdb -q "$Q/users/cdb" '!example.test-'; echo $?)" "100" \
    "  users/cdb rebuilt"
run "$Q/bin/vdeldomain" example.test
is "$status" 100 "vdeldomain again: 100"
is "$stderr" "vdeldomain: fatal: no such domain: example.test" "  says so"

mv "$D" "$TMP/domains.away"
run "$Q/bin/vadddomain" third.test
is "$status" 111 "no domains/: 111"
is "$stderr" "vadddomain: fatal: $D does not exist: make it, owned by the virtual mail account" \
    "  says so"
mv "$TMP/domains.away" "$D"
chown root "$D"
run "$Q/bin/vadddomain" third.test
is "$status" 111 "domains/ owned by root: 111"
is "$stderr" "vadddomain: fatal: unable to use $D (owned by root): Operation not permitted" \
    "  says so"
