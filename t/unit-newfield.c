/* unit-newfield: the fields qmail-inject adds, and From text made from
 * the environment (quoting, escaping, no line breaks). */
#include <string.h>

#include "newfield.h"
#include "unit.h"

static struct str x;

static int is_x(const char *want, const char *name)
{
    return is_mem(x.s, x.len, want, name);
}

int main(void)
{
    plan(13);
    ok(newfield_date(&x, 1795442640), "date made");
    is_x("Date: Mon, 23 Nov 2026 14:04:00 +0000\n", "Date field, UTC");
    x.len = 0;
    ok(newfield_msgid(&x, 1795442640, 4242, "id.example", 10), "id made");
    is_x("Message-ID: <20261123140400.4242.qmail@id.example>\n",
         "Message-ID as qmail's");
    x.len = 0;
    newfield_msgid(&x, 0, 1, "h", 1);
    is_x("Message-ID: <19700101000000.1.qmail@h>\n", "zero-padded fields");

    x.len = 0;
    newfield_from(&x, NULL, "joe", NULL, 0);
    is_x("joe", "user alone");
    x.len = 0;
    newfield_from(&x, "Joe Q. Public", "joe", "x.example", 0);
    is_x("\"Joe Q. Public\" <joe@x.example>", "name-address style");
    x.len = 0;
    newfield_from(&x, "Joe (J)", "joe", "x.example", 1);
    is_x("joe@x.example (Joe \\(J\\))", "address-comment style, escaped");
    x.len = 0;
    newfield_from(&x, "a \"b\" \\c", "a b", NULL, 0);
    is_x("\"a \\\"b\\\" \\\\c\" <\"a b\">", "quotes and backslashes escaped");
    x.len = 0;
    newfield_from(&x, "Evil\r\nBcc: x@y", "u", "h", 0);
    is_x("\"Evil  Bcc: x@y\" <u@h>", "CR and LF become spaces");
    x.len = 0;
    newfield_from(&x, NULL, ".joe", "h", 0);
    is_x("\".joe\"@h", "a user that is no dot-atom is quoted");
    x.len = 0;
    newfield_delimit(&x, "", '"', '"');
    is_x("\"\"", "empty quoted string");
    x.len = 0;
    newfield_delimit(&x, "a(b)", '(', ')');
    is_x("(a\\(b\\))", "comment delimiters escaped");
    str_free(&x);
    return done_testing();
}
