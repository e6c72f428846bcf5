/*
 * qmail-qmqpc - give a message to a central QMQP server instead of
 * queueing it here: the queue program of a null client (mini-qmail).
 * Put it in the qmail-queue slot: QMAILQUEUE, or bin/qmail-queue itself.
 *
 * in:   fd 0 the message, fd 1 the envelope, as qmail-queue(8) takes
 *       them; control/qmqpservers (one IPv4 or IPv6 address per line,
 *       tried in order), timeoutconnect, timeoutremote
 * out:  the message and envelope as one QMQP request (port 628) to the
 *       first server that answers
 * exit: qmail-queue(8) codes: 0 the server took it (K); 31 it refused it
 *       for good (D); 71 for now (Z); 11 address too long; 51 no memory;
 *       52 the whole job took a day; 54 unable to read the message or
 *       envelope; 55 no usable control/qmqpservers; 56 no socket; 61 no
 *       home; 72 connecting timed out, 73 connection refused, 74
 *       connection lost or garbled (of the last server tried); 91
 *       envelope format error
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "fd.h"
#include "ip.h"
#include "netstring.h"
#include "scan.h"
#include "sig.h"
#include "str.h"

#define QMQP_PORT 628
#define ADDR_MAX 1000   /* bytes in one envelope address, as qmail-queue */
#define DEADLINE 86400  /* seconds for the whole job, as qmail-queue */
#define TEXT_MAX 200    /* bytes of a server's text worth repeating */

struct server {
    int family; /* AF_INET or AF_INET6 */
    unsigned char ip[16];
    unsigned long port;
};

static unsigned long timeoutconnect = 10, timeoutremote = 60;
/* The request's inside: head (the message's "len:"), the message, tail
 * ("," then the sender and recipients as netstrings); the message is
 * never copied. */
static struct str head, msg, tail, line;
static char envspace[1024];

static void __attribute__((noreturn)) deadline(int sig)
{
    (void)sig;
    _exit(QQ_TIMEOUT);
}

/* "1.2.3.4", "::1", "[::1]", each with an optional ":port" after the
 * address or its brackets (a quail extension, for tests and odd ports). */
static int parse_server(const char *s, size_t n, struct server *sv)
{
    size_t k, end = n;
    int is_bracket = n > 0 && s[0] == '[';

    sv->port = QMQP_PORT;
    if (is_bracket) {
        end = str_chr(s, n, ']');
        if (end == n)
            return 0;
        s++, n--, end--;
    }
    /* A bare IPv6 address takes every ':' that follows it, so it can
     * have a port only in brackets: "::1:628" is the address ::1:628. */
    if ((k = ip_scan4(s, end, sv->ip)) > 0)
        sv->family = AF_INET;
    else if ((k = ip_scan6(s, end, sv->ip)) > 0)
        sv->family = AF_INET6;
    else
        return 0;
    if (is_bracket && k++ != end)
        return 0;
    if (k == n)
        return 1;
    if (s[k] != ':' || k + 1 == n ||
        scan_ulong(s + k + 1, n - k - 1, &sv->port) != n - k - 1)
        return 0;
    return sv->port > 0 && sv->port < 65536;
}

/* Connect within timeoutconnect seconds: the fd, or -1 with errno set
 * (ETIMEDOUT when the time ran out). */
static int tcp_connect(const struct server *sv)
{
    struct sockaddr_in s4;
    struct sockaddr_in6 s6;
    struct pollfd p;
    socklen_t len;
    int fd, r, err = 0;

    fd = socket(sv->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd == -1)
        die_sys(QQ_NETWORK, "unable to create a socket", NULL);
    if (sv->family == AF_INET) {
        memset(&s4, 0, sizeof s4);
        s4.sin_family = AF_INET;
        s4.sin_port = htons((unsigned short)sv->port);
        memcpy(&s4.sin_addr, sv->ip, 4);
        r = connect(fd, (struct sockaddr *)&s4, sizeof s4);
    } else {
        memset(&s6, 0, sizeof s6);
        s6.sin6_family = AF_INET6;
        s6.sin6_port = htons((unsigned short)sv->port);
        memcpy(&s6.sin6_addr, sv->ip, 16);
        r = connect(fd, (struct sockaddr *)&s6, sizeof s6);
    }
    if (r == -1 && errno == EINPROGRESS) {
        p.fd = fd;
        p.events = POLLOUT;
        do
            r = poll(&p, 1, (int)timeoutconnect * 1000);
        while (r == -1 && errno == EINTR);
        if (r == 0)
            errno = ETIMEDOUT, r = -1;
        else if (r == 1) {
            len = sizeof err;
            r = getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (r == 0 && err != 0)
                errno = err, r = -1;
        }
    }
    if (r == -1 || !fd_block(fd)) {
        err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

/* Send the request and read the answer's first byte and some text.
 * 1 with *code set; 0 when the conversation failed: errno set, 0 when
 * the server closed the connection. */
static int converse(int fd, char *code, struct str *text)
{
    char out[512], in[512];
    struct buf b;
    unsigned long len = 0;
    size_t total;
    int r;

    total = head.len + msg.len + tail.len;
    buf_init(&b, fd, out, sizeof out);
    b.timeout = (unsigned)timeoutremote;
    text->len = 0;
    if (!netstring_catlen(text, total) || !buf_put(&b, text->s, text->len) ||
        !buf_put(&b, head.s, head.len) || !buf_put(&b, msg.s, msg.len) ||
        !buf_put(&b, tail.s, tail.len) || !buf_put(&b, ",", 1) ||
        !buf_flush(&b))
        return 0;
    buf_init(&b, fd, in, sizeof in);
    b.timeout = (unsigned)timeoutremote;
    r = netstring_getlen(&b, NULL, &len);
    if (r == 0 || (r == 1 && len == 0))
        return errno = EPROTO, 0;
    if (r == -1)
        return 0;
    if ((r = buf_getc(&b, code)) != 1) {
        if (r == 0)
            errno = 0;
        return 0;
    }
    if (*code != 'K' && *code != 'Z' && *code != 'D')
        return errno = EPROTO, 0;
    /* The text is the server's: keep a little, printable. */
    text->len = 0;
    len--;
    netstring_getbytes(&b, NULL, len < TEXT_MAX ? len : TEXT_MAX, text);
    for (total = 0; total < text->len; total++)
        if (text->s[total] < 32 || text->s[total] > 126)
            text->s[total] = '?';
    if (!str_0(text))
        die_nomem();
    return 1;
}

static void read_message(void)
{
    ssize_t r;

    for (;;) {
        if (!str_reserve(&msg, BUF_SIZE))
            die_nomem();
        r = read(0, msg.s + msg.len, msg.cap - msg.len);
        if (r == 0)
            break;
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1)
            die_sys(QQ_READ, "unable to read the message", NULL);
        msg.len += (size_t)r;
    }
    if (!netstring_catlen(&head, msg.len))
        die_nomem();
}

/* One envelope field, "F..." or "T..." up to its NUL, or the final NUL
 * alone; kind is the letter it must start with. 1 a field, 0 the end. */
static int get_field(struct buf *b, char kind)
{
    int r;

    line.len = 0;
    r = buf_getline(b, &line, '\0', ADDR_MAX + 2);
    if (r == -1 && errno == E2BIG)
        die(QQ_PERM_TOOLONG, "envelope address too long", NULL);
    if (r == -1 && errno == ENOMEM)
        die_nomem();
    if (r == -1)
        die_sys(QQ_READ, "unable to read the envelope", NULL);
    if (r == 0)
        die(QQ_READ, "envelope ended before its final NUL", NULL);
    if (line.len == 1 && kind == 'T')
        return 0;
    if (line.s[0] != kind)
        die(QQ_ENVELOPE, kind == 'F' ? "envelope does not start with F"
                                     : "envelope recipient does not start "
                                       "with T", NULL);
    if (!netstring_cat(&tail, line.s + 1, line.len - 2))
        die_nomem();
    return 1;
}

static void read_envelope(void)
{
    struct buf b = BUF_INIT(1, envspace, sizeof envspace);

    if (!str_copys(&tail, ","))
        die_nomem();
    get_field(&b, 'F');
    while (get_field(&b, 'T'))
        ;
}

static void setup(struct str *servers)
{
    if (chdir(auto_home) == -1)
        die_sys(QQ_HOME, "unable to chdir to ", auto_home, NULL);
    switch (control_readlist(servers, "control/qmqpservers")) {
    case 0:
        die(QQ_CONFIG, "control/qmqpservers is missing", NULL);
    case -1:
        die_sys(QQ_CONFIG, "unable to read control/qmqpservers", NULL);
    }
    if (control_readint(&timeoutconnect, "control/timeoutconnect", 10) == -1)
        die_sys(QQ_CONFIG, "unable to read control/timeoutconnect", NULL);
    if (control_readint(&timeoutremote, "control/timeoutremote", 60) == -1)
        die_sys(QQ_CONFIG, "unable to read control/timeoutremote", NULL);
    /* poll takes milliseconds in an int; 0 would mean forever */
    if (timeoutconnect == 0 || timeoutconnect > 86400)
        timeoutconnect = timeoutconnect == 0 ? 1 : 86400;
    if (timeoutremote == 0 || timeoutremote > 86400)
        timeoutremote = timeoutremote == 0 ? 1 : 86400;
}

int main(void)
{
    struct str servers = STR_INIT, text = STR_INIT;
    struct server sv;
    int code = QQ_CONFIG, fd;
    size_t i, n;
    char answer;

    progname = "qmail-qmqpc";
    sig_ignore(SIGPIPE);
    sig_catch(SIGALRM, deadline);
    alarm(DEADLINE);
    setup(&servers);
    read_message();
    read_envelope();
    /* First server that answers wins; a failure to connect or a lost
     * connection before an answer moves on to the next one. */
    for (i = 0; i < servers.len; i += n + 1) {
        const char *s = servers.s + i;

        n = strlen(s);
        if (!parse_server(s, n, &sv)) {
            warn("control/qmqpservers: not an IP address: ", s, NULL);
            continue;
        }
        if ((fd = tcp_connect(&sv)) == -1) {
            code = errno == ETIMEDOUT ? QQ_TIMEOUT_SERVER : QQ_CONNECT;
            warn_sys("unable to connect to ", s, NULL);
            continue;
        }
        if (!converse(fd, &answer, &text)) {
            code = QQ_LOST;
            if (errno == 0)
                warn(s, " closed the connection without an answer", NULL);
            else
                warn_sys("lost the connection to ", s, NULL);
            close(fd);
            continue;
        }
        close(fd);
        if (answer == 'K')
            _exit(QQ_OK);
        die(answer == 'D' ? QQ_PERM_REFUSED : QQ_REFUSED_TEMP, s,
            answer == 'D' ? " refused the message: " : " deferred the "
            "message: ", text.s, NULL);
    }
    die(code, code == QQ_CONFIG ? "no usable server in control/qmqpservers"
                                : "no QMQP server took the message", NULL);
}
