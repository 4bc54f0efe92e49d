//! Checks of the `smtp_proto_server_stream` fuzz target: the server-side stream
//! decoder (`smtp_proto::stream::server::ServerDecoder`) on any bytes, fed whole
//! and in fuzzer-chosen pieces, driven the way a server drives it.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | bit 0: small limits from bytes 1–3 (else the defaults) |
//! | 1    | small `max_command_line`: `4 + % 60` (see the known issue in `check`) |
//! | 2    | small `max_auth_line`: `% 128` |
//! | 3    | small `max_message_size` (0–255) |
//! | 4, 5 | lengths of the pieces the data is fed in, taken in turn (`+ 1`) |
//! | rest | the data: the bytes a client sends |
//!
//! The bytes `FF FE FD FC` separate independent parts of an input, each checked
//! as a whole input (the checked-in corpus packs several fuzzer inputs into a file
//! that way).
//!
//! The driver answers like a server that accepts everything: after
//! `Command::Data` it calls `start_data()` (354); after `Command::Auth` without an
//! initial response, `expect_auth_line()` (334), and again after a SASL line whose
//! length is `1 % 3` (another 334); after `Command::StartTls`, `start_tls()` (220).
//! BDAT framing is the decoder's own. For strict and lenient mode it checks that
//!
//! 1. nothing panics; every event consumes at most what it was given, and
//!    something unless it ends DATA/BDAT (`DataEnd`, `BdatEnd`, or the size-limit
//!    `Invalid`); `Data`, `BdatChunk` and `Opaque` are non-empty slices of it;
//!    `offset()` counts the bytes consumed;
//! 2. fed the whole data, while it reads commands every event is what
//!    `Command::parse` says about the bytes not consumed yet (the same command
//!    and length, the same error shifted by the stream offset, or "incomplete");
//! 3. fed in pieces, the events are the same — `Skipped` merged into the
//!    `Invalid` before it, adjacent `Data`, `BdatChunk` and `Opaque` pieces joined
//!    — and the same bytes are consumed and kept;
//! 4. after `Incomplete` the bytes kept are bounded: at most two in DATA content,
//!    none in a BDAT chunk, at most a line limit plus one (a CR whose LF has not
//!    arrived) while reading lines.

use crate::parts::take;
use smtp_proto::stream::server::{ServerDecoder, ServerEvent};
use smtp_proto::types::command::Command;
use smtp_proto::{Error, ErrorKind, Mode, ParserOptions, Status};

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
    let size_limit = u64::from(take(&mut rest));
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
                .max_auth_line(auth_limit)
                .max_message_size(size_limit);
        }
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

/// A decoder event with owned contents, for comparing runs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    Command(Command<'static>),
    Data(Vec<u8>),
    DataEnd,
    BdatChunk(Vec<u8>),
    BdatEnd { last: bool },
    AuthLine(Vec<u8>),
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

/// What the driver told the decoder to expect next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Commands,
    AuthLine,
    Content,
    Chunk,
    Tls,
}

/// Feeds `data` to a decoder in pieces of the given lengths (taken in turn), the
/// way a server does: unconsumed bytes are kept and new bytes appended.
fn run(opts: &ParserOptions, data: &[u8], pieces: &[usize], oracle: bool) -> Run {
    let mut dec = ServerDecoder::new(*opts);
    let mut out = Run {
        events: Vec::new(),
        consumed: 0,
        held: Vec::new(),
    };
    let mut expect = Expect::Commands;
    let mut buf: Vec<u8> = Vec::new();
    let mut fed = 0;
    let mut turn = 0;
    while fed < data.len() {
        let n = pieces[turn % pieces.len()].min(data.len() - fed);
        turn += 1;
        buf.extend_from_slice(&data[fed..fed + n]);
        fed += n;
        // Events that consumed nothing in a row (each must change the state).
        let mut idle = 0;
        loop {
            let fresh_command = expect == Expect::Commands && !dec.is_in_content();
            let expected = (oracle && fresh_command).then(|| Command::parse(&buf, opts));
            let status = dec.decode(&buf);
            if let Some(expected) = expected {
                agree(expected, &status, out.consumed);
            }
            let Status::Complete { value, consumed } = status else {
                check_held(opts, expect, &dec, &buf);
                break;
            };
            assert!(
                consumed <= buf.len(),
                "consumed {consumed} of {}",
                buf.len()
            );
            if consumed == 0 {
                let allowed = matches!(
                    value,
                    ServerEvent::DataEnd
                        | ServerEvent::BdatEnd { .. }
                        | ServerEvent::Invalid(Error {
                            kind: ErrorKind::MessageTooLarge { .. },
                            ..
                        })
                );
                assert!(allowed, "{value:?} consumed nothing");
                idle += 1;
                assert!(idle <= 2, "no progress");
            } else {
                idle = 0;
            }
            assert_eq!(dec.offset(), (out.consumed + consumed) as u64);
            record(&mut out, &value, &buf[..consumed]);
            match &value {
                ServerEvent::Command(Command::Data) => {
                    dec.start_data();
                    expect = Expect::Content;
                }
                ServerEvent::Command(Command::Auth {
                    initial_response: None,
                    ..
                }) => {
                    dec.expect_auth_line();
                    expect = Expect::AuthLine;
                }
                ServerEvent::Command(Command::StartTls) => {
                    dec.start_tls();
                    expect = Expect::Tls;
                }
                ServerEvent::Command(Command::Bdat { .. }) => expect = Expect::Chunk,
                ServerEvent::DataEnd | ServerEvent::BdatEnd { .. } => expect = Expect::Commands,
                ServerEvent::AuthLine(line) => {
                    if line.len() % 3 == 1 {
                        dec.expect_auth_line();
                    } else {
                        expect = Expect::Commands;
                    }
                }
                ServerEvent::Invalid(_) if expect == Expect::AuthLine => {
                    expect = Expect::Commands;
                }
                _ => {}
            }
            out.consumed += consumed;
            buf.drain(..consumed);
        }
    }
    out.held = buf;
    out
}

/// Adds one event to the run, merging `Skipped` into its `Invalid` and joining
/// adjacent pieces of content. `taken` is the bytes the event consumed.
fn record(out: &mut Run, value: &ServerEvent<'_>, taken: &[u8]) {
    let piece = |bytes: &[u8]| {
        assert!(!bytes.is_empty(), "empty piece in {value:?}");
        let outer = taken.as_ptr_range();
        let inner = bytes.as_ptr_range();
        assert!(
            outer.start <= inner.start && inner.end <= outer.end,
            "{value:?} is not a slice of the bytes it consumed"
        );
        bytes.to_vec()
    };
    let event = match value {
        ServerEvent::Command(c) => Event::Command(c.clone().into_owned()),
        ServerEvent::Data(b) => Event::Data(piece(b)),
        ServerEvent::DataEnd => Event::DataEnd,
        ServerEvent::BdatChunk(b) => Event::BdatChunk(piece(b)),
        ServerEvent::BdatEnd { last } => Event::BdatEnd { last: *last },
        ServerEvent::AuthLine(b) => {
            assert!(taken.starts_with(b));
            Event::AuthLine(b.to_vec())
        }
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
            assert_eq!(*b, taken);
            Event::Opaque(piece(b))
        }
    };
    match (out.events.last_mut(), event) {
        (Some(Event::Data(all)), Event::Data(more))
        | (Some(Event::BdatChunk(all)), Event::BdatChunk(more))
        | (Some(Event::Opaque(all)), Event::Opaque(more)) => all.extend_from_slice(&more),
        (_, event) => out.events.push(event),
    }
}

/// The decoder's step on fresh command input agrees with `Command::parse` of the
/// same bytes.
fn agree(expected: Result<Status<Command<'_>>, Error>, got: &Status<ServerEvent<'_>>, base: usize) {
    match (expected, got) {
        (Ok(Status::Incomplete), Status::Incomplete) => {}
        (
            Ok(Status::Complete { value, consumed }),
            Status::Complete {
                value: ServerEvent::Command(cmd),
                consumed: n,
            },
        ) => {
            assert_eq!(&value, cmd);
            assert_eq!(consumed, *n);
        }
        (
            Err(e),
            Status::Complete {
                value: ServerEvent::Invalid(got),
                ..
            },
        ) => assert_eq!(&e.shifted(base), got),
        (expected, got) => panic!("Command::parse gives {expected:?}, the decoder {got:?}"),
    }
}

/// The bytes a decoder makes the caller keep after `Incomplete` stay bounded.
fn check_held(opts: &ParserOptions, expect: Expect, dec: &ServerDecoder, buf: &[u8]) {
    let held = buf.len();
    if dec.is_opaque() {
        assert_eq!(held, 0, "bytes held after STARTTLS");
    } else if expect == Expect::Chunk {
        assert!(dec.is_in_content());
        assert_eq!(held, 0, "bytes of a BDAT chunk held");
    } else if dec.is_in_content() {
        assert!(held <= 2, "{held} bytes of content held");
    } else {
        let limit = if expect == Expect::AuthLine {
            opts.max_auth_line
        } else {
            opts.max_command_line.max(opts.max_auth_line)
        };
        // A line may also wait for up to four bytes that may still become "AUTH ",
        // whatever the limits (the AUTH line limit applies only once that is known).
        assert!(
            held <= limit.saturating_add(1).max(4),
            "{held} bytes of a line held (limit {limit})"
        );
    }
}
