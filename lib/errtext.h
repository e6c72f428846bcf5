/* errtext.h - the text for an errno value, the same whichever C library
 * a program is linked with (glibc's and musl's strerror word some errors
 * differently), so log lines and bounces read alike from every program. */
#ifndef ERRTEXT_H
#define ERRTEXT_H

const char *errtext(int e);

#endif
