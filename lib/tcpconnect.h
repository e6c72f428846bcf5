/* tcpconnect.h - open a TCP connection, giving up after a time limit
 * (qmail's timeoutconn). */
#ifndef TCPCONNECT_H
#define TCPCONNECT_H

/* Connect to ip (family AF_INET: 4 bytes; AF_INET6: 16), port, waiting
 * at most seconds (at most a day). The descriptor, blocking and
 * close-on-exec; -1 with errno set, ETIMEDOUT when the time ran out. */
int tcpconnect(int family, const unsigned char *ip, unsigned port,
               unsigned long seconds);

#endif
