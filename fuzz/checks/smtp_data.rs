//! Checks of the `smtp_proto_data` fuzz target: the server-side DATA receiver
//! (`smtp_proto::DataReceiver`) and the client-side dot-stuffing encoder
//! (`smtp_proto::DataEncoder`) on any bytes.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | bit 0: lenient mode; bit 1: `max_message_size` from byte 1 (else the default) |
//! | 1    | small `max_message_size` (0–255) |
//! | 2, 3 | lengths of the pieces the data is fed in, taken in turn (`+ 1`) |
//! | rest | the data: DATA content as a client sends it, and message content to encode |
//!
//! The bytes `FF FE FD FC` separate independent parts of an input, each checked
//! as a whole input (the checked-in corpus packs several fuzzer inputs into a file
//! that way).
//!
//! The receiver is compared with a plain implementation of the rules in its
//! module docs (RFC 5321 §4.1.1.4 and §4.5.2, written here byte by byte): only
//! `CRLF "." CRLF` ends the data, the first byte is a line start, a line starting
//! with `.` loses it, a bare CR or LF is never a line end (strict: one error, the
//! rest of that line through its CRLF dropped; lenient: content), and content over
//! `max_message_size` is one error at the first byte over it, then dropped up to
//! the terminator. It checks that
//!
//! 1. the data followed by `CRLF . CRLF` and more bytes, fed whole and in pieces,
//!    gives exactly the plain implementation's content, errors and end position;
//! 2. the data alone, fed whole and in pieces, gives the same content, errors,
//!    end and unconsumed bytes; after `Incomplete` at most two bytes are kept;
//!    every event consumes something, content is a slice of the input given;
//! 3. `DataEncoder` (normalizing) writes the same bytes whole and in pieces:
//!    exactly the plain dot-stuffing of the content with bare CR and bare LF
//!    turned into CRLF, then the terminator; with a CRLF put before the output
//!    (the end of the `DATA` line), the only `CRLF . CRLF` in it is the final
//!    one; the receiver (strict and lenient) gets the content back, without
//!    errors, and stops exactly at the end of the output;
//! 4. `DataEncoder` (rejecting) fails exactly when the content holds a bare CR
//!    or LF, at the first one, whole and in pieces, and otherwise writes what
//!    the normalizing encoder writes.

use crate::parts::take;
use smtp_proto::{
    BareLineEnds, DataEncoder, DataEvent, DataReceiver, Error, ErrorKind, Mode, ParserOptions,
    Status,
};

/// Runs every check on one fuzzer input (each of its parts, see `parts.rs`); panics on
/// the first failure.
pub(crate) fn check(input: &[u8]) {
    crate::parts::for_each_part(input, check_part);
}

/// The checks on one part of the input.
fn check_part(input: &[u8]) {
    let mut rest = input;
    let cfg = take(&mut rest);
    let small_max = u64::from(take(&mut rest));
    let pieces = [
        usize::from(take(&mut rest)) + 1,
        usize::from(take(&mut rest)) + 1,
    ];
    let data = rest;

    let mode = if cfg & 1 != 0 {
        Mode::Lenient
    } else {
        Mode::Strict
    };
    let mut opts = ParserOptions::new().mode(mode);
    if cfg & 2 != 0 {
        opts = opts.max_message_size(small_max);
    }

    check_receiver(&opts, data, pieces);
    check_encoder(data, pieces);
}

/// What a receiver run produced.
#[derive(Debug, PartialEq, Eq)]
struct Received {
    content: Vec<u8>,
    errors: Vec<Error>,
    /// Bytes consumed through the terminator, when `End` came.
    end: Option<usize>,
    /// Bytes left unconsumed when the input ran out (empty after `End`).
    held: Vec<u8>,
}

fn check_receiver(opts: &ParserOptions, data: &[u8], pieces: [usize; 2]) {
    // 1. Terminated: against the plain implementation.
    let mut terminated = data.to_vec();
    terminated.extend_from_slice(b"\r\n.\r\nQUIT\r\n");
    let expected = plain_receive(&terminated, opts.is_lenient(), opts.max_message_size);
    assert!(expected.end.is_some(), "the plain receiver missed the end");
    let whole = receive(opts, &terminated, &[terminated.len()]);
    assert_eq!(whole, expected, "receiver differs from the RFC rules");
    let split = receive(opts, &terminated, &pieces);
    assert_eq!(split, expected, "receiver in pieces {pieces:?} differs");

    // 2. The data alone: any split gives the same.
    let whole = receive(opts, data, &[data.len().max(1)]);
    let split = receive(opts, data, &pieces);
    assert_eq!(split, whole, "receiver in pieces {pieces:?} differs");
    // What came before the end is what the plain rules give on the same prefix.
    if let Some(end) = whole.end {
        assert_eq!(
            plain_receive(&data[..end], opts.is_lenient(), opts.max_message_size),
            whole
        );
    } else {
        let upto = data.len() - whole.held.len();
        assert_eq!(&data[upto..], &whole.held[..]);
    }
}

/// Feeds `data` to a receiver in pieces of the given lengths (taken in turn), the
/// way a server does: unconsumed bytes are kept and new bytes appended.
fn receive(opts: &ParserOptions, data: &[u8], pieces: &[usize]) -> Received {
    let mut rx = DataReceiver::new(opts);
    let mut out = Received {
        content: Vec::new(),
        errors: Vec::new(),
        end: None,
        held: Vec::new(),
    };
    let mut buf: Vec<u8> = Vec::new();
    let mut consumed_all = 0;
    let mut fed = 0;
    let mut turn = 0;
    'feed: while fed < data.len() {
        let n = pieces[turn % pieces.len()].min(data.len() - fed);
        turn += 1;
        buf.extend_from_slice(&data[fed..fed + n]);
        fed += n;
        loop {
            let Status::Complete { value, consumed } = rx.decode(&buf) else {
                assert!(buf.len() <= 2, "{} bytes held back", buf.len());
                break;
            };
            // Only the size-limit error may consume nothing (it is reported on the
            // call after the content that reached the limit, whatever comes next),
            // and only once: every other event makes progress.
            let zero_ok = matches!(
                value,
                DataEvent::Invalid(Error {
                    kind: ErrorKind::MessageTooLarge { .. },
                    ..
                })
            );
            assert!(
                (consumed > 0 || zero_ok) && consumed <= buf.len(),
                "{value:?} consumed {consumed} of {}",
                buf.len()
            );
            consumed_all += consumed;
            match value {
                DataEvent::Content(bytes) => {
                    let range = buf.as_ptr_range();
                    let inner = bytes.as_ptr_range();
                    assert!(
                        range.start <= inner.start && inner.end <= range.end,
                        "content is not a slice of the input"
                    );
                    out.content.extend_from_slice(bytes);
                }
                DataEvent::Invalid(error) => out.errors.push(error),
                DataEvent::End => {
                    out.end = Some(consumed_all);
                    assert!(rx.is_finished());
                    assert_eq!(
                        rx.decode(&buf[consumed..]),
                        Status::Complete {
                            value: DataEvent::End,
                            consumed: 0
                        }
                    );
                    break 'feed;
                }
            }
            buf.drain(..consumed);
        }
    }
    if out.end.is_none() {
        out.held = buf;
    }
    let too_large = out
        .errors
        .iter()
        .any(|e| matches!(e.kind, ErrorKind::MessageTooLarge { .. }));
    assert!(rx.size() <= opts.max_message_size);
    if !too_large {
        assert_eq!(rx.size(), out.content.len() as u64);
    }
    out
}

/// The receiving rules, byte by byte, on `input` from the first content byte.
fn plain_receive(input: &[u8], lenient: bool, max: u64) -> Received {
    let mut out = Received {
        content: Vec::new(),
        errors: Vec::new(),
        end: None,
        held: Vec::new(),
    };
    let mut over = false;
    let mut i = 0;
    let mut line_start = true;
    loop {
        if line_start {
            if input[i..].starts_with(b".\r\n") {
                out.end = Some(i + 3);
                return out;
            }
            if input.get(i) == Some(&b'.') {
                i += 1;
            }
            line_start = false;
        }
        let Some(&b) = input.get(i) else {
            return out;
        };
        if b == b'\r' && input.get(i + 1) == Some(&b'\n') {
            deliver(&mut out, &mut over, max, i, b'\r');
            deliver(&mut out, &mut over, max, i + 1, b'\n');
            i += 2;
            line_start = true;
        } else if (b == b'\r' || b == b'\n') && !lenient && !over {
            let kind = if b == b'\r' {
                ErrorKind::BareCr
            } else {
                ErrorKind::BareLf
            };
            out.errors.push(Error::new(i, kind));
            match input[i..].windows(2).position(|w| w == b"\r\n") {
                Some(at) => {
                    i += at + 2;
                    line_start = true;
                }
                None => return out,
            }
        } else {
            deliver(&mut out, &mut over, max, i, b);
            i += 1;
        }
    }
}

/// Delivers one content byte at input offset `at` within the size limit `max`; the
/// first byte over it is an error and sets `over`, after which nothing is delivered.
fn deliver(out: &mut Received, over: &mut bool, max: u64, at: usize, byte: u8) {
    if *over {
        return;
    }
    if out.content.len() as u64 >= max {
        *over = true;
        out.errors
            .push(Error::new(at, ErrorKind::MessageTooLarge { limit: max }));
    } else {
        out.content.push(byte);
    }
}

fn check_encoder(data: &[u8], pieces: [usize; 2]) {
    let normalized = plain_normalize(data);
    let expected = plain_stuff(&normalized);

    let whole = encode(BareLineEnds::Normalize, data, &[data.len().max(1)]);
    assert_eq!(
        whole.as_ref(),
        Ok(&expected),
        "encoder differs from the rules"
    );
    let split = encode(BareLineEnds::Normalize, data, &pieces);
    assert_eq!(split.as_ref(), Ok(&expected), "encoder in pieces differs");

    // The terminator appears once, at the end, even counting the DATA line's CRLF.
    let mut wire = b"\r\n".to_vec();
    wire.extend_from_slice(&expected);
    let first = wire.windows(5).position(|w| w == b"\r\n.\r\n");
    assert_eq!(first, Some(wire.len() - 5), "CRLF.CRLF inside the content");

    // The receiver gets the (normalized) content back and stops at the end.
    let mut content = normalized.clone();
    if !content.is_empty() && !content.ends_with(b"\r\n") {
        content.extend_from_slice(b"\r\n");
    }
    let mut sent = expected.clone();
    sent.extend_from_slice(b"RSET\r\n");
    for opts in [ParserOptions::new(), ParserOptions::lenient()] {
        let got = receive(&opts, &sent, &pieces);
        assert_eq!(
            got,
            Received {
                content: content.clone(),
                errors: Vec::new(),
                end: Some(expected.len()),
                held: Vec::new(),
            }
        );
    }

    // Rejecting bare line ends.
    let reject_whole = encode(BareLineEnds::Reject, data, &[data.len().max(1)]);
    let reject_split = encode(BareLineEnds::Reject, data, &pieces);
    assert_eq!(
        reject_whole, reject_split,
        "rejecting encoder in pieces differs"
    );
    match plain_first_bare(data) {
        Some(error) => assert_eq!(reject_whole, Err(error)),
        None => assert_eq!(reject_whole, Ok(expected)),
    }
}

/// Encodes `data` in pieces and finishes.
fn encode(policy: BareLineEnds, data: &[u8], pieces: &[usize]) -> Result<Vec<u8>, Error> {
    let mut enc = DataEncoder::new(policy);
    let mut out = Vec::new();
    let mut fed = 0;
    let mut turn = 0;
    while fed < data.len() {
        let n = pieces[turn % pieces.len()].min(data.len() - fed);
        turn += 1;
        enc.encode(&data[fed..fed + n], &mut out)?;
        fed += n;
    }
    enc.finish(&mut out)?;
    Ok(out)
}

/// Every bare CR and bare LF replaced with CRLF.
fn plain_normalize(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'\r' => {
                out.extend_from_slice(b"\r\n");
                i += if data.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
            }
            b'\n' => {
                out.extend_from_slice(b"\r\n");
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// RFC 5321 §4.5.2 dot-stuffing of CRLF-only text, a CRLF after a last line that
/// lacks one, and the terminating `"." CRLF`.
fn plain_stuff(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 5);
    for (i, &b) in text.iter().enumerate() {
        let line_start = i == 0 || text[..i].ends_with(b"\r\n");
        if line_start && b == b'.' {
            out.push(b'.');
        }
        out.push(b);
    }
    if !text.is_empty() && !text.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
    out
}

/// The first bare CR or bare LF of `data`.
fn plain_first_bare(data: &[u8]) -> Option<Error> {
    data.iter().enumerate().find_map(|(i, &b)| match b {
        b'\r' if data.get(i + 1) != Some(&b'\n') => Some(Error::new(i, ErrorKind::BareCr)),
        b'\n' if i == 0 || data[i - 1] != b'\r' => Some(Error::new(i, ErrorKind::BareLf)),
        _ => None,
    })
}
