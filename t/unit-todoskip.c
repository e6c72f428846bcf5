/* unit-todoskip: failed todo/ entries skipped until their time, and
 * not once the number means another file. Runs in a mkdtemp dir. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "todoskip.h"
#include "unit.h"

static ino_t make(const char *fn)
{
    struct stat st;
    int fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd == -1 || fstat(fd, &st) == -1)
        abort();
    close(fd);
    return st.st_ino;
}

int main(void)
{
    char tmpl[] = "/tmp/unit-todoskip.XXXXXX";
    struct todoskip t = TODOSKIP_INIT;
    ino_t ino, other;
    unsigned long id;

    plan(10);
    if (mkdtemp(tmpl) == NULL || chdir(tmpl) == -1 ||
        mkdir("todo", 0700) == -1)
        abort();
    ino = make("todo/5");
    todoskip_add(&t, 5, ino, 1000);
    ok(todoskip_has(&t, 5, ino, 999), "skipped before its time");
    ok(!todoskip_has(&t, 6, ino, 999), "another number is not");
    ok(!todoskip_has(&t, 5, ino, 1000), "not at its time");
    is_num((long)t.n, 0, "expired entry dropped");

    todoskip_add(&t, 5, ino, 1000);
    other = make("todo/7"); /* a different inode, kept alive */
    ok(!todoskip_has(&t, 5, other, 10), "another inode is not skipped");
    todoskip_add(&t, 5, ino, 1000);
    todoskip_add(&t, 9, ino, 1000);
    is_num((long)t.n, 1, "a gone todo/ file is not added");
    unlink("todo/5");
    ok(!todoskip_has(&t, 5, ino, 10), "gone since: not skipped");

    for (id = 100; id < 140; id++) { /* past the first allocation */
        char fn[32] = "todo/";
        fn[5] = (char)('0' + id / 100);
        fn[6] = (char)('0' + id / 10 % 10);
        fn[7] = (char)('0' + id % 10);
        fn[8] = '\0';
        todoskip_add(&t, id, make(fn), 1000);
        unlink(fn);
    }
    is_num((long)t.n, 40, "forty entries kept");
    todoskip_clear(&t);
    is_num((long)t.n, 0, "clear forgets them");
    ok(!todoskip_has(&t, 100, 0, 10), "nothing skipped after clear");
    free(t.e);
    unlink("todo/7");
    if (rmdir("todo") == -1 || chdir("/") == -1 || rmdir(tmpl) == -1)
        return 1;
    return done_testing();
}
