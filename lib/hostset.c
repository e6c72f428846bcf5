/* hostset.c - host name sets for control/locals, control/rcpthosts and
 * the like.
 *
 * The entries are stored lower-cased, NUL-separated, in names; slots is
 * an open-addressing table (linear probing, at most half full) holding
 * offset+1 of each entry, 0 for an empty slot.
 *
 * A lookup of "a.b.example.com" must try the name itself and each suffix
 * that starts at a dot: ".b.example.com", ".example.com", ".com". The hash
 * is computed from the last byte towards the first, so walking the query
 * backwards once yields the hash of every suffix on the way: a lookup is
 * one pass over the name plus one probe per label. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "hostset.h"

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* FNV-1a, one byte at a time, fed from the end of the name. */
#define HASH_START ((size_t)2166136261u)

static size_t hash_step(size_t h, unsigned char c)
{
    return (h ^ lower(c)) * (size_t)16777619u;
}

static size_t hash_name(const char *s, size_t n)
{
    size_t h = HASH_START;

    while (n > 0)
        h = hash_step(h, (unsigned char)s[--n]);
    return h;
}

/* The entry at names+off equals s[0..n) ignoring case. An entry never
 * holds a NUL, so a query with a NUL in it cannot match. */
static int same(const char *entry, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (entry[i] == '\0' ||
            (unsigned char)entry[i] != lower((unsigned char)s[i]))
            return 0;
    return entry[n] == '\0';
}

/* Index of the slot holding s[0..n), or of the empty slot where it would
 * go. nslots is a power of two and never full, so this ends. */
static size_t probe(const char *names, const size_t *slots, size_t nslots,
                    size_t h, const char *s, size_t n)
{
    size_t i = h & (nslots - 1);

    while (slots[i] != 0 && !same(names + slots[i] - 1, s, n))
        i = (i + 1) & (nslots - 1);
    return i;
}

int hostset_init(struct hostset *h, const struct str *list)
{
    struct str names = STR_INIT;
    size_t *slots, nslots = 16, count = 0, n, pos, end, i, off, need;

    /* an upper bound on the entries: one per NUL, plus an unterminated
     * last one */
    for (n = 1, pos = 0; pos < list->len; pos++)
        if (list->s[pos] == '\0')
            n++;
    if (__builtin_mul_overflow(n, 2, &need))
        return errno = ENOMEM, 0;
    while (nslots < need) {
        if (nslots > SIZE_MAX / 2 / sizeof *slots)
            return errno = ENOMEM, 0;
        nslots *= 2;
    }
    slots = calloc(nslots, sizeof *slots);
    if (slots == NULL)
        return 0;
    /* names holds at most list->len bytes plus one NUL */
    if (__builtin_add_overflow(list->len, 1, &need) ||
        !str_reserve(&names, need)) {
        free(slots);
        return errno = ENOMEM, 0;
    }

    for (pos = 0; pos < list->len; pos = end + 1) {
        end = pos + str_chr(list->s + pos, list->len - pos, '\0');
        n = end - pos;
        if (n == 0)
            continue;
        i = probe(names.s, slots, nslots, hash_name(list->s + pos, n),
                  list->s + pos, n);
        if (slots[i] != 0)
            continue; /* a duplicate */
        off = names.len;
        for (; pos < end; pos++)
            names.s[names.len++] = (char)lower((unsigned char)list->s[pos]);
        names.s[names.len++] = '\0';
        slots[i] = off + 1;
        count++;
    }

    /* a rebuild (say, on SIGHUP) replaces the old set only on success */
    hostset_free(h);
    h->names = names;
    h->slots = slots;
    h->nslots = nslots;
    h->count = count;
    return 1;
}

int hostset_has(const struct hostset *h, const char *host, size_t len)
{
    size_t hv = HASH_START, i = len;

    if (h->count == 0 || len == 0)
        return 0;
    while (i > 0) {
        hv = hash_step(hv, (unsigned char)host[--i]);
        if (i == 0 || host[i] == '.') {
            size_t s = probe(h->names.s, h->slots, h->nslots, hv, host + i,
                             len - i);
            if (h->slots[s] != 0)
                return 1;
        }
    }
    return 0;
}

void hostset_free(struct hostset *h)
{
    str_free(&h->names);
    free(h->slots);
    h->slots = NULL;
    h->nslots = 0;
    h->count = 0;
}
