/* unit-wait: wait_pid survives EINTR, wait_nohang, and the status
 * helpers for exits and signals. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "wait.h"
#include "unit.h"

static void on_alarm(int sig)
{
    (void)sig;
}

static void nap(long ms)
{
    struct timespec ts = { 0, ms * 1000 * 1000 };
    nanosleep(&ts, NULL);
}

static const struct {
    int code, sig;
    int crashed, exitcode;
    const char *name;
} cases[] = {
    { 0, 0, 0, 0, "exit 0" },
    { 100, 0, 0, 100, "exit 100" },
    { 111, 0, 0, 111, "exit 111" },
    { 255, 0, 0, 255, "exit 255" },
    { 0, SIGKILL, 1, 111, "SIGKILL" },
    { 0, SIGTERM, 1, 111, "SIGTERM" },
};

int main(void)
{
    struct sigaction sa;
    struct itimerval it = { { 0, 0 }, { 0, 50 * 1000 } };
    pid_t pid, got;
    size_t i;
    int st;

    plan(17);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pid = fork();
        if (pid == 0) {
            if (cases[i].sig) {
                signal(cases[i].sig, SIG_DFL);
                kill(getpid(), cases[i].sig);
            }
            _exit(cases[i].code);
        }
        st = -1;
        ok(wait_pid(pid, &st) == pid &&
               wait_crashed(st) == cases[i].crashed,
           cases[i].name);
        is_num(wait_exitcode(st), cases[i].exitcode, "exit code");
    }

    /* An alarm handler without SA_RESTART makes waitpid return EINTR;
     * wait_pid must go back to waiting. */
    sa.sa_handler = on_alarm;
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    pid = fork();
    if (pid == 0) {
        nap(300);
        _exit(7);
    }
    setitimer(ITIMER_REAL, &it, NULL);
    ok(wait_pid(pid, &st) == pid && wait_exitcode(st) == 7,
       "wait_pid retries after EINTR");

    errno = 0;
    ok(wait_pid(pid, &st) == -1 && errno == ECHILD, "no such child: ECHILD");
    errno = 0;
    ok(wait_nohang(&st) == -1 && errno == ECHILD,
       "nohang without children: -1 ECHILD");

    pid = fork();
    if (pid == 0) {
        nap(200);
        _exit(3);
    }
    ok(wait_nohang(&st) == 0, "nohang with a running child: 0");
    for (i = 0; i < 100 && (got = wait_nohang(&st)) == 0; i++)
        nap(20);
    ok(got == pid && wait_exitcode(st) == 3,
       "nohang reaps the child once it has exited");
    return done_testing();
}
