/* unit-addrrw: qmail-inject's rewriting of one address, with the
 * examples of qmail-header(5) and qmail-inject(8). */
#include <string.h>

#include "addrrw.h"
#include "unit.h"

static const struct {
    const char *host, *in, *out;
} cases[] = {
    { "host", "joe", "joe@host.dom.ain" },
    { "host", "joe@silverton", "joe@silverton.dom.ain" },
    { "host", "eric@mammoth.cs+", "eric@mammoth.cs.plus.dom" },
    { "host", "eric@mammoth+", "eric@mammoth.plus.dom" },
    { "host", "joe+", "joe+@host.dom.ain" },
    { "host", "joe@a.b", "joe@a.b" },
    { "host", "joe@[1.2.3.4]", "joe@[1.2.3.4]" },
    { "host", "@r1,@r2:u@h.x", "u@h.x" },
    { "host", "@r1,@r2:u", "u@host.dom.ain" },
    { "host", "@r1", "" },
    { "host", "@", "" },
    { "host", ".", "" },
    { "host", "u@h.x.", "u@h.x" },
    { "host", "u@", "u@host.dom.ain" },
    { "host", "", "" },
    { "host", "foo@[]", "foo@[]" },
    { "host", "\"a b\"@c.d", "a b@c.d" },
    { "host", "\"a b\"", "a b@host.dom.ain" },
    { "mammoth+", "joe", "joe@mammoth.plus.dom" },
    { "a.b", "joe", "joe@a.b" },
    { "[10.0.0.1]", "joe", "joe@[10.0.0.1]" },
};

int main(void)
{
    size_t i;
    const char *bad = NULL;

    plan((int)(sizeof cases / sizeof cases[0]) + 3);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        static struct addrrw rw;
        static struct rfc822_list a;
        static struct str text, got;
        int r;

        got.len = 0;
        r = addrrw_init(&rw, cases[i].host, "dom.ain", "plus.dom", &bad) == 1
            && rfc822_parse(&a, &text, cases[i].in, strlen(cases[i].in)) == 1
            && addrrw_addr(&rw, &a) == 1 && rfc822_unquote(&got, &a);
        if (!r)
            got.len = 0;
        is_mem(r ? got.s : "(failed)", r ? got.len : 8, cases[i].out,
               cases[i].in);
    }
    {
        static struct addrrw rw;

        is_num(addrrw_init(&rw, "a(b", "d", "p", &bad), 0,
               "an unparsable defaulthost is refused");
        ok(bad != NULL && strcmp(bad, "defaulthost") == 0, "and named");
        is_num(addrrw_init(&rw, "h", "d", "\"p", &bad) == 0 &&
                   strcmp(bad, "plusdomain") == 0, 1, "plusdomain named");
    }
    return done_testing();
}
