/*
 * vdelivermail - deliver a virtual domain's mail to its virtual mailbox
 * users, as vpopmail's vdelivermail. Run by qmail-local from the
 * domain's .qmail-default ("| vdelivermail '' bounce-no-mailbox"), as
 * the domain's account, in the domain's directory.
 *
 * in:   argv: '' catchall; $EXT (the user), $LOCAL, $HOST, $SENDER
 *       from qmail-local; ./vpasswd.cdb; fd 0 the message, seekable
 * out:  execs qmail-local for the user (home: the user's directory,
 *       default delivery ./Maildir/, so the user's .qmail file is
 *       followed when there is one); for an unknown user, bounces,
 *       deletes the message, execs forward(1) to a catch-all address
 *       or qmail-local for a catch-all user or directory
 * exit: 0 delivered (or qmail-local's or forward's code); 100 no such
 *       user, over quota; 111 anything else (a broken setup keeps
 *       the mail rather than bouncing it)
 *
 * Texts are qmail-local's kind: they end in the delivery report.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "cdblookup.h"
#include "env.h"
#include "errtext.h"
#include "exitcode.h"
#include "sig.h"
#include "str.h"
#include "vpasswd.h"

static const char usage[] = "vdelivermail '' bounce-no-mailbox|delete|"
                            "address|/directory|user";
static struct cdblookup db;
static struct str ext, key, line, buf, user, path;
static const char *local, *host;

/* Like qmail-local's texts, without a program name in front: they
 * are quoted as they are in bounces and the delivery log. */
__attribute__((noreturn, sentinel)) static void fail(int code, const char *s,
                                                     ...)
{
    va_list ap;

    va_start(ap, s);
    for (; s != NULL; s = va_arg(ap, const char *))
        buf_puts(&buf_err, s);
    va_end(ap);
    buf_putsflush(&buf_err, "\n");
    _exit(code);
}

#define temp(...) fail(EXIT_TEMP, __VA_ARGS__, NULL)
#define temp_nomem() temp("Out of memory. (#4.3.0)")

static const char *need_env(const char *name)
{
    const char *v = env_get(name);

    if (v == NULL)
        temp(name, " is not set: run me from a .qmail file. (#4.3.5)");
    return v;
}

/* 1 found (e set), 0 not. The key is name[0..n). */
static int lookup(const char *name, size_t n, struct vpasswd_ent *e)
{
    const char *why;
    int r;

    if (!str_copyb(&key, name, n) || !str_0(&key))
        temp_nomem();
    if ((r = cdblookup_find(&db, key.s, key.len, &line)) == -1)
        temp("Unable to read vpasswd.cdb: ", errtext(errno), ". (#4.3.0)");
    if (r == 0)
        return 0;
    if (vpasswd_parse(line.s, line.len, &buf, e, &why) != 1 ||
        strcmp(e->name, key.s) != 0)
        temp("vpasswd.cdb: bad entry for ", key.s, ". (#4.3.5)");
    return 1;
}

/* Bytes in the files of dir (new/ or cur/ of a Maildir). */
static unsigned long long dir_bytes(const char *dir)
{
    unsigned long long sum = 0;
    struct dirent *d;
    struct stat st;
    DIR *dp;

    if ((dp = opendir(dir)) == NULL)
        return 0; /* no Maildir: a .qmail file decides where mail goes */
    while ((d = readdir(dp)) != NULL)
        if (d->d_name[0] != '.' &&
            fstatat(dirfd(dp), d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            sum += (unsigned long long)st.st_size;
    closedir(dp);
    return sum;
}

/* vpopmail's quota: the Maildir's new/ and cur/ with this message may
 * not pass the user's limit. */
static void check_quota(const struct vpasswd_ent *e)
{
    unsigned long long limit, used;
    struct stat st;
    int i;

    if (vpasswd_quota(e->quota, &limit) != 1)
        return;
    if (fstat(0, &st) == -1)
        temp("Unable to stat the message: ", errtext(errno), ". (#4.3.0)");
    used = (unsigned long long)st.st_size;
    for (i = 0; i < 2; i++) {
        if (!str_copys(&path, e->dir) ||
            !str_cats(&path, i ? "/Maildir/cur" : "/Maildir/new") ||
            !str_0(&path))
            temp_nomem();
        used += dir_bytes(path.s);
    }
    if (used > limit)
        fail(EXIT_PERM, "Sorry, ", e->name, "@", host,
             " is over quota. (#5.2.2)", NULL);
}

/* qmail-local does the rest, with the user's directory as home: the
 * user's .qmail (or .qmail-EXT for name-EXT) or ./Maildir/. */
__attribute__((noreturn)) static void
deliver(const char *name, const char *dir, const char *dash, const char *rest)
{
    static char arg0[] = "qmail-local", dd[] = "--", dflt[] = "./Maildir/";
    char *argv[] = {arg0, dd,   NULL, NULL, NULL, NULL,
                    NULL, NULL, NULL, dflt, NULL};

    if (!str_copys(&user, name) || !str_catc(&user, '@') ||
        !str_cats(&user, host) || !str_0(&user) ||
        !str_copys(&path, auto_home) || !str_cats(&path, "/bin/qmail-local") ||
        !str_0(&path))
        temp_nomem();
    argv[2] = user.s;
    argv[3] = (char *)dir;
    argv[4] = (char *)local;
    argv[5] = (char *)dash;
    argv[6] = (char *)rest;
    argv[7] = (char *)host;
    argv[8] = (char *)need_env("SENDER");
    cdblookup_close(&db);
    execv(path.s, argv);
    temp("Unable to run ", path.s, ": ", errtext(errno), ". (#4.3.0)");
}

/* A catch-all address: forward(1) sends the message there with our
 * Delivered-To line on top (qmail-local has already checked that the
 * message does not have it, so no loop goes unnoticed). */
__attribute__((noreturn)) static void forward(const char *to)
{
    if (!str_copys(&path, auto_home) || !str_cats(&path, "/bin/forward") ||
        !str_0(&path))
        temp_nomem();
    cdblookup_close(&db);
    execl(path.s, "forward", to, (char *)NULL);
    temp("Unable to run ", path.s, ": ", errtext(errno), ". (#4.3.0)");
}

__attribute__((noreturn)) static void no_such_user(const char *catchall)
{
    struct vpasswd_ent e;
    const char *base;

    if (strcmp(catchall, "bounce-no-mailbox") == 0)
        fail(EXIT_PERM, "Sorry, no mailbox here by that name. (#5.1.1)", NULL);
    if (strcmp(catchall, "delete") == 0) {
        buf_puts(&buf_out, "no mailbox for ");
        buf_puts(&buf_out, ext.s);
        buf_putsflush(&buf_out, ": message deleted\n");
        _exit(EXIT_OK);
    }
    if (strchr(catchall, '@') != NULL)
        forward(catchall);
    if (catchall[0] == '/') {
        base = strrchr(catchall, '/') + 1;
        deliver(*base ? base : "catchall", catchall, "", "");
    }
    if (!lookup(catchall, strlen(catchall), &e))
        temp("The catch-all user ", catchall, " does not exist. (#4.3.5)");
    check_quota(&e);
    deliver(e.name, e.dir, "", "");
}

int main(int argc, char **argv)
{
    struct vpasswd_ent e;
    size_t i;

    sig_ignore(SIGPIPE);
    /* a broken .qmail-default line keeps the mail: 111, not 100 */
    if (argc != 3 || argv[2][0] == '\0')
        temp("vdelivermail usage: ", usage, ". (#4.3.5)");
    local = need_env("LOCAL");
    host = need_env("HOST");
    if (!str_copys(&ext, need_env("EXT")) || !str_0(&ext))
        temp_nomem();
    str_lower(ext.s, ext.len);
    if (cdblookup_open(&db, "vpasswd.cdb") != 1)
        temp("Unable to open vpasswd.cdb: ", errtext(errno), ". (#4.3.5)");
    /* name, then name-ext with the longest name first, as qmail-getpw
     * splits a local part at a dash */
    if (vpasswd_name_ok(ext.s, ext.len) && lookup(ext.s, ext.len, &e)) {
        check_quota(&e);
        deliver(e.name, e.dir, "", "");
    }
    for (i = ext.len; i-- > 0;)
        if (ext.s[i] == '-' && vpasswd_name_ok(ext.s, i) &&
            lookup(ext.s, i, &e)) {
            check_quota(&e);
            deliver(e.name, e.dir, "-", ext.s + i + 1);
        }
    no_such_user(argv[2]);
}
