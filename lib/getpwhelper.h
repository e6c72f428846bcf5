/* getpwhelper.h - qmail-getpw(8)'s rules (getpw.h) served by one
 * long-lived process running as an unprivileged user, for
 * qmail-lspawn's delivery children: a lookup costs a message on a
 * socket instead of a fork of its own.
 *
 * A request is one SOCK_SEQPACKET message: the local part and its NUL,
 * with the write end of a pipe passed along (SCM_RIGHTS); the answer
 * comes back on that pipe: 'K' and the six fields, or 'Z' and why the
 * lookup failed. The helper serves one request at a time. */
#ifndef GETPWHELPER_H
#define GETPWHELPER_H

#include <sys/types.h>

#include "str.h"

/* Fork the helper, which becomes uid with gid as its only group and
 * serves until every copy of the returned socket is closed (when it
 * cannot become uid, it answers every request with why). The socket
 * (close-on-exec), or -1 with errno set when the helper could not be
 * started; *helper (unless NULL) gets its pid, to wait for. */
int getpwhelper_start(uid_t uid, gid_t gid, pid_t *helper);

/* Ask over socket s about local. 1: found, the fields appended to out;
 * 0: the lookup failed, why holds the reason (NUL-terminated); -1: no
 * answer (the helper is gone): the caller looks up by itself. */
int getpwhelper_ask(int s, const char *local, struct str *out,
                    struct str *why);

#endif
