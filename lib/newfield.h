/* newfield.h - the header fields qmail-inject makes when a message lacks
 * them (qmail-header(5) STAMPS), and the address text it builds from the
 * environment. Each appends to out: 1 ok, 0 no memory (or a time that
 * has no date). */
#ifndef NEWFIELD_H
#define NEWFIELD_H

#include <stddef.h>
#include <time.h>

#include "str.h"

/* "Date: Mon, 23 Nov 2026 13:09:56 +0000\n" (RFC 5322 3.3, UTC). */
int newfield_date(struct str *out, time_t t);
/* "Message-ID: <YYYYMMDDHHMMSS.PID.qmail@idhost>\n" with t in UTC, as
 * qmail makes it: a pid is one process's alone during a second. */
int newfield_msgid(struct str *out, time_t t, unsigned long pid,
                   const char *idhost, size_t n);
/* s between open and close ('"' '"' for a quoted string, '(' ')' for a
 * comment) with '\' before '\' and the delimiters; CR and LF, which in
 * an environment variable could start a header field of their own,
 * become spaces. */
int newfield_delimit(struct str *out, const char *s, char open, char close);
/* The contents of a From field: "name" <user@host>, or with
 * comment_style user@host (name); no name: user@host; host NULL: no
 * "@host" (the rewriting adds the default host). user is quoted when it
 * is not a dot-atom. */
int newfield_from(struct str *out, const char *name, const char *user,
                  const char *host, int comment_style);

#endif
