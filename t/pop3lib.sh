# pop3lib.sh - the installed POP3 service under svscan, for the pop3-*.t
# tests: tcpserver on 127.0.0.1:$P -> qmail-popup -> checkpassword ->
# qmail-pop3d, and a system user $U with password $PW and Maildir $MD.
# Source it instead of ilib.sh; call pop3_start after plan.
. "${0%/*}/ilib.sh"
need_root

pop3_start() {
    quail_install
    P=$(free_port)
    C=$Q/control
    echo 127.0.0.1 > "$C/pop3ip"
    echo "$P" > "$C/pop3port"
    # ASan reserves terabytes of address space: no memory limit for it
    case ${QUAIL_CFLAGS-} in
    *sanitize=address*) echo = > "$C/pop3softlimit" ;;
    esac
    U=qt$$p
    add_user "$U"
    H=$TMP/home/$U
    MD=$H/Maildir
    PW='pass word$1'
    echo "$U:$PW" | chpasswd -c YESCRYPT
    setuidgid "$U" "$Q/bin/maildirmake" "$MD"
    mkdir "$TMP/sv"
    ln -s "$Q/service/qmail-pop3d" "$TMP/sv/qmail-pop3d"
    svscan_start "$TMP/sv"
    wait_up "$TMP/sv/qmail-pop3d" 10 &&
        wait_until 10 "pop3_listening 127.0.0.1"
}

pop3_listening() {
    python3 -c "import socket; socket.create_connection(('$1', $P), 1)" \
        2>/dev/null
}

# deliver NAME < message: into new/, owned by the user, as a delivery
# would leave it.
deliver() {
    cat > "$MD/tmp/$1"
    chown "$U:$U" "$MD/tmp/$1"
    chmod 600 "$MD/tmp/$1"
    mv "$MD/tmp/$1" "$MD/new/$1"
}
