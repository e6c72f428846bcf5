/*
 * setmaillist - compile a mailing list into the binary form fastforward
 * reads, as fastforward 0.51's setmaillist(1).
 *
 * in:   argv: bin tmp; the list on fd 0, one entry a line: an address
 *       (starting with a letter or digit, or '&' and the address), or a
 *       file name starting with '/' or '.' (another binary list); blank
 *       and # lines ignored, trailing blanks dropped
 * out:  tmp, then renamed to bin (world-readable, fsynced); bin is left
 *       alone on any failure
 * exit: 0 done; 100 usage; 111 a bad line (named), a read or write
 *       error, out of memory
 */
#include <errno.h>

#include "afile.h"
#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "fwd.h"

static const char usage[] = "setmaillist bin tmp";

/* A line longer than this is refused: addresses are at most 800 bytes,
 * and file names fit easily. */
#define LINE_MAX_LEN 8192

static struct afile f;

__attribute__((noreturn)) static void bad(unsigned long n, const char *why)
{
    struct str num = STR_INIT;

    afile_abort(&f);
    if (!str_catulong(&num, n) || !str_0(&num))
        die_nomem();
    die(EXIT_TEMP, "unable to parse line ", num.s, ": ", why, NULL);
}

int main(int argc, char **argv)
{
    static struct str line, out;
    unsigned long n = 0;
    const char *why;
    int r;

    progname = "setmaillist";
    if (argc != 3)
        die_usage(usage);
    if (!afile_start(&f, argv[1], argv[2]))
        die_sys(EXIT_TEMP, "unable to create ", argv[2], NULL);
    for (;;) {
        line.len = 0;
        r = buf_getline(&buf_in, &line, '\n', LINE_MAX_LEN);
        if (r == -1 && errno == E2BIG)
            bad(n + 1, "line too long");
        if (r == -1) {
            afile_abort(&f);
            die_sys(EXIT_TEMP, "unable to read input", NULL);
        }
        if (r == 0 && line.len == 0)
            break;
        n++;
        if (r == 1)
            line.len--;
        out.len = 0;
        switch (fwd_listline(&out, line.s, line.len, &why)) {
        case -1:
            if (errno == ENOMEM)
                die_nomem();
            bad(n, why);
        case 1:
            if (!afile_put(&f, out.s, out.len)) {
                afile_abort(&f);
                die_sys(EXIT_TEMP, "unable to write ", argv[2], NULL);
            }
            break;
        default:
            break;
        }
        if (r == 0)
            break;
    }
    if (!afile_finish(&f))
        die_sys(EXIT_TEMP, "unable to move ", argv[2], " to ", argv[1],
                NULL);
    return 0;
}
