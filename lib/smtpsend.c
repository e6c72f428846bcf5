/* smtpsend.c - the message and addresses as an SMTP client sends them,
 * as qmail-remote's blast() and addrmangle() did. */
#include <string.h>

#include "smtpsend.h"

int smtpsend_data(struct buf *in, struct buf *out)
{
    const char *p;
    size_t n, i, from;
    ssize_t r;
    int bol = 1;

    while ((r = buf_feed(in)) != 0) {
        if (r < 0)
            return 0;
        p = buf_peek(in);
        n = buf_avail(in);
        for (i = from = 0; i < n; i++) {
            if (bol && p[i] == '.') {
                if (!buf_put(out, p + from, i - from) || !buf_put(out, ".", 1))
                    return -1;
                from = i; /* the dot itself goes with what follows */
            }
            bol = p[i] == '\n';
            if (bol) {
                if (!buf_put(out, p + from, i - from) ||
                    !buf_put(out, "\r\n", 2))
                    return -1;
                from = i + 1;
            }
        }
        if (!buf_put(out, p + from, n - from))
            return -1;
        buf_skip(in, n);
    }
    if (!bol && !buf_put(out, "\r\n", 2))
        return -1;
    return 1;
}

/* RFC 5321 4.1.2 atext: letters, digits and these. */
static int atext(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (c >= 128) ||
           (c != 0 && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* 1 when local[0..n) is a dot-string: atoms joined by single dots.
 * 8-bit bytes count as atext, so that such addresses go unquoted as
 * qmail sent them. */
static int dot_string(const char *local, size_t n)
{
    size_t i;

    if (n == 0)
        return 0;
    for (i = 0; i < n; i++)
        if (local[i] == '.') {
            if (i == 0 || i + 1 == n || local[i + 1] == '.')
                return 0;
        } else if (!atext((unsigned char)local[i]))
            return 0;
    return 1;
}

int smtpsend_addr(struct buf *out, const char *addr)
{
    size_t len = strlen(addr), at = len, i;

    while (at > 0 && addr[at - 1] != '@')
        at--;
    if (at == 0 || dot_string(addr, at - 1))
        return buf_put(out, addr, len); /* no '@', or nothing to quote */
    at--;
    if (!buf_put(out, "\"", 1))
        return 0;
    for (i = 0; i < at; i++)
        if ((addr[i] == '"' || addr[i] == '\\') && !buf_put(out, "\\", 1))
            return 0;
        else if (!buf_put(out, addr + i, 1))
            return 0;
    return buf_put(out, "\"", 1) && buf_put(out, addr + at, len - at);
}
