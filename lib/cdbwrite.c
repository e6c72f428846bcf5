/* cdbwrite.c - build a cdb file and put it in place atomically.
 *
 * The data goes to path.tmp, which is fsynced and then renamed over path;
 * the directory is fsynced too, since on ext4 and xfs a rename is not
 * durable until its directory is. Readers that have the old file open
 * keep seeing it (tinycdb maps it); new readers get the complete new
 * file. Two writers of the same path at once would share path.tmp: the
 * caller serialises them, as tcprules users do. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "cdbwrite.h"
#include "syncdir.h"

/* Forget everything; fd < 0 marks a writer that is not in progress. */
static void reset(struct cdbwrite *w)
{
    str_free(&w->tmp);
    str_free(&w->path);
    w->fd = -1;
}

int cdbwrite_start(struct cdbwrite *w, const char *path)
{
    int saved;

    w->tmp = (struct str)STR_INIT;
    w->path = (struct str)STR_INIT;
    w->fd = -1;
    if (!str_copys(&w->path, path) || !str_0(&w->path) ||
        !str_copys(&w->tmp, path) || !str_cats(&w->tmp, ".tmp") ||
        !str_0(&w->tmp))
        goto fail;
    /* tinycdb asks for a read-write descriptor (cdb(3)) */
    w->fd = open(w->tmp.s, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (w->fd == -1)
        goto fail;
    if (cdb_make_start(&w->cm, w->fd) < 0) {
        saved = errno;
        close(w->fd);
        unlink(w->tmp.s);
        errno = saved;
        goto fail;
    }
    return 1;
fail:
    saved = errno;
    reset(w);
    errno = saved;
    return 0;
}

int cdbwrite_add(struct cdbwrite *w, const char *key, size_t klen,
                 const char *data, size_t dlen)
{
    int r;

    if (w->fd < 0)
        return errno = EBADF, 0;
    if (klen > UINT_MAX || dlen > UINT_MAX) {
        r = -1;
        errno = EFBIG;
    } else {
        errno = 0;
        r = cdb_make_add(&w->cm, key, (unsigned)klen, data, (unsigned)dlen);
        if (r < 0 && errno == 0)
            errno = EFBIG; /* the file would pass 4 GiB */
    }
    /* tinycdb cannot go on after a failed add: give up now, so that a
     * careless finish cannot install a database missing this record. */
    if (r < 0) {
        cdbwrite_abort(w);
        return 0;
    }
    return 1;
}

int cdbwrite_finish(struct cdbwrite *w)
{
    int saved;

    if (w->fd < 0)
        return errno = EBADF, 0;
    errno = 0;
    if (cdb_make_finish(&w->cm) < 0) {
        if (errno == 0)
            errno = EFBIG;
        goto fail;
    }
    if (fsync(w->fd) == -1)
        goto fail;
    if (close(w->fd) == -1) {
        w->fd = -1;
        goto fail;
    }
    w->fd = -1;
    if (rename(w->tmp.s, w->path.s) == -1)
        goto fail;
    saved = syncdir_of(w->path.s) ? 0 : errno;
    reset(w);
    errno = saved;
    return saved == 0;
fail:
    saved = errno;
    if (w->fd >= 0)
        close(w->fd);
    unlink(w->tmp.s);
    reset(w);
    errno = saved;
    return 0;
}

void cdbwrite_abort(struct cdbwrite *w)
{
    int saved = errno;

    if (w->fd < 0)
        return;
    /* tinycdb has no call that only frees the record lists, and
     * cdb_make_finish frees them: let it write its index into the file
     * we are about to remove. */
    unlink(w->tmp.s);
    cdb_make_finish(&w->cm);
    close(w->fd);
    reset(w);
    errno = saved;
}
