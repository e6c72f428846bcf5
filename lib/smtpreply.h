/* smtpreply.h - read one SMTP reply (RFC 5321 4.2): lines "xyz-text"
 * then a last line "xyz text" or "xyz", each ending in LF (CR LF on the
 * wire). The reply comes from an untrusted server: every line may be of
 * any length, and the whole reply is bounded. */
#ifndef SMTPREPLY_H
#define SMTPREPLY_H

#include <stddef.h>

#include "buf.h"
#include "str.h"

#define SMTPREPLY_MAX 65536 /* a longer reply is not SMTP */

/* Read a reply from b. *code is its code, 200..599, or 0 when it is not
 * an SMTP reply (a line without a three-digit code, a code outside
 * 200..599, more than SMTPREPLY_MAX bytes). text gets the first max
 * bytes of the reply with CRs dropped and NULs turned into '?'.
 * 1: a reply was read; 0: the connection ended first (errno
 * ECONNRESET); -1: read error or timeout (errno), or no memory. */
int smtpreply_read(struct buf *b, struct str *text, size_t max,
                   unsigned long *code);

#endif
