/* timeout.h - read and write that give up after a number of seconds.
 * seconds == 0 waits forever. Both retry on EINTR. On timeout they
 * return -1 with errno ETIMEDOUT. */
#ifndef TIMEOUT_H
#define TIMEOUT_H

#include <stddef.h>
#include <sys/types.h>

ssize_t timeout_read(int fd, char *b, size_t n, unsigned seconds);
ssize_t timeout_write(int fd, const char *b, size_t n, unsigned seconds);

#endif
