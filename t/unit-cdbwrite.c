/* unit-cdbwrite: atomic replacement (an open reader keeps the old data,
 * no temporary file is left), mode 0644, abort and failed adds leave the
 * installed file alone. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
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

static const struct rec v1[] = {
    {V("127.0.0.1"), V("+RELAYCLIENT=\"\"")},
    {V("key"), V("plain key")},
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

static int exists(const char *fn)
{
    struct stat st;

    return stat(fn, &st) == 0;
}

static int finds_as(struct cdblookup *c, const char *k, const char *want)
{
    struct str v = STR_INIT;
    int r = cdblookup_find(c, k, strlen(k), &v) == 1 && str_equals(&v, want);

    str_free(&v);
    return r;
}

static void replace_under_reader(void)
{
    static const struct rec v2[] = {
        {V("127.0.0.1"), V("+NEW")},
        {V("only-new"), V("yes")},
    };
    struct cdblookup old, new;
    struct str v = STR_INIT;
    struct cdbwrite w;

    ok(cdblookup_open(&old, "db/t.cdb") == 1, "reader opens version 1");
    ok(write_db("db/t.cdb", v2, 2), "write version 2 over it");
    ok(finds_as(&old, "127.0.0.1", "+RELAYCLIENT=\"\"") &&
           cdblookup_find(&old, V("only-new"), &v) == 0,
       "the open reader still sees version 1");
    ok(cdblookup_open(&new, "db/t.cdb") == 1 &&
           finds_as(&new, "127.0.0.1", "+NEW") &&
           finds_as(&new, "only-new", "yes") &&
           cdblookup_find(&new, V("key"), &v) == 0,
       "a new reader sees version 2 only");
    cdblookup_close(&old);
    cdblookup_close(&new);
    cdblookup_close(&new); /* closing twice is harmless */

    /* abort leaves the installed file alone and removes the temp file */
    ok(cdbwrite_start(&w, "db/t.cdb") && exists("db/t.cdb.tmp") &&
           cdbwrite_add(&w, V("127.0.0.1"), V("+ABORTED")),
       "start a third version");
    cdbwrite_abort(&w);
    cdbwrite_abort(&w);
    ok(!exists("db/t.cdb.tmp"), "abort removes the temporary file");
    ok(cdblookup_file("db/t.cdb", V("127.0.0.1"), &v) == 1 &&
           str_equals(&v, "+NEW"),
       "abort leaves the installed file alone");

#if SIZE_MAX > UINT_MAX
    /* a record cdb cannot hold: add fails, the writer is given up, and
     * a careless finish installs nothing */
    errno = 0;
    ok(cdbwrite_start(&w, "db/t.cdb") &&
           !cdbwrite_add(&w, "k", (size_t)UINT_MAX + 1, "d", 1) &&
           errno == EFBIG,
       "add of a key over 4 GiB fails with EFBIG");
    ok(!exists("db/t.cdb.tmp"), "a failed add removes the temporary file");
    errno = 0;
    ok(!cdbwrite_finish(&w) && errno == EBADF, "finish after it fails");
    cdbwrite_abort(&w);
    ok(cdblookup_file("db/t.cdb", V("127.0.0.1"), &v) == 1 &&
           str_equals(&v, "+NEW"),
       "the installed file is unchanged");
#else
    ok(1, "# skip 32-bit size_t");
    ok(1, "# skip 32-bit size_t");
    ok(1, "# skip 32-bit size_t");
    ok(1, "# skip 32-bit size_t");
#endif
    str_free(&v);
}

int main(void)
{
    char dir[] = "/tmp/unit-cdbwrite.XXXXXX";
    struct cdbwrite w;
    struct str v = STR_INIT;
    struct stat st;

    plan(5 + 11 + 2);
    umask(022);
    if (mkdtemp(dir) == NULL || chdir(dir) == -1 || mkdir("db", 0755) == -1) {
        perror(dir);
        return 1;
    }

    ok(write_db("db/t.cdb", v1, sizeof v1 / sizeof v1[0]), "write");
    ok(!exists("db/t.cdb.tmp"), "no temporary file left");
    ok(stat("db/t.cdb", &st) == 0 && (st.st_mode & 07777) == 0644,
       "mode 0644");
    ok(cdblookup_file("db/t.cdb", V("key"), &v) == 1 &&
           str_equals(&v, "plain key"),
       "read back");
    /* a path without a slash: the directory to fsync is "." */
    ok(write_db("rel.cdb", v1, 1) && !exists("rel.cdb.tmp") &&
           cdblookup_file("rel.cdb", V("127.0.0.1"), &v) == 1,
       "a file in the current directory");

    replace_under_reader();

    errno = 0;
    ok(!cdbwrite_start(&w, "nodir/x.cdb") && errno == ENOENT,
       "start in a missing directory fails with ENOENT");
    cdbwrite_abort(&w);
    ok(cdbwrite_start(&w, "db/t.cdb") && cdbwrite_finish(&w) &&
           cdblookup_file("db/t.cdb", V("127.0.0.1"), &v) == 0,
       "an empty database replaces the old one");

    str_free(&v);
    if (chdir("/") == 0) {
        char cmd[100];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0)
            printf("# could not remove %s\n", dir);
    }
    return done_testing();
}
