/* fuzz target: POP3 command lines (lib/pop3cmd), read, split and
 * numbered as qmail-popup and qmail-pop3d do, until the client hangs
 * up. A line handed over is at most max bytes, NUL-terminated, without
 * NUL or LF (one CR before the LF goes too); its verb is lower case; a number parsed
 * leaves the cursor inside the line. */
#include <string.h>

#include "buf.h"
#include "fuzzfd.h"
#include "pop3cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char mem[256];
    struct str line = STR_INIT;
    struct buf b;
    enum pop3cmd_result r;
    char *verb, *arg;
    const char *p;
    unsigned long u;
    size_t len, i;
    int fd = fuzzfd(data, size);

    buf_init(&b, fd, mem, sizeof mem);
    while ((r = pop3cmd_read(&b, &line, POP3CMD_MAX)) != POP3CMD_EOF) {
        if (r == POP3CMD_ERROR)
            abort();
        if (r != POP3CMD_LINE)
            continue;
        len = line.len;
        if (len > POP3CMD_MAX || line.s[len] != '\0' ||
            strlen(line.s) != len || memchr(line.s, '\n', len))
            abort();
        pop3cmd_split(&line, &verb, &arg);
        for (i = 0; verb[i] != '\0'; i++)
            if (verb[i] >= 'A' && verb[i] <= 'Z')
                abort();
        if (arg < line.s || arg > line.s + len)
            abort();
        p = arg;
        while (*p != '\0' && pop3cmd_number(&p, &u))
            if (p > line.s + len)
                abort();
    }
    close(fd);
    str_free(&line);
    return 0;
}
