/* qrec.h - the records of qmail's queue files: todo/ (and intd/) hold
 * "u" uid, "p" pid, "F" sender, then "T" recipients; info/ holds "F"
 * sender; local/ and remote/ hold "T" recipients, turned into "D" when
 * done. Each record is a type byte, text, and a NUL. */
#ifndef QREC_H
#define QREC_H

#include <stddef.h>

struct qrec {
    char type;     /* the first byte */
    const char *s; /* the text after it, not counting the NUL */
    size_t len;
    size_t off;    /* where the record (its type byte) starts */
};

/* Take the record at b[*pos..n) into r and move *pos past its NUL.
 * 1 a record; 0 the end (*pos == n); -1 the rest has no NUL: the file
 * was truncated (r holds what there is). A lone NUL is a record of type
 * '\0' with no text. */
int qrec_next(const char *b, size_t n, size_t *pos, struct qrec *r);

#endif
