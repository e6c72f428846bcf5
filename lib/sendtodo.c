/* sendtodo.c - intake of new messages from todo/; see sendtodo.h. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "qfile.h"
#include "qrec.h"
#include "sendctl.h"
#include "sendlog.h"
#include "sendtodo.h"
#include "str.h"
#include "syncdir.h"
#include "vdomain.h"
#include "wholefile.h"

static const char *const dirs[3] = {"info", "local", "remote"};

/* Close and remove the files written for message id. */
static void abandon(unsigned long id, int *fd)
{
    char fn[QFILE_NAME];
    int i;

    for (i = 0; i < 3; i++)
        if (fd[i] != -1) {
            close(fd[i]);
            qfile_name(fn, dirs[i], id);
            unlink(fn);
            fd[i] = -1;
        }
}

/* Create a queue file. An existing one is a leftover of an attempt
 * that crashed before todo/ was removed: it is replaced. For info/ (id
 * given), the channel files of that attempt go too, since they are
 * only ever created after info/. The fd, or -1. */
static int create(const char *fn, unsigned long id)
{
    char other[QFILE_NAME];
    int fd, i;

    fd = open(fn, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd != -1 || errno != EEXIST)
        return fd;
    for (i = 1; id != 0 && i < 3; i++) {
        qfile_name(other, dirs[i], id);
        if (unlink(other) == -1 && errno != ENOENT)
            return -1;
    }
    if (unlink(fn) == -1)
        return -1;
    return open(fn, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
}

int sendtodo_take(struct sendtodo *f, const struct sendctl *cf,
                  unsigned long id)
{
    static struct str env, addr;
    char fn[QFILE_NAME], mfn[QFILE_NAME], a[FMT_ULONG], b[FMT_ULONG],
        u[FMT_ULONG], p[FMT_ULONG];
    const char *problem;
    struct stat st;
    struct qrec_env e;
    struct qrec r;
    size_t pos;
    int x, c;

    f->id = id;
    for (c = 0; c < 3; c++)
        f->part[c].len = 0;
    qfile_name(fn, "todo", id);
    x = wholefile_read(fn, &env, &st, WHOLEFILE_MAX);
    if (x == 0)
        return 0; /* gone already */
    if (x == -1) {
        sendlog_warn("unable to read", fn, "; will try again later");
        return -1;
    }
    problem = qrec_envelope(env.s, env.len, &e);
    if (problem != NULL) {
        sendlog("warning: ", fn, " ", problem,
                "; leaving it for the postmaster\n", NULL);
        return -1;
    }
    qfile_name(mfn, "mess", id);
    if (stat(mfn, &st) == -1) {
        sendlog_warn("unable to stat", mfn, "; will try again later");
        return -1;
    }
    /* Files of an attempt that crashed before todo/ went: they would
     * outlive a message delivered from memory, and a stale bounce text
     * would be sent for a recipient that may now succeed (every one is
     * tried again). Channel and bounce files only ever follow info/. */
    qfile_name(fn, "info", id);
    if (access(fn, F_OK) == 0 || errno != ENOENT)
        for (c = 0; c < 4; c++) {
            qfile_name(fn, c < 3 ? dirs[c] : "bounce", id);
            if (unlink(fn) == -1 && errno != ENOENT) {
                sendlog_warn("unable to remove", fn, "; will try again later");
                return -1;
            }
        }
    while (!str_copyb(&f->part[0], e.from.s - 1, e.from.len + 2))
        sendlog_nomem(); /* "F" sender NUL */
    for (pos = 0; qrec_next(env.s, env.len, &pos, &r) == 1;) {
        if (r.type != 'T')
            continue;
        while ((c = vdomain_rewrite(&cf->vd, r.s, r.len, cf->envnoathost.s,
                                    cf->envnoathost.len, &addr)) == 0)
            sendlog_nomem();
        c = c == VDOMAIN_LOCAL ? 1 : 2;
        while (!str_catc(&f->part[c], 'T') || !str_cat(&f->part[c], &addr) ||
               !str_catc(&f->part[c], '\0'))
            sendlog_nomem();
    }
    sendlog_num(a, id);
    sendlog("new msg ", a, "\ninfo msg ", a, ": bytes ",
            sendlog_num(b, (unsigned long)st.st_size), " from <", NULL);
    sendlog_safe(e.from.s, e.from.len);
    sendlog("> qp ", sendlog_num(p, e.pid), " uid ", sendlog_num(u, e.uid),
            "\n", NULL);
    return 1;
}

/* a and b name files in the same directory */
static int same_dir(const char *a, const char *b)
{
    size_t n = (size_t)(strrchr(a, '/') - a);

    return memcmp(a, b, n + 1) == 0 && strchr(b + n + 1, '/') == NULL;
}

int sendtodo_write(unsigned long id, const char *const *part,
                   const size_t *len, time_t birth)
{
    char fn[QFILE_NAME];
    struct timespec ts[2];
    int fd[3] = {-1, -1, -1};
    int c;

    for (c = 0; c < 3; c++) {
        if (c > 0 && len[c] == 0)
            continue;
        qfile_name(fn, dirs[c], id);
        fd[c] = create(fn, c == 0 ? id : 0);
        if (fd[c] == -1 || !wholefile_write(fd[c], part[c], len[c])) {
            sendlog_warn("trouble writing", fn, "; will try again later");
            abandon(id, fd);
            return 0;
        }
    }
    /* info/'s mtime is the message's birth (sendinfo.h) */
    ts[0].tv_sec = ts[1].tv_sec = birth;
    ts[0].tv_nsec = ts[1].tv_nsec = 0;
    futimens(fd[0], ts);
    for (c = 0; c < 3; c++)
        if (fd[c] != -1)
            close(fd[c]);
    return 1;
}

/* Each directory once per batch: a file in it stands for it. */
static void add_dir(char (*synced)[QFILE_NAME], size_t *n, const char *fn)
{
    size_t k;

    for (k = 0; k < *n && !same_dir(synced[k], fn); k++)
        ;
    if (k == *n)
        memcpy(synced[(*n)++], fn, QFILE_NAME);
}

/* Commit a batch: every file fsynced, each directory once. */
void sendtodo_sync(const struct sendpend_ent *e, size_t n, int *good)
{
    char fn[QFILE_NAME], synced[3 * SENDTODO_BATCH][QFILE_NAME];
    int fd[SENDTODO_BATCH][3];
    size_t i, k, nsynced = 0;
    int c;

    /* Start writing every file before waiting for any, so the fsyncs
     * after the first only wait for data already on its way. fsync
     * works on a descriptor open for reading. */
    for (i = 0; i < n; i++) {
        good[i] = 1;
        for (c = 0; c < 3; c++) {
            fd[i][c] = -1;
            if (!(e[i].files & (1U << c)))
                continue;
            qfile_name(fn, dirs[c], e[i].id);
            fd[i][c] = open(fn, O_RDONLY | O_CLOEXEC);
            if (fd[i][c] != -1) {
                sync_file_range(fd[i][c], 0, 0, SYNC_FILE_RANGE_WRITE);
            } else if (errno == ENOENT && c > 0) {
                /* Its recipients are done and it went unsynced: that
                 * removal must be on disk before todo/ goes. */
                add_dir(synced, &nsynced, fn);
            } else {
                sendlog_warn("unable to open", fn, "; will try again later");
                good[i] = 0;
            }
        }
    }
    for (i = 0; i < n; i++)
        for (c = 0; c < 3; c++) {
            if (fd[i][c] == -1)
                continue;
            qfile_name(fn, dirs[c], e[i].id);
            if (fsync(fd[i][c]) == -1) {
                sendlog_warn("trouble fsyncing", fn, "; will try again later");
                good[i] = 0;
            }
            close(fd[i][c]);
            add_dir(synced, &nsynced, fn);
        }
    for (k = 0; k < nsynced; k++)
        if (!syncdir_of(synced[k])) {
            sendlog_warn("trouble fsyncing the directory of", synced[k],
                         "; will try again later");
            for (i = 0; i < n; i++)
                good[i] = 0;
        }
}
