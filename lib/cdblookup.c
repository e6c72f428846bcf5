/* cdblookup.c - look keys up in cdb files (tcp.smtp.cdb, users/cdb, ...)
 * through tinycdb, telling "no such file" (0) from a broken one (-1). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "cdblookup.h"

int cdblookup_open(struct cdblookup *c, const char *path)
{
    int saved;

    c->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (c->fd == -1)
        return errno == ENOENT ? 0 : -1;
    /* tinycdb maps the whole file: a reader keeps the version it opened
     * even after cdbwrite renames a new one over it. */
    if (cdb_init(&c->cdb, c->fd) < 0) {
        saved = errno;
        close(c->fd);
        c->fd = -1;
        errno = saved ? saved : EPROTO;
        return -1;
    }
    return 1;
}

int cdblookup_find(struct cdblookup *c, const char *key, size_t klen,
                   struct str *value)
{
    unsigned dlen;
    int r;

    /* cdb keys and files are limited to 32-bit sizes */
    if (klen > UINT_MAX)
        return 0;
    errno = 0;
    r = cdb_find(&c->cdb, key, (unsigned)klen);
    if (r < 0) {
        if (errno == 0)
            errno = EPROTO; /* a corrupt file */
        return -1;
    }
    if (r == 0)
        return 0;
    dlen = cdb_datalen(&c->cdb);
    value->len = 0;
    if (!str_reserve(value, dlen > 0 ? dlen : 1))
        return -1;
    if (cdb_read(&c->cdb, value->s, dlen, cdb_datapos(&c->cdb)) < 0) {
        if (errno == 0)
            errno = EPROTO;
        return -1;
    }
    value->len = dlen;
    return 1;
}

void cdblookup_close(struct cdblookup *c)
{
    if (c->fd < 0)
        return;
    cdb_free(&c->cdb);
    close(c->fd);
    c->fd = -1;
}

int cdblookup_file(const char *path, const char *key, size_t klen,
                   struct str *value)
{
    struct cdblookup c;
    int r, saved;

    r = cdblookup_open(&c, path);
    if (r != 1)
        return r;
    r = cdblookup_find(&c, key, klen, value);
    saved = errno;
    cdblookup_close(&c);
    errno = saved;
    return r;
}
