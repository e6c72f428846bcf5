/* qrec.c - walk the NUL-terminated records of a queue file in memory. */
#include "qrec.h"
#include "str.h"

int qrec_next(const char *b, size_t n, size_t *pos, struct qrec *r)
{
    size_t p = *pos, end;

    if (p >= n)
        return 0;
    end = p + str_chr(b + p, n - p, '\0');
    r->off = p;
    r->type = b[p];
    r->s = end > p ? b + p + 1 : b + p;
    r->len = end > p ? end - p - 1 : 0;
    if (end == n) {
        *pos = n;
        return -1;
    }
    *pos = end + 1;
    return 1;
}
