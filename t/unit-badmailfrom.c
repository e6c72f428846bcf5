/* unit-badmailfrom: whole addresses and "@domain" lines, ignoring case;
 * no wildcards; a missing file refuses nothing; an unreadable one is an
 * error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "badmailfrom.h"
#include "unit.h"

static const struct {
    const char *addr;
    int want;
} cases[] = {
    {"spam@example.com", 1},
    {"SPAM@Example.COM", 1},
    {"other@example.com", 0},
    {"spam@example.com.", 0},
    {"x@bad.example", 1},
    {"X@BAD.EXAMPLE", 1},
    {"x@sub.bad.example", 0},   /* "@bad.example" is not a wildcard */
    {"x@a.dot.example", 0},     /* ".dot.example" matches nothing */
    {"x@dot.example", 0},
    {".dot.example", 0},
    {"", 0},                    /* the null sender */
    {"bad.example", 0},
    {"@bad.example", 1},
    {"a@b@bad.example", 1},     /* the last '@' starts the domain */
};

int main(void)
{
    char dir[] = "/tmp/unit-badmailfrom.XXXXXX";
    struct badmailfrom b = BADMAILFROM_INIT;
    FILE *f;
    size_t i;

    plan(3 + 14 + 2);
    if (mkdtemp(dir) == NULL || chdir(dir) == -1 ||
        mkdir("control", 0755) == -1)
        return perror(dir), 1;
    is_num(badmailfrom_init(&b), 0, "no file: 0");
    ok(!badmailfrom_has(&b, "spam@example.com", 16), "  nothing refused");
    badmailfrom_free(&b);
    f = fopen("control/badmailfrom", "w");
    fputs("spam@example.com\n@bad.example\n# comment\n.dot.example\n", f);
    fclose(f);
    is_num(badmailfrom_init(&b), 1, "file read: 1");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int want = cases[i].want;

        is_num(badmailfrom_has(&b, cases[i].addr, strlen(cases[i].addr)),
               want, cases[i].addr[0] ? cases[i].addr : "<>");
    }
    badmailfrom_free(&b);
    unlink("control/badmailfrom");
    mkdir("control/badmailfrom", 0755);
    is_num(badmailfrom_init(&b), -1, "a directory: -1");
    ok(!badmailfrom_has(&b, "spam@example.com", 16), "  nothing refused");
    rmdir("control/badmailfrom");
    rmdir("control");
    if (chdir("/") == -1)
        return 1;
    rmdir(dir);
    return done_testing();
}
