/* fwd.h - fastforward's forwarding tables and binary mailing lists: the
 * text people write for setforward(1) and setmaillist(1), the records
 * fastforward(1) reads, and the text printforward(1) and
 * printmaillist(1) show them as.
 *
 * A forwarding database is a cdb in the layout of fastforward 0.51, so
 * databases made by either work with both:
 *   key ":" target (lower case), data: commands, each ending in NUL:
 *       "&address"   forward to address
 *       "/file", "./file"  obey the binary mailing list in file
 *       "|program"   feed the message to sh -c program
 *       "!program"   the same, with $UFLINE $RPLINE $DTLINE in front
 *   key "?" target, data: the owner address (no NUL), the envelope
 *       sender for mail forwarded through target.
 * A binary mailing list is a file of "&address" and file-name commands,
 * each ending in NUL.
 *
 * Targets are "user@host.dom", "@host.dom" (every user there) or
 * "user@" (user at every host). */
#ifndef FWD_H
#define FWD_H

#include <stddef.h>

#include "str.h"

/* The longest recipient address setforward and setmaillist take. */
#define FWD_ADDRMAX 800
/* The longest target or command the parser keeps. */
#define FWD_TOKENMAX 65536

/* setforward's input: "target: command, command;" with '#' comments,
 * spaces, tabs and line ends ignored, and '\' taking the next byte as it
 * is. Fed one byte at a time. */
struct fwd_parse {
    struct str target;  /* the instruction's target, lower-cased */
    struct str cmds;    /* its commands in stored form, each NUL-ended,
                           owners included as "?owner" */
    struct str cur;     /* the command being read */
    unsigned long line; /* the line of the byte fed last, from 1 */
    int in_cmds;        /* past the colon */
    int escape;         /* the last byte was a backslash */
    int comment;        /* inside a # comment */
    int done;           /* the last call completed an instruction */
    int any;            /* a byte of the current instruction was seen */
    const char *why;    /* what was wrong, after -1 */
};

#define FWD_PARSE_INIT { STR_INIT, STR_INIT, STR_INIT, 1, 0, 0, 0, 0, 0, 0 }

/* Feed byte c. 0: go on; 1: an instruction is complete in target and
 * cmds (valid until the next call); -1: errno EINVAL, a syntax error in
 * p->line (p->why), or ENOMEM. */
int fwd_parse_byte(struct fwd_parse *p, char c);
/* The input ended. 0 cleanly; -1 errno EINVAL, an instruction without
 * its semicolon. */
int fwd_parse_end(struct fwd_parse *p);
void fwd_parse_free(struct fwd_parse *p);

/* One command as written (without escapes) to its stored form, appended
 * to out with its NUL: "god@x" and "&god@x" become "&god@x", "?o" stays
 * "?o", "/f", "./f", "|p" and "!p" stay as they are. 1 ok; 0 ENOMEM;
 * -1 EINVAL with *why: an unknown first byte, an empty address or
 * program, an address without '@' or over FWD_ADDRMAX bytes. */
int fwd_command(struct str *out, const char *s, size_t n, const char **why);

/* One line of setmaillist's input (without its newline; trailing spaces,
 * tabs and CR do not count): its stored command appended to out. 1 a
 * command; 0 a blank or # line; -1 with *why and errno EINVAL (a bad
 * line, as fwd_command) or ENOMEM. Programs and owners are not allowed
 * in lists. */
int fwd_listline(struct str *out, const char *s, size_t n,
                 const char **why);

/* Walk stored commands s[0..n): *cmd, *len the next one (without its
 * NUL; its first byte says its kind). 1 next, 0 end, -1 malformed: a
 * command without its NUL, an empty one, or an unknown first byte. */
int fwd_next(const char *s, size_t n, size_t *pos, const char **cmd,
             size_t *len);

/* s[0..n) with a backslash before each byte setforward would otherwise
 * drop or take as syntax: space, tab, CR, LF, # : , ; and \ itself. */
int fwd_escape(struct str *out, const char *s, size_t n);

/* printforward's text for one cdb record, appended to out:
 * "target: cmd,\n  cmd;\n" for a ":" record, "target: ?owner;\n" for a
 * "?" record. 1 ok; 0 ENOMEM; -1 EINVAL, not a record fastforward
 * knows. */
int fwd_print(struct str *out, const char *key, size_t klen,
              const char *data, size_t dlen);

#endif
