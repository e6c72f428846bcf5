/* vpasswd.c - vpasswd lines, names, domains, and vpasswd.cdb (see
 * vpasswd.h and vpasswd(5)).
 *
 * Names and domains become directory names under QMAILHOME/domains and
 * parts of .qmail file names, so they are held to a small alphabet
 * with no '/', no leading '.' and no upper case: nothing an address
 * can carry may name a file outside the domain's directory. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cdblookup.h"
#include "cdbwrite.h"
#include "scan.h"
#include "vpasswd.h"

static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Files of the domain directory a user directory must not be. */
static const char *const reserved[] = {"vpasswd", "vpasswd.cdb", "vpasswd.tmp",
                                       "vpasswd.cdb.tmp"};

int vpasswd_name_ok(const char *name, size_t len)
{
    size_t i;

    if (len == 0 || len > VPASSWD_NAME_MAX || !is_alnum(name[0]))
        return 0;
    for (i = 0; i < len; i++)
        if (!is_alnum(name[i]) && strchr("._-+=", name[i]) == NULL)
            return 0;
    for (i = 0; i < sizeof reserved / sizeof *reserved; i++)
        if (strlen(reserved[i]) == len && !memcmp(reserved[i], name, len))
            return 0;
    return 1;
}

int vpasswd_domain_ok(const char *domain, size_t len)
{
    size_t i, label = 0;

    if (len == 0 || len > VPASSWD_DOMAIN_MAX)
        return 0;
    for (i = 0; i < len; i++) {
        if (domain[i] == '.') {
            if (label == 0 || domain[i - 1] == '-')
                return 0;
            label = 0;
            continue;
        }
        if (!is_alnum(domain[i]) && domain[i] != '-')
            return 0;
        if (label == 0 && domain[i] == '-')
            return 0;
        if (++label > 63)
            return 0;
    }
    return label > 0 && domain[len - 1] != '-';
}

int vpasswd_quota(const char *quota, unsigned long long *bytes)
{
    size_t n = strlen(quota), got;
    unsigned long u;

    *bytes = 0;
    if (strcmp(quota, "NOQUOTA") == 0)
        return 0;
    if (n > 0 && quota[n - 1] == 'S')
        n--;
    got = scan_ulong(quota, n, &u);
    if (n == 0 || got != n)
        return -1;
    *bytes = u;
    return 1;
}

int vpasswd_address(const char *addr, struct str *name, struct str *domain)
{
    size_t len = strlen(addr), at = str_rchr(addr, len, '@');

    if (at == len)
        at = str_rchr(addr, len, '%');
    if (at == len)
        return 0;
    if (!str_copyb(name, addr, at) || !str_0(name) ||
        !str_copyb(domain, addr + at + 1, len - at - 1) || !str_0(domain))
        return -1;
    str_lower(name->s, name->len);
    str_lower(domain->s, domain->len);
    return vpasswd_name_ok(name->s, name->len) &&
           vpasswd_domain_ok(domain->s, domain->len);
}

static int bad(const char **why, const char *reason)
{
    *why = reason;
    errno = EINVAL;
    return -1;
}

static int is_number(const char *s)
{
    unsigned long u;

    return scan_ulong_all(s, &u);
}

/* What is wrong with the fields, or NULL. */
static const char *check(const struct vpasswd_ent *e)
{
    unsigned long long q;
    size_t i;

    if (!vpasswd_name_ok(e->name, strlen(e->name))) {
        for (i = 0; e->name[i]; i++)
            if (e->name[i] >= 'A' && e->name[i] <= 'Z')
                return "user name has upper case letters";
        return "bad user name";
    }
    /* Only crypt(3) hashes ("$id$...") or locked entries: anything else
     * might be a password in the clear. */
    if (e->hash[0] != '$' && e->hash[0] != '!' && e->hash[0] != '*')
        return "password field is not a crypt(3) hash";
    if (!is_number(e->uid) || !is_number(e->gid))
        return "uid or gid field is not a number";
    if (e->dir[0] != '/')
        return "directory is not an absolute path";
    if (vpasswd_quota(e->quota, &q) == -1)
        return "quota is neither NOQUOTA nor a number of bytes";
    return NULL;
}

int vpasswd_parse(const char *line, size_t len, struct str *buf,
                  struct vpasswd_ent *e, const char **why)
{
    const char *f[7];
    size_t i, start, n;

    if (len == 0 || line[0] == '#')
        return 0;
    if (len > VPASSWD_LINE_MAX)
        return bad(why, "line too long");
    if (str_chr(line, len, '\0') < len || str_chr(line, len, '\r') < len)
        return bad(why, "NUL or CR in line");
    if (!str_copyb(buf, line, len) || !str_0(buf)) {
        *why = "out of memory";
        return -1;
    }
    for (i = 0, start = 0; i < 7; i++) {
        n = str_chr(buf->s + start, len - start, ':');
        f[i] = buf->s + start;
        if (start + n == len) {
            if (i < 6)
                return bad(why, "fewer than seven fields");
            break;
        }
        if (i == 6)
            return bad(why, "more than seven fields (clear-text "
                            "passwords are not kept)");
        buf->s[start + n] = '\0';
        start += n + 1;
    }
    e->name = f[0], e->hash = f[1], e->uid = f[2], e->gid = f[3];
    e->gecos = f[4], e->dir = f[5], e->quota = f[6];
    if ((*why = check(e)) != NULL)
        return bad(why, *why);
    return 1;
}

int vpasswd_format(struct str *out, const struct vpasswd_ent *e)
{
    const char *f[7] = {e->name,  e->hash, e->uid,  e->gid,
                        e->gecos, e->dir,  e->quota};
    size_t i;

    for (i = 0; i < 7; i++)
        if (!str_cats(out, f[i]) || !str_catc(out, i < 6 ? ':' : '\n'))
            return 0;
    return 1;
}

int vpasswd_find(const struct str *text, const char *name, size_t *pos,
                 size_t *len)
{
    size_t i, n, k = strlen(name);

    for (i = 0; i < text->len; i += n + 1) {
        n = str_chr(text->s + i, text->len - i, '\n');
        if (n > k && text->s[i + k] == ':' && !memcmp(text->s + i, name, k)) {
            *pos = i;
            *len = n;
            return 1;
        }
    }
    return 0;
}

/* Add every line of text to w; 1 ok, 0 with errno (w aborted). */
static int add_all(struct cdbwrite *w, const struct str *text,
                   unsigned long *lineno, const char **why)
{
    struct str buf = STR_INIT;
    struct vpasswd_ent e;
    size_t i, n;
    int r = 1;

    *lineno = 0;
    for (i = 0; r == 1 && i < text->len; i += n + 1) {
        n = str_chr(text->s + i, text->len - i, '\n');
        ++*lineno;
        r = vpasswd_parse(text->s + i, n, &buf, &e, why);
        if (r == 0) {
            r = 1;
            continue;
        }
        if (r == 1 && cdb_make_exists(&w->cm, e.name, strlen(e.name)) != 0)
            r = bad(why, "user name listed twice");
        if (r == 1 && !cdbwrite_add(w, e.name, strlen(e.name), text->s + i, n))
            r = -1, *why = "write error", *lineno = 0;
    }
    str_free(&buf);
    if (r == -1) {
        int saved = errno;
        cdbwrite_abort(w);
        errno = saved;
        return 0;
    }
    return 1;
}

int vpasswd_compile(const struct str *text, const char *path, uid_t uid,
                    gid_t gid, unsigned long *lineno, const char **why)
{
    struct cdbwrite w;

    *why = NULL;
    *lineno = 0;
    if (!cdbwrite_start(&w, path))
        return 0;
    /* the readers run as the domain's account, never as root */
    if (uid != (uid_t)-1 && fchown(w.fd, uid, gid) == -1) {
        int saved = errno;
        cdbwrite_abort(&w);
        errno = saved;
        return 0;
    }
    if (!add_all(&w, text, lineno, why))
        return 0;
    *lineno = 0;
    return cdbwrite_finish(&w);
}

int vpasswd_lookup(const char *path, const char *name, struct str *buf,
                   struct vpasswd_ent *e)
{
    struct str line = STR_INIT;
    const char *why;
    int r, saved;

    r = cdblookup_file(path, name, strlen(name), &line);
    if (r == 0 && access(path, F_OK) == -1 && errno == ENOENT)
        r = -1;
    if (r == 1 && vpasswd_parse(line.s, line.len, buf, e, &why) != 1)
        r = -1, errno = errno == ENOMEM ? ENOMEM : EPROTO;
    if (r == 1 && strcmp(e->name, name) != 0)
        r = -1, errno = EPROTO;
    saved = errno;
    str_free(&line);
    errno = saved;
    return r;
}
