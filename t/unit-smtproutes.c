/* unit-smtproutes: qmail-remote(8)'s route forms (domain:relay,
 * domain:relay:port, .suffix:, :relay, empty relay, bracketed literals)
 * and precedence: most specific domain first, then the first line. */
#include <errno.h>

#include "smtproutes.h"
#include "unit.h"

#define L(s) s, sizeof s - 1

static const char routes[] =
    "example.com:relay.example.net\0"
    "Port.Example.COM:relay.example.net:2525\0"
    ".af.mil:\0"
    "inside.af.mil:firewall.af.mil:26\0"
    "dup.example:first.example\0"
    "dup.example:second.example\0"
    "lit.example:[192.0.2.7]:587\0"
    "lit6.example:[IPv6:2001:db8::7]:25\0"
    "[192.0.2.9]:[2001:db8::9]\0"
    "no colon here\0"
    "badport.example:relay.example:99999\0"
    "badport2.example:relay.example:25x\0"
    "unclosed.example:[192.0.2.1\0"
    ".sub.example:wild.example\0"
    "mx.example::2526\0"
    ":heaven.af.mil\0"
    "late.example:too-late.example\0";

static const struct {
    const char *host;
    int want;
    const char *relay;
    unsigned long port;
    const char *name;
} cases[] = {
    {"example.com", 1, "relay.example.net", 25, "domain:relay"},
    {"EXAMPLE.com", 1, "relay.example.net", 25, "domains match in any case"},
    {"port.example.com", 1, "relay.example.net", 2525, "domain:relay:port"},
    {"www.af.mil", 0, "", 25, ".suffix with an empty relay: use MX"},
    {"a.b.af.mil", 0, "", 25, ".suffix matches deeper names"},
    {"af.mil", 1, "heaven.af.mil", 25,
     ".suffix does not match the suffix itself"},
    {"inside.af.mil", 1, "firewall.af.mil", 26,
     "exact domain beats a .suffix line before it"},
    {"dup.example", 1, "first.example", 25, "same domain twice: first wins"},
    {"lit.example", 1, "[192.0.2.7]", 587, "bracketed IPv4 relay with port"},
    {"lit6.example", 1, "[IPv6:2001:db8::7]", 25,
     "bracketed IPv6 relay holds colons"},
    {"[192.0.2.9]", 1, "[2001:db8::9]", 25, "bracketed domain"},
    {"x.sub.example", 1, "wild.example", 25, ".suffix with a relay"},
    {"mx.example", 0, "", 2526, "empty relay with a port: MX on that port"},
    {"other.example", 1, "heaven.af.mil", 25, ":relay catches the rest"},
    {"late.example", 1, "too-late.example", 25,
     "exact line after the catch-all still wins"},
    {"no colon here", 1, "heaven.af.mil", 25, "a line without colon is no route"},
};

int main(void)
{
    struct str list = STR_INIT, none = STR_INIT;
    struct smtproute r = SMTPROUTE_INIT;
    size_t i, n = sizeof cases / sizeof cases[0];
    int got;

    plan((int)(3 * n + 5));
    str_copyb(&list, routes, sizeof routes - 1);
    for (i = 0; i < n; i++) {
        got = smtproutes_find(&list, cases[i].host, strlen(cases[i].host), &r);
        is_num(got, cases[i].want, cases[i].name);
        is_mem(r.relay.s, r.relay.len, cases[i].relay, "  relay");
        is_num((long)r.port, (long)cases[i].port, "  port");
    }
    errno = 0;
    is_num(smtproutes_find(&list, L("badport.example"), &r), -1,
           "port over 65535 is an error");
    is_num(errno, EINVAL, "  EINVAL");
    is_num(smtproutes_find(&list, L("badport2.example"), &r), -1,
           "port with junk is an error");
    is_num(smtproutes_find(&list, L("unclosed.example"), &r), -1,
           "unclosed bracket is an error");
    is_num(smtproutes_find(&none, L("example.com"), &r), 0,
           "no smtproutes: no route");
    str_free(&list);
    str_free(&r.relay);
    return done_testing();
}
