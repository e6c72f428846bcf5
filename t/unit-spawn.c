/* unit-spawn: parsing spawn requests (notes/interfaces.md): slot low
 * byte first, then id, sender and recipient each ending in NUL, split
 * across reads anywhere; overlong fields read to their end and flagged. */
#include <errno.h>
#include <stdlib.h>

#include "spawn.h"
#include "unit.h"

/* Feed all of b, n bytes at a time; count complete requests, keeping
 * the last one in r. */
static int feed(struct spawn_req *r, const char *b, size_t len, size_t step,
                int *complete)
{
    size_t off = 0, used, n;
    int got = 0;

    while (off < len) {
        n = len - off < step ? len - off : step;
        if (spawn_req_parse(r, b + off, n, &used)) {
            got++;
            *complete = 1;
            if (off + used < len) /* keep the last one for checking */
                spawn_req_reset(r);
        }
        off += used;
    }
    return got;
}

int main(void)
{
    static const char one[] = "\x05\x01" "1234\0" "a@b\0" "joe@quail.test";
    struct spawn_req r = SPAWN_REQ_INIT;
    size_t used, step, big = SPAWN_FIELD_MAX + 10;
    int complete, allok = 1;
    char *huge;

    plan(17);
    ok(spawn_req_parse(&r, one, sizeof one, &used) == 1, "one request");
    is_num((long)used, (long)sizeof one, "all bytes used");
    is_num((long)r.slot, 261, "slot is low byte first (5 + 256)");
    is_mem(r.id.s, r.id.len, "1234", "message id");
    is_mem(r.sender.s, r.sender.len, "a@b", "sender");
    is_mem(r.recip.s, r.recip.len, "joe@quail.test", "recipient");
    ok(r.recip.s[r.recip.len] == '\0' && r.id.s[r.id.len] == '\0',
       "fields are NUL-terminated");
    is_num(r.error, 0, "no error");

    for (step = 1; step <= sizeof one; step++) {
        spawn_req_reset(&r);
        complete = 0;
        if (feed(&r, one, sizeof one, step, &complete) != 1 ||
            !str_equals(&r.recip, "joe@quail.test") || r.slot != 261 ||
            !str_equals(&r.id, "1234"))
            allok = 0;
    }
    ok(allok, "same result however the bytes are split");

    {
        static const char two[] = "\x00\x00" "1\0" "\0" "x@y\0"
                                  "\xff\x00" "22\0" "s\0" "r";
        spawn_req_reset(&r);
        ok(spawn_req_parse(&r, two, sizeof two, &used) == 1 &&
           used == 9 && r.slot == 0 && r.sender.len == 0,
           "first of two requests, empty sender");
        spawn_req_reset(&r);
        ok(spawn_req_parse(&r, two + used, sizeof two - used, &used) == 1 &&
           r.slot == 255 && str_equals(&r.sender, "s") &&
           str_equals(&r.recip, "r"), "second of two requests");
    }

    spawn_req_reset(&r);
    ok(spawn_req_parse(&r, one, 9, &used) == 0 && used == 9,
       "incomplete request takes every byte and asks for more");
    ok(spawn_req_parse(&r, one + 9, sizeof one - 9, &used) == 1 &&
       str_equals(&r.sender, "a@b"), "and completes with the rest");

    /* A field over the limit: the request is read to its end, flagged,
     * and the next request parses normally. */
    if ((huge = malloc(big + 16)) == NULL)
        return 1;
    memcpy(huge, "\x01\x00" "7\0" "s\0", 6);
    memset(huge + 6, 'x', big);
    memcpy(huge + 6 + big, "\0\x02\x00" "8\0" "\0" "t", 8);
    spawn_req_reset(&r);
    complete = 0;
    ok(spawn_req_parse(&r, huge, 6 + big + 1, &used) == 1 &&
       used == 6 + big + 1, "overlong recipient still ends at its NUL");
    is_num(r.error, E2BIG, "and is flagged E2BIG");
    spawn_req_reset(&r);
    ok(spawn_req_parse(&r, huge + used, 7, &used) == 1 && r.error == 0 &&
       r.slot == 2 && str_equals(&r.recip, "t"),
       "the stream stays in step after it");
    spawn_req_reset(&r);
    memset(huge + 2, '9', SPAWN_FIELD_MAX);
    huge[2 + SPAWN_FIELD_MAX] = '\0';
    ok(spawn_req_parse(&r, huge, 3 + SPAWN_FIELD_MAX, &used) == 0 &&
       r.error == 0 && r.id.len == SPAWN_FIELD_MAX,
       "a field of exactly the limit is accepted");
    free(huge);
    spawn_req_free(&r);
    return done_testing();
}
