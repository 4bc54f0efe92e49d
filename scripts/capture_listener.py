#!/usr/bin/env python3
"""A canned-reply SMTP listener that records the exact bytes of one session.

Usage: capture_listener.py PORT PREFIX

Listens on 127.0.0.1:PORT (PORT 0 picks a free port), prints "port N" on stdout once it is
listening, serves exactly one connection and exits. Every byte the client sends is appended
to PREFIX.client.txt exactly as received; every byte the listener sends goes to
PREFIX.server.txt. Nothing is normalised: line endings, case and stuffing are the client's.
PREFIX.reads.txt lists, in order, each chunk as one read returned it ("C") and each reply
("S"), as Python byte literals: which commands arrived together shows whether the client
pipelined (one read is not proof of one write, but separate reads after each reply are).

It speaks just enough SMTP to get a message out of a real client:
  - greeting 220; EHLO gets a multi-line 250 advertising PIPELINING, SIZE, 8BITMIME,
    AUTH PLAIN LOGIN, ENHANCEDSTATUSCODES and CHUNKING; HELO gets a one-line 250;
  - MAIL, RCPT, RSET and NOOP get 250;
  - DATA gets 354, then the content is read up to and including the first CRLF "." CRLF
    (a "." line straight after DATA counts too), then 250;
  - BDAT n [LAST] reads exactly n octets, then 250;
  - AUTH PLAIN with an initial response gets 235; AUTH PLAIN without one gets "334 " and
    235 after the next line; AUTH LOGIN gets two 334 prompts (one if it came with an
    initial response), then 235;
  - QUIT gets 221 and ends the session; anything else gets 502.
Replies are answered one command at a time, in order, so pipelined commands work.
This is a test tool: no TLS, no real checks, no queue.
"""

import socket
import sys

HOST = "127.0.0.1"
TIMEOUT_SECONDS = 30

GREETING = b"220 capture.example.test ESMTP mailwire capture listener\r\n"
EHLO_REPLY = (
    b"250-capture.example.test greets you\r\n"
    b"250-PIPELINING\r\n"
    b"250-SIZE 10240000\r\n"
    b"250-8BITMIME\r\n"
    b"250-AUTH PLAIN LOGIN\r\n"
    b"250-ENHANCEDSTATUSCODES\r\n"
    b"250 CHUNKING\r\n"
)
DATA_END = b"\r\n.\r\n"


class Session:
    """One recorded SMTP session over a connected socket."""

    def __init__(self, conn, client_log, server_log, reads_log):
        self.conn = conn
        self.client_log = client_log
        self.server_log = server_log
        self.reads_log = reads_log
        self.buffer = b""
        self.closed = False

    def fill(self):
        """Read one chunk from the client into the buffer; False at end of stream."""
        chunk = self.conn.recv(65536)
        if not chunk:
            self.closed = True
            return False
        self.client_log.write(chunk)
        self.client_log.flush()
        self.note("C", chunk)
        self.buffer += chunk
        return True

    def read_line(self):
        """Return the next line including its LF, or None if the client went away."""
        while b"\n" not in self.buffer:
            if not self.fill():
                return None
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line + b"\n"

    def read_exactly(self, count):
        """Return the next `count` octets, or None if the client went away first."""
        while len(self.buffer) < count:
            if not self.fill():
                return None
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def read_data(self):
        """Consume DATA content up to and including the terminating CRLF.CRLF."""
        # The CRLF that ended the DATA command line starts the search, so a
        # message whose first line is "." ends there too. Keeping the last four
        # octets seen is enough to find a terminator split across reads.
        tail = b"\r\n"
        while True:
            probe = tail + self.buffer
            end = probe.find(DATA_END)
            if end >= 0:
                self.buffer = self.buffer[end + len(DATA_END) - len(tail) :]
                return True
            tail = probe[-4:]
            self.buffer = b""
            if not self.fill():
                return False

    def reply(self, data):
        """Send one reply (any number of lines, already CRLF-terminated)."""
        self.server_log.write(data)
        self.server_log.flush()
        self.note("S", data)
        self.conn.sendall(data)

    def note(self, side, data):
        """Append one read or one reply to the reads log."""
        self.reads_log.write("%s %r\n" % (side, data))
        self.reads_log.flush()

    def run(self):
        """Serve commands until QUIT or end of stream."""
        self.reply(GREETING)
        while True:
            line = self.read_line()
            if line is None:
                return
            words = line.rstrip(b"\r\n").split(b" ")
            verb = words[0].upper()
            args = [w.upper() for w in words[1:]]
            if verb == b"EHLO":
                self.reply(EHLO_REPLY)
            elif verb == b"HELO":
                self.reply(b"250 capture.example.test\r\n")
            elif verb == b"MAIL":
                self.reply(b"250 2.1.0 Sender ok\r\n")
            elif verb == b"RCPT":
                self.reply(b"250 2.1.5 Recipient ok\r\n")
            elif verb in (b"RSET", b"NOOP"):
                self.reply(b"250 2.0.0 Ok\r\n")
            elif verb == b"DATA":
                self.reply(b"354 Start mail input; end with <CRLF>.<CRLF>\r\n")
                if not self.read_data():
                    return
                self.reply(b"250 2.0.0 Message accepted\r\n")
            elif verb == b"BDAT" and args and args[0].isdigit():
                if self.read_exactly(int(args[0])) is None:
                    return
                self.reply(b"250 2.0.0 %d octets received\r\n" % int(args[0]))
            elif verb == b"AUTH" and args and args[0] == b"PLAIN":
                if len(args) < 2 and self.send_challenge(b"334 \r\n") is None:
                    return
                self.reply(b"235 2.7.0 Authentication successful\r\n")
            elif verb == b"AUTH" and args and args[0] == b"LOGIN":
                if len(args) < 2 and self.send_challenge(b"334 VXNlcm5hbWU6\r\n") is None:
                    return
                if self.send_challenge(b"334 UGFzc3dvcmQ6\r\n") is None:
                    return
                self.reply(b"235 2.7.0 Authentication successful\r\n")
            elif verb == b"QUIT":
                self.reply(b"221 2.0.0 Bye\r\n")
                return
            else:
                self.reply(b"502 5.5.2 Command not implemented\r\n")

    def send_challenge(self, challenge):
        """Send a 334 challenge and return the client's answer line."""
        self.reply(challenge)
        return self.read_line()


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: capture_listener.py PORT PREFIX\n")
        return 2
    port = int(sys.argv[1])
    prefix = sys.argv[2]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, port))
        listener.listen(1)
        listener.settimeout(TIMEOUT_SECONDS)
        print("port %d" % listener.getsockname()[1], flush=True)
        conn, _ = listener.accept()
    with conn, open(prefix + ".client.txt", "wb") as client_log, open(
        prefix + ".server.txt", "wb"
    ) as server_log, open(prefix + ".reads.txt", "w", encoding="ascii") as reads_log:
        conn.settimeout(TIMEOUT_SECONDS)
        Session(conn, client_log, server_log, reads_log).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
