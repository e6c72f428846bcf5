/* wait.h - reap children. */
#ifndef WAIT_H
#define WAIT_H

#include <sys/types.h>

/* Wait for pid (retrying EINTR). pid on success, -1 on error. */
pid_t wait_pid(pid_t pid, int *status);
/* Reap any one finished child without blocking: its pid, 0 none, -1. */
pid_t wait_nohang(int *status);
/* 1 when the child was killed by a signal. */
int wait_crashed(int status);
/* The exit code of a child that exited normally. */
int wait_exitcode(int status);

#endif
