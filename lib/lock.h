/* lock.h - whole-file advisory locks (flock), as qmail-local uses on
 * mbox files and qmail-send on lock/sendmutex. 1 ok, 0 error. */
#ifndef LOCK_H
#define LOCK_H

int lock_ex(int fd);   /* wait for an exclusive lock */
int lock_exnb(int fd); /* 0 with errno EWOULDBLOCK when someone has it */
int lock_un(int fd);

#endif
