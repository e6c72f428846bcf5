/* unit-tcpto: the timeout table's rules on a table in memory (count only
 * timeouts, at most one per two minutes, skip after two for about an
 * hour, forget on success, replace the oldest when full, IPv6 beside
 * IPv4) and the file functions in a temporary queue/lock/tcpto. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tcpto.h"
#include "unit.h"

static const unsigned char a4[16] = {192, 0, 2, 1};
static const unsigned char b4[16] = {192, 0, 2, 2};
/* 2001:db8:: then zeros: its first four bytes differ from a4's, but
 * c6 below shares a4's first four bytes */
static const unsigned char c6[16] = {192, 0, 2, 1, 0, 0, 0, 0,
                                     0, 0, 0, 0, 0, 0, 0, 9};

static void memory_rules(void)
{
    unsigned char t[TCPTO_SIZE] = {0};
    struct tcpto_entry e;
    long long now = 1700000000;
    int i;

    is_num(tcpto_buf_skip(t, sizeof t, AF_INET, a4, now, 0), 0,
           "empty table: try the host");
    is_num(tcpto_buf_note(t, sizeof t, AF_INET, a4, 0, now), -1,
           "success of an unknown host changes nothing");
    is_num(tcpto_buf_note(t, sizeof t, AF_INET, a4, 1, now), 0,
           "first timeout takes record 0");
    ok(tcpto_buf_entry(t, sizeof t, 0, &e) && e.family == AF_INET &&
           e.count == 1 && e.when == now && memcmp(e.ip, a4, 16) == 0,
       "record 0 holds the address, one timeout, the time");
    ok(t[0] == 4 && t[1] == 1 && t[8] == (now & 255) && t[16] == 192 &&
           t[19] == 1 && t[20] == 0,
       "on disk: family 4, count, little-endian time, address at 16");
    is_num(tcpto_buf_skip(t, sizeof t, AF_INET, a4, now + 1, 0), 0,
           "one timeout: still tried");
    is_num(tcpto_buf_note(t, sizeof t, AF_INET, a4, 1, now + 60), -1,
           "a second timeout within two minutes does not count");
    is_num(t[1], 1, "count still 1");
    is_num(tcpto_buf_note(t, sizeof t, AF_INET, a4, 1, now + 200), 0,
           "a timeout two minutes later counts");
    is_num(t[1], 2, "count 2");
    is_num(tcpto_buf_skip(t, sizeof t, AF_INET, a4, now + 201, 0), 1,
           "two timeouts: skipped");
    is_num(tcpto_buf_skip(t, sizeof t, AF_INET, b4, now + 201, 0), 0,
           "another address is not");
    is_num(tcpto_buf_skip(t, sizeof t, AF_INET6, c6, now + 201, 0), 0,
           "an IPv6 address with the same first bytes is not");
    is_num(tcpto_buf_skip(t, sizeof t, AF_INET, a4, now + 200 + 3839, 0), 1,
           "pid 0: skipped for 60*64 seconds");
    is_num(tcpto_buf_skip(t, sizeof t, AF_INET, a4, now + 200 + 3840, 0), 0,
           "pid 0: tried again after 3840 seconds");
    is_num(tcpto_buf_skip(t, sizeof t, AF_INET, a4, now + 200 + 5823, 31), 1,
           "pid 31: skipped for 91*64 seconds");
    is_num(tcpto_buf_note(t, sizeof t, AF_INET6, c6, 1, now), 1,
           "an IPv6 address takes the next record");
    ok(tcpto_buf_entry(t, sizeof t, 1, &e) && e.family == AF_INET6 &&
           memcmp(e.ip, c6, 16) == 0 && t[32] == 6,
       "IPv6 record: family 6, all 16 bytes");
    is_num(tcpto_buf_note(t, sizeof t, AF_INET, a4, 0, now + 300), 0,
           "success forgets the host");
    is_num(tcpto_buf_skip(t, sizeof t, AF_INET, a4, now + 301, 0), 0,
           "forgotten host is tried");
    ok(!tcpto_buf_entry(t, sizeof t, 0, &e), "its record is free");
    for (i = 0; i < 20; i++)
        tcpto_buf_note(t, sizeof t, AF_INET, b4, 1, now + 1000L * i);
    is_num(t[1], TCPTO_COUNT_MAX, "the freed record was reused; count caps");
}

static void full_table(void)
{
    unsigned char t[4 * TCPTO_RECORD] = {0};
    unsigned char ip[16] = {10, 0, 0, 0};
    struct tcpto_entry e;
    int i;

    for (i = 0; i < 4; i++) {
        ip[3] = (unsigned char)i;
        tcpto_buf_note(t, sizeof t, AF_INET, ip, 1, 1000 + 100 * i);
    }
    /* record 0 (time 1000, one timeout) is the oldest; give it a second
     * timeout so that record 1 (1100 + 1024) becomes older than it
     * (5000 + 2048) */
    ip[3] = 0;
    tcpto_buf_note(t, sizeof t, AF_INET, ip, 1, 5000);
    ip[3] = 9;
    is_num(tcpto_buf_note(t, sizeof t, AF_INET, ip, 1, 6000), 1,
           "full table: the oldest record gives way");
    ok(tcpto_buf_entry(t, sizeof t, 1, &e) && e.ip[3] == 9 && e.count == 1,
       "it holds the new address");
    is_num(tcpto_buf_note(t, 16, AF_INET, ip, 1, 6000), -1,
           "a table too small for one record is left alone");
    ok(!tcpto_buf_entry(t, sizeof t, 4, &e), "no record past the end");
}

static void file_rules(void)
{
    char dir[] = "/tmp/quail-unit-tcpto-XXXXXX";
    unsigned char *buf = malloc(TCPTO_MAX);
    struct tcpto_entry e;
    struct stat st;
    long long when;
    long len;
    int fd, i;

    if (buf == NULL || mkdtemp(dir) == NULL || chdir(dir) == -1 ||
        mkdir("queue", 0755) == -1 || mkdir("queue/lock", 0755) == -1) {
        ok(0, "temporary directory");
        return;
    }
    is_num(tcpto_skip(AF_INET, a4), 0, "no table: try the host");
    tcpto_note(AF_INET, a4, 1); /* must not crash or create the file */
    ok(stat(TCPTO_FILE, &st) == -1 && errno == ENOENT,
       "no table: note creates nothing");
    is_num(tcpto_clear(), 0, "clear without a table fails");
    is_num(errno, ENOENT, "with ENOENT");
    fd = open(TCPTO_FILE, O_WRONLY | O_CREAT, 0644);
    close(fd);
    is_num(tcpto_clear(), 1, "clear an empty file");
    ok(stat(TCPTO_FILE, &st) == 0 && st.st_size == TCPTO_SIZE,
       "it gets TCPTO_SIZE bytes");
    tcpto_note(AF_INET6, c6, 1);
    tcpto_note(AF_INET, a4, 1);
    len = tcpto_read(buf);
    is_num(len, TCPTO_SIZE, "read gives the whole table");
    ok(tcpto_buf_entry(buf, (size_t)len, 0, &e) && e.family == AF_INET6 &&
           tcpto_buf_entry(buf, (size_t)len, 1, &e) && e.family == AF_INET,
       "two records written in place");
    is_num(tcpto_skip(AF_INET, a4), 0, "one timeout: try it");
    /* age the record so that the next timeout counts */
    for (i = 0, when = e.when - 200; i < 8; i++, when >>= 8)
        buf[32 + 8 + i] = (unsigned char)(when & 255);
    fd = open(TCPTO_FILE, O_WRONLY);
    ok(pwrite(fd, buf + 32, 32, 32) == 32, "aged the record");
    close(fd);
    tcpto_note(AF_INET, a4, 1);
    is_num(tcpto_skip(AF_INET, a4), 1, "two timeouts: skip it");
    tcpto_note(AF_INET, a4, 0);
    is_num(tcpto_skip(AF_INET, a4), 0, "after a success: try it");
    is_num(tcpto_clear(), 1, "clear");
    len = tcpto_read(buf);
    for (i = 0; i < len && buf[i] == 0; i++)
        ;
    is_num(i, TCPTO_SIZE, "every byte is zero");
    unlink(TCPTO_FILE);
    rmdir("queue/lock");
    rmdir("queue");
    if (chdir("/") == 0)
        rmdir(dir);
    free(buf);
}

int main(void)
{
    plan(40);
    memory_rules();
    full_table();
    file_rules();
    return done_testing();
}
