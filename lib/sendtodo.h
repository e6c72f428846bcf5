/* sendtodo.h - qmail-send taking new messages in from queue/todo/:
 * the envelope (qmail-queue(8) form) is checked, each recipient
 * rewritten by the vdomain rules, and info/S/ID ("F" sender), local/S/ID
 * and remote/S/ID ("T" recipients) written, then fsynced in batches.
 * Only after that may todo/ID go (qmail-clean removes it), so a crash
 * at any point repeats the intake, never loses a message. Paths are
 * relative to the queue directory; logs with sendlog. */
#ifndef SENDTODO_H
#define SENDTODO_H

#include <stddef.h>
#include <sys/types.h>

#include "sendctl.h"

#define SENDTODO_BATCH 64 /* most messages committed together */

/* A new message taken from todo/, its files written but not yet synced. */
struct sendtodo {
    unsigned long id;
    ino_t ino; /* of todo/ID */
    int fd[3]; /* info, local, remote; -1 when absent. After a good
                * sendtodo_sync they are closed but stay not -1, to say
                * which files exist. */
};

/* Check todo/id (directory entry inode ino) and write its files. Logs
 * "new msg" and "info msg" lines when taken. 1 taken (files in f->fd);
 * 0 todo/id is gone; -1 not taken (logged; files removed): the caller
 * should not look at it again for a while. Sleeps on no memory. */
int sendtodo_take(struct sendtodo *f, const struct sendctl *cf,
                  unsigned long id, ino_t ino);
/* Close and remove the files written for f. */
void sendtodo_abandon(struct sendtodo *f);
/* fsync the files of n (<= SENDTODO_BATCH) taken messages and each of
 * their directories once. good[i] is 1 when message i is durable (its
 * files closed), else 0 (logged; abandoned). A directory that cannot
 * be synced fails the whole batch. */
void sendtodo_sync(struct sendtodo *f, size_t n, int *good);

#endif
