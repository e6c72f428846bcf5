# lib.sh - TAP helpers for the shell tests. Source it first:
#   . "${0%/*}/lib.sh"
# It makes a temporary directory, cd's into it and removes it on exit.
# run CMD...       sets $status, $stdout, $stderr
# run_in FILE CMD  the same with FILE on stdin
set -u
TOP=${QUAIL_TOP:-$(cd "${0%/*}/.." && pwd)}
BUILD=${QUAIL_BUILD:-$TOP/build}
case :$PATH: in *":$BUILD/cmd:"*) ;; *) PATH=$BUILD/cmd:$PATH ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/quail-test.XXXXXX") || exit 1
chmod 755 "$TMP"
cd "$TMP" || exit 1
_n=0 _failed=0 _cleanups=
# at_exit CMD: run CMD when the test ends, however it ends (last first).
at_exit() { _cleanups="$1
$_cleanups"; }
_finish() {
    _rc=$?
    eval "$_cleanups"
    cd / && rm -rf "$TMP"
    [ "$_failed" -gt 0 ] && _rc=1
    exit "$_rc"
}
trap _finish EXIT
# PIPE too: when prove stops reading, the test must still clean up.
trap 'exit 1' INT TERM HUP PIPE
plan() { echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
diag() { printf '# %s\n' "$@" | sed '2,$s/^/# /'; }
ok() {
    _n=$((_n + 1))
    if [ "$1" = 0 ]; then echo "ok $_n - $2"; return 0; fi
    echo "not ok $_n - $2"; _failed=$((_failed + 1)); return 1
}
is() {
    [ "$1" = "$2" ]; ok $? "$3" ||
        { printf '# got:  '; printf '%s\n' "$1" | sed '2,$s/^/#       /'
          printf '# want: '; printf '%s\n' "$2" | sed '2,$s/^/#       /'; }
}
# grep takes each line of a pattern as a pattern of its own: refuse one
# with a newline, which would pass on any line matching any part of it.
_oneline() { case $1 in *'
'*) echo "# a like pattern holds a newline: $1" | head -n 1; return 1;; esac; }
like() {
    _oneline "$2" && printf '%s\n' "$1" | grep -Eq -- "$2"; ok $? "$3" ||
        { printf '# got:  '; printf '%s\n' "$1" | sed '2,$s/^/#       /'
          printf '# want match: %s\n' "$2"; }
}
unlike() {
    _oneline "$2" && ! printf '%s\n' "$1" | grep -Eq -- "$2"; ok $? "$3" ||
        { printf '# got:  '; printf '%s\n' "$1" | sed '2,$s/^/#       /'
          printf '# want no match: %s\n' "$2"; }
}
run() { run_in /dev/null "$@"; }
run_in() {
    _in=$1; shift
    "$@" <"$_in" >"$TMP/.out" 2>"$TMP/.err"; status=$?
    stdout=$(cat "$TMP/.out"); stderr=$(cat "$TMP/.err")
}
