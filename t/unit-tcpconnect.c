/* unit-tcpconnect: on loopback only. A listener accepts (IPv4, and IPv6
 * when ::1 exists), a closed port is refused at once, a listener whose
 * accept queue is full makes the connect time out within the limit. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tcpconnect.h"
#include "unit.h"

static const unsigned char lo4[4] = {127, 0, 0, 1};
static const unsigned char lo6[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                      0, 0, 0, 0, 0, 0, 0, 1};

/* A listening socket on a free loopback port: fd, port in *port. */
static int listener(int family, int backlog, unsigned *port)
{
    struct sockaddr_in6 s6;
    struct sockaddr_in s4;
    socklen_t len;
    int fd = socket(family, SOCK_STREAM, 0);

    if (fd == -1)
        return -1;
    if (family == AF_INET6) {
        memset(&s6, 0, sizeof s6);
        s6.sin6_family = AF_INET6;
        memcpy(&s6.sin6_addr, lo6, 16);
        len = sizeof s6;
        if (bind(fd, (struct sockaddr *)&s6, len) == -1 ||
            listen(fd, backlog) == -1 ||
            getsockname(fd, (struct sockaddr *)&s6, &len) == -1)
            return close(fd), -1;
        *port = ntohs(s6.sin6_port);
    } else {
        memset(&s4, 0, sizeof s4);
        s4.sin_family = AF_INET;
        memcpy(&s4.sin_addr, lo4, 4);
        len = sizeof s4;
        if (bind(fd, (struct sockaddr *)&s4, len) == -1 ||
            listen(fd, backlog) == -1 ||
            getsockname(fd, (struct sockaddr *)&s4, &len) == -1)
            return close(fd), -1;
        *port = ntohs(s4.sin_port);
    }
    return fd;
}

int main(void)
{
    unsigned port;
    int l, fd, fl, i, extra[4];
    time_t t;

    plan(8);
    l = listener(AF_INET, 5, &port);
    fd = tcpconnect(AF_INET, lo4, port, 5);
    ok(fd >= 0, "IPv4 connect to a listener");
    fl = fcntl(fd, F_GETFL);
    ok(fl != -1 && !(fl & O_NONBLOCK) && (fcntl(fd, F_GETFD) & FD_CLOEXEC),
       "blocking and close-on-exec");
    close(fd);
    close(l);
    errno = 0;
    fd = tcpconnect(AF_INET, lo4, port, 5);
    ok(fd == -1 && errno == ECONNREFUSED, "closed port: ECONNREFUSED");
    l = listener(AF_INET6, 5, &port);
    if (l == -1) {
        ok(1, "# skip no ::1");
    } else {
        fd = tcpconnect(AF_INET6, lo6, port, 5);
        ok(fd >= 0, "IPv6 connect to a listener");
        close(fd);
        close(l);
    }
    /* backlog 0 and a full queue: the kernel drops further SYNs */
    l = listener(AF_INET, 0, &port);
    for (i = 0; i < 4; i++) { /* fill it without waiting */
        struct sockaddr_in s4 = {.sin_family = AF_INET,
                                 .sin_port = htons((unsigned short)port)};
        memcpy(&s4.sin_addr, lo4, 4);
        extra[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (connect(extra[i], (struct sockaddr *)&s4, sizeof s4)) {}
    }
    usleep(100000);
    t = time(NULL);
    errno = 0;
    fd = tcpconnect(AF_INET, lo4, port, 1);
    ok(fd == -1, "full accept queue: no connection");
    is_num(errno, ETIMEDOUT, "  ETIMEDOUT");
    ok(time(NULL) - t <= 3, "  after about the time limit");
    for (i = 0; i < 4; i++)
        if (extra[i] >= 0)
            close(extra[i]);
    close(l);
    errno = 0;
    ok(tcpconnect(AF_INET6 + 1000, lo4, 25, 1) == -1 && errno != 0,
       "bad family: -1 with errno");
    return done_testing();
}
