/*
 * qmail-qmtpd - receive mail over QMTP (cr.yp.to/proto/qmtp.txt) and
 * queue it. Runs under tcpserver as qmaild, one process per connection,
 * any number of packages per connection.
 *
 * in:   packages on fd 0: the message, the sender and the recipient list
 *       as netstrings; TCPREMOTEIP, TCPREMOTEHOST, TCPREMOTEINFO,
 *       TCPLOCALHOST, TCPLOCALIP, RELAYCLIENT, DATABYTES, QMAILQUEUE;
 *       control/rcpthosts, morercpthosts.cdb, databytes, timeoutsmtpd
 *       (and, without rcpthosts, locals, percenthack, virtualdomains,
 *       envnoathost)
 * out:  one netstring response per recipient on fd 1, "K", "Z" or "D"
 *       and a text; each message to $QMAILQUEUE or bin/qmail-queue
 * exit: 0 the client closed the connection between packages; 100 the
 *       client broke the netstring framing; 111 timeout, the client left
 *       in the middle of a package (nothing of it is queued), I/O error,
 *       unreadable control files, no memory
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "control.h"
#include "die.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "hops.h"
#include "netstring.h"
#include "qq.h"
#include "rcpthosts.h"
#include "received.h"
#include "scan.h"
#include "sig.h"
#include "smtpaddr.h"

/* QMTP 2: "A QMTP session should take at most 1 hour." qmail's alarm. */
#define SESSION_MAX 3600
/* An envelope address, as qmail-qmtpd and qmail-queue take it. */
#define ADDR_MAX 1000
/* Recipients of one package that get their own answer; the rest are
 * answered Z, so a client retries them later, and memory stays bounded
 * whatever the client sends. */
#define RCPT_MAX 10000
/* What is wrong with one recipient; 0 for nothing. */
#define BAD_DOMAIN 'D' /* not in rcpthosts */
#define BAD_ROUTED 'R' /* %, ! or @ in the local part */
#define BAD_ADDR 'L'   /* too long, empty, or holds a NUL */
#define BAD_MANY 'Z'   /* beyond RCPT_MAX */

static struct rcpthosts rh;
static unsigned long databytes;
static const char *remoteip, *remotehost, *remoteinfo, *local, *relayclient;
static size_t relaylen;
static struct str sender, rcpt, text, status;
static const char *qqpath; /* qq_path(), read once */

/* The message being copied to qmail-queue. */
static struct {
    unsigned long bytes; /* message bytes so far, after decoding */
    int is_toobig;
    struct hops hops;    /* the loop check qmail 1.03's qmail-qmtpd lacked */
} m;

static void __attribute__((noreturn)) session_over(int sig)
{
    (void)sig;
    _exit(EXIT_TEMP);
}

/* Responses to earlier packages are the client's only proof that those
 * messages are ours: send what is pending before any exit. */
static void flush(void)
{
    if (!buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write to the client", NULL);
}

static void __attribute__((noreturn)) temp_nomem(void)
{
    buf_flush(&buf_out);
    die_nomem();
}

static void __attribute__((noreturn)) temp_control(const char *fn)
{
    buf_flush(&buf_out);
    if (fn == NULL)
        die_nomem();
    die_sys(EXIT_TEMP, "unable to read ", fn, NULL);
}

static void __attribute__((noreturn)) badproto(const char *why)
{
    buf_flush(&buf_out);
    die(EXIT_PERM, "protocol error: ", why, NULL);
}

/* A netstring reader said no (0) or could not go on (-1). */
static void check(int r)
{
    if (r == 1)
        return;
    if (r == 0)
        badproto("malformed netstring from the client");
    buf_flush(&buf_out);
    if (errno == 0)
        die(EXIT_TEMP, "the client left in the middle of a package", NULL);
    if (errno == ETIMEDOUT)
        die(EXIT_TEMP, "timeout reading from the client", NULL);
    if (errno == ENOMEM)
        die_nomem();
    die_sys(EXIT_TEMP, "unable to read from the client", NULL);
}

/* Decoded message bytes: counted against databytes while they arrive,
 * never after, and given to qmail-queue. */
static void emit(struct qq *q, const char *s, size_t n)
{
    if (m.is_toobig)
        return;
    if (databytes > 0 && (n > databytes || m.bytes > databytes - n)) {
        m.is_toobig = 1;
        qq_fail(q);
        return;
    }
    m.bytes += n;
    hops_feed(&m.hops, s, n);
    qq_put(q, s, n);
}

/* QMTP 4: the message is "\n" then lines ended by LF (encoding #2,
 * copied as it is), or "\r" then lines ended by CRLF (encoding #1, CRLF
 * turned into LF; a CR not before LF is kept). len counts the bytes
 * after that first one. */
static void copy_message(struct qq *q, unsigned long len, int is_crlf)
{
    char out[BUF_SIZE];
    size_t o = 0;
    int has_cr = 0;

    while (len > 0) {
        ssize_t r = buf_feed(&buf_in);
        size_t i, k = buf_avail(&buf_in);
        const char *p = buf_peek(&buf_in);

        if (r <= 0) {
            if (r == 0)
                errno = 0;
            qq_fail(q);
            check(-1);
        }
        if (k > len)
            k = (size_t)len;
        if (!is_crlf) {
            emit(q, p, k);
        } else {
            for (i = 0; i < k; i++) {
                if (o + 2 > sizeof out) {
                    emit(q, out, o);
                    o = 0;
                }
                if (has_cr && p[i] != '\n')
                    out[o++] = '\r';
                has_cr = p[i] == '\r';
                if (!has_cr)
                    out[o++] = p[i];
            }
        }
        buf_skip(&buf_in, k);
        len -= k;
    }
    if (has_cr)
        out[o++] = '\r';
    emit(q, out, o);
}

/* Read one netstring of at most ADDR_MAX - 1 bytes into x (dropping a
 * longer one): 1 when it fits and holds no NUL. */
static int get_addr(struct str *x, unsigned long *left)
{
    unsigned long len;
    int fits;

    x->len = 0;
    check(netstring_getlen(&buf_in, left, &len));
    fits = len < ADDR_MAX;
    check(netstring_getbytes(&buf_in, left, len, fits ? x : NULL));
    check(netstring_getcomma(&buf_in, left));
    if (!str_0(x))
        temp_nomem();
    return fits && strlen(x->s) == x->len;
}

/* The relay decision, as qmail-smtpd makes it. 0: take it; rcpt holds
 * the address to queue (RELAYCLIENT appended). */
static char judge(void)
{
    int r;

    if (rcpt.len == 0)
        return BAD_ADDR;
    if (relayclient != NULL) {
        if (relaylen >= ADDR_MAX - rcpt.len)
            return BAD_ADDR;
        if (!str_cats(&rcpt, relayclient) || !str_0(&rcpt))
            temp_nomem();
        return 0;
    }
    if (smtpaddr_routed(rcpt.s, rcpt.len))
        return BAD_ROUTED;
    r = rcpthosts_allowed(&rh, rcpt.s, rcpt.len);
    if (r == -1)
        temp_control("control/morercpthosts.cdb");
    return r == 1 ? 0 : BAD_DOMAIN;
}

static void respond(const char *s)
{
    if (!netstring_put(&buf_out, s, strlen(s)))
        die_sys(EXIT_TEMP, "unable to write to the client", NULL);
}

/* The message netstring after its length: the encoding byte, then the
 * message, copied to qmail-queue behind our Received line. */
static void read_message(struct qq *q, unsigned long len)
{
    char first;
    int r;

    if ((r = buf_getc(&buf_in, &first)) != 1) {
        if (r == 0)
            errno = 0;
        check(-1);
    }
    if (first != '\n' && first != '\r') {
        qq_fail(q);
        qq_close(q);
        badproto("message encoding is neither LF nor CRLF");
    }
    text.len = 0;
    if (!received_fmt(&text, "QMTP", local, remoteip, remotehost, remoteinfo,
                      NULL, time(NULL)))
        temp_nomem();
    qq_put(q, text.s, text.len);
    m.bytes = 0;
    m.is_toobig = 0;
    hops_init(&m.hops);
    copy_message(q, len - 1, first == '\r');
    check(netstring_getcomma(&buf_in, NULL));
}

/* The recipient list: good ones go to qmail-queue, and status gets one
 * byte per recipient (0 or what is wrong) for the first RCPT_MAX;
 * *extra counts the rest. The number of good ones. */
static unsigned long read_recipients(struct qq *q, unsigned long *extra)
{
    unsigned long biglen, good = 0;

    status.len = 0;
    *extra = 0;
    check(netstring_getlen(&buf_in, NULL, &biglen));
    while (biglen > 0) {
        char st = get_addr(&rcpt, &biglen) ? judge() : BAD_ADDR;

        if (status.len >= RCPT_MAX) {
            ++*extra;
            continue;
        }
        if (st == 0) {
            qq_to(q, rcpt.s);
            good++;
        }
        if (!str_catc(&status, st))
            temp_nomem();
    }
    check(netstring_getcomma(&buf_in, NULL));
    return good;
}

/* One answer per recipient, in their order (QMTP 2): result for the
 * good ones. */
static void answer(const char *result, unsigned long extra)
{
    size_t i;

    for (i = 0; i < status.len; i++)
        switch (status.s[i]) {
        case 0:
            respond(result);
            break;
        case BAD_DOMAIN:
            respond("Dsorry, that domain isn't in my list of allowed "
                    "rcpthosts (#5.7.1)");
            break;
        case BAD_ROUTED:
            respond("Dsorry, no %, ! or @ in local parts here (#5.7.1)");
            break;
        default:
            respond("Dsorry, I can't handle that recipient (#5.1.3)");
            break;
        }
    for (; extra > 0; extra--)
        respond("Ztoo many recipients in one package, try the rest later "
                "(#4.5.3)");
}

/* Read the rest of a package whose message netstring is len bytes long,
 * queue it, and answer (QMTP 4, 5). */
static void package(unsigned long len)
{
    struct qq q;
    const char *result;
    unsigned long extra;
    char num[FMT_ULONG];
    int is_sender_ok;
    pid_t qp;

    if (len == 0)
        badproto("empty message netstring");
    if (!qq_open(&q, qqpath)) {
        buf_flush(&buf_out);
        die_sys(EXIT_TEMP, "unable to run ", qqpath, NULL);
    }
    qp = q.pid;
    read_message(&q, len);
    if (hops_looping(&m.hops))
        qq_fail(&q);
    is_sender_ok = get_addr(&sender, NULL);
    qq_from(&q, is_sender_ok ? sender.s : "");
    if (!is_sender_ok)
        qq_fail(&q);
    if (read_recipients(&q, &extra) == 0)
        qq_fail(&q);
    result = qq_close(&q);
    if (m.is_toobig)
        result = "Dsorry, that message size exceeds my databytes limit "
                 "(#5.3.4)";
    else if (hops_looping(&m.hops))
        result = "Dtoo many hops, this message is looping (#5.4.6)";
    else if (!is_sender_ok)
        result = "Dunacceptable sender (#5.1.7)";
    else if (*result == '\0') {
        text.len = 0;
        if (!str_cats(&text, "Kok ") ||
            !str_catulong(&text, (unsigned long)time(NULL)) ||
            !str_cats(&text, " qp ") ||
            !str_catb(&text, num, fmt_ulong(num, (unsigned long)qp)) ||
            !str_0(&text))
            temp_nomem();
        result = text.s;
    }
    answer(result, extra);
}

static const char *env_or(const char *name, const char *def)
{
    const char *s = env_get(name);

    return s != NULL ? s : def;
}

static void setup(void)
{
    unsigned long timeout;
    const char *fn, *x;
    int r;

    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", auto_home, NULL);
    if (control_init() == -1)
        temp_control("control/me");
    if (control_readint(&timeout, "control/timeoutsmtpd", 1200) == -1)
        temp_control("control/timeoutsmtpd");
    buf_in.timeout = buf_out.timeout =
        timeout == 0 ? 1 : timeout > UINT_MAX ? UINT_MAX : (unsigned)timeout;
    if ((r = rcpthosts_init(&rh, &fn)) == -1)
        temp_control(fn);
    if (r == 0)
        warn("control/rcpthosts is missing: accepting mail only for locals "
             "and virtualdomains, and relaying only for RELAYCLIENT", NULL);
    if (control_readint(&databytes, "control/databytes", 0) == -1)
        temp_control("control/databytes");
    if ((x = env_get("DATABYTES")) != NULL &&
        !scan_ulong_all(x, &databytes))
        die(EXIT_TEMP, "DATABYTES is not a number", NULL);
    if ((qqpath = qq_path()) == NULL)
        temp_nomem();
    remoteip = env_or("TCPREMOTEIP", "unknown");
    remotehost = env_or("TCPREMOTEHOST", "unknown");
    remoteinfo = env_get("TCPREMOTEINFO");
    local = env_or("TCPLOCALHOST", env_or("TCPLOCALIP", "unknown"));
    relayclient = env_get("RELAYCLIENT");
    relaylen = relayclient != NULL ? strlen(relayclient) : 0;
}

int main(void)
{
    unsigned long len;
    ssize_t r;

    progname = "qmail-qmtpd";
    sig_ignore(SIGPIPE);
    sig_catch(SIGALRM, session_over);
    alarm(SESSION_MAX);
    setup();
    for (;;) {
        /* QMTP 2: answers may wait while more input is at hand, but
         * never while we wait for the client */
        if (buf_avail(&buf_in) == 0) {
            flush();
            r = buf_feed(&buf_in);
            if (r == 0)
                _exit(EXIT_OK);
            if (r == -1)
                check(-1);
        }
        check(netstring_getlen(&buf_in, NULL, &len));
        package(len);
    }
}
