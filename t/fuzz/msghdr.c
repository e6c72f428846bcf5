/* fuzz target: message headers field by field (lib/msghdr), as qbiff,
 * qreceipt and maildirwatch read mail that came from anywhere. A field
 * kept is at most max bytes; the offset of a value stays inside its
 * field; the header ends, however the input looks. */
#include "buf.h"
#include "fuzzfd.h"
#include "msghdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = { "From", "Subject",
                                         "Notice-Requested-Upon-Delivery-To",
                                         "X" };
    static char mem[128];
    struct str f = STR_INIT;
    struct buf b;
    size_t max = size % 2 ? 40 : 1000, off, i, fields = 0;
    int fd = fuzzfd(data, size), r;

    buf_init(&b, fd, mem, sizeof mem);
    while ((r = msghdr_next(&b, &f, max)) == 1) {
        if (f.len > max || ++fields > size)
            abort();
        for (i = 0; i < sizeof names / sizeof names[0]; i++) {
            off = msghdr_is(f.s, f.len, names[i]);
            if (off > f.len)
                abort();
        }
    }
    if (r != 0)
        abort();
    close(fd);
    str_free(&f);
    return 0;
}
