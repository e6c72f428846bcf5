/* wholefile.c - whole-file reads and writes; see wholefile.h. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "str.h"
#include "wholefile.h"

int wholefile_readfd(int fd, struct str *x, size_t max)
{
    ssize_t r;

    x->len = 0;
    for (;;) {
        if (x->len >= max)
            return errno = EFBIG, -1;
        if (!str_reserve(x, 4096))
            return -1;
        r = read(fd, x->s + x->len, x->cap - x->len);
        if (r == 0)
            return 1;
        if (r == -1) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        x->len += (size_t)r;
    }
}

int wholefile_read(const char *fn, struct str *x, struct stat *st, size_t max)
{
    int fd, r, e;

    x->len = 0;
    fd = open(fn, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return errno == ENOENT ? 0 : -1;
    r = fstat(fd, st) == -1 ? -1 : wholefile_readfd(fd, x, max);
    e = errno; /* close must not hide why the read failed */
    close(fd);
    errno = e;
    return r;
}

int wholefile_write(int fd, const char *s, size_t n)
{
    ssize_t w;

    while (n > 0) {
        w = write(fd, s, n);
        if (w == -1 && errno == EINTR)
            continue;
        if (w <= 0)
            return 0;
        s += w;
        n -= (size_t)w;
    }
    return 1;
}
