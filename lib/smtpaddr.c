/* smtpaddr.c - MAIL and RCPT arguments.
 *
 * qmail-smtpd 1.03 took everything between '<' and '>' (or after the
 * colon up to a space), dropped a source route and removed quoting, and
 * never reported a syntax error except for length. We keep that
 * transformation, so envelopes look as qmail would have written them,
 * but refuse input it silently guessed at: a missing '>', an open quote,
 * a dangling backslash, and bytes that have no place in a command. */
#include <errno.h>
#include <limits.h>
#include <sys/socket.h>

#include "ip.h"
#include "ipme.h"
#include "scan.h"
#include "smtpaddr.h"

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int bad_byte(char c)
{
    return c == '\0' || c == '\r' || c == '\n';
}

/* Match keyword and ':' at arg[*i], ignoring case. */
static int keyword_at(const char *arg, size_t n, size_t *i, const char *kw)
{
    size_t j = *i;

    for (; *kw != '\0'; kw++, j++)
        if (j >= n || lower((unsigned char)arg[j]) != lower(*kw))
            return 0;
    if (j >= n || arg[j] != ':')
        return 0;
    *i = j + 1;
    return 1;
}

/* Copy arg[i..n) into addr up to an unquoted, unescaped terminator,
 * removing quotes and backslashes. The index after the terminator (or n
 * when bare and the text ran out) goes to *end. 1, 0 syntax, -1 memory. */
static int copy_addr(const char *arg, size_t n, size_t i, char terminator,
                     struct str *addr, size_t *end)
{
    int is_quoted = 0;

    for (; i < n; i++) {
        char c = arg[i];

        if (bad_byte(c))
            return 0;
        if (c == '\\') {
            if (++i >= n || bad_byte(arg[i]))
                return 0;
            c = arg[i];
        } else if (c == '"') {
            is_quoted = !is_quoted;
            continue;
        } else if (!is_quoted && c == terminator) {
            *end = terminator == '>' ? i + 1 : i;
            return 1;
        }
        if (addr->len >= SMTPADDR_MAX)
            return 0;
        if (!str_catc(addr, c))
            return -1;
    }
    if (is_quoted || terminator == '>')
        return 0;
    *end = n;
    return 1;
}

int smtpaddr_parse(const char *arg, size_t arg_len, const char *keyword,
                   struct str *addr, size_t *params)
{
    size_t i = 0, end = arg_len;
    char terminator = ' ';
    int r;

    addr->len = 0;
    while (i < arg_len && arg[i] == ' ')
        i++;
    if (!keyword_at(arg, arg_len, &i, keyword))
        return errno = EINVAL, 0;
    while (i < arg_len && arg[i] == ' ')
        i++;
    if (i < arg_len && arg[i] == '<') {
        terminator = '>';
        i++;
    } else if (i >= arg_len) {
        return errno = EINVAL, 0; /* "MAIL FROM:" and nothing */
    }
    /* RFC 5321 4.1.1.3 and appendix C: a source route "@a,@b:" must be
     * accepted and should be ignored; qmail drops it up to the first
     * colon, so the route cannot decide where the mail goes. */
    if (i < arg_len && arg[i] == '@') {
        while (i < arg_len && arg[i] != ':' && arg[i] != terminator &&
               !bad_byte(arg[i]))
            i++;
        if (i >= arg_len || arg[i] != ':')
            return errno = EINVAL, 0;
        i++;
    }
    r = copy_addr(arg, arg_len, i, terminator, addr, &end);
    if (r == 1 && terminator == ' ' && addr->len == 0)
        r = 0; /* bare form with nothing in it */
    if (r != 1) {
        addr->len = 0;
        if (r == 0)
            errno = EINVAL;
        return r;
    }
    *params = end;
    return 1;
}

int smtpaddr_size(const char *params, size_t n, unsigned long *size)
{
    size_t i = 0, start, len, k;
    unsigned long u;
    int found = 0;

    while (i < n) {
        while (i < n && params[i] == ' ')
            i++;
        start = i;
        while (i < n && params[i] != ' ')
            i++;
        len = i - start;
        if (len < 5 || str_diffb_nocase(params + start, "SIZE=", 5) != 0)
            continue;
        start += 5;
        len -= 5;
        for (k = 0; k < len; k++)
            if (params[start + k] < '0' || params[start + k] > '9')
                return -1;
        /* no number, or a second SIZE: which one would be meant? */
        if (len == 0 || found)
            return -1;
        /* all digits: scan_ulong says 0 only on overflow */
        *size = scan_ulong(params + start, len, &u) == len ? u : ULONG_MAX;
        found = 1;
    }
    return found;
}

int smtpaddr_routed(const char *addr, size_t n)
{
    size_t at = str_rchr(addr, n, '@'), i;

    for (i = 0; i < at && i < n; i++)
        if (addr[i] == '@' || addr[i] == '%' || addr[i] == '!')
            return 1;
    return 0;
}

int smtpaddr_literal(const char *addr, size_t n, size_t *at,
                     unsigned char ip[16])
{
    size_t a = str_rchr(addr, n, '@'), d, len;

    if (a >= n)
        return 0;
    d = a + 1;
    len = n - d;
    if (len < 3 || addr[d] != '[' || addr[n - 1] != ']')
        return 0;
    d++;
    len -= 2;
    *at = a;
    if (len > 5 && str_diffb_nocase(addr + d, "IPv6:", 5) == 0)
        return len - 5 > 0 && ip_scan6(addr + d + 5, len - 5, ip) == len - 5
                   ? 6
                   : 0;
    return ip_scan4(addr + d, len, ip) == len ? 4 : 0;
}

int smtpaddr_localip(struct str *addr, const char *liphost, size_t len)
{
    unsigned char ip[16];
    size_t at;
    int r = smtpaddr_literal(addr->s, addr->len, &at, ip);

    if (r == 0)
        return 0;
    r = ipme_is(r == 4 ? AF_INET : AF_INET6, ip);
    if (r != 1)
        return r;
    addr->len = at + 1;
    return str_catb(addr, liphost, len) ? 1 : -1;
}
