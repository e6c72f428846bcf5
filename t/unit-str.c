/* unit-str: growable strings, overflow checks, byte helpers. */
#include <errno.h>
#include <stdint.h>

#include "str.h"
#include "unit.h"

int main(void)
{
    struct str x = STR_INIT, y = STR_INIT;
    size_t saved;

    plan(26);
    ok(str_copys(&x, "hello"), "copys");
    is_mem(x.s, x.len, "hello", "copys content");
    ok(str_catb(&x, ", w", 3) && str_cats(&x, "orld"), "catb and cats");
    is_mem(x.s, x.len, "hello, world", "appended");
    ok(str_catc(&x, '!') && str_catulong(&x, 4294967296UL), "catc, catulong");
    is_mem(x.s, x.len, "hello, world!4294967296", "char and number");
    ok(str_0(&x) && x.s[x.len] == '\0' && strlen(x.s) == x.len,
       "str_0 terminates without counting");
    ok(str_copyb(&y, "ab", 2) && str_cat(&y, &y), "cat of itself");
    is_mem(y.s, y.len, "abab", "self-append is correct");
    ok(str_copyb(&x, x.s + 7, 5), "copy from inside itself");
    is_mem(x.s, x.len, "world", "overlapping copy");

    /* Copy a tail of itself that must grow the string: the copy is read
     * after the buffer moved. */
    ok(str_copys(&y, "0123456789") && str_catb(&y, y.s, y.len) &&
       str_catb(&y, y.s + 5, 15), "grow from inside itself twice");
    is_mem(y.s, y.len, "01234567890123456789567890123456789",
           "both appends read the moved string");

    saved = x.len;
    errno = 0;
    ok(!str_reserve(&x, SIZE_MAX) && errno == EOVERFLOW,
       "reserve that overflows size_t fails with EOVERFLOW");
    ok(x.len == saved && str_equals(&x, "world"), "string unchanged");
    errno = 0;
    ok(!str_catb(&x, "z", SIZE_MAX - 2) && errno == EOVERFLOW,
       "catb with a huge length fails");

    ok(str_equals(&x, "world") && !str_equals(&x, "worl"), "equals");
    ok(str_starts("qmail-send", "qmail-") && !str_starts("qm", "qmail"),
       "starts");
    ok(str_diffb_nocase("ExAmple.COM", "example.com", 11) == 0,
       "case-insensitive compare");
    ok(str_diffb_nocase("a", "b", 1) < 0, "ordering");
    is_num((long)str_chr("a@b@c", 5, '@'), 1, "chr finds first");
    is_num((long)str_rchr("a@b@c", 5, '@'), 3, "rchr finds last");
    is_num((long)str_chr("abc", 3, '@'), 3, "chr not found is n");
    is_num((long)str_rchr("abc", 3, '@'), 3, "rchr not found is n");
    {
        char s[] = "MiXeD.Org";
        str_lower(s, sizeof s - 1);
        is_mem(s, sizeof s - 1, "mixed.org", "lower");
    }
    str_free(&x);
    str_free(&y);
    ok(x.s == NULL && x.len == 0 && x.cap == 0, "free resets");
    return done_testing();
}
