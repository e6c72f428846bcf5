/* fuzz target: DNS answers (lib/dns's dns_parse), the bytes a name
 * server or a spoofer sends qmail-remote. The first byte picks the type
 * asked (MX, A or AAAA), the rest is the packet, asked for example.com.
 * Checks: -1 or the number of records appended; every record names a
 * NUL-terminated string inside the list's names; addresses have the
 * family of the type; the CNAME chase leaves a name that is a string. */
#include <arpa/nameser.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int types[] = { ns_t_mx, ns_t_a, ns_t_aaaa };
    struct dns_list l = DNS_LIST_INIT;
    struct str name = STR_INIT;
    const struct dns_rr *rr;
    int type, r;
    size_t i;

    if (size < 1)
        return 0;
    type = types[data[0] % 3];
    if (!str_copys(&name, "example.com") || !str_0(&name))
        abort();
    /* a host entry first, as dns_mxip has when it asks for addresses */
    if (!str_cats(&l.names, "mx.example.com") || !str_catc(&l.names, '\0'))
        abort();
    r = dns_parse(&l, data + 1, size - 1, type, &name, 7, 0);
    if (r < -1 || (r >= 0 && l.len != (size_t)r))
        abort();
    if (strlen(name.s) != name.len || name.len >= NS_MAXDNAME)
        abort();
    for (i = 0; i < l.len; i++) {
        rr = &l.r[i];
        if (rr->name >= l.names.len ||
            memchr(l.names.s + rr->name, '\0', l.names.len - rr->name) ==
                NULL)
            abort();
        if (type == ns_t_mx ? rr->family != 0 || rr->pref > 65535
                            : rr->pref != 7 || rr->name != 0 ||
                                  rr->family != (type == ns_t_a ? AF_INET
                                                                : AF_INET6))
            abort();
    }
    dns_sortmx(&l, 1);
    dns_list_free(&l);
    str_free(&name);
    return 0;
}
