/*
 * sendmail - the Sendmail command line, for the programs that call
 * /usr/sbin/sendmail: it runs qmail-inject, or qmail-qread for -bp
 * (and as mailq), qmail-smtpd for -bs, newaliases for -bi (and as
 * newaliases). MUA -> sendmail -> qmail-inject -> qmail-queue.
 *
 * in:   Sendmail's options (those that mean nothing here are accepted and
 *       ignored, as qmail's sendmail does); recipients; the message on
 *       fd 0; argv[0]'s last part "mailq" or "newaliases"
 * out:  execs auto_home/bin/qmail-inject -H (-t) or -a, [-f sender], --,
 *       the recipients; with -f the From field qmail-inject adds names
 *       the sender (QMAILUSER, QMAILHOST), with -F the name (QMAILNAME)
 * exit: the program's; 100 usage; 111 it cannot be run
 */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auto.h"
#include "die.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "str.h"

static const char usage[] =
    "sendmail [ -t ] [ -i ] [ -fsender ] [ -Fname ] [ -bp ] [ -bs ] [ recip ... ]";

static void setenv_or_die(const char *name, const char *value)
{
    if (!env_set(name, value))
        die_nomem();
}

static void unsetenv_or_die(const char *name)
{
    if (!env_unset(name))
        die_nomem();
}

/* Run auto_home/bin/prog with args (args[0] is replaced). */
__attribute__((noreturn)) static void run(const char *prog, char **args)
{
    static struct str path;

    if (!str_copys(&path, auto_home) || !str_cats(&path, "/bin/") ||
        !str_cats(&path, prog) || !str_0(&path))
        die_nomem();
    args[0] = path.s;
    execv(path.s, args);
    die_sys(EXIT_TEMP, "unable to run ", path.s, NULL);
}

__attribute__((noreturn)) static void run0(const char *prog)
{
    char *args[2] = { NULL, NULL };

    run(prog, args);
}

/* -bs: an SMTP session on fds 0 and 1. qmail-smtpd needs what tcpserver
 * would set; a local user may already send anywhere through
 * qmail-inject, so relaying is allowed and the size is not limited. The
 * user name comes from our uid, not from the caller's environment. */
__attribute__((noreturn)) static void smtpd(void)
{
    struct passwd *pw;
    char num[FMT_ULONG];

    if (env_get("PROTO") == NULL) {
        pw = getpwuid(getuid());
        num[fmt_ulong(num, (unsigned long)getuid())] = '\0';
        setenv_or_die("RELAYCLIENT", "");
        setenv_or_die("DATABYTES", "0");
        setenv_or_die("PROTO", "TCP");
        setenv_or_die("TCPLOCALIP", "127.0.0.1");
        setenv_or_die("TCPLOCALHOST", "localhost");
        setenv_or_die("TCPREMOTEIP", "127.0.0.1");
        setenv_or_die("TCPREMOTEHOST", "localhost");
        setenv_or_die("TCPREMOTEINFO", pw != NULL ? pw->pw_name : num);
    }
    run0("qmail-smtpd");
}

/* -f: the From field qmail-inject adds for a message without one names
 * the sender too, not the user who runs us; as notqmail's sendmail. */
static void from_sender(const char *s)
{
    static struct str user;
    const char *at = strrchr(s, '@');

    if (*s == '\0') /* the null sender: From stays the user's */
        return;
    unsetenv_or_die("QMAILNAME");
    unsetenv_or_die("MAILNAME");
    unsetenv_or_die("NAME");
    unsetenv_or_die("QMAILHOST");
    unsetenv_or_die("MAILHOST");
    if (at == NULL) {
        setenv_or_die("QMAILUSER", s);
        return;
    }
    if (!str_copyb(&user, s, (size_t)(at - s)) || !str_0(&user))
        die_nomem();
    setenv_or_die("QMAILUSER", user.s);
    setenv_or_die("QMAILHOST", at + 1);
}

/* "<a@b>" as Sendmail and Postfix take it: the brackets are not part of
 * the address. */
static char *strip_angle(char *s)
{
    size_t n = strlen(s);

    if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
        s[n - 1] = '\0';
        return s + 1;
    }
    return s;
}

static const char *last_part(const char *s)
{
    const char *slash = strrchr(s, '/');

    return slash != NULL ? slash + 1 : s;
}

int main(int argc, char **argv)
{
    const char *me = argc > 0 ? last_part(argv[0]) : "sendmail";
    char *sender = NULL, *name = NULL, **args;
    int opt, use_header = 0, i, n = 0;

    progname = "sendmail";
    if (strcmp(me, "mailq") == 0)
        run0("qmail-qread");
    if (strcmp(me, "newaliases") == 0)
        run0("newaliases");
    opterr = 0;
    /* Sendmail's options; those of qmail's sendmail, plus the DSN and
     * submission ones (-N -R -V -U -G -L -h) that MUAs pass. */
    while ((opt = getopt(argc, argv, "+vimte:f:p:o:B:F:E::J::xb:N:R:V:UGL:h:"))
           != -1)
        switch (opt) {
        case 't': use_header = 1; break;
        case 'f': sender = strip_angle(optarg); break;
        case 'F': name = optarg; break;
        case 'b': /* the mode: its first letter, as qmail's sendmail */
            if (optarg[0] == 'p')
                run0("qmail-qread");
            if (optarg[0] == 's')
                smtpd();
            if (optarg[0] == 'i')
                run0("newaliases");
            if (optarg[0] != 'm')
                die_usage(usage);
            break;
        case '?':
            die_usage(usage);
        default: /* -v -i -m -x -e -p -o -B -E -J and the others */
            break;
        }
    if (sender != NULL)
        from_sender(sender);
    if (name != NULL)
        setenv_or_die("QMAILNAME", name);
    args = calloc((size_t)(argc - optind) + 6, sizeof *args);
    if (args == NULL)
        die_nomem();
    args[n++] = NULL; /* run() puts the path here */
    args[n++] = use_header ? "-H" : "-a";
    if (sender != NULL) {
        args[n++] = "-f";
        args[n++] = sender;
    }
    args[n++] = "--";
    for (i = optind; i < argc; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    run("qmail-inject", args);
}
