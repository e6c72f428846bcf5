/* unit-lock: exclusion between processes, nonblocking refusal with
 * EWOULDBLOCK, a blocked lock_ex that waits for the holder, unlock. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include "lock.h"
#include "wait.h"
#include "unit.h"

static char path[] = "/tmp/quail-unit-lock-XXXXXX";

/* In a child with its own open of the file: try lock_exnb and report
 * 0 locked, 1 EWOULDBLOCK, 2 anything else. */
static int child_try(void)
{
    pid_t pid = fork();
    int st, fd;

    if (pid == 0) {
        if ((fd = open(path, O_RDWR)) == -1)
            _exit(2);
        if (lock_exnb(fd))
            _exit(0);
        _exit(errno == EWOULDBLOCK ? 1 : 2);
    }
    if (wait_pid(pid, &st) != pid || wait_crashed(st))
        return -1;
    return wait_exitcode(st);
}

static int readable(int fd, int ms)
{
    struct pollfd p = { fd, POLLIN, 0 };
    return poll(&p, 1, ms) == 1;
}

int main(void)
{
    int fd, fd2, p[2], st;
    pid_t pid;
    char c;

    plan(13);
    alarm(10);
    if ((fd = mkstemp(path)) == -1 || pipe(p) == -1)
        return 1;

    is_num(child_try(), 0, "unlocked file: another process gets the lock");
    ok(lock_ex(fd), "lock_ex");
    is_num(child_try(), 1, "held: another process gets EWOULDBLOCK");
    ok(lock_exnb(fd), "lock_exnb again by the holder succeeds");
    ok(lock_un(fd), "lock_un");
    is_num(child_try(), 0, "after unlock another process gets it");

    if ((fd2 = open(path, O_RDWR)) == -1)
        return 1;
    ok(lock_exnb(fd), "exnb on a free lock");
    errno = 0;
    ok(!lock_exnb(fd2) && errno == EWOULDBLOCK,
       "a second open in the same process is excluded too");
    lock_un(fd);
    ok(lock_exnb(fd2), "and gets it after unlock");
    lock_un(fd2);
    close(fd2);

    /* A child blocked in lock_ex proceeds only after we unlock. */
    lock_ex(fd);
    pid = fork();
    if (pid == 0) {
        int cfd = open(path, O_RDWR);
        close(p[0]);
        if (cfd == -1 || !lock_ex(cfd))
            _exit(2);
        if (write(p[1], "L", 1) != 1)
            _exit(3);
        _exit(0);
    }
    close(p[1]);
    ok(!readable(p[0], 200), "child waits in lock_ex while we hold it");
    lock_un(fd);
    ok(readable(p[0], 5000) && read(p[0], &c, 1) == 1 && c == 'L',
       "child gets the lock after unlock");
    ok(wait_pid(pid, &st) == pid && wait_exitcode(st) == 0, "child exit 0");

    errno = 0;
    ok(!lock_ex(-1) && errno == EBADF, "bad fd: 0 with EBADF");
    unlink(path);
    return done_testing();
}
