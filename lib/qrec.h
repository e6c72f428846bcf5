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

/* A todo/ envelope, checked: "u" and "p" decimal numbers (optional),
 * exactly one "F" before any "T", nothing else, every record ended. */
struct qrec_env {
    unsigned long uid, pid;
    struct qrec from;    /* from.s/from.len: the sender */
    unsigned long nrecip;
};

/* NULL when b[0..n) is a good envelope (e filled in); otherwise what is
 * wrong with it, as words to follow the file name in a warning: "is
 * truncated", "has no sender", "has two senders", "has a bad number",
 * "has a recipient before the sender", "has an unknown record type". */
const char *qrec_envelope(const char *b, size_t n, struct qrec_env *e);

#endif
