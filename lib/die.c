/* die.c - one-line error messages on fd 2, written without stdio so the
 * message survives a full buffer and an exec. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "errtext.h"
#include "exitcode.h"

const char *progname = "quail";

static void put(char *line, size_t *len, size_t cap, const char *s)
{
    size_t n = strlen(s);

    if (n > cap - *len)
        n = cap - *len; /* truncate rather than overflow */
    memcpy(line + *len, s, n);
    *len += n;
}

static void say(const char *kind, const char *first, va_list ap,
                int with_errno)
{
    char line[1024];
    size_t len = 0;
    const char *s;
    const char *why = with_errno ? errtext(errno) : NULL;

    put(line, &len, sizeof line - 1, progname);
    put(line, &len, sizeof line - 1, kind);
    for (s = first; s != NULL; s = va_arg(ap, const char *))
        put(line, &len, sizeof line - 1, s);
    if (why != NULL) {
        put(line, &len, sizeof line - 1, ": ");
        put(line, &len, sizeof line - 1, why);
    }
    line[len++] = '\n';
    /* One write, so lines from parallel processes do not interleave. */
    while (write(2, line, len) == -1 && errno == EINTR)
        ;
}

void die(int code, const char *s, ...)
{
    va_list ap;

    va_start(ap, s);
    say(": fatal: ", s, ap, 0);
    va_end(ap);
    _exit(code);
}

void die_sys(int code, const char *s, ...)
{
    va_list ap;

    va_start(ap, s);
    say(": fatal: ", s, ap, 1);
    va_end(ap);
    _exit(code);
}

void die_usage(const char *usage)
{
    die(EXIT_PERM, "usage: ", usage, NULL);
}

void die_nomem(void)
{
    die(EXIT_TEMP, "out of memory", NULL);
}

void warn(const char *s, ...)
{
    va_list ap;

    va_start(ap, s);
    say(": warning: ", s, ap, 0);
    va_end(ap);
}

void warn_sys(const char *s, ...)
{
    va_list ap;

    va_start(ap, s);
    say(": warning: ", s, ap, 1);
    va_end(ap);
}
