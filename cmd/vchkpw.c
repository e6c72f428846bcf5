/*
 * vchkpw - check a virtual mailbox user's password for qmail-popup,
 * speaking the checkpassword interface (cr.yp.to/checkpwd), as
 * vpopmail's vchkpw. Between qmail-popup and qmail-pop3d:
 *     qmail-popup host vchkpw qmail-pop3d Maildir
 *
 * in:   fd 3: user NUL password NUL timestamp NUL (at most 512 bytes);
 *       the user is user@domain or user%domain; argv[1..] the program
 *       to run once the password is right
 * out:  as the domain's account (the owner of QMAILHOME/domains/DOMAIN),
 *       in the user's directory, execs argv[1..] with USER
 *       (user@domain), HOME (that directory) and SHELL (/bin/false) set
 * exit: 1 wrong user or password; 2 usage or unreadable fd 3; 111 a
 *       temporary problem (broken vpasswd.cdb, cannot run the program)
 *
 * The password is checked after dropping root, and an unknown user
 * costs a crypt(3) as a known one does, so the timing does not tell
 * which users exist.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "die.h"
#include "env.h"
#include "exitcode.h"
#include "pwhash.h"
#include "str.h"
#include "vpasswd.h"
#include "vpop.h"

#define EXIT_BADLOGIN 1
#define EXIT_MISUSE 2
#define UP_MAX 512

static const char usage[] = "vchkpw prog [arg ...]";
static char up[UP_MAX + 1];
static struct str name, domain, dir, cdb, buf, addr;

/* The checkpassword data: 0 when fd 3 cannot be read or is malformed.
 * *user and *pass point into up. */
static int read_fd3(const char **user, const char **pass)
{
    size_t len = 0, u;
    ssize_t r;

    while (len < UP_MAX) {
        r = read(3, up + len, UP_MAX - len);
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1)
            return 0;
        if (r == 0)
            break;
        len += (size_t)r;
    }
    close(3);
    u = str_chr(up, len, '\0');
    if (u == len || str_chr(up + u + 1, len - u - 1, '\0') == len - u - 1)
        return 0;
    *user = up;
    *pass = up + u + 1;
    return 1;
}

/* A failed login: log it for the administrator, then exit 1. */
static void bad(const char *user, const char *why)
{
    char safe[128];
    size_t i;

    for (i = 0; user[i] && i < sizeof safe - 1; i++)
        safe[i] = user[i] > 32 && user[i] < 127 ? user[i] : '?';
    safe[i] = '\0';
    warn("login failed for ", safe, ": ", why, NULL);
    memset(up, 0, sizeof up);
    _exit(EXIT_BADLOGIN);
}

/* Find the domain and take on its account: 0 no such domain. */
static int enter(void)
{
    uid_t uid;
    gid_t gid;
    int r;

    if (!vpop_path(&dir, domain.s))
        die_nomem();
    if ((r = vpop_owner(dir.s, &uid, &gid)) == -1 && errno != ENOTDIR)
        die_sys(EXIT_TEMP, "unable to look at ", dir.s, NULL);
    if (r != 1)
        return 0;
    if (!vpop_become(uid, gid))
        die_sys(EXIT_TEMP, "unable to take on the account of ", dir.s, NULL);
    return 1;
}

static void set(const char *n, const char *v)
{
    if (!env_set(n, v))
        die_nomem();
}

int main(int argc, char **argv)
{
    struct vpasswd_ent e;
    const char *user, *pass;
    int r, found;

    progname = "vchkpw";
    if (argc < 2)
        die(EXIT_MISUSE, "usage: ", usage, NULL);
    if (!read_fd3(&user, &pass))
        die(EXIT_MISUSE, "unable to read user and password from fd 3", NULL);
    if ((r = vpasswd_address(user, &name, &domain)) == -1)
        die_nomem();
    if (r == 0 || *pass == '\0') {
        pwhash_check(pass, pwhash_dummy());
        bad(user, r == 0 ? "not user@domain" : "empty password");
    }
    found = enter();
    if (found) {
        if (!str_copyb(&cdb, dir.s, dir.len) ||
            !str_cats(&cdb, "/vpasswd.cdb") || !str_0(&cdb))
            die_nomem();
        if ((r = vpasswd_lookup(cdb.s, name.s, &buf, &e)) == -1)
            die_sys(EXIT_TEMP, "unable to read ", cdb.s, NULL);
        found = r;
    }
    if (!found) {
        pwhash_check(pass, pwhash_dummy());
        bad(user, "no such user");
    }
    if (!pwhash_check(pass, e.hash))
        bad(user, pwhash_locked(e.hash) ? "account locked" : "wrong password");
    memset(up, 0, sizeof up);
    if (chdir(e.dir) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", e.dir, NULL);
    if (!str_copys(&addr, name.s) || !str_catc(&addr, '@') ||
        !str_cat(&addr, &domain) || !str_0(&addr))
        die_nomem();
    set("USER", addr.s);
    set("HOME", e.dir);
    set("SHELL", "/bin/false");
    execvp(argv[1], argv + 1);
    die_sys(EXIT_TEMP, "unable to run ", argv[1], NULL);
}
