/* smtpreply.c - SMTP replies, read byte by byte from a buffer.
 *
 * qmail-remote took the code from the first three bytes without looking
 * at them; here a reply must start each line with three digits, or it is
 * reported as code 0, which the caller treats as a temporary failure. */
#include <errno.h>

#include "smtpreply.h"

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

int smtpreply_read(struct buf *b, struct str *text, size_t max,
                   unsigned long *code)
{
    char head[4], c;
    size_t n, total = 0;
    int r, first = 1, more = 1, bad = 0;

    text->len = 0;
    *code = 0;
    while (more) {
        n = 0;
        do {
            if ((r = buf_getc(b, &c)) <= 0)
                return r == 0 ? (errno = ECONNRESET, 0) : -1;
            if (++total > SMTPREPLY_MAX)
                return 1; /* code 0: not a reply */
            if (n < 4)
                head[n++] = c;
            if (c == '\r')
                continue;
            if (text->len < max && !str_catc(text, c ? c : '?'))
                return -1;
        } while (c != '\n');
        /* "250\n" is a last line: head[3] is then the LF */
        if (n < 4 || !digit(head[0]) || !digit(head[1]) || !digit(head[2]))
            bad = 1;
        else if (first)
            *code = (unsigned long)(head[0] - '0') * 100 +
                    (unsigned long)(head[1] - '0') * 10 +
                    (unsigned long)(head[2] - '0');
        first = 0;
        more = !bad && head[3] == '-';
    }
    if (bad || *code < 200 || *code > 599)
        *code = 0;
    return 1;
}
