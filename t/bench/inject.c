/*
 * bench-inject - queue N copies of a message through qmail-queue from C
 * parallel writers, for make bench.
 *
 * usage: bench-inject N C MESSAGEFILE QMAILQUEUE RECIPIENT
 * out:   "queued N messages in S seconds: R msg/s" on stdout
 * exit:  0 all queued; 111 when any qmail-queue failed
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "scan.h"
#include "str.h"
#include "wait.h"

static struct str message = STR_INIT, envelope = STR_INIT;

static int write_all(int fd, const char *s, size_t n)
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

/* One qmail-queue run: message on its fd 0, envelope on its fd 1. */
static int queue_one(const char *qq)
{
    int m[2], e[2], status;
    pid_t pid;

    if (pipe(m) == -1 || pipe(e) == -1)
        return 0;
    pid = fork();
    if (pid == -1)
        return 0;
    if (pid == 0) {
        dup2(m[0], 0);
        dup2(e[0], 1);
        close(m[0]), close(m[1]), close(e[0]), close(e[1]);
        execl(qq, qq, (char *)NULL);
        _exit(QQ_BUG);
    }
    close(m[0]);
    close(e[0]);
    write_all(m[1], message.s, message.len);
    close(m[1]);
    write_all(e[1], envelope.s, envelope.len);
    close(e[1]);
    return wait_pid(pid, &status) == pid && !wait_crashed(status) &&
           wait_exitcode(status) == 0;
}

static void slurp(const char *fn)
{
    char b[4096];
    ssize_t r;
    int fd = open(fn, O_RDONLY);

    if (fd == -1)
        die_sys(EXIT_TEMP, "unable to open ", fn, NULL);
    while ((r = read(fd, b, sizeof b)) > 0)
        if (!str_catb(&message, b, (size_t)r))
            die_nomem();
    close(fd);
}

int main(int argc, char **argv)
{
    unsigned long n, c, i, w, failed = 0;
    struct timespec t0, t1;
    double secs;
    int status;

    progname = "bench-inject";
    if (argc != 6 || !scan_ulong_all(argv[1], &n) ||
        !scan_ulong_all(argv[2], &c) || c == 0)
        die_usage("bench-inject N C MESSAGEFILE QMAILQUEUE RECIPIENT");
    slurp(argv[3]);
    if (!str_cats(&envelope, "Fbench@quail.test") ||
        !str_catb(&envelope, "\0T", 2) || !str_cats(&envelope, argv[5]) ||
        !str_catb(&envelope, "\0\0", 2))
        die_nomem();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (w = 0; w < c; w++) {
        pid_t pid = fork();
        if (pid == -1)
            die_sys(EXIT_TEMP, "unable to fork", NULL);
        if (pid == 0) {
            for (i = w; i < n; i += c)
                if (!queue_one(argv[4]))
                    _exit(EXIT_TEMP);
            _exit(0);
        }
    }
    for (w = 0; w < c; w++)
        if (wait_pid(-1, &status) == -1 || wait_crashed(status) ||
            wait_exitcode(status) != 0)
            failed++;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) +
           (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    buf_puts(&buf_out, "queued ");
    buf_putulong(&buf_out, n);
    buf_puts(&buf_out, " messages with ");
    buf_putulong(&buf_out, c);
    buf_puts(&buf_out, " writers in ");
    buf_putulong(&buf_out, (unsigned long)(secs * 1000));
    buf_puts(&buf_out, " ms: ");
    buf_putulong(&buf_out, (unsigned long)((double)n / secs));
    buf_putsflush(&buf_out, " msg/s\n");
    if (failed)
        die(EXIT_TEMP, "some qmail-queue runs failed", NULL);
    return 0;
}
