/* prioq.h - a priority queue of (time, message id) pairs: a binary
 * min-heap, as qmail-send keeps one per delivery channel so that finding
 * the next message due costs O(log n) however many messages wait. Ties on
 * time go to the smaller id (the older message). */
#ifndef PRIOQ_H
#define PRIOQ_H

#include <stddef.h>
#include <time.h>

struct prioq_elt {
    time_t dt;
    unsigned long id;
};

struct prioq {
    struct prioq_elt *p;
    size_t len;
    size_t cap;
};

#define PRIOQ_INIT { NULL, 0, 0 }

/* 1 ok, 0 no memory (errno ENOMEM; q unchanged). */
int prioq_insert(struct prioq *q, const struct prioq_elt *e);
/* The smallest element into *e: 1, or 0 when q is empty. */
int prioq_min(const struct prioq *q, struct prioq_elt *e);
/* Remove the smallest element; nothing when q is empty. */
void prioq_delmin(struct prioq *q);
/* Make every element due at dt (qmail-send's SIGALRM). */
void prioq_setall(struct prioq *q, time_t dt);
void prioq_free(struct prioq *q);

#endif
