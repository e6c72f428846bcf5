/* unit-trigger: pulling with and without a reader, poll readability,
 * drain, no endless hangup after a writer leaves, and refusing paths
 * that are missing or not fifos. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "trigger.h"
#include "wait.h"
#include "unit.h"

static char dir[] = "/tmp/quail-unit-trigger-XXXXXX";
static char fifo[64], file[64], missing[64];

static int ready(int fd, int ms)
{
    struct pollfd p = { fd, POLLIN, 0 };
    return poll(&p, 1, ms);
}

static void join(char *out, const char *name)
{
    size_t n = strlen(dir);
    memcpy(out, dir, n);
    out[n] = '/';
    memcpy(out + n + 1, name, strlen(name) + 1);
}

int main(void)
{
    struct stat st;
    int fd, w, status, i;
    pid_t pid;

    plan(20);
    alarm(10); /* a pull that blocks would hang: fail instead */
    if (mkdtemp(dir) == NULL)
        return 1;
    join(fifo, "trigger");
    join(file, "plain");
    join(missing, "missing");
    if (mkfifo(fifo, 0622) == -1 ||
        (fd = open(file, O_CREAT | O_WRONLY, 0600)) == -1)
        return 1;
    close(fd);

    ok(trigger_pull(fifo), "pull with no reader: 1, does not block");
    errno = 0;
    ok(!trigger_pull(missing) && errno == ENOENT, "pull of missing path: 0");
    errno = 0;
    ok(!trigger_pull(file) && errno == EINVAL, "pull of a plain file: 0");
    ok(stat(file, &st) == 0 && st.st_size == 0, "plain file not written");
    ok(trigger_open(missing) == -1 && errno == ENOENT, "open missing: -1");
    errno = 0;
    ok(trigger_open(file) == -1 && errno == EINVAL, "open plain file: -1");

    fd = trigger_open(fifo);
    ok(fd >= 0, "open the fifo");
    ok((fcntl(fd, F_GETFL) & O_NONBLOCK) != 0, "reader is nonblocking");
    is_num(ready(fd, 0), 0, "nothing pending: not readable");
    ok(trigger_pull(fifo), "pull with a reader");
    is_num(ready(fd, 0), 1, "readable after a pull");
    trigger_drain(fd);
    is_num(ready(fd, 0), 0, "drained: not readable, no hangup after the "
                            "puller closed its end");
    for (i = 0; i < 5; i++)
        trigger_pull(fifo);
    trigger_drain(fd);
    is_num(ready(fd, 0), 0, "drain takes several pulls at once");

    /* A full fifo: pull must neither block nor fail. */
    w = open(fifo, O_WRONLY | O_NONBLOCK);
    while (write(w, "xxxxxxxxxxxxxxxx", 16) > 0)
        ;
    ok(errno == EAGAIN, "fifo filled");
    ok(trigger_pull(fifo), "pull on a full fifo: 1, does not block");
    close(w);
    trigger_drain(fd);
    is_num(ready(fd, 0), 0, "drain empties a full fifo");

    /* The qmail-queue to qmail-send wake-up across processes. */
    pid = fork();
    if (pid == 0) {
        struct timespec ts = { 0, 50 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        _exit(trigger_pull(fifo) ? 0 : 1);
    }
    is_num(ready(fd, 5000), 1, "a pull from another process wakes poll");
    ok(wait_pid(pid, &status) == pid && wait_exitcode(status) == 0,
       "that pull returned 1");
    trigger_drain(fd);
    close(fd);

    ok(trigger_pull(fifo), "pull after the reader closed: 1");
    fd = trigger_open(fifo);
    is_num(ready(fd, 0), 0, "a pull with no reader leaves nothing behind");
    close(fd);
    unlink(fifo);
    unlink(file);
    rmdir(dir);
    return done_testing();
}
