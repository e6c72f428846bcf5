/* quote.c - quote the local part of an address when it needs it. */
#include "quote.h"

/* RFC 5322 3.2.3 atext, plus '.', whose placement quote_need checks. */
static int is_atext(unsigned char c)
{
    if (c <= ' ' || c >= 127)
        return 0;
    switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '@':
    case ',':
    case ';':
    case ':':
    case '\\':
    case '"':
    case '[':
    case ']':
        return 0;
    default:
        return 1;
    }
}

int quote_need(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return 1;
    for (i = 0; i < n; i++) {
        if (!is_atext((unsigned char)s[i]))
            return 1;
        if (s[i] == '.' && i + 1 < n && s[i + 1] == '.')
            return 1;
    }
    return 0;
}

int quote_addr(struct str *out, const char *addr, size_t n)
{
    size_t at, i;

    out->len = 0;
    if (n == 0)
        return str_0(out);
    at = str_rchr(addr, n, '@');
    if (!quote_need(addr, at)) {
        if (!str_catb(out, addr, at))
            return 0;
    } else {
        if (!str_catc(out, '"'))
            return 0;
        for (i = 0; i < at; i++) {
            char c = addr[i];
            if ((c == '"' || c == '\\' || c == '\r' || c == '\n') &&
                !str_catc(out, '\\'))
                return 0;
            if (!str_catc(out, c))
                return 0;
        }
        if (!str_catc(out, '"'))
            return 0;
    }
    return str_catb(out, addr + at, n - at) && str_0(out);
}
