/* vdomain.c - local or remote, and the virtualdomains rewrite.
 *
 * The maps are small open-addressing hash tables over a string holding
 * "key NUL value NUL" pairs. They are built once when the control files
 * are read (and again on SIGHUP), then looked up for every recipient
 * qmail-send takes from todo/: up to one lookup per label of the domain
 * plus two, each a hash of the key and usually one comparison. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vdomain.h"

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static size_t hash(const char *s, size_t n)
{
    size_t h = (size_t)2166136261u; /* FNV-1a */

    while (n-- > 0)
        h = (h ^ lower((unsigned char)*s++)) * (size_t)16777619u;
    return h;
}

/* The key stored at k equals s[0..n) ignoring case. */
static int same(const char *k, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (k[i] == '\0' || (unsigned char)k[i] != lower((unsigned char)s[i]))
            return 0;
    return k[n] == '\0';
}

static size_t probe(const struct vdomain_map *m, const char *s, size_t n)
{
    size_t i = hash(s, n) & (m->nslots - 1);

    while (m->slots[i] != 0 && !same(m->data.s + m->slots[i] - 1, s, n))
        i = (i + 1) & (m->nslots - 1);
    return i;
}

const char *vdomain_map_find(const struct vdomain_map *m, const char *key,
                             size_t n)
{
    size_t i, off;

    if (m->nslots == 0)
        return NULL;
    i = probe(m, key, n);
    if (m->slots[i] == 0)
        return NULL;
    off = m->slots[i] - 1;
    return m->data.s + off + strlen(m->data.s + off) + 1;
}

static void map_free(struct vdomain_map *m)
{
    str_free(&m->data);
    free(m->slots);
    m->slots = NULL;
    m->nslots = 0;
}

/* with_values: entries are "key:value" (no colon: skipped); else the
 * whole entry is a key with an empty value. */
static int map_init(struct vdomain_map *m, const struct str *list,
                    int with_values)
{
    size_t n = 1, pos, end, klen, need, i, off;
    const char *e;

    for (pos = 0; list != NULL && pos < list->len; pos++)
        if (list->s[pos] == '\0')
            n++;
    if (__builtin_mul_overflow(n, 2, &need))
        return errno = ENOMEM, 0;
    for (m->nslots = 16; m->nslots < need; m->nslots *= 2)
        if (m->nslots > SIZE_MAX / 4 / sizeof *m->slots)
            return errno = ENOMEM, 0;
    m->slots = calloc(m->nslots, sizeof *m->slots);
    if (m->slots == NULL)
        return 0;
    for (pos = 0; list != NULL && pos < list->len; pos = end + 1) {
        e = list->s + pos;
        end = pos + str_chr(e, list->len - pos, '\0');
        klen = end - pos;
        if (with_values) {
            klen = str_chr(e, end - pos, ':');
            if (klen == end - pos)
                continue;
        }
        i = probe(m, e, klen);
        if (m->slots[i] != 0)
            continue; /* first one wins */
        off = m->data.len;
        if (!str_catb(&m->data, e, klen) || !str_catc(&m->data, '\0'))
            return 0;
        str_lower(m->data.s + off, klen);
        if (with_values && !str_catb(&m->data, e + klen + 1, end - pos - klen - 1))
            return 0;
        if (!str_catc(&m->data, '\0'))
            return 0;
        m->slots[i] = off + 1;
    }
    return 1;
}

int vdomain_init(struct vdomain *v, const struct str *locals,
                 const struct str *percenthack, const struct str *virt)
{
    struct vdomain x = VDOMAIN_INIT;
    struct str empty = STR_INIT;

    if (!hostset_init(&x.locals, locals != NULL ? locals : &empty) ||
        !map_init(&x.percenthack, percenthack, 0) ||
        !map_init(&x.virt, virt, 1)) {
        vdomain_free(&x);
        return errno = ENOMEM, 0;
    }
    *v = x;
    return 1;
}

void vdomain_free(struct vdomain *v)
{
    hostset_free(&v->locals);
    map_free(&v->percenthack);
    map_free(&v->virt);
}

int vdomain_rewrite(const struct vdomain *v, const char *addr, size_t len,
                    const char *envnoathost, size_t envlen, struct str *out)
{
    size_t at, i, j;
    const char *prepend;
    struct str a = STR_INIT;

    if (!str_copyb(&a, addr, len))
        return 0;
    at = str_rchr(a.s, a.len, '@');
    if (at == a.len &&
        (!str_catc(&a, '@') || !str_catb(&a, envnoathost, envlen)))
        goto nomem;
    /* user%fqdn@domain -> user@fqdn, as long as the domain asks for it */
    while (vdomain_map_find(&v->percenthack, a.s + at + 1, a.len - at - 1)) {
        j = str_rchr(a.s, at, '%');
        if (j == at)
            break;
        a.len = at;
        a.s[j] = '@';
        at = j;
    }
    if (hostset_has(&v->locals, a.s + at + 1, a.len - at - 1))
        goto local;
    for (i = 0; i <= a.len; i++) {
        if (!(i == 0 || i == at + 1 || i == a.len ||
              (i > at && a.s[i] == '.')))
            continue;
        prepend = vdomain_map_find(&v->virt, a.s + i, a.len - i);
        if (prepend == NULL)
            continue;
        if (*prepend == '\0')
            break; /* an exception: not a virtual domain */
        if (!str_copys(out, prepend) || !str_catc(out, '-') ||
            !str_cat(out, &a))
            goto nomem;
        str_free(&a);
        return VDOMAIN_LOCAL;
    }
    if (!str_copyb(out, a.s, a.len))
        goto nomem;
    str_free(&a);
    return VDOMAIN_REMOTE;
local:
    if (!str_copyb(out, a.s, a.len))
        goto nomem;
    str_free(&a);
    return VDOMAIN_LOCAL;
nomem:
    str_free(&a);
    return 0;
}

/* p[0..n) equals prepend, exactly (qmail compares prepends with case). */
static int is_prepend(const char *prepend, const char *p, size_t n)
{
    return prepend != NULL && *prepend != '\0' && strlen(prepend) == n &&
           memcmp(prepend, p, n) == 0;
}

size_t vdomain_strip(const struct vdomain *v, const char *recip, size_t len)
{
    size_t at = str_rchr(recip, len, '@'), i, dlen;
    const char *domain, *prepend;

    if (at == len)
        return 0;
    domain = recip + at + 1;
    dlen = len - at - 1;
    if (hostset_has(&v->locals, domain, dlen))
        return 0; /* a plain local address: nothing was prepended */
    /* a virtual user "user@domain:P" made "P-user@domain" */
    for (i = 0; i < at; i++)
        if (recip[i] == '-' &&
            is_prepend(vdomain_map_find(&v->virt, recip + i + 1, len - i - 1),
                       recip, i))
            return i + 1;
    for (i = 0; i <= dlen; i++) {
        if (!(i == 0 || i == dlen || domain[i] == '.'))
            continue;
        prepend = vdomain_map_find(&v->virt, domain + i, dlen - i);
        if (prepend == NULL)
            continue;
        if (*prepend == '\0')
            return 0;
        i = strlen(prepend);
        if (i < at && recip[i] == '-' && memcmp(recip, prepend, i) == 0)
            return i + 1;
        return 0;
    }
    return 0;
}
