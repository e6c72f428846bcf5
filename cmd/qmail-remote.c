/*
 * qmail-remote - send one message by SMTP to the mail exchangers of one
 * host, or to the relay control/smtproutes names for it.
 * Run by qmail-rspawn for each remote delivery, as qmailr.
 *
 * in:   argv: host sender recip [recip ...]; the message on fd 0;
 *       control/me, helohost, smtproutes, timeoutconnect, timeoutremote,
 *       localiphost; queue/lock/tcpto
 * out:  qmail-remote(8)'s report on fd 1: one recipient report per
 *       recipient that got an answer ('r' accepted, 'h' refused for good,
 *       's' refused for now), then one message report ('K' sent, 'Z'
 *       try later, 'D' give up); each is a letter, text, and a NUL.
 *       Nothing is written to fd 2: qmail-rspawn reads both as one.
 * exit: 0 when the report is written, whatever it says (usage errors
 *       too, as a 'D' report, as in qmail); 111 when fd 1 fails
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "control.h"
#include "dns.h"
#include "errtext.h"
#include "exitcode.h"
#include "ip.h"
#include "ipme.h"
#include "sig.h"
#include "smtpreply.h"
#include "smtproutes.h"
#include "smtpsend.h"
#include "str.h"
#include "tcpconnect.h"
#include "tcpto.h"

#define TEXT_MAX 2000    /* reply text kept for the report */

static struct str helohost = STR_INIT, routes = STR_INIT;
static struct str localiphost = STR_INIT, text = STR_INIT;
static struct smtproute route = SMTPROUTE_INIT;
static unsigned long timeoutconnect = 60, timeoutremote = 1200;
static const char *host;          /* where the mail goes: argv[1] or relay */
static char partner[IP_FMT];      /* the address we are talking to */
static int critical;              /* the final dot is on its way */
static char inspace[1024], outspace[BUF_SIZE];
static struct buf smtpin, smtpout;

/* ---- the report on fd 1 ---- */

static void out(const char *s, size_t n)
{
    if (!buf_put(&buf_out, s, n))
        _exit(EXIT_TEMP);
}

static void outs(const char *s)
{
    out(s, strlen(s));
}

/* The parts, then the NUL that ends a report. */
static void report(const char *s, ...) __attribute__((sentinel));
static void report(const char *s, ...)
{
    va_list ap;

    va_start(ap, s);
    for (; s != NULL; s = va_arg(ap, const char *))
        outs(s);
    va_end(ap);
    out("", 1);
}

static void finish(void) __attribute__((noreturn));
static void finish(void)
{
    if (!buf_flush(&buf_out))
        _exit(EXIT_TEMP);
    _exit(EXIT_OK);
}

/* A message report that ends the run. */
#define quitwith(...) (report(__VA_ARGS__, NULL), finish())

static void temp_nomem(void) __attribute__((noreturn));
static void temp_nomem(void)
{
    quitwith("ZOut of memory. (#4.3.0)\n");
}

static void temp_control(const char *fn) __attribute__((noreturn));
static void temp_control(const char *fn)
{
    quitwith("ZUnable to read ", fn, ": ", errtext(errno), ". (#4.3.0)\n");
}

/* The server's last reply, as "Remote host said: ..." */
static void outtext(void)
{
    if (text.len == 0)
        return;
    outs("Remote host said: ");
    out(text.s, text.len);
}

/* Say QUIT without waiting for the answer (as qmail: the delivery is
 * decided already), then the message report. */
static void quit(const char *code, const char *what) __attribute__((noreturn));
static void quit(const char *code, const char *what)
{
    if (buf_puts(&smtpout, "QUIT\r\n"))
        (void)buf_flush(&smtpout);
    outs(code);
    outs(partner);
    outs(what);
    outs(".\n");
    outtext();
    report("", NULL);
    finish();
}

static void dropped(void) __attribute__((noreturn));
static void dropped(void)
{
    quitwith("ZConnected to ", partner, " but the connection died (",
             errtext(errno), ")",
             critical ? "; possible duplicate" : "", ". (#4.4.2)\n");
}

/* ---- SMTP ---- */

static void sput(const char *s, size_t n)
{
    if (!buf_put(&smtpout, s, n))
        dropped();
}

static void sputs(const char *s)
{
    sput(s, strlen(s));
}

static void sflush(void)
{
    if (!buf_flush(&smtpout))
        dropped();
}

/* The next reply's code; 0 when it is not SMTP. */
static unsigned long smtpcode(void)
{
    unsigned long code;
    int r = smtpreply_read(&smtpin, &text, TEXT_MAX, &code);

    if (r == -1 && errno == ENOMEM)
        temp_nomem();
    if (r <= 0)
        dropped();
    return code;
}

static int perm(unsigned long code)
{
    return code >= 500;
}

static unsigned long command(const char *verb, const char *arg,
                             const char *end)
{
    sputs(verb);
    sputs(arg);
    sputs(end);
    sflush();
    return smtpcode();
}

static void sendaddr(const char *addr)
{
    if (!smtpsend_addr(&smtpout, addr))
        dropped();
}

static void temp_read(void) __attribute__((noreturn));
static void temp_read(void)
{
    quitwith("ZUnable to read the message: ", errtext(errno),
             ". (#4.3.0)\n");
}

/* The message, then the final dot. A line without LF at the end is
 * ended, where qmail 1.03 refused the message. */
static void blast(void)
{
    int r = smtpsend_data(&buf_in, &smtpout);

    if (r == 0)
        temp_read();
    if (r == -1)
        dropped();
    /* The final dot leaves with the last bytes of the message, in one
     * write: written apart, Nagle would hold it back until the server's
     * delayed ACK of those bytes, 40 ms per message. */
    critical = 1; /* from here the server may have the whole message */
    sput(".\r\n", 3);
    sflush();
}

static void smtp(const char *sender, char **recips)
{
    unsigned long code;
    int accepted = 0;

    code = smtpcode();
    if (code != 220)
        quit(perm(code) ? "DConnected to " : "ZConnected to ",
             " but the greeting failed");
    /* RFC 5321 4.1.1.1, 3.2: EHLO, and HELO when a server does not know it */
    if (command("EHLO ", helohost.s, "\r\n") != 250) {
        code = command("HELO ", helohost.s, "\r\n");
        if (code != 250)
            quit(perm(code) ? "DConnected to " : "ZConnected to ",
                 " but my name was rejected");
    }
    sputs("MAIL FROM:<");
    sendaddr(sender);
    code = command(">", "", "\r\n");
    if (code / 100 != 2)
        quit(perm(code) ? "DConnected to " : "ZConnected to ",
             " but the sender was rejected");
    for (; *recips != NULL; recips++) {
        sputs("RCPT TO:<");
        sendaddr(*recips);
        code = command(">", "", "\r\n");
        if (code / 100 == 2) {
            report("r", NULL);
            accepted = 1;
            continue;
        }
        outs(perm(code) ? "h" : "s");
        outs(partner);
        outs(" does not like the recipient.\n");
        outtext();
        report("", NULL);
    }
    if (!accepted)
        quit("DGiving up on ", "");
    code = command("DATA", "", "\r\n");
    if (code / 100 != 3)
        quit(perm(code) ? "D" : "Z", " failed on the DATA command");
    blast();
    code = smtpcode();
    critical = 0;
    if (code / 100 != 2)
        quit(perm(code) ? "D" : "Z", " failed after I sent the message");
    quit("K", " accepted the message");
}

/* ---- finding the peer ---- */

static void fmt_partner(const struct dns_rr *a)
{
    if (a->family == AF_INET6)
        ip_fmt6(partner, a->ip);
    else
        ip_fmt4(partner, a->ip);
}

/* host is an address: "[192.0.2.1]", "[IPv6:2001:db8::1]",
 * "[2001:db8::1]", or, as qmail's dns_ip allowed, a bare "192.0.2.1" or
 * "2001:db8::1". 1 with *a filled; 0 not an address; -1 a bad literal
 * in brackets. */
static int literal(const char *s, struct dns_rr *a)
{
    size_t n = strlen(s);
    int bracket = n > 0 && s[0] == '[';

    memset(a, 0, sizeof *a);
    if (bracket) {
        if (n < 2 || s[n - 1] != ']')
            return -1;
        s++;
        n -= 2;
        if (n > 5 && str_diffb_nocase(s, "IPv6:", 5) == 0)
            s += 5, n -= 5;
    }
    if (n > 0 && ip_scan4(s, n, a->ip) == n) {
        a->family = AF_INET;
        return 1;
    }
    if (n > 0 && ip_scan6(s, n, a->ip) == n) {
        a->family = AF_INET6;
        return 1;
    }
    return bracket ? -1 : 0;
}

static unsigned long seed(void)
{
    unsigned long s;

    if (getrandom(&s, sizeof s, GRND_NONBLOCK) != (ssize_t)sizeof s)
        s = (unsigned long)time(NULL) + ((unsigned long)getpid() << 16);
    return s;
}

/* Where host's mail goes, best first, into l. */
static void lookup(struct dns_list *l, int relayed)
{
    static struct dns_rr a;
    int r;

    r = literal(host, &a);
    if (r == -1)
        quitwith("DThe address literal ", host, " is not valid. (#5.1.2)\n");
    if (r == 1) {
        if (!str_catc(&l->names, '\0'))
            temp_nomem();
        l->r = &a; /* one record; l is never freed: we exit */
        l->len = l->cap = 1;
        return;
    }
    r = relayed ? dns_ip(l, host) : dns_mxip(l, host, seed());
    if (r == DNS_SOFT && errno == ENOMEM)
        temp_nomem();
    if (r == DNS_SOFT)
        quitwith("ZTemporary DNS failure looking up ", host, ". (#4.4.3)\n");
    if (r == DNS_NXDOMAIN)
        quitwith("DThere is no host named ", host, ". (#5.1.2)\n");
    if (r == DNS_NULLMX)
        quitwith("D", host, " accepts no mail (its MX record is null,",
                 " RFC 7505). (#5.1.10)\n");
    if (r == DNS_NONE)
        quitwith("D", host, " has neither a mail exchanger nor an",
                 " address. (#5.4.4)\n");
}

static int is_me(const struct dns_list *l, size_t i)
{
    int r = ipme_is(l->r[i].family, l->r[i].ip);
    const char *name = dns_rrname(l, i);

    if (r == -1)
        quitwith("ZUnable to list this host's addresses: ", errtext(errno),
                 ". (#4.3.0)\n");
    return r == 1 || (localiphost.len > 0 &&
                      strlen(name) == localiphost.len &&
                      str_diffb_nocase(name, localiphost.s,
                                       localiphost.len) == 0);
}

/* Drop this host and every exchanger it prefers less than itself: mail
 * we would hand them could only come back to us (qmail-remote(8)). */
static void skip_self(struct dns_list *l)
{
    unsigned long best = (unsigned long)-1;
    size_t i, kept = 0;

    for (i = 0; i < l->len; i++)
        if (l->r[i].pref < best && is_me(l, i))
            best = l->r[i].pref;
    for (i = 0; i < l->len; i++)
        if (l->r[i].pref < best)
            l->r[kept++] = l->r[i];
    l->len = kept;
    if (kept == 0)
        quitwith("ZThis host is a best mail exchanger for ", host,
                 ", but it is not in control/locals or",
                 " control/virtualdomains, so I do not deliver it",
                 " here. (#4.4.6)\n");
}

static void getcontrols(void)
{
    if (control_init() == -1)
        temp_control("control/me");
    if (control_readint(&timeoutremote, "control/timeoutremote", 1200) == -1)
        temp_control("control/timeoutremote");
    if (control_readint(&timeoutconnect, "control/timeoutconnect", 60) == -1)
        temp_control("control/timeoutconnect");
    switch (control_rldef(&helohost, "control/helohost", 1, NULL)) {
    case 0:
        errno = ENOENT;
        temp_control("control/helohost (and control/me)");
    case -1:
        temp_control("control/helohost");
    }
    if (!str_0(&helohost))
        temp_nomem();
    if (control_readlist(&routes, "control/smtproutes") == -1)
        temp_control("control/smtproutes");
    if (control_readline(&localiphost, "control/localiphost") == -1)
        temp_control("control/localiphost");
}

static int has_newline(const char *s)
{
    return strpbrk(s, "\r\n") != NULL;
}

static void try_all(const struct dns_list *l, const char *sender,
                    char **recips)
{
    const char *why = "no address to try";
    size_t i;
    int fd;

    for (i = 0; i < l->len; i++) {
        fmt_partner(&l->r[i]);
        if (tcpto_skip(l->r[i].family, l->r[i].ip)) {
            why = "timed out recently, see qmail-tcpto";
            continue;
        }
        if ((fd = tcpconnect(l->r[i].family, l->r[i].ip, (unsigned)route.port,
                             timeoutconnect)) == -1) {
            why = errtext(errno); /* before tcpto_note changes errno */
            tcpto_note(l->r[i].family, l->r[i].ip, errno == ETIMEDOUT);
            continue;
        }
        tcpto_note(l->r[i].family, l->r[i].ip, 0);
        buf_init(&smtpin, fd, inspace, sizeof inspace);
        buf_init(&smtpout, fd, outspace, sizeof outspace);
        smtpin.timeout = smtpout.timeout = (unsigned)timeoutremote;
        smtp(sender, recips); /* does not return */
    }
    quitwith("ZUnable to connect to ", host, " (", i > 0 ? partner : "",
             i > 0 ? ": " : "", why, "). (#4.4.1)\n");
}

int main(int argc, char **argv)
{
    struct dns_list l = DNS_LIST_INIT;
    int relayed, i;

    sig_ignore(SIGPIPE);
    if (argc < 4)
        quitwith("DUsage: qmail-remote host sender recip [recip ...].",
                 " (#5.3.5)\n");
    if (chdir(auto_home) == -1)
        quitwith("ZUnable to switch to ", auto_home, ": ", errtext(errno),
                 ". (#4.3.0)\n");
    getcontrols();
    host = argv[1];
    relayed = smtproutes_find(&routes, host, strlen(host), &route);
    if (relayed == -1 && errno == EINVAL)
        quitwith("ZThe control/smtproutes line for ", host,
                 " is not valid. (#4.3.5)\n");
    if (relayed == -1)
        temp_nomem();
    if (relayed)
        host = route.relay.s;
    if (has_newline(argv[2]))
        quitwith("DThe sender address contains a line break. (#5.1.7)\n");
    for (i = 3; i < argc; i++)
        if (has_newline(argv[i]))
            quitwith("DA recipient address contains a line break.",
                     " (#5.1.3)\n");
    lookup(&l, relayed);
    if (!relayed) /* a relay is where the admin said to go */
        skip_self(&l);
    try_all(&l, argv[2], argv + 3);
    return EXIT_TEMP; /* not reached */
}
