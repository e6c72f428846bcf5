/*
 * qbiff - show a new message's sender and subject on the terminals where
 * its user ran "biff y": |qbiff in a .qmail file (qmail 1.03's qbiff(1)).
 * It writes to the terminals itself, as qmail's does; no comsat.
 *
 * in:   $USER, $LOCAL, $SENDER from qmail-local (qmail-command(8)); the
 *       message on fd 0; the utmp login records ($QBIFF_UTMP names
 *       another file, for tests)
 * out:  to each terminal /dev/LINE of a login of $USER that we own and
 *       whose owner-execute bit is set (what biff y sets): a bell,
 *       "*** TO <local> FROM <sender>", and a line with the subject and
 *       the start of the body, at most 78 characters, unprintable bytes
 *       replaced
 * exit: 0 always: a notice that cannot be shown is no reason to bounce
 *       or defer the mail
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utmpx.h>

#include "buf.h"
#include "env.h"
#include "msghdr.h"
#include "str.h"

#define TEXTMAX 78 /* one line of a terminal */

static struct str note = STR_INIT, text = STR_INIT, field = STR_INIT;

static void add_text(const char *s, size_t n)
{
    if (text.len >= TEXTMAX)
        return;
    if (n > TEXTMAX - text.len)
        n = TEXTMAX - text.len;
    if (!str_catb(&text, s, n))
        _exit(0);
}

/* Bytes a terminal would act on (escape sequences, newlines) become c. */
static void printable(char *s, size_t n, char c)
{
    size_t i;

    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] < 32 || (unsigned char)s[i] > 126)
            s[i] = c;
}

/* "    SUBJECT/BODY..." from the message on fd 0. */
static void summary(void)
{
    static char space[BUF_SIZE];
    struct buf in = BUF_INIT(0, space, sizeof space);
    char b[TEXTMAX];
    size_t i;
    ssize_t r;
    int got;

    add_text("    ", 4);
    while ((got = msghdr_next(&in, &field, 1024)) == 1)
        if ((i = msghdr_is(field.s, field.len, "Subject")) != 0)
            add_text(field.s + i, field.len - i);
    while (got == 0 && text.len < TEXTMAX &&
           (r = buf_get(&in, b, TEXTMAX - text.len)) > 0)
        add_text(b, (size_t)r);
    printable(text.s, text.len, '/');
}

static void notify(const char *line)
{
    static struct str tty = STR_INIT;
    struct stat st;
    int fd;

    /* A line is a name under /dev: nothing absolute, nothing with a dot
     * (so no ".."), as qmail checked. */
    if (line[0] == '\0' || line[0] == '/' || strchr(line, '.') != NULL)
        return;
    if (!str_copys(&tty, "/dev/") || !str_cats(&tty, line) || !str_0(&tty))
        _exit(0);
    /* O_NOCTTY: never become the terminal's controlling process.
     * O_NONBLOCK: a terminal that does not take output is skipped. */
    fd = open(tty.s, O_WRONLY | O_APPEND | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd == -1)
        return;
    if (fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_uid == getuid() &&
        (st.st_mode & S_IXUSR))
        if (write(fd, note.s, note.len) == -1) {
            /* nothing to do: the next terminal may work */
        }
    close(fd);
}

int main(void)
{
    const char *user = env_get("USER"), *local = env_get("LOCAL"),
               *sender = env_get("SENDER"), *utmp = env_get("QBIFF_UTMP");
    struct utmpx *u;
    char line[sizeof u->ut_line + 1];
    size_t start;

    if (user == NULL || local == NULL || sender == NULL ||
        strlen(user) > sizeof u->ut_user)
        return 0;
    if (!str_copys(&note, "\r\n\a") || !str_cats(&note, "*** TO <"))
        return 0;
    start = note.len;
    if (!str_cats(&note, local) || !str_cats(&note, "> FROM <") ||
        !str_cats(&note, sender) || !str_cats(&note, ">"))
        return 0;
    printable(note.s + start, note.len - start, '_');
    summary();
    if (!str_cats(&note, "\r\n") || !str_cat(&note, &text) ||
        !str_cats(&note, "\r\n"))
        return 0;
    if (utmp != NULL && utmpxname(utmp) == -1)
        return 0;
    setutxent();
    while ((u = getutxent()) != NULL) {
        if (u->ut_type != USER_PROCESS ||
            strncmp(u->ut_user, user, sizeof u->ut_user) != 0)
            continue;
        memcpy(line, u->ut_line, sizeof u->ut_line);
        line[sizeof u->ut_line] = '\0';
        notify(line);
    }
    endutxent();
    return 0;
}
