/* hostset.h - a set of host names for fast membership tests, as
 * control/locals and control/rcpthosts need: "example.com" matches itself
 * and ".example.com" matches every name ending in it. Matching ignores
 * case. */
#ifndef HOSTSET_H
#define HOSTSET_H

#include <stddef.h>

#include "str.h"

struct hostset {
    struct str names;  /* the entries, lower-cased, NUL-separated */
    size_t *slots;     /* open-addressing hash of offsets into names+1 */
    size_t nslots;
    size_t count;
};

#define HOSTSET_INIT { STR_INIT, NULL, 0, 0 }

/* Build from a list as control_readlist returns it. 1 ok, 0 no memory. */
int hostset_init(struct hostset *h, const struct str *list);
/* 1 when host, or one of its ".suffix" parents, is in the set. */
int hostset_has(const struct hostset *h, const char *host, size_t len);
void hostset_free(struct hostset *h);

#endif
