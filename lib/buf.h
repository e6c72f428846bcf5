/* buf.h - buffered input and output on file descriptors, no stdio.
 * Each read or write waits at most b->timeout seconds (0: forever) and
 * then fails with errno ETIMEDOUT.
 *
 * Input:  x[p..n) holds bytes read but not yet taken.
 * Output: x[0..n) holds bytes not yet written. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <sys/types.h>

#include "str.h"

struct buf {
    char *x;
    size_t size;
    size_t p;
    size_t n;
    int fd;
    unsigned timeout;
};

#define BUF_SIZE 8192
#define BUF_INIT(fd, mem, size) { (mem), (size), 0, 0, (fd), 0 }

/* Ready-made buffers on fds 0, 1 and 2. */
extern struct buf buf_in, buf_out, buf_err;

void buf_init(struct buf *b, int fd, char *mem, size_t size);

/* Input. feed: >0 bytes available, 0 end of file, -1 error. */
ssize_t buf_feed(struct buf *b);
ssize_t buf_get(struct buf *b, char *dst, size_t n);
int buf_getc(struct buf *b, char *c); /* 1 got one, 0 eof, -1 error */
/* Append bytes up to and including delim to line. 1: ended by delim;
 * 0: end of file (line holds what came before it); -1: error, errno
 * E2BIG when line would grow past max bytes. */
int buf_getline(struct buf *b, struct str *line, char delim, size_t max);
/* Bytes already buffered, without reading. */
size_t buf_avail(const struct buf *b);
const char *buf_peek(const struct buf *b);
void buf_skip(struct buf *b, size_t n);

/* Output. 1 ok, 0 error with errno set. */
int buf_put(struct buf *b, const char *s, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_putulong(struct buf *b, unsigned long u);
int buf_flush(struct buf *b);
int buf_putsflush(struct buf *b, const char *s);

#endif
