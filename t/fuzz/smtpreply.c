/* fuzz target: SMTP replies from an untrusted server (lib/smtpreply),
 * as qmail-remote reads them, one after another until the connection
 * ends. Checks the header's promises: a code is 0 or 200..599, the text
 * is at most max bytes and holds no CR and no NUL. */
#include "buf.h"
#include "fuzzfd.h"
#include "smtpreply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char mem[512]; /* small: replies cross many refills */
    struct str text = STR_INIT;
    struct buf b;
    unsigned long code;
    size_t max = size % 2 ? 100 : 2000, i;
    int fd = fuzzfd(data, size), r;

    buf_init(&b, fd, mem, sizeof mem);
    while ((r = smtpreply_read(&b, &text, max, &code)) == 1) {
        if (code != 0 && (code < 200 || code > 599))
            abort();
        if (text.len > max)
            abort();
        for (i = 0; i < text.len; i++)
            if (text.s[i] == '\r' || text.s[i] == '\0')
                abort();
    }
    if (r != 0) /* a memory file ends; it never fails */
        abort();
    close(fd);
    str_free(&text);
    return 0;
}
