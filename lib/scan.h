/* scan.h - parse numbers from length-carrying input. Each returns the
 * number of bytes consumed, 0 when there is no number or it overflows. */
#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>

size_t scan_ulong(const char *s, size_t n, unsigned long *u);
size_t scan_xlong(const char *s, size_t n, unsigned long *u);
/* The whole C string must be a decimal number. 1 ok, 0 not. */
int scan_ulong_all(const char *s, unsigned long *u);

#endif
