/* unit-date822: RFC 5322 3.3 dates in UTC for known times, including
 * leap days, single-digit days, times outside 32 bits, under a TZ
 * that is not UTC. */
#include <stdlib.h>
#include <time.h>

#include "date822.h"
#include "unit.h"

static const struct {
    long long t;
    const char *want;
} cases[] = {
    { 0, "Thu, 1 Jan 1970 00:00:00 +0000" },
    { 1795439396, "Mon, 23 Nov 2026 13:09:56 +0000" },
    { 1709210096, "Thu, 29 Feb 2024 12:34:56 +0000" },
    { 951868799, "Tue, 29 Feb 2000 23:59:59 +0000" },
    { 946684799, "Fri, 31 Dec 1999 23:59:59 +0000" },
    { 1615107903, "Sun, 7 Mar 2021 09:05:03 +0000" },
    { 4107542400LL, "Mon, 1 Mar 2100 00:00:00 +0000" },
    { 2147483648LL, "Tue, 19 Jan 2038 03:14:08 +0000" },
    { -1, "Wed, 31 Dec 1969 23:59:59 +0000" },
    { -2208988800LL, "Mon, 1 Jan 1900 00:00:00 +0000" },
    { 253402300800LL, "Sat, 1 Jan 10000 00:00:00 +0000" },
};

int main(void)
{
    char s[DATE822_FMT];
    size_t i;

    plan(13);
    /* A local zone far from UTC: the output must not move with it. */
    setenv("TZ", "XST-9", 1);
    tzset();
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        is_mem(s, date822_fmt(s, (time_t)cases[i].t), cases[i].want,
               cases[i].want);
    is_num((long)date822_fmt(NULL, 0), 30, "NULL only counts");
    is_num((long)date822_fmt(s, (time_t)-2208988801LL), 0,
           "before 1900: no RFC 5322 form, 0");
    return done_testing();
}
