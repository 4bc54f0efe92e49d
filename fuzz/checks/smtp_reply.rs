//! Checks of the `smtp_proto_reply` fuzz target: SMTP replies (`smtp_proto::Reply`,
//! `smtp_proto::EhloReply`) and the client-side stream decoder
//! (`smtp_proto::ClientDecoder`) on any bytes, in strict and lenient mode.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | bit 0: small limits from bytes 1 and 2 (else the defaults); bit 1: the decoder switches to TLS after a 220 reply that is not the first event |
//! | 1    | small `max_reply_line`: `% 80` |
//! | 2    | small `max_reply_lines`: `% 6` (0 counts as 1) |
//! | 3, 4 | lengths of the pieces the data is fed in, taken in turn (`+ 1`) |
//! | rest | the data: the bytes a server sends |
//!
//! The bytes `FF FE FD FC` separate independent parts of an input, each checked
//! as a whole input (the checked-in corpus packs several fuzzer inputs into a file
//! that way).
//!
//! For each mode it checks that
//!
//! 1. nothing panics; every step of the decoder consumes at least one byte and at
//!    most what it was given;
//! 2. fed the whole data, every decoder event is what `Reply::parse` says about the
//!    bytes not yet consumed (the same reply and length, the same error shifted by
//!    the stream offset, or "incomplete");
//! 3. fed in pieces, the decoder gives the same events (a `Skipped` merged into the
//!    `Invalid` before it, adjacent `Opaque` bytes joined), consumes the same
//!    bytes, and keeps the same bytes unconsumed at the end;
//! 4. whenever the decoder asks for more input, the bytes it makes the caller keep
//!    are bounded by the limits: the line being read holds at most
//!    `max_reply_line` bytes of text plus a CR whose LF has not arrived (a longer
//!    line is reported "as soon as the limit is passed"), and the earlier lines of
//!    the same reply are fewer than `max_reply_lines`, each at most
//!    `max_reply_line + 2` bytes;
//! 5. every accepted reply encodes to `encoded_len` bytes that hold CR and LF only
//!    as CRLF pairs, one per line, and parse back to the same reply in the same
//!    mode (lenient mode may add the SP separator a line lacked, hence a line
//!    limit one larger for the re-parse); its enhanced status codes print and
//!    parse back;
//! 6. `EhloReply::from_reply` in either mode never panics; an error points into
//!    the encoded reply; an accepted EHLO reply converts to a `Reply` with the
//!    same bytes, and both the conversion and the bytes parse back to it.

use crate::parts::take;
use smtp_proto::stream::client::{ClientDecoder, ClientEvent};
use smtp_proto::{EhloReply, EnhancedStatus, Error, Mode, ParserOptions, Reply, Status};

/// Runs every check on one fuzzer input (each of its parts, see `parts.rs`); panics on
/// the first failure.
pub(crate) fn check(input: &[u8]) {
    crate::parts::for_each_part(input, check_part);
}

/// The checks on one part of the input.
fn check_part(input: &[u8]) {
    let mut rest = input;
    let cfg = take(&mut rest);
    let line_limit = usize::from(take(&mut rest) % 80);
    let lines_limit = usize::from(take(&mut rest) % 6);
    let pieces = [
        usize::from(take(&mut rest)) + 1,
        usize::from(take(&mut rest)) + 1,
    ];
    let data = rest;
    let tls = cfg & 2 != 0;

    for mode in [Mode::Strict, Mode::Lenient] {
        let mut opts = ParserOptions::new().mode(mode);
        if cfg & 1 != 0 {
            opts = opts.max_reply_line(line_limit).max_reply_lines(lines_limit);
        }
        check_mode(&opts, data, pieces, tls);
    }
}

/// A decoder event with owned contents, for comparing runs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    Reply(Reply<'static>),
    Invalid(Error),
    Opaque(Vec<u8>),
}

/// What one decoder run produced.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    /// Each event with the bytes it consumed (`Skipped` added to its `Invalid`).
    events: Vec<(Event, usize)>,
    /// Bytes consumed in all.
    consumed: usize,
    /// Bytes left unconsumed at the end.
    held: Vec<u8>,
}

fn check_mode(opts: &ParserOptions, data: &[u8], pieces: [usize; 2], tls: bool) {
    // `EhloReply::parse` straight from the raw bytes: its fast path is compared with the
    // exact parse (`Reply::parse` + `from_reply`) by a debug assertion inside the crate,
    // and must agree with that composition here too.
    let direct = EhloReply::parse(data, opts);
    let composed = Reply::parse(data, opts).and_then(|status| match status {
        Status::Complete { value, consumed } => {
            EhloReply::from_reply(&value, opts).map(|e| Status::Complete {
                value: e.into_owned(),
                consumed,
            })
        }
        Status::Incomplete => Ok(Status::Incomplete),
    });
    if let (Ok(d), Ok(c)) = (&direct, &composed) {
        assert_eq!(
            d.clone().map(EhloReply::into_owned),
            c.clone(),
            "EhloReply::parse differs from Reply::parse + from_reply"
        );
    }
    assert_eq!(
        direct.is_ok(),
        composed.is_ok(),
        "{direct:?} vs {composed:?}"
    );
    // Whole input, each step compared with the one-shot parser.
    let whole = run(opts, data, &[data.len().max(1)], tls, true);
    assert_eq!(whole.consumed + whole.held.len(), data.len());
    assert_eq!(&data[whole.consumed..], &whole.held[..]);

    // Any split gives the same events.
    let split = run(opts, data, &pieces, tls, false);
    assert_eq!(
        split, whole,
        "split {pieces:?} differs from the whole input"
    );

    // The first reply by itself.
    if let Ok(Status::Complete { value, .. }) = Reply::parse(data, opts) {
        check_reply(opts, &value);
    }
    for (event, _) in &whole.events {
        if let Event::Reply(reply) = event {
            check_reply(opts, reply);
        }
    }
}

/// Feeds `data` to a decoder in pieces of the given lengths (taken in turn), the
/// way a client does: unconsumed bytes are kept and new bytes appended.
fn run(opts: &ParserOptions, data: &[u8], pieces: &[usize], tls: bool, oracle: bool) -> Run {
    let mut decoder = ClientDecoder::new(*opts);
    let mut out = Run {
        events: Vec::new(),
        consumed: 0,
        held: Vec::new(),
    };
    let mut buf: Vec<u8> = Vec::new();
    let mut fed = 0;
    let mut turn = 0;
    while fed < data.len() {
        let n = pieces[turn % pieces.len()].min(data.len() - fed);
        turn += 1;
        buf.extend_from_slice(&data[fed..fed + n]);
        fed += n;
        loop {
            let expected = (oracle && !decoder.is_tls()).then(|| Reply::parse(&buf, opts));
            let status = decoder.decode(&buf);
            if let Some(expected) = expected {
                agree(expected, &status, out.consumed);
            }
            let Status::Complete { value, consumed } = status else {
                check_held(opts, &buf);
                break;
            };
            assert!(
                consumed > 0 && consumed <= buf.len(),
                "consumed {consumed} of {}",
                buf.len()
            );
            assert_eq!(decoder.offset(), (out.consumed + consumed) as u64);
            match value {
                ClientEvent::Reply(reply) => {
                    let switch = tls && reply.code().get() == 220 && !out.events.is_empty();
                    out.events
                        .push((Event::Reply(reply.into_owned()), consumed));
                    if switch {
                        decoder.start_tls();
                    }
                }
                ClientEvent::Invalid(error) => out.events.push((Event::Invalid(error), consumed)),
                ClientEvent::Skipped => match out.events.last_mut() {
                    Some((Event::Invalid(_), n)) => *n += consumed,
                    other => panic!("Skipped after {other:?}"),
                },
                ClientEvent::Opaque(bytes) => {
                    assert_eq!(bytes, &buf[..consumed]);
                    match out.events.last_mut() {
                        Some((Event::Opaque(all), n)) => {
                            all.extend_from_slice(bytes);
                            *n += consumed;
                        }
                        _ => out.events.push((Event::Opaque(bytes.to_vec()), consumed)),
                    }
                }
            }
            out.consumed += consumed;
            buf.drain(..consumed);
        }
    }
    out.held = buf;
    out
}

/// The decoder's step on fresh input agrees with `Reply::parse` of the same bytes.
fn agree(expected: Result<Status<Reply<'_>>, Error>, got: &Status<ClientEvent<'_>>, base: usize) {
    match (expected, got) {
        (Ok(Status::Incomplete), Status::Incomplete) => {}
        (
            Ok(Status::Complete { value, consumed }),
            Status::Complete {
                value: ClientEvent::Reply(reply),
                consumed: n,
            },
        ) => {
            assert_eq!(&value, reply);
            assert_eq!(consumed, *n);
        }
        (
            Err(e),
            Status::Complete {
                value: ClientEvent::Invalid(got),
                ..
            },
        ) => assert_eq!(&e.shifted(base), got),
        (expected, got) => panic!("Reply::parse gives {expected:?}, the decoder {got:?}"),
    }
}

/// The bytes a decoder makes the caller keep after `Incomplete` stay within the limits.
fn check_held(opts: &ParserOptions, buf: &[u8]) {
    let line_start = buf.iter().rposition(|&b| b == b'\n').map_or(0, |lf| lf + 1);
    let current = buf.len() - line_start;
    assert!(
        current <= opts.max_reply_line.saturating_add(1),
        "{current} bytes of an unfinished line held (limit {})",
        opts.max_reply_line
    );
    let earlier_lines = buf[..line_start].iter().filter(|&&b| b == b'\n').count();
    assert!(
        earlier_lines < opts.max_reply_lines.max(1),
        "{earlier_lines} finished lines held (limit {})",
        opts.max_reply_lines
    );
    assert!(
        line_start <= earlier_lines * opts.max_reply_line.saturating_add(2),
        "finished lines of {line_start} bytes held"
    );
}

/// Encoding, re-parsing and EHLO interpretation of an accepted reply.
fn check_reply(opts: &ParserOptions, reply: &Reply<'_>) {
    let bytes = reply.to_bytes();
    assert_eq!(bytes.len(), reply.encoded_len());
    let mut via_bufmut = Vec::new();
    reply.encode(&mut via_bufmut);
    assert_eq!(via_bufmut, bytes);
    check_line_ends(&bytes, reply.line_count());
    assert!(reply.line_count() >= 1);
    assert_eq!(reply.is_multiline(), reply.line_count() > 1);
    assert_eq!(reply.lines().count(), reply.line_count());

    let reparse_opts = opts.max_reply_line(opts.max_reply_line.saturating_add(1));
    assert_eq!(
        Reply::parse(&bytes, &reparse_opts),
        Ok(Status::Complete {
            value: reply.clone(),
            consumed: bytes.len()
        }),
        "encoded as {:?}",
        bytes.escape_ascii().to_string()
    );
    assert_eq!(&reply.clone().into_owned(), reply);

    for line in reply.lines() {
        if let Some((status, rest)) = EnhancedStatus::parse_prefix(line) {
            assert!(matches!(status.class(), 2 | 4 | 5));
            assert!(status.subject() <= 999 && status.detail() <= 999);
            assert!(line.ends_with(rest));
            let printed = status.to_string();
            assert_eq!(
                EnhancedStatus::parse_prefix(printed.as_bytes()),
                Some((status, &b""[..]))
            );
        }
    }
    if let Some(status) = reply.enhanced_status() {
        assert_eq!(status.class(), reply.code().class_digit());
    }

    for mode in [Mode::Strict, Mode::Lenient] {
        let ehlo_opts = reparse_opts.mode(mode);
        match EhloReply::from_reply(reply, &ehlo_opts) {
            Ok(ehlo) => check_ehlo(&ehlo_opts, &ehlo),
            Err(e) => assert!(
                e.offset <= bytes.len(),
                "EHLO error {e:?} outside the {} bytes of the reply",
                bytes.len()
            ),
        }
    }
}

/// An accepted EHLO reply re-encodes and parses back to itself.
fn check_ehlo(opts: &ParserOptions, ehlo: &EhloReply<'_>) {
    let bytes = ehlo.to_bytes();
    let as_reply = ehlo.to_reply();
    assert_eq!(as_reply.to_bytes(), bytes);
    check_line_ends(&bytes, as_reply.line_count());
    assert_eq!(
        EhloReply::from_reply(&as_reply, opts).as_ref(),
        Ok(ehlo),
        "EHLO reply re-encoded as {:?}",
        bytes.escape_ascii().to_string()
    );
    assert_eq!(
        EhloReply::parse(&bytes, opts),
        Ok(Status::Complete {
            value: ehlo.clone(),
            consumed: bytes.len()
        })
    );
    assert_eq!(&ehlo.clone().into_owned(), ehlo);
}

/// `bytes` holds CR and LF only as CRLF pairs, `lines` of them, the last at the end.
fn check_line_ends(bytes: &[u8], lines: usize) {
    let mut pairs = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\r' => assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}"),
            b'\n' => {
                assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at {i}");
                pairs += 1;
            }
            _ => {}
        }
    }
    assert_eq!(pairs, lines);
    assert!(bytes.ends_with(b"\r\n"));
}
