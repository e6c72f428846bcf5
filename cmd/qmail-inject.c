/*
 * qmail-inject - complete a message's header and queue the message.
 * The local way in: MUAs, sendmail, cron and scripts -> qmail-inject
 * -> qmail-queue ($QMAILQUEUE) -> queue/.
 *
 * in:   the message on fd 0 (LF or CRLF line ends); recipients as
 *       arguments or from To, Cc, Bcc, Apparently-To (Resent-To, -Cc,
 *       -Bcc in a resent message); options -aAhHnN -fsender; QMAILINJECT,
 *       QMAILUSER, MAILUSER, USER, LOGNAME, QMAILHOST, MAILHOST, QMAILNAME,
 *       MAILNAME, NAME, QMAILSUSER, QMAILSHOST, QMAILDEFAULTDOMAIN,
 *       QMAILDEFAULTHOST, QMAILPLUSDOMAIN, QMAILIDHOST, QMAILMFTFILE;
 *       control/me, defaultdomain, defaulthost, plusdomain, idhost
 * out:  the message, addresses rewritten, Date, Message-ID, From added
 *       when missing, Bcc, Return-Path, Content-Length removed, to the
 *       queue program; with -n on fd 1 behind a Return-Path line
 * exit: 0 queued; 100 usage, a header or address that does not parse,
 *       no recipient, or the queue refused the message for good;
 *       111 temporary: memory, reading, control files, the queue
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addrrw.h"
#include "auto.h"
#include "buf.h"
#include "control.h"
#include "die.h"
#include "env.h"
#include "exitcode.h"
#include "fmt.h"
#include "hfield.h"
#include "msgread.h"
#include "newfield.h"
#include "qq.h"
#include "quote.h"
#include "rfc822.h"
#include "str.h"

static const char usage[] = "qmail-inject [ -nNaAhH ] [ -fsender ] [ recip ... ]";

/* What a rewritten address is for (qmail's rw callbacks). */
enum { RW_SENDER, RW_RETURN, RW_TOCC, RW_HR, RW_HRR };

static time_t starttime;
static int del_sender, del_from, del_msgid, name_comment, verp_mess,
    verp_recip;
static const char *mailhost, *mailrhost, *mailuser, *mailruser, *fullname;
static struct str idhost;
static struct addrrw rw;
static int has_sender, to_queue = 1, is_resent, seen[HFIELD_NUM];
static int recips_header; /* recipients come from the header too */
static struct str sender;
/* NUL-terminated addresses, one after another */
static struct str arg_rcpts, hdr_rcpts, resent_rcpts, tocc, mft;
static struct str saved; /* the header fields we keep, in order */
static struct qq qq;

static void nomem(void) { die_nomem(); }

static void put(const char *s, size_t n)
{
    if (n == 0) /* s may be the NULL of an empty str */
        return;
    if (to_queue)
        qq_put(&qq, s, n);
    else if (!buf_put(&buf_out, s, n))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
}

static void puts_(const char *s) { put(s, strlen(s)); }

static int put_body(void *arg, const char *s, size_t n)
{
    (void)arg;
    put(s, n);
    return 1;
}

/* A field in one line, for an error message. */
static const char *oneline(const struct str *f)
{
    static struct str x;
    size_t i;

    if (!str_copyb(&x, f->s, f->len) || !str_0(&x))
        nomem();
    for (i = 0; i < x.len; i++)
        if (x.s[i] == '\n' || x.s[i] == '\r' || x.s[i] == '\t')
            x.s[i] = ' ';
    while (x.len > 0 && x.s[x.len - 1] == ' ')
        x.s[--x.len] = '\0';
    return x.s;
}

static void add_addr(struct str *list, const struct str *a)
{
    if (!str_cat(list, a) || !str_catc(list, '\0'))
        nomem();
}

/* rfc822_addrlist's callback: rewrite, then file the address. */
static int rewrite(struct rfc822_list *addr, void *arg)
{
    static struct str a;
    int mode = *(int *)arg;

    if (addrrw_addr(&rw, addr) == -1)
        return -1;
    a.len = 0;
    if (!rfc822_unquote(&a, addr))
        return -1;
    if (str_chr(a.s, a.len, '\0') < a.len) /* not in an envelope */
        return 0;
    if (mode == RW_RETURN && !has_sender) {
        has_sender = 1;
        if (!str_copyb(&sender, a.s, a.len) ||
            (verp_recip && a.len > 0 && !str_cats(&sender, "-@[]")))
            return -1;
    }
    if (a.len == 0) /* <> is nobody's address */
        return 1;
    if (mode == RW_TOCC || mode == RW_HR)
        add_addr(&hdr_rcpts, &a);
    if (mode == RW_TOCC)
        add_addr(&tocc, &a);
    if (mode == RW_HRR)
        add_addr(&resent_rcpts, &a);
    return 1;
}

/* Replace field f (name, colon, address list) by its rewritten form:
 * the name as it was, then the list folded as qmail folds it. */
static void rewrite_field(struct str *f, int mode)
{
    static struct rfc822_list in, out;
    static struct str text, x;
    size_t name = str_chr(f->s, f->len, ':'), v = hfield_value(f->s, f->len);
    int r;

    while (name > 0 && (f->s[name - 1] == ' ' || f->s[name - 1] == '\t'))
        name--;
    r = rfc822_parse(&in, &text, f->s + v, f->len - v);
    if (r == 1)
        r = rfc822_addrlist(&out, &in, rewrite, &mode);
    if (r == -1)
        nomem();
    if (r == 0)
        die(EXIT_PERM, "unable to parse this line: ", oneline(f), NULL);
    if (!str_copyb(&x, f->s, name) || !str_catc(&x, ':') ||
        (out.len > 0 && !str_catc(&x, ' ')) ||
        !rfc822_unparse(&x, &out, name + 2, 78) || !str_catc(&x, '\n') ||
        !str_copyb(f, x.s, x.len))
        nomem();
}

static void header_field(struct str *f)
{
    int type = hfield_known(f->s, f->len);

    if ((del_from && type == HFIELD_FROM) ||
        (del_msgid && type == HFIELD_MESSAGE_ID) ||
        (del_sender && type == HFIELD_RETURN_PATH))
        return;
    seen[type] = 1;
    switch (type) {
    case HFIELD_TO: case HFIELD_CC:
        rewrite_field(f, RW_TOCC);
        break;
    case HFIELD_BCC: case HFIELD_APPARENTLY_TO:
        rewrite_field(f, RW_HR);
        break;
    case HFIELD_RESENT_TO: case HFIELD_RESENT_CC: case HFIELD_RESENT_BCC:
        rewrite_field(f, RW_HRR);
        break;
    case HFIELD_RETURN_PATH:
        rewrite_field(f, RW_RETURN);
        return; /* removed, as every Return-Path */
    case HFIELD_SENDER: case HFIELD_FROM: case HFIELD_REPLY_TO:
    case HFIELD_RETURN_RECEIPT_TO: case HFIELD_ERRORS_TO:
    case HFIELD_RESENT_SENDER: case HFIELD_RESENT_FROM:
    case HFIELD_RESENT_REPLY_TO:
        rewrite_field(f, RW_SENDER);
        break;
    }
    if (type == HFIELD_BCC || type == HFIELD_RESENT_BCC ||
        type == HFIELD_CONTENT_LENGTH)
        return;
    if (!str_cat(&saved, f))
        nomem();
}

/* "NAME: contents" made from text of our own, rewritten like the rest. */
static void made_field(struct str *f, const char *name, const struct str *v,
                       int mode)
{
    if (!str_copys(f, name) || !str_cats(f, ": ") || !str_cat(f, v) ||
        !str_catc(f, '\n'))
        nomem();
    rewrite_field(f, mode);
}

/* From: "Full Name" <user@host>, or user@host (Full Name) with 'c'. */
static void default_from(const char *prefix)
{
    static struct str v, f;

    v.len = 0;
    if (!newfield_from(&v, fullname, mailuser, mailhost, name_comment))
        nomem();
    made_field(&f, "From", &v, RW_SENDER);
    puts_(prefix);
    put(f.s, f.len);
}

/* The envelope sender when neither -f nor Return-Path gave one:
 * QMAILSUSER@QMAILSHOST, with the per-message VERP ('m') user-TIME.PID
 * and the per-recipient one ('r') user-@host-@[]. */
static void default_sender(void)
{
    static struct str v, f;
    char num[FMT_ULONG];

    if (!str_copys(&f, mailruser) ||
        (verp_mess &&
         (!str_catc(&f, '-') ||
          !str_catb(&f, num, fmt_ulong(num, (unsigned long)starttime)) ||
          !str_catc(&f, '.') ||
          !str_catb(&f, num, fmt_ulong(num, (unsigned long)getpid())))) ||
        (verp_recip && !str_catc(&f, '-')) || !str_0(&f))
        nomem();
    v.len = 0;
    if (!newfield_delimit(&v, f.s, '"', '"') ||
        (mailrhost != NULL &&
         (!str_catc(&v, '@') || !str_cats(&v, mailrhost))))
        nomem();
    made_field(&f, "Return-Path", &v, RW_RETURN);
}

static void stamp(const char *prefix, int is_date)
{
    static struct str f;

    f.len = 0;
    if (!(is_date ? newfield_date(&f, starttime)
                  : newfield_msgid(&f, starttime, (unsigned long)getpid(),
                                   idhost.s, idhost.len)))
        die(EXIT_TEMP, "unable to make a date", NULL);
    puts_(prefix);
    put(f.s, f.len);
}

/* Mail-Followup-To when a To or Cc address is a list in QMAILMFTFILE. */
static void followup(void)
{
    static struct str q;
    size_t i, j;
    int hit = 0;

    if (mft.len == 0 || seen[HFIELD_MAIL_FOLLOWUP_TO])
        return;
    for (i = 0; i < tocc.len && !hit; i += strlen(tocc.s + i) + 1)
        for (j = 0; j < mft.len && !hit; j += strlen(mft.s + j) + 1)
            hit = strlen(tocc.s + i) == strlen(mft.s + j) &&
                  str_diffb_nocase(tocc.s + i, mft.s + j,
                                   strlen(mft.s + j)) == 0;
    if (!hit)
        return;
    puts_("Mail-Followup-To: ");
    for (i = 0; i < tocc.len; i += strlen(tocc.s + i) + 1) {
        if (!quote_addr(&q, tocc.s + i, strlen(tocc.s + i)))
            nomem();
        if (i > 0)
            puts_(",\n  ");
        put(q.s, q.len);
    }
    puts_("\n");
}

/* All that goes before the fields kept from the input. */
static void finish_header(void)
{
    static struct str q;
    const struct str *hr = is_resent ? &resent_rcpts : &hdr_rcpts;

    if (!has_sender)
        default_sender();
    if (to_queue) {
        if (arg_rcpts.len == 0 && (!recips_header || hr->len == 0))
            die(EXIT_PERM, "no recipients", NULL);
        if (!qq_open(&qq, qq_path()))
            die_sys(EXIT_TEMP, "unable to run qmail-queue", NULL);
    } else {
        if (!quote_addr(&q, sender.s, sender.len))
            nomem();
        puts_("Return-Path: <");
        put(q.s, q.len);
        puts_(">\n");
    }
    if (is_resent) {
        if (!seen[HFIELD_RESENT_DATE])
            stamp("Resent-", 1);
        if (!seen[HFIELD_RESENT_MESSAGE_ID])
            stamp("Resent-", 0);
        if (!seen[HFIELD_RESENT_FROM])
            default_from("Resent-");
        if (!seen[HFIELD_RESENT_TO] && !seen[HFIELD_RESENT_CC])
            puts_("Resent-Cc: recipient list not shown: ;\n");
    } else {
        if (!seen[HFIELD_DATE])
            stamp("", 1);
        if (!seen[HFIELD_MESSAGE_ID])
            stamp("", 0);
        if (!seen[HFIELD_FROM])
            default_from("");
        if (!seen[HFIELD_TO] && !seen[HFIELD_CC])
            puts_("Cc: recipient list not shown: ;\n");
        followup();
    }
    put(saved.s, saved.len);
}

static void die_read(void)
{
    if (errno == ENOMEM)
        nomem();
    die_sys(EXIT_TEMP, "unable to read message", NULL);
}

/* One address given on the command line (-f or a recipient): quoted
 * where it needs it, then rewritten as a header address would be. */
static void arg_addr(struct str *out, const char *arg, const char *what)
{
    static struct rfc822_list a;
    static struct str q, text;
    int r;

    if (!quote_addr(&q, arg, strlen(arg)))
        nomem();
    r = rfc822_parse(&a, &text, q.s, q.len);
    if (r == 1)
        r = addrrw_addr(&rw, &a);
    if (r == -1)
        nomem();
    if (r == 0)
        die(EXIT_PERM, "unable to parse ", what, ": ", arg, NULL);
    out->len = 0;
    if (!rfc822_unquote(out, &a) || !str_0(out))
        nomem();
}

static void recipient(const char *arg)
{
    static struct str a;

    arg_addr(&a, arg, "address");
    if (a.len == 0)
        die(EXIT_PERM, "unable to parse address: ", arg, NULL);
    add_addr(&arg_rcpts, &a);
}

static const char *env_first(const char *const *names)
{
    const char *x = NULL;

    for (; *names != NULL && x == NULL; names++)
        x = env_get(*names);
    return x;
}

static void environment(void)
{
    static const char *const host[] = { "QMAILHOST", "MAILHOST", NULL };
    static const char *const user[] = { "QMAILUSER", "MAILUSER", "USER",
                                        "LOGNAME", NULL };
    static const char *const name[] = { "QMAILNAME", "MAILNAME", "NAME",
                                        NULL };
    const char *x = env_get("QMAILINJECT");

    for (; x != NULL && *x != '\0'; x++)
        switch (*x) {
        case 'c': name_comment = 1; break;
        case 's': del_sender = 1; break;
        case 'f': del_from = 1; break;
        case 'i': del_msgid = 1; break;
        case 'r': verp_recip = 1; break;
        case 'm': verp_mess = 1; break;
        }
    mailhost = env_first(host);
    if ((mailrhost = env_get("QMAILSHOST")) == NULL)
        mailrhost = mailhost;
    if ((mailuser = env_first(user)) == NULL)
        mailuser = "anonymous";
    if ((mailruser = env_get("QMAILSUSER")) == NULL)
        mailruser = mailuser;
    fullname = env_first(name);
    /* before the chdir: a relative name is the caller's */
    if ((x = env_get("QMAILMFTFILE")) != NULL &&
        control_readlist(&mft, x) == -1)
        die_sys(EXIT_TEMP, "unable to read ", x, NULL);
}

/* control/fn, else control/me, else def; the environment overrides. */
static void setting(struct str *v, const char *fn, const char *def,
                    const char *envname)
{
    const char *x = env_get(envname);

    if (control_rldef(v, fn, 1, def) == -1)
        die_sys(EXIT_TEMP, "unable to read ", fn, NULL);
    if ((x != NULL && !str_copys(v, x)) || !str_0(v))
        nomem();
}

static void controls(void)
{
    static struct str dd, dh, pd;
    const char *bad = NULL;
    int r;

    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", auto_home, NULL);
    if (control_init() == -1)
        die_sys(EXIT_TEMP, "unable to read control/me", NULL);
    setting(&dd, "control/defaultdomain", "defaultdomain",
            "QMAILDEFAULTDOMAIN");
    setting(&dh, "control/defaulthost", "defaulthost", "QMAILDEFAULTHOST");
    setting(&pd, "control/plusdomain", "plusdomain", "QMAILPLUSDOMAIN");
    setting(&idhost, "control/idhost", "idhost", "QMAILIDHOST");
    if ((r = addrrw_init(&rw, dh.s, dd.s, pd.s, &bad)) == -1)
        nomem();
    if (r == 0) /* a configuration problem: temporary */
        die(EXIT_TEMP, "unable to parse ", bad, NULL);
}

static void header(void)
{
    static struct msgread m;
    static struct str f;
    int r;

    msgread_init(&m, &buf_in);
    while ((r = msgread_field(&m, &f)) == 1)
        header_field(&f);
    if (r == -1)
        die_read();
    is_resent = seen[HFIELD_RESENT_SENDER] || seen[HFIELD_RESENT_FROM] ||
                seen[HFIELD_RESENT_REPLY_TO] || seen[HFIELD_RESENT_TO] ||
                seen[HFIELD_RESENT_CC] || seen[HFIELD_RESENT_BCC] ||
                seen[HFIELD_RESENT_DATE] || seen[HFIELD_RESENT_MESSAGE_ID];
    finish_header();
    if (msgread_body(&m, put_body, NULL) == -1) {
        if (to_queue) { /* no envelope: nothing half-read is queued */
            qq_fail(&qq);
            qq_close(&qq);
        }
        die_read();
    }
}

static void to_all(const struct str *list)
{
    size_t i;

    for (i = 0; i < list->len; i += strlen(list->s + i) + 1)
        qq_to(&qq, list->s + i);
}

static void finish(void)
{
    const char *r;

    if (!to_queue) {
        if (!buf_flush(&buf_out))
            die_sys(EXIT_TEMP, "unable to write output", NULL);
        return;
    }
    if (!str_0(&sender))
        nomem();
    qq_from(&qq, sender.s);
    to_all(&arg_rcpts);
    if (recips_header)
        to_all(is_resent ? &resent_rcpts : &hdr_rcpts);
    r = qq_close(&qq);
    if (*r == 'D')
        die(EXIT_PERM, r + 1, NULL);
    if (*r != '\0')
        die(EXIT_TEMP, r + 1, NULL);
}

int main(int argc, char **argv)
{
    int opt, strategy = 'A';

    progname = "qmail-inject";
    signal(SIGPIPE, SIG_IGN); /* a queue program that dies early */
    starttime = time(NULL);
    environment();
    controls();
    opterr = 0;
    while ((opt = getopt(argc, argv, "+aAhHnNf:")) != -1)
        switch (opt) {
        case 'a': case 'A': case 'h': case 'H':
            strategy = opt;
            break;
        case 'n': to_queue = 0; break;
        case 'N': to_queue = 1; break;
        case 'f':
            arg_addr(&sender, optarg, "sender");
            has_sender = 1;
            break;
        default:
            die_usage(usage);
        }
    argv += optind;
    if (strategy == 'A') /* arguments if there are any, else the header */
        strategy = *argv != NULL ? 'a' : 'h';
    for (; strategy != 'h' && *argv != NULL; argv++)
        recipient(*argv);
    recips_header = strategy != 'a';
    header();
    finish();
    return 0;
}
