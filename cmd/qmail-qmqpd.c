/*
 * qmail-qmqpd - receive one message over QMQP (cr.yp.to/proto/qmqp.html)
 * from a trusted client and queue it. Runs under tcpserver as qmaild;
 * who may connect is decided by tcprules (rules/tcp.qmqp), nothing else:
 * QMQP clients are null clients (qmail-qmqpc) of this host's own cluster,
 * so recipients are not checked against rcpthosts, as in qmail.
 *
 * in:   one netstring on fd 0 holding the message, the sender and the
 *       recipients as netstrings; TCPREMOTEIP, TCPREMOTEHOST,
 *       TCPREMOTEINFO, TCPLOCALHOST, TCPLOCALIP, QMAILQUEUE;
 *       control/timeoutsmtpd
 * out:  one netstring on fd 1, "K", "Z" or "D" and a text; the message
 *       to $QMAILQUEUE or bin/qmail-queue
 * exit: 0 answered (or the client sent nothing at all); 100 the client
 *       broke the netstring framing; 111 timeout, the client left early
 *       (nothing is queued), I/O error, no memory
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
#include "netstring.h"
#include "qq.h"
#include "received.h"
#include "sig.h"

/* "A QMQP session should take at most 1 hour." qmail's alarm. */
#define SESSION_MAX 3600
/* An envelope address, as qmail-qmqpd and qmail-queue take it. */
#define ADDR_MAX 1000

static struct str addr, text;

static void __attribute__((noreturn)) session_over(int sig)
{
    (void)sig;
    _exit(EXIT_TEMP);
}

/* A netstring reader said no (0) or could not go on (-1). */
static void check(int r)
{
    if (r == 1)
        return;
    if (r == 0)
        die(EXIT_PERM, "protocol error: malformed netstring from the client",
            NULL);
    if (errno == 0)
        die(EXIT_TEMP, "the client left before the end of its message",
            NULL);
    if (errno == ETIMEDOUT)
        die(EXIT_TEMP, "timeout reading from the client", NULL);
    if (errno == ENOMEM)
        die_nomem();
    die_sys(EXIT_TEMP, "unable to read from the client", NULL);
}

/* The message, as it comes: QMQP sends it with LF line ends. */
static void copy_message(struct qq *q, unsigned long len, unsigned long *left)
{
    while (len > 0) {
        ssize_t r = buf_feed(&buf_in);
        size_t k = buf_avail(&buf_in);

        if (r <= 0) {
            if (r == 0)
                errno = 0;
            check(-1);
        }
        if (k > len)
            k = (size_t)len;
        qq_put(q, buf_peek(&buf_in), k);
        buf_skip(&buf_in, k);
        len -= k;
        *left -= k;
    }
}

/* One address netstring into addr: 1 when it is shorter than ADDR_MAX,
 * not empty (for recipients) and holds no NUL. Longer ones are read and
 * thrown away, never kept. */
static int get_addr(unsigned long *left, int may_be_empty)
{
    unsigned long len;
    int fits;

    addr.len = 0;
    check(netstring_getlen(&buf_in, left, &len));
    fits = len < ADDR_MAX && (len > 0 || may_be_empty);
    check(netstring_getbytes(&buf_in, left, len, fits ? &addr : NULL));
    check(netstring_getcomma(&buf_in, left));
    if (!str_0(&addr))
        die_nomem();
    return fits && strlen(addr.s) == addr.len;
}

static const char *env_or(const char *name, const char *def)
{
    const char *s = env_get(name);

    return s != NULL ? s : def;
}

static void setup(void)
{
    unsigned long timeout;

    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", auto_home, NULL);
    if (control_readint(&timeout, "control/timeoutsmtpd", 1200) == -1)
        die_sys(EXIT_TEMP, "unable to read control/timeoutsmtpd", NULL);
    buf_in.timeout = buf_out.timeout =
        timeout == 0 ? 1 : timeout > UINT_MAX ? UINT_MAX : (unsigned)timeout;
}

/* Read the request, queue it, and return the answer (QMQP: one
 * netstring holding the message, the sender and each recipient as
 * netstrings; every byte is charged to its length). */
static const char *take_request(void)
{
    struct qq q;
    unsigned long left, len, nrcpts = 0;
    const char *result;
    char num[FMT_ULONG];
    int is_ok;
    pid_t qp;

    check(netstring_getlen(&buf_in, NULL, &left));
    check(netstring_getlen(&buf_in, &left, &len));
    if (!qq_open(&q, qq_path()))
        die_sys(EXIT_TEMP, "unable to run ", qq_path(), NULL);
    qp = q.pid;
    if (!received_fmt(&text, "QMQP",
                      env_or("TCPLOCALHOST", env_or("TCPLOCALIP", "unknown")),
                      env_or("TCPREMOTEIP", "unknown"),
                      env_or("TCPREMOTEHOST", "unknown"),
                      env_get("TCPREMOTEINFO"), NULL, time(NULL)))
        die_nomem();
    qq_put(&q, text.s, text.len);
    copy_message(&q, len, &left);
    check(netstring_getcomma(&buf_in, &left));
    is_ok = get_addr(&left, 1);
    qq_from(&q, is_ok ? addr.s : "");
    for (; left > 0; nrcpts++)
        if (get_addr(&left, 0))
            qq_to(&q, addr.s);
        else
            is_ok = 0;
    check(netstring_getcomma(&buf_in, NULL));
    if (!is_ok || nrcpts == 0)
        qq_fail(&q);
    result = qq_close(&q);
    if (!is_ok)
        return "Dsorry, I can't accept addresses like that (#5.1.3)";
    if (nrcpts == 0)
        return "Dsorry, I need at least one recipient (#5.1.3)";
    if (*result != '\0')
        return result;
    text.len = 0;
    if (!str_cats(&text, "Kok ") ||
        !str_catulong(&text, (unsigned long)time(NULL)) ||
        !str_cats(&text, " qp ") ||
        !str_catb(&text, num, fmt_ulong(num, (unsigned long)qp)) ||
        !str_0(&text))
        die_nomem();
    return text.s;
}

int main(void)
{
    const char *result;
    ssize_t r;

    progname = "qmail-qmqpd";
    sig_ignore(SIGPIPE);
    sig_catch(SIGALRM, session_over);
    alarm(SESSION_MAX);
    setup();
    if ((r = buf_feed(&buf_in)) == 0)
        _exit(EXIT_OK); /* connected and left: a probe, not an error */
    if (r == -1)
        check(-1);
    result = take_request();
    if (!netstring_put(&buf_out, result, strlen(result)) ||
        !buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write to the client", NULL);
    _exit(EXIT_OK);
}
