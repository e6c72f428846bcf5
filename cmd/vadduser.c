/*
 * vadduser - add a virtual mailbox user to a virtual domain, as
 * vpopmail's vadduser: a line in the domain's vpasswd with a crypt(3)
 * hash of the password, vpasswd.cdb rebuilt, and the user's directory
 * with an empty Maildir. Run by the administrator.
 *
 * in:   argv: [-c comment] [-q quota] user@domain [password]; without a
 *       password argument, the password is the first line of stdin
 *       (asked twice, without echo, on a terminal)
 * out:  QMAILHOME/domains/DOMAIN/vpasswd and vpasswd.cdb replaced,
 *       DOMAIN/USER/Maildir/ made, all as the domain's account
 * exit: 0 added; 100 usage, bad address or comment, no such domain,
 *       user exists; 111 anything else (nothing is then added)
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "pwhash.h"
#include "vpasswd.h"
#include "vpop.h"
#include "vtool.h"

static const char usage[] =
    "vadduser [-c comment] [-q quota] user@domain [password]";
static struct str name, domain, dir, userdir, pw, hash, text;

/* gecos ends at ':' and the line at '\n'; keep it one printable field */
static void check_comment(const char *c)
{
    size_t i;

    for (i = 0; c[i]; i++)
        if (c[i] == ':' || (unsigned char)c[i] < 32 || c[i] == 127)
            die(EXIT_PERM, "comment may not hold ':' or control characters",
                NULL);
    if (i > 256)
        die(EXIT_PERM, "comment longer than 256 bytes", NULL);
}

static void add_line(const char *gecos, const char *quota)
{
    struct vpasswd_ent e;
    size_t pos, len;

    if (control_readfile(&text, "vpasswd") == -1)
        die_sys(EXIT_TEMP, "unable to read vpasswd", NULL);
    if (vpasswd_find(&text, name.s, &pos, &len))
        die(EXIT_PERM, name.s, "@", domain.s, " already exists", NULL);
    if (text.len > 0 && text.s[text.len - 1] != '\n' && !str_catc(&text, '\n'))
        die_nomem();
    e.name = name.s, e.hash = hash.s, e.uid = "0", e.gid = "0";
    e.gecos = gecos, e.dir = userdir.s, e.quota = quota;
    if (!vpasswd_format(&text, &e))
        die_nomem();
}

int main(int argc, char **argv)
{
    const char *gecos = "", *quota = "NOQUOTA", *why;
    unsigned long long bytes;
    unsigned long lineno;
    int opt, r;

    progname = "vadduser";
    umask(077);
    while ((opt = getopt(argc, argv, "c:q:")) != -1)
        if (opt == 'c')
            gecos = optarg;
        else if (opt == 'q')
            quota = optarg;
        else
            die_usage(usage);
    argv += optind;
    if (argc - optind != 1 && argc - optind != 2)
        die_usage(usage);
    check_comment(gecos);
    if (vpasswd_quota(quota, &bytes) == -1)
        die(EXIT_PERM, "quota must be NOQUOTA or a number of bytes", NULL);
    if ((r = vpasswd_address(argv[0], &name, &domain)) != 1)
        r == 0 ? die(EXIT_PERM, "bad address: ", argv[0], NULL) : die_nomem();
    vtool_password(&pw, argv[1]);
    if (!pwhash_make(&hash, pw.s))
        die_sys(EXIT_TEMP, "unable to hash the password", NULL);
    vtool_enter(domain.s, &dir);
    if (!str_copyb(&userdir, dir.s, dir.len) || !str_catc(&userdir, '/') ||
        !str_cat(&userdir, &name) || !str_0(&userdir))
        die_nomem();
    add_line(gecos, quota);
    /* the Maildir first: mail may come the moment the cdb has the user */
    if (!vpop_mkuser(name.s))
        die_sys(EXIT_TEMP, "unable to make ", userdir.s, NULL);
    if (!vpop_save(&text, &lineno, &why)) {
        int saved = errno;
        vpop_rmtree(name.s);
        errno = saved;
        vtool_save_failed(lineno, why);
    }
    return EXIT_OK;
}
