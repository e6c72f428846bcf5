/*
 * fastforward - forward a message by a forwarding database, as
 * fastforward 0.51's fastforward(1); typically "| fastforward -d
 * /etc/aliases.cdb" in ~alias/.qmail-default, the cdb made by
 * newaliases or setforward.
 *
 * in:   argv: [-nNpPdD] cdb; $RECIPIENT (-D), or $DEFAULT (or $EXT) and
 *       $HOST (-d); $SENDER; $UFLINE $RPLINE $DTLINE from qmail-local;
 *       the message on fd 0, seekable; binary mailing lists named in cdb
 * out:  programs run; one injection through $QMAILQUEUE or
 *       bin/qmail-queue to every recipient found, DTLINE on top, the
 *       envelope sender the target's owner address or $SENDER;
 *       "fastforward: qp N" on fd 2. With -n a description on fd 1.
 * exit: 0 forwarded (or, with -p, no such target); 99 forwarded, with
 *       -p; 100 no such target (without -p), usage, a variable missing,
 *       a program or qmail-queue failed for good; 111 try again later:
 *       an unreadable cdb or list, a program or qmail-queue failed for
 *       now, a broken database
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cdblookup.h"
#include "die.h"
#include "dotenv.h"
#include "dotqmail.h"
#include "env.h"
#include "exitcode.h"
#include "fwd.h"
#include "fwdrun.h"
#include "sig.h"
#include "strset.h"

/* qmail-command(8): delivered, skip the rest of the .qmail file */
#define EXIT_STOP 99

static const char usage[] = "fastforward [-nNpPdD] cdb";

/* Instructions nest at most this deep (each level is a target or a
 * list); loops end earlier, since a target is only expanded once. */
#define DEPTH_MAX 100
/* A binary mailing list bigger than this is refused. */
#define LIST_MAX (256UL << 20)

static int doit = 1, pass = 0;
static const char *cdbname;
static struct cdblookup db;
static struct strset seen = STRSET_INIT; /* addresses, lists, programs */
static struct str rcpts, progs, key, tmp;

/* The messages quote the database's name: it is ours, not the sender's. */
__attribute__((noreturn)) static void broken(const char *why)
{
    die(EXIT_TEMP, cdbname, ": ", why, NULL);
}

/* 1 found (value set), 0 not found. prefix ':' commands, '?' owner. */
static int lookup(char prefix, const char *s, size_t n, struct str *value)
{
    int r;

    if (!str_copyb(&key, &prefix, 1) || !str_catb(&key, s, n))
        die_nomem();
    str_lower(key.s + 1, n);
    r = cdblookup_find(&db, key.s, key.len, value);
    if (r == -1)
        die_sys(EXIT_TEMP, "unable to read ", cdbname, NULL);
    return r;
}

/* 1 when s (kind byte first) was not seen yet. Addresses compare
 * without regard to case. */
static int first_time(const char *s, size_t n)
{
    if (!str_copyb(&tmp, s, n))
        die_nomem();
    if (s[0] == '&')
        str_lower(tmp.s, tmp.len);
    switch (strset_add(&seen, tmp.s, tmp.len)) {
    case -1:
        die_nomem();
    case 0:
        return 0;
    default:
        return 1;
    }
}

static void follow(const char *cmds, size_t n, int depth);

/* A recipient address. When it is itself a target without an owner,
 * obey that target instead; a target with an owner needs its own
 * envelope sender, so the mail goes to its address and comes back to
 * fastforward for it (setforward(1), DUPLICATES). */
static void address(const char *addr, size_t n, int depth)
{
    struct str cmds = STR_INIT, owner = STR_INIT;

    if (lookup(':', addr, n, &cmds) && !lookup('?', addr, n, &owner))
        follow(cmds.s, cmds.len, depth + 1);
    else if (!str_catb(&rcpts, addr, n) || !str_catc(&rcpts, '\0'))
        die_nomem();
    str_free(&cmds);
    str_free(&owner);
}

/* A binary mailing list: addresses and further lists, never programs. */
static void list(const char *fn, int depth)
{
    struct str data = STR_INIT;
    const char *cmd;
    size_t pos = 0, len;
    int fd, r;

    if ((fd = open(fn, O_RDONLY | O_CLOEXEC)) == -1)
        die_sys(EXIT_TEMP, "unable to read ", fn, NULL);
    if (!dotqmail_read(fd, &data, LIST_MAX))
        die_sys(EXIT_TEMP, "unable to read ", fn, NULL);
    while ((r = fwd_next(data.s, data.len, &pos, &cmd, &len)) == 1)
        if (cmd[0] == '|' || cmd[0] == '!')
            die(EXIT_TEMP, fn, ": programs are not allowed in mailing lists",
                NULL);
    if (r == -1)
        die(EXIT_TEMP, fn, ": not a binary mailing list", NULL);
    follow(data.s, data.len, depth + 1);
    str_free(&data);
}

/* Obey stored commands, skipping any seen before. */
static void follow(const char *cmds, size_t n, int depth)
{
    const char *cmd;
    size_t pos = 0, len;
    int r;

    if (depth > DEPTH_MAX)
        die(EXIT_TEMP, "instructions nested more than 100 deep", NULL);
    while ((r = fwd_next(cmds, n, &pos, &cmd, &len)) == 1) {
        if (!first_time(cmd, len))
            continue;
        switch (cmd[0]) {
        case '&':
            address(cmd + 1, len - 1, depth);
            break;
        case '|':
        case '!':
            if (!str_catb(&progs, cmd, len + 1))
                die_nomem();
            break;
        default:
            list(cmd, depth);
            break;
        }
    }
    if (r == -1)
        broken("a record fastforward does not know");
}

/* The incoming address: $RECIPIENT, or with -d $DEFAULT@$HOST. */
static void recipient(struct str *out, int use_default)
{
    const char *local, *host;

    if (!use_default) {
        if (!str_copys(out, dotenv_need("RECIPIENT")))
            die_nomem();
        return;
    }
    if ((local = env_get("DEFAULT")) == NULL &&
        (local = env_get("EXT")) == NULL)
        die(EXIT_PERM, "DEFAULT is not set; run me from a .qmail file",
            NULL);
    host = dotenv_need("HOST");
    if (!str_copys(out, local) || !str_catc(out, '@') ||
        !str_cats(out, host))
        die_nomem();
}

/* The first target there is of user@host, @host and user@ (setforward(1)
 * TARGETS) into target; its commands into cmds. 0 none. */
static int find(const struct str *rcpt, struct str *target, struct str *cmds)
{
    size_t at = str_rchr(rcpt->s, rcpt->len, '@');
    size_t host = at < rcpt->len ? at : rcpt->len;
    int i;

    for (i = 0; i < 3; i++) {
        target->len = 0;
        if ((i != 1 && !str_catb(target, rcpt->s, host)) ||
            !str_catc(target, '@') ||
            (i != 2 && host < rcpt->len &&
             !str_catb(target, rcpt->s + host + 1, rcpt->len - host - 1)))
            die_nomem();
        if (lookup(':', target->s, target->len, cmds))
            return 1;
    }
    return 0;
}

static void put(const char *s1, const char *s2, const char *s3)
{
    buf_puts(&buf_out, s1);
    buf_puts(&buf_out, s2);
    buf_puts(&buf_out, s3);
}

/* -n: what would be done. */
static void show(const char *sender, int has_owner)
{
    size_t pos;

    for (pos = 0; pos < progs.len; pos += str_chr(progs.s + pos,
                                                  progs.len - pos, '\0') + 1)
        put("run ", progs.s + pos, "\n");
    if (rcpts.len == 0)
        put("no forwarding", "", "\n");
    else if (has_owner)
        put("from <", sender, ">\n");
    else
        put("from <original envelope sender>", "", "\n");
    for (pos = 0; pos < rcpts.len; pos += str_chr(rcpts.s + pos,
                                                  rcpts.len - pos, '\0') + 1)
        put("to <", rcpts.s + pos, ">\n");
    if (!buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
}

/* Programs first, each on the whole message; then one forward. */
static void deliver(const char *sender)
{
    static struct str head;
    const char *text, *dtline = env_get("DTLINE"), *cmd;
    unsigned long qp;
    size_t pos;
    int code;

    if (dtline == NULL)
        dtline = "";
    if (!str_copys(&head, "") ||
        !str_cats(&head, env_get("UFLINE") ? env_get("UFLINE") : "") ||
        !str_cats(&head, env_get("RPLINE") ? env_get("RPLINE") : "") ||
        !str_cats(&head, dtline))
        die_nomem();
    for (pos = 0; pos < progs.len; pos += str_chr(progs.s + pos,
                                                  progs.len - pos, '\0') + 1) {
        cmd = progs.s + pos;
        buf_flush(&buf_out);
        code = fwdrun_program(cmd + 1, head.s, cmd[0] == '!' ? head.len : 0);
        if (code == -1)
            die_sys(EXIT_TEMP, "unable to run ", cmd + 1, NULL);
        if ((code = fwdrun_judge(code)) != EXIT_OK)
            die(code, "program ", cmd + 1, code == EXIT_PERM
                ? " failed permanently" : " failed temporarily", NULL);
    }
    if (rcpts.len == 0)
        return;
    if ((text = fwdrun_forward(dtline, sender, &rcpts, &qp)) == NULL)
        die_sys(EXIT_TEMP, "unable to run qmail-queue", NULL);
    if (*text != '\0')
        die(*text == 'D' ? EXIT_PERM : EXIT_TEMP, "unable to forward: ",
            text + 1, NULL);
    buf_puts(&buf_err, "fastforward: qp ");
    buf_putulong(&buf_err, qp);
    buf_putsflush(&buf_err, "\n");
}

int main(int argc, char **argv)
{
    static struct str rcpt, target, cmds, owner;
    const char *sender;
    int opt, r, use_default = 0, has_owner;

    progname = "fastforward";
    while ((opt = getopt(argc, argv, "+nNpPdD")) != -1) {
        if (opt == 'n' || opt == 'N')
            doit = opt == 'N';
        else if (opt == 'p' || opt == 'P')
            pass = opt == 'p';
        else if (opt == 'd' || opt == 'D')
            use_default = opt == 'd';
        else
            die_usage(usage);
    }
    if (argc - optind != 1)
        die_usage(usage);
    cdbname = argv[optind];
    recipient(&rcpt, use_default);
    sender = doit ? dotenv_need("SENDER") : env_get("SENDER");
    if ((r = cdblookup_open(&db, cdbname)) != 1) {
        if (r == 0)
            errno = ENOENT;
        die_sys(EXIT_TEMP, "unable to read ", cdbname, NULL);
    }
    if (!find(&rcpt, &target, &cmds)) {
        if (pass)
            return EXIT_OK;
        buf_putsflush(&buf_out, "Sorry, no mailbox here by that name. "
                                "(#5.1.1)\n");
        return EXIT_PERM;
    }
    /* The owner becomes the envelope sender, except of a bounce: a
     * bounce must never cause another one. */
    has_owner = lookup('?', target.s, target.len, &owner);
    if (has_owner && !str_0(&owner))
        die_nomem();
    if (has_owner && sender != NULL && *sender != '\0' &&
        strcmp(sender, "#@[]") != 0)
        sender = owner.s;
    follow(cmds.s, cmds.len, 0);
    if (!doit) {
        show(has_owner ? owner.s : "", has_owner);
        return pass ? EXIT_STOP : EXIT_OK;
    }
    sig_ignore(SIGPIPE);
    deliver(sender);
    return pass ? EXIT_STOP : EXIT_OK;
}
