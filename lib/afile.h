/* afile.h - replace a file atomically: write a temporary file beside it,
 * fsync it, make it world-readable (0644, whatever the umask), rename it
 * over the real name and fsync the directory. Readers see the old file
 * or the new one, never a mix; after a crash one of the two is there.
 * Used for fastforward's binary mailing lists and setforward's cdb. */
#ifndef AFILE_H
#define AFILE_H

#include <stddef.h>

#include "buf.h"
#include "str.h"

struct afile {
    int fd;          /* the temporary file; -1 when not in progress */
    struct str tmp;  /* its name */
    struct str path; /* the name it gets */
    struct buf b;
    char space[BUF_SIZE];
};

/* Create tmp (truncating an old one). 1 ok, 0 with errno set. */
int afile_start(struct afile *f, const char *path, const char *tmp);
/* Buffered writes. 1 ok, 0 with errno set (then only abort is left). */
int afile_put(struct afile *f, const char *s, size_t n);
/* Flush, fsync, chmod 0644, close, rename tmp to path, fsync the
 * directory. 1 ok; 0 with errno set, tmp removed and path unchanged
 * (unless only the directory fsync failed). */
int afile_finish(struct afile *f);
/* Give up: remove tmp. Safe after finish or a failed start. */
void afile_abort(struct afile *f);

#endif
