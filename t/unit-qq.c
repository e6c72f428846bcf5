/* unit-qq: talking to a stand-in qmail-queue (a shell script that saves
 * its fds 0 and 1 and exits with a chosen code), and qmail's texts for
 * qmail-queue's exit codes. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "qq.h"
#include "str.h"
#include "unit.h"

static int is_str(const char *got, const char *want, const char *name)
{
    return is_mem(got, strlen(got), want, name);
}

static char dir[] = "/tmp/quail-unit-qq-XXXXXX";
static struct str path, msg, env;

static void fake(int code)
{
    struct str s = STR_INIT;
    int fd;

    str_copys(&s, "#!/bin/sh\ncat > ");
    str_cats(&s, dir);
    str_cats(&s, "/msg\ncat <&1 > ");
    str_cats(&s, dir);
    str_cats(&s, "/env\nexit ");
    str_catulong(&s, (unsigned long)code);
    str_catc(&s, '\n');
    fd = open(path.s, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (fd == -1 || write(fd, s.s, s.len) != (ssize_t)s.len)
        exit(1);
    close(fd);
    str_free(&s);
}

static void slurp(struct str *out, const char *name)
{
    struct str fn = STR_INIT;
    char b[512];
    ssize_t n;
    int fd;

    str_copys(&fn, dir);
    str_catc(&fn, '/');
    str_cats(&fn, name);
    str_0(&fn);
    out->len = 0;
    if ((fd = open(fn.s, O_RDONLY)) == -1)
        return;
    while ((n = read(fd, b, sizeof b)) > 0)
        str_catb(out, b, (size_t)n);
    close(fd);
    unlink(fn.s);
    str_free(&fn);
}

static const char *inject(int code, int fail_it)
{
    static struct qq q;

    fake(code);
    if (!qq_open(&q, path.s))
        return "open failed";
    qq_puts(&q, "Subject: hi\n\nbody\n");
    if (fail_it)
        qq_fail(&q);
    qq_from(&q, "a@b");
    qq_to(&q, "c@d");
    qq_to(&q, "e@f");
    return qq_close(&q);
}

int main(void)
{
    int fd;

    plan(21);
    alarm(20);
    signal(SIGPIPE, SIG_IGN);
    if (mkdtemp(dir) == NULL)
        return 1;
    str_copys(&path, dir);
    str_cats(&path, "/qq");
    str_0(&path);

    is_str(inject(0, 0), "", "exit 0: queued, empty text");
    slurp(&msg, "msg");
    slurp(&env, "env");
    is_mem(msg.s, msg.len, "Subject: hi\n\nbody\n", "message on fd 0");
    ok(env.len == 16 && memcmp(env.s, "Fa@b\0Tc@d\0Te@f\0\0", 16) == 0,
       "envelope on fd 1: F, T, T, final NUL");

    is_str(inject(0, 1), "Zunable to read message (#4.3.0)",
           "qq_fail: temporary, whatever qmail-queue says");
    slurp(&env, "env");
    is_num((long)env.len, 0, "qq_fail: no envelope is written at all");
    slurp(&msg, "msg");

    is_str(inject(31, 0),
           "Dmail server permanently rejected message (#5.3.0)",
           "31: permanent refusal");
    is_str(inject(53, 0), "Zqq write error or disk full (#4.3.0)",
           "53: disk full, temporary");

    /* A queue program that cannot be run. */
    unlink(path.s);
    {
        static struct qq q;
        ok(qq_open(&q, path.s), "open of a missing program still forks");
        qq_from(&q, "");
        is_str(qq_close(&q), "Zunable to exec qq (#4.3.0)",
               "exec failure: qmail's code 120, temporary");
    }

    is_str(qq_status(QQ_NOEXEC << 8), "Zunable to exec qq (#4.3.0)",
           "120 from a program: the same text as qmail_close");

    /* qq_path: qmail-queue(8)'s QMAILQUEUE */
    {
        struct str want = STR_INIT;

        str_copys(&want, auto_home);
        str_cats(&want, "/bin/qmail-queue");
        str_0(&want);
        unsetenv("QMAILQUEUE");
        is_str(qq_path(), want.s, "QMAILQUEUE unset: bin/qmail-queue");
        setenv("QMAILQUEUE", "", 1);
        is_str(qq_path(), want.s, "QMAILQUEUE empty: bin/qmail-queue");
        setenv("QMAILQUEUE", "/usr/local/bin/filter", 1);
        is_str(qq_path(), "/usr/local/bin/filter", "QMAILQUEUE set: used");
        unsetenv("QMAILQUEUE");
        str_free(&want);
    }

    is_str(qq_status(11 << 8),
           "Denvelope address too long for qq (#5.1.3)", "11");
    is_str(qq_status(25 << 8), "Dqq permanent problem (#5.3.0)",
           "other codes 11..40 are permanent");
    is_str(qq_status(41 << 8), "Zqq temporary problem (#4.3.0)",
           "41 is temporary");
    is_str(qq_status(54 << 8), "Zqq read error (#4.3.0)", "54");
    is_str(qq_status(71 << 8),
           "Zmail server temporarily rejected message (#4.3.0)", "71");
    is_str(qq_status(81 << 8), "Zqq internal bug (#4.3.0)", "81");
    is_str(qq_status(SIGKILL), "Zqq crashed (#4.3.0)",
           "killed by a signal");

    slurp(&msg, "msg");
    slurp(&env, "env");
    fd = open(dir, O_RDONLY);
    ok(fd != -1 && rmdir(dir) == 0, "left nothing behind");
    return done_testing();
}
