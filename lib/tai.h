/* tai.h - TAI64N timestamps, as multilog writes them ("@4000..."). */
#ifndef TAI_H
#define TAI_H

#include <stddef.h>
#include <stdint.h>

struct tai {
    uint64_t sec; /* TAI64 label: 2^62 + seconds since 1970 + leap offset */
    uint32_t nano;
};

#define TAI_FMT 25 /* '@' and 24 hex digits */

void tai_now(struct tai *t);
size_t tai_fmt(char *s, const struct tai *t);
/* Parse "@" and 24 hex digits; returns 25, or 0 when malformed. */
size_t tai_scan(const char *s, size_t n, struct tai *t);

#endif
