#!/bin/sh
# qmail-getpw: qmail-getpw(8)'s rules: lowercased names, longest name
# before each '-' first, never uid 0, home must exist and be owned by the
# user, upper case in passwd never matches, the rest goes to alias.
. "${0%/*}/ilib.sh"
need_root
plan 28
quail_install

u=qt$$g
add_user "$u"
add_user "$u-list"
add_user "${u}h"
add_user "${u}m"
chown root "$TMP/home/${u}h"
rmdir "$TMP/home/${u}m"

qmailp=$(head -n 1 "$TOP/conf/user-qmailp")
# gp LOCAL: run qmail-getpw as qmailp (as qmail-lspawn does), with the
# NUL-separated output shown with '|'.
gp() {
    setpriv --reuid="$(id -u "$qmailp")" --regid="$(id -g "$qmailp")" \
        --clear-groups "$Q/bin/qmail-getpw" "$@" >"$TMP/gp.out" \
        2>"$TMP/gp.err"
    status=$?
    stdout=$(tr '\0' '|' <"$TMP/gp.out")
    stderr=$(cat "$TMP/gp.err")
}
ent() { echo "$1|$(id -u "$1")|$(id -g "$1")|$TMP/home/$1"; }
A=$(head -n 1 "$TOP/conf/user-alias")
alias="$A|$(id -u "$A")|$(id -g "$A")|$Q/alias"

gp "$u"
is "$status" 0 "a user is found"
is "$stdout" "$(ent "$u")|||" "the user, no dash, no extension"
is "$stderr" "" "quietly"

gp "$u-foo-Bar"
is "$stdout" "$(ent "$u")|-|foo-Bar|" \
    "extension after the first '-' that ends a user name, case kept"
gp "$u-list-x"
is "$stdout" "$(ent "$u-list")|-|x|" "the longest user name wins"
gp "$u-list"
is "$stdout" "$(ent "$u-list")|||" "a user name with a '-' in it"
gp "$(echo "$u" | tr a-z A-Z)-LIST-Ext"
is "$status" 0 "upper-case local part"
is "$stdout" "$(ent "$u-list")|-|Ext|" "is lowercased for the lookup only"
gp "$u-"
is "$stdout" "$(ent "$u")|-||" "a trailing '-': dash, empty extension"

gp "${u}h"
is "$stdout" "$alias|-|${u}h|" "a home owned by someone else: alias"
gp "${u}h-x"
is "$stdout" "$alias|-|${u}h-x|" "also with an extension"
gp "${u}m"
is "$stdout" "$alias|-|${u}m|" "a missing home: alias"
is "$status" 0 "and that is not an error"

gp root
is "$stdout" "$alias|-|root|" "uid 0 never receives mail itself"
gp Root-Foo
is "$stdout" "$alias|-|Root-Foo|" "nor with an extension; alias gets it all"

gp "nosuch$$"
is "$status" 0 "an unknown name"
is "$stdout" "$alias|-|nosuch$$|" "goes to alias, home in this installation"
gp ""
is "$stdout" "$alias|-||" "an empty local part goes to alias"
gp "-$u"
is "$stdout" "$alias|-|-$u|" "an empty user name before a '-' is no user"
long=$(printf 'x%.0s' $(seq 1 40))
gp "$u-$long"
is "$stdout" "$(ent "$u")|-|$long|" "a long extension is fine"

# An account with upper case in its name never matches.
U=Qt$$U
if useradd --badname -M -d "$TMP/home/$U" -s /bin/sh "$U" 2>/dev/null ||
    useradd --badnames -M -d "$TMP/home/$U" -s /bin/sh "$U" 2>/dev/null
then
    at_exit "_deluser $U"
    mkdir -p "$TMP/home/$U" && chown "$U" "$TMP/home/$U"
    gp "$U"
    is "$stdout" "$alias|-|$U|" "an upper-case passwd name is never used"
    gp "$(echo "$U" | tr A-Z a-z)"
    is "$stdout" "$alias|-|$(echo "$U" | tr A-Z a-z)|" \
        "not even when the address is written in lower case"
else
    ok 0 "# SKIP useradd refuses upper-case names"
    ok 0 "# SKIP useradd refuses upper-case names"
fi

run "$Q/bin/qmail-getpw"
is "$status" 100 "no argument is a usage error"
like "$stderr" '^qmail-getpw: fatal: usage: qmail-getpw local$' \
    "with a usage message"
run "$Q/bin/qmail-getpw" a b
is "$status" 100 "two arguments are a usage error"

# A home directory that cannot be examined is a temporary failure, not
# a reason to give the mail to alias.
mkdir -p "$TMP/locked"
add_user "${u}l"
usermod -d "$TMP/locked/home" "${u}l"
mkdir "$TMP/locked/home" && chown "${u}l" "$TMP/locked/home"
chmod 700 "$TMP/locked"
gp "${u}l"
is "$status" 111 "unreadable home directory: temporary failure"
like "$stderr" "^qmail-getpw: fatal: unable to stat $TMP/locked/home: " \
    "naming the directory"
is "$stdout" "" "and printing nothing"
