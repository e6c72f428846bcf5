/* feed.h - run a program with a pipe on its fd 0 and feed it some lines
 * of our own and then everything on one of our fds: preline puts the
 * qmail-command(8) lines in front of a message, predate a Date line. */
#ifndef FEED_H
#define FEED_H

#include <stddef.h>
#include <sys/types.h>

struct feed {
    pid_t pid; /* -1 when not running */
    int fd;    /* the write end of the pipe; -1 when closed */
};

/* Start argv[0] (searched in PATH) with the read end of a pipe as its fd
 * 0 and the rest of our fds. The child gets the default SIGPIPE. When
 * it cannot exec it says "PROGNAME: fatal: unable to run ARGV0: REASON"
 * and exits 111. 1 ok, 0 with errno set (pipe or fork failed). */
int feed_start(struct feed *f, char *const argv[]);

/* Write head[0..n), then copy fd in to its end. When the program stops
 * reading (the pipe breaks) the rest is dropped without complaint: its
 * exit code then tells what it made of the message. The caller must
 * ignore SIGPIPE. 1 ok; 0 with errno set when reading in failed. */
int feed_copy(struct feed *f, const char *head, size_t n, int in);

/* Close the pipe and wait: the program's exit code (0..255), -2 when a
 * signal killed it, -1 with errno set when the wait failed. */
int feed_finish(struct feed *f);

/* Stop the program (SIGKILL) and reap it, so it cannot act on a message
 * cut short by a read error. */
void feed_abort(struct feed *f);

#endif
