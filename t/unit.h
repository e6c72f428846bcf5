/* unit.h - a tiny TAP producer for the C unit tests of lib/.
 * plan(n) first; ok/is_num/is_mem print one TAP line each; done_testing()
 * is the exit status (prove checks the count against the plan). */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static __attribute__((unused)) int unit_count, unit_failed;

static __attribute__((unused)) void plan(int n)
{
    printf("1..%d\n", n);
    fflush(stdout);
}

static __attribute__((unused)) int ok(int cond, const char *name)
{
    printf("%sok %d - %s\n", cond ? "" : "not ", ++unit_count, name);
    if (!cond)
        unit_failed++;
    fflush(stdout);
    return cond;
}

static __attribute__((unused)) int is_num(long got, long want, const char *name)
{
    if (!ok(got == want, name))
        printf("# got: %ld\n# want: %ld\n", got, want);
    return got == want;
}

static __attribute__((unused)) int is_mem(const char *got, size_t gotlen, const char *want,
                  const char *name)
{
    size_t wantlen = strlen(want);
    int same = gotlen == wantlen && memcmp(got, want, gotlen) == 0;

    if (!ok(same, name))
        printf("# got: '%.*s'\n# want: '%s'\n", (int)gotlen, got, want);
    return same;
}

static __attribute__((unused)) int done_testing(void)
{
    return unit_failed != 0;
}

#endif
