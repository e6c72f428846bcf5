/*
 * vdeldomain - remove a virtual domain that vadddomain added, with all
 * its users and their mail, as vpopmail's vdeldomain. Run by the
 * administrator, as root.
 *
 * in:   argv: [-H] domain
 * out:  "domain:domain" leaves control/virtualdomains, "domain" leaves
 *       control/rcpthosts, "+domain-:..." leaves users/assign (then
 *       qmail-newu runs); QMAILHOME/domains/domain is renamed out of
 *       the way and removed, as the domain's account. With -H, svc -h
 *       QMAILHOME/service/qmail-send makes qmail-send reread
 *       virtualdomains.
 * exit: 0 removed; 100 usage, bad name, no such domain; 111 anything
 *       else
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "proc.h"
#include "vpasswd.h"
#include "vpop.h"
#include "wait.h"

static const char usage[] = "vdeldomain [-H] domain";
static struct str domain, domains, dir, text, kept, tmp;

static int is_domain(const char *s, size_t n)
{
    return n == domain.len && !str_diffb_nocase(s, domain.s, n);
}

/* Which lines go: "domain:domain" in virtualdomains, "domain" in
 * rcpthosts, "+domain-:..." in users/assign. */
static int virtual_line(const char *s, size_t n)
{
    size_t colon = str_chr(s, n, ':');

    return colon < n && is_domain(s, colon) &&
           is_domain(s + colon + 1, n - colon - 1);
}

static int rcpthosts_line(const char *s, size_t n)
{
    return is_domain(s, n);
}

static int assign_line(const char *s, size_t n)
{
    return n > domain.len + 2 && s[0] == '+' && is_domain(s + 1, domain.len) &&
           s[domain.len + 1] == '-' && s[domain.len + 2] == ':';
}

/* Rewrite fn without the lines drop picks. 1 when some went. */
static int drop_lines(const char *fn, int (*drop)(const char *, size_t))
{
    size_t i, n, gone = 0;
    int r = control_readfile(&text, fn);

    if (r == -1)
        die_sys(EXIT_TEMP, "unable to read ", fn, NULL);
    kept.len = 0;
    for (i = 0; i < text.len; i += n + 1) {
        n = str_chr(text.s + i, text.len - i, '\n');
        if (drop(text.s + i, n)) {
            gone++;
            continue;
        }
        if (!str_catb(&kept, text.s + i, n) || !str_catc(&kept, '\n'))
            die_nomem();
    }
    if (gone == 0)
        return 0;
    if (!vpop_replace(fn, kept.s, kept.len, 0644))
        die_sys(EXIT_TEMP, "unable to write ", fn, NULL);
    return 1;
}

static void run(char *const argv[], const char *what)
{
    int status = proc_run(argv, -1, -1);

    if (status == -1)
        die_sys(EXIT_TEMP, "unable to run ", argv[0], NULL);
    if (wait_crashed(status) || wait_exitcode(status) != 0)
        die(EXIT_TEMP, argv[0], " failed", what, NULL);
}

/* As the account: rename the directory away first, so no delivery or
 * login finds half of it, then remove it. */
static void remove_dir(uid_t uid, gid_t gid)
{
    pid_t pid;
    int status;

    if ((pid = fork()) == -1)
        die_sys(EXIT_TEMP, "unable to fork", NULL);
    if (pid == 0) {
        if (!vpop_become(uid, gid))
            die_sys(EXIT_TEMP, "unable to take on the account of ", domains.s,
                    NULL);
        if (chdir(domains.s) == -1)
            die_sys(EXIT_TEMP, "unable to chdir to ", domains.s, NULL);
        if (!str_catc(&tmp, '.') || !str_cat(&tmp, &domain) ||
            !str_cats(&tmp, ".del") || !str_0(&tmp))
            die_nomem();
        if (!vpop_rmtree(tmp.s) && errno != ENOENT)
            die_sys(EXIT_TEMP, "unable to remove ", tmp.s, NULL);
        if (rename(domain.s, tmp.s) == -1)
            die_sys(EXIT_TEMP, "unable to rename ", dir.s, NULL);
        if (!vpop_rmtree(tmp.s))
            die_sys(EXIT_TEMP, "unable to remove ", domains.s, "/", tmp.s,
                    NULL);
        _exit(EXIT_OK);
    }
    if (wait_pid(pid, &status) == -1 || wait_crashed(status) ||
        wait_exitcode(status) != 0)
        _exit(EXIT_TEMP); /* the child said why */
}

static void setup(const char *name, uid_t *uid, gid_t *gid)
{
    int r;

    if (!str_copys(&domain, name) || !str_0(&domain))
        die_nomem();
    str_lower(domain.s, domain.len);
    if (!vpasswd_domain_ok(domain.s, domain.len))
        die(EXIT_PERM, "bad domain name: ", name, NULL);
    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", auto_home, NULL);
    if (!vpop_path(&domains, NULL) || !vpop_path(&dir, domain.s))
        die_nomem();
    if ((r = vpop_owner(domains.s, uid, gid)) != 1)
        die_sys(EXIT_TEMP, "unable to use ", domains.s,
                r == -1 && errno == EPERM ? " (owned by root)" : "", NULL);
    if (vpop_lock(domains.s) == -1)
        die_sys(EXIT_TEMP, "unable to lock ", domains.s, NULL);
}

int main(int argc, char **argv)
{
    static char newu[] = "bin/qmail-newu", svc[] = "svc", h[] = "-h";
    char *newuargv[] = {newu, NULL}, *svcargv[] = {svc, h, NULL, NULL};
    struct stat st;
    uid_t uid;
    gid_t gid;
    int opt, hup = 0, has_dir;

    progname = "vdeldomain";
    umask(022);
    while ((opt = getopt(argc, argv, "H")) != -1)
        if (opt == 'H')
            hup = 1;
        else
            die_usage(usage);
    argv += optind;
    if (argc - optind != 1)
        die_usage(usage);
    setup(argv[0], &uid, &gid);
    if (!(has_dir = lstat(dir.s, &st) == 0) && errno != ENOENT)
        die_sys(EXIT_TEMP, "unable to look at ", dir.s, NULL);
    /* a domain vadddomain did not add is not ours to touch */
    if (!drop_lines("control/virtualdomains", virtual_line) && !has_dir)
        die(EXIT_PERM, "no such domain: ", domain.s, NULL);
    drop_lines("control/rcpthosts", rcpthosts_line);
    if (drop_lines("users/assign", assign_line))
        run(newuargv, ": users/cdb not rebuilt");
    if (has_dir)
        remove_dir(uid, gid);
    if (hup) {
        if (!str_copys(&tmp, auto_home) ||
            !str_cats(&tmp, "/service/qmail-send") || !str_0(&tmp))
            die_nomem();
        svcargv[2] = tmp.s;
        run(svcargv, ": qmail-send was not told");
    }
    return EXIT_OK;
}
