#!/usr/bin/python3
# fakespawn.py - stands in for qmail-lspawn and qmail-rspawn in the
# qmail-send tests. Speaks the spawn protocol of notes/interfaces.md on
# fds 0 and 1. $FAKESPAWN_DIR/rules (reread for each request) holds
# lines
#     GLOB STATUS DELAY TEXT
# matched against the recipient in order: STATUS is K, Z or D, DELAY
# seconds before the report, TEXT the report (\n for newlines). No match:
# K after 0 seconds, "fake delivery". Every request and result is
# appended to $FAKESPAWN_DIR/log (NAME: qmail-lspawn or qmail-rspawn):
#     start NAME SLOT ID SENDER RECIPIENT
#     done NAME ID RECIPIENT STATUS
# On end of input it waits for its deliveries, reports them, exits 0.
import fnmatch
import os
import sys
import threading
import time

# Under svscan the environment is cleared: the directory then is
# "fakespawn" beside the bin/ this script was installed into.
d = os.environ.get("FAKESPAWN_DIR") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(sys.argv[0]))),
    "fakespawn")
name = os.path.basename(sys.argv[0])
lock = threading.Lock()
threads = []


def log(line):
    with lock:
        fd = os.open(os.path.join(d, "log"), os.O_WRONLY | os.O_APPEND)
        os.write(fd, (line + "\n").encode())
        os.close(fd)


def rule(recip):
    try:
        with open(os.path.join(d, "rules")) as f:
            for line in f:
                parts = line.rstrip("\n").split(" ", 3)
                if len(parts) == 4 and fnmatch.fnmatchcase(recip, parts[0]):
                    return parts[1], float(parts[2]), parts[3]
    except FileNotFoundError:
        pass
    return "K", 0.0, "fake delivery"


def deliver(slot, mid, sender, recip):
    status, delay, text = rule(recip)
    time.sleep(delay)
    log("done %s %s %s %s" % (name, mid, recip, status))
    report = bytes([slot & 255, slot >> 8]) + status.encode() + \
        text.replace("\\n", "\n").encode() + b"\0"
    with lock:
        os.write(1, report)


def main():
    buf = b""
    while True:
        chunk = os.read(0, 4096)
        if not chunk:
            break
        buf += chunk
        while True:
            if len(buf) < 2:
                break
            fields = buf[2:].split(b"\0", 3)
            if len(fields) < 4:
                break
            slot = buf[0] | buf[1] << 8
            mid, sender, recip = (x.decode("latin-1") for x in fields[:3])
            buf = fields[3]
            log("start %s %d %s %s %s" % (name, slot, mid, sender or "<>", recip))
            t = threading.Thread(target=deliver,
                                 args=(slot, mid, sender, recip))
            t.start()
            threads.append(t)
    for t in threads:
        t.join()


main()
