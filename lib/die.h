/* die.h - the only way cmd/ programs print errors and stop.
 * Messages are one line on fd 2: "progname: fatal: part part ...". */
#ifndef DIE_H
#define DIE_H

extern const char *progname;

void die(int code, const char *s, ...)
    __attribute__((noreturn, sentinel));
/* Like die, adding ": " and errtext(errno). */
void die_sys(int code, const char *s, ...)
    __attribute__((noreturn, sentinel));
/* "usage: ..." and exit 100. */
void die_usage(const char *usage) __attribute__((noreturn));
/* Out of memory: always temporary. */
void die_nomem(void) __attribute__((noreturn));
/* "progname: warning: part part ..." and go on. */
void warn(const char *s, ...) __attribute__((sentinel));
void warn_sys(const char *s, ...) __attribute__((sentinel));

#endif
