/* netstring.h - djb's netstrings (cr.yp.to/proto/netstrings.txt), the
 * framing of QMTP and QMQP: [len] ":" [string] ",", where [len] is the
 * length of [string] in decimal ASCII, "0" only for the empty string.
 *
 * The readers take input from a buf and never allocate what a length
 * promises: the caller reads the string itself, bounded by what it is
 * willing to keep. Each may be given a budget, *left, the bytes still
 * allowed before an enclosing netstring ends (QMTP's recipient list,
 * QMQP's whole package); every byte read is taken from it, and input
 * that would run past it is a protocol error. left NULL: no budget.
 *
 * Return values: 1 ok; 0 protocol error (errno EPROTO); -1 the input
 * ended (errno 0) or could not be read (errno set, ETIMEDOUT when the
 * buf's timeout passed). */
#ifndef NETSTRING_H
#define NETSTRING_H

#include <stddef.h>

#include "buf.h"
#include "str.h"

/* Longest [len] accepted: 20 digits cover any 64-bit length. */
#define NETSTRING_DIGITS 20

/* Read [len] and its ':'. Refused: no digit, a non-digit before ':', a
 * leading zero ("01:"), more than NETSTRING_DIGITS digits or a value
 * beyond unsigned long, and, with a budget, a [len] whose string and
 * ',' would not fit in what is left after the ':'. */
int netstring_getlen(struct buf *b, unsigned long *left, unsigned long *len);
/* Read the ',' that ends every netstring; anything else is refused. */
int netstring_getcomma(struct buf *b, unsigned long *left);
/* Read exactly n bytes of a string, appending them to out (out NULL:
 * throw them away). With out, -1 and errno ENOMEM when it cannot grow. */
int netstring_getbytes(struct buf *b, unsigned long *left, unsigned long n,
                       struct str *out);

/* Write s[0..n) as a netstring. 1 ok, 0 write error (errno set). */
int netstring_put(struct buf *b, const char *s, size_t n);
/* Append [len] ":" for a string of n bytes (the caller adds the string
 * and the ','). 1 ok, 0 out of memory. */
int netstring_catlen(struct str *out, size_t n);
/* Append s[0..n) as a netstring. 1 ok, 0 out of memory. */
int netstring_cat(struct str *out, const char *s, size_t n);

#endif
