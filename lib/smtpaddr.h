/* smtpaddr.h - the arguments of SMTP MAIL and RCPT (RFC 5321 4.1.1.2,
 * 4.1.1.3), parsed the way qmail-smtpd does it, a little stricter.
 *
 * Input is untrusted network text and may hold any byte; nothing here
 * reads past the given length or needs a NUL. */
#ifndef SMTPADDR_H
#define SMTPADDR_H

#include <stddef.h>

#include "str.h"

/* Longest address accepted, as qmail-smtpd (addr.len > 900 refused). */
#define SMTPADDR_MAX 900

/* Parse "FROM:<addr> params" (keyword "FROM") or "TO:<addr> params"
 * (keyword "TO"): the keyword and colon in any case, spaces allowed after
 * the colon, the address in angle brackets or, for old clients, bare up
 * to the next space. A source route "@a,@b:" is dropped; quotes and
 * backslash escapes are removed, as qmail does, so "\"a b\"@c" becomes
 * "a b@c". addr receives the address (not NUL-terminated); *params is
 * the offset in arg of the ESMTP parameters after it (at arg_len when
 * there are none).
 * 1 ok; 0 syntax error (errno EINVAL): no keyword, no address, a missing
 * '>', an unterminated quote, a source route without ':', an address
 * longer than SMTPADDR_MAX, or a NUL, CR or LF anywhere; -1 no memory. */
int smtpaddr_parse(const char *arg, size_t arg_len, const char *keyword,
                   struct str *addr, size_t *params);

/* Look for SIZE=n among space-separated ESMTP parameters (RFC 1870).
 * 1 found (*size set; a number too large for unsigned long is
 * ULONG_MAX), 0 no SIZE parameter, -1 SIZE without a decimal number or
 * given twice. */
int smtpaddr_size(const char *params, size_t n, unsigned long *size);

/* 1 when the local part of addr (before its last '@', all of it when
 * there is none) holds '@', '%' or '!': the source-routed, percent-hack
 * and bang-path forms that can make a local domain relay elsewhere. */
int smtpaddr_routed(const char *addr, size_t n);

/* When the domain of addr (after its last '@') is an address literal,
 * "[1.2.3.4]" or "[IPv6:...]" (RFC 5321 4.1.3), and nothing else: 4 or 6,
 * with ip[0..4) or ip[0..16) set and *at the offset of the '@'.
 * 0 otherwise. */
int smtpaddr_literal(const char *addr, size_t n, size_t *at,
                     unsigned char ip[16]);

/* When addr's domain is a literal naming this host (ipme: its
 * interfaces, 0.0.0.0, ::, 127/8, ::1), replace the domain by liphost,
 * as qmail-smtpd does with control/localiphost: "u@[127.0.0.1]" becomes
 * "u@LIPHOST". 1 replaced, 0 left alone, -1 error (errno ENOMEM, or the
 * interface list could not be read). */
int smtpaddr_localip(struct str *addr, const char *liphost, size_t len);

#endif
