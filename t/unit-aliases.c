/* unit-aliases: sendmail-style address lists as newaliases(1) and
 * dot-forward(1) read them (RFC 822 comments, quotes, <>, programs,
 * :include:), /etc/aliases instructions, and qmail-header(5)'s
 * defaulthost/defaultdomain/plusdomain completion. */
#include <errno.h>

#include "aliases.h"
#include "unit.h"

/* Stored commands shown with NULs as '|'. */
static const char *bars(const struct str *x)
{
    static char b[1024];
    size_t i;

    for (i = 0; i < x->len && i < sizeof b - 1; i++)
        b[i] = x->s[i] == '\0' ? '|' : x->s[i];
    b[i] = '\0';
    return b;
}

/* Items shown as "kind text" joined by " | ". */
static const char *show(const struct str *items)
{
    static char b[1024];
    size_t pos = 0, o = 0, k;
    const char *text;
    char kind;

    while (aliases_next(items, &pos, &kind, &text)) {
        if (o > 0 && o + 3 < sizeof b) {
            b[o++] = ' ';
            b[o++] = '|';
            b[o++] = ' ';
        }
        if (o + 1 < sizeof b)
            b[o++] = kind;
        for (k = 0; text[k] && o + 1 < sizeof b; k++)
            b[o++] = text[k];
    }
    b[o] = '\0';
    return b;
}

struct lcase {
    const char *in, *out;
};

static const struct lcase lists[] = {
    {"bob", "&bob"},
    {"bob, fred@x.y", "&bob | &fred@x.y"},
    {"a b c", "&a | &b | &c"},
    {"a,,b,", "&a | &b"},
    {"bob (Bob, the postmaster) @heaven.af.mil", "&bob@heaven.af.mil"},
    {"Joe Shmoe <shmoe@heaven.af.mil>", "&shmoe@heaven.af.mil"},
    {"\"Joe Q. Public\" <jq@x.y>, z", "&jq@x.y | &z"},
    {"<@route.a:user@x.y>", "&user@x.y"},
    {"\"spaced out mailbox\"@heaven.af.mil",
     "&spaced out mailbox@heaven.af.mil"},
    {"\\joe", "&joe"},
    {"\"|vacation bob\"", "|vacation bob"},
    {"|prog", "|prog"},
    {"|prog arg", "|prog | &arg"},
    {"|\"prog arg\"", "|prog arg"},
    {"\"|prog @ at\"", "|prog @ at"},
    {"|prog@host.dom", "&|prog@host.dom"},
    {"/tmp/file", "//tmp/file"},
    {"/x@y.z", "&/x@y.z"},
    {"\"/a b\"", "//a b"},
    {":include:/etc/staff", ":/etc/staff"},
    {": include : /etc/staff.list", ":/etc/staff.list"},
    {":INCLUDE:\"/etc/q x\"", ":/etc/q x"},
    {"a . b @ c . d", "&a.b@c.d"},
    {"x@[1.2.3.4]", "&x@[1.2.3.4]"},
    {"a (nested (comment) here) b", "&a | &b"},
    {"  ", ""},
    {"joe\r", "&joe"},
    {"caf\xc3\xa9@x.y", "&caf\xc3\xa9@x.y"},
};

struct ecase {
    const char *in, *why;
};

static const struct ecase errs[] = {
    {"(unterminated", "unbalanced parenthesis"},
    {"a)", "unbalanced parenthesis"},
    {"\"unterminated", "unbalanced quote"},
    {"x@[1.2", "unbalanced bracket"},
    {"x]", "unbalanced bracket"},
    {"joe\\", "backslash at the end of a line"},
    {"a:b", "address groups are not permitted"},
    {"group: a, b;", "address groups are not permitted"},
    {"<a@b", "unbalanced angle bracket"},
    {"a@b>", "unbalanced angle bracket"},
    {"<a@b> junk", "unbalanced angle bracket"},
    {"<a> <b>", "unbalanced angle bracket"},
    {"<>", "empty address"},
    {"\"\"", "empty address"},
    {"|", "empty program"},
    {"\"|\"", "empty program"},
    {":include:", "empty :include: file name"},
    {":include:/a b", "white space in an :include: file name must be quoted"},
    {":include:<x>", "special character in an :include: file name"},
    {"a\001b", "control character in an address"},
    {"\"a\nb\"", "control character in an address"},
};

struct tcase {
    const char *in, *target, *items;
};

static const struct tcase lines[] = {
    {"root: alice, bill", "root@", "&alice | &bill"},
    {"Mixed@Case.Dom: x", "mixed@case.dom", "&x"},
    {"@virt.dom: joe", "@virt.dom", "&joe"},
    {"(this catches all other addresses)@virt.dom: joe", "@virt.dom",
     "&joe"},
    {"owner-list: boss", "owner-list@", "&boss"},
    {"hostmaster:  fred,   joe", "hostmaster@", "&fred | &joe"},
    {"weather: \"|weather-server\"", "weather@", "|weather-server"},
    {"list: :include:/etc/staff, a", "list@", ":/etc/staff | &a"},
    {"\"odd name\": x", "odd name@", "&x"},
};

static const struct ecase line_errs[] = {
    {"no colon here", "no colon after the alias name"},
    {": x", "no alias name before the colon"},
    {"f g: x", "white space in an alias name"},
    {"a<b>: x", "special character in an alias name"},
    {"empty:", "no addresses after the colon"},
    {"empty: ,", "no addresses after the colon"},
    {"e: <>", "empty address"},
};

struct qcase {
    const char *in, *out;
};

static const struct qcase quals[] = {
    {"joe", "joe@dh.test"},
    {"joe@", "joe@dh.test"},
    {"joe@host", "joe@host.dd.test"},
    {"joe@host+", "joe@host.pd.test"},
    {"joe@h.d+", "joe@h.d.pd.test"},
    {"joe@h.d", "joe@h.d"},
    {"joe@[1.2.3.4]", "joe@[1.2.3.4]"},
    {"a@b@c.d", "a@b@c.d"},
    {"joe@host.", "joe@host.dd.test"},
    {"joe@h.d.", "joe@h.d"},
};

int main(void)
{
    struct str items = STR_INIT, tgt = STR_INIT, out = STR_INIT;
    struct aliases_hosts h = ALIASES_HOSTS_INIT;
    const char *why;
    size_t i;
    int r;

    plan((int)(sizeof lists / sizeof lists[0] + 2 * (sizeof errs /
         sizeof errs[0]) + 2 * (sizeof lines / sizeof lines[0]) +
         2 * (sizeof line_errs / sizeof line_errs[0]) +
         sizeof quals / sizeof quals[0] + 11));
    for (i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        items.len = 0;
        r = aliases_list(&items, lists[i].in, strlen(lists[i].in), &why);
        if (r != 1)
            printf("# %s: %s\n", lists[i].in, r == -1 ? why : "no memory");
        is_mem(show(&items), strlen(show(&items)), lists[i].out,
               lists[i].in);
    }
    for (i = 0; i < sizeof errs / sizeof errs[0]; i++) {
        items.len = 0;
        why = "";
        r = aliases_list(&items, errs[i].in, strlen(errs[i].in), &why);
        ok(r == -1 && errno == EINVAL && items.len == 0, errs[i].why);
        is_mem(why, strlen(why), errs[i].why, "its reason");
    }
    items.len = 0;
    ok(aliases_list(&items, "ok", 2, &why) == 1 &&
           aliases_list(&items, "x, (", 4, &why) == -1 &&
           strcmp(show(&items), "&ok") == 0,
       "a failed parse leaves earlier items alone");
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        items.len = 0;
        r = aliases_line(&tgt, &items, lines[i].in, strlen(lines[i].in),
                         &why);
        if (r != 1)
            printf("# %s: %s\n", lines[i].in, r == -1 ? why : "no memory");
        is_mem(tgt.s, tgt.len, lines[i].target, lines[i].in);
        is_mem(show(&items), strlen(show(&items)), lines[i].items,
               lines[i].in);
    }
    for (i = 0; i < sizeof line_errs / sizeof line_errs[0]; i++) {
        items.len = 0;
        why = "";
        r = aliases_line(&tgt, &items, line_errs[i].in,
                         strlen(line_errs[i].in), &why);
        ok(r == -1 && items.len == 0, line_errs[i].in);
        is_mem(why, strlen(why), line_errs[i].why, line_errs[i].why);
    }
    str_copys(&h.defaulthost, "dh.test");
    str_copys(&h.defaultdomain, "dd.test");
    str_copys(&h.plusdomain, "pd.test");
    for (i = 0; i < sizeof quals / sizeof quals[0]; i++) {
        aliases_qualify(&out, quals[i].in, strlen(quals[i].in), &h);
        is_mem(out.s, out.len, quals[i].out, quals[i].in);
    }
    str_copys(&h.defaulthost, "mail");
    aliases_qualify(&out, "joe", 3, &h);
    is_mem(out.s, out.len, "joe@mail.dd.test",
           "a defaulthost without a dot gets the defaultdomain too");
    ok(out.s[out.len] == '\0', "qualified address is NUL-terminated");
    /* items to fastforward commands */
    str_copys(&h.defaulthost, "dh.test");
    items.len = 0;
    aliases_list(&items, "joe, \"|prog x\", :include:/etc/staff, y@h+",
                 strlen("joe, \"|prog x\", :include:/etc/staff, y@h+"),
                 &why);
    out.len = 0;
    ok(aliases_commands(&out, &items, &h, 1, &why) == 1, "commands");
    is_mem(bars(&out), out.len,
           "&joe@dh.test|!prog x|/etc/staff.bin|&y@h.pd.test|",
           "addresses completed, programs with !, lists as .bin");
    out.len = 0;
    ok(aliases_commands(&out, &items, &h, 0, &why) == -1 && out.len == 0 &&
           strcmp(why, "program deliveries are not supported here") == 0,
       "programs refused when not allowed");
    items.len = 0;
    aliases_list(&items, "/tmp/f", 6, &why);
    ok(aliases_commands(&out, &items, &h, 1, &why) == -1 &&
           strcmp(why, "file deliveries are not supported (use a .qmail "
                       "file)") == 0,
       "file deliveries refused");
    items.len = 0;
    aliases_list(&items, ":include:staff", 14, &why);
    ok(aliases_commands(&out, &items, &h, 1, &why) == -1 &&
           strcmp(why, ":include: file name must start with / or .") == 0,
       "relative :include: names refused");
    items.len = 0;
    str_copys(&out, "");
    for (i = 0; i < 795; i++)
        str_catc(&out, 'x');
    str_cats(&out, "@x");
    aliases_list(&items, out.s, out.len, &why);
    out.len = 0;
    ok(aliases_commands(&out, &items, &h, 1, &why) == -1 &&
           strcmp(why, "address longer than 800 bytes") == 0,
       "an address over 800 bytes once completed");

    /* long lists: many items, many tokens */
    items.len = 0;
    str_copys(&out, "");
    for (i = 0; i < 5000; i++)
        str_cats(&out, "someone@example.com, ");
    ok(aliases_list(&items, out.s, out.len, &why) == 1,
       "a list of 5000 addresses");
    ok(items.len == 5000 * (sizeof "&someone@example.com"),
       "every one of them is an item");
    str_free(&items);
    str_free(&tgt);
    str_free(&out);
    str_free(&h.defaulthost);
    str_free(&h.defaultdomain);
    str_free(&h.plusdomain);
    return done_testing();
}
