#!/bin/sh
# checkpassword against real system accounts: the hash formats Debian
# uses, what the program runs as and with, refused logins (wrong
# password, unknown user, locked, expired, uid 0, APOP), and the
# interface's exit codes 1, 2 and 111.
. "${0%/*}/ilib.sh"
need_root
plan 38
u=qt$$c
add_user "$u"
H=$TMP/home/$u
g=qt$$g
groupadd "$g" && at_exit "groupdel $g 2>/dev/null"
usermod -aG "$g" "$u"
setpw() { echo "$u:$2" | chpasswd ${1:+-c "$1"}; }
# login USER PASSWORD [prog...]: sets status, stdout, stderr
login() {
    _u=$1 _p=$2; shift 2
    printf '%s\0%s\0<1.2@host>\0' "$_u" "$_p" > fd3
    run checkpassword "${@:-true}" 3<fd3
}
show='echo "$USER|$HOME|$SHELL|$(id -un)|$(id -gn)|$(pwd)"; [ -e /dev/fd/3 ] && echo fd3 open; id -G'

# -c: shadow-utils writes /etc/shadow itself, under the lock useradd and
# userdel in parallel tests take too (chpasswd through PAM may not, and
# a user added meanwhile could put the old entry back).
setpw YESCRYPT 'pass word'
like "$(getent shadow "$u" | cut -d: -f2)" '^\$y\$' \
    "chpasswd made a yescrypt hash (Debian's default)"
login "$u" 'pass word' sh -c "$show"
is "$status:$stderr" "0:" "yescrypt: good password runs the program"
is "$(echo "$stdout" | sed -n 1p)" "$u|$H|/bin/sh|$u|$u|$H" \
    "  USER, HOME, SHELL set; runs as the user and group, in the home"
is "$(echo "$stdout" | sed -n 2p | tr ' ' '\n' | sort -n | tr '\n' ' ')" \
    "$( (id -g "$u"; getent group "$g" | cut -d: -f3) | sort -n | tr '\n' ' ')" \
    "  with the user's groups only (initgroups; none of root's)"
is "$(echo "$stdout" | grep -c 'fd3 open')" 0 "  fd 3 closed"
login "$u" 'pass wordx'
is "$status:$stdout:$stderr" "1::" "wrong password: 1, nothing said"
login "$u" ''
is "$status" 1 "empty password: 1"

for m in SHA512 SHA256 MD5 YESCRYPT; do
    setpw $m "pw-$m"
    login "$u" "pw-$m" sh -c 'id -un'
    is "$status:$stdout" "0:$u" "$m hash: good password"
    login "$u" "pw-x"
    is "$status" 1 "$m hash: wrong password: 1"
done

login "nosuch$$" whatever
is "$status:$stderr" "1:" "unknown user: 1, as a wrong password"
login "" whatever
is "$status" 1 "empty user name: 1"
login "$u" 'c4c9334bac560ecc979e58001b3e22fb'
is "$status" 1 "an APOP digest as the password: 1"

setpw '' good
usermod -L "$u"
login "$u" good
is "$status" 1 "locked account (usermod -L): 1"
usermod -U "$u"
login "$u" good
is "$status" 0 "  unlocked: 0"
chage -E 2000-01-01 "$u"
login "$u" good
is "$status" 1 "expired account (chage -E): 1"
chage -E "$(date -d tomorrow +%Y-%m-%d)" "$u"
login "$u" good
is "$status" 0 "  expiring tomorrow: 0"
chage -E -1 "$u"

# uid 0: a second root account with a password is still refused.
r=qt$$r
if useradd -o -u 0 -g 0 -M -d /nonexistent -s /bin/sh "$r" 2>/dev/null; then
    at_exit "userdel -f $r 2>/dev/null"
    echo "$r:rootpw" | chpasswd -c YESCRYPT
    login "$r" rootpw id -u
    is "$status:$stdout" "1:" "uid 0 with the right password: 1"
    userdel -f "$r" 2>/dev/null
else
    ok 0 "# SKIP cannot add a uid 0 account"
fi

run checkpassword
is "$status" 2 "no program: 2"
like "$stderr" '^checkpassword: fatal: usage: checkpassword prog' "  usage"
run checkpassword true 3<&-
is "$status" 2 "fd 3 closed: 2"
like "$stderr" '^checkpassword: fatal: unable to read fd 3: ' "  logged"
printf '%s\0%s' "$u" good > fd3
run checkpassword true 3<fd3
is "$status" 2 "no NUL after the password: 2"
like "$stderr" 'no NUL after the password' "  logged"
printf '%s' "$u" > fd3
run checkpassword true 3<fd3
is "$status" 2 "no NUL after the user: 2"
head -c 600 /dev/zero > fd3
run checkpassword true 3<fd3
is "$status" 2 "512 bytes or more: 2"
like "$stderr" 'more than 511 bytes on fd 3' "  logged"

login "$u" good ./nonexistent-program
is "$status" 111 "program cannot run: 111"
like "$stderr" '^checkpassword: fatal: unable to run \./nonexistent-program: ' \
    "  logged"
chmod 700 "$H"; chown root "$H"
login "$u" good true
is "$status" 111 "home the user may not enter: 111"
like "$stderr" "^checkpassword: fatal: unable to enter the home of $u: Permission denied\$" \
    "  logged"
chown "$u" "$H"
printf '%s\0good\0\0' "$u" > fd3
run setuidgid nobody checkpassword true 3<fd3
is "$status" 111 "not root: the shadow file is unreadable: 111"
like "$stderr" "^checkpassword: fatal: unable to read the shadow entry of $u \\(not run as root\\?\\)\$" \
    "  logged"
