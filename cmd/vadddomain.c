/*
 * vadddomain - add a virtual domain whose mail goes to virtual mailbox
 * users, as vpopmail's vadddomain. Run by the administrator, as root.
 *
 * in:   argv: [-H] [-e catchall] domain [postmaster-password]
 * out:  control/virtualdomains gets "domain:domain"; control/rcpthosts,
 *       when it exists, gets "domain"; users/assign gets
 *       "+domain-:account:uid:gid:QMAILHOME/domains/domain:-::" and
 *       qmail-newu is run; QMAILHOME/domains/domain is made as the
 *       account (the owner of QMAILHOME/domains) with .qmail-default
 *       ("| vdelivermail '' catchall"), an empty vpasswd and vpasswd.cdb.
 *       With a password, vadduser adds postmaster@domain. With -H,
 *       svc -h QMAILHOME/service/qmail-send makes qmail-send reread
 *       virtualdomains.
 * exit: 0 added; 100 usage, bad name, the domain exists or is local or
 *       routed elsewhere in virtualdomains; 111 anything else
 *
 * Steps that are already done (the same lines present) are passed
 * over, so running it again after a failure finishes the job; the
 * domain directory is made under a temporary name and renamed last.
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "auto.h"
#include "cdbwrite.h"
#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "fmt.h"
#include "proc.h"
#include "sig.h"
#include "syncdir.h"
#include "vpasswd.h"
#include "vpop.h"
#include "wait.h"

static const char usage[] =
    "vadddomain [-H] [-e catchall] domain [postmaster-password]";
static struct str domain, domains, dir, text, line, tmp;
static uid_t uid;
static gid_t gid;

/* The next line of text from *pos: its start and length (no newline). */
static int next_line(size_t *pos, const char **s, size_t *len)
{
    if (*pos >= text.len)
        return 0;
    *s = text.s + *pos;
    *len = str_chr(*s, text.len - *pos, '\n');
    *pos += *len + 1;
    return 1;
}

static void read_text(const char *fn, int *exists)
{
    int r = control_readfile(&text, fn);

    if (r == -1)
        die_sys(EXIT_TEMP, "unable to read ", fn, NULL);
    *exists = r;
    if (text.len > 0 && text.s[text.len - 1] != '\n' && !str_catc(&text, '\n'))
        die_nomem();
}

static void write_text(const char *fn)
{
    if (!vpop_replace(fn, text.s, text.len, 0644))
        die_sys(EXIT_TEMP, "unable to write ", fn, NULL);
}

/* s[0..n) is our domain, in any case */
static int is_domain(const char *s, size_t n)
{
    return n == domain.len && !str_diffb_nocase(s, domain.s, n);
}

static void check_locals(void)
{
    const char *s;
    size_t pos = 0, len;
    int exists;

    read_text("control/locals", &exists);
    while (next_line(&pos, &s, &len))
        if (is_domain(s, len))
            die(EXIT_PERM, domain.s, " is in control/locals", NULL);
}

/* "domain:domain", vpopmail's prepend: mail for user@domain becomes
 * local mail for domain-user, which users/assign gives the account. */
static void add_virtualdomain(void)
{
    const char *s;
    size_t pos = 0, len, colon;
    int exists;

    read_text("control/virtualdomains", &exists);
    while (next_line(&pos, &s, &len)) {
        colon = str_chr(s, len, ':');
        if (colon == len || !is_domain(s, colon))
            continue;
        if (is_domain(s + colon + 1, len - colon - 1))
            return; /* done before */
        die(EXIT_PERM, domain.s, " is already in control/virtualdomains",
            NULL);
    }
    if (!str_cat(&text, &domain) || !str_catc(&text, ':') ||
        !str_cat(&text, &domain) || !str_catc(&text, '\n'))
        die_nomem();
    write_text("control/virtualdomains");
}

/* Only an existing rcpthosts is extended: making one would turn away
 * every local domain that qmail-smtpd accepts without it. */
static void add_rcpthost(void)
{
    const char *s;
    size_t pos = 0, len;
    int exists;

    read_text("control/rcpthosts", &exists);
    if (!exists)
        return;
    while (next_line(&pos, &s, &len))
        if (is_domain(s, len))
            return;
    if (!str_cat(&text, &domain) || !str_catc(&text, '\n'))
        die_nomem();
    write_text("control/rcpthosts");
}

static void assign_line(void)
{
    struct passwd *pw = getpwuid(uid);
    char num[FMT_ULONG];

    if (pw == NULL)
        die(EXIT_TEMP, "no user name for the owner of ", domains.s, NULL);
    line.len = 0;
    if (!str_catc(&line, '+') || !str_cat(&line, &domain) ||
        !str_cats(&line, "-:") || !str_cats(&line, pw->pw_name) ||
        !str_catc(&line, ':') ||
        !str_catb(&line, num, fmt_ulong(num, (unsigned long)uid)) ||
        !str_catc(&line, ':') ||
        !str_catb(&line, num, fmt_ulong(num, (unsigned long)gid)) ||
        !str_catc(&line, ':') || !str_cat(&line, &dir) ||
        !str_cats(&line, ":-::\n"))
        die_nomem();
}

static void run(char *const argv[], const char *what)
{
    int status = proc_run(argv, -1, -1);

    if (status == -1)
        die_sys(EXIT_TEMP, "unable to run ", argv[0], NULL);
    if (wait_crashed(status) || wait_exitcode(status) != 0)
        die(EXIT_TEMP, argv[0], " failed", what, NULL);
}

/* users/assign: our line before the final ".", then qmail-newu. */
static void add_assign(void)
{
    static char newu[] = "bin/qmail-newu";
    char *argv[] = {newu, NULL};
    const char *s;
    size_t pos = 0, len, dot = 0;
    int exists, found = 0;

    assign_line();
    read_text("users/assign", &exists);
    while (next_line(&pos, &s, &len)) {
        if (len == 1 && s[0] == '.') {
            dot = (size_t)(s - text.s);
            found = 1;
            break;
        }
        if (len + 1 == line.len && !memcmp(s, line.s, len))
            return;
        if (len > domain.len + 2 && s[0] == '+' &&
            !str_diffb_nocase(s + 1, domain.s, domain.len) &&
            s[domain.len + 1] == '-' && s[domain.len + 2] == ':')
            die(EXIT_PERM, "users/assign already assigns ", domain.s, "-",
                NULL);
    }
    if (exists && !found)
        die(EXIT_TEMP, "users/assign has no final \".\" line", NULL);
    if (!exists && !str_cats(&text, ".\n"))
        die_nomem();
    if (!str_copyb(&tmp, text.s, dot) || !str_cat(&tmp, &line) ||
        !str_catb(&tmp, text.s + dot, text.len - dot))
        die_nomem();
    if (!vpop_replace("users/assign", tmp.s, tmp.len, 0644))
        die_sys(EXIT_TEMP, "unable to write users/assign", NULL);
    run(argv, ": users/cdb not rebuilt");
}

/* In the child, as the account, in QMAILHOME/domains. */
static void make_dir(const char *catchall)
{
    struct str t = STR_INIT, fn = STR_INIT;
    unsigned long lineno;
    const char *why;

    if (!str_catc(&t, '.') || !str_cat(&t, &domain) || !str_cats(&t, ".new") ||
        !str_0(&t))
        die_nomem();
    if (!vpop_rmtree(t.s) && errno != ENOENT)
        die_sys(EXIT_TEMP, "unable to remove ", t.s, NULL);
    if (mkdir(t.s, 0700) == -1 || chdir(t.s) == -1)
        die_sys(EXIT_TEMP, "unable to make ", domains.s, "/", t.s, NULL);
    /* quoted for sh -c; vadddomain refuses homes holding a quote */
    if (!str_cats(&fn, "| '") || !str_cats(&fn, auto_home) ||
        !str_cats(&fn, "/bin/vdelivermail' '' '") ||
        !str_cats(&fn, catchall) || !str_cats(&fn, "'\n"))
        die_nomem();
    text.len = 0;
    if (!vpop_replace(".qmail-default", fn.s, fn.len, 0600) ||
        !vpop_replace("vpasswd", "", 0, 0600))
        die_sys(EXIT_TEMP, "unable to write in ", t.s, NULL);
    if (!vpasswd_compile(&text, "vpasswd.cdb", (uid_t)-1, (gid_t)-1, &lineno,
                         &why))
        die_sys(EXIT_TEMP, "unable to write ", t.s, "/vpasswd.cdb", NULL);
    if (chdir("..") == -1 || rename(t.s, domain.s) == -1 ||
        !syncdir_of(domain.s))
        die_sys(EXIT_TEMP, "unable to rename ", t.s, " to ", domain.s, NULL);
    str_free(&t);
    str_free(&fn);
}

static void add_dir(const char *catchall)
{
    pid_t pid;
    int status;

    if ((pid = fork()) == -1)
        die_sys(EXIT_TEMP, "unable to fork", NULL);
    if (pid == 0) {
        umask(077); /* vpasswd.cdb holds the hashes */
        if (!vpop_become(uid, gid))
            die_sys(EXIT_TEMP, "unable to take on the account of ", domains.s,
                    NULL);
        if (chdir(domains.s) == -1)
            die_sys(EXIT_TEMP, "unable to chdir to ", domains.s, NULL);
        make_dir(catchall);
        _exit(EXIT_OK);
    }
    if (wait_pid(pid, &status) == -1 || wait_crashed(status) ||
        wait_exitcode(status) != 0)
        _exit(EXIT_TEMP); /* the child said why */
}

/* What .qmail-default hands vdelivermail for unknown users: words
 * only, so the line needs no quoting beyond the single quotes. */
static void check_catchall(const char *c)
{
    size_t i;

    for (i = 0; c[i]; i++)
        if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= 'A' && c[i] <= 'Z') ||
              (c[i] >= '0' && c[i] <= '9') || strchr("@%._+=/-", c[i])))
            die(EXIT_PERM,
                "catch-all may hold only letters, digits and "
                "@%._+=/-",
                NULL);
    if (i == 0)
        die(EXIT_PERM, "empty catch-all", NULL);
}

static void setup(const char *name)
{
    struct stat st;
    int r;

    if (!str_copys(&domain, name) || !str_0(&domain))
        die_nomem();
    str_lower(domain.s, domain.len);
    if (!vpasswd_domain_ok(domain.s, domain.len))
        die(EXIT_PERM, "bad domain name: ", name, NULL);
    if (strchr(auto_home, '\'') || strchr(auto_home, ':'))
        die(EXIT_TEMP, "QMAILHOME holds a quote or a colon: ", auto_home,
            NULL);
    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", auto_home, NULL);
    if (!vpop_path(&domains, NULL) || !vpop_path(&dir, domain.s))
        die_nomem();
    if ((r = vpop_owner(domains.s, &uid, &gid)) == 0)
        die(EXIT_TEMP, domains.s,
            " does not exist: make it, owned by the "
            "virtual mail account",
            NULL);
    if (r == -1)
        die_sys(EXIT_TEMP, "unable to use ", domains.s,
                errno == EPERM ? " (owned by root)" : "", NULL);
    if (vpop_lock(domains.s) == -1)
        die_sys(EXIT_TEMP, "unable to lock ", domains.s, NULL);
    if (lstat(dir.s, &st) == 0)
        die(EXIT_PERM, "domain exists: ", dir.s, NULL);
    if (errno != ENOENT)
        die_sys(EXIT_TEMP, "unable to look at ", dir.s, NULL);
}

/* postmaster@domain through vadduser, the password on its stdin, so
 * it never shows in a second process's arguments. */
static void add_postmaster(const char *password)
{
    static char vadduser[] = "bin/vadduser";
    char *argv[] = {vadduser, NULL, NULL};
    int fd[2];
    pid_t pid;
    int status;

    if (!str_copys(&tmp, "postmaster@") || !str_cat(&tmp, &domain) ||
        !str_0(&tmp))
        die_nomem();
    argv[1] = tmp.s;
    if (pipe(fd) == -1)
        die_sys(EXIT_TEMP, "unable to make a pipe", NULL);
    if ((pid = proc_spawn(argv, fd[0], -1)) == -1)
        die_sys(EXIT_TEMP, "unable to run bin/vadduser", NULL);
    close(fd[0]);
    if (write(fd[1], password, strlen(password)) == -1 ||
        write(fd[1], "\n", 1) == -1)
        warn_sys("unable to give vadduser the password", NULL);
    close(fd[1]);
    if (wait_pid(pid, &status) == -1 || wait_crashed(status) ||
        wait_exitcode(status) != 0)
        die(EXIT_TEMP, "domain added, but not postmaster@", domain.s, NULL);
}

int main(int argc, char **argv)
{
    static char svc[] = "svc", h[] = "-h";
    const char *catchall = "bounce-no-mailbox";
    char *svcargv[] = {svc, h, NULL, NULL};
    int opt, hup = 0;

    progname = "vadddomain";
    umask(022);
    sig_ignore(SIGPIPE);
    while ((opt = getopt(argc, argv, "He:")) != -1)
        if (opt == 'H')
            hup = 1;
        else if (opt == 'e')
            catchall = optarg;
        else
            die_usage(usage);
    argv += optind;
    if (argc - optind != 1 && argc - optind != 2)
        die_usage(usage);
    check_catchall(catchall);
    if (argv[1] != NULL && (argv[1][0] == '\0' || strchr(argv[1], '\n')))
        die(EXIT_PERM, "empty password or one with a newline", NULL);
    setup(argv[0]);
    check_locals();
    add_virtualdomain();
    add_rcpthost();
    add_assign();
    add_dir(catchall);
    if (argv[1] != NULL)
        add_postmaster(argv[1]);
    if (hup) {
        if (!str_copys(&tmp, auto_home) ||
            !str_cats(&tmp, "/service/qmail-send") || !str_0(&tmp))
            die_nomem();
        svcargv[2] = tmp.s;
        run(svcargv, ": qmail-send was not told");
    }
    return EXIT_OK;
}
