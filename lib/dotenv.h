/* dotenv.h - the environment qmail-local gives a program run from a
 * .qmail file (qmail-command(8)): SENDER, NEWSENDER, RECIPIENT, DTLINE
 * and the rest. */
#ifndef DOTENV_H
#define DOTENV_H

/* The value of name; when it is not set, the program was not run from
 * a .qmail file: "NAME is not set; run me from a .qmail file", exit 100. */
const char *dotenv_need(const char *name);

#endif
