/* unit-fd: close-on-exec and nonblocking flags, dup2 with and without
 * closing the source, and the to == from cases. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fd.h"
#include "unit.h"

static int has(int fd, int get, int flag)
{
    int f = fcntl(fd, get);
    return f != -1 && (f & flag) != 0;
}

static int is_open(int fd)
{
    return fcntl(fd, F_GETFD) != -1;
}

static const struct {
    int (*fn)(int);
    int get, flag, want;
    const char *name;
} flag_cases[] = {
    { fd_coe, F_GETFD, FD_CLOEXEC, 1, "coe sets FD_CLOEXEC" },
    { fd_coe, F_GETFD, FD_CLOEXEC, 1, "coe twice keeps it" },
    { fd_nocoe, F_GETFD, FD_CLOEXEC, 0, "nocoe clears it" },
    { fd_nocoe, F_GETFD, FD_CLOEXEC, 0, "nocoe twice keeps it clear" },
    { fd_nonblock, F_GETFL, O_NONBLOCK, 1, "nonblock sets O_NONBLOCK" },
    { fd_block, F_GETFL, O_NONBLOCK, 0, "block clears it" },
};

int main(void)
{
    int p[2], q[2], fd;
    size_t i;
    char c;

    plan(25);
    if (pipe(p) == -1 || pipe(q) == -1)
        return 1;
    for (i = 0; i < sizeof flag_cases / sizeof flag_cases[0]; i++) {
        ok(flag_cases[i].fn(p[0]), flag_cases[i].name);
        ok(has(p[0], flag_cases[i].get, flag_cases[i].flag) ==
               flag_cases[i].want,
           "flag state");
    }
    ok(fd_nonblock(p[0]) && read(p[0], &c, 1) == -1 && errno == EAGAIN,
       "nonblocking read of empty pipe: EAGAIN");
    fd_block(p[0]);

    /* coe must not disturb O_NONBLOCK and vice versa */
    ok(fd_nonblock(p[1]) && fd_coe(p[1]) && has(p[1], F_GETFL, O_NONBLOCK),
       "flags are independent");
    fd_block(p[1]);

    fd = 40;
    ok(fd_copy(fd, p[1]) && is_open(fd) && is_open(p[1]),
       "copy: both open");
    ok(!has(fd, F_GETFD, FD_CLOEXEC), "copy: new fd is not close-on-exec");
    ok(write(fd, "x", 1) == 1 && read(p[0], &c, 1) == 1 && c == 'x',
       "copy refers to the same pipe");
    ok(fd_move(fd, q[1]) && !is_open(q[1]),
       "move over an open fd closes the source");
    ok(write(fd, "y", 1) == 1 && read(q[0], &c, 1) == 1 && c == 'y',
       "moved fd now refers to the other pipe");
    ok(fd_move(q[0], q[0]) && is_open(q[0]), "move to itself: no-op success");
    ok(fd_copy(q[0], q[0]) && is_open(q[0]), "copy to itself: success");
    errno = 0;
    ok(!fd_move(41, 99) && errno == EBADF && !is_open(41),
       "move from a closed fd fails with EBADF");
    errno = 0;
    ok(!fd_move(99, 99) && errno == EBADF, "move to itself of a closed fd");
    errno = 0;
    ok(!fd_coe(99) && errno == EBADF, "coe of a closed fd");
    errno = 0;
    ok(!fd_nonblock(99) && errno == EBADF, "nonblock of a closed fd");
    return done_testing();
}
