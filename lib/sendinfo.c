/* sendinfo.c - reading, and repairing, info/ files; see sendinfo.h. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qfile.h"
#include "qrec.h"
#include "sendinfo.h"
#include "sendlog.h"
#include "str.h"
#include "syncdir.h"
#include "wholefile.h"

int sendinfo_get(unsigned long id, struct str *sender, time_t *birth,
                 time_t now)
{
    char fn[QFILE_NAME], mfn[QFILE_NAME];
    struct stat st;
    struct timespec ts[2];
    struct qrec r;
    size_t pos = 0;
    int fd, got;

    qfile_name(fn, "info", id);
    got = wholefile_read(fn, sender, &st, WHOLEFILE_MAX);
    if (got == -1 && errno != EFBIG) {
        sendlog_warn("unable to read", fn, "; will try again later");
        return 0;
    }
    if (got == 1 && qrec_next(sender->s, sender->len, &pos, &r) == 1 &&
        r.type == 'F') {
        while (!str_copyb(sender, r.s, r.len) || !str_0(sender))
            sendlog_nomem();
        *birth = st.st_mtime;
        return 1;
    }
    sendlog("warning: ", fn, got == 0 ? " is missing" : " is corrupt",
            "; delivering with an empty envelope sender\n", NULL);
    if (got == 0) {
        qfile_name(mfn, "mess", id);
        if (stat(mfn, &st) == -1)
            st.st_mtime = now;
    }
    fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd == -1 || !wholefile_write(fd, "F", 2) || fsync(fd) == -1) {
        sendlog_warn("unable to repair", fn, "; will try again later");
        if (fd != -1)
            close(fd);
        return 0;
    }
    ts[0].tv_sec = ts[1].tv_sec = st.st_mtime;
    ts[0].tv_nsec = ts[1].tv_nsec = 0;
    futimens(fd, ts);
    close(fd);
    if (got == 0)
        syncdir_of(fn);
    sender->len = 0;
    while (!str_0(sender))
        sendlog_nomem();
    *birth = st.st_mtime;
    return 1;
}
