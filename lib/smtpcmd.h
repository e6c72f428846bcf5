/* smtpcmd.h - split an SMTP command line into its verb and argument
 * (RFC 5321 4.1.1: verbs are case-insensitive). */
#ifndef SMTPCMD_H
#define SMTPCMD_H

#include <stddef.h>

enum smtpcmd {
    SMTPCMD_UNKNOWN, /* a verb we do not implement: 502 */
    SMTPCMD_BAD,     /* a NUL or CR in the line: refuse it */
    SMTPCMD_HELO,
    SMTPCMD_EHLO,
    SMTPCMD_MAIL,
    SMTPCMD_RCPT,
    SMTPCMD_DATA,
    SMTPCMD_RSET,
    SMTPCMD_NOOP,
    SMTPCMD_QUIT,
    SMTPCMD_VRFY,
    SMTPCMD_HELP
};

/* line[0..len) is one command without its LF; one trailing CR is
 * ignored. The verb runs up to the first space; *arg is the offset of
 * the argument after the spaces that follow it (len when none). */
enum smtpcmd smtpcmd_parse(const char *line, size_t len, size_t *arg);

#endif
