/* fd.c - flags and renumbering of file descriptors. 1 ok, 0 errno set. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fd.h"

static int fd_setflag(int fd, int get, int set, int flag, int on)
{
    int old = fcntl(fd, get);

    if (old == -1)
        return 0;
    if (on ? (old & flag) : !(old & flag))
        return 1;
    return fcntl(fd, set, on ? old | flag : old & ~flag) != -1;
}

int fd_coe(int fd)
{
    return fd_setflag(fd, F_GETFD, F_SETFD, FD_CLOEXEC, 1);
}

int fd_nocoe(int fd)
{
    return fd_setflag(fd, F_GETFD, F_SETFD, FD_CLOEXEC, 0);
}

int fd_nonblock(int fd)
{
    return fd_setflag(fd, F_GETFL, F_SETFL, O_NONBLOCK, 1);
}

int fd_block(int fd)
{
    return fd_setflag(fd, F_GETFL, F_SETFL, O_NONBLOCK, 0);
}

/* dup2 leaves the new descriptor without close-on-exec, which is what a
 * program setting up fds 0 and 1 for an exec wants. */
int fd_copy(int to, int from)
{
    if (to == from)
        return fcntl(from, F_GETFD) != -1;
    while (dup2(from, to) == -1)
        if (errno != EINTR && errno != EBUSY)
            return 0;
    return 1;
}

/* to == from: closing `from` would close the result, so do nothing. */
int fd_move(int to, int from)
{
    if (to == from)
        return fcntl(from, F_GETFD) != -1;
    if (!fd_copy(to, from))
        return 0;
    close(from);
    return 1;
}
