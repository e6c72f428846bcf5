/* ip.c - IPv4 and IPv6 addresses to and from text, without inet_pton:
 * the scanners work on length-carrying input in the middle of a line
 * ("[1.2.3.4]", "[IPv6:::1]") and say how much they used.
 *
 * A scanner takes the longest run of characters that can appear in an
 * address (digits and dots; for IPv6 also hex letters and colons) and
 * accepts it only if all of it is one valid address. So "1.2.3.4]" gives
 * 7, while "1.2.3.4.5" and "1::2::3" give 0 rather than a valid-looking
 * prefix of something that is not an address. */
#include "ip.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One dotted quad filling all of s[0..n), or 0. */
static int quad(const char *s, size_t n, unsigned char ip[4])
{
    unsigned char out[4];
    size_t i = 0, start;
    unsigned v;
    int part;

    for (part = 0; part < 4; part++) {
        if (part > 0) {
            if (i >= n || s[i] != '.')
                return 0;
            i++;
        }
        start = i;
        v = 0;
        while (i < n && is_digit(s[i]) && i - start < 3)
            v = v * 10 + (unsigned)(s[i++] - '0');
        /* no digits, a fourth digit, a value over 255, or a leading zero
         * (inet_aton would read "010" as octal 8: refuse the ambiguity) */
        if (i == start || (i < n && is_digit(s[i])) || v > 255 ||
            (s[start] == '0' && i - start > 1))
            return 0;
        out[part] = (unsigned char)v;
    }
    if (i != n)
        return 0;
    for (part = 0; part < 4; part++)
        ip[part] = out[part];
    return 1;
}

size_t ip_scan4(const char *s, size_t n, unsigned char ip[4])
{
    size_t m = 0;

    while (m < n && (is_digit(s[m]) || s[m] == '.'))
        m++;
    return quad(s, m, ip) ? m : 0;
}

/* RFC 4291 2.2 on all of t[0..m): up to eight groups of one to four hex
 * digits, at most one "::" standing for one or more zero groups, and
 * optionally a dotted quad as the last two groups. */
static int parse6(const char *t, size_t m, unsigned char ip[16])
{
    unsigned group[8];
    size_t i = 0, start, ng = 0, k;
    int gap = -1, d;
    unsigned v;

    if (m >= 2 && t[0] == ':' && t[1] == ':') {
        gap = 0;
        i = 2;
    }
    while (i < m) {
        start = i;
        v = 0;
        while (i < m && (d = hex_value(t[i])) >= 0 && i - start < 5)
            v = v * 16 + (unsigned)d, i++;
        if (i < m && t[i] == '.') {
            /* the dotted quad must be the rest, in the last 32 bits */
            if (ng > 6 || !quad(t + start, m - start, ip + 2 * ng))
                return 0;
            group[ng] = (unsigned)ip[2 * ng] << 8 | ip[2 * ng + 1];
            group[ng + 1] = (unsigned)ip[2 * ng + 2] << 8 | ip[2 * ng + 3];
            ng += 2;
            break;
        }
        if (i == start || i - start > 4 || ng == 8)
            return 0;
        group[ng++] = v;
        if (i == m)
            break;
        if (t[i] != ':')
            return 0;
        i++;
        if (i < m && t[i] == ':') {
            if (gap >= 0)
                return 0; /* a second "::" */
            gap = (int)ng;
            i++;
        } else if (i == m)
            return 0; /* a single trailing colon */
    }
    if (gap < 0 ? ng != 8 : ng > 7)
        return 0;
    for (k = 0; k < 16; k++)
        ip[k] = 0;
    for (k = 0; k < ng; k++) {
        /* groups after the gap go to the end of the address */
        size_t at = gap >= 0 && k >= (size_t)gap ? 8 - ng + k : k;
        ip[2 * at] = (unsigned char)(group[k] >> 8);
        ip[2 * at + 1] = (unsigned char)(group[k] & 0xff);
    }
    return 1;
}

size_t ip_scan6(const char *s, size_t n, unsigned char ip[16])
{
    unsigned char out[16];
    size_t m = 0, k;

    while (m < n && (hex_value(s[m]) >= 0 || s[m] == ':' || s[m] == '.'))
        m++;
    if (!parse6(s, m, out))
        return 0;
    for (k = 0; k < 16; k++)
        ip[k] = out[k];
    return m;
}

/* Write c at s[len] unless only counting. */
static void put(char *s, size_t len, char c)
{
    if (s != NULL)
        s[len] = c;
}

static size_t fmt_dec(char *s, size_t len, unsigned v)
{
    if (v >= 100)
        put(s, len++, (char)('0' + v / 100));
    if (v >= 10)
        put(s, len++, (char)('0' + v / 10 % 10));
    put(s, len++, (char)('0' + v % 10));
    return len;
}

size_t ip_fmt4(char *s, const unsigned char ip[4])
{
    size_t len = 0;
    int i;

    for (i = 0; i < 4; i++) {
        if (i > 0)
            put(s, len++, '.');
        len = fmt_dec(s, len, ip[i]);
    }
    put(s, len, '\0');
    return len;
}

static size_t fmt_hex(char *s, size_t len, unsigned v)
{
    static const char digits[] = "0123456789abcdef";
    int shift, started = 0;

    for (shift = 12; shift >= 0; shift -= 4) {
        unsigned d = v >> shift & 15;
        if (d != 0 || started || shift == 0) {
            put(s, len++, digits[d]);
            started = 1;
        }
    }
    return len;
}

size_t ip_fmt6(char *s, const unsigned char ip[16])
{
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0,    0,
                                             0, 0, 0, 0, 0xff, 0xff};
    unsigned g[8];
    int i, run, best = -1, bestlen = 1, mapped_form = 1;
    size_t len = 0;

    for (i = 0; i < 12; i++)
        if (ip[i] != mapped[i])
            mapped_form = 0;
    /* RFC 5952 5: an IPv4-mapped address keeps its dotted quad */
    if (mapped_form) {
        for (i = 0; i < 7; i++)
            put(s, len++, "::ffff:"[i]);
        return len + ip_fmt4(s == NULL ? NULL : s + len, ip + 12);
    }
    for (i = 0; i < 8; i++)
        g[i] = (unsigned)ip[2 * i] << 8 | ip[2 * i + 1];
    /* RFC 5952 4.2: "::" replaces the longest run of two or more zero
     * groups, the first such run on a tie, and never a single group */
    for (i = 0; i < 8; i += run > 0 ? run : 1) {
        for (run = 0; i + run < 8 && g[i + run] == 0; run++)
            ;
        if (run > bestlen) {
            best = i;
            bestlen = run;
        }
    }
    for (i = 0; i < 8; i++) {
        if (i == best) {
            put(s, len++, ':');
            put(s, len++, ':');
            i += bestlen - 1;
            continue;
        }
        if (i > 0 && i != best + bestlen)
            put(s, len++, ':');
        len = fmt_hex(s, len, g[i]);
    }
    put(s, len, '\0');
    return len;
}
