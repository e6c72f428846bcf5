/* qq.c - the client side of qmail-queue(8). Exit codes and texts are
 * those qmail 1.03's qmail_close reports. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "auto.h"
#include "env.h"
#include "fd.h"
#include "qq.h"
#include "str.h"
#include "wait.h"

const char *qq_path(void)
{
    static struct str path; /* reachable until exit */
    const char *x = env_get("QMAILQUEUE");

    if (x != NULL && *x != '\0')
        return x;
    if (!str_copys(&path, auto_home) ||
        !str_cats(&path, "/bin/qmail-queue") || !str_0(&path))
        return NULL;
    return path.s;
}

/* In the child: the message pipe on fd 0, the envelope pipe on fd 1,
 * then the queue program. Any failure is QQ_NOEXEC, the one code
 * qq_close can tell apart from what a queue program says. */
static void qq_child(const char *path, int in, int out)
{
    char *argv[2];

    /* `in` is about to replace fd 0: move `out` out of its way first */
    if (out == 0 && (out = fcntl(out, F_DUPFD_CLOEXEC, 3)) == -1)
        _exit(QQ_NOEXEC);
    if (!(in == 0 ? fd_nocoe(0) : fd_copy(0, in)))
        _exit(QQ_NOEXEC);
    if (!(out == 1 ? fd_nocoe(1) : fd_copy(1, out)))
        _exit(QQ_NOEXEC);
    argv[0] = (char *)path;
    argv[1] = NULL;
    execvp(path, argv);
    _exit(QQ_NOEXEC);
}

int qq_open(struct qq *q, const char *path)
{
    int m[2], e[2], saved;

    q->pid = -1;
    q->fdm = q->fde = -1;
    q->failed = 0;
    /* Close-on-exec, so that qmail-queue holds only the read ends it
     * gets as fds 0 and 1 and sees end of file when we close ours. */
    if (pipe2(m, O_CLOEXEC) == -1)
        return 0;
    if (pipe2(e, O_CLOEXEC) == -1) {
        saved = errno;
        close(m[0]);
        close(m[1]);
        return errno = saved, 0;
    }
    q->pid = fork();
    if (q->pid == 0)
        qq_child(path, m[0], e[0]);
    saved = errno;
    close(m[0]);
    close(e[0]);
    if (q->pid == -1) {
        close(m[1]);
        close(e[1]);
        return errno = saved, 0;
    }
    q->fdm = m[1];
    q->fde = e[1];
    buf_init(&q->b, q->fdm, q->space, sizeof q->space);
    return 1;
}

void qq_put(struct qq *q, const char *s, size_t n)
{
    if (!q->failed && !buf_put(&q->b, s, n))
        q->failed = QQ_FAIL_WRITE;
}

void qq_puts(struct qq *q, const char *s)
{
    qq_put(q, s, strlen(s));
}

void qq_fail(struct qq *q)
{
    if (!q->failed)
        q->failed = QQ_FAIL_READ;
}

void qq_copy(struct qq *q, int fd)
{
    char b[BUF_SIZE];
    ssize_t r;

    while ((r = read(fd, b, sizeof b)) != 0) {
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1) {
            qq_fail(q);
            return;
        }
        qq_put(q, b, (size_t)r);
    }
}

void qq_from(struct qq *q, const char *sender)
{
    if (!q->failed && !buf_flush(&q->b))
        q->failed = QQ_FAIL_WRITE;
    if (q->fdm != -1)
        close(q->fdm);
    q->fdm = -1;
    buf_init(&q->b, q->fde, q->space, sizeof q->space);
    qq_put(q, "F", 1);
    qq_put(q, sender, strlen(sender) + 1);
}

void qq_to(struct qq *q, const char *recipient)
{
    qq_put(q, "T", 1);
    qq_put(q, recipient, strlen(recipient) + 1);
}

const char *qq_close(struct qq *q)
{
    int status;

    if (q->pid == -1)
        return "Zunable to start qq (#4.3.0)";
    qq_put(q, "", 1);
    if (!q->failed && !buf_flush(&q->b))
        q->failed = QQ_FAIL_WRITE;
    if (q->fdm != -1)
        close(q->fdm);
    if (q->fde != -1)
        close(q->fde);
    q->fdm = q->fde = -1;
    if (wait_pid(q->pid, &status) != q->pid)
        return "Zqq waitpid surprise (#4.3.0)";
    q->pid = -1;
    if (q->failed == QQ_FAIL_READ)
        return "Zunable to read message (#4.3.0)";
    /* A write failed because qmail-queue went away: its exit code says
     * why. Should it claim success anyway, do not believe it. */
    if (q->failed == QQ_FAIL_WRITE && !wait_crashed(status) &&
        wait_exitcode(status) == 0)
        return "Zqq write error or disk full (#4.3.0)";
    return qq_status(status);
}

const char *qq_status(int status)
{
    int code;

    if (wait_crashed(status))
        return "Zqq crashed (#4.3.0)";
    code = wait_exitcode(status);
    switch (code) {
    case 0:
        return "";
    case 11:
    case 115: /* compatibility with old qmail-queue */
        return "Denvelope address too long for qq (#5.1.3)";
    case 31:
        return "Dmail server permanently rejected message (#5.3.0)";
    case 51:
        return "Zqq out of memory (#4.3.0)";
    case 52:
        return "Zqq timeout (#4.3.0)";
    case 53:
        return "Zqq write error or disk full (#4.3.0)";
    case 54:
        return "Zqq read error (#4.3.0)";
    case 55:
        return "Zqq unable to read configuration (#4.3.0)";
    case 56:
        return "Zqq trouble making network connection (#4.3.0)";
    case 61:
        return "Zqq trouble in home directory (#4.3.0)";
    case 62:
    case 63:
    case 64:
    case 65:
    case 66:
        return "Zqq trouble creating files in queue (#4.3.0)";
    case 71:
        return "Zmail server temporarily rejected message (#4.3.0)";
    case 72:
        return "Zconnection to mail server timed out (#4.4.1)";
    case 73:
        return "Zconnection to mail server rejected (#4.4.1)";
    case 74:
        return "Zcommunication with mail server failed (#4.4.2)";
    case 81:
    case 91:
        return "Zqq internal bug (#4.3.0)";
    case QQ_NOEXEC:
        return "Zunable to exec qq (#4.3.0)";
    default:
        if (code >= 11 && code <= 40)
            return "Dqq permanent problem (#5.3.0)";
        return "Zqq temporary problem (#4.3.0)";
    }
}
