/* tcpto.h - queue/lock/tcpto, the table of remote addresses that
 * recently timed out, which qmail-remote skips for a while (qmail's
 * tcpto.c). The program must have done chdir(auto_home) first.
 *
 * The file is a row of 32-byte records, all numbers little-endian:
 *     byte 0       address family: 4 (IPv4), 6 (IPv6), 0 (unused)
 *     byte 1       recent timeouts, 0 (the record is free) .. 10
 *     bytes 2-7    zero
 *     bytes 8-15   time of the last counted timeout, seconds since 1970
 *     bytes 16-31  the address (IPv4: bytes 16-19, the rest zero)
 * The table holds as many records as the file has room for, up to
 * TCPTO_MAX bytes; the installed file has TCPTO_SIZE bytes (32 records).
 * Every access holds an exclusive flock on the file. */
#ifndef TCPTO_H
#define TCPTO_H

#include <stddef.h>

#define TCPTO_FILE "queue/lock/tcpto"
#define TCPTO_RECORD 32
#define TCPTO_SIZE 1024
#define TCPTO_MAX 65536
#define TCPTO_COUNT_MAX 10 /* a record never counts more timeouts */
#define TCPTO_RECOUNT 120  /* seconds before another timeout counts */

struct tcpto_entry {
    int family;           /* AF_INET or AF_INET6 */
    unsigned char ip[16]; /* AF_INET: the first 4 bytes */
    unsigned count;       /* recent timeouts, 1..10 */
    long long when;       /* the last one counted */
};

/* On a table in memory, buf[0..len) (len a multiple of TCPTO_RECORD).
 * skip: 1 when the address timed out at least twice and the last time
 * was less than about an hour ago: (60 + pid % 32) * 64 seconds, so
 * that parallel qmail-remotes do not all retry a host at once. */
int tcpto_buf_skip(const unsigned char *buf, size_t len, int family,
                   const unsigned char *ip, long long now, unsigned long pid);
/* A connection attempt ended: timedout 1 counts a timeout (unless one
 * was counted less than TCPTO_RECOUNT seconds ago), 0 forgets the
 * address. A new address takes a free record, else the one with the
 * smallest when + count * 1024. Returns the index of the record that
 * changed, -1 when none did. */
long tcpto_buf_note(unsigned char *buf, size_t len, int family,
                    const unsigned char *ip, int timedout, long long now);
/* Decode record i: 1 in use (e filled), 0 free or not understood. */
int tcpto_buf_entry(const unsigned char *buf, size_t len, size_t i,
                    struct tcpto_entry *e);

/* The same on TCPTO_FILE. Errors leave the table alone: skip says 0
 * (try the host) and note does nothing, so a broken table never
 * stops a delivery. */
int tcpto_skip(int family, const unsigned char *ip);
void tcpto_note(int family, const unsigned char *ip, int timedout);
/* Read the whole table into buf (TCPTO_MAX bytes): its usable length,
 * -1 on error with errno set. */
long tcpto_read(unsigned char *buf);
/* Zero every record (qmail-tcpok, qmail-rspawn at start). An empty
 * file gets TCPTO_SIZE zero bytes. 1 ok, 0 error with errno set. */
int tcpto_clear(void);

#endif
