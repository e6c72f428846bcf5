/*
 * qmail-pop3d - the TRANSACTION and UPDATE states of a POP3 server (RFC
 * 1939 5 and 6) on a Maildir. Runs as the mail's owner in its home
 * directory, started by a checkpassword program after qmail-popup.
 *
 * in:   argv[1]: the Maildir, relative to the home directory; POP3
 *       commands on fd 0; control/timeoutpop3d (seconds, 1200)
 * out:  replies and messages on fd 1; at QUIT, deleted messages are
 *       removed and the others move from new/ to cur/ (NAME:2,)
 * exit: 0 the session ended (QUIT, the client left or timed out); 100
 *       usage, or run as root; 111 the Maildir cannot be read, I/O
 *       error, no memory (a nonzero exit makes qmail-popup answer
 *       "-ERR authorization failed")
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "fmt.h"
#include "maildirscan.h"
#include "pop3cmd.h"
#include "pop3msg.h"
#include "sig.h"

static const char usage[] = "qmail-pop3d maildir";

static struct maildirscan box = MAILDIRSCAN_INIT;
static unsigned char *is_deleted;
static unsigned long last; /* RFC 1725 LAST: highest message touched */
static struct str line, path, ctl;
static char outmem[65536], filemem[65536];

static void put(const char *s, size_t n)
{
    if (!buf_put(&buf_out, s, n))
        die_sys(EXIT_OK, "unable to write to the client", NULL);
}

static void put_s(const char *s)
{
    put(s, strlen(s));
}

static void putnum(unsigned long u)
{
    char num[FMT_ULONG];

    put(num, fmt_ulong(num, u));
}

static void ok(void)
{
    put_s("+OK \r\n");
}

static void err(const char *s)
{
    put_s("-ERR ");
    put_s(s);
    put_s("\r\n");
}

/* Replies wait in buf_out while pipelined commands are already here
 * (RFC 2449 6.6); they go out before each wait for the client. */
static void flush(void)
{
    if (!buf_flush(&buf_out))
        die_sys(EXIT_OK, "unable to write to the client", NULL);
}

static void __attribute__((noreturn)) fail(const char *client, const char *log)
{
    int e = errno;

    err(client);
    flush();
    errno = e;
    die_sys(EXIT_TEMP, log, NULL);
}

static unsigned read_timeout(void)
{
    unsigned long t;

    if (!str_copys(&ctl, auto_home) ||
        !str_cats(&ctl, "/control/timeoutpop3d") || !str_0(&ctl))
        die_nomem();
    if (control_readint(&t, ctl.s, 1200) == -1)
        fail("unable to read controls", "unable to read control/timeoutpop3d");
    return t == 0 || t > 86400 ? 1200 : (unsigned)t;
}

/* A message number argument (RFC 1939 5: 1 .. count, not deleted),
 * the last argument unless has_more: its index, or -1 after the error
 * reply. */
static long msgno(const char **arg, int has_more)
{
    unsigned long u;

    if (!pop3cmd_number(arg, &u) || (!has_more && **arg != '\0')) {
        err("syntax error");
        return -1;
    }
    if (u == 0 || u > box.n) {
        err("no such message");
        return -1;
    }
    if (is_deleted[u - 1]) {
        err("message deleted");
        return -1;
    }
    return (long)(u - 1);
}

static void do_stat(void)
{
    unsigned long count = 0, bytes = 0;
    size_t i;

    for (i = 0; i < box.n; i++)
        if (!is_deleted[i]) {
            count++;
            if (__builtin_add_overflow(bytes, box.msg[i].size, &bytes))
                bytes = (unsigned long)-1;
        }
    put_s("+OK ");
    putnum(count);
    put(" ", 1);
    putnum(bytes);
    put("\r\n", 2);
}

/* One line of LIST or UIDL: "n size" or "n unique-id". */
static void listing(size_t i, int is_uidl)
{
    char uidl[MAILDIRSCAN_UIDL];

    putnum(i + 1);
    put(" ", 1);
    if (is_uidl)
        put(uidl, maildirscan_uidl(uidl, box.msg[i].path));
    else
        putnum(box.msg[i].size);
    put("\r\n", 2);
}

static void list(const char *arg, int is_uidl)
{
    size_t i;
    long m;

    if (*arg != '\0') {
        if ((m = msgno(&arg, 0)) == -1)
            return;
        put_s("+OK ");
        listing((size_t)m, is_uidl);
        return;
    }
    ok();
    for (i = 0; i < box.n; i++)
        if (!is_deleted[i])
            listing(i, is_uidl);
    put(".\r\n", 3);
}

/* Send the message: RETR with is_top 0, TOP with the body line count.
 * It is read in pieces, never held whole. */
static void send_msg(size_t i, int is_top, unsigned long lines)
{
    struct pop3msg m;
    ssize_t r;
    int fd = -1;

    if (maildirscan_find(box.msg[i].path, &path) == 1)
        fd = open(path.s, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        err("unable to open that message");
        return;
    }
    ok();
    pop3msg_init(&m, is_top, lines);
    while (!pop3msg_done(&m)) {
        r = read(fd, filemem, sizeof filemem);
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1) /* the client has the +OK: all we can do is stop */
            die_sys(EXIT_TEMP, "unable to read ", path.s, NULL);
        if (r == 0)
            break;
        if (!pop3msg_put(&m, &buf_out, filemem, (size_t)r))
            die_sys(EXIT_OK, "unable to write to the client", NULL);
    }
    close(fd);
    if (!pop3msg_end(&m, &buf_out))
        die_sys(EXIT_OK, "unable to write to the client", NULL);
    if (i + 1 > last)
        last = i + 1;
}

static void retr(const char *arg)
{
    long m = msgno(&arg, 0);

    if (m != -1)
        send_msg((size_t)m, 0, 0);
}

static void top(const char *arg)
{
    unsigned long lines;
    long m = msgno(&arg, 1);

    if (m == -1)
        return;
    if (!pop3cmd_number(&arg, &lines) || *arg != '\0') {
        err("syntax error");
        return;
    }
    send_msg((size_t)m, 1, lines);
}

static void dele(const char *arg)
{
    long m = msgno(&arg, 0);

    if (m == -1)
        return;
    is_deleted[m] = 1;
    if ((unsigned long)m + 1 > last)
        last = (unsigned long)m + 1;
    ok();
}

static void rset(void)
{
    memset(is_deleted, 0, box.n);
    last = 0;
    ok();
}

/* RFC 1939 6, the UPDATE state. Another session may have moved or
 * removed a message meanwhile: one that is gone is as good as deleted,
 * and one already in cur/ stays where it is. */
static void __attribute__((noreturn)) quit(void)
{
    int is_kept = 1;
    size_t i;

    for (i = 0; i < box.n; i++) {
        const char *p = box.msg[i].path;
        int r;

        if (is_deleted[i]) {
            r = maildirscan_find(p, &path);
            if (r == 1 && unlink(path.s) == -1 && errno != ENOENT) {
                warn_sys("unable to remove ", path.s, NULL);
                is_kept = 0;
            } else if (r == -1) {
                warn_sys("unable to look for ", p, NULL);
                is_kept = 0;
            }
        } else if (strncmp(p, "new/", 4) == 0) {
            /* qmail-pop3d: the message has been seen by a mail reader,
             * so it leaves new/, with no flags yet */
            if (!str_copys(&line, "cur/") || !str_cats(&line, p + 4) ||
                !str_cats(&line, ":2,") || !str_0(&line))
                die_nomem();
            if (rename(p, line.s) == -1 && errno != ENOENT)
                warn_sys("unable to move ", p, " to cur/", NULL);
        }
    }
    if (is_kept)
        ok();
    else
        err("some deleted messages not removed");
    flush();
    _exit(EXIT_OK);
}

static void capa(void)
{
    /* RFC 2449 5; USER is for the AUTHORIZATION state, passed already */
    put_s("+OK capability list follows\r\n"
          "TOP\r\nUIDL\r\nPIPELINING\r\n.\r\n");
}

static void command(char *verb, const char *arg)
{
    if (strcmp(verb, "quit") == 0)
        quit();
    else if (strcmp(verb, "stat") == 0)
        do_stat();
    else if (strcmp(verb, "list") == 0)
        list(arg, 0);
    else if (strcmp(verb, "uidl") == 0)
        list(arg, 1);
    else if (strcmp(verb, "retr") == 0)
        retr(arg);
    else if (strcmp(verb, "top") == 0)
        top(arg);
    else if (strcmp(verb, "dele") == 0)
        dele(arg);
    else if (strcmp(verb, "rset") == 0)
        rset();
    else if (strcmp(verb, "last") == 0) {
        put_s("+OK ");
        putnum(last);
        put("\r\n", 2);
    } else if (strcmp(verb, "noop") == 0)
        ok();
    else if (strcmp(verb, "capa") == 0)
        capa();
    else
        err("unimplemented");
}

static void open_maildir(const char *dir)
{
    if (chdir(dir) == -1)
        fail("this user has no $HOME/Maildir", "unable to enter the Maildir");
    maildirscan_clean(time(NULL));
    if (!maildirscan_scan(&box))
        fail("unable to scan $HOME/Maildir", "unable to scan the Maildir");
    if ((is_deleted = calloc(box.n + 1, 1)) == NULL)
        die_nomem();
}

int main(int argc, char **argv)
{
    char *verb, *arg;

    progname = "qmail-pop3d";
    if (argc < 2 || argv[1][0] == '\0')
        die_usage(usage);
    buf_init(&buf_out, 1, outmem, sizeof outmem);
    if (getuid() == 0 || geteuid() == 0) {
        err("unable to read mail as root");
        flush();
        die(EXIT_PERM, "refusing to run as root", NULL);
    }
    sig_ignore(SIGPIPE);
    buf_in.timeout = buf_out.timeout = read_timeout();
    open_maildir(argv[1]);
    ok();
    for (;;) {
        if (buf_avail(&buf_in) == 0)
            flush();
        switch (pop3cmd_read(&buf_in, &line, POP3CMD_MAX)) {
        case POP3CMD_EOF:
            flush();
            _exit(EXIT_OK);
        case POP3CMD_ERROR:
            die_sys(EXIT_OK, "unable to read from the client", NULL);
        case POP3CMD_LONG:
            err("line too long");
            continue;
        case POP3CMD_NUL:
            err("syntax error");
            continue;
        case POP3CMD_LINE:
            break;
        }
        pop3cmd_split(&line, &verb, &arg);
        command(verb, arg);
    }
}
