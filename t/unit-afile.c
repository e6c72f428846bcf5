/* unit-afile: a file replaced atomically is world-readable whatever the
 * umask, the old file stays until finish, abort leaves it alone, and
 * failures leave no temporary file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "unit.h"

static const char *slurp(const char *fn)
{
    static char b[256];
    ssize_t r;
    int fd = open(fn, O_RDONLY);

    if (fd == -1)
        return "(missing)";
    r = read(fd, b, sizeof b - 1);
    close(fd);
    b[r < 0 ? 0 : r] = '\0';
    return b;
}

int main(void)
{
    char dir[] = "/tmp/unit-afile.XXXXXX";
    struct afile f;
    struct stat st;

    plan(11);
    if (mkdtemp(dir) == NULL || chdir(dir) == -1)
        return 1;
    umask(077);
    ok(afile_start(&f, "list.bin", "list.tmp") == 1, "start");
    ok(afile_put(&f, "&a@b", 5) == 1, "put");
    ok(access("list.bin", F_OK) == -1, "nothing at the real name yet");
    ok(afile_finish(&f) == 1, "finish");
    ok(stat("list.bin", &st) == 0 && (st.st_mode & 0777) == 0644,
       "world-readable despite umask 077");
    ok(memcmp(slurp("list.bin"), "&a@b", 5) == 0 &&
           access("list.tmp", F_OK) == -1,
       "contents in place, temporary name gone");
    ok(afile_start(&f, "list.bin", "list.tmp") == 1 &&
           afile_put(&f, "new", 3) == 1,
       "a second writer");
    afile_abort(&f);
    ok(memcmp(slurp("list.bin"), "&a@b", 5) == 0 &&
           access("list.tmp", F_OK) == -1,
       "abort keeps the old file and removes the temporary one");
    afile_abort(&f);
    ok(1, "abort twice is harmless");
    ok(afile_start(&f, "nodir/x", "nodir/x.tmp") == 0 && errno == ENOENT,
       "start fails in a missing directory");
    mkdir("sub", 0755);
    ok(afile_start(&f, "sub", "list.tmp") == 1 && afile_finish(&f) == 0 &&
           access("list.tmp", F_OK) == -1,
       "a failed rename removes the temporary file");
    unlink("list.bin");
    rmdir("sub");
    chdir("/");
    rmdir(dir);
    return done_testing();
}
