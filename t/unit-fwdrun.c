/* unit-fwdrun: the exit codes of programs as qmail-local reads them
 * (99 included, which a forwarder cannot pass on), and programs run on
 * the message from its start, with and without lines in front. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "exitcode.h"
#include "fwdrun.h"
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
    static const int perm[] = {100, 64, 65, 70, 76, 77, 78, 112};
    char dir[] = "/tmp/unit-fwdrun.XXXXXX";
    size_t i;
    int all, fd;

    plan(10);
    is_num(fwdrun_judge(0), EXIT_OK, "0 is success");
    for (i = 0, all = 1; i < sizeof perm / sizeof perm[0]; i++)
        all &= fwdrun_judge(perm[i]) == EXIT_PERM;
    ok(all, "100 and sendmail's 64 65 70 76 77 78 112 are permanent");
    ok(fwdrun_judge(99) == EXIT_TEMP && fwdrun_judge(111) == EXIT_TEMP &&
           fwdrun_judge(1) == EXIT_TEMP && fwdrun_judge(-2) == EXIT_TEMP,
       "99, 111, 1 and a crash are temporary");

    if (mkdtemp(dir) == NULL || chdir(dir) == -1)
        return 1;
    signal(SIGPIPE, SIG_IGN);
    fd = open("msg", O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd == -1 || write(fd, "line1\nline2\n", 12) != 12 || dup2(fd, 0) == -1)
        return 1;
    lseek(0, 6, SEEK_SET);
    is_num(fwdrun_program("cat > plain", "", 0), 0, "a program exits 0");
    is_mem(slurp("plain"), strlen(slurp("plain")), "line1\nline2\n",
           "and read the message from its start");
    is_num(fwdrun_program("cat > head", "X: y\n", 5), 0, "with a head");
    is_mem(slurp("head"), strlen(slurp("head")), "X: y\nline1\nline2\n",
           "the head comes first");
    is_num(fwdrun_program("exit 100", "", 0), 100, "its exit code");
    is_num(fwdrun_program("head -c 1 >/dev/null; exit 3", "X: y\n", 5), 3,
           "a program that stops reading early still gives its code");
    is_num(fwdrun_program("kill -9 $$", "", 0), -2, "a crash is -2");
    unlink("msg");
    unlink("plain");
    unlink("head");
    chdir("/");
    rmdir(dir);
    return done_testing();
}
