/* msghdr.c - header fields with their continuation lines, in bounded
 * memory. */
#include <string.h>

#include "msghdr.h"

/* Append bytes up to and including the next newline, keeping no more
 * than f->len == max. 1 ended by a newline, 0 end of input, -1 error. */
static int line(struct buf *b, struct str *f, size_t max)
{
    ssize_t r;
    size_t n, take;
    const char *p;
    int done;

    for (;;) {
        if ((r = buf_feed(b)) == -1)
            return -1;
        if (r == 0)
            return 0;
        p = buf_peek(b);
        n = buf_avail(b);
        take = str_chr(p, n, '\n');
        done = take < n;
        if (done)
            take++;
        n = take;
        if (f->len < max) {
            if (n > max - f->len)
                n = max - f->len;
            if (!str_catb(f, p, n))
                return -1;
        }
        buf_skip(b, take);
        if (done)
            return 1;
    }
}

int msghdr_next(struct buf *b, struct str *f, size_t max)
{
    ssize_t r;
    char c;

    f->len = 0;
    for (;;) {
        if ((r = buf_feed(b)) == -1)
            return -1;
        if (r == 0)
            return f->len > 0;
        c = *buf_peek(b);
        if (f->len == 0 && c == '\n') {
            buf_skip(b, 1);
            return 0;
        }
        /* A field that was cut at max may lack its newline; still the
         * next line decides whether it goes on. */
        if (f->len > 0 && c != ' ' && c != '\t')
            return 1;
        switch (line(b, f, max)) {
        case -1:
            return -1;
        case 0:
            return f->len > 0;
        }
    }
}

size_t msghdr_is(const char *f, size_t n, const char *name)
{
    size_t len = strlen(name), i;

    if (n < len || str_diffb_nocase(f, name, len) != 0)
        return 0;
    for (i = len; i < n && (f[i] == ' ' || f[i] == '\t'); i++)
        ;
    if (i >= n || f[i] != ':')
        return 0;
    for (i++; i < n && (f[i] == ' ' || f[i] == '\t'); i++)
        ;
    return i;
}
