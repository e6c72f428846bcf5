/* unit-env: get, set, unset, and names that cannot be stored. */
#include <errno.h>
#include <stdlib.h>

#include "env.h"
#include "unit.h"

static const struct {
    const char *name;
    const char *why;
} bad_names[] = {
    { "A=B", "name with '='" },
    { "=A", "name starting with '='" },
    { "A=", "name ending with '='" },
    { "", "empty name" },
};

int main(void)
{
    const char *v;
    size_t i;

    plan(18);
    ok(env_set("QUAIL_T", "one"), "set");
    v = env_get("QUAIL_T");
    ok(v != NULL, "get after set");
    is_mem(v ? v : "", v ? strlen(v) : 0, "one", "value");
    ok(env_set("QUAIL_T", "two=2"), "overwrite, value may hold '='");
    v = getenv("QUAIL_T");
    is_mem(v ? v : "", v ? strlen(v) : 0, "two=2", "overwritten in environ");
    ok(env_set("QUAIL_T", "") && env_get("QUAIL_T") != NULL &&
           *env_get("QUAIL_T") == '\0',
       "empty value is set, not unset");
    ok(env_unset("QUAIL_T"), "unset");
    ok(env_get("QUAIL_T") == NULL, "gone after unset");
    ok(env_unset("QUAIL_T"), "unset of an unset name succeeds");
    for (i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        errno = 0;
        ok(!env_set(bad_names[i].name, "x") && errno == EINVAL,
           bad_names[i].why);
        errno = 0;
        ok(!env_unset(bad_names[i].name) && errno == EINVAL,
           "unset refuses it too");
    }
    ok(env_set("QUAIL_A", "x") && env_get("QUAIL_A=x") == NULL,
       "get of NAME=VALUE does not find NAME");
    return done_testing();
}
