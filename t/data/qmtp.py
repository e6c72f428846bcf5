#!/usr/bin/env python3
"""qmtp.py - a small QMTP and QMQP client for the tests.

usage:
  qmtp.py qmtp [-r] MSGFILE SENDER RCPT...
      print one QMTP package: the message in LF encoding ("\\n" first), or
      with -r in CRLF encoding ("\\r" first, every LF sent as CRLF)
  qmtp.py qmqp MSGFILE SENDER RCPT...
      print one QMQP request: a netstring holding the message, the sender
      and the recipients as netstrings
  qmtp.py decode
      read netstrings from stdin, print each interpretation on a line;
      "TRAILING <bytes>" for what is left that is not a netstring
  qmtp.py send HOST PORT [SECONDS]
      send stdin to HOST:PORT, close our half, print the server's
      netstrings as decode does (time limit SECONDS, default 10); from
      the address in $QMTP_SOURCE when set

An address "@FILE" is replaced by the contents of FILE, so tests can
send NUL bytes and very long addresses.
"""
import errno
import os
import socket
import sys


def ns(b):
    return str(len(b)).encode() + b":" + b + b","


def addr(a):
    if a.startswith("@") and len(a) > 1:
        with open(a[1:], "rb") as f:
            return f.read()
    return a.encode()


def decode(data):
    out = []
    while data:
        colon = data.find(b":")
        if colon <= 0 or not data[:colon].isdigit():
            out.append(b"TRAILING " + data)
            break
        n = int(data[:colon])
        body = data[colon + 1:colon + 1 + n]
        if len(body) < n or data[colon + 1 + n:colon + 2 + n] != b",":
            out.append(b"TRAILING " + data)
            break
        out.append(body)
        data = data[colon + 2 + n:]
    for b in out:
        sys.stdout.buffer.write(b + b"\n")


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    cmd = args.pop(0)
    if cmd == "qmtp":
        crlf = args and args[0] == "-r"
        if crlf:
            args.pop(0)
        with open(args[0], "rb") as f:
            msg = f.read()
        msg = b"\r" + msg.replace(b"\n", b"\r\n") if crlf else b"\n" + msg
        rcpts = b"".join(ns(addr(a)) for a in args[2:])
        sys.stdout.buffer.write(ns(msg) + ns(addr(args[1])) + ns(rcpts))
    elif cmd == "qmqp":
        with open(args[0], "rb") as f:
            msg = f.read()
        body = ns(msg) + b"".join(ns(addr(a)) for a in args[1:])
        sys.stdout.buffer.write(ns(body))
    elif cmd == "decode":
        decode(sys.stdin.buffer.read())
    elif cmd == "send":
        data = sys.stdin.buffer.read()
        limit = float(args[2]) if len(args) > 2 else 10
        src = os.environ.get("QMTP_SOURCE")
        s = socket.create_connection((args[0], int(args[1])), timeout=limit,
                                     source_address=(src, 0) if src else None)
        got = b""
        try:  # a server may close before it has read everything
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            while True:
                b = s.recv(65536)
                if not b:
                    break
                got += b
        except (BrokenPipeError, ConnectionResetError):
            pass
        except OSError as e:  # shutdown() after the server reset us
            if e.errno != errno.ENOTCONN:
                raise
        s.close()
        decode(got)
    else:
        sys.exit(__doc__)


main()
