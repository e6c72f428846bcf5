/* verp.h - qmail's variable envelope return paths. A message queued
 * with the envelope sender "owner-@host-@[]" goes to each recipient
 * box@rhost with the sender "owner-box=rhost@host", so a bounce names
 * the address that failed; qmail-send does the expansion per delivery. */
#ifndef VERP_H
#define VERP_H

#include <stddef.h>

#include "str.h"

/* Append the sender to use for a delivery to recip: the expansion
 * above, or sender unchanged. 1 ok, 0 no memory. */
int verp_sender(struct str *out, const char *sender, size_t n,
                const char *recip, size_t rn);
/* Where a bounce of a message from sender goes: the length of sender
 * without a trailing "-@[]" ("owner-@host-@[]" -> "owner-@host"). */
size_t verp_bounceto(const char *sender, size_t n);

#endif
