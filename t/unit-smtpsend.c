/* unit-smtpsend: the message in SMTP form (CR LF, dot-stuffing at each
 * line start including across buffer refills, 8-bit and bare CR as is, a
 * partial last line ended) and addresses quoted when their local part is
 * not a dot-string. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "smtpsend.h"
#include "unit.h"

static char inpath[] = "/tmp/quail-unit-smtpsend-in-XXXXXX";
static char outpath[] = "/tmp/quail-unit-smtpsend-out-XXXXXX";
static char got[8192];
static size_t gotlen;

/* Run f on in[0..n) with buffers of size bufsize; the output in got. */
static int run(const char *in, size_t n, size_t bufsize, const char *addr)
{
    char *ispace = malloc(bufsize), *ospace = malloc(bufsize);
    struct buf bi, bo;
    int ifd, ofd, r;
    ssize_t k;

    ifd = open(inpath, O_RDWR | O_TRUNC);
    ofd = open(outpath, O_RDWR | O_TRUNC);
    if (write(ifd, in, n) != (ssize_t)n)
        return -9;
    lseek(ifd, 0, SEEK_SET);
    buf_init(&bi, ifd, ispace, bufsize);
    buf_init(&bo, ofd, ospace, bufsize);
    r = addr ? smtpsend_addr(&bo, addr) : smtpsend_data(&bi, &bo);
    buf_flush(&bo);
    lseek(ofd, 0, SEEK_SET);
    k = read(ofd, got, sizeof got);
    gotlen = k > 0 ? (size_t)k : 0;
    close(ifd);
    close(ofd);
    free(ispace);
    free(ospace);
    return r;
}

static const struct {
    const char *in;
    size_t len;
    const char *out;
    size_t outlen;
    const char *name;
} data[] = {
#define D(i, o, n) {i, sizeof i - 1, o, sizeof o - 1, n}
    D("a\nb\n", "a\r\nb\r\n", "LF becomes CR LF"),
    D("", "", "empty message"),
    D(".\n", "..\r\n", "a lone dot is doubled"),
    D(".a\n..b\nc.d\n", "..a\r\n...b\r\nc.d\r\n", "dots at line starts"),
    D("x\n.", "x\r\n..\r\n", "a partial last line with a dot"),
    D("no newline", "no newline\r\n", "a partial last line is ended"),
    D("\n\n.\n", "\r\n\r\n..\r\n", "empty lines"),
    D("\351t\351\n", "\351t\351\r\n", "8-bit as is"),
    D("a\r.\r\n", "a\r.\r\r\n", "bare CR as is, no dot after it doubled"),
    D("a\0b\n", "a\0b\r\n", "NUL as is"),
#undef D
};

static const struct {
    const char *in, *out, *name;
} addrs[] = {
    {"joe@example.com", "joe@example.com", "plain"},
    {"", "", "empty: <>"},
    {"joe", "joe", "no @"},
    {"a.b.c@x", "a.b.c@x", "dots inside"},
    {"x y@z", "\"x y\"@z", "space"},
    {".a@z", "\".a\"@z", "leading dot"},
    {"a..b@z", "\"a..b\"@z", "two dots"},
    {"a.@z", "\"a.\"@z", "trailing dot"},
    {"a\"b@z", "\"a\\\"b\"@z", "quote escaped"},
    {"a\\b@z", "\"a\\\\b\"@z", "backslash escaped"},
    {"a@b@c", "\"a@b\"@c", "the last @ splits"},
    {"@z", "\"\"@z", "empty local part"},
    {"#@[]", "#@[]", "qmail's double-bounce sender"},
    {"j\303\266e@z", "j\303\266e@z", "8-bit unquoted"},
    {"a!#$%&'*+-/=?^_`{|}~@z", "a!#$%&'*+-/=?^_`{|}~@z", "all atext"},
    {"a(b)@z", "\"a(b)\"@z", "parentheses"},
};

int main(void)
{
    size_t i, nd = sizeof data / sizeof data[0];
    size_t na = sizeof addrs / sizeof addrs[0], sizes[] = {1, 2, 3, 8192};
    size_t s;
    int allsizes;

    plan((int)(nd + na + 1));
    close(mkstemp(inpath));
    close(mkstemp(outpath));
    for (i = 0; i < nd; i++) {
        allsizes = 1;
        for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            allsizes &= run(data[i].in, data[i].len, sizes[s], NULL) == 1 &&
                        gotlen == data[i].outlen &&
                        memcmp(got, data[i].out, gotlen) == 0;
        ok(allsizes, data[i].name);
    }
    for (i = 0; i < na; i++) {
        run("", 0, 64, addrs[i].in);
        is_mem(got, gotlen, addrs[i].out, addrs[i].name);
    }
    run("x", 1, 64, NULL);
    is_mem(got, gotlen, "x\r\n", "one byte");
    unlink(inpath);
    unlink(outpath);
    return done_testing();
}
