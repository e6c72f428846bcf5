/*
 * qmail-smtpd - receive mail over SMTP (RFC 5321) and queue it.
 * Runs under tcpserver (and rblsmtpd) as qmaild, one process per client.
 *
 * in:   the client on fds 0 and 1; TCPREMOTEIP, TCPREMOTEHOST,
 *       TCPREMOTEINFO, TCPLOCALHOST, TCPLOCALIP, RELAYCLIENT, DATABYTES,
 *       QMAILQUEUE; control/me, smtpgreeting, localiphost, timeoutsmtpd,
 *       rcpthosts, morercpthosts.cdb, badmailfrom, databytes (and, without
 *       rcpthosts, locals, percenthack, virtualdomains, envnoathost)
 * out:  SMTP replies on fd 1; each message to $QMAILQUEUE or
 *       bin/qmail-queue (message on its fd 0, envelope on its fd 1)
 * exit: 0 after QUIT; 100 after closing on a message whose end cannot be
 *       told (a "." line next to a bare LF); 111 timeout, I/O error, the
 *       client left without QUIT, unreadable control files, no memory
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auto.h"
#include "badmailfrom.h"
#include "buf.h"
#include "control.h"
#include "die.h"
#include "env.h"
#include "exitcode.h"
#include "qq.h"
#include "rcpthosts.h"
#include "received.h"
#include "scan.h"
#include "sig.h"
#include "smtpaddr.h"
#include "smtpcmd.h"
#include "smtpdata.h"

/* RFC 5321 4.5.3.1.4 allows 512 bytes; extensions may need more, a
 * client sending more than this is broken or hostile. */
#define CMD_MAX 4096
/* RFC 5321 4.5.3.1.8 asks for at least 100; qmail had no limit. Beyond
 * this, 452 (4.5.3.1.10): the client sends the rest in another message. */
#define RCPT_MAX 1000

static const char bare[] =
    "451 message has a bare CR or LF, see https://cr.yp.to/docs/smtplf.html "
    "(#4.6.0)\r\n";
static const char too_big[] =
    "552 sorry, that message size exceeds my databytes limit (#5.3.4)\r\n";

static struct str greeting, liphost, helo, line, addr, mailfrom, rcpts, msg;
static struct badmailfrom bmf = BADMAILFROM_INIT;
static struct rcpthosts rh;
static int has_liphost, is_mail, is_barf;
static unsigned long databytes, nrcpts;
static const char *remoteip, *remotehost, *remoteinfo, *local, *relayclient;
static const char *qqpath; /* qq_path(), read once */

static void out(const char *s)
{
    if (!buf_puts(&buf_out, s))
        _exit(EXIT_TEMP);
}

static void flush(void)
{
    if (!buf_flush(&buf_out))
        _exit(EXIT_TEMP);
}

/* Fatal trouble: one reply to the client, one line to the log. */
static void __attribute__((noreturn)) quit_with(const char *reply)
{
    out(reply);
    flush();
    _exit(EXIT_TEMP);
}

static void __attribute__((noreturn)) temp_nomem(void)
{
    warn("out of memory", NULL);
    quit_with("421 out of memory (#4.3.0)\r\n");
}

static void __attribute__((noreturn)) temp_control(const char *fn)
{
    if (fn != NULL)
        warn_sys("unable to read ", fn, NULL);
    quit_with("421 unable to read controls (#4.3.0)\r\n");
}

/* The client is gone (0), silent too long, or unreadable (-1). */
static void __attribute__((noreturn)) input_gone(ssize_t r)
{
    if (r == -1 && errno == ETIMEDOUT)
        quit_with("451 timeout (#4.4.2)\r\n");
    _exit(EXIT_TEMP); /* gone without QUIT, or a read error */
}

/* Make input available, flushing replies first so pipelined commands
 * are answered in order and nothing waits on an unsent reply (RFC 2920). */
static void fill(void)
{
    ssize_t r;

    if (buf_avail(&buf_in) > 0)
        return;
    flush();
    if ((r = buf_feed(&buf_in)) <= 0)
        input_gone(r);
}

/* One command into line, without its LF. 0 when it was too long: the
 * rest is read and dropped up to the LF, so the next command starts
 * where the client thinks it does. */
static int get_command(void)
{
    int is_long = 0;

    line.len = 0;
    for (;;) {
        const char *p;
        size_t n, k;

        fill();
        p = buf_peek(&buf_in);
        n = buf_avail(&buf_in);
        k = str_chr(p, n, '\n');
        if (!is_long && k > CMD_MAX - line.len)
            is_long = 1;
        if (!is_long && !str_catb(&line, p, k))
            temp_nomem();
        buf_skip(&buf_in, k < n ? k + 1 : n);
        if (k < n)
            return !is_long;
    }
}

static void reset(void)
{
    is_mail = 0;
    nrcpts = 0;
    rcpts.len = 0;
}

/* The handlers below return their (last) reply line. */
static const char *smtp_helo(const char *arg, size_t n, int is_ehlo)
{
    reset();
    if (!str_copyb(&helo, arg, n) || !str_0(&helo))
        temp_nomem();
    out(is_ehlo ? "250-" : "250 ");
    out(greeting.s);
    if (!is_ehlo)
        return "\r\n";
    out("\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE");
    if (databytes > 0 &&
        !(buf_putc(&buf_out, ' ') && buf_putulong(&buf_out, databytes)))
        _exit(EXIT_TEMP);
    return "\r\n";
}

/* Parse into addr (NUL-terminated), replacing a literal naming this host,
 * "[127.0.0.1]" or "[IPv6:::1]", by control/localiphost as qmail does. */
static int parse_addr(const char *arg, size_t n, const char *kw,
                      size_t *params)
{
    int r = smtpaddr_parse(arg, n, kw, &addr, params);

    if (r == 1 && has_liphost &&
        smtpaddr_localip(&addr, liphost.s, liphost.len) == -1) {
        if (errno == ENOMEM)
            temp_nomem();
        warn_sys("unable to list my IP addresses", NULL);
        quit_with("421 unable to figure out my IP addresses (#4.3.0)\r\n");
    }
    if (r == -1 || !str_0(&addr))
        temp_nomem();
    return r;
}

static const char *smtp_mail(const char *arg, size_t n)
{
    size_t params;
    unsigned long size;
    int r;

    if (is_mail)
        return "503 nested MAIL command (#5.5.1)\r\n";
    if (!parse_addr(arg, n, "FROM", &params))
        return "501 syntax error in address (#5.5.4)\r\n";
    r = smtpaddr_size(arg + params, n - params, &size);
    if (r == -1)
        return "501 malformed SIZE parameter (#5.5.4)\r\n";
    /* RFC 1870 6.1: refuse now what DATA would refuse after the upload */
    if (r == 1 && databytes > 0 && size > databytes)
        return too_big;
    if (!str_copyb(&mailfrom, addr.s, addr.len + 1))
        temp_nomem();
    is_barf = badmailfrom_has(&bmf, addr.s, addr.len);
    reset();
    is_mail = 1;
    return "250 ok\r\n";
}

static const char *smtp_rcpt(const char *arg, size_t n)
{
    size_t params;
    int r;

    if (!is_mail)
        return "503 MAIL first (#5.5.1)\r\n";
    if (!parse_addr(arg, n, "TO", &params) || addr.len == 0)
        return "501 syntax error in address (#5.5.4)\r\n";
    if (is_barf)
        return "553 sorry, your envelope sender is in my badmailfrom list "
               "(#5.7.1)\r\n";
    if (nrcpts >= RCPT_MAX)
        return "452 too many recipients (#4.5.3)\r\n";
    if (relayclient != NULL) {
        if (!str_cats(&addr, relayclient))
            temp_nomem();
    } else if (smtpaddr_routed(addr.s, addr.len)) {
        return "553 sorry, no %, ! or @ in local parts here (#5.7.1)\r\n";
    } else if ((r = rcpthosts_allowed(&rh, addr.s, addr.len)) != 1) {
        if (r == -1)
            temp_control("control/morercpthosts.cdb");
        return "553 sorry, that domain isn't in my list of allowed "
               "rcpthosts (#5.7.1)\r\n";
    }
    if (!str_catb(&rcpts, addr.s, addr.len) || !str_catc(&rcpts, '\0'))
        temp_nomem();
    nrcpts++;
    return "250 ok\r\n";
}

/* Nothing of this message may be queued: no envelope is written. */
static void give_up(struct qq *q)
{
    qq_fail(q);
    qq_close(q);
}

/* Read the message up to its end, streaming it to the queue. */
static int read_message(struct qq *q, struct smtpdata *d)
{
    size_t used;
    ssize_t got;
    int r;

    do {
        if (buf_avail(&buf_in) == 0) {
            flush();
            if ((got = buf_feed(&buf_in)) <= 0) {
                give_up(q);
                input_gone(got);
            }
        }
        r = smtpdata_feed(d, buf_peek(&buf_in), buf_avail(&buf_in), &used,
                          &msg);
        buf_skip(&buf_in, used);
        if (r == -1) {
            give_up(q);
            temp_nomem();
        }
        if (d->is_bare || d->is_toobig)
            qq_fail(q);
        if (msg.len > 0)
            qq_put(q, msg.s, msg.len);
        msg.len = 0;
    } while (r == SMTPDATA_MORE);
    return r;
}

static const char *smtp_data(void)
{
    struct qq q;
    struct smtpdata d;
    const char *result;
    size_t i;
    pid_t qp;

    if (!is_mail)
        return "503 MAIL first (#5.5.1)\r\n";
    if (nrcpts == 0)
        return "503 RCPT first (#5.5.1)\r\n";
    is_mail = 0;
    if (!qq_open(&q, qqpath))
        return "451 qqt failure (#4.3.0)\r\n";
    qp = q.pid;
    out("354 go ahead\r\n");
    if (!received_fmt(&msg, "SMTP", local, remoteip, remotehost, remoteinfo,
                      helo.s, time(NULL)))
        temp_nomem();
    smtpdata_init(&d, databytes);
    if (read_message(&q, &d) == SMTPDATA_AMBIGUOUS) {
        /* the client may think the message ended at that "."; what
         * follows may be a command or more text: stop here */
        give_up(&q);
        out(bare);
        flush();
        _exit(EXIT_PERM);
    }
    if (smtpdata_looping(&d) || d.is_toobig || d.is_bare) {
        give_up(&q);
        return smtpdata_looping(&d) ? "554 too many hops, this message is "
                                      "looping (#5.4.6)\r\n"
               : d.is_toobig        ? too_big
                                    : bare;
    }
    qq_from(&q, mailfrom.s);
    for (i = 0; i < rcpts.len; i += strlen(rcpts.s + i) + 1)
        qq_to(&q, rcpts.s + i);
    result = qq_close(&q);
    if (*result != '\0') {
        out(*result == 'D' ? "554 " : "451 ");
        out(result + 1);
        return "\r\n";
    }
    out("250 ok ");
    if (!buf_putulong(&buf_out, (unsigned long)time(NULL)) ||
        !buf_puts(&buf_out, " qp ") ||
        !buf_putulong(&buf_out, (unsigned long)qp))
        _exit(EXIT_TEMP);
    return "\r\n";
}

static const char *dispatch(void)
{
    size_t a;
    enum smtpcmd c = smtpcmd_parse(line.s, line.len, &a);
    const char *arg = line.s + a;
    size_t n = line.len - a;

    if (n > 0 && arg[n - 1] == '\r')
        n--;
    switch (c) {
    case SMTPCMD_BAD:
        return "500 NUL or CR in command refused (#5.5.2)\r\n";
    case SMTPCMD_HELO:
        return smtp_helo(arg, n, 0);
    case SMTPCMD_EHLO:
        return smtp_helo(arg, n, 1);
    case SMTPCMD_MAIL:
        return smtp_mail(arg, n);
    case SMTPCMD_RCPT:
        return smtp_rcpt(arg, n);
    case SMTPCMD_DATA:
        return smtp_data();
    case SMTPCMD_RSET:
        reset();
        return "250 flushed\r\n";
    case SMTPCMD_NOOP:
        return "250 ok\r\n";
    case SMTPCMD_VRFY:
        return "252 send some mail, i'll try my best\r\n";
    case SMTPCMD_HELP:
        return "214 quail: see qmail-smtpd(8)\r\n";
    case SMTPCMD_QUIT:
        out("221 ");
        out(greeting.s);
        out("\r\n");
        flush();
        _exit(EXIT_OK);
    case SMTPCMD_UNKNOWN:
        break;
    }
    return "502 unimplemented (#5.5.1)\r\n";
}

static const char *env_or(const char *name, const char *def)
{
    return env_get(name) != NULL ? env_get(name) : def;
}

static void setup(void)
{
    unsigned long timeout;
    const char *fn, *x;
    int r;

    if (chdir(auto_home) == -1)
        temp_control(auto_home);
    if (control_init() == -1)
        temp_control("control/me");
    if (control_rldef(&greeting, "control/smtpgreeting", 1, NULL) != 1)
        temp_control("control/smtpgreeting");
    if (!str_0(&greeting))
        temp_nomem();
    if ((has_liphost = control_rldef(&liphost, "control/localiphost", 1,
                                     NULL)) == -1)
        temp_control("control/localiphost");
    if (control_readint(&timeout, "control/timeoutsmtpd", 1200) == -1)
        temp_control("control/timeoutsmtpd");
    buf_in.timeout = buf_out.timeout =
        timeout == 0 ? 1 : timeout > UINT_MAX ? UINT_MAX : (unsigned)timeout;
    if ((r = rcpthosts_init(&rh, &fn)) == -1)
        temp_control(fn);
    if (r == 0)
        warn("control/rcpthosts is missing: accepting mail only for locals "
             "and virtualdomains, and relaying only for RELAYCLIENT", NULL);
    if (badmailfrom_init(&bmf) == -1)
        temp_control("control/badmailfrom");
    if (control_readint(&databytes, "control/databytes", 0) == -1)
        temp_control("control/databytes");
    if ((x = env_get("DATABYTES")) != NULL &&
        !scan_ulong_all(x, &databytes)) {
        warn("DATABYTES is not a number", NULL);
        temp_control(NULL);
    }
    if ((qqpath = qq_path()) == NULL)
        temp_nomem();
    remoteip = env_or("TCPREMOTEIP", "unknown");
    remotehost = env_or("TCPREMOTEHOST", "unknown");
    remoteinfo = env_get("TCPREMOTEINFO");
    local = env_or("TCPLOCALHOST", env_or("TCPLOCALIP", "unknown"));
    relayclient = env_get("RELAYCLIENT");
    if (!str_copys(&helo, remotehost) || !str_0(&helo))
        temp_nomem();
}

/* A client tcp.smtp gives a non-empty RBLSMTPD is to be refused by
 * rblsmtpd. The service runs rblsmtpd in front of us only when there are
 * blocklist zones to look up (its exec would cost every session); without
 * it, such a client reaches us, and we hand it over. rblsmtpd answers it
 * and exits: it never runs its program when RBLSMTPD is not empty (and
 * were it to, "true" ends the session rather than coming back here). */
static void refuse_by_rblsmtpd(void)
{
    const char *x = env_get("RBLSMTPD");
    char *args[] = { "rblsmtpd", "true", NULL };

    if (x == NULL || *x == '\0')
        return;
    execvp(args[0], args);
    out("421 unable to run rblsmtpd (#4.3.0)\r\n");
    flush();
    die_sys(EXIT_TEMP, "unable to run rblsmtpd", NULL);
}

int main(void)
{
    progname = "qmail-smtpd";
    sig_ignore(SIGPIPE);
    refuse_by_rblsmtpd();
    setup();
    out("220 ");
    out(greeting.s);
    out(" ESMTP\r\n");
    for (;;) {
        out(get_command() ? dispatch()
                          : "500 command line too long (#5.5.2)\r\n");
    }
}
