/* fuzz target: the DATA decoder (lib/smtpdata). Differential: the input
 * fed in one piece and fed one byte at a time must give the same result,
 * the same decoded bytes and the same flags, since a network read can
 * split the stream anywhere. The decoded text may never hold a bare CR
 * unless the message was marked is_bare. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run(const char *s, size_t n, size_t step, struct smtpdata *d,
               struct str *out, size_t *consumed)
{
    size_t pos = 0, used, chunk;
    int r = SMTPDATA_MORE;

    smtpdata_init(d, 4096);
    while (pos < n && r == SMTPDATA_MORE) {
        chunk = n - pos < step ? n - pos : step;
        r = smtpdata_feed(d, s + pos, chunk, &used, out);
        if (used > chunk)
            abort();
        pos += used;
        if (r == SMTPDATA_MORE && used != chunk)
            abort(); /* only an end may leave input unconsumed */
    }
    *consumed = pos;
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct smtpdata a, b;
    struct str outa = STR_INIT, outb = STR_INIT;
    size_t ca, cb;
    int ra = run((const char *)data, size, size ? size : 1, &a, &outa, &ca);
    int rb = run((const char *)data, size, 1, &b, &outb, &cb);

    if (ra != rb || ca != cb || !str_equalb(&outa, outb.s, outb.len))
        abort();
    if (a.is_bare != b.is_bare || a.is_toobig != b.is_toobig ||
        a.hops != b.hops)
        abort();
    if (!a.is_bare && outa.len && memchr(outa.s, '\r', outa.len))
        abort();
    str_free(&outa);
    str_free(&outb);
    return 0;
}
