/* sig.c - signal dispositions and masks. Handlers are installed without
 * SA_RESTART, so a signal makes a blocking read, poll or wait return
 * EINTR and the program can look at the flag its handler set (qmail-send
 * relies on this to notice SIGALRM and SIGTERM while it sleeps). */
#include <signal.h>
#include <stddef.h>

#include "sig.h"

static void sig_set(int sig, void (*handler)(int))
{
    struct sigaction sa;

    sa.sa_handler = handler;
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

void sig_catch(int sig, void (*handler)(int))
{
    sig_set(sig, handler);
}

void sig_ignore(int sig)
{
    sig_set(sig, SIG_IGN);
}

void sig_default(int sig)
{
    sig_set(sig, SIG_DFL);
}

static void sig_mask(int how, int sig)
{
    sigset_t ss;

    sigemptyset(&ss);
    sigaddset(&ss, sig);
    sigprocmask(how, &ss, NULL);
}

void sig_block(int sig)
{
    sig_mask(SIG_BLOCK, sig);
}

void sig_unblock(int sig)
{
    sig_mask(SIG_UNBLOCK, sig);
}

/* With every signal unblocked during the wait, a signal blocked earlier
 * (to close the race between testing a flag and sleeping) is delivered
 * here, and the old mask is back when sigsuspend returns. */
void sig_pause(void)
{
    sigset_t ss;

    sigemptyset(&ss);
    sigsuspend(&ss);
}
