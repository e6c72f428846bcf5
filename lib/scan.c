/* scan.c - overflow-checked number parsing (no atoi: it cannot say no). */
#include <string.h>

#include "scan.h"

static int digit(char c, unsigned base)
{
    unsigned d;

    if (c >= '0' && c <= '9')
        d = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
        d = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
        d = (unsigned)(c - 'A' + 10);
    else
        return -1;
    return d < base ? (int)d : -1;
}

static size_t scan_base(const char *s, size_t n, unsigned long *u,
                        unsigned base)
{
    unsigned long result = 0;
    size_t i;
    int d;

    for (i = 0; i < n && (d = digit(s[i], base)) >= 0; i++)
        if (__builtin_mul_overflow(result, base, &result) ||
            __builtin_add_overflow(result, (unsigned long)d, &result))
            return 0;
    if (i > 0)
        *u = result;
    return i;
}

size_t scan_ulong(const char *s, size_t n, unsigned long *u)
{
    return scan_base(s, n, u, 10);
}

size_t scan_xlong(const char *s, size_t n, unsigned long *u)
{
    return scan_base(s, n, u, 16);
}

int scan_ulong_all(const char *s, unsigned long *u)
{
    size_t n = strlen(s);

    return n > 0 && scan_ulong(s, n, u) == n;
}
