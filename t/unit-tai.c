/* unit-tai: TAI64N labels against known values (daemontools' offset
 * 2^62 + 10), formatting, scanning, and malformed input. */
#include <time.h>

#include "tai.h"
#include "unit.h"

static const struct {
    uint64_t unix_sec;
    uint32_t nano;
    const char *text;
} known[] = {
    { 0, 0, "@400000000000000a00000000" },
    { 1, 1, "@400000000000000b00000001" },
    { 1000000000, 123456789, "@400000003b9aca0a075bcd15" },
    { 1700000000, 999999999, "@400000006553f10a3b9ac9ff" },
    { 0xffffffffULL, 0, "@400000010000000900000000" },
};

static const struct {
    const char *text;
    const char *why;
} bad[] = {
    { "400000000000000a00000000x", "no '@'" },
    { "@400000000000000a0000000", "too short" },
    { "@400000000000000g00000000", "non-hex in seconds" },
    { "@400000000000000a0000000 ", "non-hex in nanoseconds" },
    { "@400000000000000a3b9aca00", "nanoseconds of 10^9" },
    { "@400000000000000affffffff", "nanoseconds far too big" },
};

int main(void)
{
    char s[TAI_FMT + 1];
    struct tai t, u;
    struct timespec ts;
    size_t i;

    plan(19);
    for (i = 0; i < sizeof known / sizeof known[0]; i++) {
        t.sec = 4611686018427387914ULL + known[i].unix_sec;
        t.nano = known[i].nano;
        is_mem(s, tai_fmt(s, &t), known[i].text, known[i].text);
        ok(tai_scan(known[i].text, TAI_FMT, &u) == TAI_FMT &&
               u.sec == t.sec && u.nano == t.nano,
           "scan is the inverse");
    }
    is_num((long)tai_fmt(NULL, &t), TAI_FMT, "NULL only counts");
    ok(tai_scan("@400000000000000A3B9AC9FF", TAI_FMT, &u) == TAI_FMT &&
           u.nano == 999999999,
       "upper-case hex accepted");
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        u.sec = 7;
        ok(tai_scan(bad[i].text, strlen(bad[i].text), &u) == 0 && u.sec == 7,
           bad[i].why);
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    tai_now(&t);
    ok(t.sec - 4611686018427387914ULL - (uint64_t)ts.tv_sec <= 1 &&
           t.nano < 1000000000,
       "tai_now is the clock plus the label offset");
    return done_testing();
}
