#!/bin/sh
# datemail - sendmail with a Date field in the local time zone: predate
# puts it in front of the message and runs sendmail with our arguments.
# As qmail 1.03's datemail; see datemail(1).
#
# in:   sendmail's arguments; the message on fd 0
# out:  what sendmail does
# exit: sendmail's exit code; 111 when sendmail cannot run or crashes;
#       the shell's 127 when predate is nowhere to be found
#
# make install writes the installation's home over @QMAILHOME@; a copy
# that was not installed (build/cmd) finds predate and sendmail in PATH.
home='@QMAILHOME@'
bin=
[ -x "$home/bin/predate" ] && bin=$home/bin/
exec "${bin}predate" "${bin}sendmail" "$@"
