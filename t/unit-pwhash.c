/* unit-pwhash: crypt(3) hashes for stored passwords: a new hash is
 * yescrypt (or SHA-512 crypt), salted afresh each time, and checks only
 * against its own password; locked and foreign hashes. */
#include <string.h>

#include "pwhash.h"
#include "unit.h"

int main(void)
{
    struct str a = STR_INIT, b = STR_INIT;

    plan(17);
    ok(pwhash_make(&a, "correct horse"), "make a hash");
    ok(strncmp(a.s, "$y$", 3) == 0 || strncmp(a.s, "$6$", 3) == 0,
       "yescrypt or SHA-512 crypt");
    ok(strstr(a.s, "correct") == NULL, "the password is not in it");
    ok(pwhash_make(&b, "correct horse"), "hash the same password again");
    ok(strcmp(a.s, b.s) != 0, "a fresh salt each time");
    ok(pwhash_check("correct horse", a.s), "right password matches");
    ok(pwhash_check("correct horse", b.s), "and the other hash too");
    ok(!pwhash_check("correct hors", a.s), "a prefix does not match");
    ok(!pwhash_check("correct horsee", a.s), "a longer one does not");
    ok(!pwhash_check("", a.s), "the empty password does not");
    /* SHA-512 crypt made by another program (python's crypt module) */
    ok(pwhash_check("secret", "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNu"
                              "HwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77v"
                              "wPZN.Pq.H91p5hVO1"),
       "a SHA-512 hash from elsewhere");
    ok(!pwhash_check("", ""), "an empty hash matches nothing");
    ok(str_copys(&b, "!") && str_cat(&b, &a) && str_0(&b), "lock it");
    ok(!pwhash_check("correct horse", b.s), "a locked hash never matches");
    ok(pwhash_locked("*") && pwhash_locked("!$y$x") && pwhash_locked(""),
       "locked: empty, ! or *");
    ok(!pwhash_check("x", "plaintext"), "a clear text is no hash");
    ok(!pwhash_check("x", pwhash_dummy()), "the dummy matches nothing");
    str_free(&a);
    str_free(&b);
    return done_testing();
}
