/*
 * qmail-rspawn - run qmail-send's remote deliveries (qmail-rspawn(8)).
 * Started by qmail-start as qmailr.
 *
 * For now a stand-in: quail's qmail-remote does not exist yet, so every
 * remote delivery is deferred with a clear text and stays in the queue
 * until a qmail-rspawn that can deliver it replaces this one.
 *
 * in:   spawn requests on fd 0 (notes/interfaces.md)
 * out:  one report per delivery on fd 1, always Z (deferral)
 * exit: 0 when fd 0 ends and every delivery is reported; 100 usage;
 *       111 the spawner cannot start
 */
#include "die.h"
#include "exitcode.h"
#include "spawn.h"

static const char usage[] = "qmail-rspawn";

static void child(const char *sender, const char *recip)
{
    (void)sender;
    (void)recip;
    spawn_child_fail(EXIT_TEMP,
                     "quail: remote delivery is not implemented yet", NULL);
}

/* Deferred, whatever happened: nothing was delivered. */
static char result(int status, struct str *text)
{
    (void)status;
    (void)text;
    return 'Z';
}

int main(int argc, char **argv)
{
    static const struct spawn_prog prog = { child, result };

    (void)argv;
    progname = "qmail-rspawn";
    if (argc > 1)
        die_usage(usage);
    spawn_main(&prog);
}
