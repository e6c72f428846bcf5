/*
 * setforward - compile a table of forwarding instructions into the cdb
 * that fastforward reads, as fastforward 0.51's setforward(1).
 *
 * in:   argv: cdb tmp; the instructions on fd 0 ("target: command,
 *       command;", fwd.h has the grammar)
 * out:  tmp, then renamed to cdb (world-readable, fsynced); cdb is left
 *       alone on any failure
 * exit: 0 done; 100 usage; 111 a syntax error (with its line), a read
 *       or write error, out of memory
 */
#include <cdb.h>
#include <errno.h>

#include "afile.h"
#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "fwd.h"
#include "strset.h"

static const char usage[] = "setforward cdb tmp";

static struct afile f;
static struct cdb_make cm;
static struct fwd_parse p = FWD_PARSE_INIT;
static struct strset seen = STRSET_INIT;
static struct str key, data;


__attribute__((noreturn)) static void fail_sys(const char *what)
{
    afile_abort(&f);
    die_sys(EXIT_TEMP, what, NULL);
}

static const char *lineno(void)
{
    static struct str n;

    n.len = 0;
    if (!str_catulong(&n, p.line) || !str_0(&n))
        die_nomem();
    return n.s;
}

__attribute__((noreturn)) static void syntax(void)
{
    afile_abort(&f);
    if (errno == ENOMEM)
        die_nomem();
    die(EXIT_TEMP, "unable to parse line ", lineno(), ": ", p.why, NULL);
}

static void add(const struct str *k, const char *d, size_t n)
{
    if (k->len > 0xffffffffUL || n > 0xffffffffUL ||
        cdb_make_add(&cm, k->s, (unsigned)k->len, d, (unsigned)n) < 0)
        fail_sys("unable to write the database");
}

/* 1 when key is new. fastforward only ever sees the first record for a
 * key, so a second one is skipped with a warning, as newaliases does. */
static int first(const char *what)
{
    switch (strset_add(&seen, key.s, key.len)) {
    case -1:
        die_nomem();
    case 0:
        if (!str_0(&p.target))
            die_nomem();
        warn("line ", lineno(), ": skipping a second ", what, " for ",
             p.target.s, "; the first one counts", NULL);
        return 0;
    default:
        return 1;
    }
}

/* Store one complete instruction: its owner under "?" target and every
 * other command under ":" target. An instruction holding only an owner
 * makes no ":" record, so the commands can be in another instruction
 * (setforward(1)). */
static void store(void)
{
    const char *owner = NULL, *cmd;
    size_t pos = 0, len, ownerlen = 0, n_other = 0;

    data.len = 0;
    while (pos < p.cmds.len) {
        cmd = p.cmds.s + pos;
        len = str_chr(cmd, p.cmds.len - pos, '\0');
        pos += len + 1;
        if (cmd[0] != '?') {
            if (!str_catb(&data, cmd, len + 1))
                die_nomem();
            n_other++;
        } else if (owner != NULL) {
            p.why = "more than one owner address for one target";
            errno = EINVAL;
            syntax();
        } else {
            owner = cmd + 1;
            ownerlen = len - 1;
        }
    }
    if (!str_copys(&key, "?") || !str_catb(&key, p.target.s, p.target.len))
        die_nomem();
    if (owner != NULL) {
        if (first("owner address"))
            add(&key, owner, ownerlen);
        if (n_other == 0)
            return;
    }
    key.s[0] = ':';
    if (first("instruction"))
        add(&key, data.s, data.len);
}

int main(int argc, char **argv)
{
    char space[BUF_SIZE];
    struct buf in;
    ssize_t r;
    size_t i;

    progname = "setforward";
    if (argc != 3)
        die_usage(usage);
    if (!afile_start(&f, argv[1], argv[2]))
        die_sys(EXIT_TEMP, "unable to create ", argv[2], NULL);
    if (cdb_make_start(&cm, f.fd) < 0)
        fail_sys("unable to write the database");
    buf_init(&in, 0, space, sizeof space);
    while ((r = buf_feed(&in)) > 0) {
        for (i = 0; i < (size_t)r; i++) {
            switch (fwd_parse_byte(&p, buf_peek(&in)[i])) {
            case -1:
                syntax();
            case 1:
                store();
                break;
            default:
                break;
            }
        }
        buf_skip(&in, (size_t)r);
    }
    if (r == -1)
        fail_sys("unable to read input");
    if (fwd_parse_end(&p) == -1)
        syntax();
    if (cdb_make_finish(&cm) < 0)
        fail_sys("unable to write the database");
    if (!afile_finish(&f))
        die_sys(EXIT_TEMP, "unable to move ", argv[2], " to ", argv[1],
                NULL);
    return 0;
}
