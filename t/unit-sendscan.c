/* unit-sendscan: the startup scan finds every message once: all of
 * info/, then local/ and remote/ files whose info/ is gone. Runs in a
 * fresh mkdtemp queue with all auto_split directories. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "qfile.h"
#include "sendscan.h"
#include "str.h"
#include "unit.h"

static unsigned long seen[16];
static size_t nseen;

static void found(unsigned long id)
{
    if (nseen < 16)
        seen[nseen] = id;
    nseen++;
}

static void touch(const char *dir, unsigned long id)
{
    char fn[QFILE_NAME];
    int fd;

    qfile_name(fn, dir, id);
    fd = open(fn, O_WRONLY | O_CREAT, 0600);
    if (fd == -1)
        abort();
    close(fd);
}

int main(void)
{
    static const char *const dirs[] = {"info", "local", "remote"};
    char tmpl[] = "/tmp/unit-sendscan.XXXXXX";
    struct str d = STR_INIT;
    unsigned long s;
    size_t i;

    plan(5);
    if (mkdtemp(tmpl) == NULL || chdir(tmpl) == -1)
        abort();
    for (i = 0; i < 3; i++) {
        if (mkdir(dirs[i], 0700) == -1)
            abort();
        for (s = 0; s < auto_split; s++)
            if (!str_copys(&d, dirs[i]) || !str_catc(&d, '/') ||
                !str_catulong(&d, s) || !str_0(&d) || mkdir(d.s, 0700))
                abort();
    }
    touch("info", 23);  /* split 0 */
    touch("local", 23); /* has info/: not again */
    touch("remote", 23);
    touch("local", 24);  /* split 1, info/ gone */
    touch("remote", 24); /* already seen among local/ */
    touch("remote", 25); /* split 2, neither */
    touch("info", 45);   /* split 22 */
    sendscan_queue(found);
    is_num((long)nseen, 4, "each message once");
    is_num((long)seen[0], 23, "info/ first");
    is_num((long)seen[1], 24, "local/ without info/");
    is_num((long)seen[2], 25, "remote/ without info/ or local/");
    is_num((long)seen[3], 45, "split directories in order");
    str_free(&d);
    if (chdir("/") == -1)
        return 1;
    if (!str_copys(&d, "rm -rf ") || !str_cats(&d, tmpl) || !str_0(&d) ||
        system(d.s) != 0)
        return 1;
    str_free(&d);
    return done_testing();
}
