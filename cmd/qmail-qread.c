/*
 * qmail-qread - list the messages in the queue and their recipients.
 * An administrator's tool; run as root or qmails (info/, local/ and
 * remote/ belong to qmails, mode 700).
 *
 * in:   queue/info, local, remote and bounce, as qmail-send writes them;
 *       queue/todo and mess for messages qmail-send has not seen yet
 * out:  per message on stdout, as qmail 1.03's qmail-qread prints it:
 *       "DATE GMT  #ID  SIZE  <SENDER> " [" bouncing"], then one line per
 *       recipient, "\tlocal\tADDR" or "\tremote\tADDR", prefixed by
 *       "  done" once delivered. Messages still in todo/ say
 *       " not yet preprocessed" and list "\ttodo\tADDR".
 * exit: 0 listed (a message that cannot be read is a warning on stderr);
 *       111 the queue cannot be read at all, or stdout fails
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "fmt.h"
#include "qfile.h"

#define RECORD_MAX 65536 /* bytes in one sender or recipient record */

static const char who[] = " (only root and qmails may read the queue)";

struct ids {
    unsigned long *v;
    size_t n, cap;
};

static struct ids info_ids, todo_ids;
static struct str line = STR_INIT;

static void out(const char *s, size_t n)
{
    if (!buf_put(&buf_out, s, n))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
}

static void outs(const char *s)
{
    out(s, strlen(s));
}

/* Queue files hold whatever the envelope held: show only printable
 * ASCII, as qmail does, so a listing cannot drive the terminal. */
static void out_safe(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        out(s[i] >= 32 && s[i] <= 126 ? s + i : "_", 1);
}

static void ids_add(struct ids *x, unsigned long id)
{
    unsigned long *p;
    size_t cap;

    if (x->n == x->cap) {
        cap = x->cap ? x->cap * 2 : 256;
        if (cap < x->cap || cap > SIZE_MAX / sizeof *p)
            die_nomem();
        if ((p = realloc(x->v, cap * sizeof *p)) == NULL)
            die_nomem();
        x->v = p;
        x->cap = cap;
    }
    x->v[x->n++] = id;
}

static int ids_cmp(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

    return x < y ? -1 : x > y;
}

/* qsort must not see the NULL of an empty list, even with n == 0. */
static void ids_sort(struct ids *x)
{
    if (x->n > 1)
        qsort(x->v, x->n, sizeof *x->v, ids_cmp);
}

static void ids_read(struct ids *x, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    unsigned long id;

    if (d == NULL)
        die_sys(EXIT_TEMP, "unable to read queue/", dir,
                errno == EACCES ? who : "", NULL);
    while ((e = readdir(d)) != NULL)
        if (qfile_id(e->d_name, &id))
            ids_add(x, id);
    closedir(d);
}

/* A warning about one message; with_errno adds the system's reason. */
static void trouble(unsigned long id, const char *what, const char *fn,
                    int with_errno)
{
    char num[FMT_ULONG + 1];

    num[fmt_ulong(num, id)] = '\0';
    if (with_errno)
        warn_sys("trouble with #", num, ": ", what, fn, NULL);
    else
        warn("trouble with #", num, ": ", what, fn, NULL);
}

/* The next record into line: 1 got one, 0 end, -1 error. A last record
 * without its NUL was cut short and does not count. */
static int record(struct buf *b)
{
    line.len = 0;
    return buf_getline(b, &line, '\0', RECORD_MAX);
}

/* The line for one message. fd is its info or todo file; its records
 * up to the "F" sender are read. 1 done, 0 trouble (warned). */
static int stats(unsigned long id, int fd, struct buf *b, const char *fn,
                 const char *note)
{
    char mess[QFILE_NAME], s[QFILE_DATE + 2 * FMT_ULONG + 20];
    struct stat st;
    unsigned long size;
    size_t len;
    int r;

    qfile_name(mess, "mess", id);
    if (stat(mess, &st) == -1) {
        trouble(id, "unable to stat ", mess, 1);
        return 0;
    }
    size = (unsigned long)st.st_size;
    if (fstat(fd, &st) == -1) {
        trouble(id, "unable to stat ", fn, 1);
        return 0;
    }
    /* todo/ has "u" uid and "p" pid first; info/ only the sender */
    while ((r = record(b)) == 1 && line.s[0] != 'F')
        ;
    if (r != 1) {
        if (r == -1)
            trouble(id, "unable to read ", fn, 1);
        else
            trouble(id, "no sender in ", fn, 0);
        return 0;
    }
    /* qmail's date form without " -0000", said as GMT */
    len = qfile_date(s, st.st_mtime) - 6;
    len += fmt_str(s + len, " GMT  #");
    len += fmt_ulong(s + len, id);
    len += fmt_str(s + len, "  ");
    len += fmt_ulong(s + len, size);
    len += fmt_str(s + len, "  <");
    out(s, len);
    out_safe(line.s + 1, line.len - 2);
    outs("> ");
    outs(note);
    outs("\n");
    return 1;
}

/* The recipient records "T"addr (to do) and "D"addr (done) of fn. */
static void recipients(unsigned long id, struct buf *b, const char *fn,
                       const char *channel)
{
    int r;

    while ((r = record(b)) == 1) {
        if (line.s[0] == 'D')
            outs("  done");
        if (line.s[0] == 'D' || line.s[0] == 'T') {
            outs(channel);
            out_safe(line.s + 1, line.len - 2);
            outs("\n");
        }
    }
    if (r == -1)
        trouble(id, "unable to read ", fn, 1);
}

static int open_buf(const char *fn, struct buf *b, char *mem, size_t size)
{
    int fd = open(fn, O_RDONLY | O_CLOEXEC);

    if (fd != -1)
        buf_init(b, fd, mem, size);
    return fd;
}

static void show(unsigned long id, int is_todo)
{
    static char mem[BUF_SIZE];
    char fn[QFILE_NAME];
    const char *note = "";
    struct stat st;
    struct buf b;
    int fd, i;

    qfile_name(fn, is_todo ? "todo" : "info", id);
    if ((fd = open_buf(fn, &b, mem, sizeof mem)) == -1) {
        trouble(id, "unable to open ", fn, 1);
        return;
    }
    if (is_todo) {
        note = " not yet preprocessed";
    } else {
        qfile_name(fn, "bounce", id);
        if (stat(fn, &st) == 0)
            note = " bouncing";
        qfile_name(fn, "info", id);
    }
    if (stats(id, fd, &b, fn, note) && is_todo)
        recipients(id, &b, fn, "\ttodo\t");
    close(fd);
    for (i = 0; !is_todo && i < 2; i++) {
        qfile_name(fn, i ? "remote" : "local", id);
        if ((fd = open_buf(fn, &b, mem, sizeof mem)) == -1) {
            if (errno != ENOENT)
                trouble(id, "unable to open ", fn, 1);
            continue;
        }
        recipients(id, &b, fn, i ? "\tremote\t" : "\tlocal\t");
        close(fd);
    }
}

int main(void)
{
    char dir[QFILE_NAME];
    unsigned long s;
    size_t i, j, len;

    progname = "qmail-qread";
    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", auto_home, NULL);
    if (chdir("queue") == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", auto_home, "/queue",
                errno == EACCES ? who : "", NULL);
    for (s = 0; s < auto_split; s++) {
        len = fmt_str(dir, "info/");
        len += fmt_ulong(dir + len, s);
        dir[len] = '\0';
        ids_read(&info_ids, dir);
    }
    ids_read(&todo_ids, "todo");
    ids_sort(&info_ids);
    ids_sort(&todo_ids);

    /* By id. A message in todo/ and info/ at once is being preprocessed
     * (or was, when qmail-send stopped): its todo/ envelope is whole. */
    for (i = j = 0; i < info_ids.n || j < todo_ids.n;) {
        if (j == todo_ids.n ||
            (i < info_ids.n && info_ids.v[i] < todo_ids.v[j])) {
            show(info_ids.v[i++], 0);
        } else {
            if (i < info_ids.n && info_ids.v[i] == todo_ids.v[j])
                i++;
            show(todo_ids.v[j++], 1);
        }
    }
    if (!buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
    return EXIT_OK;
}
