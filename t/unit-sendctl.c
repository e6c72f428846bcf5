/* unit-sendctl: qmail-send's control files, their defaults, the
 * auto_spawn cap, and SIGHUP keeping the old settings on an error.
 * Runs in a fresh mkdtemp directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "sendctl.h"
#include "str.h"
#include "unit.h"
#include "vdomain.h"

static const char *const made[] = {
    "control/me",
    "control/queuelifetime",
    "control/concurrencylocal",
    "control/concurrencyremote",
    "control/locals",
    "control/virtualdomains",
};

static void put(const char *fn, const char *text)
{
    int fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        abort();
    close(fd);
}

static int is_local(struct sendctl *c, const char *addr)
{
    struct str out = STR_INIT;
    int r = vdomain_rewrite(&c->vd, addr, strlen(addr), c->envnoathost.s,
                            c->envnoathost.len, &out);

    str_free(&out);
    return r == VDOMAIN_LOCAL;
}

int main(void)
{
    char tmpl[] = "/tmp/unit-sendctl.XXXXXX";
    static struct sendctl c = SENDCTL_INIT; /* reachable: quiet LSan */

    plan(20);
    if (mkdtemp(tmpl) == NULL || chdir(tmpl) == -1 ||
        mkdir("control", 0755) == -1)
        abort();
    put("control/me", "mx.example.org\n");
    ok(sendctl_read(&c) == 1, "only control/me: read");
    is_num((long)c.lifetime, 604800, "queuelifetime defaults to a week");
    is_num((long)c.concurrency[0], 10, "concurrencylocal defaults to 10");
    is_num((long)c.concurrency[1], 20, "concurrencyremote defaults to 20");
    is_mem(c.envnoathost.s, c.envnoathost.len, "mx.example.org",
           "envnoathost defaults to me");
    ok(c.envnoathost.s[c.envnoathost.len] == '\0', "values NUL-terminated");
    is_mem(c.bouncefrom.s, c.bouncefrom.len, "MAILER-DAEMON",
           "bouncefrom default");
    is_mem(c.bouncehost.s, c.bouncehost.len, "mx.example.org",
           "bouncehost defaults to me");
    is_mem(c.doublebounceto.s, c.doublebounceto.len, "postmaster",
           "doublebounceto default");
    ok(is_local(&c, "joe@mx.example.org") && !is_local(&c, "a@b.example"),
       "locals defaults to me");

    put("control/queuelifetime", "3600\n");
    put("control/concurrencylocal", "100000\n");
    put("control/concurrencyremote", "3\n");
    put("control/locals", "a.example\n");
    put("control/virtualdomains", "v.example:pre\n");
    ok(sendctl_read(&c) == 1, "with files: read");
    is_num((long)c.lifetime, 3600, "queuelifetime read");
    is_num((long)c.concurrency[0], (long)auto_spawn,
           "concurrency capped at auto_spawn");
    is_num((long)c.concurrency[1], 3, "concurrencyremote read");
    ok(is_local(&c, "x@a.example") && is_local(&c, "x@v.example") &&
           !is_local(&c, "x@mx.example.org"),
       "locals and virtualdomains read");

    put("control/concurrencyremote", "lots\n");
    put("control/locals", "b.example\n");
    errno = 0;
    ok(sendctl_reread(&c) == 0 && errno == EINVAL,
       "reread: a bad number fails with EINVAL");
    ok(c.bad != NULL && strcmp(c.bad, "control/concurrencyremote") == 0,
       "the bad file is named");
    is_num((long)c.concurrency[1], 3, "old concurrencies stay");
    ok(sendctl_read(&c) == 0 && c.bad != NULL &&
           strcmp(c.bad, "control/concurrencyremote") == 0,
       "startup read fails on it too");
    put("control/concurrencyremote", "4\n");
    ok(sendctl_reread(&c) == 1 && c.concurrency[1] == 4 &&
           is_local(&c, "x@b.example") && c.bad == NULL,
       "reread picks up the fixed file and new locals");
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        unlink(made[i]);
    if (rmdir("control") == -1 || chdir("/") == -1 || rmdir(tmpl) == -1)
        return 1;
    return done_testing();
}
