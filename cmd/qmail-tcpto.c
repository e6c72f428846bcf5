/*
 * qmail-tcpto - print the table of remote addresses that recently timed
 * out, which qmail-remote skips for a while.
 * Run by hand, by any user who can read queue/lock/tcpto.
 *
 * in:   auto_home/queue/lock/tcpto
 * out:  one line per address on fd 1: "ADDR timed out N seconds ago;
 *       # recent timeouts: C", as qmail-tcpto prints it
 * exit: 0; 111 when the table cannot be read or fd 1 fails
 */
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auto.h"
#include "buf.h"
#include "die.h"
#include "exitcode.h"
#include "ip.h"
#include "tcpto.h"

static void put(const char *s)
{
    if (!buf_puts(&buf_out, s))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
}

static void putnum(unsigned long u)
{
    if (!buf_putulong(&buf_out, u))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
}

int main(int argc, char **argv)
{
    struct tcpto_entry e;
    unsigned char *table;
    char addr[IP_FMT];
    long long now;
    long len;
    size_t i;

    progname = "qmail-tcpto";
    (void)argv;
    if (argc > 1)
        die_usage("qmail-tcpto");
    if (chdir(auto_home) == -1)
        die_sys(EXIT_TEMP, "unable to switch to ", auto_home, NULL);
    if ((table = malloc(TCPTO_MAX)) == NULL)
        die_nomem();
    if ((len = tcpto_read(table)) == -1)
        die_sys(EXIT_TEMP, "unable to read ", TCPTO_FILE, NULL);
    now = (long long)time(NULL);
    for (i = 0; i < (size_t)len / TCPTO_RECORD; i++) {
        if (!tcpto_buf_entry(table, (size_t)len, i, &e))
            continue;
        if (e.family == AF_INET6)
            ip_fmt6(addr, e.ip);
        else
            ip_fmt4(addr, e.ip);
        put(addr);
        put(" timed out ");
        /* a clock set back makes the record young, not negative */
        putnum(now > e.when ? (unsigned long)(now - e.when) : 0);
        put(" seconds ago; # recent timeouts: ");
        putnum(e.count);
        put("\n");
    }
    if (!buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
    free(table);
    return EXIT_OK;
}
