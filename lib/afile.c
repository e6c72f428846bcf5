/* afile.c - atomic replacement of a file (see afile.h).
 *
 * The rename is the commit point: until it happens the old file is
 * untouched, and since the temporary file was fsynced first the new name
 * never points at data that a crash could still lose. The directory is
 * fsynced afterwards because ext4 and xfs do not make a rename durable
 * until then. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "syncdir.h"

static void reset(struct afile *f)
{
    str_free(&f->tmp);
    str_free(&f->path);
    f->fd = -1;
}

int afile_start(struct afile *f, const char *path, const char *tmp)
{
    int saved;

    f->tmp = (struct str)STR_INIT;
    f->path = (struct str)STR_INIT;
    f->fd = -1;
    if (!str_copys(&f->path, path) || !str_0(&f->path) ||
        !str_copys(&f->tmp, tmp) || !str_0(&f->tmp))
        goto fail;
    /* O_RDWR: tinycdb's cdb_make reads back what it wrote */
    f->fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (f->fd == -1)
        goto fail;
    buf_init(&f->b, f->fd, f->space, sizeof f->space);
    return 1;
fail:
    saved = errno;
    reset(f);
    errno = saved;
    return 0;
}

int afile_put(struct afile *f, const char *s, size_t n)
{
    if (f->fd < 0)
        return errno = EBADF, 0;
    return buf_put(&f->b, s, n);
}

int afile_finish(struct afile *f)
{
    int saved;

    if (f->fd < 0)
        return errno = EBADF, 0;
    if (!buf_flush(&f->b) || fchmod(f->fd, 0644) == -1 || fsync(f->fd) == -1)
        goto fail;
    if (close(f->fd) == -1) {
        f->fd = -1;
        goto fail;
    }
    f->fd = -1;
    if (rename(f->tmp.s, f->path.s) == -1)
        goto fail;
    saved = syncdir_of(f->path.s) ? 0 : errno;
    reset(f);
    errno = saved;
    return saved == 0;
fail:
    saved = errno;
    if (f->fd >= 0)
        close(f->fd);
    unlink(f->tmp.s);
    reset(f);
    errno = saved;
    return 0;
}

void afile_abort(struct afile *f)
{
    int saved = errno;

    if (f->fd < 0)
        return;
    close(f->fd);
    unlink(f->tmp.s);
    reset(f);
    errno = saved;
}
