/*
 * except - turn a program's yes into no and its no into yes, so a .qmail
 * line can bounce what a test accepts: |except grep -q ...
 * A helper of dot-qmail(5) files, as qmail 1.03's except(1).
 *
 * in:   argv[1..], the program and its arguments; fds passed on to it
 * out:  nothing of its own but error messages
 * exit: 100 when the program exits 0; 111 when it exits 111, crashes, or
 *       cannot be started for a passing reason; 0 for any other exit
 *       (also when it does not exist); 100 usage
 */
#include <stddef.h>

#include "child.h"
#include "die.h"
#include "exitcode.h"

static const char usage[] = "except program [arg ...]";

int main(int argc, char **argv)
{
    int code;

    progname = "except";
    if (argc < 2)
        die_usage(usage);
    code = child_run(argv + 1);
    if (code == -1)
        die_sys(EXIT_TEMP, "unable to run ", argv[1], NULL);
    if (code == CHILD_CRASHED)
        die(EXIT_TEMP, "child crashed", NULL);
    if (code == 0)
        return EXIT_PERM;
    if (code == EXIT_TEMP)
        return EXIT_TEMP;
    return EXIT_OK;
}
