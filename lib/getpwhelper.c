/* getpwhelper.c - the user lookup of qmail-lspawn in one process of
 * its own (see getpwhelper.h). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errtext.h"
#include "getpw.h"
#include "getpwhelper.h"
#include "spawn.h"
#include "wholefile.h"

/* A local part is at most a spawn field, and its NUL. */
#define REQUEST_MAX (SPAWN_FIELD_MAX + 1)
/* An answer: the fields (the extension is part of the local part). */
#define ANSWER_MAX (2 * SPAWN_FIELD_MAX)

union fdbuf {
    struct cmsghdr h;
    char b[CMSG_SPACE(sizeof(int))];
};

/* The fd passed with a message, or -1. */
static int passed_fd(struct msghdr *m)
{
    struct cmsghdr *c = CMSG_FIRSTHDR(m);
    int fd;

    if (c == NULL || c->cmsg_level != SOL_SOCKET ||
        c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof fd))
        return -1;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

/* Answer requests on s until every asker is gone; with broken set
 * (the helper could not become its user), answer each with that. */
static void serve(int s, const char *broken) __attribute__((noreturn));
static void serve(int s, const char *broken)
{
    static char q[REQUEST_MAX];
    struct str answer = STR_INIT, why = STR_INIT;
    union fdbuf cb;
    struct msghdr m;
    struct iovec v;
    ssize_t n;
    int fd, ok;

    for (;;) {
        v.iov_base = q;
        v.iov_len = sizeof q;
        memset(&m, 0, sizeof m);
        m.msg_iov = &v;
        m.msg_iovlen = 1;
        m.msg_control = cb.b;
        m.msg_controllen = sizeof cb.b;
        n = recvmsg(s, &m, MSG_CMSG_CLOEXEC);
        if (n == 0)
            _exit(0); /* every asker is gone */
        if (n == -1) {
            if (errno == EINTR)
                continue;
            _exit(111);
        }
        if ((fd = passed_fd(&m)) == -1)
            continue;
        answer.len = why.len = 0;
        if (broken != NULL)
            ok = str_catc(&answer, 'Z') && str_cats(&answer, broken);
        else if (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC) || q[n - 1] != '\0')
            ok = str_cats(&answer, "Zbad request to the user lookup");
        else if (str_catc(&answer, 'K') && getpw_find(q, &answer, &why))
            ok = 1;
        else
            ok = (answer.len = 0, str_catc(&answer, 'Z')) &&
                 str_cats(&answer, why.len ? why.s : "out of memory");
        if (ok && answer.len <= ANSWER_MAX) /* else no answer: -1 */
            (void)wholefile_write(fd, answer.s, answer.len);
        close(fd);
    }
}

int getpwhelper_start(uid_t uid, gid_t gid, pid_t *helper)
{
    struct str broken = STR_INIT;
    int sv[2], null;
    pid_t pid;

    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1)
        return -1;
    pid = fork();
    if (pid == -1) {
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        close(sv[0]);
        /* Hold nothing of our parent's: its spawn pipes must see their
         * end when it exits. */
        null = open("/dev/null", O_RDWR);
        if (null == -1 || dup2(null, 0) == -1 || dup2(null, 1) == -1)
            _exit(111);
        if (null > 2)
            close(null);
        signal(SIGPIPE, SIG_IGN);
        if (setgroups(1, &gid) == 0 && setgid(gid) == 0 && setuid(uid) == 0)
            serve(sv[1], NULL);
        if (!str_cats(&broken, "unable to switch to the lookup user: ") ||
            !str_cats(&broken, errtext(errno)) || !str_0(&broken))
            _exit(111);
        serve(sv[1], broken.s);
    }
    close(sv[1]);
    if (helper != NULL)
        *helper = pid;
    return sv[0];
}

int getpwhelper_ask(int s, const char *local, struct str *out,
                    struct str *why)
{
    struct str answer = STR_INIT;
    union fdbuf cb;
    struct msghdr m;
    struct iovec v;
    char b[4096];
    ssize_t r;
    int p[2], x = -1;

    if (pipe2(p, O_CLOEXEC) == -1)
        return -1;
    v.iov_base = (void *)local;
    v.iov_len = strlen(local) + 1;
    memset(&m, 0, sizeof m);
    memset(&cb, 0, sizeof cb);
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = cb.b;
    m.msg_controllen = sizeof cb.b;
    CMSG_FIRSTHDR(&m)->cmsg_level = SOL_SOCKET;
    CMSG_FIRSTHDR(&m)->cmsg_type = SCM_RIGHTS;
    CMSG_FIRSTHDR(&m)->cmsg_len = CMSG_LEN(sizeof p[1]);
    memcpy(CMSG_DATA(CMSG_FIRSTHDR(&m)), &p[1], sizeof p[1]);
    r = sendmsg(s, &m, MSG_NOSIGNAL);
    close(p[1]);
    if (r != (ssize_t)v.iov_len) {
        close(p[0]);
        return -1;
    }
    for (;;) {
        r = read(p[0], b, sizeof b);
        if (r == -1 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        if (answer.len > ANSWER_MAX || !str_catb(&answer, b, (size_t)r)) {
            r = -1;
            break;
        }
    }
    close(p[0]);
    if (r == 0 && answer.len > 0 && answer.s[0] == 'K')
        x = str_catb(out, answer.s + 1, answer.len - 1) ? 1 : -1;
    else if (r == 0 && answer.len > 0 && answer.s[0] == 'Z')
        x = str_copyb(why, answer.s + 1, answer.len - 1) && str_0(why) ? 0
                                                                       : -1;
    str_free(&answer);
    return x;
}
