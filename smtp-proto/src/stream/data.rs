//! Server side of DATA: dot-unstuffing and end-of-data detection (RFC 5321 §4.1.1.4,
//! §4.5.2), safe against SMTP smuggling.
//!
//! After the server answered `354` to `DATA`, feed the client's bytes to a
//! [`DataReceiver`]. It yields the message content as slices of the input
//! ([`DataEvent::Content`]), reports violations ([`DataEvent::Invalid`]) and says when
//! the terminating `CRLF "." CRLF` was consumed ([`DataEvent::End`]).
//!
//! ```
//! use smtp_proto::stream::data::{DataEvent, DataReceiver};
//! use smtp_proto::{Error, ErrorKind, ParserOptions, Status};
//!
//! fn receive(opts: &ParserOptions, mut input: &[u8]) -> (Vec<u8>, Vec<Error>, usize) {
//!     let mut rx = DataReceiver::new(opts);
//!     let (mut content, mut errors, mut used) = (Vec::new(), Vec::new(), 0);
//!     loop {
//!         let Status::Complete { value, consumed } = rx.decode(input) else {
//!             panic!("the whole message is in the input");
//!         };
//!         input = &input[consumed..];
//!         used += consumed;
//!         match value {
//!             DataEvent::Content(bytes) => content.extend_from_slice(bytes),
//!             DataEvent::Invalid(err) => errors.push(err),
//!             DataEvent::End => return (content, errors, used),
//!         }
//!     }
//! }
//!
//! // A line starting with "." lost one dot in transit (RFC 5321 §4.5.2); the CRLF before
//! // the final "." belongs to the content.
//! let wire = b"Subject: dots\r\n\r\n..hidden\r\n.\r\nQUIT\r\n";
//! let (content, errors, used) = receive(&ParserOptions::default(), wire);
//! assert_eq!(content, b"Subject: dots\r\n\r\n.hidden\r\n");
//! assert!(errors.is_empty());
//! assert_eq!(&wire[used..], b"QUIT\r\n");
//!
//! // SMTP smuggling: "<LF>.<LF>" is not the end of the data. Strict mode reports the bare LF
//! // (offset 1 from the first content byte), and the smuggled command stays inside the message.
//! let wire = b"x\n.\nMAIL FROM:<evil@example.org>\r\n.\r\n";
//! let (_, errors, used) = receive(&ParserOptions::default(), wire);
//! assert_eq!(errors, [Error::new(1, ErrorKind::BareLf)]);
//! assert_eq!(used, wire.len());
//!
//! // Lenient mode keeps the bare LF as content, and it still does not end the data.
//! let (content, errors, used) = receive(&ParserOptions::lenient(), wire);
//! assert_eq!(content, b"x\n.\nMAIL FROM:<evil@example.org>\r\n");
//! assert!(errors.is_empty());
//! assert_eq!(used, wire.len());
//! ```
//!
//! # Rules
//!
//! - Only `CRLF "." CRLF` ends the data. The first content byte counts as a line start, so
//!   content that begins with `".\r\n"` is an empty message.
//! - A line that starts with `"."` followed by anything other than CRLF loses that dot.
//! - A CR not followed by LF (bare CR) and an LF not preceded by CR (bare LF) are never line
//!   ends, in any mode: a `"."` after them is not at a line start. In strict mode (the
//!   default) each one is an error; [lenient](crate::ParserOptions::lenient) mode delivers
//!   them as content.
//! - [`ParserOptions::max_message_size`](crate::ParserOptions::max_message_size) bounds the
//!   delivered (unstuffed) content.
//!
//! # Performance
//!
//! Content is delivered as slices of the input, never copied. The receiver finds the next
//! `"\n."` with one `memmem` pass (SIMD) instead of looking at each line end. In lenient
//! mode that is all it looks for. In strict mode it also checks, in blocks of 256 bytes
//! with one branch-free pass each, that every CR is followed by an LF and every LF follows
//! a CR; only a block where that fails (or the last few bytes) is scanned line end by line
//! end, to find what is wrong there. It never holds back more than two bytes (a CR whose
//! next byte is unknown, or `"."` / `".\r"` at a line start), and the work over a whole
//! message is O(n) however the input is split.

use std::sync::LazyLock;

use memchr::{memchr2, memmem};

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;

/// One event of a [`DataReceiver`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataEvent<'a> {
    /// Unstuffed message content: always a sub-slice of the input (never copied).
    ///
    /// A stuffed dot at a line start splits the content into two events (the dot is
    /// consumed but not delivered). The slice is empty only when the call consumed bytes
    /// that are not delivered (the rest of an invalid line, or content past the size limit)
    /// and nothing else could be decided yet.
    Content(&'a [u8]),
    /// The terminating `CRLF "." CRLF` was consumed. The CRLF before the dot belongs to the
    /// message content (RFC 5321 §4.1.1.4), the `".\r\n"` does not. After `End` the
    /// receiver is finished.
    End,
    /// A violation: [`ErrorKind::BareCr`], [`ErrorKind::BareLf`] (strict mode) or
    /// [`ErrorKind::MessageTooLarge`].
    ///
    /// A bare CR or LF is reported once per offending line: the bytes from it through the
    /// end of that line (the next CRLF) are consumed and not delivered; when that CRLF is
    /// not in the input yet, the rest is consumed by later calls (as empty
    /// [`DataEvent::Content`] events or as part of the next event's `consumed`). Decoding
    /// then continues in data mode; the server answers 5xx after [`DataEvent::End`] and
    /// discards the message.
    ///
    /// `MessageTooLarge` is reported once, at the offset of the first content byte over
    /// the limit; after it no content and no other error is delivered, and the receiver
    /// consumes the input until the terminator.
    ///
    /// Offsets count from the first content byte (the byte after the DATA command's CRLF).
    Invalid(Error),
}

/// What the receiver is doing at the start of the next input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Delivering content.
    Content,
    /// Dropping the rest of a line that held a bare CR or LF, up to and including its CRLF.
    SkipLine,
    /// Over the size limit: dropping everything up to the terminator.
    Discard,
    /// The terminator was consumed.
    Done,
}

/// The result of scanning content from a position.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scan {
    /// `".\r\n"` at a line start: the terminator ends at `next`.
    End { next: usize },
    /// Nothing can be decided: `"."` or `".\r"` at a line start, or no input.
    Hold,
    /// Content `input[start..end]` (a stuffed dot before `start` is dropped), consumed
    /// through `end`. `line_start` tells whether `end` is at a line start. With `bare`, a
    /// bare CR or LF sits at `end` (strict mode only).
    Run {
        start: usize,
        end: usize,
        line_start: bool,
        bare: Option<ErrorKind>,
    },
}

/// Receives DATA content on the server side (see the [module docs](self) for the rules).
///
/// The caller owns the buffer: after [`Status::Complete`] it drops `consumed` bytes from
/// the front; after [`Status::Incomplete`] it appends new bytes and keeps the old ones
/// (at most two bytes are ever held back).
#[derive(Debug, Clone)]
pub struct DataReceiver {
    phase: Phase,
    /// The next byte is at a line start.
    line_start: bool,
    lenient: bool,
    max: u64,
    size: u64,
    /// Stream offset of the first byte of the next input.
    base: usize,
    /// A size-limit error to report on the next call (its offset).
    pending_too_large: Option<usize>,
}

impl DataReceiver {
    /// A receiver for the content after `354`, with the mode and message size limit of
    /// `opts`.
    pub const fn new(opts: &ParserOptions) -> Self {
        Self {
            phase: Phase::Content,
            line_start: true,
            lenient: opts.is_lenient(),
            max: opts.max_message_size,
            size: 0,
            base: 0,
            pending_too_large: None,
        }
    }

    /// Content bytes delivered so far (after unstuffing).
    pub const fn size(&self) -> u64 {
        self.size
    }

    /// True once [`DataEvent::End`] was returned.
    pub const fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Done)
    }

    /// The next event from `input`.
    ///
    /// After [`Status::Complete`] the caller drops `consumed` bytes; after
    /// [`Status::Incomplete`] it appends new bytes without changing the kept ones. Once
    /// finished, every call returns [`DataEvent::End`] with `consumed == 0`.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Status<DataEvent<'a>> {
        if let Some(offset) = self.pending_too_large.take() {
            let (consumed, _) = self.discard(input, 0);
            let limit = self.max;
            return self.complete(
                DataEvent::Invalid(Error::new(offset, ErrorKind::MessageTooLarge { limit })),
                consumed,
            );
        }
        let pos = match self.phase {
            Phase::Done => {
                return Status::Complete {
                    value: DataEvent::End,
                    consumed: 0,
                };
            }
            Phase::Discard => {
                let (pos, end) = self.discard(input, 0);
                return match end {
                    Some(next) => {
                        self.phase = Phase::Done;
                        self.complete(DataEvent::End, next)
                    }
                    None => self.only_consumed(input, pos),
                };
            }
            Phase::SkipLine => {
                let pos = self.skip_line(input, 0);
                if self.phase == Phase::SkipLine {
                    return self.only_consumed(input, pos);
                }
                pos
            }
            Phase::Content => 0,
        };
        match self.scan(input, pos, self.lenient) {
            Scan::End { next } => {
                self.phase = Phase::Done;
                self.complete(DataEvent::End, next)
            }
            Scan::Hold => self.only_consumed(input, pos),
            Scan::Run {
                start,
                end,
                line_start,
                bare,
            } => {
                if start < end {
                    // Deliver first; a bare CR/LF at `end` is found again by the next call.
                    self.line_start = line_start;
                    return self.deliver(input, start, end);
                }
                match bare {
                    Some(kind) => {
                        let err = Error::new(self.base.saturating_add(end), kind);
                        self.phase = Phase::SkipLine;
                        let consumed = self.skip_line(input, end + 1);
                        self.complete(DataEvent::Invalid(err), consumed)
                    }
                    // Only a CR of unknown meaning is left (a dropped dot is always
                    // followed by content or a violation, so `start == pos` here).
                    None => self.only_consumed(input, pos),
                }
            }
        }
    }

    /// Returns `event`, moving the stream offset past `consumed` bytes.
    fn complete<'a>(&mut self, event: DataEvent<'a>, consumed: usize) -> Status<DataEvent<'a>> {
        self.base = self.base.saturating_add(consumed);
        Status::Complete {
            value: event,
            consumed,
        }
    }

    /// `consumed` bytes were dropped and nothing else can be decided: an empty content
    /// event, or `Incomplete` when nothing was dropped.
    fn only_consumed<'a>(&mut self, input: &'a [u8], consumed: usize) -> Status<DataEvent<'a>> {
        if consumed == 0 {
            Status::Incomplete
        } else {
            self.complete(DataEvent::Content(&input[consumed..consumed]), consumed)
        }
    }

    /// Delivers `input[start..end]` within the size limit, consuming through `end`.
    fn deliver<'a>(&mut self, input: &'a [u8], start: usize, end: usize) -> Status<DataEvent<'a>> {
        let len = (end - start) as u64;
        let room = self.max.saturating_sub(self.size);
        if len <= room {
            self.size += len;
            return self.complete(DataEvent::Content(&input[start..end]), end);
        }
        // `room < len`, so it fits in usize.
        let room = room as usize;
        let offset = self.base.saturating_add(start + room);
        self.phase = Phase::Discard;
        if room == 0 {
            let (consumed, _) = self.discard(input, end);
            let limit = self.max;
            return self.complete(
                DataEvent::Invalid(Error::new(offset, ErrorKind::MessageTooLarge { limit })),
                consumed,
            );
        }
        self.size = self.max;
        self.pending_too_large = Some(offset);
        self.complete(DataEvent::Content(&input[start..start + room]), end)
    }

    /// Drops the rest of an invalid line from `from`: through the next CRLF (then back to
    /// content at a line start), or up to the end of the input except a final CR.
    fn skip_line(&mut self, input: &[u8], from: usize) -> usize {
        let rest = &input[from..];
        match memmem::find(rest, b"\r\n") {
            Some(at) => {
                self.phase = Phase::Content;
                self.line_start = true;
                from + at + 2
            }
            None if rest.last() == Some(&b'\r') => input.len() - 1,
            None => input.len(),
        }
    }

    /// Over the limit: drops content from `from` up to the terminator. Returns how far it
    /// got and, when the terminator starts there, where it ends.
    fn discard(&mut self, input: &[u8], mut pos: usize) -> (usize, Option<usize>) {
        loop {
            // Bare CR/LF need no report here, and they are line ends in no mode, so the
            // lenient scan finds the same terminator as the strict one.
            match self.scan(input, pos, true) {
                Scan::End { next } => return (pos, Some(next)),
                Scan::Hold => return (pos, None),
                Scan::Run {
                    end, line_start, ..
                } => {
                    if end == pos {
                        return (pos, None);
                    }
                    pos = end;
                    self.line_start = line_start;
                }
            }
        }
    }

    /// Scans content from `pos` (which is at a line start if `self.line_start`).
    fn scan(&self, input: &[u8], mut pos: usize, lenient: bool) -> Scan {
        if self.line_start {
            match (input.get(pos), input.get(pos + 1), input.get(pos + 2)) {
                (None, _, _) | (Some(b'.'), None, _) | (Some(b'.'), Some(b'\r'), None) => {
                    return Scan::Hold;
                }
                (Some(b'.'), Some(b'\r'), Some(b'\n')) => return Scan::End { next: pos + 3 },
                // RFC 5321 §4.5.2: "If the first character is a period and there are other
                // characters on the line, the first character is deleted."
                (Some(b'.'), _, _) => pos += 1,
                _ => {}
            }
        }
        if lenient {
            scan_lenient(input, pos)
        } else {
            scan_strict(input, pos)
        }
    }
}

/// Bytes per block of [`pairs_are_clean`].
const BLOCK: usize = 256;

/// Bytes per block of [`pairs_are_clean`] near the end of what must be checked.
const SMALL_BLOCK: usize = 32;

/// Most bytes searched for `"\n."` at a time by [`scan_strict`] before their CR/LF pairing
/// is checked, so that both passes read them from the cache.
const CHUNK: usize = 4096;

/// Bytes searched for `"\n."` first by each [`scan_strict`] call; each further search
/// doubles it up to [`CHUNK`]. A call that stops early (at a bare CR or LF a few bytes on)
/// thus searched little past that point: the bytes searched stay within a small factor of
/// the bytes consumed, however many such stops the input holds.
const FIRST_SEARCH: usize = 512;

/// Strict mode: content from `start` up to the first bare CR or LF, the first CRLF followed
/// by `"."`, or the end of the input.
///
/// Two passes per chunk of input, both without a call per line: `memmem` finds the next
/// `"\n."`, and [`pairs_are_clean`] checks in blocks that every CR is followed by an LF
/// and every LF follows a CR up to it. A block that fails (or the last few bytes) is left
/// to [`scan_exact`], which finds what is there.
fn scan_strict(input: &[u8], start: usize) -> Scan {
    // An LF right at the start is bare (the exact scan reports it).
    if input.get(start) == Some(&b'\n') {
        return scan_exact(input, start, start);
    }
    // Every pair (input[j - 1], input[j]) with start < j <= checked is clean.
    let mut checked = start;
    // Every "\n." whose LF is in input[start..searched] was searched for.
    let mut searched = start;
    let mut window = FIRST_SEARCH;
    loop {
        let limit = (searched + window).min(input.len());
        window = (window * 2).min(CHUNK);
        let found = LF_DOT.find(&input[searched..limit]).map(|at| searched + at);
        let target = found.unwrap_or(limit);
        while checked < target {
            // Large blocks while they fit before the target, then small ones, so that the
            // check runs little past it.
            let clean = if target - checked >= BLOCK {
                pairs_are_clean::<BLOCK>(input, checked)
            } else {
                pairs_are_clean::<SMALL_BLOCK>(input, checked)
            };
            match clean {
                Some(step) => checked += step,
                // A block holding a bare CR or LF, or the end of the input: no line end of
                // interest lies before `checked` (the first "\n." is after it), and when a
                // CR ends the clean part, the LF after it is its pair.
                None => {
                    let from = if checked > start && input[checked - 1] == b'\r' {
                        checked - 1
                    } else {
                        checked
                    };
                    return scan_exact(input, start, from);
                }
            }
        }
        if let Some(lf) = found {
            // The pair ending at `lf` is clean (and `lf > start`), so a CR precedes it.
            return Scan::Run {
                start,
                end: lf + 1,
                line_start: true,
                bare: None,
            };
        }
        if limit == input.len() {
            // Only reached with nothing left to scan.
            return scan_exact(input, start, checked);
        }
        // The LF of a "\n." may be the last byte searched.
        searched = limit - 1;
    }
}

/// Checks the `N` byte pairs `(input[j - 1], input[j])` for `at < j <= at + N`: `Some(N)`
/// when each is clean (an LF exactly where the byte before is a CR), `None` when one is not
/// or the input is too short. One branch-free (vectorizable) pass.
fn pairs_are_clean<const N: usize>(input: &[u8], at: usize) -> Option<usize> {
    let prev = <&[u8; N]>::try_from(input.get(at..at + N)?).ok()?;
    let this = <&[u8; N]>::try_from(input.get(at + 1..at + 1 + N)?).ok()?;
    let mut unpaired = 0u8;
    for j in 0..N {
        unpaired |= u8::from(this[j] == b'\n') ^ u8::from(prev[j] == b'\r');
    }
    (unpaired == 0).then_some(N)
}

/// Searches `"\n."` (a CRLF followed by a dot is found at its LF).
static LF_DOT: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"\n."));

/// Lenient mode: bare CR and bare LF are content, so only a CRLF followed by `"."` or by
/// the end of the input, or a final CR, ends the run.
fn scan_lenient(input: &[u8], start: usize) -> Scan {
    let mut from = start;
    while let Some(rel) = LF_DOT.find(&input[from..]) {
        let lf = from + rel;
        if lf > start && input[lf - 1] == b'\r' {
            return Scan::Run {
                start,
                end: lf + 1,
                line_start: true,
                bare: None,
            };
        }
        // A bare LF before a dot: content.
        from = lf + 1;
    }
    let len = input.len();
    let (end, line_start) = match input[start..] {
        [.., b'\r', b'\n'] => (len, true),
        [.., b'\r'] => (len - 1, false),
        _ => (len, false),
    };
    Scan::Run {
        start,
        end,
        line_start,
        bare: None,
    }
}

/// Strict mode's exact scan, one `memchr2` call per CR or LF: content from `start`,
/// looking from `from` (`start <= from`; no line end of interest nor bare CR/LF lies in
/// `input[start..from]`, and `input[from]` is not the LF of a CRLF pair).
fn scan_exact(input: &[u8], start: usize, from: usize) -> Scan {
    let mut i = from;
    loop {
        let Some(rel) = memchr2(b'\r', b'\n', &input[i..]) else {
            return Scan::Run {
                start,
                end: input.len(),
                line_start: false,
                bare: None,
            };
        };
        let at = i + rel;
        if input[at] == b'\n' {
            // Every CR LF pair is taken at its CR, so this LF is bare.
            return Scan::Run {
                start,
                end: at,
                line_start: false,
                bare: Some(ErrorKind::BareLf),
            };
        }
        match input.get(at + 1) {
            // A CR at the end: held until the next byte shows what it is.
            None => {
                return Scan::Run {
                    start,
                    end: at,
                    line_start: false,
                    bare: None,
                };
            }
            Some(b'\n') => {
                let next = at + 2;
                match input.get(next) {
                    // A line start that may hold a stuffed dot or the terminator (or is
                    // not here yet): deliver through the CRLF, which is content either way.
                    Some(b'.') | None => {
                        return Scan::Run {
                            start,
                            end: next,
                            line_start: true,
                            bare: None,
                        };
                    }
                    Some(_) => i = next,
                }
            }
            Some(_) => {
                return Scan::Run {
                    start,
                    end: at,
                    line_start: false,
                    bare: Some(ErrorKind::BareCr),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `input` whole; returns (content, errors, consumed at End).
    fn run(opts: &ParserOptions, mut input: &[u8]) -> (Vec<u8>, Vec<Error>, Option<usize>) {
        let mut rx = DataReceiver::new(opts);
        let (mut content, mut errors, mut used) = (Vec::new(), Vec::new(), 0);
        loop {
            match rx.decode(input) {
                Status::Complete { value, consumed } => {
                    input = &input[consumed..];
                    used += consumed;
                    match value {
                        DataEvent::Content(c) => content.extend_from_slice(c),
                        DataEvent::Invalid(e) => errors.push(e),
                        DataEvent::End => return (content, errors, Some(used)),
                    }
                }
                Status::Incomplete => return (content, errors, None),
            }
        }
    }

    #[test]
    fn plain_and_stuffed() {
        let o = ParserOptions::new();
        assert_eq!(run(&o, b".\r\n"), (vec![], vec![], Some(3)));
        assert_eq!(run(&o, b"a\r\n.\r\n"), (b"a\r\n".to_vec(), vec![], Some(6)));
        assert_eq!(
            run(&o, b"..a\r\n..\r\n.\r\n"),
            (b".a\r\n.\r\n".to_vec(), vec![], Some(12))
        );
    }

    #[test]
    fn held_bytes() {
        let o = ParserOptions::new();
        let mut rx = DataReceiver::new(&o);
        assert_eq!(rx.decode(b""), Status::Incomplete);
        assert_eq!(rx.decode(b"."), Status::Incomplete);
        assert_eq!(rx.decode(b".\r"), Status::Incomplete);
        assert_eq!(
            rx.decode(b"ab\r"),
            Status::Complete {
                value: DataEvent::Content(b"ab"),
                consumed: 2
            }
        );
        assert_eq!(rx.decode(b"\r"), Status::Incomplete);
    }

    #[test]
    fn bare_line_ends() {
        let o = ParserOptions::new();
        assert_eq!(
            run(&o, b"a\nb\r\n.\r\n"),
            (
                b"a".to_vec(),
                vec![Error::new(1, ErrorKind::BareLf)],
                Some(8)
            )
        );
        assert_eq!(
            run(&o, b"a\rb\r\nc\r\n.\r\n"),
            (
                b"ac\r\n".to_vec(),
                vec![Error::new(1, ErrorKind::BareCr)],
                Some(11)
            )
        );
        let l = ParserOptions::lenient();
        assert_eq!(
            run(&l, b"a\n.\rb\r\n.\r\n"),
            (b"a\n.\rb\r\n".to_vec(), vec![], Some(10))
        );
    }

    #[test]
    fn too_large() {
        let o = ParserOptions::new().max_message_size(3);
        assert_eq!(
            run(&o, b"abcd\r\n..\r\n.\r\n"),
            (
                b"abc".to_vec(),
                vec![Error::new(3, ErrorKind::MessageTooLarge { limit: 3 })],
                Some(13)
            )
        );
    }

    /// Feeds `input` in reads of `step` bytes, keeping the unconsumed bytes in front of
    /// the next read.
    fn run_split(
        opts: &ParserOptions,
        input: &[u8],
        step: usize,
    ) -> (Vec<u8>, Vec<Error>, Option<usize>) {
        let mut rx = DataReceiver::new(opts);
        let (mut content, mut errors, mut used) = (Vec::new(), Vec::new(), 0);
        let mut fed = 0;
        loop {
            match rx.decode(&input[used..fed]) {
                Status::Complete { value, consumed } => {
                    used += consumed;
                    match value {
                        DataEvent::Content(c) => content.extend_from_slice(c),
                        DataEvent::Invalid(e) => errors.push(e),
                        DataEvent::End => return (content, errors, Some(used)),
                    }
                }
                Status::Incomplete if fed == input.len() => return (content, errors, None),
                Status::Incomplete => fed = input.len().min(fed + step),
            }
        }
    }

    /// A byte-at-a-time reading of the rules in the module docs (no size limit), sharing
    /// no code with the receiver: (content, errors, consumed at End).
    fn oracle(input: &[u8], lenient: bool) -> (Vec<u8>, Vec<Error>, Option<usize>) {
        let (mut content, mut errors) = (Vec::new(), Vec::new());
        let (mut i, mut line_start) = (0, true);
        while i < input.len() {
            if line_start {
                if input[i..].starts_with(b".\r\n") {
                    return (content, errors, Some(i + 3));
                }
                if input[i] == b'.' {
                    i += 1;
                    if i == input.len() {
                        break;
                    }
                }
            }
            line_start = false;
            let b = input[i];
            let next = input.get(i + 1).copied();
            if b == b'\r' && next == Some(b'\n') {
                content.extend_from_slice(b"\r\n");
                i += 2;
                line_start = true;
            } else if b == b'\r' && next.is_none() {
                break;
            } else if (b == b'\r' || b == b'\n') && !lenient {
                let kind = if b == b'\r' {
                    ErrorKind::BareCr
                } else {
                    ErrorKind::BareLf
                };
                errors.push(Error::new(i, kind));
                let Some(crlf) = input[i + 1..].windows(2).position(|w| w == b"\r\n") else {
                    break;
                };
                i = i + 1 + crlf + 2;
                line_start = true;
            } else {
                content.push(b);
                i += 1;
            }
        }
        (content, errors, None)
    }

    /// Lines of 50 letters with CRLF, `len` bytes.
    fn letters(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| match i % 52 {
                50 => b'\r',
                51 => b'\n',
                k => b'a' + (k % 26) as u8,
            })
            .collect()
    }

    const PIECES: [&[u8]; 10] = [
        b"\r\n", b"\r", b"\n", b".", b"..", b"\r\n.", b"\r\n..", b"\n.", b"\r\n.\r", b"\r.",
    ];

    /// Every piece at every offset of a few blocks of content, so each lands at every
    /// position of a block (and across block boundaries) of the fast paths.
    #[test]
    fn pieces_at_every_offset_agree_with_the_oracle() {
        let base = letters(3 * BLOCK + 7);
        for at in 0..=base.len() {
            for piece in PIECES {
                let input = [&base[..at], piece, &base[at..], b"\r\n.\r\nQUIT\r\n"].concat();
                for opts in [ParserOptions::new(), ParserOptions::lenient()] {
                    let want = oracle(&input, opts.is_lenient());
                    assert_eq!(run(&opts, &input), want, "{at} {piece:?} {opts:?}");
                    assert_eq!(run_split(&opts, &input, 37), want, "{at} {piece:?}");
                }
            }
        }
    }

    /// The same around the ends of the first searches strict mode makes for `"\n."`.
    #[test]
    fn pieces_around_chunk_ends_agree_with_the_oracle() {
        // Searches end at FIRST_SEARCH, then each one byte short of the next start
        // (the last byte is searched again) with the window doubled up to CHUNK.
        let mut ends = Vec::new();
        let (mut searched, mut window) = (0, FIRST_SEARCH);
        // Up to the first search of a whole CHUNK.
        loop {
            ends.push(searched + window);
            let whole = window == CHUNK;
            searched += window - 1;
            window = (window * 2).min(CHUNK);
            if whole {
                break;
            }
        }
        let base = letters(searched + 3 * BLOCK);
        let near = |end: usize| end - 40..end + 40;
        for at in ends.into_iter().flat_map(near) {
            for piece in PIECES {
                let input = [&base[..at], piece, &base[at..], b"\r\n.\r\n"].concat();
                for opts in [ParserOptions::new(), ParserOptions::lenient()] {
                    let want = oracle(&input, opts.is_lenient());
                    assert_eq!(run(&opts, &input), want, "{at} {piece:?} {opts:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Long content with a few pieces of interest between runs of letters: the
        /// receiver, whole or in reads of any size, agrees with the oracle.
        #[test]
        fn long_content_agrees_with_the_oracle(
            parts in proptest::collection::vec((0usize..200, 0..PIECES.len()), 0..12),
            step in 1usize..300,
            lenient in proptest::bool::ANY,
        ) {
            let mut input = Vec::new();
            for (run, piece) in parts {
                input.extend_from_slice(&letters(run));
                input.extend_from_slice(PIECES[piece]);
            }
            input.extend_from_slice(b"\r\n.\r\n");
            let opts = if lenient { ParserOptions::lenient() } else { ParserOptions::new() };
            let want = oracle(&input, lenient);
            proptest::prop_assert_eq!(&run(&opts, &input), &want);
            proptest::prop_assert_eq!(&run_split(&opts, &input, step), &want);
        }
    }
}
