/*
 * maildirmake - make a Maildir: dir and its tmp, new and cur.
 * A user's tool, as qmail 1.03's; see maildir(5).
 *
 * in:   argv[1], the directory to make; it must not exist
 * out:  dir, dir/tmp, dir/new, dir/cur, each mode 700, owned by the caller
 * exit: 0 made; 100 usage; 111 dir exists or cannot be made
 */
#include <sys/stat.h>
#include <unistd.h>

#include "die.h"
#include "exitcode.h"

static const char usage[] = "maildirmake name";

int main(int argc, char **argv)
{
    static const char *const subdirs[] = {"tmp", "new", "cur"};
    size_t i;

    progname = "maildirmake";
    if (argc != 2 || argv[1][0] == '\0')
        die_usage(usage);
    umask(077);
    if (mkdir(argv[1], 0700) == -1)
        die_sys(EXIT_TEMP, "unable to mkdir ", argv[1], NULL);
    if (chdir(argv[1]) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", argv[1], NULL);
    for (i = 0; i < sizeof subdirs / sizeof *subdirs; i++)
        if (mkdir(subdirs[i], 0700) == -1)
            die_sys(EXIT_TEMP, "unable to mkdir ", argv[1], "/", subdirs[i],
                    NULL);
    return EXIT_OK;
}
