# ilib.sh - helpers for integration tests: a real installation in $TMP,
# real users, real svscan. Source it instead of lib.sh:
#   . "${0%/*}/ilib.sh"
# Everything a helper starts is stopped by pid when the test ends, even
# when it fails. Every wait is bounded.
. "${0%/*}/lib.sh"

need_root() { [ "$(id -u)" = 0 ] || skip_all "needs root"; }

# quail_install: make install QMAILHOME=$TMP/q with the flags of this
# build (so make asan tests ASan binaries), and a minimal control/.
quail_install() {
    Q=$TMP/q
    make -s -C "$TOP" BUILD="$BUILD" CC="${QUAIL_CC:-cc}" \
        CFLAGS="${QUAIL_CFLAGS:--O2 -g}" LDFLAGS="${QUAIL_LDFLAGS-}" \
        QMAILHOME="$Q" install >"$TMP/.install.log" 2>&1 ||
        { echo "not ok - make install failed:"; sed 's/^/# /' \
          "$TMP/.install.log"; exit 1; }
    echo quail.test > "$Q/control/me"
    printf 'quail.test\nlocalhost\n' > "$Q/control/locals"
    printf 'quail.test\nlocalhost\n' > "$Q/control/rcpthosts"
}

# add_user NAME: a real account with home $TMP/home/NAME, removed at exit.
# useradd and userdel lock /etc/passwd; parallel tests may have to retry.
add_user() {
    mkdir -p "$TMP/home"
    _try=0
    until useradd -U -M -d "$TMP/home/$1" -s /bin/sh "$1" 2>"$TMP/.useradd"
    do
        _try=$((_try + 1))
        [ $_try -lt 50 ] || { echo "not ok - useradd $1:" \
            "$(cat "$TMP/.useradd")"; exit 1; }
        sleep 0.1
    done
    at_exit "_deluser $1"
    mkdir -p "$TMP/home/$1"
    chown "$1:$1" "$TMP/home/$1"
    chmod 755 "$TMP/home/$1"
}
_deluser() {
    _try=0
    until userdel "$1" 2>/dev/null || ! getent passwd "$1" >/dev/null; do
        _try=$((_try + 1)); [ $_try -lt 50 ] || break; sleep 0.1
    done
    getent group "$1" >/dev/null && groupdel "$1" 2>/dev/null
    return 0
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_until SECONDS 'shell condition': 0 when it became true in time.
wait_until() {
    _deadline=$(( $(date +%s) + $1 ))
    while ! eval "$2"; do
        [ "$(date +%s)" -lt "$_deadline" ] || return 1
        sleep 0.05
    done
}
wait_file() { wait_until "${2:-10}" "[ -e '$1' ]"; }

# svscan_start DIR: supervise every service in DIR, stopped at exit.
svscan_start() {
    svscan "$1" >"$TMP/.svscan.log" 2>&1 &
    _svscan_pid=$!
    at_exit "_svscan_stop $_svscan_pid '$1'"
}
_svscan_stop() {
    # supervise processes are svscan's children, the services theirs:
    # find both by parent pid, before anything stops.
    _sup=$(pgrep -P "$1" 2>/dev/null)
    _svcs=$(for _p in $_sup; do pgrep -P "$_p"; done 2>/dev/null)
    kill "$1" 2>/dev/null; wait "$1" 2>/dev/null
    for _s in "$2"/*/ "$2"/*/log/; do
        [ -d "$_s/supervise" ] && svc -dx "$_s" 2>/dev/null
    done
    # A service that does not end on TERM (a sanitizer stuck at exit)
    # must not outlive the test: it would load every later one.
    for _p in $_sup $_svcs; do
        wait_until 10 "! kill -0 $_p 2>/dev/null" || kill -9 "$_p" 2>/dev/null
    done
    return 0
}

# wait_up SERVICEDIR [SECONDS]: until supervise reports the service up.
wait_up() {
    wait_until "${2:-10}" "svstat '$1' 2>/dev/null | grep -q ': up '"
}
