/* maildir.h - deliver into a maildir as maildir(5) and
 * cr.yp.to/proto/maildir.html describe: write tmp/NAME, fsync it, link
 * it to new/NAME, fsync new/ so the link survives a crash (qmail relied
 * on synchronous directory updates; ext4 and xfs need the fsync), then
 * remove tmp/NAME. */
#ifndef MAILDIR_H
#define MAILDIR_H

#include <stddef.h>
#include <sys/types.h>

#include "str.h"

/* A unique name "SEC.MUSECPPIDQSEQ.HOST": the seconds and microseconds
 * of the time, the process id and the number of deliveries this process
 * made before, and the host name with '/' written as \057 and ':' as
 * \072. NUL-terminated. 1 ok, 0 out of memory. */
int maildir_uniq(struct str *out, unsigned long sec, unsigned long usec,
                 unsigned long pid, unsigned long seq, const char *host);

enum maildir_result {
    MAILDIR_OK,
    MAILDIR_NODIR, /* dir, dir/tmp or dir/new cannot be opened (errno) */
    MAILDIR_READ,  /* cannot read the message (errno) */
    MAILDIR_WRITE  /* cannot create, write, fsync or link (errno) */
};

/* Deliver hdr (the header lines to add) and the message read from fd
 * msg at its current offset into maildir dir. name gets the unique name
 * used. The file is created mode 0600 (less the umask). */
enum maildir_result maildir_deliver(const char *dir, int msg,
                                    const char *hdr, size_t hdrlen,
                                    struct str *name);

#endif
