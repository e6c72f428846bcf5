/* aliases.h - sendmail-style address lists, as /etc/aliases,
 * :include: files and ~/.forward hold them (newaliases(1),
 * newinclude(1), dot-forward(1)).
 *
 * Addresses are parsed as in an RFC 822 header: (comments) vanish,
 * "quoted strings" and \-escapes keep special bytes, Phrase <address>
 * takes the address between the brackets, commas separate addresses,
 * and so does white space between two words (so "a b" is two addresses,
 * as in fastforward). Address groups are not allowed.
 *
 * Each item of a parsed list is one kind byte, its text and a NUL:
 *   '&'  an address as written, maybe without @domain ("joe")
 *   '|'  a program: an address without an unquoted '@' that starts with
 *        '|'; the text is what follows the bar
 *   '/'  a file delivery: an address without '@' that starts with '/'
 *   ':'  an :include: file; the text is the file name */
#ifndef ALIASES_H
#define ALIASES_H

#include <stddef.h>

#include "str.h"

#define ALIASES_ADDR '&'
#define ALIASES_PROG '|'
#define ALIASES_FILE '/'
#define ALIASES_INCLUDE ':'

/* Parse the list s[0..n), appending its items to items. Empty elements
 * (",,") are skipped. 1 ok; 0 out of memory (errno ENOMEM); -1 errno
 * EINVAL, a syntax error that *why describes. */
int aliases_list(struct str *items, const char *s, size_t n,
                 const char **why);

/* One instruction of /etc/aliases, "alias: list", continuation lines
 * already joined. target gets fastforward's form of the alias, lower
 * case: "user@" for a bare user, else "user@host.dom" or "@host.dom".
 * Items are appended as by aliases_list. 1, 0, -1 as aliases_list. */
int aliases_line(struct str *target, struct str *items, const char *s,
                 size_t n, const char **why);

/* Walk items: *kind, *text (NUL-terminated) the next one. 1 or 0 (end). */
int aliases_next(const struct str *items, size_t *pos, char *kind,
                 const char **text);

/* qmail-header(5)'s completion of addresses without a fully qualified
 * domain name, as qmail-inject does it. */
struct aliases_hosts {
    struct str defaulthost, defaultdomain, plusdomain;
};

#define ALIASES_HOSTS_INIT { STR_INIT, STR_INIT, STR_INIT }

/* Read control/defaulthost, control/defaultdomain and control/plusdomain,
 * each falling back to control/me and then to its own name, as
 * qmail-inject does. The cwd must be auto_home and control_init done.
 * 1 ok; -1 with errno set and *fn the file that could not be read. */
int aliases_hosts_read(struct aliases_hosts *h, const char **fn);
/* The same from anywhere: go to auto_home, control_init, read, and come
 * back to the current directory (where the caller's own files are named
 * from). 1 ok; -1 with errno set and *what saying what failed, to follow
 * "unable to ": "read control/plusdomain", "chdir to /var/qmail", ... */
int aliases_hosts_load(struct aliases_hosts *h, const char **what);

/* out = addr completed: no '@' (or nothing after it) gets
 * "@" defaulthost; trailing dots are dropped; then a domain ending in
 * '+' has it replaced by
 * "." plusdomain, and a domain without a dot gets "." defaultdomain.
 * [literals] stay as they are. out is NUL-terminated. 1 ok, 0 ENOMEM. */
int aliases_qualify(struct str *out, const char *addr, size_t n,
                    const struct aliases_hosts *h);

/* Items to fastforward's stored commands (fwd.h), appended to cmds:
 * addresses completed by aliases_qualify ("&" address), programs as
 * "!" program (fed UFLINE, RPLINE and DTLINE first, as fastforward's
 * newaliases makes them), :include: file as "file.bin" (the list
 * newinclude makes). File deliveries are refused, and programs too
 * unless programs_ok. 1 ok; 0 ENOMEM; -1 EINVAL with *why. */
int aliases_commands(struct str *cmds, const struct str *items,
                     const struct aliases_hosts *h, int programs_ok,
                     const char **why);

#endif
