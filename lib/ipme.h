/* ipme.h - is an address this host? qmail-remote must not deliver to
 * itself: an MX that points here would loop the message back. */
#ifndef IPME_H
#define IPME_H

/* 1 when ip (family AF_INET: 4 bytes, AF_INET6: 16) is an address of
 * this host: an address of one of its interfaces, the unspecified
 * addresses 0.0.0.0 and ::, anything in 127.0.0.0/8, ::1, or the
 * IPv4-mapped form of any of these. 0 when not. -1 when the interface
 * list cannot be read (errno set); it is read once and kept. */
int ipme_is(int family, const unsigned char *ip);

#endif
