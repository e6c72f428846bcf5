/* feed.c - a pipe into a child's fd 0, filled from ours. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "fd.h"
#include "feed.h"
#include "sig.h"
#include "wait.h"

int feed_start(struct feed *f, char *const argv[])
{
    int p[2], saved;

    f->pid = -1;
    f->fd = -1;
    /* Close-on-exec, so the program holds only the read end it gets as
     * fd 0 and sees end of file when we close ours. */
    if (pipe2(p, O_CLOEXEC) == -1)
        return 0;
    if ((f->pid = fork()) == -1) {
        saved = errno;
        close(p[0]);
        close(p[1]);
        return errno = saved, 0;
    }
    if (f->pid == 0) {
        if (!fd_copy(0, p[0]))
            die_sys(EXIT_TEMP, "unable to set up fd 0", NULL);
        sig_default(SIGPIPE);
        execvp(argv[0], argv);
        die_sys(EXIT_TEMP, "unable to run ", argv[0], NULL);
    }
    close(p[0]);
    f->fd = p[1];
    return 1;
}

/* Write everything, or give up quietly when the reader has gone. */
static int put_all(int fd, const char *s, size_t n)
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

int feed_copy(struct feed *f, const char *head, size_t n, int in)
{
    char b[BUF_SIZE];
    ssize_t r;
    int reading = put_all(f->fd, head, n);

    /* Read to the end even when the program has stopped reading, so a
     * read error still shows (and so our writer is never blocked). */
    for (;;) {
        r = read(in, b, sizeof b);
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1)
            return 0;
        if (r == 0)
            return 1;
        if (reading)
            reading = put_all(f->fd, b, (size_t)r);
    }
}

int feed_finish(struct feed *f)
{
    int status;

    if (f->fd != -1) {
        close(f->fd);
        f->fd = -1;
    }
    if (wait_pid(f->pid, &status) == -1)
        return -1;
    f->pid = -1;
    if (wait_crashed(status))
        return -2;
    return wait_exitcode(status);
}

void feed_abort(struct feed *f)
{
    int status;

    if (f->pid == -1)
        return;
    kill(f->pid, SIGKILL);
    if (f->fd != -1) {
        close(f->fd);
        f->fd = -1;
    }
    wait_pid(f->pid, &status);
    f->pid = -1;
}
