//! Checks of the `imap_proto_command` fuzz target: client bytes through
//! `Command::parse_message`, `AuthData::parse_line_with`, `parse_idle_done_with` and a
//! `ServerDecoder`, on any input.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout: parts joined by `FF FE FD FC` (see `parts.rs`); in each part, one header
//! byte (bit 0: lenient mode; bit 1: small limits — depth 8, 16 items, lines of 200
//! octets, AUTHENTICATE lines of 100, literals of 300, messages of 2000, 4 literals;
//! bit 2: the decoder first expects an AUTHENTICATE line (`expect_auth_line`), else
//! IDLE's `DONE` (`expect_done`); bits 3–7: where to split the input for the decoder),
//! then the client's bytes. The whole part is also given to `Command::parse` (the
//! one-shot parser: the first message of a buffer holding all of it) and to
//! `parse_message` as one message.
//!
//! The decoder is driven like a server that accepts everything: it answers every
//! `NeedContinuation` with `continuation_sent()`, expects an AUTHENTICATE line after
//! `AUTHENTICATE` without an initial response and after each base64 line, `DONE`
//! after `IDLE`, and opaque bytes after `STARTTLS` and `COMPRESS`. It checks that
//!
//! 1. nothing panics, and an error's offset is within the input;
//! 2. a command read (one-shot or by the decoder) re-encodes — with the default
//!    `EncodeOptions` and with `literal_plus` — to bytes that `parse_message` (same
//!    options, line and literal limits lifted) reads back as the same value:
//!    `parse(encode(parse(b))) == parse(b)`; the `Encoded` fragments put together are its
//!    bytes, and a synchronizing literal fragment exists exactly when
//!    `has_sync_literal()` says so;
//! 3. an AUTHENTICATE line or `DONE` read (one-shot or by the decoder) re-encodes to a
//!    line that parses back (strictly) to the same value;
//! 4. the decoder fed the input whole, and fed it in two pieces split where the header
//!    says (keeping the unconsumed bytes and appending, as a server does), gives the same
//!    events at the same offsets (the bytes of an invalid message may be divided
//!    differently between `Invalid` and `Skipped`; `Opaque` pieces are joined), its
//!    events tile the input exactly (only `NeedContinuation` consumes nothing), and a
//!    command it reads equals
//!    `Command::parse_message` and `Command::parse` of that message's bytes;
//! 5. what `Command::parse` reads from the part is `parse_message` of the bytes it says
//!    it used.

use imap_proto::encode::core::{EncodeOptions, Encoded, Fragment};
use imap_proto::stream::server::{ServerDecoder, ServerEvent};
use imap_proto::types::command::{
    AuthData, Command, CommandBody, IDLE_DONE, parse_idle_done, parse_idle_done_with,
};
use imap_proto::{ParserOptions, Status};

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
        o = o
            .max_depth(8)
            .max_items(16)
            .max_line(200)
            .max_auth_line(100)
            .max_literal(300)
            .max_message(2000)
            .max_literals(4);
    }
    o
}

fn check_part(part: &[u8]) {
    let mut rest = part;
    let header = crate::parts::take(&mut rest);
    let opts = options(header);
    let auth_first = header & 4 == 4;
    one_shot(rest, &opts);
    let whole = decode(rest, &opts, auth_first, usize::MAX);
    let split_at = usize::from(header >> 3) * rest.len() / 31;
    let split = decode(rest, &opts, auth_first, split_at);
    assert_eq!(
        comparable(&whole),
        comparable(&split),
        "split at {split_at}"
    );
}

/// Checks 1–3 for the one-shot parsers on the whole part.
fn one_shot(input: &[u8], opts: &ParserOptions) {
    match Command::parse(input, opts) {
        Ok(Status::Complete { value, consumed }) => {
            assert!(consumed <= input.len());
            assert_eq!(
                Command::parse_message(&input[..consumed], opts).as_ref(),
                Ok(&value)
            );
            reparse(&value, opts);
        }
        Ok(Status::Incomplete) => {}
        Err(e) => offset_within(&e, input),
    }
    match Command::parse_message(input, opts) {
        Ok(c) => reparse(&c, opts),
        Err(e) => offset_within(&e, input),
    }
    match AuthData::parse_line_with(input, opts) {
        Ok(a) => auth_back(&a),
        Err(e) => offset_within(&e, input),
    }
    match parse_idle_done_with(input, opts) {
        Ok(()) => assert_eq!(parse_idle_done(IDLE_DONE), Ok(())),
        Err(e) => offset_within(&e, input),
    }
}

/// An error's offset points into the input (or just past its end).
fn offset_within(e: &imap_proto::Error, input: &[u8]) {
    assert!(
        e.offset <= input.len(),
        "offset {} of {}",
        e.offset,
        input.len()
    );
}

/// `parse(encode(x)) == x` for an AUTHENTICATE line (strict).
fn auth_back(a: &AuthData<'_>) {
    let line = a.encode();
    assert_eq!(
        AuthData::parse_line(&line).as_ref(),
        Ok(a),
        "{a:?} wrote {line:?}"
    );
    assert_eq!(&a.clone().into_owned(), a);
}

/// The options with the line and size limits lifted (encoding may lengthen a line).
fn lifted(opts: &ParserOptions) -> ParserOptions {
    opts.max_line(usize::MAX / 2)
        .max_literal(u64::MAX / 2)
        .max_message(u64::MAX / 2)
        .max_literals(usize::MAX / 2)
}

/// `parse(encode(x)) == x` for a parsed command, with and without LITERAL+.
fn reparse(value: &Command<'_>, opts: &ParserOptions) {
    let lifted = lifted(opts);
    for eo in [
        EncodeOptions::default(),
        EncodeOptions::default().literal_plus(true),
    ] {
        let enc = value.encode(&eo);
        fragments_agree(&enc);
        let bytes = enc.as_bytes();
        match Command::parse_message(bytes, &lifted) {
            Ok(again) => assert_eq!(
                &again,
                value,
                "wrote {:?}",
                bytes.escape_ascii().to_string()
            ),
            Err(e) => panic!(
                "{value:?} wrote {:?}, which gives {e:?}",
                bytes.escape_ascii().to_string()
            ),
        }
    }
    assert_eq!(&value.clone().into_owned(), value);
}

/// The fragments of an encoded message put together are its bytes; a synchronizing
/// literal is among them exactly when `has_sync_literal` says so; a line fragment ends
/// with LF. Returns the number of synchronizing literals.
fn fragments_agree(enc: &Encoded) -> usize {
    let mut joined = Vec::new();
    let mut sync = 0;
    for f in enc.fragments() {
        match f {
            Fragment::Line(l) => {
                assert!(l.ends_with(b"\n"), "line fragment {l:?}");
                joined.extend_from_slice(l);
            }
            Fragment::Literal { data, sync: s } => {
                if s {
                    sync += 1;
                }
                joined.extend_from_slice(data);
            }
        }
    }
    assert_eq!(joined, enc.as_bytes());
    assert_eq!(sync > 0, enc.has_sync_literal());
    sync
}

/// An event with its stream offset and length.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Command(String),
    NeedContinuation(u64),
    LiteralRefused(usize),
    AuthData(String),
    IdleDone,
    /// An invalid message: offset of the error.
    Invalid(usize),
    Skipped,
    Opaque,
}

/// What the server expects next after an event (the driving of the decoder).
fn drive(dec: &mut ServerDecoder, ev: &ServerEvent<'_>) {
    match ev {
        ServerEvent::NeedContinuation { .. } => dec.continuation_sent(),
        ServerEvent::Command(c) => match &c.body {
            CommandBody::Authenticate {
                initial_response: None,
                ..
            } => dec.expect_auth_line(),
            CommandBody::Idle => dec.expect_done(),
            CommandBody::StartTls | CommandBody::Compress { .. } => dec.set_opaque(),
            _ => {}
        },
        // The server sends another challenge after each response.
        ServerEvent::AuthData(AuthData::Data(_)) => dec.expect_auth_line(),
        _ => {}
    }
}

/// Runs a decoder over `input` given in two pieces (`at` and the rest); checks the tiling.
fn decode(
    input: &[u8],
    opts: &ParserOptions,
    auth_first: bool,
    at: usize,
) -> Vec<(u64, usize, Ev)> {
    let at = at.min(input.len());
    let mut dec = ServerDecoder::new(*opts);
    if auth_first {
        dec.expect_auth_line();
    } else {
        dec.expect_done();
    }
    let mut buf: Vec<u8> = Vec::new();
    let mut out = Vec::new();
    for piece in [&input[..at], &input[at..]] {
        buf.extend_from_slice(piece);
        loop {
            // Every event but NeedContinuation consumes a byte, and NeedContinuation is
            // reported once per literal: at most two events per byte.
            assert!(
                out.len() <= 2 * input.len() + 2,
                "the decoder does not stop"
            );
            let offset = dec.offset();
            let Status::Complete { value, consumed } = dec.decode(&buf) else {
                break;
            };
            assert!(consumed <= buf.len());
            let ev = match &value {
                ServerEvent::Command(c) => {
                    // The same bytes through the one-shot parser give the same value.
                    match Command::parse_message(&buf[..consumed], opts) {
                        Ok(again) => assert_eq!(&again, c),
                        Err(e) => panic!("decoder read {c:?}, parse_message gives {e:?}"),
                    }
                    assert_eq!(
                        Command::parse(&buf[..consumed], opts),
                        Ok(Status::Complete {
                            value: c.clone(),
                            consumed
                        })
                    );
                    reparse(c, opts);
                    Ev::Command(format!("{c:?}"))
                }
                ServerEvent::NeedContinuation { size } => {
                    assert_eq!(consumed, 0);
                    Ev::NeedContinuation(*size)
                }
                ServerEvent::LiteralRefused(e) => {
                    assert!(e.offset as u64 <= offset + buf.len() as u64);
                    Ev::LiteralRefused(e.offset)
                }
                ServerEvent::AuthData(a) => {
                    assert_eq!(
                        AuthData::parse_line_with(&buf[..consumed], opts).as_ref(),
                        Ok(a)
                    );
                    auth_back(a);
                    Ev::AuthData(format!("{a:?}"))
                }
                ServerEvent::IdleDone => {
                    assert_eq!(parse_idle_done_with(&buf[..consumed], opts), Ok(()));
                    Ev::IdleDone
                }
                ServerEvent::Invalid(e) => {
                    assert!(e.offset as u64 <= offset + buf.len() as u64);
                    Ev::Invalid(e.offset)
                }
                ServerEvent::Skipped => Ev::Skipped,
                ServerEvent::Opaque(_) => Ev::Opaque,
            };
            if !matches!(ev, Ev::NeedContinuation(_)) {
                assert!(consumed > 0, "{ev:?} consumed nothing");
            }
            drive(&mut dec, &value);
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
    assert_eq!(dec.offset(), next);
    out
}

/// The events with invalid runs merged (their bytes may divide differently) and opaque
/// pieces joined (each read gives one).
fn comparable(events: &[(u64, usize, Ev)]) -> Vec<(u64, Ev)> {
    let mut out: Vec<(u64, Ev)> = Vec::new();
    for (offset, _, ev) in events {
        if *ev == Ev::Skipped {
            if let Some((_, Ev::Invalid(_) | Ev::LiteralRefused(_))) = out.last() {
                continue;
            }
        }
        if *ev == Ev::Opaque && matches!(out.last(), Some((_, Ev::Opaque))) {
            continue;
        }
        out.push((*offset, ev.clone()));
    }
    out
}
