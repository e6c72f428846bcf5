/* lock.c - flock(2) locks. They belong to the open file description, so
 * a process that opens the file again, or a forked child that inherited
 * the descriptor and then unlocks, shares or drops the same lock: open
 * the lock file once per holder.
 *
 * lock_ex does not retry EINTR: without SA_RESTART (sig.h) a signal such
 * as an alarm can end the wait, and the caller sees 0 with EINTR. */
#include <sys/file.h>

#include "lock.h"

int lock_ex(int fd)
{
    return flock(fd, LOCK_EX) == 0;
}

int lock_exnb(int fd)
{
    return flock(fd, LOCK_EX | LOCK_NB) == 0;
}

int lock_un(int fd)
{
    return flock(fd, LOCK_UN) == 0;
}
