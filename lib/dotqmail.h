/* dotqmail.h - the rules of dot-qmail(5) and qmail-command(8) that
 * qmail-local follows, kept apart from the file system so they can be
 * tested: which .qmail files control an address and in what order, what
 * each line of one means, how a program's exit code is read, and the
 * HOSTn and EXTn pieces of the environment. */
#ifndef DOTQMAIL_H
#define DOTQMAIL_H

#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

#include "str.h"

/* The extension as it appears in file names: upper case folded to lower
 * case for convenience, and every '.' turned into ':' so that no
 * extension can name ".." or a hidden file. out is NUL-terminated.
 * 1 ok, 0 out of memory. */
int dotqmail_safeext(struct str *out, const char *ext, size_t len);

/* The candidate .qmail files for one address, in qmail-local's order.
 * With dash "-" and ext "a-b-c": .qmail-a-b-c, .qmail-a-b-default,
 * .qmail-a-default, .qmail-default. With an empty dash only ".qmail"
 * plus the extension is tried (the user's own address has no defaults).
 * ext must already be a safe extension. */
struct dotqmail_search {
    const char *dash;
    const char *ext;
    size_t len;
    size_t next;     /* the next prefix length to look at for a default */
    int state;       /* 0: exact name next; 1: defaults; 2: done */
    struct str name; /* the candidate, NUL-terminated */
    int has_default; /* the candidate sets DEFAULT ... */
    size_t defpos;   /* ... to ext + defpos */
};

#define DOTQMAIL_SEARCH_INIT { NULL, NULL, 0, 0, 0, STR_INIT, 0, 0 }

void dotqmail_search_start(struct dotqmail_search *s, const char *dash,
                           const char *ext, size_t len);
/* 1: s->name holds the next candidate; 0: none left; -1: no memory. */
int dotqmail_search_next(struct dotqmail_search *s);

/* Open the next candidate of s that exists and is a regular file,
 * read-only: its fd, with s->name, s->has_default, s->defpos and *st
 * describing it. -1: none is left. -2: a candidate could not be looked
 * at for a reason other than its absence (errno; s->name names it),
 * which must not be taken for "no file". */
int dotqmail_open(struct dotqmail_search *s, struct stat *st);
/* Read fd to its end into out (appending), then close it. 1 ok; 0 with
 * errno set, E2BIG when out would grow past max bytes. */
int dotqmail_read(int fd, struct str *out, size_t max);
/* The envelope sender of forwards (dot-qmail(5)): sender, except that
 * when sender is neither empty nor "#@[]" (a bounce) and the file
 * .qmail dash ext "-owner" exists, local-owner@host, or, when
 * ...-owner-default exists too, local-owner-@host-@[]. out is
 * NUL-terminated. 1 ok; 0 with errno set, ENOMEM or why a file's
 * existence could not be told (name says which file). */
int dotqmail_newsender(struct str *out, struct str *name, const char *dash,
                       const char *ext, size_t len, const char *local,
                       const char *host, const char *sender);

/* The name ".qmail" dash ext suffix (the -owner files of dot-qmail(5)),
 * NUL-terminated. 1 ok, 0 out of memory. */
int dotqmail_name(struct str *out, const char *dash, const char *ext,
                  size_t len, const char *suffix);

enum dotqmail_kind {
    DQ_BLANK,   /* empty after trailing blanks are cut */
    DQ_COMMENT, /* # ... */
    DQ_PROGRAM, /* |command */
    DQ_MBOX,    /* ./file or /file */
    DQ_MAILDIR, /* ./dir/ or /dir/ */
    DQ_FORWARD, /* &address or address */
    DQ_LIST,    /* +list: qmail's marker for forward-only files */
    DQ_IGNORE   /* any other line starting with '+' */
};

/* Classify one line (without its newline). Trailing spaces and tabs are
 * not part of it; *arg and *arglen say what the instruction works on:
 * the command after '|', the address after an optional '&', the whole
 * file or directory name. */
enum dotqmail_kind dotqmail_line(const char *line, size_t len,
                                 const char **arg, size_t *arglen);

/* What qmail-local makes of a program's exit code (qmail-command(8)). */
enum dotqmail_exit {
    DQ_EXIT_OK,   /* 0: delivered, go on */
    DQ_EXIT_STOP, /* 99: delivered, ignore the rest of the file */
    DQ_EXIT_PERM, /* 100, and sendmail's 64 65 70 76 77 78 112 */
    DQ_EXIT_TEMP  /* everything else */
};
enum dotqmail_exit dotqmail_command_exit(int code);

/* HOSTn (n = 2, 3, 4): the length of host with its last n-1 dotted
 * parts cut off; when there are fewer dots, with as many cut as there
 * are ("a.b.c": HOST2 "a.b", HOST3 "a", HOST4 "a"). */
size_t dotqmail_host(const char *host, size_t len, int n);
/* EXTn (n = 2, 3, 4): what follows the (n-1)th dash of ext; "" when
 * there are fewer dashes. */
const char *dotqmail_ext(const char *ext, int n);

/* The lines qmail-local adds to messages and gives programs in DTLINE,
 * RPLINE and UFLINE (qmail-command(8)), each ending in a newline and
 * NUL-terminated: "Delivered-To: local@host", "Return-Path: <sender>"
 * with the local part quoted when it needs it, newlines inside either
 * made '_'; and the mbox "From " line (mbox_fromline) for time t.
 * recipient is local@host. 1 ok, 0 out of memory. */
struct dotqmail_lines {
    struct str recipient, dtline, rpline, ufline;
};
int dotqmail_lines(struct dotqmail_lines *l, const char *local,
                   const char *host, const char *sender, time_t t);

/* Set the environment of qmail-command(8) for a delivery to local@host
 * (ext the extension): USER, HOME, LOCAL, HOST, HOST2-4, RECIPIENT,
 * SENDER, EXT, EXT2-4, DTLINE, RPLINE, UFLINE from l. DEFAULT and
 * NEWSENDER depend on the .qmail files found and are left to the
 * caller. 1 ok, 0 out of memory. */
int dotqmail_setenv(const char *user, const char *home, const char *local,
                    const char *ext, const char *host, const char *sender,
                    const struct dotqmail_lines *l);

/* Does the header of the message on fd (from its current offset, up to
 * the first empty line) hold a line equal to dtline, byte for byte? 1 a
 * loop; 0 no; -1 read error (errno). */
int dotqmail_looping(int fd, const struct str *dtline);

#endif
