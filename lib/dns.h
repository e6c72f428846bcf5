/* dns.h - where mail for a domain goes: MX records and addresses,
 * through the C library's resolver (res_nquery) with 64 KiB answers;
 * a truncated answer is asked again over TCP. CNAMEs are followed.
 *
 * Results: */
#ifndef DNS_H
#define DNS_H

#include <stddef.h>

#include "str.h"

#define DNS_FOUND 1         /* at least one address */
#define DNS_NONE 0          /* the name exists; no MX and no address */
#define DNS_SOFT (-1)       /* try later: no answer, server failure, CNAME
                               loop; errno ENOMEM when out of memory */
#define DNS_NXDOMAIN (-2)   /* the name does not exist (or is not a
                               valid domain name) */
#define DNS_NULLMX (-3)     /* RFC 7505 null MX: the domain takes no mail */

#define DNS_ANSWER_MAX 65536
#define DNS_MX_MAX 64       /* mail exchangers looked at, best first */
#define DNS_CNAME_MAX 8     /* queries that follow a CNAME chain */

/* One record: an address (family AF_INET or AF_INET6; an IPv4 address
 * in the first 4 bytes of ip) or, inside dns_parse, an MX record
 * (family 0). name is the offset of a NUL-terminated name in the
 * list's names: the host the address belongs to, or the exchange. */
struct dns_rr {
    unsigned long pref;
    int family;
    unsigned char ip[16];
    size_t name;
};

struct dns_list {
    struct dns_rr *r;
    size_t len;
    size_t cap;
    struct str names;
};

#define DNS_LIST_INIT { NULL, 0, 0, STR_INIT }

/* The name of record i. */
const char *dns_rrname(const struct dns_list *l, size_t i);

/* Append the addresses of name (IPv6 first, then IPv4), with
 * preference 0. */
int dns_ip(struct dns_list *out, const char *name);
/* Append the addresses of the mail exchangers of name: MX records by
 * preference, equal preferences in an order shuffled by seed, each
 * host's IPv6 then IPv4 addresses. A name without MX records is its
 * own exchanger (RFC 5321 5.1), with preference 0. */
int dns_mxip(struct dns_list *out, const char *name, unsigned long seed);
void dns_list_free(struct dns_list *l);

/* For unit tests. */
/* 1 when name has labels of 1..63 bytes, at most 253 bytes in all
 * (a final dot allowed), and does not start with '['. */
int dns_name_ok(const char *name);
/* Take the records of type (ns_t_mx, ns_t_a or ns_t_aaaa) from the
 * answer section of pkt[0..len): those owned by *name or by the end of
 * a CNAME chain that starts at it; *name becomes that end (on the
 * first call, the name itself). Addresses get preference pref and host
 * name offset host. The number of records appended, -1 on a malformed
 * packet (errno EPROTO) or without memory (ENOMEM); after -1 nothing of
 * the packet is appended, even records before the bad one. */
int dns_parse(struct dns_list *out, const unsigned char *pkt, size_t len,
              int type, struct str *name, unsigned long pref, size_t host);
/* Sort MX records by preference; shuffle each run of equal ones. */
void dns_sortmx(struct dns_list *mx, unsigned long seed);

#endif
