/* maildir.c - reliable delivery into a maildir. */
#include <errno.h>
#include <fcntl.h>
#include <sys/time.h>
#include <unistd.h>

#include "buf.h"
#include "maildir.h"

int maildir_uniq(struct str *out, unsigned long sec, unsigned long usec,
                 unsigned long pid, unsigned long seq, const char *host)
{
    out->len = 0;
    if (!str_catulong(out, sec) || !str_cats(out, ".M") ||
        !str_catulong(out, usec) || !str_catc(out, 'P') ||
        !str_catulong(out, pid) || !str_catc(out, 'Q') ||
        !str_catulong(out, seq) || !str_catc(out, '.'))
        return 0;
    for (; *host; host++) {
        const char *esc = *host == '/' ? "\\057"
                          : *host == ':' ? "\\072"
                                         : NULL;
        if (!(esc ? str_cats(out, esc) : str_catc(out, *host)))
            return 0;
    }
    return str_0(out);
}

/* Copy the message after hdr into fd. 1 ok; 0 with *r saying which side
 * failed. */
static int copy(int fd, int msg, const char *hdr, size_t hdrlen,
                enum maildir_result *r)
{
    char space[BUF_SIZE], in[BUF_SIZE];
    struct buf out;
    ssize_t n;

    buf_init(&out, fd, space, sizeof space);
    *r = MAILDIR_WRITE;
    if (!buf_put(&out, hdr, hdrlen))
        return 0;
    for (;;) {
        n = read(msg, in, sizeof in);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return *r = MAILDIR_READ, 0;
        if (n == 0)
            break;
        if (!buf_put(&out, in, (size_t)n))
            return 0;
    }
    return buf_flush(&out);
}

static unsigned long seq;

enum maildir_result maildir_deliver(const char *dir, int msg,
                                    const char *hdr, size_t hdrlen,
                                    struct str *name)
{
    static struct str host;
    enum maildir_result r = MAILDIR_WRITE;
    int d, tmp, new, fd = -1, saved, tries;
    char h[256];

    if (host.len == 0) {
        if (gethostname(h, sizeof h) == -1)
            h[0] = '\0';
        h[sizeof h - 1] = '\0';
        if (!str_copys(&host, h[0] ? h : "localhost") || !str_0(&host))
            return MAILDIR_WRITE;
    }
    d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d == -1)
        return MAILDIR_NODIR;
    tmp = openat(d, "tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    new = openat(d, "new", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    saved = errno;
    close(d);
    if (tmp == -1 || new == -1) {
        r = MAILDIR_NODIR;
        goto out;
    }
    /* The name is unique by itself; O_EXCL makes sure of it, and a
     * clash (a reused pid within one microsecond) gets a new name. */
    for (tries = 0; tries < 10; tries++) {
        struct timeval tv;

        gettimeofday(&tv, NULL);
        if (!maildir_uniq(name, (unsigned long)tv.tv_sec,
                          (unsigned long)tv.tv_usec,
                          (unsigned long)getpid(), seq++, host.s)) {
            saved = errno;
            goto out;
        }
        fd = openat(tmp, name->s,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC,
                    0600);
        if (fd != -1 || errno != EEXIST)
            break;
    }
    if (fd == -1) {
        saved = errno;
        goto out;
    }
    if (!copy(fd, msg, hdr, hdrlen, &r) || fsync(fd) == -1) {
        saved = errno;
        close(fd);
        goto unlink;
    }
    if (close(fd) == -1) { /* NFS reports write errors here */
        saved = errno;
        goto unlink;
    }
    r = MAILDIR_WRITE;
    if (linkat(tmp, name->s, new, name->s, 0) == -1) {
        saved = errno;
        goto unlink;
    }
    if (fsync(new) == -1) {
        /* The link may or may not last: take it back, so that the
         * retry the caller's failure brings does not make two. */
        saved = errno;
        unlinkat(new, name->s, 0);
        goto unlink;
    }
    r = MAILDIR_OK;
unlink:
    unlinkat(tmp, name->s, 0);
out:
    if (tmp != -1)
        close(tmp);
    if (new != -1)
        close(new);
    errno = saved;
    return r;
}
