/* smtpdata.c - decode SMTP DATA (see smtpdata.h).
 *
 * States, named by what came last:
 *   SOL     start of a line after CRLF (or after the DATA command)
 *   MID     inside a line
 *   CR      a CR inside a line: CRLF if LF follows, else a bare CR
 *   DOT     SOL then "."       DOTCR    SOL then ".\r"
 *   LSOL    start of a line after a bare LF
 *   LDOT    LSOL then "."      LDOTCR   LSOL then ".\r"
 * qmail-smtpd's blast() had the same shape and died at a bare LF; we
 * read on instead, so that a well-framed message gets a reply and the
 * session stays in step. */
#include "smtpdata.h"

enum { SOL, MID, CR, DOT, DOTCR, LSOL, LDOT, LDOTCR };

void smtpdata_init(struct smtpdata *d, unsigned long limit)
{
    d->state = SOL;
    d->is_header = 1;
    d->maybe_r = d->maybe_d = 1;
    d->hpos = 0;
    d->hops = 0;
    d->bytes = 0;
    d->limit = limit;
    d->is_toobig = 0;
    d->is_bare = 0;
}

int smtpdata_looping(const struct smtpdata *d)
{
    return d->hops > SMTPDATA_MAXHOPS;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Count header lines that start "Received:" or "Delivered-To:", in any
 * case, as qmail's MAXHOPS check does; an empty line ends the header. */
static void track_header(struct smtpdata *d, char c)
{
    static const char rcvd[] = "received:", dlvd[] = "delivered-to:";

    if (c == '\n') {
        if (d->hpos == 0)
            d->is_header = 0;
        d->hpos = 0;
        d->maybe_r = d->maybe_d = 1;
        return;
    }
    c = lower(c);
    if (d->maybe_r && d->hpos < sizeof rcvd - 1) {
        if (c != rcvd[d->hpos])
            d->maybe_r = 0;
        else if (d->hpos == sizeof rcvd - 2)
            d->hops++;
    }
    if (d->maybe_d && d->hpos < sizeof dlvd - 1) {
        if (c != dlvd[d->hpos])
            d->maybe_d = 0;
        else if (d->hpos == sizeof dlvd - 2)
            d->hops++;
    }
    if (d->hpos < sizeof dlvd)
        d->hpos++;
}

/* Give the caller n decoded bytes, unless the message is already
 * condemned. The limit is checked before appending, so memory use is
 * bounded by databytes, not by what the client sends. */
static int emit(struct smtpdata *d, const char *s, size_t n, struct str *out)
{
    size_t i;

    if (d->is_header)
        for (i = 0; i < n; i++)
            track_header(d, s[i]);
    if (d->is_toobig || d->is_bare)
        return 1;
    if (d->limit != 0 && n > d->limit - d->bytes) {
        d->is_toobig = 1;
        return 1;
    }
    d->bytes += n;
    return str_catb(out, s, n);
}

static int emitc(struct smtpdata *d, char c, struct str *out)
{
    return emit(d, &c, 1, out);
}

/* A byte inside a line, or starting a line that is not a "." line. */
static int mid(struct smtpdata *d, char c, struct str *out)
{
    if (c == '\r') {
        d->state = CR;
        return 1;
    }
    if (c == '\n') {
        d->is_bare = 1;
        d->state = LSOL;
        return emitc(d, c, out);
    }
    d->state = MID;
    return emitc(d, c, out);
}

int smtpdata_feed(struct smtpdata *d, const char *s, size_t n, size_t *used,
                  struct str *out)
{
    size_t i = 0, j;
    int ok = 1;

    while (i < n && ok) {
        char c = s[i];

        switch (d->state) {
        case MID:
            /* the common case: a run of ordinary bytes */
            for (j = i; j < n && s[j] != '\r' && s[j] != '\n'; j++)
                ;
            if (j > i) {
                ok = emit(d, s + i, j - i, out);
                i = j;
                continue;
            }
            ok = mid(d, c, out);
            break;
        case SOL:
            if (c == '.')
                d->state = DOT;
            else
                ok = mid(d, c, out);
            break;
        case CR:
            if (c == '\n') {
                d->state = SOL;
                ok = emitc(d, '\n', out);
            } else {
                d->is_bare = 1; /* the CR before c was bare */
                ok = emitc(d, '\r', out) && mid(d, c, out);
            }
            break;
        case DOT:
            if (c == '\r')
                d->state = DOTCR;
            else if (c == '\n')
                return *used = i + 1, SMTPDATA_AMBIGUOUS; /* CRLF . LF */
            else
                ok = mid(d, c, out); /* RFC 5321 4.5.2: drop the dot */
            break;
        case DOTCR:
            if (c == '\n')
                return *used = i + 1, SMTPDATA_END;
            d->is_bare = 1;
            ok = mid(d, c, out);
            break;
        case LSOL:
            if (c == '.')
                d->state = LDOT;
            else
                ok = mid(d, c, out);
            break;
        case LDOT:
            if (c == '\r')
                d->state = LDOTCR;
            else if (c == '\n')
                return *used = i + 1, SMTPDATA_AMBIGUOUS; /* LF . LF */
            else
                ok = mid(d, c, out);
            break;
        case LDOTCR:
            if (c == '\n')
                return *used = i + 1, SMTPDATA_AMBIGUOUS; /* LF . CRLF */
            ok = mid(d, c, out);
            break;
        }
        i++;
    }
    *used = i;
    return ok ? SMTPDATA_MORE : -1;
}
