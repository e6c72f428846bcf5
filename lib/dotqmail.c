/* dotqmail.c - dot-qmail(5) file names and lines, qmail-command(8) exit
 * codes and environment pieces, as qmail-local 1.03 reads them. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "dotqmail.h"
#include "env.h"
#include "mbox.h"
#include "quote.h"

int dotqmail_safeext(struct str *out, const char *ext, size_t len)
{
    size_t i;

    out->len = 0;
    if (!str_catb(out, ext, len) || !str_0(out))
        return 0;
    str_lower(out->s, out->len);
    for (i = 0; i < out->len; i++)
        if (out->s[i] == '.')
            out->s[i] = ':';
    return 1;
}

int dotqmail_name(struct str *out, const char *dash, const char *ext,
                  size_t len, const char *suffix)
{
    out->len = 0;
    return str_cats(out, ".qmail") && str_cats(out, dash) &&
           str_catb(out, ext, len) && str_cats(out, suffix) && str_0(out);
}

void dotqmail_search_start(struct dotqmail_search *s, const char *dash,
                           const char *ext, size_t len)
{
    s->dash = dash;
    s->ext = ext;
    s->len = len;
    s->next = len;
    s->state = 0;
    s->has_default = 0;
    s->defpos = 0;
}

int dotqmail_search_next(struct dotqmail_search *s)
{
    static const char def[] = "default";
    size_t i;

    if (s->state == 0) {
        /* The exact name first. An extension that itself ends in
         * "default" still sets DEFAULT, to those seven letters, as
         * qmail-local does. */
        s->state = *s->dash ? 1 : 2;
        s->has_default = s->len >= 7 &&
                         memcmp(s->ext + s->len - 7, def, 7) == 0;
        s->defpos = s->has_default ? s->len - 7 : 0;
        return dotqmail_name(&s->name, s->dash, s->ext, s->len, "") ? 1
                                                                    : -1;
    }
    if (s->state == 2)
        return 0;
    /* Then PREFIX-default for every PREFIX ending in a dash, longest
     * first, and finally plain "default". */
    for (i = s->next;; i--) {
        if (i == 0 || s->ext[i - 1] == '-')
            break;
    }
    if (i == 0)
        s->state = 2;
    else
        s->next = i - 1;
    s->has_default = 1;
    s->defpos = i;
    return dotqmail_name(&s->name, s->dash, s->ext, i, def) ? 1 : -1;
}

/* ENOENT and friends say the file is not there; any other failure
 * (EACCES, EIO, ...) might hide a file that exists. */
static int missing(int e)
{
    return e == ENOENT || e == ENOTDIR || e == ENAMETOOLONG || e == ELOOP;
}

int dotqmail_open(struct dotqmail_search *s, struct stat *st)
{
    int r, fd;

    while ((r = dotqmail_search_next(s)) == 1) {
        /* O_NONBLOCK: a fifo named like a .qmail file cannot hang us. */
        fd = open(s->name.s, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd == -1) {
            if (missing(errno))
                continue;
            return -2;
        }
        if (fstat(fd, st) == -1) {
            int e = errno;
            close(fd);
            return errno = e, -2;
        }
        if (S_ISREG(st->st_mode))
            return fd;
        close(fd); /* a directory or device is no .qmail file */
    }
    return r == 0 ? -1 : -2;
}

int dotqmail_read(int fd, struct str *out, size_t max)
{
    char b[BUF_SIZE];
    ssize_t n;
    int e;

    while ((n = read(fd, b, sizeof b)) != 0) {
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            goto fail;
        if (out->len > max || (size_t)n > max - out->len) {
            errno = E2BIG;
            goto fail;
        }
        if (!str_catb(out, b, (size_t)n))
            goto fail;
    }
    close(fd);
    return 1;
fail:
    e = errno;
    close(fd);
    return errno = e, 0;
}

/* 1 the file exists, 0 not, -1 cannot tell. */
static int exists(struct str *name, const char *dash, const char *ext,
                  size_t len, const char *suffix)
{
    struct stat st;

    if (!dotqmail_name(name, dash, ext, len, suffix))
        return -1;
    if (stat(name->s, &st) == 0)
        return 1;
    return missing(errno) ? 0 : -1;
}

int dotqmail_newsender(struct str *out, struct str *name, const char *dash,
                       const char *ext, size_t len, const char *local,
                       const char *host, const char *sender)
{
    int owner = 0, verp = 0;

    if (*sender && strcmp(sender, "#@[]") != 0) {
        if ((owner = exists(name, dash, ext, len, "-owner")) == -1)
            return 0;
        if (owner &&
            (verp = exists(name, dash, ext, len, "-owner-default")) == -1)
            return 0;
    }
    out->len = 0;
    if (!owner)
        return str_cats(out, sender) && str_0(out);
    return str_cats(out, local) &&
           str_cats(out, verp ? "-owner-@" : "-owner@") &&
           str_cats(out, host) && (!verp || str_cats(out, "-@[]")) &&
           str_0(out);
}

enum dotqmail_kind dotqmail_line(const char *line, size_t len,
                                 const char **arg, size_t *arglen)
{
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    *arg = line;
    *arglen = len;
    if (len == 0)
        return DQ_BLANK;
    switch (line[0]) {
    case '#':
        return DQ_COMMENT;
    case '|':
        *arg = line + 1;
        *arglen = len - 1;
        return DQ_PROGRAM;
    case '.':
    case '/':
        return line[len - 1] == '/' ? DQ_MAILDIR : DQ_MBOX;
    case '+':
        return len == 5 && memcmp(line, "+list", 5) == 0 ? DQ_LIST
                                                          : DQ_IGNORE;
    case '&':
        *arg = line + 1;
        *arglen = len - 1;
        return DQ_FORWARD;
    default:
        return DQ_FORWARD;
    }
}

enum dotqmail_exit dotqmail_command_exit(int code)
{
    switch (code) {
    case 0:
        return DQ_EXIT_OK;
    case 99:
        return DQ_EXIT_STOP;
    /* sendmail's EX_USAGE, EX_DATAERR, EX_SOFTWARE, EX_PROTOCOL,
     * EX_NOPERM and EX_CONFIG, and 112, are hard errors too. */
    case 64:
    case 65:
    case 70:
    case 76:
    case 77:
    case 78:
    case 100:
    case 112:
        return DQ_EXIT_PERM;
    default:
        return DQ_EXIT_TEMP;
    }
}

size_t dotqmail_host(const char *host, size_t len, int n)
{
    while (n-- > 1)
        len = str_rchr(host, len, '.');
    return len;
}

const char *dotqmail_ext(const char *ext, int n)
{
    while (n-- > 1) {
        ext += strcspn(ext, "-");
        if (*ext)
            ext++;
    }
    return ext;
}

/* name value end, then a newline; newlines inside value become '_' so
 * that a hostile address cannot add header lines of its own. */
static int header_line(struct str *line, const char *name,
                       const struct str *value, const char *end)
{
    size_t i, start;

    line->len = 0;
    if (!str_cats(line, name))
        return 0;
    start = line->len;
    if (!str_cat(line, value) || !str_cats(line, end))
        return 0;
    for (i = start; i < line->len; i++)
        if (line->s[i] == '\n')
            line->s[i] = '_';
    return str_catc(line, '\n') && str_0(line);
}

int dotqmail_lines(struct dotqmail_lines *l, const char *local,
                   const char *host, const char *sender, time_t t)
{
    struct str quoted = STR_INIT;
    int ok;

    l->recipient.len = 0;
    if (!str_cats(&l->recipient, local) || !str_catc(&l->recipient, '@') ||
        !str_cats(&l->recipient, host) || !str_0(&l->recipient))
        return 0;
    ok = header_line(&l->dtline, "Delivered-To: ", &l->recipient, "") &&
         quote_addr(&quoted, sender, strlen(sender)) &&
         header_line(&l->rpline, "Return-Path: <", &quoted, ">") &&
         mbox_fromline(&l->ufline, sender, t);
    str_free(&quoted);
    return ok;
}

int dotqmail_setenv(const char *user, const char *home, const char *local,
                    const char *ext, const char *host, const char *sender,
                    const struct dotqmail_lines *l)
{
    static const char *const hostn[] = { "HOST2", "HOST3", "HOST4" };
    static const char *const extn[] = { "EXT2", "EXT3", "EXT4" };
    struct str part = STR_INIT;
    size_t hl = strlen(host);
    int i, ok;

    ok = env_set("USER", user) && env_set("HOME", home) &&
         env_set("LOCAL", local) && env_set("HOST", host) &&
         env_set("RECIPIENT", l->recipient.s) && env_set("SENDER", sender) &&
         env_set("EXT", ext) && env_set("DTLINE", l->dtline.s) &&
         env_set("RPLINE", l->rpline.s) && env_set("UFLINE", l->ufline.s);
    for (i = 0; ok && i < 3; i++)
        ok = env_set(extn[i], dotqmail_ext(ext, i + 2)) &&
             str_copyb(&part, host, dotqmail_host(host, hl, i + 2)) &&
             str_0(&part) && env_set(hostn[i], part.s);
    str_free(&part);
    return ok;
}

int dotqmail_looping(int fd, const struct str *dtline)
{
    char space[BUF_SIZE], c;
    struct buf in;
    size_t pos = 0, want = dtline->len - (dtline->len > 0);
    int same = 1, r;

    buf_init(&in, fd, space, sizeof space);
    while ((r = buf_getc(&in, &c)) == 1) {
        if (c != '\n') {
            if (pos >= want || dtline->s[pos] != c)
                same = 0;
            pos++;
            continue;
        }
        if (pos == 0)
            return 0; /* the empty line that ends the header */
        if (same && pos == want)
            return 1;
        pos = 0;
        same = 1;
    }
    return r; /* 0 at the end of a message that is all header */
}
