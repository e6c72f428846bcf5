/* exitcode.h - the exit codes every quail program speaks (DESIGN.md). */
#ifndef EXITCODE_H
#define EXITCODE_H

#define EXIT_OK 0
#define EXIT_PERM 100 /* permanent: bounce, usage, a judgement */
#define EXIT_TEMP 111 /* temporary: try again later; our fault */

/* qmail-queue(8) codes, spoken by qmail-queue and any $QMAILQUEUE filter.
 * 11..40 are permanent, everything else temporary. */
#define QQ_OK 0
#define QQ_PERM_TOOLONG 11    /* address too long */
#define QQ_PERM_REFUSED 31    /* mail server permanently refuses the message */
#define QQ_NOMEM 51           /* out of memory */
#define QQ_TIMEOUT 52         /* timeout */
#define QQ_WRITE 53           /* write error, e.g. disk full */
#define QQ_READ 54            /* unable to read the message or envelope */
#define QQ_CONFIG 55          /* unable to read a configuration file */
#define QQ_NETWORK 56         /* network problem (qmail-qmqpc) */
#define QQ_HOME 61            /* unable to cd to the home directory */
#define QQ_QUEUE 62           /* unable to open the queue files */
#define QQ_TRASH 63           /* trouble with queue/pid */
#define QQ_MESS 64            /* trouble with queue/mess */
#define QQ_INTD 65            /* trouble with queue/intd */
#define QQ_TODO 66            /* trouble with queue/todo */
#define QQ_REFUSED_TEMP 71    /* mail server temporarily refuses */
#define QQ_TIMEOUT_SERVER 72  /* connection to mail server timed out */
#define QQ_CONNECT 73         /* connection to mail server rejected */
#define QQ_LOST 74            /* communication with mail server failed */
#define QQ_BUG 81             /* internal bug */
#define QQ_ENVELOPE 91        /* envelope format error (temporary, as qmail) */

#endif
