/* rfc822.h - the header syntax qmail-inject rewrites: the lexical tokens
 * of RFC 5322 3.2 (atoms, quoted strings, domain literals, comments and
 * the specials . , @ < > : ;), address lists of 3.4 (addresses, angle
 * addresses with a phrase, groups), and writing tokens back as folded
 * header text. It accepts what qmail-header(5) describes, including its
 * repairs: "djb fred" is two addresses, source routes are the rewriter's
 * business, comments anywhere.
 *
 *     rfc822_parse(&tokens, &text, contents, len);   tokenize
 *     rfc822_addrlist(&out, &tokens, rewrite, arg);  each address
 *     rfc822_unparse(&line, &out, col, 78);          back to text
 *
 * Fuzz target: t/fuzz/rfc822.c puts any bytes through parse, addrlist
 * and unparse, and checks that parsing the unparsed text again gives
 * the same tokens (t/unit-rfc822.c checks it on pseudo-random input). */
#ifndef RFC822_H
#define RFC822_H

#include <stddef.h>

#include "str.h"

#define RFC822_ATOM 1
#define RFC822_QUOTE 2   /* quoted string; s is the text without quotes */
#define RFC822_LITERAL 3 /* domain literal; s is the text inside [] */
#define RFC822_COMMENT 4 /* comment; s is the text inside the outer () */
#define RFC822_COMMA 5
#define RFC822_AT 6
#define RFC822_DOT 7
#define RFC822_LEFT 8  /* < */
#define RFC822_RIGHT 9 /* > */
#define RFC822_SEMI 10
#define RFC822_COLON 11

struct rfc822_tok {
    int type;
    const char *s; /* text of ATOM, QUOTE, LITERAL, COMMENT; escapes */
    size_t len;    /* removed. NULL and 0 for the specials. */
    int sp;        /* white space stood before it: kept in phrases, so */
};                 /* "Mr. Smith" does not become "Mr.Smith" */

struct rfc822_list {
    struct rfc822_tok *t;
    size_t len;
    size_t cap;
};

#define RFC822_LIST_INIT { NULL, 0, 0 }

/* 1 ok, 0 no memory (errno set). */
int rfc822_reserve(struct rfc822_list *l, size_t n);
/* Append a token (sp 0). */
int rfc822_push(struct rfc822_list *l, int type, const char *s, size_t len);
void rfc822_free(struct rfc822_list *l);

/* Tokenize s[0..n) into l (emptied first). The texts of the tokens are
 * copied into text, unescaped, and the tokens point there: text must not
 * change while l is in use. CR and LF inside quoted strings, comments
 * and literals are dropped (RFC 5322 3.2.2 unfolding); elsewhere they are
 * white space. An atom holding bytes that are not atext (after a '\'
 * escape, or control bytes) becomes a quoted string; bytes of 128 and up
 * are atext (RFC 6532 3.2). 1 ok, 0 syntax error (a quoted string,
 * comment or literal without its end, a stray ')' or ']'), -1 no memory. */
int rfc822_parse(struct rfc822_list *l, struct str *text, const char *s,
                 size_t n);

/* Read the tokens of an address list, right to left as qmail-inject
 * does, and copy them to out (emptied first) with every address passed
 * through rw first, in order from left to right. An address is what
 * stands between <>, even when empty, or a run of words, dots, '@' and
 * literals; words one after another without a separator become two
 * addresses with a comma put between them. Comments stay in the list,
 * after the address they were in; the phrase before <...> and the name
 * of a group are copied unchanged, with their spacing (sp); sp of all
 * other tokens is cleared, so addresses come out as "a@b". rw gets the address tokens in order
 * and may change them; it returns 1, or 0 or -1 to stop the walk with
 * that result. 1 ok, 0 syntax error (a '>' without '<', a ':' or ';'
 * out of place), -1 no memory. */
int rfc822_addrlist(struct rfc822_list *out, const struct rfc822_list *in,
                    int (*rw)(struct rfc822_list *addr, void *arg),
                    void *arg);

/* Append the tokens to out as header text starting at column col: a
 * space between two words, after ',' and ':', before '<' and where sp
 * says; after a comma a line break and two spaces instead, whenever the
 * next address would take the line past width (RFC 5322 2.1.1's 78),
 * as qmail folds address lists. Quoted strings,
 * comments and literals get their delimiters and '\' escapes back; CR
 * and LF in token text become spaces, so the result is one header
 * field whatever the tokens hold. No final newline. 1 ok, 0 no memory. */
int rfc822_unparse(struct str *out, const struct rfc822_list *l, size_t col,
                   size_t width);

/* Append the tokens as an envelope address: texts without quotes or
 * escapes, literals in [], specials as themselves, comments left out.
 * 1 ok, 0 no memory. */
int rfc822_unquote(struct str *out, const struct rfc822_list *l);

#endif
