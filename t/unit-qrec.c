/* unit-qrec: NUL-terminated records of queue files. */
#include <string.h>

#include "qrec.h"
#include "unit.h"

static void env(const char *b, size_t n, const char *want, const char *name)
{
    struct qrec_env e;
    const char *got = qrec_envelope(b, n, &e);

    if (!ok(want == NULL ? got == NULL : got != NULL && strcmp(got, want) == 0,
            name))
        printf("# got: %s\n# want: %s\n", got ? got : "(ok)",
               want ? want : "(ok)");
}

int main(void)
{
    static const char todo[] = "u0\0p42\0Fjoe@x\0Tann@y\0T\0";
    static const char trunc[] = "Fjoe\0Tan";
    struct qrec r;
    size_t pos = 0;

    plan(24);
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

    {
        static const char good[] = "u7\0p42\0Fjoe@x\0Tann@y\0Tbob@z\0";
        struct qrec_env e;

        ok(qrec_envelope(good, sizeof good - 1, &e) == NULL, "good envelope");
        ok(e.uid == 7 && e.pid == 42 && e.nrecip == 2, "uid, pid, count");
        is_mem(e.from.s, e.from.len, "joe@x", "sender");
        ok(qrec_envelope("F\0", 2, &e) == NULL && e.from.len == 0 &&
               e.nrecip == 0,
           "empty sender, no recipients");
    }
#define ENV(s, want, name) env(s, sizeof s - 1, want, name)
    ENV("u0\0p1\0Fa\0Xjunk\0", "has an unknown record type", "unknown type");
    ENV("u0\0p1\0Fa\0Tb", "is truncated", "truncated");
    ENV("u0\0p1\0", "has no sender", "no sender");
    ENV("", "has no sender", "empty file");
    ENV("Tb\0Fa\0", "has a recipient before the sender", "T before F");
    ENV("Fa\0Fb\0", "has two senders", "two senders");
    ENV("uzz\0Fa\0", "has a bad number", "bad uid");
    ENV("p\0Fa\0", "has a bad number", "empty pid");
    return done_testing();
}
