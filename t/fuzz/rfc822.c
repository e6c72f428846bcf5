/* fuzz target: header address lists (lib/rfc822), as qmail-inject
 * reads and rewrites them. Any bytes go through parse, addrlist (with a
 * callback that unquotes each address and leaves it as it is) and
 * unparse; the text unparsed from the tokens parses to the same tokens
 * (but for a CR or LF a '\' let into a token's text: unparse writes a
 * space for it, so that the header stays one field), and the text
 * unparsed from an address list parses again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rfc822.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct str seen;

static int unquote(struct rfc822_list *addr, void *arg)
{
    (void)arg;
    seen.len = 0;
    return rfc822_unquote(&seen, addr) ? 1 : -1;
}

/* Token text a, as unparse writes it, and b are the same. */
static int same_text(const char *a, const char *b, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (a[i] != b[i] && !((a[i] == '\r' || a[i] == '\n') && b[i] == ' '))
            return 0;
    return 1;
}

static int same_tokens(const struct rfc822_list *a,
                       const struct rfc822_list *b)
{
    size_t k;

    if (a->len != b->len)
        return 0;
    for (k = 0; k < a->len; k++)
        if (a->t[k].type != b->t[k].type || a->t[k].len != b->t[k].len ||
            !same_text(a->t[k].s, b->t[k].s, a->t[k].len))
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rfc822_list t1 = RFC822_LIST_INIT, t2 = RFC822_LIST_INIT;
    struct rfc822_list out = RFC822_LIST_INIT;
    struct str x1 = STR_INIT, x2 = STR_INIT, text = STR_INIT;
    size_t width = size > 0 ? 20 + data[0] % 60 : 78;
    int r = rfc822_parse(&t1, &x1, (const char *)data, size);

    if (r == 1) {
        if (!rfc822_unparse(&text, &t1, 0, width))
            abort();
        if (rfc822_parse(&t2, &x2, text.s, text.len) != 1 ||
            !same_tokens(&t1, &t2))
            abort();
        if (rfc822_addrlist(&out, &t1, unquote, NULL) == 1) {
            text.len = 0;
            if (!rfc822_unparse(&text, &out, 4, width))
                abort();
            if (text.len > 0 && memchr(text.s, '\r', text.len))
                abort(); /* one header field: only folding newlines */
            if (rfc822_parse(&t2, &x2, text.s, text.len) != 1)
                abort();
        }
    }
    rfc822_free(&t1);
    rfc822_free(&t2);
    rfc822_free(&out);
    str_free(&x1);
    str_free(&x2);
    str_free(&text);
    str_free(&seen);
    return 0;
}
