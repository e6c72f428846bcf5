/* smtpcmd.c - SMTP verbs. qmail's commands.c turned a NUL inside a
 * command into LF and took a lone CR as part of the text; a command with
 * either byte is malformed, and passing it on risks it reaching an
 * envelope or a log, so we call it SMTPCMD_BAD. */
#include "smtpcmd.h"
#include "str.h"

static const struct {
    const char *verb;
    enum smtpcmd cmd;
} verbs[] = {
    {"helo", SMTPCMD_HELO}, {"ehlo", SMTPCMD_EHLO}, {"mail", SMTPCMD_MAIL},
    {"rcpt", SMTPCMD_RCPT}, {"data", SMTPCMD_DATA}, {"rset", SMTPCMD_RSET},
    {"noop", SMTPCMD_NOOP}, {"quit", SMTPCMD_QUIT}, {"vrfy", SMTPCMD_VRFY},
    {"help", SMTPCMD_HELP},
};

enum smtpcmd smtpcmd_parse(const char *line, size_t len, size_t *arg)
{
    size_t i, vlen;

    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (str_chr(line, len, '\0') < len || str_chr(line, len, '\r') < len) {
        *arg = len;
        return SMTPCMD_BAD;
    }
    vlen = str_chr(line, len, ' ');
    for (i = vlen; i < len && line[i] == ' '; i++)
        ;
    *arg = i;
    for (i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (vlen == 4 && str_diffb_nocase(line, verbs[i].verb, 4) == 0)
            return verbs[i].cmd;
    return SMTPCMD_UNKNOWN;
}
