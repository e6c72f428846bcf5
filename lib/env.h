/* env.h - the process environment. Values from the environment are
 * untrusted input (TCPREMOTEHOST, HELO, ...): check them before use. */
#ifndef ENV_H
#define ENV_H

/* NULL when unset. */
const char *env_get(const char *name);
/* 1 ok, 0 with errno set. */
int env_set(const char *name, const char *value);
int env_unset(const char *name);

#endif
