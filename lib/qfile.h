/* qfile.h - names and helpers for files in qmail's queue layout (see
 * qmail-queue(8)): mess, info, local and remote are split into
 * auto_split subdirectories by message id; pid, intd, todo and bounce
 * are not. Paths are relative to the queue directory. */
#ifndef QFILE_H
#define QFILE_H

#include <stddef.h>
#include <time.h>

/* Room for the longest name qfile_name makes: "remote/" + split +
 * "/" + id + NUL, with 64-bit ids. */
#define QFILE_NAME 64

/* Is the queue directory dir (no slash: "mess", "todo") split? */
int qfile_is_split(const char *dir);
/* Write "dir/id" or "dir/(id % auto_split)/id" into s (QFILE_NAME
 * bytes), NUL-terminated. Returns the length without the NUL, or 0 when
 * dir is too long to fit. */
size_t qfile_name(char *s, const char *dir, unsigned long id);
/* Parse a directory entry as a message id: digits only, no overflow,
 * no leading zero. 1 yes, 0 not a message file. */
int qfile_id(const char *name, unsigned long *id);

/* qmail's date form in Received lines and qmail-qread listings:
 * "23 Nov 2026 13:09:56 -0000" (UTC, no weekday). Not terminated;
 * returns the length. QFILE_DATE bytes are always enough. */
#define QFILE_DATE 48
size_t qfile_date(char *s, time_t t);

#endif
