/* cdblookup.h - read cdb files through tinycdb. */
#ifndef CDBLOOKUP_H
#define CDBLOOKUP_H

#include <cdb.h>
#include <stddef.h>

#include "str.h"

struct cdblookup {
    int fd;
    struct cdb cdb;
};

/* 1 open, 0 the file does not exist, -1 error. */
int cdblookup_open(struct cdblookup *c, const char *path);
/* 1 found (value holds the data), 0 not found, -1 error. */
int cdblookup_find(struct cdblookup *c, const char *key, size_t klen,
                   struct str *value);
void cdblookup_close(struct cdblookup *c);
/* open, find, close: 1 found, 0 not found or no file, -1 error. */
int cdblookup_file(const char *path, const char *key, size_t klen,
                   struct str *value);

#endif
