/*
 * qmail-pw2u - turn a passwd file into users/assign lines, following
 * qmail-getpw's rules (qmail-pw2u(8)).
 * Run by the administrator: qmail-pw2u < /etc/passwd > users/assign,
 * then qmail-newu.
 *
 * in:   a V7 passwd file on fd 0; options -/ohHuUC -cCHAR; the optional
 *       files users/include, exclude, mailnames, subusers and append
 * out:  qmail-users(5) lines on fd 1, ending with "."
 * exit: 0 done; 100 usage; 111 no alias user, a subuser's user missing,
 *       a home directory that cannot be examined (or, with -h, is
 *       missing), unreadable files, write error
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "scan.h"
#include "str.h"

#define LINE_MAX_PW 65536

static const char usage[] = "qmail-pw2u [ -/ohHuUC ] [ -cchar ]";

static const char *dash = "-"; /* -/ makes it "-/": .qmail-/ext */
static char delim = '-'; /* the user-extension delimiter; 0: none */
static int allow_upper;
static int home_check = 2; /* 2 skip if missing, 1 stop if missing, 0 off */

/* NUL-separated lists; a missing file is an empty list (has_incl 0). */
static struct str incl, excl, names, subs, allusers;
static int has_incl, has_excl, has_names;
static int seen_alias;

static void out(const char *s, size_t n)
{
    if (!buf_put(&buf_out, s, n))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
}

static void outs(const char *s)
{
    out(s, strlen(s));
}

/* The entry of list equal to s, or, with colon set, the entry that
 * starts with s and ':' (then the text after the ':'). NULL if none. */
static const char *find(const struct str *list, const char *s, int colon)
{
    size_t pos, n = strlen(s), len;

    for (pos = 0; pos < list->len; pos += len + 1) {
        len = strlen(list->s + pos);
        if (len < n || memcmp(list->s + pos, s, n) != 0)
            continue;
        if (!colon && len == n)
            return list->s + pos;
        if (colon && len > n && list->s[pos + n] == ':')
            return list->s + pos + n + 1;
    }
    return NULL;
}

static int readlist(struct str *list, const char *fn)
{
    int r = control_readlist(list, fn);

    if (r == -1)
        die_sys(EXIT_TEMP, "unable to read ", fn, NULL);
    return r;
}

/* Split line into n colon-ended fields (the last may end the line).
 * 1 ok, 0 too few. The fields are NUL-terminated in place. */
static int fields(char *line, size_t len, char **f, size_t n, int last_open)
{
    size_t i, pos = 0, k;

    for (i = 0; i < n; i++) {
        k = str_chr(line + pos, len - pos, ':');
        if (pos + k == len && !(last_open && i == n - 1))
            return 0;
        f[i] = line + pos;
        line[pos + k] = '\0';
        pos += k + (pos + k < len);
    }
    return 1;
}

/* qmail-getpw's rules, as qmail-pw2u(8) applies them. 1 keep, 0 skip. */
static int wanted(const char *user, unsigned long uid, const char *home)
{
    struct stat st;
    const char *p;

    if (uid == 0)
        return 0;
    for (p = user; !allow_upper && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            return 0;
    if ((has_incl && !find(&incl, user, 0)) || (has_excl && find(&excl, user, 0)))
        return 0;
    if (home_check == 0)
        return 1;
    if (stat(home, &st) == -1) {
        if (errno != ENOENT || home_check == 1)
            die_sys(EXIT_TEMP, "unable to stat ", home, NULL);
        return 0;
    }
    return st.st_uid == uid;
}

/* ":user:uid:gid:home:" - the middle of every line for this user. */
static void uugh_of(struct str *u, char **f, const char *home)
{
    if (!str_copys(u, ":") || !str_cats(u, f[0]) || !str_catc(u, ':') ||
        !str_cats(u, f[2]) || !str_catc(u, ':') || !str_cats(u, f[3]) ||
        !str_catc(u, ':') || !str_cats(u, home) || !str_catc(u, ':') ||
        !str_0(u))
        die_nomem();
}

static void account(char *line, size_t len)
{
    static struct str uugh, alias_home;
    const char *mn, *home;
    unsigned long uid, gid;
    char *f[7];
    size_t i;

    if (str_chr(line, len, '\0') < len || !fields(line, len, f, 7, 1) ||
        !scan_ulong_all(f[2], &uid) || !scan_ulong_all(f[3], &gid) ||
        *f[0] == '\0')
        return; /* not a passwd line: ignored, as qmail-pw2u does */
    home = f[5];
    /* Like qmail-getpw, the alias user lives in this installation. */
    if (strcmp(f[0], auto_user_alias) == 0) {
        if (!str_copys(&alias_home, auto_home) ||
            !str_cats(&alias_home, "/alias") || !str_0(&alias_home))
            die_nomem();
        home = alias_home.s;
    }
    if (!wanted(f[0], uid, home))
        return;
    uugh_of(&uugh, f, home);
    if (!str_cats(&allusers, f[0]) || !str_cat(&allusers, &uugh) ||
        !str_catc(&allusers, '\0'))
        die_nomem();
    if (strcmp(f[0], auto_user_alias) == 0) {
        outs("+");
        outs(uugh.s);
        outs(dash);
        outs("::\n");
        seen_alias = 1;
    }
    mn = has_names ? find(&names, f[0], 1) : NULL;
    if (mn == NULL)
        mn = f[0];
    for (; *mn; mn += i) {
        if ((i = strcspn(mn, ":")) == 0) {
            i = 1;
            continue;
        }
        outs("=");
        out(mn, i);
        outs(uugh.s);
        outs("::\n");
        if (delim) {
            outs("+");
            out(mn, i);
            out(&delim, 1);
            outs(uugh.s);
            outs(dash);
            outs("::\n");
        }
    }
}

/* "sub:user:pre:": sub and sub-ext go to user's .qmail-pre(-ext). */
static void subuser(char *line, size_t len)
{
    const char *uugh;
    char *f[3];

    if (!fields(line, len, f, 3, 0)) {
        while (len-- > 0) /* undo the splitting, to quote the line */
            if (line[len] == '\0')
                line[len] = ':';
        die(EXIT_TEMP, "users/subusers: not of the form sub:user:pre: ",
            line, NULL);
    }
    if ((uugh = find(&allusers, f[1], 1)) == NULL)
        die(EXIT_TEMP, "unable to find the user ", f[1], " for subuser ",
            f[0], NULL);
    uugh--; /* back to the ':' before user:uid:... */
    outs("=");
    outs(f[0]);
    outs(uugh);
    outs(dash);
    outs(":");
    outs(f[2]);
    outs(":\n");
    if (delim) {
        outs("+");
        outs(f[0]);
        out(&delim, 1);
        outs(uugh);
        outs(dash);
        outs(":");
        outs(f[2]);
        outs("-:\n");
    }
}

static void options(int argc, char **argv)
{
    int c;

    opterr = 0;
    while ((c = getopt(argc, argv, "/ohHuUc:C")) != -1)
        switch (c) {
        case '/': dash = "-/"; break;
        case 'o': home_check = 2; break;
        case 'h': home_check = 1; break;
        case 'H': home_check = 0; break;
        case 'u': allow_upper = 1; break;
        case 'U': allow_upper = 0; break;
        case 'c': delim = optarg[0]; break;
        case 'C': delim = 0; break;
        default: die_usage(usage);
        }
    if (optind < argc)
        die_usage(usage);
}

int main(int argc, char **argv)
{
    static struct str line, app; /* reachable at exit (LeakSanitizer) */
    size_t pos, len;
    int r;

    progname = "qmail-pw2u";
    options(argc, argv);
    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to switch to ", auto_home, NULL);
    has_incl = readlist(&incl, "users/include");
    has_excl = readlist(&excl, "users/exclude");
    has_names = readlist(&names, "users/mailnames");
    do {
        line.len = 0;
        r = buf_getline(&buf_in, &line, '\n', LINE_MAX_PW);
        if (r == -1)
            die_sys(EXIT_TEMP, "unable to read input", NULL);
        if (r == 1)
            line.len--;
        if (!str_0(&line)) /* fields() writes at s[len] */
            die_nomem();
        if (line.len > 0)
            account(line.s, line.len);
    } while (r == 1);
    if (!seen_alias)
        die(EXIT_TEMP, "unable to find the user ", auto_user_alias,
            " in the input", NULL);
    if (readlist(&subs, "users/subusers") == 1)
        for (pos = 0; pos < subs.len; pos += len + 1) {
            len = strlen(subs.s + pos); /* before subuser splits it */
            subuser(subs.s + pos, len);
        }
    if ((r = control_readfile(&app, "users/append")) == -1)
        die_sys(EXIT_TEMP, "unable to read users/append", NULL);
    if (app.len > 0) {
        out(app.s, app.len);
        if (app.s[app.len - 1] != '\n')
            outs("\n");
    }
    outs(".\n");
    if (!buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
    return EXIT_OK;
}
