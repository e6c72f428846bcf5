/* unit-sig: handlers interrupt blocking calls (no SA_RESTART), block and
 * unblock, ignore and default, and sig_pause waking on a blocked signal. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sig.h"
#include "unit.h"

static volatile sig_atomic_t got;

static void on_sig(int sig)
{
    got = sig;
}

/* A child that sends sig to us after a short delay, so that we are
 * already blocked in read or sigsuspend when it arrives. */
static pid_t poke_later(int sig)
{
    pid_t parent = getpid(), pid = fork();

    if (pid == 0) {
        struct timespec ts = { 0, 50 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        kill(parent, sig);
        _exit(0);
    }
    return pid;
}

static int pending(int sig)
{
    sigset_t ss;

    sigpending(&ss);
    return sigismember(&ss, sig) == 1;
}

static int blocked(int sig)
{
    sigset_t ss;

    sigprocmask(SIG_BLOCK, NULL, &ss);
    return sigismember(&ss, sig) == 1;
}

int main(void)
{
    struct sigaction sa;
    int p[2], st;
    pid_t pid;
    char c;

    plan(15);
    alarm(10); /* SA_RESTART would hang a test below; die instead */
    if (pipe(p) == -1)
        return 1;

    sig_catch(SIGUSR1, on_sig);
    sigaction(SIGUSR1, NULL, &sa);
    ok(sa.sa_handler == on_sig, "catch installs the handler");
    ok(!(sa.sa_flags & SA_RESTART), "without SA_RESTART");

    got = 0;
    pid = poke_later(SIGUSR1);
    errno = 0;
    ok(read(p[0], &c, 1) == -1 && errno == EINTR,
       "a caught signal interrupts a blocking read with EINTR");
    is_num(got, SIGUSR1, "handler ran");
    waitpid(pid, &st, 0);

    got = 0;
    sig_block(SIGUSR1);
    ok(blocked(SIGUSR1), "block adds to the mask");
    raise(SIGUSR1);
    ok(got == 0 && pending(SIGUSR1), "blocked signal stays pending");
    sig_unblock(SIGUSR1);
    ok(got == SIGUSR1 && !blocked(SIGUSR1), "unblock delivers it");

    got = 0;
    sig_block(SIGUSR1);
    pid = poke_later(SIGUSR1);
    sig_pause();
    is_num(got, SIGUSR1, "pause returns after a blocked signal is caught");
    ok(blocked(SIGUSR1), "pause restores the mask");
    waitpid(pid, &st, 0);
    sig_unblock(SIGUSR1);

    got = 0;
    sig_block(SIGUSR1);
    raise(SIGUSR1);
    sig_pause();
    is_num(got, SIGUSR1, "pause takes a signal already pending");
    sig_unblock(SIGUSR1);

    sig_ignore(SIGUSR2);
    sigaction(SIGUSR2, NULL, &sa);
    ok(sa.sa_handler == SIG_IGN, "ignore");
    ok(raise(SIGUSR2) == 0, "ignored signal does not kill us");
    sig_default(SIGUSR2);
    sigaction(SIGUSR2, NULL, &sa);
    ok(sa.sa_handler == SIG_DFL, "default");

    pid = fork();
    if (pid == 0) {
        sig_catch(SIGTERM, on_sig);
        sig_default(SIGTERM);
        raise(SIGTERM);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
       "default action restored after catch");
    sig_catch(SIGUSR1, on_sig);
    got = 0;
    raise(SIGUSR1);
    is_num(got, SIGUSR1, "catch again after use");
    return done_testing();
}
