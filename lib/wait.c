/* wait.c - reap children and read their wait status. */
#include <errno.h>
#include <sys/wait.h>

#include "wait.h"

pid_t wait_pid(pid_t pid, int *status)
{
    pid_t r;

    do
        r = waitpid(pid, status, 0);
    while (r == -1 && errno == EINTR);
    return r;
}

pid_t wait_nohang(int *status)
{
    pid_t r;

    do
        r = waitpid(-1, status, WNOHANG);
    while (r == -1 && errno == EINTR);
    return r;
}

int wait_crashed(int status)
{
    return WIFSIGNALED(status) ? 1 : 0;
}

/* A child stopped or killed has no exit code; call it 111 rather than
 * leak a signal number that reads like a qmail-queue code. Callers check
 * wait_crashed first, as qmail does. */
int wait_exitcode(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 111;
}
