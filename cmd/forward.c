/*
 * forward - pass the message on to addresses computed at delivery time:
 * |forward "$LOCAL"@elsewhere.example in a .qmail file (qmail 1.03's
 * forward(1)). Does what forward lines in a .qmail do, from a program.
 *
 * in:   argv[1..], the addresses; $NEWSENDER and $DTLINE from qmail-local
 *       (qmail-command(8)); the message on fd 0
 * out:  one injection through $QMAILQUEUE or bin/qmail-queue: DTLINE and
 *       the message, envelope sender NEWSENDER, the addresses as
 *       recipients; "forward: qp N" on fd 2 (qmail-queue's pid, for the
 *       logs)
 * exit: 0 queued; 100 usage, a variable missing, or qmail-queue refused
 *       the message for good; 111 qmail-queue failed for now or the
 *       message could not be read
 */
#include <signal.h>
#include <stddef.h>

#include "buf.h"
#include "die.h"
#include "dotenv.h"
#include "exitcode.h"
#include "qq.h"
#include "sig.h"

static const char usage[] = "forward address ...";

int main(int argc, char **argv)
{
    static struct qq q;
    const char *sender, *dtline, *path, *text;
    unsigned long qp;
    int i;

    progname = "forward";
    if (argc < 2)
        die_usage(usage);
    sender = dotenv_need("NEWSENDER");
    dtline = dotenv_need("DTLINE");
    sig_ignore(SIGPIPE);
    if ((path = qq_path()) == NULL)
        die_nomem();
    if (!qq_open(&q, path))
        die_sys(EXIT_TEMP, "unable to fork", NULL);
    qp = (unsigned long)q.pid;
    qq_puts(&q, dtline);
    qq_copy(&q, 0);
    qq_from(&q, sender);
    for (i = 1; i < argc; i++)
        qq_to(&q, argv[i]);
    text = qq_close(&q);
    if (*text != '\0')
        die(*text == 'D' ? EXIT_PERM : EXIT_TEMP, text + 1, NULL);
    buf_puts(&buf_err, "forward: qp ");
    buf_putulong(&buf_err, qp);
    buf_putsflush(&buf_err, "\n");
    return 0;
}
