/* wholefile.h - read a queue file whole, write a buffer whole. qmail-send
 * reads envelopes and info/ files this way: they are small, and each
 * must be seen complete or not at all. */
#ifndef WHOLEFILE_H
#define WHOLEFILE_H

#include <stddef.h>
#include <sys/stat.h>

#include "str.h"

/* The largest envelope or info/ file qmail-send reads: far beyond any
 * real one, low enough that a damaged file cannot eat the memory. */
#define WHOLEFILE_MAX (64UL << 20)

/* Read what is left of fd into x (replacing its contents), at most max
 * bytes. 1 ok; -1 error with errno set (EFBIG past max). */
int wholefile_readfd(int fd, struct str *x, size_t max);
/* Open fn, fstat it into *st and read it whole. 1 ok, 0 missing
 * (ENOENT), -1 error (errno; EFBIG past max). */
int wholefile_read(const char *fn, struct str *x, struct stat *st, size_t max);
/* Write all n bytes, across short writes and EINTR. 1 ok, 0 error
 * (errno set). */
int wholefile_write(int fd, const char *s, size_t n);

#endif
