/*
 * vmkpasswd - compile a virtual domain's vpasswd into vpasswd.cdb, the
 * database vdelivermail and vchkpw read, as vpopmail's vmkpasswd. Run
 * by the administrator after editing DOMAIN/vpasswd by hand.
 *
 * in:   argv: domain; QMAILHOME/domains/DOMAIN/vpasswd
 * out:  DOMAIN/vpasswd.cdb, replaced atomically through vpasswd.cdb.tmp
 *       as the domain's account
 * exit: 0 done; 100 usage, bad domain name, no such domain; 111 a bad
 *       line (named; the old cdb is left as it was) or any other error
 */
#include <sys/stat.h>
#include <unistd.h>

#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "fmt.h"
#include "str.h"
#include "vpasswd.h"
#include "vpop.h"
#include "vtool.h"

static const char usage[] = "vmkpasswd domain";
static struct str domain, dir, text;

int main(int argc, char **argv)
{
    char num[FMT_ULONG];
    const char *why;
    unsigned long lineno;

    progname = "vmkpasswd";
    umask(077);
    if (argc != 2)
        die_usage(usage);
    if (!str_copys(&domain, argv[1]) || !str_0(&domain))
        die_nomem();
    str_lower(domain.s, domain.len);
    if (!vpasswd_domain_ok(domain.s, domain.len))
        die(EXIT_PERM, "bad domain name: ", argv[1], NULL);
    vtool_enter(domain.s, &dir);
    if (control_readfile(&text, "vpasswd") != 1)
        die_sys(EXIT_TEMP, "unable to read ", dir.s, "/vpasswd", NULL);
    if (!vpasswd_compile(&text, "vpasswd.cdb", (uid_t)-1, (gid_t)-1, &lineno,
                         &why)) {
        if (lineno == 0)
            die_sys(EXIT_TEMP, "unable to write ", dir.s, "/vpasswd.cdb",
                    NULL);
        num[fmt_ulong(num, lineno)] = '\0';
        die(EXIT_TEMP, "vpasswd line ", num, ": ", why,
            "; vpasswd.cdb left as it was", NULL);
    }
    return EXIT_OK;
}
