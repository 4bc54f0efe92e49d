//! Checks of the `pop3_proto_body` fuzz target: multi-line bodies (RFC 1939 §3) on
//! the client side (`pop3_proto::BodyDecoder`, `unstuff`) and the server side
//! (`pop3_proto::BodyEncoder`, `encode_body`).
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | bit 0: lenient mode; bit 1: a small `max_body_size` from byte 1 |
//! | 1    | the small `max_body_size` (0–255) |
//! | 2, 3 | lengths of the pieces the decoder is fed, taken in turn (`+ 1`) |
//! | 4    | length of the chunks the encoder is fed (`+ 1`) |
//! | rest | the data: read as the bytes after a `+OK` line, and as message content |
//!
//! The bytes `FF FE FD FC` separate independent parts of an input, each checked
//! as a whole input (the checked-in corpus packs several fuzzer inputs into a file
//! that way).
//!
//! It checks that
//!
//! 1. the decoder, fed the data whole, never panics; every `Data` is a slice of the
//!    input it was given and every event but the size-limit `Invalid` consumes at
//!    least one byte; the content never passes `max_body_size` and `size()` counts
//!    it; after `End` the decoder is finished and stays so;
//! 2. fed in pieces, it gives the same content, the same errors and the same end
//!    position, and keeps at most two bytes after `Incomplete`;
//! 3. `unstuff` gives the first error of the decoder, or the content and the end
//!    position, or `Incomplete` when the decoder found no end;
//! 4. the data as content, dot-stuffed by `encode_body` (normalizing bare CR and
//!    LF) and by a `BodyEncoder` fed in chunks, gives the same bytes; CR and LF
//!    appear in them only as CRLF; they end with the terminator, which `unstuff`
//!    (both modes) and the decoder (in pieces) find at the very end, giving back the
//!    content with its line ends normalized (a plain splitter written here: CRLF, a
//!    lone CR and a lone LF each end a line; every line gets CRLF, a last line
//!    without one too) — `unstuff(encode_body(x)) == normalized(x)`;
//! 5. `encode_body` and a chunked `BodyEncoder` with `BareLineEnds::Reject` fail at
//!    the first bare CR or LF of the content (a CR at its very end is bare), and
//!    give the normalizing encoder's bytes when there is none;
//! 6. the content the decoder delivered in lenient mode, encoded again, decodes to
//!    itself with its line ends normalized.

use std::borrow::Cow;

use crate::parts::take;
use pop3_proto::encode::body::{BareLineEnds, BodyEncoder, encode_body};
use pop3_proto::stream::body::{BodyDecoder, BodyEvent, unstuff};
use pop3_proto::{Error, ErrorKind, ParserOptions, Status};

/// Runs every check on one fuzzer input (each of its parts, see `parts.rs`); panics on
/// the first failure.
pub(crate) fn check(input: &[u8]) {
    crate::parts::for_each_part(input, check_part);
}

/// The checks on one part of the input.
fn check_part(input: &[u8]) {
    let mut rest = input;
    let cfg = take(&mut rest);
    let small = u64::from(take(&mut rest));
    let pieces = [
        usize::from(take(&mut rest)) + 1,
        usize::from(take(&mut rest)) + 1,
    ];
    let chunk = usize::from(take(&mut rest)) + 1;
    let data = rest;

    let mut opts = if cfg & 1 != 0 {
        ParserOptions::lenient()
    } else {
        ParserOptions::new()
    };
    if cfg & 2 != 0 {
        opts = opts.max_body_size(small);
    }

    // The data as a body on the wire.
    let whole = decode_whole(&opts, data);
    let split = decode_pieces(&opts, data, &pieces);
    assert_eq!(
        split, whole,
        "split {pieces:?} differs from the whole input"
    );
    let want = match (whole.errors.first(), whole.end) {
        (Some(e), _) => Err(e.clone()),
        (None, Some(end)) => Ok(Status::Complete {
            value: Cow::Borrowed(&whole.content[..]),
            consumed: end,
        }),
        (None, None) => Ok(Status::Incomplete),
    };
    assert_eq!(unstuff(data, &opts), want);

    // The data as content.
    check_encoder(data, chunk, &pieces);

    // What lenient mode delivered, sent again.
    if opts.is_lenient() && whole.end.is_some() {
        let mut wire = Vec::new();
        encode_body(&whole.content, BareLineEnds::Normalize, &mut wire).expect("normalizing");
        let back = unstuff(&wire, &ParserOptions::new()).expect("a clean body");
        assert_eq!(
            back,
            Status::Complete {
                value: Cow::Owned(normalized(&whole.content)),
                consumed: wire.len()
            }
        );
    }
}

// ---------------------------------------------------------------------------
// The decoder
// ---------------------------------------------------------------------------

/// What one decoder run produced.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    content: Vec<u8>,
    errors: Vec<Error>,
    /// Bytes consumed through `End`.
    end: Option<usize>,
}

/// One step: checks what every event must satisfy and records it. Returns the bytes
/// consumed, and whether it was `End`.
fn step(dec: &mut BodyDecoder, input: &[u8], out: &mut Outcome, max: u64) -> Option<(usize, bool)> {
    let Status::Complete { value, consumed } = dec.decode(input) else {
        return None;
    };
    assert!(consumed <= input.len());
    let end = match value {
        BodyEvent::Data(d) => {
            assert!(consumed > 0, "Data consumed nothing");
            let (outer, inner) = (input.as_ptr_range(), d.as_ptr_range());
            assert!(
                d.is_empty() || (outer.start <= inner.start && inner.end <= outer.end),
                "Data is not a slice of the input"
            );
            out.content.extend_from_slice(d);
            false
        }
        BodyEvent::Invalid(e) => {
            assert!(
                consumed > 0 || matches!(e.kind, ErrorKind::BodyTooLarge { .. }),
                "{e:?} consumed nothing"
            );
            out.errors.push(e);
            false
        }
        BodyEvent::End => true,
    };
    assert!(out.content.len() as u64 <= max, "content over the limit");
    assert_eq!(dec.size(), out.content.len() as u64);
    Some((consumed, end))
}

fn decode_whole(opts: &ParserOptions, data: &[u8]) -> Outcome {
    let mut dec = BodyDecoder::new(opts);
    let mut out = Outcome {
        content: Vec::new(),
        errors: Vec::new(),
        end: None,
    };
    let mut used = 0;
    // Every event consumes a byte, but for one size-limit error.
    for _ in 0..=data.len() + 2 {
        let Some((consumed, end)) = step(&mut dec, &data[used..], &mut out, opts.max_body_size)
        else {
            assert!(!dec.is_finished());
            return out;
        };
        used += consumed;
        if end {
            out.end = Some(used);
            assert!(dec.is_finished());
            assert_eq!(
                dec.decode(&data[used..]),
                Status::Complete {
                    value: BodyEvent::End,
                    consumed: 0
                }
            );
            return out;
        }
    }
    panic!("no progress");
}

/// Reads of the given sizes (taken in turn) appended to a buffer, `consumed` bytes
/// dropped after each event.
fn decode_pieces(opts: &ParserOptions, data: &[u8], pieces: &[usize]) -> Outcome {
    let mut dec = BodyDecoder::new(opts);
    let mut out = Outcome {
        content: Vec::new(),
        errors: Vec::new(),
        end: None,
    };
    let mut buf: Vec<u8> = Vec::new();
    let (mut fed, mut used, mut turn, mut idle) = (0, 0, 0, 0);
    loop {
        match step(&mut dec, &buf, &mut out, opts.max_body_size) {
            Some((consumed, end)) => {
                buf.drain(..consumed);
                used += consumed;
                if end {
                    out.end = Some(used);
                    return out;
                }
                idle = if consumed == 0 { idle + 1 } else { 0 };
                assert!(idle <= 1, "no progress");
            }
            None => {
                assert!(buf.len() <= 2, "held {} bytes", buf.len());
                if fed == data.len() {
                    return out;
                }
                let n = pieces[turn % pieces.len()].min(data.len() - fed);
                turn += 1;
                buf.extend_from_slice(&data[fed..fed + n]);
                fed += n;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The encoder
// ---------------------------------------------------------------------------

/// The lines of `content`: a CRLF, a lone CR or a lone LF ends a line; the text after
/// the last line end is a last line if it is not empty.
fn lines(content: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < content.len() {
        let ends = match content[i] {
            b'\r' if content.get(i + 1) == Some(&b'\n') => 2,
            b'\r' | b'\n' => 1,
            _ => 0,
        };
        if ends == 0 {
            i += 1;
        } else {
            out.push(&content[start..i]);
            i += ends;
            start = i;
        }
    }
    if start < content.len() {
        out.push(&content[start..]);
    }
    out
}

/// `content` as a client reads it back: every line with CRLF.
fn normalized(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in lines(content) {
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The first bare CR or LF of `content` (a CR at the very end is bare).
fn first_bare(content: &[u8]) -> Option<Error> {
    let mut i = 0;
    while i < content.len() {
        match (content[i], content.get(i + 1)) {
            (b'\r', Some(b'\n')) => i += 2,
            (b'\r', _) => return Some(Error::new(i, ErrorKind::BareCr)),
            (b'\n', _) => return Some(Error::new(i, ErrorKind::BareLf)),
            _ => i += 1,
        }
    }
    None
}

/// A `BodyEncoder` fed `content` in chunks of `chunk` bytes, then finished.
fn encode_chunks(content: &[u8], policy: BareLineEnds, chunk: usize) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    let mut encoder = BodyEncoder::new(policy);
    for piece in content.chunks(chunk) {
        encoder.encode(piece, &mut out)?;
    }
    encoder.finish(&mut out)?;
    Ok(out)
}

fn check_encoder(content: &[u8], chunk: usize, pieces: &[usize]) {
    let mut wire = Vec::new();
    encode_body(content, BareLineEnds::Normalize, &mut wire).expect("normalizing never fails");
    assert_eq!(
        encode_chunks(content, BareLineEnds::Normalize, chunk).as_ref(),
        Ok(&wire),
        "chunks of {chunk}"
    );

    // CR and LF only as CRLF; the terminator at the end.
    assert_eq!(first_bare(&wire), None, "a bare CR or LF on the wire");
    assert!(wire == b".\r\n" || wire.ends_with(b"\r\n.\r\n"));

    let want = normalized(content);
    for opts in [ParserOptions::new(), ParserOptions::lenient()] {
        assert_eq!(
            unstuff(&wire, &opts),
            Ok(Status::Complete {
                value: Cow::Borrowed(&want[..]),
                consumed: wire.len()
            }),
            "{:?} sent as {:?}",
            content.escape_ascii().to_string(),
            wire.escape_ascii().to_string()
        );
        let split = decode_pieces(&opts, &wire, pieces);
        assert_eq!(
            split,
            Outcome {
                content: want.clone(),
                errors: Vec::new(),
                end: Some(wire.len())
            }
        );
    }

    // Refusing bare line ends instead.
    let mut refused = Vec::new();
    let reject = encode_body(content, BareLineEnds::Reject, &mut refused);
    let chunked = encode_chunks(content, BareLineEnds::Reject, chunk);
    match first_bare(content) {
        Some(e) => {
            assert_eq!(reject, Err(e.clone()));
            assert_eq!(chunked, Err(e));
        }
        None => {
            assert_eq!(reject, Ok(()));
            assert_eq!(refused, wire);
            assert_eq!(chunked, Ok(wire));
        }
    }
}
