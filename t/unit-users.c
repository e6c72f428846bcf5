/* unit-users: users/assign lines (qmail-users(5)), their users/cdb form
 * (qmail-newu's, byte for byte), and qmail-lspawn's lookup order: exact
 * address, then the longest matching prefix, then the empty prefix. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "cdbwrite.h"
#include "users.h"
#include "unit.h"

#define V(s) s, sizeof s - 1

/* Show NULs as '|' so results compare as C strings. */
static const char *bars(const struct str *x)
{
    static char b[512];
    size_t i;

    for (i = 0; i < x->len && i < sizeof b - 1; i++)
        b[i] = x->s[i] == '\0' ? '|' : x->s[i];
    b[i] = '\0';
    return b;
}

struct bad {
    const char *line;
    const char *why;
};

static const struct bad bads[] = {
    {"", "line does not start with =, + or ."},
    {"joe:joe:1:1:/h:::", "line does not start with =, + or ."},
    {"# comment", "line does not start with =, + or ."},
    {"..", "line does not start with =, + or ."},
    {"=joe", "no colon after the address"},
    {"=joe:joe:1:1:/h::", "fewer than six fields after the address"},
    {"=joe::1:1:/h:::", "empty user name"},
    {"=joe:joe:x:1:/h:::", "uid is not a number"},
    {"=joe:joe::1:/h:::", "uid is not a number"},
    {"=joe:joe:1:-1:/h:::", "gid is not a number"},
    {"=joe:joe:1:99999999999:/h:::", "gid is not a number"},
    {"=joe:joe:1:1::::", "empty home directory"},
};

static const char *assign[] = {
    "=joe:joe:1001:1002:/home/joe:::",
    "+joe-:joe:1001:1002:/home/joe:-::",
    "+Sales-:sam:1003:1003:/home/sam:-:sales-:",
    "+sa:sa:1004:1004:/home/sa:-:x:",
    "+:alias:7790:2108:/var/qmail/alias:-::",
    "=Mixed:mix:1005:1005:/home/mix:-:m:",
};

struct find {
    const char *local;
    int r;
    const char *want;
};

static const struct find finds[] = {
    {"joe", 1, "joe|1001|1002|/home/joe|||"},
    {"JOE", 1, "joe|1001|1002|/home/joe|||"},
    {"joe-Foo", 1, "joe|1001|1002|/home/joe|-|Foo|"},
    {"joe-", 1, "joe|1001|1002|/home/joe|-||"},
    {"sales-Q1", 1, "sam|1003|1003|/home/sam|-|sales-Q1|"},
    {"salesman", 1, "sa|1004|1004|/home/sa|-|xlesman|"},
    {"mixed", 1, "mix|1005|1005|/home/mix|-|m|"},
    {"mixed-x", 1, "alias|7790|2108|/var/qmail/alias|-|mixed-x|"},
    {"joey", 1, "alias|7790|2108|/var/qmail/alias|-|joey|"},
    {"", 1, "alias|7790|2108|/var/qmail/alias|-||"},
};

int main(void)
{
    struct str key = STR_INIT, data = STR_INIT, out = STR_INIT;
    char dir[] = "/tmp/unit-users.XXXXXX";
    struct cdbwrite w;
    struct cdblookup c;
    struct users_ent e;
    const char *why;
    char wilds[16], path[64];
    size_t i, nw = 0;
    int wild, allok;

    plan(27);
    ok(users_parse(V("=Joe@Example:joe:1001:1002:/home/joe:::"), &key, &data,
                   &wild, &why) == 1, "exact line parses");
    ok(key.len == 13 && memcmp(key.s, "!joe@example\0", 13) == 0,
       "key is ! + lowercased address + NUL");
    is_mem(bars(&data), strlen(bars(&data)), "joe|1001|1002|/home/joe||",
           "data: six fields, NUL between, none at the end");
    is_num(wild, -1, "no wildcard character");
    ok(users_parse(V("+List-:ann:5:6:/home/ann:-:list-:extra"), &key, &data,
                   &wild, &why) == 1, "wildcard line parses");
    is_mem(key.s, key.len, "!list-", "key is ! + lowercased prefix, no NUL");
    is_mem(bars(&data), strlen(bars(&data)), "ann|5|6|/home/ann|-|list-",
           "anything after the sixth colon is ignored");
    is_num(wild, '-', "last prefix character is a wildcard character");
    ok(users_parse(V("+:alias:7:8:/a:-::"), &key, &data, &wild, &why) == 1 &&
       key.len == 1 && wild == -1, "empty prefix: key !, no wildcard char");
    ok(users_parse(V("+Q:q:7:8:/a:-::"), &key, &data, &wild, &why) == 1 &&
       wild == 'q', "wildcard character is lowercased");
    is_num(users_parse(V("."), &key, &data, &wild, &why), 0, "the end line");
    allok = 1;
    for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        why = NULL;
        errno = 0;
        if (users_parse(bads[i].line, strlen(bads[i].line), &key, &data,
                        &wild, &why) != -1 || errno != EINVAL ||
            why == NULL || strcmp(why, bads[i].why) != 0) {
            printf("# line '%s': why '%s'\n", bads[i].line, why ? why : "");
            allok = 0;
        }
    }
    ok(allok, "syntax errors are refused with the reason");
    ok(users_parse(V("=a\0b:u:1:1:/h:::"), &key, &data, &wild, &why) == -1 &&
       strcmp(why, "NUL byte in line") == 0, "a NUL byte is refused");

    /* A users/cdb as qmail-newu makes it, then lookups. */
    if (mkdtemp(dir) == NULL)
        return 1;
    memcpy(path, dir, sizeof dir - 1);
    memcpy(path + sizeof dir - 1, "/cdb", 5);
    ok(cdbwrite_start(&w, path), "cdb started");
    allok = 1;
    for (i = 0; i < sizeof assign / sizeof assign[0]; i++) {
        if (users_parse(assign[i], strlen(assign[i]), &key, &data, &wild,
                        &why) != 1 ||
            !cdbwrite_add(&w, key.s, key.len, data.s, data.len))
            allok = 0;
        if (wild != -1 && memchr(wilds, wild, nw) == NULL)
            wilds[nw++] = (char)wild;
    }
    ok(allok && cdbwrite_add(&w, "", 0, wilds, nw) && cdbwrite_finish(&w),
       "cdb written");
    ok(cdblookup_open(&c, path) == 1, "cdb opened");
    allok = 1;
    for (i = 0; i < sizeof finds / sizeof finds[0]; i++) {
        int r = users_find(&c, finds[i].local, &out);
        if (r != finds[i].r || strcmp(bars(&out), finds[i].want) != 0) {
            printf("# %s: got %d '%s'\n", finds[i].local, r, bars(&out));
            allok = 0;
        }
    }
    ok(allok, "exact, then longest prefix, then the empty prefix");
    ok(users_find(&c, "joe", &out) == 1 && out.s[out.len - 1] == '\0',
       "the result ends with a NUL");
    ok(users_split(out.s, out.len, &e) == 1, "the result splits");
    ok(strcmp(e.user, "joe") == 0 && e.uid == 1001 && e.gid == 1002 &&
       strcmp(e.home, "/home/joe") == 0 && *e.dash == '\0' &&
       *e.ext == '\0', "into user, uid, gid, home, dash, ext");
    cdblookup_close(&c);

    /* Without the "" key and without a catch-all: only exact entries. */
    ok(cdbwrite_start(&w, path) &&
       users_parse(V("=joe:joe:1:1:/h:::"), &key, &data, &wild, &why) == 1 &&
       cdbwrite_add(&w, key.s, key.len, data.s, data.len) &&
       cdbwrite_finish(&w) && cdblookup_open(&c, path) == 1,
       "cdb with one exact entry");
    is_num(users_find(&c, "joe-x", &out), 0, "no match is 0");
    is_num(users_find(&c, "joe", &out), 1, "exact match still works");
    cdblookup_close(&c);
    unlink(path);
    rmdir(dir);

    ok(users_split(V("u\0" "1\0" "2\0" "/h\0" "-\0" "e\0"), &e) == 1 &&
       strcmp(e.ext, "e") == 0 && strcmp(e.dash, "-") == 0,
       "split: qmail-getpw output");
    ok(!users_split(V("u\0" "1\0" "2\0" "/h\0" "-\0" "e"), &e),
       "split: last field without NUL is malformed");
    ok(!users_split(V("u\0" "x\0" "2\0" "/h\0" "\0" "\0"), &e),
       "split: uid not a number");
    ok(!users_split(V("u\0" "1\0" "2\0" "\0" "\0" "\0"), &e),
       "split: empty home");
    str_free(&key);
    str_free(&data);
    str_free(&out);
    return done_testing();
}
