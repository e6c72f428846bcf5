/* mbox.h - append a message to an mbox file the way qmail-local does
 * (dot-qmail(5), mbox(5)): a "From " line, the header lines qmail-local
 * adds, the message with every line that starts with any number of '>'
 * and then "From " quoted by one more '>', and a blank line. */
#ifndef MBOX_H
#define MBOX_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "str.h"

/* "From SENDER Thu Nov 23 13:09:56 2026\n" in UTC (asctime's layout),
 * the UFLINE of qmail-command(8): spaces, tabs and newlines in the
 * sender become '-', and the empty sender is MAILER-DAEMON.
 * NUL-terminated. 1 ok, 0 out of memory. */
int mbox_fromline(struct str *out, const char *sender, time_t t);

/* 1 when line (at least its first bytes) must get a '>' in front. */
int mbox_needquote(const char *line, size_t n);

enum mbox_result {
    MBOX_OK,
    MBOX_OPEN,   /* cannot open or create the file (errno) */
    MBOX_LOCKED, /* someone held the lock for locksecs seconds */
    MBOX_READ,   /* cannot read the message (errno) */
    MBOX_WRITE   /* cannot write or fsync the file (errno) */
};

/* Copy the message from in to out, quoting "From " lines, ending the
 * last line with a newline if it lacks one, then a blank line. Works in
 * constant memory, whatever the line lengths. Does not flush out. */
enum mbox_result mbox_copy(struct buf *in, struct buf *out);

/* Append to file fn (created mode 0600 less the umask): hdr (the From
 * line and header lines, already formatted) and the message read from
 * fd msg at its current offset. Waits up to locksecs seconds for an
 * flock lock; where locks are not supported it goes on unlocked. Ends
 * with fsync, and an fsync of the directory when the file is new. On a failure after the lock was taken the file is cut
 * back to its old size, so no partial message is left behind. */
enum mbox_result mbox_deliver(const char *fn, int msg, const char *hdr,
                              size_t hdrlen, unsigned locksecs);

#endif
