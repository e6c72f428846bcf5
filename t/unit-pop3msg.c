/* unit-pop3msg: messages as POP3 multi-line responses (CRLF, dot
 * stuffing, TOP's line count), fed whole and in every piece size so
 * that no state is lost between pieces. */
#include <string.h>
#include <unistd.h>

#include "pop3msg.h"
#include "unit.h"

static const struct {
    const char *in;
    int is_top;
    unsigned long lines;
    const char *out;
    const char *name;
} cases[] = {
    {"", 0, 0, ".\r\n", "empty message"},
    {"a\nb\n", 0, 0, "a\r\nb\r\n.\r\n", "LF becomes CRLF"},
    {"a\r\nb\r\n", 0, 0, "a\r\nb\r\n.\r\n", "CRLF stays CRLF"},
    {"a\nb", 0, 0, "a\r\nb\r\n.\r\n", "last line without LF ended"},
    {".\n..x\n.\n", 0, 0, "..\r\n...x\r\n..\r\n.\r\n", "dot stuffing"},
    {"a.b\n .\n", 0, 0, "a.b\r\n .\r\n.\r\n", "only a leading dot"},
    {"a\rb\n", 0, 0, "a\rb\r\n.\r\n", "bare CR kept"},
    {"a\r.b\n", 0, 0, "a\r.b\r\n.\r\n", "a dot after a bare CR is mid-line"},
    {"\n\n", 0, 0, "\r\n\r\n.\r\n", "empty lines"},
    {"S: x\n\nb1\nb2\nb3\n", 1, 0, "S: x\r\n\r\n.\r\n", "TOP 0"},
    {"S: x\n\nb1\nb2\nb3\n", 1, 2, "S: x\r\n\r\nb1\r\nb2\r\n.\r\n",
     "TOP 2"},
    {"S: x\r\n\r\nb1\r\nb2\r\n", 1, 1, "S: x\r\n\r\nb1\r\n.\r\n",
     "TOP 1 on CRLF lines"},
    {"S: x\n\nb1\n", 1, 5, "S: x\r\n\r\nb1\r\n.\r\n",
     "TOP more lines than there are"},
    {"S: x\nT: y\n", 1, 0, "S: x\r\nT: y\r\n.\r\n",
     "TOP without a body: the header"},
    {"S: x\n\n.b\nc", 1, 1, "S: x\r\n\r\n..b\r\n.\r\n",
     "TOP stuffs dots too"},
    {"S: x\n\nb\n\nc\n", 1, 2, "S: x\r\n\r\nb\r\n\r\n.\r\n",
     "blank body lines count"},
};

/* Encode in pieces of size step (0: whole) and read the result back. */
static size_t encode(int i, size_t step, char *out, size_t cap)
{
    char mem[7]; /* smaller than most outputs: flushes on the way */
    struct pop3msg m;
    struct buf b;
    const char *s = cases[i].in;
    size_t n = strlen(s), got = 0;
    ssize_t r;
    int p[2];

    if (pipe(p) == -1)
        return 0;
    buf_init(&b, p[1], mem, sizeof mem);
    pop3msg_init(&m, cases[i].is_top, cases[i].lines);
    while (n > 0 && !pop3msg_done(&m)) {
        size_t k = step == 0 || step > n ? n : step;
        pop3msg_put(&m, &b, s, k);
        s += k;
        n -= k;
    }
    pop3msg_end(&m, &b);
    buf_flush(&b);
    close(p[1]);
    while (got < cap && (r = read(p[0], out + got, cap - got)) > 0)
        got += (size_t)r;
    close(p[0]);
    return got;
}

int main(void)
{
    int n = (int)(sizeof cases / sizeof cases[0]), i;
    char out[256];
    size_t len, step;

    plan(2 * n);
    for (i = 0; i < n; i++) {
        int same = 1;

        len = encode(i, 0, out, sizeof out);
        is_mem(out, len, cases[i].out, cases[i].name);
        for (step = 1; step <= 4; step++) {
            len = encode(i, step, out, sizeof out);
            same &= len == strlen(cases[i].out) &&
                    memcmp(out, cases[i].out, len) == 0;
        }
        ok(same, "  the same in pieces of 1 to 4 bytes");
    }
    return done_testing();
}
