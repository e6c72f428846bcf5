/*
 * qmail-send - deliver the messages in the queue, as qmail-send(8) of
 * qmail 1.03. Started by qmail-start as qmails, with pipes to
 * qmail-lspawn, qmail-rspawn and qmail-clean.
 *
 * in:   queue/todo/ (new messages; lock/trigger says when), queue/info,
 *       local, remote and bounce (messages being delivered), control
 *       files; delivery reports on fds 4 (qmail-lspawn) and 6
 *       (qmail-rspawn); qmail-clean's replies on fd 8
 * out:  its log on fd 1, in the lines qmailanalog reads; delivery
 *       requests on fds 3 and 5; removal requests on fd 7; bounces
 *       through bin/qmail-queue
 * exit: 0 after SIGTERM, once the deliveries in progress are over;
 *       111 when it cannot start, or loses a spawner or qmail-clean
 *
 * Durability: a message leaves todo/ only after its info/ and local/ or
 * remote/ files and their directories are fsynced, or once it is done
 * (its deliveries start before that, from memory: see sendpend.h); a
 * recipient is marked "D" only after its delivery succeeded or its
 * bounce text was fsynced into bounce/, and the mark is fdatasynced
 * unless the whole channel file is removed at once or todo/ still
 * stands for the message. A crash at any point therefore repeats work,
 * never loses it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "die.h"
#include "errtext.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "lock.h"
#include "prioq.h"
#include "qclean.h"
#include "qfile.h"
#include "qrec.h"
#include "report.h"
#include "retry.h"
#include "sendbounce.h"
#include "sendctl.h"
#include "sendinfo.h"
#include "sendlog.h"
#include "sendpend.h"
#include "sendscan.h"
#include "sendtodo.h"
#include "sig.h"
#include "str.h"
#include "todoskip.h"
#include "trigger.h"
#include "verp.h"
#include "wholefile.h"

#define SLEEP_TODO 1500       /* look in todo/ at least this often */
#define SLEEP_SYSFAIL 123     /* retry after a system failure */
#define SLEEP_FOREVER 86400   /* longest poll */
#define SLEEP_CLEANUP 76431   /* between sweeps of mess/ for orphans */
#define OSSIFIED 129600       /* an orphan in mess/ older than this goes */
#define COMMIT_AFTER 2        /* a message still in delivery is committed
                               * when the clock has passed the second it
                               * was taken by this many: after 1 to 3 s */
#define REPORT_MAX 10000      /* report text kept; spawners keep it short */

#define CHANNELS 2
enum { LOCAL, REMOTE };

/* ----------------------------------------------------------- settings */

static struct sendctl cf = SENDCTL_INIT;

static volatile sig_atomic_t flag_term, flag_alrm, flag_hup;
static int exiting;    /* no new deliveries or messages; exit when idle */
static int exit_code;  /* 111 once a helper is lost */
static time_t now;

/* ----------------------------------------------------------- channels */

struct del {
    int used;
    int job;          /* index into jobs */
    size_t mpos;      /* offset of its T record in the job's file */
    unsigned long delid;
};

struct chan {
    const char *name; /* also the queue directory */
    const char *prog;
    unsigned long skip;
    int fdout, fdin;
    int alive;
    struct str out;   /* requests not yet written */
    size_t outpos;
    struct report rep; /* the report being read */
    unsigned used;
    struct del *d;    /* auto_spawn slots */
    int pass;         /* job whose recipients are being started, or -1 */
    struct prioq pq;  /* messages with recipients here, by next attempt */
};

static struct chan ch[CHANNELS] = {
    { "local", "qmail-lspawn", RETRY_SKIP_LOCAL, 3, 4, 1, STR_INIT, 0,
      REPORT_INIT, 0, NULL, -1, PRIOQ_INIT },
    { "remote", "qmail-rspawn", RETRY_SKIP_REMOTE, 5, 6, 1, STR_INIT, 0,
      REPORT_INIT, 0, NULL, -1, PRIOQ_INIT },
};
static unsigned long masterdelid;

static struct prioq pqdone = PRIOQ_INIT; /* maybe finished: check, end */
/* taken from todo/, delivering, todo/ still there: see sendpend.h */
static struct sendpend pend = SENDPEND_INIT;
static struct prioq pqfail = PRIOQ_INIT; /* could not be looked at yet */

static void pq_insert(struct prioq *q, time_t dt, unsigned long id)
{
    struct prioq_elt e;

    e.dt = dt;
    e.id = id;
    while (!prioq_insert(q, &e))
        sendlog_nomem();
}

static void log_status(void)
{
    char a[FMT_ULONG], b[FMT_ULONG], c[FMT_ULONG], d[FMT_ULONG];

    sendlog("status: local ", sendlog_num(a, ch[LOCAL].used), "/",
            sendlog_num(b, cf.concurrency[LOCAL]), " remote ",
            sendlog_num(c, ch[REMOTE].used), "/",
            sendlog_num(d, cf.concurrency[REMOTE]), exiting ? " exitasap" : "",
            "\n", NULL);
}

/* -------------------------------------------------------- qmail-clean */

#define FD_CLEAN_OUT 7
#define FD_CLEAN_IN 8
static int clean_alive = 1;

static void clean_died(void)
{
    if (clean_alive)
        sendlog("alert: lost connection to qmail-clean; exiting\n", NULL);
    clean_alive = 0;
    exiting = 1;
    exit_code = EXIT_TEMP;
}

/* Ask qmail-clean to remove the files of n messages: type 't' (intd and
 * todo) or 'm' (intd and mess); ok[i] is set to 1 for each done. */
static void clean_batch(char type, const unsigned long *ids, size_t n,
                        int *ok)
{
    char fn[QFILE_NAME];
    ssize_t m = 0;
    size_t i;

    for (i = 0; i < n; i++)
        ok[i] = 0;
    if (!clean_alive)
        return;
    while ((m = qclean_batch(FD_CLEAN_OUT, FD_CLEAN_IN, type, ids, n, ok)) ==
           -1)
        sendlog_nomem();
    for (i = 0; i < (size_t)m; i++)
        if (!ok[i]) {
            qfile_name(fn, type == 't' ? "todo" : "mess", ids[i]);
            sendlog("warning: qmail-clean unable to clean up ", fn, "\n",
                    NULL);
        }
    if ((size_t)m < n)
        clean_died();
}

/* -------------------------------------------------------------- files */

/* Where a message stands, from the files present: queue its channels,
 * or, with none left, the check for the end. */
static void pqadd(unsigned long id)
{
    char fn[QFILE_NAME];
    struct stat st;
    int c, any = 0;

    qfile_name(fn, "todo", id);
    if (sendpend_find(&pend, id) == NULL) {
        if (stat(fn, &st) == 0)
            return; /* todo/ is done again from the start */
        if (errno != ENOENT)
            goto fail;
    }
    for (c = 0; c < CHANNELS; c++) {
        qfile_name(fn, ch[c].name, id);
        if (stat(fn, &st) == 0) {
            pq_insert(&ch[c].pq, st.st_mtime, id);
            any = 1;
        } else if (errno != ENOENT) {
            goto fail;
        }
    }
    if (!any)
        pq_insert(&pqdone, now, id);
    return;
fail:
    sendlog_warn("unable to stat", fn, "; will try again later");
    pq_insert(&pqfail, now + SLEEP_SYSFAIL, id);
}

/* --------------------------------------------------------------- jobs */

/* A job is one message's recipients in one channel, open while its
 * deliveries are started and running. */
struct job {
    int used;
    int chan;
    unsigned long id;
    int fd;            /* the channel file, read-write, for D marks */
    struct str sender; /* NUL-terminated */
    struct str data;   /* the channel file's contents */
    size_t pos;        /* next record to look at */
    unsigned inflight; /* deliveries started, not yet reported */
    unsigned long todo; /* T records not yet done */
    int deferred;      /* a delivery was deferred */
    int trouble;       /* the file could not be read or marked */
    int needsync;      /* D marks written since the last fdatasync */
    int dying;         /* older than queuelifetime: deferral is failure */
    time_t birth, retry;
};

static struct job *jobs;
static size_t njobs;

static void chan_fn(char *fn, const struct job *j)
{
    qfile_name(fn, ch[j->chan].name, j->id);
}

/* Message id's entry when it is pending with its files not written. */
static struct sendpend_ent *inmem(unsigned long id)
{
    struct sendpend_ent *p = sendpend_find(&pend, id);

    return p != NULL && p->mem != NULL ? p : NULL;
}

/* Write the files of a message delivered from memory so far, its D
 * marks in them, and give its open jobs their channel file. 1 ok (or
 * nothing to do); 0 not written (logged). */
static int materialize(unsigned long id)
{
    struct sendpend_ent *p = inmem(id);
    const char *part[3];
    size_t len[3], k;
    char fn[QFILE_NAME];
    int c;

    if (p == NULL)
        return 1;
    part[0] = p->mem;
    for (c = 0; c < 3; c++) {
        if (c > 0)
            part[c] = part[c - 1] + p->len[c - 1];
        len[c] = p->files & (1U << c) ? p->len[c] : 0;
    }
    if (!sendtodo_write(id, part, len, p->taken))
        return 0;
    free(p->mem);
    p->mem = NULL;
    for (k = 0; k < njobs; k++)
        if (jobs[k].used && jobs[k].id == id && jobs[k].fd == -1) {
            chan_fn(fn, &jobs[k]);
            jobs[k].fd = open(fn, O_RDWR | O_CLOEXEC);
            if (jobs[k].fd == -1) {
                sendlog_warn("unable to open", fn, "; will try again later");
                jobs[k].trouble = 1;
            }
        }
    return 1;
}

static void job_sync(struct job *j)
{
    char fn[QFILE_NAME];

    if (!j->needsync || j->fd == -1)
        return;
    j->needsync = 0;
    if (fdatasync(j->fd) == -1) {
        chan_fn(fn, j);
        sendlog_warn("trouble syncing", fn, "; recipients may get it twice");
    }
}

/* Every recipient is done: the channel file goes at once, so its D marks
 * need no sync. A crash before the unlink reaches the disk delivers
 * again, which DESIGN.md allows; it never delivers less. */
static int job_finished(const struct job *j)
{
    return !j->trouble && j->todo == 0;
}

/* Every started delivery is over and no more will start: the channel
 * file goes when it is done, else the job waits for its next retry. */
static void job_close(int k)
{
    struct job *j = &jobs[k];
    char fn[QFILE_NAME];
    struct timespec ts[2];
    struct stat st;
    struct sendpend_ent *p;
    time_t when;
    int c;

    p = inmem(j->id);
    if (p != NULL && job_finished(j)) { /* no file to remove */
        j->used = 0;
        p->files &= ~(2U << j->chan);
        if (!(p->files & (2U << (1 - j->chan))))
            pq_insert(&pqdone, now, j->id);
        return;
    }
    /* A deferral needs the files: the next attempt is their business. */
    if (p != NULL && !job_finished(j) && !materialize(j->id)) {
        j->used = 0;
        pq_insert(&ch[j->chan].pq, now + SLEEP_SYSFAIL, j->id);
        return;
    }
    /* While todo/ stands for the message a crash redoes it all anyway;
     * its commit syncs the marks with the file. */
    if (!job_finished(j) && sendpend_find(&pend, j->id) == NULL)
        job_sync(j);
    chan_fn(fn, j);
    if (job_finished(j)) {
        close(j->fd);
        j->used = 0;
        if (unlink(fn) == -1 && errno != ENOENT) {
            sendlog_warn("unable to unlink", fn, "; will try again later");
            pq_insert(&ch[j->chan].pq, now + SLEEP_SYSFAIL, j->id);
            return;
        }
        for (c = 0; c < CHANNELS; c++) {
            if (c == j->chan)
                continue;
            qfile_name(fn, ch[c].name, j->id);
            if (stat(fn, &st) == 0)
                return; /* the other channel is still going */
        }
        pq_insert(&pqdone, now, j->id);
        return;
    }
    if (j->trouble)
        when = now + SLEEP_SYSFAIL;
    else if (j->deferred)
        when = j->retry;
    else
        when = now; /* stopped before every recipient was tried */
    /* The mtime of the channel file is its next attempt, so a restart
     * keeps the schedule. */
    ts[0].tv_sec = ts[1].tv_sec = when;
    ts[0].tv_nsec = ts[1].tv_nsec = 0;
    if (futimens(j->fd, ts) == -1)
        sendlog_warn("unable to utime", fn, "; it will be retried too soon");
    close(j->fd);
    j->used = 0;
    pq_insert(&ch[j->chan].pq, when, j->id);
}

/* Open message id's job in channel c. The index, or -1 (logged and
 * rescheduled when needed). */
static int job_open(int c, unsigned long id)
{
    char fn[QFILE_NAME], mfn[QFILE_NAME];
    struct sendpend_ent *p;
    struct stat st;
    struct job *j;
    struct qrec r;
    size_t k, pos;
    int x;

    for (k = 0; k < njobs && jobs[k].used; k++)
        ;
    if (k == njobs) { /* cannot happen: njobs covers every slot + 1 */
        pq_insert(&ch[c].pq, now, id);
        return -1;
    }
    j = &jobs[k];
    j->chan = c;
    j->id = id;
    qfile_name(fn, ch[c].name, id);
    if ((p = inmem(id)) != NULL) {
        if (!(p->files & (2U << c))) { /* done in memory already */
            pq_insert(&pqdone, now, id);
            return -1;
        }
        j->fd = -1;
        while (!str_copyb(&j->data, p->mem + p->len[0] + (c ? p->len[1] : 0),
                          p->len[1 + c]) ||
               !str_copyb(&j->sender, p->mem + 1, p->len[0] - 2) ||
               !str_0(&j->sender))
            sendlog_nomem();
        j->birth = p->taken;
        goto got;
    }
    j->fd = open(fn, O_RDWR | O_CLOEXEC);
    if (j->fd == -1) {
        if (errno == ENOENT) { /* already done: see whether all is */
            pq_insert(&pqdone, now, id);
            return -1;
        }
        sendlog_warn("unable to open", fn, "; will try again later");
        pq_insert(&ch[c].pq, now + SLEEP_SYSFAIL, id);
        return -1;
    }
    x = wholefile_readfd(j->fd, &j->data, WHOLEFILE_MAX);
    if (x != 1 || !sendinfo_get(id, &j->sender, &j->birth, now)) {
        if (x != 1)
            sendlog_warn("unable to read", fn, "; will try again later");
        close(j->fd);
        pq_insert(&ch[c].pq, now + SLEEP_SYSFAIL, id);
        return -1;
    }
got:
    j->retry = retry_next(j->birth, now, ch[c].skip);
    j->dying = now > j->birth && (unsigned long)(now - j->birth) > cf.lifetime;
    qfile_name(mfn, "mess", id);
    if (stat(mfn, &st) == -1) {
        sendlog_warn("unable to stat", mfn, "; will try again later");
        if (j->fd != -1)
            close(j->fd);
        pq_insert(&ch[c].pq, j->retry, id);
        return -1;
    }
    j->todo = 0;
    for (pos = 0; (x = qrec_next(j->data.s, j->data.len, &pos, &r)) == 1;)
        if (r.type == 'T')
            j->todo++;
    if (x == -1) {
        sendlog("warning: ", fn, " ends in a truncated record; ignoring it\n",
                NULL);
        j->data.len = r.off;
    }
    j->used = 1;
    j->pos = 0;
    j->inflight = 0;
    j->deferred = j->trouble = j->needsync = 0;
    return (int)k;
}

/* --------------------------------------------------------- deliveries */

static void del_start(int c, int k, const struct qrec *r)
{
    struct chan *cc = &ch[c];
    struct job *j = &jobs[k];
    char a[FMT_ULONG], b[FMT_ULONG];
    unsigned long slot;
    struct del *d;

    for (slot = 0; slot < auto_spawn && cc->d[slot].used; slot++)
        ;
    d = &cc->d[slot]; /* used < concurrency <= auto_spawn: one is free */
    d->used = 1;
    d->job = k;
    d->mpos = r->off;
    d->delid = ++masterdelid;
    j->inflight++;
    cc->used++;
    /* spawn protocol: slot (2 bytes, low first), id, sender, recipient */
    while (!str_catc(&cc->out, (char)(slot & 0xff)) ||
           !str_catc(&cc->out, (char)(slot >> 8)) ||
           !str_catulong(&cc->out, j->id) || !str_catc(&cc->out, '\0') ||
           !verp_sender(&cc->out, j->sender.s, j->sender.len, r->s,
                        r->len) ||
           !str_catc(&cc->out, '\0') || !str_catb(&cc->out, r->s, r->len) ||
           !str_catc(&cc->out, '\0'))
        sendlog_nomem();
    sendlog("starting delivery ", sendlog_num(a, d->delid), ": msg ",
            sendlog_num(b, j->id), " to ", cc->name, " ", NULL);
    sendlog_safe(r->s, r->len);
    sendlog("\n", NULL);
    log_status();
}

/* Start deliveries in channel c while it has room and messages due. */
static void pass_do(int c)
{
    struct chan *cc = &ch[c];
    struct prioq_elt e;
    struct job *j;
    struct qrec r;
    char fn[QFILE_NAME];
    int x;

    while (!exiting && cc->alive && cc->used < cf.concurrency[c]) {
        if (cc->pass == -1) {
            if (!prioq_min(&cc->pq, &e) || e.dt > now)
                return;
            prioq_delmin(&cc->pq);
            cc->pass = job_open(c, e.id);
            continue;
        }
        j = &jobs[cc->pass];
        x = qrec_next(j->data.s, j->data.len, &j->pos, &r);
        if (x == 1 && r.type == 'T') {
            del_start(c, cc->pass, &r);
            continue;
        }
        if (x == 1 && r.type == 'D')
            continue;
        if (x == 1) {
            chan_fn(fn, j);
            sendlog("warning: unknown record type in ", fn, "\n", NULL);
            j->trouble = 1;
        }
        if (j->inflight == 0)
            job_close(cc->pass);
        cc->pass = -1;
    }
}

static void markdone(struct job *j, size_t mpos)
{
    char fn[QFILE_NAME];
    struct sendpend_ent *p;

    j->todo--;
    if (j->fd == -1) {
        p = inmem(j->id);
        if (p != NULL)
            p->mem[p->len[0] + (j->chan ? p->len[1] : 0) + mpos] = 'D';
        return;
    }
    if (pwrite(j->fd, "D", 1, (off_t)mpos) != 1) {
        chan_fn(fn, j);
        sendlog_warn("trouble marking", fn, "; a recipient will get it twice");
        return;
    }
    j->needsync = 1;
}

static const char giving_up[] =
    "Giving up: this message has been in the queue too long.\n";

static void report(int c, unsigned slot, char status, struct str *text)
{
    struct chan *cc = &ch[c];
    char a[FMT_ULONG];
    struct del *d;
    struct job *j;
    const char *recip;

    if (slot >= auto_spawn || !cc->d[slot].used) {
        sendlog("warning: internal error: delivery report out of range\n",
                NULL);
        return;
    }
    d = &cc->d[slot];
    j = &jobs[d->job];
    recip = j->data.s + d->mpos + 1;
    sendlog_num(a, d->delid);
    if (status == 'Z' && j->dying) {
        status = 'D';
        if (text->len > 0 && text->s[text->len - 1] != '\n')
            while (!str_catc(text, '\n'))
                sendlog_nomem();
        while (!str_cats(text, giving_up))
            sendlog_nomem();
    }
    if (status == 'K' || status == 'Z' || status == 'D') {
        sendlog("delivery ", a,
                status == 'K'   ? ": success: "
                : status == 'Z' ? ": deferral: "
                                : ": failure: ",
                NULL);
        sendlog_safe(text->s, text->len);
        sendlog("\n", NULL);
    } else {
        sendlog("delivery ", a, ": report mangled, will defer\n", NULL);
    }
    /* a bounce is written beside the files: they must exist first */
    if (status == 'K' ||
        (status == 'D' && materialize(j->id) &&
         sendbounce_add(&cf.vd, j->id, recip, text->s, text->len)))
        markdone(j, d->mpos);
    else
        j->deferred = 1;
    d->used = 0;
    cc->used--;
    j->inflight--;
    log_status();
}

/* A spawner went away: its deliveries in progress are lost (they are
 * not marked done, so they are tried again after the restart). */
static void spawn_died(int c)
{
    unsigned long slot;

    if (!ch[c].alive)
        return;
    sendlog("alert: lost connection to ", ch[c].prog, "; exiting\n", NULL);
    ch[c].alive = 0;
    exiting = 1;
    exit_code = EXIT_TEMP;
    for (slot = 0; slot < auto_spawn; slot++)
        if (ch[c].d[slot].used) {
            ch[c].d[slot].used = 0;
            jobs[ch[c].d[slot].job].inflight--;
            jobs[ch[c].d[slot].job].deferred = 1;
        }
    ch[c].used = 0;
}

static void read_reports(int c)
{
    struct chan *cc = &ch[c];
    char b[4096];
    ssize_t r;
    size_t i, used;
    int x;

    for (;;) {
        r = read(cc->fdin, b, sizeof b);
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1 && errno == EAGAIN)
            return;
        if (r <= 0) {
            spawn_died(c);
            return;
        }
        for (i = 0; i < (size_t)r; i += used) {
            x = report_parse(&cc->rep, b + i, (size_t)r - i, &used,
                             REPORT_MAX);
            if (x == -1)
                sendlog_nomem();
            if (x == 1) {
                report(c, cc->rep.slot, cc->rep.status, &cc->rep.text);
                report_reset(&cc->rep);
            }
        }
    }
}

static void write_requests(int c)
{
    struct chan *cc = &ch[c];
    ssize_t w;

    while (cc->outpos < cc->out.len) {
        w = write(cc->fdout, cc->out.s + cc->outpos,
                  cc->out.len - cc->outpos);
        if (w == -1 && errno == EINTR)
            continue;
        if (w == -1 && errno == EAGAIN)
            return;
        if (w <= 0) {
            spawn_died(c);
            return;
        }
        cc->outpos += (size_t)w;
    }
    cc->out.len = cc->outpos = 0;
}

/* No delivery of job k runs and none will start now. */
static int closing(size_t k)
{
    return jobs[k].inflight == 0 && ch[jobs[k].chan].pass != (int)k;
}

/* After a round of reports: D marks to disk, then finished jobs closed. */
static void jobs_settle(void)
{
    size_t k;

    for (k = 0; k < njobs; k++)
        if (jobs[k].used && !(closing(k) && job_finished(&jobs[k])))
            job_sync(&jobs[k]);
    for (k = 0; k < njobs; k++)
        if (jobs[k].used && closing(k))
            job_close((int)k);
}

/* ------------------------------------------------------------ bounces */

/* Every channel of message id is done: bounce, end, clean up. */
static void messdone(unsigned long id)
{
    char fn[QFILE_NAME], a[FMT_ULONG];
    struct sendpend_ent *p = sendpend_find(&pend, id);
    struct stat st;
    int c, ok;

    if (p != NULL && p->files == 0)
        goto clean; /* ended; qmail-clean failed the last time */
    if (p != NULL && p->mem != NULL) { /* done from memory: no bounce */
        if (p->files & 6)
            return; /* not done after all */
        sendlog("end msg ", sendlog_num(a, id), "\n", NULL);
        p->files = 0;
        goto clean;
    }
    for (c = 0; c < CHANNELS; c++) {
        qfile_name(fn, ch[c].name, id);
        if (stat(fn, &st) == 0)
            return; /* not done after all: it is in that channel's queue */
        if (errno != ENOENT)
            goto fail;
    }
    qfile_name(fn, "todo", id);
    if (p == NULL && stat(fn, &st) == 0)
        return; /* taken in again from todo/ first */
    if (p == NULL && errno != ENOENT)
        goto fail;
    qfile_name(fn, "info", id);
    if (stat(fn, &st) == -1) {
        if (errno == ENOENT)
            return; /* already ended */
        goto fail;
    }
    if (!sendbounce_inject(&cf, auto_home, id, now))
        goto later;
    sendlog("end msg ", sendlog_num(a, id), "\n", NULL);
    if (unlink(fn) == -1) {
        sendlog_warn("unable to unlink", fn, "; will try again later");
        goto later;
    }
    if (p == NULL) {
        clean_batch('m', &id, 1, &ok);
        return;
    }
    p->files = 0; /* ended: nothing of it to write or commit any more */
clean:
    /* qmail-clean removes todo/ before mess/. Until todo/ is gone a
     * pending message keeps its entry, or todo/ would be taken in and
     * delivered again. */
    clean_batch('m', &id, 1, &ok);
    if (ok)
        sendpend_del(&pend, id);
    else
        pq_insert(&pqdone, now + SLEEP_SYSFAIL, id);
    return;
fail:
    sendlog_warn("unable to stat", fn, "; will try again later");
later:
    pq_insert(&pqdone, now + SLEEP_SYSFAIL, id);
}

/* --------------------------------------------------------------- todo */

static DIR *tododir;
static time_t next_todo;
static int todo_pulled = 1;

/* todo/ entries that failed, not looked at again before their time */
static struct todoskip skips = TODOSKIP_INIT;

/* Commit up to SENDTODO_BATCH pending messages taken at or before
 * time by: their files fsynced, each directory once, then todo/
 * removed by qmail-clean. The number looked at. */
static size_t todo_commit(time_t by)
{
    struct sendpend_ent e[SENDTODO_BATCH];
    struct sendpend_ent *p;
    unsigned long ids[SENDTODO_BATCH];
    int good[SENDTODO_BATCH], ok[SENDTODO_BATCH];
    size_t i, k, m, n, looked;

    looked = sendpend_due(&pend, by, e, SENDTODO_BATCH);
    for (i = n = 0; i < looked; i++) /* not those ended, waiting for a
                                       * clean-up qmail-clean failed */
        if (e[i].files != 0)
            e[n++] = e[i];
    for (i = k = 0; i < n; i++) /* only those written are synced */
        if (materialize(e[i].id))
            e[k++] = e[i];
        else if ((p = sendpend_find(&pend, e[i].id)) != NULL)
            p->taken = now + SLEEP_SYSFAIL; /* todo/ stays; try later */
    n = k;
    if (n == 0)
        return looked;
    sendtodo_sync(e, n, good);
    for (i = m = 0; i < n; i++)
        if (good[i])
            ids[m++] = e[i].id;
    clean_batch('t', ids, m, ok);
    for (i = k = 0; i < n; i++) {
        if (good[i] && ok[k++]) {
            sendpend_del(&pend, e[i].id);
        } else if ((p = sendpend_find(&pend, e[i].id)) != NULL) {
            p->taken = now + SLEEP_SYSFAIL; /* todo/ stays; try later */
        }
    }
    return looked;
}

/* Commit what is due: once a second, the messages taken COMMIT_AFTER
 * seconds ago or earlier; everything when the table is nearly full or
 * all is said and done (by = now + SLEEP_FOREVER, on the way out). */
static time_t next_commit;

static void commit_due(time_t by)
{
    int n;

    if (pend.n >= SENDPEND_MAX - SENDTODO_BATCH && by < now)
        by = now; /* nearly full: make room */
    else if (now < next_commit && by < now)
        return;
    next_commit = now + 1;
    for (n = 0; n < SENDPEND_MAX / SENDTODO_BATCH && pend.n > 0; n++)
        if (todo_commit(by) < SENDTODO_BATCH)
            break;
}

/* Message f was taken: its deliveries start now, todo/ stays. */
static void todo_taken(struct sendtodo *f)
{
    struct sendpend_ent e;
    size_t total = 0;
    int c;

    e.id = f->id;
    e.taken = now;
    e.files = 1;
    for (c = 0; c < 3; c++) {
        e.len[c] = f->part[c].len;
        total += e.len[c];
        if (e.len[c] > 0)
            e.files |= 1U << c;
    }
    while ((e.mem = malloc(total)) == NULL)
        sendlog_nomem();
    for (total = 0, c = 0; c < 3; c++)
        if (e.len[c] > 0) { /* an empty part may have no buffer */
            memcpy(e.mem + total, f->part[c].s, e.len[c]);
            total += e.len[c];
        }
    sendpend_add(&pend, &e); /* todo_do made room */
    for (c = 0; c < CHANNELS; c++)
        if (e.files & (2U << c))
            pq_insert(&ch[c].pq, now, f->id);
    if (!(e.files & 6))
        pq_insert(&pqdone, now, f->id);
}

/* Take up to SENDTODO_BATCH new messages from todo/. */
static void todo_do(void)
{
    static struct sendtodo f; /* its buffers kept for the next */
    struct dirent *d;
    unsigned long id;
    size_t n = 0;
    int x;

    if (exiting)
        return;
    if (tododir == NULL) {
        if (!todo_pulled && now < next_todo)
            return;
        todo_pulled = 0;
        next_todo = now + SLEEP_TODO;
        tododir = opendir("todo");
        if (tododir == NULL) {
            sendlog_warn("unable to open", "todo", "; will try again later");
            next_todo = now + SLEEP_SYSFAIL;
            return;
        }
    }
    while (n < SENDTODO_BATCH && pend.n < SENDPEND_MAX) {
        d = readdir(tododir);
        if (d == NULL) {
            closedir(tododir);
            tododir = NULL;
            break;
        }
        if (!qfile_id(d->d_name, &id) || sendpend_find(&pend, id) != NULL ||
            todoskip_has(&skips, id, d->d_ino, now))
            continue;
        x = sendtodo_take(&f, &cf, id);
        if (x == 1) {
            todo_taken(&f);
            n++;
        } else if (x == -1) {
            todoskip_add(&skips, id, d->d_ino, now + SLEEP_SYSFAIL);
        }
    }
}

/* ------------------------------------------------------------ cleanup */

/* Once a day, a few entries at a time: a mess/ file with neither todo/
 * nor info/, older than OSSIFIED, was left by a qmail-queue that died
 * before linking todo/ (it gives up after a day): remove it. */
static DIR *cleandir;
static unsigned long cleansplit;
static time_t next_cleanup;

static void cleanup_do(void)
{
    char dir[QFILE_NAME], fn[QFILE_NAME];
    struct dirent *d;
    struct stat st;
    unsigned long id;
    int i, ok;

    if (cleandir == NULL) {
        if (now < next_cleanup || exiting)
            return;
        if (cleansplit >= auto_split) {
            cleansplit = 0;
            next_cleanup = now + SLEEP_CLEANUP;
            return;
        }
        qfile_name(dir, "mess", 0);
        dir[5 + fmt_ulong(dir + 5, cleansplit++)] = '\0';
        cleandir = opendir(dir);
        return;
    }
    for (i = 0; i < 100; i++) {
        d = readdir(cleandir);
        if (d == NULL) {
            closedir(cleandir);
            cleandir = NULL;
            return;
        }
        if (!qfile_id(d->d_name, &id))
            continue;
        qfile_name(fn, "mess", id);
        if (stat(fn, &st) == -1 || st.st_mtime + OSSIFIED > now)
            continue;
        qfile_name(fn, "info", id);
        if (stat(fn, &st) == 0 || errno != ENOENT)
            continue;
        qfile_name(fn, "todo", id);
        if (stat(fn, &st) == 0 || errno != ENOENT)
            continue;
        clean_batch('m', &id, 1, &ok);
    }
}

/* ----------------------------------------------------------- controls */

/* SIGHUP: locals, percenthack, virtualdomains and the concurrencies
 * again; on any error the old settings stay. */
static void reread(void)
{
    if (chdir(auto_home) == -1) {
        sendlog("alert: unable to reread controls: unable to switch to ",
                auto_home, ": ", errtext(errno), "\n", NULL);
        return;
    }
    if (!sendctl_reread(&cf))
        sendlog("alert: unable to reread ", cf.bad ? cf.bad : "controls", ": ",
                errtext(errno), "\n", NULL);
    while (chdir("queue") == -1) {
        sendlog("alert: unable to switch back to queue directory: ",
                errtext(errno), "; sleeping\n", NULL);
        buf_flush(&buf_out);
        sleep(10);
    }
    log_status();
}

/* ----------------------------------------------------------- the loop */

static void on_term(int s)
{
    (void)s;
    flag_term = 1;
}

static void on_alrm(int s)
{
    (void)s;
    flag_alrm = 1;
}

static void on_hup(int s)
{
    (void)s;
    flag_hup = 1;
}

static void alert_start(const char *why, const char *what, int sys)
{
    sendlog("alert: cannot start: ", why, what, sys ? ": " : "",
            sys ? errtext(errno) : "", "\n", NULL);
    buf_flush(&buf_out);
    _exit(EXIT_TEMP);
}

static void start(void)
{
    int c, fd;

    if (chdir(auto_home) == -1)
        alert_start("unable to switch to ", auto_home, 1);
    if (!sendctl_read(&cf))
        alert_start("unable to read ", cf.bad, 1);
    if (chdir("queue") == -1)
        alert_start("unable to switch to ", "queue", 1);
    sig_ignore(SIGPIPE);
    sig_default(SIGCHLD);
    sig_catch(SIGTERM, on_term);
    sig_catch(SIGALRM, on_alrm);
    sig_catch(SIGHUP, on_hup);
    /* Blocked except inside ppoll: a signal cannot slip in between
     * looking at the flags and going to sleep. */
    sig_block(SIGTERM);
    sig_block(SIGALRM);
    sig_block(SIGHUP);
    umask(077);
    fd = open("lock/sendmutex", O_WRONLY | O_CLOEXEC);
    if (fd == -1)
        alert_start("unable to open ", "lock/sendmutex", 1);
    if (!lock_exnb(fd))
        alert_start("qmail-send is already running", "", 0);
    for (fd = 3; fd <= 8; fd++) /* not for qmail-queue */
        if (!fd_coe(fd))
            alert_start("descriptors 3 to 8 must be open", "", 0);
    for (c = 0; c < CHANNELS; c++)
        if (!fd_nonblock(ch[c].fdout) || !fd_nonblock(ch[c].fdin))
            alert_start("unable to set up the pipe to ", ch[c].prog, 1);
    njobs = CHANNELS * (auto_spawn + 1);
    jobs = calloc(njobs, sizeof *jobs);
    for (c = 0; c < CHANNELS; c++)
        ch[c].d = calloc(auto_spawn, sizeof *ch[c].d);
    if (jobs == NULL || ch[LOCAL].d == NULL || ch[REMOTE].d == NULL ||
        !sendpend_init(&pend))
        alert_start("out of memory", "", 0);
}

/* The milliseconds poll may sleep: 0 when work is due. */
static int sleep_ms(void)
{
    struct prioq_elt e;
    time_t wake = now + SLEEP_FOREVER;
    int c;

    if (!exiting) {
        if (tododir != NULL || todo_pulled || cleandir != NULL)
            return 0;
        if (next_todo < wake)
            wake = next_todo;
        if (next_cleanup < wake)
            wake = next_cleanup;
        for (c = 0; c < CHANNELS; c++) {
            if (!ch[c].alive || ch[c].used >= cf.concurrency[c])
                continue;
            if (ch[c].pass != -1)
                return 0;
            if (prioq_min(&ch[c].pq, &e) && e.dt < wake)
                wake = e.dt;
        }
    }
    if (prioq_min(&pqdone, &e) && e.dt < wake)
        wake = e.dt;
    if (prioq_min(&pqfail, &e) && e.dt < wake)
        wake = e.dt;
    if (pend.n > 0 && next_commit < wake)
        wake = next_commit;
    if (wake <= now)
        return 0;
    return (int)(wake - now) * 1000 + 500; /* a little past, not before */
}

static void round_due(void)
{
    struct prioq_elt e;
    int c, n;

    for (c = 0; c < CHANNELS; c++)
        pass_do(c);
    if (exiting)
        return;
    for (n = 0; n < 100 && prioq_min(&pqfail, &e) && e.dt <= now; n++) {
        prioq_delmin(&pqfail);
        pqadd(e.id);
    }
    for (n = 0; n < 100 && prioq_min(&pqdone, &e) && e.dt <= now; n++) {
        prioq_delmin(&pqdone);
        messdone(e.id);
    }
    commit_due(now - COMMIT_AFTER);
    todo_do();
    cleanup_do();
}

static void wait_events(int trigger)
{
    struct pollfd p[1 + 2 * CHANNELS];
    struct timespec ts;
    sigset_t empty;
    int n = 0, c, ms, tix = -1, in[CHANNELS], out[CHANNELS];

    if (trigger != -1 && !exiting) {
        tix = n;
        p[n].fd = trigger, p[n++].events = POLLIN;
    }
    for (c = 0; c < CHANNELS; c++) {
        in[c] = out[c] = -1;
        if (!ch[c].alive)
            continue;
        in[c] = n;
        p[n].fd = ch[c].fdin, p[n++].events = POLLIN;
        if (ch[c].out.len > ch[c].outpos) {
            out[c] = n;
            p[n].fd = ch[c].fdout, p[n++].events = POLLOUT;
        }
    }
    ms = sleep_ms();
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    buf_flush(&buf_out);
    sigemptyset(&empty);
    if (ppoll(p, (nfds_t)n, &ts, &empty) <= 0)
        return;
    now = time(NULL);
    for (c = 0; c < CHANNELS; c++) {
        if (out[c] != -1 && p[out[c]].revents)
            write_requests(c);
        if (in[c] != -1 && p[in[c]].revents && ch[c].alive)
            read_reports(c);
    }
    if (tix != -1 && p[tix].revents) {
        trigger_drain(trigger);
        todo_pulled = 1;
    }
}

static int idle(void)
{
    int c;

    for (c = 0; c < CHANNELS; c++)
        if (ch[c].alive && ch[c].used > 0)
            return 0;
    return 1;
}

int main(void)
{
    int trigger, c;
    size_t k;

    progname = "qmail-send";
    now = time(NULL);
    start();
    trigger = trigger_open("lock/trigger");
    if (trigger == -1)
        sendlog("warning: unable to open lock/trigger: ", errtext(errno),
                "; looking at todo/ every ", "1500 seconds\n", NULL);
    sendscan_queue(pqadd);
    log_status();
    for (;;) {
        now = time(NULL);
        if (flag_term && !exiting) {
            exiting = 1;
            log_status();
        }
        flag_term = 0;
        if (flag_alrm) {
            flag_alrm = 0;
            for (c = 0; c < CHANNELS; c++)
                prioq_setall(&ch[c].pq, now);
            prioq_setall(&pqfail, now);
            todoskip_clear(&skips);
            todo_pulled = 1;
        }
        if (flag_hup) {
            flag_hup = 0;
            reread();
        }
        if (exiting && idle())
            break;
        round_due();
        if (exiting && idle())
            break; /* a helper was lost just now */
        for (c = 0; c < CHANNELS; c++)
            if (ch[c].alive && ch[c].out.len > ch[c].outpos)
                write_requests(c);
        wait_events(trigger);
        jobs_settle();
    }
    for (c = 0; c < CHANNELS; c++)
        ch[c].pass = -1;
    for (k = 0; k < njobs; k++)
        if (jobs[k].used)
            job_close((int)k);
    commit_due(now + SLEEP_FOREVER); /* else a restart redoes them */
    sendlog("status: exiting\n", NULL);
    buf_flush(&buf_out);
    return exit_code;
}
