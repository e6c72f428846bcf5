/* netstring.c - read and write netstrings (see netstring.h). */
#include <errno.h>

#include "fmt.h"
#include "netstring.h"

static int bad(void)
{
    errno = EPROTO;
    return 0;
}

/* One byte from b, charged to the budget. 1, 0 (over budget), -1. */
static int get(struct buf *b, unsigned long *left, char *c)
{
    int r;

    if (left != NULL && *left == 0)
        return bad();
    r = buf_getc(b, c);
    if (r == 0)
        errno = 0;
    if (r != 1)
        return -1;
    if (left != NULL)
        --*left;
    return 1;
}

int netstring_getlen(struct buf *b, unsigned long *left, unsigned long *len)
{
    unsigned long n = 0;
    unsigned digits = 0;
    char c;
    int r;

    for (;;) {
        if ((r = get(b, left, &c)) != 1)
            return r;
        if (c == ':')
            break;
        if (c < '0' || c > '9')
            return bad();
        /* "[len] begins with 0 exactly when [string] is empty" */
        if (digits == 1 && n == 0)
            return bad();
        if (++digits > NETSTRING_DIGITS ||
            __builtin_mul_overflow(n, 10UL, &n) ||
            __builtin_add_overflow(n, (unsigned long)(c - '0'), &n))
            return bad();
    }
    if (digits == 0)
        return bad();
    /* the string and its ',' must fit in what the enclosing one has */
    if (left != NULL && n >= *left)
        return bad();
    *len = n;
    return 1;
}

int netstring_getcomma(struct buf *b, unsigned long *left)
{
    char c;
    int r = get(b, left, &c);

    if (r != 1)
        return r;
    return c == ',' ? 1 : bad();
}

int netstring_getbytes(struct buf *b, unsigned long *left, unsigned long n,
                       struct str *out)
{
    if (left != NULL && n > *left)
        return bad();
    while (n > 0) {
        ssize_t r = buf_feed(b);
        size_t k = buf_avail(b);

        if (r <= 0) {
            if (r == 0)
                errno = 0;
            return -1;
        }
        if (k > n)
            k = (size_t)n;
        if (out != NULL && !str_catb(out, buf_peek(b), k))
            return -1;
        buf_skip(b, k);
        n -= k;
        if (left != NULL)
            *left -= k;
    }
    return 1;
}

int netstring_put(struct buf *b, const char *s, size_t n)
{
    char num[FMT_ULONG];

    return buf_put(b, num, fmt_ulong(num, n)) && buf_put(b, ":", 1) &&
           buf_put(b, s, n) && buf_put(b, ",", 1);
}

int netstring_catlen(struct str *out, size_t n)
{
    char num[FMT_ULONG];
    size_t start = out->len;

    if (str_catb(out, num, fmt_ulong(num, n)) && str_catc(out, ':'))
        return 1;
    out->len = start;
    return 0;
}

int netstring_cat(struct str *out, const char *s, size_t n)
{
    size_t start = out->len;

    if (netstring_catlen(out, n) && str_catb(out, s, n) &&
        str_catc(out, ','))
        return 1;
    out->len = start;
    return 0;
}
