/* report.h - the delivery reports qmail-send reads from qmail-lspawn and
 * qmail-rspawn (notes/interfaces.md): a slot number in two bytes, low
 * byte first; 'K', 'Z' or 'D'; a text (any bytes but NUL); a NUL. The
 * reader takes them from a byte stream in pieces of any size. */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>

#include "str.h"

struct report {
    unsigned slot;
    char status;
    struct str text; /* at most max bytes of it; the rest is dropped */
    size_t hdrlen;   /* header bytes read so far, 0..3 */
};

#define REPORT_INIT { 0, 0, STR_INIT, 0 }

/* Take bytes from b[0..n) into r, keeping at most max bytes of text;
 * *used says how many were taken. 1: r holds a whole report (act on
 * it, then report_reset); 0: every byte was taken and more are needed;
 * -1: no memory (errno ENOMEM; *used bytes were taken, r is intact, call
 * again with the rest). */
int report_parse(struct report *r, const char *b, size_t n, size_t *used,
                 size_t max);
void report_reset(struct report *r);

#endif
