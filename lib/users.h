/* users.h - qmail-users(5): lines of users/assign, their users/cdb
 * form (as qmail-newu writes it, so a cdb made by qmail 1.03 works), and
 * the lookup qmail-lspawn makes in it.
 *
 * users/cdb: "=address:user:uid:gid:home:dash:ext:" becomes the key
 * "!" address NUL, "+prefix:user:uid:gid:home:dash:pre:" the key
 * "!" prefix (no NUL); addresses and prefixes lowercased. The data is
 * user NUL uid NUL gid NUL home NUL dash NUL ext (no final NUL). The key
 * "" holds the last character of every non-empty prefix, so a lookup
 * only tries the prefix lengths that can match. */
#ifndef USERS_H
#define USERS_H

#include <stddef.h>

#include "cdblookup.h"
#include "str.h"

/* Parse one line of users/assign (without its '\n').
 * 1: an entry; key and data are set, and *wild is the character to add
 *    to the "" key (a '+' line with a non-empty prefix) or -1.
 * 0: the "." line that ends the file.
 * -1: errno EINVAL, a syntax error (*why says which), or ENOMEM. */
int users_parse(const char *line, size_t len, struct str *key,
                struct str *data, int *wild, const char **why);

/* Look the local part up in an open users/cdb. 1 found: out holds
 * user NUL uid NUL gid NUL home NUL dash NUL ext NUL, ext completed
 * with the rest of local for a wildcard match; 0 not assigned; -1 error
 * (errno set). */
int users_find(struct cdblookup *c, const char *local, struct str *out);

struct users_ent {
    const char *user, *home, *dash, *ext;
    unsigned long uid, gid;
};

/* Split s[0..len) of six NUL-terminated fields, as users_find and
 * qmail-getpw give them, into e (pointing into s). 1 ok, 0 malformed:
 * a field missing, empty user or home, uid or gid not a number. */
int users_split(const char *s, size_t len, struct users_ent *e);

#endif
