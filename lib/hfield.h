/* hfield.h - header field names, as qmail-inject knows them
 * (qmail-header(5)). A field starts with its name, maybe blanks, and a
 * colon; case does not matter in the name. */
#ifndef HFIELD_H
#define HFIELD_H

#include <stddef.h>

enum {
    HFIELD_OTHER = 0,
    HFIELD_SENDER,
    HFIELD_FROM,
    HFIELD_REPLY_TO,
    HFIELD_TO,
    HFIELD_CC,
    HFIELD_BCC,
    HFIELD_DATE,
    HFIELD_MESSAGE_ID,
    HFIELD_SUBJECT,
    HFIELD_RESENT_SENDER,
    HFIELD_RESENT_FROM,
    HFIELD_RESENT_REPLY_TO,
    HFIELD_RESENT_TO,
    HFIELD_RESENT_CC,
    HFIELD_RESENT_BCC,
    HFIELD_RESENT_DATE,
    HFIELD_RESENT_MESSAGE_ID,
    HFIELD_RETURN_RECEIPT_TO,
    HFIELD_ERRORS_TO,
    HFIELD_APPARENTLY_TO,
    HFIELD_RECEIVED,
    HFIELD_RETURN_PATH,
    HFIELD_DELIVERED_TO,
    HFIELD_CONTENT_LENGTH,
    HFIELD_CONTENT_TYPE,
    HFIELD_CONTENT_TRANSFER_ENCODING,
    HFIELD_NOTICE_REQUESTED_UPON_DELIVERY_TO,
    HFIELD_MAIL_FOLLOWUP_TO,
    HFIELD_NUM
};

/* 1 when s[0..n) starts with a field name: bytes from 33 to 126 but ':',
 * at least one, then maybe spaces and tabs, then ':'. */
int hfield_valid(const char *s, size_t n);
/* Which of the fields above s[0..n) is; HFIELD_OTHER for any other. */
int hfield_known(const char *s, size_t n);
/* The offset of the contents: just after the colon (n when none). */
size_t hfield_value(const char *s, size_t n);

#endif
