/* sendscan.h - qmail-send's look at the queue when it starts: every
 * message that has been through todo/ has an info/ file; a local/ or
 * remote/ file without info/ (someone removed it) is found too, so that
 * its recipients are not forgotten (sendinfo_get then repairs info/).
 * Paths are relative to the queue directory. */
#ifndef SENDSCAN_H
#define SENDSCAN_H

/* Call found(id) once for each message in info/, local/ and remote/,
 * split directory by split directory (info, local, remote of 0, then of
 * 1, ...). A directory that cannot be opened is logged (sendlog) and
 * tried again every 10 seconds: starting with part of the queue unseen
 * would leave messages undelivered until the next restart. */
void sendscan_queue(void (*found)(unsigned long id));

#endif
