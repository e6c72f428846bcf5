/*
 * qmail-lspawn - run qmail-send's local deliveries, each as the user
 * who controls the address (qmail-lspawn(8)).
 * Started by qmail-start as root; the only quail program that changes
 * to an arbitrary user, and it never delivers as uid 0.
 *
 * in:   argv[1] the default delivery instructions for qmail-local;
 *       spawn requests on fd 0 (notes/interfaces.md); users/cdb;
 *       qmail-getpw(8)'s rules (lib/getpw.c) for addresses users/cdb
 *       does not assign, asked of a long-lived helper running as
 *       qmailp (lib/getpwhelper.c), or of a helper started for the one
 *       lookup when that one is gone
 * out:  one report per delivery on fd 1: K (qmail-local exited 0),
 *       D (100), Z (anything else), with qmail-local's output as text
 * exit: 0 when fd 0 ends and every delivery is reported; 100 usage;
 *       111 qmailp or nofiles missing, or the spawner cannot start
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "auto.h"
#include "cdblookup.h"
#include "die.h"
#include "errtext.h"
#include "exitcode.h"
#include "fmt.h"
#include "getpwhelper.h"
#include "spawn.h"
#include "str.h"
#include "users.h"
#include "wait.h"

static const char usage[] = "qmail-lspawn defaultdelivery";
static const char *defaultdelivery;
static uid_t uid_getpw; /* qmail-getpw runs as qmailp:nofiles */
static gid_t gid_getpw;

static void nomem(void)
{
    spawn_child_fail(EXIT_TEMP, "Out of memory in qmail-lspawn. (#4.3.0)",
                     NULL);
}

static void path(struct str *x, const char *rel)
{
    if (!str_copys(x, auto_home) || !str_cats(x, rel) || !str_0(x))
        nomem();
}

/* Become uid:gid with gid as the only group. */
static int become(uid_t uid, gid_t gid)
{
    return setgroups(1, &gid) == 0 && setgid(gid) == 0 && setuid(uid) == 0;
}

/* The lookup helper (getpwhelper.h), started by main; -1 without. */
static int helper = -1;

/* qmail-getpw(8)'s rules for local, asked of a process running as
 * qmailp, as qmail-getpw runs in qmail: the password database and its
 * NSS modules are never read as root. Normally the long-lived helper;
 * when it is gone, one started for this lookup alone. 1 found (the six
 * fields appended to out), else why says what went wrong. */
static int ask_getpw(const char *local, struct str *out, struct str *why)
{
    pid_t pid;
    int s, r, status;

    if (helper != -1 && (r = getpwhelper_ask(helper, local, out, why)) != -1)
        return r;
    s = getpwhelper_start(uid_getpw, gid_getpw, &pid);
    r = s == -1 ? -1 : getpwhelper_ask(s, local, out, why);
    if (s != -1) {
        close(s); /* the helper's end of file: it exits */
        (void)wait_pid(pid, &status);
    }
    if (r == -1 && (!str_copys(why, s == -1 ? errtext(errno) : "no answer") ||
                    !str_0(why)))
        nomem();
    return r == 1;
}

/* users/cdb first (qmail-users(5)), then qmail-getpw(8)'s rules. */
static void lookup(const char *local, struct str *out)
{
    struct str fn = STR_INIT, why = STR_INIT;
    struct cdblookup c;
    int r;

    path(&fn, "/users/cdb");
    r = cdblookup_open(&c, fn.s);
    if (r == 1) {
        r = users_find(&c, local, out);
        cdblookup_close(&c);
    }
    if (r == -1)
        spawn_child_fail(EXIT_TEMP, "Trouble reading users/cdb: ",
                         errtext(errno), ". (#4.3.0)", NULL);
    if (r == 0 && !ask_getpw(local, out, &why))
        spawn_child_fail(EXIT_TEMP, "Unable to look up the user for ",
                         local, ": ", why.len ? why.s : "out of memory",
                         ". (#4.3.0)", NULL);
}

static void child(const char *sender, const char *recip)
{
    struct str local = STR_INIT, who = STR_INIT, prog = STR_INIT;
    struct users_ent e;
    const char *domain;
    char *argv[11];
    size_t at;

    /* The local part is everything before the last '@'. */
    at = str_rchr(recip, strlen(recip), '@');
    domain = recip[at] == '@' ? recip + at + 1 : "";
    if (!str_copyb(&local, recip, at) || !str_0(&local))
        nomem();
    lookup(local.s, &who);
    if (!users_split(who.s, who.len, &e))
        spawn_child_fail(EXIT_TEMP, "Unusable user assignment for ",
                         local.s, ". (#4.3.0)", NULL);
    if (e.uid == 0 || (uid_t)e.uid != e.uid || (gid_t)e.gid != e.gid)
        spawn_child_fail(EXIT_TEMP, "Not allowed to deliver mail as uid 0 "
                         "(user ", e.user, "). (#4.3.0)", NULL);
    if (!become((uid_t)e.uid, (gid_t)e.gid))
        spawn_child_fail(EXIT_TEMP, "Unable to switch to user ", e.user,
                         ": ", errtext(errno), ". (#4.3.0)", NULL);
    if (getuid() == 0 || geteuid() == 0) /* belt and braces */
        spawn_child_fail(EXIT_TEMP, "Not allowed to deliver mail as root."
                         " (#4.3.0)", NULL);
    if (chdir(e.home) == -1)
        spawn_child_fail(EXIT_TEMP, "Unable to switch to home directory ",
                         e.home, ": ", errtext(errno), ". (#4.3.0)", NULL);
    path(&prog, "/bin/qmail-local");
    argv[0] = prog.s;
    argv[1] = "--";
    argv[2] = (char *)e.user;
    argv[3] = (char *)e.home;
    argv[4] = local.s;
    argv[5] = (char *)e.dash;
    argv[6] = (char *)e.ext;
    argv[7] = (char *)domain;
    argv[8] = (char *)sender;
    argv[9] = (char *)defaultdelivery;
    argv[10] = NULL;
    execv(prog.s, argv);
    spawn_child_fail(EXIT_TEMP, "Unable to run qmail-local: ",
                     errtext(errno), ". (#4.3.0)", NULL);
}

/* qmail-local(8): 0 delivered, 100 permanent, 111 temporary. Anything
 * else is a surprise, and a surprise is never a bounce. */
static char result(int status, struct str *text)
{
    char num[FMT_ULONG + 1];
    int code;

    if (!wait_crashed(status)) {
        code = wait_exitcode(status);
        if (code == 0)
            return 'K';
        if (code == 100)
            return 'D';
        if (code == 111)
            return 'Z';
    }
    if (text->len > 0 && text->s[text->len - 1] != '\n')
        (void)str_catc(text, '\n');
    num[fmt_ulong(num, wait_crashed(status)
                           ? (unsigned long)(status & 127)
                           : (unsigned long)wait_exitcode(status))] = '\0';
    (void)(str_cats(text, wait_crashed(status)
                              ? "qmail-local was killed by signal "
                              : "qmail-local exited with status ") &&
           str_cats(text, num) && str_cats(text, ". (#4.3.0)"));
    return 'Z';
}

int main(int argc, char **argv)
{
    static const struct spawn_prog prog = { child, result };
    struct passwd *pw;
    struct group *gr;

    progname = "qmail-lspawn";
    if (argc != 2)
        die_usage(usage);
    defaultdelivery = argv[1];
    if ((pw = getpwnam(auto_user_qmailp)) == NULL)
        die(EXIT_TEMP, "unable to find the user ", auto_user_qmailp, NULL);
    if ((gr = getgrnam(auto_group_nofiles)) == NULL)
        die(EXIT_TEMP, "unable to find the group ", auto_group_nofiles,
            NULL);
    uid_getpw = pw->pw_uid;
    gid_getpw = gr->gr_gid;
    helper = getpwhelper_start(uid_getpw, gid_getpw, NULL);
    spawn_main(&prog);
}
