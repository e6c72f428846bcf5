/* smtpdata.h - the text after SMTP DATA (RFC 5321 4.1.1.4, 4.5.2),
 * decoded as it streams: CRLF line ends become LF, stuffed dots are
 * removed, the end is found, the size is checked while reading, and
 * Received:/Delivered-To: header lines are counted (hops).
 *
 * The end is CRLF "." CRLF and nothing else. A bare CR or bare LF
 * anywhere marks the message is_bare: it must not be queued, because
 * MTAs disagree about what such bytes mean, and that disagreement lets a
 * client smuggle a second message past us to the next hop (the 2023
 * "SMTP smuggling" class, CVE-2023-51765). A "." line that touches a bare
 * LF (LF "." LF, LF "." CRLF, CRLF "." LF) is SMTPDATA_AMBIGUOUS: the
 * client may believe the message ended there, so the caller cannot know
 * where the next command starts and must answer and close. */
#ifndef SMTPDATA_H
#define SMTPDATA_H

#include <stddef.h>

#include "str.h"

#define SMTPDATA_MORE 0      /* no end yet: feed more */
#define SMTPDATA_END 1       /* CRLF.CRLF: the message is complete */
#define SMTPDATA_AMBIGUOUS 2 /* a "." line next to a bare LF */

/* More Received:/Delivered-To: lines than this: a loop (qmail's MAXHOPS). */
#define SMTPDATA_MAXHOPS 100

struct smtpdata {
    int state;
    int is_header;  /* still in the header (no empty line yet) */
    int maybe_r;    /* this header line may still be "Received:" */
    int maybe_d;    /* ... or "Delivered-To:" */
    size_t hpos;    /* bytes so far in this header line */
    unsigned long hops;
    unsigned long bytes; /* decoded bytes given to the caller */
    unsigned long limit; /* 0: no limit */
    int is_toobig;  /* the message grew past limit */
    int is_bare;    /* a bare CR or LF was seen */
};

/* Start a message: limit is databytes (0 for none). The DATA command's
 * own CRLF counts as the CRLF before a first "." line. */
void smtpdata_init(struct smtpdata *d, unsigned long limit);

/* Decode s[0..n), appending message bytes to out; *used says how many
 * input bytes were consumed (fewer than n only at the end). Once the
 * message is_toobig or is_bare, nothing more is appended (the rest is
 * read and thrown away). SMTPDATA_MORE, SMTPDATA_END, SMTPDATA_AMBIGUOUS,
 * or -1 when out of memory. */
int smtpdata_feed(struct smtpdata *d, const char *s, size_t n, size_t *used,
                  struct str *out);

/* 1 when more than SMTPDATA_MAXHOPS trace lines were counted. */
int smtpdata_looping(const struct smtpdata *d);

#endif
