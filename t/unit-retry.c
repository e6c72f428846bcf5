/* unit-retry: qmail-send's quadratic schedule. */
#include <limits.h>

#include "retry.h"
#include "unit.h"

int main(void)
{
    unsigned long x;
    int good = 1;

    plan(14);
    is_num((long)retry_isqrt(0), 0, "isqrt 0");
    is_num((long)retry_isqrt(1), 1, "isqrt 1");
    is_num((long)retry_isqrt(99), 9, "isqrt 99");
    is_num((long)retry_isqrt(100), 10, "isqrt 100");
    is_num((long)retry_isqrt(ULONG_MAX), 4294967295L, "isqrt ULONG_MAX");
    for (x = 0; x < 200000; x++) {
        unsigned long r = retry_isqrt(x);
        if (r * r > x || (r + 1) * (r + 1) <= x)
            good = 0;
    }
    ok(good, "isqrt exact for 0..199999");

    /* local: 0, 100, 400, 900 after birth */
    is_num((long)retry_next(1000, 1000, RETRY_SKIP_LOCAL), 1100,
           "local: first retry 100s after birth");
    is_num((long)retry_next(1000, 1100, RETRY_SKIP_LOCAL), 1400,
           "local: then 400s");
    is_num((long)retry_next(1000, 1400, RETRY_SKIP_LOCAL), 1900,
           "local: then 900s");
    /* remote: 400, 1600, 3600 */
    is_num((long)retry_next(0, 0, RETRY_SKIP_REMOTE), 400,
           "remote: first retry 400s after birth");
    is_num((long)retry_next(0, 400, RETRY_SKIP_REMOTE), 1600,
           "remote: then 1600s");
    is_num((long)retry_next(0, 1700, RETRY_SKIP_REMOTE), 3721,
           "remote: a late attempt moves the next one by its root");
    is_num((long)retry_next(5000, 1000, RETRY_SKIP_LOCAL), 5100,
           "birth in the future: as at birth");
    ok(retry_next(LONG_MAX - 10, LONG_MAX - 5, RETRY_SKIP_REMOTE) ==
           LONG_MAX, "saturates instead of overflowing");
    return done_testing();
}
