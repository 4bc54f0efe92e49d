//! DATA and BDAT receivers: RFC 5321 §4.1.1.4 / §4.5.2 and RFC 3030 cases, size limits,
//! zero copy, and properties (any split gives the same result; an independent oracle agrees;
//! the outbound encoder and the receiver are inverse).

use proptest::prelude::*;
use smtp_proto::encode::data::{BareLineEnds, DataEncoder};
use smtp_proto::stream::bdat::{BdatEvent, BdatReceiver};
use smtp_proto::stream::data::{DataEvent, DataReceiver};
use smtp_proto::{Error, ErrorKind, ParserOptions, Status};

// ----- drivers -----

#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    content: Vec<u8>,
    errors: Vec<Error>,
    /// Stream bytes consumed through `End`.
    end: Option<usize>,
}

/// Drives a receiver like a server would: reads of the given sizes (cycled) appended to a
/// buffer, `consumed` bytes dropped after each event. Checks on the way that `Incomplete`
/// holds at most two bytes and that every content slice lies inside the buffer.
fn receive_split(opts: &ParserOptions, input: &[u8], reads: &[usize]) -> Outcome {
    let mut rx = DataReceiver::new(opts);
    let mut buf: Vec<u8> = Vec::new();
    let mut out = Outcome {
        content: Vec::new(),
        errors: Vec::new(),
        end: None,
    };
    let (mut fed, mut used, mut r) = (0, 0, 0);
    while fed < input.len() {
        let n = reads[r % reads.len()].max(1).min(input.len() - fed);
        r += 1;
        buf.extend_from_slice(&input[fed..fed + n]);
        fed += n;
        loop {
            match rx.decode(&buf) {
                Status::Complete { value, consumed } => {
                    assert!(consumed <= buf.len());
                    match value {
                        DataEvent::Content(c) => {
                            let range = buf.as_ptr_range();
                            assert!(range.start <= c.as_ptr() && c.as_ptr_range().end <= range.end);
                            out.content.extend_from_slice(c);
                        }
                        DataEvent::Invalid(e) => out.errors.push(e),
                        DataEvent::End => {
                            out.end = Some(used + consumed);
                            assert!(rx.is_finished());
                            return out;
                        }
                    }
                    assert_eq!(rx.size(), out.content.len() as u64);
                    buf.drain(..consumed);
                    used += consumed;
                }
                Status::Incomplete => {
                    assert!(buf.len() <= 2, "held {} bytes", buf.len());
                    break;
                }
            }
        }
    }
    out
}

fn receive(opts: &ParserOptions, input: &[u8]) -> Outcome {
    receive_split(opts, input, &[input.len()])
}

fn done(content: &[u8], errors: Vec<Error>, end: usize) -> Outcome {
    Outcome {
        content: content.to_vec(),
        errors,
        end: Some(end),
    }
}

// ----- independent oracle -----

enum Ev {
    Byte(u8, usize),
    Err(Error),
}

/// A plain model written from RFC 5321 (sharing nothing with the crate): the data ends at
/// the first "CRLF . CRLF" (its CRLF is content) or at ".CRLF" at the very start; the data
/// is split into lines at CRLF only; a line starting with "." loses that dot (§4.5.2); in
/// strict mode a CR or LF left inside a line is bare: the line is cut there, the error
/// reported, the rest of the line and its CRLF dropped. Then the size limit: content bytes
/// up to `max`, one error at the first byte over it, nothing after.
fn oracle(input: &[u8], lenient: bool, max: u64) -> Outcome {
    let data_end = if input.starts_with(b".\r\n") {
        Some(0)
    } else {
        input
            .windows(5)
            .position(|w| w == b"\r\n.\r\n")
            .map(|p| p + 2)
    };
    let data_end = data_end.expect("oracle inputs carry a terminator");
    let mut evs = Vec::new();
    let mut start = 0;
    while start < data_end {
        let len = input[start..data_end]
            .windows(2)
            .position(|w| w == b"\r\n")
            .unwrap();
        let (mut text, mut at) = (&input[start..start + len], start);
        if text.first() == Some(&b'.') {
            text = &text[1..];
            at += 1;
        }
        let cut = if lenient {
            None
        } else {
            text.iter().position(|&b| b == b'\r' || b == b'\n')
        };
        let kept = cut.unwrap_or(text.len());
        for (k, &b) in text[..kept].iter().enumerate() {
            evs.push(Ev::Byte(b, at + k));
        }
        match cut {
            Some(k) => {
                let kind = if text[k] == b'\r' {
                    ErrorKind::BareCr
                } else {
                    ErrorKind::BareLf
                };
                evs.push(Ev::Err(Error::new(at + k, kind)));
            }
            None => {
                evs.push(Ev::Byte(b'\r', start + len));
                evs.push(Ev::Byte(b'\n', start + len + 1));
            }
        }
        start += len + 2;
    }
    let mut out = done(b"", vec![], data_end + 3);
    for ev in evs {
        match ev {
            Ev::Byte(_, off) if out.content.len() as u64 == max => {
                let kind = ErrorKind::MessageTooLarge { limit: max };
                out.errors.push(Error::new(off, kind));
                break;
            }
            Ev::Byte(b, _) => out.content.push(b),
            Ev::Err(e) => out.errors.push(e),
        }
    }
    out
}

// ----- RFC 5321 cases -----

#[test]
fn rfc5321_transparency_examples() {
    // §4.5.2: "If the line is composed of a single period, it is treated as the end of mail
    // indicator. If the first character is a period and there are other characters on the
    // line, the first character is deleted."
    let s = ParserOptions::new();
    assert_eq!(
        receive(&s, b"a\r\n..b\r\n...\r\n..\r\n.\r\n"),
        done(b"a\r\n.b\r\n..\r\n.\r\n", vec![], 20)
    );
    // A period inside a line or at its end is data.
    assert_eq!(
        receive(&s, b"a.b.\r\n .\r\n.\r\n"),
        done(b"a.b.\r\n .\r\n", vec![], 13)
    );
}

#[test]
fn the_first_line_is_a_line_start() {
    let s = ParserOptions::new();
    // §4.1.1.4: the terminating line right after 354 is an empty message.
    assert_eq!(receive(&s, b".\r\nQUIT\r\n"), done(b"", vec![], 3));
    // A stuffed first line.
    assert_eq!(receive(&s, b"..x\r\n.\r\n"), done(b".x\r\n", vec![], 8));
    assert_eq!(receive(&s, b".x\r\n.\r\n"), done(b"x\r\n", vec![], 7));
    // A first line that is only ".." is a single dot.
    assert_eq!(receive(&s, b"..\r\n.\r\n"), done(b".\r\n", vec![], 7));
    // An empty first line, then the terminator.
    assert_eq!(receive(&s, b"\r\n.\r\n"), done(b"\r\n", vec![], 5));
}

#[test]
fn a_line_of_two_dots_is_one_dot() {
    let s = ParserOptions::new();
    assert_eq!(
        receive(&s, b"a\r\n..\r\nb\r\n.\r\n"),
        done(b"a\r\n.\r\nb\r\n", vec![], 13)
    );
}

/// The content delivered before `End` always ends with CRLF (or is empty): the terminator is
/// "CRLF . CRLF" whose CRLF is content, or ".CRLF" at the very start. So a message whose last
/// line lacks a CRLF cannot be received: "abc.CRLF" is one line of text, not "abc" plus the
/// end. (Strict mode is the one exception: an invalid last line is dropped with its CRLF, and
/// the message is refused anyway.)
#[test]
fn content_before_the_end_always_ends_with_crlf() {
    let s = ParserOptions::new();
    let got = receive(&s, b"abc.\r\n");
    assert_eq!(got.end, None);
    assert_eq!(got.content, b"abc.\r\n");
    assert_eq!(receive(&s, b"abc.\r\n.\r\n"), done(b"abc.\r\n", vec![], 9));
}

// ----- size limit -----

#[test]
fn size_limit_counts_delivered_bytes() {
    let at = |n: u64| ParserOptions::new().max_message_size(n);
    let big = |limit: u64, off: usize| Error::new(off, ErrorKind::MessageTooLarge { limit });
    // "abc\r\n" is 5 bytes: a limit of 5 takes it, 4 does not.
    assert_eq!(
        receive(&at(5), b"abc\r\n.\r\n"),
        done(b"abc\r\n", vec![], 8)
    );
    assert_eq!(
        receive(&at(4), b"abc\r\n.\r\n"),
        done(b"abc\r", vec![big(4, 4)], 8)
    );
    // Unstuffed size: "..\r\n" delivers ".\r\n" (3 bytes, from offset 1).
    assert_eq!(receive(&at(3), b"..\r\n.\r\n"), done(b".\r\n", vec![], 7));
    assert_eq!(
        receive(&at(1), b"..\r\n.\r\n"),
        done(b".", vec![big(1, 2)], 7)
    );
    // A limit of 0 still allows the empty message.
    assert_eq!(receive(&at(0), b".\r\n"), done(b"", vec![], 3));
    assert_eq!(
        receive(&at(0), b"a\r\n.\r\n"),
        done(b"", vec![big(0, 0)], 6)
    );
    // After the limit: no more content, no more errors (the bare LF), still the same end.
    assert_eq!(
        receive(&at(2), b"abc\nd\r\n..\r\n.\r\nQUIT"),
        done(b"ab", vec![big(2, 2)], 14)
    );
    // Errors before the limit are kept.
    assert_eq!(
        receive(&at(3), b"a\nb\r\ncd\r\n.\r\n"),
        done(
            b"acd",
            vec![Error::new(1, ErrorKind::BareLf), big(3, 7)],
            12
        )
    );
}

#[test]
fn one_size_error_for_a_long_message() {
    let opts = ParserOptions::new().max_message_size(100);
    let line = b"0123456789012345678901234567890123456789\r\n";
    let mut input = Vec::new();
    for _ in 0..1000 {
        input.extend_from_slice(line);
    }
    input.extend_from_slice(b".\r\n");
    for reads in [&[input.len()][..], &[1], &[100], &[7, 1, 3]] {
        let got = receive_split(&opts, &input, reads);
        assert_eq!(got.content, input[..100].to_vec());
        assert_eq!(
            got.errors,
            [Error::new(100, ErrorKind::MessageTooLarge { limit: 100 })]
        );
        assert_eq!(got.end, Some(input.len()));
    }
}

// ----- zero copy and event counts -----

#[test]
fn content_is_sliced_from_the_input_in_few_events() {
    let mut input = Vec::new();
    let mut n = 0;
    while input.len() < 1 << 20 {
        input.extend_from_slice(
            format!("Line {n} of a message without dots at line starts\r\n").as_bytes(),
        );
        n += 1;
    }
    input.extend_from_slice(b".\r\nQUIT\r\n");
    let mut rx = DataReceiver::new(&ParserOptions::new());
    let range = input.as_ptr_range();
    let data_len = input.len() - b".\r\nQUIT\r\n".len();
    // One content event with everything up to the terminator's dot, then End.
    let Status::Complete { value, consumed } = rx.decode(&input) else {
        panic!("incomplete")
    };
    let DataEvent::Content(c) = value else {
        panic!("{value:?}")
    };
    assert_eq!(
        (c.as_ptr(), c.len(), consumed),
        (range.start, data_len, data_len)
    );
    assert_eq!(
        rx.decode(&input[consumed..]),
        Status::Complete {
            value: DataEvent::End,
            consumed: 3
        }
    );

    // With stuffed lines: one more event per stuffed dot, each a slice of the input.
    let input = b"a\r\n..b\r\nc\r\n..d\r\n.\r\n";
    let mut rx = DataReceiver::new(&ParserOptions::new());
    let range = input.as_ptr_range();
    let mut rest = &input[..];
    let mut pieces = Vec::new();
    loop {
        let Status::Complete { value, consumed } = rx.decode(rest) else {
            panic!("incomplete")
        };
        match value {
            DataEvent::Content(c) => {
                assert!(range.start <= c.as_ptr() && c.as_ptr_range().end <= range.end);
                pieces.push(c.to_vec());
            }
            DataEvent::End => break,
            DataEvent::Invalid(e) => panic!("{e}"),
        }
        rest = &rest[consumed..];
    }
    let want: [&[u8]; 3] = [b"a\r\n", b".b\r\nc\r\n", b".d\r\n"];
    assert_eq!(pieces, want);
}

#[test]
fn finished_receiver_stays_finished() {
    let mut rx = DataReceiver::new(&ParserOptions::new());
    assert_eq!(rx.decode(b".\r\n").complete(), Some(DataEvent::End));
    assert_eq!(
        rx.decode(b"MAIL FROM:<>\r\n"),
        Status::Complete {
            value: DataEvent::End,
            consumed: 0
        }
    );
}

// ----- properties -----

/// Bytes that exercise the framing: dots, CR, LF, and some others.
fn wire_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        3 => Just(b'.'),
        3 => Just(b'\r'),
        3 => Just(b'\n'),
        2 => Just(b'a'),
        1 => any::<u8>(),
    ]
}

fn options() -> impl Strategy<Value = ParserOptions> {
    (any::<bool>(), prop_oneof![Just(u64::MAX), 0u64..40]).prop_map(|(lenient, max)| {
        let o = if lenient {
            ParserOptions::lenient()
        } else {
            ParserOptions::new()
        };
        o.max_message_size(max)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Any split of the input gives the same content, errors and end, and they agree with
    /// the oracle.
    #[test]
    fn any_split_agrees_with_the_oracle(
        body in prop::collection::vec(wire_byte(), 0..80),
        reads in prop::collection::vec(1usize..9, 1..6),
        opts in options(),
    ) {
        let input = [&body[..], b"\r\n.\r\nQUIT\r\n"].concat();
        let whole = receive(&opts, &input);
        let split = receive_split(&opts, &input, &reads);
        let bytewise = receive_split(&opts, &input, &[1]);
        prop_assert_eq!(&split, &whole);
        prop_assert_eq!(&bytewise, &whole);
        prop_assert_eq!(&whole, &oracle(&input, opts.is_lenient(), opts.max_message_size));
    }

    /// Without errors, the content before `End` is empty or ends with CRLF.
    #[test]
    fn content_ends_with_crlf(body in prop::collection::vec(wire_byte(), 0..80)) {
        let input = [&body[..], b"\r\n.\r\n"].concat();
        for opts in [ParserOptions::new(), ParserOptions::lenient()] {
            let got = receive(&opts, &input);
            if got.errors.is_empty() {
                prop_assert!(got.content.is_empty() || got.content.ends_with(b"\r\n"));
            }
        }
    }

    /// CRLF-only content: the encoder then the receiver give it back (with a CRLF added
    /// when it lacked one; empty stays empty), under any split on both sides.
    #[test]
    fn encoder_then_receiver_is_identity(
        lines in prop::collection::vec(
            prop::collection::vec(prop_oneof![3 => Just(b'.'), 2 => Just(b'a'), 1 => Just(b' ')], 0..6),
            0..8,
        ),
        trailing_crlf in any::<bool>(),
        enc_reads in prop::collection::vec(1usize..7, 1..4),
        dec_reads in prop::collection::vec(1usize..7, 1..4),
    ) {
        let mut content = lines.join(&b"\r\n"[..]);
        if trailing_crlf && !lines.is_empty() {
            content.extend_from_slice(b"\r\n");
        }
        let mut enc = DataEncoder::new(BareLineEnds::Reject);
        let mut wire = Vec::new();
        let (mut fed, mut r) = (0, 0);
        while fed < content.len() {
            let n = enc_reads[r % enc_reads.len()].min(content.len() - fed);
            r += 1;
            enc.encode(&content[fed..fed + n], &mut wire).unwrap();
            fed += n;
        }
        enc.finish(&mut wire).unwrap();
        let got = receive_split(&ParserOptions::new(), &wire, &dec_reads);
        let mut want = content.clone();
        if !want.is_empty() && !want.ends_with(b"\r\n") {
            want.extend_from_slice(b"\r\n");
        }
        prop_assert_eq!(got, done(&want, vec![], wire.len()));
    }

    /// parse(encode(parse(b))) == parse(b) for error-free strict input.
    #[test]
    fn reencoding_received_content_is_stable(body in prop::collection::vec(wire_byte(), 0..80)) {
        let input = [&body[..], b"\r\n.\r\n"].concat();
        let first = receive(&ParserOptions::new(), &input);
        if first.errors.is_empty() {
            let mut wire = Vec::new();
            let mut enc = DataEncoder::new(BareLineEnds::Reject);
            enc.encode(&first.content, &mut wire).unwrap();
            enc.finish(&mut wire).unwrap();
            let second = receive(&ParserOptions::new(), &wire);
            prop_assert_eq!(second.content, first.content);
            prop_assert_eq!(second.errors, vec![]);
        }
    }
}

// ----- BDAT (RFC 3030) -----

#[derive(Debug, PartialEq, Eq)]
struct BdatOutcome {
    data: Vec<u8>,
    errors: Vec<Error>,
    /// Bytes consumed through `End`, and its `last` flag.
    end: Option<(usize, bool)>,
}

fn bdat_split(rx: &mut BdatReceiver, input: &[u8], reads: &[usize]) -> BdatOutcome {
    let mut buf: Vec<u8> = Vec::new();
    let mut out = BdatOutcome {
        data: Vec::new(),
        errors: Vec::new(),
        end: None,
    };
    let (mut fed, mut used, mut r) = (0, 0, 0);
    loop {
        match rx.decode(&buf) {
            Status::Complete { value, consumed } => {
                match value {
                    BdatEvent::Chunk(c) => {
                        let range = buf.as_ptr_range();
                        assert!(range.start <= c.as_ptr() && c.as_ptr_range().end <= range.end);
                        out.data.extend_from_slice(c);
                    }
                    BdatEvent::Invalid(e) => out.errors.push(e),
                    BdatEvent::End { last } => {
                        out.end = Some((used + consumed, last));
                        return out;
                    }
                }
                buf.drain(..consumed);
                used += consumed;
            }
            Status::Incomplete => {
                assert!(buf.is_empty());
                if fed == input.len() {
                    return out;
                }
                let n = reads[r % reads.len()].max(1).min(input.len() - fed);
                r += 1;
                buf.extend_from_slice(&input[fed..fed + n]);
                fed += n;
            }
        }
    }
}

#[test]
fn bdat_chunk_is_binary_clean() {
    // RFC 3030 §2: the chunk is exactly chunk-size octets, with no dot-stuffing or
    // terminator; "\r\n.\r\n" and bare line ends inside are plain data.
    let input = b"\n.\r\n\r\n.\r\n\0\xffBDAT 0 LAST\r\n";
    let opts = ParserOptions::new();
    for reads in [&[input.len()][..], &[1], &[3, 2]] {
        let mut rx = BdatReceiver::new(11, false, 0, &opts);
        let got = bdat_split(&mut rx, input, reads);
        assert_eq!(got.data, input[..11].to_vec());
        assert_eq!(got.errors, []);
        assert_eq!(got.end, Some((11, false)));
    }
}

#[test]
fn bdat_zero_last() {
    // RFC 3030 §2 allows "BDAT 0 LAST" to end a message.
    let mut rx = BdatReceiver::new(0, true, 42, &ParserOptions::new());
    assert_eq!(
        rx.decode(b"QUIT\r\n"),
        Status::Complete {
            value: BdatEvent::End { last: true },
            consumed: 0
        }
    );
    assert_eq!(rx.message_size(), 42);
}

#[test]
fn bdat_limit_across_chunks() {
    let opts = ParserOptions::new().max_message_size(10);
    let big = |off: usize| Error::new(off, ErrorKind::MessageTooLarge { limit: 10 });
    // First chunk: 6 bytes, fine.
    let mut first = BdatReceiver::new(6, false, 0, &opts);
    let got = bdat_split(&mut first, b"abcdef", &[4]);
    assert_eq!((got.data, got.errors), (b"abcdef".to_vec(), vec![]));
    // Second chunk: 6 more; 4 fit, the error is at offset 4 of this chunk.
    let mut second = BdatReceiver::new(6, true, first.message_size(), &opts);
    let got = bdat_split(&mut second, b"ghijklQUIT", &[1]);
    assert_eq!(got.data, b"ghij");
    assert_eq!(got.errors, [big(4)]);
    assert_eq!(got.end, Some((6, true)));
    assert_eq!(second.message_size(), 12);
    // A third chunk of the same (already too large) message: nothing fits.
    let mut third = BdatReceiver::new(2, true, second.message_size(), &opts);
    let got = bdat_split(&mut third, b"mn", &[2]);
    assert_eq!(
        (got.data, got.errors, got.end),
        (vec![], vec![big(0)], Some((2, true)))
    );
}

#[test]
fn bdat_huge_size_does_not_overflow() {
    let opts = ParserOptions::new();
    let mut rx = BdatReceiver::new(u64::MAX, false, u64::MAX - 1, &opts);
    let got = bdat_split(&mut rx, b"abc", &[2]);
    assert_eq!(got.data, b"");
    assert_eq!(
        got.errors,
        [Error::new(
            0,
            ErrorKind::MessageTooLarge {
                limit: opts.max_message_size
            }
        )]
    );
    assert_eq!(got.end, None);
    assert_eq!(rx.message_size(), u64::MAX);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any split: exactly n bytes, the same errors, End right after them; an oracle for the
    /// limit: the first (max - already) bytes are delivered, one error at the next.
    #[test]
    fn bdat_any_split(
        data in prop::collection::vec(any::<u8>(), 0..60),
        extra in prop::collection::vec(any::<u8>(), 0..5),
        already in 0u64..50,
        max in 0u64..80,
        last in any::<bool>(),
        reads in prop::collection::vec(1usize..9, 1..5),
    ) {
        let opts = ParserOptions::new().max_message_size(max);
        let input = [&data[..], &extra[..]].concat();
        let n = data.len();
        let mut rx = BdatReceiver::new(n as u64, last, already, &opts);
        let got = bdat_split(&mut rx, &input, &reads);
        let room = max.saturating_sub(already).min(n as u64) as usize;
        prop_assert_eq!(&got.data, &data[..room].to_vec());
        if room < n {
            prop_assert_eq!(got.errors, vec![Error::new(room, ErrorKind::MessageTooLarge { limit: max })]);
        } else {
            prop_assert_eq!(got.errors, vec![]);
        }
        prop_assert_eq!(got.end, Some((n, last)));
        prop_assert_eq!(rx.message_size(), already + n as u64);
    }
}
