/* unit-ip: dotted quads and RFC 4291 IPv6 text, scanned inside longer
 * input; RFC 5952 canonical output, checked against a table and against
 * inet_ntop/inet_pton on many generated addresses. */
#include <arpa/inet.h>
#include <stdlib.h>

#include "ip.h"
#include "unit.h"

#define V(s) s, sizeof s - 1

static const struct {
    const char *s;
    size_t n;
    size_t want;      /* bytes consumed */
    const char *text; /* ip_fmt4 of the result */
} cases4[] = {
    {V("0.0.0.0"), 7, "0.0.0.0"},
    {V("1.2.3.4"), 7, "1.2.3.4"},
    {V("127.0.0.1"), 9, "127.0.0.1"},
    {V("255.255.255.255"), 15, "255.255.255.255"},
    {V("192.0.2.100"), 11, "192.0.2.100"},
    {V("10.0.0.1]"), 8, "10.0.0.1"},
    {V("1.2.3.4x"), 7, "1.2.3.4"},
    {V("1.2.3.4:25"), 7, "1.2.3.4"},
    {V("1.2.3.4 rest"), 7, "1.2.3.4"},
    {"1.2.3.45", 7, 7, "1.2.3.4"}, /* only n bytes count */
    {"1.2.3.4", 5, 0, NULL},
    {V("256.1.1.1"), 0, NULL},
    {V("1.2.3.256"), 0, NULL},
    {V("999.1.1.1"), 0, NULL},
    {V("1234.1.1.1"), 0, NULL},
    {V("1.2.3.0004"), 0, NULL},
    {V("1.2.3"), 0, NULL},
    {V("1.2.3."), 0, NULL},
    {V("1.2.3.4."), 0, NULL},
    {V("1.2.3.4.5"), 0, NULL},
    {V("1.2.3.4.example.com"), 0, NULL},
    {V("01.2.3.4"), 0, NULL},
    {V("1.2.3.04"), 0, NULL},
    {V("1.2.3.00"), 0, NULL},
    {V("1.02.3.4"), 0, NULL},
    {V("1..2.3"), 0, NULL},
    {V(".1.2.3.4"), 0, NULL},
    {V(" 1.2.3.4"), 0, NULL},
    {V("1 .2.3.4"), 0, NULL},
    {V("-1.2.3.4"), 0, NULL},
    {V("+1.2.3.4"), 0, NULL},
    {V("a.b.c.d"), 0, NULL},
    {V("0x1.2.3.4"), 0, NULL},
    {V("1"), 0, NULL},
    {V(""), 0, NULL},
};

static const struct {
    const char *s;
    size_t n;
    size_t want;
    const char *text; /* ip_fmt6 of the result */
} cases6[] = {
    {V("::"), 2, "::"},
    {V("::1"), 3, "::1"},
    {V("1::"), 3, "1::"},
    {V("2001:db8::1"), 11, "2001:db8::1"},
    {V("2001:DB8:0:0:0:0:0:1"), 20, "2001:db8::1"},
    {V("2001:0db8:0000:0000:0000:0000:0000:0001"), 39, "2001:db8::1"},
    {V("1:2:3:4:5:6:7:8"), 15, "1:2:3:4:5:6:7:8"},
    {V("ABCD:EF01:2345:6789:abcd:ef01:2345:6789"), 39,
     "abcd:ef01:2345:6789:abcd:ef01:2345:6789"},
    {V("1:0:0:2:0:0:0:3"), 15, "1:0:0:2::3"},     /* the longest run */
    {V("1:0:0:2:0:0:3:4"), 15, "1::2:0:0:3:4"},   /* first of equal runs */
    {V("1:0:2:3:4:5:6:7"), 15, "1:0:2:3:4:5:6:7"}, /* one group: no "::" */
    {V("0:1:2:3:4:5:6:7"), 15, "0:1:2:3:4:5:6:7"},
    {V("1:2:3:4:5:6:7:0"), 15, "1:2:3:4:5:6:7:0"},
    {V("0:0:0:0:0:0:0:0"), 15, "::"},
    {V("1:2:3:4:5:6:0:0"), 15, "1:2:3:4:5:6::"},
    {V("0:0:1:2:3:4:5:6"), 15, "::1:2:3:4:5:6"},
    {V("1:2:3:4:5:6:7::"), 15, "1:2:3:4:5:6:7:0"}, /* "::" for one group */
    {V("::2:3:4:5:6:7:8"), 15, "0:2:3:4:5:6:7:8"},
    {V("2001:db8:0:1:1:1:1:1"), 20, "2001:db8:0:1:1:1:1:1"},
    {V("fe80::"), 6, "fe80::"},
    {V("::ffff:1.2.3.4"), 14, "::ffff:1.2.3.4"},
    {V("::FFFF:192.0.2.1"), 16, "::ffff:192.0.2.1"},
    {V("0:0:0:0:0:ffff:c000:0201"), 24, "::ffff:192.0.2.1"},
    {V("::ffff:0:0"), 10, "::ffff:0.0.0.0"},
    {V("::1.2.3.4"), 9, "::102:304"}, /* only mapped addresses are dotted */
    {V("::ffff:0:1.2.3.4"), 16, "::ffff:0:102:304"},
    {V("64:ff9b::192.0.2.33"), 19, "64:ff9b::c000:221"},
    {V("1:2:3:4:5:6:1.2.3.4"), 19, "1:2:3:4:5:6:102:304"},
    {V("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"), 45,
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
    {V("2001:db8::1]"), 11, "2001:db8::1"},
    {V("fe80::1%eth0"), 7, "fe80::1"},
    {V("::1 x"), 3, "::1"},
    {V("::g"), 2, "::"},
    {"2001:db8::1", 10, 10, "2001:db8::"}, /* only n bytes count */
    {"2001:db8::1", 9, 0, NULL},
    {V("1::2::3"), 0, NULL},
    {V("::1::"), 0, NULL},
    {V("1:2:3:4:5:6:7:8:9"), 0, NULL},
    {V("1:2:3:4:5:6:7"), 0, NULL},
    {V("1:2:3:4::5:6:7:8"), 0, NULL},
    {V("::1:2:3:4:5:6:7:8"), 0, NULL},
    {V("1:2:3:4:5:6:7:8::"), 0, NULL},
    {V(":::"), 0, NULL},
    {V("1:::2"), 0, NULL},
    {V(":1::"), 0, NULL},
    {V(":1:2:3:4:5:6:7:8"), 0, NULL},
    {V("1:2:3:4:5:6:7:8:"), 0, NULL},
    {V("1::2:"), 0, NULL},
    {V("1:"), 0, NULL},
    {V(":"), 0, NULL},
    {V("12345::"), 0, NULL},
    {V("02001:db8::1"), 0, NULL},
    {V("1:2:3:4:5:6:7:1.2.3.4"), 0, NULL},
    {V("::1.2.3.4:5"), 0, NULL},
    {V("::ffff:1.2.3"), 0, NULL},
    {V("::ffff:256.1.1.1"), 0, NULL},
    {V("::ffff:01.2.3.4"), 0, NULL},
    {V("::ffff:1a.2.3.4"), 0, NULL},
    {V("::1.2.3.4.5"), 0, NULL},
    {V("1.2.3.4"), 0, NULL},
    {V("1"), 0, NULL},
    {V("g::"), 0, NULL},
    {V("[::1]"), 0, NULL},
    {V(""), 0, NULL},
};

/* Scan, check the consumption, format, compare. */
static void scan_fmt(int v6, const char *s, size_t n, size_t want,
                     const char *text)
{
    unsigned char ip[16];
    char out[IP_FMT], name[120];
    size_t got, len;

    memset(ip, 0xaa, sizeof ip);
    got = v6 ? ip_scan6(s, n, ip) : ip_scan4(s, n, ip);
    snprintf(name, sizeof name, "scan%d '%.*s': consumed", v6 ? 6 : 4,
             (int)n, s);
    is_num((long)got, (long)want, name);
    snprintf(name, sizeof name, "scan%d '%.*s': %s", v6 ? 6 : 4, (int)n, s,
             text != NULL ? text : "ip untouched");
    if (text == NULL) {
        ok(ip[0] == 0xaa && ip[3] == 0xaa, name);
        return;
    }
    memset(out, 'x', sizeof out);
    len = v6 ? ip_fmt6(out, ip) : ip_fmt4(out, ip);
    /* the length returned, and the NUL written after it */
    is_mem(out, len < sizeof out && out[len] == '\0' ? len : 0, text, name);
}

/* Addresses with many zero groups, to exercise the run choice. */
static void random_addr(unsigned char ip[16])
{
    int i;

    for (i = 0; i < 8; i++) {
        unsigned g;
        switch (rand() % 4) {
        case 0:
        case 1:
            g = 0;
            break;
        case 2:
            g = (unsigned)rand() % 16;
            break;
        default:
            g = (unsigned)rand() & 0xffff;
            break;
        }
        ip[2 * i] = (unsigned char)(g >> 8);
        ip[2 * i + 1] = (unsigned char)g;
    }
    if (rand() % 8 == 0) /* some IPv4-mapped ones */
        memcpy(ip, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12);
}

static void compare_libc(void)
{
    static const unsigned char zero12[12];
    unsigned char ip[16], back[16];
    char mine[IP_FMT], libc[INET6_ADDRSTRLEN];
    int i, diff = 0, roundtrip = 0, counted = 0;
    size_t len;

    srand(5952);
    for (i = 0; i < 20000; i++) {
        random_addr(ip);
        len = ip_fmt6(mine, ip);
        if (ip_fmt6(NULL, ip) != len)
            counted++;
        /* glibc also writes ::a.b.c.d for the deprecated IPv4-compatible
         * form; RFC 5952 5 asks dotted output only for mapped addresses */
        if (memcmp(ip, zero12, 12) != 0 &&
            (inet_ntop(AF_INET6, ip, libc, sizeof libc) == NULL ||
             strlen(libc) != len || memcmp(libc, mine, len) != 0)) {
            if (diff++ < 5)
                printf("# mine %s, libc %s\n", mine, libc);
        }
        if (ip_scan6(mine, len, back) != len || memcmp(ip, back, 16) != 0)
            roundtrip++;
    }
    is_num(diff, 0, "ip_fmt6 agrees with inet_ntop on 20,000 addresses");
    is_num(roundtrip, 0, "ip_scan6 reads back what ip_fmt6 wrote");
    is_num(counted, 0, "ip_fmt6(NULL) counts the same length");

    for (i = 0, diff = 0; i < 20000; i++) {
        unsigned char a[4], b[4];
        int x = rand();
        memcpy(a, &x, 4);
        len = ip_fmt4(mine, a);
        if (ip_fmt4(NULL, a) != len || ip_scan4(mine, len, b) != len ||
            memcmp(a, b, 4) != 0 ||
            inet_ntop(AF_INET, a, libc, sizeof libc) == NULL ||
            strcmp(libc, mine) != 0)
            diff++;
    }
    is_num(diff, 0, "ip_fmt4 and ip_scan4 round trip, agree with inet_ntop");
}

int main(void)
{
    size_t i, n4 = sizeof cases4 / sizeof cases4[0],
              n6 = sizeof cases6 / sizeof cases6[0];

    plan((int)(2 * (n4 + n6)) + 4);
    for (i = 0; i < n4; i++)
        scan_fmt(0, cases4[i].s, cases4[i].n, cases4[i].want, cases4[i].text);
    for (i = 0; i < n6; i++)
        scan_fmt(1, cases6[i].s, cases6[i].n, cases6[i].want, cases6[i].text);
    compare_libc();
    return done_testing();
}
