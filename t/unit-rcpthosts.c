/* unit-rcpthosts: qmail-smtpd's relay decision. rcpthosts with
 * ".suffix" entries and morercpthosts.cdb; failing closed without
 * rcpthosts (locals and virtualdomains only); and the classic relay
 * tricks, which with smtpaddr_routed never reach a foreign domain. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdbwrite.h"
#include "control.h"
#include "rcpthosts.h"
#include "smtpaddr.h"
#include "unit.h"

static void put(const char *fn, const char *text)
{
    FILE *f = fopen(fn, "w");

    if (f == NULL || fputs(text, f) == EOF || fclose(f) == EOF) {
        perror(fn);
        exit(1);
    }
}

/* What qmail-smtpd decides without RELAYCLIENT: 1 accept. */
static int decide(struct rcpthosts *r, const char *addr)
{
    size_t n = strlen(addr);

    if (smtpaddr_routed(addr, n))
        return 0;
    return rcpthosts_allowed(r, addr, n);
}

static const struct {
    const char *addr;
    int want;
} with_rh[] = {
    {"u@quail.test", 1},
    {"U@QUAIL.TEST", 1},
    {"u@Quail.Test", 1},
    {"postmaster", 1},           /* no domain: local, as qmail */
    {"u@a.wild.test", 1},        /* .wild.test */
    {"u@x.y.wild.test", 1},
    {"u@wild.test", 0},          /* ".wild.test" needs a label before it */
    {"u@more.test", 1},          /* morercpthosts.cdb */
    {"u@MORE.test", 1},
    {"u@sub.cdbwild.test", 1},   /* .cdbwild.test in the cdb */
    {"u@cdbwild.test", 0},
    {"u@evil.example", 0},
    {"u@EVIL.EXAMPLE", 0},
    {"u@quail.test.", 0},        /* trailing dot: not the same name */
    {"u@quail.test.evil.example", 0},
    {"u@evilquail.test", 0},
    {"u@", 0},
    {"@", 0},
    {"u@[192.0.2.1]", 0},        /* a literal not listed */
    {"u@[127.0.0.1]", 1},        /* listed literally in rcpthosts */
    /* relay tricks */
    {"u%evil.example@quail.test", 0},
    {"evil.example!u@quail.test", 0},
    {"u@evil.example@quail.test", 0},   /* quoted local part, unquoted */
    {"u%evil.example", 0},
    {"evil.example!u", 0},
    {"u@quail.test@evil.example", 0},
    {"u@evil.example%quail.test", 0},
};

static const struct {
    const char *addr;
    int want;
} closed[] = {
    {"u@quail.test", 1},          /* locals */
    {"u@LOCALHOST", 1},
    {"postmaster", 1},            /* envnoathost is local */
    {"u@virt.test", 1},           /* virtualdomains */
    {"u@a.vwild.test", 1},        /* .vwild.test in virtualdomains */
    {"u@vwild.test", 0},
    {"u@except.vwild.test", 0},   /* empty prepend: an exception */
    {"joe@single.test", 1},       /* a user@domain entry */
    {"bob@single.test", 0},
    {"u@more.test", 1},           /* morercpthosts.cdb still counts */
    {"u@evil.example", 0},
    {"u@rcpt-only.test", 0},      /* no rcpthosts file is read */
    {"u@quail.test.", 0},
    {"u%evil.example@quail.test", 0},
    {"evil.example!u@quail.test", 0},
};

static void make_mrh(void)
{
    struct cdbwrite w;

    if (!cdbwrite_start(&w, "control/morercpthosts.cdb") ||
        !cdbwrite_add(&w, "more.test", 9, "", 0) ||
        !cdbwrite_add(&w, ".cdbwild.test", 13, "", 0) ||
        !cdbwrite_finish(&w)) {
        perror("cdbwrite");
        exit(1);
    }
}

int main(void)
{
    char dir[] = "/tmp/unit-rcpthosts.XXXXXX";
    struct rcpthosts r;
    const char *fn = "x";
    size_t i;

    plan(4 + 27 + 3 + 15 + 4);
    if (mkdtemp(dir) == NULL || chdir(dir) == -1 ||
        mkdir("control", 0755) == -1) {
        perror(dir);
        return 1;
    }
    put("control/me", "quail.test\n");
    put("control/rcpthosts",
        "quail.test\n.wild.test\n# comment\n\n[127.0.0.1]\n");
    make_mrh();
    control_init();
    is_num(rcpthosts_init(&r, &fn), 1, "configured with rcpthosts");
    ok(r.is_configured && r.has_mrh, "  rcpthosts and the cdb are read");
    ok(fn == NULL, "  no file named");
    ok(decide(&r, "u@quail.test") == 1, "  a first lookup");
    for (i = 0; i < sizeof with_rh / sizeof with_rh[0]; i++)
        is_num(decide(&r, with_rh[i].addr), with_rh[i].want,
               with_rh[i].addr);
    rcpthosts_free(&r);

    /* fail closed */
    unlink("control/rcpthosts");
    put("control/locals", "quail.test\nlocalhost\n");
    put("control/virtualdomains",
        "virt.test:virt\n.vwild.test:vw\nexcept.vwild.test:\n"
        "joe@single.test:joe\nrcpt-only.test\n");
    is_num(rcpthosts_init(&r, &fn), 0, "without rcpthosts: 0");
    ok(!r.is_configured && r.has_mrh, "  failing closed, cdb read");
    ok(fn == NULL, "  no file named");
    for (i = 0; i < sizeof closed / sizeof closed[0]; i++)
        is_num(decide(&r, closed[i].addr), closed[i].want, closed[i].addr);
    rcpthosts_free(&r);

    /* errors name the file */
    mkdir("control/rcpthosts", 0755);
    is_num(rcpthosts_init(&r, &fn), -1, "rcpthosts a directory: error");
    ok(fn != NULL && strcmp(fn, "control/rcpthosts") == 0, "  named");
    rmdir("control/rcpthosts");
    put("control/rcpthosts", "quail.test\n");
    put("control/morercpthosts.cdb", "garbage");
    is_num(rcpthosts_init(&r, &fn), -1, "a broken cdb: error");
    ok(fn != NULL && strcmp(fn, "control/morercpthosts.cdb") == 0,
       "  named");

    unlink("control/morercpthosts.cdb");
    unlink("control/rcpthosts");
    unlink("control/locals");
    unlink("control/virtualdomains");
    unlink("control/me");
    rmdir("control");
    chdir("/");
    rmdir(dir);
    return done_testing();
}
