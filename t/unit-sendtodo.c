/* unit-sendtodo: intake from todo/: envelope checked, recipients split
 * into local/ and remote/ by the vdomain rules, info/ written, leftovers
 * of a crashed attempt replaced, batch fsync, log lines. Runs in a
 * fresh mkdtemp queue (split directory 0 only: ids are multiples of 23). */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "sendctl.h"
#include "sendlog.h"
#include "sendtodo.h"
#include "str.h"
#include "unit.h"
#include "vdomain.h"
#include "wholefile.h"

static void put(const char *fn, const char *s, size_t n)
{
    int fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd == -1 || write(fd, s, n) != (ssize_t)n)
        abort();
    close(fd);
}

static int holds(const char *fn, const char *s, size_t n)
{
    static struct str x;
    struct stat st;

    return wholefile_read(fn, &x, &st, 100000) == 1 && x.len == n &&
           memcmp(x.s, s, n) == 0 && (st.st_mode & 0777) == 0600;
}

int main(void)
{
    static char mem[2048];
    static const char env[] = "u1000\0p123\0Fjoe@example.org\0"
                              "Tann@example.org\0Tbob@remote.example\0"
                              "Tcarl\0";
    static const char *const dirs[] = {"todo",    "mess",   "mess/0",
                                       "info",    "info/0", "local",
                                       "local/0", "remote", "remote/0",
                                       "bounce"};
    struct buf b = BUF_INIT(-1, mem, sizeof mem);
    char tmpl[] = "/tmp/unit-sendtodo.XXXXXX";
    static struct sendctl cf = SENDCTL_INIT; /* reachable: quiet LSan */
    struct str locals = STR_INIT, empty = STR_INIT;
    static struct sendtodo f[2]; /* reachable: quiet LSan */
    struct stat st;
    struct sendpend_ent e[2];
    int good[2];
    size_t i;

    plan(19);
    sendlog_to = &b;
    if (mkdtemp(tmpl) == NULL || chdir(tmpl) == -1)
        abort();
    for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (mkdir(dirs[i], 0700) == -1)
            abort();
    if (!str_copyb(&locals, "example.org\0", 12) ||
        !str_copys(&cf.envnoathost, "example.org") ||
        !str_0(&cf.envnoathost) ||
        !vdomain_init(&cf.vd, &locals, &empty, &empty))
        abort();

    is_num(sendtodo_take(&f[0], &cf, 23), 0, "no todo/ file: gone");
    put("todo/23", env, sizeof env - 1);
    is_num(sendtodo_take(&f[0], &cf, 23), -1, "no mess/ file: not taken");
    is_mem(b.x, b.n,
           "warning: unable to stat mess/0/23: No such file or directory; "
           "will try again later\n",
           "logged");
    b.n = 0;
    put("mess/0/23", "Subject: x\n\nhello\n", 18);
    put("info/0/23", "Fold\0", 5); /* a crashed attempt's */
    put("remote/0/23", "Tstale\0", 7);
    put("bounce/23", "<stale@example.org>:\nold failure\n\n", 34);
    is_num(sendtodo_take(&f[0], &cf, 23), 1, "taken");
    ok(f[0].id == 23 && f[0].part[0].len == 17 &&
           f[0].part[1].len == 35 && f[0].part[2].len == 20,
       "info, local and remote contents made");
    ok(stat("info/0/23", &st) == -1 && stat("remote/0/23", &st) == -1 &&
           stat("bounce/23", &st) == -1,
       "a crashed attempt's files removed, its bounce text too; none "
       "written yet");
    is_mem(b.x, b.n,
           "new msg 23\ninfo msg 23: bytes 18 from <joe@example.org> qp 123 "
           "uid 1000\n",
           "new msg and info msg logged");

    b.n = 0;
    put("todo/46", "u0\0p1\0F\0Tx@remote.example\0", 26);
    put("mess/0/46", "\n", 1);
    is_num(sendtodo_take(&f[1], &cf, 46), 1, "second taken");
    ok(f[1].part[1].len == 0 && f[1].part[2].len > 0,
       "remote only: no local/ contents");
    for (i = 0; i < 2; i++) {
        const char *part[3];
        size_t len[3];
        int c;

        for (c = 0; c < 3; c++)
            part[c] = f[i].part[c].s, len[c] = f[i].part[c].len;
        ok(sendtodo_write(f[i].id, part, len, 1000000000), "written");
    }
    ok(stat("local/0/46", &st) == -1 && stat("info/0/23", &st) == 0 &&
           st.st_mtime == 1000000000,
       "no empty local/ file; info/'s mtime is the birth given");
    e[0].id = 23, e[0].files = 7;
    e[1].id = 46, e[1].files = 5;
    sendtodo_sync(e, 2, good);
    ok(good[0] && good[1], "batch synced");
    ok(holds("info/0/23", "Fjoe@example.org\0", 17), "info/ holds F sender");
    ok(holds("local/0/23", "Tann@example.org\0Tcarl@example.org\0", 35),
       "local/ holds local recipients, envnoathost added");
    ok(holds("remote/0/23", "Tbob@remote.example\0", 20),
       "remote/ holds the remote recipient");

    unlink("local/0/23"); /* its recipients are done */
    unlink("info/0/46");  /* cannot be: no sync without info/ */
    b.n = 0;
    sendtodo_sync(e, 2, good);
    ok(good[0] && !good[1], "a channel file gone is fine, info/ gone is not");
    is_mem(b.x, b.n,
           "warning: unable to open info/0/46: No such file or directory; "
           "will try again later\n",
           "logged");

    b.n = 0;
    put("todo/69", "u0\0p1\0Tx@y\0", 11);
    put("mess/0/69", "\n", 1);
    ok(sendtodo_take(&f[0], &cf, 69) == -1 &&
           memcmp(b.x, "warning: todo/69 ", 17) == 0 &&
           stat("info/0/69", &st) == -1,
       "bad envelope: left alone, logged, nothing written");
    str_free(&locals);
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
