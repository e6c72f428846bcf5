/*
 * maildirwatch - a screen that shows the new messages of a Maildir, for
 * a terminal window (qmail 1.03's maildirwatch(1)).
 *
 * in:   $MAILDIR, the Maildir ($HOME/Maildir when it is not set); the
 *       messages in its new/
 * out:  every 30 seconds: a VT100 clear-screen, then for each message in
 *       new/, oldest first, "FROM <sender> TO <recipient>", its From
 *       field in bold, and its subject with the start of its body, every
 *       unprintable byte replaced
 * exit: runs until killed; 111 when the Maildir cannot be read or the
 *       screen cannot be written
 */
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "die.h"
#include "env.h"
#include "exitcode.h"
#include "maildirscan.h"
#include "msghdr.h"
#include "str.h"

#define INTERVAL 30 /* seconds: "twice per minute" */
#define TEXTMAX 158 /* two lines of a terminal */

static struct str sender = STR_INIT, recipient = STR_INIT, fromline = STR_INIT,
                  text = STR_INIT, field = STR_INIT, dir = STR_INIT;

static void die_write(void) __attribute__((noreturn));
static void die_write(void)
{
    die_sys(EXIT_TEMP, "unable to write to the screen", NULL);
}

static void add_text(const char *s, size_t n)
{
    if (text.len >= TEXTMAX)
        return;
    if (n > TEXTMAX - text.len)
        n = TEXTMAX - text.len;
    if (!str_catb(&text, s, n))
        die_nomem();
}

/* The value of field f from offset i, without the final newline. */
static void value(struct str *to, const char *f, size_t n, size_t i)
{
    if (n > i && f[n - 1] == '\n')
        n--;
    if (!str_copyb(to, f + i, n - i))
        die_nomem();
}

/* Escape sequences in a message must not reach the terminal. */
static void put_printable(struct str *s, char c)
{
    size_t i;

    for (i = 0; i < s->len; i++)
        if ((unsigned char)s->s[i] < 32 || (unsigned char)s->s[i] > 126)
            s->s[i] = c;
    if (!buf_put(&buf_out, s->s, s->len))
        die_write();
}

static void read_message(int fd)
{
    static char space[BUF_SIZE];
    struct buf in = BUF_INIT(fd, space, sizeof space);
    char b[TEXTMAX];
    size_t i;
    ssize_t r;
    int got, has_rcpt = 0;

    if (!str_copys(&sender, "?") || !str_copys(&recipient, "?"))
        die_nomem();
    fromline.len = text.len = 0;
    while ((got = msghdr_next(&in, &field, 4096)) == 1) {
        if ((i = msghdr_is(field.s, field.len, "Subject")) != 0)
            add_text(field.s + i, field.len - i);
        else if ((i = msghdr_is(field.s, field.len, "Return-Path")) != 0)
            value(&sender, field.s, field.len, i);
        else if (msghdr_is(field.s, field.len, "From") != 0)
            value(&fromline, field.s, field.len, 0);
        /* The first Delivered-To is the one of this delivery. */
        else if (!has_rcpt &&
                 (i = msghdr_is(field.s, field.len, "Delivered-To")) != 0) {
            value(&recipient, field.s, field.len, i);
            has_rcpt = 1;
        }
    }
    while (got == 0 && text.len < TEXTMAX &&
           (r = buf_get(&in, b, TEXTMAX - text.len)) > 0)
        add_text(b, (size_t)r);
}

static void show(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    /* Gone already: a mail reader took it since the scan. */
    if (fd == -1)
        return;
    read_message(fd);
    close(fd);
    buf_puts(&buf_out, "FROM ");
    put_printable(&sender, '?');
    buf_puts(&buf_out, " TO <");
    put_printable(&recipient, '?');
    buf_puts(&buf_out, ">\n");
    if (fromline.len > 0) {
        buf_puts(&buf_out, "\033[1m");
        put_printable(&fromline, '/');
        buf_puts(&buf_out, "\033[0m\n");
    }
    put_printable(&text, '/');
    if (!buf_puts(&buf_out, "\n\n"))
        die_write();
}

static void screen(void)
{
    static struct maildirscan md = MAILDIRSCAN_INIT;
    size_t i;

    maildirscan_clean(time(NULL));
    if (!maildirscan_scan(&md))
        die_sys(EXIT_TEMP, "unable to scan ", dir.s, NULL);
    /* VT100: cursor home, erase the screen. */
    if (!buf_puts(&buf_out, "\033[;H\033[;J"))
        die_write();
    for (i = 0; i < md.n; i++)
        if (str_starts(md.msg[i].path, "new/"))
            show(md.msg[i].path);
    if (!buf_flush(&buf_out))
        die_write();
}

int main(void)
{
    const char *md = env_get("MAILDIR"), *home;

    progname = "maildirwatch";
    if (md != NULL && *md != '\0') {
        if (!str_copys(&dir, md))
            die_nomem();
    } else if ((home = env_get("HOME")) != NULL && *home != '\0') {
        if (!str_copys(&dir, home) || !str_cats(&dir, "/Maildir"))
            die_nomem();
    } else
        die(EXIT_TEMP, "MAILDIR is not set", NULL);
    if (!str_0(&dir))
        die_nomem();
    if (chdir(dir.s) == -1)
        die_sys(EXIT_TEMP, "unable to chdir to ", dir.s, NULL);
    for (;;) {
        screen();
        sleep(INTERVAL);
    }
}
