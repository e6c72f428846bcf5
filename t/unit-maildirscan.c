/* unit-maildirscan: listing a Maildir for POP3 (order, what is skipped,
 * sizes), unique ids, finding a message another session moved, and the
 * cleanup of old files in tmp/. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "maildirscan.h"
#include "unit.h"

static void make(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        exit(1);
    close(fd);
}

static void age(const char *path, time_t seconds)
{
    struct timespec t[2];

    t[0].tv_sec = t[1].tv_sec = time(NULL) - seconds;
    t[0].tv_nsec = t[1].tv_nsec = 0;
    utimensat(AT_FDCWD, path, t, 0);
}

int main(void)
{
    char dir[] = "/tmp/unit-maildirscan.XXXXXX", uidl[MAILDIRSCAN_UIDL];
    static struct maildirscan s = MAILDIRSCAN_INIT;
    static struct str path;
    const char *u;
    size_t n;
    char long_name[120];

    plan(25);
    if (mkdtemp(dir) == NULL || chdir(dir) == -1)
        return 1;
    ok(!maildirscan_scan(&s), "no new/: an error");
    mkdir("new", 0700);
    mkdir("cur", 0700);
    mkdir("tmp", 0700);
    make("new/200.M1P2.host", "abc");
    make("new/100.M9P2.host", "");
    make("cur/100.M1P2.host:2,S", "12345");
    make("cur/99.M1P2.host:2,", "1");
    make("new/.hidden", "x");
    make("new/junk", "x");
    mkdir("cur/adir", 0700);
    ok(maildirscan_scan(&s), "scan");
    is_num((long)s.n, 5, "regular files, dot files skipped");
    ok(strcmp(s.msg[0].path, "new/junk") == 0, "no time first (as 0)");
    ok(strcmp(s.msg[1].path, "cur/99.M1P2.host:2,") == 0,
       "then by time as a number");
    ok(strcmp(s.msg[2].path, "cur/100.M1P2.host:2,S") == 0 &&
       strcmp(s.msg[3].path, "new/100.M9P2.host") == 0,
       "same time: by unique name, whatever the directory");
    ok(strcmp(s.msg[4].path, "new/200.M1P2.host") == 0, "newest last");
    is_num((long)s.msg[2].size, 5, "size");
    is_num((long)s.msg[3].size, 0, "empty file");

    n = maildirscan_uniq("cur/100.M1P2.host:2,S", &u);
    is_mem(u, n, "100.M1P2.host", "unique part stops at ':'");
    n = maildirscan_uniq("new/abc", &u);
    is_mem(u, n, "abc", "unique part in new/");
    n = maildirscan_uidl(uidl, "cur/100.M1P2.host:2,S");
    is_mem(uidl, n, "100.M1P2.host", "UIDL is the unique part");
    memset(long_name, 'a', sizeof long_name);
    memcpy(long_name, "new/", 4);
    long_name[sizeof long_name - 1] = '\0';
    n = maildirscan_uidl(uidl, long_name);
    ok(n == 17 && uidl[0] == 'x', "over 70 bytes: hashed");
    {
        char again[MAILDIRSCAN_UIDL];
        size_t m = maildirscan_uidl(again, long_name);
        ok(m == n && memcmp(again, uidl, n) == 0, "  the same every time");
    }
    n = maildirscan_uidl(uidl, "new/sp ace");
    ok(n == 17 && uidl[0] == 'x', "a space: hashed");
    n = maildirscan_uidl(uidl, "cur/:2,");
    ok(n == 17 && uidl[0] == 'x', "empty: hashed");
    n = maildirscan_uidl(uidl, "new/\x7f");
    ok(n == 17 && uidl[0] == 'x', "DEL: hashed");

    is_num(maildirscan_find("new/200.M1P2.host", &path), 1, "find: in place");
    ok(strcmp(path.s, "new/200.M1P2.host") == 0, "  its own path");
    rename("new/200.M1P2.host", "cur/200.M1P2.host:2,RS");
    is_num(maildirscan_find("new/200.M1P2.host", &path), 1,
           "find: moved to cur/ with flags");
    ok(strcmp(path.s, "cur/200.M1P2.host:2,RS") == 0, "  the new path");
    unlink("cur/200.M1P2.host:2,RS");
    make("cur/200.M1P2.hostX:2,", "");
    is_num(maildirscan_find("new/200.M1P2.host", &path), 0,
           "find: gone (a longer name with the same start is another)");

    make("tmp/old", "x");
    make("tmp/fresh", "x");
    make("tmp/read", "x");
    age("tmp/old", MAILDIRSCAN_TMPAGE + 60);
    age("tmp/read", MAILDIRSCAN_TMPAGE + 60);
    {
        struct timespec t[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
        utimensat(AT_FDCWD, "tmp/read", t, 0);
    }
    is_num((long)maildirscan_clean(time(NULL)), 1, "clean: one old file");
    ok(access("tmp/old", F_OK) == -1, "  the old one is gone");
    ok(access("tmp/fresh", F_OK) == 0 && access("tmp/read", F_OK) == 0,
       "  recently written or read files stay");

    maildirscan_free(&s);
    str_free(&path);
    {
        char cmd[64];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (chdir("/") == 0)
            (void)!system(cmd);
    }
    return done_testing();
}
