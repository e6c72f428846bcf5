/*
 * qmail-rspawn - run qmail-send's remote deliveries (qmail-rspawn(8)):
 * qmail-remote, once per delivery, for the recipient's host.
 * Started by qmail-start as qmailr.
 *
 * in:   spawn requests on fd 0 (notes/interfaces.md)
 * out:  one report per delivery on fd 1: qmail-remote's recipient and
 *       message reports made into one K, Z or D with their texts
 * exit: 0 when fd 0 ends and every delivery is reported; 100 usage;
 *       111 the spawner cannot start
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "auto.h"
#include "die.h"
#include "errtext.h"
#include "exitcode.h"
#include "fmt.h"
#include "spawn.h"
#include "str.h"
#include "tcpto.h"
#include "wait.h"

static const char usage[] = "qmail-rspawn";

/* qmail-remote host sender recip, host being what follows the last '@'
 * of recip. Its report goes to our pipe (fd 1; fd 2 too, but it never
 * writes there). */
static void child(const char *sender, const char *recip)
{
    struct str prog = STR_INIT;
    const char *at = strrchr(recip, '@');
    char *argv[5];

    if (at == NULL || at[1] == '\0')
        spawn_child_fail(EXIT_OK, "DThe recipient address has no host",
                         " name. (#5.1.4)", NULL);
    if (!str_copys(&prog, auto_home) || !str_cats(&prog, "/bin/qmail-remote") ||
        !str_0(&prog))
        spawn_child_fail(EXIT_TEMP, "Out of memory in qmail-rspawn. (#4.3.0)",
                         NULL);
    argv[0] = prog.s;
    argv[1] = (char *)at + 1;
    argv[2] = (char *)sender;
    argv[3] = (char *)recip;
    argv[4] = NULL;
    execv(prog.s, argv);
    spawn_child_fail(EXIT_TEMP, "Unable to run qmail-remote: ",
                     errtext(errno), ". (#4.3.0)", NULL);
}

/* Where report number k (counting from 0) starts in t[0..n), and its
 * length in *len; NULL when there are fewer. The last one may lack its
 * NUL (the spawner keeps only the first SPAWN_TEXT_MAX bytes). */
static const char *nth(const char *t, size_t n, int k, size_t *len)
{
    size_t pos = 0, end;

    for (;;) {
        if (pos >= n)
            return NULL;
        end = pos + str_chr(t + pos, n - pos, '\0');
        if (k-- == 0) {
            *len = end - pos;
            return t + pos;
        }
        pos = end + 1;
    }
}

/* 1 K, 0 Z, -1 D, as qmail-rspawn ranks them; anything else is Z. */
static int rank(char c)
{
    return c == 'K' ? 1 : c == 'D' ? -1 : 0;
}

/* As qmail-rspawn: the recipient report decides when it is a refusal
 * ('h' D, 's' Z), else the message report does. The text is the
 * recipient report's, then the message report's unless the message
 * fared better than the recipient. */
static char combine(struct str *text)
{
    struct str out = STR_INIT;
    const char *r, *m = NULL;
    size_t rlen = 0, mlen = 0;
    int result, outcome;

    r = nth(text->s, text->len, 0, &rlen);
    if (r == NULL || rlen == 0) {
        (void)str_copys(text, "qmail-remote produced no output. (#4.3.0)");
        return 'Z';
    }
    if (strchr("rhs", r[0]) != NULL)
        m = nth(text->s, text->len, 1, &mlen);
    else
        m = r, mlen = rlen, r = NULL;
    result = m != NULL && mlen > 0 ? rank(m[0]) : 0;
    outcome = result;
    if (r != NULL && r[0] == 's')
        outcome = 0;
    if (r != NULL && r[0] == 'h')
        outcome = -1;
    if (r != NULL && rlen > 1 && !str_catb(&out, r + 1, rlen - 1))
        goto nomem;
    if (m != NULL && mlen > 1 && result <= outcome &&
        !str_catb(&out, m + 1, mlen - 1))
        goto nomem;
    if ((m == NULL || mlen == 0) && !str_cats(&out, "qmail-remote's report was cut"
                                     " short. (#4.3.0)"))
        goto nomem;
    str_free(text);
    *text = out;
    return outcome == 1 ? 'K' : outcome == -1 ? 'D' : 'Z';
nomem:
    str_free(&out);
    (void)str_copys(text, "Out of memory in qmail-rspawn. (#4.3.0)");
    return 'Z';
}

/* Exit 0: the report says what happened. Otherwise qmail-remote could
 * not run or crashed, which is never a reason to bounce (qmail 1.03
 * bounced on exit codes other than 0 and 111). */
static char result(int status, struct str *text)
{
    char num[FMT_ULONG + 1];
    int crashed = wait_crashed(status);

    if (!crashed && wait_exitcode(status) == 0)
        return combine(text);
    if (crashed)
        text->len = 0; /* a half-written report means nothing */
    else if (wait_exitcode(status) == EXIT_TEMP && text->len > 0)
        return 'Z'; /* it said why: exec failed, or qmail-remote's own */
    if (text->len > 0 && text->s[text->len - 1] != '\n')
        (void)str_catc(text, '\n');
    num[fmt_ulong(num, crashed ? (unsigned long)(status & 127)
                               : (unsigned long)wait_exitcode(status))] =
        '\0';
    (void)(str_cats(text, crashed ? "qmail-remote was killed by signal "
                                  : "qmail-remote exited with status ") &&
           str_cats(text, num) && str_cats(text, ". (#4.3.0)"));
    return 'Z';
}

int main(int argc, char **argv)
{
    static const struct spawn_prog prog = { child, result };

    (void)argv;
    progname = "qmail-rspawn";
    if (argc > 1)
        die_usage(usage);
    /* As qmail: a fresh start forgets old timeouts (and a table left in
     * another format). Failure only means the table stays as it is. */
    if (chdir(auto_home) == 0)
        (void)tcpto_clear();
    spawn_main(&prog);
}
