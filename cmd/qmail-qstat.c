/*
 * qmail-qstat - count the messages in the queue.
 * An administrator's tool; run as root or a member of group qmail
 * (queue/, mess/ and todo/ are qmailq's, group qmail, mode 750).
 *
 * in:   the entries of queue/mess/0..split-1 and queue/todo
 * out:  "messages in queue: N" and "messages in queue but not yet
 *       preprocessed: M" on stdout, as qmail 1.03's qmail-qstat
 * exit: 0 counted; 111 a queue directory cannot be read, or stdout fails
 */
#include <dirent.h>
#include <errno.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "fmt.h"

static const char who[] = " (only root and group qmail may read the queue)";

/* Entries of dir other than . and .., as qmail's find | wc counted. */
static unsigned long count(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    unsigned long n = 0;

    if (d == NULL)
        die_sys(EXIT_TEMP, "unable to read queue/", dir,
                errno == EACCES ? who : "", NULL);
    errno = 0;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' || (e->d_name[1] != '\0' &&
                                    (e->d_name[1] != '.' || e->d_name[2])))
            n++;
    if (errno != 0)
        die_sys(EXIT_TEMP, "unable to read queue/", dir, NULL);
    closedir(d);
    return n;
}

int main(void)
{
    char dir[FMT_ULONG + 8];
    unsigned long s, mess = 0;
    size_t len;

    progname = "qmail-qstat";
    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", auto_home, NULL);
    if (chdir("queue") == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", auto_home, "/queue",
                errno == EACCES ? who : "", NULL);
    for (s = 0; s < auto_split; s++) {
        len = fmt_str(dir, "mess/");
        len += fmt_ulong(dir + len, s);
        dir[len] = '\0';
        mess += count(dir);
    }
    if (!buf_puts(&buf_out, "messages in queue: ") ||
        !buf_putulong(&buf_out, mess) ||
        !buf_puts(&buf_out, "\nmessages in queue but not yet preprocessed: ") ||
        !buf_putulong(&buf_out, count("todo")) || !buf_puts(&buf_out, "\n") ||
        !buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
    return EXIT_OK;
}
