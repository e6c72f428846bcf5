/* fwd.c - fastforward's table syntax and record layout (see fwd.h).
 *
 * setforward's grammar is byte-oriented: outside a backslash escape,
 * '#' starts a comment to the end of the line, spaces, tabs, CR and LF
 * vanish, ':' ends the target, ',' ends a command and ';' ends the
 * instruction. A backslash makes the next byte ordinary, so any byte but
 * NUL can be part of a target or command. */
#include <errno.h>

#include "fwd.h"

static int is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int bad(const char **why, const char *what)
{
    *why = what;
    errno = EINVAL;
    return -1;
}

static int add_addr(struct str *out, const char *s, size_t n,
                    const char **why)
{
    if (n == 0)
        return bad(why, "empty address");
    if (n > FWD_ADDRMAX)
        return bad(why, "address longer than 800 bytes");
    if (str_chr(s, n, '@') == n)
        return bad(why, "address without @domain");
    if (str_chr(s, n, '\0') < n)
        return bad(why, "NUL in address");
    if (!str_catc(out, '&') || !str_catb(out, s, n) || !str_catc(out, '\0'))
        return 0;
    return 1;
}

static int add_as_is(struct str *out, const char *s, size_t n)
{
    return str_catb(out, s, n) && str_catc(out, '\0');
}

int fwd_command(struct str *out, const char *s, size_t n, const char **why)
{
    if (n == 0)
        return bad(why, "empty command");
    if (str_chr(s, n, '\0') < n)
        return bad(why, "NUL in command");
    switch (s[0]) {
    case '&':
        return add_addr(out, s + 1, n - 1, why);
    case '?':
        if (n - 1 > FWD_ADDRMAX)
            return bad(why, "owner address longer than 800 bytes");
        return add_as_is(out, s, n);
    case '/':
    case '.':
        return add_as_is(out, s, n);
    case '|':
    case '!':
        if (n == 1)
            return bad(why, "empty program");
        return add_as_is(out, s, n);
    default:
        if (is_alnum((unsigned char)s[0]))
            return add_addr(out, s, n, why);
        return bad(why, "command does not start with a letter, digit, "
                        "&, ?, /, ., | or !");
    }
}

static int token_byte(struct fwd_parse *p, struct str *x, char c)
{
    if (x->len >= FWD_TOKENMAX) {
        p->why = "target or command longer than 65536 bytes";
        errno = EINVAL;
        return -1;
    }
    return str_catc(x, c) ? 0 : -1;
}

/* The command in cur is complete: store it (an empty one, as after a
 * trailing comma, is skipped). */
static int end_command(struct fwd_parse *p)
{
    int r;

    if (p->cur.len == 0)
        return 0;
    r = fwd_command(&p->cmds, p->cur.s, p->cur.len, &p->why);
    p->cur.len = 0;
    return r == 1 ? 0 : -1;
}

static int syntax(struct fwd_parse *p, const char *why)
{
    p->why = why;
    errno = EINVAL;
    return -1;
}

int fwd_parse_byte(struct fwd_parse *p, char c)
{
    if (p->done) {
        p->target.len = p->cmds.len = p->cur.len = 0;
        p->in_cmds = p->done = p->any = 0;
    }
    if (c == '\0')
        return syntax(p, "NUL bytes are not permitted");
    if (p->comment) {
        if (c == '\n') {
            p->comment = 0;
            p->line++;
        }
        return 0;
    }
    if (p->escape) {
        p->escape = 0;
        if (c == '\n')
            p->line++;
        return token_byte(p, p->in_cmds ? &p->cur : &p->target, c);
    }
    switch (c) {
    case '\n':
        p->line++;
        return 0;
    case ' ':
    case '\t':
    case '\r':
        return 0;
    case '#':
        p->comment = 1;
        return 0;
    case '\\':
        p->escape = p->any = 1;
        return 0;
    case ':':
        if (p->in_cmds)
            return syntax(p, "second colon in one instruction");
        if (p->target.len == 0)
            return syntax(p, "empty target before the colon");
        str_lower(p->target.s, p->target.len);
        p->in_cmds = p->any = 1;
        return 0;
    case ',':
        if (!p->in_cmds)
            return syntax(p, "comma before the colon");
        return end_command(p);
    case ';':
        if (!p->in_cmds)
            return syntax(p, "semicolon before the colon");
        if (end_command(p) == -1)
            return -1;
        p->done = 1;
        return 1;
    default:
        p->any = 1;
        return token_byte(p, p->in_cmds ? &p->cur : &p->target, c);
    }
}

int fwd_parse_end(struct fwd_parse *p)
{
    if (p->escape || (!p->done && p->any))
        return syntax(p, "the last instruction does not end with a "
                         "semicolon");
    return 0;
}

void fwd_parse_free(struct fwd_parse *p)
{
    str_free(&p->target);
    str_free(&p->cmds);
    str_free(&p->cur);
}

static size_t trim(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n;
}

int fwd_listline(struct str *out, const char *s, size_t n, const char **why)
{
    int r;

    n = trim(s, n);
    if (n == 0 || s[0] == '#')
        return 0;
    if (str_chr(s, n, '\0') < n)
        return bad(why, "NUL bytes are not permitted");
    if (s[0] == '.' || s[0] == '/')
        r = add_as_is(out, s, n);
    else if (s[0] == '&')
        r = add_addr(out, s + 1, n - 1, why);
    else if (is_alnum((unsigned char)s[0]))
        r = add_addr(out, s, n, why);
    else
        return bad(why, "line does not start with a letter, digit, &, / "
                        "or .");
    if (r == 0) {
        *why = "out of memory";
        return errno = ENOMEM, -1;
    }
    return r;
}

int fwd_next(const char *s, size_t n, size_t *pos, const char **cmd,
             size_t *len)
{
    size_t end;

    if (*pos >= n)
        return 0;
    end = *pos + str_chr(s + *pos, n - *pos, '\0');
    if (end == n || end == *pos)
        return -1;
    switch (s[*pos]) {
    case '&':
    case '/':
    case '.':
    case '|':
    case '!':
        break;
    default:
        return -1;
    }
    *cmd = s + *pos;
    *len = end - *pos;
    *pos = end + 1;
    return 1;
}

int fwd_escape(struct str *out, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        switch (s[i]) {
        case ' ':
        case '\t':
        case '\r':
        case '\n':
        case '#':
        case ':':
        case ',':
        case ';':
        case '\\':
            if (!str_catc(out, '\\'))
                return 0;
            break;
        default:
            break;
        }
        if (!str_catc(out, s[i]))
            return 0;
    }
    return 1;
}

int fwd_print(struct str *out, const char *key, size_t klen,
              const char *data, size_t dlen)
{
    const char *cmd;
    size_t pos = 0, len, start = out->len;
    int r, first = 1;

    if (klen < 1 || (key[0] != ':' && key[0] != '?'))
        return errno = EINVAL, -1;
    if (!fwd_escape(out, key + 1, klen - 1) || !str_catc(out, ':'))
        goto nomem;
    if (key[0] == '?') {
        if (str_chr(data, dlen, '\0') < dlen)
            goto malformed;
        if (!str_cats(out, " ?") || !fwd_escape(out, data, dlen))
            goto nomem;
    }
    while (key[0] == ':' && (r = fwd_next(data, dlen, &pos, &cmd, &len))) {
        if (r == -1)
            goto malformed;
        if (!str_cats(out, first ? " " : ",\n  ") ||
            !fwd_escape(out, cmd, len))
            goto nomem;
        first = 0;
    }
    if (!str_cats(out, ";\n"))
        goto nomem;
    return 1;
malformed:
    out->len = start;
    errno = EINVAL;
    return -1;
nomem:
    out->len = start;
    return 0;
}
