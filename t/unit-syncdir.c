/* unit-syncdir: the directory of a name is fsynced; errors say why. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syncdir.h"
#include "unit.h"

int main(void)
{
    char dir[] = "/tmp/quail-unit-syncdir-XXXXXX";
    char longname[PATH_MAX + 10];

    plan(6);
    if (mkdtemp(dir) == NULL || chdir(dir) == -1)
        return 1;
    ok(mkdir("sub", 0700) == 0 && syncdir_of("sub/file"), "sub/file");
    ok(syncdir_of("file"), "a bare name syncs .");
    ok(syncdir_of("/etc"), "a name right under / syncs /");
    errno = 0;
    ok(!syncdir_of("missing/file") && errno == ENOENT,
       "a missing directory fails with ENOENT");
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    longname[sizeof longname - 3] = '/';
    errno = 0;
    ok(!syncdir_of(longname) && errno == ENAMETOOLONG, "too long a name");
    ok(rmdir("sub") == 0 && chdir("/") == 0 && rmdir(dir) == 0, "cleaned up");
    return done_testing();
}
