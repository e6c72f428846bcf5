/* cdbwrite.h - make cdb files through tinycdb, replacing the old file
 * atomically: write path.tmp, fsync, rename over path, fsync the
 * directory. Readers see the old file or the new one, never a mix. */
#ifndef CDBWRITE_H
#define CDBWRITE_H

#include <cdb.h>
#include <stddef.h>

#include "str.h"

struct cdbwrite {
    struct cdb_make cm;
    int fd;
    struct str tmp;
    struct str path;
};

/* 1 ok, 0 error (errno set). A failed start, add or finish has already
 * removed path.tmp and freed everything: calling abort after it is
 * harmless, and finish after a failed add fails (EBADF). After a failed
 * finish path is unchanged, unless only the directory fsync failed. */
int cdbwrite_start(struct cdbwrite *w, const char *path);
int cdbwrite_add(struct cdbwrite *w, const char *key, size_t klen,
                 const char *data, size_t dlen);
int cdbwrite_finish(struct cdbwrite *w);
/* Give up: remove the temporary file. Safe to call more than once,
 * after finish, or after a failed start. */
void cdbwrite_abort(struct cdbwrite *w);

#endif
