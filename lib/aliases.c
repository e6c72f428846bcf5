/* aliases.c - sendmail-style address lists (see aliases.h).
 *
 * A line is first cut into RFC 822 tokens: words (atoms, "quoted
 * strings" and [domain literals], with \-escapes resolved) and the
 * specials @ . , < > : ; that matter here. Comments and white space only
 * leave a mark on the next token (spaced), because two words with white
 * space between them are two addresses while "bob (Bob) @x.y" is one.
 * A word that touches the previous one, as in |"a b", continues it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aliases.h"
#include "auto.h"
#include "control.h"
#include "fwd.h"

struct tok {
    char type;     /* 'w' a word, else the special itself */
    char spaced;   /* white space or a comment came before it */
    char quoted;   /* a word that was quoted or escaped, wholly or partly */
    size_t off;    /* a word's text in the text buffer */
    size_t len;
};

struct toks {
    struct tok *t;
    size_t n, cap;
    struct str text;
};

static int bad(const char **why, const char *what)
{
    *why = what;
    errno = EINVAL;
    return -1;
}

static int push(struct toks *ts, char type, int spaced)
{
    struct tok *t;
    size_t cap;

    if (ts->n == ts->cap) {
        if (__builtin_mul_overflow(ts->cap ? ts->cap : 8, 2, &cap) ||
            cap > ((size_t)-1) / sizeof *t)
            return errno = ENOMEM, 0;
        if ((t = realloc(ts->t, cap * sizeof *t)) == NULL)
            return 0;
        ts->t = t;
        ts->cap = cap;
    }
    t = &ts->t[ts->n++];
    t->type = type;
    t->spaced = (char)spaced;
    t->quoted = 0;
    t->off = ts->text.len;
    t->len = 0;
    return 1;
}

/* Start a word, or go on with the previous one when nothing separates
 * them. */
static int word(struct toks *ts, int spaced)
{
    if (ts->n > 0 && ts->t[ts->n - 1].type == 'w' && !spaced)
        return 1;
    return push(ts, 'w', spaced);
}

static int wordbyte(struct toks *ts, char c)
{
    if (!str_catc(&ts->text, c))
        return 0;
    ts->t[ts->n - 1].len++;
    return 1;
}

static int is_ctl(unsigned char c)
{
    return c < 32 || c == 127;
}

/* Skip the comment at s[*i] == '('; they nest. */
static int comment(const char *s, size_t n, size_t *i, const char **why)
{
    size_t depth = 0;

    for (; *i < n; ++*i) {
        if (s[*i] == '\\') {
            ++*i;
        } else if (s[*i] == '(') {
            depth++;
        } else if (s[*i] == ')' && --depth == 0) {
            ++*i;
            return 1;
        }
    }
    return bad(why, "unbalanced parenthesis");
}

/* A "quoted string" (close '"') or [domain literal] (close ']', kept with
 * its brackets) at s[*i]. */
static int quoted(struct toks *ts, const char *s, size_t n, size_t *i,
                  int spaced, const char **why)
{
    char close = s[*i] == '"' ? '"' : ']';

    if (!word(ts, spaced))
        return 0;
    ts->t[ts->n - 1].quoted = 1;
    if (close == ']' && !wordbyte(ts, '['))
        return 0;
    for (++*i; *i < n && s[*i] != close; ++*i) {
        if (s[*i] == '\\' && ++*i == n)
            break;
        if (is_ctl((unsigned char)s[*i]))
            return bad(why, "control character in an address");
        if (!wordbyte(ts, s[*i]))
            return 0;
    }
    if (*i == n)
        return bad(why, close == '"' ? "unbalanced quote"
                                     : "unbalanced bracket");
    ++*i;
    return close == ']' ? wordbyte(ts, ']') : 1;
}

static int tokenize(struct toks *ts, const char *s, size_t n,
                    const char **why)
{
    size_t i = 0;
    int spaced = 0, escaped, r;
    unsigned char c;

    while (i < n) {
        c = (unsigned char)s[i];
        switch (c) {
        case ' ':
        case '\t':
        case '\r':
        case '\n':
            spaced = 1;
            i++;
            continue;
        case '(':
            if (comment(s, n, &i, why) == -1)
                return -1;
            spaced = 1;
            continue;
        case ')':
            return bad(why, "unbalanced parenthesis");
        case ']':
            return bad(why, "unbalanced bracket");
        case '"':
        case '[':
            if ((r = quoted(ts, s, n, &i, spaced, why)) != 1)
                return r;
            break;
        case '@':
        case '.':
        case ',':
        case '<':
        case '>':
        case ':':
        case ';':
            if (!push(ts, (char)c, spaced))
                return 0;
            i++;
            break;
        default:
            escaped = c == '\\';
            if (escaped) {
                if (++i == n)
                    return bad(why, "backslash at the end of a line");
                c = (unsigned char)s[i];
            }
            if (is_ctl(c))
                return bad(why, "control character in an address");
            if (!word(ts, spaced) || !wordbyte(ts, (char)c))
                return 0;
            if (escaped)
                ts->t[ts->n - 1].quoted = 1;
            i++;
            break;
        }
        spaced = 0;
    }
    return 1;
}

/* Append one item for the address built from tokens t[a..b) (words,
 * dots and at signs only). */
static int item(struct str *items, const struct toks *ts, size_t a,
                size_t b, const char **why)
{
    size_t start = items->len, i;
    int has_at = 0;
    char kind;

    if (!str_catc(items, ALIASES_ADDR))
        return 0;
    for (i = a; i < b; i++) {
        const struct tok *t = &ts->t[i];
        if (t->type == 'w') {
            if (!str_catb(items, ts->text.s + t->off, t->len))
                return 0;
        } else if (t->type == '@' || t->type == '.') {
            has_at |= t->type == '@';
            if (!str_catc(items, t->type))
                return 0;
        } else {
            items->len = start;
            return bad(why, t->type == ':' || t->type == ';'
                                ? "address groups are not permitted"
                                : "unbalanced angle bracket");
        }
    }
    if (items->len == start + 1) {
        items->len = start;
        return bad(why, "empty address");
    }
    kind = items->s[start + 1];
    if (!has_at && (kind == '|' || kind == '/')) {
        /* "|prog": drop the bar, keep the command; "/file" stays */
        if (kind == '|') {
            for (i = start + 1; i + 1 < items->len; i++)
                items->s[i] = items->s[i + 1];
            items->len--;
            if (items->len == start + 1) {
                items->len = start;
                return bad(why, "empty program");
            }
        }
        items->s[start] = kind;
    }
    return str_catc(items, '\0') ? 1 : 0;
}

static int word_is(const struct toks *ts, size_t i, const char *w)
{
    const struct tok *t = &ts->t[i];
    size_t k;

    if (t->type != 'w' || t->quoted)
        return 0;
    for (k = 0; k < t->len && w[k]; k++)
        if ((ts->text.s[t->off + k] | 0x20) != w[k])
            return 0;
    return k == t->len && w[k] == '\0';
}

/* ":include: file" in t[a..b), a + 3 <= b. */
static int include(struct str *items, const struct toks *ts, size_t a,
                   size_t b, const char **why)
{
    size_t start = items->len, i;

    if (!str_catc(items, ALIASES_INCLUDE))
        return 0;
    for (i = a; i < b; i++) {
        const struct tok *t = &ts->t[i];
        if (t->type == 'w' && t->spaced && i > a) {
            items->len = start;
            return bad(why, "white space in an :include: file name "
                            "must be quoted");
        }
        if (t->type == 'w') {
            if (!str_catb(items, ts->text.s + t->off, t->len))
                return 0;
        } else if (t->type == '.' || t->type == '@') {
            if (!str_catc(items, t->type))
                return 0;
        } else {
            items->len = start;
            return bad(why, "special character in an :include: file name");
        }
    }
    if (items->len == start + 1) {
        items->len = start;
        return bad(why, "empty :include: file name");
    }
    return str_catc(items, '\0') ? 1 : 0;
}

/* One comma-separated element, t[a..b). */
static int element(struct str *items, const struct toks *ts, size_t a,
                   size_t b, const char **why)
{
    size_t i, lt = b, gt = b, from;
    int r;

    if (a == b)
        return 1;
    if (b - a >= 3 && ts->t[a].type == ':' && word_is(ts, a + 1, "include") &&
        ts->t[a + 2].type == ':')
        return include(items, ts, a + 3, b, why);
    for (i = a; i < b; i++) {
        if (ts->t[i].type == '<' && lt == b)
            lt = i;
        else if (ts->t[i].type == '<' || (ts->t[i].type == '>' && gt != b))
            return bad(why, "unbalanced angle bracket");
        else if (ts->t[i].type == '>')
            gt = i;
    }
    if (lt != b) {
        /* Phrase <route:address>: the phrase is only for people */
        if (gt == b || gt < lt || gt + 1 != b)
            return bad(why, "unbalanced angle bracket");
        for (i = a; i < lt; i++)
            if (ts->t[i].type == ':' || ts->t[i].type == ';')
                return bad(why, "address groups are not permitted");
        for (from = i = lt + 1; i < gt; i++)
            if (ts->t[i].type == ':')
                from = i + 1;
        return item(items, ts, from, gt, why);
    }
    /* bare addresses: a word after a word starts a new one */
    for (from = i = a; i < b; i++) {
        if (i > from && ts->t[i].type == 'w' && ts->t[i - 1].type == 'w') {
            if ((r = item(items, ts, from, i, why)) != 1)
                return r;
            from = i;
        }
    }
    return item(items, ts, from, b, why);
}

static int elements(struct str *items, const struct toks *ts, size_t a,
                    size_t b, const char **why)
{
    size_t i, from = a;
    int r;

    for (i = a; i <= b; i++) {
        if (i == b || ts->t[i].type == ',') {
            if ((r = element(items, ts, from, i, why)) != 1)
                return r;
            from = i + 1;
        }
    }
    return 1;
}

static void toks_free(struct toks *ts)
{
    free(ts->t);
    str_free(&ts->text);
}

int aliases_list(struct str *items, const char *s, size_t n,
                 const char **why)
{
    struct toks ts = {NULL, 0, 0, STR_INIT};
    size_t start = items->len;
    int r;

    r = tokenize(&ts, s, n, why);
    if (r == 1)
        r = elements(items, &ts, 0, ts.n, why);
    toks_free(&ts);
    if (r != 1)
        items->len = start;
    return r;
}

/* The alias before the colon, t[0..colon), in fastforward's form. */
static int target(struct str *out, const struct toks *ts, size_t colon,
                  const char **why)
{
    size_t i;
    int has_at = 0;

    out->len = 0;
    if (colon == 0)
        return bad(why, "no alias name before the colon");
    for (i = 0; i < colon; i++) {
        const struct tok *t = &ts->t[i];
        if (t->type == 'w') {
            if (i > 0 && ts->t[i - 1].type == 'w')
                return bad(why, "white space in an alias name");
            if (!str_catb(out, ts->text.s + t->off, t->len))
                return 0;
        } else if (t->type == '@' || t->type == '.') {
            has_at |= t->type == '@';
            if (!str_catc(out, t->type))
                return 0;
        } else {
            return bad(why, "special character in an alias name");
        }
    }
    if (!has_at && !str_catc(out, '@'))
        return 0;
    str_lower(out->s, out->len);
    return 1;
}

int aliases_line(struct str *tgt, struct str *items, const char *s, size_t n,
                 const char **why)
{
    struct toks ts = {NULL, 0, 0, STR_INIT};
    size_t colon, start = items->len;
    int r;

    r = tokenize(&ts, s, n, why);
    for (colon = 0; r == 1 && colon < ts.n; colon++)
        if (ts.t[colon].type == ':')
            break;
    if (r == 1 && colon == ts.n)
        r = bad(why, "no colon after the alias name");
    if (r == 1)
        r = target(tgt, &ts, colon, why);
    if (r == 1)
        r = elements(items, &ts, colon + 1, ts.n, why);
    if (r == 1 && items->len == start)
        r = bad(why, "no addresses after the colon");
    toks_free(&ts);
    if (r != 1)
        items->len = start;
    return r;
}

int aliases_next(const struct str *items, size_t *pos, char *kind,
                 const char **text)
{
    size_t end;

    if (*pos >= items->len)
        return 0;
    *kind = items->s[*pos];
    *text = items->s + *pos + 1;
    end = *pos + 1 + str_chr(items->s + *pos + 1, items->len - *pos - 1,
                             '\0');
    *pos = end + 1;
    return 1;
}

int aliases_hosts_read(struct aliases_hosts *h, const char **fn)
{
    static const char *const names[] = {"defaulthost", "defaultdomain",
                                        "plusdomain"};
    struct str *vals[] = {&h->defaulthost, &h->defaultdomain,
                          &h->plusdomain};
    struct str path = STR_INIT;
    size_t i;
    int saved;

    for (i = 0; i < 3; i++) {
        if (!str_copys(&path, "control/") || !str_cats(&path, names[i]) ||
            !str_0(&path))
            goto fail;
        if (control_rldef(vals[i], path.s, 1, names[i]) != 1)
            goto fail;
    }
    str_free(&path);
    return 1;
fail:
    saved = errno;
    *fn = names[i];
    str_free(&path);
    errno = saved;
    return -1;
}

int aliases_hosts_load(struct aliases_hosts *h, const char **what)
{
    static struct str msg = STR_INIT; /* lives until exit, for *what */
    const char *fn;
    int here, saved, r = -1;

    if ((here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
        return *what = "open the current directory", -1;
    if (chdir(auto_home) == -1) {
        *what = str_copys(&msg, "chdir to ") && str_cats(&msg, auto_home) &&
                        str_0(&msg)
                    ? msg.s
                    : "chdir to the home directory";
    } else if (control_init() == -1) {
        *what = "read control/me";
    } else if (aliases_hosts_read(h, &fn) == -1) {
        *what = str_copys(&msg, "read control/") && str_cats(&msg, fn) &&
                        str_0(&msg)
                    ? msg.s
                    : "read a control file";
    } else {
        r = 1;
    }
    saved = errno;
    if (fchdir(here) == -1 && r == 1) {
        saved = errno;
        *what = "return to the current directory";
        r = -1;
    }
    close(here);
    errno = saved;
    return r;
}

int aliases_qualify(struct str *out, const char *addr, size_t n,
                    const struct aliases_hosts *h)
{
    size_t at = str_rchr(addr, n, '@'), dom;

    if (!str_copyb(out, addr, n))
        return 0;
    if (at == n || at + 1 == n) {
        if (at == n && !str_catc(out, '@'))
            return 0;
        if (!str_cat(out, &h->defaulthost))
            return 0;
        at = str_rchr(out->s, out->len, '@');
    }
    dom = at + 1;
    if (dom < out->len && out->s[dom] == '[')
        return str_0(out);
    /* "joe@host." names the same host as "joe@host" */
    while (out->len > dom + 1 && out->s[out->len - 1] == '.')
        out->len--;
    if (out->s[out->len - 1] == '+') {
        out->len--;
        if (!str_catc(out, '.') || !str_cat(out, &h->plusdomain))
            return 0;
    }
    if (str_chr(out->s + dom, out->len - dom, '.') == out->len - dom)
        if (!str_catc(out, '.') || !str_cat(out, &h->defaultdomain))
            return 0;
    return str_0(out);
}

int aliases_commands(struct str *cmds, const struct str *items,
                     const struct aliases_hosts *h, int programs_ok,
                     const char **why)
{
    static struct str addr;
    size_t pos = 0, start = cmds->len;
    const char *text;
    char kind;
    int ok = 1;

    while (ok == 1 && aliases_next(items, &pos, &kind, &text)) {
        switch (kind) {
        case ALIASES_ADDR:
            if (!aliases_qualify(&addr, text, strlen(text), h))
                goto nomem;
            if (addr.len > FWD_ADDRMAX) {
                ok = bad(why, "address longer than 800 bytes");
                break;
            }
            ok = str_catc(cmds, '&') && str_catb(cmds, addr.s, addr.len + 1);
            break;
        case ALIASES_PROG:
            if (!programs_ok) {
                ok = bad(why, "program deliveries are not supported here");
                break;
            }
            ok = str_catc(cmds, '!') && str_cats(cmds, text) &&
                 str_catc(cmds, '\0');
            break;
        case ALIASES_INCLUDE:
            if (text[0] != '/' && text[0] != '.') {
                ok = bad(why, ":include: file name must start with / or .");
                break;
            }
            ok = str_cats(cmds, text) && str_cats(cmds, ".bin") &&
                 str_catc(cmds, '\0');
            break;
        default:
            ok = bad(why, "file deliveries are not supported (use a .qmail "
                          "file)");
            break;
        }
        if (ok == 0)
            goto nomem;
    }
    if (ok == 1)
        return 1;
    cmds->len = start;
    return -1;
nomem:
    cmds->len = start;
    return 0;
}
