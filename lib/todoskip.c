/* todoskip.c - todo/ entries not to look at yet; see todoskip.h. */
#include <stdlib.h>
#include <sys/stat.h>

#include "qfile.h"
#include "todoskip.h"

void todoskip_add(struct todoskip *t, unsigned long id, ino_t ino,
                  time_t until)
{
    char fn[QFILE_NAME];
    struct stat st;
    struct todoskip_ent *p;

    /* grown 16 at a time; n never passes the allocation, since it only
     * grows by one and we grow whenever it is a multiple of 16 */
    if (t->n % 16 == 0) {
        p = realloc(t->e, (t->n + 16) * sizeof *t->e);
        if (p == NULL)
            return; /* it will be tried at every scan: only noisier */
        t->e = p;
    }
    qfile_name(fn, "todo", id);
    if (stat(fn, &st) == -1)
        return; /* gone: nothing to skip */
    t->e[t->n].id = id;
    t->e[t->n].ino = ino;
    t->e[t->n].ctime = st.st_ctim;
    t->e[t->n++].until = until;
}

static int same_todo(const struct todoskip_ent *k)
{
    char fn[QFILE_NAME];
    struct stat st;

    qfile_name(fn, "todo", k->id);
    return stat(fn, &st) == 0 && st.st_ino == k->ino &&
           st.st_ctim.tv_sec == k->ctime.tv_sec &&
           st.st_ctim.tv_nsec == k->ctime.tv_nsec;
}

int todoskip_has(struct todoskip *t, unsigned long id, ino_t ino, time_t now)
{
    size_t i;

    for (i = 0; i < t->n; i++)
        if (t->e[i].id == id) {
            if (t->e[i].until > now && t->e[i].ino == ino &&
                same_todo(&t->e[i]))
                return 1;
            t->e[i] = t->e[--t->n];
            return 0;
        }
    return 0;
}

void todoskip_clear(struct todoskip *t)
{
    t->n = 0;
}
