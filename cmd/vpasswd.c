/*
 * vpasswd - change a virtual mailbox user's password, as vpopmail's
 * vpasswd: a new crypt(3) hash with a fresh salt in the user's line of
 * the domain's vpasswd, and vpasswd.cdb rebuilt. Run by the
 * administrator.
 *
 * in:   argv: user@domain [password]; without a password argument, the
 *       first line of stdin (asked twice, without echo, on a terminal)
 * out:  QMAILHOME/domains/DOMAIN/vpasswd and vpasswd.cdb replaced, as
 *       the domain's account
 * exit: 0 changed; 100 usage, bad address, empty password, no such
 *       domain or user; 111 anything else (nothing is then changed)
 */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "pwhash.h"
#include "vpasswd.h"
#include "vpop.h"
#include "vtool.h"

static const char usage[] = "vpasswd user@domain [password]";
static struct str name, domain, dir, pw, hash, text, buf, line;

/* Put the user's line back with the new hash in place of the old. */
static void change(size_t pos, size_t len)
{
    struct vpasswd_ent e;
    const char *why;
    struct str rest = STR_INIT;

    if (vpasswd_parse(text.s + pos, len, &buf, &e, &why) == -1)
        die(EXIT_TEMP, "vpasswd: the line of ", name.s, ": ", why, NULL);
    e.hash = hash.s;
    line.len = 0;
    if (!vpasswd_format(&line, &e))
        die_nomem();
    line.len--; /* the newline stays where it was */
    if (!str_copyb(&rest, text.s + pos + len, text.len - pos - len))
        die_nomem();
    text.len = pos;
    if (!str_cat(&text, &line) || !str_cat(&text, &rest))
        die_nomem();
    str_free(&rest);
}

int main(int argc, char **argv)
{
    const char *why;
    unsigned long lineno;
    size_t pos, len;
    int r;

    progname = "vpasswd";
    umask(077);
    if (argc != 2 && argc != 3)
        die_usage(usage);
    if ((r = vpasswd_address(argv[1], &name, &domain)) != 1)
        r == 0 ? die(EXIT_PERM, "bad address: ", argv[1], NULL) : die_nomem();
    vtool_password(&pw, argv[2]);
    if (!pwhash_make(&hash, pw.s))
        die_sys(EXIT_TEMP, "unable to hash the password", NULL);
    vtool_enter(domain.s, &dir);
    if (control_readfile(&text, "vpasswd") == -1)
        die_sys(EXIT_TEMP, "unable to read vpasswd", NULL);
    if (!vpasswd_find(&text, name.s, &pos, &len))
        die(EXIT_PERM, "no such user: ", name.s, "@", domain.s, NULL);
    change(pos, len);
    if (!vpop_save(&text, &lineno, &why))
        vtool_save_failed(lineno, why);
    return EXIT_OK;
}
