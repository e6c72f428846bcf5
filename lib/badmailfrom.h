/* badmailfrom.h - control/badmailfrom, as qmail-smtpd(8) reads it:
 * envelope senders to refuse, each line a whole address or "@domain",
 * matched ignoring case. There are no wildcards: a line ".example.com"
 * matches nothing (qmail 1.03 compared whole strings too). */
#ifndef BADMAILFROM_H
#define BADMAILFROM_H

#include <stddef.h>

#include "hostset.h"

struct badmailfrom {
    struct hostset set;
};

#define BADMAILFROM_INIT { HOSTSET_INIT }

/* Read control/badmailfrom (cwd is the home). 1 read, 0 no such file
 * (nothing is refused), -1 error (errno set). */
int badmailfrom_init(struct badmailfrom *b);
/* 1 when addr[0..len) or its "@domain" is listed. */
int badmailfrom_has(const struct badmailfrom *b, const char *addr,
                    size_t len);
void badmailfrom_free(struct badmailfrom *b);

#endif
