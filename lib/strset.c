/* strset.c - a set of byte strings: an open-addressing hash table
 * (linear probing, never more than half full) over one growing buffer
 * that holds every entry as its length followed by its bytes. Entries
 * are never removed, so offsets into the buffer stay valid when it
 * moves. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strset.h"

/* FNV-1a */
static size_t hash(const char *s, size_t n)
{
    size_t h = (size_t)2166136261u;

    while (n-- > 0)
        h = (h ^ (unsigned char)*s++) * (size_t)16777619u;
    return h;
}

static int same(const struct strset *set, size_t off, const char *s,
                size_t n)
{
    size_t len;

    memcpy(&len, set->data.s + off, sizeof len);
    return len == n && memcmp(set->data.s + off + sizeof len, s, n) == 0;
}

/* The slot holding s, or the empty slot where it would go. */
static size_t probe(const struct strset *set, const size_t *slots,
                    size_t nslots, size_t h, const char *s, size_t n)
{
    size_t i = h & (nslots - 1);

    while (slots[i] != 0 && !same(set, slots[i] - 1, s, n))
        i = (i + 1) & (nslots - 1);
    return i;
}

int strset_has(const struct strset *set, const char *s, size_t n)
{
    if (set->nslots == 0)
        return 0;
    return set->slots[probe(set, set->slots, set->nslots, hash(s, n), s,
                            n)] != 0;
}

/* Double the table (or make the first one), rehashing every entry. */
static int grow(struct strset *set)
{
    size_t nslots = set->nslots ? set->nslots * 2 : 16, i, len, off;
    size_t *slots;

    if (nslots > SIZE_MAX / sizeof *slots)
        return errno = ENOMEM, 0;
    if ((slots = calloc(nslots, sizeof *slots)) == NULL)
        return 0;
    for (i = 0; i < set->nslots; i++) {
        if ((off = set->slots[i]) == 0)
            continue;
        memcpy(&len, set->data.s + off - 1, sizeof len);
        slots[probe(set, slots, nslots,
                    hash(set->data.s + off - 1 + sizeof len, len),
                    set->data.s + off - 1 + sizeof len, len)] = off;
    }
    free(set->slots);
    set->slots = slots;
    set->nslots = nslots;
    return 1;
}

int strset_add(struct strset *set, const char *s, size_t n)
{
    size_t i, off, need;

    if (strset_has(set, s, n))
        return 0;
    if (__builtin_mul_overflow(set->count + 1, 2, &need))
        return errno = ENOMEM, -1;
    if (need > set->nslots && !grow(set))
        return -1;
    off = set->data.len;
    if (!str_catb(&set->data, (const char *)&n, sizeof n) ||
        !str_catb(&set->data, s, n)) {
        set->data.len = off;
        return -1;
    }
    i = probe(set, set->slots, set->nslots, hash(s, n), s, n);
    set->slots[i] = off + 1;
    set->count++;
    return 1;
}

void strset_free(struct strset *set)
{
    str_free(&set->data);
    free(set->slots);
    set->slots = NULL;
    set->nslots = 0;
    set->count = 0;
}
