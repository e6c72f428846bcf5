/* unit-control: control files as qmail-control(5) reads them; missing is
 * not an error, unreadable is. Runs in a fresh mkdtemp directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "control.h"
#include "unit.h"

static const struct {
    const char *name;
    const char *text; /* NULL: make a directory */
} files[] = {
    {"control/me", "mx.example.org \t\r\nsecond line\n"},
    {"control/plain", "example.com\n"},
    {"control/nonl", "example.com"},
    {"control/trail", "example.com \t \r\n"},
    {"control/lead", "  example.com\n"},
    {"control/empty", ""},
    {"control/blank", "\n"},
    {"control/spaces", "  \n"},
    {"control/multi", "first\nsecond\n"},
    {"control/int", "12345\n"},
    {"control/intsp", "42 \t\r\n"},
    {"control/zero", "0"},
    {"control/intx", "12x\n"},
    {"control/intneg", "-1\n"},
    {"control/intlead", " 7\n"},
    {"control/inthuge", "99999999999999999999999999\n"},
    {"control/list",
     "a.example\n# comment\n\nb.example \t\n  lead.example\n"
     "   \n#x\nmid#hash\r\nlast"},
    {"control/crlf", "one\r\ntwo\r\n"},
    {"control/dir", NULL},
};

enum op { LINE, RLDEF, INT, LIST, FILE_ };

#define V(s) s, sizeof s - 1
#define NOVAL NULL, 0

static const struct {
    enum op op;
    const char *fn;
    int use_me;
    const char *def;
    int want_r;
    int want_errno;
    const char *want;
    size_t want_len;
} cases[] = {
    {LINE, "control/plain", 0, NULL, 1, 0, V("example.com")},
    {LINE, "control/nonl", 0, NULL, 1, 0, V("example.com")},
    {LINE, "control/trail", 0, NULL, 1, 0, V("example.com")},
    {LINE, "control/lead", 0, NULL, 1, 0, V("  example.com")},
    {LINE, "control/empty", 0, NULL, 1, 0, V("")},
    {LINE, "control/blank", 0, NULL, 1, 0, V("")},
    {LINE, "control/spaces", 0, NULL, 1, 0, V("")},
    {LINE, "control/multi", 0, NULL, 1, 0, V("first")},
    {LINE, "control/crlf", 0, NULL, 1, 0, V("one")},
    {LINE, "control/missing", 0, NULL, 0, 0, V("")},
    {LINE, "nodir/missing", 0, NULL, 0, 0, V("")},
    {LINE, "control/dir", 0, NULL, -1, EISDIR, V("")},
    {LINE, "control/loop", 0, NULL, -1, ELOOP, V("")},
    {LINE, "control/plain/sub", 0, NULL, -1, ENOTDIR, V("")},

    {RLDEF, "control/plain", 1, "def", 1, 0, V("example.com")},
    {RLDEF, "control/empty", 1, "def", 1, 0, V("")},
    {RLDEF, "control/missing", 1, "def", 1, 0, V("mx.example.org")},
    {RLDEF, "control/missing", 1, NULL, 1, 0, V("mx.example.org")},
    {RLDEF, "control/missing", 0, "def", 1, 0, V("def")},
    {RLDEF, "control/missing", 0, NULL, 0, 0, V("")},
    {RLDEF, "control/dir", 1, "def", -1, EISDIR, V("")},

    {INT, "control/int", 0, NULL, 1, 0, V("12345")},
    {INT, "control/intsp", 0, NULL, 1, 0, V("42")},
    {INT, "control/zero", 0, NULL, 1, 0, V("0")},
    {INT, "control/missing", 0, NULL, 0, 0, V("777")},
    {INT, "control/empty", 0, NULL, -1, EINVAL, NOVAL},
    {INT, "control/spaces", 0, NULL, -1, EINVAL, NOVAL},
    {INT, "control/intx", 0, NULL, -1, EINVAL, NOVAL},
    {INT, "control/intneg", 0, NULL, -1, EINVAL, NOVAL},
    {INT, "control/intlead", 0, NULL, -1, EINVAL, NOVAL},
    {INT, "control/inthuge", 0, NULL, -1, ERANGE, NOVAL},
    {INT, "control/dir", 0, NULL, -1, EISDIR, NOVAL},

    {LIST, "control/list", 0, NULL, 1, 0,
     V("a.example\0b.example\0  lead.example\0mid#hash\0last\0")},
    {LIST, "control/plain", 0, NULL, 1, 0, V("example.com\0")},
    {LIST, "control/crlf", 0, NULL, 1, 0, V("one\0two\0")},
    {LIST, "control/empty", 0, NULL, 1, 0, V("")},
    {LIST, "control/spaces", 0, NULL, 1, 0, V("")},
    {LIST, "control/missing", 0, NULL, 0, 0, V("")},
    {LIST, "control/dir", 0, NULL, -1, EISDIR, V("")},

    {FILE_, "control/trail", 0, NULL, 1, 0, V("example.com \t \r\n")},
    {FILE_, "control/empty", 0, NULL, 1, 0, V("")},
    {FILE_, "control/missing", 0, NULL, 0, 0, V("")},
    {FILE_, "control/dir", 0, NULL, -1, EISDIR, V("")},
};

static void put(const char *fn, const char *s, size_t n)
{
    int fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd == -1 || write(fd, s, n) != (ssize_t)n || close(fd) == -1) {
        perror(fn);
        exit(1);
    }
}

static void run_case(size_t i)
{
    struct str v = STR_INIT;
    unsigned long u = 999;
    char name[200];
    int r;

    /* a stale value must not survive a missing or unreadable file */
    str_copys(&v, "stale");
    errno = 0;
    switch (cases[i].op) {
    case LINE:
        r = control_readline(&v, cases[i].fn);
        break;
    case RLDEF:
        r = control_rldef(&v, cases[i].fn, cases[i].use_me, cases[i].def);
        break;
    case INT:
        r = control_readint(&u, cases[i].fn, 777);
        v.len = 0;
        if (r != -1 || u != 999)
            str_catulong(&v, u);
        break;
    case LIST:
        r = control_readlist(&v, cases[i].fn);
        break;
    default:
        r = control_readfile(&v, cases[i].fn);
        break;
    }
    snprintf(name, sizeof name, "case %zu op %d %s: result", i,
             (int)cases[i].op, cases[i].fn);
    is_num(r, cases[i].want_r, name);
    if (r == -1) {
        snprintf(name, sizeof name, "case %zu %s: errno", i, cases[i].fn);
        is_num(errno, cases[i].want_errno, name);
    }
    snprintf(name, sizeof name, "case %zu %s: value", i, cases[i].fn);
    if (cases[i].want != NULL)
        ok(v.len == cases[i].want_len &&
               memcmp(v.s, cases[i].want, v.len) == 0,
           name);
    else
        ok(u == 999, name); /* readint leaves value alone on error */
    str_free(&v);
}

/* A file we may not read is an error, never "missing". As root, drop to
 * nobody's uid for the check, since root reads anything. */
static void test_eacces(void)
{
    struct str v = STR_INIT;
    unsigned long u = 5;
    int r1, r2, r3, e1, e2, e3;

    put("control/secret", "x\n", 2);
    chmod("control/secret", 0);
    if (geteuid() == 0 && seteuid(65534) == -1) {
        perror("seteuid");
        exit(1);
    }
    r1 = control_readline(&v, "control/secret");
    e1 = errno;
    r2 = control_readint(&u, "control/secret", 3);
    e2 = errno;
    r3 = control_readlist(&v, "control/secret");
    e3 = errno;
    if (getuid() == 0 && seteuid(0) == -1) {
        perror("seteuid back");
        exit(1);
    }
    ok(r1 == -1 && e1 == EACCES, "unreadable file: readline -1 EACCES");
    ok(r2 == -1 && e2 == EACCES && u == 5, "unreadable file: readint -1");
    ok(r3 == -1 && e3 == EACCES && v.len == 0, "unreadable file: readlist -1");
    str_free(&v);
}

int main(void)
{
    char dir[] = "/tmp/unit-control.XXXXXX";
    struct str v = STR_INIT;
    size_t i, n = 0, nerr = 0;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (cases[i].want_r == -1)
            nerr++;
    n = 2 * (sizeof cases / sizeof cases[0]) + nerr;
    plan((int)n + 11);

    if (mkdtemp(dir) == NULL || chdir(dir) == -1 ||
        mkdir("control", 0755) == -1 || symlink("loop", "control/loop") == -1 ||
        symlink("control/loop", "loop") == -1) {
        perror(dir);
        return 1;
    }
    /* nobody must be able to reach control/ for the EACCES test */
    chmod(dir, 0755);
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        if (files[i].text == NULL)
            mkdir(files[i].name, 0755);
        else
            put(files[i].name, files[i].text, strlen(files[i].text));
    }

    ok(control_init() == 1, "control_init reads control/me");
    is_mem(control_me.s, control_me.len, "mx.example.org",
           "control_me is the first line, trimmed");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(i);

    /* me set but empty: rldef uses def, not an empty me */
    put("control/me", "\n", 1);
    ok(control_init() == 1 && control_me.len == 0, "empty control/me");
    ok(control_rldef(&v, "control/missing", 1, "d") == 1 &&
           str_equals(&v, "d"),
       "empty me: rldef falls back to def");
    unlink("control/me");
    ok(control_init() == 1 && control_me.len == 0, "missing control/me: 1");
    ok(control_rldef(&v, "control/missing", 1, NULL) == 0 && v.len == 0,
       "missing me and no def: 0");
    rename("control/dir", "control/me");
    ok(control_init() == -1, "control/me a directory: control_init -1");
    rename("control/me", "control/dir");

    test_eacces();

    /* the first line of a file much longer than one read */
    {
        struct str big = STR_INIT;
        for (i = 0; i < 10000; i++)
            str_cats(&big, "line of text\n");
        put("control/big", big.s, big.len);
        ok(control_readline(&v, "control/big") == 1 &&
               str_equals(&v, "line of text"),
           "first line of a large file");
        str_free(&big);
    }

    str_free(&v);
    str_free(&control_me);
    if (chdir("/") == 0) {
        /* remove the directory we made; failures here do not matter */
        char cmd[100];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0)
            printf("# could not remove %s\n", dir);
    }
    return done_testing();
}
