/* unit-ipme: the fixed local addresses, interface addresses found by
 * getifaddrs, IPv4-mapped IPv6, and addresses that are not ours. */
#include "ipme.h"
#include "unit.h"

int main(void)
{
    unsigned char a4[4] = {127, 0, 0, 1};
    unsigned char z4[4] = {0, 0, 0, 0};
    unsigned char lo2[4] = {127, 1, 2, 3};
    unsigned char doc[4] = {192, 0, 2, 1};    /* RFC 5737 TEST-NET-1 */
    unsigned char one6[16] = {[15] = 1};
    unsigned char zero6[16] = {0};
    unsigned char doc6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
    unsigned char map6[16] = {[10] = 0xff, [11] = 0xff, [12] = 127, [15] = 1};
    unsigned char mapdoc[16] = {[10] = 0xff, [11] = 0xff, [12] = 192,
                                [14] = 2, [15] = 1};

    plan(11);
    ok(ipme_is4(a4), "127.0.0.1 before init");
    ok(!ipme_is4(doc), "192.0.2.1 is not ours before init");
    is_num(ipme_init(), 1, "ipme_init reads the interfaces");
    is_num(ipme_init(), 1, "ipme_init again");
    ok(ipme_is4(a4) && ipme_is4(z4) && ipme_is4(lo2), "127/8 and 0.0.0.0");
    ok(!ipme_is4(doc), "192.0.2.1 is not ours");
    ok(ipme_is6(one6), "::1");
    ok(ipme_is6(zero6), "::");
    ok(!ipme_is6(doc6), "2001:db8::1 is not ours");
    ok(ipme_is6(map6), "::ffff:127.0.0.1");
    ok(!ipme_is6(mapdoc), "::ffff:192.0.2.1");
    return done_testing();
}
