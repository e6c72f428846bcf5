/* unit-fmt: number formatting and scanning. */
#include <limits.h>

#include "fmt.h"
#include "scan.h"
#include "unit.h"

int main(void)
{
    char s[FMT_ULONG];
    unsigned long u = 7;

    plan(18);
    is_mem(s, fmt_ulong(s, 0), "0", "zero");
    is_mem(s, fmt_ulong(s, 1234567890), "1234567890", "decimal");
    is_mem(s, fmt_ulong(s, ULONG_MAX), "18446744073709551615", "max");
    is_num((long)fmt_ulong(NULL, 100), 3, "NULL counts");
    is_mem(s, fmt_ulong0(s, 42, 5), "00042", "zero padded");
    is_mem(s, fmt_ulong0(s, 123456, 3), "123456", "padding never cuts");
    is_mem(s, fmt_xlong(s, 0xdeadbeef), "deadbeef", "hex");
    is_mem(s, fmt_str(s, "abc"), "abc", "str");

    is_num((long)scan_ulong("123abc", 6, &u), 3, "scan stops at non-digit");
    is_num((long)u, 123, "value");
    is_num((long)scan_ulong("123", 2, &u), 2, "scan honours length");
    is_num((long)scan_ulong("x", 1, &u), 0, "no digits");
    ok(scan_ulong("18446744073709551616", 20, &u) == 0,
       "overflow is refused");
    ok(scan_ulong("18446744073709551615", 20, &u) == 20 && u == ULONG_MAX,
       "max accepted");
    ok(scan_xlong("fF10g", 5, &u) == 4 && u == 0xff10, "hex");
    ok(scan_ulong_all("604800", &u) && u == 604800, "all digits");
    ok(!scan_ulong_all("60 ", &u), "trailing junk refused");
    ok(!scan_ulong_all("", &u), "empty refused");
    return done_testing();
}
