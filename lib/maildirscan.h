/* maildirscan.h - read a Maildir's messages for qmail-pop3d: list new/
 * and cur/ without opening a message, stable unique ids for UIDL, and
 * the tmp/ cleanup qmail-pop3d does (maildir(5)). Every path is relative
 * to the current directory, which must be the Maildir. */
#ifndef MAILDIRSCAN_H
#define MAILDIRSCAN_H

#include <stddef.h>
#include <time.h>

#include "str.h"

struct maildirscan_msg {
    const char *path;   /* "new/NAME" or "cur/NAME", NUL-terminated */
    unsigned long size; /* bytes in the file */
    unsigned long time; /* the delivery time leading the name, or 0 */
    size_t off;         /* path's offset in names, while scanning */
};

struct maildirscan {
    struct maildirscan_msg *msg;
    size_t n, cap;
    struct str names; /* every path, one after another */
};

#define MAILDIRSCAN_INIT { NULL, 0, 0, STR_INIT }

/* List the regular files of new/ and cur/ that do not start with '.',
 * oldest first: by the number a Maildir name starts with (the delivery
 * time), then by name. 1 ok; 0 with errno when new/ or cur/ cannot be
 * read or memory runs out. */
int maildirscan_scan(struct maildirscan *s);
void maildirscan_free(struct maildirscan *s);

/* The unique part of a path: after "new/" or "cur/", up to ':' (where a
 * name in cur/ carries its flags). *uniq points into path; the length is
 * returned. */
size_t maildirscan_uniq(const char *path, const char **uniq);

/* RFC 1939 7 UIDL: a unique-id is 1 to 70 bytes of 0x21 to 0x7e. The
 * unique part of the name when it is one (every name qmail and quail
 * make is), else "x" and 16 hex digits of its 64-bit FNV-1a hash: stable
 * across sessions either way. out needs MAILDIRSCAN_UIDL bytes; returns
 * the length (not NUL-terminated). */
#define MAILDIRSCAN_UIDL 70
size_t maildirscan_uidl(char *out, const char *path);

/* Where a listed message is now: path itself, or, when another session
 * moved it from new/ to cur/ or a mail reader changed its flags, the
 * name in cur/ with the same unique part. 1 found (out holds the path,
 * NUL-terminated), 0 gone, -1 error (errno). */
int maildirscan_find(const char *path, struct str *out);

/* qmail-pop3d's cleanup: remove the regular files in tmp/ that nothing
 * has read or written for 36 hours (a delivery that died half
 * way). Best effort: errors are ignored. Returns how many it removed. */
#define MAILDIRSCAN_TMPAGE (36 * 3600)
unsigned long maildirscan_clean(time_t now);

#endif
