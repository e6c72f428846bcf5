/* tcpconnect.c - a non-blocking connect, then poll for the time limit:
 * the kernel's own SYN retries would wait over two minutes. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fd.h"
#include "tcpconnect.h"

/* Wait for the connection to finish: 0 with *err its result. */
static void finish(int fd, unsigned long seconds, int *err)
{
    struct pollfd p;
    socklen_t len = sizeof *err;
    int r;

    if (seconds > 86400)
        seconds = 86400; /* poll counts milliseconds in an int */
    p.fd = fd;
    p.events = POLLOUT;
    do
        r = poll(&p, 1, (int)seconds * 1000);
    while (r == -1 && errno == EINTR);
    if (r == 0)
        *err = ETIMEDOUT;
    else if (r == -1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, err, &len) == -1)
        *err = errno;
}

int tcpconnect(int family, const unsigned char *ip, unsigned port,
               unsigned long seconds)
{
    struct sockaddr_in6 s6;
    struct sockaddr_in s4;
    int fd, r, err = 0;

    fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd == -1)
        return -1;
    if (family == AF_INET6) {
        memset(&s6, 0, sizeof s6);
        s6.sin6_family = AF_INET6;
        s6.sin6_port = htons((unsigned short)port);
        memcpy(&s6.sin6_addr, ip, 16);
        r = connect(fd, (struct sockaddr *)&s6, sizeof s6);
    } else {
        memset(&s4, 0, sizeof s4);
        s4.sin_family = AF_INET;
        s4.sin_port = htons((unsigned short)port);
        memcpy(&s4.sin_addr, ip, 4);
        r = connect(fd, (struct sockaddr *)&s4, sizeof s4);
    }
    if (r == -1 && errno == EINPROGRESS)
        finish(fd, seconds, &err);
    else if (r == -1)
        err = errno;
    if (err == 0 && !fd_block(fd))
        err = errno;
    if (err != 0) {
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}
