//! The server-side stream decoder: the RFC sessions, pipelining, the AUTH exchange and STLS
//! framing switches, recovery from bad lines, over-long lines skipped without buffering,
//! "any split of the input gives the same events", and O(n) work for a line fed one byte at
//! a time (counted with `bytes_examined`, not timed).

use pop3_proto::stream::server::{ServerDecoder, ServerEvent};
use pop3_proto::types::command::{AuthLine, Command, MessageNumber, SaslBase64};
use pop3_proto::{Error, ErrorKind, ParserOptions, Status};
use proptest::prelude::*;

/// An owned, split-independent view of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Command(Command<'static>),
    Auth(AuthLine<'static>),
    Invalid(Error),
    Opaque(Vec<u8>),
}

/// Feeds `input` to a decoder in pieces ending at `cuts` (then the rest), reacting like a
/// server that accepts everything: a `+ ` continuation after `AUTH mechanism` without an
/// initial response, `+OK` after STLS. Returns the events (opaque pieces joined, `Skipped`
/// folded into the `Invalid` before it) and the number of bytes left unconsumed.
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
                        Command::Auth {
                            initial_response: None,
                            ..
                        } => dec.expect_auth_line(),
                        Command::Stls => dec.start_tls(),
                        _ => {}
                    }
                    Ev::Command(cmd.into_owned())
                }
                ServerEvent::AuthLine(l) => Ev::Auth(l.into_owned()),
                ServerEvent::Invalid(e) => Ev::Invalid(e),
                ServerEvent::Skipped => {
                    assert!(consumed > 0, "Skipped consumes bytes");
                    assert!(
                        matches!(events.last(), Some(Ev::Invalid(_))),
                        "Skipped follows an Invalid"
                    );
                    continue;
                }
                ServerEvent::Opaque(d) => {
                    assert!(!d.is_empty(), "Opaque events are never empty");
                    Ev::Opaque(d.to_vec())
                }
            };
            match (events.last_mut(), ev) {
                (Some(Ev::Opaque(a)), Ev::Opaque(b)) => a.extend_from_slice(&b),
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

/// Whole, and one byte at a time: the same events.
fn both_ways(input: &[u8], opts: ParserOptions) -> Vec<Ev> {
    let reference = drive(input, &[], opts);
    let every: Vec<usize> = (0..input.len()).collect();
    assert_eq!(drive(input, &every, opts), reference);
    assert_eq!(reference.1, 0, "all input consumed");
    reference.0
}

fn cmd(line: &str) -> Ev {
    Ev::Command(
        Command::parse_line(line.as_bytes(), &ParserOptions::default())
            .unwrap()
            .into_owned(),
    )
}

fn invalid(offset: usize, kind: ErrorKind) -> Ev {
    Ev::Invalid(Error::new(offset, kind))
}

fn n(v: u32) -> MessageNumber {
    MessageNumber::new(v).unwrap()
}

/// RFC 1939 §10, the client's side.
#[test]
fn rfc1939_s10_session() {
    let wire = b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n\
STAT\r\n\
LIST\r\n\
RETR 1\r\n\
DELE 1\r\n\
RETR 2\r\n\
DELE 2\r\n\
QUIT\r\n";
    let events = both_ways(wire, ParserOptions::default());
    assert_eq!(
        events,
        vec![
            cmd("APOP mrose c4c9334bac560ecc979e58001b3e22fb"),
            Ev::Command(Command::Stat),
            Ev::Command(Command::List { msg: None }),
            Ev::Command(Command::Retr { msg: n(1) }),
            Ev::Command(Command::Dele { msg: n(1) }),
            Ev::Command(Command::Retr { msg: n(2) }),
            Ev::Command(Command::Dele { msg: n(2) }),
            Ev::Command(Command::Quit),
        ]
    );
}

/// RFC 2449 §6.6 (PIPELINING): the client sends several commands at once; each is its own
/// event, in order.
#[test]
fn pipelined_commands_in_one_read() {
    let wire = b"USER mrose\r\nPASS tanstaaf\r\nSTAT\r\nUIDL\r\nTOP 1 0\r\n";
    let mut dec = ServerDecoder::new(ParserOptions::default());
    let mut rest = &wire[..];
    let mut keywords = Vec::new();
    while let Status::Complete { value, consumed } = dec.decode(rest) {
        let ServerEvent::Command(c) = value else {
            panic!("{value:?}")
        };
        keywords.push(c.keyword().to_string());
        rest = &rest[consumed..];
    }
    assert!(rest.is_empty());
    assert_eq!(keywords, ["USER", "PASS", "STAT", "UIDL", "TOP"]);
}

/// RFC 5034 §6: AUTH PLAIN without an initial response; after the server's "+ " the
/// client's line is a SASL response.
#[test]
fn rfc5034_auth_exchange() {
    let wire = b"AUTH PLAIN\r\ndGVzdAB0ZXN0AHRlc3Q=\r\nSTAT\r\n";
    assert_eq!(
        both_ways(wire, ParserOptions::default()),
        vec![
            cmd("AUTH PLAIN"),
            Ev::Auth(AuthLine::Response(
                SaslBase64::new("dGVzdAB0ZXN0AHRlc3Q=").unwrap()
            )),
            Ev::Command(Command::Stat),
        ]
    );
}

/// RFC 5034 §4: "*" cancels; an empty line is an empty response; a line that looks like a
/// command is a SASL response when one is expected ("QUIT" is valid base64).
#[test]
fn auth_lines_are_not_commands() {
    let wire = b"AUTH X\r\n*\r\nAUTH X\r\n\r\nAUTH X\r\nQUIT\r\nNOOP\r\n";
    assert_eq!(
        both_ways(wire, ParserOptions::default()),
        vec![
            cmd("AUTH X"),
            Ev::Auth(AuthLine::Cancel),
            cmd("AUTH X"),
            Ev::Auth(AuthLine::Empty),
            cmd("AUTH X"),
            Ev::Auth(AuthLine::Response(SaslBase64::new("QUIT").unwrap())),
            Ev::Command(Command::Noop),
        ]
    );
}

/// A SASL line that is not base64 is invalid (the server answers -ERR, RFC 5034 §4); the
/// decoder reads commands again. SASL lines use the AUTH limit, not the command limit.
#[test]
fn bad_and_long_auth_lines() {
    // "AUTH X\r\n" is 8 bytes; the '!' of "not!" is at 8 + 3.
    let wire = b"AUTH X\r\nnot!\r\nNOOP\r\n";
    assert_eq!(
        both_ways(wire, ParserOptions::default()),
        vec![
            cmd("AUTH X"),
            invalid(
                11,
                ErrorKind::Expected {
                    expected: "base64 character"
                }
            ),
            Ev::Command(Command::Noop),
        ]
    );
    let token = "QUFB".repeat(2000);
    let wire = format!("AUTH XOAUTH2\r\n{token}\r\nNOOP\r\n");
    let events = whole(wire.as_bytes());
    assert_eq!(
        events[1],
        Ev::Auth(AuthLine::Response(SaslBase64::new(token.clone()).unwrap()))
    );
    // Over the AUTH limit: reported, skipped, and the exchange is over.
    let opts = ParserOptions::default().max_auth_line(100);
    let (events, rest) = drive(wire.as_bytes(), &[], opts);
    assert_eq!(rest, 0);
    assert_eq!(
        events,
        vec![
            cmd("AUTH XOAUTH2"),
            invalid(14 + 100, ErrorKind::LineTooLong { limit: 100 }),
            Ev::Command(Command::Noop),
        ]
    );
}

/// `expect_auth_line` holds for one line.
#[test]
fn expect_auth_line_is_one_line() {
    let mut dec = ServerDecoder::new(ParserOptions::default());
    dec.expect_auth_line();
    assert!(dec.is_expecting_auth_line());
    let input = b"AAAA\r\nAAAA\r\n";
    let Status::Complete { value, consumed } = dec.decode(input) else {
        panic!()
    };
    assert!(matches!(value, ServerEvent::AuthLine(_)));
    assert!(!dec.is_expecting_auth_line());
    assert!(matches!(
        dec.decode(&input[consumed..]).complete(),
        Some(ServerEvent::Command(Command::Unknown { .. }))
    ));
}

/// RFC 2595 §4: after +OK to STLS the rest is the TLS handshake.
#[test]
fn stls_turns_the_stream_opaque() {
    let wire = b"CAPA\r\nSTLS\r\n\x16\x03\x01\x02\x00\x01\r\nQUIT\r\n";
    let events = both_ways(wire, ParserOptions::default());
    assert_eq!(
        events,
        vec![
            Ev::Command(Command::Capa),
            Ev::Command(Command::Stls),
            Ev::Opaque(b"\x16\x03\x01\x02\x00\x01\r\nQUIT\r\n".to_vec()),
        ]
    );
    let mut dec = ServerDecoder::new(ParserOptions::default());
    assert!(!dec.is_opaque());
    dec.start_tls();
    assert!(dec.is_opaque());
    assert_eq!(dec.decode(b""), Status::Incomplete);
}

/// Without `start_tls()` (the server refused STLS) the next lines are commands.
#[test]
fn refused_stls_reads_commands() {
    let mut dec = ServerDecoder::new(ParserOptions::default());
    let input = b"STLS\r\nQUIT\r\n";
    let Status::Complete { value, consumed } = dec.decode(input) else {
        panic!()
    };
    assert_eq!(value, ServerEvent::Command(Command::Stls));
    assert_eq!(
        dec.decode(&input[consumed..]).complete(),
        Some(ServerEvent::Command(Command::Quit))
    );
}

/// Errors carry stream offsets and the decoder goes on with the next line.
#[test]
fn bad_lines_are_reported_and_skipped() {
    // "NOOP\r\n" is 0..6; "RETR 0\r\n" starts at 6, its "0" at 11; "NO\rOP\r\n" starts at
    // 14, its bare CR at 16, and is skipped through its LF (20); "NOOP\n" starts at 21, its
    // LF at 25.
    let wire = b"NOOP\r\nRETR 0\r\nNO\rOP\r\nNOOP\nRSET\r\n";
    assert_eq!(
        both_ways(wire, ParserOptions::default()),
        vec![
            Ev::Command(Command::Noop),
            invalid(
                11,
                ErrorKind::Expected {
                    expected: "message number greater than 0"
                }
            ),
            invalid(16, ErrorKind::BareCr),
            invalid(25, ErrorKind::BareLf),
            Ev::Command(Command::Rset),
        ]
    );
    // Lenient mode takes the LF-only line; the bare CR is refused in both modes.
    let events = both_ways(wire, ParserOptions::lenient());
    assert_eq!(events[2], invalid(16, ErrorKind::BareCr));
    assert_eq!(events[3], Ev::Command(Command::Noop));
    assert_eq!(events.len(), 5);
}

/// An over-long line is reported as soon as the limit is passed and skipped without being
/// buffered: the caller never holds more than the limit plus the line end plus one read.
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
            events.push(value);
        }
        held_max = held_max.max(end - start);
    }
    assert!(held_max <= 64 + 2 + 7, "held {held_max} bytes");
    assert_eq!(
        events.first().unwrap(),
        &ServerEvent::Invalid(Error::new(64, ErrorKind::LineTooLong { limit: 64 }))
    );
    assert_eq!(events.last().unwrap(), &ServerEvent::Command(Command::Quit));
    assert!(
        events[1..events.len() - 1]
            .iter()
            .all(|e| *e == ServerEvent::Skipped)
    );
    assert!(dec.bytes_examined() <= 3 * wire.len() as u64);
}

/// RFC 2449 §4's 255-octet command limit; an AUTH command may use the AUTH limit (its
/// initial response is a SASL response), other commands may not.
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
            initial_response: Some(_),
            ..
        })
    ));
    // The NOOP line starts at 11 + 800 + 2 = 813; its 256th byte passes the limit.
    assert_eq!(
        events[1..],
        [invalid(813 + 255, ErrorKind::LineTooLong { limit: 255 })]
    );
}

/// The AUTH line limit is chosen the same way whatever the split, even when the command
/// limit is shorter than the keyword itself.
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
            b"AUTH\r\nAUTH\r\n",
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

/// O(n): a line fed one byte at a time (the caller appending each byte to what it keeps)
/// is scanned once, not once per byte. A decoder that rescanned the growing line would
/// examine about n²/2 bytes (5·10⁹ here); this one stays within a few times n.
#[test]
fn a_long_line_fed_byte_by_byte_costs_linear_work() {
    let n = 100_000;
    let opts = ParserOptions::default()
        .max_command_line(2 * n)
        .max_auth_line(2 * n);
    let line = format!("USER {}\r\n", "u".repeat(n));
    let token = format!("{}\r\n", "QUFB".repeat(n / 4));
    for (prefix, wire) in [("", line.as_bytes()), ("auth", token.as_bytes())] {
        let mut dec = ServerDecoder::new(opts);
        if prefix == "auth" {
            dec.expect_auth_line();
        }
        let mut events = 0;
        let mut start = 0;
        for end in 1..=wire.len() {
            while let Status::Complete { consumed, .. } = dec.decode(&wire[start..end]) {
                start += consumed;
                events += 1;
            }
        }
        assert_eq!((events, start), (1, wire.len()));
        let work = dec.bytes_examined();
        let len = wire.len() as u64;
        assert!(
            work >= len && work <= 3 * len,
            "{prefix}: examined {work} bytes for a {len}-byte line"
        );
    }
}

/// O(n) for pipelined input too: many commands in one buffer, each decoded from the front
/// of what is left, cost work in proportion to their total length.
#[test]
fn pipelined_input_costs_linear_work() {
    let wire = b"STAT\r\nLIST 1\r\nRETR 12\r\n".repeat(5_000);
    let mut dec = ServerDecoder::new(ParserOptions::default());
    let mut rest = &wire[..];
    let mut count = 0;
    while let Status::Complete { consumed, .. } = dec.decode(rest) {
        rest = &rest[consumed..];
        count += 1;
    }
    assert_eq!(count, 15_000);
    assert!(dec.bytes_examined() <= 3 * wire.len() as u64);
}

/// Pieces a session is built from in the split property.
fn fragment() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        Just(&b"USER mrose\r\n"[..]),
        Just(&b"PASS two words \r\n"[..]),
        Just(&b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n"[..]),
        Just(&b"stat\r\n"[..]),
        Just(&b"LIST\r\n"[..]),
        Just(&b"RETR 1\r\n"[..]),
        Just(&b"TOP 1 0\r\n"[..]),
        Just(&b"UIDL 2\r\n"[..]),
        Just(&b"CAPA\r\n"[..]),
        Just(&b"XTND XMIT\r\n"[..]),
        Just(&b"RETR 0\r\n"[..]),
        Just(&b"NO\rOP\r\n"[..]),
        Just(&b"RSET\n"[..]),
        Just(&b"LIST  1 \r\n"[..]),
        Just(&b"AUTH PLAIN\r\ndGVzdAB0ZXN0AHRlc3Q=\r\n"[..]),
        Just(&b"AUTH PLAIN\r\n*\r\n"[..]),
        Just(&b"AUTH PLAIN\r\nbad line\r\n"[..]),
        Just(&b"AUTH PLAIN dGVzdA==\r\n"[..]),
        Just(&b"AUTH\r\n"[..]),
        Just(&b"AUT\r\n"[..]),
        Just(&b"\r\n"[..]),
    ]
    .prop_map(<[u8]>::to_vec);
    let garbage = proptest::collection::vec(any::<u8>(), 0..40);
    let long = (60usize..90).prop_map(|n| {
        let mut v = b"USER ".to_vec();
        v.extend(std::iter::repeat_n(b'Z', n));
        v.extend_from_slice(b"\r\n");
        v
    });
    let long_auth = (60usize..90).prop_map(|n| {
        let mut v = b"AUTH PLAIN\r\n".to_vec();
        v.extend(std::iter::repeat_n(b'A', n));
        v.extend_from_slice(b"\r\n");
        v
    });
    prop_oneof![6 => line, 1 => garbage, 1 => long, 1 => long_auth]
}

fn session() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::collection::vec(fragment(), 0..12),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..20)),
    )
        .prop_map(|(parts, tls)| {
            let mut v = parts.concat();
            if let Some(tail) = tls {
                v.extend_from_slice(b"STLS\r\n");
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
            .max_command_line(64)
            .max_auth_line(80);
        let reference = drive(&input, &[], opts);
        let cuts: Vec<usize> = cuts.iter().map(|i| i.index(input.len() + 1)).collect();
        prop_assert_eq!(&drive(&input, &cuts, opts), &reference);
        let every: Vec<usize> = (0..input.len()).collect();
        prop_assert_eq!(&drive(&input, &every, opts), &reference);
    }

    /// The decoder's commands are what `Command::parse` makes of each line: decoding a
    /// stream of well-formed lines yields exactly the parsed commands.
    #[test]
    fn decoder_agrees_with_command_parse(lines in proptest::collection::vec(
        prop::sample::select(vec![
            "USER a", "PASS  x y ", "STAT", "LIST", "LIST 3", "RETR 7", "DELE 9", "NOOP",
            "RSET", "TOP 5 0", "UIDL", "UIDL 1", "CAPA", "UTF8", "LANG", "LANG en",
            "AUTH", "AUTH PLAIN =", "XTND XMIT", "QUIT",
        ]),
        0..20,
    )) {
        let wire: Vec<u8> = lines.iter().flat_map(|l| format!("{l}\r\n").into_bytes()).collect();
        let (events, rest) = drive(&wire, &[], ParserOptions::default());
        prop_assert_eq!(rest, 0);
        let want: Vec<Ev> = lines.iter().map(|l| cmd(l)).collect();
        prop_assert_eq!(events, want);
    }

    /// Arbitrary bytes never panic the decoder, and what it leaves unconsumed is bounded by
    /// the line limits: at most a line of 32 bytes and a CR that may start its CRLF.
    #[test]
    fn arbitrary_bytes_are_decoded_without_panic(input in proptest::collection::vec(any::<u8>(), 0..300)) {
        let opts = ParserOptions::default().max_command_line(32).max_auth_line(32);
        let (_, rest) = drive(&input, &[], opts);
        prop_assert!(rest <= 33, "{} bytes left unconsumed", rest);
    }
}
