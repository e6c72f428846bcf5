# vpoplib.sh - for the virtual mailbox tests: an installation whose
# QMAILHOME/domains belongs to a fresh account, as make install will
# make it for vpopmail. Source it instead of ilib.sh:
#   . "${0%/*}/vpoplib.sh"
#   vpop_setup          install; $Q, $D (domains dir), $VU (account)
#   pw_check USER PASS  vchkpw with USER/PASS on fd 3, running
#                       `pwd; id -u; env` ; sets status, stdout, stderr
. "${0%/*}/ilib.sh"
need_root

vpop_setup() {
    quail_install
    VU=vp$$a
    add_user "$VU"
    D=$Q/domains
    # make install may make domains/ for its own account: take it over
    mkdir -p "$D" && chown "$VU:$VU" "$D" && chmod 750 "$D"
}

pw_check() {
    printf '%s\0%s\0<1.2@quail.test>\0' "$1" "$2" > "$TMP/.fd3"
    run "$Q/bin/vchkpw" sh -c 'pwd; id -u; id -g; echo "$USER"; echo "$HOME"; echo "$SHELL"' \
        3<"$TMP/.fd3"
}
