/* strset.h - a growing set of byte strings, for "have I seen this one
 * already": fastforward's duplicate recipients, lists and targets.
 * Strings are compared byte for byte (the caller lower-cases them when
 * case must not matter) and may hold any byte, NUL included. */
#ifndef STRSET_H
#define STRSET_H

#include <stddef.h>

#include "str.h"

struct strset {
    struct str data; /* each entry: its length (size_t), then its bytes */
    size_t *slots;   /* open addressing: offset+1 into data, 0 empty */
    size_t nslots;   /* a power of two, or 0 before the first add */
    size_t count;
};

#define STRSET_INIT { STR_INIT, NULL, 0, 0 }

/* 1 when s[0..n) is in the set. */
int strset_has(const struct strset *set, const char *s, size_t n);
/* Add s[0..n). 1 added, 0 it was there already, -1 out of memory (errno
 * ENOMEM; the set is unchanged). */
int strset_add(struct strset *set, const char *s, size_t n);
void strset_free(struct strset *set);

#endif
