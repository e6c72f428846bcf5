/*
 * qmail-newmrh - compile control/morercpthosts into
 * control/morercpthosts.cdb, the large list of recipient domains
 * qmail-smtpd accepts besides control/rcpthosts (qmail-newmrh(8)).
 * Run by the administrator after editing control/morercpthosts.
 *
 * in:   QMAILHOME/control/morercpthosts, one domain or .suffix a line
 * out:  QMAILHOME/control/morercpthosts.cdb, replaced atomically through
 *       morercpthosts.cdb.tmp; keys in lower case, empty data
 * exit: 0 done; 100 usage; 111 unreadable input or a write error (the
 *       old cdb is then left as it was)
 */
#include <unistd.h>

#include "auto.h"
#include "cdbwrite.h"
#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "str.h"

static const char usage[] = "qmail-newmrh";
static struct str list; /* reachable until exit (LeakSanitizer) */

int main(int argc, char **argv)
{
    struct cdbwrite w;
    size_t i, n;

    (void)argv;
    progname = "qmail-newmrh";
    if (argc > 1)
        die_usage(usage);
    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", auto_home, NULL);
    /* As qmail: no file is an error, not an empty list. Comments and
     * blank lines are skipped, trailing white space is dropped. */
    if (control_readlist(&list, "control/morercpthosts") != 1)
        die_sys(EXIT_TEMP, "unable to read control/morercpthosts", NULL);
    if (!cdbwrite_start(&w, "control/morercpthosts.cdb"))
        die_sys(EXIT_TEMP, "unable to create control/morercpthosts.cdb.tmp",
                NULL);
    for (i = 0; i < list.len; i += n + 1) {
        n = str_chr(list.s + i, list.len - i, '\0');
        /* qmail-smtpd lower-cases the domain it looks up */
        str_lower(list.s + i, n);
        if (!cdbwrite_add(&w, list.s + i, n, "", 0)) {
            cdbwrite_abort(&w);
            die_sys(EXIT_TEMP, "unable to write control/morercpthosts.cdb.tmp",
                    NULL);
        }
    }
    if (!cdbwrite_finish(&w))
        die_sys(EXIT_TEMP, "unable to write control/morercpthosts.cdb", NULL);
    return EXIT_OK;
}
