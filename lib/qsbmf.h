/* qsbmf.h - bounce messages in the qmail-send Bounce Message Format
 * (QSBMF, cr.yp.to/proto/qsbmf.txt): a body that begins "Hi. This is
 * the", an introductory paragraph, one paragraph per failed recipient
 * ("<address>:" then the explanation), a break paragraph beginning with
 * '-', then the original message. A paragraph is non-blank lines ended
 * by one blank line. Every function appends to out: 1 ok, 0 no memory. */
#ifndef QSBMF_H
#define QSBMF_H

#include <stddef.h>

#include "str.h"

/* The recipient paragraph for recip failing with the explanation
 * report[0..n) (as a spawner reported it: may hold newlines). A newline
 * in the address becomes '_'; a blank line inside the report becomes
 * "/", so the paragraph stays one paragraph; the last line gets its
 * newline, then the blank line follows. */
int qsbmf_recipient(struct str *out, const char *recip, size_t rlen,
                    const char *report, size_t n);

/* Header fields and the introductory paragraph: Date (date[0..datelen),
 * RFC 5322 form), From: from_local@from_host, To: to, Subject. host is
 * named in the introduction. is_double: the failed message was itself a
 * bounce (the notice goes to the postmaster). */
int qsbmf_head(struct str *out, const char *date, size_t datelen,
               const char *from_local, size_t fllen, const char *from_host,
               size_t fhlen, const char *to, size_t tolen, int is_double);

/* The break paragraph and the Return-Path field that starts the copy
 * of the original message (whose envelope sender was sender). */
int qsbmf_break(struct str *out, const char *sender, size_t n);

/* An address for a header field: its local part (before the last '@')
 * as an RFC 5322 dot-atom when it is one, else as a quoted string. */
int qsbmf_quote(struct str *out, const char *addr, size_t n);

#endif
