/* unit-sendpend: the table of messages taken from todo/ but not yet
 * committed: found after any mix of additions and removals, full at
 * SENDPEND_MAX, and the due ones picked by time. */
#include <stdlib.h>
#include <string.h>

#include "sendpend.h"
#include "unit.h"

#define N SENDPEND_MAX

int main(void)
{
    static unsigned long ids[N];
    static int in[N];
    static struct sendpend_ent out[N];
    struct sendpend p = SENDPEND_INIT;
    struct sendpend_ent ent;
    struct sendpend_ent *e;
    size_t i, k, bad;
    int ok_all;

    plan(11);
    ok(sendpend_init(&p), "init");
    ok(sendpend_find(&p, 5) == NULL, "empty: nothing found");
    /* dense numbers, as inodes are, and a few far apart */
    for (i = 0; i < N; i++)
        ids[i] = i < N - 8 ? 1000 + i : 0xffffff00UL + i;
    ok_all = 1;
    for (i = 0; i < N; i++) {
        memset(&ent, 0, sizeof ent);
        ent.id = ids[i];
        ent.taken = (time_t)(i % 10);
        ent.files = (unsigned)(i % 7);
        ent.mem = i % 3 == 0 ? malloc(16) : NULL; /* freed with the entry */
        ok_all &= sendpend_add(&p, &ent);
        in[i] = 1;
    }
    ok(ok_all && p.n == N, "SENDPEND_MAX entries fit");
    memset(&ent, 0, sizeof ent);
    ent.id = 7;
    ok(!sendpend_add(&p, &ent), "one more does not");
    e = sendpend_find(&p, ids[17]);
    ok(e != NULL && e->taken == 7 &&
           e->files == 17 % 7,
       "an entry keeps what it was given");
    /* remove two thirds in a scattered order, then check every number */
    srand(42);
    for (k = 0; k < 2 * N / 3; k++) {
        i = (size_t)rand() % N;
        sendpend_del(&p, ids[i]);
        in[i] = 0;
    }
    for (bad = 0, i = 0; i < N; i++)
        if ((sendpend_find(&p, ids[i]) != NULL) != in[i])
            bad++;
    is_num(bad, 0, "after scattered removals each number is found or not, "
                   "as it should");
    for (k = 0, i = 0; i < N; i++)
        k += in[i];
    is_num(p.n, k, "the count follows");
    sendpend_del(&p, 999999);
    is_num(p.n, k, "removing an absent number changes nothing");
    k = sendpend_due(&p, 3, out, N);
    for (bad = 0, i = 0; i < k; i++)
        if (out[i].taken > 3 || !in[out[i].id < 0xffffff00UL
                                        ? out[i].id - 1000
                                        : out[i].id - 0xffffff00UL])
            bad++;
    ok(k > 0 && bad == 0, "due: only present entries taken by then");
    is_num(sendpend_due(&p, 100, out, 5), 5, "due: at most max");
    for (i = 0; i < N; i++)
        sendpend_del(&p, ids[i]);
    ent.id = ids[0];
    ok(p.n == 0 && sendpend_find(&p, ids[0]) == NULL &&
           sendpend_add(&p, &ent),
       "emptied, and usable again");
    sendpend_del(&p, ids[0]);
    free(p.slot);
    return done_testing();
}
