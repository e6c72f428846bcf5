/* received.c - qmail's Received: line (see received.h). */
#include <string.h>
#include <strings.h>

#include "date822.h"
#include "received.h"

static int is_safe(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9'))
        return 1;
    return c != '\0' && strchr(".@%+/=:-", c) != NULL;
}

static int safe_cat(struct str *out, const char *s)
{
    for (; *s != '\0'; s++)
        if (!str_catc(out, is_safe(*s) ? *s : '?'))
            return 0;
    return 1;
}

int received_fmt(struct str *out, const char *protocol, const char *local,
                 const char *remoteip, const char *remotehost,
                 const char *remoteinfo, const char *helo, time_t when)
{
    char date[DATE822_FMT];
    size_t start = out->len, n;

    if (helo != NULL && strcasecmp(helo, remotehost) == 0)
        helo = NULL;
    n = date822_fmt(date, when);
    if (!str_cats(out, "Received: from ") || !safe_cat(out, remotehost))
        goto nomem;
    if (helo != NULL && (!str_cats(out, " (HELO ") || !safe_cat(out, helo) ||
                         !str_catc(out, ')')))
        goto nomem;
    if (!str_cats(out, " ("))
        goto nomem;
    if (remoteinfo != NULL &&
        (!safe_cat(out, remoteinfo) || !str_catc(out, '@')))
        goto nomem;
    if (!safe_cat(out, remoteip) || !str_cats(out, ")\n  by ") ||
        !safe_cat(out, local) || !str_cats(out, " with ") ||
        !str_cats(out, protocol) || !str_cats(out, "; ") ||
        !str_catb(out, date, n) || !str_catc(out, '\n'))
        goto nomem;
    return 1;
nomem:
    out->len = start;
    return 0;
}
