/* rfc822.c - header tokens and address lists as qmail-inject reads them
 * (qmail-header(5), RFC 5322 3.2 and 3.4). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rfc822.h"

/* Inside rfc822_addrlist only: the next len tokens are one address. */
#define RFC822_MARK 0

int rfc822_reserve(struct rfc822_list *l, size_t n)
{
    size_t need, cap, bytes;
    struct rfc822_tok *t;

    if (__builtin_add_overflow(l->len, n, &need))
        return errno = EOVERFLOW, 0;
    if (need <= l->cap)
        return 1;
    cap = need + need / 2 + 8;
    if (cap < need)
        cap = need;
    if (__builtin_mul_overflow(cap, sizeof *t, &bytes))
        return errno = EOVERFLOW, 0;
    if ((t = realloc(l->t, bytes)) == NULL)
        return 0;
    l->t = t;
    l->cap = cap;
    return 1;
}

int rfc822_push(struct rfc822_list *l, int type, const char *s, size_t len)
{
    if (!rfc822_reserve(l, 1))
        return 0;
    l->t[l->len].type = type;
    l->t[l->len].s = s;
    l->t[l->len].len = len;
    l->t[l->len].sp = 0;
    l->len++;
    return 1;
}

void rfc822_free(struct rfc822_list *l)
{
    free(l->t);
    l->t = NULL;
    l->len = l->cap = 0;
}

/* --- tokens -------------------------------------------------------------- */

/* What ends an atom, as in qmail's token822: white space and the specials
 * that can begin another token. ')' and ']' do not (they make the atom a
 * quoted string instead). */
static int ends_atom(char c)
{
    switch (c) {
    case ' ': case '\t': case '\r': case '\n':
    case '(': case '[': case '"': case '<': case '>':
    case ';': case ':': case '@': case ',': case '.':
        return 1;
    default:
        return 0;
    }
}

/* RFC 5322 3.2.3 atext, with RFC 6532's UTF-8 bytes. */
static int is_atext(unsigned char c)
{
    if (c >= 128 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9'))
        return 1;
    return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* s[*i] opens a quoted string, comment or literal ending at `end`.
 * Append its text to dst at *used; comments nest. 1 ok, 0 no end. */
static int delimited(const char *s, size_t n, size_t *i, char end,
                     char *dst, size_t *used)
{
    char open = s[*i];
    size_t depth = 1, j;

    for (j = *i + 1; j < n; j++) {
        char c = s[j];

        if (c == '\\') {
            if (++j >= n)
                return 0;
            dst[(*used)++] = s[j];
            continue;
        }
        if (c == end && --depth == 0) {
            *i = j + 1;
            return 1;
        }
        if (c == open && open == '(')
            depth++;
        if (c != '\r' && c != '\n')
            dst[(*used)++] = c;
    }
    return 0;
}

static int special(char c)
{
    switch (c) {
    case ',': return RFC822_COMMA;
    case '@': return RFC822_AT;
    case '.': return RFC822_DOT;
    case '<': return RFC822_LEFT;
    case '>': return RFC822_RIGHT;
    case ';': return RFC822_SEMI;
    case ':': return RFC822_COLON;
    default: return 0;
    }
}

/* An atom from s[*i]: '\' takes the next byte as it is (a '\' at the
 * very end stands for itself). Not all atext: it is a quoted string. */
static int atom(const char *s, size_t n, size_t *i, char *dst, size_t *used)
{
    int is_quote = 0;

    for (;;) {
        char c = s[*i];

        if (c == '\\' && *i + 1 < n)
            c = s[++*i];
        dst[(*used)++] = c;
        if (!is_atext((unsigned char)c))
            is_quote = 1;
        if (++*i >= n || ends_atom(s[*i]))
            break;
    }
    return is_quote ? RFC822_QUOTE : RFC822_ATOM;
}

int rfc822_parse(struct rfc822_list *l, struct str *text, const char *s,
                 size_t n)
{
    size_t i = 0, start;
    int type, sp = 0;

    l->len = 0;
    text->len = 0;
    /* Every byte of token text comes from at least one input byte, so
     * this is all the room text ever needs: tokens can point into it. */
    if (n == (size_t)-1 || !str_reserve(text, n + 1))
        return -1;
    while (i < n) {
        char c = s[i];

        start = text->len;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            i++;
            sp = 1;
            continue;
        }
        if (c == ')' || c == ']')
            return 0;
        if ((type = special(c)) != 0) {
            i++;
            if (!rfc822_push(l, type, NULL, 0))
                return -1;
            l->t[l->len - 1].sp = sp;
            sp = 0;
            continue;
        }
        if (c == '"' || c == '(' || c == '[') {
            type = c == '"' ? RFC822_QUOTE
                 : c == '(' ? RFC822_COMMENT : RFC822_LITERAL;
            if (!delimited(s, n, &i, c == '"' ? '"' : c == '(' ? ')' : ']',
                           text->s, &text->len))
                return 0;
        } else {
            type = atom(s, n, &i, text->s, &text->len);
        }
        if (!rfc822_push(l, type, text->s + start, text->len - start))
            return -1;
        l->t[l->len - 1].sp = sp;
        sp = 0;
    }
    return 1;
}

/* --- address lists --------------------------------------------------------- */

/* Copy t, with its sp when keep_sp. */
static int append(struct rfc822_list *to, const struct rfc822_tok *t,
                  int keep_sp)
{
    if (!rfc822_push(to, t->type, t->s, t->len))
        return 0;
    to->t[to->len - 1].sp = keep_sp && t->sp;
    return 1;
}

/* Move the address collected so far (right to left) to rev, behind a
 * mark that counts its tokens; then a comma when asked. */
static int flush(struct rfc822_list *rev, struct rfc822_list *addr,
                 int always, int comma)
{
    size_t k;

    if (addr->len == 0 && !always)
        return 1;
    for (k = 0; k < addr->len; k++)
        if (!append(rev, &addr->t[k], 0))
            return 0;
    if (!rfc822_push(rev, RFC822_MARK, NULL, addr->len))
        return 0;
    addr->len = 0;
    return !comma || rfc822_push(rev, RFC822_COMMA, NULL, 0);
}

static int is_phrase(int type)
{
    return type == RFC822_COMMENT || type == RFC822_ATOM ||
           type == RFC822_QUOTE || type == RFC822_AT || type == RFC822_DOT;
}

/* Right to left, as qmail's token822_addrlist: the list's grammar is
 * easier read backwards, since "phrase <addr>" is known from its '>'.
 * rev gets the tokens in reverse with each address behind a mark. */
static int walk(struct rfc822_list *rev, struct rfc822_list *addr,
                const struct rfc822_list *in)
{
    size_t i = in->len;
    int in_group = 0, word_ok = 1;
    const struct rfc822_tok *t;

#define PUSH(to) do { if (!append((to), &in->t[--i], 0)) return -1; } while (0)
#define KEEP(to) do { if (!append((to), &in->t[--i], 1)) return -1; } while (0)
#define FLUSH(comma) do { if (!flush(rev, addr, 0, (comma))) return -1; } \
    while (0)
    while (i > 0) {
        t = &in->t[i - 1];
        switch (t->type) {
        case RFC822_SEMI: /* the end of a group */
            FLUSH(1);
            if (in_group)
                return 0;
            in_group = word_ok = 1;
            PUSH(rev);
            break;
        case RFC822_COLON: /* its start: the name goes out unchanged */
            FLUSH(0);
            if (!in_group)
                return 0;
            in_group = 0;
            PUSH(rev);
            while (i > 0 && in->t[i - 1].type != RFC822_COMMA)
                KEEP(rev);
            if (i > 0)
                PUSH(rev);
            word_ok = 1;
            break;
        case RFC822_RIGHT: /* <addr>, even <>, then its phrase */
            FLUSH(1);
            PUSH(rev);
            while (i > 0 && in->t[i - 1].type != RFC822_LEFT)
                PUSH(addr);
            if (i == 0)
                return 0;
            if (!flush(rev, addr, 1, 0))
                return -1;
            PUSH(rev);
            while (i > 0 && is_phrase(in->t[i - 1].type))
                KEEP(rev);
            word_ok = 0;
            break;
        case RFC822_ATOM:
        case RFC822_QUOTE:
        case RFC822_LITERAL: /* two words in a row: two addresses */
            if (!word_ok)
                FLUSH(1);
            word_ok = 0;
            PUSH(addr);
            break;
        case RFC822_COMMENT: /* lexically white space */
            PUSH(rev);
            break;
        case RFC822_COMMA:
            FLUSH(0);
            word_ok = 1;
            PUSH(rev);
            break;
        default: /* '@', '.', a '<' without '>' */
            word_ok = 1;
            PUSH(addr);
            break;
        }
    }
    FLUSH(0);
    return 1;
#undef PUSH
#undef KEEP
#undef FLUSH
}

static void reverse(struct rfc822_list *l)
{
    size_t a, b;

    if (l->len < 2)
        return;
    for (a = 0, b = l->len - 1; a < b; a++, b--) {
        struct rfc822_tok x = l->t[a];
        l->t[a] = l->t[b];
        l->t[b] = x;
    }
}

int rfc822_addrlist(struct rfc822_list *out, const struct rfc822_list *in,
                    int (*rw)(struct rfc822_list *addr, void *arg),
                    void *arg)
{
    struct rfc822_list rev = RFC822_LIST_INIT, addr = RFC822_LIST_INIT;
    size_t k, j, n;
    int r;

    out->len = 0;
    r = walk(&rev, &addr, in);
    reverse(&rev);
    for (k = 0; r == 1 && k < rev.len; k++) {
        if (rev.t[k].type != RFC822_MARK) {
            if (!append(out, &rev.t[k], 1))
                r = -1;
            continue;
        }
        n = rev.t[k].len;
        addr.len = 0;
        for (j = 0; j < n && r == 1; j++)
            if (!append(&addr, &rev.t[k + 1 + j], 0))
                r = -1;
        k += n;
        if (r == 1 && rw != NULL)
            r = rw(&addr, arg);
        for (j = 0; j < addr.len && r == 1; j++)
            if (!append(out, &addr.t[j], 0))
                r = -1;
    }
    rfc822_free(&rev);
    rfc822_free(&addr);
    return r;
}

/* --- writing back ---------------------------------------------------------- */

static int is_word(int type)
{
    return type == RFC822_ATOM || type == RFC822_QUOTE ||
           type == RFC822_LITERAL || type == RFC822_COMMENT;
}

/* The space qmail's token822_unparse puts between two tokens, the one a
 * phrase had, and one before every comment ("<a@b> (home)"). */
static int needspace(int prev, const struct rfc822_tok *next)
{
    if (prev == 0)
        return 0;
    if (prev == RFC822_COLON || prev == RFC822_COMMA ||
        next->type == RFC822_LEFT || next->type == RFC822_COMMENT || next->sp)
        return 1;
    return is_word(prev) && is_word(next->type);
}

/* Bytes that need a '\' inside the token's delimiters. */
static const char *escaped(int type)
{
    switch (type) {
    case RFC822_QUOTE: return "\"\\";
    case RFC822_COMMENT: return "()\\";
    case RFC822_LITERAL: return "[]\\";
    default: return "";
    }
}

static const char *delims(int type)
{
    switch (type) {
    case RFC822_QUOTE: return "\"\"";
    case RFC822_COMMENT: return "()";
    case RFC822_LITERAL: return "[]";
    case RFC822_COMMA: return ",";
    case RFC822_AT: return "@";
    case RFC822_DOT: return ".";
    case RFC822_LEFT: return "<";
    case RFC822_RIGHT: return ">";
    case RFC822_SEMI: return ";";
    case RFC822_COLON: return ":";
    default: return "";
    }
}

static size_t toklen(const struct rfc822_tok *t)
{
    const char *esc = escaped(t->type);
    size_t n = t->len + strlen(delims(t->type)), k;

    for (k = 0; k < t->len; k++)
        if (t->s[k] != '\0' && strchr(esc, t->s[k]) != NULL)
            n++;
    return n;
}

static int put_tok(struct str *out, const struct rfc822_tok *t)
{
    const char *d = delims(t->type), *esc = escaped(t->type);
    size_t k;

    if (t->type != RFC822_ATOM && !str_catc(out, d[0]))
        return 0;
    for (k = 0; k < t->len; k++) {
        char c = t->s[k];

        if (c == '\r' || c == '\n')
            c = ' ';
        if (c != '\0' && strchr(esc, c) != NULL && !str_catc(out, '\\'))
            return 0;
        if (!str_catc(out, c))
            return 0;
    }
    return d[0] == '\0' || d[1] == '\0' || str_catc(out, d[1]);
}

/* Length of the text from token i through the next comma. */
static size_t chunk(const struct rfc822_list *l, size_t i)
{
    size_t n = 0;
    int prev = 0;

    for (; i < l->len; i++) {
        if (needspace(prev, &l->t[i]))
            n++;
        n += toklen(&l->t[i]);
        prev = l->t[i].type;
        if (prev == RFC822_COMMA)
            break;
    }
    return n;
}

int rfc822_unparse(struct str *out, const struct rfc822_list *l, size_t col,
                   size_t width)
{
    size_t i;
    int prev = 0;

    for (i = 0; i < l->len; i++) {
        const struct rfc822_tok *t = &l->t[i];

        if (needspace(prev, t)) {
            if (prev == RFC822_COMMA && col + 1 + chunk(l, i) > width) {
                if (!str_cats(out, "\n "))
                    return 0;
                col = 1;
            }
            if (!str_catc(out, ' '))
                return 0;
            col++;
        }
        if (!put_tok(out, t))
            return 0;
        col += toklen(t);
        prev = t->type;
    }
    return 1;
}

int rfc822_unquote(struct str *out, const struct rfc822_list *l)
{
    size_t i;

    for (i = 0; i < l->len; i++) {
        const struct rfc822_tok *t = &l->t[i];

        switch (t->type) {
        case RFC822_COMMENT:
            break;
        case RFC822_ATOM:
        case RFC822_QUOTE:
            if (!str_catb(out, t->s, t->len))
                return 0;
            break;
        case RFC822_LITERAL:
            if (!str_catc(out, '[') || !str_catb(out, t->s, t->len) ||
                !str_catc(out, ']'))
                return 0;
            break;
        default:
            if (!str_cats(out, delims(t->type)))
                return 0;
            break;
        }
    }
    return 1;
}
