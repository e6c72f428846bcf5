/* str.c - growable strings. Every size computation is overflow-checked:
 * qmail's stralloc shipped overflow bugs through unsigned int lengths. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "str.h"

int str_reserve(struct str *x, size_t n)
{
    size_t need, cap;
    char *p;

    /* One byte more than asked, so str_0 never has to move the string. */
    if (__builtin_add_overflow(x->len, n, &need) ||
        __builtin_add_overflow(need, 1, &need))
        return errno = EOVERFLOW, 0;
    if (need <= x->cap)
        return 1;
    cap = need + need / 2; /* grow by half to keep appends cheap */
    if (cap < need)        /* the growth itself overflowed */
        cap = need;
    if ((p = realloc(x->s, cap)) == NULL)
        return errno = ENOMEM, 0;
    x->s = p;
    x->cap = cap;
    return 1;
}

int str_catb(struct str *x, const char *b, size_t n)
{
    /* b may point into x itself (str_cat(x, x)): str_reserve may move
     * the string, so find b again afterwards. Compared as integers,
     * since pointers into different objects may not be compared. */
    uintptr_t start = (uintptr_t)x->s, at = (uintptr_t)b;
    int is_inside = x->s != NULL && at >= start && at < start + x->len;

    if (!str_reserve(x, n))
        return 0;
    if (is_inside)
        b = x->s + (at - start);
    if (n > 0)
        memcpy(x->s + x->len, b, n);
    x->len += n;
    return 1;
}

int str_cats(struct str *x, const char *s)
{
    return str_catb(x, s, strlen(s));
}

int str_cat(struct str *x, const struct str *y)
{
    return str_catb(x, y->s, y->len);
}

int str_catc(struct str *x, char c)
{
    return str_catb(x, &c, 1);
}

int str_catulong(struct str *x, unsigned long u)
{
    char num[FMT_ULONG];

    return str_catb(x, num, fmt_ulong(num, u));
}

int str_copyb(struct str *x, const char *b, size_t n)
{
    uintptr_t start = (uintptr_t)x->s, at = (uintptr_t)b;
    int is_inside = x->s != NULL && at >= start && at < start + x->len;

    if (n > x->len && !str_reserve(x, n - x->len))
        return 0;
    if (is_inside) /* as in str_catb: the string may have moved */
        b = x->s + (at - start);
    if (n > 0)
        memmove(x->s, b, n);
    x->len = n;
    return 1;
}

int str_copys(struct str *x, const char *s)
{
    return str_copyb(x, s, strlen(s));
}

int str_0(struct str *x)
{
    if (!str_reserve(x, 0))
        return 0;
    x->s[x->len] = '\0';
    return 1;
}

void str_free(struct str *x)
{
    free(x->s);
    x->s = NULL;
    x->len = x->cap = 0;
}

int str_equalb(const struct str *x, const char *b, size_t n)
{
    return x->len == n && (n == 0 || memcmp(x->s, b, n) == 0);
}

int str_equals(const struct str *x, const char *s)
{
    return str_equalb(x, s, strlen(s));
}

int str_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int str_diffb_nocase(const char *a, const char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int d = lower((unsigned char)a[i]) - lower((unsigned char)b[i]);
        if (d != 0)
            return d;
    }
    return 0;
}

size_t str_chr(const char *b, size_t n, char c)
{
    const char *p = n ? memchr(b, c, n) : NULL;

    return p ? (size_t)(p - b) : n;
}

size_t str_rchr(const char *b, size_t n, char c)
{
    size_t i = n;

    while (i > 0)
        if (b[--i] == c)
            return i;
    return n;
}

void str_lower(char *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        b[i] = (char)lower((unsigned char)b[i]);
}
