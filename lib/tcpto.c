/* tcpto.c - the table of recently timed-out addresses, as qmail's
 * tcpto.c keeps it, with records wide enough for IPv6 addresses and a
 * 64-bit time (qmail 1.03 had 16-byte records: a 4-byte IPv4 address
 * and a 32-bit time, 64 of them in 1024 bytes).
 *
 * Only timeouts count: a refused connection is an answer, and a host
 * that answers is alive. A host is skipped after two timeouts, for
 * about an hour, so a dead MX costs each delivery one connect timeout
 * at most twice instead of every time. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"
#include "tcpto.h"

static size_t iplen(int family)
{
    return family == AF_INET6 ? 16 : 4;
}

static unsigned char famcode(int family)
{
    return family == AF_INET6 ? 6 : 4;
}

static long long get_when(const unsigned char *r)
{
    unsigned long long u = 0;
    int i;

    for (i = 15; i >= 8; i--)
        u = u << 8 | r[i];
    return (long long)u;
}

static void put_when(unsigned char *r, long long when)
{
    unsigned long long u = (unsigned long long)when;
    int i;

    for (i = 8; i < 16; i++, u >>= 8)
        r[i] = (unsigned char)(u & 255);
}

static int matches(const unsigned char *r, int family, const unsigned char *ip)
{
    return r[0] == famcode(family) && memcmp(r + 16, ip, iplen(family)) == 0;
}

int tcpto_buf_skip(const unsigned char *buf, size_t len, int family,
                   const unsigned char *ip, long long now, unsigned long pid)
{
    const unsigned char *r;
    size_t i;

    for (i = 0; i + TCPTO_RECORD <= len; i += TCPTO_RECORD) {
        r = buf + i;
        if (r[1] == 0 || !matches(r, family, ip))
            continue;
        /* qmail: (60 + (pid & 31)) << 6, between 64 and 97 minutes */
        return r[1] >= 2 &&
               now - get_when(r) < (long long)((60 + (pid & 31)) << 6);
    }
    return 0;
}

/* The record a new address takes: a free one, else the oldest, where a
 * record with more timeouts counts as 1024 seconds younger for each. */
static size_t victim(const unsigned char *buf, size_t len)
{
    size_t i, best = 0;
    long long age, bestage = 0;

    for (i = 0; i + TCPTO_RECORD <= len; i += TCPTO_RECORD)
        if (buf[i + 1] == 0)
            return i;
    for (i = 0; i + TCPTO_RECORD <= len; i += TCPTO_RECORD) {
        age = get_when(buf + i) + ((long long)buf[i + 1] << 10);
        if (i == 0 || age < bestage) {
            best = i;
            bestage = age;
        }
    }
    return best;
}

long tcpto_buf_note(unsigned char *buf, size_t len, int family,
                    const unsigned char *ip, int timedout, long long now)
{
    unsigned char *r;
    size_t i;

    if (len < TCPTO_RECORD)
        return -1;
    for (i = 0; i + TCPTO_RECORD <= len; i += TCPTO_RECORD) {
        r = buf + i;
        if (r[1] == 0 || !matches(r, family, ip))
            continue;
        if (!timedout)
            r[1] = 0;
        else if (now - get_when(r) < TCPTO_RECOUNT)
            return -1; /* one outage, seen by several deliveries */
        else {
            if (r[1] < TCPTO_COUNT_MAX)
                r[1]++;
            put_when(r, now);
        }
        return (long)(i / TCPTO_RECORD);
    }
    if (!timedout)
        return -1;
    i = victim(buf, len);
    r = buf + i;
    memset(r, 0, TCPTO_RECORD);
    r[0] = famcode(family);
    r[1] = 1;
    put_when(r, now);
    memcpy(r + 16, ip, iplen(family));
    return (long)(i / TCPTO_RECORD);
}

int tcpto_buf_entry(const unsigned char *buf, size_t len, size_t i,
                    struct tcpto_entry *e)
{
    const unsigned char *r;

    if (i >= len / TCPTO_RECORD)
        return 0;
    r = buf + i * TCPTO_RECORD;
    if (r[1] == 0 || (r[0] != 4 && r[0] != 6))
        return 0;
    e->family = r[0] == 6 ? AF_INET6 : AF_INET;
    memset(e->ip, 0, sizeof e->ip);
    memcpy(e->ip, r + 16, iplen(e->family));
    e->count = r[1];
    e->when = get_when(r);
    return 1;
}

/* ---- the file ---- */

static unsigned char table[TCPTO_MAX];

/* Open and lock the table and read it into table[]: the fd (locked;
 * closing it unlocks), -1 on error. *len is the usable length. */
static int load(int flags, size_t *len)
{
    ssize_t r;
    size_t got = 0;
    int fd, saved;

    if ((fd = open(TCPTO_FILE, flags | O_CLOEXEC)) == -1)
        return -1;
    if (!lock_ex(fd))
        goto fail;
    while (got < sizeof table) {
        r = pread(fd, table + got, sizeof table - got, (off_t)got);
        if (r == -1 && errno == EINTR)
            continue;
        if (r == -1)
            goto fail;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    *len = got - got % TCPTO_RECORD;
    return fd;
fail:
    saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

int tcpto_skip(int family, const unsigned char *ip)
{
    size_t len;
    int fd, skip;

    if ((fd = load(O_RDONLY, &len)) == -1)
        return 0;
    skip = tcpto_buf_skip(table, len, family, ip, (long long)time(NULL),
                          (unsigned long)getpid());
    close(fd);
    return skip;
}

void tcpto_note(int family, const unsigned char *ip, int timedout)
{
    size_t len;
    long i;
    int fd;
    ssize_t w;

    if ((fd = load(O_RDWR, &len)) == -1)
        return;
    i = tcpto_buf_note(table, len, family, ip, timedout,
                       (long long)time(NULL));
    /* One record, written in one call at its own offset: a reader
     * holding the lock never sees half of it. */
    if (i >= 0) {
        w = pwrite(fd, table + (size_t)i * TCPTO_RECORD, TCPTO_RECORD,
                   (off_t)i * TCPTO_RECORD);
        (void)w; /* nothing to do about it: the table is advice */
    }
    close(fd);
}

long tcpto_read(unsigned char *buf)
{
    size_t len;
    int fd;

    if ((fd = load(O_RDONLY, &len)) == -1)
        return -1;
    memcpy(buf, table, len);
    close(fd);
    return (long)len;
}

int tcpto_clear(void)
{
    struct stat st;
    size_t len, done = 0;
    ssize_t w;
    int fd, saved;

    if ((fd = open(TCPTO_FILE, O_WRONLY | O_CLOEXEC)) == -1)
        return 0;
    if (!lock_ex(fd) || fstat(fd, &st) == -1)
        goto fail;
    len = st.st_size <= 0 ? TCPTO_SIZE
          : st.st_size > TCPTO_MAX ? TCPTO_MAX
                                   : (size_t)st.st_size;
    memset(table, 0, len);
    while (done < len) {
        w = pwrite(fd, table + done, len - done, (off_t)done);
        if (w == -1 && errno == EINTR)
            continue;
        if (w == -1)
            goto fail;
        done += (size_t)w;
    }
    if (close(fd) == -1)
        return 0;
    return 1;
fail:
    saved = errno;
    close(fd);
    errno = saved;
    return 0;
}
