/*
 * condredirect - send the message to another address instead, when a
 * test program says so: |condredirect boss@example.com grep -q urgent
 * A helper of dot-qmail(5) files, as qmail 1.03's condredirect(1).
 *
 * in:   argv[1], the new address; argv[2..], the program and arguments,
 *       which read the message on fd 0; $SENDER and $DTLINE from
 *       qmail-local (qmail-command(8)); the message on fd 0, seekable
 * out:  when the program exits 0, one injection through $QMAILQUEUE or
 *       bin/qmail-queue: DTLINE and the whole message, envelope sender
 *       SENDER, the new address as recipient; "condredirect: qp N" on
 *       fd 2
 * exit: 99 redirected (qmail-local then ignores the rest of the .qmail
 *       file); 0 the program exited other than 0 and 111, or does not
 *       exist; 111 the program exited 111 or crashed, or the redirect
 *       failed for now; 100 usage, a variable missing, or qmail-queue
 *       refused the message for good
 */
#include <signal.h>
#include <stddef.h>
#include <unistd.h>

#include "buf.h"
#include "child.h"
#include "die.h"
#include "dotenv.h"
#include "exitcode.h"
#include "qq.h"
#include "sig.h"

#define EXIT_STOP 99 /* qmail-command(8): delivered, ignore the rest */

static const char usage[] = "condredirect newaddress program [arg ...]";

static void redirect(const char *to, const char *sender, const char *dtline)
{
    static struct qq q;
    const char *path, *text;
    unsigned long qp;

    /* The program read some of the message; the redirect gets it all. */
    if (lseek(0, 0, SEEK_SET) == -1)
        die_sys(EXIT_TEMP, "unable to rewind the message", NULL);
    sig_ignore(SIGPIPE);
    if ((path = qq_path()) == NULL)
        die_nomem();
    if (!qq_open(&q, path))
        die_sys(EXIT_TEMP, "unable to fork", NULL);
    qp = (unsigned long)q.pid;
    qq_puts(&q, dtline);
    qq_copy(&q, 0);
    qq_from(&q, sender);
    qq_to(&q, to);
    text = qq_close(&q);
    if (*text != '\0')
        die(*text == 'D' ? EXIT_PERM : EXIT_TEMP, text + 1, NULL);
    buf_puts(&buf_err, "condredirect: qp ");
    buf_putulong(&buf_err, qp);
    buf_putsflush(&buf_err, "\n");
}

int main(int argc, char **argv)
{
    const char *sender, *dtline;
    int code;

    progname = "condredirect";
    if (argc < 3)
        die_usage(usage);
    sender = dotenv_need("SENDER");
    dtline = dotenv_need("DTLINE");
    code = child_run(argv + 2);
    if (code == -1)
        die_sys(EXIT_TEMP, "unable to run ", argv[2], NULL);
    if (code == CHILD_CRASHED)
        die(EXIT_TEMP, "child crashed", NULL);
    if (code == EXIT_TEMP)
        die(EXIT_TEMP, "temporary failure of ", argv[2], NULL);
    if (code != 0)
        return EXIT_OK;
    redirect(argv[1], sender, dtline);
    return EXIT_STOP;
}
