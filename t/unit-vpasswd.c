/* unit-vpasswd: vpasswd(5) lines and names, addresses user@domain and
 * user%domain, and vpasswd.cdb: compiled atomically, a bad line or a
 * repeated name leaving the old file as it was, lookups by name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vpasswd.h"
#include "unit.h"

#define V(s) s, sizeof s - 1
#define H "$y$j9T$abc$def"

struct bad {
    const char *line;
    const char *why;
};

static const struct bad bads[] = {
    {"joe:" H ":0:0:Joe:/d", "fewer than seven fields"},
    {"joe:" H ":0:0:Joe:/d:NOQUOTA:secret",
     "more than seven fields (clear-text passwords are not kept)"},
    {"Joe:" H ":0:0::/d:NOQUOTA", "user name has upper case letters"},
    {".joe:" H ":0:0::/d:NOQUOTA", "bad user name"},
    {":" H ":0:0::/d:NOQUOTA", "bad user name"},
    {"jo/e:" H ":0:0::/d:NOQUOTA", "bad user name"},
    {"vpasswd.cdb:" H ":0:0::/d:NOQUOTA", "bad user name"},
    {"joe:secret:0:0::/d:NOQUOTA", "password field is not a crypt(3) hash"},
    {"joe::0:0::/d:NOQUOTA", "password field is not a crypt(3) hash"},
    {"joe:" H ":x:0::/d:NOQUOTA", "uid or gid field is not a number"},
    {"joe:" H ":0:::/d:NOQUOTA", "uid or gid field is not a number"},
    {"joe:" H ":0:0::d:NOQUOTA", "directory is not an absolute path"},
    {"joe:" H ":0:0::/d:10M",
     "quota is neither NOQUOTA nor a number of bytes"},
    {"joe:" H ":0:0::/d:", "quota is neither NOQUOTA nor a number of bytes"},
    {"joe:" H ":0:0::/d:NOQUOTA\r", "NUL or CR in line"},
};

static void names(void)
{
    ok(vpasswd_name_ok(V("joe")), "plain name");
    ok(vpasswd_name_ok(V("j.o_e-x+y=z9")), "name with . _ - + =");
    ok(!vpasswd_name_ok(V("")), "empty name");
    ok(!vpasswd_name_ok(V("-joe")), "leading dash");
    ok(!vpasswd_name_ok(V("..")), "dot-dot");
    ok(!vpasswd_name_ok(V("a/b")), "slash");
    ok(!vpasswd_name_ok(V("a:b")), "colon");
    ok(!vpasswd_name_ok(V("a@b")), "at sign");
    ok(!vpasswd_name_ok(V("JOE")), "upper case");
    ok(!vpasswd_name_ok(V("vpasswd")), "a file of the domain directory");
    ok(vpasswd_name_ok(V("vpasswdx")), "only the exact file names");
    ok(vpasswd_name_ok(V("a123456789012345678901234567890123456789012345678"
                         "901234567890123")),
       "64 bytes");
    ok(!vpasswd_name_ok(V("a12345678901234567890123456789012345678901234567"
                          "89012345678901234")),
       "65 bytes");
    ok(vpasswd_domain_ok(V("example.com")), "domain");
    ok(vpasswd_domain_ok(V("xn--bcher-kva.example")), "punycode domain");
    ok(vpasswd_domain_ok(V("localhost")), "one label");
    ok(!vpasswd_domain_ok(V(".example.com")), "leading dot");
    ok(!vpasswd_domain_ok(V("example.com.")), "trailing dot");
    ok(!vpasswd_domain_ok(V("a..b")), "empty label");
    ok(!vpasswd_domain_ok(V("-a.b")), "label starting with -");
    ok(!vpasswd_domain_ok(V("a-.b")), "label ending with -");
    ok(!vpasswd_domain_ok(V("a/b")), "slash in domain");
    ok(!vpasswd_domain_ok(V("Example.com")), "upper case domain");
    ok(!vpasswd_domain_ok(V("")), "empty domain");
}

static void quotas(void)
{
    unsigned long long q = 7;

    is_num(vpasswd_quota("NOQUOTA", &q), 0, "NOQUOTA");
    is_num((long)q, 0, "NOQUOTA is 0 bytes");
    is_num(vpasswd_quota("1048576S", &q), 1, "vpopmail's 1048576S");
    is_num((long)q, 1048576, "in bytes");
    is_num(vpasswd_quota("5000", &q), 1, "plain bytes");
    is_num(vpasswd_quota("S", &q), -1, "S alone");
    is_num(vpasswd_quota("5k", &q), -1, "5k");
}

static void addresses(void)
{
    struct str n = STR_INIT, d = STR_INIT;

    is_num(vpasswd_address("Joe@Example.COM", &n, &d), 1, "user@domain");
    is_mem(n.s, n.len, "joe", "name lower-cased");
    is_mem(d.s, d.len, "example.com", "domain lower-cased");
    is_num(vpasswd_address("joe%example.com", &n, &d), 1, "user%domain");
    is_mem(d.s, d.len, "example.com", "domain after %");
    is_num(vpasswd_address("a%b@example.com", &n, &d), 0,
           "% before @ stays in the name, which is then bad");
    is_num(vpasswd_address("joe", &n, &d), 0, "no domain");
    is_num(vpasswd_address("joe@", &n, &d), 0, "empty domain");
    is_num(vpasswd_address("@example.com", &n, &d), 0, "empty name");
    is_num(vpasswd_address("joe@../etc", &n, &d), 0, "path as domain");
    str_free(&n);
    str_free(&d);
}

static void lines(void)
{
    struct str buf = STR_INIT, out = STR_INIT;
    struct vpasswd_ent e;
    const char *why = NULL;
    size_t i;
    char name[80];

    is_num(vpasswd_parse(V("joe:" H ":0:0:Joe Q. User:/d/joe:NOQUOTA"), &buf,
                         &e, &why),
           1, "a line");
    ok(!strcmp(e.name, "joe") && !strcmp(e.hash, H) && !strcmp(e.uid, "0") &&
           !strcmp(e.gid, "0") && !strcmp(e.gecos, "Joe Q. User") &&
           !strcmp(e.dir, "/d/joe") && !strcmp(e.quota, "NOQUOTA"),
       "its seven fields");
    ok(vpasswd_format(&out, &e), "format it");
    is_mem(out.s, out.len, "joe:" H ":0:0:Joe Q. User:/d/joe:NOQUOTA\n",
           "the same line back");
    is_num(vpasswd_parse(V("joe:!" H ":1:2::/d:0S"), &buf, &e, &why), 1,
           "a locked entry, empty gecos");
    is_num(vpasswd_parse(V(""), &buf, &e, &why), 0, "blank line");
    is_num(vpasswd_parse(V("# joe:x"), &buf, &e, &why), 0, "comment");
    for (i = 0; i < sizeof bads / sizeof *bads; i++) {
        why = NULL;
        snprintf(name, sizeof name, "refused: %.60s", bads[i].line);
        ok(vpasswd_parse(bads[i].line, strlen(bads[i].line), &buf, &e, &why) ==
                   -1 &&
               errno == EINVAL,
           name);
        if (why == NULL)
            why = "(null)";
        is_mem(why, strlen(why), bads[i].why, "  the reason");
    }
    str_free(&buf);
    str_free(&out);
}

static void cdb(void)
{
    static const char good[] = "# users\nann:" H ":0:0:Ann:/d/ann:NOQUOTA\n"
                               "\nbob:" H ":0:0:Bob:/d/bob:100S\n";
    struct str text = STR_INIT, buf = STR_INIT;
    struct vpasswd_ent e;
    char dir[] = "/tmp/unit-vpasswd.XXXXXX", path[64];
    unsigned long lineno = 99;
    const char *why;
    size_t pos = 0, len = 0;
    struct stat st1, st2;

    ok(mkdtemp(dir) != NULL, "temporary directory");
    snprintf(path, sizeof path, "%s/vpasswd.cdb", dir);
    is_num(vpasswd_lookup(path, "ann", &buf, &e), -1, "no cdb: an error");
    is_num(errno, ENOENT, "  ENOENT");
    str_copys(&text, good);
    ok(vpasswd_compile(&text, path, (uid_t)-1, (gid_t)-1, &lineno, &why),
       "compile");
    is_num(vpasswd_lookup(path, "bob", &buf, &e), 1, "look bob up");
    ok(!strcmp(e.gecos, "Bob") && !strcmp(e.quota, "100S"), "  his entry");
    is_num(vpasswd_lookup(path, "carl", &buf, &e), 0, "no carl");
    is_num(vpasswd_lookup(path, "Bob", &buf, &e), 0, "keys are exact");
    ok(vpasswd_find(&text, "bob", &pos, &len), "find bob's line");
    is_mem(text.s + pos, len, "bob:" H ":0:0:Bob:/d/bob:100S", "  it");
    ok(!vpasswd_find(&text, "bo", &pos, &len), "a prefix is not a name");
    stat(path, &st1);
    str_cats(&text, "ann:" H ":0:0:Again:/d/ann2:NOQUOTA\n");
    ok(!vpasswd_compile(&text, path, (uid_t)-1, (gid_t)-1, &lineno, &why) &&
           errno == EINVAL,
       "a name twice is refused");
    is_num((long)lineno, 5, "  on line 5");
    is_mem(why, strlen(why), "user name listed twice", "  why");
    stat(path, &st2);
    ok(st1.st_ino == st2.st_ino, "old cdb left in place");
    snprintf(path, sizeof path, "%s/vpasswd.cdb.tmp", dir);
    ok(access(path, F_OK) == -1, "no temporary file left");
    snprintf(path, sizeof path, "%s/vpasswd.cdb", dir);
    str_copys(&text, good);
    str_cats(&text, "carl:secret:0:0::/d/c:NOQUOTA\n");
    ok(!vpasswd_compile(&text, path, (uid_t)-1, (gid_t)-1, &lineno, &why),
       "a clear-text password is refused");
    is_num((long)lineno, 5, "  on line 5");
    is_num(vpasswd_lookup(path, "carl", &buf, &e), 0, "  carl not added");
    str_copys(&text, good);
    str_cats(&text, "carl:" H ":0:0::/d/c:NOQUOTA"); /* no final newline */
    ok(vpasswd_compile(&text, path, (uid_t)-1, (gid_t)-1, &lineno, &why),
       "last line without a newline");
    is_num(vpasswd_lookup(path, "carl", &buf, &e), 1, "  carl is there");
    stat(path, &st2);
    ok(st1.st_ino != st2.st_ino, "a new file renamed into place");
    unlink(path);
    rmdir(dir);
    str_free(&text);
    str_free(&buf);
}

int main(void)
{
    plan(24 + 7 + 10 + 7 + 2 * (int)(sizeof bads / sizeof *bads) + 22);
    names();
    quotas();
    addresses();
    lines();
    cdb();
    return done_testing();
}
