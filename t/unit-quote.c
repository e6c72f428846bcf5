/* unit-quote: when a local part needs quotes, and how it gets them. */
#include <string.h>

#include "quote.h"
#include "unit.h"

static const struct {
    const char *in, *out;
} cases[] = {
    { "", "" },
    { "joe@example.com", "joe@example.com" },
    { "joe.smith+tag@example.com", "joe.smith+tag@example.com" },
    { "a b@example.com", "\"a b\"@example.com" },
    { ".joe@x", "\".joe\"@x" },
    { "joe.@x", "\"joe.\"@x" },
    { "jo..e@x", "\"jo..e\"@x" },
    { "a\"b\\c@x", "\"a\\\"b\\\\c\"@x" },
    { "a@b@x", "\"a@b\"@x" },
    { "nodomain", "nodomain" },
    { "has space", "\"has space\"" },
    { "#@[]", "#@[]" },
    { "@x", "\"\"@x" },
    { "caf\xc3\xa9@x", "\"caf\xc3\xa9\"@x" },
    { "a\nb@x", "\"a\\\nb\"@x" },
};

int main(void)
{
    struct str out = STR_INIT;
    size_t i, n = sizeof cases / sizeof cases[0];

    plan((int)n + 4);
    for (i = 0; i < n; i++) {
        if (!quote_addr(&out, cases[i].in, strlen(cases[i].in)))
            out.len = 0;
        if (!is_mem(out.s, out.len, cases[i].out, "quote_addr case"))
            printf("# case %zu\n", i);
    }
    ok(out.s[out.len] == '\0', "the result is NUL-terminated");
    ok(!quote_need("joe", 3) && quote_need("", 0), "need: atom, empty");
    ok(quote_need("a(b", 3) && quote_need("a\x7f", 2), "need: specials, DEL");
    ok(!quote_need("!#$%&'*+-/=?^_`{|}~", 19), "need: no, for atext");
    return done_testing();
}
