/*
 * vdeluser - remove a virtual mailbox user, as vpopmail's vdeluser: the
 * line goes from the domain's vpasswd, vpasswd.cdb is rebuilt, then the
 * user's directory and mail are removed. Run by the administrator.
 *
 * in:   argv: user@domain
 * out:  QMAILHOME/domains/DOMAIN/vpasswd and vpasswd.cdb replaced and
 *       DOMAIN/USER removed, as the domain's account
 * exit: 0 removed; 100 usage, bad address, no such domain or user; 111
 *       anything else
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "vpasswd.h"
#include "vpop.h"
#include "vtool.h"

static const char usage[] = "vdeluser user@domain";
static struct str name, domain, dir, text, buf;

int main(int argc, char **argv)
{
    struct vpasswd_ent e;
    const char *why;
    unsigned long lineno;
    size_t pos, len;
    int r, owned;

    progname = "vdeluser";
    umask(077);
    if (argc != 2)
        die_usage(usage);
    if ((r = vpasswd_address(argv[1], &name, &domain)) != 1)
        r == 0 ? die(EXIT_PERM, "bad address: ", argv[1], NULL) : die_nomem();
    vtool_enter(domain.s, &dir);
    if (control_readfile(&text, "vpasswd") == -1)
        die_sys(EXIT_TEMP, "unable to read vpasswd", NULL);
    if (!vpasswd_find(&text, name.s, &pos, &len))
        die(EXIT_PERM, "no such user: ", name.s, "@", domain.s, NULL);
    if (vpasswd_parse(text.s + pos, len, &buf, &e, &why) == -1)
        die(EXIT_TEMP, "vpasswd: the line of ", name.s, ": ", why, NULL);
    /* Only the directory vadduser made is removed: a dir field the
     * administrator pointed elsewhere is left alone. */
    owned = strlen(e.dir) == dir.len + 1 + name.len &&
            !memcmp(e.dir, dir.s, dir.len) && e.dir[dir.len] == '/' &&
            !strcmp(e.dir + dir.len + 1, name.s);
    if (pos + len < text.len)
        len++; /* the newline too */
    memmove(text.s + pos, text.s + pos + len, text.len - pos - len);
    text.len -= len;
    if (!vpop_save(&text, &lineno, &why))
        vtool_save_failed(lineno, why);
    if (!owned)
        warn("left ", e.dir, " in place: not ", dir.s, "/", name.s, NULL);
    else if (!vpop_rmtree(name.s) && errno != ENOENT)
        die_sys(EXIT_TEMP, "user removed, but unable to remove ", e.dir, NULL);
    return EXIT_OK;
}
