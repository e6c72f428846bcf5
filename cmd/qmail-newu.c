/*
 * qmail-newu - compile users/assign into users/cdb, the address
 * assignments qmail-lspawn reads (qmail-users(5), qmail-newu(8)).
 * Run by the administrator after editing users/assign.
 *
 * in:   QMAILHOME/users/assign
 * out:  QMAILHOME/users/cdb, replaced atomically through users/cdb.tmp
 * exit: 0 done; 100 usage; 111 anything else (unreadable assign, a
 *       syntax error, no "." line, a write error): users/cdb is then
 *       left exactly as it was
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "cdbwrite.h"
#include "die.h"
#include "exitcode.h"
#include "fmt.h"
#include "str.h"
#include "users.h"

#define LINE_MAX_ASSIGN 65536

static const char usage[] = "qmail-newu";
static struct cdbwrite cdb;
static int started;

/* Every failure after cdbwrite_start removes users/cdb.tmp first, so
 * the installed users/cdb is never replaced by half a file. */
static void abandon(void)
{
    int saved = errno;

    if (started)
        cdbwrite_abort(&cdb);
    started = 0;
    errno = saved;
}

static void die_line(unsigned long n, const char *why)
{
    char num[FMT_ULONG + 1];

    abandon();
    num[fmt_ulong(num, n)] = '\0';
    die(EXIT_TEMP, "users/assign line ", num, ": ", why, NULL);
}

/* One line (without its '\n'): 1 more to come, 0 the "." line. */
static int take(const char *line, size_t len, unsigned long n,
                struct str *wild)
{
    static struct str key, data;
    const char *why;
    int c, r;

    r = users_parse(line, len, &key, &data, &c, &why);
    if (r == -1 && errno == ENOMEM) {
        abandon();
        die_nomem();
    }
    if (r == -1)
        die_line(n, why);
    if (r == 0)
        return 0;
    if (c != -1 && str_chr(wild->s, wild->len, (char)c) == wild->len &&
        !str_catc(wild, (char)c)) {
        abandon();
        die_nomem();
    }
    if (!cdbwrite_add(&cdb, key.s, key.len, data.s, data.len)) {
        abandon();
        die_sys(EXIT_TEMP, "unable to write users/cdb.tmp", NULL);
    }
    return 1;
}

int main(int argc, char **argv)
{
    static char mem[BUF_SIZE];
    struct buf in;
    static struct str line, wild; /* reachable at exit (LeakSanitizer) */
    unsigned long n = 0;
    int fd, r;

    (void)argv;
    progname = "qmail-newu";
    if (argc > 1)
        die_usage(usage);
    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to switch to ", auto_home, NULL);
    if ((fd = open("users/assign", O_RDONLY | O_CLOEXEC)) == -1)
        die_sys(EXIT_TEMP, "unable to open users/assign", NULL);
    buf_init(&in, fd, mem, sizeof mem);
    if (!cdbwrite_start(&cdb, "users/cdb"))
        die_sys(EXIT_TEMP, "unable to create users/cdb.tmp", NULL);
    started = 1;
    for (;;) {
        line.len = 0;
        r = buf_getline(&in, &line, '\n', LINE_MAX_ASSIGN);
        n++;
        if (r == -1 && errno == E2BIG)
            die_line(n, "line too long");
        if (r == -1) {
            abandon();
            die_sys(EXIT_TEMP, "unable to read users/assign", NULL);
        }
        if (r == 0 && line.len == 0)
            die_line(n, "end of file before the line holding a single .");
        if (r == 1)
            line.len--; /* the '\n' */
        if (!take(line.s, line.len, n, &wild))
            break;
        if (r == 0)
            die_line(n, "end of file before the line holding a single .");
    }
    /* The "" key lists the last characters of the prefixes, so
     * qmail-lspawn only tries prefix lengths that can match. */
    if (!cdbwrite_add(&cdb, "", 0, wild.s, wild.len) ||
        !cdbwrite_finish(&cdb)) {
        abandon();
        die_sys(EXIT_TEMP, "unable to write users/cdb", NULL);
    }
    return EXIT_OK;
}
