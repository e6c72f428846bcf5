/* rcpthosts.h - may a client without RELAYCLIENT send to this recipient?
 * qmail-smtpd(8)'s rcpthosts check, failing closed:
 *
 *   - with control/rcpthosts: the domain after the last '@', or one of
 *     its ".suffix" parents, is in rcpthosts or in
 *     control/morercpthosts.cdb (built by qmail-newmrh); an address
 *     without '@' is accepted, as qmail does (qmail-send completes it
 *     with envnoathost);
 *   - without control/rcpthosts, where qmail 1.03 accepted everything
 *     (an open relay): only addresses qmail-send would deliver locally,
 *     decided as qmail-send does from control/locals, percenthack,
 *     virtualdomains and envnoathost (lib/vdomain.h), or domains in
 *     morercpthosts.cdb.
 *
 * The program must have done chdir(auto_home) and control_init. */
#ifndef RCPTHOSTS_H
#define RCPTHOSTS_H

#include <stddef.h>

#include "cdblookup.h"
#include "hostset.h"
#include "str.h"
#include "vdomain.h"

struct rcpthosts {
    int is_configured;  /* control/rcpthosts exists */
    struct hostset rh;
    int has_mrh;        /* control/morercpthosts.cdb is open */
    struct cdblookup mrh;
    struct vdomain local; /* only when failing closed */
    struct str envnoathost;
    struct str tmp, val;
};

/* Read the control files. 1 ok; 0 ok, but control/rcpthosts is missing
 * and only local recipients are allowed; -1 error, with errno set and
 * *fn the file that could not be read (or NULL when out of memory). */
int rcpthosts_init(struct rcpthosts *r, const char **fn);
/* 1 allowed, 0 not, -1 error reading morercpthosts.cdb (errno set). */
int rcpthosts_allowed(struct rcpthosts *r, const char *addr, size_t len);
void rcpthosts_free(struct rcpthosts *r);

#endif
