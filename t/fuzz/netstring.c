/* fuzz target: netstrings (lib/netstring) nested the way QMQP frames a
 * package: an outer netstring whose body is read as netstrings charged
 * to a budget, then its comma. Checks that the budget is charged with
 * exactly the bytes read (counted from the descriptor's offset), that
 * an accepted length fits what is left, and that a string read is
 * exactly as long as its length. */
#include "buf.h"
#include "fuzzfd.h"
#include "netstring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd;
static struct buf b;

/* Bytes taken from the input so far. */
static unsigned long taken(void)
{
    off_t off = lseek(fd, 0, SEEK_CUR);

    if (off < 0 || (size_t)off < b.n - b.p)
        abort();
    return (unsigned long)off - (b.n - b.p);
}

/* The body of a package: netstrings until the budget is spent. */
static int body(unsigned long left, struct str *out)
{
    unsigned long start = taken(), budget = left, len;
    size_t before;
    int r;

    while (left > 0) {
        if ((r = netstring_getlen(&b, &left, &len)) != 1)
            return r;
        if (len >= left) /* the string and its ',' must fit */
            abort();
        before = out->len;
        r = netstring_getbytes(&b, &left, len, len < 4096 ? out : NULL);
        if (r != 1)
            return r;
        if (len < 4096 && out->len != before + len)
            abort();
        if ((r = netstring_getcomma(&b, &left)) != 1)
            return r;
        if (taken() - start != budget - left)
            abort();
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char mem[64]; /* tiny: lengths and strings cross refills */
    struct str out = STR_INIT;
    unsigned long len;

    fd = fuzzfd(data, size);
    buf_init(&b, fd, mem, sizeof mem);
    while (netstring_getlen(&b, NULL, &len) == 1 && body(len, &out) == 1 &&
           netstring_getcomma(&b, NULL) == 1)
        out.len = 0;
    close(fd);
    str_free(&out);
    return 0;
}
