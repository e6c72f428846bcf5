/* sendtodo.h - qmail-send taking new messages in from queue/todo/:
 * the envelope (qmail-queue(8) form) is checked, each recipient
 * rewritten by the vdomain rules, and info/S/ID ("F" sender), local/S/ID
 * and remote/S/ID ("T" recipients) written. Deliveries start at once;
 * todo/ID stays until those files are fsynced (sendtodo_sync, then
 * qmail-clean removes it) or the message is done, so a crash at any
 * point repeats the intake, never loses a message (sendpend.h says why
 * the sync waits). Paths are relative to the queue directory; logs with
 * sendlog. */
#ifndef SENDTODO_H
#define SENDTODO_H

#include <stddef.h>
#include <sys/types.h>

#include "sendctl.h"
#include "sendpend.h"

#define SENDTODO_BATCH 64 /* most messages committed together */

/* A new message taken from todo/, its files written but not synced. */
struct sendtodo {
    unsigned long id;
    ino_t ino; /* of todo/ID */
    int fd[3]; /* info, local, remote; -1 when absent */
};

/* Check todo/id (directory entry inode ino) and write its files. Logs
 * "new msg" and "info msg" lines when taken. 1 taken (files in f->fd);
 * 0 todo/id is gone; -1 not taken (logged; files removed): the caller
 * should not look at it again for a while. Sleeps on no memory. */
int sendtodo_take(struct sendtodo *f, const struct sendctl *cf,
                  unsigned long id, ino_t ino);
/* Close the files written for f: which ones, bit c for info (0), local
 * (1), remote (2), as sendpend_ent.files has them. */
unsigned sendtodo_close(struct sendtodo *f);
/* fsync the files of n (<= SENDTODO_BATCH) taken messages that still
 * exist (a channel's file goes when its recipients are done) and each
 * of their directories once. good[i] is 1 when message i is durable,
 * else 0 (logged; nothing removed: its deliveries go on). A directory
 * that cannot be synced fails the whole batch. */
void sendtodo_sync(const struct sendpend_ent *e, size_t n, int *good);

#endif
