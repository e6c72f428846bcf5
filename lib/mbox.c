/* mbox.c - qmail-local's mbox delivery: locking, From-line quoting, and
 * cutting the file back after a failed write. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd.h"
#include "fmt.h"
#include "lock.h"
#include "mbox.h"
#include "syncdir.h"

int mbox_fromline(struct str *out, const char *sender, time_t t)
{
    static const char days[] = "SunMonTueWedThuFriSat";
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char date[64], *s = date;
    struct tm tm;
    size_t i;

    if (gmtime_r(&t, &tm) == NULL)
        memset(&tm, 0, sizeof tm); /* an absurd clock: 1900, not garbage */
    memcpy(s, days + 3 * (tm.tm_wday % 7), 3);
    s += 3;
    *s++ = ' ';
    memcpy(s, months + 3 * (tm.tm_mon % 12), 3);
    s += 3;
    *s++ = ' ';
    if (tm.tm_mday < 10)
        *s++ = ' ';
    s += fmt_ulong(s, (unsigned long)tm.tm_mday);
    *s++ = ' ';
    s += fmt_ulong0(s, (unsigned long)tm.tm_hour, 2);
    *s++ = ':';
    s += fmt_ulong0(s, (unsigned long)tm.tm_min, 2);
    *s++ = ':';
    s += fmt_ulong0(s, (unsigned long)tm.tm_sec, 2);
    *s++ = ' ';
    s += fmt_ulong(s, (unsigned long)tm.tm_year + 1900);
    *s++ = '\n';

    out->len = 0;
    if (!str_cats(out, "From "))
        return 0;
    if (*sender == '\0') {
        if (!str_cats(out, "MAILER-DAEMON"))
            return 0;
    } else {
        /* The From line is split at spaces by mbox readers. */
        for (i = 0; sender[i]; i++) {
            char c = sender[i];
            if (c == ' ' || c == '\t' || c == '\n')
                c = '-';
            if (!str_catc(out, c))
                return 0;
        }
    }
    return str_catc(out, ' ') && str_catb(out, date, (size_t)(s - date)) &&
           str_0(out);
}

int mbox_needquote(const char *line, size_t n)
{
    while (n > 0 && *line == '>') {
        line++;
        n--;
    }
    return n >= 5 && memcmp(line, "From ", 5) == 0;
}

static int put_gt(struct buf *out, size_t n)
{
    static const char gts[] = ">>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>";

    while (n > 0) {
        size_t k = n < sizeof gts - 1 ? n : sizeof gts - 1;
        if (!buf_put(out, gts, k))
            return 0;
        n -= k;
    }
    return 1;
}

enum mbox_result mbox_copy(struct buf *in, struct buf *out)
{
    static const char from[] = "From ";
    size_t gt = 0, fm = 0; /* pending '>'s, then bytes of "From " seen */
    int bol = 1;           /* deciding about the start of a line */
    char last = '\n';

    /* Quoting is decided on the first bytes of each line only, so the
     * message streams through in buffer-sized pieces: a line as long
     * as the message costs no memory. */
    for (;;) {
        ssize_t r = buf_feed(in);
        const char *p;
        size_t n, i = 0;

        if (r < 0)
            return MBOX_READ;
        if (r == 0)
            break;
        p = buf_peek(in);
        n = buf_avail(in);
        while (i < n) {
            if (bol) {
                if (fm == 0 && p[i] == '>') {
                    gt++;
                    i++;
                    continue;
                }
                if (p[i] == from[fm]) {
                    fm++;
                    i++;
                    if (fm < 5)
                        continue;
                    gt++; /* the quoting '>' */
                }
                if (!put_gt(out, gt) || !buf_put(out, from, fm))
                    return MBOX_WRITE;
                if (gt + fm > 0)
                    last = '>';
                gt = fm = 0;
                bol = 0;
                continue;
            }
            {
                size_t k = str_chr(p + i, n - i, '\n');
                if (k < n - i) {
                    k++;
                    bol = 1;
                }
                if (!buf_put(out, p + i, k))
                    return MBOX_WRITE;
                last = p[i + k - 1];
                i += k;
            }
        }
        buf_skip(in, n);
    }
    if (gt + fm > 0) {
        if (!put_gt(out, gt) || !buf_put(out, from, fm))
            return MBOX_WRITE;
        last = '>';
    }
    if (last != '\n' && !buf_putc(out, '\n'))
        return MBOX_WRITE;
    return buf_putc(out, '\n') ? MBOX_OK : MBOX_WRITE;
}

/* 1 locked, 0 the file system does not do locks, -1 still locked by
 * someone else after secs seconds. Polls rather than sleeping in
 * lock_ex under an alarm, so library code sets no signal handlers. */
static int lock_wait(int fd, unsigned secs)
{
    unsigned long tries = (unsigned long)secs * 10;

    for (;;) {
        if (lock_exnb(fd))
            return 1;
        if (errno != EWOULDBLOCK && errno != EINTR)
            return 0;
        if (tries-- == 0)
            return -1;
        usleep(100000);
    }
}

/* Open fn for appending; *created says whether this open made it. */
static int open_append(const char *fn, int *created)
{
    /* O_NONBLOCK: a fifo with no reader fails instead of hanging. */
    int flags = O_WRONLY | O_APPEND | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    int fd, tries;

    *created = 0;
    for (tries = 0; tries < 5; tries++) {
        if ((fd = open(fn, flags)) != -1 || errno != ENOENT)
            return fd;
        fd = open(fn, flags | O_CREAT | O_EXCL, 0600);
        if (fd != -1 || errno != EEXIST) {
            *created = fd != -1;
            return fd;
        }
    }
    return -1; /* created and removed under us, again and again */
}

/* Open fn for appending and lock it. A program like maildir2mbox
 * replaces the mbox by renaming a new copy over it while holding the
 * lock: a writer that was waiting for that lock then holds the old,
 * unlinked file, and what it appends is lost. So once locked, check that
 * fn still names the file we hold, and start again when it does not.
 * Returns the fd, -1 error (errno), -2 still locked after locksecs. */
static int open_locked(const char *fn, unsigned locksecs, int *created,
                       int *locked)
{
    struct stat held, named;
    int fd, tries, saved;

    for (tries = 0; tries < 10; tries++) {
        if ((fd = open_append(fn, created)) == -1)
            return -1;
        if (!fd_block(fd)) {
            saved = errno;
            close(fd);
            return errno = saved, -1;
        }
        *locked = lock_wait(fd, locksecs);
        if (*locked == -1) {
            close(fd);
            return -2;
        }
        if (fstat(fd, &held) == -1 || stat(fn, &named) == -1 ||
            (held.st_dev == named.st_dev && held.st_ino == named.st_ino))
            return fd; /* (a stat error shows up again in the writes) */
        close(fd);
    }
    return errno = EAGAIN, -1;
}

enum mbox_result mbox_deliver(const char *fn, int msg, const char *hdr,
                              size_t hdrlen, unsigned locksecs)
{
    char inspace[BUF_SIZE], outspace[BUF_SIZE];
    struct buf in, out;
    enum mbox_result r;
    off_t pos;
    int fd, locked, saved, created;

    fd = open_locked(fn, locksecs, &created, &locked);
    if (fd == -1)
        return MBOX_OPEN;
    if (fd == -2)
        return errno = EWOULDBLOCK, MBOX_LOCKED;
    pos = lseek(fd, 0, SEEK_END);
    buf_init(&in, msg, inspace, sizeof inspace);
    buf_init(&out, fd, outspace, sizeof outspace);
    r = MBOX_WRITE;
    if (buf_put(&out, hdr, hdrlen)) {
        r = mbox_copy(&in, &out);
        if (r == MBOX_OK && (!buf_flush(&out) || fsync(fd) == -1 ||
                             (created && !syncdir_of(fn))))
            r = MBOX_WRITE;
    }
    saved = errno;
    /* Without the lock another writer may have appended after us, and
     * cutting would destroy that message instead: leave the file be. */
    if (r != MBOX_OK && locked && pos != -1)
        if (ftruncate(fd, pos) == 0)
            fsync(fd);
    if (close(fd) == -1 && r == MBOX_OK) /* NFS reports errors late */
        return MBOX_WRITE;
    errno = saved;
    return r;
}
