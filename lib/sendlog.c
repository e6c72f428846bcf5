/* sendlog.c - qmail-send's log lines; see sendlog.h. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "errtext.h"
#include "fmt.h"
#include "sendlog.h"

struct buf *sendlog_to = &buf_out;

void sendlog_safe(const char *s, size_t n)
{
    char c;

    for (; n > 0; n--, s++) {
        c = *s;
        if (c == '\n')
            c = '/';
        else if (c == ' ')
            c = '_';
        else if ((unsigned char)c < 33 || (unsigned char)c > 126)
            c = '?';
        buf_putc(sendlog_to, c);
    }
}

void sendlog(const char *s, ...)
{
    va_list ap;

    va_start(ap, s);
    for (; s != NULL; s = va_arg(ap, const char *))
        buf_puts(sendlog_to, s);
    va_end(ap);
}

const char *sendlog_num(char *b, unsigned long u)
{
    b[fmt_ulong(b, u)] = '\0';
    return b;
}

void sendlog_warn(const char *what, const char *fn, const char *then)
{
    sendlog("warning: ", what, " ", fn, ": ", errtext(errno), then, "\n",
            NULL);
}

void sendlog_nomem(void)
{
    sendlog("alert: out of memory, sleeping\n", NULL);
    buf_flush(sendlog_to);
    sleep(10);
}
