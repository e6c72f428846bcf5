/* spawn.h - the spawner loop shared by qmail-lspawn and qmail-rspawn.
 *
 * Speaks the spawn protocol of notes/interfaces.md with qmail-send:
 * requests on fd 0 (2-byte slot, low byte first; message id, sender,
 * recipient, each ending in NUL), reports on fd 1 (2-byte slot, one of
 * K/Z/D, text, NUL). Each delivery runs in its own child with the
 * message on fd 0 and fds 1 and 2 on a pipe whose first SPAWN_TEXT_MAX
 * bytes become the report text. */
#ifndef SPAWN_H
#define SPAWN_H

#include <stddef.h>

#include "str.h"

#define SPAWN_FIELD_MAX 65536 /* longest id, sender or recipient */
#define SPAWN_TEXT_MAX 4096   /* report text kept from a child's output */

/* One request being read. error is 0, or E2BIG when a field was longer
 * than SPAWN_FIELD_MAX, or ENOMEM: the request is still read to its end
 * so the stream stays in step, and the spawner reports it as deferred. */
struct spawn_req {
    unsigned slot;
    struct str id, sender, recip; /* NUL-terminated when complete */
    int state;
    int error;
};

#define SPAWN_REQ_INIT { 0, STR_INIT, STR_INIT, STR_INIT, 0, 0 }

/* Take bytes from b[0..n) into r; *used says how many were taken.
 * 1: r holds a complete request (the caller acts on it, then calls
 * spawn_req_reset); 0: every byte was taken and more are needed. */
int spawn_req_parse(struct spawn_req *r, const char *b, size_t n,
                    size_t *used);
void spawn_req_reset(struct spawn_req *r);
void spawn_req_free(struct spawn_req *r);

struct spawn_prog {
    /* Runs in the child: fd 0 is the message (at offset 0), fds 1 and 2
     * the report pipe, cwd queue/mess, signals back to default. Must
     * exec or _exit; what it prints is the report text. */
    void (*child)(const char *sender, const char *recipient);
    /* Maps the child's wait status to 'K', 'Z' or 'D'; may add to the
     * text (which holds what the child printed). */
    char (*result)(int status, struct str *text);
};

/* chdir to auto_home/queue/mess, then serve requests until fd 0 ends
 * and every child has been reported. Exits 0 then, 111 on a fatal
 * error (it cannot chdir, cannot make its pipes). */
void spawn_main(const struct spawn_prog *p) __attribute__((noreturn));

/* For child callbacks: print the parts (to fd 1, the report) and
 * _exit(code). */
void spawn_child_fail(int code, const char *s, ...)
    __attribute__((noreturn, sentinel));

#endif
