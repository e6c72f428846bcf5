/*
 * printforward - show a forwarding database as setforward input, as
 * fastforward 0.51's printforward(1): "printforward < /etc/aliases.cdb".
 *
 * in:   the cdb on fd 0, read from start to end (a pipe will do)
 * out:  every record on fd 1, in file order: "target: cmd,\n  cmd;" for
 *       commands, "target: ?owner;" for an owner
 * exit: 0 done; 100 usage; 111 not a forwarding database, a read or
 *       write error, out of memory
 */
#include <errno.h>
#include <stdint.h>

#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "fwd.h"

/* A record bigger than this is taken for a damaged file, not read. */
#define RECORD_MAX (64UL << 20)

static void get(char *b, size_t n)
{
    ssize_t r;

    while (n > 0) {
        r = buf_get(&buf_in, b, n);
        if (r == -1)
            die_sys(EXIT_TEMP, "unable to read input", NULL);
        if (r == 0)
            die(EXIT_TEMP, "unable to read input: truncated database", NULL);
        b += r;
        n -= (size_t)r;
    }
}

static uint32_t get32(void)
{
    unsigned char b[4];

    get((char *)b, 4);
    return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

/* Read n bytes into x. */
static void getstr(struct str *x, uint32_t n)
{
    if (n > RECORD_MAX)
        die(EXIT_TEMP, "unable to read input: record too large", NULL);
    if (!str_reserve(x, n))
        die_nomem();
    get(x->s, n);
    x->len = n;
}

int main(int argc, char **argv)
{
    static struct str key, data, out;
    uint32_t pos, eod = UINT32_MAX, p, klen, dlen;
    int i;

    progname = "printforward";
    (void)argv;
    if (argc != 1)
        die_usage("printforward < cdb");
    /* cdb: 256 (position, length) pairs, then the records, then the
     * hash tables; the records end where the first table starts. */
    for (i = 0; i < 256; i++) {
        p = get32();
        (void)get32();
        if (p < eod)
            eod = p;
    }
    if (eod < 2048)
        die(EXIT_TEMP, "unable to read input: not a cdb", NULL);
    for (pos = 2048; pos < eod;) {
        if (eod - pos < 8)
            die(EXIT_TEMP, "unable to read input: not a cdb", NULL);
        klen = get32();
        dlen = get32();
        pos += 8;
        if (klen > eod - pos || dlen > eod - pos - klen)
            die(EXIT_TEMP, "unable to read input: not a cdb", NULL);
        getstr(&key, klen);
        getstr(&data, dlen);
        pos += klen + dlen;
        out.len = 0;
        switch (fwd_print(&out, key.s, key.len, data.s, data.len)) {
        case 0:
            die_nomem();
        case -1:
            die(EXIT_TEMP, "unable to read input: a record fastforward "
                           "does not know",
                NULL);
        default:
            break;
        }
        if (!buf_put(&buf_out, out.s, out.len))
            die_sys(EXIT_TEMP, "unable to write output", NULL);
    }
    if (!buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
    return 0;
}
