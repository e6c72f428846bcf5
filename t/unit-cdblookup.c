/* unit-cdblookup: read back what cdbwrite made, keys with NUL bytes,
 * empty keys and values, duplicates (the first wins); missing files and
 * keys are 0, files that are not cdbs -1. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdblookup.h"
#include "cdbwrite.h"
#include "unit.h"

#define V(s) s, sizeof s - 1

struct rec {
    const char *k;
    size_t klen;
    const char *d;
    size_t dlen;
};

/* written in this order; cdb_find returns the first of duplicates */
static const struct rec v1[] = {
    {V("127.0.0.1"), V("+RELAYCLIENT=\"\"")},
    {V("=alice"), V("alice\0" "1000\0" "1000\0" "/home/alice\0\0\0")},
    {V("key\0with\0nuls"), V("nul key")},
    {V("key"), V("plain key")},
    {V(""), V("empty key")},
    {V("empty value"), V("")},
    {V("dup"), V("first")},
    {V("dup"), V("second")},
    {V("Case"), V("upper")},
};

static const struct {
    const char *k;
    size_t klen;
    int want;
    const char *d;
    size_t dlen;
} finds[] = {
    {V("127.0.0.1"), 1, V("+RELAYCLIENT=\"\"")},
    {V("=alice"), 1, V("alice\0" "1000\0" "1000\0" "/home/alice\0\0\0")},
    {V("key\0with\0nuls"), 1, V("nul key")},
    {V("key\0with"), 0, V("")},
    {V("key"), 1, V("plain key")},
    {V("key\0"), 0, V("")},
    {V(""), 1, V("empty key")},
    {V("empty value"), 1, V("")},
    {V("dup"), 1, V("first")},
    {V("Case"), 1, V("upper")},
    {V("case"), 0, V("")},
    {V("127.0.0.2"), 0, V("")},
    {V("127.0.0."), 0, V("")},
};

static int write_db(const char *path, const struct rec *r, size_t n)
{
    struct cdbwrite w;
    size_t i;

    if (!cdbwrite_start(&w, path))
        return 0;
    for (i = 0; i < n; i++)
        if (!cdbwrite_add(&w, r[i].k, r[i].klen, r[i].d, r[i].dlen))
            return 0;
    return cdbwrite_finish(&w);
}

static void put(const char *fn, const char *s, size_t n)
{
    int fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd == -1 || write(fd, s, n) != (ssize_t)n || close(fd) == -1) {
        perror(fn);
        exit(1);
    }
}

static void errors(void)
{
    struct cdblookup c;
    struct str v = STR_INIT;

    ok(cdblookup_open(&c, "db/missing.cdb") == 0, "open of a missing file: 0");
    ok(cdblookup_open(&c, "nodir/x.cdb") == 0, "missing directory: 0");
    ok(cdblookup_file("db/missing.cdb", V("key"), &v) == 0,
       "lookup in a missing file: 0");
    put("db/short.cdb", "not a cdb", 9);
    errno = 0;
    ok(cdblookup_open(&c, "db/short.cdb") == -1 && errno != 0,
       "a file too short to be a cdb: -1");
    put("db/empty.cdb", "", 0);
    ok(cdblookup_file("db/empty.cdb", V("key"), &v) == -1,
       "an empty file: -1");
    mkdir("db/dir.cdb", 0755);
    ok(cdblookup_open(&c, "db/dir.cdb") == -1, "a directory: -1");
    str_free(&v);
}

int main(void)
{
    char dir[] = "/tmp/unit-cdblookup.XXXXXX";
    struct cdblookup c;
    struct str v = STR_INIT, big = STR_INIT;
    size_t i;
    char name[100];

    plan((int)(2 * (sizeof finds / sizeof finds[0])) + 4 + 6);
    umask(022);
    if (mkdtemp(dir) == NULL || chdir(dir) == -1 || mkdir("db", 0755) == -1) {
        perror(dir);
        return 1;
    }

    ok(write_db("db/t.cdb", v1, sizeof v1 / sizeof v1[0]), "write");
    ok(cdblookup_open(&c, "db/t.cdb") == 1, "open");
    for (i = 0; i < sizeof finds / sizeof finds[0]; i++) {
        str_copys(&v, "stale");
        snprintf(name, sizeof name, "find '%.*s': result", (int)finds[i].klen,
                 finds[i].k);
        is_num(cdblookup_find(&c, finds[i].k, finds[i].klen, &v),
               finds[i].want, name);
        snprintf(name, sizeof name, "find '%.*s': data", (int)finds[i].klen,
                 finds[i].k);
        if (finds[i].want)
            ok(v.len == finds[i].dlen && memcmp(v.s, finds[i].d, v.len) == 0,
               name);
        else
            ok(1, name);
    }
    cdblookup_close(&c);

    /* a value much larger than any buffer */
    for (i = 0; i < 100000; i++)
        str_catc(&big, (char)('a' + i % 26));
    {
        struct rec r = {V("big"), big.s, big.len};
        ok(write_db("db/big.cdb", &r, 1) &&
               cdblookup_file("db/big.cdb", V("big"), &v) == 1 &&
               v.len == big.len && memcmp(v.s, big.s, v.len) == 0,
           "100,000-byte value");
    }
    ok(cdblookup_file("db/big.cdb", V("small"), &v) == 0,
       "lookup_file of a missing key: 0");

    errors();

    str_free(&v);
    str_free(&big);
    if (chdir("/") == 0) {
        char cmd[100];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0)
            printf("# could not remove %s\n", dir);
    }
    return done_testing();
}
