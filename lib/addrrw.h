/* addrrw.h - qmail-inject's address rewriting (qmail-header(5),
 * qmail-inject(8) CONTROL FILES), on the tokens of one address:
 *
 *     <@r1,@r2:u@h>  ->  u@h            source route dropped
 *     u@h.  u@       ->  u@h  u         a trailing '.' or '@' dropped
 *     u              ->  u@defaulthost  no '@': the default host
 *     u@h+           ->  u@h.plusdomain a trailing '+': the plus domain
 *     u@h            ->  u@h.defaultdomain  a host without '.' or literal
 *
 * in this order, so the default host gets the plus or default domain
 * too. <> and <foo@[]> are left alone. */
#ifndef ADDRRW_H
#define ADDRRW_H

#include "rfc822.h"
#include "str.h"

struct addrrw {
    struct rfc822_list host;   /* "@" defaulthost */
    struct rfc822_list domain; /* "." defaultdomain */
    struct rfc822_list plus;   /* "." plusdomain */
    struct str hostbuf, domainbuf, plusbuf;
};

/* Tokenize the three names. 1 ok, 0 one does not parse (*bad names its
 * control file: "defaulthost", ...), -1 no memory. */
int addrrw_init(struct addrrw *rw, const char *defaulthost,
                const char *defaultdomain, const char *plusdomain,
                const char **bad);
/* Rewrite addr in place. 1 ok, -1 no memory. */
int addrrw_addr(const struct addrrw *rw, struct rfc822_list *addr);

#endif
