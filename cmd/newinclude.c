/*
 * newinclude - compile a sendmail :include: file into the binary mailing
 * list fastforward reads, as fastforward 0.51's newinclude(1).
 *
 * in:   argv: list; the file holds addresses, any number a line, in
 *       /etc/aliases syntax, and further :include: files; # lines are
 *       comments. control/defaulthost, defaultdomain, plusdomain and me
 *       complete addresses (qmail-header(5)).
 * out:  list.bin, written as list.tmp and renamed, world-readable;
 *       untouched on any failure
 * exit: 0 done; 100 usage; 111 a syntax error (with its line number), a
 *       program or file delivery, an unreadable file, a write error
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "afile.h"
#include "aliases.h"
#include "buf.h"
#include "die.h"
#include "exitcode.h"

static const char usage[] = "newinclude list";

#define LINE_MAX_LEN (1UL << 20)

static struct afile f;
static struct aliases_hosts hosts = ALIASES_HOSTS_INIT;

static const char *num(unsigned long n)
{
    static struct str s;

    s.len = 0;
    if (!str_catulong(&s, n) || !str_0(&s))
        die_nomem();
    return s.s;
}

/* The control files are in the home; the list is named from here. */
static void read_hosts(void)
{
    const char *what;

    if (aliases_hosts_load(&hosts, &what) == -1)
        die_sys(EXIT_TEMP, "unable to ", what, NULL);
}

int main(int argc, char **argv)
{
    static struct str bin, tmp, line, items, cmds;
    char space[BUF_SIZE];
    struct buf in;
    const char *why;
    unsigned long n = 0;
    int fd, r, got;

    progname = "newinclude";
    if (argc != 2 || argv[1][0] == '-')
        die_usage(usage);
    if (!str_copys(&bin, argv[1]) || !str_cats(&bin, ".bin") ||
        !str_0(&bin) || !str_copys(&tmp, argv[1]) ||
        !str_cats(&tmp, ".tmp") || !str_0(&tmp))
        die_nomem();
    read_hosts();
    if ((fd = open(argv[1], O_RDONLY | O_CLOEXEC)) == -1)
        die_sys(EXIT_TEMP, "unable to open ", argv[1], NULL);
    buf_init(&in, fd, space, sizeof space);
    if (!afile_start(&f, bin.s, tmp.s))
        die_sys(EXIT_TEMP, "unable to create ", tmp.s, NULL);
    for (;;) {
        line.len = items.len = cmds.len = 0;
        got = buf_getline(&in, &line, '\n', LINE_MAX_LEN);
        if (got == -1) {
            afile_abort(&f);
            if (errno == E2BIG)
                die(EXIT_TEMP, "line ", num(n + 1), " of ", argv[1],
                    " is too long", NULL);
            die_sys(EXIT_TEMP, "unable to read ", argv[1], NULL);
        }
        if (got == 0 && line.len == 0)
            break;
        n++;
        line.len -= got;
        if (line.len == 0 || line.s[0] == '#')
            continue;
        r = aliases_list(&items, line.s, line.len, &why);
        if (r == 1)
            r = aliases_commands(&cmds, &items, &hosts, 0, &why);
        if (r == 0)
            die_nomem();
        if (r == -1) {
            afile_abort(&f);
            die(EXIT_TEMP, "unable to parse line ", num(n), " of ", argv[1],
                ": ", why, NULL);
        }
        if (!afile_put(&f, cmds.s, cmds.len)) {
            afile_abort(&f);
            die_sys(EXIT_TEMP, "unable to write ", tmp.s, NULL);
        }
        if (got == 0)
            break;
    }
    if (!afile_finish(&f))
        die_sys(EXIT_TEMP, "unable to move ", tmp.s, " to ", bin.s, NULL);
    return 0;
}
