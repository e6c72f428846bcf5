/* vtool.c - fatal steps shared by the virtual-user commands. */
#include <errno.h>

#include "die.h"
#include "exitcode.h"
#include "fmt.h"
#include "vpop.h"
#include "vtool.h"

void vtool_enter(const char *domain, struct str *dir)
{
    const char *step;
    int r = vpop_enter(domain, dir, &step);

    if (r == 0)
        die(EXIT_PERM, "no such domain: ", domain, NULL);
    if (r != 1)
        die_sys(EXIT_TEMP, "unable to ", step, " ", dir->s, NULL);
}

void vtool_password(struct str *pw, const char *arg)
{
    if (arg != NULL) {
        if (!str_copys(pw, arg) || !str_0(pw))
            die_nomem();
        if (pw->len == 0)
            die(EXIT_PERM, "empty password", NULL);
        return;
    }
    if (!vpop_getpass(pw)) {
        if (errno == EINVAL)
            die(EXIT_PERM, "empty password, or the two did not match", NULL);
        die_sys(EXIT_TEMP, "unable to read the password", NULL);
    }
}

void vtool_save_failed(unsigned long lineno, const char *why)
{
    char num[FMT_ULONG];

    if (lineno == 0)
        die_sys(EXIT_TEMP, why, NULL);
    num[fmt_ulong(num, lineno)] = '\0';
    die(EXIT_TEMP, "vpasswd line ", num, ": ", why,
        ": fix it and run vmkpasswd; nothing changed", NULL);
}
