/* unit-vdomain: local or remote, percenthack and the virtualdomains
 * rewrite of qmail-send(8), and the bounce-side strip of a prepend. */
#include <string.h>

#include "vdomain.h"
#include "unit.h"

static struct vdomain v = VDOMAIN_INIT;

static void list(struct str *l, const char *const *entries)
{
    l->len = 0;
    for (; *entries != NULL; entries++)
        str_catb(l, *entries, strlen(*entries) + 1);
}

static void rw(const char *addr, int want, const char *want_addr)
{
    struct str out = STR_INIT;
    int r = vdomain_rewrite(&v, addr, strlen(addr), "example.org", 11, &out);
    char name[300];
    int same = r == want && out.len == strlen(want_addr) &&
               memcmp(out.s, want_addr, out.len) == 0;

    snprintf(name, sizeof name, "%s -> %s %s", addr,
             want == VDOMAIN_LOCAL ? "local" : "remote", want_addr);
    if (!ok(same, name))
        printf("# got %d '%.*s'\n", r, (int)out.len, out.s);
    str_free(&out);
}

static void strip(const char *recip, const char *want)
{
    size_t n = vdomain_strip(&v, recip, strlen(recip));
    char name[300];

    snprintf(name, sizeof name, "strip %s -> %s", recip, want);
    is_mem(recip + n, strlen(recip) - n, want, name);
}

int main(void)
{
    static const char *const locals[] = {"example.org", "Mail.Example.ORG",
                                         NULL};
    static const char *const percent[] = {"relay.example.org",
                                          "example.org", NULL};
    static const char *const virt[] = {
        "joe@virt.example:joeprep", "virt.example:vprep",
        "exc.virt.example:", ".virt.example:wild", ".fax:uucp-fax",
        "novalue.example", "virt.example:second-ignored", NULL};
    static const char *const catchall[] = {":alias-catchall",
                                           "remote.example:", NULL};
    struct str l = STR_INIT, p = STR_INIT, vd = STR_INIT;
    struct vdomain fresh = VDOMAIN_INIT;

    plan(28);
    list(&l, locals);
    list(&p, percent);
    list(&vd, virt);
    ok(vdomain_init(&v, &l, &p, &vd), "init");

    rw("joe@example.org", VDOMAIN_LOCAL, "joe@example.org");
    rw("Joe@EXAMPLE.org", VDOMAIN_LOCAL, "Joe@EXAMPLE.org");
    rw("joe@mail.example.org", VDOMAIN_LOCAL, "joe@mail.example.org");
    rw("joe@sub.example.org", VDOMAIN_REMOTE, "joe@sub.example.org");
    rw("joe", VDOMAIN_LOCAL, "joe@example.org");
    rw("", VDOMAIN_LOCAL, "@example.org");
    rw("joe@remote.example", VDOMAIN_REMOTE, "joe@remote.example");

    rw("joe%remote.example@relay.example.org", VDOMAIN_REMOTE,
       "joe@remote.example");
    rw("a%b%relay.example.org@relay.example.org", VDOMAIN_REMOTE,
       "a@b");
    rw("a%example.org@example.org", VDOMAIN_LOCAL, "a@example.org");
    rw("a%b@remote.example", VDOMAIN_REMOTE, "a%b@remote.example");

    rw("joe@virt.example", VDOMAIN_LOCAL, "joeprep-joe@virt.example");
    rw("ann@virt.example", VDOMAIN_LOCAL, "vprep-ann@virt.example");
    rw("ann@VIRT.example", VDOMAIN_LOCAL, "vprep-ann@VIRT.example");
    rw("ann@exc.virt.example", VDOMAIN_REMOTE, "ann@exc.virt.example");
    rw("ann@a.b.virt.example", VDOMAIN_LOCAL,
       "wild-ann@a.b.virt.example");
    rw("ann@x.fax", VDOMAIN_LOCAL, "uucp-fax-ann@x.fax");
    rw("ann@novalue.example", VDOMAIN_REMOTE, "ann@novalue.example");

    strip("vprep-ann@virt.example", "ann@virt.example");
    strip("joeprep-joe@virt.example", "joe@virt.example");
    strip("wild-ann@a.b.virt.example", "ann@a.b.virt.example");
    strip("other-ann@virt.example", "other-ann@virt.example");
    strip("joe@example.org", "joe@example.org");

    list(&vd, catchall);
    ok(vdomain_init(&fresh, &l, NULL, &vd), "init with a catch-all");
    vdomain_free(&v);
    v = fresh;
    rw("joe@anywhere.example", VDOMAIN_LOCAL,
       "alias-catchall-joe@anywhere.example");
    rw("joe@remote.example", VDOMAIN_REMOTE, "joe@remote.example");
    rw("joe%x@example.org", VDOMAIN_LOCAL, "joe%x@example.org");

    vdomain_free(&v);
    str_free(&l);
    str_free(&p);
    str_free(&vd);
    return done_testing();
}
