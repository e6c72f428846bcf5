/*
 * qmail-getpw - find the account that controls a local address, by
 * qmail-getpw(8)'s rules over the password database.
 * Run by qmail-lspawn, as qmailp, for local parts users/cdb does not
 * assign.
 *
 * in:   argv[1] is the local part, as received
 * out:  user\0uid\0gid\0home\0dash\0ext\0 on fd 1
 * exit: 0 found (perhaps the alias user); 100 usage; 111 temporary
 *       failure (password database or a home directory unreadable, no
 *       usable alias user, write error)
 */
#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>

#include "auto.h"
#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "str.h"

/* Longer names are never tried, as in qmail: account names are short,
 * and this bounds the lookups a long local part can cause. */
#define USER_MAX 32

static const char usage[] = "qmail-getpw local";

/* getpwnam says "no such user" with NULL and, depending on the NSS
 * module, errno 0, ENOENT, ESRCH, EBADF or EPERM; anything else means
 * the database could not be read, and guessing "no user" would send the
 * mail to the alias user. */
static int nouser_errno(int e)
{
    return e == 0 || e == ENOENT || e == ESRCH || e == EBADF || e == EPERM;
}

/* The account named by the first len bytes of local, lowercased, if
 * qmail-getpw(8) lets it receive mail: not uid 0, a home directory that
 * exists and is owned by it, no upper case in its name. */
static struct passwd *usable(const char *local, size_t len)
{
    char name[USER_MAX];
    struct passwd *pw;
    struct stat st;

    if (len == 0 || len >= sizeof name)
        return NULL;
    memcpy(name, local, len);
    name[len] = '\0';
    str_lower(name, len);
    errno = 0;
    if ((pw = getpwnam(name)) == NULL) {
        if (!nouser_errno(errno))
            die_sys(EXIT_TEMP, "unable to read the password database", NULL);
        return NULL;
    }
    /* An NSS module may match names without regard to case: the entry
     * must be spelled exactly as the lowercased name we asked for. */
    if (strcmp(pw->pw_name, name) != 0 || pw->pw_uid == 0)
        return NULL;
    if (stat(pw->pw_dir, &st) == -1) {
        if (errno == ENOENT || errno == ENOTDIR)
            return NULL;
        die_sys(EXIT_TEMP, "unable to stat ", pw->pw_dir, NULL);
    }
    return st.st_uid == pw->pw_uid ? pw : NULL;
}

static void put(const char *s)
{
    if (!buf_puts(&buf_out, s) || !buf_putc(&buf_out, '\0'))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
}

static void putnum(unsigned long u)
{
    if (!buf_putulong(&buf_out, u) || !buf_putc(&buf_out, '\0'))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
}

int main(int argc, char **argv)
{
    static struct str home; /* reachable at exit: quiet LeakSanitizer */
    const char *local, *dash = "-", *ext;
    struct passwd *pw = NULL;
    size_t len, i;

    progname = "qmail-getpw";
    if (argc != 2)
        die_usage(usage);
    local = argv[1];
    len = strlen(local);
    /* The whole local part first, then shorter names ending just before
     * each '-' from the right: "joe-list-x" tries joe-list-x, joe-list,
     * joe. The extension is the rest, in its original case. */
    for (i = len; pw == NULL; i--) {
        if ((i == len || local[i] == '-') && (pw = usable(local, i)) != NULL)
            break;
        if (i == 0)
            break;
    }
    if (pw != NULL) {
        ext = i < len ? local + i + 1 : "";
        dash = i < len ? "-" : "";
        if (!str_cats(&home, pw->pw_dir))
            die_nomem();
    } else {
        /* Everything else belongs to the alias user, in this
         * installation's alias directory (not alias's passwd home). */
        errno = 0;
        if ((pw = getpwnam(auto_user_alias)) == NULL)
            die(EXIT_TEMP, "unable to find the user ", auto_user_alias, NULL);
        if (pw->pw_uid == 0)
            die(EXIT_TEMP, "the user ", auto_user_alias, " has uid 0", NULL);
        ext = local;
        if (!str_cats(&home, auto_home) || !str_cats(&home, "/alias"))
            die_nomem();
    }
    if (!str_0(&home))
        die_nomem();
    put(pw->pw_name);
    putnum(pw->pw_uid);
    putnum(pw->pw_gid);
    put(home.s);
    put(dash);
    put(ext);
    if (!buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
    return EXIT_OK;
}
