/*
 * dot-forward - obey a sendmail-style ~/.forward from a .qmail file or
 * the default delivery, as dot-forward 0.71's dot-forward(1):
 * "|dot-forward .forward" followed by a line for the normal mailbox.
 *
 * in:   argv: [-nN] file ...; the first file that exists and holds an
 *       instruction counts. $USER and $HOST (direct delivery), $NEWSENDER,
 *       $UFLINE $RPLINE $DTLINE from qmail-local; control/defaulthost,
 *       defaultdomain, plusdomain and me complete addresses; the message
 *       on fd 0, seekable
 * out:  programs run ("|cmd", fed UFLINE RPLINE DTLINE and the message);
 *       one injection through $QMAILQUEUE or bin/qmail-queue to every
 *       address, DTLINE on top, from NEWSENDER; "dot-forward: qp N" on
 *       fd 2. With -n the instructions on fd 1 instead.
 * exit: 99 handled (qmail-local skips the rest of the .qmail file);
 *       0 no file, or the file asks for delivery to the user too (the
 *       next lines run); 100 usage, a variable missing, a program or
 *       qmail-queue failed for good; 111 an unreadable file, a syntax
 *       error, a file delivery or :include: (not supported: the mail
 *       waits for a .qmail file), a program or qmail-queue failed for now
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "aliases.h"
#include "buf.h"
#include "die.h"
#include "dotqmail.h"
#include "env.h"
#include "exitcode.h"
#include "fwdrun.h"
#include "sig.h"
#include "strset.h"

/* qmail-command(8): delivered, skip the rest of the .qmail file */
#define EXIT_STOP 99

static const char usage[] = "dot-forward [-nN] file ...";

#define FILE_MAX (1UL << 20)

static int doit = 1, direct;
static struct aliases_hosts hosts = ALIASES_HOSTS_INIT;
static int have_hosts;
static struct strset seen = STRSET_INIT;
static struct str rcpts, progs, addr, tmp;

static const char *num(unsigned long n)
{
    static struct str s;

    s.len = 0;
    if (!str_catulong(&s, n) || !str_0(&s))
        die_nomem();
    return s.s;
}

/* The control files live in the home; the user's files and programs in
 * the current directory, which we come back to. */
static void read_hosts(void)
{
    const char *what;

    if (have_hosts)
        return;
    if (aliases_hosts_load(&hosts, &what) == -1)
        die_sys(EXIT_TEMP, "unable to ", what, NULL);
    have_hosts = 1;
}

/* dot-forward(1) DIRECT DELIVERY: "user" alone, or user@host as a whole,
 * matching $USER and $HOST without regard to case. "\user" is the same
 * as "user" (the backslash is RFC 822 quoting). */
static int is_direct(const char *a)
{
    const char *user = env_get("USER"), *host = env_get("HOST");
    size_t ulen, alen = strlen(a);

    if (user == NULL || (ulen = strlen(user)) == 0)
        return 0;
    if (alen == ulen)
        return str_diffb_nocase(a, user, ulen) == 0;
    if (host == NULL || alen != ulen + 1 + strlen(host) || a[ulen] != '@')
        return 0;
    return str_diffb_nocase(a, user, ulen) == 0 &&
           str_diffb_nocase(a + ulen + 1, host, alen - ulen - 1) == 0;
}

static void add(struct str *to, const char *s, size_t n)
{
    if (!str_copyb(&tmp, s, n))
        die_nomem();
    str_lower(tmp.s, tmp.len);
    switch (strset_add(&seen, tmp.s, tmp.len)) {
    case -1:
        die_nomem();
    case 0:
        return; /* the same address twice gets one copy */
    default:
        if (!str_catb(to, s, n) || !str_catc(to, '\0'))
            die_nomem();
    }
}

static void item(char kind, const char *text, const char *fn,
                 unsigned long n)
{
    switch (kind) {
    case ALIASES_PROG:
        add(&progs, text, strlen(text));
        return;
    case ALIASES_FILE:
        die(EXIT_TEMP, fn, " line ", num(n), ": file delivery ", text,
            " is not supported; use a .qmail file", NULL);
    case ALIASES_INCLUDE:
        die(EXIT_TEMP, fn, " line ", num(n), ": :include: ", text,
            " is not supported; use a .qmail file", NULL);
    default:
        break;
    }
    if (is_direct(text)) {
        direct = 1;
        return;
    }
    read_hosts();
    if (!aliases_qualify(&addr, text, strlen(text), &hosts))
        die_nomem();
    if (is_direct(addr.s))
        direct = 1;
    else
        add(&rcpts, addr.s, addr.len);
}

/* Parse fd's contents. 1 it held an instruction, 0 it is empty. */
static int parse(int fd, const char *fn)
{
    static struct str data, items;
    const char *why, *text, *line;
    size_t pos, len, ipos;
    unsigned long n = 0;
    char kind;
    int any = 0;

    data.len = 0;
    if (!dotqmail_read(fd, &data, FILE_MAX))
        die_sys(EXIT_TEMP, "unable to read ", fn, NULL);
    for (pos = 0; pos < data.len; pos += len + 1) {
        line = data.s + pos;
        len = str_chr(line, data.len - pos, '\n');
        n++;
        if (len == 0 || line[0] == '#')
            continue;
        items.len = 0;
        switch (aliases_list(&items, line, len, &why)) {
        case 0:
            die_nomem();
        case -1:
            die(EXIT_TEMP, "unable to parse ", fn, " line ", num(n), ": ",
                why, NULL);
        default:
            break;
        }
        for (ipos = 0; aliases_next(&items, &ipos, &kind, &text); any = 1)
            item(kind, text, fn, n);
    }
    return any;
}

static void put(const char *s1, const char *s2)
{
    buf_puts(&buf_out, s1);
    buf_puts(&buf_out, s2);
    buf_puts(&buf_out, "\n");
}

static void show(void)
{
    size_t pos;

    for (pos = 0; pos < progs.len; pos += strlen(progs.s + pos) + 1)
        put("program ", progs.s + pos);
    for (pos = 0; pos < rcpts.len; pos += strlen(rcpts.s + pos) + 1)
        put("forward ", rcpts.s + pos);
    if (direct)
        put("direct delivery", "");
    if (!buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
}

/* Every program first, each on the whole message; a failure stops
 * everything before the forward. Then one forward to every address. */
static void deliver(void)
{
    static struct str head;
    const char *dtline = env_get("DTLINE"), *sender = env_get("NEWSENDER");
    const char *text, *p;
    unsigned long qp;
    size_t pos;
    int code;

    if (rcpts.len > 0 && sender == NULL)
        die(EXIT_PERM, "NEWSENDER is not set; run me from a .qmail file",
            NULL);
    if (dtline == NULL)
        dtline = "";
    p = env_get("UFLINE");
    if (!str_copys(&head, p ? p : "") ||
        !str_cats(&head, (p = env_get("RPLINE")) ? p : "") ||
        !str_cats(&head, dtline))
        die_nomem();
    sig_ignore(SIGPIPE);
    for (pos = 0; pos < progs.len; pos += strlen(progs.s + pos) + 1) {
        code = fwdrun_program(progs.s + pos, head.s, head.len);
        if (code == -1)
            die_sys(EXIT_TEMP, "unable to run ", progs.s + pos, NULL);
        if ((code = fwdrun_judge(code)) != EXIT_OK)
            die(code, "program ", progs.s + pos,
                code == EXIT_PERM ? " failed permanently"
                                  : " failed temporarily",
                NULL);
    }
    if (rcpts.len == 0)
        return;
    if ((text = fwdrun_forward(dtline, sender, &rcpts, &qp)) == NULL)
        die_sys(EXIT_TEMP, "unable to run qmail-queue", NULL);
    if (*text != '\0')
        die(*text == 'D' ? EXIT_PERM : EXIT_TEMP, "unable to forward: ",
            text + 1, NULL);
    buf_puts(&buf_err, "dot-forward: qp ");
    buf_putulong(&buf_err, qp);
    buf_putsflush(&buf_err, "\n");
}

int main(int argc, char **argv)
{
    int opt, fd, found = 0;

    progname = "dot-forward";
    while ((opt = getopt(argc, argv, "+nN")) != -1) {
        if (opt == 'n')
            doit = 0;
        else if (opt == 'N')
            doit = 1;
        else
            die_usage(usage);
    }
    if (optind == argc)
        die_usage(usage);
    for (; optind < argc && !found; optind++) {
        /* Only a missing file means "no instructions": any other error
         * must not send mail past a .forward nobody could read. */
        if ((fd = open(argv[optind], O_RDONLY | O_CLOEXEC)) == -1) {
            if (errno == ENOENT)
                continue;
            die_sys(EXIT_TEMP, "unable to open ", argv[optind], NULL);
        }
        found = parse(fd, argv[optind]);
        if (!found && !doit)
            put("skipping empty file ", argv[optind]);
    }
    if (!found)
        direct = 1;
    if (!doit)
        show();
    else
        deliver();
    return direct ? EXIT_OK : EXIT_STOP;
}
