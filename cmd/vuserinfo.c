/*
 * vuserinfo - show virtual mailbox users, as vpopmail's vuserinfo: one
 * user's entry of the domain's vpasswd, or with -D every user of a
 * domain. Run by the administrator.
 *
 * in:   argv: [-n] user@domain, or [-n] -D domain
 * out:  on stdout, for each user the lines "name:", "passwd:" (the
 *       crypt(3) hash), "gecos:", "dir:" and "quota:", users separated
 *       by an empty line; with -n only the names, one a line
 * exit: 0 shown; 100 usage, bad address, no such domain or user; 111
 *       anything else (vpasswd unreadable or with a bad line)
 */
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "control.h"
#include "die.h"
#include "exitcode.h"
#include "fmt.h"
#include "vpasswd.h"
#include "vtool.h"

static const char usage[] = "vuserinfo [-n] user@domain | "
                            "vuserinfo [-n] -D domain";
static struct str name, domain, dir, text, buf;
static int names_only;
static unsigned long shown;

static void field(const char *label, const char *value)
{
    buf_puts(&buf_out, label);
    buf_puts(&buf_out, value);
    buf_putc(&buf_out, '\n');
}

static void show(const char *line, size_t len, unsigned long lineno)
{
    struct vpasswd_ent e;
    const char *why;
    char num[FMT_ULONG];
    int r;

    if ((r = vpasswd_parse(line, len, &buf, &e, &why)) == 0)
        return;
    if (r == -1) {
        num[fmt_ulong(num, lineno)] = '\0';
        die(EXIT_TEMP, "vpasswd line ", num, ": ", why, NULL);
    }
    if (names_only) {
        field("", e.name);
    } else {
        if (shown > 0)
            buf_putc(&buf_out, '\n');
        field("name:   ", e.name);
        field("passwd: ", e.hash);
        field("gecos:  ", e.gecos);
        field("dir:    ", e.dir);
        field("quota:  ", e.quota);
    }
    shown++;
}

static void show_all(void)
{
    unsigned long lineno = 0;
    size_t i, n;

    for (i = 0; i < text.len; i += n + 1) {
        n = str_chr(text.s + i, text.len - i, '\n');
        show(text.s + i, n, ++lineno);
    }
}

int main(int argc, char **argv)
{
    size_t pos, len;
    int opt, r, all = 0;

    progname = "vuserinfo";
    while ((opt = getopt(argc, argv, "nD")) != -1)
        if (opt == 'n')
            names_only = 1;
        else if (opt == 'D')
            all = 1;
        else
            die_usage(usage);
    argv += optind;
    if (argc - optind != 1)
        die_usage(usage);
    if (all) {
        if (!str_copys(&domain, argv[0]) || !str_0(&domain))
            die_nomem();
        str_lower(domain.s, domain.len);
        if (!vpasswd_domain_ok(domain.s, domain.len))
            die(EXIT_PERM, "bad domain name: ", argv[0], NULL);
    } else if ((r = vpasswd_address(argv[0], &name, &domain)) != 1) {
        r == 0 ? die(EXIT_PERM, "bad address: ", argv[0], NULL) : die_nomem();
    }
    vtool_enter(domain.s, &dir);
    if (control_readfile(&text, "vpasswd") == -1)
        die_sys(EXIT_TEMP, "unable to read vpasswd", NULL);
    if (all)
        show_all();
    else if (vpasswd_find(&text, name.s, &pos, &len))
        show(text.s + pos, len, 0);
    else
        die(EXIT_PERM, "no such user: ", name.s, "@", domain.s, NULL);
    if (!buf_flush(&buf_out))
        die_sys(EXIT_TEMP, "unable to write output", NULL);
    return EXIT_OK;
}
