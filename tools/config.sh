#!/bin/sh
# config.sh - first control files for a real installation (make setup):
# me, defaultdomain, plusdomain, locals and rcpthosts from this host's
# fully qualified name, each written only when it does not exist yet.
# Run as: QMAILHOME=/var/qmail tools/config.sh [fqdn]
set -eu
: "${QMAILHOME:?}"
fqdn=${1:-$(hostname -f 2>/dev/null || hostname)}
case $fqdn in
*.*) ;;
*) echo "config.sh: fatal: $fqdn is not fully qualified;" \
        "run: make setup HOST=name.example.org" >&2; exit 100 ;;
esac
c=$QMAILHOME/control
put() {
    [ -e "$c/$1" ] && { echo "config.sh: keeping control/$1"; return; }
    printf '%s\n' "$2" > "$c/$1.tmp" && chmod 644 "$c/$1.tmp" &&
        mv "$c/$1.tmp" "$c/$1" && echo "config.sh: wrote control/$1"
}
put me "$fqdn"
put defaultdomain "${fqdn#*.}"
put plusdomain "${fqdn#*.}"
put locals "$fqdn
localhost"
put rcpthosts "$fqdn"
