/* sendpend.c - messages taken from todo/, not yet committed; see
 * sendpend.h. Linear probing with backward-shift deletion, so there
 * are no tombstones and a lookup stops at the first free slot. */
#include <stdlib.h>

#include "sendpend.h"

#define SLOTS (2 * SENDPEND_MAX) /* at most half full */

static size_t home(unsigned long id)
{
    /* inode numbers are dense: mix the bits before taking the slot */
    unsigned long long h = (unsigned long long)id * 0x9e3779b97f4a7c15ULL;

    return (size_t)(h >> 32) % SLOTS;
}

int sendpend_init(struct sendpend *p)
{
    p->n = 0;
    if (p->slot == NULL)
        p->slot = calloc(SLOTS, sizeof *p->slot);
    return p->slot != NULL;
}

static size_t where(const struct sendpend *p, unsigned long id)
{
    size_t i = home(id);

    while (p->slot[i].id != 0 && p->slot[i].id != id)
        i = (i + 1) % SLOTS;
    return i;
}

int sendpend_add(struct sendpend *p, const struct sendpend_ent *e)
{
    struct sendpend_ent *slot;

    if (p->n >= SENDPEND_MAX || e->id == 0)
        return 0;
    slot = &p->slot[where(p, e->id)];
    if (slot->id == 0)
        p->n++;
    else if (slot->mem != e->mem)
        free(slot->mem);
    *slot = *e;
    return 1;
}

struct sendpend_ent *sendpend_find(const struct sendpend *p, unsigned long id)
{
    size_t i;

    if (p->n == 0)
        return NULL;
    i = where(p, id);
    return p->slot[i].id == id ? &p->slot[i] : NULL;
}

void sendpend_del(struct sendpend *p, unsigned long id)
{
    size_t hole, i, h;

    if (p->n == 0)
        return;
    hole = where(p, id);
    if (p->slot[hole].id != id)
        return;
    free(p->slot[hole].mem);
    p->slot[hole].mem = NULL;
    p->slot[hole].id = 0;
    p->n--;
    /* Move back every later entry of the run that may no longer be
     * found past the hole: one whose home is not in (hole, i]. */
    for (i = (hole + 1) % SLOTS; p->slot[i].id != 0; i = (i + 1) % SLOTS) {
        h = home(p->slot[i].id);
        if (hole < i ? (h <= hole || h > i) : (h <= hole && h > i)) {
            p->slot[hole] = p->slot[i];
            p->slot[i].id = 0;
            p->slot[i].mem = NULL;
            hole = i;
        }
    }
}

size_t sendpend_due(const struct sendpend *p, time_t by,
                    struct sendpend_ent *out, size_t max)
{
    size_t i, k = 0;

    for (i = 0; i < SLOTS && k < max && p->n > 0; i++)
        if (p->slot[i].id != 0 && p->slot[i].taken <= by)
            out[k++] = p->slot[i];
    return k;
}
