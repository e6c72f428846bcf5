/* hops.c - trace line counting (see hops.h). */
#include "hops.h"

void hops_init(struct hops *h)
{
    h->is_header = h->maybe_r = h->maybe_d = 1;
    h->pos = 0;
    h->n = 0;
}

/* Does this line still match word (lower case, ending in ':')? Counts
 * the line when its last byte matched. */
static int follow(struct hops *h, int maybe, const char *word, size_t len,
                  char c)
{
    if (!maybe || h->pos >= len)
        return maybe;
    if (c != word[h->pos])
        return 0;
    if (h->pos == len - 1)
        h->n++;
    return 1;
}

void hops_feed(struct hops *h, const char *s, size_t n)
{
    static const char r[] = "received:", d[] = "delivered-to:";
    size_t i;

    for (i = 0; i < n && h->is_header; i++) {
        char c = s[i];

        if (c == '\n') {
            if (h->pos == 0)
                h->is_header = 0;
            h->pos = 0;
            h->maybe_r = h->maybe_d = 1;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        h->maybe_r = follow(h, h->maybe_r, r, sizeof r - 1, c);
        h->maybe_d = follow(h, h->maybe_d, d, sizeof d - 1, c);
        if (h->pos < sizeof d)
            h->pos++;
    }
}

int hops_looping(const struct hops *h)
{
    return h->n > HOPS_MAX;
}
