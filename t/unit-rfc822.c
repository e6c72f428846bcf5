/* unit-rfc822: header tokens, address lists and folding, as qmail-inject
 * reads and writes them (qmail-header(5)); then a round-trip property
 * on pseudo-random bytes, the seed of a later fuzz target. */
#include <string.h>

#include "rfc822.h"
#include "str.h"
#include "unit.h"

static struct str seen; /* the addresses rw saw, unquoted, '|' between */
static int add_host;    /* rw appends "@h" to an address without '@' */
static const char host[] = "h";

static int rw(struct rfc822_list *addr, void *arg)
{
    size_t i;
    int has_at = 0;

    (void)arg;
    if (seen.len > 0)
        str_catc(&seen, '|');
    rfc822_unquote(&seen, addr);
    for (i = 0; i < addr->len; i++)
        if (addr->t[i].type == RFC822_AT)
            has_at = 1;
    if (add_host && !has_at && addr->len > 0)
        if (!rfc822_push(addr, RFC822_AT, NULL, 0) ||
            !rfc822_push(addr, RFC822_ATOM, host, 1))
            return -1;
    return 1;
}

/* contents -> field text, or NULL for a syntax error; addresses seen */
static const struct {
    const char *in, *out, *addrs;
} cases[] = {
    { "a@b", "a@b", "a@b" },
    { "  a@b  ", "a@b", "a@b" },
    { "a@b, c@d (Somebody), A Person <e@f>,\n random group: g@h, i@j;, k@l",
      "a@b, c@d (Somebody), A Person <e@f>, random group: g@h, i@j;, k@l",
      "a@b|c@d|e@f|g@h|i@j|k@l" },
    { "djb fred", "djb, fred", "djb|fred" },
    { "a@b c@d", "a@b, c@d", "a@b|c@d" },
    { "\"Joe Q. Public\" <john.q.public@example.com>",
      "\"Joe Q. Public\" <john.q.public@example.com>",
      "john.q.public@example.com" },
    { "Mr. John Q. Smith <s@x>", "Mr. John Q. Smith <s@x>", "s@x" },
    { "<>", "<>", "" },
    { "recipient list not shown: ;", "recipient list not shown: ;", "" },
    { "undisclosed-recipients:;", "undisclosed-recipients: ;", "" },
    { "a@b (comment)", "a@b (comment)", "a@b" },
    { "<a@b>(home), c", "<a@b> (home), c", "a@b|c" },
    { "(c) a@b", "a@b (c)", "a@b" },
    { "a (x) @ b . c", "a@b.c (x)", "a@b.c" },
    { "a@b (x (y) z)", "a@b (x \\(y\\) z)", "a@b" },
    { "<@r1,@r2:u@h>", "<@r1, @r2: u@h>", "@r1,@r2:u@h" },
    { "u@[1.2.3.4]", "u@[1.2.3.4]", "u@[1.2.3.4]" },
    { "\"a\\\"b\" <x@y>", "\"a\\\"b\" <x@y>", "x@y" },
    { "\"a b\"@c", "\"a b\"@c", "a b@c" },
    { "a\\@b@c", "\"a@b\"@c", "a@b@c" },
    { "a)b@c", "\"a)b\"@c", "a)b@c" },
    { "J\xc3\xb6rg <j@x>", "J\xc3\xb6rg <j@x>", "j@x" },
    { "\"a\r\n b\" <c@d>", "\"a b\" <c@d>", "c@d" },
    { "\"a\\\nb\" <c@d>", "\"a b\" <c@d>", "c@d" },
    { "g: a@b, c@d; , e@f", "g: a@b, c@d;, e@f", "a@b|c@d|e@f" },
    { "g: a; b", "g: a;, b", "a|b" },
    { "<a@b> c@d", "<a@b>, c@d", "a@b|c@d" },
    { "a@b.", "a@b.", "a@b." },
    { "", "", "" },
    { "\"abc", NULL, "" },
    { "(abc", NULL, "" },
    { "[abc", NULL, "" },
    { "\"abc\\", NULL, "" },
    { ")a", NULL, "" },
    { "a]", "\"a]\"", "a]" },
    { "]a", NULL, "" },
    { "a>b", NULL, "" },
    { "a@b>", NULL, "" },
    { "g: a@b", NULL, "" },
    { "a; b; c", NULL, "" },
};

/* With rw adding a host to words without one, as qmail-inject does. */
static const struct {
    const char *in, *out;
} rewrites[] = {
    { "x, y@z", "x@h, y@z" },
    { "Name <x>", "Name <x@h>" },
    { "x (c) y", "x@h, y@h (c)" },
    { "g: x;", "g: x@h;" },
    { "<>", "<>" },
};

static void one_case(size_t i)
{
    static struct rfc822_list tok, out;
    static struct str text, got;
    char name[200];
    size_t k;
    int r;

    seen.len = got.len = 0;
    r = rfc822_parse(&tok, &text, cases[i].in, strlen(cases[i].in));
    if (r == 1)
        r = rfc822_addrlist(&out, &tok, rw, NULL);
    if (r == 1)
        rfc822_unparse(&got, &out, 4, 78);
    /* the input as the test name, on one line */
    for (k = 0; k + 1 < sizeof name && cases[i].in[k] != '\0'; k++)
        name[k] = (unsigned char)cases[i].in[k] < ' ' ? '?' : cases[i].in[k];
    name[k] = '\0';
    if (cases[i].out == NULL) {
        is_num(r, 0, name);
        return;
    }
    is_mem(r == 1 ? got.s : "(error)", r == 1 ? got.len : 7, cases[i].out,
           name);
    is_mem(seen.s, seen.len, cases[i].addrs, "  addresses in order");
}

static void one_rewrite(size_t i)
{
    static struct rfc822_list tok, out;
    static struct str text, got;
    int r;

    seen.len = got.len = 0;
    add_host = 1;
    r = rfc822_parse(&tok, &text, rewrites[i].in, strlen(rewrites[i].in));
    if (r == 1)
        r = rfc822_addrlist(&out, &tok, rw, NULL);
    if (r == 1)
        rfc822_unparse(&got, &out, 4, 78);
    add_host = 0;
    is_mem(got.s, got.len, rewrites[i].out, rewrites[i].in);
}

static void folding(void)
{
    static struct rfc822_list tok, out;
    static struct str text, in, got;
    size_t i, start, longest = 0, lines = 1;
    int ok_cont = 1;

    for (i = 0; i < 20; i++) {
        str_cats(&in, i ? ", user" : "user");
        str_catulong(&in, i);
        str_cats(&in, "@example.com");
    }
    rfc822_parse(&tok, &text, in.s, in.len);
    rfc822_addrlist(&out, &tok, NULL, NULL);
    str_copys(&got, "To: ");
    rfc822_unparse(&got, &out, 4, 78);
    for (i = start = 0; i <= got.len; i++) {
        if (i < got.len && got.s[i] != '\n')
            continue;
        if (i - start > longest)
            longest = i - start;
        if (i < got.len) {
            lines++;
            if (i + 3 > got.len || memcmp(got.s + i, "\n  u", 4) != 0 ||
                got.s[i - 1] != ',')
                ok_cont = 0;
        }
        start = i + 1;
    }
    ok(longest <= 78, "folded lines stay within 78 columns");
    if (!ok(lines == 6, "20 addresses take 6 lines, filled greedily"))
        printf("# %.*s\n", (int)got.len, got.s);
    ok(ok_cont, "lines break after a comma, continue with two spaces");
    /* no break needed: none made; one long address stays whole */
    str_copys(&in, "a@b, ");
    for (i = 0; i < 100; i++)
        str_catc(&in, 'x');
    str_cats(&in, "@c, d@e");
    rfc822_parse(&tok, &text, in.s, in.len);
    rfc822_addrlist(&out, &tok, NULL, NULL);
    got.len = 0;
    rfc822_unparse(&got, &out, 4, 78);
    str_copys(&in, "a@b,\n  ");
    for (i = 0; i < 100; i++)
        str_catc(&in, 'x');
    str_cats(&in, "@c,\n  d@e");
    is_mem(got.s, got.len, (str_0(&in), in.s),
           "an address longer than a line gets a line of its own");
    str_free(&in);
}

/* Unparsed text parses to the same tokens; nothing crashes on junk. */
static void round_trip(void)
{
    static const char alphabet[] = "ab9 .,@<>:;\"()[]\\\t!+-=?\x80\xc3\0";
    static struct rfc822_list t1, t2, out;
    static struct str x1, x2, in, got;
    unsigned long seed = 12345;
    size_t i, k, n, bad = 0, parsed = 0, lists = 0;

    for (i = 0; i < 20000; i++) {
        in.len = 0;
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        n = (seed >> 33) % 40;
        for (k = 0; k < n; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            str_catc(&in, alphabet[(seed >> 33) % (sizeof alphabet - 1)]);
        }
        if (rfc822_parse(&t1, &x1, in.s, in.len) != 1)
            continue;
        parsed++;
        got.len = 0;
        rfc822_unparse(&got, &t1, 0, 20);
        if (rfc822_parse(&t2, &x2, got.s, got.len) != 1 || t1.len != t2.len)
            bad++;
        else
            for (k = 0; k < t1.len; k++)
                if (t1.t[k].type != t2.t[k].type ||
                    t1.t[k].len != t2.t[k].len ||
                    (t1.t[k].len > 0 &&
                     memcmp(t1.t[k].s, t2.t[k].s, t1.t[k].len) != 0)) {
                    bad++;
                    break;
                }
        if (rfc822_addrlist(&out, &t1, NULL, NULL) == 1) {
            lists++;
            got.len = 0;
            rfc822_unparse(&got, &out, 0, 20);
            if (rfc822_parse(&t2, &x2, got.s, got.len) != 1)
                bad++;
        }
    }
    ok(parsed > 1000 && lists > 500, "many random inputs parse");
    is_num((long)bad, 0, "unparse -> parse gives the same tokens");
    rfc822_free(&t1);
    rfc822_free(&t2);
    rfc822_free(&out);
    str_free(&x1);
    str_free(&x2);
    str_free(&in);
    str_free(&got);
}

int main(void)
{
    size_t i, nerr = 0;
    struct str q = STR_INIT;
    struct rfc822_list l = RFC822_LIST_INIT;
    static const char name[] = "a\"b\\c\nd";

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (cases[i].out == NULL)
            nerr++;
    plan((int)(2 * (sizeof cases / sizeof cases[0]) - nerr +
               sizeof rewrites / sizeof rewrites[0] + 4 + 2 + 2));
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        one_case(i);
    for (i = 0; i < sizeof rewrites / sizeof rewrites[0]; i++)
        one_rewrite(i);
    folding();

    /* tokens made by a program: escapes and no raw newline */
    rfc822_push(&l, RFC822_QUOTE, name, sizeof name - 1);
    rfc822_push(&l, RFC822_COMMENT, "x)", 2);
    rfc822_unparse(&q, &l, 0, 78);
    is_mem(q.s, q.len, "\"a\\\"b\\\\c d\" (x\\))",
           "quotes and comments escaped, LF becomes a space");
    q.len = 0;
    rfc822_push(&l, RFC822_LITERAL, "1.2", 3);
    rfc822_unquote(&q, &l);
    is_mem(q.s, q.len, "a\"b\\c\nd[1.2]", "unquote: raw text, no comment");
    round_trip();
    rfc822_free(&l);
    str_free(&q);
    str_free(&seen);
    return done_testing();
}
