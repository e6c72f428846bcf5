/* ipme.c - this host's addresses, from getifaddrs(3). The list is kept
 * in a static array reachable until exit. */
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipme.h"

struct ipme_addr {
    unsigned char ip[16];
    int family; /* 4 or 6 */
};

static struct ipme_addr *addrs;
static size_t naddrs;

int ipme_init(void)
{
    struct ifaddrs *list, *i;
    struct ipme_addr *a;
    size_t n = 0, count = 0;

    if (getifaddrs(&list) == -1)
        return 0;
    for (i = list; i != NULL; i = i->ifa_next)
        count++;
    a = calloc(count ? count : 1, sizeof *a);
    if (a == NULL) {
        freeifaddrs(list);
        return errno = ENOMEM, 0;
    }
    for (i = list; i != NULL; i = i->ifa_next) {
        if (i->ifa_addr == NULL)
            continue;
        if (i->ifa_addr->sa_family == AF_INET) {
            const struct sockaddr_in *s = (const void *)i->ifa_addr;
            memcpy(a[n].ip, &s->sin_addr, 4);
            a[n++].family = 4;
        } else if (i->ifa_addr->sa_family == AF_INET6) {
            const struct sockaddr_in6 *s = (const void *)i->ifa_addr;
            memcpy(a[n].ip, &s->sin6_addr, 16);
            a[n++].family = 6;
        }
    }
    freeifaddrs(list);
    free(addrs);
    addrs = a;
    naddrs = n;
    return 1;
}

static int listed(const unsigned char *ip, int family)
{
    size_t i;

    for (i = 0; i < naddrs; i++)
        if (addrs[i].family == family &&
            memcmp(addrs[i].ip, ip, family == 4 ? 4 : 16) == 0)
            return 1;
    return 0;
}

int ipme_is4(const unsigned char ip[4])
{
    static const unsigned char any[4] = {0, 0, 0, 0};

    /* 0.0.0.0 reaches this host, as does all of 127/8 (RFC 1122 3.2.1.3) */
    if (memcmp(ip, any, 4) == 0 || ip[0] == 127)
        return 1;
    return listed(ip, 4);
}

int ipme_is6(const unsigned char ip[16])
{
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0,
                                             0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char zero[15] = {0};

    if (memcmp(ip, mapped, 12) == 0)
        return ipme_is4(ip + 12);
    /* :: and ::1 */
    if (memcmp(ip, zero, 15) == 0 && (ip[15] == 0 || ip[15] == 1))
        return 1;
    return listed(ip, 6);
}
