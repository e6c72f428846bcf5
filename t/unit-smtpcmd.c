/* unit-smtpcmd: verbs in any case, the argument after the spaces, a
 * trailing CR ignored, NUL and inner CR refused, unknown verbs. */
#include "smtpcmd.h"
#include "unit.h"

#define V(s) s, sizeof s - 1

static const struct {
    const char *line;
    size_t len;
    enum smtpcmd want;
    size_t arg;
} cases[] = {
    {V("HELO x"), SMTPCMD_HELO, 5},
    {V("helo x\r"), SMTPCMD_HELO, 5},
    {V("EhLo  host.example"), SMTPCMD_EHLO, 6},
    {V("MAIL FROM:<a@b>"), SMTPCMD_MAIL, 5},
    {V("rcpt TO:<a@b>"), SMTPCMD_RCPT, 5},
    {V("DATA"), SMTPCMD_DATA, 4},
    {V("data\r"), SMTPCMD_DATA, 4},
    {V("RSET"), SMTPCMD_RSET, 4},
    {V("NOOP anything"), SMTPCMD_NOOP, 5},
    {V("QUIT"), SMTPCMD_QUIT, 4},
    {V("VRFY root"), SMTPCMD_VRFY, 5},
    {V("HELP"), SMTPCMD_HELP, 4},
    {V(""), SMTPCMD_UNKNOWN, 0},
    {V("\r"), SMTPCMD_UNKNOWN, 0},
    {V("EXPN root"), SMTPCMD_UNKNOWN, 5},
    {V("STARTTLS"), SMTPCMD_UNKNOWN, 8},
    {V("HELOX"), SMTPCMD_UNKNOWN, 5},
    {V("HEL"), SMTPCMD_UNKNOWN, 3},
    {V(" HELO x"), SMTPCMD_UNKNOWN, 1},
    {V("MAIL\tFROM:<a@b>"), SMTPCMD_UNKNOWN, 15},
    {V("MAIL FROM:<a\0b>"), SMTPCMD_BAD, 15},
    {V("\0"), SMTPCMD_BAD, 1},
    {V("NOOP a\rb"), SMTPCMD_BAD, 8},
    {V("NOOP \r\r"), SMTPCMD_BAD, 6},
    {V("\xff\xfe"), SMTPCMD_UNKNOWN, 2},
};

int main(void)
{
    size_t i, arg;
    char name[64];

    plan(2 * (int)(sizeof cases / sizeof cases[0]));
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arg = 999;
        snprintf(name, sizeof name, "case %zu: command", i);
        is_num(smtpcmd_parse(cases[i].line, cases[i].len, &arg),
               cases[i].want, name);
        snprintf(name, sizeof name, "case %zu: argument offset", i);
        is_num((long)arg, (long)cases[i].arg, name);
    }
    return done_testing();
}
