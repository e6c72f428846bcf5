/* qclean.c - requests to qmail-clean; see qclean.h. */
#include <errno.h>
#include <unistd.h>

#include "qclean.h"
#include "str.h"

ssize_t qclean_batch(int out, int in, char type, const unsigned long *ids,
                     size_t n, int *ok)
{
    struct str req = STR_INIT;
    size_t i, pos;
    ssize_t w;
    char r;

    for (i = 0; i < n; i++)
        ok[i] = 0;
    for (i = 0; i < n; i++)
        if (!str_catc(&req, type) || !str_catulong(&req, ids[i]) ||
            !str_catc(&req, '\0')) {
            str_free(&req);
            return -1;
        }
    for (pos = 0; pos < req.len; pos += (size_t)w) {
        w = write(out, req.s + pos, req.len - pos);
        if (w == -1 && errno == EINTR)
            w = 0;
        else if (w <= 0) {
            str_free(&req);
            return 0;
        }
    }
    str_free(&req);
    for (i = 0; i < n; i++) {
        for (;;) {
            w = read(in, &r, 1);
            if (w == 1)
                break;
            if (w == -1 && errno == EINTR)
                continue;
            return (ssize_t)i;
        }
        ok[i] = r == '+';
    }
    return (ssize_t)n;
}
