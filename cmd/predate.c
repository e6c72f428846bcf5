/*
 * predate - run a program with a Date field in the local time zone in
 * front of what it reads: predate sendmail -t (qmail 1.03's predate; see
 * datemail(1)). Mail injected with it carries the sender's local time
 * instead of the UTC date qmail-inject would add.
 *
 * in:   argv[1..], the program and its arguments; the message on fd 0
 * out:  "Date: 4 Jan 2026 13:09:56 -0500" and a newline, then the
 *       message, on the program's fd 0
 * exit: the program's exit code; 100 usage; 111 the program crashed or
 *       could not be run, or the message could not be read
 */
#include <signal.h>
#include <stddef.h>
#include <time.h>

#include "die.h"
#include "exitcode.h"
#include "feed.h"
#include "fmt.h"
#include "sig.h"

static const char usage[] = "predate program [arg ...]";

/* RFC 5322 3.3 date-time without the optional day of the week, as qmail
 * 1.03's predate wrote it, in English whatever the locale. */
static size_t dateline(char *s, time_t now)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    struct tm tm;
    long off, mins;
    size_t n = 0;

    if (localtime_r(&now, &tm) == NULL)
        die(EXIT_TEMP, "unable to find the local time", NULL);
    n += fmt_str(s + n, "Date: ");
    n += fmt_ulong(s + n, (unsigned long)tm.tm_mday);
    s[n++] = ' ';
    s[n++] = months[tm.tm_mon * 3];
    s[n++] = months[tm.tm_mon * 3 + 1];
    s[n++] = months[tm.tm_mon * 3 + 2];
    s[n++] = ' ';
    n += fmt_ulong(s + n, (unsigned long)tm.tm_year + 1900);
    s[n++] = ' ';
    n += fmt_ulong0(s + n, (unsigned long)tm.tm_hour, 2);
    s[n++] = ':';
    n += fmt_ulong0(s + n, (unsigned long)tm.tm_min, 2);
    s[n++] = ':';
    n += fmt_ulong0(s + n, (unsigned long)tm.tm_sec, 2);
    /* tm_gmtoff: seconds east of UTC, rounded to whole minutes. */
    off = tm.tm_gmtoff;
    s[n++] = ' ';
    s[n++] = off < 0 ? '-' : '+';
    mins = ((off < 0 ? -off : off) + 30) / 60;
    n += fmt_ulong0(s + n, (unsigned long)(mins / 60 % 100), 2);
    n += fmt_ulong0(s + n, (unsigned long)(mins % 60), 2);
    s[n++] = '\n';
    return n;
}

int main(int argc, char **argv)
{
    char line[128];
    struct feed f;
    size_t n;
    int code;

    progname = "predate";
    if (argc < 2)
        die_usage(usage);
    n = dateline(line, time(NULL));
    sig_ignore(SIGPIPE);
    if (!feed_start(&f, argv + 1))
        die_sys(EXIT_TEMP, "unable to start ", argv[1], NULL);
    if (!feed_copy(&f, line, n, 0)) {
        feed_abort(&f);
        die_sys(EXIT_TEMP, "unable to read the message", NULL);
    }
    if ((code = feed_finish(&f)) == -1)
        die_sys(EXIT_TEMP, "unable to wait for ", argv[1], NULL);
    if (code == -2)
        die(EXIT_TEMP, argv[1], " crashed", NULL);
    return code;
}
