/* unit-fwd: setforward(1)'s instruction syntax (comments, escapes, line
 * ends ignored, the command kinds), setmaillist(1)'s lines, walking
 * stored commands, and printforward's text, which setforward must read
 * back to the same records. */
#include <errno.h>

#include "fwd.h"
#include "unit.h"

/* Stored commands shown with NULs as '|'. */
static const char *bars(const char *s, size_t n)
{
    static char b[1024];
    size_t i;

    for (i = 0; i < n && i < sizeof b - 1; i++)
        b[i] = s[i] == '\0' ? '|' : s[i];
    b[i] = '\0';
    return b;
}

/* A test name: s with newlines shown as \n. */
static const char *name(const char *s)
{
    static char b[256];
    size_t i, o = 0;

    for (i = 0; s[i] && o + 2 < sizeof b; i++) {
        if (s[i] == '\n') {
            b[o++] = '\\';
            b[o++] = 'n';
        } else {
            b[o++] = s[i];
        }
    }
    b[o] = '\0';
    return b;
}

/* Parse all of in; the instructions as "target=cmds;" each. */
static int parse(const char *in, struct str *got, const char **why,
                 unsigned long *line)
{
    struct fwd_parse p = FWD_PARSE_INIT;
    size_t i, n = strlen(in);
    int r = 0;

    got->len = 0;
    for (i = 0; i < n; i++) {
        r = fwd_parse_byte(&p, in[i]);
        if (r == -1)
            break;
        if (r == 1) {
            str_catb(got, p.target.s, p.target.len);
            str_catc(got, '=');
            str_cats(got, bars(p.cmds.s, p.cmds.len));
            str_catc(got, ';');
        }
    }
    if (r != -1)
        r = fwd_parse_end(&p);
    *why = p.why;
    *line = p.line;
    fwd_parse_free(&p);
    return r;
}

struct pcase {
    const char *in, *out;
};

static const struct pcase good[] = {
    {"root@yp.to: god@heaven.af.mil, staff@af.mil;",
     "root@yp.to=&god@heaven.af.mil|&staff@af.mil|;"},
    {"# comment\nRoot@YP.to:\n  god@x.y,\n  staff@x.y ;\n",
     "root@yp.to=&god@x.y|&staff@x.y|;"},
    {"boss@yp.to: &god@heaven.af.mil;", "boss@yp.to=&god@heaven.af.mil|;"},
    {"sos@h.a: ?owner-sos@h.a;", "sos@h.a=?owner-sos@h.a|;"},
    {"sos@h.a: /etc/lists/sos.bin, ./rel.bin;",
     "sos@h.a=/etc/lists/sos.bin|./rel.bin|;"},
    {"dew@: |dew-monitor, !prog\\ arg;", "dew@=|dew-monitor|!prog arg|;"},
    {"@host.dom: &a\\ b@c;", "@host.dom=&a b@c|;"},
    {"a@: x@y # trailing comment, z@q\n;", "a@=&x@y|;"},
    {"a\\:b@: x\\,y@z\\;;", "a:b@=&x,y@z;|;"},
    {"a@: b@c,;", "a@=&b@c|;"},
    {"a@:;", "a@=;"},
    {"a@:x@y;b@:z@w;", "a@=&x@y|;b@=&z@w|;"},
    {"a@: p\\\nq@r;", "a@=&p\nq@r|;"},
    {"", ""},
    {"  # only a comment", ""},
};

struct ecase {
    const char *in, *why;
    unsigned long line;
};

static const struct ecase bad[] = {
    {"a@: x@y", "the last instruction does not end with a semicolon", 1},
    {"a@: x@y;\nb@: x@y\\", "the last instruction does not end with a "
                            "semicolon", 2},
    {"a, b: c@d;", "comma before the colon", 1},
    {"a;", "semicolon before the colon", 1},
    {"\n: c@d;", "empty target before the colon", 2},
    {"a@: b@c: d@e;", "second colon in one instruction", 1},
    {"a@: -x@y;", "command does not start with a letter, digit, &, ?, /, "
                  ".,"
                  " | or !", 1},
    {"a@: noat;", "address without @domain", 1},
    {"a@: &;", "empty address", 1},
    {"a@:\n\n |;", "empty program", 3},
    {"a@: !;", "empty program", 1},
};

struct lcase {
    const char *in;
    int r;
    const char *out;
};

static const struct lcase listlines[] = {
    {"god@heaven.af.mil", 1, "&god@heaven.af.mil|"},
    {"&djb@silverton.berkeley.edu  \t", 1, "&djb@silverton.berkeley.edu|"},
    {"/etc/other.bin", 1, "/etc/other.bin|"},
    {"./rel", 1, "./rel|"},
    {"", 0, ""},
    {"   ", 0, ""},
    {"# comment", 0, ""},
    {"foo bar@x", 1, "&foo bar@x|"},
    {"|prog", -1, ""},
    {"?owner@x", -1, ""},
    {"noat", -1, ""},
    {" lead@x", -1, ""},
};

int main(void)
{
    struct str got = STR_INIT, out = STR_INIT, big = STR_INIT;
    const char *why, *cmd;
    unsigned long line;
    size_t i, pos, len;
    int r;

    plan((int)(sizeof good / sizeof good[0] + 3 * (sizeof bad /
               sizeof bad[0]) + 2 * (sizeof listlines /
               sizeof listlines[0]) + 14));
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        r = parse(good[i].in, &got, &why, &line);
        if (r == -1)
            printf("# %s\n", why);
        is_mem(got.s, got.len, good[i].out, name(good[i].in));
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = parse(bad[i].in, &got, &why, &line);
        ok(r == -1 && errno == EINVAL, bad[i].why);
        is_mem(why ? why : "", why ? strlen(why) : 0, bad[i].why,
               "its reason");
        is_num((long)line, (long)bad[i].line, "its line");
    }
    r = parse("a@: b@c;\0", &got, &why, &line);
    ok(r == 0, "input ends before the C string's NUL");
    {
        struct fwd_parse p = FWD_PARSE_INIT;
        ok(fwd_parse_byte(&p, 'a') == 0 && fwd_parse_byte(&p, '\0') == -1 &&
               strcmp(p.why, "NUL bytes are not permitted") == 0,
           "a NUL byte is refused");
        fwd_parse_free(&p);
    }
    /* a command over the token limit */
    str_copys(&big, "a@: ");
    for (i = 0; i < FWD_TOKENMAX + 1; i++)
        str_catc(&big, 'x');
    str_0(&big);
    r = parse(big.s, &got, &why, &line);
    ok(r == -1 && strcmp(why, "target or command longer than 65536 bytes") ==
                      0,
       "a command is at most 65536 bytes");
    got.len = 0;
    str_copys(&big, "");
    for (i = 0; i < 800; i++)
        str_catc(&big, 'x');
    big.s[0] = 'y';
    big.s[400] = '@';
    ok(fwd_command(&got, big.s, 800, &why) == 1, "an 800-byte address");
    str_catc(&big, 'z');
    ok(fwd_command(&got, big.s, 801, &why) == -1 &&
           strcmp(why, "address longer than 800 bytes") == 0,
       "an 801-byte address is too long");

    for (i = 0; i < sizeof listlines / sizeof listlines[0]; i++) {
        got.len = 0;
        r = fwd_listline(&got, listlines[i].in, strlen(listlines[i].in),
                         &why);
        is_num(r, listlines[i].r, listlines[i].in);
        is_mem(bars(got.s, got.len), got.len, listlines[i].out,
               listlines[i].in);
    }

    /* walking stored commands */
    pos = 0;
    ok(fwd_next("&a@b\0|p\0", 8, &pos, &cmd, &len) == 1 && len == 4 &&
           fwd_next("&a@b\0|p\0", 8, &pos, &cmd, &len) == 1 && len == 2 &&
           cmd[0] == '|' && fwd_next("&a@b\0|p\0", 8, &pos, &cmd, &len) == 0,
       "fwd_next walks commands to the end");
    pos = 0;
    ok(fwd_next("&a@b", 4, &pos, &cmd, &len) == -1,
       "a command without its NUL is malformed");
    pos = 0;
    ok(fwd_next("?x\0", 3, &pos, &cmd, &len) == -1,
       "an owner among commands is malformed");
    pos = 0;
    ok(fwd_next("\0", 1, &pos, &cmd, &len) == -1,
       "an empty command is malformed");

    /* printforward's text, and back */
    out.len = 0;
    fwd_print(&out, ":root@yp.to", 11, "&god@x.y\0&a b@c\0|prog\0", 22);
    is_mem(out.s, out.len, "root@yp.to: &god@x.y,\n  &a\\ b@c,\n  |prog;\n",
           "a : record as setforward input");
    r = parse("root@yp.to: &god@x.y,\n  &a\\ b@c,\n  |prog;\n", &got, &why,
              &line);
    is_mem(got.s, got.len, "root@yp.to=&god@x.y|&a b@c||prog|;",
           "and it reads back the same");
    out.len = 0;
    fwd_print(&out, "?list@", 6, "owner-list@x.y", 14);
    is_mem(out.s, out.len, "list@: ?owner-list@x.y;\n", "a ? record");
    out.len = 0;
    fwd_print(&out, ":a@", 3, "", 0);
    is_mem(out.s, out.len, "a@:;\n", "a target without commands");
    ok(fwd_print(&out, "xa@", 3, "", 0) == -1 &&
           fwd_print(&out, ":a@", 3, "&x", 2) == -1 &&
           fwd_print(&out, "?a@", 3, "x\0", 2) == -1 &&
           out.len == 5,
       "records fastforward does not know are refused, output untouched");
    str_free(&got);
    str_free(&out);
    str_free(&big);
    return done_testing();
}
