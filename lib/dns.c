/* dns.c - MX and address lookups for qmail-remote.
 *
 * qmail 1.03 asked with a 512-byte buffer (PACKETSZ) and treated a
 * longer answer as a failure, so a domain with many MX records could
 * not receive mail from it ("large-mx"). Here every answer may take
 * DNS_ANSWER_MAX bytes. Questions go out through res_query, which
 * glibc and musl both have; glibc repeats a truncated UDP answer over
 * TCP itself, musl does not, so a truncated answer is asked again over
 * TCP here. Packets are taken apart with ns_initparse/ns_parserr/
 * ns_name_uncompress, never by hand.
 *
 * Failures keep their meaning: NXDOMAIN is permanent, everything that
 * might be a passing problem (SERVFAIL, REFUSED, timeouts, a malformed
 * answer, a CNAME loop) is temporary, since delayed mail still arrives
 * and bounced mail is lost. */
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dns.h"
#include "ip.h"
#include "tcpconnect.h"
#include "timeout.h"
#include "wholefile.h"

const char *dns_rrname(const struct dns_list *l, size_t i)
{
    return l->names.s + l->r[i].name;
}

void dns_list_free(struct dns_list *l)
{
    free(l->r);
    l->r = NULL;
    l->len = l->cap = 0;
    str_free(&l->names);
}

static int add_rr(struct dns_list *l, const struct dns_rr *rr)
{
    struct dns_rr *p;
    size_t cap;

    if (l->len == l->cap) {
        cap = l->cap ? l->cap : 8;
        if (__builtin_mul_overflow(cap, 2, &cap) ||
            cap > (size_t)-1 / sizeof *p)
            return errno = ENOMEM, 0;
        if ((p = realloc(l->r, cap * sizeof *p)) == NULL)
            return 0;
        l->r = p;
        l->cap = cap;
    }
    l->r[l->len++] = *rr;
    return 1;
}

/* Append a NUL-terminated name to l->names: its offset, or (size_t)-1
 * without memory. */
static size_t add_name(struct dns_list *l, const char *name)
{
    size_t off = l->names.len;

    if (!str_cats(&l->names, name) || !str_catc(&l->names, '\0'))
        return (size_t)-1;
    return off;
}

int dns_name_ok(const char *name)
{
    size_t len = strlen(name), label = 0, i;

    if (len > 0 && name[len - 1] == '.')
        len--;
    if (len == 0 || len > 253 || name[0] == '[')
        return 0;
    for (i = 0; i < len; i++) {
        if (name[i] != '.') {
            if (++label > 63)
                return 0;
            continue;
        }
        if (label == 0)
            return 0;
        label = 0;
    }
    return label > 0;
}

/* Two names in presentation form, without regard to ASCII case or a
 * final dot (ns_samename is deprecated in glibc). */
static int same(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);

    if (la > 0 && a[la - 1] == '.')
        la--;
    if (lb > 0 && b[lb - 1] == '.')
        lb--;
    return la == lb && str_diffb_nocase(a, b, la) == 0;
}

/* Follow CNAMEs from *name through the answer section: the owner of
 * the records we want. A loop stops after as many steps as there are
 * records, wherever it is. */
static int chase(ns_msg *msg, struct str *name)
{
    char target[NS_MAXDNAME];
    int count = ns_msg_count(*msg, ns_s_an), i, steps, moved;
    ns_rr rr;

    for (steps = 0; steps < count; steps++) {
        moved = 0;
        for (i = 0; i < count && !moved; i++) {
            if (ns_parserr(msg, ns_s_an, i, &rr) == -1)
                return errno = EPROTO, -1;
            if (ns_rr_type(rr) != ns_t_cname ||
                ns_rr_class(rr) != ns_c_in || !same(ns_rr_name(rr), name->s))
                continue;
            if (ns_name_uncompress(ns_msg_base(*msg), ns_msg_end(*msg),
                                   ns_rr_rdata(rr), target,
                                   sizeof target) == -1)
                return errno = EPROTO, -1;
            if (same(target, name->s))
                continue;
            if (!str_copys(name, target) || !str_0(name))
                return -1;
            moved = 1;
        }
        if (!moved)
            break;
    }
    return 0;
}

static int take(struct dns_list *out, ns_msg *msg, const ns_rr *rr,
                int type, unsigned long pref, size_t host)
{
    char exchange[NS_MAXDNAME];
    struct dns_rr x;
    const unsigned char *d = ns_rr_rdata(*rr);
    size_t n = ns_rr_rdlen(*rr);

    memset(&x, 0, sizeof x);
    if (type == ns_t_mx) {
        if (n < 3 ||
            ns_name_uncompress(ns_msg_base(*msg), ns_msg_end(*msg), d + 2,
                               exchange, sizeof exchange) == -1)
            return errno = EPROTO, -1;
        x.pref = (unsigned long)d[0] << 8 | d[1];
        if ((x.name = add_name(out, exchange)) == (size_t)-1)
            return -1;
    } else {
        if (n != (type == ns_t_a ? 4u : 16u))
            return errno = EPROTO, -1;
        x.family = type == ns_t_a ? AF_INET : AF_INET6;
        memcpy(x.ip, d, n);
        x.pref = pref;
        x.name = host;
    }
    return add_rr(out, &x) ? 1 : -1;
}

int dns_parse(struct dns_list *out, const unsigned char *pkt, size_t len,
              int type, struct str *name, unsigned long pref, size_t host)
{
    size_t had = out->len, hadnames = out->names.len;
    ns_msg msg;
    ns_rr rr;
    int count, i, got = 0;

    if (len > DNS_ANSWER_MAX || ns_initparse(pkt, (int)len, &msg) == -1)
        return errno = EPROTO, -1;
    if (chase(&msg, name) == -1)
        return -1;
    count = ns_msg_count(msg, ns_s_an);
    for (i = 0; i < count; i++) {
        if (ns_parserr(&msg, ns_s_an, i, &rr) == -1) {
            errno = EPROTO;
            goto undo;
        }
        if ((int)ns_rr_type(rr) != type || ns_rr_class(rr) != ns_c_in ||
            !same(ns_rr_name(rr), name->s))
            continue;
        if (take(out, &msg, &rr, type, pref, host) == -1)
            goto undo;
        got++;
    }
    return got;
undo:
    /* A packet with one bad record is not trusted for the others. */
    out->len = had;
    out->names.len = hadnames;
    return -1;
}

/* ---- asking ---- */

static unsigned char *answer;

static int has_tc(int n)
{
    return n >= HFIXEDSZ && ((const HEADER *)(const void *)answer)->tc;
}

/* Seconds for each step of a TCP query, as the resolvers' own default. */
#define TCP_SECONDS 5

/* Read exactly n bytes. */
static int read_all(int fd, unsigned char *b, size_t n)
{
    ssize_t r;

    for (; n > 0; b += r, n -= (size_t)r)
        if ((r = timeout_read(fd, (char *)b, n, TCP_SECONDS)) <= 0)
            return 0;
    return 1;
}

/* The question q (length ql, with two bytes before it for the TCP
 * length) to the name server at family/ip; the answer's length in
 * answer[], or -1. */
static int ask_tcp(int family, const unsigned char *ip, unsigned char *q,
                   size_t ql)
{
    unsigned char len[2];
    size_t n;
    int fd, ok;

    fd = tcpconnect(family, ip, NS_DEFAULTPORT, TCP_SECONDS);
    if (fd == -1)
        return -1;
    q[-2] = (unsigned char)(ql >> 8);
    q[-1] = (unsigned char)ql;
    ok = timeout_write(fd, (const char *)q - 2, ql + 2, TCP_SECONDS) ==
             (ssize_t)(ql + 2) && read_all(fd, len, 2);
    n = ok ? (size_t)len[0] << 8 | len[1] : 0;
    ok = ok && n >= HFIXEDSZ && read_all(fd, answer, n) &&
         answer[0] == q[0] && answer[1] == q[1]; /* the same id */
    close(fd);
    return ok ? (int)n : -1;
}

/* The address of a resolv.conf line "nameserver ADDRESS" (an IPv6
 * address may carry a %scope, ignored): AF_INET or AF_INET6, or 0 for
 * any other line. */
static int nameserver(const char *s, size_t n, unsigned char ip[16])
{
    size_t i = 10, len = 0;

    if (n < 12 || memcmp(s, "nameserver", 10) != 0 ||
        (s[i] != ' ' && s[i] != '\t'))
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (i + len < n && s[i + len] != ' ' && s[i + len] != '\t' &&
           s[i + len] != '%')
        len++;
    if (len > 0 && ip_scan4(s + i, len, ip) == len)
        return AF_INET;
    if (len > 0 && ip_scan6(s + i, len, ip) == len)
        return AF_INET6;
    return 0;
}

/* A truncated UDP answer asked again over TCP, to the name servers of
 * /etc/resolv.conf in their order (none listed: this host, as the C
 * libraries assume). glibc would do this itself, musl does not: the
 * same code serves both, so large answers work whichever C library a
 * program is linked with. The answer's length, or -1. */
static int query_tcp(const char *name, int type)
{
    static const unsigned char localhost[4] = { 127, 0, 0, 1 };
    unsigned char q[2 + HFIXEDSZ + NS_MAXCDNAME + QFIXEDSZ], ip[16];
    struct str conf = STR_INIT;
    struct stat st;
    size_t pos, end;
    int family, ql, n = -1, servers = 0;

    ql = res_mkquery(ns_o_query, name, ns_c_in, type, NULL, 0, NULL, q + 2,
                     (int)sizeof q - 2);
    if (ql < HFIXEDSZ)
        return -1;
    if (wholefile_read("/etc/resolv.conf", &conf, &st, 65536) != 1)
        conf.len = 0;
    for (pos = 0; n < 0 && servers < MAXNS && pos < conf.len; pos = end + 1) {
        end = pos + str_chr(conf.s + pos, conf.len - pos, '\n');
        if ((family = nameserver(conf.s + pos, end - pos, ip)) != 0) {
            servers++;
            n = ask_tcp(family, ip, q + 2, (size_t)ql);
        }
    }
    str_free(&conf);
    if (servers == 0)
        n = ask_tcp(AF_INET, localhost, q + 2, (size_t)ql);
    return n;
}

/* The answer's length in answer[], or DNS_NONE (no records of that
 * type), DNS_NXDOMAIN, DNS_SOFT. */
static int query(const char *name, int type)
{
    int n;

    if (answer == NULL && (answer = malloc(DNS_ANSWER_MAX)) == NULL)
        return DNS_SOFT;
    h_errno = 0;
    n = res_query(name, ns_c_in, type, answer, DNS_ANSWER_MAX);
    if (n < 0) {
        if (h_errno == HOST_NOT_FOUND)
            return DNS_NXDOMAIN;
        if (h_errno == NO_DATA)
            return DNS_NONE;
        return errno = EAGAIN, DNS_SOFT;
    }
    if (has_tc(n) && (n = query_tcp(name, type)) < 0)
        return errno = EAGAIN, DNS_SOFT;
    if (has_tc(n))
        return errno = EAGAIN, DNS_SOFT; /* TCP gave a cut answer too */
    return n > DNS_ANSWER_MAX ? DNS_ANSWER_MAX : n;
}

/* Records of type for name, following CNAMEs across queries when an
 * answer stops at a CNAME whose target's records it does not hold. */
static int lookup(struct dns_list *out, const char *name, int type,
                  unsigned long pref, size_t host)
{
    struct str cur = STR_INIT, prev = STR_INIT;
    int depth, n, r = DNS_SOFT;

    if (!dns_name_ok(name))
        return DNS_NXDOMAIN;
    if (!str_copys(&cur, name) || !str_0(&cur))
        goto done;
    for (depth = 0; depth <= DNS_CNAME_MAX; depth++) {
        if ((n = query(cur.s, type)) <= 0) {
            r = n;
            break;
        }
        if (!str_copyb(&prev, cur.s, cur.len) || !str_0(&prev))
            break;
        if ((n = dns_parse(out, answer, (size_t)n, type, &cur, pref,
                           host)) == -1) {
            if (errno == EPROTO)
                errno = EAGAIN;
            break;
        }
        if (n > 0) {
            r = DNS_FOUND;
            break;
        }
        if (same(prev.s, cur.s)) {
            r = DNS_NONE; /* an answer, but not for this name */
            break;
        }
        if (depth == DNS_CNAME_MAX)
            errno = EAGAIN; /* a chain this long is a loop */
    }
done:
    str_free(&cur);
    str_free(&prev);
    return r;
}

static int addresses(struct dns_list *out, const char *name,
                     unsigned long pref, size_t host)
{
    size_t before = out->len;
    int r6, r4;

    r6 = lookup(out, name, ns_t_aaaa, pref, host);
    if (r6 == DNS_SOFT && errno == ENOMEM)
        return DNS_SOFT;
    r4 = lookup(out, name, ns_t_a, pref, host);
    if (out->len > before)
        return DNS_FOUND;
    if (r6 == DNS_SOFT || r4 == DNS_SOFT)
        return DNS_SOFT;
    if (r6 == DNS_NXDOMAIN && r4 == DNS_NXDOMAIN)
        return DNS_NXDOMAIN;
    return DNS_NONE;
}

int dns_ip(struct dns_list *out, const char *name)
{
    size_t host = add_name(out, name);

    if (host == (size_t)-1)
        return DNS_SOFT;
    return addresses(out, name, 0, host);
}

/* xorshift64: enough to spread load over equal MX records. */
static unsigned long long next_random(unsigned long long *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

void dns_sortmx(struct dns_list *mx, unsigned long seed)
{
    unsigned long long state = seed ? seed : 0x9e3779b97f4a7c15ULL;
    struct dns_rr t;
    size_t i, j, start, run;

    for (i = 1; i < mx->len; i++) /* insertion sort: stable, short lists */
        for (j = i; j > 0 && mx->r[j - 1].pref > mx->r[j].pref; j--) {
            t = mx->r[j];
            mx->r[j] = mx->r[j - 1];
            mx->r[j - 1] = t;
        }
    for (start = 0; start < mx->len; start += run) {
        for (run = 1; start + run < mx->len &&
                      mx->r[start + run].pref == mx->r[start].pref;
             run++)
            ;
        for (i = run; i > 1; i--) { /* Fisher-Yates within the run */
            j = (size_t)(next_random(&state) % i);
            t = mx->r[start + i - 1];
            mx->r[start + i - 1] = mx->r[start + j];
            mx->r[start + j] = t;
        }
    }
}

/* RFC 7505: an exchange of "." (the root) means no mail at all. */
static int is_null(const char *exchange)
{
    return exchange[0] == '\0' || (exchange[0] == '.' && exchange[1] == '\0');
}

int dns_mxip(struct dns_list *out, const char *name, unsigned long seed)
{
    struct dns_list mx = DNS_LIST_INIT;
    size_t i, kept, host, before = out->len;
    int r, soft = 0;

    r = lookup(&mx, name, ns_t_mx, 0, 0);
    if (r == DNS_NONE) {
        dns_list_free(&mx);
        return dns_ip(out, name);
    }
    if (r != DNS_FOUND) {
        dns_list_free(&mx);
        return r;
    }
    for (i = kept = 0; i < mx.len; i++)
        if (!is_null(dns_rrname(&mx, i)))
            mx.r[kept++] = mx.r[i];
    if (kept == 0) {
        dns_list_free(&mx);
        return DNS_NULLMX;
    }
    mx.len = kept;
    dns_sortmx(&mx, seed);
    for (i = 0; i < mx.len && i < DNS_MX_MAX; i++) {
        if ((host = add_name(out, dns_rrname(&mx, i))) == (size_t)-1) {
            soft = 1;
            break;
        }
        r = addresses(out, dns_rrname(&mx, i), mx.r[i].pref, host);
        if (r == DNS_SOFT) {
            soft = 1;
            if (errno == ENOMEM)
                break;
        }
    }
    dns_list_free(&mx);
    if (out->len > before)
        return DNS_FOUND;
    return soft ? DNS_SOFT : DNS_NONE;
}
