/* unit-dns: answers built byte by byte and taken apart by dns_parse
 * (MX, A, AAAA, CNAME chains inside one answer and across answers,
 * compression pointers, case, loops, answers far over 512 bytes,
 * malformed packets), MX ordering with shuffled equal preferences,
 * and the domain name check. Real lookups are in t/qmail-remote.t. */
#include <arpa/nameser.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "dns.h"
#include "unit.h"

static unsigned char pkt[DNS_ANSWER_MAX];
static size_t plen;

static void put8(unsigned v)
{
    pkt[plen++] = (unsigned char)v;
}

static void put16(unsigned v)
{
    put8(v >> 8 & 255);
    put8(v & 255);
}

/* A name as labels; "" is the root. */
static void putname(const char *s)
{
    const char *dot;
    size_t n;

    while (*s) {
        dot = strchr(s, '.');
        n = dot ? (size_t)(dot - s) : strlen(s);
        put8((unsigned)n);
        memcpy(pkt + plen, s, n);
        plen += n;
        s += n;
        if (*s == '.')
            s++;
    }
    put8(0);
}

static void start(const char *qname, unsigned qtype, unsigned ancount)
{
    plen = 0;
    put16(0x1234);
    put16(0x8180); /* response, RD, RA, NOERROR */
    put16(1);
    put16(ancount);
    put16(0);
    put16(0);
    putname(qname);
    put16(qtype);
    put16(ns_c_in);
}

static void rrhead(const char *owner, unsigned type, unsigned rdlen)
{
    putname(owner);
    put16(type);
    put16(ns_c_in);
    put16(0);
    put16(300);
    put16(rdlen);
}

static void mx(const char *owner, unsigned pref, const char *exchange)
{
    rrhead(owner, ns_t_mx, 2 + (unsigned)strlen(exchange) + 2);
    put16(pref);
    putname(exchange);
}

static void cname(const char *owner, const char *target)
{
    rrhead(owner, ns_t_cname, (unsigned)strlen(target) + 2);
    putname(target);
}

static void a(const char *owner, unsigned char b3)
{
    rrhead(owner, ns_t_a, 4);
    put8(192), put8(0), put8(2), put8(b3);
}

static int parse(struct dns_list *l, int type, const char *qname,
                 struct str *name)
{
    name->len = 0;
    str_cats(name, qname);
    str_0(name);
    return dns_parse(l, pkt, plen, type, name, 7, 0);
}

static void mx_answers(void)
{
    struct dns_list l = DNS_LIST_INIT;
    struct str name = STR_INIT;
    char exch[80];
    int i, r, sorted = 1;

    start("example.com", ns_t_mx, 2);
    mx("example.com", 20, "mx2.example.com");
    mx("example.com", 10, "mx1.example.com");
    is_num(parse(&l, ns_t_mx, "example.com", &name), 2, "two MX records");
    ok(l.r[0].pref == 20 && strcmp(dns_rrname(&l, 0), "mx2.example.com") == 0 &&
           l.r[1].pref == 10 && l.r[0].family == 0,
       "preference and exchange of each");
    is_mem(name.s, name.len, "example.com", "no CNAME: name unchanged");
    dns_list_free(&l);

    /* MX rdata pointing back at the question name: 0xc00c */
    start("example.com", ns_t_mx, 1);
    rrhead("example.com", ns_t_mx, 2 + 3 + 2);
    put16(5);
    put8(2), put8('m'), put8('x');
    put16(0xc00c);
    is_num(parse(&l, ns_t_mx, "example.com", &name), 1, "compressed MX");
    is_mem(dns_rrname(&l, 0), strlen(dns_rrname(&l, 0)), "mx.example.com",
           "compression pointer followed");
    dns_list_free(&l);

    start("alias.example", ns_t_mx, 3);
    cname("alias.example", "mid.example");
    mx("real.example", 10, "mx.real.example");
    cname("MID.example", "real.example");
    is_num(parse(&l, ns_t_mx, "alias.example", &name), 1,
           "CNAME chain in any order, any case, inside one answer");
    is_mem(name.s, name.len, "real.example", "name is the end of the chain");
    dns_list_free(&l);

    start("alias.example", ns_t_mx, 1);
    cname("alias.example", "elsewhere.example");
    is_num(parse(&l, ns_t_mx, "alias.example", &name), 0,
           "CNAME without the target's records: none");
    is_mem(name.s, name.len, "elsewhere.example", "but the name moved on");

    start("loop.example", ns_t_mx, 2);
    cname("loop.example", "pool.example");
    cname("pool.example", "loop.example");
    is_num(parse(&l, ns_t_mx, "loop.example", &name), 0,
           "CNAME loop ends");

    start("other.example", ns_t_mx, 1);
    mx("unrelated.example", 10, "mx.unrelated.example");
    is_num(parse(&l, ns_t_mx, "other.example", &name), 0,
           "records of another owner are ignored");

    /* far over 512 bytes: 60 exchanges with long names */
    start("big.example", ns_t_mx, 60);
    for (i = 0; i < 60; i++) {
        memcpy(exch, "a-rather-long-mail-exchanger-name-number-", 41);
        exch[41] = (char)('a' + i % 26);
        exch[42] = (char)('a' + i / 26);
        memcpy(exch + 43, ".big.example", 13);
        mx("big.example", (unsigned)(60 - i), exch);
    }
    ok(plen > 4000, "the big answer has over 4000 bytes");
    r = parse(&l, ns_t_mx, "big.example", &name);
    is_num(r, 60, "all 60 MX records of a big answer");
    dns_sortmx(&l, 1);
    for (i = 1; i < (int)l.len; i++)
        sorted &= l.r[i - 1].pref < l.r[i].pref;
    ok(sorted && l.r[0].pref == 1, "sorted by preference");
    dns_list_free(&l);
    str_free(&name);
}

static void address_answers(void)
{
    struct dns_list l = DNS_LIST_INIT;
    struct str name = STR_INIT;
    static const unsigned char six[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                          0, 0, 0, 0, 0, 0, 0, 0x25};

    start("host.example", ns_t_a, 3);
    cname("host.example", "real.example");
    a("real.example", 1);
    a("real.example", 2);
    is_num(parse(&l, ns_t_a, "host.example", &name), 2, "A records via CNAME");
    ok(l.r[0].family == AF_INET && l.r[0].ip[0] == 192 && l.r[0].ip[3] == 1 &&
           l.r[1].ip[3] == 2 && l.r[0].pref == 7,
       "IPv4 addresses with the given preference");
    dns_list_free(&l);

    start("host.example", ns_t_aaaa, 1);
    rrhead("host.example", ns_t_aaaa, 16);
    memcpy(pkt + plen, six, 16);
    plen += 16;
    is_num(parse(&l, ns_t_aaaa, "host.example", &name), 1, "AAAA record");
    ok(l.r[0].family == AF_INET6 && memcmp(l.r[0].ip, six, 16) == 0,
       "IPv6 address");
    dns_list_free(&l);

    start("host.example", ns_t_a, 1);
    rrhead("host.example", ns_t_a, 3);
    put8(1), put8(2), put8(3);
    errno = 0;
    is_num(parse(&l, ns_t_a, "host.example", &name), -1,
           "A record of 3 bytes is malformed");
    is_num(errno, EPROTO, "  EPROTO");

    start("host.example", ns_t_a, 2);
    a("host.example", 1);
    rrhead("host.example", ns_t_a, 3);
    put8(1), put8(2), put8(3);
    is_num(parse(&l, ns_t_a, "host.example", &name), -1,
           "a good A record before a bad one: the packet is malformed");
    is_num((long)l.len, 0, "  and the good record is not kept");

    start("host.example", ns_t_a, 2);
    a("host.example", 1);
    plen -= 2; /* cut inside the only record; the header says two */
    is_num(parse(&l, ns_t_a, "host.example", &name), -1,
           "truncated packet is malformed");
    is_num(dns_parse(&l, pkt, 5, ns_t_a, &name, 0, 0), -1,
           "a packet shorter than its header is malformed");
    dns_list_free(&l);
    str_free(&name);
}

static void shuffle(void)
{
    struct dns_list l = DNS_LIST_INIT;
    static const unsigned long prefs[] = {20, 10, 10, 30, 10, 20};
    size_t i;
    int seed, orders = 0, first_seen[6] = {0}, kept = 1;
    unsigned long sum;

    for (seed = 1; seed <= 200; seed++) {
        dns_list_free(&l);
        for (i = 0; i < 6; i++) {
            struct dns_rr x = {prefs[i], 0, {0}, i};
            if (l.len == l.cap) {
                l.cap = 8;
                l.r = malloc(l.cap * sizeof *l.r);
            }
            l.r[l.len++] = x;
        }
        dns_sortmx(&l, (unsigned long)seed);
        sum = 0;
        for (i = 0; i < 6; i++)
            sum += l.r[i].name;
        kept &= sum == 15 && l.r[0].pref == 10 && l.r[2].pref == 10 &&
                l.r[3].pref == 20 && l.r[4].pref == 20 && l.r[5].pref == 30;
        if (!first_seen[l.r[0].name]++)
            orders++;
    }
    ok(kept, "shuffling keeps every record and the preference order");
    is_num(orders, 3, "each of three equal best records comes first sometimes");
    dns_list_free(&l);
}

static void names(void)
{
    char long_label[70], long_name[260];

    memset(long_label, 'a', 64);
    long_label[64] = '\0';
    memset(long_name, 'a', 254);
    for (int i = 50; i < 254; i += 50)
        long_name[i] = '.';
    long_name[254] = '\0';
    ok(dns_name_ok("example.com"), "example.com is a name");
    ok(dns_name_ok("example.com."), "a final dot is fine");
    ok(!dns_name_ok(""), "empty is not");
    ok(!dns_name_ok("a..b"), "an empty label is not");
    ok(!dns_name_ok(".a"), "a leading dot is not");
    ok(!dns_name_ok(long_label), "a 64-byte label is not");
    long_label[63] = '\0';
    ok(dns_name_ok(long_label), "a 63-byte label is");
    ok(!dns_name_ok(long_name), "254 bytes are too long");
    long_name[253] = '\0';
    ok(dns_name_ok(long_name), "253 bytes are fine");
    ok(!dns_name_ok("[192.0.2.1]"), "an address literal is not a name");
}

int main(void)
{
    plan(36);
    mx_answers();
    address_answers();
    shuffle();
    names();
    return done_testing();
}
