/* date822.h - RFC 5322 section 3.3 dates: "Mon, 23 Nov 2026 13:09:56 +0000". */
#ifndef DATE822_H
#define DATE822_H

#include <stddef.h>
#include <time.h>

#define DATE822_FMT 64

/* Format t in UTC; returns the length. Nothing is NUL-terminated. */
size_t date822_fmt(char *s, time_t t);

#endif
