/*
 * newaliases - compile sendmail's /etc/aliases into the forwarding
 * database fastforward reads, as fastforward 0.51's newaliases(1).
 *
 * in:   argv: [file], default /etc/aliases; control/defaulthost,
 *       defaultdomain, plusdomain and me to complete addresses
 *       (qmail-header(5))
 * out:  file.cdb, written as file.cdb.tmp and renamed (cdbwrite),
 *       world-readable; untouched on any failure. Warnings on fd 2 for a
 *       second instruction for one alias (the first one counts).
 * exit: 0 done; 100 usage; 111 a syntax error (with its line number), a
 *       file delivery, an unreadable file, a write error, out of memory
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aliases.h"
#include "buf.h"
#include "cdbwrite.h"
#include "die.h"
#include "exitcode.h"
#include "strset.h"

static const char usage[] = "newaliases [file]";

/* One physical line, and one instruction with its continuations. */
#define LINE_MAX_LEN (1UL << 20)
#define LOGICAL_MAX (16UL << 20)

static const char *fn = "/etc/aliases";
static struct cdbwrite w;
static struct aliases_hosts hosts = ALIASES_HOSTS_INIT;
static struct strset seen = STRSET_INIT;
static struct str cdbname, target, items, cmds, key, owner;

__attribute__((noreturn)) static void fail_sys(const char *s1,
                                               const char *s2)
{
    cdbwrite_abort(&w);
    die_sys(EXIT_TEMP, s1, s2, NULL);
}

static const char *num(unsigned long n)
{
    static struct str s;

    s.len = 0;
    if (!str_catulong(&s, n) || !str_0(&s))
        die_nomem();
    return s.s;
}

/* The control files are read from the home; fn and the cdb are named
 * relative to where we were started. */
static void read_hosts(void)
{
    const char *what;

    if (aliases_hosts_load(&hosts, &what) == -1)
        die_sys(EXIT_TEMP, "unable to ", what, NULL);
}

static void add(const struct str *k, const struct str *d)
{
    if (!cdbwrite_add(&w, k->s, k->len, d->s, d->len))
        fail_sys("unable to write ", w.tmp.s ? w.tmp.s : cdbname.s);
}

/* An alias owner-list makes owner-list the envelope sender of mail
 * forwarded through list (newaliases(1) ALIAS OWNERS): the record
 * "?" list-target, its data the completed owner-list address. */
static void add_owner(void)
{
    static const char prefix[] = "owner-";
    const size_t plen = sizeof prefix - 1;
    size_t at = str_chr(target.s, target.len, '@');

    if (at <= plen || !str_starts(target.s, prefix))
        return;
    if (!str_copys(&key, "?") ||
        !str_catb(&key, target.s + plen, target.len - plen))
        die_nomem();
    if (strset_add(&seen, key.s, key.len) != 1)
        return; /* seen before: this owner- alias was skipped already */
    /* "owner-list@" is the bare user: complete it as any address */
    if (!aliases_qualify(&owner, target.s,
                         at + 1 == target.len ? at : target.len, &hosts))
        die_nomem();
    add(&key, &owner);
}

/* Compile one instruction, which started on line n. */
static void instruction(const struct str *text, unsigned long n)
{
    const char *why;
    int r;

    items.len = cmds.len = 0;
    r = aliases_line(&target, &items, text->s, text->len, &why);
    if (r == 1)
        r = aliases_commands(&cmds, &items, &hosts, 1, &why);
    if (r == 0)
        die_nomem();
    if (r == -1) {
        cdbwrite_abort(&w);
        die(EXIT_TEMP, "unable to parse line ", num(n), " of ", fn, ": ",
            why, NULL);
    }
    if (!str_copys(&key, ":") || !str_cat(&key, &target) || !str_0(&target))
        die_nomem();
    switch (strset_add(&seen, key.s, key.len)) {
    case -1:
        die_nomem();
    case 0:
        /* sendmail complains; fastforward silently used the first */
        warn("line ", num(n), " of ", fn, ": skipping a second instruction "
             "for ", target.s, "; the first one counts", NULL);
        return;
    default:
        break;
    }
    add(&key, &cmds);
    add_owner();
}

/* Lines that start with a space or tab, and empty lines, continue the
 * instruction before them (newaliases(1)); so do they a comment. */
static void compile(struct buf *in)
{
    static struct str line, logical;
    unsigned long n = 0, first = 0;
    int r;

    for (;;) {
        line.len = 0;
        r = buf_getline(in, &line, '\n', LINE_MAX_LEN);
        if (r == -1 && errno == E2BIG) {
            cdbwrite_abort(&w);
            die(EXIT_TEMP, "line ", num(n + 1), " of ", fn, " is too long",
                NULL);
        }
        if (r == -1)
            fail_sys("unable to read ", fn);
        if (r == 0 && line.len == 0)
            break;
        n++;
        if (r == 1)
            line.len--;
        if (line.len > 0 && line.s[line.len - 1] == '\r')
            line.len--;
        if (line.len > 0 && line.s[0] != ' ' && line.s[0] != '\t') {
            if (first > 0 && logical.s[0] != '#')
                instruction(&logical, first);
            logical.len = 0;
            first = n;
        } else if (logical.len + line.len >= LOGICAL_MAX) {
            cdbwrite_abort(&w);
            die(EXIT_TEMP, "the instruction on line ", num(first), " of ",
                fn, " is too long", NULL);
        } else if (!str_catc(&logical, ' ')) {
            die_nomem();
        }
        if (!str_catb(&logical, line.s, line.len))
            die_nomem();
        if (r == 0)
            break;
    }
    if (first > 0 && logical.s[0] != '#')
        instruction(&logical, first);
}

int main(int argc, char **argv)
{
    char space[BUF_SIZE];
    struct buf in;
    int fd;

    progname = "newaliases";
    if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
        die_usage(usage);
    if (argc == 2)
        fn = argv[1];
    if (!str_copys(&cdbname, fn) || !str_cats(&cdbname, ".cdb") ||
        !str_0(&cdbname))
        die_nomem();
    read_hosts();
    if ((fd = open(fn, O_RDONLY | O_CLOEXEC)) == -1)
        die_sys(EXIT_TEMP, "unable to open ", fn, NULL);
    buf_init(&in, fd, space, sizeof space);
    if (!cdbwrite_start(&w, cdbname.s))
        die_sys(EXIT_TEMP, "unable to create ", cdbname.s, ".tmp", NULL);
    /* world-readable whatever the umask: fastforward runs as alias */
    if (fchmod(w.fd, 0644) == -1)
        fail_sys("unable to chmod ", w.tmp.s);
    compile(&in);
    if (!cdbwrite_finish(&w))
        die_sys(EXIT_TEMP, "unable to write ", cdbname.s, NULL);
    return 0;
}
