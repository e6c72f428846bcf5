/* ipme.h - is an address one of this host's own? As qmail's ipme, for
 * qmail-smtpd's [ip] recipients (control/localiphost) and qmail-remote's
 * "I am the MX" check; quail adds IPv6 and counts 0.0.0.0, the loopback
 * nets, :: and ::1 as this host whatever the interfaces say. */
#ifndef IPME_H
#define IPME_H

/* Read the interface addresses (getifaddrs), once. 1 ok, 0 error (errno
 * set). Calling again rereads them. */
int ipme_init(void);
/* 1 when the address is this host's, 0 when not. IPv4-mapped IPv6
 * addresses (::ffff:a.b.c.d) are looked up as IPv4. Without a
 * successful ipme_init only the fixed addresses above match. */
int ipme_is4(const unsigned char ip[4]);
int ipme_is6(const unsigned char ip[16]);

#endif
