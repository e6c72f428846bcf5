#!/bin/sh
# instcheck.sh - check an installed tree against tools/hier, as qmail's
# instcheck does: every missing path, wrong type, owner, group or mode is
# reported on stderr; exit 1 when anything is wrong, 0 when all is well.
# Run from the top of the source tree with QMAILHOME (and DESTDIR) set.
set -u
: "${QMAILHOME:?}"
home=${DESTDIR-}$QMAILHOME
top=$(pwd)
bad=0

conf() { head -n 1 "$top/conf/$1"; }
problem() { echo "instcheck: $1" >&2; bad=1; }

check() { # path type owner-role group-role mode
    p=$home/$1
    if [ ! -e "$p" ] && [ ! -p "$p" ]; then
        problem "$p is missing"; return
    fi
    case $2 in
    d) [ -d "$p" ] || problem "$p is not a directory" ;;
    p) [ -p "$p" ] || problem "$p is not a fifo" ;;
    *) [ -f "$p" ] || problem "$p is not a regular file" ;;
    esac
    set -- $(stat -c '%U %G %a' "$p") "$3" "$4" "$5"
    want_owner=$(conf "user-$4") want_group=$(conf "group-$5")
    want_mode=$(printf '%o' "0$6")
    [ "$1" = "$want_owner" ] || problem "$p: owner $1, want $want_owner"
    [ "$2" = "$want_group" ] || problem "$p: group $2, want $want_group"
    [ "$3" = "$want_mode" ] || problem "$p: mode $3, want $want_mode"
}

split=$(conf split)
while read -r type path owner grp mode; do
    case $type in
    '' | \#*) continue ;;
    s) check "$path" d "$owner" "$grp" "$mode"
       i=0
       while [ $i -lt "$split" ]; do
           check "$path/$i" d "$owner" "$grp" "$mode"; i=$((i + 1))
       done ;;
    x) [ -e "$top/cmd/${path#bin/}.c" ] || [ -e "$top/cmd/${path#bin/}.sh" ] &&
           check "$path" f "$owner" "$grp" "$mode" ;;
    z1024) check "$path" f "$owner" "$grp" "$mode"
       [ -f "$home/$path" ] && [ "$(stat -c %s "$home/$path")" -lt 1024 ] &&
           problem "$home/$path is shorter than 1024 bytes" ;;
    *) check "$path" "$type" "$owner" "$grp" "$mode" ;;
    esac
done < "$top/tools/hier"

# Every program the source tree has, with its default mode unless hier
# names it.
for src in "$top"/cmd/*.c "$top"/cmd/*.sh; do
    [ -f "$src" ] || continue
    name=$(basename "$src"); name=${name%.*}
    grep -q "^x  *bin/$name " "$top/tools/hier" ||
        check "bin/$name" f root qmail 0755
done
for m in "$top"/man/*.[1-8]; do
    [ -f "$m" ] || continue
    check "man/man${m##*.}/$(basename "$m")" f root qmail 0644
done
for dir in "$top"/service/*/; do
    [ -f "$dir/run" ] || continue
    name=$(basename "$dir")
    check "service/$name/run" f root qmail 0755
    if [ -f "$dir/log/run" ]; then
        check "service/$name/log/run" f root qmail 0755
        check "service/$name/log/main" d qmaill qmail 0750
    fi
done
[ $bad = 0 ] && echo "instcheck: $home is complete and correct"
exit $bad
