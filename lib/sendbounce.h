/* sendbounce.h - qmail-send's bounces (qmail-send(8), qmail's QSBMF
 * format from lib/qsbmf): each permanent failure appends a paragraph to
 * queue/bounce/ID; once every recipient of the message is done the
 * texts go back to the sender in one message, through qmail-queue.
 * Paths are relative to the queue directory; logs with sendlog. */
#ifndef SENDBOUNCE_H
#define SENDBOUNCE_H

#include <stddef.h>
#include <time.h>

#include "sendctl.h"
#include "vdomain.h"

/* Append recip's paragraph (text[0..n) the delivery's report) to
 * bounce/id and fsync it, and its directory when the file is new,
 * before the caller may mark recip done. A virtualdomains prepend is
 * taken off recip first, so the bounce names the address the sender
 * used. 1 ok; 0 not (logged: the caller defers the recipient). */
int sendbounce_add(const struct vdomain *vd, unsigned long id,
                   const char *recip, const char *text, size_t n);

/* Send bounce/id back to the sender of message id, with the message
 * appended, through home/bin/qmail-queue, and then remove bounce/id.
 * A bounce of a bounce goes to doublebounceto@doublebouncehost (or is
 * discarded when doublebounceto is empty); a bounce of that is
 * discarded. 1 done, or no bounce/id; 0 try again later (logged). */
int sendbounce_inject(const struct sendctl *cf, const char *home,
                      unsigned long id, time_t now);

#endif
