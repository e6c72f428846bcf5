/* unit-ipme: loopback, unspecified and mapped addresses are this host,
 * so is every address getifaddrs lists; documentation addresses are
 * not. */
#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "ipme.h"
#include "unit.h"

static const struct {
    int family;
    unsigned char ip[16];
    int want;
    const char *name;
} cases[] = {
    {AF_INET, {127, 0, 0, 1}, 1, "127.0.0.1"},
    {AF_INET, {127, 9, 8, 7}, 1, "127.9.8.7: all of 127/8"},
    {AF_INET, {0, 0, 0, 0}, 1, "0.0.0.0"},
    {AF_INET, {198, 51, 100, 77}, 0, "198.51.100.77 is not"},
    {AF_INET, {128, 0, 0, 1}, 0, "128.0.0.1 is not"},
    {AF_INET6, {0}, 1, "::"},
    {AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1, "::1"},
    {AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 2}, 1,
     "::ffff:127.0.0.2"},
    {AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0}, 1,
     "::ffff:0.0.0.0"},
    {AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 198, 51, 100, 77}, 0,
     "::ffff:198.51.100.77 is not"},
    {AF_INET6, {0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x77},
     0, "2001:db8:ffff::77 is not"},
    {AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, 0,
     "::2 is not"},
};

int main(void)
{
    struct ifaddrs *list, *i;
    size_t k, n = sizeof cases / sizeof cases[0];
    int all = 1, seen = 0;

    plan((int)n + 1);
    for (k = 0; k < n; k++)
        is_num(ipme_is(cases[k].family, cases[k].ip), cases[k].want,
               cases[k].name);
    if (getifaddrs(&list) == 0) {
        for (i = list; i != NULL; i = i->ifa_next) {
            if (i->ifa_addr == NULL)
                continue;
            if (i->ifa_addr->sa_family == AF_INET) {
                seen++;
                all &= ipme_is(AF_INET, (unsigned char *)&(
                    (struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr) == 1;
            } else if (i->ifa_addr->sa_family == AF_INET6) {
                seen++;
                all &= ipme_is(AF_INET6, (unsigned char *)&(
                    (struct sockaddr_in6 *)(void *)i->ifa_addr)->sin6_addr) == 1;
            }
        }
        freeifaddrs(list);
    }
    ok(all && seen > 0, "every interface address is this host");
    return done_testing();
}
