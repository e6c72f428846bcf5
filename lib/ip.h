/* ip.h - IPv4 and IPv6 addresses in text. Scanners return the number of
 * bytes consumed (0: not an address); formatters return the length.
 *
 * A scanner reads the longest run of characters an address can contain
 * (digits and '.'; for IPv6 also hex letters and ':') and accepts it only
 * when the whole run is one address: "1.2.3.4]" is 7, "1.2.3.4.5" is 0.
 * ip is written only on success. Formatters also NUL-terminate (not
 * counted) when s is not NULL; with s NULL they only count. IP_FMT bytes
 * always suffice. */
#ifndef IP_H
#define IP_H

#include <stddef.h>

#define IP_FMT 46 /* INET6_ADDRSTRLEN */

/* Dotted quad, each part 0..255, no leading zeros beyond a lone "0". */
size_t ip_scan4(const char *s, size_t n, unsigned char ip[4]);
size_t ip_fmt4(char *s, const unsigned char ip[4]);
/* RFC 4291 2.2 text forms, including "::" and a trailing dotted quad. */
size_t ip_scan6(const char *s, size_t n, unsigned char ip[16]);
/* RFC 5952 canonical form: lower case, longest zero run as "::". */
size_t ip_fmt6(char *s, const unsigned char ip[16]);

#endif
