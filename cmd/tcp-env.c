/*
 * tcp-env - describe the TCP connection on fd 0 in the environment, as
 * tcpserver does, then run a program: for qmail-smtpd and friends
 * started by inetd instead of tcpserver.
 *
 * in:   fd 0 a connected TCP socket (IPv4 or IPv6); options -r, -R,
 *       -t timeout; PROTO (TCP or TCP6: already described, change nothing)
 * out:  PROTO, TCPLOCALIP, TCPLOCALPORT, TCPLOCALHOST, TCPREMOTEIP,
 *       TCPREMOTEPORT, TCPREMOTEHOST, TCPREMOTEINFO; then execs argv
 * exit: 100 usage; 111 fd 0 is not a connected socket, no memory, the
 *       program cannot be run
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "die.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "ip.h"
#include "scan.h"
#include "sig.h"
#include "str.h"
#include "timeout.h"

#define IDENT_PORT 113
#define IDENT_MAX 512 /* RFC 1413: replies are at most 512 bytes... */
#define INFO_MAX 100  /* ...of which we keep this much of the user id */

static const char usage[] = "tcp-env [ -rR ] [ -t timeout ] prog [ arg ... ]";

/* One end of the connection, IPv4-mapped IPv6 addresses shown as IPv4,
 * as ucspi-tcp-ipv6's tcpserver does. */
struct end {
    struct sockaddr_storage sa;
    socklen_t len;
    char ip[IP_FMT];
    char port[FMT_ULONG + 1];
};

static void set(const char *name, const char *value)
{
    if (!env_set(name, value))
        die_nomem();
}

static void unset(const char *name)
{
    if (!env_unset(name))
        die_nomem();
}

static void describe(struct end *e)
{
    struct sockaddr_in *s4 = (struct sockaddr_in *)&e->sa;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&e->sa;
    unsigned short port;

    if (e->sa.ss_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
        struct sockaddr_in v4;

        memset(&v4, 0, sizeof v4);
        v4.sin_family = AF_INET;
        v4.sin_port = s6->sin6_port;
        memcpy(&v4.sin_addr, s6->sin6_addr.s6_addr + 12, 4);
        memcpy(&e->sa, &v4, sizeof v4);
        e->len = sizeof v4;
    }
    if (e->sa.ss_family == AF_INET) {
        ip_fmt4(e->ip, (const unsigned char *)&s4->sin_addr);
        port = ntohs(s4->sin_port);
    } else {
        ip_fmt6(e->ip, s6->sin6_addr.s6_addr);
        port = ntohs(s6->sin6_port);
    }
    e->port[fmt_ulong(e->port, port)] = '\0';
}

/* The name of e by a PTR lookup, lower case; "softdnserror" when the DNS
 * failed for now, as qmail's tcp-env; unset when there is no name. */
static void set_name(const char *var, const struct end *e)
{
    char host[NI_MAXHOST];
    int r = getnameinfo((const struct sockaddr *)&e->sa, e->len, host,
                        sizeof host, NULL, 0, NI_NAMEREQD);

    if (r == EAI_AGAIN) {
        set(var, "softdnserror");
    } else if (r == 0) {
        str_lower(host, strlen(host));
        set(var, host);
    } else if (r == EAI_MEMORY) {
        die_nomem();
    } else {
        unset(var);
    }
}

/* Connect from local's address to remote's ident port within secs. */
static int ident_connect(const struct end *local, const struct end *remote,
                         unsigned secs)
{
    struct sockaddr_storage from = local->sa, to = remote->sa;
    struct pollfd p;
    socklen_t len;
    int fd, r, err = 0;

    if (from.ss_family == AF_INET) {
        ((struct sockaddr_in *)&from)->sin_port = 0;
        ((struct sockaddr_in *)&to)->sin_port = htons(IDENT_PORT);
    } else {
        ((struct sockaddr_in6 *)&from)->sin6_port = 0;
        ((struct sockaddr_in6 *)&to)->sin6_port = htons(IDENT_PORT);
    }
    fd = socket(from.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
                0);
    if (fd == -1)
        return -1;
    if (bind(fd, (struct sockaddr *)&from, local->len) == -1)
        goto fail;
    r = connect(fd, (struct sockaddr *)&to, remote->len);
    if (r == -1 && errno != EINPROGRESS)
        goto fail;
    if (r == -1) {
        p.fd = fd;
        p.events = POLLOUT;
        do
            r = poll(&p, 1, (int)secs * 1000);
        while (r == -1 && errno == EINTR);
        len = sizeof err;
        if (r != 1 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1 ||
            err != 0)
            goto fail;
    }
    return fd;
fail:
    close(fd);
    return -1;
}

/* RFC 1413: ask the client's identd who owns the connection. The reply
 * "rport , lport : USERID : opsys : user" names the user; anything else
 * (ERROR, other ports, no answer within secs) gives nothing. The text
 * is the client's: only printable bytes are kept. */
static void set_remoteinfo(const struct end *local, const struct end *remote,
                           unsigned secs)
{
    struct str q = STR_INIT;
    char reply[IDENT_MAX + 1], *user;
    size_t n = 0, i;
    unsigned long rp, lp, want_rp, want_lp;
    ssize_t r;
    int fd = ident_connect(local, remote, secs);

    if (fd == -1)
        return;
    if (!str_copys(&q, remote->port) || !str_cats(&q, " , ") ||
        !str_cats(&q, local->port) || !str_cats(&q, "\r\n"))
        die_nomem();
    if (timeout_write(fd, q.s, q.len, secs) != (ssize_t)q.len)
        goto out;
    while (n < IDENT_MAX && str_chr(reply, n, '\n') == n) {
        r = timeout_read(fd, reply + n, IDENT_MAX - n, secs);
        if (r <= 0)
            goto out;
        n += (size_t)r;
    }
    n = str_chr(reply, n, '\n');
    while (n > 0 && (reply[n - 1] == '\r' || reply[n - 1] == ' '))
        n--;
    reply[n] = '\0';
    /* ports first, each possibly padded with spaces */
    for (i = 0; reply[i] == ' '; i++)
        ;
    if ((r = (ssize_t)scan_ulong(reply + i, n - i, &rp)) == 0)
        goto out;
    for (i += (size_t)r; reply[i] == ' '; i++)
        ;
    if (reply[i++] != ',')
        goto out;
    for (; reply[i] == ' '; i++)
        ;
    if ((r = (ssize_t)scan_ulong(reply + i, n - i, &lp)) == 0)
        goto out;
    for (i += (size_t)r; reply[i] == ' '; i++)
        ;
    if (reply[i++] != ':' || !scan_ulong_all(remote->port, &want_rp) ||
        !scan_ulong_all(local->port, &want_lp) || rp != want_rp ||
        lp != want_lp)
        goto out;
    for (; reply[i] == ' '; i++)
        ;
    if (strncmp(reply + i, "USERID", 6) != 0)
        goto out;
    for (i += 6; reply[i] == ' '; i++)
        ;
    if (reply[i] != ':' || (user = strchr(reply + i + 1, ':')) == NULL)
        goto out;
    for (user++; *user == ' '; user++)
        ;
    if (*user == '\0')
        goto out;
    n = strlen(user);
    if (n > INFO_MAX)
        user[n = INFO_MAX] = '\0';
    for (i = 0; i < n; i++)
        if ((unsigned char)user[i] < 32 || (unsigned char)user[i] > 126)
            user[i] = '?';
    set("TCPREMOTEINFO", user);
out:
    close(fd);
    str_free(&q);
}

int main(int argc, char **argv)
{
    struct end local, remote;
    unsigned long timeout = 30;
    const char *proto;
    int opt, type, is_remoteinfo = 1;
    socklen_t len = sizeof type;

    progname = "tcp-env";
    while ((opt = getopt(argc, argv, "+rRt:")) != -1)
        switch (opt) {
        case 'r':
            is_remoteinfo = 1;
            break;
        case 'R':
            is_remoteinfo = 0;
            break;
        case 't':
            if (!scan_ulong_all(optarg, &timeout) || timeout == 0 ||
                timeout > 3600)
                die_usage(usage);
            break;
        default:
            die_usage(usage);
        }
    argv += optind;
    if (*argv == NULL)
        die_usage(usage);

    proto = env_get("PROTO");
    if (proto == NULL || (strcmp(proto, "TCP") != 0 &&
                          strcmp(proto, "TCP6") != 0)) {
        sig_ignore(SIGPIPE);
        local.len = remote.len = sizeof local.sa;
        if (getsockname(0, (struct sockaddr *)&local.sa, &local.len) == -1)
            die_sys(EXIT_TEMP, "unable to get the local address of fd 0",
                    NULL);
        if (getpeername(0, (struct sockaddr *)&remote.sa, &remote.len) == -1)
            die_sys(EXIT_TEMP, "unable to get the remote address of fd 0",
                    NULL);
        if ((local.sa.ss_family != AF_INET && local.sa.ss_family != AF_INET6)
            || remote.sa.ss_family != local.sa.ss_family ||
            getsockopt(0, SOL_SOCKET, SO_TYPE, &type, &len) == -1 ||
            type != SOCK_STREAM)
            die(EXIT_TEMP, "fd 0 is not a TCP connection", NULL);
        describe(&local);
        describe(&remote);
        set("PROTO", remote.sa.ss_family == AF_INET ? "TCP" : "TCP6");
        set("TCPLOCALIP", local.ip);
        set("TCPLOCALPORT", local.port);
        set_name("TCPLOCALHOST", &local);
        set("TCPREMOTEIP", remote.ip);
        set("TCPREMOTEPORT", remote.port);
        set_name("TCPREMOTEHOST", &remote);
        unset("TCPREMOTEINFO");
        if (is_remoteinfo)
            set_remoteinfo(&local, &remote, (unsigned)timeout);
        sig_default(SIGPIPE);
    }
    execvp(*argv, argv);
    die_sys(EXIT_TEMP, "unable to run ", *argv, NULL);
}
