/* dotenv.c - the variables a .qmail program cannot do without. */
#include <stddef.h>

#include "die.h"
#include "dotenv.h"
#include "env.h"
#include "exitcode.h"

const char *dotenv_need(const char *name)
{
    const char *v = env_get(name);

    if (v == NULL)
        die(EXIT_PERM, name, " is not set; run me from a .qmail file", NULL);
    return v;
}
