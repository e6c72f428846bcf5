/* ipme.c - this host's addresses, from getifaddrs(3), read once.
 *
 * qmail 1.03 listed the interfaces with SIOCGIFCONF, which knows only
 * IPv4 and (on some systems) misses aliases, and it did not count
 * 0.0.0.0 as itself: an MX record naming 0.0.0.0 made it connect to
 * itself. Here the unspecified addresses and all of loopback count too,
 * since connecting to any of them reaches this host. */
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipme.h"

struct me {
    int family;
    unsigned char ip[16];
};

static struct me *mine;
static size_t nmine;
static int loaded;

static int load(void)
{
    struct ifaddrs *list, *i;
    struct me *m;
    size_t n = 0;

    if (getifaddrs(&list) == -1)
        return 0;
    for (i = list; i != NULL; i = i->ifa_next)
        n++;
    if ((m = calloc(n + 1, sizeof *m)) == NULL) {
        freeifaddrs(list);
        return errno = ENOMEM, 0;
    }
    n = 0;
    for (i = list; i != NULL; i = i->ifa_next) {
        if (i->ifa_addr == NULL)
            continue;
        if (i->ifa_addr->sa_family == AF_INET) {
            m[n].family = AF_INET;
            memcpy(m[n++].ip,
                   &((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr, 4);
        } else if (i->ifa_addr->sa_family == AF_INET6) {
            m[n].family = AF_INET6;
            memcpy(m[n++].ip,
                   &((struct sockaddr_in6 *)(void *)i->ifa_addr)->sin6_addr,
                   16);
        }
    }
    freeifaddrs(list);
    mine = m;
    nmine = n;
    loaded = 1;
    return 1;
}

static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0,
                                         0, 0, 0, 0, 0xff, 0xff};
static const unsigned char zero16[16];

int ipme_is(int family, const unsigned char *ip)
{
    static const unsigned char loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                            0, 0, 0, 0, 0, 0, 0, 1};
    size_t i;

    if (family == AF_INET6 && memcmp(ip, mapped, 12) == 0)
        return ipme_is(AF_INET, ip + 12);
    if (family == AF_INET &&
        (ip[0] == 127 || memcmp(ip, zero16, 4) == 0))
        return 1;
    if (family == AF_INET6 &&
        (memcmp(ip, zero16, 16) == 0 || memcmp(ip, loop6, 16) == 0))
        return 1;
    if (!loaded && !load())
        return -1;
    for (i = 0; i < nmine; i++)
        if (mine[i].family == family &&
            memcmp(mine[i].ip, ip, family == AF_INET6 ? 16 : 4) == 0)
            return 1;
    return 0;
}
