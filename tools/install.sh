#!/bin/sh
# install.sh - install quail into $DESTDIR$QMAILHOME. Called by make install
# with BUILD, QMAILHOME, DESTDIR, LINK, LIBS, CPROGS, SPROGS set (and
# MUSL_LINK, MUSL_LIBS, MUSL_PROGS for the programs linked with musl).
#
# Programs are linked here, for this home, because the home is compiled
# into them (qmail-queue is setuid and must not take it from anywhere else).
# The tree follows tools/hier. An existing installation keeps its control/
# files, its alias/ files and its queued messages: only programs, man pages,
# service run files and missing pieces are (re)written.
set -eu
: "${BUILD:?}" "${QMAILHOME:?}" "${LINK:?}"
DESTDIR=${DESTDIR-}
LIBS=${LIBS--lcdb}
top=$(pwd)
home=$DESTDIR$QMAILHOME
is_root=false
[ "$(id -u)" = 0 ] && is_root=true

say() { echo "install: $*" >&2; }
fail() { echo "install: fatal: $*" >&2; exit 111; }
conf() { head -n 1 "$top/conf/$1"; }
user() { conf "user-$1"; }
group() { conf "group-$1"; }

# --- users and groups (root only; one set per machine) -------------------
make_users() {
    users_home=$(conf home)
    nologin=/usr/sbin/nologin
    [ -x $nologin ] || nologin=/bin/false
    for g in qmail nofiles vchkpw; do
        getent group "$(group $g)" >/dev/null ||
            groupadd -r "$(group $g)" || fail "groupadd $(group $g)"
    done
    for spec in alias:nofiles:/alias qmaild:nofiles: qmaill:nofiles: \
        qmailp:nofiles: qmailq:qmail: qmailr:qmail: qmails:qmail: \
        vpopmail:vchkpw:/domains; do
        role=${spec%%:*}; rest=${spec#*:}; g=${rest%%:*}; sub=${rest#*:}
        getent passwd "$(user "$role")" >/dev/null && continue
        useradd -r -M -g "$(group "$g")" -d "$users_home$sub" -s $nologin \
            "$(user "$role")" || fail "useradd $(user "$role")"
        say "created user $(user "$role")"
    done
}

# --- the tree ------------------------------------------------------------
own() { # path owner-role group-role mode
    if $can_chown; then
        chown "$(user "$2"):$(group "$3")" "$1" || fail "chown $1"
    fi
    chmod "$4" "$1" || fail "chmod $1"
}

make_dir() {
    [ -d "$1" ] || mkdir -p "$1" || fail "mkdir $1"
    own "$@"
}

make_tree() {
    split=$(conf split)
    grep -v '^#' "$top/tools/hier" | while read -r type path owner grp mode; do
        [ -n "$type" ] || continue
        p=$home/$path
        case $type in
        d) make_dir "$p" "$owner" "$grp" "$mode" ;;
        s) make_dir "$p" "$owner" "$grp" "$mode"
           i=0
           while [ $i -lt "$split" ]; do
               make_dir "$p/$i" "$owner" "$grp" "$mode"; i=$((i + 1))
           done ;;
        e) [ -e "$p" ] || { : > "$p" && own "$p" "$owner" "$grp" "$mode"; } ;;
        z|z1024)
           if [ ! -f "$p" ]; then
               if [ $type = z1024 ]; then
                   head -c 1024 /dev/zero > "$p"
               else
                   : > "$p"
               fi
           fi
           own "$p" "$owner" "$grp" "$mode" ;;
        p) [ -p "$p" ] || { [ ! -e "$p" ] || fail "$p exists, not a fifo"
                            mkfifo "$p" || fail "mkfifo $p"; }
           own "$p" "$owner" "$grp" "$mode" ;;
        x) ;; # programs: below
        *) fail "tools/hier: unknown type $type" ;;
        esac
    done
}

# --- programs --------------------------------------------------------------
mode_of() { # program -> "owner group mode"
    m=$(awk -v p="bin/$1" '$1 == "x" && $2 == p { print $3, $4, $5 }' \
        "$top/tools/hier")
    echo "${m:-root qmail 0755}"
}

put_file() { # src dest owner group mode: write beside, then rename
    tmp=$(dirname "$2")/.$(basename "$2").tmp
    cp "$1" "$tmp" || fail "copy $1"
    own "$tmp" "$3" "$4" "$5"
    mv -f "$tmp" "$2" || fail "rename $2"
}

install_programs() {
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    "$top/tools/auto.sh" home "$QMAILHOME" > "$work/home.c"
    $LINK -c -o "$work/home.o" "$work/home.c" || fail "compile home"
    mkdir "$work/musl"
    if [ -n "${MUSL_LINK-}" ]; then
        $MUSL_LINK -c -o "$work/musl/home.o" "$work/home.c" ||
            fail "compile home"
    fi
    # Link in parallel: an install per test must stay cheap. The programs
    # in MUSL_PROGS are linked statically with musl (see the Makefile).
    for p in ${CPROGS-}; do
        case " ${MUSL_PROGS-} " in
        *" $p "*) echo "$MUSL_LINK|$p|$BUILD/musl|$work/musl|$MUSL_LIBS" ;;
        *) echo "$LINK|$p|$BUILD|$work|$LIBS" ;;
        esac
    done | work=$work xargs -r -d "\n" -P 2 -I{} sh -c \
        'IFS="|"; set -- $1; IFS=" "
         $1 -o "$work/$2" "$3/obj/$2.o" "$4/home.o" "$3/lib.a" $5' sh {} ||
        fail "link failed"
    for p in ${CPROGS-}; do
        set -- $(mode_of "$p")
        put_file "$work/$p" "$home/bin/$p" "$1" "$2" "$3"
    done
    for p in ${SPROGS-}; do
        set -- $(mode_of "$p")
        sed "s|@QMAILHOME@|$QMAILHOME|g" "$top/cmd/$p.sh" > "$work/$p"
        put_file "$work/$p" "$home/bin/$p" "$1" "$2" "$3"
    done
}

install_man() {
    for m in "$top"/man/*.[1-8]; do
        [ -f "$m" ] || continue
        sec=${m##*.}
        make_dir "$home/man/man$sec" root qmail 0755
        put_file "$m" "$home/man/man$sec/$(basename "$m")" root qmail 0644
    done
}

# Service run files name the home and the users; fill them in here.
substitute() {
    sed -e "s|@QMAILHOME@|$QMAILHOME|g" \
        -e "s|@USER_QMAILD@|$(user qmaild)|g" \
        -e "s|@USER_QMAILL@|$(user qmaill)|g" \
        -e "s|@USER_QMAILR@|$(user qmailr)|g" \
        -e "s|@USER_QMAILS@|$(user qmails)|g" \
        -e "s|@GROUP_NOFILES@|$(group nofiles)|g" \
        -e "s|@GROUP_QMAIL@|$(group qmail)|g" "$1"
}

install_services() {
    for dir in "$top"/service/*/; do
        [ -f "$dir/run" ] || continue
        name=$(basename "$dir")
        s=$home/service/$name
        make_dir "$s" root qmail 0755
        substitute "$dir/run" > "$work/run"
        put_file "$work/run" "$s/run" root qmail 0755
        if [ -f "$dir/log/run" ]; then
            make_dir "$s/log" root qmail 0755
            substitute "$dir/log/run" > "$work/run"
            put_file "$work/run" "$s/log/run" root qmail 0755
            make_dir "$s/log/main" qmaill qmail 0750
        fi
    done
}

# tcprules sources: copied into control/ once, compiled when the cdb is
# missing; afterwards they are the administrator's to edit.
install_rules() {
    for r in "$top"/rules/*; do
        [ -f "$r" ] || continue
        name=$(basename "$r")
        c=$home/control/$name
        [ -e "$c" ] || put_file "$r" "$c" root qmail 0644
        [ -e "$c.cdb" ] || tcprules "$c.cdb" "$c.tmp" < "$c" ||
            fail "tcprules $c"
    done
}

$is_root && [ -z "$DESTDIR" ] && make_users
# With DESTDIR (packaging) the users may not exist here: the package's
# own scripts create them and set owners.
can_chown=$is_root
for role in alias qmaild qmaill qmailp qmailq qmailr qmails vpopmail; do
    getent passwd "$(user $role)" >/dev/null || can_chown=false
done
$can_chown || say "warning: not root or users missing: owners left as they are"
make_tree
install_programs
install_man
install_services
install_rules
say "installed into $home"
