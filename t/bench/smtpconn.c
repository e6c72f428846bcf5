/*
 * bench-smtpconn - SMTP connection benchmarks for make bench.
 *
 * usage: bench-smtpconn IP PORT N C
 *          N connect-greet-quit sessions from C parallel processes: read
 *          the 220 greeting, send QUIT, read the 221, close.
 *   out:   "N sessions in MS ms: R conn/s" on stdout
 *   exit:  0 all sessions went so; 111 when any failed (a short count
 *          of failures is printed on stderr)
 *
 *        bench-smtpconn -i IP PORT K SECONDS
 *          K idle sessions: connect, read each greeting, print "ready" and
 *          hold them silently until stdin ends or SECONDS pass, then send
 *          QUIT on each and exit 0.
 *
 * Every socket read and write waits at most 10 seconds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "scan.h"
#include "wait.h"

#define IO_TIMEOUT_MS 10000

static struct sockaddr_in peer;

static int connect_peer(void)
{
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd == -1)
        return -1;
    if (connect(fd, (struct sockaddr *)&peer, sizeof peer) == -1) {
        close(fd);
        return -1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Read one whole SMTP reply (last line "ddd "); 1 when its code is code. */
static int read_reply(int fd, const char *code)
{
    char b[1024];
    size_t len = 0;

    for (;;) {
        struct pollfd p = { fd, POLLIN, 0 };
        ssize_t r;
        size_t start, i;

        if (poll(&p, 1, IO_TIMEOUT_MS) != 1)
            return 0;
        if (len == sizeof b)
            len = 0; /* an overlong line: keep reading to its end */
        r = read(fd, b + len, sizeof b - len);
        if (r <= 0)
            return 0;
        len += (size_t)r;
        /* Look at each complete line; the last one has a space at [3]. */
        start = 0;
        for (i = 0; i < len; i++) {
            if (b[i] != '\n')
                continue;
            if (i - start >= 4 && b[start + 3] == ' ')
                return memcmp(b + start, code, 3) == 0;
            start = i + 1;
        }
        memmove(b, b + start, len - start);
        len -= start;
    }
}

static int send_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w <= 0)
            return 0;
        s += w;
        n -= (size_t)w;
    }
    return 1;
}

static int one_session(void)
{
    int ok, fd = connect_peer();

    if (fd == -1)
        return 0;
    ok = read_reply(fd, "220") && send_all(fd, "QUIT\r\n", 6) &&
         read_reply(fd, "221");
    close(fd);
    return ok;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) +
           (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void many(unsigned long n, unsigned long c)
{
    unsigned long i, w, failed = 0;
    struct timespec t0;
    double secs;
    int status;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (w = 0; w < c; w++) {
        pid_t pid = fork();
        if (pid == -1)
            die_sys(EXIT_TEMP, "unable to fork", NULL);
        if (pid == 0) {
            unsigned long bad = 0;
            for (i = w; i < n; i += c)
                if (!one_session())
                    bad++;
            _exit(bad > 99 ? 99 : (int)bad);
        }
    }
    for (w = 0; w < c; w++) {
        if (wait_pid(-1, &status) == -1 || wait_crashed(status))
            failed++;
        else
            failed += (unsigned long)wait_exitcode(status);
    }
    secs = seconds_since(&t0);
    buf_putulong(&buf_out, n);
    buf_puts(&buf_out, " sessions in ");
    buf_putulong(&buf_out, (unsigned long)(secs * 1000));
    buf_puts(&buf_out, " ms: ");
    buf_putulong(&buf_out, (unsigned long)((double)n / secs));
    buf_putsflush(&buf_out, " conn/s\n");
    if (failed) {
        buf_puts(&buf_err, "bench-smtpconn: ");
        buf_putulong(&buf_err, failed);
        buf_putsflush(&buf_err, " sessions failed\n");
        _exit(EXIT_TEMP);
    }
}

static void idle(unsigned long k, unsigned long secs)
{
    static int fds[1000];
    unsigned long i;
    struct pollfd p = { 0, POLLIN, 0 };
    char c;

    if (k > sizeof fds / sizeof fds[0])
        die(EXIT_PERM, "at most 1000 idle sessions", NULL);
    for (i = 0; i < k; i++) {
        fds[i] = connect_peer();
        if (fds[i] == -1)
            die_sys(EXIT_TEMP, "unable to connect", NULL);
        if (!read_reply(fds[i], "220"))
            die(EXIT_TEMP, "no 220 greeting", NULL);
    }
    buf_putsflush(&buf_out, "ready\n");
    /* Until stdin ends (or says anything) or the time is up. */
    if (poll(&p, 1, (int)(secs * 1000)) == 1)
        (void)!read(0, &c, 1);
    for (i = 0; i < k; i++) {
        send_all(fds[i], "QUIT\r\n", 6);
        read_reply(fds[i], "221");
        close(fds[i]);
    }
}

int main(int argc, char **argv)
{
    unsigned long port, a, b;
    int flag_idle = argc > 1 && strcmp(argv[1], "-i") == 0;

    progname = "bench-smtpconn";
    if (flag_idle)
        argv++, argc--;
    if (argc != 5 || !scan_ulong_all(argv[2], &port) || port == 0 ||
        port > 65535 || !scan_ulong_all(argv[3], &a) ||
        !scan_ulong_all(argv[4], &b) || (!flag_idle && b == 0) ||
        b > 3600 * 24)
        die_usage("bench-smtpconn IP PORT N C | -i IP PORT K SECONDS");
    peer.sin_family = AF_INET;
    peer.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, argv[1], &peer.sin_addr) != 1)
        die(EXIT_PERM, "not an IPv4 address: ", argv[1], NULL);
    if (flag_idle)
        idle(a, b);
    else
        many(a, b);
    return 0;
}
