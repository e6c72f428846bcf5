/* unit-sendinfo: info/ files read, and repaired when missing or corrupt
 * (empty sender, birth kept or taken from mess/), with the log lines.
 * Runs in a fresh mkdtemp queue with split directory 0 only. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "sendinfo.h"
#include "sendlog.h"
#include "str.h"
#include "unit.h"

static void put(const char *fn, const char *s, size_t n, time_t mtime)
{
    struct timespec ts[2] = {{mtime, 0}, {mtime, 0}};
    int fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd == -1 || write(fd, s, n) != (ssize_t)n || futimens(fd, ts) == -1)
        abort();
    close(fd);
}

int main(void)
{
    static char mem[1024];
    struct buf b = BUF_INIT(-1, mem, sizeof mem);
    char tmpl[] = "/tmp/unit-sendinfo.XXXXXX";
    struct str sender = STR_INIT, x = STR_INIT;
    unsigned long id = 23 * 3; /* in split directory 0 */
    struct stat st;
    time_t birth = 0;
    int fd;

    plan(13);
    sendlog_to = &b;
    if (mkdtemp(tmpl) == NULL || chdir(tmpl) == -1 ||
        mkdir("info", 0700) == -1 || mkdir("info/0", 0700) == -1 ||
        mkdir("mess", 0700) == -1 || mkdir("mess/0", 0700) == -1)
        abort();
    put("info/0/69", "Fjoe@example.org\0", 17, 1000000);
    ok(sendinfo_get(id, &sender, &birth, 5) == 1, "good info read");
    is_mem(sender.s, sender.len, "joe@example.org", "sender");
    ok(sender.s[sender.len] == '\0', "sender NUL-terminated");
    is_num((long)birth, 1000000, "birth is info's mtime");
    is_num((long)b.n, 0, "nothing logged");

    put("info/0/69", "Xjunk", 5, 2000000);
    ok(sendinfo_get(id, &sender, &birth, 5) == 1 && sender.len == 0 &&
           birth == 2000000,
       "corrupt: empty sender, old birth");
    is_mem(b.x, b.n,
           "warning: info/0/69 is corrupt; delivering with an empty "
           "envelope sender\n",
           "corrupt is logged");
    fd = open("info/0/69", O_RDONLY);
    if (fd == -1 || fstat(fd, &st) == -1)
        abort();
    close(fd);
    is_num((long)st.st_mtime, 2000000, "repaired file keeps the birth");

    b.n = 0;
    unlink("info/0/69");
    put("mess/0/69", "Subject: x\n", 11, 3000000);
    ok(sendinfo_get(id, &sender, &birth, 5) == 1 && sender.len == 0 &&
           birth == 3000000,
       "missing: empty sender, born with mess/");
    is_mem(b.x, b.n,
           "warning: info/0/69 is missing; delivering with an empty "
           "envelope sender\n",
           "missing is logged");
    ok(stat("info/0/69", &st) == 0 && st.st_mtime == 3000000 &&
           (st.st_mode & 0777) == 0600,
       "info recreated, mode 0600, mtime of mess/");
    fd = open("info/0/69", O_RDONLY);
    if (fd == -1 || read(fd, mem, 10) != 2)
        abort();
    close(fd);
    ok(memcmp(mem, "F\0", 2) == 0, "it holds F and an empty sender");

    unlink("info/0/69");
    unlink("mess/0/69");
    ok(sendinfo_get(id, &sender, &birth, 4000000) == 1 && birth == 4000000,
       "neither: born now");
    unlink("info/0/69");
    str_free(&sender);
    str_free(&x);
    if (rmdir("info/0") == -1 || rmdir("info") == -1 ||
        rmdir("mess/0") == -1 || rmdir("mess") == -1 || chdir("/") == -1 ||
        rmdir(tmpl) == -1)
        return 1;
    return done_testing();
}
