/* unit-qsbmf: bounce paragraphs, header and quoting (QSBMF). */
#include <string.h>

#include "qsbmf.h"
#include "unit.h"

static void para(const char *recip, const char *report, const char *want,
                 const char *name)
{
    struct str out = STR_INIT;

    ok(qsbmf_recipient(&out, recip, strlen(recip), report, strlen(report)),
       "recipient paragraph built");
    is_mem(out.s, out.len, want, name);
    str_free(&out);
}

static void quote(const char *addr, const char *want)
{
    struct str out = STR_INIT;
    char name[200];

    snprintf(name, sizeof name, "quote %s", addr);
    qsbmf_quote(&out, addr, strlen(addr));
    is_mem(out.s, out.len, want, name);
    str_free(&out);
}

int main(void)
{
    struct str out = STR_INIT;

    plan(28);
    para("joe@example.org", "Sorry, no mailbox here by that name. (#5.1.1)\n",
         "<joe@example.org>:\nSorry, no mailbox here by that name. "
         "(#5.1.1)\n\n",
         "one line with newline");
    para("joe@example.org", "no newline",
         "<joe@example.org>:\nno newline\n\n", "a newline is added");
    para("a@b", "line one\n\nline three\n",
         "<a@b>:\nline one\n/line three\n\n",
         "a blank line inside becomes /");
    para("a@b", "\nstarts blank", "<a@b>:\n/starts blank\n\n",
         "a leading blank line becomes /");
    para("a@b", "", "<a@b>:\n\n", "empty report");
    para("a\nb@c", "x", "<a_b@c>:\nx\n\n", "newline in address becomes _");

    quote("joe@example.org", "joe@example.org");
    quote("first.last@example.org", "first.last@example.org");
    quote("MAILER-DAEMON", "MAILER-DAEMON");
    quote("joe smith@example.org", "\"joe smith\"@example.org");
    quote(".joe@example.org", "\".joe\"@example.org");
    quote("a..b@x", "\"a..b\"@x");
    quote("a\"b\\c@x", "\"a\\\"b\\\\c\"@x");
    quote("@x", "\"\"@x");
    quote("a@b@c", "\"a@b\"@c");

    ok(qsbmf_head(&out, "Mon, 1 Jan 2026 00:00:00 +0000", 30,
                  "MAILER-DAEMON", 13, "quail.test", 10, "joe@example.org",
                  15, 0),
       "head built");
    ok(out.len > 0 &&
           strstr(out.s, "Date: Mon, 1 Jan 2026 00:00:00 +0000\n"
                         "From: MAILER-DAEMON@quail.test\n"
                         "To: joe@example.org\n"
                         "Subject: failure notice\n\n"
                         "Hi. This is the qmail-send program at "
                         "quail.test.\n") == out.s,
       "header fields, then a body beginning \"Hi. This is the\"");
    str_0(&out);
    ok(out.len > 2 && out.s[out.len - 1] == '\n' && out.s[out.len - 2] == '\n',
       "introduction ends with a blank line");
    ok(strstr(out.s, "permanent") != NULL, "single bounce says permanent");
    out.len = 0;
    qsbmf_head(&out, "D", 1, "MAILER-DAEMON", 13, "h", 1, "postmaster@h",
               12, 1);
    str_0(&out);
    ok(strstr(out.s, "bounce itself bounced") != NULL,
       "double bounce says so");
    out.len = 0;
    ok(qsbmf_break(&out, "joe@example.org", 15), "break built");
    is_mem(out.s, out.len,
           "--- Below this line is a copy of the message.\n\n"
           "Return-Path: <joe@example.org>\n",
           "break paragraph begins with '-', then Return-Path");
    str_free(&out);
    return done_testing();
}
