/* unit-prioq: the min-heap qmail-send keeps per channel. */
#include <stdlib.h>

#include "prioq.h"
#include "unit.h"

/* Pop everything; 1 when it comes out in (dt, id) order. */
static int drains_in_order(struct prioq *q, size_t want)
{
    struct prioq_elt e, prev = { 0, 0 };
    size_t n = 0;
    int sorted = 1;

    while (prioq_min(q, &e)) {
        if (n > 0 && (e.dt < prev.dt || (e.dt == prev.dt && e.id < prev.id)))
            sorted = 0;
        prev = e;
        prioq_delmin(q);
        n++;
    }
    return sorted && n == want;
}

int main(void)
{
    struct prioq q = PRIOQ_INIT;
    struct prioq_elt e;
    size_t i;

    plan(12);
    ok(!prioq_min(&q, &e), "empty queue has no minimum");
    prioq_delmin(&q);
    ok(q.len == 0, "delmin on an empty queue does nothing");

    e.dt = 50, e.id = 5;
    prioq_insert(&q, &e);
    e.dt = 10, e.id = 7;
    prioq_insert(&q, &e);
    e.dt = 30, e.id = 1;
    prioq_insert(&q, &e);
    e.dt = 10, e.id = 3;
    prioq_insert(&q, &e);
    ok(prioq_min(&q, &e) && e.dt == 10 && e.id == 3,
       "smallest time first, ties to the smaller id");
    prioq_delmin(&q);
    ok(prioq_min(&q, &e) && e.dt == 10 && e.id == 7, "then the other tie");
    prioq_delmin(&q);
    ok(prioq_min(&q, &e) && e.dt == 30, "then 30");
    prioq_delmin(&q);
    ok(prioq_min(&q, &e) && e.dt == 50 && e.id == 5, "then 50");
    prioq_delmin(&q);
    ok(!prioq_min(&q, &e), "then empty");

    srand(42);
    for (i = 0; i < 100000; i++) {
        e.dt = rand() % 1000;
        e.id = (unsigned long)rand();
        if (!prioq_insert(&q, &e))
            break;
    }
    ok(i == 100000 && q.len == 100000, "100000 inserts");
    ok(drains_in_order(&q, 100000), "100000 come out in order");

    for (i = 0; i < 1000; i++) {
        e.dt = 1000 - (time_t)i;
        e.id = (unsigned long)(i * 7919 % 1000);
        prioq_insert(&q, &e);
    }
    prioq_setall(&q, 5);
    ok(prioq_min(&q, &e) && e.dt == 5 && e.id == 0,
       "setall: all due now, smallest id first");
    ok(drains_in_order(&q, 1000), "setall keeps a valid heap");

    prioq_free(&q);
    ok(q.p == NULL && q.len == 0, "free");
    return done_testing();
}
