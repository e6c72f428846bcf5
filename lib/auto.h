/* auto.h - settings from conf/, compiled in (build/auto/, never
 * committed). auto_home is linked per installation, so that
 * make install QMAILHOME=DIR gives programs that work in DIR. */
#ifndef AUTO_H
#define AUTO_H

extern const char auto_home[];
extern const unsigned long auto_split;
extern const unsigned long auto_spawn;
extern const char auto_user_alias[];
extern const char auto_user_qmaild[];
extern const char auto_user_qmaill[];
extern const char auto_user_qmailp[];
extern const char auto_user_qmailq[];
extern const char auto_user_qmailr[];
extern const char auto_user_qmails[];
extern const char auto_user_root[];
extern const char auto_group_qmail[];
extern const char auto_group_nofiles[];

#endif
