//! The server-side stream decoder: sessions from the RFCs, every framing switch (DATA, BDAT,
//! AUTH, STARTTLS), recovery from bad lines, and "any split of the input gives the same
//! events".

use proptest::prelude::*;
use smtp_proto::stream::server::{ServerDecoder, ServerEvent};
use smtp_proto::types::command::{Command, InitialResponse};
use smtp_proto::{Error, ErrorKind, ParserOptions, Status};

/// An owned, split-independent view of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Command(Command<'static>),
    Data(Vec<u8>),
    DataEnd,
    Chunk(Vec<u8>),
    BdatEnd(bool),
    Auth(Vec<u8>),
    Invalid(Error),
    Opaque(Vec<u8>),
}

/// Feeds `input` to a decoder in pieces ending at `cuts` (then the rest), reacting like a
/// server that accepts everything: 354 after DATA, 334 after AUTH without an initial
/// response, 220 after STARTTLS. Returns the events (adjacent content pieces joined,
/// `Skipped` folded into the `Invalid` before it) and the number of bytes left unconsumed.
fn drive(input: &[u8], cuts: &[usize], opts: ParserOptions) -> (Vec<Ev>, usize) {
    let mut dec = ServerDecoder::new(opts);
    let mut events: Vec<Ev> = Vec::new();
    let mut start = 0;
    let mut ends: Vec<usize> = cuts.iter().map(|&c| c.min(input.len())).collect();
    ends.sort_unstable();
    ends.push(input.len());
    for end in ends {
        // The caller keeps unconsumed bytes and appends: the decoder sees input[start..end].
        while let Status::Complete { value, consumed } = dec.decode(&input[start..end]) {
            assert!(start + consumed <= end, "consumed more than given");
            start += consumed;
            let ev = match value {
                ServerEvent::Command(cmd) => {
                    match &cmd {
                        Command::Data => dec.start_data(),
                        Command::Auth {
                            initial_response: None,
                            ..
                        } => dec.expect_auth_line(),
                        Command::StartTls => dec.start_tls(),
                        _ => {}
                    }
                    Ev::Command(cmd.into_owned())
                }
                ServerEvent::Data(d) => {
                    assert!(!d.is_empty(), "Data events are never empty");
                    Ev::Data(d.to_vec())
                }
                ServerEvent::DataEnd => Ev::DataEnd,
                ServerEvent::BdatChunk(d) => {
                    assert!(!d.is_empty(), "BdatChunk events are never empty");
                    Ev::Chunk(d.to_vec())
                }
                ServerEvent::BdatEnd { last } => Ev::BdatEnd(last),
                ServerEvent::AuthLine(l) => Ev::Auth(l.to_vec()),
                ServerEvent::Invalid(e) => Ev::Invalid(e),
                ServerEvent::Skipped => {
                    assert!(consumed > 0, "Skipped consumes bytes");
                    assert!(
                        matches!(events.last(), Some(Ev::Invalid(_))),
                        "Skipped follows an Invalid"
                    );
                    continue;
                }
                ServerEvent::Opaque(d) => Ev::Opaque(d.to_vec()),
            };
            match (events.last_mut(), ev) {
                (Some(Ev::Data(a)), Ev::Data(b))
                | (Some(Ev::Chunk(a)), Ev::Chunk(b))
                | (Some(Ev::Opaque(a)), Ev::Opaque(b)) => a.extend_from_slice(&b),
                (_, ev) => events.push(ev),
            }
        }
    }
    assert_eq!(dec.offset(), start as u64, "offset() tracks consumed bytes");
    (events, input.len() - start)
}

fn whole(input: &[u8]) -> Vec<Ev> {
    let (events, rest) = drive(input, &[], ParserOptions::default());
    assert_eq!(rest, 0, "all input consumed");
    events
}

fn cmd(line: &str) -> Ev {
    let Status::Complete { value, .. } =
        Command::parse(line.as_bytes(), &ParserOptions::lenient()).unwrap()
    else {
        panic!("{line:?} is a complete line")
    };
    Ev::Command(value.into_owned())
}

fn invalid(offset: usize, kind: ErrorKind) -> Ev {
    Ev::Invalid(Error::new(offset, kind))
}

/// RFC 5321 Appendix D.1, the client's side. The transcript shows the message content
/// ("...etc. etc. etc." is a content line), so on the wire that line carries one more dot
/// (§4.5.2).
#[test]
fn rfc5321_d1_typical_transaction() {
    let wire = b"EHLO bar.com\r\n\
MAIL FROM:<Smith@bar.com>\r\n\
RCPT TO:<Jones@foo.com>\r\n\
RCPT TO:<Green@foo.com>\r\n\
RCPT TO:<Brown@foo.com>\r\n\
DATA\r\n\
Blah blah blah...\r\n\
....etc. etc. etc.\r\n\
.\r\n\
QUIT\r\n";
    let expected = vec![
        cmd("EHLO bar.com\r\n"),
        cmd("MAIL FROM:<Smith@bar.com>\r\n"),
        cmd("RCPT TO:<Jones@foo.com>\r\n"),
        cmd("RCPT TO:<Green@foo.com>\r\n"),
        cmd("RCPT TO:<Brown@foo.com>\r\n"),
        Ev::Command(Command::Data),
        Ev::Data(b"Blah blah blah...\r\n...etc. etc. etc.\r\n".to_vec()),
        Ev::DataEnd,
        Ev::Command(Command::Quit),
    ];
    assert_eq!(whole(wire), expected);
    // Byte by byte.
    let cuts: Vec<usize> = (0..wire.len()).collect();
    assert_eq!(drive(wire, &cuts, ParserOptions::default()), (expected, 0));
}

/// RFC 2920 §3.1: a pipelined group arrives in one read; each command is its own event.
#[test]
fn rfc2920_pipelined_group() {
    let wire = b"MAIL FROM:<mrose@dbc.mtview.ca.us>\r\n\
RCPT TO:<ned@innosoft.com>\r\n\
RCPT TO:<dan@innosoft.com>\r\n\
RCPT TO:<kvc@innosoft.com>\r\n\
DATA\r\n";
    let events = whole(wire);
    let verbs: Vec<String> = events
        .iter()
        .map(|e| match e {
            Ev::Command(c) => c.verb().into_owned(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(verbs, ["MAIL", "RCPT", "RCPT", "RCPT", "DATA"]);
}

/// RFC 3030 §4.1, the client's side: one 86-octet chunk (three header lines, each ending in
/// CRLF: 22 + 22 + 42 octets) sent with `BDAT 86 LAST`, then QUIT.
#[test]
fn rfc3030_simple_chunking() {
    let chunk = b"To: Susan@random.com\r\n\
From: Sam@random.com\r\n\
Subject: This is a bodyless test message\r\n";
    assert_eq!(chunk.len(), 86);
    let mut wire = b"EHLO ymir.claremont.edu\r\n\
MAIL FROM:<Sam@Random.com>\r\n\
RCPT TO:<Susan@Random.com>\r\n\
BDAT 86 LAST\r\n"
        .to_vec();
    wire.extend_from_slice(chunk);
    wire.extend_from_slice(b"QUIT\r\n");
    let expected = vec![
        cmd("EHLO ymir.claremont.edu\r\n"),
        cmd("MAIL FROM:<Sam@Random.com>\r\n"),
        cmd("RCPT TO:<Susan@Random.com>\r\n"),
        Ev::Command(Command::Bdat {
            size: 86,
            last: true,
        }),
        Ev::Chunk(chunk.to_vec()),
        Ev::BdatEnd(true),
        Ev::Command(Command::Quit),
    ];
    assert_eq!(whole(&wire), expected);
    let cuts: Vec<usize> = (0..wire.len()).collect();
    assert_eq!(drive(&wire, &cuts, ParserOptions::default()), (expected, 0));
}

/// RFC 3030 §2: the chunk follows its BDAT command whatever it contains; no stuffing, no
/// terminator, no command parsing inside it.
#[test]
fn bdat_chunks_are_taken_verbatim() {
    let wire = b"BDAT 13\r\nhi\r\n.\r\nQUIT\r\nBDAT 0 LAST\r\nNOOP\r\n";
    assert_eq!(
        whole(wire),
        vec![
            Ev::Command(Command::Bdat {
                size: 13,
                last: false
            }),
            Ev::Chunk(b"hi\r\n.\r\nQUIT\r\n".to_vec()),
            Ev::BdatEnd(false),
            Ev::Command(Command::Bdat {
                size: 0,
                last: true
            }),
            Ev::BdatEnd(true),
            Ev::Command(Command::Noop { arg: None }),
        ]
    );
}

/// BDAT chunks of one message count together against the message size limit.
#[test]
fn bdat_size_limit_spans_chunks() {
    let opts = ParserOptions::default().max_message_size(10);
    let wire = b"BDAT 6\r\nabcdefBDAT 6 LAST\r\nghijklNOOP\r\n";
    let (events, rest) = drive(wire, &[], opts);
    assert_eq!(rest, 0);
    // 6 + 4 bytes fit; the 11th message byte is the 5th of the second chunk's data, which
    // starts at stream offset 8 + 6 + 13 = 27: the error is at 27 + 4.
    assert_eq!(
        events,
        vec![
            Ev::Command(Command::Bdat {
                size: 6,
                last: false
            }),
            Ev::Chunk(b"abcdef".to_vec()),
            Ev::BdatEnd(false),
            Ev::Command(Command::Bdat {
                size: 6,
                last: true
            }),
            Ev::Chunk(b"ghij".to_vec()),
            invalid(31, ErrorKind::MessageTooLarge { limit: 10 }),
            Ev::BdatEnd(true),
            Ev::Command(Command::Noop { arg: None }),
        ]
    );
}

/// RFC 4954 §4: after a 334 the client's next line is a SASL response, even if it looks
/// like a command, and it may be longer than a command line.
#[test]
fn auth_lines_follow_a_challenge() {
    let token = "a".repeat(4000);
    let wire = format!("AUTH PLAIN\r\n{token}\r\nAUTH LOGIN\r\nQUIT\r\nNOOP\r\n");
    let events = whole(wire.as_bytes());
    assert_eq!(events.len(), 5);
    assert!(matches!(
        &events[0],
        Ev::Command(Command::Auth {
            initial_response: None,
            ..
        })
    ));
    assert_eq!(events[1], Ev::Auth(token.into_bytes()));
    assert_eq!(events[3], Ev::Auth(b"QUIT".to_vec()));
    assert_eq!(events[4], Ev::Command(Command::Noop { arg: None }));
}

/// With an initial response (RFC 4954 §4) no challenge is sent, so no SASL line follows.
#[test]
fn auth_with_initial_response_needs_no_line() {
    let wire = b"AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\nNOOP\r\n";
    let events = whole(wire);
    assert!(matches!(
        &events[0],
        Ev::Command(Command::Auth {
            initial_response: Some(InitialResponse::Data(_)),
            ..
        })
    ));
    assert_eq!(events[1], Ev::Command(Command::Noop { arg: None }));
}

/// A command line may not use the AUTH line limit.
#[test]
fn command_line_limit_is_the_small_one() {
    let opts = ParserOptions::default();
    let long = format!("NOOP {}\r\nQUIT\r\n", "x".repeat(600));
    let (events, rest) = drive(long.as_bytes(), &[], opts);
    assert_eq!(rest, 0);
    assert_eq!(
        events,
        vec![
            invalid(512, ErrorKind::LineTooLong { limit: 512 }),
            Ev::Command(Command::Quit)
        ]
    );
}

/// RFC 3207 §4: after 220 to STARTTLS the rest is the TLS handshake.
#[test]
fn starttls_turns_the_stream_opaque() {
    let wire = b"EHLO a.example\r\nSTARTTLS\r\n\x16\x03\x01\x02\x00\x01\r\nQUIT\r\n";
    let events = whole(wire);
    assert_eq!(events[1], Ev::Command(Command::StartTls));
    assert_eq!(
        events[2],
        Ev::Opaque(b"\x16\x03\x01\x02\x00\x01\r\nQUIT\r\n".to_vec())
    );
    assert_eq!(events.len(), 3);
}

/// Without `start_data()` (the server refused DATA) the next lines are commands.
#[test]
fn refused_data_reads_commands() {
    let mut dec = ServerDecoder::new(ParserOptions::default());
    let input = b"DATA\r\nQUIT\r\n";
    let Status::Complete { value, consumed } = dec.decode(input) else {
        panic!()
    };
    assert_eq!(value, ServerEvent::Command(Command::Data));
    assert_eq!(
        dec.decode(&input[consumed..]).complete(),
        Some(ServerEvent::Command(Command::Quit))
    );
}

/// Errors carry stream offsets and the decoder goes on with the next line.
#[test]
fn bad_lines_are_reported_and_skipped() {
    // "MAIL FROM:<x>": after the local part "x" (line offset 11) the grammar wants '@' at
    // line offset 12; the line starts at stream offset 6.
    let wire = b"NOOP\r\nMAIL FROM:<x>\r\nNO\rOP\r\nNOOP\nRSET\r\n";
    assert_eq!(
        whole(wire),
        vec![
            Ev::Command(Command::Noop { arg: None }),
            invalid(
                18,
                ErrorKind::Expected {
                    expected: "'@' after the local part"
                }
            ),
            // The bare CR is at 21 + 2; the line is skipped through its LF.
            invalid(23, ErrorKind::BareCr),
            // The bare LF at 28 + 4 is refused in strict mode.
            invalid(32, ErrorKind::BareLf),
            Ev::Command(Command::Rset),
        ]
    );
    // Lenient mode takes the LF-only line; the bare CR is refused in both modes.
    let (events, _) = drive(wire, &[], ParserOptions::lenient());
    assert_eq!(events[2], invalid(23, ErrorKind::BareCr));
    assert_eq!(events[3], Ev::Command(Command::Noop { arg: None }));
}

/// An over-long line is reported as soon as the limit is passed and skipped without being
/// buffered: the caller never holds more than the limit plus the line end.
#[test]
fn overlong_line_is_skipped_without_buffering() {
    let opts = ParserOptions::default().max_command_line(64);
    let mut wire = vec![b'A'; 100_000];
    wire.extend_from_slice(b"\r\nQUIT\r\n");
    let mut dec = ServerDecoder::new(opts);
    let (mut start, mut events, mut held_max) = (0, Vec::new(), 0);
    for end in (0..=wire.len()).step_by(7).chain([wire.len()]) {
        while let Status::Complete { value, consumed } = dec.decode(&wire[start..end]) {
            start += consumed;
            events.push(format!("{value:?}"));
        }
        held_max = held_max.max(end - start);
    }
    assert!(held_max <= 64 + 2 + 7, "held {held_max} bytes");
    assert_eq!(
        events.first().unwrap(),
        &format!(
            "{:?}",
            ServerEvent::Invalid(Error::new(64, ErrorKind::LineTooLong { limit: 64 }))
        )
    );
    assert_eq!(
        events.last().unwrap(),
        &format!("{:?}", ServerEvent::Command(Command::Quit))
    );
    assert!(events[1..events.len() - 1].iter().all(|e| e == "Skipped"));
}

/// SMTP smuggling (RFC 5321 §4.5.2): inside DATA only CRLF.CRLF ends the content. A
/// smuggled second transaction behind `<LF>.<LF>` stays content (lenient) or is refused
/// (strict) — never parsed as commands.
#[test]
fn smuggled_transaction_is_not_a_command() {
    let wire = b"DATA\r\nSubject: a\r\n\n.\nMAIL FROM:<evil@x.example>\r\n.\r\nQUIT\r\n";
    let strict = whole(wire);
    assert!(
        !strict
            .iter()
            .any(|e| matches!(e, Ev::Command(Command::Mail { .. }))),
        "{strict:?}"
    );
    // The bare LFs are at offsets 6 + 12 = 18 and 20 (after the "." at 19); the first
    // offending line is skipped through its CRLF, which swallows both.
    assert_eq!(
        strict,
        vec![
            Ev::Command(Command::Data),
            Ev::Data(b"Subject: a\r\n".to_vec()),
            invalid(18, ErrorKind::BareLf),
            Ev::DataEnd,
            Ev::Command(Command::Quit),
        ]
    );
    let (lenient, rest) = drive(wire, &[], ParserOptions::lenient());
    assert_eq!(rest, 0);
    assert_eq!(
        lenient,
        vec![
            Ev::Command(Command::Data),
            Ev::Data(b"Subject: a\r\n\n.\nMAIL FROM:<evil@x.example>\r\n".to_vec()),
            Ev::DataEnd,
            Ev::Command(Command::Quit),
        ]
    );
}

/// DATA content is returned as slices of the caller's buffer.
#[test]
fn data_is_zero_copy() {
    let mut dec = ServerDecoder::new(ParserOptions::default());
    dec.start_data();
    let body = b"line one\r\nline two\r\n.\r\n";
    let Status::Complete {
        value: ServerEvent::Data(d),
        consumed,
    } = dec.decode(body)
    else {
        panic!()
    };
    assert_eq!(d, b"line one\r\nline two\r\n");
    assert!(std::ptr::eq(d.as_ptr(), body.as_ptr()));
    assert_eq!(
        dec.decode(&body[consumed..]).complete(),
        Some(ServerEvent::DataEnd)
    );
}

/// Pieces a session is built from in the split property.
fn fragment() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        Just(&b"EHLO client.example\r\n"[..]),
        Just(&b"MAIL FROM:<a@b.example> SIZE=10 BODY=8BITMIME\r\n"[..]),
        Just(&b"rcpt to:<c@d.example> NOTIFY=NEVER\r\n"[..]),
        Just(&b"NOOP\r\n"[..]),
        Just(&b"XCLIENT NAME=x\r\n"[..]),
        Just(&b"MAIL FROM:<broken\r\n"[..]),
        Just(&b"NO\rOP\r\n"[..]),
        Just(&b"RSET\n"[..]),
        Just(&b"AUTH PLAIN\r\ndGVzdA==\r\n"[..]),
        Just(&b"AUTH PLAIN dGVzdA==\r\n"[..]),
    ]
    .prop_map(<[u8]>::to_vec);
    let content_line = prop_oneof![
        Just(&b"hello"[..]),
        Just(&b"."[..]),
        Just(&b".."[..]),
        Just(&b"..x"[..]),
        Just(&b""[..]),
        Just(&b"a\nb"[..]),
        Just(&b"\n.\n"[..]),
        Just(&b"c\rd"[..]),
        Just(&b".\r"[..]),
    ];
    let data = proptest::collection::vec(content_line, 0..6).prop_map(|lines| {
        let mut v = b"DATA\r\n".to_vec();
        for l in lines {
            // A "." line would end the data early; the encoder's job is not tested here.
            if l == b"." {
                v.extend_from_slice(b"..\r\n");
            } else {
                v.extend_from_slice(l);
                v.extend_from_slice(b"\r\n");
            }
        }
        v.extend_from_slice(b".\r\n");
        v
    });
    let bdat =
        (proptest::collection::vec(any::<u8>(), 0..20), any::<bool>()).prop_map(|(chunk, last)| {
            let mut v = format!(
                "BDAT {}{}\r\n",
                chunk.len(),
                if last { " LAST" } else { "" }
            )
            .into_bytes();
            v.extend_from_slice(&chunk);
            v
        });
    let garbage = proptest::collection::vec(any::<u8>(), 0..40);
    let long = (60usize..90).prop_map(|n| {
        let mut v = vec![b'Z'; n];
        v.extend_from_slice(b"\r\n");
        v
    });
    prop_oneof![4 => line, 2 => data, 2 => bdat, 1 => garbage, 1 => long]
}

fn session() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::collection::vec(fragment(), 0..12),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..20)),
    )
        .prop_map(|(parts, tls)| {
            let mut v = parts.concat();
            if let Some(tail) = tls {
                v.extend_from_slice(b"STARTTLS\r\n");
                v.extend_from_slice(&tail);
            }
            v
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any split of a session gives the same events and leaves the same bytes unconsumed.
    #[test]
    fn any_split_gives_the_same_events(
        input in session(),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
        lenient in any::<bool>(),
    ) {
        let opts = if lenient { ParserOptions::lenient() } else { ParserOptions::default() }
            .max_command_line(64);
        let reference = drive(&input, &[], opts);
        let cuts: Vec<usize> = cuts.iter().map(|i| i.index(input.len() + 1)).collect();
        prop_assert_eq!(&drive(&input, &cuts, opts), &reference);
        let every: Vec<usize> = (0..input.len()).collect();
        prop_assert_eq!(&drive(&input, &every, opts), &reference);
    }

    /// Arbitrary bytes never panic the decoder, and what it leaves unconsumed is bounded by
    /// the line limits: at most a line of 32 bytes and a CR that may start its CRLF (DATA
    /// content holds back at most 2 bytes; BDAT data and opaque bytes none).
    #[test]
    fn arbitrary_bytes_are_decoded_without_panic(input in proptest::collection::vec(any::<u8>(), 0..300)) {
        let opts = ParserOptions::default().max_command_line(32).max_auth_line(32);
        let (_, rest) = drive(&input, &[], opts);
        prop_assert!(rest <= 33, "{} bytes left unconsumed", rest);
    }
}

/// An AUTH command's initial response is a SASL line: the command may use the AUTH line
/// limit, as `Command::parse` allows (smtplib sends 870-octet `AUTH PLAIN` lines for long
/// passwords). Other commands keep the command limit.
#[test]
fn auth_command_line_uses_the_auth_limit() {
    let wire = format!(
        "AUTH PLAIN {}\r\nNOOP {}\r\n",
        "A".repeat(800),
        "x".repeat(800)
    );
    let cuts: Vec<usize> = (0..wire.len()).step_by(3).collect();
    let (events, rest) = drive(wire.as_bytes(), &cuts, ParserOptions::default());
    assert_eq!(rest, 0);
    assert!(matches!(
        &events[0],
        Ev::Command(Command::Auth {
            initial_response: Some(InitialResponse::Data(_)),
            ..
        })
    ));
    // The NOOP line starts at 11 + 800 + 2 = 813; its 513th byte passes the limit.
    assert_eq!(
        events[1..],
        [invalid(813 + 512, ErrorKind::LineTooLong { limit: 512 })]
    );
}

/// The AUTH line limit is chosen the same way whatever the split, even when the command
/// limit is shorter than the verb itself.
#[test]
fn auth_limit_choice_does_not_depend_on_the_split() {
    for (limit, auth_limit) in (0..7).flat_map(|l| [(l, 1), (l, 3), (l, 64)]) {
        let opts = ParserOptions::default()
            .max_command_line(limit)
            .max_auth_line(auth_limit);
        for wire in [
            &b"AUTH PLAIN dGVzdA==\r\nNOOP\r\n"[..],
            b"AUTO x\r\nNOOP\r\n",
            b"AU\r\nNOOP\r\n",
            b"AUX\r\nA\r\n",
        ] {
            let reference = drive(wire, &[], opts);
            let every: Vec<usize> = (0..wire.len()).collect();
            assert_eq!(
                drive(wire, &every, opts),
                reference,
                "limit {limit}: {wire:?}"
            );
        }
    }
}
