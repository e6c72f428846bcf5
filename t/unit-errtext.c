/* unit-errtext: one wording for errno values under glibc and musl. */
#include <errno.h>
#include <string.h>

#include "errtext.h"
#include "unit.h"

int main(void)
{
    const char *s;

    plan(6);
    s = errtext(ENOENT);
    is_mem(s, strlen(s), "No such file or directory", "ENOENT");
    s = errtext(ESPIPE);
    is_mem(s, strlen(s), "Illegal seek", "ESPIPE as glibc words it");
    s = errtext(EXDEV);
    is_mem(s, strlen(s), "Invalid cross-device link", "EXDEV");
    s = errtext(ETIMEDOUT);
    is_mem(s, strlen(s), "Connection timed out", "ETIMEDOUT");
    s = errtext(EDQUOT);
    is_mem(s, strlen(s), "Disk quota exceeded", "EDQUOT");
    s = errtext(EL2HLT);
    ok(s != NULL && strcmp(s, strerror(EL2HLT)) == 0,
       "anything else: the C library's text");
    return done_testing();
}
