/* retry.h - qmail-send's retry schedule. A message born at time b is
 * tried at b + (k*skip)^2 for k = 0, 1, 2, ...: with qmail's skips (10
 * for local deliveries, 20 for remote) local retries come at 0, 100,
 * 400, 900 ... seconds and remote ones at 0, 400, 1600, 3600 ... */
#ifndef RETRY_H
#define RETRY_H

#include <time.h>

#define RETRY_SKIP_LOCAL 10
#define RETRY_SKIP_REMOTE 20

/* Floor of the square root of x. */
unsigned long retry_isqrt(unsigned long x);
/* The next attempt after one at time now: n = isqrt(now - birth) +
 * skip, then birth + n*n (n = skip when birth is in the future, as after
 * a clock step backwards). Saturates instead of overflowing. */
time_t retry_next(time_t birth, time_t now, unsigned long skip);

#endif
