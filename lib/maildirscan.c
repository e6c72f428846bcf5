/* maildirscan.c - a Maildir's messages for POP3, without reading them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maildirscan.h"
#include "scan.h"

static int add(struct maildirscan *s, const char *dir, const char *name,
               unsigned long size)
{
    struct maildirscan_msg *m;
    const char *uniq;
    size_t len;

    if (s->n == s->cap) {
        size_t cap, bytes;
        void *p;

        if (__builtin_mul_overflow(s->cap, 2, &cap))
            return errno = EOVERFLOW, 0;
        if (cap < 64)
            cap = 64;
        if (__builtin_mul_overflow(cap, sizeof *m, &bytes))
            return errno = EOVERFLOW, 0;
        if ((p = realloc(s->msg, bytes)) == NULL)
            return 0;
        s->msg = p;
        s->cap = cap;
    }
    m = &s->msg[s->n];
    m->off = s->names.len;
    m->size = size;
    if (!str_cats(&s->names, dir) || !str_catc(&s->names, '/') ||
        !str_cats(&s->names, name) || !str_catc(&s->names, '\0'))
        return 0;
    len = maildirscan_uniq(s->names.s + m->off, &uniq);
    if (scan_ulong(uniq, len, &m->time) == 0)
        m->time = 0;
    s->n++;
    return 1;
}

static int scan_dir(struct maildirscan *s, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    struct stat st;
    int saved;

    if (d == NULL)
        return 0;
    for (;;) {
        errno = 0;
        if ((e = readdir(d)) == NULL)
            break;
        if (e->d_name[0] == '.')
            continue;
        if (fstatat(dirfd(d), e->d_name, &st, 0) == -1) {
            if (errno == ENOENT) /* another session took it just now */
                continue;
            goto fail;
        }
        if (!S_ISREG(st.st_mode))
            continue;
        if (!add(s, dir, e->d_name, (unsigned long)st.st_size))
            goto fail;
    }
    if (errno != 0)
        goto fail;
    closedir(d);
    return 1;
fail:
    saved = errno;
    closedir(d);
    errno = saved;
    return 0;
}

static int by_age(const void *a, const void *b)
{
    const struct maildirscan_msg *x = a, *y = b;
    const char *ux, *uy;
    size_t lx, ly;
    int c;

    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    lx = maildirscan_uniq(x->path, &ux);
    ly = maildirscan_uniq(y->path, &uy);
    c = memcmp(ux, uy, lx < ly ? lx : ly);
    if (c != 0)
        return c;
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return strcmp(x->path, y->path);
}

int maildirscan_scan(struct maildirscan *s)
{
    size_t i;

    s->n = 0;
    s->names.len = 0;
    if (!scan_dir(s, "new") || !scan_dir(s, "cur"))
        return 0;
    /* names no longer moves: the offsets become pointers */
    for (i = 0; i < s->n; i++)
        s->msg[i].path = s->names.s + s->msg[i].off;
    if (s->n > 1)
        qsort(s->msg, s->n, sizeof *s->msg, by_age);
    return 1;
}

void maildirscan_free(struct maildirscan *s)
{
    free(s->msg);
    s->msg = NULL;
    s->n = s->cap = 0;
    str_free(&s->names);
}

size_t maildirscan_uniq(const char *path, const char **uniq)
{
    size_t slash = strcspn(path, "/");

    if (path[slash] == '/')
        path += slash + 1;
    *uniq = path;
    return strcspn(path, ":");
}

size_t maildirscan_uidl(char *out, const char *path)
{
    const char *u;
    size_t len = maildirscan_uniq(path, &u), i;
    uint64_t h = 14695981039346656037ULL; /* FNV-1a 64 offset basis */
    int is_ok = len >= 1 && len <= MAILDIRSCAN_UIDL;

    for (i = 0; i < len && is_ok; i++)
        is_ok = u[i] >= 0x21 && u[i] <= 0x7e;
    if (is_ok) {
        memcpy(out, u, len);
        return len;
    }
    for (i = 0; i < len; i++) {
        h ^= (unsigned char)u[i];
        h *= 1099511628211ULL; /* FNV prime */
    }
    out[0] = 'x';
    for (i = 0; i < 16; i++)
        out[1 + i] = "0123456789abcdef"[(h >> (60 - 4 * i)) & 15];
    return 17;
}

int maildirscan_find(const char *path, struct str *out)
{
    struct stat st;
    const char *u;
    size_t len = maildirscan_uniq(path, &u);
    struct dirent *e;
    DIR *d;
    int saved, r = 0;

    if (lstat(path, &st) == 0)
        return str_copys(out, path) && str_0(out) ? 1 : -1;
    if (errno != ENOENT)
        return -1;
    if ((d = opendir("cur")) == NULL)
        return -1;
    for (;;) {
        errno = 0;
        if ((e = readdir(d)) == NULL)
            break;
        if (strncmp(e->d_name, u, len) == 0 &&
            (e->d_name[len] == ':' || e->d_name[len] == '\0')) {
            r = 1;
            if (!str_copys(out, "cur/") || !str_cats(out, e->d_name) ||
                !str_0(out))
                r = -1;
            break;
        }
    }
    if (e == NULL && errno != 0)
        r = -1;
    saved = errno;
    closedir(d);
    errno = saved;
    return r;
}

unsigned long maildirscan_clean(time_t now)
{
    DIR *d = opendir("tmp");
    struct dirent *e;
    struct stat st;
    unsigned long removed = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        time_t last;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
            !S_ISREG(st.st_mode))
            continue;
        /* qmail looks at the access time only; a file still being
         * written has a fresh modification time even where atime
         * updates are off, so take the later of the two. */
        last = st.st_atime > st.st_mtime ? st.st_atime : st.st_mtime;
        if (now - last > MAILDIRSCAN_TMPAGE &&
            unlinkat(dirfd(d), e->d_name, 0) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}
