/* syncdir.h - make a link, rename or unlink durable: fsync the directory
 * that holds a name. ext4 and xfs do not make a new name durable with
 * the file's own fsync (DESIGN.md, Durability). */
#ifndef SYNCDIR_H
#define SYNCDIR_H

/* fsync the directory holding path ("." for a bare name, "/" for a name
 * right under it). A file system that cannot fsync a directory (EINVAL)
 * counts as done. 1 ok, 0 error with errno set (ENAMETOOLONG beyond
 * PATH_MAX). No allocation: qmail-queue calls it per message. */
int syncdir_of(const char *path);

#endif
