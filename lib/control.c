/* control.c - read qmail control files (qmail-control(5)).
 *
 * Every reader tells three cases apart, because programs treat them
 * differently: a missing file means "use the default" (0), a file that
 * exists but cannot be read is a temporary failure (-1), and otherwise the
 * value is set (1). Only ENOENT counts as missing: EACCES, EISDIR (a
 * directory where a file should be) or EIO must never be mistaken for
 * "not configured", or a permission slip would silently change policy.
 *
 * On 0 and -1 the output string is left empty, so a program that rereads
 * its configuration (qmail-send on SIGHUP) never keeps stale values. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "control.h"
#include "scan.h"

struct str control_me = STR_INIT;

/* Read fn into x. With first_line, stop once a newline has been read,
 * so a huge file costs no more than its first line. 1, 0 or -1. */
static int slurp(struct str *x, const char *fn, int first_line)
{
    int fd, saved;
    ssize_t r;
    size_t start;

    x->len = 0;
    fd = open(fn, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return errno == ENOENT ? 0 : -1;
    for (;;) {
        if (!str_reserve(x, 1024))
            goto fail;
        start = x->len;
        r = read(fd, x->s + x->len, x->cap - x->len);
        if (r == -1) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        if (r == 0)
            break;
        x->len += (size_t)r;
        if (first_line && str_chr(x->s + start, (size_t)r, '\n') < (size_t)r)
            break;
    }
    close(fd);
    return 1;
fail:
    saved = errno;
    close(fd);
    x->len = 0;
    errno = saved;
    return -1;
}

/* qmail strips trailing spaces and tabs; we also drop CR, so a file
 * edited on another system does not put "\r" into a host name. */
static size_t trim_right(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n;
}

int control_readfile(struct str *contents, const char *fn)
{
    return slurp(contents, fn, 0);
}

int control_readline(struct str *value, const char *fn)
{
    int r = slurp(value, fn, 1);

    if (r == 1)
        value->len = trim_right(value->s, str_chr(value->s, value->len, '\n'));
    return r;
}

int control_init(void)
{
    return control_readline(&control_me, "control/me") == -1 ? -1 : 1;
}

int control_rldef(struct str *value, const char *fn, int use_me,
                  const char *def)
{
    int r = control_readline(value, fn);

    if (r != 0)
        return r;
    if (use_me && control_me.len > 0)
        return str_copyb(value, control_me.s, control_me.len) ? 1 : -1;
    if (def != NULL)
        return str_copys(value, def) ? 1 : -1;
    return 0;
}

/* qmail's control_readint took "12x" as 12 and an empty file as 0; a
 * typo in control/databytes should be reported, not guessed at. */
int control_readint(unsigned long *value, const char *fn, unsigned long def)
{
    struct str line = STR_INIT;
    unsigned long u;
    size_t n;
    int r, e = 0;

    r = control_readline(&line, fn);
    if (r == 0)
        *value = def;
    if (r == -1)
        e = errno;
    if (r == 1) {
        n = scan_ulong(line.s, line.len, &u);
        if (n > 0 && n == line.len)
            *value = u;
        else if (n == 0 && line.len > 0 && line.s[0] >= '0' &&
                 line.s[0] <= '9')
            r = -1, e = ERANGE; /* scan_ulong says 0 on overflow too */
        else
            r = -1, e = EINVAL;
    }
    str_free(&line);
    if (r == -1)
        errno = e;
    return r;
}

int control_readlist(struct str *list, const char *fn)
{
    struct str raw = STR_INIT;
    size_t pos, end, len;
    int r;

    list->len = 0;
    r = slurp(&raw, fn, 0);
    for (pos = 0; r == 1 && pos < raw.len; pos = end + 1) {
        end = pos + str_chr(raw.s + pos, raw.len - pos, '\n');
        len = trim_right(raw.s + pos, end - pos);
        /* As qmail: only a '#' in the first column starts a comment, and
         * leading white space is part of the entry. */
        if (len == 0 || raw.s[pos] == '#')
            continue;
        if (!str_catb(list, raw.s + pos, len) || !str_catc(list, '\0')) {
            list->len = 0;
            r = -1;
        }
    }
    str_free(&raw);
    return r;
}
