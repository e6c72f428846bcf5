/* addrrw.c - qmail-inject's rewriting of one address. */
#include <string.h>

#include "addrrw.h"

static int parse_name(struct rfc822_list *l, struct str *text, char lead,
                      const char *name)
{
    struct str s = STR_INIT;
    int r = -1;

    if (str_catc(&s, lead) && str_cats(&s, name))
        r = rfc822_parse(l, text, s.s, s.len);
    str_free(&s);
    return r;
}

int addrrw_init(struct addrrw *rw, const char *defaulthost,
                const char *defaultdomain, const char *plusdomain,
                const char **bad)
{
    int r;

    if ((r = parse_name(&rw->host, &rw->hostbuf, '@', defaulthost)) != 1)
        return *bad = "defaulthost", r;
    if ((r = parse_name(&rw->domain, &rw->domainbuf, '.', defaultdomain)) !=
        1)
        return *bad = "defaultdomain", r;
    if ((r = parse_name(&rw->plus, &rw->plusbuf, '.', plusdomain)) != 1)
        return *bad = "plusdomain", r;
    return 1;
}

static void drop_front(struct rfc822_list *a, size_t n)
{
    memmove(a->t, a->t + n, (a->len - n) * sizeof *a->t);
    a->len -= n;
}

static int add(struct rfc822_list *a, const struct rfc822_list *what)
{
    size_t i;

    if (!rfc822_reserve(a, what->len))
        return -1;
    for (i = 0; i < what->len; i++)
        a->t[a->len++] = what->t[i];
    return 1;
}

static int last_is(const struct rfc822_list *a, int type)
{
    return a->len > 0 && a->t[a->len - 1].type == type;
}

/* The host part, from the end back to the last '@', has a '.' or is a
 * literal: it is qualified already. */
static int is_qualified(const struct rfc822_list *a)
{
    size_t i;

    for (i = a->len; i > 0 && a->t[i - 1].type != RFC822_AT; i--)
        if (a->t[i - 1].type == RFC822_DOT ||
            a->t[i - 1].type == RFC822_LITERAL)
            return 1;
    return 0;
}

int addrrw_addr(const struct addrrw *rw, struct rfc822_list *a)
{
    struct rfc822_tok *t;
    size_t i;

    if (a->len == 0) /* <> */
        return 1;
    if (a->len >= 2 && a->t[a->len - 2].type == RFC822_AT &&
        last_is(a, RFC822_LITERAL) && a->t[a->len - 1].len == 0)
        return 1; /* <foo@[]>, qmail's VERP placeholder */
    if (a->t[0].type == RFC822_AT) { /* RFC 5322 4.4 obs-route */
        for (i = 0; i < a->len && a->t[i].type != RFC822_COLON; i++)
            ;
        drop_front(a, i < a->len ? i + 1 : a->len);
    }
    if (last_is(a, RFC822_DOT))
        a->len--;
    if (last_is(a, RFC822_AT))
        a->len--;
    if (a->len == 0)
        return 1;
    for (i = 0; i < a->len && a->t[i].type != RFC822_AT; i++)
        ;
    if (i == a->len && add(a, &rw->host) == -1)
        return -1;
    t = &a->t[a->len - 1];
    if (t->type == RFC822_ATOM && t->len > 0 && t->s[t->len - 1] == '+') {
        t->len--;
        if (add(a, &rw->plus) == -1)
            return -1;
    }
    if (!is_qualified(a) && add(a, &rw->domain) == -1)
        return -1;
    return 1;
}
