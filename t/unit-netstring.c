/* unit-netstring: reading netstring lengths, commas and strings from a
 * buf, with and without a budget; refusing leading zeros, non-digits,
 * overlong and overflowing lengths, lengths beyond the budget; writing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netstring.h"
#include "unit.h"

static char space[16]; /* small, so reads cross buffer refills */
static struct buf b;
static int fd = -1;

/* Make b read s[0..n) and then end of file. */
static void input(const char *s, size_t n)
{
    int p[2];

    if (fd != -1)
        close(fd);
    if (pipe(p) == -1 || write(p[1], s, n) != (ssize_t)n)
        exit(1);
    close(p[1]);
    fd = p[0];
    buf_init(&b, fd, space, sizeof space);
}

#define INPUT(s) input((s), sizeof(s) - 1)

/* getlen on s without a budget: its result, and *len when 1. */
static int len_of(const char *s, unsigned long *len)
{
    input(s, strlen(s));
    return netstring_getlen(&b, NULL, len);
}

int main(void)
{
    struct str s = STR_INIT;
    unsigned long len = 0, left;
    int r;

    plan(39);

    is_num(len_of("12:hello world!,", &len), 1, "12: is a length");
    is_num((long)len, 12, "of 12");
    is_num(len_of("0:,", &len), 1, "0: is a length");
    is_num((long)len, 0, "of 0");
    errno = 0;
    is_num(len_of("01:x,", &len), 0, "a leading zero is refused");
    is_num(errno, EPROTO, "as a protocol error");
    is_num(len_of("00:", &len), 0, "so is 00");
    is_num(len_of(":", &len), 0, "an empty length is refused");
    is_num(len_of("1a:", &len), 0, "a non-digit is refused");
    is_num(len_of(" 1:", &len), 0, "so is a space");
    is_num(len_of("-1:", &len), 0, "and a sign");
    is_num(len_of("18446744073709551615:", &len), 1,
           "the largest unsigned long is a length");
    is_num(len_of("18446744073709551616:", &len), 0,
           "one more overflows and is refused");
    is_num(len_of("000000000000000000001:", &len), 0,
           "21 digits are refused");
    is_num(len_of("123456789012345678901234567890", &len), 0,
           "a run of digits is refused before it ends");
    errno = 5;
    is_num(len_of("12", &len), -1, "end of input in the length");
    is_num(errno, 0, "is end of file, errno 0");
    is_num(len_of("", &len), -1, "no input at all is end of file");

    /* budgets */
    INPUT("3:abc,");
    left = 6;
    r = netstring_getlen(&b, &left, &len);
    is_num(r, 1, "3:abc, fits in 6 bytes");
    is_num((long)left, 4, "2 bytes were charged");
    r = netstring_getbytes(&b, &left, len, &s);
    is_mem(s.s, s.len, "abc", "the string is read");
    is_num((long)left, 1, "and charged");
    is_num(netstring_getcomma(&b, &left), 1, "then the comma");
    is_num((long)left, 0, "using the budget up");
    is_num(netstring_getcomma(&b, &left), 0,
           "reading past the budget is refused");

    INPUT("3:abc,");
    left = 5;
    is_num(netstring_getlen(&b, &left, &len), 0,
           "3:abc, does not fit in 5 bytes");
    INPUT("123:");
    left = 2;
    is_num(netstring_getlen(&b, &left, &len), 0,
           "a length running past the budget is refused");
    is_num((long)left, 0, "after reading only the budget");

    INPUT("3:ab");
    s.len = 0;
    netstring_getlen(&b, NULL, &len);
    is_num(netstring_getbytes(&b, NULL, len, &s), -1,
           "a string cut short is end of file");
    INPUT("3:abc;");
    netstring_getlen(&b, NULL, &len);
    netstring_getbytes(&b, NULL, len, NULL);
    is_num(netstring_getcomma(&b, NULL), 0, "a wrong terminator is refused");
    INPUT("3:abc");
    netstring_getlen(&b, NULL, &len);
    netstring_getbytes(&b, NULL, len, NULL);
    is_num(netstring_getcomma(&b, NULL), -1, "a missing one is end of file");

    /* a long string in pieces, thrown away */
    {
        char big[100];
        memset(big, 'x', sizeof big);
        memcpy(big, "95:", 3);
        big[98] = ',';
        input(big, 99);
        netstring_getlen(&b, NULL, &len);
        is_num(netstring_getbytes(&b, NULL, len, NULL), 1,
               "95 bytes skipped across refills");
        is_num(netstring_getcomma(&b, NULL), 1, "landing on the comma");
    }

    /* writing */
    s.len = 0;
    is_num(netstring_cat(&s, "hello world!", 12), 1, "cat");
    is_mem(s.s, s.len, "12:hello world!,", "12:hello world!,");
    s.len = 0;
    netstring_cat(&s, "", 0);
    is_mem(s.s, s.len, "0:,", "the empty string is 0:,");
    s.len = 0;
    netstring_catlen(&s, 1234);
    is_mem(s.s, s.len, "1234:", "catlen writes only the length");
    {
        int p[2];
        char out[64], obuf[8];
        struct buf w;
        ssize_t n;

        if (pipe(p) == -1)
            return 1;
        buf_init(&w, p[1], obuf, sizeof obuf);
        r = netstring_put(&w, "Kok 1 qp 2", 10) && buf_flush(&w);
        is_num(r, 1, "put");
        close(p[1]);
        n = read(p[0], out, sizeof out);
        is_mem(out, n > 0 ? (size_t)n : 0, "10:Kok 1 qp 2,",
               "put writes a netstring");
        close(p[0]);
    }

    str_free(&s);
    if (fd != -1)
        close(fd);
    return done_testing();
}
