/* msgread.h - read a message as qmail-inject does (qmail's headerbody):
 * header fields one at a time, then the body as it comes.
 *
 * A field is a line that starts with a field name and a colon
 * (hfield_valid), or an mbox "From " line, which becomes the field
 * "MBOX-Line: From ...", plus the lines after it that start with a space
 * or a tab. The header ends at an empty line, at the end of the input,
 * or at the first line that is neither: that line is the first of the
 * body, and an empty line is put in front of it.
 *
 * Unlike qmail, a CR just before an LF is dropped everywhere, header and
 * body, so text with CRLF line ends (a PHP script's, a Windows editor's)
 * comes out as a normal Unix message. A last line without a newline gets
 * one. Lines may be of any length. */
#ifndef MSGREAD_H
#define MSGREAD_H

#include <stddef.h>

#include "buf.h"
#include "str.h"

struct msgread {
    struct buf *in;
    struct str line; /* read ahead: the next line, or the body's start */
    int ahead;       /* line holds something not yet taken */
    int in_body;     /* the header has ended */
    int eof;         /* the input has ended */
};

/* Start reading in; msgread_free releases what reading took. */
void msgread_init(struct msgread *m, struct buf *in);
/* The next header field into field (replacing it): its lines, each
 * ending in LF. 1 a field; 0 the header has ended (and stays ended);
 * -1 read error or no memory (errno). */
int msgread_field(struct msgread *m, struct str *field);
/* After msgread_field returned 0: the body, including the empty line
 * that separates it from the header, in pieces to put. put returns 1,
 * or 0 to stop. 1 done, 0 put stopped, -1 read error (errno). */
int msgread_body(struct msgread *m,
                 int (*put)(void *arg, const char *s, size_t n), void *arg);
void msgread_free(struct msgread *m);

#endif
