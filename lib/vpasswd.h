/* vpasswd.h - the virtual mailbox users of one domain, as vpasswd(5)
 * describes: the text file DOMAINDIR/vpasswd, one user a line,
 *
 *     name:hash:uid:gid:gecos:dir:quota
 *
 * compiled into DOMAINDIR/vpasswd.cdb, whose key is the name and whose
 * data is the whole line (without its newline), so that a lookup gives
 * back exactly what the administrator wrote. Blank lines and lines
 * starting with '#' are comments. The hash is crypt(3)'s; a clear-text
 * password (vpopmail's eighth field) is refused. */
#ifndef VPASSWD_H
#define VPASSWD_H

#include <stddef.h>
#include <sys/types.h>

#include "str.h"

#define VPASSWD_LINE_MAX 4096
#define VPASSWD_NAME_MAX 64
#define VPASSWD_DOMAIN_MAX 253

/* The seven fields, NUL-terminated, pointing into a caller's buffer. */
struct vpasswd_ent {
    const char *name, *hash, *uid, *gid, *gecos, *dir, *quota;
};

/* A user name: 1 to 64 of a-z 0-9 . _ - + =, starting with a letter or
 * digit, and none of the file names of the domain directory. */
int vpasswd_name_ok(const char *name, size_t len);
/* A domain: dot-separated labels of a-z 0-9 -, each 1 to 63 long and
 * neither starting nor ending with '-', at most 253 bytes in all. */
int vpasswd_domain_ok(const char *domain, size_t len);
/* Quota: "NOQUOTA" (1, *bytes 0), or a byte count with an optional
 * "S" after it as vpopmail writes it (1, *bytes set); -1 malformed. */
int vpasswd_quota(const char *quota, unsigned long long *bytes);

/* Split "user@domain", or "user%domain" when there is no '@', at the
 * last separator, both parts lower-cased and NUL-terminated.
 * 1 ok; 0 not a valid name and domain; -1 out of memory. */
int vpasswd_address(const char *addr, struct str *name, struct str *domain);

/* Parse one line (without its newline) into e, pointing into buf.
 * 1 an entry; 0 a blank or comment line; -1 errno EINVAL (*why says
 * what is wrong) or ENOMEM. */
int vpasswd_parse(const char *line, size_t len, struct str *buf,
                  struct vpasswd_ent *e, const char **why);
/* Append e as a line, newline included. 1 ok; 0 out of memory. */
int vpasswd_format(struct str *out, const struct vpasswd_ent *e);

/* The line of text for name: *pos and *len (without the newline).
 * 1 found, 0 not. */
int vpasswd_find(const struct str *text, const char *name, size_t *pos,
                 size_t *len);

/* Compile the whole vpasswd text into the cdb at path, replacing it
 * atomically (cdbwrite); the new file gets owner uid and gid unless
 * uid is (uid_t)-1. 1 ok. 0: errno set; for EINVAL, a line is bad or a
 * name repeated, and *lineno and *why say which and why; the old cdb
 * is then untouched. */
int vpasswd_compile(const struct str *text, const char *path, uid_t uid,
                    gid_t gid, unsigned long *lineno, const char **why);

/* Look name up in the cdb at path. 1 found (e points into buf); 0 no
 * such user; -1 error (errno; EPROTO for a record that does not
 * parse, ENOENT when there is no cdb). */
int vpasswd_lookup(const char *path, const char *name, struct str *buf,
                   struct vpasswd_ent *e);

#endif
