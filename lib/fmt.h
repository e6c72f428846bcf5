/* fmt.h - format numbers into caller buffers. Each returns the number of
 * bytes written; with s == NULL it only counts. Nothing is NUL-terminated. */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>

#define FMT_ULONG 40 /* enough for any unsigned long, with room to spare */

size_t fmt_ulong(char *s, unsigned long u);
/* Decimal, left-padded with zeros to at least width digits. */
size_t fmt_ulong0(char *s, unsigned long u, size_t width);
size_t fmt_xlong(char *s, unsigned long u); /* lower-case hex */
size_t fmt_str(char *s, const char *t);

#endif
