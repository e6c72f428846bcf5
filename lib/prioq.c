/* prioq.c - binary min-heap of (time, id), stored in an array: the
 * children of p[i] are p[2i+1] and p[2i+2], and no child is smaller than
 * its parent. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "prioq.h"

static int less(const struct prioq_elt *a, const struct prioq_elt *b)
{
    if (a->dt != b->dt)
        return a->dt < b->dt;
    return a->id < b->id;
}

int prioq_insert(struct prioq *q, const struct prioq_elt *e)
{
    struct prioq_elt *p;
    size_t i, parent, cap;

    if (q->len == q->cap) {
        cap = q->cap < 64 ? 64 : q->cap + q->cap / 2;
        if (cap > SIZE_MAX / sizeof *p)
            return errno = ENOMEM, 0;
        p = realloc(q->p, cap * sizeof *p);
        if (p == NULL)
            return 0;
        q->p = p;
        q->cap = cap;
    }
    /* sift up: move parents down until e fits */
    for (i = q->len++; i > 0; i = parent) {
        parent = (i - 1) / 2;
        if (!less(e, &q->p[parent]))
            break;
        q->p[i] = q->p[parent];
    }
    q->p[i] = *e;
    return 1;
}

int prioq_min(const struct prioq *q, struct prioq_elt *e)
{
    if (q->len == 0)
        return 0;
    *e = q->p[0];
    return 1;
}

void prioq_delmin(struct prioq *q)
{
    struct prioq_elt last;
    size_t i, child;

    if (q->len == 0)
        return;
    last = q->p[--q->len];
    /* sift down: the last element goes where the root was, then sinks */
    for (i = 0; (child = 2 * i + 1) < q->len; i = child) {
        if (child + 1 < q->len && less(&q->p[child + 1], &q->p[child]))
            child++;
        if (!less(&q->p[child], &last))
            break;
        q->p[i] = q->p[child];
    }
    if (q->len > 0)
        q->p[i] = last;
}

/* Equal times leave the id order to decide, and a heap ordered by id
 * alone is not necessarily a heap: rebuild it (Floyd, O(n)). */
void prioq_setall(struct prioq *q, time_t dt)
{
    size_t i, j, child, n = q->len;
    struct prioq_elt e;

    for (i = 0; i < n; i++)
        q->p[i].dt = dt;
    for (i = n / 2; i-- > 0;) {
        e = q->p[i];
        for (j = i; (child = 2 * j + 1) < n; j = child) {
            if (child + 1 < n && less(&q->p[child + 1], &q->p[child]))
                child++;
            if (!less(&q->p[child], &e))
                break;
            q->p[j] = q->p[child];
        }
        q->p[j] = e;
    }
}

void prioq_free(struct prioq *q)
{
    free(q->p);
    q->p = NULL;
    q->len = q->cap = 0;
}
