/* unit-qfile: queue file names, ids, directory sync, qmail's date form. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "qfile.h"
#include "syncdir.h"
#include "unit.h"

int main(void)
{
    char s[QFILE_NAME], d[QFILE_DATE];
    unsigned long id = 0;
    char tmpl[] = "/tmp/unit-qfile.XXXXXX";

    plan(25);
    is_num((long)auto_split, 23, "tests assume conf/split 23");
    is_mem(s, qfile_name(s, "mess", 12345), "mess/17/12345", "mess is split");
    ok(s[13] == '\0', "name is NUL-terminated");
    is_mem(s, qfile_name(s, "info", 23), "info/0/23", "info is split");
    is_mem(s, qfile_name(s, "local", 22), "local/22/22", "local is split");
    is_mem(s, qfile_name(s, "remote", 18446744073709551615UL),
           "remote/5/18446744073709551615", "largest id fits");
    is_mem(s, qfile_name(s, "todo", 12345), "todo/12345", "todo is flat");
    is_mem(s, qfile_name(s, "intd", 7), "intd/7", "intd is flat");
    is_mem(s, qfile_name(s, "bounce", 7), "bounce/7", "bounce is flat");
    is_num((long)qfile_name(s, "a-directory-name-far-too-long-to-fit", 1), 0,
           "a too long directory is refused");
    ok(qfile_is_split("mess") && !qfile_is_split("messy") &&
       !qfile_is_split("pid"), "is_split");

    ok(qfile_id("12345", &id) && id == 12345, "id parsed");
    ok(!qfile_id("0123", &id), "leading zero refused");
    ok(!qfile_id("12x", &id) && !qfile_id("", &id) && !qfile_id(".", &id),
       "non-digits refused");
    ok(!qfile_id("123456789012345678901", &id), "overflow refused");

    is_mem(d, qfile_date(d, 0), "1 Jan 1970 00:00:00 -0000", "epoch");
    is_mem(d, qfile_date(d, 1795439396), "23 Nov 2026 13:09:56 -0000",
           "qmail's form: no weekday, -0000");
    is_mem(d, qfile_date(d, 951782400), "29 Feb 2000 00:00:00 -0000",
           "leap day");
    is_mem(d, qfile_date(d, -1), "31 Dec 1969 23:59:59 -0000",
           "before the epoch");
    ok(qfile_date(d, (time_t)1 << 60) < QFILE_DATE, "a far future fits");

    ok(mkdtemp(tmpl) != NULL && chdir(tmpl) == 0, "temp dir");
    ok(mkdir("sub", 0700) == 0 && syncdir_of("sub/file"), "syncdir");
    ok(syncdir_of("file"), "syncdir of a bare name syncs .");
    errno = 0;
    ok(!syncdir_of("missing/file") && errno == ENOENT,
       "syncdir of a missing directory fails with errno");
    ok(rmdir("sub") == 0 && chdir("/") == 0 && rmdir(tmpl) == 0, "cleanup");
    return done_testing();
}
