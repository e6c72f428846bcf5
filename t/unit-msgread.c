/* unit-msgread: qmail-inject's header/body split (qmail's headerbody)
 * with CRLF line ends made LF, read through buffers of several sizes so
 * every line and CR/LF pair also falls across a buffer boundary; and
 * hfield's field names. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hfield.h"
#include "msgread.h"
#include "unit.h"

#define C(in, want) { in, sizeof in - 1, want, sizeof want - 1 }
static const struct {
    const char *in;
    size_t in_len;
    const char *want; /* each field in [], then |, then the body */
    size_t want_len;
} cases[] = {
    C("To: a\nSubject: x\n\nbody\n",
      "[To: a\n][Subject: x\n]|\nbody\n"),
    C("To: a,\n b\n\tc\nX: y\n\nB",
      "[To: a,\n b\n\tc\n][X: y\n]|\nB\n"),
    C("To: a\r\n b\r\n\r\nline1\r\nline2\r\n",
      "[To: a\n b\n]|\nline1\nline2\n"),
    C("To: a\n",
      "[To: a\n]|"),
    C("To: a",
      "[To: a\n]|"),
    C("To: a\r",
      "[To: a\n]|"),
    C("To: a\n\n",
      "[To: a\n]|\n"),
    C("To: a\nnot a field\nmore\n",
      "[To: a\n]|\nnot a field\nmore\n"),
    C("From joe Mon\nTo: a\n\nb\n",
      "[MBOX-Line: From joe Mon\n][To: a\n]|\nb\n"),
    C("",
      "|"),
    C("\n",
      "|\n"),
    C("\r\n",
      "|\n"),
    C("X: y\n\na\rb\r\n\r",
      "[X: y\n]|\na\rb\n\n"),
    C("X: y\n\na\r\r\nb",
      "[X: y\n]|\na\r\nb\n"),
    C("hello world\n",
      "|\nhello world\n"),
    C("Subject : x\n\n",
      "[Subject : x\n]|\n"),
    C(" x: y\n",
      "|\n x: y\n"),
    C("To: a\n\nx\n\nFrom: b\n",
      "[To: a\n]|\nx\n\nFrom: b\n"),
    C("A: \0x\n\nb\0\n",
      "[A: \0x\n]|\nb\0\n"),
};

static char tmpname[] = "/tmp/quail-unit-msgread-XXXXXX";

static int put(void *arg, const char *s, size_t n)
{
    return str_catb(arg, s, n);
}

static void feed(struct str *out, const char *in, size_t n, size_t bufsize)
{
    static char space[8192];
    static struct str field;
    struct msgread m;
    struct buf b;
    int fd, r;

    /* a file, not a pipe: inputs may be larger than a pipe holds */
    fd = open(tmpname, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd == -1 || write(fd, in, n) != (ssize_t)n ||
        lseek(fd, 0, SEEK_SET) != 0)
        return;
    buf_init(&b, fd, space, bufsize);
    msgread_init(&m, &b);
    out->len = 0;
    while ((r = msgread_field(&m, &field)) == 1) {
        str_catc(out, '[');
        str_cat(out, &field);
        str_catc(out, ']');
    }
    str_catc(out, '|');
    if (r == 0)
        r = msgread_body(&m, put, out);
    if (r != 1)
        str_cats(out, "(error)");
    close(fd);
    msgread_free(&m);
}


int main(void)
{
    static const size_t sizes[] = { 8192, 1, 2, 3, 7 };
    struct str got = STR_INIT, big = STR_INIT;
    size_t i, k, want_len;
    char name[80];
    int same;

    plan((int)(sizeof cases / sizeof cases[0]) + 2 + 13);
    {
        int fd = mkstemp(tmpname);
        if (fd == -1)
            return 1;
        close(fd);
    }
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *w = cases[i].want;

        want_len = cases[i].want_len;
        same = 1;
        for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            feed(&got, cases[i].in, cases[i].in_len, sizes[k]);
            if (got.len != want_len || memcmp(got.s, w, want_len) != 0) {
                if (same)
                    printf("# buffer %zu: got '%.*s'\n", sizes[k],
                           (int)got.len, got.s);
                same = 0;
            }
        }
        for (k = 0; k < cases[i].in_len && k + 1 < sizeof name; k++)
            name[k] = (unsigned char)cases[i].in[k] < ' ' ? '.'
                                                        : cases[i].in[k];
        name[k] = '\0';
        ok(same, k > 0 ? name : "(empty)");
    }

    /* a header field of any length */
    str_copys(&big, "Subject: ");
    for (i = 0; i < 300000; i++)
        str_catc(&big, 'x');
    str_cats(&big, "\r\n\r\nbody");
    feed(&got, big.s, big.len, 8192);
    /* "[Subject: " x... "\n]|\nbody\n" */
    ok(got.len == 10 + 300000 + 3 + 6 &&
       memcmp(got.s + 300010, "\n]|", 3) == 0,
       "a 300000-byte field is one field, CR dropped");
    ok(memcmp(got.s + got.len - 6, "\nbody\n", 6) == 0, "then the body");

    is_num(hfield_known("TO: x", 5), HFIELD_TO, "To, any case");
    is_num(hfield_known("Resent-To :x", 12), HFIELD_RESENT_TO,
           "blanks before the colon");
    is_num(hfield_known("Resent_To: x", 12), HFIELD_OTHER,
           "'-' must be '-'");
    is_num(hfield_known("X-To: x", 7), HFIELD_OTHER, "X-To is other");
    is_num(hfield_known("To", 2), HFIELD_OTHER, "no colon: nothing");
    is_num(hfield_known("mail-followup-to: a", 19), HFIELD_MAIL_FOLLOWUP_TO,
           "Mail-Followup-To");
    is_num(hfield_known("Content-Length: 3", 17), HFIELD_CONTENT_LENGTH,
           "Content-Length");
    ok(hfield_valid("X:", 2), "X: is a field");
    ok(!hfield_valid(": x", 3), "an empty name is not");
    ok(!hfield_valid("a b: c", 6), "a space in the name is not");
    ok(!hfield_valid("\x80: c", 4), "an 8-bit name is not");
    ok(!hfield_valid("abc", 3), "no colon is not");
    is_num((long)hfield_value("To : x", 6), 4, "value after the colon");
    str_free(&got);
    str_free(&big);
    unlink(tmpname);
    return done_testing();
}
