/* sendpend.h - messages qmail-send has taken from todo/ and is already
 * delivering, whose todo/ entry stays until their info/, local/ and
 * remote/ files are written and fsynced (the commit) or the message is
 * done.
 *
 * Why: most messages are delivered within milliseconds. Writing their
 * files first, syncing them, and removing them again a moment later
 * only cost creations, flushes and unlinks. todo/ is the durable record
 * meanwhile, and the files' contents are kept here: after a crash the
 * message is taken in again and delivered to every recipient again,
 * which DESIGN.md allows. A message still in delivery after a second or
 * two, or one that defers or bounces, gets its files and is committed,
 * so a crash later only repeats what is not marked done.
 *
 * A fixed-size open-addressing table keyed by message number; no
 * allocation after sendpend_init but the contents given to it. */
#ifndef SENDPEND_H
#define SENDPEND_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#define SENDPEND_MAX 2048 /* most messages pending at once */

struct sendpend_ent {
    unsigned long id; /* 0: free slot (message numbers are inodes, > 0) */
    time_t taken;
    unsigned files; /* bit c set: info (0), local (1), remote (2) exist,
                     * in memory or as files; a channel's bit goes when
                     * its recipients are done in memory */
    char *mem;      /* the contents, one after the other, while the
                     * files are not written; NULL once they are */
    size_t len[3];
};

struct sendpend {
    struct sendpend_ent *slot; /* 2 * SENDPEND_MAX of them */
    size_t n;
};

#define SENDPEND_INIT                                                         \
    {                                                                         \
        NULL, 0                                                               \
    }

/* 1, or 0 when out of memory. */
int sendpend_init(struct sendpend *p);
/* Add a copy of e (its number not yet in p); p then owns e->mem. 0
 * when p is full. */
int sendpend_add(struct sendpend *p, const struct sendpend_ent *e);
/* The entry of message id, or NULL. */
struct sendpend_ent *sendpend_find(const struct sendpend *p,
                                   unsigned long id);
/* Remove message id, if there, freeing its mem. */
void sendpend_del(struct sendpend *p, unsigned long id);
/* Copy up to max entries taken at or before time `by` into out; the
 * number copied. Which ones, when there are more, is unspecified. */
size_t sendpend_due(const struct sendpend *p, time_t by,
                    struct sendpend_ent *out, size_t max);

#endif
