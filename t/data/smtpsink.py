#!/usr/bin/env python3
"""smtpsink.py - an SMTP server for the tests of qmail-remote.

usage: smtpsink.py DIR LISTEN...
  LISTEN is ADDR:PORT, [IPV6]:PORT, or dead=ADDR:PORT for a listener whose
  accept queue is kept full, so that connections to it time out.

Writes DIR/ready once every socket listens. Appends what it hears to
DIR/log, one line per event: "ADDR connect", "ADDR EHLO name",
"ADDR MAIL FROM:<...>", "ADDR RCPT TO:<...>", "ADDR DATA N", "ADDR QUIT".
The message of DATA N, as it came over the wire (CRLF, dot-stuffed,
without the final ".\\r\\n"), is DIR/msg.N.

Behaviour per listening address: the word in DIR/mode-ADDR, read at each
connection (default ok): greet421 greet554 ehlo502 helo550 mail451
mail553 data451 data554 drop (close in the middle of DATA) final451
final554 dropfinal (close without answering the message)
silent (say nothing). RCPT: a local part starting with "bad"
gets 550, with "later" 451, others 250.
"""
import os
import socket
import sys
import threading

lock = threading.Lock()
count = [0]


def log(d, line):
    with lock:
        with open(os.path.join(d, "log"), "a") as f:
            f.write(line + "\n")


def mode(d, addr):
    try:
        with open(os.path.join(d, "mode-" + addr)) as f:
            return f.read().strip() or "ok"
    except FileNotFoundError:
        return "ok"


def serve(d, addr, conn):
    m = mode(d, addr)
    f = conn.makefile("rb")

    def say(s):
        conn.sendall(s.encode() + b"\r\n")

    log(d, addr + " connect")
    if m == "silent":
        f.read()
        return
    if m == "greet421":
        return say("421 sink.test busy, come back later")
    if m == "greet554":
        return say("554 sink.test no mail service here")
    say("220 sink.test ESMTP sink")
    while True:
        line = f.readline()
        if not line:
            return
        cmd = line.decode("latin-1").rstrip("\r\n")
        verb = cmd[:4].upper()
        log(d, addr + " " + cmd)
        if verb == "EHLO":
            if m in ("ehlo502", "helo550"):
                say("502 5.5.1 what is EHLO")
            else:
                say("250-sink.test")
                say("250-PIPELINING")
                say("250 8BITMIME")
        elif verb == "HELO":
            say("550 5.7.1 go away" if m == "helo550" else "250 sink.test")
        elif verb == "MAIL":
            if m == "mail451":
                say("451 4.3.0 sender check failed, try later")
            elif m == "mail553":
                say("553 5.7.1 sender refused")
            else:
                say("250 2.1.0 ok")
        elif verb == "RCPT":
            local = cmd.split("<", 1)[-1].lstrip('"')
            if local.startswith("bad"):
                say("550 5.1.1 no such user here")
            elif local.startswith("later"):
                say("451 4.2.0 mailbox busy")
            else:
                say("250 2.1.5 ok")
        elif verb == "DATA":
            if m == "data451":
                say("451 4.3.0 not now")
                continue
            if m == "data554":
                say("554 5.3.0 no data for you")
                continue
            say("354 go ahead")
            body = b""
            while True:
                chunk = f.readline()
                if not chunk:
                    return
                if chunk == b".\r\n":
                    break
                body += chunk
                if m == "drop":
                    log(d, addr + " dropped")
                    conn.shutdown(socket.SHUT_RDWR)
                    return
            with lock:
                count[0] += 1
                n = count[0]
            with open(os.path.join(d, "msg.%d" % n), "wb") as out:
                out.write(body)
            log(d, addr + " DATA %d" % n)
            if m == "dropfinal":
                return
            if m == "final451":
                say("451 4.3.0 queue full")
            elif m == "final554":
                say("554 5.6.0 content refused")
            else:
                say("250 2.0.0 queued as %d" % n)
        elif verb == "QUIT":
            say("221 bye")
            return
        elif verb == "RSET" or verb == "NOOP":
            say("250 ok")
        else:
            say("502 5.5.2 unknown command")


def handle(d, addr, conn):
    try:
        serve(d, addr, conn)
    except OSError:
        pass
    finally:
        conn.close()


def accept_loop(d, addr, s):
    while True:
        conn, _ = s.accept()
        threading.Thread(target=handle, args=(d, addr, conn),
                         daemon=True).start()


def listener(spec):
    host, port = spec.rsplit(":", 1)
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, int(port)))
    return host, int(port), family, s


def main():
    d = sys.argv[1]
    keep = []
    for spec in sys.argv[2:]:
        if spec.startswith("dead="):
            host, port, family, s = listener(spec[5:])
            s.listen(0)
            # fill the accept queue: later SYNs are dropped, connects hang
            for _ in range(3):
                c = socket.socket(family, socket.SOCK_STREAM)
                c.setblocking(False)
                try:
                    c.connect((host, port))
                except BlockingIOError:
                    pass
                keep.append(c)
            keep.append(s)
            continue
        host, port, family, s = listener(spec)
        s.listen(64)
        threading.Thread(target=accept_loop, args=(d, host, s),
                         daemon=True).start()
    open(os.path.join(d, "ready"), "w").close()
    threading.Event().wait()


if __name__ == "__main__":
    main()
