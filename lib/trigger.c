/* trigger.c - the lock/trigger fifo. qmail-queue writes a byte to wake
 * qmail-send; qmail-send polls the read end. A missed pull costs only
 * latency (qmail-send rescans the queue on its own), so the writer never
 * blocks and never dies of SIGPIPE. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "trigger.h"

static int is_fifo(const char *path)
{
    struct stat st;

    if (stat(path, &st) == -1)
        return 0;
    if (!S_ISFIFO(st.st_mode))
        return errno = EINVAL, 0;
    return 1;
}

/* The reader may go away between our open and our write; that write
 * would raise SIGPIPE. Block it around the write and take back a
 * SIGPIPE our write caused, leaving any earlier one pending. */
static void trigger_write(int fd)
{
    static const struct timespec zero = { 0, 0 };
    sigset_t pipe_set, old, before;
    int saved = errno;

    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigprocmask(SIG_BLOCK, &pipe_set, &old);
    sigpending(&before);
    if (write(fd, "", 1) == -1 && errno == EPIPE &&
        !sigismember(&before, SIGPIPE))
        sigtimedwait(&pipe_set, NULL, &zero);
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = saved;
}

int trigger_pull(const char *path)
{
    int fd;

    if (!is_fifo(path))
        return 0;
    /* O_NONBLOCK: with no reader, open fails with ENXIO instead of
     * waiting, and a full fifo makes write fail with EAGAIN. Both mean
     * qmail-send is busy or away: not our problem. */
    fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd == -1)
        return errno == ENXIO ? 1 : 0;
    trigger_write(fd);
    close(fd);
    return 1;
}

/* O_RDWR on a fifo is both ends in one descriptor (Linux fifo(7); POSIX
 * leaves it undefined): the open cannot block, and since a writer always
 * exists, poll never reports hangup once a puller has closed its end. */
int trigger_open(const char *path)
{
    struct stat st;
    int fd;

    if (!is_fifo(path))
        return -1;
    fd = open(path, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd == -1)
        return -1;
    if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode)) {
        close(fd);
        return errno = EINVAL, -1;
    }
    return fd;
}

void trigger_drain(int fd)
{
    char buf[64];
    ssize_t r;

    for (;;) {
        r = read(fd, buf, sizeof buf);
        if (r > 0)
            continue;
        if (r == -1 && errno == EINTR)
            continue;
        return;
    }
}
