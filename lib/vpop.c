/* vpop.c - the virtual domains' directories, their account, locks,
 * atomic file replacement and password input (see vpop.h). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "afile.h"
#include "auto.h"
#include "buf.h"
#include "lock.h"
#include "syncdir.h"
#include "vpasswd.h"
#include "vpop.h"

#define PASSWORD_MAX 512

int vpop_path(struct str *out, const char *domain)
{
    if (!str_copys(out, auto_home) || !str_cats(out, "/domains"))
        return 0;
    if (domain != NULL && (!str_catc(out, '/') || !str_cats(out, domain)))
        return 0;
    return str_0(out);
}

int vpop_owner(const char *dir, uid_t *uid, gid_t *gid)
{
    struct stat st;

    if (lstat(dir, &st) == -1)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return errno = ENOTDIR, -1;
    /* mail is never delivered as root, nor passwords checked as root */
    if (st.st_uid == 0)
        return errno = EPERM, -1;
    *uid = st.st_uid;
    *gid = st.st_gid;
    return 1;
}

int vpop_become(uid_t uid, gid_t gid)
{
    if (geteuid() != 0)
        return geteuid() == uid && getuid() == uid ? 1 : (errno = EPERM, 0);
    if (setgroups(1, &gid) == -1 || setgid(gid) == -1 || setuid(uid) == -1)
        return 0;
    /* setuid from root must have dropped everything */
    if (geteuid() != uid || getuid() != uid || getegid() != gid)
        return errno = EPERM, 0;
    return 1;
}

int vpop_lock(const char *dir)
{
    struct str fn = STR_INIT;
    int fd, saved;

    if (!str_copys(&fn, dir) || !str_cats(&fn, "/.lock") || !str_0(&fn)) {
        str_free(&fn);
        return -1;
    }
    fd = open(fn.s, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    saved = errno;
    str_free(&fn);
    errno = saved;
    if (fd == -1)
        return -1;
    if (!lock_ex(fd)) {
        saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int vpop_enter(const char *domain, struct str *dir, const char **step)
{
    uid_t uid;
    gid_t gid;
    int r;

    *step = "look at";
    if (!vpop_path(dir, domain))
        return -1;
    if ((r = vpop_owner(dir->s, &uid, &gid)) != 1)
        return r;
    *step = "take on the account of";
    if (!vpop_become(uid, gid))
        return -1;
    *step = "chdir to";
    if (chdir(dir->s) == -1)
        return -1;
    *step = "lock";
    return vpop_lock(".") == -1 ? -1 : 1;
}

int vpop_save(const struct str *text, unsigned long *lineno, const char **why)
{
    if (!vpasswd_compile(text, "vpasswd.cdb", (uid_t)-1, (gid_t)-1, lineno,
                         why)) {
        if (*lineno == 0)
            *why = "unable to write vpasswd.cdb";
        return 0;
    }
    *why = "unable to replace vpasswd";
    return vpop_replace("vpasswd", text->s, text->len, 0600);
}

static int write_all(int fd, const char *s, size_t n)
{
    ssize_t w;

    while (n > 0) {
        if ((w = write(fd, s, n)) == -1) {
            if (errno == EINTR)
                continue;
            return 0;
        }
        s += w;
        n -= (size_t)w;
    }
    return 1;
}

static int replace(const char *path, const struct str *tmp, const char *data,
                   size_t len, mode_t mode)
{
    int fd, saved;

    if (unlink(tmp->s) == -1 && errno != ENOENT)
        return 0;
    fd = open(tmp->s, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
              0600);
    if (fd == -1)
        return 0;
    /* fchmod: the umask must not hide control files from qmail-send */
    if (fchmod(fd, mode) == 0 && write_all(fd, data, len) && fsync(fd) == 0) {
        if (close(fd) == 0 && rename(tmp->s, path) == 0)
            return syncdir_of(path);
    } else {
        saved = errno;
        close(fd);
        errno = saved;
    }
    saved = errno;
    unlink(tmp->s);
    errno = saved;
    return 0;
}

int vpop_replace(const char *path, const char *data, size_t len, mode_t mode)
{
    struct str tmp = STR_INIT;
    int ok, saved;

    if (!str_copys(&tmp, path) || !str_cats(&tmp, ".tmp") || !str_0(&tmp)) {
        str_free(&tmp);
        return 0;
    }
    ok = replace(path, &tmp, data, len, mode);
    saved = errno;
    str_free(&tmp);
    errno = saved;
    return ok;
}

static int remove_one(const char *path, const struct stat *st, int type,
                      struct FTW *ftw)
{
    (void)st, (void)ftw;
    if (type == FTW_DP)
        return rmdir(path) == -1 ? -1 : 0;
    if (type == FTW_DNR || type == FTW_NS)
        return -1;
    return unlink(path) == -1 ? -1 : 0;
}

int vpop_rmtree(const char *path)
{
    /* FTW_PHYS: a symbolic link is removed, never followed */
    return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0;
}

int vpop_mkuser(const char *dir)
{
    static const char *const sub[] = {"/Maildir", "/Maildir/tmp",
                                      "/Maildir/new", "/Maildir/cur"};
    struct str p = STR_INIT;
    size_t i;
    int ok;

    ok = mkdir(dir, 0700) == 0;
    for (i = 0; ok && i < sizeof sub / sizeof *sub; i++)
        ok = str_copys(&p, dir) && str_cats(&p, sub[i]) && str_0(&p) &&
             mkdir(p.s, 0700) == 0;
    {
        int saved = errno;
        str_free(&p);
        errno = saved;
    }
    return ok;
}

/* One line of fd 0 into pw, without its newline. */
static int readpw(struct str *pw)
{
    int r;

    pw->len = 0;
    r = buf_getline(&buf_in, pw, '\n', PASSWORD_MAX + 1);
    if (r == -1)
        return 0;
    if (pw->len > 0 && pw->s[pw->len - 1] == '\n')
        pw->len--;
    if (pw->len > 0 && pw->s[pw->len - 1] == '\r')
        pw->len--;
    if (pw->len > PASSWORD_MAX)
        return errno = E2BIG, 0;
    if (pw->len == 0 || str_chr(pw->s, pw->len, '\0') < pw->len)
        return errno = EINVAL, 0;
    return str_0(pw);
}

static int prompt(struct str *pw, const char *text)
{
    buf_puts(&buf_err, text);
    buf_flush(&buf_err);
    if (!readpw(pw))
        return 0;
    buf_putsflush(&buf_err, "\n");
    return 1;
}

int vpop_getpass(struct str *pw)
{
    struct termios old, quiet;
    struct str again = STR_INIT;
    int ok, saved;

    if (tcgetattr(0, &old) == -1)
        return readpw(pw);
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    if (tcsetattr(0, TCSAFLUSH, &quiet) == -1)
        return 0;
    ok = prompt(pw, "New password: ") &&
         prompt(&again, "Retype new password: ");
    saved = errno;
    tcsetattr(0, TCSAFLUSH, &old);
    if (ok && (again.len != pw->len || memcmp(again.s, pw->s, pw->len)))
        ok = 0, saved = EINVAL;
    str_free(&again);
    errno = saved;
    return ok;
}
