/*
 * qmail-clean - remove a message's queue files when qmail-send asks.
 * Started by qmail-start as qmailq, the owner of mess/, intd/ and todo/,
 * which qmail-send (running as qmails) may read but not change.
 *
 * in:   requests on fd 0, each a letter, a message id in decimal and a
 *       NUL: "t123" removes intd/123 and todo/123 (qmail-send has copied
 *       the envelope into info/ and local/ or remote/); "m123" removes
 *       intd/123, todo/123 and mess/S/123 (the message is done; todo/
 *       is still there when it was done before qmail-send committed it)
 * out:  one byte per request on fd 1: '+' the files are gone (or were
 *       never there), '!' a file could not be removed, 'x' a malformed
 *       request. Also removes pid/ files left over 36 hours by a
 *       qmail-queue that died.
 * exit: 0 at the end of fd 0; 111 when it cannot reach the queue
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "qfile.h"
#include "sig.h"
#include "str.h"

#define REQUEST_MAX 100
#define PID_STALE (36 * 3600) /* older than any live qmail-queue */
#define PID_SWEEP 3600        /* look at pid/ at most once an hour */

static time_t last_sweep;

static int gone(const char *dir, unsigned long id)
{
    char fn[QFILE_NAME];

    if (qfile_name(fn, dir, id) == 0)
        return 0;
    return unlink(fn) == 0 || errno == ENOENT;
}

static char handle(const struct str *req)
{
    unsigned long id;

    if (req->len < 2 || !qfile_id(req->s + 1, &id))
        return 'x';
    if (req->s[0] == 't')
        return gone("intd", id) && gone("todo", id) ? '+' : '!';
    if (req->s[0] == 'm') /* todo/ first: it must never outlive mess/ */
        return gone("intd", id) && gone("todo", id) && gone("mess", id)
                   ? '+'
                   : '!';
    return 'x';
}

/* pid/ holds qmail-queue's temporary files; one older than a day and a
 * half belongs to a qmail-queue that is long dead. */
static void sweep_pid(time_t now)
{
    struct str fn = STR_INIT;
    struct dirent *d;
    struct stat st;
    DIR *dir;

    last_sweep = now;
    dir = opendir("pid");
    if (dir == NULL)
        return;
    while ((d = readdir(dir)) != NULL) {
        if (d->d_name[0] == '.')
            continue;
        if (!str_copys(&fn, "pid/") || !str_cats(&fn, d->d_name) ||
            !str_0(&fn))
            break;
        if (stat(fn.s, &st) == 0 && S_ISREG(st.st_mode) &&
            st.st_mtime + PID_STALE < now)
            unlink(fn.s);
    }
    closedir(dir);
    str_free(&fn);
}

/* After an over-long request, skip to its NUL so the next one is read
 * from its start. 1 found, 0 end of input. */
static int skip_request(void)
{
    char c;
    int r;

    while ((r = buf_getc(&buf_in, &c)) == 1)
        if (c == '\0')
            return 1;
    return 0;
}

int main(void)
{
    static struct str req = STR_INIT;
    char reply;
    time_t now;
    int r;

    progname = "qmail-clean";
    sig_ignore(SIGPIPE);
    if (chdir(auto_home) == -1 || chdir("queue") == -1)
        die_sys(EXIT_TEMP, "unable to switch to ", auto_home, "/queue", NULL);
    sweep_pid(time(NULL));
    for (;;) {
        req.len = 0;
        r = buf_getline(&buf_in, &req, '\0', REQUEST_MAX);
        if (r == 0)
            break;
        if (r == -1) {
            if (errno != E2BIG)
                die_sys(EXIT_TEMP, "unable to read request", NULL);
            reply = 'x';
            if (!skip_request())
                break;
        } else {
            req.len--; /* the NUL */
            reply = handle(&req);
        }
        if (!buf_putc(&buf_out, reply) || !buf_flush(&buf_out))
            die_sys(EXIT_TEMP, "unable to write reply", NULL);
        now = time(NULL);
        if (now - last_sweep >= PID_SWEEP)
            sweep_pid(now);
    }
    return EXIT_OK;
}
