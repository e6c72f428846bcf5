/* vpop.h - where the virtual domains live and who owns them.
 *
 * Each virtual domain has a directory QMAILHOME/domains/DOMAIN holding
 * its vpasswd, vpasswd.cdb, .qmail-default and one directory per user
 * (with the user's Maildir). QMAILHOME/domains and everything under it
 * belong to one unprivileged account (vpopmail's "vpopmail:vchkpw"):
 * the owner of QMAILHOME/domains is that account, so no user name is
 * compiled in. The tools that change a domain do so as that account,
 * never as root, so that nothing the account controls (a symbolic link
 * planted in its directories) can make root write elsewhere. */
#ifndef VPOP_H
#define VPOP_H

#include <stddef.h>
#include <sys/types.h>

#include "str.h"

/* auto_home "/domains", then "/" domain when domain is not NULL.
 * NUL-terminated. 1 ok, 0 out of memory. */
int vpop_path(struct str *out, const char *domain);

/* The owner of dir, which must be a directory not owned by root (lstat:
 * a symbolic link is refused). 1 ok; 0 dir does not exist; -1 errno:
 * ENOTDIR, EPERM when root owns it, or why lstat failed. */
int vpop_owner(const char *dir, uid_t *uid, gid_t *gid);

/* Run as uid and gid from now on, with no supplementary groups. When
 * not root, only succeeds if the process already is uid (EPERM). */
int vpop_become(uid_t uid, gid_t gid);

/* Take the exclusive lock dir/.lock (created if missing, never through
 * a symbolic link), waiting for it. The fd, kept open until exit, or
 * -1 with errno set. */
int vpop_lock(const char *dir);

/* Replace path with data, atomically: write path.tmp (made afresh,
 * never through a link), fsync it, rename it over path, fsync the
 * directory. 1 ok; 0 errno set, path unchanged. */
int vpop_replace(const char *path, const char *data, size_t len, mode_t mode);

/* Remove path and everything below it, never following a symbolic
 * link. 1 ok, 0 errno set (part may be gone). */
int vpop_rmtree(const char *path);

/* The start of every tool that works on one domain: find
 * QMAILHOME/domains/DOMAIN (dir gets its path), become its owner, chdir
 * into it and take its lock. 1 ok; 0 no such domain; -1 errno set and
 * *step says what failed ("look at", "take on the account of",
 * "chdir to", "lock"). */
int vpop_enter(const char *domain, struct str *dir, const char **step);

/* In the domain directory, after vpop_enter: compile text into
 * vpasswd.cdb, then make it the new vpasswd (mode 600). Compiling
 * first checks every line, so a bad line changes nothing. 1 ok; 0 errno
 * set; *lineno is the bad line (with *why the reason) or 0 (*why then
 * says which file could not be written). */
int vpop_save(const struct str *text, unsigned long *lineno, const char **why);

/* Make dir (mode 700) and dir/Maildir with tmp, new and cur. 1 ok, 0
 * errno set (EEXIST when dir exists). */
int vpop_mkuser(const char *dir);

/* A password for a user: the first line of fd 0, without its newline.
 * When fd 0 is a terminal, prompt on fd 2 with echo off and ask twice.
 * 1 ok; 0 errno set: EINVAL for an empty password or two that differ,
 * E2BIG for one past 512 bytes, or an I/O error. */
int vpop_getpass(struct str *pw);

#endif
