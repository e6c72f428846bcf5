/* errtext.c - one wording for errno values: the one Linux
 * administrators see in most tools. Values not listed fall back to the
 * C library's strerror. */
#include <errno.h>
#include <string.h>

#include "errtext.h"

static const struct {
    int e;
    const char *text;
} texts[] = {
    { EPERM, "Operation not permitted" },
    { ENOENT, "No such file or directory" },
    { ESRCH, "No such process" },
    { EINTR, "Interrupted system call" },
    { EIO, "Input/output error" },
    { ENXIO, "No such device or address" },
    { E2BIG, "Argument list too long" },
    { ENOEXEC, "Exec format error" },
    { EBADF, "Bad file descriptor" },
    { ECHILD, "No child processes" },
    { EAGAIN, "Resource temporarily unavailable" },
    { ENOMEM, "Cannot allocate memory" },
    { EACCES, "Permission denied" },
    { EFAULT, "Bad address" },
    { EBUSY, "Device or resource busy" },
    { EEXIST, "File exists" },
    { EXDEV, "Invalid cross-device link" },
    { ENODEV, "No such device" },
    { ENOTDIR, "Not a directory" },
    { EISDIR, "Is a directory" },
    { EINVAL, "Invalid argument" },
    { ENFILE, "Too many open files in system" },
    { EMFILE, "Too many open files" },
    { ENOTTY, "Inappropriate ioctl for device" },
    { ETXTBSY, "Text file busy" },
    { EFBIG, "File too large" },
    { ENOSPC, "No space left on device" },
    { ESPIPE, "Illegal seek" },
    { EROFS, "Read-only file system" },
    { EMLINK, "Too many links" },
    { EPIPE, "Broken pipe" },
    { ERANGE, "Numerical result out of range" },
    { EDEADLK, "Resource deadlock avoided" },
    { ENAMETOOLONG, "File name too long" },
    { ENOLCK, "No locks available" },
    { ENOSYS, "Function not implemented" },
    { ENOTEMPTY, "Directory not empty" },
    { ELOOP, "Too many levels of symbolic links" },
    { EOVERFLOW, "Value too large for defined data type" },
    { ENOTSOCK, "Socket operation on non-socket" },
    { EMSGSIZE, "Message too long" },
    { EPROTO, "Protocol error" },
    { EPROTONOSUPPORT, "Protocol not supported" },
    { EAFNOSUPPORT, "Address family not supported by protocol" },
    { EADDRINUSE, "Address already in use" },
    { EADDRNOTAVAIL, "Cannot assign requested address" },
    { ENETDOWN, "Network is down" },
    { ENETUNREACH, "Network is unreachable" },
    { ECONNABORTED, "Software caused connection abort" },
    { ECONNRESET, "Connection reset by peer" },
    { ENOBUFS, "No buffer space available" },
    { EISCONN, "Transport endpoint is already connected" },
    { ENOTCONN, "Transport endpoint is not connected" },
    { ETIMEDOUT, "Connection timed out" },
    { ECONNREFUSED, "Connection refused" },
    { EHOSTDOWN, "Host is down" },
    { EHOSTUNREACH, "No route to host" },
    { EALREADY, "Operation already in progress" },
    { EINPROGRESS, "Operation now in progress" },
    { ESTALE, "Stale file handle" },
    { EDQUOT, "Disk quota exceeded" },
};

const char *errtext(int e)
{
    size_t i;

    for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i].e == e)
            return texts[i].text;
    return strerror(e);
}
