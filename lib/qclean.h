/* qclean.h - qmail-send's side of the qmail-clean conversation (pipes
 * set up by qmail-start): a request is a type byte and a message id in
 * decimal, NUL-terminated; each is answered with one byte, '+' done or
 * '-' not. Type 't' removes intd/ID and todo/ID, type 'm' intd/ID and
 * mess/S/ID (qmail-clean runs as qmailq, which owns them). */
#ifndef QCLEAN_H
#define QCLEAN_H

#include <stddef.h>
#include <sys/types.h>

/* Send n requests of one type to fd out, all before reading any reply
 * (they fit in a pipe), so a batch costs one round trip; then read the
 * replies from fd in, setting ok[i] to 1 for each '+', else 0.
 * Returns the number of replies read: n when all came; fewer when the
 * conversation broke (write or read failed, or EOF); -1 out of memory
 * with nothing sent (the caller may simply try again). */
ssize_t qclean_batch(int out, int in, char type, const unsigned long *ids,
                     size_t n, int *ok);

#endif
