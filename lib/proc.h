/* proc.h - fork and exec. */
#ifndef PROC_H
#define PROC_H

#include <sys/types.h>

/* Start argv[0] (searched in PATH) with fd 0 = in and fd 1 = out when
 * they are >= 0; other fds as they are. The child exits 111 when it
 * cannot exec. Returns the pid, -1 when fork fails. */
pid_t proc_spawn(char *const argv[], int in, int out);
/* proc_spawn, then wait. The wait status, -1 on error. */
int proc_run(char *const argv[], int in, int out);

#endif
