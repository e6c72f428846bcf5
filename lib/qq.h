/* qq.h - inject a message through qmail-queue, speaking qmail-queue(8):
 * the message on its fd 0, then the envelope on its fd 1 ("F" sender
 * NUL, "T" recipient NUL for each recipient, and a final NUL).
 *
 *     qq_open(&q, path); qq_put(&q, ...)...; qq_from(&q, sender);
 *     qq_to(&q, rcpt)...; text = qq_close(&q);
 *
 * Failures along the way are remembered and reported by qq_close. Once
 * one happens nothing more is written, so qmail-queue never sees a
 * complete envelope and cannot queue a message cut short. The caller
 * should ignore SIGPIPE, or a qmail-queue that dies early kills it. */
#ifndef QQ_H
#define QQ_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

struct qq {
    pid_t pid;    /* qmail-queue's pid, -1 when not running */
    int fdm, fde; /* message and envelope pipes; -1 when closed */
    int failed;   /* 0, QQ_FAIL_READ or QQ_FAIL_WRITE */
    struct buf b;
    char space[BUF_SIZE];
};

#define QQ_FAIL_READ 1  /* qq_fail: the caller could not read the message */
#define QQ_FAIL_WRITE 2 /* a write to qmail-queue failed */

/* The exit code of qq_open's child when it cannot set up its fds or exec
 * the queue program, as in qmail's qmail_open; qq_close reports it as
 * "Zunable to exec qq (#4.3.0)". */
#define QQ_NOEXEC 120

/* The queue program to run: $QMAILQUEUE when it is set and not empty
 * (qmail-queue(8)), else auto_home "/bin/qmail-queue". NULL when out of
 * memory. The result stays valid until the next call. */
const char *qq_path(void);

/* Start the program at path (no arguments) with pipes on its fds 0 and
 * 1. 1 ok, 0 with errno set (pipe or fork failed). A program that
 * cannot be run is only noticed by qq_close (QQ_NOEXEC). */
int qq_open(struct qq *q, const char *path);
void qq_put(struct qq *q, const char *s, size_t n);
void qq_puts(struct qq *q, const char *s);
/* The caller could not read the message: make the injection fail. */
void qq_fail(struct qq *q);
/* qq_put everything read from fd to its end (qq_fail on a read error). */
void qq_copy(struct qq *q, int fd);
/* End the message and start the envelope with its sender. */
void qq_from(struct qq *q, const char *sender);
void qq_to(struct qq *q, const char *recipient);
/* End the envelope and wait for qmail-queue. "" when the message was
 * queued; otherwise 'D' (permanent) or 'Z' (temporary) and a text with
 * an enhanced status code, as qmail's qmail_close gives them: "Zqq read
 * error (#4.3.0)". */
const char *qq_close(struct qq *q);

/* The text for a qmail-queue wait status, as qq_close returns it. */
const char *qq_status(int status);

#endif
