/* smtpsend.h - what an SMTP client writes besides its commands: the
 * message in DATA and the addresses in MAIL and RCPT. */
#ifndef SMTPSEND_H
#define SMTPSEND_H

#include "buf.h"

/* Copy the message from in to out in SMTP form (RFC 5321 4.5.2): each
 * LF becomes CR LF, a line that starts with '.' gets one more, a last
 * line without LF is ended; other bytes (8-bit, bare CR) go as they
 * are. The final "." line is not written. 1: done; 0: reading in
 * failed; -1: writing out failed (errno set). Bytes may be left in out:
 * flush it. */
int smtpsend_data(struct buf *in, struct buf *out);
/* Write addr as a path's content for MAIL FROM:<...> or RCPT TO:<...>:
 * the local part (before the last '@') in quotes, with '"' and '\'
 * escaped, when it is not a dot-string (RFC 5321 4.1.2). The caller
 * makes sure addr holds no CR or LF. 1 ok, 0 write error. */
int smtpsend_addr(struct buf *out, const char *addr);

#endif
