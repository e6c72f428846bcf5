/* msgread.c - header fields and body of a message on a buf. */
#include <stdint.h>
#include <string.h>

#include "hfield.h"
#include "msgread.h"

void msgread_init(struct msgread *m, struct buf *in)
{
    struct str empty = STR_INIT;

    m->in = in;
    m->line = empty;
    m->ahead = m->in_body = m->eof = 0;
}

void msgread_free(struct msgread *m)
{
    str_free(&m->line);
}

/* The next line into m->line, ending in LF, without a CR before it.
 * 1 a line, 0 end of input, -1 error. */
static int next_line(struct msgread *m)
{
    struct str *l = &m->line;
    int r;

    l->len = 0;
    r = buf_getline(m->in, l, '\n', SIZE_MAX);
    if (r == -1)
        return -1;
    if (r == 0) {
        m->eof = 1;
        if (l->len == 0)
            return 0;
        if (!str_catc(l, '\n'))
            return -1;
    }
    if (l->len >= 2 && l->s[l->len - 2] == '\r') {
        l->s[l->len - 2] = '\n';
        l->len--;
    }
    return 1;
}

/* The body starts with m->line, behind an empty line of our own. */
static int body_starts(struct msgread *m)
{
    struct str x = STR_INIT;

    if (!str_catc(&x, '\n') || !str_cat(&x, &m->line)) {
        str_free(&x);
        return -1;
    }
    str_free(&m->line);
    m->line = x;
    m->in_body = 1;
    return 0;
}

int msgread_field(struct msgread *m, struct str *field)
{
    int have = 0, r;

    field->len = 0;
    if (m->in_body)
        return 0;
    for (;;) {
        if (!m->ahead) {
            if (m->eof || (r = next_line(m)) == 0) {
                m->in_body = 1;
                m->line.len = 0;
                return have;
            }
            if (r == -1)
                return -1;
            m->ahead = 1;
        }
        if (have) { /* a continuation, or the end of this field */
            if (m->line.s[0] != ' ' && m->line.s[0] != '\t')
                return 1;
            if (!str_cat(field, &m->line))
                return -1;
        } else if (m->line.len == 1) { /* the empty line */
            m->in_body = 1;
            return 0;
        } else if (m->line.len >= 5 && memcmp(m->line.s, "From ", 5) == 0) {
            if (!str_copys(field, "MBOX-Line: ") ||
                !str_cat(field, &m->line))
                return -1;
        } else if (hfield_valid(m->line.s, m->line.len)) {
            if (!str_copyb(field, m->line.s, m->line.len))
                return -1;
        } else {
            return body_starts(m);
        }
        have = 1;
        m->ahead = 0;
    }
}

int msgread_body(struct msgread *m,
                 int (*put)(void *arg, const char *s, size_t n), void *arg)
{
    char last = '\n';
    int cr = 0; /* a CR ended the last block: drop it if an LF follows */
    ssize_t r;

    if (m->ahead && m->line.len > 0) {
        if (!put(arg, m->line.s, m->line.len))
            return 0;
        last = m->line.s[m->line.len - 1];
    }
    m->ahead = 0;
    while (!m->eof && (r = buf_feed(m->in)) != 0) {
        const char *p;
        size_t n, i = 0, k;

        if (r == -1)
            return -1;
        p = buf_peek(m->in);
        n = buf_avail(m->in);
        if (cr && p[0] != '\n') {
            if (!put(arg, "\r", 1))
                return 0;
            last = '\r';
        }
        cr = 0;
        while (i < n) {
            k = i + str_chr(p + i, n - i, '\r');
            if (k > i && !put(arg, p + i, k - i))
                return 0;
            if (k > i)
                last = p[k - 1];
            if (k == n)
                break;
            if (k + 1 == n)
                cr = 1;
            else if (p[k + 1] != '\n') {
                if (!put(arg, "\r", 1))
                    return 0;
                last = '\r';
            }
            i = k + 1;
        }
        buf_skip(m->in, n);
    }
    m->eof = 1;
    /* a CR at the very end stands before the LF a last line gets */
    if ((cr || last != '\n') && !put(arg, "\n", 1))
        return 0;
    return 1;
}
