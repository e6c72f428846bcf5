/* unit-smtpreply: one-line and multi-line replies, bare "250", CR
 * handling, text limits and NULs, replies that are not SMTP, end of
 * input in the middle of a reply, and consecutive replies. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "smtpreply.h"
#include "unit.h"

static struct buf b;
static char space[64]; /* small: lines cross buffer refills */
static int fds[2];

/* Feed s (n bytes) into a fresh pipe and point b at it. */
static void feed(const char *s, size_t n)
{
    close(fds[0]);
    if (pipe(fds) == -1 || write(fds[1], s, n) != (ssize_t)n)
        return;
    close(fds[1]);
    buf_init(&b, fds[0], space, sizeof space);
}

#define FEED(s) feed(s, sizeof s - 1)

static const struct {
    const char *in;
    size_t len;
    unsigned long code;
    const char *text;
    const char *name;
} cases[] = {
#define C(s, c, t, n) {s, sizeof s - 1, c, t, n}
    C("220 hi there\r\n", 220, "220 hi there\n", "one line"),
    C("250-a\r\n250-b\r\n250 c\r\n", 250, "250-a\n250-b\n250 c\n",
      "three lines"),
    C("250\r\n", 250, "250\n", "code alone"),
    C("250\n", 250, "250\n", "LF without CR"),
    C("421-a\r\n250 b\r\n", 421, "421-a\n250 b\n", "code of the first line"),
    C("hello\r\n", 0, "hello\n", "no digits: not SMTP"),
    C("25x ok\r\n", 0, "25x ok\n", "two digits: not SMTP"),
    C("199 low\r\n", 0, "199 low\n", "code under 200: not SMTP"),
    C("600 high\r\n", 0, "600 high\n", "code over 599: not SMTP"),
    C("250-a\r\nxyz\r\n", 0, "250-a\nxyz\n", "bad continuation: not SMTP"),
    C("250 a\0b\r\n", 250, "250 a?b\n", "NUL becomes ?"),
    C("250 a\rb\r\n", 250, "250 ab\n", "CR dropped anywhere"),
#undef C
};

int main(void)
{
    struct str text = STR_INIT;
    unsigned long code;
    size_t i, n = sizeof cases / sizeof cases[0];
    char *big;
    int r;

    plan((int)(3 * n + 12));
    fds[0] = -1;
    for (i = 0; i < n; i++) {
        feed(cases[i].in, cases[i].len);
        r = smtpreply_read(&b, &text, 1000, &code);
        is_num(r, 1, cases[i].name);
        is_num((long)code, (long)cases[i].code, "  code");
        is_mem(text.s, text.len, cases[i].text, "  text");
    }
    FEED("250 0123456789\r\n");
    smtpreply_read(&b, &text, 8, &code);
    is_mem(text.s, text.len, "250 0123", "text stops at max");
    is_num((long)code, 250, "  the code is still read");
    FEED("250-a\r\n");
    errno = 0;
    is_num(smtpreply_read(&b, &text, 100, &code), 0, "end inside a reply");
    is_num(errno, ECONNRESET, "  ECONNRESET");
    FEED("");
    is_num(smtpreply_read(&b, &text, 100, &code), 0, "end before a reply");
    FEED("220 x\r\n250-y\r\n250 z\r\n354 go\r\n");
    smtpreply_read(&b, &text, 100, &code);
    is_num((long)code, 220, "replies one after another: first");
    smtpreply_read(&b, &text, 100, &code);
    is_num((long)code, 250, "  second");
    is_mem(text.s, text.len, "250-y\n250 z\n", "  second's text");
    smtpreply_read(&b, &text, 100, &code);
    is_num((long)code, 354, "  third");
    /* a reply longer than SMTPREPLY_MAX, in a child writing to a pipe */
    big = malloc(SMTPREPLY_MAX + 100);
    memset(big, 'x', SMTPREPLY_MAX + 100);
    memcpy(big, "250 ", 4);
    close(fds[0]);
    if (pipe(fds) == 0 && fork() == 0) {
        close(fds[0]);
        if (write(fds[1], big, SMTPREPLY_MAX + 100)) {}
        _exit(0);
    }
    close(fds[1]);
    buf_init(&b, fds[0], space, sizeof space);
    r = smtpreply_read(&b, &text, 100, &code);
    is_num(r, 1, "endless line: a reply");
    is_num((long)code, 0, "  that is not SMTP");
    is_num((long)text.len, 100, "  text kept to max");
    close(fds[0]);
    free(big);
    str_free(&text);
    return done_testing();
}
