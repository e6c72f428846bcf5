/* child.c - fork, exec, wait, with the exec failure folded into the exit
 * code as qmail 1.03's condredirect, bouncesaying and except do. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "child.h"
#include "die.h"
#include "exitcode.h"
#include "sig.h"
#include "wait.h"

int child_execcode(int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
    case EACCES:
    case EPERM:
    case ENOEXEC:
    case ELOOP:
    case ENAMETOOLONG:
    case EISDIR:
        return EXIT_PERM;
    default:
        return EXIT_TEMP;
    }
}

int child_run(char *const argv[])
{
    pid_t pid;
    int status, code;

    if ((pid = fork()) == -1)
        return -1;
    if (pid == 0) {
        /* The caller may ignore SIGPIPE for its own writes; the program
         * gets the default, as if started by qmail-local directly. */
        sig_default(SIGPIPE);
        execvp(argv[0], argv);
        code = child_execcode(errno);
        warn_sys("unable to run ", argv[0], NULL);
        _exit(code);
    }
    if (wait_pid(pid, &status) == -1)
        return -1;
    if (wait_crashed(status))
        return CHILD_CRASHED;
    return wait_exitcode(status);
}
