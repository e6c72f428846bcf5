/* proc.c - start a program with chosen fds 0 and 1, as qmail-send starts
 * qmail-lspawn and a filter starts qmail-queue. */
#include <fcntl.h>
#include <unistd.h>

#include "exitcode.h"
#include "fd.h"
#include "proc.h"
#include "wait.h"

/* Runs in the child only. A failure here cannot be reported to the
 * parent except through the exit code, so every one is EXIT_TEMP: the
 * caller retries, as qmail does when it cannot run a program. */
static void proc_child(char *const argv[], int in, int out)
{
    /* out == 0 would be overwritten by moving `in` to 0 first: keep a
     * copy above 2 before touching fd 0. */
    if (out == 0 && in > 0) {
        out = fcntl(out, F_DUPFD_CLOEXEC, 3);
        if (out == -1)
            _exit(EXIT_TEMP);
    }
    if (in >= 0 && !(in == 0 ? fd_nocoe(0) : fd_copy(0, in)))
        _exit(EXIT_TEMP);
    if (out >= 0 && !(out == 1 ? fd_nocoe(1) : fd_copy(1, out)))
        _exit(EXIT_TEMP);
    execvp(argv[0], argv);
    _exit(EXIT_TEMP);
}

pid_t proc_spawn(char *const argv[], int in, int out)
{
    pid_t pid = fork();

    if (pid == 0)
        proc_child(argv, in, out);
    return pid;
}

int proc_run(char *const argv[], int in, int out)
{
    pid_t pid;
    int status;

    if ((pid = proc_spawn(argv, in, out)) == -1)
        return -1;
    if (wait_pid(pid, &status) == -1)
        return -1;
    return status;
}
