//! Checks of the `imap_proto_framing` fuzz target: `imap_proto::Framer` on arbitrary bytes,
//! either side, strict or lenient, with the default or small fuzzer-chosen limits.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | bit 0: client side; bit 1: lenient; bit 2: small limits (bytes 1–5); bit 3: LITERAL- (the non-synchronizing limit is byte 6); bit 4: `expect_line` after a message holding `AUTHENTICATE` or `IDLE`; bit 5: `set_opaque` after a message holding `STARTTLS`; bit 6: `refuse_literal` on every other `NeedContinuation` |
//! | 1–5  | the small `max_line`, `max_literal`, `max_literals` (`% 8`), `max_message` (× 4), `max_auth_line` |
//! | 6    | the LITERAL- limit |
//! | 7, 8 | lengths of the pieces the split run is fed, taken in turn (`+ 1`) |
//! | rest | the stream |
//!
//! The bytes `FF FE FD FC` separate independent parts of an input (see `parts.rs`).
//!
//! It checks that
//!
//! 1. fed the stream whole, the framer never panics and stops; the consumed ranges tile
//!    the input prefix exactly (every `Message`, `Line` and `Opaque` is the slice it
//!    consumed); every event but `NeedContinuation` (and an `Invalid` or `LiteralRefused`,
//!    which consume at least the bytes they report) consumes something; `Skipped` only
//!    follows `Invalid`, `LiteralRefused`'s discarding or `refuse_literal`; `offset()`
//!    counts what was consumed; error offsets lie in the bytes consumed by the event;
//! 2. every `Message` ends with LF and is one well-formed message by a plain checker
//!    written here (segments without NUL or bare CR, CRLF or — lenient — LF line ends,
//!    the literals their markers announce), within `max_message`, with at most
//!    `max_literals` literals and segments within `max_line`; every `Line` within
//!    `max_auth_line` and ending with LF; `NeedContinuation` only on the server side;
//! 3. the work stays linear: `bytes_examined()` is at most 4 times the input plus two
//!    bytes per call (a rescan of a growing buffer would be quadratic);
//! 4. fed one byte at a time and in fuzzer-chosen pieces the way a caller does (keeping
//!    what was not consumed and appending), it gives the same events — `Skipped` folded
//!    into the event before it, `Opaque` pieces joined — and leaves the same bytes; after
//!    `Incomplete` the caller never holds more than `max_message` bytes (or a line limit
//!    plus one).

use crate::parts::take;
use imap_proto::stream::framing::{FrameEvent, Framer, Side};
use imap_proto::{Error, Mode, ParserOptions, Status};

/// Runs every check on one fuzzer input (each of its parts, see `parts.rs`); panics on
/// the first failure.
pub(crate) fn check(input: &[u8]) {
    crate::parts::for_each_part(input, check_part);
}

/// One event, owned, in a form that does not depend on how the input was split.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Message(Vec<u8>),
    Line(Vec<u8>),
    Need(u64),
    Refused(Error),
    Invalid(Error),
    Skipped,
    Opaque(Vec<u8>),
}

/// How the caller reacts to events (the same in every run).
#[derive(Debug, Clone, Copy)]
struct Caller {
    auth_lines: bool,
    starttls: bool,
    refuse: bool,
}

/// What one run gave.
struct Run {
    events: Vec<(Ev, usize)>,
    left: usize,
    examined: u64,
    calls: u64,
    max_held: usize,
}

fn check_part(input: &[u8]) {
    let mut rest = input;
    let cfg = take(&mut rest);
    let small = [
        take(&mut rest),
        take(&mut rest),
        take(&mut rest),
        take(&mut rest),
        take(&mut rest),
    ];
    let nonsync = take(&mut rest);
    let pieces = [take(&mut rest), take(&mut rest)];
    let stream = rest;

    let side = if cfg & 1 != 0 {
        Side::Client
    } else {
        Side::Server
    };
    let mut opts = ParserOptions::default().mode(if cfg & 2 != 0 {
        Mode::Lenient
    } else {
        Mode::Strict
    });
    if cfg & 4 != 0 {
        opts = opts
            .max_line(usize::from(small[0]))
            .max_literal(u64::from(small[1]))
            .max_literals(usize::from(small[2] % 8))
            .max_message(u64::from(small[3]) * 4)
            .max_auth_line(usize::from(small[4]));
    }
    let mut framer = Framer::new(side, opts);
    if cfg & 8 != 0 {
        framer = framer.max_nonsync_literal(Some(u64::from(nonsync)));
    }
    let caller = Caller {
        auth_lines: cfg & 16 != 0,
        starttls: cfg & 32 != 0,
        refuse: cfg & 64 != 0,
    };

    let whole = run(framer.clone(), stream, &[stream.len().max(1)], caller);
    let n = stream.len() as u64;
    assert!(
        whole.examined <= 4 * n + 2 * whole.calls + 16,
        "{} bytes examined for {n} bytes in {} calls",
        whole.examined,
        whole.calls
    );
    for (ev, _) in &whole.events {
        match ev {
            Ev::Message(m) => {
                assert_eq!(m.last(), Some(&b'\n'), "a message ends with LF");
                let literals = well_formed(m, opts.is_lenient(), opts.max_line)
                    .unwrap_or_else(|why| panic!("{why}: {m:?}"));
                assert!(literals <= opts.max_literals, "too many literals");
                assert!(m.len() as u64 <= opts.max_message, "message too large");
            }
            Ev::Line(l) => {
                assert_eq!(l.last(), Some(&b'\n'), "a line ends with LF");
                let text = l.len() - if l.ends_with(b"\r\n") { 2 } else { 1 };
                assert!(text <= opts.max_auth_line, "line too long");
            }
            Ev::Need(_) => assert_eq!(side, Side::Server, "NeedContinuation on the client side"),
            _ => {}
        }
    }
    let sizes = [usize::from(pieces[0]) + 1, usize::from(pieces[1]) + 1];
    for sizes in [&[1][..], &sizes] {
        let split = run(framer.clone(), stream, sizes, caller);
        assert_eq!(
            split.events, whole.events,
            "events differ when split {sizes:?}"
        );
        assert_eq!(split.left, whole.left, "bytes left differ when split");
        let hold = usize::try_from(opts.max_message)
            .unwrap_or(usize::MAX)
            .max(opts.max_auth_line.saturating_add(1));
        assert!(split.max_held <= hold, "held {} bytes", split.max_held);
        assert!(
            split.examined <= 4 * n + 2 * split.calls + 16,
            "{} bytes examined for {n} bytes in {} calls",
            split.examined,
            split.calls
        );
    }
}

/// Feeds `stream` in reads of `sizes` (taken in turn), keeping what was not consumed.
fn run(mut framer: Framer, stream: &[u8], sizes: &[usize], caller: Caller) -> Run {
    let mut events: Vec<(Ev, usize)> = Vec::new();
    let (mut start, mut end, mut turn) = (0usize, 0usize, 0usize);
    let (mut calls, mut max_held, mut needs) = (0u64, 0usize, 0u64);
    // Whether a Skipped may come next.
    let mut discarding = false;
    loop {
        let last = end == stream.len();
        end = end
            .saturating_add(sizes[turn % sizes.len()])
            .min(stream.len());
        turn += 1;
        loop {
            calls += 1;
            assert!(
                calls <= 4 * stream.len() as u64 + 64,
                "the framer does not stop"
            );
            let given = &stream[start..end];
            let Status::Complete { value, consumed } = framer.decode(given) else {
                max_held = max_held.max(given.len());
                break;
            };
            assert!(consumed <= given.len(), "consumed more than given");
            let slice = &given[..consumed];
            let base = start;
            start += consumed;
            assert_eq!(
                framer.offset(),
                start as u64,
                "offset() counts consumed bytes"
            );
            let error_in_range = |e: &Error| {
                assert!(
                    e.offset >= base && e.offset < start.max(base + 1),
                    "error offset {} outside {base}..{start}",
                    e.offset
                );
            };
            let was_discarding = discarding;
            discarding = false;
            let ev = match value {
                FrameEvent::Message(m) => {
                    assert_eq!(m, slice, "a message is the bytes it consumed");
                    if framer.side() == Side::Server
                        && caller.auth_lines
                        && (contains(m, b"AUTHENTICATE") || contains(m, b"IDLE"))
                    {
                        framer.expect_line();
                    }
                    if caller.starttls && contains(m, b"STARTTLS") {
                        framer.set_opaque();
                    }
                    Ev::Message(m.to_vec())
                }
                FrameEvent::Line(l) => {
                    assert_eq!(l, slice, "a line is the bytes it consumed");
                    Ev::Line(l.to_vec())
                }
                FrameEvent::NeedContinuation { size } => {
                    assert_eq!(consumed, 0, "NeedContinuation consumes nothing");
                    assert_eq!(framer.awaiting_continuation(), Some(size));
                    assert_eq!(framer.decode(given), Status::Incomplete, "reported twice");
                    needs += 1;
                    if caller.refuse && needs % 2 == 0 {
                        framer.refuse_literal();
                        discarding = true;
                    } else {
                        framer.continuation_sent();
                    }
                    Ev::Need(size)
                }
                FrameEvent::LiteralRefused(e) => {
                    assert!(consumed > 0);
                    error_in_range(&e);
                    Ev::Refused(e)
                }
                FrameEvent::Invalid(e) => {
                    assert!(consumed > 0);
                    error_in_range(&e);
                    discarding = true;
                    Ev::Invalid(e)
                }
                FrameEvent::Skipped => {
                    assert!(consumed > 0, "Skipped consumes bytes");
                    assert!(was_discarding, "Skipped follows Invalid or refuse_literal");
                    discarding = true;
                    match events.last_mut() {
                        Some((Ev::Invalid(_), n)) => *n += consumed,
                        _ => events.push((Ev::Skipped, consumed)),
                    }
                    continue;
                }
                FrameEvent::Opaque(d) => {
                    assert_eq!(d, slice, "Opaque is the bytes it consumed");
                    assert!(!d.is_empty(), "Opaque is never empty");
                    if let Some((Ev::Opaque(prev), n)) = events.last_mut() {
                        prev.extend_from_slice(d);
                        *n += consumed;
                        continue;
                    }
                    Ev::Opaque(d.to_vec())
                }
            };
            events.push((ev, consumed));
        }
        if last {
            break;
        }
    }
    let total: usize = events.iter().map(|(_, n)| n).sum();
    assert_eq!(total, start, "the consumed ranges tile the input prefix");
    Run {
        events,
        left: stream.len() - start,
        examined: framer.bytes_examined(),
        calls,
        max_held,
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A plain reading of RFC 9051 §4.3: segments ending in CRLF (or LF when `lenient`),
/// without NUL or bare CR, each at most `max_line` bytes of text; a segment whose text ends
/// in `{digits}` or `{digits+}` is followed by that many bytes of data. Returns the number
/// of literals, or why `m` is not exactly one message.
fn well_formed(m: &[u8], lenient: bool, max_line: usize) -> Result<usize, String> {
    let mut at = 0;
    let mut literals = 0;
    loop {
        let Some(lf) = m[at..].iter().position(|&b| b == b'\n').map(|i| at + i) else {
            return Err("no line end".into());
        };
        let crlf = lf > at && m[lf - 1] == b'\r';
        if !crlf && !lenient {
            return Err("bare LF".into());
        }
        let text = &m[at..if crlf { lf - 1 } else { lf }];
        if text.contains(&0) || text.contains(&b'\r') {
            return Err("NUL or bare CR in a line".into());
        }
        if text.len() > max_line {
            return Err("segment over max_line".into());
        }
        at = lf + 1;
        let size = text
            .strip_suffix(b"}")
            .map(|t| t.strip_suffix(b"+").unwrap_or(t))
            .and_then(|t| {
                let digits = t.iter().rev().take_while(|b| b.is_ascii_digit()).count();
                let (head, digits) = t.split_at(t.len() - digits);
                (!digits.is_empty() && head.ends_with(b"{")).then_some(digits)
            })
            .map(|digits| {
                digits.iter().try_fold(0u64, |v, d| {
                    v.checked_mul(10)?.checked_add(u64::from(d - b'0'))
                })
            });
        match size {
            None => break,
            Some(None) => return Err("a message holds an overflowing count".into()),
            Some(Some(n)) => {
                literals += 1;
                at = usize::try_from(n)
                    .ok()
                    .and_then(|n| at.checked_add(n))
                    .filter(|&end| end <= m.len())
                    .ok_or("literal past the end")?;
            }
        }
    }
    if at == m.len() {
        Ok(literals)
    } else {
        Err(format!("the message ends at {at} of {}", m.len()))
    }
}
