/* rcpthosts.c - the relay decision for recipients (see rcpthosts.h). */
#include <errno.h>

#include "control.h"
#include "rcpthosts.h"

static int read_list(struct str *list, const char *name, const char **fn)
{
    int r = control_readlist(list, name);

    if (r == -1)
        *fn = name;
    return r;
}

/* Without rcpthosts: what qmail-send would call local. */
static int init_local(struct rcpthosts *r, const char **fn)
{
    struct str locals = STR_INIT, percent = STR_INIT, virt = STR_INIT;
    int ok = 0;

    *fn = "control/envnoathost";
    if (control_rldef(&r->envnoathost, "control/envnoathost", 1,
                      "envnoathost") == -1)
        goto out;
    if (read_list(&locals, "control/locals", fn) == -1 ||
        read_list(&percent, "control/percenthack", fn) == -1 ||
        read_list(&virt, "control/virtualdomains", fn) == -1)
        goto out;
    *fn = NULL;
    if (!vdomain_init(&r->local, &locals, &percent, &virt))
        goto out;
    ok = 1;
out:
    str_free(&locals);
    str_free(&percent);
    str_free(&virt);
    return ok;
}

int rcpthosts_init(struct rcpthosts *r, const char **fn)
{
    struct str list = STR_INIT;
    int rc;

    *r = (struct rcpthosts){0};
    r->mrh.fd = -1;
    rc = read_list(&list, "control/rcpthosts", fn);
    if (rc == -1)
        goto fail;
    r->is_configured = rc;
    *fn = NULL;
    if (rc == 1 && !hostset_init(&r->rh, &list))
        goto fail;
    str_free(&list);
    rc = cdblookup_open(&r->mrh, "control/morercpthosts.cdb");
    if (rc == -1) {
        *fn = "control/morercpthosts.cdb";
        goto fail;
    }
    r->has_mrh = rc;
    if (!r->is_configured && !init_local(r, fn))
        goto fail;
    return r->is_configured;
fail:
    rc = errno;
    str_free(&list);
    rcpthosts_free(r);
    errno = rc;
    return -1;
}

/* The domain, or one of its ".suffix" parents, in morercpthosts.cdb,
 * whose keys qmail-newmrh wrote in lower case. */
static int in_mrh(struct rcpthosts *r, const char *domain, size_t len)
{
    size_t i;
    int found;

    if (!r->has_mrh)
        return 0;
    if (!str_copyb(&r->tmp, domain, len))
        return -1;
    str_lower(r->tmp.s, r->tmp.len);
    for (i = 0; i < len; i++) {
        if (i > 0 && r->tmp.s[i] != '.')
            continue;
        found = cdblookup_find(&r->mrh, r->tmp.s + i, len - i, &r->val);
        if (found != 0)
            return found;
    }
    return 0;
}

int rcpthosts_allowed(struct rcpthosts *r, const char *addr, size_t len)
{
    size_t at = str_rchr(addr, len, '@');
    const char *domain = addr + at + 1;
    size_t dlen = at < len ? len - at - 1 : 0;
    int found;

    if (r->is_configured) {
        if (at == len)
            return 1;
        if (hostset_has(&r->rh, domain, dlen))
            return 1;
        return in_mrh(r, domain, dlen);
    }
    if (at < len && (found = in_mrh(r, domain, dlen)) != 0)
        return found;
    switch (vdomain_rewrite(&r->local, addr, len, r->envnoathost.s,
                            r->envnoathost.len, &r->tmp)) {
    case VDOMAIN_LOCAL:
        return 1;
    case VDOMAIN_REMOTE:
        return 0;
    default:
        return -1;
    }
}

void rcpthosts_free(struct rcpthosts *r)
{
    hostset_free(&r->rh);
    cdblookup_close(&r->mrh);
    vdomain_free(&r->local);
    str_free(&r->envnoathost);
    str_free(&r->tmp);
    str_free(&r->val);
}
