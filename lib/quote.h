/* quote.h - addresses in the form a header line shows them: the local
 * part in RFC 5322 quotes when it is not a dot-atom (RFC 5322 3.4.1),
 * as qmail-local writes Return-Path and qmail-send writes bounces. */
#ifndef QUOTE_H
#define QUOTE_H

#include <stddef.h>

#include "str.h"

/* 1 when local part s[0..n) must be quoted: empty, a byte outside the
 * atom characters, a dot at either end, or two dots in a row. */
int quote_need(const char *s, size_t n);
/* out = addr with the part before its last '@' quoted when needed ('\'
 * before each '"', '\', CR and LF inside the quotes); the empty address
 * stays empty. out is NUL-terminated. 1 ok, 0 out of memory. */
int quote_addr(struct str *out, const char *addr, size_t n);

#endif
