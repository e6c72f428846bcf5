/* trigger.h - queue/lock/trigger, the fifo qmail-queue pokes to wake
 * qmail-send. */
#ifndef TRIGGER_H
#define TRIGGER_H

/* Writer side: write one byte without blocking. Nobody listening is not
 * an error (qmail-send will scan the queue anyway). 1 always, unless the
 * path is missing or not a fifo: 0. */
int trigger_pull(const char *path);
/* Reader side: open the fifo for reading, nonblocking, and keep a write
 * end open too so that poll() does not report end of file forever after
 * a writer goes away. Returns the fd to poll, -1 on error. */
int trigger_open(const char *path);
/* Read and discard whatever is pending. */
void trigger_drain(int fd);

#endif
