/* spawn.c - the spawner loop of qmail-lspawn and qmail-rspawn.
 *
 * One poll() loop watches fd 0 (requests from qmail-send), fd 1 (when
 * reports are waiting to be written), a self-pipe that the SIGCHLD
 * handler writes to, and the output pipe of every running child. Every
 * descriptor is non-blocking, so a slow qmail-send or a chatty child
 * never stops the other deliveries, and reports are queued in memory
 * (at most auto_spawn of them, each bounded) until fd 1 takes them.
 *
 * A delivery is reported when its child has exited: whatever it wrote
 * before exiting is already in the pipe and is drained then. Waiting for
 * the pipe to close instead would hang on a program run by a .qmail file
 * that left a background process holding the pipe open. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auto.h"
#include "die.h"
#include "errtext.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "scan.h"
#include "sig.h"
#include "spawn.h"
#include "wait.h"

/* Request states: 0 and 1 read the slot bytes, 2..4 the three fields. */
enum { ST_SLOT0, ST_SLOT1, ST_ID, ST_SENDER, ST_RECIP };

static struct str *req_field(struct spawn_req *r)
{
    if (r->state == ST_ID)
        return &r->id;
    if (r->state == ST_SENDER)
        return &r->sender;
    return &r->recip;
}

static void req_finish(struct spawn_req *r)
{
    if (r->error == 0 &&
        !(str_0(&r->id) && str_0(&r->sender) && str_0(&r->recip)))
        r->error = ENOMEM;
}

int spawn_req_parse(struct spawn_req *r, const char *b, size_t n,
                    size_t *used)
{
    struct str *f;
    size_t i = 0, k;

    while (i < n) {
        if (r->state == ST_SLOT0) {
            r->slot = (unsigned char)b[i++];
            r->state = ST_SLOT1;
            continue;
        }
        if (r->state == ST_SLOT1) {
            r->slot |= (unsigned)(unsigned char)b[i++] << 8;
            r->state = ST_ID;
            continue;
        }
        f = req_field(r);
        k = str_chr(b + i, n - i, '\0');
        /* f->len never exceeds SPAWN_FIELD_MAX, so this cannot wrap.
         * After an error nothing more is stored, only skipped. */
        if (r->error == 0) {
            if (k > SPAWN_FIELD_MAX - f->len)
                r->error = E2BIG;
            else if (!str_catb(f, b + i, k))
                r->error = ENOMEM;
        }
        i += k;
        if (i == n)
            break;
        i++; /* the NUL ending the field */
        if (r->state != ST_RECIP) {
            r->state++;
            continue;
        }
        req_finish(r);
        *used = i;
        return 1;
    }
    *used = i;
    return 0;
}

void spawn_req_reset(struct spawn_req *r)
{
    r->slot = 0;
    r->id.len = r->sender.len = r->recip.len = 0;
    r->state = ST_SLOT0;
    r->error = 0;
}

void spawn_req_free(struct spawn_req *r)
{
    str_free(&r->id);
    str_free(&r->sender);
    str_free(&r->recip);
    spawn_req_reset(r);
}

void spawn_child_fail(int code, const char *s, ...)
{
    va_list ap;
    size_t len, done;
    ssize_t w;

    va_start(ap, s);
    for (; s != NULL; s = va_arg(ap, const char *))
        for (len = strlen(s), done = 0; done < len; done += (size_t)w) {
            w = write(1, s + done, len - done);
            if (w == -1 && errno == EINTR) {
                w = 0;
                continue;
            }
            if (w <= 0)
                break;
        }
    va_end(ap);
    _exit(code);
}

/* ---- the loop ---- */

struct kid {
    pid_t pid; /* 0: the slot is free */
    int fd;    /* read end of the output pipe; -1 once closed */
    int exited;
    int status;
    struct str text;
};

static struct kid *kids;    /* auto_spawn of them, indexed by slot */
static unsigned long running;
static struct str out = STR_INIT; /* reports not yet written */
static size_t outdone;
static int outbroken; /* fd 1 failed: qmail-send is gone */
static int selfpipe[2];

static void sigchld(int sig)
{
    int saved = errno;
    ssize_t r;

    (void)sig;
    r = write(selfpipe[1], "", 1); /* full pipe: a wakeup is pending */
    (void)r;
    errno = saved;
}

/* Text may hold any byte but NUL, which ends it: a NUL the child
 * printed becomes '?'. */
static void report(unsigned slot, char result, const char *text, size_t len)
{
    size_t i, need;

    if (outbroken)
        return;
    if (__builtin_add_overflow(len, 4, &need) || !str_reserve(&out, need))
        die_nomem();
    out.s[out.len++] = (char)(slot & 255);
    out.s[out.len++] = (char)(slot >> 8 & 255);
    out.s[out.len++] = result;
    for (i = 0; i < len; i++)
        out.s[out.len++] = text[i] == '\0' ? '?' : text[i];
    out.s[out.len++] = '\0';
}

static void defer(unsigned slot, const char *text)
{
    report(slot, 'Z', text, strlen(text));
}

static void defer_sys(unsigned slot, const char *what)
{
    struct str t = STR_INIT;

    if (!str_cats(&t, what) || !str_cats(&t, ": ") ||
        !str_cats(&t, errtext(errno)) || !str_cats(&t, ". (#4.3.0)"))
        die_nomem();
    report(slot, 'Z', t.s, t.len);
    str_free(&t);
}

static void flush_out(void)
{
    ssize_t w;

    while (outdone < out.len) {
        w = write(1, out.s + outdone, out.len - outdone);
        if (w == -1) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            warn_sys("unable to write reports", NULL);
            outbroken = 1;
            break;
        }
        outdone += (size_t)w;
    }
    out.len = outdone = 0;
}

/* In the child: the message on 0, the pipe on 1 and 2, and the signal
 * dispositions a program expects (an ignored SIGPIPE survives exec). */
static void child_setup(int msg, int pipefd)
{
    sig_default(SIGCHLD);
    sig_default(SIGPIPE);
    close(selfpipe[0]);
    close(selfpipe[1]);
    if (!fd_move(0, msg) || !fd_copy(1, pipefd) || !fd_copy(2, pipefd))
        spawn_child_fail(EXIT_TEMP, "Unable to set up descriptors. (#4.3.0)",
                         NULL);
    close(pipefd);
}

/* Why a request cannot be started, or NULL when it can. */
static const char *refuse(const struct spawn_req *r, unsigned long *id)
{
    if (r->error)
        return r->error == E2BIG ? "Delivery request too long. (#4.3.0)"
                                 : "Out of memory in the spawner. (#4.3.0)";
    if (r->slot >= auto_spawn)
        return "Internal error: delivery slot out of range. (#4.3.0)";
    if (kids[r->slot].pid != 0)
        return "Internal error: delivery slot is busy. (#4.3.0)";
    if (!scan_ulong_all(r->id.s, id))
        return "Internal error: bad message id. (#4.3.0)";
    return NULL;
}

static void start(const struct spawn_prog *p, struct spawn_req *r)
{
    unsigned long id;
    char fn[2 * FMT_ULONG + 2];
    const char *why;
    size_t len;
    int msg, pi[2];
    pid_t pid;
    struct kid *k;

    if ((why = refuse(r, &id)) != NULL) {
        defer(r->slot, why);
        return;
    }
    len = fmt_ulong(fn, id % auto_split);
    fn[len++] = '/';
    len += fmt_ulong(fn + len, id);
    fn[len] = '\0';
    if ((msg = open(fn, O_RDONLY | O_CLOEXEC)) == -1) {
        defer_sys(r->slot, "Unable to open message file");
        return;
    }
    if (pipe2(pi, O_CLOEXEC) == -1) {
        defer_sys(r->slot, "Unable to create a pipe");
        close(msg);
        return;
    }
    if ((pid = fork()) == -1) {
        defer_sys(r->slot, "Unable to fork");
        close(msg);
        close(pi[0]);
        close(pi[1]);
        return;
    }
    if (pid == 0) {
        child_setup(msg, pi[1]);
        p->child(r->sender.s, r->recip.s);
        _exit(EXIT_TEMP);
    }
    close(msg);
    close(pi[1]);
    fd_nonblock(pi[0]);
    k = &kids[r->slot];
    k->pid = pid;
    k->fd = pi[0];
    k->exited = 0;
    k->text.len = 0;
    running++;
}

/* Read what the child wrote, keeping the first SPAWN_TEXT_MAX bytes.
 * With all set, read until the pipe is empty (bounded, in case a
 * leftover grandchild keeps writing); otherwise read once, so one
 * chatty child cannot starve the loop. */
static void kid_read(struct kid *k, int all)
{
    char b[4096];
    size_t keep, budget = 1 << 20;
    ssize_t r;

    while (k->fd != -1) {
        r = read(k->fd, b, sizeof b);
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (r <= 0) {
            close(k->fd);
            k->fd = -1;
            return;
        }
        keep = SPAWN_TEXT_MAX - k->text.len;
        if (keep > (size_t)r)
            keep = (size_t)r;
        if (keep > 0) /* out of memory: report the text we have */
            (void)str_catb(&k->text, b, keep);
        if (!all || budget <= (size_t)r)
            return;
        budget -= (size_t)r;
    }
}

static void kid_done(const struct spawn_prog *p, unsigned slot)
{
    struct kid *k = &kids[slot];
    char result;

    kid_read(k, 1);
    if (k->fd != -1) {
        close(k->fd);
        k->fd = -1;
    }
    result = p->result(k->status, &k->text);
    report(slot, result, k->text.s, k->text.len);
    k->pid = 0;
    running--;
}

static void reap(void)
{
    pid_t pid;
    int status;
    unsigned long i;

    while ((pid = wait_nohang(&status)) > 0)
        for (i = 0; i < auto_spawn; i++)
            if (kids[i].pid == pid) {
                kids[i].exited = 1;
                kids[i].status = status;
                break;
            }
}

/* 1 while fd 0 is open, 0 at its end. */
static int read_requests(const struct spawn_prog *p, struct spawn_req *r)
{
    char b[8192];
    ssize_t n;
    size_t off = 0, used;

    n = read(0, b, sizeof b);
    if (n == -1) {
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
            return 1;
        warn_sys("unable to read requests", NULL);
        return 0;
    }
    if (n == 0) {
        if (r->state != ST_SLOT0)
            warn("request cut short by the end of input; ignored", NULL);
        return 0;
    }
    while (off < (size_t)n) {
        if (spawn_req_parse(r, b + off, (size_t)n - off, &used)) {
            start(p, r);
            spawn_req_reset(r);
        }
        off += used;
    }
    return 1;
}

static void setup(void)
{
    int fd;

    /* fds 0, 1 and 2 must be taken, or a message or pipe could land on
     * one of them and be clobbered in the child. */
    do
        if ((fd = open("/dev/null", O_RDWR)) == -1)
            die_sys(EXIT_TEMP, "unable to open /dev/null", NULL);
    while (fd <= 2);
    close(fd);
    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to switch to ", auto_home, NULL);
    if (chdir("queue/mess") == -1)
        die_sys(EXIT_TEMP, "unable to switch to ", auto_home, "/queue/mess",
                NULL);
    if ((kids = calloc(auto_spawn, sizeof *kids)) == NULL)
        die_nomem();
    if (pipe2(selfpipe, O_CLOEXEC | O_NONBLOCK) == -1)
        die_sys(EXIT_TEMP, "unable to create a pipe", NULL);
    sig_catch(SIGCHLD, sigchld);
    sig_ignore(SIGPIPE);
    if (!fd_nonblock(0) || !fd_nonblock(1))
        die_sys(EXIT_TEMP, "unable to make fds 0 and 1 non-blocking", NULL);
}

void spawn_main(const struct spawn_prog *p)
{
    struct spawn_req req = SPAWN_REQ_INIT;
    struct pollfd *pfd;
    unsigned long *which, i;
    nfds_t n, j;
    int in_open = 1;
    char b[64];

    setup();
    if ((pfd = calloc(auto_spawn + 3, sizeof *pfd)) == NULL ||
        (which = calloc(auto_spawn + 3, sizeof *which)) == NULL)
        die_nomem();
    for (;;) {
        flush_out();
        if (!in_open && running == 0 && outdone == out.len)
            break;
        n = 0;
        pfd[n++] = (struct pollfd){ selfpipe[0], POLLIN, 0 };
        pfd[n++] = (struct pollfd){ in_open ? 0 : -1, POLLIN, 0 };
        pfd[n++] = (struct pollfd){ outdone < out.len ? 1 : -1, POLLOUT, 0 };
        for (i = 0; i < auto_spawn; i++)
            if (kids[i].pid != 0 && kids[i].fd != -1) {
                which[n] = i;
                pfd[n++] = (struct pollfd){ kids[i].fd, POLLIN, 0 };
            }
        if (poll(pfd, n, -1) == -1) {
            if (errno == EINTR)
                continue;
            die_sys(EXIT_TEMP, "unable to poll", NULL);
        }
        while (read(selfpipe[0], b, sizeof b) > 0)
            ;
        reap();
        for (j = 3; j < n; j++)
            if (pfd[j].revents)
                kid_read(&kids[which[j]], 0);
        for (i = 0; i < auto_spawn; i++)
            if (kids[i].pid != 0 && kids[i].exited)
                kid_done(p, (unsigned)i);
        if (in_open && pfd[1].revents)
            in_open = read_requests(p, &req);
    }
    spawn_req_free(&req);
    _exit(EXIT_OK);
}
