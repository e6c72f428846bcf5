/* unit-sendlog: qmail-send's log text, as qmailanalog expects it. */
#include <errno.h>

#include "buf.h"
#include "fmt.h"
#include "sendlog.h"
#include "unit.h"

int main(void)
{
    static char mem[256];
    struct buf b = BUF_INIT(-1, mem, sizeof mem);
    char n[FMT_ULONG];

    plan(6);
    sendlog_to = &b;
    sendlog_safe("a b\nc\td\x7f\xff!~", 11);
    is_mem(b.x, b.n,
           "a_b/c?d?"
           "?!~",
           "space, newline, unprintables mapped");
    b.n = 0;
    sendlog("delivery ", sendlog_num(n, 42), ": success: ", NULL);
    is_mem(b.x, b.n, "delivery 42: success: ", "parts appended in order");
    b.n = 0;
    is_mem(n, 1, "4", "num is NUL-terminated");
    ok(n[2] == '\0', "num terminates after the digits");
    errno = ENOENT;
    sendlog_warn("unable to stat", "mess/0/23", "; will try again later");
    is_mem(b.x, b.n,
           "warning: unable to stat mess/0/23: No such file or directory; "
           "will try again later\n",
           "warning names file and errno");
    b.n = 0;
    sendlog_safe("", 0);
    is_num((long)b.n, 0, "empty text adds nothing");
    return done_testing();
}
