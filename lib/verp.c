/* verp.c - the "-@[]" sender form of qmail 1.03's qmail-send. */
#include <string.h>

#include "verp.h"

static int is_verp(const char *sender, size_t n)
{
    return n >= 4 && memcmp(sender + n - 4, "-@[]", 4) == 0;
}

int verp_sender(struct str *out, const char *sender, size_t n,
                const char *recip, size_t rn)
{
    size_t j, k;

    if (is_verp(sender, n)) {
        j = str_rchr(sender, n - 4, '@'); /* owner-@host: the '@' */
        k = str_rchr(recip, rn, '@');
        if (k < rn && j < n - 4)
            return str_catb(out, sender, j) && str_catb(out, recip, k) &&
                   str_catc(out, '=') &&
                   str_catb(out, recip + k + 1, rn - k - 1) &&
                   str_catc(out, '@') &&
                   str_catb(out, sender + j + 1, n - 4 - j - 1);
    }
    return str_catb(out, sender, n);
}

size_t verp_bounceto(const char *sender, size_t n)
{
    return is_verp(sender, n) ? n - 4 : n;
}
