//! The client-side streaming decoder: pipelined replies, recovery after invalid input,
//! over-long lines skipped without buffering, STARTTLS, O(n) resumption, and "any split of the
//! input gives the same events".

use std::ops::Range;

use proptest::prelude::*;
use smtp_proto::stream::client::{ClientDecoder, ClientEvent};
use smtp_proto::{Error, ErrorKind, ParserOptions, Reply, ReplyCode, Status};

/// An event with `Skipped` folded into the `Invalid` before it and adjacent `Opaque` chunks
/// joined: the form that does not depend on how the input was split.
#[derive(Debug, Clone, PartialEq)]
enum Ev {
    Reply(Reply<'static>),
    Invalid(Error),
    Opaque(Vec<u8>),
}

struct Run {
    events: Vec<(Range<usize>, Ev)>,
    /// The most bytes handed to one `decode` call.
    max_pending: usize,
    /// Number of `decode` calls.
    calls: usize,
}

/// Feeds `input` to a decoder, delivering it up to each cut in turn (the caller's buffer grows
/// on Incomplete and drops consumed bytes on Complete). Calls `start_tls` after reply number
/// `tls_after` (1-based), like a client that sent STARTTLS.
fn run_cuts(input: &[u8], cuts: &[usize], opts: ParserOptions, tls_after: Option<usize>) -> Run {
    let mut cuts: Vec<usize> = cuts
        .iter()
        .copied()
        .filter(|&c| c > 0 && c < input.len())
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts.push(input.len());
    let mut cuts = cuts.into_iter();
    let mut decoder = ClientDecoder::new(opts);
    let mut run = Run {
        events: Vec::new(),
        max_pending: 0,
        calls: 0,
    };
    let mut start = 0;
    let mut avail = cuts.next().unwrap_or(0);
    let mut replies = 0;
    loop {
        run.calls += 1;
        run.max_pending = run.max_pending.max(avail - start);
        match decoder.decode(&input[start..avail]) {
            Status::Complete { value, consumed } => {
                assert!(consumed > 0, "an event always consumes input");
                assert!(consumed <= avail - start);
                let range = start..start + consumed;
                match value {
                    ClientEvent::Reply(r) => {
                        run.events.push((range, Ev::Reply(r.into_owned())));
                        replies += 1;
                        if tls_after == Some(replies) {
                            decoder.start_tls();
                        }
                    }
                    ClientEvent::Invalid(e) => {
                        assert!(
                            range.start <= e.offset && e.offset <= range.end,
                            "{e:?} outside {range:?}"
                        );
                        run.events.push((range, Ev::Invalid(e)));
                    }
                    ClientEvent::Skipped => {
                        let (last, ev) = run.events.last_mut().expect("Skipped after Invalid");
                        assert!(matches!(ev, Ev::Invalid(_)), "Skipped after {ev:?}");
                        assert_eq!(last.end, range.start);
                        last.end = range.end;
                    }
                    ClientEvent::Opaque(bytes) => {
                        assert_eq!(bytes, &input[range.clone()]);
                        match run.events.last_mut() {
                            Some((last, Ev::Opaque(v))) => {
                                last.end = range.end;
                                v.extend_from_slice(bytes);
                            }
                            _ => run.events.push((range, Ev::Opaque(bytes.to_vec()))),
                        }
                    }
                }
                start += consumed;
                assert_eq!(decoder.offset(), start as u64);
            }
            Status::Incomplete => match cuts.next() {
                Some(c) => avail = c,
                None => break,
            },
        }
    }
    run
}

fn all_at_once(input: &[u8], opts: ParserOptions) -> Vec<(Range<usize>, Ev)> {
    run_cuts(input, &[], opts, None).events
}

fn byte_by_byte(input: &[u8], opts: ParserOptions, tls_after: Option<usize>) -> Run {
    let cuts: Vec<usize> = (1..input.len()).collect();
    run_cuts(input, &cuts, opts, tls_after)
}

fn reply(code: u16, lines: &[&str]) -> Ev {
    Ev::Reply(
        Reply::new(
            ReplyCode::new_lenient(code).unwrap(),
            lines.iter().map(|s| s.as_bytes()),
        )
        .unwrap()
        .into_owned(),
    )
}

fn strict() -> ParserOptions {
    ParserOptions::default()
}

#[test]
fn pipelined_replies() {
    // RFC 2920 §3.2 style: the replies to MAIL, RCPT, RCPT, DATA arrive in one read.
    let input = b"250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 No such user\r\n354 End data with <CR><LF>.<CR><LF>\r\n";
    let expected = vec![
        (0..14, reply(250, &["2.1.0 Ok"])),
        (14..28, reply(250, &["2.1.5 Ok"])),
        (28..52, reply(550, &["5.1.1 No such user"])),
        (52..89, reply(354, &["End data with <CR><LF>.<CR><LF>"])),
    ];
    assert_eq!(input.len(), 89);
    assert_eq!(all_at_once(input, strict()), expected);
    assert_eq!(byte_by_byte(input, strict(), None).events, expected);
}

#[test]
fn multiline_greeting_and_ehlo() {
    let input = b"220-mx.example.org ESMTP\r\n220 no UCE\r\n250-mx.example.org\r\n250-PIPELINING\r\n250 SIZE 1000\r\n";
    let expected = vec![
        (0..38, reply(220, &["mx.example.org ESMTP", "no UCE"])),
        (
            38..89,
            reply(250, &["mx.example.org", "PIPELINING", "SIZE 1000"]),
        ),
    ];
    assert_eq!(all_at_once(input, strict()), expected);
    assert_eq!(byte_by_byte(input, strict(), None).events, expected);
}

#[test]
fn invalid_then_recovery() {
    // [0,8) ok; [8,17) bad digit at 9; [17,31) two lines with different codes, error at 24;
    // [31,40) ok.
    let input = b"250 ok\r\n2x0 bad\r\n250-a\r\n251 b\r\n221 bye\r\n";
    let expected = vec![
        (0..8, reply(250, &["ok"])),
        (
            8..17,
            Ev::Invalid(Error::new(
                9,
                ErrorKind::Expected {
                    expected: "three-digit reply code",
                },
            )),
        ),
        (
            17..31,
            Ev::Invalid(Error::new(24, ErrorKind::ReplyCodeMismatch)),
        ),
        (31..40, reply(221, &["bye"])),
    ];
    assert_eq!(all_at_once(input, strict()), expected);
    assert_eq!(byte_by_byte(input, strict(), None).events, expected);
    // Lenient: the mismatched lines form one reply with the first code.
    let lenient = all_at_once(input, ParserOptions::lenient());
    assert_eq!(lenient[2], (17..31, reply(250, &["a", "b"])));
}

#[test]
fn bare_cr_and_bare_lf() {
    // A bare CR: the Invalid covers the line through its LF.
    let input = b"250 a\rbcd\r\n250 ok\r\n";
    let expected = vec![
        (0..11, Ev::Invalid(Error::new(5, ErrorKind::BareCr))),
        (11..19, reply(250, &["ok"])),
    ];
    assert_eq!(all_at_once(input, strict()), expected);
    assert_eq!(all_at_once(input, ParserOptions::lenient()), expected);
    assert_eq!(byte_by_byte(input, strict(), None).events, expected);
    // A bare LF ends the bad line in strict mode and is a line end in lenient mode.
    let input = b"250 a\n250 b\r\n";
    assert_eq!(
        all_at_once(input, strict()),
        [
            (0..6, Ev::Invalid(Error::new(5, ErrorKind::BareLf))),
            (6..13, reply(250, &["b"])),
        ]
    );
    assert_eq!(
        all_at_once(input, ParserOptions::lenient()),
        [(0..6, reply(250, &["a"])), (6..13, reply(250, &["b"]))]
    );
}

#[test]
fn overlong_line_is_skipped_without_buffering() {
    let opts = strict().max_reply_line(16);
    let mut input = b"250 ok\r\n250 ".to_vec();
    input.extend(std::iter::repeat_n(b'x', 100_000));
    input.extend_from_slice(b"\r\n221 bye\r\n");
    let long_end = 8 + 4 + 100_000 + 2;
    let expected = vec![
        (0..8, reply(250, &["ok"])),
        // Reported at 16 bytes into the line.
        (
            8..long_end,
            Ev::Invalid(Error::new(24, ErrorKind::LineTooLong { limit: 16 })),
        ),
        (long_end..long_end + 9, reply(221, &["bye"])),
    ];
    assert_eq!(all_at_once(&input, opts), expected);
    let run = byte_by_byte(&input, opts, None);
    assert_eq!(run.events, expected);
    // Never more than the limit plus one byte held (plus the CR of a line end).
    assert!(run.max_pending <= 18, "{}", run.max_pending);
    // In chunks of 4 KiB.
    let cuts: Vec<usize> = (1..input.len() / 4096 + 1).map(|i| i * 4096).collect();
    assert_eq!(run_cuts(&input, &cuts, opts, None).events, expected);
}

#[test]
fn overlong_line_in_multiline_reply() {
    // The Invalid covers the reply so far (two good lines) and the long line.
    let opts = strict().max_reply_line(10);
    let input = b"250-a\r\n250-b\r\n250-0123456789ABC\r\n250 c\r\n";
    assert_eq!(
        all_at_once(input, opts),
        [
            (
                0..33,
                Ev::Invalid(Error::new(24, ErrorKind::LineTooLong { limit: 10 }))
            ),
            (33..40, reply(250, &["c"])),
        ]
    );
    assert_eq!(
        byte_by_byte(input, opts, None).events,
        all_at_once(input, opts)
    );
}

#[test]
fn too_many_lines() {
    // Line 2 of a 2-line limit is not the last: Invalid covers lines 1-2, and the rest
    // decodes as a new reply.
    let opts = strict().max_reply_lines(2);
    let input = b"250-a\r\n250-b\r\n250 c\r\n";
    let expected = vec![
        (
            0..14,
            Ev::Invalid(Error::new(14, ErrorKind::TooManyReplyLines { limit: 2 })),
        ),
        (14..21, reply(250, &["c"])),
    ];
    assert_eq!(all_at_once(input, opts), expected);
    assert_eq!(byte_by_byte(input, opts, None).events, expected);
}

#[test]
fn start_tls_makes_the_rest_opaque() {
    let mut input = b"220 2.0.0 Ready to start TLS\r\n".to_vec();
    let hello = b"\x16\x03\x01\x00\x05hello\r\n250 not a reply\r\n";
    input.extend_from_slice(hello);
    let expected = vec![
        (0..30, reply(220, &["2.0.0 Ready to start TLS"])),
        (30..input.len(), Ev::Opaque(hello.to_vec())),
    ];
    assert_eq!(run_cuts(&input, &[], strict(), Some(1)).events, expected);
    assert_eq!(byte_by_byte(&input, strict(), Some(1)).events, expected);
    // Without start_tls the same bytes are decoded (and the handshake is invalid).
    assert!(matches!(all_at_once(&input, strict())[1].1, Ev::Invalid(_)));
}

#[test]
fn offsets_are_stream_offsets() {
    let mut decoder = ClientDecoder::new(strict());
    let input = b"250 ok\r\n25 x\r\n";
    let Status::Complete { consumed, .. } = decoder.decode(input) else {
        panic!()
    };
    assert_eq!(consumed, 8);
    match decoder.decode(&input[8..]) {
        Status::Complete {
            value: ClientEvent::Invalid(e),
            consumed: 6,
        } => assert_eq!(e.offset, 10),
        other => panic!("{other:?}"),
    }
    assert_eq!(decoder.offset(), 14);
    assert_eq!(decoder.decode(b""), Status::Incomplete);
}

#[test]
fn two_hundred_line_reply_one_byte_at_a_time() {
    let lines: Vec<String> = (0..200).map(|i| format!("line {i}")).collect();
    let r = Reply::new(ReplyCode::OK, lines.iter().map(String::as_bytes)).unwrap();
    let input = r.to_bytes();
    let run = byte_by_byte(&input, strict(), None);
    assert_eq!(run.events, [(0..input.len(), Ev::Reply(r.into_owned()))]);
    // One call per byte plus the final one.
    assert_eq!(run.calls, input.len() + 1);
}

/// 100 000 lines fed one byte at a time: with resumption this is linear; a decoder that
/// rescanned the pending reply from its start would take hours.
#[test]
fn hundred_thousand_lines_one_byte_at_a_time() {
    let started = std::time::Instant::now();
    // One reply of 100 000 lines.
    let mut input = Vec::new();
    for i in 0..100_000 {
        input.extend_from_slice(format!("250-{i}\r\n").as_bytes());
    }
    input.extend_from_slice(b"250 end\r\n");
    let opts = strict().max_reply_lines(200_000);
    let run = byte_by_byte(&input, opts, None);
    assert_eq!(run.events.len(), 1);
    let Ev::Reply(r) = &run.events[0].1 else {
        panic!()
    };
    assert_eq!(r.line_count(), 100_001);
    assert_eq!(r.line(99_999), Some(&b"99999"[..]));
    // And 100 000 pipelined single-line replies.
    let input: Vec<u8> = (0..100_000).flat_map(|_| *b"250 ok\r\n").collect();
    let run = byte_by_byte(&input, strict(), None);
    assert_eq!(run.events.len(), 100_000);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(120),
        "{:?}",
        started.elapsed()
    );
}

// ----- any split gives the same events -----

/// Server output: good replies, broken lines, long lines, LF-only lines, bare CRs, junk.
fn server_bytes() -> impl Strategy<Value = Vec<u8>> {
    let good = (
        prop::sample::select(vec![220u16, 250, 334, 354, 421, 550]),
        prop::collection::vec("[ -~]{0,12}", 1..4),
    )
        .prop_map(|(code, lines)| {
            Reply::new(ReplyCode::new(code).unwrap(), lines)
                .unwrap()
                .to_bytes()
        });
    let piece = prop_oneof![
        6 => good,
        1 => Just(b"25x nope\r\n".to_vec()),
        1 => Just(b"250-a\r\n251 b\r\n".to_vec()),
        1 => Just(b"250 lf only\n".to_vec()),
        1 => Just(b"250 bare\rcr\r\n".to_vec()),
        1 => (0usize..60).prop_map(|n| {
            let mut v = b"250 ".to_vec();
            v.extend(std::iter::repeat_n(b'y', n));
            v.extend_from_slice(b"\r\n");
            v
        }),
        1 => prop::collection::vec(any::<u8>(), 0..20),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|ps| ps.concat())
}

fn options() -> impl Strategy<Value = ParserOptions> {
    (any::<bool>(), 8usize..64, 1usize..5).prop_map(|(lenient, line, lines)| {
        let base = if lenient {
            ParserOptions::lenient()
        } else {
            ParserOptions::default()
        };
        base.max_reply_line(line).max_reply_lines(lines)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn any_split_same_events(
        input in server_bytes(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..10),
        opts in options(),
        tls_after in proptest::option::of(1usize..4),
    ) {
        let cuts: Vec<usize> = cuts.iter().map(|i| i.index(input.len() + 1)).collect();
        let whole = run_cuts(&input, &[], opts, tls_after).events;
        prop_assert_eq!(&run_cuts(&input, &cuts, opts, tls_after).events, &whole);
        prop_assert_eq!(&byte_by_byte(&input, opts, tls_after).events, &whole);
        // The events cover the input from the start without gaps.
        let mut at = 0;
        for (range, _) in &whole {
            prop_assert_eq!(range.start, at);
            at = range.end;
        }
        // What is left is an incomplete reply.
        prop_assert!(at <= input.len());
    }

    /// Only well-formed replies: the events are exactly those replies, in order.
    #[test]
    fn well_formed_replies_come_back(
        replies in prop::collection::vec(
            (prop::sample::select(vec![211u16, 220, 250, 334, 354, 451, 554]), prop::collection::vec(prop::collection::vec(0x20u8..0x7f, 0..30), 1..5)),
            0..10,
        ),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..10),
    ) {
        let replies: Vec<Reply<'static>> = replies
            .into_iter()
            .map(|(code, lines)| Reply::new(ReplyCode::new(code).unwrap(), lines).unwrap())
            .collect();
        let input: Vec<u8> = replies.iter().flat_map(Reply::to_bytes).collect();
        let cuts: Vec<usize> = cuts.iter().map(|i| i.index(input.len() + 1)).collect();
        let mut expected = Vec::new();
        let mut at = 0;
        for r in &replies {
            let len = r.to_bytes().len();
            expected.push((at..at + len, Ev::Reply(r.clone())));
            at += len;
        }
        prop_assert_eq!(run_cuts(&input, &cuts, strict(), None).events, expected);
    }

    #[test]
    fn never_panics(input in prop::collection::vec(any::<u8>(), 0..300), opts in options()) {
        let run = byte_by_byte(&input, opts, None);
        prop_assert_eq!(run.events, all_at_once(&input, opts));
    }
}
