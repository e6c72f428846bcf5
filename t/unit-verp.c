/* unit-verp: qmail's "-@[]" variable envelope return paths. */
#include <string.h>

#include "verp.h"
#include "unit.h"

static void sender(const char *s, const char *recip, const char *want)
{
    struct str out = STR_INIT;
    char name[200];

    snprintf(name, sizeof name, "%s to %s", s, recip);
    ok(verp_sender(&out, s, strlen(s), recip, strlen(recip)) &&
           out.len == strlen(want) && memcmp(out.s, want, out.len) == 0,
       name);
    if (out.len != strlen(want) || memcmp(out.s, want, out.len) != 0)
        printf("# got '%.*s' want '%s'\n", (int)out.len, out.s, want);
    str_free(&out);
}

int main(void)
{
    plan(8);
    sender("owner-@list.example-@[]", "joe@example.org",
           "owner-joe=example.org@list.example");
    sender("joe@example.org", "ann@example.net", "joe@example.org");
    sender("", "ann@example.net", "");
    sender("owner-@list.example-@[]", "nodomain", "owner-@list.example-@[]");
    sender("-@[]", "a@b", "-@[]");
    is_num((long)verp_bounceto("owner-@list.example-@[]", 23), 19,
           "bounce goes to owner-@list.example");
    is_num((long)verp_bounceto("joe@x", 5), 5, "plain sender unchanged");
    is_num((long)verp_bounceto("#@[]", 4), 4, "#@[] is not VERP");
    return done_testing();
}
