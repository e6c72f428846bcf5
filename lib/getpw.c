/* getpw.c - find the account that controls a local address over the
 * password database (NSS), by qmail-getpw(8)'s rules. */
#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>

#include "auto.h"
#include "errtext.h"
#include "fmt.h"
#include "getpw.h"

/* Longer names are never tried, as in qmail: account names are short,
 * and this bounds the lookups a long local part can cause. */
#define USER_MAX 32

/* getpwnam says "no such user" with NULL and, depending on the NSS
 * module, errno 0, ENOENT, ESRCH, EBADF or EPERM; anything else means
 * the database could not be read, and guessing "no user" would send the
 * mail to the alias user. */
static int nouser_errno(int e)
{
    return e == 0 || e == ENOENT || e == ESRCH || e == EBADF || e == EPERM;
}

/* why = a b c, and ": " and errno's text when e is not 0. */
static int fail(struct str *why, const char *a, const char *b,
                const char *c, int e)
{
    why->len = 0;
    if (!str_cats(why, a) || !str_cats(why, b) || !str_cats(why, c) ||
        (e != 0 && (!str_cats(why, ": ") || !str_cats(why, errtext(e)))) ||
        !str_0(why))
        why->len = 0; /* out of memory: the caller says so */
    return 0;
}

/* 1 and *pw: the account named by the first len bytes of local,
 * lowercased, if qmail-getpw(8) lets it receive mail (not uid 0, a home
 * directory that exists and is owned by it, no upper case in its name);
 * 1 and NULL: no such account; 0: trouble, in why. */
static int usable(const char *local, size_t len, struct passwd **pw,
                  struct str *why)
{
    char name[USER_MAX];
    struct stat st;

    *pw = NULL;
    if (len == 0 || len >= sizeof name)
        return 1;
    memcpy(name, local, len);
    name[len] = '\0';
    str_lower(name, len);
    errno = 0;
    if ((*pw = getpwnam(name)) == NULL)
        return nouser_errno(errno) ? 1 : fail(why,
            "unable to read the password database", "", "", errno);
    /* An NSS module may match names without regard to case: the entry
     * must be spelled exactly as the lowercased name we asked for. */
    if (strcmp((*pw)->pw_name, name) != 0 || (*pw)->pw_uid == 0) {
        *pw = NULL;
        return 1;
    }
    if (stat((*pw)->pw_dir, &st) == -1) {
        if (errno == ENOENT || errno == ENOTDIR) {
            *pw = NULL;
            return 1;
        }
        return fail(why, "unable to stat ", (*pw)->pw_dir, "", errno);
    }
    if (st.st_uid != (*pw)->pw_uid)
        *pw = NULL;
    return 1;
}

static int put(struct str *out, const char *s)
{
    return str_cats(out, s) && str_catc(out, '\0');
}

static int putnum(struct str *out, unsigned long u)
{
    char num[FMT_ULONG];

    return str_catb(out, num, fmt_ulong(num, u)) && str_catc(out, '\0');
}

int getpw_find(const char *local, struct str *out, struct str *why)
{
    const char *dash = "-", *ext;
    struct passwd *pw = NULL;
    size_t len = strlen(local), i;
    int home_alias = 0;

    /* The whole local part first, then shorter names ending just before
     * each '-' from the right: "joe-list-x" tries joe-list-x, joe-list,
     * joe. The extension is the rest, in its original case. */
    for (i = len;; i--) {
        if ((i == len || local[i] == '-') && !usable(local, i, &pw, why))
            return 0;
        if (pw != NULL || i == 0)
            break;
    }
    if (pw != NULL) {
        ext = i < len ? local + i + 1 : "";
        dash = i < len ? "-" : "";
    } else {
        /* Everything else belongs to the alias user, in this
         * installation's alias directory (not alias's passwd home). */
        errno = 0;
        if ((pw = getpwnam(auto_user_alias)) == NULL)
            return fail(why, "unable to find the user ", auto_user_alias,
                        "", 0);
        if (pw->pw_uid == 0)
            return fail(why, "the user ", auto_user_alias, " has uid 0", 0);
        ext = local;
        home_alias = 1;
    }
    if (!put(out, pw->pw_name) || !putnum(out, pw->pw_uid) ||
        !putnum(out, pw->pw_gid) ||
        !(home_alias ? str_cats(out, auto_home) && put(out, "/alias")
                     : put(out, pw->pw_dir)) ||
        !put(out, dash) || !put(out, ext))
        return fail(why, "out of memory", "", "", 0);
    return 1;
}
