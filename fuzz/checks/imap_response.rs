//! Checks of the `imap_proto_response` fuzz target: server bytes through
//! `Response::parse`, `Greeting::parse_message` and a `ClientDecoder`, on any input.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout: parts joined by `FF FE FD FC` (see `parts.rs`); in each part, one header
//! byte (bit 0: lenient mode; bit 1: small limits — depth 8, 16 items, lines of 200
//! octets, literals of 300; bits 2–7: where to split the input for the decoder), then the
//! server's bytes.
//!
//! It checks that
//!
//! 1. nothing panics, and an error's offset is within the input;
//! 2. a response `Response::parse` reads uses at most the input, and encoding it gives
//!    bytes that parse (whole, with the same options) to the same value — the law
//!    `parse(encode(parse(b))) == parse(b)`; the same for a greeting;
//! 3. a `ClientDecoder` fed the input whole, and fed it in two pieces split where the
//!    header says, gives the same events at the same offsets (the bytes of an invalid
//!    message may be divided differently between `Invalid` and `Skipped`), its events tile
//!    the input exactly, and a response it reads equals what `Response::parse` reads from
//!    the same offset.

use imap_proto::encode::core::EncodeOptions;
use imap_proto::stream::client::{ClientDecoder, ClientEvent};
use imap_proto::{Greeting, ParserOptions, Response, Status};

/// Runs every check on one fuzzer input (each of its parts); panics on the first failure.
pub(crate) fn check(input: &[u8]) {
    crate::parts::for_each_part(input, check_part);
}

fn options(header: u8) -> ParserOptions {
    let mut o = if header & 1 == 1 {
        ParserOptions::lenient()
    } else {
        ParserOptions::new()
    };
    if header & 2 == 2 {
        o = o.max_depth(8).max_items(16).max_line(200).max_literal(300);
    }
    o
}

fn check_part(part: &[u8]) {
    let mut rest = part;
    let header = crate::parts::take(&mut rest);
    let opts = options(header);
    one_shot(rest, &opts);
    let whole = decode(rest, &opts, usize::MAX);
    let split_at = usize::from(header >> 2) * rest.len() / 63;
    let split = decode(rest, &opts, split_at);
    assert_eq!(
        comparable(&whole),
        comparable(&split),
        "split at {split_at}"
    );
}

/// Check 2 (and 1 for the one-shot parsers).
fn one_shot(input: &[u8], opts: &ParserOptions) {
    match Response::parse(input, opts) {
        Ok(Status::Complete { value, consumed }) => {
            assert!(consumed <= input.len());
            reparse(&value, opts);
        }
        Ok(Status::Incomplete) => {}
        Err(e) => assert!(
            e.offset <= input.len(),
            "offset {} of {}",
            e.offset,
            input.len()
        ),
    }
    if let Ok(g) = Greeting::parse_message(input, opts) {
        let bytes = g.encode(&EncodeOptions::default()).into_bytes();
        let again = Greeting::parse_message(&bytes, opts)
            .unwrap_or_else(|e| panic!("greeting {g:?} wrote {bytes:?}: {e}"));
        assert_eq!(again, g);
    }
}

/// `parse(encode(x)) == x` for a parsed response.
fn reparse(value: &Response<'_>, opts: &ParserOptions) {
    let bytes = value.encode(&EncodeOptions::default()).into_bytes();
    // Encoding may lengthen a line (escapes, literal headers): lift the line limit.
    let lifted = opts.max_line(usize::MAX / 2);
    match Response::parse(&bytes, &lifted) {
        Ok(Status::Complete {
            value: again,
            consumed,
        }) => {
            assert_eq!(consumed, bytes.len(), "{value:?} wrote {bytes:?}");
            assert_eq!(&again, value, "wrote {bytes:?}");
        }
        other => panic!("{value:?} wrote {bytes:?}, which gives {other:?}"),
    }
}

/// An event with its stream offset and length.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Greeting(String),
    Response(String),
    /// An invalid message: offset of the error.
    Invalid(usize),
    Skipped,
    Opaque,
}

/// Runs a decoder over `input` given in two pieces (`at` and the rest); checks the tiling.
fn decode(input: &[u8], opts: &ParserOptions, at: usize) -> Vec<(u64, usize, Ev)> {
    let at = at.min(input.len());
    let mut dec = ClientDecoder::new(*opts);
    let mut buf: Vec<u8> = Vec::new();
    let mut out = Vec::new();
    for piece in [&input[..at], &input[at..]] {
        buf.extend_from_slice(piece);
        loop {
            let offset = dec.offset();
            let Status::Complete { value, consumed } = dec.decode(&buf) else {
                break;
            };
            let ev = match value {
                ClientEvent::Greeting(g) => Ev::Greeting(format!("{g:?}")),
                ClientEvent::Response(r) => {
                    // The same bytes through the one-shot parser give the same value.
                    match Response::parse(&buf[..consumed], opts) {
                        Ok(Status::Complete { value, consumed: c }) => {
                            assert_eq!(c, consumed);
                            assert_eq!(value, r);
                        }
                        other => panic!("decoder read {r:?}, parse gives {other:?}"),
                    }
                    reparse(&r, opts);
                    Ev::Response(format!("{r:?}"))
                }
                ClientEvent::Invalid(e) => {
                    assert!(e.offset as u64 <= offset + buf.len() as u64);
                    Ev::Invalid(e.offset)
                }
                ClientEvent::Skipped => Ev::Skipped,
                ClientEvent::Opaque(_) => Ev::Opaque,
            };
            assert!(consumed > 0, "an event consumed nothing");
            out.push((offset, consumed, ev));
            buf.drain(..consumed);
        }
    }
    // Tiling: each event starts where the last ended.
    let mut next = 0u64;
    for (offset, len, _) in &out {
        assert_eq!(*offset, next);
        next += *len as u64;
    }
    assert_eq!(next + buf.len() as u64, input.len() as u64);
    out
}

/// The events with invalid runs merged (their bytes may divide differently).
fn comparable(events: &[(u64, usize, Ev)]) -> Vec<(u64, Ev)> {
    let mut out: Vec<(u64, Ev)> = Vec::new();
    for (offset, _, ev) in events {
        if *ev == Ev::Skipped {
            if let Some((_, Ev::Invalid(_))) = out.last() {
                continue;
            }
        }
        out.push((*offset, ev.clone()));
    }
    out
}
