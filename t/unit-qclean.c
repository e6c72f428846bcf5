/* unit-qclean: the qmail-clean conversation over pipes: requests sent
 * in one go, replies read in order, a broken conversation noticed. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "qclean.h"
#include "unit.h"

int main(void)
{
    int req[2], rep[2], ok3[3] = {9, 9, 9};
    unsigned long ids[3] = {23, 4567, 0};
    char got[64];
    ssize_t n;

    plan(8);
    signal(SIGPIPE, SIG_IGN); /* as qmail-send does */
    if (pipe(req) == -1 || pipe(rep) == -1 || write(rep[1], "+-+", 3) != 3)
        return 1;
    is_num((long)qclean_batch(req[1], rep[0], 't', ids, 3, ok3), 3,
           "three replies read");
    ok(ok3[0] == 1 && ok3[1] == 0 && ok3[2] == 1, "'+' is 1, '-' is 0");
    n = read(req[0], got, sizeof got);
    ok(n == 13 && memcmp(got, "t23\0t4567\0t0\0", 13) == 0,
       "requests: type, decimal id, NUL");
    is_num((long)qclean_batch(req[1], rep[0], 'm', ids, 0, ok3), 0,
           "an empty batch sends and reads nothing");

    if (write(rep[1], "+", 1) != 1)
        return 1;
    close(rep[1]);
    ok3[1] = 9;
    is_num((long)qclean_batch(req[1], rep[0], 'm', ids, 2, ok3), 1,
           "EOF after one reply: 1");
    ok(ok3[0] == 1 && ok3[1] == 0, "the missing reply is not ok");
    n = read(req[0], got, sizeof got);
    ok(n == 10 && memcmp(got, "m23\0m4567\0", 10) == 0, "type m");
    close(req[0]);
    is_num((long)qclean_batch(req[1], rep[0], 'm', ids, 1, ok3), 0,
           "qmail-clean gone: 0");
    return done_testing();
}
