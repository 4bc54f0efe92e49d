#!/usr/bin/env python3
"""A transparent loopback TCP proxy that records the exact bytes of one session.

Usage: capture_proxy.py PORT UPSTREAM_PORT PREFIX

Listens on 127.0.0.1:PORT (PORT 0 picks a free port), prints "port N" on stdout once it is
listening, accepts exactly one connection, connects it to 127.0.0.1:UPSTREAM_PORT and relays
both directions unchanged until both sides have closed, then exits. Every byte the client
sends is appended to PREFIX.client.txt exactly as received; every byte the server sends goes
to PREFIX.server.txt. PREFIX.reads.txt lists, in order, each chunk as one read returned it,
"C" for the client's and "S" for the server's, as Python byte literals (the format of
capture_listener.py). A chunk is forwarded as soon as it is read, so the interleaving is the
real one: separate "C" reads between replies mean the client waited for each reply.

Used with scripts/interop.sh pop3-capture to record real POP3 clients talking to a real
Dovecot. This is a test tool: no TLS, one session, no reconnects.
"""

import selectors
import socket
import sys

HOST = "127.0.0.1"
TIMEOUT_SECONDS = 30


class Relay:
    """One recorded session between a connected client and server socket."""

    def __init__(self, client, server, client_log, server_log, reads_log):
        self.logs = {client: (client_log, "C"), server: (server_log, "S")}
        self.peer = {client: server, server: client}
        self.reads_log = reads_log

    def run(self):
        """Relay until both directions reached end of stream; False on a timeout."""
        selector = selectors.DefaultSelector()
        for sock in self.peer:
            selector.register(sock, selectors.EVENT_READ)
        open_sides = len(self.peer)
        while open_sides:
            events = selector.select(TIMEOUT_SECONDS)
            if not events:
                return False
            for key, _ in events:
                sock = key.fileobj
                try:
                    chunk = sock.recv(65536)
                except ConnectionResetError:
                    chunk = b""
                if not chunk:
                    # Pass the end of stream on, but keep relaying the other direction.
                    selector.unregister(sock)
                    open_sides -= 1
                    try:
                        self.peer[sock].shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    continue
                log, side = self.logs[sock]
                log.write(chunk)
                log.flush()
                self.reads_log.write("%s %r\n" % (side, chunk))
                self.reads_log.flush()
                try:
                    self.peer[sock].sendall(chunk)
                except OSError:
                    # The other side is gone; what it did not take is still recorded.
                    pass
        return True


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: capture_proxy.py PORT UPSTREAM_PORT PREFIX\n")
        return 2
    port = int(sys.argv[1])
    upstream = int(sys.argv[2])
    prefix = sys.argv[3]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, port))
        listener.listen(1)
        listener.settimeout(TIMEOUT_SECONDS)
        print("port %d" % listener.getsockname()[1], flush=True)
        client, _ = listener.accept()
    with client, socket.create_connection((HOST, upstream), TIMEOUT_SECONDS) as server, open(
        prefix + ".client.txt", "wb"
    ) as client_log, open(prefix + ".server.txt", "wb") as server_log, open(
        prefix + ".reads.txt", "w", encoding="ascii"
    ) as reads_log:
        if not Relay(client, server, client_log, server_log, reads_log).run():
            sys.stderr.write("capture_proxy.py: no traffic for %ds\n" % TIMEOUT_SECONDS)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
