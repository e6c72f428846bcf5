/* unit-strset: membership, duplicates, any bytes (NUL too), growth past
 * many rehashes. */
#include "strset.h"
#include "unit.h"

int main(void)
{
    struct strset s = STRSET_INIT;
    char key[16];
    size_t i, k;
    int all;

    plan(10);
    ok(!strset_has(&s, "a", 1), "an empty set has nothing");
    is_num(strset_add(&s, "a", 1), 1, "add a new string");
    is_num(strset_add(&s, "a", 1), 0, "adding it again says it was there");
    ok(strset_has(&s, "a", 1) && !strset_has(&s, "A", 1),
       "comparison is byte for byte");
    is_num(strset_add(&s, "", 0), 1, "the empty string is a member too");
    ok(strset_has(&s, "", 0) && !strset_has(&s, "b", 1), "and is found");
    is_num(strset_add(&s, "x\0y", 3), 1, "strings may hold NUL");
    ok(strset_has(&s, "x\0y", 3) && !strset_has(&s, "x", 1),
       "and the NUL counts");
    for (i = 0, all = 1; i < 20000; i++) {
        for (k = 0; k < sizeof key; k++)
            key[k] = (char)('a' + (i >> (k % 8 * 2) & 3) + (k & 1));
        key[0] = (char)(i & 0xff);
        key[1] = (char)(i >> 8);
        if (strset_add(&s, key, sizeof key) != 1)
            all = 0;
    }
    ok(all && s.count == 20003, "20000 distinct strings added");
    for (i = 0, all = 1; i < 20000; i++) {
        for (k = 0; k < sizeof key; k++)
            key[k] = (char)('a' + (i >> (k % 8 * 2) & 3) + (k & 1));
        key[0] = (char)(i & 0xff);
        key[1] = (char)(i >> 8);
        if (!strset_has(&s, key, sizeof key) ||
            strset_add(&s, key, sizeof key) != 0)
            all = 0;
    }
    ok(all && strset_has(&s, "a", 1), "every one found after growing");
    strset_free(&s);
    return done_testing();
}
