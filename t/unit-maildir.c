/* unit-maildir: unique names, delivery into new/ with nothing left in
 * tmp/, and the failures a caller must tell apart. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maildir.h"
#include "unit.h"

static char dir[] = "/tmp/quail-unit-maildir-XXXXXX";

static const char *path(const char *sub)
{
    static struct str p;

    str_copys(&p, dir);
    str_cats(&p, sub);
    str_0(&p);
    return p.s;
}

/* How many names dir/sub holds (-1: cannot read it); the first one
 * into *first. */
static int count(const char *sub, struct str *first)
{
    DIR *d = opendir(path(sub));
    struct dirent *e;
    int n = 0;

    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n++ == 0 && first)
            str_copys(first, e->d_name), str_0(first);
    }
    closedir(d);
    return n;
}

int main(void)
{
    static struct str name, name2, p, got;
    char t[] = "/tmp/quail-unit-maildir-msg-XXXXXX", b[256];
    struct stat st;
    int fd, rfd;
    ssize_t n;

    plan(17);
    ok(maildir_uniq(&name, 1700000000, 42, 1234, 0, "mail.example.com") &&
           strcmp(name.s, "1700000000.M42P1234Q0.mail.example.com") == 0,
       "unique name: SEC.MUSECPPIDQSEQ.HOST");
    ok(maildir_uniq(&name, 1, 2, 3, 4, "a/b:c") &&
           strcmp(name.s, "1.M2P3Q4.a\\057b\\072c") == 0,
       "'/' and ':' in the host name are escaped");

    if (mkdtemp(dir) == NULL || (fd = mkstemp(t)) == -1)
        return 1;
    unlink(t);
    if (write(fd, "Subject: x\n\nbody\n", 17) != 17)
        return 1;

    lseek(fd, 0, SEEK_SET);
    is_num(maildir_deliver(dir, fd, "H: 1\n", 5, &name), MAILDIR_NODIR,
           "no tmp/ and new/: MAILDIR_NODIR");
    mkdir(path("/tmp"), 0700);
    mkdir(path("/new"), 0700);
    mkdir(path("/cur"), 0700);

    lseek(fd, 0, SEEK_SET);
    is_num(maildir_deliver(dir, fd, "H: 1\n", 5, &name), MAILDIR_OK,
           "delivered");
    lseek(fd, 0, SEEK_SET);
    is_num(maildir_deliver(dir, fd, "H: 2\n", 5, &name2), MAILDIR_OK,
           "delivered again");
    ok(strcmp(name.s, name2.s) != 0, "two deliveries, two names");
    is_num(count("/new", &got), 2, "both in new/");
    is_num(count("/tmp", NULL), 0, "nothing left in tmp/");
    is_num(count("/cur", NULL), 0, "nothing in cur/");
    str_copys(&p, path("/new/"));
    str_cats(&p, name.s);
    str_0(&p);
    rfd = open(p.s, O_RDONLY);
    n = rfd == -1 ? 0 : read(rfd, b, sizeof b);
    is_mem(b, n > 0 ? (size_t)n : 0, "H: 1\nSubject: x\n\nbody\n",
           "header lines, then the message as it is");
    ok(fstat(rfd, &st) == 0 && (st.st_mode & 0777) == 0600 &&
           st.st_nlink == 1,
       "mode 0600, one link (the tmp/ name is gone)");
    close(rfd);
    ok(strchr(name.s, ':') == NULL && name.s[0] != '.' &&
           strchr(name.s, '/') == NULL,
       "the unique name has no colon, slash or leading dot");

    /* An unreadable message: MAILDIR_READ, nothing delivered. */
    rfd = open("/dev/null", O_WRONLY);
    is_num(maildir_deliver(dir, rfd, "H\n", 2, &name), MAILDIR_READ,
           "read error: MAILDIR_READ");
    close(rfd);
    is_num(count("/new", NULL), 2, "no new message");
    is_num(count("/tmp", NULL), 0, "and its tmp/ file removed");

    is_num(maildir_deliver("/nonexistent/Maildir/", fd, "", 0, &name),
           MAILDIR_NODIR, "missing maildir: MAILDIR_NODIR");
    ok(errno == ENOENT, "with errno ENOENT");

    p.len = 0;
    str_cats(&p, "rm -rf ");
    str_cats(&p, dir);
    str_0(&p);
    if (system(p.s) != 0)
        return 1;
    return done_testing();
}
