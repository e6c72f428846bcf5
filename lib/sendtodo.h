/* sendtodo.h - qmail-send taking new messages in from queue/todo/:
 * the envelope (qmail-queue(8) form) is checked and each recipient
 * rewritten by the vdomain rules, giving the contents of info/S/ID ("F"
 * sender) and local/S/ID and remote/S/ID ("T" recipients). Deliveries
 * start at once, from memory; the files are written only for a message
 * still in delivery a second or two later, or one that defers or
 * bounces, and fsynced before qmail-clean removes todo/ID. So a crash
 * at any point repeats the intake, never loses a message (sendpend.h
 * says why). Paths are relative to the queue directory; logs with
 * sendlog. */
#ifndef SENDTODO_H
#define SENDTODO_H

#include <stddef.h>
#include <sys/types.h>

#include "sendctl.h"
#include "sendpend.h"
#include "str.h"

#define SENDTODO_BATCH 64 /* most messages committed together */

/* A new message taken from todo/. */
struct sendtodo {
    unsigned long id;
    struct str part[3];  /* info/, local/, remote/ contents; no local or
                          * remote recipients: len 0 */
};

/* Check todo/id and make its files'
 * contents. Logs "new msg" and "info msg" lines when taken. 1 taken
 * (contents in f->part, which keeps its memory for the next call); 0
 * todo/id is gone; -1 not taken (logged): the caller should not look at
 * it again for a while. Sleeps on no memory. */
int sendtodo_take(struct sendtodo *f, const struct sendctl *cf,
                  unsigned long id);
/* Write info/, local/ and remote/ files of message id: part[c] of len[c]
 * bytes for info (0, always), local (1) and remote (2) when len[c] > 0;
 * info/'s mtime set to birth. Leftovers of a crashed attempt are
 * replaced. 1 ok (not synced); 0 trouble (logged, nothing left). */
int sendtodo_write(unsigned long id, const char *const *part,
                   const size_t *len, time_t birth);
/* fsync the files of n (<= SENDTODO_BATCH) taken messages that still
 * exist (a channel's file goes when its recipients are done) and each
 * of their directories once. good[i] is 1 when message i is durable,
 * else 0 (logged; nothing removed: its deliveries go on). A directory
 * that cannot be synced fails the whole batch. */
void sendtodo_sync(const struct sendpend_ent *e, size_t n, int *good);

#endif
