/* qsbmf.c - the text of qmail-send's bounce messages. The fixed strings
 * that bounce parsers look for ("Hi. This is the qmail-send program at",
 * "failure notice", "--- Below this line is a copy of the message.")
 * are kept as QSBMF and its readers expect them; the rest is our own. */
#include <string.h>

#include "qsbmf.h"

int qsbmf_recipient(struct str *out, const char *recip, size_t rlen,
                    const char *report, size_t n)
{
    size_t i, start;

    if (!str_catc(out, '<'))
        return 0;
    start = out->len;
    if (!str_catb(out, recip, rlen))
        return 0;
    for (i = start; i < out->len; i++)
        if (out->s[i] == '\n')
            out->s[i] = '_';
    if (!str_cats(out, ">:\n"))
        return 0;
    start = out->len;
    if (!str_catb(out, report, n))
        return 0;
    /* A blank line would end the paragraph early: "\n\n" -> "\n/".
     * out->s[start - 1] is the newline after the address. */
    for (i = start; i < out->len; i++)
        if (out->s[i] == '\n' && out->s[i - 1] == '\n')
            out->s[i] = '/';
    if (out->len > start && out->s[out->len - 1] != '\n' &&
        !str_catc(out, '\n'))
        return 0;
    return str_catc(out, '\n');
}

static int is_atext(unsigned char c)
{
    if (c >= 0x80)
        return 1; /* RFC 6532: UTF-8 is atext */
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9'))
        return 1;
    return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* RFC 5322 3.2.3: atoms joined by single dots, none at either end. */
static int is_dot_atom(const char *s, size_t n)
{
    size_t i;

    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (s[i - 1] == '.')
                return 0;
        } else if (!is_atext((unsigned char)s[i])) {
            return 0;
        }
    }
    return 1;
}

int qsbmf_quote(struct str *out, const char *addr, size_t n)
{
    size_t at = str_rchr(addr, n, '@'), i;

    if (is_dot_atom(addr, at))
        return str_catb(out, addr, n);
    if (!str_catc(out, '"'))
        return 0;
    for (i = 0; i < at; i++) {
        if ((addr[i] == '"' || addr[i] == '\\' || addr[i] == '\n' ||
             addr[i] == '\r') && !str_catc(out, '\\'))
            return 0;
        if (!str_catc(out, addr[i]))
            return 0;
    }
    return str_catc(out, '"') && str_catb(out, addr + at, n - at);
}

static const char intro_single[] =
    ".\n"
    "I'm sorry: your message could not be delivered to the addresses\n"
    "below. This is a permanent failure, so it will not be tried again.\n"
    "\n";

static const char intro_double[] =
    ".\n"
    "A bounce message could not be delivered to the address below;\n"
    "the bounce itself bounced. The failed bounce follows the list.\n"
    "\n";

int qsbmf_head(struct str *out, const char *date, size_t datelen,
               const char *from_local, size_t fllen, const char *from_host,
               size_t fhlen, const char *to, size_t tolen, int is_double)
{
    return str_cats(out, "Date: ") && str_catb(out, date, datelen) &&
           str_cats(out, "\nFrom: ") &&
           qsbmf_quote(out, from_local, fllen) && str_catc(out, '@') &&
           str_catb(out, from_host, fhlen) && str_cats(out, "\nTo: ") &&
           qsbmf_quote(out, to, tolen) &&
           str_cats(out, "\nSubject: failure notice\n\n"
                         "Hi. This is the qmail-send program at ") &&
           str_catb(out, from_host, fhlen) &&
           str_cats(out, is_double ? intro_double : intro_single);
}

int qsbmf_break(struct str *out, const char *sender, size_t n)
{
    return str_cats(out, "--- Below this line is a copy of the message.\n"
                         "\nReturn-Path: <") &&
           str_catb(out, sender, n) && str_cats(out, ">\n");
}
