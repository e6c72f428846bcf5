/* timeout.c - poll() before each read or write, so a peer that stops
 * talking costs us at most the configured number of seconds. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <unistd.h>

#include "timeout.h"

static int wait_ready(int fd, short events, unsigned seconds)
{
    struct pollfd p;
    int ms, r;

    if (seconds == 0)
        return 1;
    ms = seconds > INT_MAX / 1000 ? INT_MAX : (int)seconds * 1000;
    p.fd = fd;
    p.events = events;
    do
        r = poll(&p, 1, ms);
    while (r == -1 && errno == EINTR);
    if (r == -1)
        return -1;
    if (r == 0)
        return errno = ETIMEDOUT, -1;
    return 1;
}

ssize_t timeout_read(int fd, char *b, size_t n, unsigned seconds)
{
    ssize_t r;

    for (;;) {
        if (wait_ready(fd, POLLIN, seconds) == -1)
            return -1;
        r = read(fd, b, n);
        if (r == -1 && (errno == EINTR || errno == EAGAIN))
            continue;
        return r;
    }
}

ssize_t timeout_write(int fd, const char *b, size_t n, unsigned seconds)
{
    ssize_t r;

    for (;;) {
        if (wait_ready(fd, POLLOUT, seconds) == -1)
            return -1;
        r = write(fd, b, n);
        if (r == -1 && (errno == EINTR || errno == EAGAIN))
            continue;
        return r;
    }
}
