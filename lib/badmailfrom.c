/* badmailfrom.c - control/badmailfrom. A host set gives case-insensitive
 * lookups; it would also treat an entry ".x" as a wildcard for every
 * name ending in ".x", so such entries are left out, which makes every
 * lookup exact: the suffixes a host set tries all begin with '.'. */
#include <errno.h>

#include "badmailfrom.h"
#include "control.h"

int badmailfrom_init(struct badmailfrom *b)
{
    struct str list = STR_INIT, keep = STR_INIT;
    size_t i, n;
    int r, e;

    r = control_readlist(&list, "control/badmailfrom");
    for (i = 0; r == 1 && i < list.len; i += n + 1) {
        n = str_chr(list.s + i, list.len - i, '\0');
        if (list.s[i] != '.' &&
            (!str_catb(&keep, list.s + i, n) || !str_catc(&keep, '\0')))
            r = -1;
    }
    if (r != -1 && !hostset_init(&b->set, &keep))
        r = -1;
    e = errno;
    str_free(&list);
    str_free(&keep);
    errno = e;
    return r;
}

int badmailfrom_has(const struct badmailfrom *b, const char *addr,
                    size_t len)
{
    size_t at = str_rchr(addr, len, '@');

    if (hostset_has(&b->set, addr, len))
        return 1;
    return at < len && hostset_has(&b->set, addr + at, len - at);
}

void badmailfrom_free(struct badmailfrom *b)
{
    hostset_free(&b->set);
}
