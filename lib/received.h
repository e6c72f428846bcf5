/* received.h - the Received: trace line qmail's receivers write first in
 * every message they queue (RFC 5321 4.4), in qmail's layout:
 *
 *   Received: from HOST (HELO NAME) (INFO@IP)
 *     by LOCAL with PROTOCOL; DATE
 *
 * Every field comes from the network or the environment (TCPREMOTEHOST,
 * HELO text, TCPREMOTEINFO): bytes outside letters, digits and
 * ".@%+/=:-" are written as '?', so no field can add a header line or
 * break the syntax. ':' is kept, so IPv6 addresses print as they are. */
#ifndef RECEIVED_H
#define RECEIVED_H

#include <time.h>

#include "str.h"

/* Append the line, ending in "\n", to out. remoteinfo NULL: no "INFO@".
 * helo NULL, or equal to remotehost ignoring case: no "(HELO ...)".
 * 1 ok, 0 out of memory. */
int received_fmt(struct str *out, const char *protocol, const char *local,
                 const char *remoteip, const char *remotehost,
                 const char *remoteinfo, const char *helo, time_t when);

#endif
