/* unit-report: the spawners' report stream, in pieces of any size. */
#include <string.h>

#include "report.h"
#include "unit.h"

int main(void)
{
    static const char two[] = "\x05\x01Kdid 0+0+1\n\0\x00\x00Zhmm\0";
    struct report r = REPORT_INIT;
    size_t used, i, got = 0;
    int x, good = 1;

    plan(14);
    x = report_parse(&r, two, sizeof two - 1, &used, 100);
    ok(x == 1 && used == 14, "one whole report");
    ok(r.slot == 261 && r.status == 'K', "slot low byte first, status");
    is_mem(r.text.s, r.text.len, "did 0+0+1\n", "text with its newline");
    report_reset(&r);
    x = report_parse(&r, two + used, sizeof two - 1 - used, &used, 100);
    ok(x == 1 && r.slot == 0 && r.status == 'Z', "slot 0: NUL bytes in the slot are not the end");
    is_mem(r.text.s, r.text.len, "hmm", "second text");
    report_reset(&r);

    /* one byte at a time */
    for (i = 0; i < sizeof two - 1; i++) {
        x = report_parse(&r, two + i, 1, &used, 100);
        if (used != 1)
            good = 0;
        if (x == 1) {
            got++;
            if (got == 1 && !(r.slot == 261 && r.text.len == 10))
                good = 0;
            report_reset(&r);
        }
    }
    ok(good && got == 2, "byte by byte: the same two reports");

    x = report_parse(&r, "\x01\x00" "Dabcdef", 9, &used, 3);
    ok(x == 0 && used == 9, "no NUL yet: all taken, more needed");
    x = report_parse(&r, "ghi\0rest", 8, &used, 3);
    ok(x == 1 && used == 4, "ends at the NUL");
    is_mem(r.text.s, r.text.len, "abc", "text cut at max");
    report_reset(&r);

    x = report_parse(&r, "\x02", 1, &used, 10);
    ok(x == 0 && used == 1 && r.hdrlen == 1, "half a slot");
    x = report_parse(&r, "", 0, &used, 10);
    ok(x == 0 && used == 0, "nothing given");
    x = report_parse(&r, "\x00K\0", 3, &used, 10);
    ok(x == 1 && r.slot == 2 && r.status == 'K' && r.text.len == 0,
       "empty text");
    report_reset(&r);
    ok(r.hdrlen == 0 && r.text.len == 0, "reset");
    str_free(&r.text);
    ok(1, "done");
    return done_testing();
}
