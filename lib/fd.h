/* fd.h - small operations on file descriptors. 1 ok, 0 error. */
#ifndef FD_H
#define FD_H

int fd_coe(int fd);      /* close on exec */
int fd_nocoe(int fd);
int fd_nonblock(int fd);
int fd_block(int fd);
/* Make fd `to` refer to what `from` refers to, then close `from`. */
int fd_move(int to, int from);
/* Make fd `to` refer to what `from` refers to; `from` stays open. */
int fd_copy(int to, int from);

#endif
