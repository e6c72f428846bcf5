/*
 * bouncesaying - bounce the message with a text of our choosing, always
 * or when a test program says yes: |bouncesaying 'moved away'
 * A helper of dot-qmail(5) files, as qmail 1.03's bouncesaying(1).
 *
 * in:   argv[1], the text; argv[2..], an optional program and arguments
 *       that read the message on fd 0
 * out:  the text and a newline on fd 2, which qmail-local puts into the
 *       bounce, when the message is bounced
 * exit: 100 bounced (no program, or it exited 0); 111 the program exited
 *       111, crashed, or could not be started for a passing reason; 0 any
 *       other exit of the program (also when it does not exist), so the
 *       rest of the .qmail file is followed; 100 usage
 */
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "child.h"
#include "die.h"
#include "exitcode.h"

static const char usage[] = "bouncesaying error [program [arg ...]]";

static void bounce(const char *text) __attribute__((noreturn));
static void bounce(const char *text)
{
    /* The text as it is, without our name: it is the bounce's reason. */
    buf_put(&buf_err, text, strlen(text));
    buf_putc(&buf_err, '\n');
    buf_flush(&buf_err);
    _exit(EXIT_PERM);
}

int main(int argc, char **argv)
{
    int code;

    progname = "bouncesaying";
    if (argc < 2)
        die_usage(usage);
    if (argc == 2)
        bounce(argv[1]);
    code = child_run(argv + 2);
    if (code == -1)
        die_sys(EXIT_TEMP, "unable to run ", argv[2], NULL);
    if (code == CHILD_CRASHED)
        die(EXIT_TEMP, "child crashed", NULL);
    if (code == EXIT_TEMP)
        die(EXIT_TEMP, "temporary failure of ", argv[2], NULL);
    if (code != 0)
        return EXIT_OK;
    bounce(argv[1]);
}
