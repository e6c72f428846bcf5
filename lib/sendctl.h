/* sendctl.h - the control files qmail-send reads (qmail-send(8)):
 * queuelifetime, concurrencylocal and concurrencyremote, envnoathost,
 * bouncefrom, bouncehost, doublebouncehost, doublebounceto, and locals,
 * percenthack and virtualdomains (into a vdomain). The caller must be
 * in auto_home, as for control.h. */
#ifndef SENDCTL_H
#define SENDCTL_H

#include "str.h"
#include "vdomain.h"

struct sendctl {
    unsigned long lifetime;       /* seconds a deferral may go on */
    unsigned long concurrency[2]; /* [0] local, [1] remote; <= auto_spawn */
    struct str envnoathost, bouncefrom, bouncehost, doublebounceto,
        doublebouncehost; /* each NUL-terminated (not counted in len) */
    struct vdomain vd;
    const char *bad; /* after a failure: the file at fault, or NULL */
};

#define SENDCTL_INIT                                                          \
    {                                                                         \
        604800, {10, 20}, STR_INIT, STR_INIT, STR_INIT, STR_INIT, STR_INIT,   \
            VDOMAIN_INIT, NULL                                                \
    }

/* Everything, at startup. 1 ok; 0 with errno set and c->bad naming the
 * file (NULL when memory ran out building the vdomain). */
int sendctl_read(struct sendctl *c);
/* SIGHUP: the domains and the concurrencies only, as qmail 1.03 does.
 * Each group is replaced only when it was read whole, so on an error
 * (0, as for sendctl_read) the old settings stay in force. */
int sendctl_reread(struct sendctl *c);

#endif
