/* sendbounce.c - qmail-send's bounces; see sendbounce.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date822.h"
#include "errtext.h"
#include "fmt.h"
#include "qfile.h"
#include "qq.h"
#include "qsbmf.h"
#include "sendbounce.h"
#include "sendctl.h"
#include "sendinfo.h"
#include "sendlog.h"
#include "str.h"
#include "syncdir.h"
#include "vdomain.h"
#include "verp.h"
#include "wholefile.h"

/* Append a recipient's paragraph to bounce/ID, durably, before its D
 * mark may be written. 1 ok, 0 not (logged; the delivery is deferred). */
int sendbounce_add(const struct vdomain *vd, unsigned long id,
                   const char *recip, const char *text, size_t n)
{
    struct str para = STR_INIT;
    char fn[QFILE_NAME];
    size_t skip = vdomain_strip(vd, recip, strlen(recip));
    int fd, created = 1, good;

    while (
        !qsbmf_recipient(&para, recip + skip, strlen(recip) - skip, text, n))
        sendlog_nomem();
    qfile_name(fn, "bounce", id);
    fd = open(fn, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd == -1 && errno == EEXIST) {
        created = 0;
        fd = open(fn, O_WRONLY | O_APPEND | O_CLOEXEC);
    }
    good = fd != -1 && wholefile_write(fd, para.s, para.len) &&
           fsync(fd) == 0 && (!created || syncdir_of(fn));
    if (!good)
        sendlog_warn("unable to append to", fn, "; will try again later");
    if (fd != -1)
        close(fd);
    str_free(&para);
    return good;
}

/* Send the collected bounce/ID texts back to the sender. 1 done (or
 * nothing to do), 0 try again later (logged). */
int sendbounce_inject(const struct sendctl *cf, const char *home,
                      unsigned long id, time_t now)
{
    static struct str sender, head, path;
    char fn[QFILE_NAME], mfn[QFILE_NAME], date[DATE822_FMT], a[FMT_ULONG],
        b[FMT_ULONG];
    const char *bsender, *to;
    struct stat st;
    struct str recip = STR_INIT;
    struct qq q;
    const char *result;
    sigset_t empty, old;
    unsigned long qp;
    time_t birth;
    size_t n;
    int fd;

    qfile_name(fn, "bounce", id);
    if (stat(fn, &st) == -1) {
        if (errno == ENOENT)
            return 1;
        sendlog_warn("unable to stat", fn, "; will try again later");
        return 0;
    }
    if (!sendinfo_get(id, &sender, &birth, now))
        return 0;
    n = verp_bounceto(sender.s, sender.len);
    if (n == 4 && memcmp(sender.s, "#@[]", 4) == 0) {
        sendlog("triple bounce: discarding ", fn, "\n", NULL);
        goto done;
    }
    if (n == 0 && cf->doublebounceto.len == 0) {
        sendlog("double bounce: discarding ", fn, "\n", NULL);
        goto done;
    }
    if (n == 0) {
        bsender = "#@[]";
        while (
            !str_copyb(&recip, cf->doublebounceto.s, cf->doublebounceto.len) ||
            !str_catc(&recip, '@') ||
            !str_cat(&recip, &cf->doublebouncehost) || !str_0(&recip))
            sendlog_nomem();
    } else {
        bsender = "";
        while (!str_copyb(&recip, sender.s, n) || !str_0(&recip))
            sendlog_nomem();
    }
    to = recip.s;
    head.len = 0;
    while (!qsbmf_head(&head, date, date822_fmt(date, now), cf->bouncefrom.s,
                       cf->bouncefrom.len, cf->bouncehost.s,
                       cf->bouncehost.len, to, recip.len, n == 0))
        sendlog_nomem();
    path.len = 0;
    while (!str_cats(&path, home) || !str_catc(&path, '/') ||
           !str_cats(&path, "bin/qmail-queue") || !str_0(&path))
        sendlog_nomem();
    /* qmail-queue must not inherit our blocked signals */
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, &old);
    fd = qq_open(&q, path.s);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (!fd) {
        sendlog("warning: unable to start qmail-queue: ", errtext(errno),
                "; will try again later\n", NULL);
        str_free(&recip);
        return 0;
    }
    qq_put(&q, head.s, head.len);
    fd = open(fn, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        qq_fail(&q);
    else {
        qq_copy(&q, fd);
        close(fd);
    }
    head.len = 0;
    while (!qsbmf_break(&head, sender.s, sender.len))
        sendlog_nomem();
    qq_put(&q, head.s, head.len);
    qfile_name(mfn, "mess", id);
    fd = open(mfn, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        qq_fail(&q);
    else {
        qq_copy(&q, fd);
        close(fd);
    }
    qq_from(&q, bsender);
    qq_to(&q, to);
    qp = (unsigned long)q.pid;
    result = qq_close(&q);
    str_free(&recip);
    if (*result != '\0') {
        sendlog("warning: trouble injecting bounce message, will try "
                "later: ",
                NULL);
        sendlog_safe(result + 1, strlen(result + 1));
        sendlog("\n", NULL);
        return 0;
    }
    sendlog("bounce msg ", sendlog_num(a, id), " qp ", sendlog_num(b, qp),
            "\n", NULL);
done:
    if (unlink(fn) == -1) {
        sendlog_warn("unable to unlink", fn, "; will try again later");
        return 0;
    }
    return 1;
}
