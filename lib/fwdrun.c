/* fwdrun.c - programs and forwards for dot-forward and fastforward.
 *
 * A program that exits 99 tells qmail-local to skip the rest of a .qmail
 * file; a program run by dot-forward or fastforward cannot say that to
 * anyone, so, as in dot-forward 0.71, only 0 counts as success. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "dotqmail.h"
#include "exitcode.h"
#include "feed.h"
#include "fwdrun.h"
#include "qq.h"
#include "sig.h"
#include "wait.h"

static int rewind_msg(void)
{
    return lseek(0, 0, SEEK_SET) == 0;
}

int fwdrun_program(const char *command, const char *head, size_t n)
{
    char *argv[] = {"/bin/sh", "-c", (char *)command, NULL};
    struct feed f;
    pid_t pid;
    int status, r, saved;

    if (!rewind_msg())
        return -1;
    if (n > 0) {
        if (!feed_start(&f, argv))
            return -1;
        if (!feed_copy(&f, head, n, 0)) {
            saved = errno;
            feed_abort(&f);
            return errno = saved, -1;
        }
        return feed_finish(&f);
    }
    if ((pid = fork()) == -1)
        return -1;
    if (pid == 0) {
        sig_default(SIGPIPE);
        execv(argv[0], argv);
        _exit(EXIT_TEMP);
    }
    if (wait_pid(pid, &status) == -1)
        return -1;
    r = wait_crashed(status) ? -2 : wait_exitcode(status);
    return r;
}

const char *fwdrun_forward(const char *dtline, const char *sender,
                           const struct str *rcpts, unsigned long *qp)
{
    static struct qq q;
    const char *path;
    size_t pos;

    if (!rewind_msg())
        return NULL;
    if ((path = qq_path()) == NULL || !qq_open(&q, path))
        return NULL;
    *qp = (unsigned long)q.pid;
    qq_puts(&q, dtline);
    qq_copy(&q, 0);
    qq_from(&q, sender);
    for (pos = 0; pos < rcpts->len; pos += str_chr(rcpts->s + pos,
                                                   rcpts->len - pos, '\0') + 1)
        qq_to(&q, rcpts->s + pos);
    return qq_close(&q);
}

int fwdrun_judge(int code)
{
    if (code == 0)
        return EXIT_OK;
    if (code > 0 && code != 99 &&
        dotqmail_command_exit(code) == DQ_EXIT_PERM)
        return EXIT_PERM;
    return EXIT_TEMP;
}
