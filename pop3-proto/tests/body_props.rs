//! Multi-line body properties: the decoder agrees with an independent line-by-line oracle on
//! arbitrary input, gives the same result under any split, stuffing and unstuffing are
//! inverse, the encoder agrees with its own oracle under any split, and the work stays
//! linear (large bodies fed one byte at a time, or full of events, complete).

use std::borrow::Cow;

use pop3_proto::encode::body::{BareLineEnds, BodyEncoder, encode_body};
use pop3_proto::stream::body::{BodyDecoder, BodyEvent, unstuff};
use pop3_proto::{Error, ErrorKind, ParserOptions, Status};
use proptest::prelude::*;

// ----- driver -----

#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    content: Vec<u8>,
    errors: Vec<Error>,
    /// Bytes consumed through `End`.
    end: Option<usize>,
}

/// Reads of the given sizes (cycled) appended to a buffer, `consumed` bytes dropped after
/// each event. Checks that `Incomplete` holds at most two bytes.
fn decode_reads(opts: &ParserOptions, input: &[u8], reads: &[usize]) -> Outcome {
    let mut decoder = BodyDecoder::new(opts);
    let mut buf: Vec<u8> = Vec::new();
    let mut out = Outcome {
        content: Vec::new(),
        errors: Vec::new(),
        end: None,
    };
    let (mut fed, mut used, mut r) = (0, 0, 0);
    loop {
        match decoder.decode(&buf) {
            Status::Complete { value, consumed } => {
                match value {
                    BodyEvent::Data(d) => out.content.extend_from_slice(d),
                    BodyEvent::Invalid(e) => out.errors.push(e),
                    BodyEvent::End => {
                        out.end = Some(used + consumed);
                        return out;
                    }
                }
                buf.drain(..consumed);
                used += consumed;
            }
            Status::Incomplete => {
                assert!(buf.len() <= 2, "held {} bytes", buf.len());
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

/// The whole input in one buffer (the front of the slice is dropped, not moved).
fn decode_whole(opts: &ParserOptions, mut input: &[u8]) -> Outcome {
    let mut decoder = BodyDecoder::new(opts);
    let mut out = Outcome {
        content: Vec::new(),
        errors: Vec::new(),
        end: None,
    };
    let mut used = 0;
    while let Status::Complete { value, consumed } = decoder.decode(input) {
        input = &input[consumed..];
        used += consumed;
        match value {
            BodyEvent::Data(d) => out.content.extend_from_slice(d),
            BodyEvent::Invalid(e) => out.errors.push(e),
            BodyEvent::End => {
                out.end = Some(used);
                break;
            }
        }
    }
    out
}

fn opts_for(lenient: bool, max: Option<u64>) -> ParserOptions {
    let opts = if lenient {
        ParserOptions::lenient()
    } else {
        ParserOptions::new()
    };
    match max {
        Some(max) => opts.max_body_size(max),
        None => opts,
    }
}

// ----- the decoder oracle -----

/// A plain reading of RFC 1939 §3 and the decoder's documented rules, sharing nothing with
/// the crate:
///
/// 1. The body ends at the first line that is exactly "." CRLF: at the very start, or at
///    the first "CRLF . CRLF" (whose first CRLF belongs to the content). Without one: no
///    end, and nothing is compared but that the decoder found none either.
/// 2. The content before it is cut into lines after each CRLF (a lone CR or LF does not
///    end a line).
/// 3. A line that starts with "." loses it.
/// 4. Strict: if what is left of the line before its CRLF holds a CR or LF, that byte is
///    reported (offset in the wire), the bytes before it are content, the rest of the line
///    and its CRLF are dropped. Lenient: the whole line is content.
/// 5. Then the size limit: content bytes are kept up to `max`; the first byte over it is
///    reported (its wire offset) and from then on nothing is kept or reported.
fn oracle(wire: &[u8], lenient: bool, max: Option<u64>) -> Outcome {
    let end_of_content = if wire.starts_with(b".\r\n") {
        Some(0)
    } else {
        wire.windows(5)
            .position(|w| w == b"\r\n.\r\n")
            .map(|at| at + 2)
    };
    let Some(content_end) = end_of_content else {
        return Outcome {
            content: Vec::new(),
            errors: Vec::new(),
            end: None,
        };
    };
    // Events in wire order: a content byte with its offset, or an error.
    enum Ev {
        Byte(u8, usize),
        Bad(Error),
    }
    let mut evs = Vec::new();
    let mut line_start = 0;
    while line_start < content_end {
        let crlf = wire[line_start..content_end]
            .windows(2)
            .position(|w| w == b"\r\n")
            .map(|p| line_start + p)
            .expect("the content ends with CRLF");
        let mut text = line_start;
        if wire[text] == b'.' {
            text += 1;
        }
        let mut bad = None;
        for (at, &b) in wire.iter().enumerate().take(crlf).skip(text) {
            if !lenient && (b == b'\r' || b == b'\n') {
                bad = Some(at);
                break;
            }
            evs.push(Ev::Byte(b, at));
        }
        match bad {
            Some(at) => {
                let kind = if wire[at] == b'\r' {
                    ErrorKind::BareCr
                } else {
                    ErrorKind::BareLf
                };
                evs.push(Ev::Bad(Error::new(at, kind)));
            }
            None => {
                evs.push(Ev::Byte(b'\r', crlf));
                evs.push(Ev::Byte(b'\n', crlf + 1));
            }
        }
        line_start = crlf + 2;
    }
    let mut out = Outcome {
        content: Vec::new(),
        errors: Vec::new(),
        end: Some(content_end + 3),
    };
    for ev in evs {
        match ev {
            Ev::Byte(b, at) => {
                if max.is_some_and(|m| out.content.len() as u64 >= m) {
                    out.errors.push(Error::new(
                        at,
                        ErrorKind::BodyTooLarge {
                            limit: max.unwrap_or_default(),
                        },
                    ));
                    break;
                }
                out.content.push(b);
            }
            Ev::Bad(e) => out.errors.push(e),
        }
    }
    out
}

// ----- the encoder oracle -----

/// Line ends as the `Normalize` policy sees them: CRLF, or a lone CR or LF.
fn split_lines(content: &[u8]) -> (Vec<&[u8]>, &[u8]) {
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < content.len() {
        match content[i] {
            b'\r' if content.get(i + 1) == Some(&b'\n') => {
                lines.push(&content[start..i]);
                i += 2;
                start = i;
            }
            b'\r' | b'\n' => {
                lines.push(&content[start..i]);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    (lines, &content[start..])
}

/// The lines of `content` with normalized line ends, each with CRLF (a last line without
/// a line end gets one): what a client reads back.
fn normalized(content: &[u8]) -> Vec<u8> {
    let (lines, tail) = split_lines(content);
    let mut out = Vec::new();
    for line in lines.iter().chain((!tail.is_empty()).then_some(&tail)) {
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// RFC 1939 §3 written out: each line, with a "." in front if it starts with one, then
/// CRLF; then ".CRLF".
fn encoder_oracle(content: &[u8]) -> Vec<u8> {
    let (lines, tail) = split_lines(content);
    let mut out = Vec::new();
    for line in lines.iter().chain((!tail.is_empty()).then_some(&tail)) {
        if line.first() == Some(&b'.') {
            out.push(b'.');
        }
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

/// The first bare CR or LF of `content` (a final CR is bare): what `Reject` refuses.
fn first_bare(content: &[u8]) -> Option<Error> {
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'\r' if content.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' => return Some(Error::new(i, ErrorKind::BareCr)),
            b'\n' => return Some(Error::new(i, ErrorKind::BareLf)),
            _ => i += 1,
        }
    }
    None
}

fn encode_chunks(policy: BareLineEnds, chunks: &[&[u8]]) -> Result<Vec<u8>, Error> {
    let mut encoder = BodyEncoder::new(policy);
    let mut out = Vec::new();
    for chunk in chunks {
        encoder.encode(chunk, &mut out)?;
    }
    encoder.finish(&mut out)?;
    Ok(out)
}

/// Cuts `bytes` at the given points (taken modulo the length, sorted).
fn cut<'a>(bytes: &'a [u8], points: &[usize]) -> Vec<&'a [u8]> {
    let mut at: Vec<usize> = points.iter().map(|p| p % (bytes.len() + 1)).collect();
    at.sort_unstable();
    let mut chunks = Vec::new();
    let mut prev = 0;
    for p in at {
        chunks.push(&bytes[prev..p]);
        prev = p;
    }
    chunks.push(&bytes[prev..]);
    chunks
}

// ----- generators -----

/// Pieces that matter to the framing; long runs of letters between them move them across
/// the decoder's 64-byte blocks.
const PIECES: &[&[u8]] = &[
    b"\r\n",
    b"\r\n",
    b"\r",
    b"\n",
    b".",
    b"..",
    b"\r\n.",
    b"\r\n..",
    b"\r\n.\r\n",
    b"\n.",
    b"\r.",
    b"\n.\n",
    b"\r\n.\r",
    b".\r\n",
    b"\0",
    b" ",
];

fn letters(len: usize) -> Vec<u8> {
    (0..len).map(|i| b'a' + (i % 26) as u8).collect()
}

/// Arbitrary body bytes: runs of letters and framing pieces, or plain random bytes
/// (biased toward CR, LF and ".").
fn body_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::collection::vec((0usize..150, 0..PIECES.len()), 0..16).prop_map(|parts| {
        let mut v = Vec::new();
        for (run, piece) in parts {
            v.extend_from_slice(&letters(run));
            v.extend_from_slice(PIECES[piece]);
        }
        v
    });
    let byte = prop_oneof![
        3 => Just(b'\r'),
        3 => Just(b'\n'),
        3 => Just(b'.'),
        4 => any::<u8>(),
    ];
    prop_oneof![pieces, prop::collection::vec(byte, 0..120)]
}

/// Content made of lines that matter to stuffing: lines that are just ".", lines starting
/// with ".." or ".", empty lines, text; any line end; maybe no final line end.
fn content_lines() -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        Just(b"".to_vec()),
        Just(b".".to_vec()),
        Just(b"..".to_vec()),
        Just(b"...".to_vec()),
        Just(b".x".to_vec()),
        Just(b"..x".to_vec()),
        Just(b" .".to_vec()),
        (0usize..150).prop_map(letters),
        prop::collection::vec(any::<u8>(), 0..20),
    ];
    let end = prop_oneof![
        6 => Just(&b"\r\n"[..]),
        1 => Just(&b"\n"[..]),
        1 => Just(&b"\r"[..]),
    ];
    (prop::collection::vec((line, end), 0..12), any::<bool>()).prop_map(|(lines, last_end)| {
        let mut v = Vec::new();
        let n = lines.len();
        for (i, (line, end)) in lines.into_iter().enumerate() {
            v.extend_from_slice(&line);
            if i + 1 < n || last_end {
                v.extend_from_slice(end);
            }
        }
        v
    })
}

fn max_size() -> impl Strategy<Value = Option<u64>> {
    prop_oneof![3 => Just(None), 1 => (0u64..200).prop_map(Some)]
}

// ----- properties -----

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The decoder (whole input) agrees with the oracle, in both modes, with and without a
    /// size limit, on arbitrary bytes followed by a terminator and a next reply.
    #[test]
    fn decoder_agrees_with_the_oracle(
        body in body_bytes(),
        lenient in any::<bool>(),
        max in max_size(),
    ) {
        let wire = [&body[..], b"\r\n.\r\n+OK\r\n"].concat();
        let opts = opts_for(lenient, max);
        prop_assert_eq!(decode_whole(&opts, &wire), oracle(&wire, lenient, max));
    }

    /// Without a terminator there is no end, and what was delivered is a prefix of what
    /// the complete body delivers (errors too).
    #[test]
    fn truncated_bodies_deliver_a_prefix(
        body in body_bytes(),
        lenient in any::<bool>(),
        keep in any::<prop::sample::Index>(),
    ) {
        let wire = [&body[..], b"\r\n.\r\n"].concat();
        let opts = opts_for(lenient, None);
        let full = decode_whole(&opts, &wire);
        let end = full.end.expect("terminated");
        let short = &wire[..keep.index(end)];
        let part = decode_whole(&opts, short);
        prop_assert_eq!(part.end, None);
        prop_assert!(full.content.starts_with(&part.content));
        prop_assert!(full.errors.starts_with(&part.errors));
    }

    /// Any split of the input gives the same result as the whole input: random read
    /// sizes, and one byte at a time.
    #[test]
    fn any_split_gives_the_same_result(
        body in body_bytes(),
        lenient in any::<bool>(),
        max in max_size(),
        reads in prop::collection::vec(1usize..80, 1..8),
    ) {
        let wire = [&body[..], b"\r\n.\r\n+OK\r\n"].concat();
        let opts = opts_for(lenient, max);
        let whole = decode_whole(&opts, &wire);
        prop_assert_eq!(&decode_reads(&opts, &wire, &reads), &whole);
        prop_assert_eq!(&decode_reads(&opts, &wire, &[1]), &whole);
    }

    /// unstuff(stuff(m)) == m with normalized line ends (a missing final CRLF added);
    /// the encoder's output has no bare CR or LF, so strict decoding reports nothing, and
    /// the decoder ends exactly at the end of what the encoder wrote.
    #[test]
    fn stuffing_and_unstuffing_are_inverse(content in content_lines()) {
        let mut wire = Vec::new();
        encode_body(&content, BareLineEnds::Normalize, &mut wire).unwrap();
        let want = normalized(&content);
        for opts in [ParserOptions::new(), ParserOptions::lenient()] {
            let got = decode_whole(&opts, &[&wire[..], b"+OK\r\n"].concat());
            prop_assert_eq!(&got.content, &want);
            prop_assert_eq!(&got.errors, &Vec::<Error>::new());
            prop_assert_eq!(got.end, Some(wire.len()));
        }
        let Ok(Status::Complete { value, consumed }) = unstuff(&wire, &ParserOptions::new()) else {
            panic!("complete");
        };
        prop_assert_eq!(&value[..], &want[..]);
        prop_assert_eq!(consumed, wire.len());
    }

    /// Content that already has CRLF line ends (ending with one, or empty) comes back
    /// byte for byte, and `Reject` accepts it.
    #[test]
    fn crlf_content_comes_back_exactly(content in content_lines()) {
        let content = normalized(&content);
        let wire = encode_chunks(BareLineEnds::Reject, &[&content]).unwrap();
        let got = decode_whole(&ParserOptions::new(), &wire);
        prop_assert_eq!(got.content, content);
        prop_assert_eq!(got.end, Some(wire.len()));
    }

    /// For every input the decoder accepts, decode(encode(decode(b))) == decode(b).
    #[test]
    fn decode_encode_decode(body in body_bytes(), lenient in any::<bool>()) {
        let wire = [&body[..], b"\r\n.\r\n"].concat();
        let opts = opts_for(lenient, None);
        let first = decode_whole(&opts, &wire);
        prop_assume!(first.errors.is_empty());
        // Lenient content may hold bare CR/LF, which the encoder normalizes; CRLF content
        // must come back unchanged.
        let again = encode_chunks(BareLineEnds::Normalize, &[&first.content]).unwrap();
        let second = decode_whole(&opts, &again);
        prop_assert_eq!(second.content, normalized(&first.content));
        if !lenient {
            prop_assert_eq!(normalized(&first.content), first.content);
        }
    }

    /// unstuff agrees with the decoder, and borrows exactly when the content is one
    /// contiguous piece of the input: no dot stripped, or only the first line's.
    #[test]
    fn unstuff_agrees_with_the_decoder(body in body_bytes(), lenient in any::<bool>()) {
        let wire = [&body[..], b"\r\n.\r\n"].concat();
        let opts = opts_for(lenient, None);
        let events = decode_whole(&opts, &wire);
        match unstuff(&wire, &opts) {
            Err(e) => prop_assert_eq!(Some(&e), events.errors.first()),
            Ok(Status::Incomplete) => prop_assert!(false, "the terminator is there"),
            Ok(Status::Complete { value, consumed }) => {
                prop_assert!(events.errors.is_empty());
                prop_assert_eq!(&value[..], &events.content[..]);
                prop_assert_eq!(Some(consumed), events.end);
                let end = consumed - 3;
                let contiguous = wire[..end] == events.content[..]
                    || (wire[0] == b'.' && wire[1..end] == events.content[..]);
                prop_assert_eq!(matches!(value, Cow::Borrowed(_)), contiguous);
            }
        }
    }

    /// The encoder agrees with its oracle, and with any split of the content.
    #[test]
    fn encoder_agrees_with_the_oracle_under_any_split(
        content in prop_oneof![content_lines(), body_bytes()],
        points in prop::collection::vec(any::<usize>(), 0..6),
    ) {
        let want = encoder_oracle(&content);
        prop_assert_eq!(&encode_chunks(BareLineEnds::Normalize, &[&content]).unwrap(), &want);
        let chunks = cut(&content, &points);
        prop_assert_eq!(&encode_chunks(BareLineEnds::Normalize, &chunks).unwrap(), &want);
        let one_by_one: Vec<&[u8]> = content.chunks(1).collect();
        prop_assert_eq!(&encode_chunks(BareLineEnds::Normalize, &one_by_one).unwrap(), &want);

        // Reject: the first bare CR/LF, whatever the split; otherwise the same output.
        let rejected = match first_bare(&content) {
            Some(e) => Err(e),
            None => Ok(want),
        };
        prop_assert_eq!(&encode_chunks(BareLineEnds::Reject, &[&content]), &rejected);
        prop_assert_eq!(&encode_chunks(BareLineEnds::Reject, &chunks), &rejected);
    }
}

// ----- linear work -----

/// About 1 MiB of 70-byte lines with CRLF; `stuffed` puts "." at the start of every
/// `stuffed`-th line (0: none).
fn message(stuffed: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(1 << 20);
    let mut i = 0;
    while v.len() < (1 << 20) {
        if stuffed != 0 && i % stuffed == 0 {
            v.push(b'.');
        }
        v.extend_from_slice(&letters(68));
        v.extend_from_slice(b"\r\n");
        i += 1;
    }
    v
}

/// A 1 MiB body fed one byte at a time completes and comes back whole: each call looks at
/// no more than the two held bytes and the new one (a decoder that rescanned a growing
/// buffer would hold more, which the driver refuses).
#[test]
fn one_mib_one_byte_at_a_time() {
    for stuffed in [0, 8] {
        let content = message(stuffed);
        let mut wire = Vec::new();
        encode_body(&content, BareLineEnds::Reject, &mut wire).unwrap();
        for opts in [ParserOptions::new(), ParserOptions::lenient()] {
            let got = decode_reads(&opts, &wire, &[1]);
            assert_eq!(got.end, Some(wire.len()));
            assert!(got.content == content, "content differs");
        }
    }
}

/// Bodies where every line is an event, in one 1 MiB buffer: every line stuffed, every line
/// a lone ".", every line ending in a bare LF (strict: one error per line), every line
/// over the size limit. A decoder that looked past the current event to the end of the
/// buffer would do ~10^11 steps here and not finish.
#[test]
fn one_mib_of_events_in_one_buffer() {
    let lines = |line: &[u8]| -> Vec<u8> {
        let mut v = Vec::with_capacity((1 << 20) + 8);
        while v.len() < (1 << 20) {
            v.extend_from_slice(line);
        }
        v.extend_from_slice(b"\r\n.\r\n");
        v
    };
    let stuffed = lines(b"..a\r\n");
    let got = decode_whole(&ParserOptions::new(), &stuffed);
    assert_eq!(got.end, Some(stuffed.len()));
    // Each 5-byte line gives 4 bytes of content; the empty last line gives CRLF.
    assert_eq!(got.content.len(), (stuffed.len() - 5) / 5 * 4 + 2);

    let dots = lines(b"..\r\n");
    let got = decode_whole(&ParserOptions::new(), &dots);
    assert_eq!(got.end, Some(dots.len()));

    let bare = lines(b"x\ny\r\n");
    let got = decode_whole(&ParserOptions::new(), &bare);
    assert_eq!(got.end, Some(bare.len()));
    assert_eq!(got.errors.len(), (bare.len() - 5) / 5);
    let got = decode_whole(&ParserOptions::lenient(), &bare);
    assert_eq!(got.content.len(), bare.len() - 3);

    let got = decode_whole(&ParserOptions::new().max_body_size(10), &stuffed);
    assert_eq!(got.end, Some(stuffed.len()));
    assert_eq!(got.content.len(), 10);

    // The encoder, on content that is all events.
    let mut out = Vec::new();
    encode_body(&lines(b".\n"), BareLineEnds::Normalize, &mut out).unwrap();
    assert!(out.len() > (1 << 20) * 2);
}
