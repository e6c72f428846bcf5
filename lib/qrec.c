/* qrec.c - walk the NUL-terminated records of a queue file in memory. */
#include "qrec.h"
#include "scan.h"
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

static int number(const struct qrec *r, unsigned long *u)
{
    return r->len > 0 && scan_ulong(r->s, r->len, u) == r->len;
}

const char *qrec_envelope(const char *b, size_t n, struct qrec_env *e)
{
    struct qrec r;
    size_t pos = 0;
    int x, have_from = 0;

    e->uid = e->pid = 0;
    e->nrecip = 0;
    e->from.type = 0;
    e->from.s = b;
    e->from.len = e->from.off = 0;
    while ((x = qrec_next(b, n, &pos, &r)) == 1) {
        switch (r.type) {
        case 'u':
            if (!number(&r, &e->uid))
                return "has a bad number";
            break;
        case 'p':
            if (!number(&r, &e->pid))
                return "has a bad number";
            break;
        case 'F':
            if (have_from)
                return "has two senders";
            have_from = 1;
            e->from = r;
            break;
        case 'T':
            if (!have_from)
                return "has a recipient before the sender";
            e->nrecip++;
            break;
        default:
            return "has an unknown record type";
        }
    }
    if (x == -1)
        return "is truncated";
    if (!have_from)
        return "has no sender";
    return NULL;
}
