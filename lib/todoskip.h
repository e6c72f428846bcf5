/* todoskip.h - queue/todo/ entries that qmail-send could not take in
 * (unreadable, bad envelope, no mess/ file, a failed write): not looked
 * at again before their time, so one bad entry does not cost a retry at
 * every scan. An entry is known by the inode and change time of its
 * todo/ file as well as by its number: numbers are inodes of mess/
 * files and come back as soon as a message is gone, and a new message
 * must not wait for an old one. Paths are relative to the queue. */
#ifndef TODOSKIP_H
#define TODOSKIP_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

struct todoskip_ent {
    unsigned long id;
    ino_t ino;             /* of todo/ID, from the directory entry */
    struct timespec ctime; /* of todo/ID when it was added */
    time_t until;
};

struct todoskip {
    struct todoskip_ent *e;
    size_t n;
};

#define TODOSKIP_INIT                                                         \
    {                                                                         \
        NULL, 0                                                               \
    }

/* Skip todo/id (directory entry inode ino) until the given time. Not
 * added when todo/id is gone, or when memory runs out (then the entry
 * is only tried again sooner). */
void todoskip_add(struct todoskip *t, unsigned long id, ino_t ino,
                  time_t until);
/* Is todo/id, entry inode ino, still to be skipped at time now? An
 * entry that expired or no longer names the same file is dropped. */
int todoskip_has(struct todoskip *t, unsigned long id, ino_t ino, time_t now);
/* Forget every entry (SIGALRM: try everything now). */
void todoskip_clear(struct todoskip *t);

#endif
