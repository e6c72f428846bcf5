/* newfield.c - Date, Message-ID and From made for qmail-inject. */
#include <string.h>

#include "date822.h"
#include "fmt.h"
#include "newfield.h"
#include "quote.h"

int newfield_date(struct str *out, time_t t)
{
    char d[DATE822_FMT];
    size_t n = date822_fmt(d, t);

    return n > 0 && str_cats(out, "Date: ") && str_catb(out, d, n) &&
           str_catc(out, '\n');
}

int newfield_msgid(struct str *out, time_t t, unsigned long pid,
                   const char *idhost, size_t n)
{
    char num[FMT_ULONG];
    unsigned long parts[6];
    struct tm tm;
    size_t i;

    if (gmtime_r(&t, &tm) == NULL || tm.tm_year < 0)
        return 0;
    parts[0] = (unsigned long)tm.tm_year + 1900;
    parts[1] = (unsigned long)tm.tm_mon + 1;
    parts[2] = (unsigned long)tm.tm_mday;
    parts[3] = (unsigned long)tm.tm_hour;
    parts[4] = (unsigned long)tm.tm_min;
    parts[5] = (unsigned long)tm.tm_sec;
    if (!str_cats(out, "Message-ID: <"))
        return 0;
    for (i = 0; i < 6; i++)
        if (!str_catb(out, num, fmt_ulong0(num, parts[i], i == 0 ? 4 : 2)))
            return 0;
    return str_catc(out, '.') &&
           str_catb(out, num, fmt_ulong(num, pid)) &&
           str_cats(out, ".qmail@") && str_catb(out, idhost, n) &&
           str_cats(out, ">\n");
}

int newfield_delimit(struct str *out, const char *s, char open, char close)
{
    if (!str_catc(out, open))
        return 0;
    for (; *s != '\0'; s++) {
        char c = *s == '\r' || *s == '\n' ? ' ' : *s;

        if ((c == '\\' || c == open || c == close) && !str_catc(out, '\\'))
            return 0;
        if (!str_catc(out, c))
            return 0;
    }
    return str_catc(out, close);
}

int newfield_from(struct str *out, const char *name, const char *user,
                  const char *host, int comment_style)
{
    int angle = name != NULL && !comment_style;

    if (angle && (!newfield_delimit(out, name, '"', '"') ||
                  !str_cats(out, " <")))
        return 0;
    if (quote_need(user, strlen(user))) {
        if (!newfield_delimit(out, user, '"', '"'))
            return 0;
    } else if (!str_cats(out, user)) {
        return 0;
    }
    if (host != NULL && (!str_catc(out, '@') || !str_cats(out, host)))
        return 0;
    if (angle && !str_catc(out, '>'))
        return 0;
    if (name != NULL && comment_style &&
        (!str_catc(out, ' ') || !newfield_delimit(out, name, '(', ')')))
        return 0;
    return 1;
}
