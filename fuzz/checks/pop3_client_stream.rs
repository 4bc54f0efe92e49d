//! Checks of the `pop3_proto_client_stream` fuzz target: `pop3_proto::ClientDecoder` on
//! arbitrary server bytes after an arbitrary sequence of commands sent.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | bit 0: lenient mode; bit 1: a small `max_body_size` (byte 1); bit 2: a small `max_reply_line` (byte 2); bit 3: no greeting expected |
//! | 1, 2 | the small limits (0–255) |
//! | 3, 4 | lengths of the pieces the split run is fed, taken in turn (`+ 1`) |
//! | 5    | how many commands were sent (`% 16`), then one byte each choosing from [`COMMANDS`] |
//! | rest | what the server sent |
//!
//! The bytes `FF FE FD FC` separate independent parts of an input (see `parts.rs`).
//!
//! It checks that
//!
//! 1. fed the server bytes whole, the decoder never panics and stops: every event but
//!    an `Invalid` consumes at least one byte, `consumed` never passes the input, every
//!    `MessageData` is a non-empty slice of the input and every `Opaque` the bytes it
//!    consumed, `Skipped` only follows `Invalid`, `offset()` counts what was consumed;
//! 2. its work stays linear: `bytes_examined()` is at most 80 times the input (the body
//!    scanner checks a 64-byte block ahead of each stop, and hostile input can make it
//!    stop every few bytes: a bare CR every 5 bytes costs about 13 bytes examined per
//!    byte; a rescan of a growing buffer would be quadratic and pass any constant);
//! 3. fed in pieces the way a caller does (keeping what was not consumed and appending
//!    the next read), it gives the same events — with `MessageData` and `Opaque` pieces
//!    joined and `Skipped` folded into the `Invalid` before it — and leaves the same
//!    number of bytes unconsumed;
//! 4. every decoded status line, continuation and greeting re-encodes to something the
//!    parser reads back as the same value.

use crate::parts::take;
use pop3_proto::stream::client::{ClientDecoder, ClientEvent, Listing};
use pop3_proto::types::command::{Command, CommandKind};
use pop3_proto::types::reply::{Continuation, Reply};
use pop3_proto::{Error, ParserOptions, Status};

/// Runs every check on one fuzzer input (each of its parts, see `parts.rs`); panics on
/// the first failure.
pub(crate) fn check(input: &[u8]) {
    crate::parts::for_each_part(input, check_part);
}

/// The commands an input can say were sent (RFC 1939, 2449, 2595, 5034, 6856 forms that
/// differ in how they are answered).
const COMMANDS: &[&[u8]] = &[
    b"STAT",
    b"LIST",
    b"LIST 1",
    b"UIDL",
    b"UIDL 1",
    b"RETR 1",
    b"TOP 1 0",
    b"CAPA",
    b"AUTH PLAIN",
    b"AUTH",
    b"STLS",
    b"LANG",
    b"DELE 1",
    b"NOOP",
    b"QUIT",
    b"USER alice",
];

/// One event, owned, in a form that does not depend on how the input was split.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Greeting(Reply<'static>),
    Reply(Option<CommandKind>, Reply<'static>),
    Continuation(Continuation<'static>),
    MessageStart(CommandKind, Reply<'static>),
    Data(Vec<u8>),
    MessageEnd,
    Listing(CommandKind, Reply<'static>, Listing<'static>),
    Invalid(Error),
    Opaque(Vec<u8>),
}

fn check_part(input: &[u8]) {
    let mut rest = input;
    let cfg = take(&mut rest);
    let small_body = take(&mut rest);
    let small_line = take(&mut rest);
    let pieces = [take(&mut rest), take(&mut rest)];
    let mut opts = if cfg & 1 != 0 {
        ParserOptions::lenient()
    } else {
        ParserOptions::default()
    };
    if cfg & 2 != 0 {
        opts = opts.max_body_size(u64::from(small_body));
    }
    if cfg & 4 != 0 {
        opts = opts.max_reply_line(usize::from(small_line));
    }
    let mut decoder = if cfg & 8 != 0 {
        ClientDecoder::without_greeting(opts)
    } else {
        ClientDecoder::new(opts)
    };
    let count = take(&mut rest) % 16;
    for _ in 0..count {
        let line = COMMANDS[usize::from(take(&mut rest)) % COMMANDS.len()];
        let command = Command::parse_line(line, &ParserOptions::default())
            .expect("the table holds valid commands");
        decoder.sent(&command);
    }
    let server = rest;

    let (whole, left_whole, (examined, calls)) = run(decoder.clone(), server, &[usize::MAX], &opts);
    // Linear work: each byte is looked at a bounded number of times.
    assert!(
        examined <= 80 * server.len() as u64 + 1024,
        "{examined} bytes examined for {} bytes of input in {calls} calls",
        server.len()
    );
    let sizes = [usize::from(pieces[0]) + 1, usize::from(pieces[1]) + 1];
    let (split, left_split, _) = run(decoder, server, &sizes, &opts);
    assert_eq!(split, whole, "events differ when the input is split");
    assert_eq!(left_split, left_whole, "unconsumed bytes differ when split");
}

/// Feeds `server` to `decoder` in reads of the given sizes (taken in turn), the caller
/// keeping what was not consumed: returns the events, the bytes left unconsumed at the
/// end, and the decoder's work counter with the number of `decode` calls.
fn run(
    mut decoder: ClientDecoder,
    server: &[u8],
    sizes: &[usize],
    opts: &ParserOptions,
) -> (Vec<Ev>, usize, (u64, usize)) {
    let mut events: Vec<Ev> = Vec::new();
    let mut start = 0; // first byte not consumed
    let mut end = 0; // end of what has been "read"
    let mut turn = 0;
    let mut last_invalid = false;
    let mut steps = 0usize;
    while end < server.len() || turn == 0 {
        end = end
            .saturating_add(sizes[turn % sizes.len()])
            .min(server.len());
        turn += 1;
        loop {
            steps += 1;
            assert!(steps <= 4 * server.len() + 64, "the decoder does not stop");
            let input = &server[start..end];
            let Status::Complete { value, consumed } = decoder.decode(input) else {
                break;
            };
            assert!(consumed <= input.len(), "consumed more than given");
            let ev = match value {
                ClientEvent::Greeting(r) => {
                    check_reply(&r, opts);
                    Ev::Greeting(r.into_owned())
                }
                ClientEvent::Reply { command, reply } => {
                    check_reply(&reply, opts);
                    Ev::Reply(command, reply.into_owned())
                }
                ClientEvent::Continuation(c) => {
                    let again = c.to_bytes();
                    let parsed = Continuation::parse(&again, opts)
                        .expect("a decoded continuation re-encodes to a valid one");
                    assert_eq!(
                        parsed,
                        Status::Complete {
                            value: c.clone(),
                            consumed: again.len()
                        }
                    );
                    Ev::Continuation(c.into_owned())
                }
                ClientEvent::MessageStart { command, reply } => {
                    check_reply(&reply, opts);
                    Ev::MessageStart(command, reply.into_owned())
                }
                ClientEvent::MessageData(d) => {
                    assert!(!d.is_empty(), "MessageData is never empty");
                    let base = input.as_ptr() as usize;
                    let at = d.as_ptr() as usize;
                    assert!(
                        at >= base && at + d.len() <= base + input.len(),
                        "MessageData is a slice of the input"
                    );
                    Ev::Data(d.to_vec())
                }
                ClientEvent::MessageEnd => Ev::MessageEnd,
                ClientEvent::Listing {
                    command,
                    reply,
                    listing,
                } => {
                    check_reply(&reply, opts);
                    Ev::Listing(command, reply.into_owned(), listing.into_owned())
                }
                ClientEvent::Invalid(e) => Ev::Invalid(e),
                ClientEvent::Skipped => {
                    assert!(consumed > 0, "Skipped consumes bytes");
                    assert!(last_invalid, "Skipped follows an Invalid");
                    start += consumed;
                    continue;
                }
                ClientEvent::Opaque(d) => {
                    assert_eq!(d, &input[..consumed], "Opaque is the bytes it consumed");
                    Ev::Opaque(d.to_vec())
                }
            };
            if !matches!(ev, Ev::Invalid(_)) {
                assert!(consumed > 0, "{ev:?} consumes bytes");
            }
            last_invalid = matches!(ev, Ev::Invalid(_));
            start += consumed;
            match (events.last_mut(), ev) {
                (Some(Ev::Data(a)), Ev::Data(b)) | (Some(Ev::Opaque(a)), Ev::Opaque(b)) => {
                    a.extend_from_slice(&b);
                }
                (_, ev) => events.push(ev),
            }
        }
        if end >= server.len() {
            break;
        }
    }
    assert_eq!(
        decoder.offset(),
        start as u64,
        "offset() counts consumed bytes"
    );
    (
        events,
        server.len() - start,
        (decoder.bytes_examined(), steps),
    )
}

/// A decoded status line re-encodes to a line that parses back to the same value.
fn check_reply(reply: &Reply<'_>, opts: &ParserOptions) {
    let again = reply.to_bytes();
    let parsed = Reply::parse(&again, &opts.max_reply_line(usize::MAX))
        .expect("a decoded reply re-encodes to a valid one");
    assert_eq!(
        parsed,
        Status::Complete {
            value: reply.clone(),
            consumed: again.len()
        }
    );
}
