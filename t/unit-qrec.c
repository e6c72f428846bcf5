/* unit-qrec: NUL-terminated records of queue files. */
#include "qrec.h"
#include "unit.h"

int main(void)
{
    static const char todo[] = "u0\0p42\0Fjoe@x\0Tann@y\0T\0";
    static const char trunc[] = "Fjoe\0Tan";
    struct qrec r;
    size_t pos = 0;

    plan(12);
    ok(qrec_next(todo, sizeof todo - 1, &pos, &r) == 1 && r.type == 'u' &&
           r.len == 1 && r.s[0] == '0' && r.off == 0,
       "u record");
    ok(qrec_next(todo, sizeof todo - 1, &pos, &r) == 1 && r.type == 'p',
       "p record");
    ok(qrec_next(todo, sizeof todo - 1, &pos, &r) == 1 && r.type == 'F',
       "F record");
    is_mem(r.s, r.len, "joe@x", "sender text");
    ok(qrec_next(todo, sizeof todo - 1, &pos, &r) == 1 && r.type == 'T' &&
           r.off == 14,
       "T record and its offset");
    ok(qrec_next(todo, sizeof todo - 1, &pos, &r) == 1 && r.type == 'T' &&
           r.len == 0,
       "empty recipient");
    ok(qrec_next(todo, sizeof todo - 1, &pos, &r) == 0, "end");
    pos = 0;
    ok(qrec_next(trunc, sizeof trunc - 1, &pos, &r) == 1, "complete record");
    ok(qrec_next(trunc, sizeof trunc - 1, &pos, &r) == -1 && r.type == 'T',
       "truncated record is -1");
    is_mem(r.s, r.len, "an", "with what there is");
    pos = 0;
    ok(qrec_next("\0", 1, &pos, &r) == 1 && r.type == '\0' && r.len == 0,
       "lone NUL");
    pos = 0;
    ok(qrec_next("", 0, &pos, &r) == 0, "empty file");
    return done_testing();
}
