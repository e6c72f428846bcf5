/* pop3cmd.c - POP3 command lines: bounded reads and the verb/argument
 * split both qmail-popup and qmail-pop3d use. */
#include <errno.h>
#include <string.h>

#include "pop3cmd.h"
#include "scan.h"

/* Throw away input up to and including the next LF. 1 found it, 0 end
 * of file, -1 error. Bounded in time by b's timeout, not in bytes: a
 * client that sends an endless line is stopped by the timeout. */
static int drain(struct buf *b)
{
    for (;;) {
        ssize_t r = buf_feed(b);
        size_t have, at;

        if (r <= 0)
            return (int)r;
        have = buf_avail(b);
        at = str_chr(buf_peek(b), have, '\n');
        if (at < have) {
            buf_skip(b, at + 1);
            return 1;
        }
        buf_skip(b, have);
    }
}

enum pop3cmd_result pop3cmd_read(struct buf *b, struct str *line, size_t max)
{
    int r;

    line->len = 0;
    r = buf_getline(b, line, '\n', max);
    if (r == -1 && errno == E2BIG) {
        r = drain(b);
        if (r == 1)
            return POP3CMD_LONG;
    }
    if (r == -1)
        return POP3CMD_ERROR;
    if (r == 0)
        return POP3CMD_EOF;
    line->len--; /* the LF */
    if (line->len > 0 && line->s[line->len - 1] == '\r')
        line->len--;
    if (str_chr(line->s, line->len, '\0') < line->len)
        return POP3CMD_NUL;
    if (!str_0(line))
        return POP3CMD_ERROR;
    return POP3CMD_LINE;
}

void pop3cmd_split(struct str *line, char **verb, char **arg)
{
    size_t sp = str_chr(line->s, line->len, ' ');

    *verb = line->s;
    if (sp < line->len) {
        line->s[sp] = '\0';
        *arg = line->s + sp + 1;
    } else {
        *arg = line->s + line->len; /* the terminating NUL */
    }
    str_lower(line->s, sp);
}

int pop3cmd_number(const char **s, unsigned long *u)
{
    size_t n = scan_ulong(*s, strlen(*s), u);

    if (n == 0 || ((*s)[n] != ' ' && (*s)[n] != '\0'))
        return 0;
    *s += n;
    while (**s == ' ')
        ++*s;
    return 1;
}
