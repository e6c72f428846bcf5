/* unit-wholefile: whole-file reads with a size limit, whole writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "str.h"
#include "unit.h"
#include "wholefile.h"

int main(void)
{
    char tmpl[] = "/tmp/unit-wholefile.XXXXXX";
    struct str x = STR_INIT;
    struct stat st;
    int fd, i;

    plan(8);
    if (mkdtemp(tmpl) == NULL || chdir(tmpl) == -1)
        abort();
    is_num(wholefile_read("none", &x, &st, 100), 0, "missing file is 0");
    fd = open("f", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ok(wholefile_write(fd, "u0\0p1\0F\0", 8), "write");
    for (i = 0; i < 2000; i++) /* more than one read's worth */
        if (!wholefile_write(fd, "Tabcdefghi@example.org\0", 23))
            abort();
    close(fd);
    is_num(wholefile_read("f", &x, &st, 1000000), 1, "read");
    is_num((long)x.len, 8 + 2000 * 23, "all of it");
    ok(memcmp(x.s, "u0\0p1\0F\0T", 9) == 0, "starts as written");
    is_num((long)st.st_size, (long)x.len, "stat given back");
    errno = 0;
    ok(wholefile_read("f", &x, &st, 4096) == -1 && errno == EFBIG,
       "past the limit is EFBIG");
    ok(wholefile_read(".", &x, &st, 100) == -1, "a directory is an error");
    str_free(&x);
    unlink("f");
    if (chdir("/") == -1 || rmdir(tmpl) == -1)
        return 1;
    return done_testing();
}
