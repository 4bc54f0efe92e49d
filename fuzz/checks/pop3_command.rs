//! Checks of the `pop3_proto_command` fuzz target: POP3 command lines
//! (`pop3_proto::Command`) parsed from any bytes in strict and lenient mode,
//! re-encoded, and fed to the server-side stream decoder (`pop3_proto::ServerDecoder`)
//! whole and in fuzzer-chosen pieces.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | bit 0: small limits from bytes 1 and 2 (else the defaults) |
//! | 1    | small `max_command_line`: `% 64` |
//! | 2    | small `max_auth_line`: `% 128` |
//! | 3, 4 | lengths of the pieces the data is fed to the decoder in, taken in turn (`+ 1`) |
//! | rest | the data: the bytes a client sends |
//!
//! The bytes `FF FE FD FC` separate independent parts of an input, each checked
//! as a whole input (the checked-in corpus packs several fuzzer inputs into a file
//! that way).
//!
//! In each mode it checks that
//!
//! 1. `Command::parse` and `Command::parse_line` never panic and their errors point
//!    into their input; the whole data and each LF-separated line of it (without a
//!    CR before the LF) are parsed with `parse_line`;
//! 2. the lines of the data are parsed one after the other with `Command::parse`
//!    (pipelining) until one fails or is incomplete; each complete one ends with
//!    an LF (with a CR before it in strict mode) and is what `parse_line` gives for
//!    the line's text; `parse` is incomplete only while no LF has arrived;
//! 3. every accepted command encodes (through `encode` and `to_bytes`) to one line
//!    with exactly one CRLF, at its end, starting with its keyword; the line parses
//!    back to the same command in the mode it came from and in strict mode — so `parse(encode(parse(b))) == parse(b)`; `into_owned` keeps it
//!    equal; `kind()` matches the keyword;
//! 4. a line strict mode accepts is accepted by lenient mode as the same kind of
//!    command, and as the same command unless lenient mode has something to drop
//!    (trailing SP/HT, or a run of SPs);
//! 5. the `ServerDecoder`, driven like a server that accepts everything
//!    (`expect_auth_line()` after `AUTH mechanism` without an initial response and
//!    after a SASL line whose encoding is `1 % 3` bytes long, `start_tls()` after
//!    `STLS`), fed the whole data gives at each step what `Command::parse` (or
//!    `AuthLine::parse` after a continuation) says about the bytes not consumed
//!    yet, with error offsets shifted by the stream offset;
//! 6. fed in pieces, the decoder gives the same events (`Skipped` merged into the
//!    `Invalid` before it, adjacent `Opaque` bytes joined), consumes the same
//!    bytes and keeps the same; every event consumes at least one byte and
//!    `offset()` counts them; after `Incomplete` it keeps at most a line limit
//!    plus one byte (a CR whose LF has not arrived), or four bytes that may still
//!    become `AUTH `; `bytes_examined()` stays within three times the bytes fed
//!    plus the number of calls (no rescanning of a growing line).

use crate::parts::take;
use pop3_proto::types::command::AuthLine;
use pop3_proto::{
    Command, CommandKind, Error, Mode, ParserOptions, ServerDecoder, ServerEvent, Status,
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
    let command_limit = usize::from(take(&mut rest) % 64);
    let auth_limit = usize::from(take(&mut rest) % 128);
    let pieces = [
        usize::from(take(&mut rest)) + 1,
        usize::from(take(&mut rest)) + 1,
    ];
    let data = rest;

    for mode in [Mode::Strict, Mode::Lenient] {
        let mut opts = ParserOptions::new().mode(mode);
        if cfg & 1 != 0 {
            opts = opts
                .max_command_line(command_limit)
                .max_auth_line(auth_limit);
        }
        check_lines(&opts, data);
        let whole = run(&opts, data, &[data.len().max(1)], true);
        assert_eq!(whole.consumed + whole.held.len(), data.len());
        assert_eq!(&data[whole.consumed..], &whole.held[..]);
        let split = run(&opts, data, &pieces, false);
        assert_eq!(
            split, whole,
            "split {pieces:?} differs from the whole input"
        );
    }
}

// ---------------------------------------------------------------------------
// One-shot parsing
// ---------------------------------------------------------------------------

fn check_lines(opts: &ParserOptions, data: &[u8]) {
    // The whole data as one line's text.
    check_line_text(opts, data);

    // Each line on its own.
    if data.contains(&b'\n') {
        for line in data.split(|&b| b == b'\n').take(64) {
            check_line_text(opts, line.strip_suffix(b"\r").unwrap_or(line));
        }
    }

    // Pipelined lines.
    let mut rest = data;
    for _ in 0..64 {
        match Command::parse(rest, opts) {
            Ok(Status::Complete { value, consumed }) => {
                assert!(consumed > 0 && consumed <= rest.len());
                assert_eq!(rest[consumed - 1], b'\n', "a line ends with LF");
                let text_end = if consumed >= 2 && rest[consumed - 2] == b'\r' {
                    consumed - 2
                } else {
                    assert!(opts.is_lenient(), "LF-only line end in strict mode");
                    consumed - 1
                };
                assert_eq!(
                    Command::parse_line(&rest[..text_end], opts).as_ref(),
                    Ok(&value)
                );
                check_command(opts, &value);
                rest = &rest[consumed..];
            }
            Ok(Status::Incomplete) => {
                assert!(!rest.contains(&b'\n'), "incomplete with a line end");
                break;
            }
            Err(e) => {
                check_error(&e, rest);
                break;
            }
        }
    }
}

/// `parse_line` on `line`, and the checks of an accepted command.
fn check_line_text(opts: &ParserOptions, line: &[u8]) {
    match Command::parse_line(line, opts) {
        Ok(cmd) => {
            check_command(opts, &cmd);
            if !opts.is_lenient() {
                check_lenient_agrees(line, &cmd);
            }
        }
        Err(e) => check_error(&e, line),
    }
}

/// An error points into (or just past the end of) the input it came from.
fn check_error(e: &Error, input: &[u8]) {
    assert!(
        e.offset <= input.len(),
        "error {e:?} past the end of {} bytes",
        input.len()
    );
}

/// Encoding and re-parsing an accepted command.
fn check_command(opts: &ParserOptions, cmd: &Command<'_>) {
    let bytes = cmd.to_bytes();
    let mut via_bufmut = Vec::new();
    cmd.encode(&mut via_bufmut);
    assert_eq!(via_bufmut, bytes);
    let shown = bytes.escape_ascii().to_string();
    assert!(bytes.ends_with(b"\r\n"), "no CRLF at the end of {shown}");
    let text = &bytes[..bytes.len() - 2];
    assert!(
        !text.iter().any(|&b| b == b'\r' || b == b'\n'),
        "CR or LF inside {shown}"
    );
    let keyword = cmd.keyword();
    assert!(
        bytes.len() >= keyword.len()
            && bytes[..keyword.len()].eq_ignore_ascii_case(keyword.as_bytes()),
        "{shown} does not start with {keyword}"
    );
    match cmd.kind().keyword() {
        Some(known) => assert_eq!(known, keyword),
        None => assert!(matches!(cmd, Command::Unknown { .. })),
    }
    // The keyword is followed by SP or the line end.
    assert!(matches!(bytes[keyword.len()], b' ' | b'\r'), "{shown}");

    // Lift the limits: the encoding may be longer than the parsed line.
    let big = usize::MAX / 2;
    let mut modes = vec![*opts];
    if opts.is_lenient() {
        modes.push(ParserOptions::new());
    }
    for mode_opts in modes {
        let reparse = mode_opts.max_command_line(big).max_auth_line(big);
        assert_eq!(
            Command::parse(&bytes, &reparse),
            Ok(Status::Complete {
                value: cmd.clone(),
                consumed: bytes.len()
            }),
            "{cmd:?} encoded as {shown} (re-parsed in {:?} mode)",
            reparse.mode
        );
    }
    assert_eq!(&cmd.clone().into_owned(), cmd);
}

/// A line strict mode accepted as `cmd` is accepted by lenient mode as the same kind
/// of command, and as `cmd` itself unless lenient mode drops something from it:
/// trailing SP/HT (not after PASS, whose argument is kept as sent) or a run of SPs.
fn check_lenient_agrees(line: &[u8], cmd: &Command<'_>) {
    let lenient = Command::parse_line(line, &ParserOptions::lenient())
        .unwrap_or_else(|e| panic!("strict accepts {cmd:?}, lenient refuses: {e}"));
    assert_eq!(lenient.kind(), cmd.kind());
    let drops =
        line.ends_with(b" ") || line.ends_with(b"\t") || line.windows(2).any(|w| w == b"  ");
    if !drops || cmd.kind() == CommandKind::Pass {
        assert_eq!(&lenient, cmd, "strict and lenient mode differ");
    }
}

// ---------------------------------------------------------------------------
// The server-side stream decoder
// ---------------------------------------------------------------------------

/// A decoder event with owned contents, for comparing runs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    Command(Command<'static>),
    AuthLine(AuthLine<'static>),
    Invalid(Error),
    Opaque(Vec<u8>),
}

/// What one decoder run produced.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    events: Vec<Event>,
    /// Bytes consumed in all.
    consumed: usize,
    /// Bytes left unconsumed at the end.
    held: Vec<u8>,
}

/// Feeds `data` to a decoder in pieces of the given lengths (taken in turn), the way a
/// server does: unconsumed bytes are kept and new bytes appended. With `oracle`, each
/// step is compared with the one-shot parsers.
fn run(opts: &ParserOptions, data: &[u8], pieces: &[usize], oracle: bool) -> Run {
    let mut dec = ServerDecoder::new(*opts);
    let mut out = Run {
        events: Vec::new(),
        consumed: 0,
        held: Vec::new(),
    };
    let mut buf: Vec<u8> = Vec::new();
    let mut fed = 0;
    let mut turn = 0;
    let mut calls = 0u64;
    while fed < data.len() {
        let n = pieces[turn % pieces.len()].min(data.len() - fed);
        turn += 1;
        buf.extend_from_slice(&data[fed..fed + n]);
        fed += n;
        loop {
            let expected = if !oracle || dec.is_opaque() {
                None
            } else if dec.is_expecting_auth_line() {
                Some(AuthLine::parse(&buf, opts).map(|s| s.map(Event::from_auth)))
            } else {
                Some(Command::parse(&buf, opts).map(|s| s.map(Event::from_command)))
            };
            let status = dec.decode(&buf);
            calls += 1;
            if let Some(expected) = expected {
                agree(expected, &status, out.consumed);
            }
            let Status::Complete { value, consumed } = status else {
                check_held(opts, &dec, &buf);
                break;
            };
            assert!(
                consumed > 0 && consumed <= buf.len(),
                "{value:?} consumed {consumed} of {}",
                buf.len()
            );
            assert_eq!(dec.offset(), (out.consumed + consumed) as u64);
            record(&mut out, &value, &buf[..consumed]);
            match &value {
                ServerEvent::Command(Command::Auth {
                    initial_response: None,
                    ..
                }) => dec.expect_auth_line(),
                ServerEvent::Command(Command::Stls) => dec.start_tls(),
                ServerEvent::AuthLine(line) if line.to_bytes().len() % 3 == 1 => {
                    dec.expect_auth_line();
                }
                _ => {}
            }
            out.consumed += consumed;
            buf.drain(..consumed);
        }
    }
    // Linear work: each byte is scanned a bounded number of times (framing, parsing, and
    // the fused USER/APOP path once per line), plus per call at most one byte (a CR at the
    // end of the input, which the framing and the fused path may both read again), plus
    // what the fused path reads past a line that turns out shorter than it looked (at most
    // 34 bytes, on a line's first call).
    let lines = out.events.len() as u64 + 1;
    assert!(
        dec.bytes_examined() <= 3 * data.len() as u64 + 2 * calls + 34 * lines,
        "{} bytes examined for {} bytes in {calls} calls, {lines} lines",
        dec.bytes_examined(),
        data.len(),
    );
    out.held = buf;
    out
}

impl Event {
    fn from_command(cmd: Command<'_>) -> Self {
        Self::Command(cmd.into_owned())
    }

    fn from_auth(line: AuthLine<'_>) -> Self {
        Self::AuthLine(line.into_owned())
    }
}

/// Adds one event to the run, merging `Skipped` into its `Invalid` and joining
/// adjacent opaque bytes. `taken` is the bytes the event consumed.
fn record(out: &mut Run, value: &ServerEvent<'_>, taken: &[u8]) {
    let event = match value {
        ServerEvent::Command(c) => Event::Command(c.clone().into_owned()),
        ServerEvent::AuthLine(l) => Event::AuthLine(l.clone().into_owned()),
        ServerEvent::Invalid(e) => Event::Invalid(e.clone()),
        ServerEvent::Skipped => {
            assert!(
                matches!(out.events.last(), Some(Event::Invalid(_))),
                "Skipped after {:?}",
                out.events.last()
            );
            return;
        }
        ServerEvent::Opaque(b) => {
            assert_eq!(*b, taken, "Opaque is what it consumed");
            Event::Opaque(b.to_vec())
        }
    };
    match (out.events.last_mut(), event) {
        (Some(Event::Opaque(all)), Event::Opaque(more)) => all.extend_from_slice(&more),
        (_, event) => out.events.push(event),
    }
}

/// The decoder's step agrees with the one-shot parser on the same bytes; `base` is
/// the stream offset of the first of them.
fn agree(expected: Result<Status<Event>, Error>, got: &Status<ServerEvent<'_>>, base: usize) {
    match (expected, got) {
        (Ok(Status::Incomplete), Status::Incomplete) => {}
        (
            Ok(Status::Complete { value, consumed }),
            Status::Complete {
                value: event,
                consumed: n,
            },
        ) => {
            let event = match event {
                ServerEvent::Command(c) => Event::Command(c.clone().into_owned()),
                ServerEvent::AuthLine(l) => Event::AuthLine(l.clone().into_owned()),
                other => panic!("the parser gives {value:?}, the decoder {other:?}"),
            };
            assert_eq!(value, event);
            assert_eq!(consumed, *n);
        }
        (
            Err(e),
            Status::Complete {
                value: ServerEvent::Invalid(got),
                ..
            },
        ) => assert_eq!(&e.shifted(base), got),
        (expected, got) => panic!("the parser gives {expected:?}, the decoder {got:?}"),
    }
}

/// The bytes a decoder makes the caller keep after `Incomplete` stay bounded.
fn check_held(opts: &ParserOptions, dec: &ServerDecoder, buf: &[u8]) {
    let held = buf.len();
    if dec.is_opaque() {
        assert_eq!(held, 0, "bytes held after STLS");
        return;
    }
    let limit = if dec.is_expecting_auth_line() {
        opts.max_auth_line
    } else {
        opts.max_command_line.max(opts.max_auth_line)
    };
    assert!(
        held <= limit.saturating_add(1).max(4),
        "{held} bytes of a line held (limit {limit})"
    );
}
