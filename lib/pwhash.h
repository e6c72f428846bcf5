/* pwhash.h - password hashes through crypt(3) of libxcrypt: make a new
 * one (yescrypt, the Debian default, or SHA-512 crypt where yescrypt is
 * missing) and check a password against one of any format crypt knows.
 * Passwords are never stored or compared in the clear. */
#ifndef PWHASH_H
#define PWHASH_H

#include "str.h"

/* A fresh hash of password with a random salt from the kernel, in out
 * (NUL-terminated). 1 ok; 0 with errno set (ENOMEM, or what crypt and
 * crypt_gensalt reported, e.g. no random bytes). */
int pwhash_make(struct str *out, const char *password);

/* 1: password matches hash. 0: it does not, or hash is locked ("!" or
 * "*" first, as in shadow(5)), empty or not a hash crypt knows. */
int pwhash_check(const char *password, const char *hash);

/* A hash that pwhash_check can work on but that matches nothing, so a
 * login for a user who does not exist costs as much time as one for a
 * user who does. */
const char *pwhash_dummy(void);

/* 1 when hash is locked: empty, or "!" or "*" first. */
int pwhash_locked(const char *hash);

#endif
