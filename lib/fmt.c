/* fmt.c - number formatting without stdio. */
#include <string.h>

#include "fmt.h"

static size_t fmt_base(char *s, unsigned long u, unsigned base, size_t width)
{
    static const char digits[] = "0123456789abcdef";
    size_t len = 1;
    unsigned long q;

    for (q = u; q >= base; q /= base)
        len++;
    if (len < width)
        len = width;
    if (s != NULL) {
        size_t i = len;
        do {
            s[--i] = digits[u % base];
            u /= base;
        } while (i > 0);
    }
    return len;
}

size_t fmt_ulong(char *s, unsigned long u)
{
    return fmt_base(s, u, 10, 0);
}

size_t fmt_ulong0(char *s, unsigned long u, size_t width)
{
    return fmt_base(s, u, 10, width);
}

size_t fmt_xlong(char *s, unsigned long u)
{
    return fmt_base(s, u, 16, 0);
}

size_t fmt_str(char *s, const char *t)
{
    size_t n = strlen(t);

    if (s != NULL)
        memcpy(s, t, n);
    return n;
}
