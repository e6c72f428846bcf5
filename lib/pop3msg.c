/* pop3msg.c - a message as a POP3 multi-line response, streamed. */
#include <string.h>

#include "pop3msg.h"

void pop3msg_init(struct pop3msg *m, int is_top, unsigned long lines)
{
    m->lines = lines;
    m->linelen = 0;
    m->is_top = is_top;
    m->is_body = 0;
    m->was_cr = 0;
    m->is_done = 0;
}

int pop3msg_done(const struct pop3msg *m)
{
    return m->is_done;
}

/* A line has ended (its CRLF is out): count it toward TOP's limit. The
 * header ends at the first empty line; with TOP the body lines after it
 * are counted, and TOP n with n = 0 stops right after that blank line. */
static void line_end(struct pop3msg *m, int is_blank)
{
    if (m->is_body) {
        if (m->is_top && --m->lines == 0)
            m->is_done = 1;
    } else if (is_blank) {
        m->is_body = 1;
        if (m->is_top && m->lines == 0)
            m->is_done = 1;
    }
    m->linelen = 0;
    m->was_cr = 0;
}

int pop3msg_put(struct pop3msg *m, struct buf *out, const char *s, size_t n)
{
    while (n > 0 && !m->is_done) {
        const char *lf = memchr(s, '\n', n);
        size_t seg = lf ? (size_t)(lf - s) : n;
        int cr_before;

        /* RFC 1939 3: byte-stuff a line that starts with the
         * termination octet. */
        if (m->linelen == 0 && s[0] == '.' && !buf_putc(out, '.'))
            return 0;
        if (seg > 0 && !buf_put(out, s, seg))
            return 0;
        if (lf == NULL) {
            m->linelen += seg;
            m->was_cr = s[seg - 1] == '\r';
            return 1;
        }
        cr_before = seg > 0 ? s[seg - 1] == '\r' : m->was_cr;
        if (!(cr_before ? buf_putc(out, '\n') : buf_put(out, "\r\n", 2)))
            return 0;
        m->linelen += seg;
        line_end(m, m->linelen == (size_t)cr_before);
        s += seg + 1;
        n -= seg + 1;
    }
    return 1;
}

int pop3msg_end(struct pop3msg *m, struct buf *out)
{
    if (m->linelen > 0 && !buf_put(out, "\r\n", 2))
        return 0;
    m->linelen = 0;
    m->is_done = 1;
    return buf_put(out, ".\r\n", 3);
}
