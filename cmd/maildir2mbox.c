/*
 * maildir2mbox - move the messages of a Maildir to the end of an mbox
 * file, for mail readers that know only mbox (qmail 1.03's
 * maildir2mbox(1)).
 *
 * in:   $MAILDIR, the Maildir; $MAIL, the mbox; $MAILTMP, a file name on
 *       the same file system as $MAIL that may be overwritten
 * out:  $MAIL replaced, under its flock lock, by a copy with every
 *       message of new/ and cur/ appended, oldest first, each after a
 *       "From " line (sender from its Return-Path line) with "From "
 *       lines quoted; then the messages are removed from the Maildir
 * exit: 0 done (or nothing to do); 111 a variable is missing or any
 *       step failed, with the Maildir left as it was
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"
#include "env.h"
#include "exitcode.h"
#include "lock.h"
#include "maildirscan.h"
#include "mbox.h"
#include "str.h"
#include "syncdir.h"

static const char *mbox, *mboxtmp, *maildir;
static struct maildirscan md = MAILDIRSCAN_INIT;
static char outspace[BUF_SIZE], inspace[BUF_SIZE];
static struct buf out;
static struct str line = STR_INIT, ufline = STR_INIT;

static void die_write(void) __attribute__((noreturn));
static void die_write(void)
{
    die_sys(EXIT_TEMP, "unable to write to ", mboxtmp, NULL);
}

static void die_readmsg(const char *path) __attribute__((noreturn));
static void die_readmsg(const char *path)
{
    die_sys(EXIT_TEMP, "unable to read $MAILDIR/", path, NULL);
}

static const char *need(const char *name)
{
    const char *v = env_get(name);

    if (v == NULL || *v == '\0')
        die(EXIT_TEMP, name, " is not set", NULL);
    return v;
}

/* The messages, oldest first, listed from inside the Maildir; the
 * directory's fd is returned so that they can be opened from anywhere. */
static int scan(void)
{
    int here, md_fd;

    if ((here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
        die_sys(EXIT_TEMP, "unable to open the current directory", NULL);
    if ((md_fd = open(maildir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
        fchdir(md_fd) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", maildir, NULL);
    maildirscan_clean(time(NULL));
    if (!maildirscan_scan(&md))
        die_sys(EXIT_TEMP, "unable to scan $MAILDIR", NULL);
    /* Back, so relative $MAIL and $MAILTMP mean what they say. */
    if (fchdir(here) == -1)
        die_sys(EXIT_TEMP, "unable to chdir back", NULL);
    close(here);
    return md_fd;
}

/* The sender of a message qmail-local delivered, from its first line
 * "Return-Path: <sender>"; qmail 1.03 wrote "XXX" when there is none. */
static const char *sender_of(struct buf *in, const char *path)
{
    int r = buf_getline(in, &line, '\n', 4096);

    if (r == -1 && errno != E2BIG)
        die_readmsg(path);
    if (r != 1 || line.len < 16 || !str_starts(line.s, "Return-Path: <") ||
        line.s[line.len - 2] != '>')
        return "XXX";
    line.s[line.len - 2] = '\0';
    return line.s + 14;
}

static void append(int md_fd, const struct maildirscan_msg *m)
{
    struct buf in;
    struct stat st;
    time_t t;
    int fd;

    if ((fd = openat(md_fd, m->path, O_RDONLY | O_CLOEXEC)) == -1)
        die_readmsg(m->path);
    buf_init(&in, fd, inspace, sizeof inspace);
    line.len = 0;
    /* The delivery time from the name; the file's time for odd names. */
    t = (time_t)m->time;
    if (t == 0 && fstat(fd, &st) == 0)
        t = st.st_mtime;
    if (!mbox_fromline(&ufline, sender_of(&in, m->path), t))
        die_nomem();
    if (!buf_put(&out, ufline.s, ufline.len))
        die_write();
    if (lseek(fd, 0, SEEK_SET) == -1)
        die_readmsg(m->path);
    buf_init(&in, fd, inspace, sizeof inspace);
    switch (mbox_copy(&in, &out)) {
    case MBOX_OK:
        break;
    case MBOX_READ:
        die_readmsg(m->path);
    default:
        die_write();
    }
    close(fd);
}

/* The old mbox into the new one; its mode goes over too. */
static void copy_old(int to)
{
    struct stat st;
    char b[BUF_SIZE];
    ssize_t r;
    int from;

    if ((from = open(mbox, O_RDONLY | O_CLOEXEC)) == -1)
        die_sys(EXIT_TEMP, "unable to read ", mbox, NULL);
    if (fstat(from, &st) == 0)
        fchmod(to, st.st_mode & 07777);
    while ((r = read(from, b, sizeof b)) != 0) {
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1)
            die_sys(EXIT_TEMP, "unable to read ", mbox, NULL);
        if (!buf_put(&out, b, (size_t)r))
            die_write();
    }
    close(from);
}

int main(void)
{
    int md_fd, lock_fd, new_fd;
    size_t i;

    progname = "maildir2mbox";
    umask(077);
    mbox = need("MAIL");
    mboxtmp = need("MAILTMP");
    maildir = need("MAILDIR");
    md_fd = scan();
    if (md.n == 0)
        return 0;

    /* The lock is taken on $MAIL as every mbox writer takes it (flock),
     * and held until the new file has replaced it. */
    lock_fd = open(mbox, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (lock_fd == -1 || !lock_ex(lock_fd))
        die_sys(EXIT_TEMP, "unable to lock ", mbox, NULL);
    new_fd = open(mboxtmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (new_fd == -1)
        die_sys(EXIT_TEMP, "unable to create ", mboxtmp, NULL);
    buf_init(&out, new_fd, outspace, sizeof outspace);
    copy_old(new_fd);
    for (i = 0; i < md.n; i++)
        append(md_fd, &md.msg[i]);
    if (!buf_flush(&out) || fsync(new_fd) == -1 || close(new_fd) == -1)
        die_write();
    if (rename(mboxtmp, mbox) == -1)
        die_sys(EXIT_TEMP, "unable to move ", mboxtmp, " to ", mbox, NULL);
    /* The rename must be durable before the Maildir copies go
     * (DESIGN.md: a crash may duplicate, never lose). */
    if (!syncdir_of(mbox))
        die_sys(EXIT_TEMP, "unable to sync the directory of ", mbox, NULL);
    close(lock_fd);

    for (i = 0; i < md.n; i++)
        if (unlinkat(md_fd, md.msg[i].path, 0) == -1)
            warn_sys("$MAILDIR/", md.msg[i].path,
                     " will be delivered twice; unable to unlink", NULL);
    return 0;
}
