/* unit-proc: exit statuses through proc_run, PATH search, fds 0 and 1
 * wired as asked (also when `out` is 0 or fd 0 is close-on-exec), and
 * 111 when the program cannot be run. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"
#include "wait.h"
#include "unit.h"

static char *sh_exit7[] = { "sh", "-c", "exit 7", NULL };
static char *t_true[] = { "true", NULL };
static char *t_false[] = { "false", NULL };
static char *t_missing[] = { "quail-no-such-program-here", NULL };
static char *t_slash[] = { "/nonexistent/prog", NULL };
static char *t_cat[] = { "cat", NULL };
static char *t_sig[] = { "sh", "-c", "kill -TERM $$", NULL };

static const struct {
    char **argv;
    int crashed, code;
    const char *name;
} run_cases[] = {
    { t_true, 0, 0, "true exits 0" },
    { t_false, 0, 1, "false exits 1" },
    { sh_exit7, 0, 7, "arguments are passed; exit code comes back" },
    { t_missing, 0, 111, "program not in PATH: 111" },
    { t_slash, 0, 111, "missing absolute path: 111" },
    { t_sig, 1, 111, "child killed by a signal is seen as crashed" },
};

/* Feed `text` through a pipe whose write end is closed, so the reader
 * sees end of file after it. */
static int text_fd(const char *text)
{
    int p[2];
    size_t n = strlen(text);

    if (pipe(p) == -1 || write(p[1], text, n) != (ssize_t)n)
        exit(1);
    close(p[1]);
    return p[0];
}

static size_t slurp(int fd, char *buf, size_t size)
{
    size_t len = 0;
    ssize_t r;

    while (len < size && (r = read(fd, buf + len, size - len)) > 0)
        len += (size_t)r;
    return len;
}

int main(void)
{
    char buf[256];
    int q[2], in, st;
    size_t i;
    pid_t pid;

    plan(18);
    for (i = 0; i < sizeof run_cases / sizeof run_cases[0]; i++) {
        st = proc_run(run_cases[i].argv, -1, -1);
        ok(st != -1 && wait_crashed(st) == run_cases[i].crashed,
           run_cases[i].name);
        if (!run_cases[i].crashed)
            is_num(wait_exitcode(st), run_cases[i].code, "exit code");
    }

    in = text_fd("hello\n");
    if (pipe(q) == -1)
        return 1;
    st = proc_run(t_cat, in, q[1]);
    close(q[1]);
    ok(st == 0, "cat with in and out");
    is_mem(buf, slurp(q[0], buf, sizeof buf), "hello\n",
           "fd 0 is in, fd 1 is out");
    ok(fcntl(in, F_GETFD) != -1, "parent's fds stay open");
    close(in);
    close(q[0]);

    /* out == 0: setting up fd 0 must not clobber it first. Done in a
     * child of ours so our own fd 0 stays as it was. */
    in = text_fd("swapped\n");
    if (pipe(q) == -1)
        return 1;
    pid = fork();
    if (pid == 0) {
        dup2(q[1], 0);
        close(q[1]);
        close(q[0]);
        st = proc_run(t_cat, in, 0);
        _exit(st == 0 ? 0 : 1);
    }
    close(q[1]);
    is_mem(buf, slurp(q[0], buf, sizeof buf), "swapped\n",
           "out == 0 works: input read from in, written to old fd 0");
    ok(wait_pid(pid, &st) == pid && wait_exitcode(st) == 0, "cat exited 0");
    close(q[0]);
    close(in);

    /* in == 0 already, but close-on-exec: the child must still get it. */
    in = text_fd("coe\n");
    if (pipe(q) == -1)
        return 1;
    pid = fork();
    if (pid == 0) {
        dup2(in, 0);
        fcntl(0, F_SETFD, FD_CLOEXEC);
        close(q[0]);
        st = proc_run(t_cat, 0, q[1]);
        _exit(st == 0 ? 0 : 1);
    }
    close(q[1]);
    is_mem(buf, slurp(q[0], buf, sizeof buf), "coe\n",
           "in == 0 with close-on-exec still reaches the program");
    ok(wait_pid(pid, &st) == pid && wait_exitcode(st) == 0,
       "and it exited 0");
    close(q[0]);
    close(in);
    return done_testing();
}
