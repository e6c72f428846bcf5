/* unit-hops: Received:/Delivered-To: lines counted in any case, only in
 * the header, only at the start of a line, in pieces of any size; more
 * than 100 is a loop. */
#include <string.h>

#include "hops.h"
#include "unit.h"

static unsigned long count(const char *s, size_t piece)
{
    struct hops h;
    size_t i, n = strlen(s);

    hops_init(&h);
    for (i = 0; i < n; i += piece)
        hops_feed(&h, s + i, n - i < piece ? n - i : piece);
    return h.n;
}

int main(void)
{
    static const char *msg =
        "Received: a\nRECEIVED: b\nDelivered-To: c\ndelivered-to:d\n"
        "X-Received: no\n Received: no\nReceived no\nReceive\n"
        "Delivered-To no\n\nReceived: in the body\n";
    struct hops h;
    char big[102 * 12 + 1];
    size_t i;

    plan(8);
    is_num((long)count(msg, 1000), 4, "four trace lines in the header");
    is_num((long)count(msg, 1), 4, "fed a byte at a time");
    is_num((long)count(msg, 7), 4, "fed in odd pieces");
    is_num((long)count("\nReceived: x\n", 100), 0,
           "an empty first line ends the header");
    is_num((long)count("Received:", 100), 1, "a line without its LF counts");

    for (i = 0; i < 100; i++)
        memcpy(big + i * 12, "Received: x\n", 12);
    big[100 * 12] = '\0';
    hops_init(&h);
    hops_feed(&h, big, strlen(big));
    is_num(hops_looping(&h), 0, "100 trace lines are fine");
    hops_feed(&h, "Delivered-To: y\n", 16);
    is_num(hops_looping(&h), 1, "101 are a loop");
    {
        char longline[5000];
        memset(longline, 'x', sizeof longline);
        hops_init(&h);
        hops_feed(&h, longline, sizeof longline);
        hops_feed(&h, "\nReceived: z\n", 13);
        is_num((long)h.n, 1, "a long line does not disturb the count");
    }
    return done_testing();
}
