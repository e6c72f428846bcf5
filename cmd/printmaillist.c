/*
 * printmaillist - show a binary mailing list as setmaillist input, as
 * fastforward 0.51's printmaillist(1): "printmaillist < list.bin".
 *
 * in:   the binary list on fd 0
 * out:  one entry a line on fd 1: "&address", or the file name of an
 *       included list
 * exit: 0 done; 100 usage; 111 not a binary mailing list, a read or
 *       write error, out of memory
 */
#include <errno.h>

#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "fwd.h"

/* Longer entries are taken for a damaged file. */
#define ENTRY_MAX 65536

int main(int argc, char **argv)
{
    static struct str cmd;
    const char *s;
    size_t pos, len;
    int r;

    progname = "printmaillist";
    (void)argv;
    if (argc != 1)
        die_usage("printmaillist < bin");
    for (;;) {
        cmd.len = 0;
        r = buf_getline(&buf_in, &cmd, '\0', ENTRY_MAX);
        if (r == -1 && errno == E2BIG)
            die(EXIT_TEMP, "unable to read input: not a mailing list",
                NULL);
        if (r == -1)
            die_sys(EXIT_TEMP, "unable to read input", NULL);
        if (r == 0 && cmd.len == 0)
            break;
        pos = 0;
        /* lists hold addresses and file names, never programs */
        if (fwd_next(cmd.s, cmd.len, &pos, &s, &len) != 1 || s[0] == '|' ||
            s[0] == '!' || len == 1)
            die(EXIT_TEMP, "unable to read input: not a mailing list",
                NULL);
        if (!buf_put(&buf_out, s, len) || !buf_putc(&buf_out, '\n'))
            die_sys(EXIT_TEMP, "unable to write output", NULL);
    }
    if (!buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
    return 0;
}
