/* child.h - run a program and read its exit code, for the .qmail helpers
 * that judge a message by what another program says about it (except,
 * bouncesaying, condredirect). The program inherits every fd, so it reads
 * the message from our fd 0. */
#ifndef CHILD_H
#define CHILD_H

#define CHILD_CRASHED (-2) /* killed by a signal */

/* Run argv[0] (searched in PATH) and wait for it. Returns its exit code
 * (0..255), CHILD_CRASHED, or -1 with errno set when fork or wait failed.
 * When the program cannot be run, the child says why on fd 2 as a
 * warning of progname and exits 100 if the program is missing or cannot
 * be executed (the helpers' pages count a program that does not exist
 * as one that said no), or 111 for a passing reason (out of memory, too
 * many open files, text file busy). */
int child_run(char *const argv[]);

/* The exit code for a failed exec: 100 for errno values that say the
 * program is not there or not runnable, 111 for the rest. */
int child_execcode(int err);

#endif
