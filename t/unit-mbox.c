/* unit-mbox: From lines, ">From " quoting across buffer boundaries,
 * the blank line at the end, delivery with locking and cutting back. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lock.h"
#include "mbox.h"
#include "unit.h"

static char dir[] = "/tmp/quail-unit-mbox-XXXXXX";

static int tmpfile_with(const char *s, size_t n)
{
    char t[] = "/tmp/quail-unit-mbox-msg-XXXXXX";
    int fd = mkstemp(t);

    if (fd == -1)
        exit(1);
    unlink(t);
    if (write(fd, s, n) != (ssize_t)n)
        exit(1);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* mbox_copy through buffers of size bs, into a string. */
static const char *copy(const char *s, size_t bs, enum mbox_result *r)
{
    static struct str out;
    char ispace[64], ospace[64];
    struct buf in, o;
    int fd = tmpfile_with(s, strlen(s));
    int ofd = tmpfile_with("", 0);
    char b[4096];
    ssize_t n;

    buf_init(&in, fd, ispace, bs);
    buf_init(&o, ofd, ospace, bs);
    *r = mbox_copy(&in, &o);
    buf_flush(&o);
    lseek(ofd, 0, SEEK_SET);
    out.len = 0;
    while ((n = read(ofd, b, sizeof b)) > 0)
        str_catb(&out, b, (size_t)n);
    str_0(&out);
    close(fd);
    close(ofd);
    return out.s;
}

static const struct {
    const char *in, *out;
} cases[] = {
    { "", "\n" },
    { "a\n", "a\n\n" },
    { "no newline", "no newline\n\n" },
    { "From me\n", ">From me\n\n" },
    { "x\nFrom me\nFrom\nFromage\n", "x\n>From me\nFrom\nFromage\n\n" },
    { ">From x\n>>From y\n> From z\n", ">>From x\n>>>From y\n> From z\n\n" },
    { "a From b\n", "a From b\n\n" },
    { ">>>", ">>>\n\n" },
    { "From", "From\n\n" },
    { "From ", ">From \n\n" },
    { ">\n>F\n", ">\n>F\n\n" },
    { "\n\nFrom x", "\n\n>From x\n\n" },
};

int main(void)
{
    static struct str fn, from;
    size_t i, n = sizeof cases / sizeof cases[0], bs;
    enum mbox_result r;
    struct stat st;
    int fd, lfd, all;
    pid_t holder;
    char b[256];

    plan(17 + 2 * (int)n);
    alarm(30);

    for (i = 0; i < n; i++) {
        const char *got = copy(cases[i].in, 64, &r);
        is_mem(got, strlen(got), cases[i].out, "mbox_copy");
        all = 1;
        for (bs = 1; bs < 12; bs++)
            all &= strcmp(copy(cases[i].in, bs, &r), cases[i].out) == 0 &&
                   r == MBOX_OK;
        ok(all, "same result with every small buffer size");
    }
    ok(mbox_needquote("From x", 6) && mbox_needquote(">>From ", 7) &&
           !mbox_needquote("From", 4) && !mbox_needquote(" From ", 6),
       "mbox_needquote");

    ok(mbox_fromline(&from, "joe@x", 1763903396) &&
           strcmp(from.s, "From joe@x Sun Nov 23 13:09:56 2025\n") == 0,
       "From line with asctime date");
    ok(mbox_fromline(&from, "a\tb c", 0) &&
           strcmp(from.s, "From a-b-c Thu Jan  1 00:00:00 1970\n") == 0,
       "blanks in the sender become dashes");

    if (mkdtemp(dir) == NULL)
        return 1;
    str_copys(&fn, dir);
    str_cats(&fn, "/mbox");
    str_0(&fn);
    fd = tmpfile_with("Subject: x\n\nFrom here\n", 22);
    is_num(mbox_deliver(fn.s, fd, "H\n", 2, 1), MBOX_OK, "deliver");
    lseek(fd, 0, SEEK_SET);
    is_num(mbox_deliver(fn.s, fd, "H\n", 2, 1), MBOX_OK, "deliver again");
    {
        int rfd = open(fn.s, O_RDONLY);
        ssize_t got = read(rfd, b, sizeof b);
        close(rfd);
        is_mem(b, got > 0 ? (size_t)got : 0,
               "H\nSubject: x\n\n>From here\n\nH\nSubject: x\n\n>From here\n\n",
               "appended twice, quoted, blank line after each");
    }
    ok(stat(fn.s, &st) == 0 && (st.st_mode & 0777) == 0600,
       "created mode 0600");

    /* Someone else holds the lock: give up after the wait. */
    lfd = open(fn.s, O_RDWR);
    if (lfd == -1 || (holder = fork()) == 0) {
        /* A separate open file description in the child holds it. */
        int cfd = open(fn.s, O_RDWR);
        if (cfd == -1 || !lock_ex(cfd))
            _exit(1);
        sleep(10);
        _exit(0);
    }
    usleep(300000);
    lseek(fd, 0, SEEK_SET);
    is_num(mbox_deliver(fn.s, fd, "H\n", 2, 1), MBOX_LOCKED,
           "locked for longer than the wait: MBOX_LOCKED");
    stat(fn.s, &st);
    is_num((long)st.st_size, 52, "nothing written while locked");
    kill(holder, SIGKILL);
    waitpid(holder, NULL, 0);

    /* A read error: the file is cut back to its old size. */
    {
        int wfd = open(fn.s, O_WRONLY); /* not readable as a message */
        is_num(mbox_deliver(fn.s, wfd, "H\n", 2, 5), MBOX_READ,
               "unreadable message: MBOX_READ");
        close(wfd);
    }
    stat(fn.s, &st);
    is_num((long)st.st_size, 52, "cut back after the failure");

    is_num(mbox_deliver("/nonexistent/dir/mbox", fd, "H\n", 2, 1),
           MBOX_OPEN, "cannot create: MBOX_OPEN");
    ok(errno == ENOENT, "with errno");

    /* The mbox is replaced (renamed over, as maildir2mbox does) while
     * we wait for its lock: the message must land in the new file, not
     * in the unlinked one we opened first. */
    {
        struct str fn2 = STR_INIT, tmp = STR_INIT;
        ssize_t got;
        int rfd;

        str_copys(&fn2, dir), str_cats(&fn2, "/replaced"), str_0(&fn2);
        str_copyb(&tmp, fn2.s, fn2.len), str_cats(&tmp, ".new"), str_0(&tmp);
        rfd = open(fn2.s, O_WRONLY | O_CREAT, 0600);
        close(rfd);
        if ((holder = fork()) == 0) {
            int cfd = open(fn2.s, O_RDWR), nfd;
            if (cfd == -1 || !lock_ex(cfd))
                _exit(1);
            usleep(500000);
            nfd = open(tmp.s, O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (nfd == -1 || write(nfd, "NEW\n", 4) != 4 ||
                rename(tmp.s, fn2.s) == -1)
                _exit(1);
            _exit(0); /* the lock on the old file goes with us */
        }
        usleep(100000);
        lseek(fd, 0, SEEK_SET);
        is_num(mbox_deliver(fn2.s, fd, "H\n", 2, 5), MBOX_OK,
               "delivery after the mbox was replaced");
        waitpid(holder, NULL, 0);
        rfd = open(fn2.s, O_RDONLY);
        got = rfd == -1 ? -1 : read(rfd, b, sizeof b);
        close(rfd);
        ok(got > 4 && memcmp(b, "NEW\nH\n", 6) == 0,
           "the message is in the file that now has the name");
        ok(unlink(fn2.s) == 0, "replaced file removed");
        str_free(&fn2);
        str_free(&tmp);
    }

    ok(unlink(fn.s) == 0 && rmdir(dir) == 0, "cleaned up");
    close(lfd);
    return done_testing();
}
