/*
 * checkpassword - check a login against the system's accounts and run
 * the rest of the chain as that user: the checkpassword interface of
 * cr.yp.to/checkpwd.html. Runs as root between qmail-popup and
 * qmail-pop3d: qmail-popup hostname checkpassword qmail-pop3d Maildir.
 *
 * in:   fd 3: user\0password\0timestamp\0, under 512 bytes (the APOP
 *       timestamp is not used: a crypt(3) hash cannot check an APOP
 *       digest, so APOP fails like a wrong password); argv[1..]: the
 *       program to run; the passwd and shadow databases
 * out:  execs argv[1..] as the user (uid, gid and supplementary groups)
 *       in its home directory, with USER, HOME and SHELL set
 * exit: 1 login refused (unknown user, wrong password, locked or expired
 *       account, uid 0); 2 misuse (no program, bad data on fd 3); 111
 *       temporary (shadow unreadable, cannot change ids, no home, cannot
 *       run the program)
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <shadow.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "die.h"
#include "env.h"
#include "exitcode.h"
#include "pwhash.h"
#include "str.h"
#include "timeout.h"

/* The interface's own exit codes, not quail's 100 and 111. */
#define CHECK_BAD 1
#define CHECK_MISUSE 2
#define CHECK_MAX 512

static char up[CHECK_MAX];
static struct str name, home, shell;

/* Read fd 3 to its end; the login and password must fit. */
static size_t read_login(void)
{
    size_t len = 0;
    ssize_t r;

    for (;;) {
        r = timeout_read(3, up + len, sizeof up - len, 60);
        if (r == -1)
            die_sys(CHECK_MISUSE, "unable to read fd 3", NULL);
        if (r == 0)
            break;
        len += (size_t)r;
        if (len == sizeof up)
            die(CHECK_MISUSE, "more than 511 bytes on fd 3", NULL);
    }
    close(3);
    return len;
}

/* The stored hash: shadow's, else passwd's (no shadow entry). */
static const char *stored_hash(const struct passwd *pw, long *expire)
{
    struct spwd *sp;

    errno = 0;
    sp = getspnam(pw->pw_name);
    if (sp != NULL) {
        *expire = sp->sp_expire;
        return sp->sp_pwdp;
    }
    if (errno != 0 && errno != ENOENT)
        die_sys(EXIT_TEMP, "unable to read the shadow entry", NULL);
    /* "x": the hash is in shadow. NSS loses the EACCES of an unreadable
     * /etc/shadow when a later source (systemd) answers "not found", so
     * a missing entry is taken as one we could not read. */
    if (strcmp(pw->pw_passwd, "x") == 0)
        die(EXIT_TEMP, "unable to read the shadow entry of ", pw->pw_name,
            " (not run as root?)", NULL);
    *expire = -1;
    return pw->pw_passwd;
}

/* shadow(5): the account expires on day sp_expire since 1970 (UTC),
 * counted as pam_unix does. */
static int is_expired(long expire)
{
    return expire != -1 && time(NULL) / 86400 >= expire;
}

/* Become the user: groups first, while we may still set them. */
static void become(const struct passwd *pw)
{
    if (!str_copys(&name, pw->pw_name) || !str_0(&name) ||
        !str_copys(&home, pw->pw_dir) || !str_0(&home) ||
        !str_copys(&shell, pw->pw_shell) || !str_0(&shell))
        die_nomem();
    if (initgroups(name.s, pw->pw_gid) == -1)
        die_sys(EXIT_TEMP, "unable to set the groups of ", name.s, NULL);
    if (setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1 ||
        getuid() != pw->pw_uid || geteuid() != pw->pw_uid ||
        getegid() != pw->pw_gid)
        die_sys(EXIT_TEMP, "unable to become ", name.s, NULL);
    /* After setuid, so the user needs its own right to enter home. */
    if (chdir(home.s) == -1)
        die_sys(EXIT_TEMP, "unable to enter the home of ", name.s, NULL);
    if (!env_set("USER", name.s) || !env_set("HOME", home.s) ||
        !env_set("SHELL", shell.s))
        die_nomem();
}

int main(int argc, char **argv)
{
    size_t len, i;
    char *user, *pass;
    struct passwd *pw;
    const char *hash;
    long expire = -1;
    int is_good;

    progname = "checkpassword";
    if (argc < 2)
        die(CHECK_MISUSE, "usage: checkpassword prog [arg ...]", NULL);
    len = read_login();
    user = up;
    i = strnlen(up, len);
    if (i == len)
        die(CHECK_MISUSE, "no NUL after the user name on fd 3", NULL);
    pass = up + i + 1;
    if (strnlen(pass, len - i - 1) == len - i - 1)
        die(CHECK_MISUSE, "no NUL after the password on fd 3", NULL);
    errno = 0;
    pw = *user ? getpwnam(user) : NULL;
    if (pw == NULL && errno != 0 && errno != ENOENT && errno != ESRCH)
        die_sys(EXIT_TEMP, "unable to look up the user", NULL);
    /* An unknown user costs as much as a known one. */
    hash = pw ? stored_hash(pw, &expire) : pwhash_dummy();
    is_good = pwhash_check(pass, hash) && pw != NULL;
    explicit_bzero(up, sizeof up);
    /* Mail is never read as root (DESIGN.md); expired accounts are
     * shut, as login(1) would shut them. */
    if (!is_good || pw->pw_uid == 0 || is_expired(expire))
        _exit(CHECK_BAD);
    become(pw);
    execvp(argv[1], argv + 1);
    die_sys(EXIT_TEMP, "unable to run ", argv[1], NULL);
}
