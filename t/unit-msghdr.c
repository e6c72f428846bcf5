/* unit-msghdr: header fields with continuation lines, the end of the
 * header, fields cut at the limit, and name matching. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "msghdr.h"
#include "unit.h"

static struct buf b;
static char space[16]; /* small, so fields cross buffer refills */
static struct str f = STR_INIT;

static void input(const char *s)
{
    int fd = memfd_create("msg", 0);

    if (fd == -1 || write(fd, s, strlen(s)) != (ssize_t)strlen(s) ||
        lseek(fd, 0, SEEK_SET) != 0)
        exit(1);
    buf_init(&b, fd, space, sizeof space);
}

static void next_is(int want, const char *field, size_t max, const char *name)
{
    int r = msghdr_next(&b, &f, max);

    is_num(r, want, name);
    if (want == 1)
        is_mem(f.s, f.len, field, name);
}

int main(void)
{
    char rest[64];
    ssize_t n;
    size_t len;

    plan(30);
    input("Subject: hello\n  world\n\tagain\nFrom: a@b\n\nbody\nX: y\n");
    next_is(1, "Subject: hello\n  world\n\tagain\n", 1000,
            "a field with two continuation lines");
    next_is(1, "From: a@b\n", 1000, "the next field");
    next_is(0, NULL, 1000, "the empty line ends the header");
    for (len = 0; len < sizeof rest; len += (size_t)n)
        if ((n = buf_get(&b, rest + len, sizeof rest - len)) <= 0)
            break;
    is_mem(rest, len, "body\nX: y\n",
           "the body is left in the buffer, after the empty line");

    input("A: 1\nB: 2");
    next_is(1, "A: 1\n", 1000, "a field");
    next_is(1, "B: 2", 1000, "the last field without a newline");
    next_is(0, NULL, 1000, "then the end of the input");

    input("");
    next_is(0, NULL, 1000, "an empty message has no fields");
    input("\nA: not a field\n");
    next_is(0, NULL, 1000, "a message starting with an empty line");

    input("Long: 0123456789012345678901234567890123456789\n more text\n"
          "Next: x\n\n");
    next_is(1, "Long: 0123", 10, "a long field is cut at max");
    next_is(1, "Next: x\n", 10,
            "and the rest of it, continuation too, "
            "is skipped");
    next_is(0, NULL, 10, "end of header after it");

    input("From sender Thu Jan  1 00:00:00 2026\nA: b\n\n");
    next_is(1, "From sender Thu Jan  1 00:00:00 2026\n", 1000,
            "a line without a colon is a field too, as in qmail");
    input(" leading: space\nA: b\n\n");
    next_is(1, " leading: space\n", 1000,
            "a continuation line at the start belongs to a first field");

    is_num((long)msghdr_is("Subject: hi\n", 12, "subject"), 9,
           "name matches in any case; value after the blank");
    is_num((long)msghdr_is("SUBJECT :\t hi\n", 14, "Subject"), 11,
           "blanks before the colon and after it");
    is_num((long)msghdr_is("Subject:hi\n", 11, "Subject"), 8,
           "no blank after the colon");
    is_num((long)msghdr_is("Subjects: hi\n", 13, "Subject"), 0,
           "a longer name does not match");
    is_num((long)msghdr_is("Subj: hi\n", 9, "Subject"), 0,
           "a shorter name does not match");
    is_num((long)msghdr_is("Subject hi\n", 11, "Subject"), 0,
           "no colon: no match");
    is_num((long)msghdr_is("Subject", 7, "Subject"), 0,
           "the name alone: no match");
    is_num((long)msghdr_is("Subject:", 8, "Subject"), 8,
           "an empty value at the end");
    return done_testing();
}
