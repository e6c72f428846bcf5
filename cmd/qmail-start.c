/*
 * qmail-start - start qmail-send and its helpers, each as its own user,
 * joined by pipes, as qmail 1.03's qmail-start does. Run as root by
 * service/qmail-send/run, from the quail home.
 *
 * in:   argv[1] the default delivery instructions for qmail-lspawn
 *       (./Mailbox when missing, as qmail); argv[2..] an optional logger
 *       command, run as qmaill with qmail-send's log on its fd 0
 * out:  nothing of its own: it becomes qmail-send (so supervise's TERM
 *       reaches qmail-send directly), whose log goes to fd 1 or the logger
 * exit: 111 when not root, a user is unknown, or a pipe, fork or exec
 *       fails
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "die.h"
#include "exitcode.h"
#include "fd.h"
#include "str.h"

struct who {
    uid_t uid;
    gid_t gid;
};

static struct who user(const char *name, const char *group)
{
    struct passwd *pw = getpwnam(name);
    struct group *gr = getgrnam(group);
    struct who w;

    if (pw == NULL)
        die(EXIT_TEMP, "unknown user ", name, NULL);
    if (gr == NULL)
        die(EXIT_TEMP, "unknown group ", group, NULL);
    w.uid = pw->pw_uid;
    w.gid = gr->gr_gid;
    return w;
}

/* Only in a child or just before exec: a failure is fatal either way. */
static void become(struct who w, const char *name)
{
    if (setgroups(1, &w.gid) == -1 || setgid(w.gid) == -1 ||
        setuid(w.uid) == -1)
        die_sys(EXIT_TEMP, "unable to switch to user ", name, NULL);
}

/* A pipe whose ends sit at fd 10 or above, close-on-exec, so moving
 * them onto fds 0..8 never clobbers another. */
static void make_pipe(int p[2])
{
    int q[2], i;

    if (pipe2(q, O_CLOEXEC) == -1)
        die_sys(EXIT_TEMP, "unable to create pipe", NULL);
    for (i = 0; i < 2; i++) {
        p[i] = fcntl(q[i], F_DUPFD_CLOEXEC, 10);
        if (p[i] == -1)
            die_sys(EXIT_TEMP, "unable to create pipe", NULL);
        close(q[i]);
    }
}

static void put(int to, int from)
{
    if (!fd_copy(to, from))
        die_sys(EXIT_TEMP, "unable to set up descriptors", NULL);
}

static void run(const char *prog, char *const argv[]) __attribute__((noreturn));
static void run(const char *prog, char *const argv[])
{
    struct str path = STR_INIT;

    if (!str_cats(&path, auto_home) || !str_cats(&path, "/bin/") ||
        !str_cats(&path, prog) || !str_0(&path))
        die_nomem();
    execv(path.s, argv);
    die_sys(EXIT_TEMP, "unable to run ", path.s, NULL);
}

/* Fork a helper with fd 0 reading `in` and fd 1 writing `out`. */
static void helper(struct who w, const char *name, int in, int out,
                   char *const argv[])
{
    pid_t pid = fork();

    if (pid == -1)
        die_sys(EXIT_TEMP, "unable to fork", NULL);
    if (pid > 0)
        return;
    put(0, in);
    put(1, out);
    if (w.uid != 0)
        become(w, name);
    else if (setgroups(1, &w.gid) == -1 || setgid(w.gid) == -1)
        die_sys(EXIT_TEMP, "unable to switch to group ", auto_group_qmail,
                NULL);
    run(argv[0], argv);
}

static void logger(char **argv)
{
    struct who w = user(auto_user_qmaill, auto_group_nofiles);
    int p[2];
    pid_t pid;

    make_pipe(p);
    pid = fork();
    if (pid == -1)
        die_sys(EXIT_TEMP, "unable to fork", NULL);
    if (pid == 0) {
        put(0, p[0]);
        become(w, auto_user_qmaill);
        execvp(argv[0], argv);
        die_sys(EXIT_TEMP, "unable to run ", argv[0], NULL);
    }
    /* qmail-send's log and every helper's errors go to the logger */
    put(1, p[1]);
    put(2, p[1]);
    close(p[0]);
    close(p[1]);
}

int main(int argc, char **argv)
{
    static char dflt[] = "./Mailbox";
    char *lspawn[] = { "qmail-lspawn", argc > 1 ? argv[1] : dflt, NULL };
    char *rspawn[] = { "qmail-rspawn", NULL };
    char *clean[] = { "qmail-clean", NULL };
    char *send[] = { "qmail-send", NULL };
    struct who root, s, r, q;
    int p[6][2], i;

    progname = "qmail-start";
    if (geteuid() != 0)
        die(EXIT_TEMP, "must be run as root, to give each program its user",
            NULL);
    if (chdir("/") == -1)
        die_sys(EXIT_TEMP, "unable to switch to /", NULL);
    umask(077);
    s = user(auto_user_qmails, auto_group_qmail);
    r = user(auto_user_qmailr, auto_group_qmail);
    q = user(auto_user_qmailq, auto_group_qmail);
    root.uid = 0;
    root.gid = s.gid;
    if (argc > 2)
        logger(argv + 2);
    /* send -> lspawn, lspawn -> send, send -> rspawn, rspawn -> send,
     * send -> clean, clean -> send */
    for (i = 0; i < 6; i++)
        make_pipe(p[i]);
    helper(root, auto_user_root, p[0][0], p[1][1], lspawn);
    helper(r, auto_user_qmailr, p[2][0], p[3][1], rspawn);
    helper(q, auto_user_qmailq, p[4][0], p[5][1], clean);
    /* qmail-send: fd 3 to qmail-lspawn, 4 from it, 5 and 6 for
     * qmail-rspawn, 7 and 8 for qmail-clean */
    put(3, p[0][1]);
    put(4, p[1][0]);
    put(5, p[2][1]);
    put(6, p[3][0]);
    put(7, p[4][1]);
    put(8, p[5][0]);
    become(s, auto_user_qmails);
    run(send[0], send);
}
