/* sendscan.c - the queue as qmail-send finds it; see sendscan.h. */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "qfile.h"
#include "sendlog.h"
#include "sendscan.h"
#include "str.h"

/* orphans: 0 take every entry; 1 only those without info/; 2 only
 * those without info/ or local/ (already found among local/). */
static void scan_dir(const char *name, unsigned long s, int orphans,
                     void (*found)(unsigned long id))
{
    char fn[QFILE_NAME];
    struct str dir = STR_INIT;
    struct dirent *d;
    struct stat st;
    unsigned long id;
    DIR *dh;

    while (!str_cats(&dir, name) || !str_catc(&dir, '/') ||
           !str_catulong(&dir, s) || !str_0(&dir))
        sendlog_nomem();
    while ((dh = opendir(dir.s)) == NULL) {
        sendlog_warn("unable to open", dir.s, "; sleeping");
        buf_flush(sendlog_to);
        sleep(10);
    }
    while ((d = readdir(dh)) != NULL) {
        if (!qfile_id(d->d_name, &id))
            continue;
        if (orphans) {
            qfile_name(fn, "info", id);
            if (stat(fn, &st) == 0 || errno != ENOENT)
                continue;
            if (orphans == 2) { /* seen already among local/ */
                qfile_name(fn, "local", id);
                if (stat(fn, &st) == 0)
                    continue;
            }
        }
        found(id);
    }
    closedir(dh);
    str_free(&dir);
}

void sendscan_queue(void (*found)(unsigned long id))
{
    unsigned long s;

    for (s = 0; s < auto_split; s++) {
        scan_dir("info", s, 0, found);
        scan_dir("local", s, 1, found);
        scan_dir("remote", s, 2, found);
    }
}
