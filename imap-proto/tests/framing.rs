//! The framing layer (`imap_proto::stream::framing`): RFC example messages with literals on
//! both sides, the synchronizing-literal flow, LITERAL+ / LITERAL-, literal8, every limit
//! and line-end rule, discarding over-limit data without buffering, and the properties —
//! any split of a session gives the same events and a prefix-exact tiling of the input,
//! and the work (`bytes_examined`) stays linear and blind to literal data.
//!
//! Expected values come from the RFC text (cited), from sessions built piece by piece in
//! the test (so their message boundaries are known by construction), or from a small
//! independent message checker written here from RFC 9051 §4.3 / §9.

use imap_proto::stream::framing::{FrameEvent, Framer, LITERAL_MINUS_MAX, Side};
use imap_proto::{Error, ErrorKind, ParserOptions, Status};
use proptest::prelude::*;

/// An owned, split-independent view of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Message(Vec<u8>),
    Line(Vec<u8>),
    Need(u64),
    Refused(Error),
    Invalid(Error),
    /// `Skipped` not following an `Invalid` (after `refuse_literal`).
    Skipped,
    Opaque(Vec<u8>),
}

/// What a run gave.
#[derive(Debug)]
struct Run {
    /// Events with the bytes each consumed; `Skipped` folded into the event before it,
    /// `Opaque` pieces joined.
    events: Vec<(Ev, usize)>,
    /// Bytes never consumed.
    left: usize,
    examined: u64,
    calls: u64,
    /// The most bytes the caller held when the framer said `Incomplete`.
    max_held: usize,
}

/// Feeds `input` to `framer` in reads of `sizes` (taken in turn, cycling; at least 1),
/// the caller keeping what was not consumed and appending. On `NeedContinuation` it sends
/// "+" (`continuation_sent`). Checks on the way that consumption tiles the input exactly:
/// every `Message` / `Line` / `Opaque` is the slice of the input it consumed, and nothing
/// is consumed twice or skipped.
fn drive(mut framer: Framer, input: &[u8], sizes: &[usize]) -> Run {
    let mut events: Vec<(Ev, usize)> = Vec::new();
    let (mut start, mut end, mut turn) = (0usize, 0usize, 0usize);
    let (mut calls, mut max_held) = (0u64, 0usize);
    loop {
        let last = end == input.len();
        end = (end + sizes[turn % sizes.len()].max(1)).min(input.len());
        turn += 1;
        loop {
            calls += 1;
            assert!(
                calls < 10 * input.len() as u64 + 1000,
                "the framer does not stop"
            );
            let given = &input[start..end];
            let Status::Complete { value, consumed } = framer.decode(given) else {
                max_held = max_held.max(end - start);
                break;
            };
            assert!(consumed <= given.len(), "consumed more than given");
            let slice = &given[..consumed];
            start += consumed;
            assert_eq!(
                framer.offset(),
                start as u64,
                "offset counts what was consumed"
            );
            let ev = match value {
                FrameEvent::Message(m) => {
                    assert_eq!(m, slice, "a message is the bytes it consumed");
                    Ev::Message(m.to_vec())
                }
                FrameEvent::Line(l) => {
                    assert_eq!(l, slice, "a line is the bytes it consumed");
                    Ev::Line(l.to_vec())
                }
                FrameEvent::NeedContinuation { size } => {
                    assert_eq!(consumed, 0, "NeedContinuation consumes nothing");
                    assert_eq!(framer.awaiting_continuation(), Some(size));
                    // Reported once: nothing more until the caller decides.
                    assert_eq!(framer.decode(given), Status::Incomplete);
                    framer.continuation_sent();
                    Ev::Need(size)
                }
                FrameEvent::LiteralRefused(e) => Ev::Refused(e),
                FrameEvent::Invalid(e) => Ev::Invalid(e),
                FrameEvent::Skipped => {
                    assert!(consumed > 0, "Skipped is never empty");
                    match events.last_mut() {
                        Some((Ev::Invalid(_) | Ev::Skipped, n)) => *n += consumed,
                        _ => events.push((Ev::Skipped, consumed)),
                    }
                    continue;
                }
                FrameEvent::Opaque(d) => {
                    assert!(!d.is_empty(), "Opaque is never empty");
                    assert_eq!(d, slice);
                    if let Some((Ev::Opaque(prev), n)) = events.last_mut() {
                        prev.extend_from_slice(d);
                        *n += consumed;
                        continue;
                    }
                    Ev::Opaque(d.to_vec())
                }
            };
            events.push((ev, consumed));
        }
        if last {
            break;
        }
    }
    let total: usize = events.iter().map(|(_, n)| n).sum();
    assert_eq!(total, start, "the consumed ranges tile the input prefix");
    Run {
        events,
        left: input.len() - start,
        examined: framer.bytes_examined(),
        calls,
        max_held,
    }
}

/// Events only.
fn events(framer: Framer, input: &[u8]) -> Vec<Ev> {
    let run = drive(framer, input, &[input.len().max(1)]);
    run.events.into_iter().map(|(e, _)| e).collect()
}

fn server() -> Framer {
    Framer::new(Side::Server, ParserOptions::default())
}

fn client() -> Framer {
    Framer::new(Side::Client, ParserOptions::default())
}

fn msg(b: &[u8]) -> Ev {
    Ev::Message(b.to_vec())
}

fn err(offset: usize, kind: ErrorKind, tag: Option<&[u8]>) -> Error {
    let e = Error::new(offset, kind);
    match tag {
        Some(t) => e.with_tag(t),
        None => e,
    }
}

/// RFC 3501 §6.3.11, the APPEND example: the literal is the 310 octets of this message
/// (nine lines, CRLF each; 310 counted by hand from the RFC text: 44 + 44 + 28 + 29 + 46
/// + 19 + 43 + 2 + 55).
const APPEND_310: &[u8] = b"Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n\
From: Fred Foobar <foobar@Blurdybloop.COM>\r\n\
Subject: afternoon meeting\r\n\
To: mooch@owatagu.siam.edu\r\n\
Message-Id: <B27397-0100000@Blurdybloop.COM>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\
\r\n\
Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n";

/// RFC 3501 §8 (and RFC 9051 §8): the `BODY[HEADER] {342}` literal of message 12.
const HEADER_342: &[u8] = b"Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n\
From: Terry Gray <gray@cac.washington.edu>\r\n\
Subject: IMAP4rev1 WG mtg summary and minutes\r\n\
To: imap@cac.washington.edu\r\n\
cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n\
Message-Id: <B27397-0100000@cac.washington.edu>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\
\r\n";

#[test]
fn rfc_literals_have_the_sizes_the_rfcs_give() {
    assert_eq!(APPEND_310.len(), 310);
    assert_eq!(HEADER_342.len(), 342);
}

// ----- known answers from the RFCs -----

#[test]
fn rfc3501_7_5_synchronizing_literals_and_a_refused_one() {
    // RFC 3501 §7.5:
    //   C: A001 LOGIN {11}
    //   S: + Ready for additional command text
    //   C: FRED FOOBAR {7}
    //   S: + Ready for additional command text
    //   C: fat man
    //   S: A001 OK LOGIN completed
    //   C: A044 BLURDYBLOOP {102856}
    //   S: A044 BAD No such command as "BLURDYBLOOP"
    let login = b"A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n";
    let mut input = login.to_vec();
    input.extend_from_slice(b"A044 BLURDYBLOOP {102856}\r\n");
    // The default literal limit accepts 102856 octets: a continuation is asked for; the
    // server's own check (unknown command) answers BAD instead (`refuse_literal`).
    let mut f = server();
    let mut buf = &input[..];
    let mut seen = Vec::new();
    loop {
        match f.decode(buf) {
            Status::Complete {
                value: FrameEvent::NeedContinuation { size },
                consumed: 0,
            } => {
                seen.push(Ev::Need(size));
                if buf.starts_with(b"A044") {
                    f.refuse_literal();
                } else {
                    f.continuation_sent();
                }
            }
            Status::Complete { value, consumed } => {
                seen.push(match value {
                    FrameEvent::Message(m) => msg(m),
                    FrameEvent::Skipped => Ev::Skipped,
                    other => panic!("{other:?}"),
                });
                buf = &buf[consumed..];
            }
            Status::Incomplete => break,
        }
    }
    assert_eq!(
        seen,
        [
            Ev::Need(11),
            Ev::Need(7),
            msg(login),
            Ev::Need(102856),
            Ev::Skipped
        ]
    );
    assert!(buf.is_empty());
    assert_eq!(f.offset(), input.len() as u64);

    // With a literal limit below 102856, the framer refuses it itself, with the tag.
    let opts = ParserOptions::default().max_literal(100_000);
    let got = events(Framer::new(Side::Server, opts), &input);
    let at = login.len() + b"A044 BLURDYBLOOP ".len();
    assert_eq!(
        got,
        [
            Ev::Need(11),
            Ev::Need(7),
            msg(login),
            Ev::Refused(err(
                at,
                ErrorKind::LiteralTooLarge {
                    size: 102856,
                    limit: 100_000
                },
                Some(b"A044")
            )),
        ]
    );
}

#[test]
fn rfc3501_6_3_11_append_with_its_310_octets() {
    // C: A003 APPEND saved-messages (\Seen) {310}
    // S: + Ready for literal data
    // C: <the 310 octets> then the CRLF that ends the command
    let mut input = b"A003 APPEND saved-messages (\\Seen) {310}\r\n".to_vec();
    input.extend_from_slice(APPEND_310);
    input.extend_from_slice(b"\r\n");
    assert_eq!(events(server(), &input), [Ev::Need(310), msg(&input)]);
    // The client side (e.g. a proxy's view) never waits.
    assert_eq!(events(client(), &input), [msg(&input)]);
}

#[test]
fn rfc3501_8_fetch_body_header_literal() {
    // RFC 3501 §8:
    //   S: * 12 FETCH (BODY[HEADER] {342}
    //   S: <342 octets>
    //   S: )
    //   S: a004 OK FETCH completed
    let mut fetch = b"* 12 FETCH (BODY[HEADER] {342}\r\n".to_vec();
    fetch.extend_from_slice(HEADER_342);
    fetch.extend_from_slice(b")\r\n");
    let mut input = fetch.clone();
    input.extend_from_slice(b"a004 OK FETCH completed\r\n");
    assert_eq!(
        events(client(), &input),
        [msg(&fetch), msg(b"a004 OK FETCH completed\r\n")]
    );
}

#[test]
fn rfc7888_non_synchronizing_literals_need_no_continuation() {
    // RFC 7888 §3 (as RFC 2088 §4):
    //   C: A001 LOGIN {11+}
    //   C: FRED FOOBAR {7+}
    //   C: fat man
    //   S: A001 OK LOGIN completed
    let input = b"A001 LOGIN {11+}\r\nFRED FOOBAR {7+}\r\nfat man\r\n";
    assert_eq!(events(server(), input), [msg(input)]);
}

#[test]
fn literal_minus_refuses_non_synchronizing_literals_over_4096() {
    // RFC 7888 Abstract: "LITERAL- is the same as LITERAL+, but it disallows the alternate
    // form of literals unless they are 4096 bytes or less." The server still reads the
    // data (it was sent) and discards it.
    assert_eq!(LITERAL_MINUS_MAX, 4096);
    let f = server().literal_minus();
    let mut ok = b"A1 APPEND INBOX {4096+}\r\n".to_vec();
    ok.extend(std::iter::repeat_n(b'x', 4096));
    ok.extend_from_slice(b"\r\n");
    assert_eq!(events(f.clone(), &ok), [msg(&ok)]);

    let mut big = b"A2 APPEND INBOX {4097+}\r\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', 4097));
    big.extend_from_slice(b"\r\nA4 NOOP\r\n");
    let run = drive(f.clone(), &big, &[100]);
    let refused_len = 25 + 4097 + 2;
    assert_eq!(
        run.events,
        [
            (
                Ev::Invalid(err(
                    16,
                    ErrorKind::LiteralTooLarge {
                        size: 4097,
                        limit: 4096
                    },
                    Some(b"A2")
                )),
                refused_len
            ),
            (msg(b"A4 NOOP\r\n"), 9),
        ]
    );
    // A synchronizing literal is not limited by LITERAL- (RFC 7888 §4 limits the
    // non-synchronizing form only).
    assert_eq!(events(f, b"A5 APPEND INBOX {5000}\r\n"), [Ev::Need(5000)]);
}

#[test]
fn literal8_markers_and_data_with_nul() {
    // RFC 3516 §4.4 / RFC 9051 §9: literal8 = "~{" number64 ["+"] "}" CRLF *OCTET; the data
    // may hold NUL, and the framer never looks at it.
    // The data ends in what would be a marker if it were scanned.
    let mut input = b"A1 APPEND INBOX ~{7+}\r\n".to_vec();
    input.extend_from_slice(b"\0\r\n\0{1}");
    input.extend_from_slice(b"\r\n");
    assert_eq!(events(server(), &input), [msg(&input)]);
    let sync = b"A2 APPEND INBOX ~{3}\r\n\0\0\0\r\n";
    assert_eq!(events(server(), sync), [Ev::Need(3), msg(sync)]);
    let fetch = b"* 1 FETCH (BINARY[] ~{4}\r\n\0\n\r\0)\r\n";
    assert_eq!(events(client(), fetch), [msg(fetch)]);
}

#[test]
fn continuation_requests_and_greetings_are_messages_on_the_client_side() {
    // RFC 3501 §7.5 continuation requests, with and without text; a literal inside a
    // response is data (no continuation goes from client to server).
    let input = b"* OK IMAP4rev2 Service Ready\r\n+ Ready for literal data\r\n+\r\n\
* 1 FETCH (BODY[] {0}\r\n)\r\nA1 OK done\r\n";
    assert_eq!(
        events(client(), input),
        [
            msg(b"* OK IMAP4rev2 Service Ready\r\n"),
            msg(b"+ Ready for literal data\r\n"),
            msg(b"+\r\n"),
            msg(b"* 1 FETCH (BODY[] {0}\r\n)\r\n"),
            msg(b"A1 OK done\r\n"),
        ]
    );
}

#[test]
fn the_framer_is_lexical() {
    // A line ending in {n} before CRLF announces a literal even inside a quoted string; a
    // brace count elsewhere in the line does not.
    let input = b"A1 LOGIN \"{3}\r\nabc\r\nA2 SEARCH {3} X\r\n";
    assert_eq!(
        events(client(), input),
        [
            msg(b"A1 LOGIN \"{3}\r\nabc\r\n"),
            msg(b"A2 SEARCH {3} X\r\n")
        ]
    );
    // Leading zeros are allowed (number64 = 1*DIGIT).
    let z = b"* 1 FETCH (BODY[] {0003}\r\nabc)\r\n";
    assert_eq!(events(client(), z), [msg(z)]);
}

// ----- the synchronizing-literal flow -----

#[test]
fn need_continuation_is_reported_once_and_the_data_is_waited_for() {
    let mut f = server();
    let mut buf = b"A1 APPEND INBOX {5}\r\n".to_vec();
    assert_eq!(
        f.decode(&buf),
        Status::Complete {
            value: FrameEvent::NeedContinuation { size: 5 },
            consumed: 0
        }
    );
    assert_eq!(f.decode(&buf), Status::Incomplete);
    assert_eq!(f.awaiting_continuation(), Some(5));
    f.continuation_sent();
    assert_eq!(f.awaiting_continuation(), None);
    assert_eq!(f.decode(&buf), Status::Incomplete);
    buf.extend_from_slice(b"he");
    assert_eq!(f.decode(&buf), Status::Incomplete);
    buf.extend_from_slice(b"llo\r\n");
    assert_eq!(
        f.decode(&buf),
        Status::Complete {
            value: FrameEvent::Message(&buf[..]),
            consumed: buf.len()
        }
    );
}

#[test]
fn expect_line_reads_one_plain_line() {
    // RFC 3501 §6.2.2: after "+ " the client's AUTHENTICATE response is a line of base64;
    // RFC 2177: DONE ends IDLE. Neither is scanned for literal markers.
    let mut f = server();
    let input = b"A1 AUTHENTICATE PLAIN\r\ndGVzdAB0ZXN0AHRlc3Q= {5}\r\nA2 IDLE\r\nDONE\r\n";
    let mut buf = &input[..];
    let mut got = Vec::new();
    while let Status::Complete { value, consumed } = f.decode(buf) {
        let bytes = &buf[..consumed];
        got.push(match value {
            FrameEvent::Message(m) => {
                f.expect_line();
                assert!(f.is_expecting_line());
                msg(m)
            }
            FrameEvent::Line(l) => Ev::Line(l.to_vec()),
            other => panic!("{other:?} at {bytes:?}"),
        });
        buf = &buf[consumed..];
    }
    assert_eq!(
        got,
        [
            msg(b"A1 AUTHENTICATE PLAIN\r\n"),
            Ev::Line(b"dGVzdAB0ZXN0AHRlc3Q= {5}\r\n".to_vec()),
            msg(b"A2 IDLE\r\n"),
            Ev::Line(b"DONE\r\n".to_vec()),
        ]
    );
}

#[test]
fn an_over_long_auth_line_is_refused_and_skipped_to_its_lf() {
    let opts = ParserOptions::default().max_auth_line(4);
    let mut f = Framer::new(Side::Server, opts);
    f.expect_line();
    let run = drive(f, b"abcdefgh {3}\r\nA1 NOOP\r\n", &[3]);
    assert_eq!(
        run.events,
        [
            (
                Ev::Invalid(err(4, ErrorKind::LineTooLong { limit: 4 }, None)),
                14
            ),
            (msg(b"A1 NOOP\r\n"), 9),
        ]
    );
}

#[test]
fn opaque_after_starttls() {
    let mut f = server();
    let input = b"A1 STARTTLS\r\n\x16\x03\x01\r\n{5}\r\n";
    let Status::Complete { value, consumed } = f.decode(input) else {
        panic!()
    };
    assert_eq!(value, FrameEvent::Message(b"A1 STARTTLS\r\n"));
    f.set_opaque();
    assert!(f.is_opaque());
    assert_eq!(
        f.decode(&input[consumed..]),
        Status::Complete {
            value: FrameEvent::Opaque(&input[consumed..]),
            consumed: input.len() - consumed
        }
    );
    assert_eq!(f.decode(b""), Status::Incomplete);
}

// ----- line ends -----

#[test]
fn line_ends_strict_and_lenient() {
    // Strict: CRLF only. The bare LF is an error at its offset; it still ends the line for
    // resynchronisation.
    assert_eq!(
        events(client(), b"* OK a\n* OK b\r\n"),
        [
            Ev::Invalid(err(6, ErrorKind::BareLf, None)),
            msg(b"* OK b\r\n")
        ]
    );
    // Lenient: an LF-only line end, and a literal announced before one.
    let lenient = Framer::new(Side::Client, ParserOptions::lenient());
    assert_eq!(
        events(lenient.clone(), b"* OK a\n* 1 FETCH (BODY[] {2}\nab)\n"),
        [msg(b"* OK a\n"), msg(b"* 1 FETCH (BODY[] {2}\nab)\n")]
    );
    // A bare CR is never a line end, in either mode.
    for f in [client(), lenient] {
        assert_eq!(
            events(f, b"A1 OK a\rb\r\nA2 OK\r\n"),
            [
                Ev::Invalid(err(7, ErrorKind::BareCr, Some(b"A1"))),
                msg(b"A2 OK\r\n")
            ]
        );
    }
}

#[test]
fn a_bare_lf_after_a_marker_still_announces_the_literal_when_discarding() {
    // Strict mode refuses "{3}\n", but the peer meant a literal: its data is skipped, not
    // read as a message.
    let input = b"* 1 FETCH (BODY[] {3}\nA9 )\r\n* 2 EXISTS\r\n";
    assert_eq!(
        events(client(), input),
        [
            Ev::Invalid(err(21, ErrorKind::BareLf, None)),
            msg(b"* 2 EXISTS\r\n")
        ]
    );
}

#[test]
fn nul_outside_literal_data_is_refused() {
    assert_eq!(
        events(server(), b"A1 LOGIN a\0b c\r\nA2 NOOP\r\n"),
        [
            Ev::Invalid(err(10, ErrorKind::Nul, Some(b"A1"))),
            msg(b"A2 NOOP\r\n")
        ]
    );
    // Inside literal data it is data.
    let ok = b"A1 LOGIN {3+}\r\na\0b c\r\n";
    assert_eq!(events(server(), ok), [msg(ok)]);
}

// ----- limits -----

#[test]
fn an_over_long_line_is_refused_before_its_line_end_arrives() {
    let opts = ParserOptions::default().max_line(10);
    let mut f = Framer::new(Side::Server, opts);
    // Ten bytes of text are allowed, with the CRLF after them.
    assert_eq!(
        f.clone().decode(b"A1 NOOP123\r\n"),
        Status::Complete {
            value: FrameEvent::Message(b"A1 NOOP123\r\n"),
            consumed: 12
        }
    );
    // The eleventh byte of text is refused at once, with no LF in sight.
    assert_eq!(f.decode(b"A1 NOOP1234"), {
        let e = err(10, ErrorKind::LineTooLong { limit: 10 }, Some(b"A1"));
        Status::Complete {
            value: FrameEvent::Invalid(e),
            consumed: 11,
        }
    });
    assert_eq!(
        f.decode(b"5678"),
        Status::Complete {
            value: FrameEvent::Skipped,
            consumed: 4
        }
    );
    assert_eq!(
        f.decode(b"9\r\nA2 NOOP\r\n"),
        Status::Complete {
            value: FrameEvent::Skipped,
            consumed: 3
        }
    );
    assert_eq!(
        f.decode(b"A2 NOOP\r\n"),
        Status::Complete {
            value: FrameEvent::Message(b"A2 NOOP\r\n"),
            consumed: 9
        }
    );
    // The limit is per segment: text between literals counts separately.
    let two = b"A3 X {1+}\r\nyA34567890\r\n";
    assert_eq!(events(Framer::new(Side::Server, opts), two), [msg(two)]);
}

#[test]
fn an_over_long_line_ending_in_a_literal_does_not_leak_the_literal_data() {
    // A response line too long for the client's limit announces a literal whose data
    // looks like a tagged response: the data is skipped, never framed as a message.
    let opts = ParserOptions::default().max_line(16);
    let input = b"* 1 FETCH (ENVELOPE (\"a very long subject\") BODY[] {14}\r\nA1 OK forged\r\n)\r\nA1 OK real\r\n";
    let f = Framer::new(Side::Client, opts);
    for sizes in [vec![input.len()], vec![1], vec![7, 3]] {
        let run = drive(f.clone(), input, &sizes);
        assert_eq!(
            run.events,
            [
                (
                    Ev::Invalid(err(16, ErrorKind::LineTooLong { limit: 16 }, None)),
                    input.len() - 12
                ),
                (msg(b"A1 OK real\r\n"), 12),
            ],
            "{sizes:?}"
        );
    }
}

#[test]
fn over_limit_synchronizing_literals_are_refused_with_the_tag() {
    let opts = ParserOptions::default()
        .max_literal(100)
        .max_literals(2)
        .max_message(300);
    let f = Framer::new(Side::Server, opts);
    // Over max_literal.
    assert_eq!(
        events(f.clone(), b"A1 APPEND INBOX {101}\r\nA2 NOOP\r\n"),
        [
            Ev::Refused(err(
                16,
                ErrorKind::LiteralTooLarge {
                    size: 101,
                    limit: 100
                },
                Some(b"A1")
            )),
            msg(b"A2 NOOP\r\n"),
        ]
    );
    // A third literal in one message.
    let third = b"A3 X {1+}\r\na {1+}\r\nb {1}\r\n";
    assert_eq!(
        events(f.clone(), third),
        [Ev::Refused(err(
            21,
            ErrorKind::TooMany {
                limit: 2,
                what: "literals in a message"
            },
            Some(b"A3")
        ))]
    );
    // Within max_literal but the message would pass max_message: 18 + 100 + 100 + ...
    let mut big = b"A4 X {100+}\r\n".to_vec();
    big.extend(std::iter::repeat_n(b'a', 100));
    big.extend_from_slice(b" {100+}\r\n");
    big.extend(std::iter::repeat_n(b'b', 100));
    assert_eq!(big.len(), 222);
    big.extend_from_slice(b" {99}\r\n"); // 229 + 99 = 328 > 300
    let f = Framer::new(Side::Server, opts.max_literals(10));
    assert_eq!(
        events(f, &big),
        [Ev::Refused(err(
            223,
            ErrorKind::MessageTooLarge { limit: 300 },
            Some(b"A4")
        ))]
    );
}

#[test]
fn a_message_over_max_message_is_refused_at_the_first_byte_past_the_limit() {
    let opts = ParserOptions::default().max_message(20);
    let input = b"* 1 FETCH (BODY[] {5}\r\nhello)\r\n* 2 EXISTS\r\n";
    // Bytes 0..20 are allowed; byte 20 (the `}` of "{5}") passes the limit.
    assert_eq!(
        events(Framer::new(Side::Client, opts), input),
        [
            Ev::Invalid(err(20, ErrorKind::MessageTooLarge { limit: 20 }, None)),
            msg(b"* 2 EXISTS\r\n")
        ]
    );
    // Exactly max_message bytes is fine.
    let opts = ParserOptions::default().max_message(12);
    assert_eq!(
        events(Framer::new(Side::Client, opts), b"* 2 EXISTS\r\n"),
        [msg(b"* 2 EXISTS\r\n")]
    );
}

#[test]
fn an_overflowing_octet_count_is_refused() {
    // number64 must fit 63 bits in RFC 9051; the framer reads up to u64 and refuses more.
    assert_eq!(
        events(server(), b"A1 X {18446744073709551616}\r\nA2 NOOP\r\n"),
        [
            Ev::Refused(err(5, ErrorKind::NumberOverflow, Some(b"A1"))),
            msg(b"A2 NOOP\r\n")
        ]
    );
    // On the client side the server goes on sending: everything after is discarded.
    let run = drive(
        client(),
        b"* 1 FETCH (BODY[] {99999999999999999999}\r\nA1 OK\r\n",
        &[5],
    );
    assert_eq!(run.events.len(), 1);
    assert!(matches!(
        run.events[0].0,
        Ev::Invalid(Error {
            kind: ErrorKind::NumberOverflow,
            ..
        })
    ));
    assert_eq!(run.left, 0);
}

#[test]
fn over_limit_non_synchronizing_data_is_discarded_without_buffering() {
    // 10 MiB of literal data in 64 KiB reads: every call consumes all it is given.
    let opts = ParserOptions::default().max_literal(1024);
    let mut f = Framer::new(Side::Server, opts);
    let size: u64 = 10 * 1024 * 1024;
    let head = format!("A1 APPEND INBOX {{{size}+}}\r\n");
    let Status::Complete { value, consumed } = f.decode(head.as_bytes()) else {
        panic!()
    };
    assert_eq!(consumed, head.len());
    assert_eq!(
        value,
        FrameEvent::Invalid(err(
            16,
            ErrorKind::LiteralTooLarge { size, limit: 1024 },
            Some(b"A1")
        ))
    );
    let chunk = vec![b'A'; 64 * 1024];
    let examined = f.bytes_examined();
    for _ in 0..size / chunk.len() as u64 {
        assert_eq!(
            f.decode(&chunk),
            Status::Complete {
                value: FrameEvent::Skipped,
                consumed: chunk.len()
            }
        );
    }
    // Literal data is not even looked at.
    assert_eq!(f.bytes_examined(), examined);
    // The rest of the command, then the next one.
    assert_eq!(
        f.decode(b")\r\nA2 NOOP\r\n"),
        Status::Complete {
            value: FrameEvent::Skipped,
            consumed: 3
        }
    );
    assert_eq!(
        f.decode(b"A2 NOOP\r\n"),
        Status::Complete {
            value: FrameEvent::Message(b"A2 NOOP\r\n"),
            consumed: 9
        }
    );
    assert_eq!(f.offset(), head.len() as u64 + size + 3 + 9);
}

#[test]
fn discarding_follows_further_literals_in_the_refused_message() {
    // Client side: the first literal is too large; the second (within limits) still
    // belongs to the refused message, and its data (a forged response) is skipped.
    let opts = ParserOptions::default().max_literal(4);
    let input = b"* 1 FETCH (BODY[1] {5}\r\n12345 BODY[2] {9}\r\nA1 OK x\r\n)\r\nA1 OK y\r\n";
    for sizes in [vec![input.len()], vec![1], vec![2, 5]] {
        let run = drive(Framer::new(Side::Client, opts), input, &sizes);
        assert_eq!(
            run.events,
            [
                (
                    Ev::Invalid(err(
                        19,
                        ErrorKind::LiteralTooLarge { size: 5, limit: 4 },
                        None
                    )),
                    input.len() - 9
                ),
                (msg(b"A1 OK y\r\n"), 9),
            ],
            "{sizes:?}"
        );
    }
    // Server side: a synchronizing literal met while discarding ends the message (the
    // client waits for a "+" that is not sent).
    let opts = ParserOptions::default().max_literal(4);
    let input = b"A1 APPEND INBOX {5+}\r\n12345 {3}\r\nA2 NOOP\r\n";
    assert_eq!(
        events(Framer::new(Side::Server, opts), input),
        [
            Ev::Invalid(err(
                16,
                ErrorKind::LiteralTooLarge { size: 5, limit: 4 },
                Some(b"A1")
            )),
            msg(b"A2 NOOP\r\n")
        ]
    );
}

// ----- work -----

/// A FETCH response with a `size`-octet literal.
fn fetch_with_literal(size: usize) -> Vec<u8> {
    let mut v = format!("* 1 FETCH (UID 7 BODY[] {{{size}}}\r\n").into_bytes();
    v.extend(std::iter::repeat_n(b'x', size));
    v.extend_from_slice(b")\r\n");
    v
}

#[test]
fn a_1_mib_literal_costs_what_a_1_kib_literal_costs() {
    let small = fetch_with_literal(1024);
    let big = fetch_with_literal(1024 * 1024);
    let work = |input: &[u8], sizes: &[usize]| drive(client(), input, sizes).examined;
    let (ws, wb) = (work(&small, &[small.len()]), work(&big, &[big.len()]));
    // "1048576" has three digits more than "1024": each is looked at by the line scan
    // and by the marker reader.
    assert_eq!(wb - ws, 2 * 3);
    // Fed in 4 KiB reads, the big one costs the same apart from the reads.
    let wb_split = work(&big, &[4096]);
    assert!(wb_split <= wb + 1, "{wb_split} vs {wb}");
}

#[test]
fn one_byte_at_a_time_is_linear() {
    let mut input = Vec::new();
    for i in 0..50 {
        input.extend_from_slice(
            format!("* {i} FETCH (UID {i} FLAGS (\\Seen) MODSEQ (1))\r\n").as_bytes(),
        );
    }
    input.extend(fetch_with_literal(2000));
    let whole = drive(client(), &input, &[input.len()]);
    let bytes = drive(client(), &input, &[1]);
    assert_eq!(whole.events, bytes.events);
    let n = input.len() as u64 - 2000;
    assert!(whole.examined <= 2 * n, "{} for {n}", whole.examined);
    assert!(
        bytes.examined <= 2 * n + bytes.calls,
        "{} for {n} in {} calls",
        bytes.examined,
        bytes.calls
    );
}

// ----- properties -----

/// An independent checker for one message (RFC 9051 §4.3, §9), written byte by byte:
/// returns the number of literals, or why the bytes are not one well-formed message.
fn check_message(m: &[u8], lenient: bool, opts: &ParserOptions) -> Result<usize, String> {
    let mut i = 0;
    let mut literals = 0;
    loop {
        // One segment: up to LF.
        let seg = i;
        while i < m.len() && m[i] != b'\n' {
            if m[i] == 0 {
                return Err(format!("NUL at {i}"));
            }
            i += 1;
        }
        if i == m.len() {
            return Err("no line end".into());
        }
        let mut text_end = i;
        if text_end > seg && m[text_end - 1] == b'\r' {
            text_end -= 1;
        } else if !lenient {
            return Err(format!("bare LF at {i}"));
        }
        if m[seg..text_end].contains(&b'\r') {
            return Err("bare CR".into());
        }
        if text_end - seg > opts.max_line {
            return Err("segment too long".into());
        }
        i += 1;
        // A marker: "{" digits ["+"] "}" at the end of the text.
        let text = &m[seg..text_end];
        let Some(open) = text.iter().rposition(|&b| b == b'{') else {
            break;
        };
        let inner = &text[open + 1..];
        let inner = match inner.strip_suffix(b"}") {
            Some(x) => x,
            None => break,
        };
        let digits = inner.strip_suffix(b"+").unwrap_or(inner);
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            break;
        }
        let significant = std::str::from_utf8(digits).unwrap().trim_start_matches('0');
        let size: u64 = if significant.is_empty() {
            0
        } else {
            significant.parse().map_err(|_| "octet count overflows")?
        };
        literals += 1;
        i += usize::try_from(size).unwrap();
        if i > m.len() {
            return Err("literal past the end".into());
        }
    }
    if i != m.len() {
        return Err(format!("message ends at {i} of {}", m.len()));
    }
    Ok(literals)
}

/// One segment of a generated message: text, then maybe a literal.
#[derive(Debug, Clone)]
struct Segment {
    text: Vec<u8>,
    literal: Option<Literal>,
}

#[derive(Debug, Clone)]
struct Literal {
    data: Vec<u8>,
    nonsync: bool,
    tilde: bool,
    zeros: usize,
}

fn text() -> impl Strategy<Value = Vec<u8>> {
    // Any byte but CR, LF, NUL, with the characters of markers over-represented; the
    // last byte is never '}' (so only the markers added below are markers).
    let byte = prop_oneof![
        4 => prop::sample::select(b"{}+~0123456789 ".to_vec()),
        4 => prop::sample::select(b"A1 FETCH()*\"\\[]".to_vec()),
        1 => any::<u8>().prop_filter("no CR/LF/NUL", |b| !matches!(b, b'\r' | b'\n' | 0)),
    ];
    prop::collection::vec(byte, 0..24).prop_map(|mut t| {
        if t.last() == Some(&b'}') {
            t.push(b')');
        }
        t
    })
}

fn literal() -> impl Strategy<Value = Literal> {
    let data = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..40),
        prop::collection::vec(prop::sample::select(b"\r\n{}3+ A1OK\0".to_vec()), 0..40),
    ];
    (data, any::<bool>(), any::<bool>(), 0usize..3).prop_map(|(data, nonsync, tilde, zeros)| {
        Literal {
            data,
            nonsync,
            tilde,
            zeros,
        }
    })
}

fn message() -> impl Strategy<Value = Vec<Segment>> {
    (prop::collection::vec((text(), literal()), 0..4), text()).prop_map(|(with, last)| {
        let mut segs: Vec<Segment> = with
            .into_iter()
            .map(|(text, lit)| Segment {
                text,
                literal: Some(lit),
            })
            .collect();
        segs.push(Segment {
            text: last,
            literal: None,
        });
        segs
    })
}

/// Builds a session and the events a framer on `side` must give for it.
fn build(messages: &[Vec<Segment>], side: Side, lf_only: &[bool]) -> (Vec<u8>, Vec<Ev>) {
    let mut wire = Vec::new();
    let mut expected = Vec::new();
    for (k, segs) in messages.iter().enumerate() {
        let start = wire.len();
        for (j, seg) in segs.iter().enumerate() {
            wire.extend_from_slice(&seg.text);
            if let Some(lit) = &seg.literal {
                if lit.tilde {
                    wire.push(b'~');
                }
                wire.push(b'{');
                wire.extend(std::iter::repeat_n(b'0', lit.zeros));
                wire.extend_from_slice(lit.data.len().to_string().as_bytes());
                if lit.nonsync {
                    wire.push(b'+');
                }
                wire.push(b'}');
            }
            let lf = lf_only.get(k * 7 + j).copied().unwrap_or(false);
            wire.extend_from_slice(if lf { b"\n" } else { b"\r\n" });
            if let Some(lit) = &seg.literal {
                if side == Side::Server && !lit.nonsync {
                    expected.push(Ev::Need(lit.data.len() as u64));
                }
                wire.extend_from_slice(&lit.data);
            }
        }
        expected.push(Ev::Message(wire[start..].to_vec()));
    }
    (wire, expected)
}

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::Server), Just(Side::Client)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Valid sessions: the events are the messages built (with a continuation per
    /// synchronizing literal on the server side), in any split, one byte at a time or
    /// all at once; consumption tiles the input; the work is at most 2n plus a byte per
    /// call, literal data not counted.
    #[test]
    fn any_split_of_a_valid_session(
        messages in prop::collection::vec(message(), 1..6),
        side in side(),
        lenient in any::<bool>(),
        lf_only in prop::collection::vec(any::<bool>(), 42),
        sizes in prop::collection::vec(1usize..40, 1..5),
    ) {
        let lf_only: Vec<bool> = lf_only.iter().map(|&b| b && lenient).collect();
        let (wire, expected) = build(&messages, side, &lf_only);
        let opts = if lenient { ParserOptions::lenient() } else { ParserOptions::default() };
        let framer = Framer::new(side, opts);
        let literal_bytes: usize = messages
            .iter()
            .flatten()
            .filter_map(|s| s.literal.as_ref().map(|l| l.data.len()))
            .sum();
        let n = (wire.len() - literal_bytes) as u64;
        for sizes in [vec![wire.len()], vec![1], sizes] {
            let run = drive(framer.clone(), &wire, &sizes);
            let got: Vec<Ev> = run.events.iter().map(|(e, _)| e.clone()).collect();
            prop_assert_eq!(&got, &expected, "split {:?}", sizes);
            prop_assert_eq!(run.left, 0);
            prop_assert!(
                run.examined <= 2 * n + run.calls,
                "{} examined for {} bytes in {} calls", run.examined, n, run.calls
            );
        }
    }

    /// Any bytes, either side, either mode, small limits, LITERAL- or not: the events
    /// (with `Skipped` folded into the `Invalid` before it) and the bytes left do not
    /// depend on the split; every message is well formed by the independent checker and
    /// within the limits; the caller never holds more than a message's worth after
    /// `Incomplete`; the work is linear.
    #[test]
    fn any_split_of_any_bytes(
        input in prop::collection::vec(
            prop_oneof![
                6 => prop::sample::select(b"{}+~01239 A*\r\n".to_vec()),
                1 => any::<u8>(),
            ],
            0..300,
        ),
        side in side(),
        lenient in any::<bool>(),
        minus in any::<bool>(),
        max_line in 0usize..40,
        max_literal in 0u64..40,
        max_literals in 0usize..4,
        max_message in 0u64..200,
        max_auth_line in 0usize..20,
        sizes in prop::collection::vec(1usize..50, 1..5),
    ) {
        let opts = ParserOptions::default()
            .mode(if lenient { imap_proto::Mode::Lenient } else { imap_proto::Mode::Strict })
            .max_line(max_line)
            .max_literal(max_literal)
            .max_literals(max_literals)
            .max_message(max_message)
            .max_auth_line(max_auth_line);
        let mut framer = Framer::new(side, opts);
        if minus {
            framer = framer.max_nonsync_literal(Some(max_literal / 2));
        }
        let whole = drive(framer.clone(), &input, &[input.len().max(1)]);
        let n = input.len() as u64;
        for sizes in [vec![1], sizes] {
            let split = drive(framer.clone(), &input, &sizes);
            prop_assert_eq!(&split.events, &whole.events, "split {:?}", sizes);
            prop_assert_eq!(split.left, whole.left);
            prop_assert!(
                split.examined <= 4 * n + 2 * split.calls + 16,
                "{} examined for {} bytes in {} calls", split.examined, n, split.calls
            );
            let hold = usize::try_from(max_message).unwrap().max(max_auth_line + 1);
            prop_assert!(split.max_held <= hold, "held {} bytes", split.max_held);
        }
        for (ev, _) in &whole.events {
            if let Ev::Message(m) = ev {
                let literals = check_message(m, lenient, &opts);
                prop_assert!(literals.is_ok(), "{:?}: {:?}", m, literals);
                prop_assert!(literals.unwrap() <= max_literals);
                prop_assert!(m.len() as u64 <= max_message);
            }
        }
    }
}

#[test]
fn the_checker_accepts_and_refuses_what_the_rfc_says() {
    // The checker above is an oracle: check it on hand-made cases.
    let opts = ParserOptions::default();
    assert_eq!(check_message(b"A1 NOOP\r\n", false, &opts), Ok(0));
    assert_eq!(
        check_message(b"A1 LOGIN {1}\r\na {2+}\r\nbc\r\n", false, &opts),
        Ok(2)
    );
    assert!(check_message(b"A1 NOOP\n", false, &opts).is_err());
    assert_eq!(check_message(b"A1 NOOP\n", true, &opts), Ok(0));
    assert!(check_message(b"A1 {3}\r\nab", false, &opts).is_err());
    assert!(check_message(b"A1 NOOP\r\nA2", false, &opts).is_err());
}
