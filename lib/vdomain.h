/* vdomain.h - where a recipient is delivered, as qmail-send(8) decides
 * it from control/locals, control/percenthack, control/virtualdomains
 * and control/envnoathost:
 *
 *   1. an address without '@' gets "@envnoathost";
 *   2. while the domain is in percenthack, "user%fqdn@domain" becomes
 *      "user@fqdn";
 *   3. a domain in locals is local, unchanged;
 *   4. virtualdomains is searched for "user@domain", "domain", each
 *      ".suffix" of the domain from the longest, then "" (a catch-all);
 *      the first entry found decides: a prepend P makes the address
 *      local as "P-user@domain", an empty prepend makes it remote;
 *   5. anything else is remote.
 *
 * Matching ignores case; the address keeps its own. */
#ifndef VDOMAIN_H
#define VDOMAIN_H

#include <stddef.h>

#include "hostset.h"
#include "str.h"

/* An exact, case-insensitive map from keys to values. */
struct vdomain_map {
    struct str data; /* key NUL value NUL ..., keys lower-cased */
    size_t *slots;   /* open addressing: offset+1 into data, 0 empty */
    size_t nslots;
};

struct vdomain {
    struct hostset locals;
    struct vdomain_map percenthack; /* keys only */
    struct vdomain_map virt;        /* key: prepend */
};

#define VDOMAIN_MAP_INIT { STR_INIT, NULL, 0 }
#define VDOMAIN_INIT \
    { HOSTSET_INIT, VDOMAIN_MAP_INIT, VDOMAIN_MAP_INIT }

#define VDOMAIN_LOCAL 1
#define VDOMAIN_REMOTE 2

/* Build from lists as control_readlist returns them (NUL-separated
 * entries). virtualdomains lines are "key:prepend", split at the first
 * colon; a line without a colon is ignored, as qmail does. For
 * duplicate keys the first line wins. 1 ok, 0 no memory (v unchanged:
 * build into a fresh struct and swap to replace one in use). */
int vdomain_init(struct vdomain *v, const struct str *locals,
                 const struct str *percenthack, const struct str *virt);
void vdomain_free(struct vdomain *v);

/* Rewrite addr[0..len) into out (replacing its contents): VDOMAIN_LOCAL
 * or VDOMAIN_REMOTE; 0 when out of memory. */
int vdomain_rewrite(const struct vdomain *v, const char *addr, size_t len,
                    const char *envnoathost, size_t envlen, struct str *out);

/* For bounce messages: how many leading bytes of a local recipient are
 * a virtualdomains prepend and its '-' (0 when none), so that the
 * bounce names the address the sender used. */
size_t vdomain_strip(const struct vdomain *v, const char *recip, size_t len);

/* The value for key[0..n) in m, NUL-terminated, or NULL. */
const char *vdomain_map_find(const struct vdomain_map *m, const char *key,
                             size_t n);

#endif
