/*
 * qmail-getpw - find the account that controls a local address, by
 * qmail-getpw(8)'s rules over the password database (lib/getpw.c).
 * qmail-lspawn applies the same rules in a child of its own, as qmailp;
 * this program is for administrators and scripts.
 *
 * in:   argv[1] is the local part, as received
 * out:  user\0uid\0gid\0home\0dash\0ext\0 on fd 1
 * exit: 0 found (perhaps the alias user); 100 usage; 111 temporary
 *       failure (password database or a home directory unreadable, no
 *       usable alias user, write error)
 */
#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "getpw.h"
#include "str.h"

static const char usage[] = "qmail-getpw local";

int main(int argc, char **argv)
{
    static struct str out, why; /* reachable at exit: quiet LeakSanitizer */

    progname = "qmail-getpw";
    if (argc != 2)
        die_usage(usage);
    if (!getpw_find(argv[1], &out, &why)) {
        if (why.len == 0)
            die_nomem();
        die(EXIT_TEMP, why.s, NULL);
    }
    if (!buf_put(&buf_out, out.s, out.len) || !buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
    return EXIT_OK;
}
