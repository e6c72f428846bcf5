/* hfield.c - recognise header field names. */
#include "hfield.h"
#include "str.h"

/* In the order of the HFIELD_ numbers. */
static const char *const names[HFIELD_NUM] = {
    "",
    "sender",
    "from",
    "reply-to",
    "to",
    "cc",
    "bcc",
    "date",
    "message-id",
    "subject",
    "resent-sender",
    "resent-from",
    "resent-reply-to",
    "resent-to",
    "resent-cc",
    "resent-bcc",
    "resent-date",
    "resent-message-id",
    "return-receipt-to",
    "errors-to",
    "apparently-to",
    "received",
    "return-path",
    "delivered-to",
    "content-length",
    "content-type",
    "content-transfer-encoding",
    "notice-requested-upon-delivery-to",
    "mail-followup-to",
};

/* The length of the name, or 0 when s does not start with one. */
static size_t name_len(const char *s, size_t n)
{
    size_t colon = str_chr(s, n, ':'), len = colon, i;

    if (colon == n)
        return 0;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 127)
            return 0;
    return len;
}

int hfield_valid(const char *s, size_t n)
{
    return name_len(s, n) > 0;
}

int hfield_known(const char *s, size_t n)
{
    size_t len = name_len(s, n), k;
    int i;

    if (len == 0)
        return HFIELD_OTHER;
    for (i = 1; i < HFIELD_NUM; i++) {
        for (k = 0; names[i][k] != '\0'; k++)
            ;
        if (k == len && str_diffb_nocase(s, names[i], len) == 0)
            return i;
    }
    return HFIELD_OTHER;
}

size_t hfield_value(const char *s, size_t n)
{
    size_t colon = str_chr(s, n, ':');

    return colon < n ? colon + 1 : n;
}
