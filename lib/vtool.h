/* vtool.h - the fatal steps the virtual-user commands (vadduser,
 * vdeluser, vpasswd, vmkpasswd, vuserinfo) share: each prints
 * "progname: fatal: ..." and exits as die(3) does when it fails. */
#ifndef VTOOL_H
#define VTOOL_H

#include "str.h"

/* vpop_enter(domain): dir gets the domain's directory; exit 100 when
 * there is no such domain, 111 when it cannot be entered. */
void vtool_enter(const char *domain, struct str *dir);

/* The new password into pw: arg when not NULL, else vpop_getpass
 * (prompting on a terminal). Exit 100 for an empty password or two that
 * differ, 111 when it cannot be read. */
void vtool_password(struct str *pw, const char *arg);

/* Say why vpop_save failed (its lineno and why) and exit 111. */
void vtool_save_failed(unsigned long lineno, const char *why)
    __attribute__((noreturn));

#endif
