/* unit-dotqmail: the .qmail cascade, line kinds, program exit codes,
 * HOSTn/EXTn, the added lines, the environment, loop detection. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dotqmail.h"
#include "unit.h"

/* All candidates for dash and ext, as "name=DEFAULT name ..." */
static const char *cascade(const char *dash, const char *ext)
{
    static struct dotqmail_search s = DOTQMAIL_SEARCH_INIT;
    static struct str safe, out;

    dotqmail_safeext(&safe, ext, strlen(ext));
    dotqmail_search_start(&s, dash, safe.s, safe.len);
    out.len = 0;
    while (dotqmail_search_next(&s) == 1) {
        if (out.len)
            str_catc(&out, ' ');
        str_cats(&out, s.name.s);
        if (s.has_default) {
            str_catc(&out, '=');
            str_cats(&out, ext + s.defpos);
        }
    }
    str_0(&out);
    return out.s;
}

static int is_str(const char *got, const char *want, const char *name);

static void touch(const char *name, const char *text)
{
    FILE *f = fopen(name, "w");

    if (f == NULL || fputs(text, f) == EOF || fclose(f) == EOF)
        exit(1);
}

/* dotqmail_open, dotqmail_read and dotqmail_newsender in a directory. */
static void files(void)
{
    static struct dotqmail_search s = DOTQMAIL_SEARCH_INIT;
    static struct str out, name;
    char d[] = "/tmp/quail-unit-dotqmail-d-XXXXXX";
    struct stat st;
    int fd;

    if (mkdtemp(d) == NULL || chdir(d) == -1)
        exit(1);
    touch(".qmail-a-default", "./a\n");
    mkdir(".qmail-a-b-default", 0700);
    dotqmail_search_start(&s, "-", "a-b-c", 5);
    fd = dotqmail_open(&s, &st);
    ok(fd >= 0 && strcmp(s.name.s, ".qmail-a-default") == 0 &&
           s.has_default && s.defpos == 2,
       "open: skips a directory, finds .qmail-a-default");
    ok(fd >= 0 && dotqmail_read(fd, &out, 100) && out.len == 4 &&
           memcmp(out.s, "./a\n", 4) == 0,
       "read: the file's contents");
    fd = open(".qmail-a-default", O_RDONLY);
    out.len = 0;
    errno = 0;
    ok(!dotqmail_read(fd, &out, 3) && errno == E2BIG,
       "read: longer than max is E2BIG");
    dotqmail_search_start(&s, "-", "x", 1);
    is_num(dotqmail_open(&s, &st), -1, "open: none of the files: -1");
    mkdir("sub", 0700);
    touch("sub/f", "");
    dotqmail_search_start(&s, "-", "x", 1);
    s.dash = "/sub/f/";
    errno = 0;
    is_num(dotqmail_open(&s, &st), -1, "ENOTDIR counts as missing");

    ok(dotqmail_newsender(&out, &name, "-", "l", 1, "joe-l", "h", "s@x") &&
           strcmp(out.s, "s@x") == 0,
       "newsender: no -owner file, the sender");
    touch(".qmail-l-owner", "");
    ok(dotqmail_newsender(&out, &name, "-", "l", 1, "joe-l", "h", "s@x") &&
           strcmp(out.s, "joe-l-owner@h") == 0,
       "newsender: -owner");
    touch(".qmail-l-owner-default", "");
    ok(dotqmail_newsender(&out, &name, "-", "l", 1, "joe-l", "h", "s@x") &&
           strcmp(out.s, "joe-l-owner-@h-@[]") == 0,
       "newsender: -owner-default, VERP");
    ok(dotqmail_newsender(&out, &name, "-", "l", 1, "joe-l", "h", "") &&
           strcmp(out.s, "") == 0 &&
           dotqmail_newsender(&out, &name, "-", "l", 1, "joe-l", "h",
                              "#@[]") &&
           strcmp(out.s, "#@[]") == 0,
       "newsender: bounces keep their sender");
    if (system("rm -rf .qmail-* sub") != 0 || chdir("/") == -1 ||
        rmdir(d) == -1)
        exit(1);
}

static int is_str(const char *got, const char *want, const char *name)
{
    return is_mem(got, strlen(got), want, name);
}

static const struct {
    const char *line;
    enum dotqmail_kind kind;
    const char *arg;
} lines[] = {
    { "", DQ_BLANK, "" },
    { " \t ", DQ_BLANK, "" },
    { "# comment", DQ_COMMENT, "# comment" },
    { "|preline cmd arg  ", DQ_PROGRAM, "preline cmd arg" },
    { "./Mailbox", DQ_MBOX, "./Mailbox" },
    { "/var/mail/joe\t", DQ_MBOX, "/var/mail/joe" },
    { "./Maildir/", DQ_MAILDIR, "./Maildir/" },
    { "/home/joe/Maildir/ ", DQ_MAILDIR, "/home/joe/Maildir/" },
    { "&joe@example.com", DQ_FORWARD, "joe@example.com" },
    { "joe@example.com", DQ_FORWARD, "joe@example.com" },
    { "&", DQ_FORWARD, "" },
    { "+list", DQ_LIST, "+list" },
    { "+list ", DQ_LIST, "+list" },
    { "+other", DQ_IGNORE, "+other" },
};

int main(void)
{
    static struct dotqmail_lines l;
    static struct str x;
    size_t i, nl = sizeof lines / sizeof lines[0], len;
    const char *arg;
    char tmpl[] = "/tmp/quail-unit-dotqmail-XXXXXX";
    int fd;

    plan(50 + 2 * (int)nl);

    /* dot-qmail(5): .qmail-EXT, then the -default cascade. */
    is_str(cascade("", ""), ".qmail", "user's own address: only .qmail");
    is_str(cascade("-", ""), ".qmail- .qmail-default=",
           "empty extension after a dash");
    is_str(cascade("-", "foo"), ".qmail-foo .qmail-default=foo", "one part");
    is_str(cascade("-", "a-b-c"),
           ".qmail-a-b-c .qmail-a-b-default=c .qmail-a-default=b-c "
           ".qmail-default=a-b-c",
           "a-b-c: longest prefix first");
    is_str(cascade("-", "a-b-"),
           ".qmail-a-b- .qmail-a-b-default= .qmail-a-default=b- "
           ".qmail-default=a-b-",
           "trailing dash");
    is_str(cascade("-", "Joe.Smith-X"),
           ".qmail-joe:smith-x .qmail-joe:smith-default=X "
           ".qmail-default=Joe.Smith-X",
           "lower case and dots to colons; DEFAULT keeps the original");
    is_str(cascade("-", "list-default"),
           ".qmail-list-default=default .qmail-list-default=default "
           ".qmail-default=list-default",
           "an extension ending in default sets DEFAULT itself");
    is_str(cascade("-", ".."), ".qmail-:: .qmail-default=..",
           "no way to name ..");
    is_str(cascade("--", "a"), ".qmail--a .qmail--default=a",
           "the dash is used as given");
    ok(dotqmail_name(&x, "-", "a-b", 3, "-owner") &&
           strcmp(x.s, ".qmail-a-b-owner") == 0,
       "dotqmail_name with a suffix");

    for (i = 0; i < nl; i++) {
        enum dotqmail_kind k =
            dotqmail_line(lines[i].line, strlen(lines[i].line), &arg, &len);
        is_num(k, lines[i].kind, lines[i].line);
        is_mem(arg, len, lines[i].arg, "its argument");
    }

    is_num(dotqmail_command_exit(0), DQ_EXIT_OK, "exit 0: ok");
    is_num(dotqmail_command_exit(99), DQ_EXIT_STOP, "exit 99: stop");
    is_num(dotqmail_command_exit(100), DQ_EXIT_PERM, "exit 100: bounce");
    is_num(dotqmail_command_exit(111), DQ_EXIT_TEMP, "exit 111: defer");
    ok(dotqmail_command_exit(64) == DQ_EXIT_PERM &&
           dotqmail_command_exit(65) == DQ_EXIT_PERM &&
           dotqmail_command_exit(70) == DQ_EXIT_PERM &&
           dotqmail_command_exit(76) == DQ_EXIT_PERM &&
           dotqmail_command_exit(77) == DQ_EXIT_PERM &&
           dotqmail_command_exit(78) == DQ_EXIT_PERM &&
           dotqmail_command_exit(112) == DQ_EXIT_PERM,
       "sendmail's hard codes and 112 bounce");
    ok(dotqmail_command_exit(1) == DQ_EXIT_TEMP &&
           dotqmail_command_exit(2) == DQ_EXIT_TEMP &&
           dotqmail_command_exit(75) == DQ_EXIT_TEMP &&
           dotqmail_command_exit(255) == DQ_EXIT_TEMP,
       "everything else defers");

    is_num((long)dotqmail_host("mail.example.com", 16, 2), 12, "HOST2");
    is_num((long)dotqmail_host("mail.example.com", 16, 3), 4, "HOST3");
    is_num((long)dotqmail_host("mail.example.com", 16, 4), 4,
           "HOST4 stops at the last dot there is");
    is_num((long)dotqmail_host("localhost", 9, 2), 9, "no dot: all of it");
    is_str(dotqmail_ext("a-b-c-d", 2), "b-c-d", "EXT2");
    is_str(dotqmail_ext("a-b-c-d", 3), "c-d", "EXT3");
    is_str(dotqmail_ext("a-b-c-d", 4), "d", "EXT4");
    is_str(dotqmail_ext("a", 2), "", "EXT2 of one part");
    is_str(dotqmail_ext("a-b", 4), "", "EXT4 of two parts");

    ok(dotqmail_lines(&l, "joe-x", "example.com", "a b@c.org", 0),
       "dotqmail_lines");
    is_str(l.recipient.s, "joe-x@example.com", "recipient");
    is_str(l.dtline.s, "Delivered-To: joe-x@example.com\n", "dtline");
    is_str(l.rpline.s, "Return-Path: <\"a b\"@c.org>\n",
           "rpline quotes the local part");
    is_str(l.ufline.s, "From a-b@c.org Thu Jan  1 00:00:00 1970\n",
           "ufline: spaces become dashes, asctime date in UTC");
    ok(dotqmail_lines(&l, "evil\nX-Hdr: 1", "h", "x\ny@z", 0),
       "newlines in addresses");
    is_str(l.dtline.s, "Delivered-To: evil_X-Hdr: 1@h\n",
           "cannot add a header line through DTLINE");
    is_str(l.rpline.s, "Return-Path: <\"x\\_y\"@z>\n",
           "nor through RPLINE");
    ok(dotqmail_lines(&l, "joe", "h", "", 0), "empty sender");
    is_str(l.rpline.s, "Return-Path: <>\n", "rpline <>");
    is_str(l.ufline.s, "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n",
           "ufline MAILER-DAEMON");

    ok(dotqmail_lines(&l, "joe", "a.b.c", "s@t", 0) &&
           dotqmail_setenv("joe", "/home/joe", "joe", "x-y-z", "a.b.c",
                           "s@t", &l) &&
           strcmp(getenv("HOST3"), "a") == 0 &&
           strcmp(getenv("EXT2"), "y-z") == 0 &&
           strcmp(getenv("RECIPIENT"), "joe@a.b.c") == 0 &&
           strcmp(getenv("DTLINE"), "Delivered-To: joe@a.b.c\n") == 0 &&
           strcmp(getenv("SENDER"), "s@t") == 0,
       "dotqmail_setenv");

    /* Loop detection reads the header only. */
    if ((fd = mkstemp(tmpl)) == -1)
        return 1;
    unlink(tmpl);
    {
        static const char m[] = "Received: x\n"
                                "Delivered-To: joe@a.b.co\n"
                                "Delivered-To: joe@a.b.c \n"
                                "delivered-to: joe@a.b.c\n"
                                "\n"
                                "Delivered-To: joe@a.b.c\n";
        if (write(fd, m, sizeof m - 1) != (ssize_t)sizeof m - 1)
            return 1;
        lseek(fd, 0, SEEK_SET);
        is_num(dotqmail_looping(fd, &l.dtline), 0,
               "near misses and a body line are not a loop");
        if (ftruncate(fd, 0) == -1)
            return 1;
        lseek(fd, 0, SEEK_SET);
        if (write(fd, "A: b\nDelivered-To: joe@a.b.c\n\nx", 31) != 31)
            return 1;
        lseek(fd, 0, SEEK_SET);
        is_num(dotqmail_looping(fd, &l.dtline), 1, "our line: a loop");
        if (ftruncate(fd, 0) == -1)
            return 1;
        lseek(fd, 0, SEEK_SET);
        is_num(dotqmail_looping(fd, &l.dtline), 0, "empty message");
    }
    is_num(dotqmail_looping(-1, &l.dtline), -1, "read error: -1");
    close(fd);
    files();
    return done_testing();
}
