#!/bin/sh
# mailsubj - send what is on fd 0 as the body of a message with the
# subject and recipients given. As qmail 1.03's mailsubj; see mailsubj(1).
#
# in:   argv[1] the subject, argv[2..] the recipients; the body on fd 0
# out:  a message "Subject: ...", "To: a, b", blank line, body, given to
#       qmail-inject, which takes the recipients from the To field
# exit: qmail-inject's exit code; 100 usage, or a newline in an argument
#       (it would start a header field of its own)
#
# make install writes the installation's home over @QMAILHOME@; a copy
# that was not installed (build/cmd) finds qmail-inject in PATH.
usage() {
    echo "mailsubj: fatal: $1" >&2
    exit 100
}
[ $# -ge 2 ] || usage "usage: mailsubj subject recipient ..."
nl='
'
for arg in "$@"; do
    case $arg in *"$nl"*) usage "a newline in an argument would start a header field" ;; esac
done
home='@QMAILHOME@'
inject=qmail-inject
[ -x "$home/bin/qmail-inject" ] && inject=$home/bin/qmail-inject
subject=$1
shift
to=$1
shift
for r in "$@"; do
    to="$to, $r"
done
{
    printf 'Subject: %s\nTo: %s\n\n' "$subject" "$to"
    cat
} | "$inject"
