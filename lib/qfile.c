/* qfile.c - queue file names, directory sync and qmail's date form. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auto.h"
#include "fmt.h"
#include "qfile.h"
#include "scan.h"

int qfile_is_split(const char *dir)
{
    return strcmp(dir, "mess") == 0 || strcmp(dir, "info") == 0 ||
           strcmp(dir, "local") == 0 || strcmp(dir, "remote") == 0;
}

size_t qfile_name(char *s, const char *dir, unsigned long id)
{
    size_t len = strlen(dir);

    /* dir, two slashes, two numbers of at most 20 digits, NUL */
    if (len > QFILE_NAME - 43)
        return 0;
    memcpy(s, dir, len);
    s[len++] = '/';
    if (qfile_is_split(dir)) {
        len += fmt_ulong(s + len, id % auto_split);
        s[len++] = '/';
    }
    len += fmt_ulong(s + len, id);
    s[len] = '\0';
    return len;
}

int qfile_id(const char *name, unsigned long *id)
{
    if (name[0] < '1' || name[0] > '9')
        return 0;
    return scan_ulong_all(name, id);
}

size_t qfile_date(char *s, time_t t)
{
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr",
                                       "May", "Jun", "Jul", "Aug",
                                       "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    size_t len = 0;

    /* Out of range (a corrupt mtime, say): show 1 Jan 1900, not junk. */
    if (gmtime_r(&t, &tm) == NULL || tm.tm_year < 0) {
        memset(&tm, 0, sizeof tm);
        tm.tm_mday = 1;
    }
    len += fmt_ulong(s + len, (unsigned long)tm.tm_mday);
    s[len++] = ' ';
    memcpy(s + len, months[tm.tm_mon % 12], 3);
    len += 3;
    s[len++] = ' ';
    len += fmt_ulong(s + len, (unsigned long)tm.tm_year + 1900UL);
    s[len++] = ' ';
    len += fmt_ulong0(s + len, (unsigned long)tm.tm_hour, 2);
    s[len++] = ':';
    len += fmt_ulong0(s + len, (unsigned long)tm.tm_min, 2);
    s[len++] = ':';
    len += fmt_ulong0(s + len, (unsigned long)tm.tm_sec, 2);
    len += fmt_str(s + len, " -0000");
    return len;
}
