/* buf.c - buffered fd I/O with per-call timeouts. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fmt.h"
#include "timeout.h"

static char in_space[BUF_SIZE], out_space[BUF_SIZE], err_space[256];
struct buf buf_in = BUF_INIT(0, in_space, sizeof in_space);
struct buf buf_out = BUF_INIT(1, out_space, sizeof out_space);
struct buf buf_err = BUF_INIT(2, err_space, sizeof err_space);

void buf_init(struct buf *b, int fd, char *mem, size_t size)
{
    b->x = mem;
    b->size = size;
    b->p = b->n = 0;
    b->fd = fd;
    b->timeout = 0;
}

ssize_t buf_feed(struct buf *b)
{
    ssize_t r;

    if (b->p < b->n)
        return (ssize_t)(b->n - b->p);
    r = timeout_read(b->fd, b->x, b->size, b->timeout);
    if (r <= 0)
        return r;
    b->p = 0;
    b->n = (size_t)r;
    return r;
}

size_t buf_avail(const struct buf *b)
{
    return b->n - b->p;
}

const char *buf_peek(const struct buf *b)
{
    return b->x + b->p;
}

void buf_skip(struct buf *b, size_t n)
{
    b->p += n <= b->n - b->p ? n : b->n - b->p;
}

ssize_t buf_get(struct buf *b, char *dst, size_t n)
{
    ssize_t r;
    size_t have;

    if (n == 0)
        return 0;
    /* A large read with nothing buffered goes straight to the caller. */
    if (b->p == b->n && n >= b->size)
        return timeout_read(b->fd, dst, n, b->timeout);
    r = buf_feed(b);
    if (r <= 0)
        return r;
    have = b->n - b->p;
    if (n > have)
        n = have;
    memcpy(dst, b->x + b->p, n);
    b->p += n;
    return (ssize_t)n;
}

int buf_getc(struct buf *b, char *c)
{
    ssize_t r = buf_feed(b);

    if (r <= 0)
        return (int)r;
    *c = b->x[b->p++];
    return 1;
}

int buf_getline(struct buf *b, struct str *line, char delim, size_t max)
{
    for (;;) {
        ssize_t r = buf_feed(b);
        size_t have, take;
        int found;

        if (r <= 0)
            return (int)r;
        have = b->n - b->p;
        take = str_chr(b->x + b->p, have, delim);
        found = take < have;
        if (found)
            take++;
        if (line->len > max || take > max - line->len)
            return errno = E2BIG, -1;
        if (!str_catb(line, b->x + b->p, take))
            return -1;
        b->p += take;
        if (found)
            return 1;
    }
}

static int write_all(struct buf *b, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = timeout_write(b->fd, s, n, b->timeout);
        if (w == -1)
            return 0;
        s += w;
        n -= (size_t)w;
    }
    return 1;
}

int buf_flush(struct buf *b)
{
    size_t n = b->n;

    b->n = 0;
    return write_all(b, b->x, n);
}

int buf_put(struct buf *b, const char *s, size_t n)
{
    if (n <= b->size - b->n) {
        memcpy(b->x + b->n, s, n);
        b->n += n;
        return 1;
    }
    if (!buf_flush(b))
        return 0;
    if (n >= b->size) /* larger than the buffer: do not copy it twice */
        return write_all(b, s, n);
    memcpy(b->x, s, n);
    b->n = n;
    return 1;
}

int buf_puts(struct buf *b, const char *s)
{
    return buf_put(b, s, strlen(s));
}

int buf_putc(struct buf *b, char c)
{
    return buf_put(b, &c, 1);
}

int buf_putulong(struct buf *b, unsigned long u)
{
    char num[FMT_ULONG];

    return buf_put(b, num, fmt_ulong(num, u));
}

int buf_putsflush(struct buf *b, const char *s)
{
    return buf_puts(b, s) && buf_flush(b);
}
