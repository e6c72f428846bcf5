/* getpw.h - qmail-getpw(8)'s rules: which account controls a local
 * part. Shared by qmail-getpw and qmail-lspawn, which calls it in a
 * child that has become qmailp (the same partition as running
 * qmail-getpw, without the cost of an exec per delivery). */
#ifndef GETPW_H
#define GETPW_H

#include "str.h"

/* Appends user\0uid\0gid\0home\0dash\0ext\0 for local to out: the
 * account itself, or the alias user with home QMAILHOME/alias. 1 done;
 * 0 a temporary failure, described in why (the password database or a
 * home directory unreadable, no usable alias user, out of memory). */
int getpw_find(const char *local, struct str *out, struct str *why);

#endif
