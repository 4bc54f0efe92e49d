#!/usr/bin/env python3
"""Scripted IMAP sessions for `interop.sh imap-capture` (Python standard library only).

Usage: imap_client.py PORT DIRECT_PORT MSGDIR CASE

Connects to 127.0.0.1:PORT (the recording proxy), logs in as the interop user and runs the
session CASE (see CASES below), speaking IMAP over a plain socket so that every command goes on
the wire exactly as written here: literals ({n} after a "+" continuation, {n+} and ~{n} without),
SASL continuations, IDLE/DONE, pipelining. DIRECT_PORT is Dovecot itself, for the few cases that
need a second, unrecorded connection (another client changing the mailbox during IDLE or NOTIFY).
MSGDIR holds the message files (LF line ends); they are sent with CRLF, as RFC 3501 requires, by
`crlf()`, except where a case sends bare LFs on purpose.

Every command checks the tagged status it expects, so a changed server fails the capture instead
of silently recording something else. The cases `imaplib-*` use Python's imaplib instead, to
record what that real client sends.
"""

import base64
import imaplib
import os
import re
import socket
import sys
import time
import zlib

HOST = "127.0.0.1"
USER = "mailwire"
PASSWORD = "pop3 secret"
TIMEOUT_SECONDS = 20
# The INTERNALDATE given to appended messages.
APPEND_DATE = '"05-Jan-2026 10:00:00 +0100"'

LITERAL_AT_END = re.compile(rb"~?\{(\d+)\+?\}\r\n\Z")


def crlf(data):
    """Every LF not already preceded by CR becomes CRLF."""
    return re.sub(rb"(?<!\r)\n", b"\r\n", data)


class Literal:
    """A literal argument: synchronizing {n}, non-synchronizing {n+} (LITERAL+) or literal8 ~{n}."""

    def __init__(self, data, plus=False, binary=False):
        self.data = data if isinstance(data, bytes) else data.encode("utf-8")
        self.plus = plus
        self.binary = binary

    def prefix(self):
        return b"%s{%d%s}" % (b"~" if self.binary else b"", len(self.data), b"+" if self.plus else b"")


class Failed(Exception):
    pass


class Session:
    """One IMAP connection; reads responses (with their literals) as a client must."""

    def __init__(self, port, greeting="* OK"):
        self.sock = socket.create_connection((HOST, port), timeout=TIMEOUT_SECONDS)
        self.buf = b""
        self.count = 0
        self.sent_compressed = None
        self.inflate = None
        self.greeting = self.response()
        if not self.greeting.startswith(greeting.encode()):
            raise Failed("greeting: %r" % self.greeting)

    # -- transport (optionally through COMPRESS=DEFLATE) --

    def send(self, data):
        if self.sent_compressed is not None:
            data = self.sent_compressed.compress(data) + self.sent_compressed.flush(zlib.Z_SYNC_FLUSH)
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise Failed("connection closed; unread: %r" % self.buf)
        if self.inflate is not None:
            chunk = self.inflate.decompress(chunk)
        self.buf += chunk

    def start_compression(self):
        # RFC 4978: raw DEFLATE (no zlib header) in both directions, flushed after each write.
        self.sent_compressed = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.inflate = zlib.decompressobj(-15)
        if self.buf:
            raise Failed("data after the COMPRESS reply: %r" % self.buf)

    def line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        at = self.buf.index(b"\r\n") + 2
        line, self.buf = self.buf[:at], self.buf[at:]
        return line

    def exactly(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def response(self):
        """One whole response: its lines and the literals between them."""
        text = self.line()
        while True:
            found = LITERAL_AT_END.search(text)
            if not found:
                return text
            text += self.exactly(int(found.group(1)))
            text += self.line()

    def read_until_closed(self):
        try:
            while True:
                self._fill()
        except (Failed, OSError):
            pass

    # -- commands --

    def next_tag(self):
        self.count += 1
        return "a%d" % self.count

    def command(self, *pieces, expect="OK", tag=None):
        """Sends TAG + the pieces (str, bytes or Literal), waiting for "+" before each
        synchronizing literal, then reads up to the tagged reply, whose status must be `expect`
        (a word or a tuple of words; None accepts any). Returns (untagged, tagged)."""
        tag = tag or self.next_tag()
        out = tag.encode() + b" "
        untagged = []
        for piece in pieces:
            if isinstance(piece, Literal):
                out += piece.prefix() + b"\r\n"
                if not piece.plus:
                    self.send(out)
                    out = b""
                    while True:
                        reply = self.response()
                        if reply.startswith(b"+"):
                            break
                        if reply.startswith(tag.encode() + b" "):
                            return self._finish(tag, untagged, reply, expect)
                        untagged.append(reply)
                out += piece.data
            else:
                out += piece if isinstance(piece, bytes) else piece.encode("utf-8")
        self.send(out + b"\r\n")
        return self.until_tagged(tag, expect, untagged)

    def until_tagged(self, tag, expect="OK", untagged=None):
        untagged = [] if untagged is None else untagged
        while True:
            reply = self.response()
            if reply.startswith(tag.encode() + b" "):
                return self._finish(tag, untagged, reply, expect)
            untagged.append(reply)

    @staticmethod
    def _finish(tag, untagged, reply, expect):
        status = reply[len(tag) + 1 :].split(b" ", 1)[0].rstrip(b"\r\n").decode()
        wanted = (expect,) if isinstance(expect, str) else expect
        if expect is not None and status not in wanted:
            raise Failed("%s: expected %s, got %r" % (tag, expect, reply))
        return untagged, reply

    def login(self):
        return self.command('LOGIN %s "%s"' % (USER, PASSWORD))

    def logout(self):
        untagged, _ = self.command("LOGOUT")
        if not any(line.startswith(b"* BYE") for line in untagged):
            raise Failed("no BYE before the LOGOUT reply")
        self.read_until_closed()
        self.sock.close()

    def select(self, mailbox="INBOX", params=""):
        untagged, tagged = self.command("SELECT %s%s" % (mailbox, params))
        return code_values(untagged + [tagged])


def code_values(responses):
    """UIDVALIDITY, HIGHESTMODSEQ, UIDNEXT, ... from the response codes in `responses`."""
    values = {}
    for text in responses:
        for name, value in re.findall(rb"\[([A-Z]+) (\d+)\]", text):
            values[name.decode()] = int(value)
    return values


def sasl_plain(user=USER, password=PASSWORD):
    return base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()


def b64(text):
    return base64.b64encode(text.encode()).decode()


class Context:
    def __init__(self, port, direct_port, msgdir):
        self.port = port
        self.direct_port = direct_port
        self.messages = [
            open(os.path.join(msgdir, name), "rb").read()
            for name in sorted(os.listdir(msgdir))
            if name.endswith(".eml")
        ]

    def session(self, greeting="* OK"):
        return Session(self.port, greeting)

    def other(self):
        """A logged-in connection straight to Dovecot, not recorded."""
        other = Session(self.direct_port)
        other.login()
        return other

    def message(self, n):
        """Message file n (1-based) with CRLF line ends."""
        return crlf(self.messages[n - 1])


# --- the cases -----------------------------------------------------------------------------------


def case_auth_sasl_ir(ctx):
    s = ctx.session()
    s.command("CAPABILITY")
    s.command("AUTHENTICATE PLAIN " + sasl_plain())
    s.command("CAPABILITY")
    s.logout()


def case_auth_continuation(ctx):
    s = ctx.session()
    # A wrong password with an initial response, then PLAIN cancelled with "*", then LOGIN
    # (Username:/Password: challenges) with a wrong password, then PLAIN with an empty initial
    # response ("=", RFC 4959), an unknown mechanism, and finally PLAIN after a continuation.
    s.command("AUTHENTICATE PLAIN " + sasl_plain(password="wrong"), expect="NO")
    tag = s.next_tag()
    s.send(b"%s AUTHENTICATE PLAIN\r\n" % tag.encode())
    assert s.response().startswith(b"+")
    s.send(b"*\r\n")
    s.until_tagged(tag, "BAD")
    tag = s.next_tag()
    s.send(b"%s AUTHENTICATE LOGIN\r\n" % tag.encode())
    assert s.response().startswith(b"+")
    s.send(b64(USER).encode() + b"\r\n")
    assert s.response().startswith(b"+")
    s.send(b64("wrong").encode() + b"\r\n")
    s.until_tagged(tag, "NO")
    tag = s.next_tag()
    s.send(b"%s AUTHENTICATE PLAIN =\r\n" % tag.encode())
    s.until_tagged(tag, ("NO", "BAD"))
    s.command("AUTHENTICATE CRAM-MD5", expect="NO")
    tag = s.next_tag()
    s.send(b"%s AUTHENTICATE PLAIN\r\n" % tag.encode())
    assert s.response().startswith(b"+")
    s.send(sasl_plain().encode() + b"\r\n")
    s.until_tagged(tag, "OK")
    s.logout()


def case_login_literal(ctx):
    s = ctx.session()
    s.command("LOGIN ", Literal(USER), " ", Literal("wrong password"), expect="NO")
    # LITERAL+ before login: the password as a non-synchronizing literal.
    s.command('LOGIN "%s" ' % USER, Literal(PASSWORD, plus=True))
    s.command("SELECT ", Literal("INBOX"))
    s.logout()


def case_id_enable_namespace(ctx):
    s = ctx.session()
    s.command('ID ("name" "mailwire-capture" "version" "0.1" "os" NIL)')
    s.login()
    s.command("ID NIL")
    s.command("NAMESPACE")
    s.command("ENABLE CONDSTORE")
    s.command("ENABLE QRESYNC X-UNKNOWN-EXTENSION")
    s.command("ENABLE CONDSTORE")
    s.command("CAPABILITY")
    s.logout()


def case_list_extended(ctx):
    s = ctx.session()
    s.login()
    s.command('LIST "" ""')
    s.command('LIST "" "*"')
    s.command('LIST "" "%"')
    s.command('LIST (SPECIAL-USE) "" "*"')
    s.command('LIST "" "*" RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN UIDNEXT SIZE))')
    s.command('LIST (SUBSCRIBED RECURSIVEMATCH) "" "*" RETURN (CHILDREN)')
    s.command('LIST "" ("INBOX" "Sent" "Nonexistent")')
    s.command('LIST "" "In%"')
    s.command('LSUB "" "*"')
    s.logout()


def case_mailboxes(ctx):
    s = ctx.session()
    s.login()
    s.command('CREATE "Projects/2026"')
    s.command('CREATE "Projects/2026"', expect="NO")
    # "Ärger" in modified UTF-7 (RFC 3501 5.1.3), a name with a space, one sent as a literal.
    s.command("CREATE &AMQ-rger")
    s.command('CREATE "With Space"')
    s.command("CREATE ", Literal("Literal name"))
    s.command('RENAME "With Space" "Renamed/Child"')
    s.command('SUBSCRIBE "Renamed/Child"')
    s.command('UNSUBSCRIBE "Trash"')
    s.command('LIST "" "*" RETURN (CHILDREN SUBSCRIBED)')
    s.command('DELETE "Projects"', expect=("OK", "NO"))
    s.command('DELETE "Nonexistent"', expect="NO")
    s.command("DELETE &AMQ-rger")
    # RFC 3501 6.3.5 allows renaming INBOX (its messages move); Dovecot refuses.
    s.command('RENAME INBOX "Old Inbox"', expect="NO")
    s.command('LIST "" "*"')
    s.logout()


def case_select_status(ctx):
    s = ctx.session()
    s.login()
    s.command("STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ SIZE)")
    s.command("STATUS Sent (MESSAGES UIDNEXT)")
    s.command("STATUS Nonexistent (MESSAGES)", expect="NO")
    s.command("EXAMINE INBOX")
    s.command("SELECT INBOX")
    s.command("STATUS INBOX (MESSAGES RECENT)")
    s.command("SELECT Nonexistent", expect="NO")
    s.command("FETCH 1 FLAGS", expect="BAD")
    s.command("SELECT Trash")
    s.command("UNSELECT")
    s.command("CHECK", expect="BAD")
    s.logout()


def case_append(ctx):
    s = ctx.session()
    s.login()
    s.command("APPEND INBOX (\\Seen $Forwarded) %s " % APPEND_DATE, Literal(ctx.message(1)))
    s.command("APPEND INBOX (\\Flagged) ", Literal(ctx.message(2), plus=True))
    s.command("APPEND INBOX ", Literal(ctx.message(3)))
    # MULTIAPPEND (RFC 3502): two messages in one command.
    s.command(
        "APPEND Drafts (\\Draft) %s " % APPEND_DATE,
        Literal(ctx.message(4), plus=True),
        " () ",
        Literal(ctx.message(5), plus=True),
    )
    # Bare LF line ends in the literal (RFC 3501 requires CRLF).
    s.command("APPEND INBOX ", Literal(ctx.messages[4]))
    s.command("APPEND Nonexistent ", Literal(ctx.message(5), plus=True), expect="NO")
    s.command("APPEND INBOX ", Literal(b"", plus=True), expect="NO")
    # There is no 31 February; Dovecot accepts the date anyway.
    s.command('APPEND INBOX "31-Feb-2026 00:00:00 +0000" ', Literal(ctx.message(5), plus=True),
              expect=("OK", "BAD"))
    s.select()
    s.command("FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE)")
    s.command("FETCH 5 BODY.PEEK[]")
    s.command("FETCH 9 (RFC822.SIZE BODY.PEEK[])")
    s.logout()


def case_append_catenate(ctx):
    s = ctx.session()
    s.login()
    values = s.select()
    url = "/INBOX;UIDVALIDITY=%d/;UID=5" % values["UIDVALIDITY"]
    s.command(
        "APPEND Drafts (\\Draft) CATENATE (URL \"%s/;SECTION=HEADER\" TEXT " % url,
        Literal(b"A new body after the header of message 5.\r\n", plus=True),
        ")",
    )
    s.command("APPEND Drafts CATENATE (TEXT ", Literal(b"Subject: part one\r\n\r\n"),
              " TEXT ", Literal(b"part two\r\n"), ")")
    s.command("APPEND Drafts CATENATE (URL \"/INBOX/;UID=99\")", expect="NO")
    s.command("EXAMINE Drafts")
    s.command("FETCH 1:* (FLAGS RFC822.SIZE BODY.PEEK[])")
    s.logout()


def case_fetch_structure(ctx):
    s = ctx.session()
    s.login()
    s.command("EXAMINE INBOX")
    s.command("FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)")
    s.command("FETCH 1:* BODYSTRUCTURE")
    s.command("FETCH 1:2 BODY")
    s.command("FETCH 5 FAST")
    s.command("FETCH 5 ALL")
    s.command("FETCH 5 FULL")
    s.command("UID FETCH 1:* (UID)")
    s.logout()


def case_fetch_sections(ctx):
    s = ctx.session()
    s.login()
    s.select()
    s.command("FETCH 1 (BODY.PEEK[HEADER.FIELDS (From Subject Date)])")
    s.command("FETCH 1 (BODY.PEEK[HEADER.FIELDS.NOT (Return-Path Received To Cc)])")
    s.command("FETCH 1 (BODY.PEEK[1.MIME] BODY.PEEK[1.1] BODY.PEEK[1.2.MIME])")
    s.command("FETCH 1 (BODY.PEEK[TEXT]<0.100>)")
    s.command("FETCH 2 (BODY.PEEK[2.HEADER] BODY.PEEK[2.TEXT] BODY.PEEK[2.1.1])")
    s.command("FETCH 4 (BODY.PEEK[HEADER])")
    s.command("FETCH 5 (BODY[]<10.20>)")
    s.command("FETCH 5 (BODY[])")
    s.command("FETCH 3 (RFC822.HEADER RFC822.TEXT)")
    s.command("FETCH 3 RFC822")
    s.command("FETCH 1 (BODY.PEEK[9] BODY.PEEK[1.9.1])")
    s.command("FETCH 4 (BODY.PEEK[]<2000.10>)")
    s.logout()


def case_fetch_binary(ctx):
    s = ctx.session()
    s.login()
    s.command("EXAMINE INBOX")
    s.command("FETCH 1 (BINARY.SIZE[1.1] BINARY.SIZE[2])")
    s.command("FETCH 1 (BINARY.PEEK[1.1])")
    s.command("FETCH 1 (BINARY.PEEK[2])")
    s.command("FETCH 1 (BINARY.PEEK[2]<250.10>)")
    s.command("FETCH 3 (BINARY.PEEK[1] BINARY.SIZE[1])")
    s.command("FETCH 3 (BINARY.PEEK[])")
    s.command("FETCH 2 (BINARY.PEEK[2])", expect=("OK", "NO", "BAD"))
    s.command("FETCH 1 (BINARY.PEEK[1])", expect=("OK", "NO", "BAD"))
    s.logout()


def case_fetch_extensions(ctx):
    s = ctx.session()
    s.login()
    s.command("EXAMINE INBOX")
    s.command("FETCH 1:* (MODSEQ SAVEDATE)")
    s.command("FETCH 1:* (SNIPPET (FUZZY))")
    s.command("FETCH 1:* (PREVIEW)")
    s.command("FETCH 1 (PREVIEW (LAZY))")
    s.command("FETCH 1 (EMAILID THREADID)", expect="BAD")
    s.command("FETCH 1 (X-GM-MSGID)", expect="BAD")
    s.command("FETCH 1 (BODY.PEEK[HEADER.FIELDS (Subject)] X-SAVEDATE)", expect=("OK", "BAD"))
    s.logout()


def case_condstore(ctx):
    s = ctx.session()
    s.login()
    values = s.select(params=" (CONDSTORE)")
    modseq = values["HIGHESTMODSEQ"]
    s.command("FETCH 1:* (FLAGS) (CHANGEDSINCE 1)")
    s.command("STORE 1 (UNCHANGEDSINCE %d) +FLAGS (\\Flagged)" % modseq)
    s.command("STORE 1:2 (UNCHANGEDSINCE %d) +FLAGS (\\Answered)" % modseq)
    s.command("STORE 3 (UNCHANGEDSINCE 0) +FLAGS.SILENT (\\Seen)")
    s.command("FETCH 1:* (FLAGS MODSEQ) (CHANGEDSINCE %d)" % modseq)
    s.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE %d)" % modseq)
    s.command("SEARCH MODSEQ %d" % modseq)
    s.command('SEARCH MODSEQ "/flags/\\\\flagged" all %d' % modseq)
    s.command("UID SEARCH RETURN (MIN MAX) MODSEQ 1")
    s.command("STATUS Sent (HIGHESTMODSEQ)")
    s.logout()


def case_qresync(ctx):
    s = ctx.session()
    s.login()
    s.command("ENABLE QRESYNC")
    values = s.select()
    uidvalidity, modseq = values["UIDVALIDITY"], values["HIGHESTMODSEQ"]
    s.command("STORE 2 +FLAGS (\\Deleted)")
    s.command("STORE 4 +FLAGS (\\Seen)")
    s.command("EXPUNGE")
    s.command("UNSELECT")
    s.command("SELECT INBOX (QRESYNC (%d %d))" % (uidvalidity, modseq))
    s.command("CLOSE")
    s.command("SELECT INBOX (QRESYNC (%d %d 1:5 (1,3,5 1,3,5)))" % (uidvalidity, modseq))
    s.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE %d VANISHED)" % modseq)
    s.command("UID STORE 3 +FLAGS (\\Deleted)")
    s.command("UID EXPUNGE 3")
    s.command("SELECT INBOX (QRESYNC (1 1))")
    s.logout()


def case_search(ctx):
    s = ctx.session()
    s.login()
    s.select()
    s.command("STORE 2 +FLAGS (\\Seen $Label1)")
    s.command("SEARCH ALL")
    s.command("SEARCH UNSEEN")
    s.command("SEARCH KEYWORD $Label1 SEEN")
    s.command('SEARCH OR FROM "bob" (NOT SUBJECT "report")')
    s.command('SEARCH HEADER Message-ID "<utf8-3@example.test>"')
    s.command("SEARCH CHARSET UTF-8 SUBJECT ", Literal("Grüße"))
    s.command('SEARCH CHARSET X-UNKNOWN SUBJECT "x"', expect="NO")
    s.command("SEARCH SINCE 1-Jan-2026 LARGER 1000")
    s.command("SEARCH SENTBEFORE 2-Jan-2026 SENTSINCE 1-Jan-2026")
    s.command('SEARCH BODY "Short reply"')
    s.command('SEARCH TEXT "dave"')
    s.command("UID SEARCH UID 2:*")
    s.command("SEARCH 1:3,5 NOT DELETED")
    s.command("SEARCH ((((((SEEN))))))")
    s.command("SEARCH YOUNGER 600000000 OLDER 1")
    s.command("SEARCH X-BOGUS-KEY", expect="BAD")
    s.logout()


def case_esearch(ctx):
    s = ctx.session()
    s.login()
    s.select()
    s.command("SEARCH RETURN (MIN MAX COUNT ALL) ALL")
    s.command("UID SEARCH RETURN () ALL")
    s.command('SEARCH RETURN (COUNT) SUBJECT "no such subject"')
    s.command('SEARCH RETURN (SAVE) SUBJECT "Quarterly"')
    s.command("FETCH $ (UID)")
    s.command("UID SEARCH UID $")
    s.command("SEARCH RETURN (SAVE MIN) FROM bob")
    s.command("UID FETCH $ (UID)")
    s.command("SORT RETURN (MIN MAX COUNT) (DATE) UTF-8 ALL")
    s.command("SEARCH RETURN (PARTIAL 1:2) ALL")
    s.command("SEARCH RETURN (BOGUS) ALL", expect="BAD")
    s.logout()


def case_sort_thread(ctx):
    s = ctx.session()
    s.login()
    s.command("EXAMINE INBOX")
    s.command("SORT (SUBJECT) UTF-8 ALL")
    s.command("SORT (REVERSE ARRIVAL) US-ASCII ALL")
    s.command("SORT (FROM REVERSE SIZE) UTF-8 ALL")
    s.command("SORT (DISPLAYFROM DISPLAYTO CC TO DATE) UTF-8 ALL")
    s.command("UID SORT (DATE) UTF-8 SUBJECT \"Re:\"")
    s.command("THREAD REFERENCES UTF-8 ALL")
    s.command("THREAD REFS UTF-8 ALL")
    s.command("THREAD ORDEREDSUBJECT UTF-8 ALL")
    s.command("UID THREAD REFERENCES US-ASCII NOT FROM carol")
    s.command("SORT (BOGUS) UTF-8 ALL", expect="BAD")
    s.logout()


def case_store_copy_move(ctx):
    s = ctx.session()
    s.login()
    s.select()
    s.command("STORE 1 +FLAGS (\\Seen $Label1)")
    s.command("STORE 2 -FLAGS (\\Seen)")
    s.command("STORE 1:2 FLAGS.SILENT (\\Answered)")
    s.command("UID STORE 3 +FLAGS.SILENT (\\Flagged)")
    s.command("COPY 1 Archive")
    s.command("UID COPY 2:3 Archive")
    s.command("COPY 1 Nonexistent", expect="NO")
    s.command("MOVE 2 Trash")
    s.command("UID MOVE 4 Trash")
    s.command("STORE 1 +FLAGS (\\Deleted)")
    s.command("UID EXPUNGE 1:2")
    s.command("STORE 1 +FLAGS (\\Deleted)")
    s.command("EXPUNGE")
    s.command("STATUS Archive (MESSAGES UIDNEXT)")
    s.command("SELECT Archive")
    s.command("FETCH 1:* (UID FLAGS)")
    s.command("STORE 1:* +FLAGS (\\Deleted)")
    s.command("CLOSE")
    s.command("STATUS Archive (MESSAGES)")
    s.logout()


def case_quota(ctx):
    s = ctx.session()
    s.login()
    s.command("GETQUOTAROOT INBOX")
    s.command("GETQUOTAROOT Trash")
    s.command('GETQUOTA "User quota"')
    s.command('GETQUOTA "Nonexistent"', expect="NO")
    s.command('SETQUOTA "User quota" (STORAGE 100)', expect="NO")
    # Over the 64 KiB storage limit.
    big = ctx.message(4) + b"x" * 76 + b"\r\n"
    big += b"".join(b"%075d\r\n" % n for n in range(900))
    s.command("APPEND INBOX ", Literal(big), expect="NO")
    s.command("APPEND INBOX ", Literal(big, plus=True), expect="NO")
    s.command("GETQUOTA \"User quota\"")
    s.logout()


def case_metadata(ctx):
    s = ctx.session()
    s.login()
    s.command('GETMETADATA "" /shared/comment')
    # Server annotations are read-only for a user in Dovecot.
    s.command('SETMETADATA "" (/shared/comment "A server note")', expect="NO")
    s.command('SETMETADATA INBOX (/private/comment ', Literal("line one\r\nline two"),
              " /shared/comment {4+}\r\nabcd)")
    s.command('GETMETADATA "" /shared/comment')
    s.command("GETMETADATA INBOX (/private/comment /shared/comment /private/missing)")
    s.command("GETMETADATA (DEPTH infinity) INBOX /private")
    s.command("GETMETADATA (MAXSIZE 5) INBOX (/private/comment /shared/comment)")
    s.command("SETMETADATA INBOX (/private/comment NIL)")
    s.command("GETMETADATA INBOX /private/comment")
    s.command('SETMETADATA INBOX (/bogus/entry "x")', expect=("BAD", "NO"))
    s.command('GETMETADATA Nonexistent /private/comment', expect="NO")
    s.logout()


def case_acl(ctx):
    s = ctx.session()
    s.login()
    s.command("MYRIGHTS INBOX")
    s.command("GETACL INBOX")
    s.command("LISTRIGHTS INBOX anyone")
    s.command("SETACL INBOX anyone +lr")
    s.command("SETACL INBOX group=staff lrs")
    s.command("GETACL INBOX")
    s.command("DELETEACL INBOX anyone")
    s.command("GETACL INBOX")
    s.command("GETACL Nonexistent", expect="NO")
    s.command("SETACL INBOX anyone +z", expect=("BAD", "NO"))
    s.logout()


def case_idle(ctx):
    s = ctx.session()
    s.login()
    s.select()
    other = ctx.other()
    tag = s.next_tag()
    s.send(b"%s IDLE\r\n" % tag.encode())
    assert s.response().startswith(b"+")
    other.command("APPEND INBOX (\\Seen) ", Literal(ctx.message(5), plus=True))
    exists = s.response()
    assert b"EXISTS" in exists, exists
    other.command("SELECT INBOX")
    other.command("STORE 1 +FLAGS (\\Flagged)")
    other.command("STORE 2 +FLAGS (\\Deleted)")
    other.command("EXPUNGE")
    # Wait for the flag change and the expunge to arrive, then end the IDLE.
    seen = b""
    deadline = time.time() + 10
    while b"EXPUNGE" not in seen and time.time() < deadline:
        seen += s.response()
    s.send(b"DONE\r\n")
    s.until_tagged(tag)
    other.logout()
    s.command("NOOP")
    tag = s.next_tag()
    s.send(b"%s IDLE\r\n" % tag.encode())
    assert s.response().startswith(b"+")
    s.send(b"NOT-DONE\r\n")
    s.until_tagged(tag, "BAD")
    s.logout()


def case_notify(ctx):
    s = ctx.session()
    s.login()
    s.select()
    s.command(
        "NOTIFY SET STATUS (SELECTED (MessageNew (UID FLAGS) MessageExpunge FlagChange)) "
        "(personal (MessageNew MessageExpunge MailboxName SubscriptionChange))"
    )
    other = ctx.other()
    other.command("APPEND INBOX ", Literal(ctx.message(5), plus=True))
    other.command("APPEND Sent ", Literal(ctx.message(5), plus=True))
    other.command('CREATE "Notified"')
    other.command('SUBSCRIBE "Notified"')
    other.logout()
    time.sleep(1)
    s.command("NOOP")
    s.command("NOTIFY NONE")
    s.command("NOTIFY SET (bogus-filter (MessageNew))", expect="BAD")
    s.logout()


def case_compress(ctx):
    s = ctx.session()
    s.login()
    s.command("COMPRESS DEFLATE")
    s.start_compression()
    s.command("COMPRESS DEFLATE", expect="NO")
    s.command("SELECT INBOX")
    s.command("FETCH 1 (BODY.PEEK[])")
    s.command("APPEND INBOX ", Literal(ctx.message(4)))
    s.logout()


def case_errors_prelogin(ctx):
    s = ctx.session()
    s.command("SELECT INBOX", expect="BAD")
    s.command("BOGUS", expect="BAD")
    # The third bad command before login ends the session.
    s.command("BOGUS with arguments (and (nested) parens) {3+}\r\nabc", expect="BAD")
    s.read_until_closed()


def case_errors_syntax(ctx):
    s = ctx.session()
    s.login()
    s.send(b"\r\n")
    s.response()
    s.send(b"tag-only\r\n")
    s.response()
    s.send(b"* NOOP\r\n")
    s.response()
    s.send(b"+ NOOP\r\n")
    s.response()
    s.command("BOGUS", expect="BAD")
    s.command("BOGUS with arguments (and (nested) parens) {3+}\r\nabc", expect="BAD")
    # NOOP takes no arguments (RFC 3501 6.1.2); Dovecot ignores them.
    s.command("NOOP extra", expect=("OK", "BAD"))
    s.command("LOGIN %s x" % USER, expect="BAD")
    s.command("FETCH 1 FLAGS", expect="BAD")
    s.command('SELECT "unterminated', expect="BAD")
    s.command('SELECT "bad \\q escape"', expect=("BAD", "NO"))
    s.command("SELECT INB\x01OX", expect=("BAD", "NO"))
    s.command('CREATE "8bit-\xe4"'.encode("latin-1"), expect=("BAD", "NO"))
    # A literal over Dovecot's limit ends the session (no tagged reply).
    s.send(b"a99 SELECT {99999999999}\r\n")
    s.read_until_closed()


def case_errors_fetch(ctx):
    s = ctx.session()
    s.login()
    s.select()
    s.command("FETCH", expect="BAD")
    s.command("FETCH 1:* (FLAGS", expect="BAD")
    s.command("FETCH 0 FLAGS", expect="BAD")
    s.command("FETCH 1:x FLAGS", expect="BAD")
    s.command("FETCH 99 FLAGS", expect=("OK", "NO", "BAD"))
    s.command("UID FETCH 99 FLAGS")
    s.command("FETCH 1 BODY[HEADER.FIELDS]", expect="BAD")
    # Part numbers are nz-number (RFC 3501 9); Dovecot takes 1.0 as 1.
    s.command("FETCH 1 BODY.PEEK[1.0]", expect=("OK", "BAD"))
    s.command("FETCH 1 BOGUS-ITEM", expect="BAD")
    s.command("FETCH 1 (FLAGS) (CHANGEDSINCE x)", expect="BAD")
    s.command("STORE 1 +FLAGS (\\Bogus)", expect="BAD")
    s.command("STORE 1 +FLAGS (\\Recent)", expect="BAD")
    s.command("STORE 1 FLAGS (bad]flag)", expect=("NO", "BAD"))
    s.command("UID BOGUS 1", expect="BAD")
    s.command("SEARCH 1:*:2", expect="BAD")
    s.command("COPY 1", expect="BAD")
    s.logout()


def case_limits(ctx):
    s = ctx.session()
    s.login()
    s.select()
    s.command("SEARCH " + " ".join(["ALL"] * 5000))
    # A 70 000-octet argument (imap_max_line_length is 64 KiB).
    s.command('SEARCH SUBJECT "%s"' % ("x" * 70000), expect="BAD")
    s.command("NOOP")
    # A non-synchronizing literal over the limit ends the session.
    s.send(b"a99 SEARCH TEXT {9999999+}\r\n")
    s.read_until_closed()


def raw_payload(ctx, name):
    if name == "pipelined":
        msg = ctx.message(5)
        lines = [
            b"p1 CAPABILITY",
            b'p2 LOGIN mailwire "pop3 secret"',
            b"p3 SELECT INBOX",
            b"p4 FETCH 1:* (UID FLAGS RFC822.SIZE)",
            b"p5 APPEND INBOX (\\Seen) {%d+}\r\n%s" % (len(msg), msg),
            b"p6 STORE 1 +FLAGS (\\Flagged)",
            b"p7 SEARCH CHARSET UTF-8 SUBJECT {6+}\r\nGr\xc3\xbc\xc3\x9f",
            b"p8 SETMETADATA INBOX (/private/comment {5+}\r\nhello)",
            b"p9 NOOP",
            b"p10 UID FETCH 1:* (FLAGS)",
            b"p11 FETCH 6 BODY.PEEK[HEADER.FIELDS (SUBJECT)]",
            b"p12 LOGOUT",
        ]
        return b"\r\n".join(lines) + b"\r\n"
    if name == "lf-only":
        return (
            b"l1 LOGIN mailwire \"pop3 secret\"\n"
            b"l2 SELECT INBOX\n"
            b"l3 FETCH 1 (FLAGS)\n"
            b"l4 SEARCH SUBJECT {6+}\nReport\n"
            b"l5 LOGOUT\n"
        )
    raise Failed("no raw payload " + name)


def case_raw(ctx, name):
    """After the greeting, the whole payload goes out in one write, then everything Dovecot sends
    is read until it closes."""
    s = ctx.session()
    s.send(raw_payload(ctx, name))
    s.read_until_closed()


def case_everything(ctx):
    s = ctx.session()
    s.command("CAPABILITY")
    s.command('ID ("name" "mailwire-capture")')
    s.command("AUTHENTICATE PLAIN " + sasl_plain())
    s.command("ENABLE QRESYNC")
    s.command("NAMESPACE")
    s.command('LIST "" "*" RETURN (SPECIAL-USE STATUS (MESSAGES UIDNEXT UNSEEN))')
    s.command("STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ SIZE)")
    s.command('CREATE "Reports/2026"')
    s.command("APPEND Reports/2026 (\\Seen) %s " % APPEND_DATE, Literal(ctx.message(1)),
              " ", Literal(ctx.message(2), plus=True))
    values = s.select()
    s.command("FETCH 1:* (UID FLAGS MODSEQ INTERNALDATE RFC822.SIZE ENVELOPE)")
    s.command("FETCH 1:2 BODYSTRUCTURE")
    s.command("FETCH 1 (BODY.PEEK[HEADER.FIELDS (From To Subject)] BODY.PEEK[1.MIME] "
              "BODY.PEEK[TEXT]<0.100> BINARY.PEEK[2] BINARY.SIZE[2] SNIPPET (FUZZY))")
    s.command("FETCH 3 BODY[]")
    s.command("UID SEARCH RETURN (MIN MAX COUNT SAVE) UNSEEN")
    s.command("UID FETCH $ (FLAGS)")
    s.command("SORT (REVERSE DATE) UTF-8 ALL")
    s.command("THREAD REFERENCES UTF-8 ALL")
    s.command("STORE 3 (UNCHANGEDSINCE %d) +FLAGS (\\Answered)" % values["HIGHESTMODSEQ"])
    s.command("UID COPY 1 Reports/2026")
    s.command("MOVE 4 Archive")
    s.command("STORE 1 +FLAGS.SILENT (\\Deleted)")
    s.command("EXPUNGE")
    tag = s.next_tag()
    s.send(b"%s IDLE\r\n" % tag.encode())
    assert s.response().startswith(b"+")
    other = ctx.other()
    other.command("APPEND INBOX ", Literal(ctx.message(3), plus=True))
    other.logout()
    assert b"EXISTS" in s.response()
    s.send(b"DONE\r\n")
    s.until_tagged(tag)
    s.command("GETQUOTAROOT INBOX")
    s.command('SETMETADATA INBOX (/private/comment "checked")')
    s.command("GETMETADATA INBOX /private/comment")
    s.command("MYRIGHTS INBOX")
    s.command("UNSELECT")
    s.command("SELECT INBOX (QRESYNC (%d %d))" % (values["UIDVALIDITY"], values["HIGHESTMODSEQ"]))
    s.command("BOGUS", expect="BAD")
    s.command("CLOSE")
    s.command('DELETE "Reports/2026"')
    s.logout()


def run_imaplib(ctx, name):
    m = imaplib.IMAP4(HOST, ctx.port)
    if name == "imaplib-basic":
        m.login(USER, PASSWORD)
        m.list()
        m.select("INBOX")
        m.search(None, "ALL")
        m.fetch("1:*", "(FLAGS UID RFC822.SIZE)")
        m.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])")
        m.fetch("3", "(RFC822)")
        m.uid("FETCH", "1:2", "(ENVELOPE)")
        m.store("1", "+FLAGS", "(\\Seen)")
        m.copy("1", "Archive")
        m.close()
        m.logout()
    elif name == "imaplib-append":
        m.login(USER, PASSWORD)
        # imaplib turns every line end of the message into CRLF before sending it.
        date = imaplib.Time2Internaldate((2026, 1, 5, 10, 0, 0, 0, 5, -1))
        m.append("INBOX", "(\\Flagged $Important)", date, ctx.messages[0])
        m.append("Drafts", None, None, ctx.messages[2])
        m.select("INBOX", readonly=True)
        m.fetch("6", "(FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE)")
        m.logout()
    elif name == "imaplib-auth-plain":
        m.authenticate("PLAIN", lambda _challenge: ("\0%s\0%s" % (USER, PASSWORD)).encode())
        m.namespace()
        m.status("INBOX", "(MESSAGES UNSEEN UIDNEXT)")
        m.select("INBOX")
        m.sort("(REVERSE DATE)", "UTF-8", "ALL")
        m.thread("REFERENCES", "UTF-8", "ALL")
        m.getquotaroot("INBOX")
        m.myrights("INBOX")
        m.uid("SEARCH", "CHARSET", "UTF-8", "FROM", "bob")
        m.create("imaplib/child")
        m.rename("imaplib/child", "imaplib/renamed")
        m.lsub()
        m.delete("imaplib/renamed")
        m.unselect()
        m.logout()
    else:
        raise Failed("no case " + name)


CASES = {
    "auth-sasl-ir": case_auth_sasl_ir,
    "auth-continuation": case_auth_continuation,
    "login-literal": case_login_literal,
    "id-enable-namespace": case_id_enable_namespace,
    "list-extended": case_list_extended,
    "mailboxes": case_mailboxes,
    "select-status": case_select_status,
    "append": case_append,
    "append-catenate": case_append_catenate,
    "fetch-structure": case_fetch_structure,
    "fetch-sections": case_fetch_sections,
    "fetch-binary": case_fetch_binary,
    "fetch-extensions": case_fetch_extensions,
    "condstore": case_condstore,
    "qresync": case_qresync,
    "search": case_search,
    "esearch": case_esearch,
    "sort-thread": case_sort_thread,
    "store-copy-move": case_store_copy_move,
    "quota": case_quota,
    "metadata": case_metadata,
    "acl": case_acl,
    "idle": case_idle,
    "notify": case_notify,
    "compress": case_compress,
    "errors-prelogin": case_errors_prelogin,
    "errors-syntax": case_errors_syntax,
    "errors-fetch": case_errors_fetch,
    "limits": case_limits,
    "pipelined": lambda ctx: case_raw(ctx, "pipelined"),
    "lf-only": lambda ctx: case_raw(ctx, "lf-only"),
    "everything": case_everything,
}


def main():
    if len(sys.argv) != 5:
        sys.stderr.write("usage: imap_client.py PORT DIRECT_PORT MSGDIR CASE\n")
        return 2
    ctx = Context(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
    name = sys.argv[4]
    if name.startswith("imaplib-"):
        run_imaplib(ctx, name)
    elif name in CASES:
        CASES[name](ctx)
    elif name == "list":
        print(" ".join(CASES))
    else:
        sys.stderr.write("imap_client.py: no case %s\n" % name)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
