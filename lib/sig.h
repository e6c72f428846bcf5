/* sig.h - signals through sigaction, with restarting system calls off so
 * a handler can interrupt a blocking read or poll. */
#ifndef SIG_H
#define SIG_H

void sig_catch(int sig, void (*handler)(int));
void sig_ignore(int sig);
void sig_default(int sig);
void sig_block(int sig);
void sig_unblock(int sig);
/* Wait for any signal with every signal unblocked (sigsuspend). */
void sig_pause(void);

#endif
