/* unit-buf: buffered I/O over pipes, lines, limits and timeouts. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "buf.h"
#include "timeout.h"
#include "unit.h"

int main(void)
{
    int p[2];
    char mem[16], outmem[8], big[100];
    struct buf in, out;
    struct str line = STR_INIT;
    char c;
    ssize_t r;
    size_t i;

    plan(19);
    signal(SIGPIPE, SIG_IGN);
    if (pipe(p) == -1)
        return 1;
    buf_init(&out, p[1], outmem, sizeof outmem);
    ok(buf_puts(&out, "one\ntwo\n") && buf_putulong(&out, 3) &&
       buf_putc(&out, '\n'), "puts through a small buffer");
    ok(buf_flush(&out), "flush");
    buf_init(&in, p[0], mem, sizeof mem);
    ok(buf_getline(&in, &line, '\n', 100) == 1, "first line");
    is_mem(line.s, line.len, "one\n", "line keeps delimiter");
    line.len = 0;
    ok(buf_getline(&in, &line, '\n', 100) == 1, "second line");
    line.len = 0;
    ok(buf_getline(&in, &line, '\n', 100) == 1 &&
       line.len == 2 && line.s[0] == '3', "number line");

    for (i = 0; i < sizeof big; i++)
        big[i] = 'x';
    ok(buf_put(&out, big, sizeof big) && buf_puts(&out, "\nrest") &&
       buf_flush(&out), "write larger than the buffer");
    line.len = 0;
    errno = 0;
    ok(buf_getline(&in, &line, '\n', 50) == -1 && errno == E2BIG,
       "line over the limit is E2BIG");
    ok(line.len <= 50, "limit is never exceeded");
    line.len = 0;
    while (buf_getline(&in, &line, '\n', 1000) == -1)
        ;
    close(p[1]);
    line.len = 0;
    ok(buf_getline(&in, &line, '\n', 100) == 0, "eof ends last line");
    is_mem(line.s, line.len, "rest", "partial last line kept");
    ok(buf_getc(&in, &c) == 0, "getc at eof");
    close(p[0]);

    if (pipe(p) == -1)
        return 1;
    buf_init(&in, p[0], mem, sizeof mem);
    in.timeout = 1;
    errno = 0;
    r = buf_get(&in, big, sizeof big);
    ok(r == -1 && errno == ETIMEDOUT, "read times out");
    ok(write(p[1], "abc", 3) == 3, "write");
    ok(buf_get(&in, big, 2) == 2 && big[0] == 'a' && big[1] == 'b',
       "get part");
    ok(buf_avail(&in) == 1 && buf_peek(&in)[0] == 'c', "peek rest");
    buf_skip(&in, 5);
    ok(buf_avail(&in) == 0, "skip is bounded");
    errno = 0;
    ok(timeout_read(p[0], big, 1, 1) == -1 && errno == ETIMEDOUT,
       "timeout_read gives up");
    close(p[0]);
    errno = 0;
    ok(timeout_write(p[1], "x", 1, 1) == -1 && errno == EPIPE,
       "write to closed pipe is EPIPE");
    close(p[1]);
    str_free(&line);
    return done_testing();
}
