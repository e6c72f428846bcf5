/* unit-received: qmail's Received: layout, the HELO shown only when it
 * differs from the remote host name, TCPREMOTEINFO as "INFO@", IPv6
 * addresses intact, and hostile bytes replaced by '?'. */
#include "received.h"
#include "unit.h"

#define WHEN 1795957796 /* Sun, 29 Nov 2026 13:09:56 +0000 */
#define DATE "Sun, 29 Nov 2026 13:09:56 +0000"

int main(void)
{
    struct str s = STR_INIT;

    plan(8);
    received_fmt(&s, "SMTP", "mx.quail.test", "192.0.2.7",
                 "client.example", NULL, "client.example", WHEN);
    is_mem(s.s, s.len,
           "Received: from client.example (192.0.2.7)\n"
           "  by mx.quail.test with SMTP; " DATE "\n",
           "HELO equal to the host name is not shown");
    s.len = 0;
    received_fmt(&s, "SMTP", "mx.quail.test", "192.0.2.7",
                 "client.example", NULL, "CLIENT.Example", WHEN);
    is_mem(s.s, s.len,
           "Received: from client.example (192.0.2.7)\n"
           "  by mx.quail.test with SMTP; " DATE "\n",
           "the comparison ignores case");
    s.len = 0;
    received_fmt(&s, "SMTP", "mx.quail.test", "192.0.2.7", "unknown",
                 "joe", "pc.example", WHEN);
    is_mem(s.s, s.len,
           "Received: from unknown (HELO pc.example) (joe@192.0.2.7)\n"
           "  by mx.quail.test with SMTP; " DATE "\n",
           "HELO and remote info");
    s.len = 0;
    received_fmt(&s, "QMTP", "::1", "2001:db8::7", "unknown", NULL, NULL,
                 WHEN);
    is_mem(s.s, s.len,
           "Received: from unknown (2001:db8::7)\n"
           "  by ::1 with QMTP; " DATE "\n",
           "IPv6 addresses and no HELO");
    s.len = 0;
    received_fmt(&s, "SMTP", "l", "1.2.3.4", "h",
                 "a b", "x\r\nBcc: evil@example\n(\xff)[]<>", WHEN);
    is_mem(s.s, s.len,
           "Received: from h (HELO x??Bcc:?evil@example????????" ") "
           "(a?b@1.2.3.4)\n  by l with SMTP; " DATE "\n",
           "unsafe bytes become '?'");
    s.len = 0;
    received_fmt(&s, "SMTP", "l", "1.2.3.4", "h", NULL, "", WHEN);
    is_mem(s.s, s.len,
           "Received: from h (HELO ) (1.2.3.4)\n  by l with SMTP; " DATE
           "\n",
           "an empty HELO differs from the host name");
    s.len = 0;
    str_cats(&s, "keep:");
    ok(received_fmt(&s, "SMTP", "l", "i", "h", NULL, NULL, WHEN) == 1,
       "returns 1");
    ok(s.len > 5 && memcmp(s.s, "keep:Received: ", 15) == 0,
       "appends to what is there");
    str_free(&s);
    return done_testing();
}
