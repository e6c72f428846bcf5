/* sendinfo.h - a queued message's info/ file (qmail-send(8)): "F",
 * the envelope sender, NUL; its mtime is the message's birth, from
 * which retries and queuelifetime count. Paths are relative to the
 * queue directory. */
#ifndef SENDINFO_H
#define SENDINFO_H

#include <time.h>

#include "str.h"

/* The sender (NUL-terminated, the NUL not counted) and birth of message
 * id. A missing or corrupt info file is replaced, durably, by one with
 * an empty sender, keeping the old birth when there is one (else
 * mess/'s mtime, else now): the message is still delivered and its
 * failures go to the postmaster as double bounces instead of nowhere.
 * 1 ok; 0 try again later (logged with sendlog). Sleeps on no memory. */
int sendinfo_get(unsigned long id, struct str *sender, time_t *birth,
                 time_t now);

#endif
