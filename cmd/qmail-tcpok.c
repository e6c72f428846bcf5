/*
 * qmail-tcpok - forget every timeout in queue/lock/tcpto, so that
 * qmail-remote tries each host again at once.
 * Run by hand, as root or qmailr, e.g. after a network outage.
 *
 * in:   auto_home/queue/lock/tcpto
 * out:  nothing; the table is zeroed in place, under its lock
 * exit: 0 cleared; 100 usage; 111 the table cannot be written
 */
#include <unistd.h>

#include "auto.h"
#include "die.h"
#include "exitcode.h"
#include "tcpto.h"

int main(int argc, char **argv)
{
    progname = "qmail-tcpok";
    (void)argv;
    if (argc > 1)
        die_usage("qmail-tcpok");
    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to switch to ", auto_home, NULL);
    if (!tcpto_clear())
        die_sys(EXIT_TEMP, "unable to clear ", TCPTO_FILE, NULL);
    return EXIT_OK;
}
