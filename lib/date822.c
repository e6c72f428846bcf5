/* date822.c - RFC 5322 section 3.3 date-time in UTC, for Date: and
 * Received: lines. Names are fixed English, never the locale's, and the
 * day is not zero-padded ("1 Jan"), which 3.3 allows (day = 1*2DIGIT). */
#include <time.h>

#include "date822.h"
#include "fmt.h"

static const char wday_names[7][4] = {
    "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};
static const char month_names[12][4] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* 0 when t has no RFC 5322 form: gmtime_r fails, or the year is before
 * 1900 (3.3: "year is any numeric year 1900 or later"). */
size_t date822_fmt(char *s, time_t t)
{
    char buf[DATE822_FMT];
    struct tm tm;
    long year;
    size_t n = 0;

    if (gmtime_r(&t, &tm) == NULL)
        return 0;
    year = (long)tm.tm_year + 1900;
    if (year < 1900 || tm.tm_wday < 0 || tm.tm_wday > 6 || tm.tm_mon < 0 ||
        tm.tm_mon > 11)
        return 0;
    n += fmt_str(buf + n, wday_names[tm.tm_wday]);
    n += fmt_str(buf + n, ", ");
    n += fmt_ulong(buf + n, (unsigned long)tm.tm_mday);
    buf[n++] = ' ';
    n += fmt_str(buf + n, month_names[tm.tm_mon]);
    buf[n++] = ' ';
    n += fmt_ulong0(buf + n, (unsigned long)year, 4);
    buf[n++] = ' ';
    n += fmt_ulong0(buf + n, (unsigned long)tm.tm_hour, 2);
    buf[n++] = ':';
    n += fmt_ulong0(buf + n, (unsigned long)tm.tm_min, 2);
    buf[n++] = ':';
    n += fmt_ulong0(buf + n, (unsigned long)tm.tm_sec, 2);
    n += fmt_str(buf + n, " +0000");
    if (s != NULL)
        for (size_t i = 0; i < n; i++)
            s[i] = buf[i];
    return n;
}
