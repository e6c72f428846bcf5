/* report.c - split the spawners' report stream into reports. The text
 * is bounded by the reader, not the writer: qmail-rspawn relays what a
 * remote server said, so its length is not ours to trust. */
#include "report.h"

int report_parse(struct report *r, const char *b, size_t n, size_t *used,
                 size_t max)
{
    size_t i = 0, k, keep;

    while (i < n && r->hdrlen < 3) {
        unsigned char c = (unsigned char)b[i++];

        if (r->hdrlen == 0)
            r->slot = c;
        else if (r->hdrlen == 1)
            r->slot |= (unsigned)c << 8;
        else
            r->status = (char)c;
        r->hdrlen++;
    }
    if (r->hdrlen < 3) {
        *used = i;
        return 0;
    }
    k = str_chr(b + i, n - i, '\0');
    keep = r->text.len < max ? max - r->text.len : 0;
    if (keep > k)
        keep = k;
    if (!str_catb(&r->text, b + i, keep)) {
        *used = i;
        return -1;
    }
    i += k;
    if (i == n) {
        *used = i;
        return 0;
    }
    *used = i + 1; /* the NUL */
    return 1;
}

void report_reset(struct report *r)
{
    r->slot = 0;
    r->status = 0;
    r->text.len = 0;
    r->hdrlen = 0;
}
