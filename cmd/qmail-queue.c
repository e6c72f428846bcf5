/*
 * qmail-queue - put one message into the queue for qmail-send.
 * Called by qmail-smtpd, qmail-inject, qmail-local (forwards), qmail-send
 * (bounces) and anything else in the QMAILQUEUE slot. Installed setuid
 * qmailq: it takes nothing from its environment, only auto_home.
 *
 * in:   fd 0 the message; fd 1 the envelope: "F" sender NUL, then
 *       "T" recipient NUL for each recipient, then one more NUL
 * out:  queue/mess/S/ID (our Received line, then the message) and
 *       queue/todo/ID (the envelope, also named queue/intd/ID), both
 *       durable before the exit; then a poke at queue/lock/trigger
 * exit: 0 queued; qmail-queue(8) codes otherwise: 11 address too long,
 *       51 memory, 52 timeout, 53 write, 54 read, 61 home, 62 queue,
 *       63 pid, 64 mess, 65 intd, 66 todo, 81 bug, 91 envelope format.
 *       On a failure before the link into todo/ it removes what it made.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "fmt.h"
#include "qfile.h"
#include "sig.h"
#include "syncdir.h"
#include "trigger.h"

#define ADDR_MAX 1000   /* bytes in one envelope address, NUL excluded */
#define DEADLINE 86400  /* seconds for the whole job, as qmail's alarm */

#ifdef __SANITIZE_ADDRESS__
/* LeakSanitizer cannot inspect a setuid process (it is not dumpable)
 * and would turn every exit into a failure: skip it in ASan builds. */
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
    return getuid() != geteuid();
}
#endif

static char pidfn[QFILE_NAME], messfn[QFILE_NAME], intdfn[QFILE_NAME],
    todofn[QFILE_NAME];
/* What exists and must go if we fail; read by the signal handlers, so
 * cleanup uses nothing but unlink. Once committed is set, the message
 * may be in todo/ and nothing is removed any more. */
static volatile sig_atomic_t made_pid, made_mess, made_intd, committed;

static void cleanup(void)
{
    if (committed)
        return;
    if (made_intd)
        unlink(intdfn);
    if (made_mess)
        unlink(messfn);
    if (made_pid)
        unlink(pidfn);
}

_Noreturn static void fail(int code, const char *what)
{
    cleanup();
    die(code, what, NULL);
}

_Noreturn static void fail_sys(int code, const char *what, const char *fn)
{
    int e = errno;

    cleanup();
    errno = e;
    die_sys(code, what, fn, NULL);
}

static void on_alarm(int sig)
{
    (void)sig;
    cleanup();
    _exit(QQ_TIMEOUT);
}

static void on_bug(int sig)
{
    (void)sig;
    cleanup();
    _exit(QQ_BUG);
}

/* A setuid program must not let a caller's closed fd 2 turn our error
 * messages into message text: fill it with /dev/null. Closed fds 0 and
 * 1 mean there is no message or envelope to read. */
static void fds_check(void)
{
    int fd;

    if (fcntl(0, F_GETFD) == -1 || fcntl(1, F_GETFD) == -1) {
        if (fcntl(2, F_GETFD) == -1)
            _exit(QQ_READ);
        die(QQ_READ, "descriptor 0 or 1 is closed", NULL);
    }
    if (fcntl(2, F_GETFD) == -1) {
        fd = open("/dev/null", O_WRONLY);
        if (fd != 2)
            _exit(QQ_READ);
    }
}

/* "Received: (qmail PID invoked by uid UID); DATE\n", as qmail-queue
 * words it; the network, alias and bounce users are named. */
static size_t received(char *s, pid_t pid, uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    size_t len = fmt_str(s, "Received: (qmail ");

    len += fmt_ulong(s + len, (unsigned long)pid);
    if (pw != NULL && strcmp(pw->pw_name, auto_user_qmaild) == 0) {
        len += fmt_str(s + len, " invoked from network");
    } else if (pw != NULL && strcmp(pw->pw_name, auto_user_alias) == 0) {
        len += fmt_str(s + len, " invoked by alias");
    } else if (pw != NULL && strcmp(pw->pw_name, auto_user_qmails) == 0) {
        len += fmt_str(s + len, " invoked for bounce");
    } else {
        len += fmt_str(s + len, " invoked by uid ");
        len += fmt_ulong(s + len, (unsigned long)uid);
    }
    len += fmt_str(s + len, "); ");
    len += qfile_date(s + len, time(NULL));
    s[len++] = '\n';
    return len;
}

/* pid/PID.TIME.SEQ: unique to this process, on the same filesystem as
 * mess/, so its inode number can become the message id. */
static int pid_open(pid_t pid)
{
    unsigned long seq;
    size_t len;
    int fd;

    for (seq = 1; seq < 10; seq++) {
        len = fmt_str(pidfn, "pid/");
        len += fmt_ulong(pidfn + len, (unsigned long)pid);
        pidfn[len++] = '.';
        len += fmt_ulong(pidfn + len, (unsigned long)time(NULL));
        pidfn[len++] = '.';
        len += fmt_ulong(pidfn + len, seq);
        pidfn[len] = '\0';
        fd = open(pidfn, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  0644);
        if (fd != -1) {
            made_pid = 1;
            return fd;
        }
        if (errno != EEXIST)
            break;
    }
    fail_sys(QQ_TRASH, "unable to create ", pidfn);
}

static int write_all(int fd, const char *s, size_t n)
{
    ssize_t w;

    while (n > 0) {
        w = write(fd, s, n);
        if (w == -1 && errno == EINTR)
            continue;
        if (w == -1)
            return 0;
        s += w;
        n -= (size_t)w;
    }
    return 1;
}

/* The Received line, then fd 0 to its end, into the mess file. */
static void copy_message(int fd, const char *head, size_t headlen)
{
    static char b[65536];
    ssize_t r;

    if (!write_all(fd, head, headlen))
        fail_sys(QQ_WRITE, "unable to write ", messfn);
    for (;;) {
        r = read(0, b, sizeof b);
        if (r == 0)
            return;
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1)
            fail_sys(QQ_READ, "unable to read the message", "");
        if (!write_all(fd, b, (size_t)r))
            fail_sys(QQ_WRITE, "unable to write ", messfn);
    }
}

static char env_getc(struct buf *in)
{
    char c;
    int r = buf_getc(in, &c);

    if (r == 0)
        fail(QQ_READ, "envelope ended before its final NUL");
    if (r == -1)
        fail_sys(QQ_READ, "unable to read the envelope", "");
    return c;
}

static void env_put(struct buf *out, const char *s, size_t n)
{
    if (!buf_put(out, s, n))
        fail_sys(QQ_WRITE, "unable to write ", intdfn);
}

/* One address after its F or T: copied with its NUL. */
static void env_addr(struct buf *in, struct buf *out)
{
    size_t len;
    char c;

    for (len = 0;; len++) {
        c = env_getc(in);
        if (c != '\0' && len == ADDR_MAX)
            fail(QQ_PERM_TOOLONG, "envelope address too long");
        env_put(out, &c, 1);
        if (c == '\0')
            return;
    }
}

/* intd/ID gets "u" uid NUL "p" pid NUL, then the envelope from fd 1
 * as it is checked, without the final NUL (qmail's todo format). */
static void copy_envelope(int fd, pid_t pid, uid_t uid)
{
    static char inmem[BUF_SIZE], outmem[BUF_SIZE];
    struct buf in, out;
    char num[FMT_ULONG + 2], c;
    size_t len;

    buf_init(&in, 1, inmem, sizeof inmem);
    buf_init(&out, fd, outmem, sizeof outmem);
    len = fmt_str(num, "u");
    len += fmt_ulong(num + len, (unsigned long)uid);
    num[len++] = '\0';
    env_put(&out, num, len);
    len = fmt_str(num, "p");
    len += fmt_ulong(num + len, (unsigned long)pid);
    num[len++] = '\0';
    env_put(&out, num, len);
    if ((c = env_getc(&in)) != 'F')
        fail(QQ_ENVELOPE, "envelope does not start with F");
    env_put(&out, &c, 1);
    env_addr(&in, &out);
    while ((c = env_getc(&in)) != '\0') {
        if (c != 'T')
            fail(QQ_ENVELOPE, "envelope recipient does not start with T");
        env_put(&out, &c, 1);
        env_addr(&in, &out);
    }
    if (!buf_flush(&out))
        fail_sys(QQ_WRITE, "unable to write ", intdfn);
}

/* Durability (DESIGN.md): the message, its name in mess/S and the
 * envelope must be on disk before todo/ID appears, and todo/ID itself
 * before we exit 0. intd/ needs no sync: todo/ID names the same inode,
 * and qmail-clean ignores an intd/ID that a crash took away. On ext4
 * the first fsync commits the journal for all three, the next two only
 * flush; the todo/ sync is the second and last commit. */
static void commit(int messfd, int intdfd)
{
    /* Start writing both files before waiting for either: with delayed
     * allocation their blocks then join one journal commit, not two. */
    sync_file_range(messfd, 0, 0, SYNC_FILE_RANGE_WRITE);
    sync_file_range(intdfd, 0, 0, SYNC_FILE_RANGE_WRITE);
    if (fsync(messfd) == -1)
        fail_sys(QQ_WRITE, "unable to sync ", messfn);
    if (fsync(intdfd) == -1)
        fail_sys(QQ_WRITE, "unable to sync ", intdfn);
    if (!syncdir_of(messfn))
        fail_sys(QQ_MESS, "unable to sync the directory of ", messfn);
    committed = 1;
    if (link(intdfn, todofn) == -1) {
        committed = 0;
        fail_sys(QQ_TODO, "unable to link ", todofn);
    }
    /* From here the message may already be delivered: never remove it.
     * A failure now means "maybe queued"; the caller may retry and the
     * message arrive twice, never zero times. */
    if (!syncdir_of(todofn))
        die_sys(QQ_TODO, "unable to sync the directory of ", todofn, NULL);
}

static int intd_open(void)
{
    int fd, flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;

    fd = open(intdfn, flags, 0644);
    /* We hold inode ID, so no live qmail-queue can be writing intd/ID:
     * one there is left over from a crash. */
    if (fd == -1 && errno == EEXIST && unlink(intdfn) == 0)
        fd = open(intdfn, flags, 0644);
    if (fd == -1)
        fail_sys(QQ_INTD, "unable to create ", intdfn);
    made_intd = 1;
    return fd;
}

int main(void)
{
    static char head[200];
    pid_t pid = getpid();
    uid_t uid = getuid();
    struct stat st;
    size_t headlen;
    int messfd, intdfd;

    progname = "qmail-queue";
    fds_check();
    sig_ignore(SIGPIPE);
    sig_ignore(SIGXFSZ); /* a file size limit is a write error, 53 */
    sig_ignore(SIGINT);  /* a caller's ^C shows up as EOF: clean up then */
    sig_ignore(SIGHUP);
    sig_ignore(SIGQUIT);
    sig_catch(SIGALRM, on_alarm);
    sig_catch(SIGSEGV, on_bug);
    sig_catch(SIGBUS, on_bug);
    sig_catch(SIGILL, on_bug);
    sig_catch(SIGFPE, on_bug);
    alarm(DEADLINE);
    umask(033);
    headlen = received(head, pid, uid);

    if (chdir(auto_home) == -1)
        die_sys(QQ_HOME, "unable to chdir to ", auto_home, NULL);
    if (chdir("queue") == -1)
        die_sys(QQ_QUEUE, "unable to chdir to ", auto_home, "/queue", NULL);
    messfd = pid_open(pid);
    if (fstat(messfd, &st) == -1)
        fail_sys(QQ_TRASH, "unable to stat ", pidfn);
    qfile_name(messfn, "mess", (unsigned long)st.st_ino);
    qfile_name(intdfn, "intd", (unsigned long)st.st_ino);
    qfile_name(todofn, "todo", (unsigned long)st.st_ino);
    if (link(pidfn, messfn) == -1)
        fail_sys(QQ_MESS, "unable to link ", messfn);
    made_mess = 1;
    if (unlink(pidfn) == -1)
        fail_sys(QQ_TRASH, "unable to remove ", pidfn);
    made_pid = 0;

    copy_message(messfd, head, headlen);
    intdfd = intd_open();
    copy_envelope(intdfd, pid, uid);
    commit(messfd, intdfd);
    trigger_pull("lock/trigger");
    return QQ_OK;
}
