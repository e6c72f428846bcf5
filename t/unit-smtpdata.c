/* unit-smtpdata: the DATA decoder. The end only at CRLF.CRLF; CRLF to
 * LF; dot-unstuffing; bare CR and bare LF flagged; "." lines next to a
 * bare LF ambiguous; databytes; hop counting; the same answers however
 * the input is split into reads. */
#include <stdlib.h>

#include "smtpdata.h"
#include "unit.h"

#define V(s) s, sizeof s - 1

static const struct {
    const char *in;
    size_t len;
    int status;      /* after feeding all of in */
    const char *out; /* decoded, when not bare */
    size_t outlen;
    int bare;
    size_t used;     /* input consumed */
} cases[] = {
    {V(".\r\n"), SMTPDATA_END, V(""), 0, 3},
    {V("a\r\n.\r\n"), SMTPDATA_END, V("a\n"), 0, 6},
    {V("a\r\n.\r\nQUIT\r\n"), SMTPDATA_END, V("a\n"), 0, 6},
    {V("Subject: x\r\n\r\nbody\r\n.\r\n"), SMTPDATA_END,
     V("Subject: x\n\nbody\n"), 0, 23},
    {V("..\r\n.\r\n"), SMTPDATA_END, V(".\n"), 0, 7},
    {V("..a\r\n.b\r\n.\r\n"), SMTPDATA_END, V(".a\nb\n"), 0, 12},
    {V("a.\r\n.\r\n"), SMTPDATA_END, V("a.\n"), 0, 7},
    {V(" .\r\n.\r\n"), SMTPDATA_END, V(" .\n"), 0, 7},
    {V("a\r\n"), SMTPDATA_MORE, V("a\n"), 0, 3},
    {V("a\r\n."), SMTPDATA_MORE, V("a\n"), 0, 4},
    {V("a\r\n.\r"), SMTPDATA_MORE, V("a\n"), 0, 5},
    {V("\xff\xfe\xc3(\r\n.\r\n"), SMTPDATA_END, V("\xff\xfe\xc3(\n"), 0, 9},
    {V("a\0b\r\n.\r\n"), SMTPDATA_END, V("a\0b\n"), 0, 8},
    /* bare LF and bare CR: read on, flag the message */
    {V("a\nb\r\n.\r\n"), SMTPDATA_END, NULL, 0, 1, 8},
    {V("a\rb\r\n.\r\n"), SMTPDATA_END, NULL, 0, 1, 8},
    {V("a\r\r\n.\r\n"), SMTPDATA_END, NULL, 0, 1, 7},
    {V("a\r\n\r.\r\n.\r\n"), SMTPDATA_END, NULL, 0, 1, 10},
    {V(".\rx\r\n.\r\n"), SMTPDATA_END, NULL, 0, 1, 8},
    {V("\n"), SMTPDATA_MORE, NULL, 0, 1, 1},
    /* the smuggling shapes: never an end, and ambiguous when a "." line
     * touches a bare LF */
    {V("a\n.\nMAIL FROM:<x>\r\n"), SMTPDATA_AMBIGUOUS, NULL, 0, 1, 4},
    {V("a\n.\r\nMAIL FROM:<x>\r\n"), SMTPDATA_AMBIGUOUS, NULL, 0, 1, 5},
    {V("a\r\n.\nMAIL FROM:<x>\r\n"), SMTPDATA_AMBIGUOUS, NULL, 0, 0, 5},
    {V("\n.\n"), SMTPDATA_AMBIGUOUS, NULL, 0, 1, 3},
    {V(".\n"), SMTPDATA_AMBIGUOUS, NULL, 0, 0, 2},
    {V("a\r.\r\nMAIL FROM:<x>\r\n.\r\n"), SMTPDATA_END, NULL, 0, 1, 23},
    {V("a\r\n.\rMAIL\r\n.\r\n"), SMTPDATA_END, NULL, 0, 1, 14},
};

/* Feed in chunks of size step; return the status, output and use. */
static int feed(const char *in, size_t len, size_t step, unsigned long limit,
                struct smtpdata *d, struct str *out, size_t *used)
{
    size_t pos = 0, u;
    int r = SMTPDATA_MORE;

    smtpdata_init(d, limit);
    out->len = 0;
    while (pos < len && r == SMTPDATA_MORE) {
        size_t n = len - pos < step ? len - pos : step;
        r = smtpdata_feed(d, in + pos, n, &u, out);
        if (u > n)
            return -2;
        pos += u;
    }
    *used = pos;
    return r;
}

static void test_cases(void)
{
    static const size_t steps[] = {1, 2, 3, 7, 4096};
    struct smtpdata d;
    struct str out = STR_INIT;
    size_t i, k, used = 0;
    char name[80];

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (k = 0; k < sizeof steps / sizeof steps[0]; k++) {
            int r = feed(cases[i].in, cases[i].len, steps[k], 0, &d, &out,
                         &used);
            int same = r == cases[i].status && used == cases[i].used &&
                       d.is_bare == cases[i].bare &&
                       (cases[i].out == NULL ||
                        (out.len == cases[i].outlen &&
                         (out.len == 0 ||
                          memcmp(out.s, cases[i].out, out.len) == 0)));

            snprintf(name, sizeof name, "case %zu in chunks of %zu", i,
                     steps[k]);
            if (!ok(same, name))
                printf("# status %d used %zu bare %d out '%.*s'\n", r, used,
                       d.is_bare, (int)out.len, out.s);
        }
    str_free(&out);
}

static void test_limit(void)
{
    struct smtpdata d;
    struct str out = STR_INIT;
    size_t used;

    is_num(feed(V("abc\r\n.\r\n"), 4096, 4, &d, &out, &used), SMTPDATA_END,
           "4 bytes with limit 4");
    ok(!d.is_toobig && out.len == 4, "  not too big");
    is_num(feed(V("abcd\r\n.\r\n"), 4096, 4, &d, &out, &used), SMTPDATA_END,
           "5 bytes with limit 4: read to the end");
    ok(d.is_toobig, "  too big");
    ok(out.len <= 4, "  nothing past the limit kept");
    is_num(feed(V("abcd\r\n.\r\n"), 1, 4, &d, &out, &used), SMTPDATA_END,
           "the same byte by byte");
    ok(d.is_toobig && out.len <= 4, "  too big, bounded");
    is_num(feed(V("..\r\n.\r\n"), 4096, 2, &d, &out, &used), SMTPDATA_END,
           "the limit counts bytes after unstuffing");
    ok(!d.is_toobig, "  \".\\n\" fits in 2");
    str_free(&out);
}

static void test_hops(void)
{
    struct smtpdata d;
    struct str in = STR_INIT, out = STR_INIT;
    size_t used, i;

    for (i = 0; i < 50; i++)
        str_cats(&in, "Received: x\r\nDELIVERED-TO: y\r\n");
    str_cats(&in, "\r\nReceived: body\r\n.\r\n");
    feed(in.s, in.len, 4096, 0, &d, &out, &used);
    is_num((long)d.hops, 100, "100 trace lines counted");
    ok(!smtpdata_looping(&d), "  100 is not a loop");
    in.len = 0;
    for (i = 0; i < 101; i++)
        str_cats(&in, i % 2 ? "received:x\r\n" : "Delivered-To:y\r\n");
    str_cats(&in, ".\r\n");
    feed(in.s, in.len, 3, 0, &d, &out, &used);
    is_num((long)d.hops, 101, "101 counted in small reads");
    ok(smtpdata_looping(&d), "  101 is a loop");
    feed(V("Received-X: a\r\nXReceived: b\r\n Received: c\r\n"
           "Delivered-Tox: d\r\nReceived:\r\n.\r\n"),
         4096, 0, &d, &out, &used);
    is_num((long)d.hops, 1, "only real trace lines count");
    str_free(&in);
    str_free(&out);
}

int main(void)
{
    plan(26 * 5 + 9 + 5);
    test_cases();
    test_limit();
    test_hops();
    return done_testing();
}
