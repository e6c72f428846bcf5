#!/bin/sh
# deps.sh - the Debian packages quail's build, tests and make run need.
#   deps.sh check     exit 0 when everything is there, else name what is not
#   deps.sh install   apt-get install what is missing (root), or print the
#                     command to run (not root)
set -u

# ucspi-tcp-ipv6 and ucspi-tcp conflict: keep whichever is installed.
ucspi=ucspi-tcp-ipv6
dpkg -s ucspi-tcp >/dev/null 2>&1 && ucspi=ucspi-tcp

packages="make gcc libc6-dev libcrypt-dev clang libclang-rt-14-dev daemontools $ucspi
libcdb-dev tinycdb swaks python3 perl groff-base dnsmasq-base iproute2
procps strace musl-tools"

# What each package gives us, to test cheaply without dpkg for each.
missing() {
    for f in /usr/include/cdb.h /usr/include/crypt.h /usr/bin/strace /usr/bin/cdb /usr/bin/svscan \
        /usr/bin/multilog /usr/bin/setuidgid /usr/bin/tcpserver \
        /usr/bin/tcprules /usr/bin/rblsmtpd /usr/bin/clang /usr/bin/swaks \
        /usr/bin/python3 /usr/bin/prove /usr/bin/groff /usr/sbin/dnsmasq \
        /usr/sbin/ip /usr/bin/pgrep /usr/bin/musl-gcc; do
        [ -e "$f" ] || echo "$f"
    done
    # clang's sanitizer runtime, for make asan CC=clang and make fuzz.
    ls /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.asan-x86_64.a \
        >/dev/null 2>&1 || echo "libclang-rt-14-dev"
}

case ${1-} in
check)
    m=$(missing)
    [ -z "$m" ] && exit 0
    echo "missing:" $m >&2
    exit 1
    ;;
install)
    [ -z "$(missing)" ] && exit 0
    if [ "$(id -u)" != 0 ]; then
        echo "deps.sh: not root; run this as root:" >&2
        echo "  apt-get update && apt-get install -y" $packages >&2
        exit 111
    fi
    export DEBIAN_FRONTEND=noninteractive
    # Try without refreshing the lists first; refresh when that fails.
    apt-get install -y -q $packages >&2 ||
        { apt-get update -q >&2 && apt-get install -y -q $packages >&2; } ||
        { echo "deps.sh: fatal: apt-get install failed" >&2; exit 111; }
    [ -z "$(missing)" ] || { echo "deps.sh: fatal: still missing:" \
        $(missing) >&2; exit 111; }
    ;;
*)
    echo "usage: deps.sh check|install" >&2
    exit 100
    ;;
esac
