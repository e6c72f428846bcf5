/*
 * qreceipt - answer a request for a delivery notice: |qreceipt joe@host
 * in a .qmail file (qmail 1.03's qreceipt(1)). When the message names
 * this address in a Notice-Requested-Upon-Delivery-To field, a success
 * notice goes back to its envelope sender.
 *
 * in:   argv[1], this delivery's address; $SENDER from qmail-local; the
 *       message on fd 0 (only its header is read)
 * out:  when asked for and the sender is not a bounce's, one message
 *       through $QMAILQUEUE or bin/qmail-queue, envelope sender empty (so
 *       nothing answers it), to the sender, saying the message arrived
 * exit: 0 done (notice sent or not asked for); 100 usage, or qmail-queue
 *       refused the notice for good; 111 the message could not be read
 *       or qmail-queue failed for now
 */
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "date822.h"
#include "die.h"
#include "dotenv.h"
#include "exitcode.h"
#include "msghdr.h"
#include "qq.h"
#include "quote.h"
#include "rfc822.h"
#include "sig.h"
#include "str.h"

#define FIELDMAX 65536 /* longer fields are cut; a notice field is short */

static const char usage[] = "qreceipt deliveryaddress";

static const char *target;
static int asked;
static struct str field = STR_INIT, messageid = STR_INIT, addr = STR_INIT,
                  text = STR_INIT;
static struct rfc822_list toks = RFC822_LIST_INIT, out = RFC822_LIST_INIT;

/* Addresses are equal when their local parts are the same bytes and
 * their domains the same but for case (RFC 5321 2.4). */
static int same_address(const char *a, size_t n, const char *b)
{
    size_t blen = strlen(b), at_a = str_rchr(a, n, '@'),
           at_b = str_rchr(b, blen, '@');

    return n == blen && at_a == at_b && memcmp(a, b, at_a) == 0 &&
           str_diffb_nocase(a + at_a, b + at_b, n - at_a) == 0;
}

static int check(struct rfc822_list *a, void *arg)
{
    (void)arg;
    addr.len = 0;
    if (!rfc822_unquote(&addr, a))
        return -1;
    if (same_address(addr.s, addr.len, target))
        asked = 1;
    return 1;
}

/* The field's addresses, read as qmail-inject reads address lists. A
 * field that does not parse asks for nothing (qmail 1.03 bounced the
 * message then). */
static void notice_field(const char *v, size_t n)
{
    if (rfc822_parse(&toks, &text, v, n) == -1 ||
        rfc822_addrlist(&out, &toks, check, NULL) == -1)
        die_nomem();
}

static void read_header(void)
{
    size_t i;
    int r;

    while ((r = msghdr_next(&buf_in, &field, FIELDMAX)) == 1) {
        if ((i = msghdr_is(field.s, field.len,
                           "Notice-Requested-Upon-Delivery-To")) != 0)
            notice_field(field.s + i, field.len - i);
        else if (msghdr_is(field.s, field.len, "Message-ID") != 0 &&
                 !str_copyb(&messageid, field.s, field.len))
            die_nomem();
    }
    if (r == -1)
        die_sys(EXIT_TEMP, "unable to read the message", NULL);
}

static void send_notice(const char *to)
{
    static struct qq q;
    static struct str quoted = STR_INIT;
    char date[DATE822_FMT];
    const char *path, *result;
    size_t n;

    if (!quote_addr(&quoted, to, strlen(to)))
        die_nomem();
    sig_ignore(SIGPIPE);
    if ((path = qq_path()) == NULL)
        die_nomem();
    if (!qq_open(&q, path))
        die_sys(EXIT_TEMP, "unable to fork", NULL);
    qq_puts(&q, "From: DELIVERY NOTICE SYSTEM <");
    qq_put(&q, quoted.s, quoted.len);
    qq_puts(&q, ">\nTo: <");
    qq_put(&q, quoted.s, quoted.len);
    qq_puts(&q, ">\nSubject: success notice\n");
    if ((n = date822_fmt(date, time(NULL))) > 0) {
        qq_puts(&q, "Date: ");
        qq_put(&q, date, n);
        qq_puts(&q, "\n");
    }
    /* RFC 3834 5: an automatic answer says so, so nothing answers it. */
    qq_puts(&q, "Auto-Submitted: auto-replied\n\n"
                "This is the qreceipt program at ");
    qq_puts(&q, target);
    qq_puts(&q, ".\nYour message was delivered to that address, and it "
                "asked for a notice.\n");
    if (messageid.len > 0) {
        qq_puts(&q, "\nYour ");
        qq_put(&q, messageid.s, messageid.len);
        if (messageid.s[messageid.len - 1] != '\n')
            qq_puts(&q, "\n");
    }
    qq_from(&q, "");
    qq_to(&q, to);
    result = qq_close(&q);
    if (*result != '\0')
        die(*result == 'D' ? EXIT_PERM : EXIT_TEMP,
            "unable to send notice: ", result + 1, NULL);
}

int main(int argc, char **argv)
{
    const char *sender;

    progname = "qreceipt";
    if (argc != 2 || argv[1][0] == '\0')
        die_usage(usage);
    target = argv[1];
    sender = dotenv_need("SENDER");
    read_header();
    /* Never to a bounce: "" and qmail's double-bounce "#@[]". */
    if (!asked || *sender == '\0' || strcmp(sender, "#@[]") == 0)
        return 0;
    send_notice(sender);
    return 0;
}
