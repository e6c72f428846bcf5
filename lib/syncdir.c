/* syncdir.c - fsync the directory of a name, the one place quail does it
 * (qmail-queue, qmail-send, Maildir and mbox deliveries, cdb and file
 * replacement). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "syncdir.h"

int syncdir_of(const char *path)
{
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t len = slash == NULL ? 0 : (size_t)(slash - path);
    int fd, r, e;

    if (len >= sizeof dir)
        return errno = ENAMETOOLONG, 0;
    if (len == 0) {
        dir[0] = slash == NULL ? '.' : '/';
        len = 1;
    } else {
        memcpy(dir, path, len);
    }
    dir[len] = '\0';
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd == -1)
        return 0;
    r = fsync(fd);
    e = errno;
    close(fd);
    if (r == -1 && e == EINVAL) /* some file systems say no */
        r = 0;
    errno = e;
    return r == 0;
}
