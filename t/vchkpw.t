#!/bin/sh
# vchkpw: the checkpassword interface for virtual users: user@domain and
# user%domain, any case; the subprogram runs as the domain's account in
# the user's directory with USER, HOME, SHELL; 1 for every kind of bad
# login (logged), 2 for misuse, 111 for a broken database.
. "${0%/*}/vpoplib.sh"
plan 40
vpop_setup
"$Q/bin/vadddomain" example.test || echo "# vadddomain failed"
"$Q/bin/vadduser" joe@example.test 'open sesame' || echo "# vadduser failed"
E=$D/example.test
uid=$(id -u "$VU") gid=$(id -g "$VU")

pw_check joe@example.test 'open sesame'
is "$status" 0 "right password: the subprogram ran, its exit code"
is "$stdout" "$E/joe
$uid
$gid
joe@example.test
$E/joe
/bin/false" "in the user's directory, as the account; USER, HOME, SHELL"
is "$stderr" "" "  nothing logged"
pw_check 'Joe@Example.Test' 'open sesame'
is "$status" 0 "the login in any case"
is "$(echo "$stdout" | sed -n 4p)" joe@example.test "  USER in lower case"
pw_check 'joe%example.test' 'open sesame'
is "$status" 0 "user%domain"
is "$(echo "$stdout" | sed -n 4p)" joe@example.test "  USER with an @"

pw_check joe@example.test 'open sesamE'
is "$status" 1 "wrong password: 1"
is "$stdout" "" "  the subprogram did not run"
is "$stderr" "vchkpw: warning: login failed for joe@example.test: wrong password" \
    "  logged"
pw_check joe@example.test ''
is "$status" 1 "empty password: 1"
is "$stderr" "vchkpw: warning: login failed for joe@example.test: empty password" \
    "  logged"
pw_check ann@example.test 'open sesame'
is "$status" 1 "no such user: 1"
is "$stderr" "vchkpw: warning: login failed for ann@example.test: no such user" \
    "  logged"
pw_check joe@nowhere.test 'open sesame'
is "$status" 1 "no such domain: 1"
is "$stderr" "vchkpw: warning: login failed for joe@nowhere.test: no such user" \
    "  logged like an unknown user"
pw_check joe 'open sesame'
is "$status" 1 "no domain: 1"
is "$stderr" "vchkpw: warning: login failed for joe: not user@domain" "  logged"
pw_check '../../etc@passwd' x
is "$status" 1 "a path as login: 1"
pw_check "$(printf 'j\033[2Jo@x')" x
is "$stderr" "vchkpw: warning: login failed for j?[2Jo@x: not user@domain" \
    "  control characters in the log made harmless"
pw_check joe@example.test "$(printf 'open sesame\nx')"
is "$status" 1 "the password with more after it: 1"

# APOP: the digest is no password; with hashes only it cannot work
pw_check joe@example.test 0123456789abcdef0123456789abcdef
is "$status" 1 "an APOP digest: 1"

# misuse
run "$Q/bin/vchkpw"
is "$status" 2 "no subprogram: 2"
is "$stderr" "vchkpw: fatal: usage: vchkpw prog [arg ...]" "  says so"
run "$Q/bin/vchkpw" true 3</dev/null
is "$status" 2 "nothing on fd 3: 2"
is "$stderr" "vchkpw: fatal: unable to read user and password from fd 3" \
    "  says so"
printf 'joe@example.test' > "$TMP/fd3"
run "$Q/bin/vchkpw" true 3<"$TMP/fd3"
is "$status" 2 "no NUL after the user: 2"
printf 'joe@example.test\0open sesame' > "$TMP/fd3"
run "$Q/bin/vchkpw" true 3<"$TMP/fd3"
is "$status" 2 "no NUL after the password: 2"
run "$Q/bin/vchkpw" true 3>&-
is "$status" 2 "fd 3 closed: 2"

# a locked entry, a changed password
sed -i 's/^joe:/joe:!/' "$E/vpasswd"
"$Q/bin/vmkpasswd" example.test
pw_check joe@example.test 'open sesame'
is "$status" 1 "a locked entry: 1"
is "$stderr" "vchkpw: warning: login failed for joe@example.test: account locked" \
    "  logged"
"$Q/bin/vpasswd" joe@example.test 'new one'
pw_check joe@example.test 'open sesame'
is "$status" 1 "after vpasswd the old password fails"
pw_check joe@example.test 'new one'
is "$status" 0 "  and the new one works"

# a subprogram that cannot run, a broken database
printf 'joe@example.test\0new one\0\0' > "$TMP/fd3"
run "$Q/bin/vchkpw" /nonexistent/prog 3<"$TMP/fd3"
is "$status" 111 "a subprogram that cannot run: 111"
like "$stderr" '^vchkpw: fatal: unable to run /nonexistent/prog: ' "  says so"
mv "$E/vpasswd.cdb" "$TMP/cdb.save"
pw_check joe@example.test 'new one'
is "$status" 111 "vpasswd.cdb missing: 111 (temporary)"
is "$stderr" "vchkpw: fatal: unable to read $E/vpasswd.cdb: No such file or directory" \
    "  says so"
echo garbage > "$E/vpasswd.cdb"
pw_check joe@example.test 'new one'
is "$status" 111 "a broken vpasswd.cdb: 111"
mv "$TMP/cdb.save" "$E/vpasswd.cdb"
rmdir "$E/joe/Maildir/tmp" "$E/joe/Maildir/new" "$E/joe/Maildir/cur" \
    "$E/joe/Maildir" "$E/joe"
pw_check joe@example.test 'new one'
is "$status" 111 "the user's directory missing: 111"
like "$stderr" "^vchkpw: fatal: unable to chdir to $E/joe: " "  says so"
