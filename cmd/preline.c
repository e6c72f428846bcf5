/*
 * preline - give a program that knows only mbox-style messages the lines
 * qmail-local would have written: |preline procmail
 * A helper of dot-qmail(5) files, as qmail 1.03's preline(1).
 *
 * in:   options -d -f -r (and -D -F -R to undo them), then the program
 *       and its arguments; $UFLINE, $RPLINE and $DTLINE from qmail-local
 *       (qmail-command(8)); the message on fd 0
 * out:  the program gets UFLINE ("From " line), RPLINE (Return-Path) and
 *       DTLINE (Delivered-To), less those turned off, then the message,
 *       on its fd 0; other fds are its own
 * exit: the program's exit code; 100 usage or a variable missing; 111
 *       the program crashed or could not be run, or the message could
 *       not be read
 */
#include <getopt.h>
#include <signal.h>
#include <stddef.h>

#include "die.h"
#include "dotenv.h"
#include "exitcode.h"
#include "feed.h"
#include "sig.h"
#include "str.h"

static const char usage[] = "preline [-dfr] program [arg ...]";

static struct str head = STR_INIT;

/* qmail-local sets all three; without one of them we are not run from a
 * .qmail file, which is a usage error as in qmail 1.03. */
static void add(int wanted, const char *name)
{
    const char *v = dotenv_need(name);

    if (wanted && !str_cats(&head, v))
        die_nomem();
}

int main(int argc, char **argv)
{
    int opt, uf = 1, rp = 1, dt = 1, code;
    struct feed f;

    progname = "preline";
    opterr = 0; /* our own usage line instead of getopt's */
    /* '+': the first non-option is the program; its options are its own. */
    while ((opt = getopt(argc, argv, "+dfrDFR")) != -1)
        switch (opt) {
        case 'd':
            dt = 0;
            break;
        case 'f':
            uf = 0;
            break;
        case 'r':
            rp = 0;
            break;
        case 'D':
            dt = 1;
            break;
        case 'F':
            uf = 1;
            break;
        case 'R':
            rp = 1;
            break;
        default:
            die_usage(usage);
        }
    if (optind >= argc)
        die_usage(usage);
    /* The order of an mbox message: From line, Return-Path, Delivered-To. */
    add(uf, "UFLINE");
    add(rp, "RPLINE");
    add(dt, "DTLINE");
    sig_ignore(SIGPIPE);
    if (!feed_start(&f, argv + optind))
        die_sys(EXIT_TEMP, "unable to start ", argv[optind], NULL);
    if (!feed_copy(&f, head.s, head.len, 0)) {
        feed_abort(&f);
        die_sys(EXIT_TEMP, "unable to read the message", NULL);
    }
    if ((code = feed_finish(&f)) == -1)
        die_sys(EXIT_TEMP, "unable to wait for ", argv[optind], NULL);
    if (code == -2)
        die(EXIT_TEMP, argv[optind], " crashed", NULL);
    return code;
}
