/* fuzz target: SMTP command lines (lib/smtpcmd) and MAIL/RCPT arguments
 * (lib/smtpaddr), as qmail-smtpd feeds them. Beyond "does not crash",
 * it checks the promises the headers make: offsets stay in bounds and an
 * accepted address is short and free of NUL, CR and LF. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpaddr.h"
#include "smtpcmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *line = (const char *)data;
    struct str addr = STR_INIT;
    size_t arg = 0, params = 0, at;
    unsigned long msgsize;
    unsigned char ip[16];
    enum smtpcmd cmd = smtpcmd_parse(line, size, &arg);

    if (arg > size)
        abort();
    if (cmd == SMTPCMD_MAIL || cmd == SMTPCMD_RCPT) {
        const char *kw = cmd == SMTPCMD_MAIL ? "FROM" : "TO";
        int r = smtpaddr_parse(line + arg, size - arg, kw, &addr, &params);
        if (r == 1) {
            if (addr.len > SMTPADDR_MAX || params > size - arg)
                abort();
            if (addr.len && (memchr(addr.s, '\0', addr.len) ||
                             memchr(addr.s, '\r', addr.len) ||
                             memchr(addr.s, '\n', addr.len)))
                abort();
            smtpaddr_size(line + arg + params, size - arg - params, &msgsize);
            smtpaddr_routed(addr.s, addr.len);
            if (smtpaddr_literal(addr.s, addr.len, &at, ip) != 0 &&
                at >= addr.len)
                abort();
        }
    }
    str_free(&addr);
    return 0;
}
