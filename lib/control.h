/* control.h - control files, as qmail-control(5) describes. The program
 * must have done chdir(auto_home) first: names are like "control/me".
 * Returns: 1 read, 0 file missing, -1 error (errno set). Only ENOENT is
 * "missing": a directory or an unreadable file is an error. On 0 and -1
 * the output string is left empty (len 0). */
#ifndef CONTROL_H
#define CONTROL_H

#include "str.h"

/* Read control/me into control_me (empty when missing). 1 ok, -1 error. */
int control_init(void);
extern struct str control_me;

/* The first line, without trailing spaces, tabs and CR. */
int control_readline(struct str *value, const char *fn);
/* control_readline, falling back, when the file is missing, to control/me
 * if use_me and me was set, else to def (which may be NULL: then 0).
 * 1 value set, 0 nothing, -1 error. */
int control_rldef(struct str *value, const char *fn, int use_me,
                  const char *def);
/* A non-negative decimal number; def when the file is missing.
 * -1 with errno EINVAL when the file is not a number (empty, white
 * space, "12x"), ERANGE when it does not fit. */
int control_readint(unsigned long *value, const char *fn,
                    unsigned long def);
/* Lines as NUL-terminated entries one after another in list: comments
 * (#...) and blank lines dropped, trailing spaces trimmed. */
int control_readlist(struct str *list, const char *fn);
/* The whole file, as it is. */
int control_readfile(struct str *contents, const char *fn);

#endif
