/* hops.h - count the trace lines in a message's header as it streams
 * by, for qmail's mail-loop check (MAXHOPS): header lines starting
 * "Received:" or "Delivered-To:", in any case, up to the first empty
 * line. Input has LF line ends (as queued); feed it in pieces of any
 * size. qmail-smtpd's lib/smtpdata.c counts the same way for SMTP. */
#ifndef HOPS_H
#define HOPS_H

#include <stddef.h>

/* More trace lines than this: the message is looping. */
#define HOPS_MAX 100

struct hops {
    int is_header;       /* no empty line seen yet */
    int maybe_r, maybe_d; /* this line may still be Received:/Delivered-To: */
    size_t pos;          /* bytes so far in this line (stops counting) */
    unsigned long n;     /* trace lines seen */
};

void hops_init(struct hops *h);
void hops_feed(struct hops *h, const char *s, size_t n);
/* 1 when more than HOPS_MAX trace lines were counted. */
int hops_looping(const struct hops *h);

#endif
