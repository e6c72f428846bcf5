# netns.sh - a private network namespace with its own DNS server and
# SMTP sinks, for the tests of remote delivery. Source it after ilib.sh:
#   . "$TOP/t/data/netns.sh"
# Nothing here touches the real network: everything listens and talks
# inside the namespace, which is removed at exit with every process a
# helper started (killed by pid) and /etc/netns/$NS.
#
# ns_start           make namespace $NS (qt-PID): loopback up, and two
#                    prefixes routed to loopback as local, 198.51.100.0/24
#                    and 2001:db8:1::/64 (addresses that reach this
#                    namespace but belong to no interface, so qmail-remote
#                    does not count them as itself); resolv.conf points
#                    at 127.0.0.1
# nsrun CMD...       run CMD inside the namespace
# dns_start CONF     dnsmasq with the extra settings in file CONF,
#                    authoritative for .test, on 127.0.0.1:53
# sink_start DIR SPEC...  t/data/smtpsink.py DIR SPEC... (see there)

ns_start() {
    NS=qt-$$
    ip netns add "$NS" ||
        { echo "Bail out! cannot make network namespace $NS"; exit 1; }
    at_exit "_ns_stop $NS"
    ip -n "$NS" link set lo up &&
    ip -n "$NS" route add local 198.51.100.0/24 dev lo &&
    ip -n "$NS" -6 route add local 2001:db8:1::/64 dev lo &&
    ip netns exec "$NS" sysctl -qw net.ipv6.ip_nonlocal_bind=1 ||
        { echo "Bail out! cannot set up network namespace $NS"; exit 1; }
    mkdir -p "/etc/netns/$NS"
    printf 'nameserver 127.0.0.1\noptions timeout:2 attempts:2\n' \
        > "/etc/netns/$NS/resolv.conf"
}

_ns_stop() {
    ip netns del "$1" 2>/dev/null
    rm -rf "/etc/netns/$1"
}

nsrun() { ip netns exec "$NS" "$@"; }

# _bg_kill PID: stop a background helper, and reap it.
_bg_kill() {
    kill "$1" 2>/dev/null
    wait_until 5 "! kill -0 $1 2>/dev/null" || kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    return 0
}

dns_start() {
    cat > "$TMP/dnsmasq.conf" <<EOF
no-resolv
no-hosts
no-poll
listen-address=127.0.0.1
bind-interfaces
port=53
user=root
pid-file=$TMP/dnsmasq.pid
log-facility=$TMP/dnsmasq.log
local=/test/
EOF
    cat "$1" >> "$TMP/dnsmasq.conf"
    # not through nsrun: $! must be the pid of dnsmasq itself (ip netns
    # exec execs it), not of a subshell running a function
    ip netns exec "$NS" dnsmasq -k -C "$TMP/dnsmasq.conf" \
        2>"$TMP/dnsmasq.err" &
    _dns_pid=$!
    at_exit "_bg_kill $_dns_pid"
    wait_until 10 "nsrun python3 -c 'import socket
socket.create_connection((\"127.0.0.1\", 53), 1)' 2>/dev/null" ||
        { echo "Bail out! dnsmasq did not start:" \
          "$(cat "$TMP/dnsmasq.err")"; exit 1; }
}

sink_start() {
    _dir=$1
    mkdir -p "$_dir"
    ip netns exec "$NS" python3 "$TOP/t/data/smtpsink.py" "$@" \
        2>"$_dir/stderr" &
    _sink_pid=$!
    at_exit "_bg_kill $_sink_pid"
    wait_file "$_dir/ready" 10 ||
        { echo "Bail out! smtpsink did not start: $(cat "$_dir/stderr")"
          exit 1; }
}
