/* unit-smtpaddr: MAIL/RCPT argument parsing as qmail-smtpd does it
 * (brackets optional, source routes dropped, quotes removed), the
 * syntax errors quail adds, SIZE=, routed local parts, address literals. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "smtpaddr.h"
#include "unit.h"

#define V(s) s, sizeof s - 1

static const struct {
    const char *arg;
    size_t len;
    const char *kw;
    int want;
    const char *addr;   /* when want == 1 */
    const char *params; /* when want == 1 */
} cases[] = {
    {V("FROM:<a@b.c>"), "FROM", 1, "a@b.c", ""},
    {V("from:<a@b.c>"), "FROM", 1, "a@b.c", ""},
    {V("From:<A@B.C>"), "FROM", 1, "A@B.C", ""},
    {V("FROM:<>"), "FROM", 1, "", ""},
    {V("FROM: <a@b.c>"), "FROM", 1, "a@b.c", ""},
    {V("FROM:   <a@b.c>"), "FROM", 1, "a@b.c", ""},
    {V("  FROM:<a@b.c>"), "FROM", 1, "a@b.c", ""},
    {V("FROM:<a@b.c> SIZE=100"), "FROM", 1, "a@b.c", " SIZE=100"},
    {V("FROM:<a@b.c> BODY=8BITMIME SIZE=5"), "FROM", 1, "a@b.c",
     " BODY=8BITMIME SIZE=5"},
    {V("FROM:a@b.c"), "FROM", 1, "a@b.c", ""},
    {V("FROM: a@b.c"), "FROM", 1, "a@b.c", ""},
    {V("FROM:a@b.c SIZE=9"), "FROM", 1, "a@b.c", " SIZE=9"},
    {V("TO:<u@quail.test>"), "TO", 1, "u@quail.test", ""},
    {V("to:postmaster"), "TO", 1, "postmaster", ""},
    {V("TO:<Postmaster>"), "TO", 1, "Postmaster", ""},
    /* source routes are dropped up to the first colon */
    {V("TO:<@a.example:u@b.example>"), "TO", 1, "u@b.example", ""},
    {V("TO:<@a.example,@c.example:u@b.example>"), "TO", 1, "u@b.example",
     ""},
    {V("TO:@a.example:u@b.example"), "TO", 1, "u@b.example", ""},
    /* quotes and escapes removed, as qmail */
    {V("TO:<\"a b\"@c.example>"), "TO", 1, "a b@c.example", ""},
    {V("TO:<\"u@evil.example\"@quail.test>"), "TO", 1,
     "u@evil.example@quail.test", ""},
    {V("TO:<\"a>b\"@c>"), "TO", 1, "a>b@c", ""},
    {V("TO:<a\\>b@c>"), "TO", 1, "a>b@c", ""},
    {V("TO:<a\\\"b@c>"), "TO", 1, "a\"b@c", ""},
    {V("TO:\"a b\"@c x"), "TO", 1, "a b@c", " x"},
    {V("TO:<u%evil.example@quail.test>"), "TO", 1,
     "u%evil.example@quail.test", ""},
    {V("TO:<evil.example!u@quail.test>"), "TO", 1,
     "evil.example!u@quail.test", ""},
    {V("TO:<u@[127.0.0.1]>"), "TO", 1, "u@[127.0.0.1]", ""},
    {V("TO:<u@quail.test.>"), "TO", 1, "u@quail.test.", ""},
    {V("TO:<\xff\xfe@quail.test>"), "TO", 1, "\xff\xfe@quail.test", ""},
    /* syntax errors */
    {V(""), "FROM", 0, NULL, NULL},
    {V("FROM"), "FROM", 0, NULL, NULL},
    {V("FROM:"), "FROM", 0, NULL, NULL},
    {V("FROM:   "), "FROM", 0, NULL, NULL},
    {V("FROM <a@b>"), "FROM", 0, NULL, NULL},
    {V("FRO:<a@b>"), "FROM", 0, NULL, NULL},
    {V("TO:<a@b>"), "FROM", 0, NULL, NULL},
    {V("FROM:<a@b>"), "TO", 0, NULL, NULL},
    {V("FROMX:<a@b>"), "FROM", 0, NULL, NULL},
    {V("FROM:<a@b"), "FROM", 0, NULL, NULL},
    {V("FROM:<"), "FROM", 0, NULL, NULL},
    {V("TO:<\"a@b>"), "TO", 0, NULL, NULL},
    {V("TO:\"a@b"), "TO", 0, NULL, NULL},
    {V("TO:<a\\"), "TO", 0, NULL, NULL},
    {V("TO:<@a.example>"), "TO", 0, NULL, NULL},
    {V("TO:<@a.example"), "TO", 0, NULL, NULL},
    {V("TO:<a\0b@c>"), "TO", 0, NULL, NULL},
    {V("TO:<a\rb@c>"), "TO", 0, NULL, NULL},
    {V("TO:<a\nb@c>"), "TO", 0, NULL, NULL},
    {V("TO:<a\\\0b@c>"), "TO", 0, NULL, NULL},
    {V("TO:a\0b"), "TO", 0, NULL, NULL},
};

static void test_parse(void)
{
    struct str addr = STR_INIT;
    size_t i, params;
    char name[64];

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int r;

        params = 12345;
        errno = 0;
        r = smtpaddr_parse(cases[i].arg, cases[i].len, cases[i].kw, &addr,
                           &params);
        snprintf(name, sizeof name, "case %zu: result", i);
        if (!is_num(r, cases[i].want, name))
            continue;
        if (r == 1) {
            is_mem(addr.s, addr.len, cases[i].addr, "  address");
            ok(params <= cases[i].len, "  params in range");
            is_mem(cases[i].arg + params, cases[i].len - params,
                   cases[i].params, "  params");
        } else {
            is_num(errno, EINVAL, "  errno EINVAL");
            is_num((long)addr.len, 0, "  address empty");
        }
    }
    str_free(&addr);
}

static void test_long(void)
{
    struct str addr = STR_INIT;
    char *arg = malloc(2000);
    size_t params, n;

    memcpy(arg, "TO:<", 4);
    memset(arg + 4, 'a', 1500);
    n = 4 + 900;
    arg[n] = '>';
    is_num(smtpaddr_parse(arg, n + 1, "TO", &addr, &params), 1,
           "900-byte address accepted");
    arg[n] = 'a';
    arg[n + 1] = '>';
    is_num(smtpaddr_parse(arg, n + 2, "TO", &addr, &params), 0,
           "901-byte address refused");
    is_num(smtpaddr_parse(arg, 1504, "TO", &addr, &params), 0,
           "1500 bytes without '>' refused");
    free(arg);
    str_free(&addr);
}

static void test_size(void)
{
    unsigned long u = 7;

    is_num(smtpaddr_size(V(""), &u), 0, "no params: no SIZE");
    is_num(smtpaddr_size(V(" BODY=8BITMIME"), &u), 0, "BODY only");
    is_num(smtpaddr_size(V(" SIZE=1000"), &u), 1, "SIZE found");
    is_num((long)u, 1000, "  value");
    is_num(smtpaddr_size(V(" body=7bit  size=42 "), &u), 1, "lower case");
    is_num((long)u, 42, "  value");
    is_num(smtpaddr_size(V(" SIZE=0"), &u), 1, "SIZE=0");
    is_num((long)u, 0, "  value");
    is_num(smtpaddr_size(V(" SIZE=99999999999999999999999"), &u), 1,
           "huge SIZE");
    ok(u == ULONG_MAX, "  is ULONG_MAX");
    is_num(smtpaddr_size(V(" SIZE="), &u), -1, "SIZE= empty");
    is_num(smtpaddr_size(V(" SIZE=12x"), &u), -1, "SIZE=12x");
    is_num(smtpaddr_size(V(" SIZE=-1"), &u), -1, "SIZE=-1");
    is_num(smtpaddr_size(V(" SIZEX=1"), &u), 0, "SIZEX is not SIZE");
    is_num(smtpaddr_size(V(" size=10 SIZE=99"), &u), -1, "SIZE twice");
    is_num(smtpaddr_size(V(" XSIZE=1"), &u), 0, "XSIZE is not SIZE");
}

static void test_routed(void)
{
    ok(!smtpaddr_routed(V("u@quail.test")), "plain address");
    ok(!smtpaddr_routed(V("postmaster")), "no domain");
    ok(!smtpaddr_routed(V("")), "empty");
    ok(!smtpaddr_routed(V("a.b-c+d@x")), "ordinary punctuation");
    ok(smtpaddr_routed(V("u%evil.example@quail.test")), "percent hack");
    ok(smtpaddr_routed(V("evil.example!u@quail.test")), "bang path");
    ok(smtpaddr_routed(V("u@evil.example@quail.test")), "two @");
    ok(smtpaddr_routed(V("u%evil.example")), "percent without domain");
    ok(smtpaddr_routed(V("evil!u")), "bang without domain");
    ok(!smtpaddr_routed(V("u@ev%il")), "% in the domain is not routing");
}

static void test_literal(void)
{
    unsigned char ip[16];
    size_t at = 99;

    is_num(smtpaddr_literal(V("u@[127.0.0.1]"), &at, ip), 4, "IPv4 literal");
    is_num((long)at, 1, "  @ offset");
    ok(ip[0] == 127 && ip[1] == 0 && ip[2] == 0 && ip[3] == 1, "  address");
    is_num(smtpaddr_literal(V("u@[IPv6:::1]"), &at, ip), 6, "IPv6 literal");
    ok(ip[15] == 1 && ip[0] == 0, "  address");
    is_num(smtpaddr_literal(V("u@[ipv6:2001:db8::5]"), &at, ip), 6,
           "IPv6 tag in any case");
    ok(ip[0] == 0x20 && ip[1] == 0x01 && ip[15] == 5, "  address");
    is_num(smtpaddr_literal(V("a@b@[10.0.0.1]"), &at, ip), 4, "last @");
    is_num((long)at, 3, "  @ offset");
    is_num(smtpaddr_literal(V("u@quail.test"), &at, ip), 0, "a name");
    is_num(smtpaddr_literal(V("u"), &at, ip), 0, "no domain");
    is_num(smtpaddr_literal(V("u@[]"), &at, ip), 0, "empty brackets");
    is_num(smtpaddr_literal(V("u@[1.2.3.4"), &at, ip), 0, "no ']'");
    is_num(smtpaddr_literal(V("u@[1.2.3.4].x"), &at, ip), 0, "trailing");
    is_num(smtpaddr_literal(V("u@[1.2.3.256]"), &at, ip), 0, "bad quad");
    is_num(smtpaddr_literal(V("u@[::1]"), &at, ip), 0,
           "IPv6 needs its tag");
    is_num(smtpaddr_literal(V("u@[IPv6:]"), &at, ip), 0, "empty IPv6");
    is_num(smtpaddr_literal(V("u@[IPv6:1.2.3.4]"), &at, ip), 0,
           "IPv4 under the IPv6 tag");
}

static void test_localip(void)
{
    struct str a = STR_INIT;

    str_copys(&a, "u@[127.0.0.1]");
    is_num(smtpaddr_localip(&a, "mx.test", 7), 1, "[127.0.0.1] is this host");
    is_mem(a.s, a.len, "u@mx.test", "  replaced");
    str_copys(&a, "a@b@[IPv6:::1]");
    is_num(smtpaddr_localip(&a, "mx.test", 7), 1, "[IPv6:::1] too");
    is_mem(a.s, a.len, "a@b@mx.test", "  after the last @");
    str_copys(&a, "u@[192.0.2.1]");
    is_num(smtpaddr_localip(&a, "mx.test", 7), 0, "192.0.2.1 is not ours");
    is_mem(a.s, a.len, "u@[192.0.2.1]", "  unchanged");
    str_copys(&a, "u@quail.test");
    is_num(smtpaddr_localip(&a, "mx.test", 7), 0, "a name is left alone");
    str_free(&a);
}

int main(void)
{
    plan(233);
    test_localip();
    test_parse();
    test_long();
    test_size();
    test_routed();
    test_literal();
    return done_testing();
}
