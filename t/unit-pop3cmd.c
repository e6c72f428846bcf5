/* unit-pop3cmd: POP3 command lines read through a pipe, split into verb
 * and argument, and message numbers. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "pop3cmd.h"
#include "unit.h"

static struct str line;

static void feed(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

int main(void)
{
    static const char input[] =
        "USER joe\r\n"
        "pass two  words \r\n"
        "noop\n"
        "x\0y\r\n"
        "\r\n";
    char mem[8], big[3000];
    struct buf in;
    char *verb, *arg;
    const char *s;
    unsigned long u;
    int p[2];

    plan(28);
    signal(SIGPIPE, SIG_IGN);
    if (pipe(p) == -1)
        return 1;
    buf_init(&in, p[0], mem, sizeof mem);
    feed(p[1], input, sizeof input - 1);
    memset(big, 'a', sizeof big);
    feed(p[1], big, sizeof big);
    feed(p[1], "\r\nquit\r\npartial", 15);
    close(p[1]);

    is_num(pop3cmd_read(&in, &line, 100), POP3CMD_LINE, "a line");
    is_mem(line.s, line.len, "USER joe", "CRLF removed");
    ok(line.s[line.len] == '\0', "NUL-terminated");
    pop3cmd_split(&line, &verb, &arg);
    ok(strcmp(verb, "user") == 0, "verb lower-cased");
    ok(strcmp(arg, "joe") == 0, "argument after the space");

    is_num(pop3cmd_read(&in, &line, 100), POP3CMD_LINE, "second line");
    pop3cmd_split(&line, &verb, &arg);
    ok(strcmp(verb, "pass") == 0, "pass");
    ok(strcmp(arg, "two  words ") == 0, "only the first space splits");

    is_num(pop3cmd_read(&in, &line, 100), POP3CMD_LINE, "LF alone ends");
    pop3cmd_split(&line, &verb, &arg);
    ok(strcmp(verb, "noop") == 0 && *arg == '\0', "no argument: \"\"");

    is_num(pop3cmd_read(&in, &line, 100), POP3CMD_NUL, "NUL byte refused");
    is_num(pop3cmd_read(&in, &line, 100), POP3CMD_LINE, "empty line");
    pop3cmd_split(&line, &verb, &arg);
    ok(*verb == '\0' && *arg == '\0', "empty verb");

    is_num(pop3cmd_read(&in, &line, 100), POP3CMD_LONG, "long line");
    ok(line.len <= 100, "never grows past the limit");
    is_num(pop3cmd_read(&in, &line, 100), POP3CMD_LINE,
           "the next line after a long one");
    is_mem(line.s, line.len, "quit", "  is whole");
    is_num(pop3cmd_read(&in, &line, 100), POP3CMD_EOF,
           "a line cut by end of file is not a command");
    close(p[0]);

    if (pipe(p) == -1)
        return 1;
    buf_init(&in, p[0], mem, sizeof mem);
    in.timeout = 1;
    errno = 0;
    is_num(pop3cmd_read(&in, &line, 100), POP3CMD_ERROR, "timeout");
    ok(errno == ETIMEDOUT, "  ETIMEDOUT");

    s = "12 34";
    ok(pop3cmd_number(&s, &u) && u == 12 && strcmp(s, "34") == 0,
       "number, spaces after it skipped");
    ok(pop3cmd_number(&s, &u) && u == 34 && *s == '\0', "number at end");
    s = "";
    ok(!pop3cmd_number(&s, &u), "empty is no number");
    s = "1x";
    ok(!pop3cmd_number(&s, &u), "junk after digits");
    s = "-1";
    ok(!pop3cmd_number(&s, &u), "no sign");
    s = "99999999999999999999999";
    ok(!pop3cmd_number(&s, &u), "overflow");
    s = " 1";
    ok(!pop3cmd_number(&s, &u), "leading space");
    s = "007";
    ok(pop3cmd_number(&s, &u) && u == 7, "leading zeros");
    str_free(&line);
    return done_testing();
}
