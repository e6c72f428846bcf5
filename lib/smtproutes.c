/* smtproutes.c - match a host against control/smtproutes.
 *
 * qmail put the lines into a constmap and looked up the host, then each
 * ".suffix" from each dot, then "": the order here is the same, so a
 * specific line beats a wildcard wherever the two are in the file. A
 * domain in brackets ([192.0.2.1], [IPv6:...]) may hold colons, so a
 * line's domain and relay each end at their closing bracket. */
#include <errno.h>

#include "scan.h"
#include "smtproutes.h"

/* Length of the field at s[0..n) that ends at the first ':' outside
 * brackets; n when there is no such ':'; (size_t)-1 for an unclosed
 * bracket. */
static size_t field(const char *s, size_t n)
{
    size_t close;

    if (n > 0 && s[0] == '[') {
        close = str_chr(s, n, ']');
        if (close == n)
            return (size_t)-1;
        return close + 1;
    }
    return str_chr(s, n, ':');
}

/* The relay and port part of a line, after the domain's colon. */
static int parse_relay(const char *s, size_t n, struct smtproute *r)
{
    size_t k = field(s, n);
    unsigned long port;

    if (k == (size_t)-1 || (k < n && s[k] != ':'))
        return errno = EINVAL, -1;
    r->port = SMTPROUTES_PORT;
    if (k < n) {
        /* a port: all digits, 1..65535 */
        if (scan_ulong(s + k + 1, n - k - 1, &port) != n - k - 1 ||
            port == 0 || port > 65535)
            return errno = EINVAL, -1;
        r->port = port;
    }
    if (!str_copyb(&r->relay, s, k) || !str_0(&r->relay))
        return -1;
    return k > 0;
}

/* The first line whose domain is key[0..klen): 1, 0, -1 as
 * smtproutes_find, or 2 when there is none. */
static int lookup(const struct str *list, const char *key, size_t klen,
                  struct smtproute *r)
{
    size_t pos, end, d;
    const char *line;

    for (pos = 0; pos < list->len; pos = end + 1) {
        line = list->s + pos;
        end = pos + str_chr(line, list->len - pos, '\0');
        d = field(line, end - pos);
        if (d == (size_t)-1 || d >= end - pos || line[d] != ':')
            continue; /* no colon: not a route, as in qmail */
        if (d != klen || str_diffb_nocase(line, key, klen) != 0)
            continue;
        return parse_relay(line + d + 1, end - pos - d - 1, r);
    }
    return 2;
}

int smtproutes_find(const struct str *list, const char *host, size_t len,
                    struct smtproute *r)
{
    size_t i;
    int found;

    r->relay.len = 0;
    r->port = SMTPROUTES_PORT;
    if (!str_0(&r->relay))
        return -1;
    for (i = 0; i <= len; i++) {
        if (i > 0 && i < len && host[i] != '.')
            continue;
        found = lookup(list, host + i, len - i, r);
        if (found != 2)
            return found;
    }
    return 0;
}
