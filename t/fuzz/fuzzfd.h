/* fuzzfd.h - for fuzz targets of readers that take a struct buf: the
 * input as a file descriptor, so the reader meets a real end of file
 * where the input ends, as it would from a client that hangs up. */
#ifndef FUZZFD_H
#define FUZZFD_H

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* A descriptor reading data[0..size) from its start; aborts if it
 * cannot make one, so no run passes without looking at its input. */
static int fuzzfd(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz", MFD_CLOEXEC);
    size_t done = 0;
    ssize_t w;

    if (fd == -1)
        abort();
    while (done < size) {
        w = write(fd, data + done, size - done);
        if (w <= 0)
            abort();
        done += (size_t)w;
    }
    if (lseek(fd, 0, SEEK_SET) != 0)
        abort();
    return fd;
}

#endif
