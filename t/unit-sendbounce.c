/* unit-sendbounce: bounce paragraphs appended durably to bounce/ID, and
 * their injection: to the sender, to doublebounceto for a bounce of a
 * bounce, discarded after that; bounce/ID removed when done. A shell
 * script stands in for bin/qmail-queue. Runs in a fresh mkdtemp dir. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "qsbmf.h"
#include "sendbounce.h"
#include "sendctl.h"
#include "sendlog.h"
#include "str.h"
#include "unit.h"
#include "vdomain.h"
#include "wholefile.h"

static void put(const char *fn, const char *s, size_t n, int mode)
{
    int fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, mode);

    if (fd == -1 || write(fd, s, n) != (ssize_t)n)
        abort();
    close(fd);
}

static void set(struct str *x, const char *s)
{
    if (!str_copys(x, s) || !str_0(x))
        abort();
}

static int has(const struct str *x, const char *s)
{
    return memmem(x->s, x->len, s, strlen(s)) != NULL;
}

int main(void)
{
    static char mem[1024];
    struct buf b = BUF_INIT(-1, mem, sizeof mem);
    char tmpl[] = "/tmp/unit-sendbounce.XXXXXX";
    static struct sendctl cf = SENDCTL_INIT; /* reachable: quiet LSan */
    struct str x = STR_INIT, want = STR_INIT, empty = STR_INIT;
    struct stat st;

    plan(15);
    /* as in qmail-send: a qmail-queue that dies early is an error to
     * report, not a signal that kills us */
    signal(SIGPIPE, SIG_IGN);
    sendlog_to = &b;
    if (mkdtemp(tmpl) == NULL || chdir(tmpl) == -1 || mkdir("q", 0700) ||
        chdir("q") || mkdir("bounce", 0700) || mkdir("info", 0700) ||
        mkdir("info/0", 0700) || mkdir("mess", 0700) ||
        mkdir("mess/0", 0700) || mkdir("../bin", 0700))
        abort();
    put("../bin/qmail-queue", "#!/bin/sh\ncat > ../msg && cat <&1 > ../env\n",
        44, 0700);
    if (!vdomain_init(&cf.vd, &empty, &empty, &empty))
        abort();
    set(&cf.bouncefrom, "MAILER-DAEMON");
    set(&cf.bouncehost, "mx.example.org");
    set(&cf.doublebounceto, "postmaster");
    set(&cf.doublebouncehost, "mx.example.org");

    ok(sendbounce_add(&cf.vd, 23, "joe@example.org", "No mailbox.", 11),
       "first paragraph added");
    ok(sendbounce_add(&cf.vd, 23, "ann@example.org", "Full.", 5),
       "second paragraph appended");
    if (!qsbmf_recipient(&want, "joe@example.org", 15, "No mailbox.", 11) ||
        !qsbmf_recipient(&want, "ann@example.org", 15, "Full.", 5))
        abort();
    ok(wholefile_read("bounce/23", &x, &st, 100000) == 1 &&
           x.len == want.len && memcmp(x.s, want.s, x.len) == 0 &&
           (st.st_mode & 0777) == 0600,
       "bounce/23 holds both QSBMF paragraphs, mode 0600");

    ok(sendbounce_inject(&cf, "..", 46, 100) == 1 && b.n == 0,
       "no bounce file: nothing to do");

    put("info/0/23", "Fsender@example.net\0", 20, 0600);
    put("mess/0/23", "Subject: hi\n\nbody\n", 18, 0600);
    ok(sendbounce_inject(&cf, "..", 23, 100) == 1, "bounce injected");
    ok(stat("bounce/23", &st) == -1, "bounce/23 removed");
    ok(wholefile_read("../env", &x, &st, 1000) == 1 && x.len == 23 &&
           memcmp(x.s, "F\0Tsender@example.net\0\0", 23) == 0,
       "null sender, to the message's sender");
    ok(wholefile_read("../msg", &x, &st, 100000) == 1 &&
           has(&x, "From: MAILER-DAEMON@mx.example.org\n") &&
           has(&x, "To: sender@example.net\n") &&
           has(&x, "<joe@example.org>:\nNo mailbox.\n") &&
           has(&x, "\nSubject: hi\n\nbody\n"),
       "message: head, paragraphs, original");
    ok(b.n > 18 && memcmp(b.x, "bounce msg 23 qp ", 17) == 0 &&
           b.x[b.n - 1] == '\n',
       "logged with qmail-queue's pid");

    b.n = 0;
    put("info/0/23", "F\0", 2, 0600);
    if (!sendbounce_add(&cf.vd, 23, "joe@example.org", "x", 1))
        abort();
    ok(sendbounce_inject(&cf, "..", 23, 100) == 1 &&
           wholefile_read("../env", &x, &st, 1000) == 1 && x.len == 34 &&
           memcmp(x.s, "F#@[]\0Tpostmaster@mx.example.org\0\0", 34) == 0,
       "double bounce: from #@[] to doublebounceto@doublebouncehost");

    b.n = 0;
    set(&cf.doublebounceto, "");
    if (!sendbounce_add(&cf.vd, 23, "joe@example.org", "x", 1))
        abort();
    ok(sendbounce_inject(&cf, "..", 23, 100) == 1 &&
           stat("bounce/23", &st) == -1,
       "double bounce, doublebounceto empty: discarded");
    is_mem(b.x, b.n, "double bounce: discarding bounce/23\n", "logged");

    b.n = 0;
    put("info/0/23", "F#@[]\0", 6, 0600);
    if (!sendbounce_add(&cf.vd, 23, "joe@example.org", "x", 1))
        abort();
    ok(sendbounce_inject(&cf, "..", 23, 100) == 1 &&
           stat("bounce/23", &st) == -1,
       "triple bounce discarded");
    is_mem(b.x, b.n, "triple bounce: discarding bounce/23\n", "logged");

    b.n = 0;
    if (!sendbounce_add(&cf.vd, 23, "joe@example.org", "x", 1))
        abort();
    put("info/0/23", "Fa@b\0", 5, 0600);
    if (chmod("../bin/qmail-queue", 0600) == -1)
        abort();
    ok(sendbounce_inject(&cf, "..", 23, 100) == 0 &&
           stat("bounce/23", &st) == 0,
       "qmail-queue fails: kept for later");
    str_free(&x);
    str_free(&want);
    if (chdir("/") == -1)
        return 1;
    {
        struct str cmd = STR_INIT;
        if (!str_copys(&cmd, "rm -rf ") || !str_cats(&cmd, tmpl) ||
            !str_0(&cmd) || system(cmd.s) != 0)
            return 1;
        str_free(&cmd);
    }
    return done_testing();
}
