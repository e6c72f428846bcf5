/* pwhash.c - crypt(3) hashes for stored passwords.
 *
 * crypt_gensalt with a NULL random source takes its salt from the
 * kernel (getrandom), so no salt is ever made from the time or pid.
 * crypt_rn never returns NULL for a bad setting in libxcrypt: it
 * writes a "*0" or "*1" failure token, which can never equal a stored
 * hash; both cases are treated as "no match". */
#include <crypt.h>
#include <errno.h>
#include <string.h>

#include "pwhash.h"

static struct crypt_data cd; /* 32 KiB: too big for the stack */

int pwhash_make(struct str *out, const char *password)
{
    static const char *const prefixes[] = {"$y$", "$6$"};
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    const char *h = NULL;
    size_t i;

    errno = 0;
    for (i = 0; i < sizeof prefixes / sizeof *prefixes && h == NULL; i++)
        if (crypt_gensalt_rn(prefixes[i], 0, NULL, 0, setting,
                             sizeof setting) != NULL)
            h = crypt_rn(password, setting, &cd, sizeof cd);
    if (h == NULL || h[0] != '$') {
        if (errno == 0)
            errno = EINVAL;
        return 0;
    }
    return str_copys(out, h) && str_0(out);
}

int pwhash_locked(const char *hash)
{
    return hash[0] == '\0' || hash[0] == '!' || hash[0] == '*';
}

/* Compare all of both strings whatever the first difference, so the
 * time taken does not tell how much of a guess was right. */
static int same(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), i;
    unsigned char d = na != nb;

    for (i = 0; i < na && i < nb; i++)
        d |= (unsigned char)(a[i] ^ b[i]);
    return d == 0;
}

int pwhash_check(const char *password, const char *hash)
{
    const char *h;
    int locked = pwhash_locked(hash);

    /* A locked hash is still worked on, so it takes the usual time. */
    h = crypt_rn(password, locked ? pwhash_dummy() : hash, &cd, sizeof cd);
    if (h == NULL || h[0] == '*' || locked)
        return 0;
    return same(h, hash);
}

const char *pwhash_dummy(void)
{
    /* yescrypt of a random password nobody kept, default cost. */
    static const char d[] = "$y$j9T$.m7z4rfNpQRSIeDLgHLCC.$"
                            "cX2WJfOYb8hwaTcdzKoPA0SuTMGFAJlm4hzOmgmEtP/";
    return d;
}
