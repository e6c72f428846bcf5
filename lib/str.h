/* str.h - growable byte strings that carry their length.
 * s is not NUL-terminated unless str_0 was called; len never counts the
 * NUL. Functions that can fail return 1 on success, 0 with errno set
 * (ENOMEM or EOVERFLOW) and the string unchanged. */
#ifndef STR_H
#define STR_H

#include <stddef.h>

struct str {
    char *s;
    size_t len;
    size_t cap;
};

#define STR_INIT { NULL, 0, 0 }

int str_reserve(struct str *x, size_t n);
int str_catb(struct str *x, const char *b, size_t n);
int str_cats(struct str *x, const char *s);
int str_cat(struct str *x, const struct str *y);
int str_catc(struct str *x, char c);
int str_catulong(struct str *x, unsigned long u);
int str_copyb(struct str *x, const char *b, size_t n);
int str_copys(struct str *x, const char *s);
/* Make sure s[len] is '\0' without counting it, so x->s is a C string. */
int str_0(struct str *x);
void str_free(struct str *x);

/* Helpers on plain memory, length-checked. */
int str_equalb(const struct str *x, const char *b, size_t n);
int str_equals(const struct str *x, const char *s);
int str_starts(const char *s, const char *prefix);
int str_diffb_nocase(const char *a, const char *b, size_t n);
/* Index of the first c in b[0..n), or n when there is none. */
size_t str_chr(const char *b, size_t n, char c);
size_t str_rchr(const char *b, size_t n, char c);
void str_lower(char *b, size_t n);

#endif
