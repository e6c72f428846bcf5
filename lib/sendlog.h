/* sendlog.h - qmail-send's log, in the line formats qmailanalog reads.
 * Lines are collected in *sendlog_to (buf_out unless a test points it
 * elsewhere) and the caller flushes them before it sleeps, so a busy
 * round costs one write. */
#ifndef SENDLOG_H
#define SENDLOG_H

#include <stddef.h>

#include "buf.h"

extern struct buf *sendlog_to;

/* Append the strings up to the NULL as they are. */
void sendlog(const char *s, ...) __attribute__((sentinel));
/* Append free text (addresses, reports) made safe for line- and
 * space-separated readers: newline -> '/', space -> '_', any other byte
 * outside 33..126 -> '?'. */
void sendlog_safe(const char *s, size_t n);
/* u in decimal, into b (FMT_ULONG bytes), NUL-terminated; returns b. */
const char *sendlog_num(char *b, unsigned long u);
/* "warning: WHAT FN: errtext(errno)THEN" */
void sendlog_warn(const char *what, const char *fn, const char *then);
/* Out of memory: say so, flush, and sleep 10 seconds before the caller
 * tries again (qmail-send has nothing better to do than wait). */
void sendlog_nomem(void);

#endif
