/* smtproutes.h - control/smtproutes, artificial SMTP routes, as
 * qmail-remote(8) reads them. Each line is domain:relay or
 * domain:relay:port. domain is a host name, ".suffix" for every name
 * that ends in it (not the suffix itself), or empty for every host; an
 * empty relay means "look up MX records as usual". relay may be an
 * address literal in brackets, [192.0.2.1] or [IPv6:2001:db8::1]. */
#ifndef SMTPROUTES_H
#define SMTPROUTES_H

#include <stddef.h>

#include "str.h"

#define SMTPROUTES_PORT 25

struct smtproute {
    struct str relay;   /* NUL-terminated; empty: use MX */
    unsigned long port; /* SMTPROUTES_PORT unless the line names one */
};

#define SMTPROUTE_INIT { STR_INIT, SMTPROUTES_PORT }

/* Find the route for host[0..len) in list (NUL-terminated lines, as
 * control_readlist gives them). The most specific domain wins: host
 * itself, then ".suffix" from the longest suffix to the shortest, then
 * the empty domain; among lines with the same domain the first wins.
 * Domains match without regard to case. Lines without a colon are
 * ignored. 1: route through r->relay; 0: no route or an empty relay
 * (r->relay empty; r->port may still name a port); -1: the matching
 * line has a bad port or an unclosed '[' (errno EINVAL), or no memory. */
int smtproutes_find(const struct str *list, const char *host, size_t len,
                    struct smtproute *r);

#endif
