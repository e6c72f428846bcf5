/* pop3cmd.h - read and split POP3 command lines (RFC 1939 3, RFC 2449
 * 4), shared by qmail-popup and qmail-pop3d. */
#ifndef POP3CMD_H
#define POP3CMD_H

#include <stddef.h>

#include "buf.h"
#include "str.h"

/* A command line may hold this many bytes with its CRLF. RFC 2449 4
 * allows 255; passwords with spaces and long user names get some room,
 * never more. */
#define POP3CMD_MAX 1024

enum pop3cmd_result {
    POP3CMD_ERROR = -1, /* read error or timeout, errno set */
    POP3CMD_EOF = 0,    /* the client closed the connection */
    POP3CMD_LINE = 1,   /* line holds a command, LF and CR removed, and is
                           NUL-terminated */
    POP3CMD_LONG = 2,   /* longer than max: read to its end and dropped */
    POP3CMD_NUL = 3     /* holds a NUL byte: dropped */
};

/* Read one line ended by LF from b into line (emptied first). A line cut
 * by end of file is dropped as EOF: a client that leaves in the middle of
 * a command has not sent it. */
enum pop3cmd_result pop3cmd_read(struct buf *b, struct str *line, size_t max);

/* Split a line from pop3cmd_read in place: *verb is up to the first
 * space, lower-cased (POP3 keywords are case-insensitive); *arg is what
 * follows that one space, "" when there is none (RFC 1939 lets PASS
 * carry spaces, so only the first one separates). */
void pop3cmd_split(struct str *line, char **verb, char **arg);

/* Parse a message number or count at *s: decimal digits, then a space or
 * the end. Advances *s past the number and the spaces after it. 1 ok,
 * 0 not a number or too big. */
int pop3cmd_number(const char **s, unsigned long *u);

#endif
