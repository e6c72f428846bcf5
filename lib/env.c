/* env.c - the process environment over getenv/setenv/unsetenv.
 * A name holding '=' cannot be stored as NAME=VALUE unambiguously, so it
 * is refused with EINVAL everywhere, even where libc would guess. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"

static int env_name_ok(const char *name)
{
    return name != NULL && *name != '\0' && strchr(name, '=') == NULL;
}

const char *env_get(const char *name)
{
    if (!env_name_ok(name))
        return NULL;
    return getenv(name);
}

int env_set(const char *name, const char *value)
{
    if (!env_name_ok(name) || value == NULL)
        return errno = EINVAL, 0;
    return setenv(name, value, 1) == 0;
}

int env_unset(const char *name)
{
    if (!env_name_ok(name))
        return errno = EINVAL, 0;
    return unsetenv(name) == 0;
}
