/* users.c - users/assign lines, their users/cdb form, and lookups in
 * users/cdb, as qmail-users(5) describes. See users.h for the format.
 *
 * The parser is stricter than qmail-newu 1.03, which took any first
 * character other than '+' as '=' and never looked at uid and gid: a
 * typo in users/assign must stop qmail-newu, not deliver mail as the
 * wrong user. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "scan.h"
#include "users.h"

static int bad(const char **why, const char *reason)
{
    *why = reason;
    errno = EINVAL;
    return -1;
}

static int nomem(const char **why)
{
    *why = "out of memory";
    errno = ENOMEM;
    return -1;
}

/* A uid or gid: decimal digits, fitting in 32 bits. */
static int is_id(const char *s, size_t n)
{
    unsigned long u;

    return n > 0 && scan_ulong(s, n, &u) == n && u <= UINT32_MAX;
}

static const char *field_error(size_t field, const char *s, size_t n)
{
    if (field == 0 && n == 0)
        return "empty user name";
    if ((field == 1 || field == 2) && !is_id(s, n))
        return field == 1 ? "uid is not a number" : "gid is not a number";
    if (field == 3 && n == 0)
        return "empty home directory";
    return NULL;
}

int users_parse(const char *line, size_t len, struct str *key,
                struct str *data, int *wild, const char **why)
{
    size_t colon, start, n, field;
    const char *err;

    *wild = -1;
    if (len == 1 && line[0] == '.')
        return 0;
    if (str_chr(line, len, '\0') < len)
        return bad(why, "NUL byte in line");
    if (len == 0 || (line[0] != '=' && line[0] != '+'))
        return bad(why, "line does not start with =, + or .");
    colon = str_chr(line, len, ':');
    if (colon == len)
        return bad(why, "no colon after the address");
    key->len = 0;
    if (!str_catc(key, '!') || !str_catb(key, line + 1, colon - 1))
        return nomem(why);
    str_lower(key->s + 1, colon - 1);
    if (line[0] == '=') {
        if (!str_catc(key, '\0'))
            return nomem(why);
    } else if (colon > 1) {
        *wild = (unsigned char)key->s[key->len - 1];
    }
    /* Six fields, each ended by ':'; anything after the sixth is
     * ignored, as qmail-newu does. */
    data->len = 0;
    start = colon + 1;
    for (field = 0; field < 6; field++) {
        n = str_chr(line + start, len - start, ':');
        if (start + n == len)
            return bad(why, "fewer than six fields after the address");
        if ((err = field_error(field, line + start, n)) != NULL)
            return bad(why, err);
        if (!str_catb(data, line + start, n) ||
            (field < 5 && !str_catc(data, '\0')))
            return nomem(why);
        start += n + 1;
    }
    return 1;
}

/* Exact entry first, then the longest prefix: qmail-lspawn's order. */
static int find(struct cdblookup *c, const char *local, struct str *key,
                struct str *wild, struct str *out)
{
    size_t len = strlen(local), p;
    int r;

    if (!str_catc(key, '!') || !str_catb(key, local, len) ||
        !str_catc(key, '\0'))
        return -1;
    str_lower(key->s + 1, len);
    if ((r = cdblookup_find(c, key->s, key->len, out)) != 0)
        return r == 1 ? (str_catc(out, '\0') ? 1 : -1) : -1;
    if ((r = cdblookup_find(c, "", 0, wild)) == -1)
        return -1;
    if (r == 0)
        wild->len = 0; /* no wildcard entries at all */
    /* key->s[p] is the lowercased last character of a p-byte prefix.
     * The empty prefix ("+:...") is always tried. */
    for (p = len;; p--) {
        if (p == 0 || str_chr(wild->s, wild->len, key->s[p]) < wild->len) {
            r = cdblookup_find(c, key->s, p + 1, out);
            if (r == 1)
                return str_cats(out, local + p) && str_catc(out, '\0')
                       ? 1 : -1;
            if (r == -1)
                return -1;
        }
        if (p == 0)
            return 0;
    }
}

int users_find(struct cdblookup *c, const char *local, struct str *out)
{
    struct str key = STR_INIT, wild = STR_INIT;
    int r, saved;

    r = find(c, local, &key, &wild, out);
    saved = errno;
    str_free(&key);
    str_free(&wild);
    errno = saved;
    return r;
}

int users_split(const char *s, size_t len, struct users_ent *e)
{
    const char *f[6];
    size_t i, n, pos = 0;

    for (i = 0; i < 6; i++) {
        n = str_chr(s + pos, len - pos, '\0');
        if (pos + n == len)
            return 0;
        f[i] = s + pos;
        pos += n + 1;
    }
    e->user = f[0];
    e->home = f[3];
    e->dash = f[4];
    e->ext = f[5];
    if (*e->user == '\0' || *e->home == '\0')
        return 0;
    return is_id(f[1], strlen(f[1])) && is_id(f[2], strlen(f[2])) &&
           scan_ulong_all(f[1], &e->uid) && scan_ulong_all(f[2], &e->gid);
}
