/* retry.c - the quadratic retry schedule of qmail-send(8).
 *
 * Taking the square root of the age, rather than counting attempts,
 * means the schedule needs no state beyond the message's birth: a
 * restart, or an attempt made early by SIGALRM, falls back into step. */
#include <limits.h>
#include <stdint.h>

#include "retry.h"

unsigned long retry_isqrt(unsigned long x)
{
    unsigned long lo = 0, hi, mid;

    /* the root of an unsigned long fits in half its bits */
    hi = x < 0xffffffffUL ? x : 0xffffffffUL;
    while (lo < hi) {
        mid = lo + (hi - lo + 1) / 2;
        if (mid <= x / mid)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

time_t retry_next(time_t birth, time_t now, unsigned long skip)
{
    unsigned long n = 0, sq;
    time_t t;

    if (now > birth)
        n = retry_isqrt((unsigned long)now - (unsigned long)birth);
    if (__builtin_add_overflow(n, skip, &n) ||
        __builtin_mul_overflow(n, n, &sq) || sq > (unsigned long)LONG_MAX ||
        __builtin_add_overflow(birth, (time_t)sq, &t))
        return (time_t)LONG_MAX;
    return t;
}
