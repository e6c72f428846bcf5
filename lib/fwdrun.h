/* fwdrun.h - what dot-forward and fastforward do with a message once
 * they know where it goes: run programs on it and forward it through
 * qmail-queue. The message is our fd 0 and must be seekable (qmail-local
 * gives a file), since each program and the forward read it from the
 * start. The caller ignores SIGPIPE. */
#ifndef FWDRUN_H
#define FWDRUN_H

#include <stddef.h>

#include "str.h"

/* sh -c command in the current directory with the message on its fd 0:
 * the file itself when n == 0, else a pipe carrying head[0..n) (the
 * UFLINE, RPLINE and DTLINE of a '!' command) and then the message.
 * The program's output is ours. Its exit code (0..255); -2 killed by a
 * signal; -1 with errno set: no rewind, pipe, fork or read. A program
 * that cannot be started exits 111. */
int fwdrun_program(const char *command, const char *head, size_t n);

/* Queue dtline and the message once, from sender to every recipient in
 * rcpts (each NUL-terminated), through qq_path(). "" when queued, else
 * qq_close's text ('D' permanent or 'Z' temporary first); *qp is
 * qmail-queue's pid. NULL with errno set when it could not be started. */
const char *fwdrun_forward(const char *dtline, const char *sender,
                           const struct str *rcpts, unsigned long *qp);

/* The exit code for a program's result, as qmail-local reads it
 * (qmail-command(8)): 0 success, 100 (and sendmail's 64, 65, 70, 76,
 * 77, 78, 112) permanent, anything else, a crash or 99 included,
 * temporary: EXIT_OK, EXIT_PERM or EXIT_TEMP. */
int fwdrun_judge(int code);

#endif
