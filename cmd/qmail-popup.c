/*
 * qmail-popup - the AUTHORIZATION state of a POP3 server (RFC 1939 4):
 * greet with an APOP timestamp, take USER and PASS or APOP, and hand the
 * login to a checkpassword program, which runs the session (normally
 * qmail-pop3d) when it accepts it. Runs under tcpserver as root, which
 * the checkpassword program needs, before anybody has logged in.
 *
 * in:   argv: hostname checkprogram [arg ...]; POP3 commands on fd 0;
 *       control/timeoutpop3d (seconds to wait for the client, 1200)
 * out:  replies on fd 1; checkprogram gets fds 0, 1 and 2 and reads
 *       user\0password\0timestamp\0 from fd 3 (cr.yp.to checkpassword)
 * exit: 0 QUIT, the client left, or checkprogram accepted the login and
 *       its session is over; 100 usage, a third refused login, or a
 *       checkprogram that failed otherwise; 111 timeout, I/O error,
 *       unreadable control file, cannot start checkprogram
 */
#include <errno.h>
#include <fcntl.h>
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
#include "fd.h"
#include "pop3cmd.h"
#include "sig.h"
#include "timeout.h"
#include "wait.h"

static const char usage[] = "qmail-popup hostname checkprogram [arg ...]";

/* The checkpassword interface: the program reads at most 512 bytes. */
#define CHECK_MAX 512
/* A failed login is answered this long after it was tried, however long
 * checkprogram took: the answer's timing tells nothing about whether the
 * user exists, and each guess costs the client this much. */
#define FAIL_DELAY 2
/* Refused logins one connection may try. */
#define MAX_FAILS 3

/* One byte at a time: whatever the client pipelines after PASS or APOP
 * must stay in the socket for the session that checkprogram starts. */
static char inmem[1];
static struct buf in = BUF_INIT(0, inmem, sizeof inmem);
static struct str line, user, stamp, ctl;
static int has_user, fails;
static const char *hostname;
static char **checkprogram;

static void reply(const char *s)
{
    if (!buf_puts(&buf_out, s) || !buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write to the client", NULL);
}

static void __attribute__((noreturn)) temp_control(void)
{
    int e = errno;

    reply("-ERR unable to read controls\r\n");
    errno = e;
    die_sys(EXIT_TEMP, "unable to read ", ctl.s, NULL);
}

static unsigned read_timeout(void)
{
    unsigned long t;

    if (!str_copys(&ctl, auto_home) ||
        !str_cats(&ctl, "/control/timeoutpop3d") || !str_0(&ctl))
        die_nomem();
    if (control_readint(&t, ctl.s, 1200) == -1)
        temp_control();
    return t == 0 || t > 86400 ? 1200 : (unsigned)t;
}

static void greet(void)
{
    /* RFC 1939 7: the APOP timestamp, "<process-ID.clock@hostname>",
     * different for every connection */
    if (!str_copys(&stamp, "<") ||
        !str_catulong(&stamp, (unsigned long)getpid()) ||
        !str_catc(&stamp, '.') ||
        !str_catulong(&stamp, (unsigned long)time(NULL)) ||
        !str_catc(&stamp, '@') || !str_cats(&stamp, hostname) ||
        !str_catc(&stamp, '>') || !str_0(&stamp))
        die_nomem();
    if (!buf_puts(&buf_out, "+OK ") || !buf_puts(&buf_out, stamp.s))
        die_sys(EXIT_TEMP, "unable to write to the client", NULL);
    reply("\r\n");
}

/* Sleep until seconds after *t. */
static void sleep_until(struct timespec *t, time_t seconds)
{
    t->tv_sec += seconds;
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, t, NULL) == EINTR)
        ;
}

/* The client's address for the log: tcpserver sets it; keep only what
 * an address can hold, so the log line cannot be forged. */
static const char *remote(void)
{
    const char *ip = env_get("TCPREMOTEIP");

    if (ip == NULL || ip[strspn(ip, "0123456789abcdefABCDEF:.")] != '\0')
        return "unknown";
    return ip;
}

/* RFC 1939 4: after a failed login the client may try again, or the
 * server may close. A refusal (checkpassword's exit 1) lets the client
 * try again, so clients that fall back from APOP to USER/PASS work, up
 * to MAX_FAILS times; anything else may have spoken to the client
 * already (a session that failed), so the connection ends. */
static void failed(struct timespec *t0, const char *why, int may_retry)
{
    sleep_until(t0, FAIL_DELAY);
    warn("login failed from ", remote(), ": ", why, NULL);
    reply("-ERR authorization failed\r\n");
    has_user = 0;
    if (!may_retry || ++fails >= MAX_FAILS)
        _exit(EXIT_PERM);
}

static void child(int fd)
{
    /* fd 3 must be the pipe, without close-on-exec. */
    if (fd != 3 && !fd_copy(3, fd))
        die_sys(EXIT_TEMP, "unable to set up fd 3", NULL);
    if (!fd_nocoe(3))
        die_sys(EXIT_TEMP, "unable to set up fd 3", NULL);
    sig_default(SIGPIPE);
    execvp(checkprogram[0], checkprogram);
    die_sys(EXIT_TEMP, "unable to run ", checkprogram[0], NULL);
}

/* Run checkprogram with the login on fd 3. It returns only when the
 * login fails and the client may try again; on success checkprogram ran
 * the whole session. */
static void login(const char *name, size_t len, char *pass)
{
    static char data[CHECK_MAX];
    size_t plen = strlen(pass), n = 0;
    struct timespec t0;
    int p[2], status;
    pid_t pid;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (len + plen + stamp.len + 3 > sizeof data) {
        explicit_bzero(pass, plen);
        failed(&t0, "user name and password too long", 1);
        return;
    }
    memcpy(data, name, len);
    data[len] = '\0';
    n = len + 1;
    memcpy(data + n, pass, plen + 1);
    n += plen + 1;
    explicit_bzero(pass, plen);
    memcpy(data + n, stamp.s, stamp.len + 1);
    n += stamp.len + 1;
    if (pipe2(p, O_CLOEXEC) == -1)
        die_sys(EXIT_TEMP, "unable to create a pipe", NULL);
    if ((pid = fork()) == -1)
        die_sys(EXIT_TEMP, "unable to fork", NULL);
    if (pid == 0)
        child(p[0]);
    close(p[0]);
    /* Less than PIPE_BUF: one write that never blocks. A checkprogram
     * that exits without reading it just gives EPIPE (ignored). */
    (void)timeout_write(p[1], data, n, 10);
    explicit_bzero(data, sizeof data);
    close(p[1]);
    if (wait_pid(pid, &status) == -1)
        die_sys(EXIT_TEMP, "unable to wait for ", checkprogram[0], NULL);
    if (wait_crashed(status))
        failed(&t0, "checkprogram crashed", 0);
    else if (wait_exitcode(status) == 1)
        failed(&t0, "bad password", 1);
    else if (wait_exitcode(status) != 0)
        failed(&t0,
               wait_exitcode(status) == 111 ? "temporary failure"
                                            : "checkprogram failed",
               0);
    else
        _exit(EXIT_OK);
}

static void apop(char *arg)
{
    size_t sp = strcspn(arg, " ");

    if (sp == 0 || arg[sp] == '\0') {
        reply("-ERR syntax error\r\n");
        return;
    }
    login(arg, sp, arg + sp + 1);
}

static void command(char *verb, char *arg)
{
    if (strcmp(verb, "user") == 0) {
        if (*arg == '\0') {
            reply("-ERR syntax error\r\n");
            return;
        }
        if (!str_copys(&user, arg))
            die_nomem();
        has_user = 1;
        reply("+OK \r\n");
    } else if (strcmp(verb, "pass") == 0) {
        if (!has_user) {
            reply("-ERR USER first\r\n");
            return;
        }
        if (*arg == '\0') {
            reply("-ERR syntax error\r\n");
            return;
        }
        login(user.s, user.len, arg);
    } else if (strcmp(verb, "apop") == 0) {
        apop(arg);
    } else if (strcmp(verb, "quit") == 0) {
        reply("+OK \r\n");
        _exit(EXIT_OK);
    } else if (strcmp(verb, "noop") == 0) {
        reply("+OK \r\n");
    } else if (strcmp(verb, "capa") == 0) {
        /* RFC 2449 5: what this server offers, here and after login */
        reply("+OK capability list follows\r\n"
              "TOP\r\nUIDL\r\nUSER\r\nPIPELINING\r\n.\r\n");
    } else {
        reply("-ERR authorization first\r\n");
    }
}

int main(int argc, char **argv)
{
    char *verb, *arg;

    progname = "qmail-popup";
    if (argc < 3 || argv[1][0] == '\0')
        die_usage(usage);
    hostname = argv[1];
    checkprogram = argv + 2;
    sig_ignore(SIGPIPE);
    in.timeout = buf_out.timeout = read_timeout();
    greet();
    for (;;) {
        switch (pop3cmd_read(&in, &line, POP3CMD_MAX)) {
        case POP3CMD_EOF:
            _exit(EXIT_OK);
        case POP3CMD_ERROR:
            die_sys(EXIT_TEMP, "unable to read from the client", NULL);
        case POP3CMD_LONG:
            reply("-ERR line too long\r\n");
            continue;
        case POP3CMD_NUL:
            reply("-ERR syntax error\r\n");
            continue;
        case POP3CMD_LINE:
            break;
        }
        pop3cmd_split(&line, &verb, &arg);
        command(verb, arg);
    }
}
