/* tai.c - TAI64N labels as daemontools' tai64n and multilog write them:
 * "@" then 16 hex digits of seconds and 8 of nanoseconds. Like
 * daemontools, the seconds label is 2^62 + 10 + Unix seconds: the 10 is
 * the TAI-UTC offset of 1970, and later leap seconds are not counted. */
#include <time.h>

#include "tai.h"

#define TAI_UNIX_BASE 4611686018427387914ULL /* 2^62 + 10 */

void tai_now(struct tai *t)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    t->sec = TAI_UNIX_BASE + (uint64_t)(int64_t)ts.tv_sec;
    t->nano = (uint32_t)ts.tv_nsec;
}

static void tai_hex(char *s, uint64_t u, int digits)
{
    static const char hex[] = "0123456789abcdef";

    while (digits-- > 0) {
        s[digits] = hex[u & 15];
        u >>= 4;
    }
}

size_t tai_fmt(char *s, const struct tai *t)
{
    if (s != NULL) {
        s[0] = '@';
        tai_hex(s + 1, t->sec, 16);
        tai_hex(s + 17, t->nano, 8);
    }
    return TAI_FMT;
}

static int tai_unhex(const char *s, int digits, uint64_t *u)
{
    uint64_t v = 0;
    int i, d;

    for (i = 0; i < digits; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            d = s[i] - '0';
        else if (s[i] >= 'a' && s[i] <= 'f')
            d = s[i] - 'a' + 10;
        else if (s[i] >= 'A' && s[i] <= 'F')
            d = s[i] - 'A' + 10;
        else
            return 0;
        v = v << 4 | (uint64_t)d;
    }
    *u = v;
    return 1;
}

/* Upper-case hex is accepted; a nanosecond field of 10^9 or more is not
 * TAI64N and is refused. */
size_t tai_scan(const char *s, size_t n, struct tai *t)
{
    uint64_t sec, nano;

    if (n < TAI_FMT || s[0] != '@')
        return 0;
    if (!tai_unhex(s + 1, 16, &sec) || !tai_unhex(s + 17, 8, &nano))
        return 0;
    if (nano >= 1000000000)
        return 0;
    t->sec = sec;
    t->nano = (uint32_t)nano;
    return TAI_FMT;
}
