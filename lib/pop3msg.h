/* pop3msg.h - send a message from a Maildir file as a POP3 multi-line
 * response (RFC 1939 3): each LF becomes CRLF (an existing CRLF is kept
 * as it is), a line starting with "." gets another "." in front, and
 * the response ends with ".\r\n" on a line of its own. TOP (RFC 1939 7)
 * sends the header, the blank line, and only the first n body lines.
 *
 * It streams: the caller feeds the file in pieces of any size, so a
 * message of any length costs only the caller's buffers. */
#ifndef POP3MSG_H
#define POP3MSG_H

#include <stddef.h>

#include "buf.h"

struct pop3msg {
    unsigned long lines; /* body lines still to send, with is_top */
    size_t linelen;      /* bytes of the current line sent so far */
    int is_top;
    int is_body; /* the blank line after the header has passed */
    int was_cr;  /* the last byte sent was a CR */
    int is_done; /* TOP has sent all it should */
};

/* is_top 0: the whole message (RETR); 1: header and lines body lines. */
void pop3msg_init(struct pop3msg *m, int is_top, unsigned long lines);
/* Encode s[0..n) to out. 1 ok (the rest is ignored once TOP is done),
 * 0 write error (errno). */
int pop3msg_put(struct pop3msg *m, struct buf *out, const char *s, size_t n);
/* 1 when nothing more of the file is wanted. */
int pop3msg_done(const struct pop3msg *m);
/* End the last line when the file did not, then ".\r\n". 1 ok, 0. */
int pop3msg_end(struct pop3msg *m, struct buf *out);

#endif
