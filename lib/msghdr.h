/* msghdr.h - a message header one field at a time, for the helpers that
 * look at a few fields of a delivered message (qreceipt, qbiff,
 * maildirwatch). RFC 5322 2.2: a field is a line and the lines after it
 * that start with a space or a tab; the header ends at the first empty
 * line. As in qmail, any other line counts as the start of a field. */
#ifndef MSGHDR_H
#define MSGHDR_H

#include <stddef.h>

#include "buf.h"
#include "str.h"

/* Read the next field from b into f (replacing it): its lines with their
 * newlines, folding kept. Only the first max bytes are kept; the rest of
 * a longer field is read and dropped, so a huge field costs no memory.
 * 1 a field; 0 the header has ended (its empty line is consumed, or the
 * input ended); -1 read error or out of memory (errno). */
int msghdr_next(struct buf *b, struct str *f, size_t max);

/* When field f[0..n) has the name name (compared without regard to case;
 * blanks may come before the colon), the offset of its value: after the
 * colon and the spaces and tabs that follow it. 0 when it has another
 * name. */
size_t msghdr_is(const char *f, size_t n, const char *name);

#endif
