/* sendctl.c - qmail-send's control files; see sendctl.h. */
#include "auto.h"
#include "control.h"
#include "sendctl.h"
#include "str.h"
#include "vdomain.h"

/* A list, or control/me as its one entry when the file is missing and
 * use_me (qmail's default for locals). 1 read, 0 missing, -1 error. */
static int readlist(struct sendctl *c, struct str *list, const char *fn,
                    int use_me)
{
    int r = control_readlist(list, fn);

    if (r == -1)
        c->bad = fn;
    if (r == 0 && use_me && control_me.len > 0)
        return str_copyb(list, control_me.s, control_me.len) &&
                       str_catc(list, '\0')
                   ? 1
                   : (c->bad = fn, -1);
    return r;
}

/* locals (default: me), percenthack and virtualdomains, into c->vd,
 * built aside and swapped in only when all three were read. */
static int read_domains(struct sendctl *c)
{
    struct str locals = STR_INIT, percent = STR_INIT, virt = STR_INIT;
    struct vdomain fresh = VDOMAIN_INIT;
    int good;

    good = readlist(c, &locals, "control/locals", 1) != -1 &&
           readlist(c, &percent, "control/percenthack", 0) != -1 &&
           readlist(c, &virt, "control/virtualdomains", 0) != -1 &&
           vdomain_init(&fresh, &locals, &percent, &virt);
    if (good) {
        vdomain_free(&c->vd);
        c->vd = fresh;
    }
    str_free(&locals);
    str_free(&percent);
    str_free(&virt);
    return good;
}

/* Both or neither, each capped at auto_spawn: the spawners never run
 * more deliveries than that at once. */
static int read_concurrency(struct sendctl *c)
{
    unsigned long v[2];
    int i;

    if (control_readint(&v[0], "control/concurrencylocal", 10) == -1)
        return c->bad = "control/concurrencylocal", 0;
    if (control_readint(&v[1], "control/concurrencyremote", 20) == -1)
        return c->bad = "control/concurrencyremote", 0;
    for (i = 0; i < 2; i++)
        c->concurrency[i] = v[i] < auto_spawn ? v[i] : auto_spawn;
    return 1;
}

static int rldef(struct sendctl *c, struct str *v, const char *fn, int use_me,
                 const char *def)
{
    if (control_rldef(v, fn, use_me, def) == 1 && str_0(v))
        return 1;
    c->bad = fn;
    return 0;
}

int sendctl_read(struct sendctl *c)
{
    c->bad = NULL;
    if (control_init() == -1)
        return c->bad = "control/me", 0;
    if (control_readint(&c->lifetime, "control/queuelifetime", 604800) == -1)
        return c->bad = "control/queuelifetime", 0;
    return read_concurrency(c) &&
           rldef(c, &c->envnoathost, "control/envnoathost", 1,
                 "envnoathost") &&
           rldef(c, &c->bouncefrom, "control/bouncefrom", 0,
                 "MAILER-DAEMON") &&
           rldef(c, &c->bouncehost, "control/bouncehost", 1, "bouncehost") &&
           rldef(c, &c->doublebouncehost, "control/doublebouncehost", 1,
                 "doublebouncehost") &&
           rldef(c, &c->doublebounceto, "control/doublebounceto", 0,
                 "postmaster") &&
           read_domains(c);
}

int sendctl_reread(struct sendctl *c)
{
    c->bad = NULL;
    return read_domains(c) && read_concurrency(c);
}
