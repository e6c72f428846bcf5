/*
 * qmail-local - deliver one message to one local address by the user's
 * .qmail instructions: mbox files, maildirs, programs and forwards
 * (dot-qmail(5), qmail-command(8)). Run by qmail-lspawn as the user.
 *
 * in:   argv: [-nN] user homedir local dash ext domain sender
 *       defaultdelivery; fd 0 the message, seekable, at offset 0
 * out:  the deliveries; "did F+W+P" (files, forwards, programs) and,
 *       after a forward, "qp PID" on fd 1; a failure's text on fd 2.
 *       qmail-lspawn passes both to qmail-send as the delivery report.
 * exit: 0 delivered; 100 bounce (no such address, loop, a program or
 *       qmail-queue said permanent); 111 try again later
 *
 * Texts are qmail-local's, without a program name in front: they are
 * the report qmail-send logs and quotes in bounces.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "die.h"
#include "dotqmail.h"
#include "env.h"
#include "errtext.h"
#include "exitcode.h"
#include "maildir.h"
#include "mbox.h"
#include "qq.h"
#include "sig.h"
#include "wait.h"

static const char usage[] = "qmail-local [-nN] user homedir local dash ext "
                            "domain sender defaultdelivery";

/* Group- and world-writable .qmail files and homes are refused: anyone
 * who can write them could run programs as the user. qmail 1.03 refused
 * only world-writable ones by default (conf-patrn 002). */
#define WRITABLE 022
#define QMAIL_FILE_MAX (16UL << 20)
#define LOCK_SECS 30

static int doit = 1;
static const char *user, *home, *local, *dash, *ext, *host, *sender;
static const char *defaultdelivery;
static struct str safeext, dtline, rpline, ufline, newsender, hdr, tmp;
static unsigned long n_file, n_forward, n_program, qp;
static int stop; /* a program exited 99 */

/* Print the parts and a newline on fd. A part that is SYS stands for
 * the text of errno as it was on entry. */
static const char SYS[] = "";
static void say(int fd, const char *s, va_list ap)
{
    const char *why = errtext(errno);
    char space[1024];
    struct buf b;

    buf_init(&b, fd, space, sizeof space);
    for (; s != NULL; s = va_arg(ap, const char *))
        buf_puts(&b, s == SYS ? why : s);
    buf_putc(&b, '\n');
    buf_flush(&b);
}

static void fail(int code, const char *s, ...)
    __attribute__((noreturn, sentinel));
static void fail(int code, const char *s, ...)
{
    va_list ap;

    buf_flush(&buf_out);
    va_start(ap, s);
    say(2, s, ap);
    va_end(ap);
    _exit(code);
}

static void note(const char *s, ...) __attribute__((sentinel));
static void note(const char *s, ...)
{
    va_list ap;

    va_start(ap, s);
    say(2, s, ap);
    va_end(ap);
}

#define temp(...) fail(EXIT_TEMP, __VA_ARGS__, NULL)
#define temp_nomem() temp("Out of memory. (#4.3.0)")
#define temp_read() temp("Unable to read message: ", SYS, ". (#4.3.0)")
#define temp_open(fn) temp("Unable to open ", fn, ": ", SYS, ". (#4.3.0)")

static void rewind_msg(void)
{
    if (lseek(0, 0, SEEK_SET) == -1)
        temp("Unable to rewind message. (#4.3.0)");
}

static void setenv_or_die(const char *name, const char *value)
{
    if (!env_set(name, value))
        temp_nomem();
}

static void check_home(void)
{
    struct stat st;

    if (stat(".", &st) == -1)
        temp("Unable to stat home directory: ", SYS, ". (#4.3.0)");
    if (st.st_mode & WRITABLE)
        temp("Uh-oh: home directory is writable. (#4.7.0)");
    /* dot-qmail(5): chmod +t $HOME while editing .qmail files. */
    if (st.st_mode & S_ISVTX) {
        if (doit)
            temp("Home directory is sticky: user is editing his .qmail "
                 "file. (#4.2.1)");
        note("Warning: home directory is sticky.", NULL);
    }
}

static void set_env(void)
{
    static struct dotqmail_lines l;

    if (!dotqmail_lines(&l, local, host, sender, time(NULL)) ||
        !dotqmail_setenv(user, home, local, ext, host, sender, &l))
        temp_nomem();
    dtline = l.dtline, rpline = l.rpline, ufline = l.ufline;
    if (!str_cat(&hdr, &ufline) || !str_cat(&hdr, &rpline) ||
        !str_cat(&hdr, &dtline))
        temp_nomem();
}

/* Find the .qmail file for this address: its fd, or -1 for none.
 * *forward_only: it has the execute bit, so it may only forward. */
static int search(int *forward_only)
{
    static struct dotqmail_search s = DOTQMAIL_SEARCH_INIT;
    struct stat st;
    int fd;

    dotqmail_search_start(&s, dash, safeext.s, safeext.len);
    if ((fd = dotqmail_open(&s, &st)) == -2)
        errno == ENOMEM ? temp_nomem() : temp_open(s.name.s);
    if (fd == -1)
        return -1;
    if (st.st_mode & WRITABLE)
        temp("Uh-oh: .qmail file is writable. (#4.7.0)");
    *forward_only = (st.st_mode & S_IXUSR) != 0;
    if (s.has_default)
        setenv_or_die("DEFAULT", ext + s.defpos);
    return fd;
}

/* hdr is UFLINE RPLINE DTLINE: all of it for an mbox, the last two for
 * a maildir (dot-qmail(5)). */
static void deliver_maildir(const char *dir)
{
    rewind_msg();
    switch (maildir_deliver(dir, 0, hdr.s + ufline.len,
                            hdr.len - ufline.len, &tmp)) {
    case MAILDIR_OK:
        return;
    case MAILDIR_NODIR:
        temp("Unable to chdir to maildir: ", SYS, ". (#4.2.1)");
    case MAILDIR_READ:
        temp_read();
    case MAILDIR_WRITE:
    default:
        temp("Temporary error on maildir delivery: ", SYS, ". (#4.3.0)");
    }
}

static void deliver_mbox(const char *fn)
{
    rewind_msg();
    switch (mbox_deliver(fn, 0, hdr.s, hdr.len, LOCK_SECS)) {
    case MBOX_OK:
        return;
    case MBOX_OPEN:
        temp("Unable to open ", fn, ": ", SYS, ". (#4.2.1)");
    case MBOX_LOCKED:
        temp("File has been locked for 30 seconds straight. (#4.3.0)");
    case MBOX_READ:
        temp_read();
    case MBOX_WRITE:
    default:
        temp("Unable to write ", fn, ": ", SYS, ". (#4.3.0)");
    }
}

/* qmail-command(8): sh -c command in the home directory, the message
 * as it is (no added lines) on stdin, its output in our report. */
static void deliver_program(const char *command)
{
    pid_t pid;
    int status;

    rewind_msg();
    buf_flush(&buf_out);
    if ((pid = fork()) == -1)
        temp("Unable to fork: ", SYS, ". (#4.3.0)");
    if (pid == 0) {
        sig_default(SIGPIPE);
        execl("/bin/sh", "sh", "-c", command, (char *)NULL);
        temp("Unable to run /bin/sh: ", SYS, ". (#4.3.0)");
    }
    if (wait_pid(pid, &status) == -1 || wait_crashed(status))
        temp("Aack, child crashed. (#4.3.0)");
    switch (dotqmail_command_exit(wait_exitcode(status))) {
    case DQ_EXIT_OK:
        return;
    case DQ_EXIT_STOP:
        stop = 1;
        return;
    case DQ_EXIT_PERM:
        _exit(EXIT_PERM);
    case DQ_EXIT_TEMP:
    default:
        _exit(EXIT_TEMP);
    }
}

/* Every forward of the file in one qmail-queue run, after all other
 * deliveries, with our Delivered-To line on top. */
static void deliver_forwards(char **recips, size_t n)
{
    static struct qq q;
    const char *text;
    size_t i;

    /* Not $QMAILQUEUE: qmail 1.03's qmail-local always ran its own. */
    if (!str_copys(&tmp, auto_home) || !str_cats(&tmp, "/bin/qmail-queue") ||
        !str_0(&tmp))
        temp_nomem();
    rewind_msg();
    if (!qq_open(&q, tmp.s))
        temp("Unable to fork: ", SYS, ". (#4.3.0)");
    qp = (unsigned long)q.pid;
    qq_put(&q, dtline.s, dtline.len);
    qq_copy(&q, 0);
    qq_from(&q, newsender.s);
    for (i = 0; i < n; i++)
        qq_to(&q, recips[i]);
    text = qq_close(&q);
    if (*text)
        fail(*text == 'D' ? EXIT_PERM : EXIT_TEMP,
             "Unable to forward message: ", text + 1, ".", NULL);
}

static void show(const char *kind, const char *arg)
{
    buf_puts(&buf_out, kind);
    buf_puts(&buf_out, arg);
    buf_putc(&buf_out, '\n');
    buf_flush(&buf_out);
}

/* Follow each line of cmds in turn (dot-qmail(5)). */
static void follow(struct str *cmds, int forward_only)
{
    enum dotqmail_kind kind;
    char **recips, *line;
    size_t i, nrecips = 0, len, arglen;
    const char *arg;

    for (i = 0, len = 1; i < cmds->len; i++)
        len += cmds->s[i] == '\n';
    if ((recips = calloc(len, sizeof *recips)) == NULL)
        temp_nomem();
    for (i = 0; i < cmds->len && !stop; i += len + 1) {
        line = cmds->s + i;
        len = str_chr(line, cmds->len - i, '\n');
        line[len] = '\0';
        /* A NUL ends the line early, as it did in qmail-local. */
        kind = dotqmail_line(line, strlen(line), &arg, &arglen);
        line += arg - line; /* the same place, but writable */
        line[arglen] = '\0';
        if (kind == DQ_BLANK && i == 0)
            temp("Uh-oh: first line of .qmail file is blank. (#4.2.1)");
        if ((kind == DQ_MBOX || kind == DQ_MAILDIR) && forward_only)
            temp("Uh-oh: .qmail has file delivery but has x bit set. "
                 "(#4.7.0)");
        if (kind == DQ_PROGRAM && forward_only)
            temp("Uh-oh: .qmail has prog delivery but has x bit set. "
                 "(#4.7.0)");
        switch (kind) {
        case DQ_MAILDIR:
            n_file++;
            doit ? deliver_maildir(line) : show("maildir ", line);
            break;
        case DQ_MBOX:
            n_file++;
            doit ? deliver_mbox(line) : show("mbox ", line);
            break;
        case DQ_PROGRAM:
            n_program++;
            doit ? deliver_program(line) : show("program ", line);
            break;
        case DQ_FORWARD:
            n_forward++;
            if (doit)
                recips[nrecips++] = line;
            else
                show("forward ", line);
            break;
        case DQ_LIST:
            forward_only = 1;
            break;
        default:
            break;
        }
    }
    if (nrecips > 0)
        deliver_forwards(recips, nrecips);
    free(recips);
}

/* The loop check, then the instructions to follow: those of the .qmail
 * file for the address, or defaultdelivery when it is empty or, for the
 * user's own address, missing. Ends with a newline. */
static void load(struct str *cmds, int *forward_only)
{
    int fd;

    /* A message that already has our Delivered-To line came back to
     * us: bounce it rather than loop forever. */
    if (doit) {
        rewind_msg();
        switch (dotqmail_looping(0, &dtline)) {
        case 1:
            fail(EXIT_PERM, "This message is looping: it already has my "
                            "Delivered-To line. (#5.4.6)",
                 NULL);
        case -1:
            temp_read();
        }
    }
    if (!dotqmail_safeext(&safeext, ext, strlen(ext)) ||
        !env_unset("DEFAULT"))
        temp_nomem();
    if ((fd = search(forward_only)) == -1 && *dash)
        fail(EXIT_PERM, "Sorry, no mailbox here by that name. (#5.1.1)",
             NULL);
    if (!dotqmail_newsender(&newsender, &tmp, dash, safeext.s, safeext.len,
                            local, host, sender))
        errno == ENOMEM ? temp_nomem() : temp_open(tmp.s);
    setenv_or_die("NEWSENDER", newsender.s);
    if (fd != -1 && !dotqmail_read(fd, cmds, QMAIL_FILE_MAX)) {
        if (errno == E2BIG)
            temp("Uh-oh: .qmail file is too big. (#4.2.1)");
        temp("Unable to read .qmail file: ", SYS, ". (#4.3.0)");
    }
    if (cmds->len == 0) {
        if (!str_copys(cmds, defaultdelivery))
            temp_nomem();
        *forward_only = 0;
    }
    if ((cmds->len == 0 || cmds->s[cmds->len - 1] != '\n') &&
        !str_catc(cmds, '\n'))
        temp_nomem();
}

int main(int argc, char **argv)
{
    static struct str cmds;
    int opt, forward_only = 0;

    progname = "qmail-local";
    umask(077);
    sig_ignore(SIGPIPE);
    /* '+': options end at the first argument that is not one, so an
     * extension or sender starting with '-' is never taken for one. */
    while ((opt = getopt(argc, argv, "+nN")) != -1)
        if (opt == 'n' || opt == 'N')
            doit = opt == 'N';
        else
            die_usage(usage);
    argv += optind;
    if (argc - optind != 8 || argv[1][0] != '/')
        die_usage(usage);
    user = argv[0], home = argv[1], local = argv[2], dash = argv[3];
    ext = argv[4], host = argv[5], sender = argv[6];
    defaultdelivery = argv[7];

    if (chdir(home) == -1)
        temp("Unable to switch to ", home, ": ", SYS, ". (#4.3.0)");
    check_home();
    set_env();
    load(&cmds, &forward_only);
    follow(&cmds, forward_only);
    /* "did 1+0+2": files, forwards, programs; the qp of a forward lets
     * qmailanalog follow the message into the queue. */
    buf_puts(&buf_out, "did ");
    buf_putulong(&buf_out, n_file);
    buf_putc(&buf_out, '+');
    buf_putulong(&buf_out, n_forward);
    buf_putc(&buf_out, '+');
    buf_putulong(&buf_out, n_program);
    buf_puts(&buf_out, qp ? "\nqp " : "\n");
    if (qp) {
        buf_putulong(&buf_out, qp);
        buf_putc(&buf_out, '\n');
    }
    buf_flush(&buf_out); /* too late to fail: everything is delivered */
    return 0;
}
