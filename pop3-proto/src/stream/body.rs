//! Multi-line response bodies on the client side: dot-unstuffing and the end of the body
//! (RFC 1939 §3).
//!
//! After a `+OK` status line that starts a multi-line response (RETR, TOP, LIST and UIDL
//! without an argument, CAPA), feed the bytes that follow the status line's CRLF to a
//! [`BodyDecoder`]. It yields the body as slices of the input ([`BodyEvent::Data`]),
//! reports violations ([`BodyEvent::Invalid`]) and says when the terminating line `"."`
//! CRLF was consumed ([`BodyEvent::End`]). [`unstuff`] does the same for a caller that
//! holds the whole body in one buffer.
//!
//! ```
//! use pop3_proto::stream::body::{BodyDecoder, BodyEvent, unstuff};
//! use pop3_proto::{Error, ErrorKind, ParserOptions, Status};
//!
//! /// Decodes a body that is wholly in `input`: (content, errors, bytes used).
//! fn decode(opts: &ParserOptions, mut input: &[u8]) -> (Vec<u8>, Vec<Error>, usize) {
//!     let mut decoder = BodyDecoder::new(opts);
//!     let (mut content, mut errors, mut used) = (Vec::new(), Vec::new(), 0);
//!     loop {
//!         let Status::Complete { value, consumed } = decoder.decode(input) else {
//!             panic!("the terminator is in the input");
//!         };
//!         input = &input[consumed..];
//!         used += consumed;
//!         match value {
//!             BodyEvent::Data(bytes) => content.extend_from_slice(bytes),
//!             BodyEvent::Invalid(err) => errors.push(err),
//!             BodyEvent::End => return (content, errors, used),
//!         }
//!     }
//! }
//!
//! // RFC 1939 §3: a line that starts with "." was sent with one more "."; the CRLF
//! // before the final "." belongs to the content.
//! let wire = b"Subject: dots\r\n\r\n..hidden\r\n.\r\n+OK next reply\r\n";
//! let (content, errors, used) = decode(&ParserOptions::default(), wire);
//! assert_eq!(content, b"Subject: dots\r\n\r\n.hidden\r\n");
//! assert!(errors.is_empty());
//! assert_eq!(&wire[used..], b"+OK next reply\r\n");
//!
//! // Only CRLF "." CRLF ends a body: after a bare LF, ".\n" is content. Strict mode (the
//! // default) reports the bare LF at its offset and drops the rest of that line.
//! let wire = b"a\n.\nb\r\n.\r\n";
//! let (content, errors, used) = decode(&ParserOptions::default(), wire);
//! assert_eq!(content, b"a");
//! assert_eq!(errors, [Error::new(1, ErrorKind::BareLf)]);
//! assert_eq!(used, wire.len());
//! // Lenient mode delivers the bare LF as content, and it still does not end the body.
//! let (content, errors, _) = decode(&ParserOptions::lenient(), wire);
//! assert_eq!(content, b"a\n.\nb\r\n");
//! assert!(errors.is_empty());
//!
//! // The whole body at once: borrowed when nothing was stuffed.
//! let Status::Complete { value, consumed } =
//!     unstuff(b"one\r\ntwo\r\n.\r\n", &ParserOptions::default()).unwrap()
//! else { panic!() };
//! assert!(matches!(value, std::borrow::Cow::Borrowed(b"one\r\ntwo\r\n")));
//! assert_eq!(consumed, 13);
//! ```
//!
//! # Rules
//!
//! RFC 1939 §3: "When examining a multi-line response, the client checks to see if the
//! line begins with the termination octet. If so and if octets other than CRLF follow, the
//! first octet of the line (the termination octet) is stripped away. If so and if CRLF
//! immediately follows the termination character, then the response from the POP server
//! is ended and the line containing ".CRLF" is not considered part of the multi-line
//! response."
//!
//! - The body starts at a line start: the status line's CRLF ends the line before it. A
//!   body that is just `".\r\n"` is empty; a first line `"..x"` is `".x"`.
//! - Only CRLF `"."` CRLF ends the body, in every mode (and `"."` CRLF as the first line).
//!   The CRLF before the dot belongs to the content, so the [`BodyEvent::Data`] slices
//!   put together are the message with every line end it had.
//! - A line that starts with `"."` followed by anything other than CRLF loses that dot.
//! - A CR not followed by LF (bare CR) and an LF not preceded by CR (bare LF) are never
//!   line ends, in any mode: a `"."` after them is not at a line start, so `LF "." LF`,
//!   `LF "." CRLF`, `CR "." CRLF`, `CRLF "." LF` and `CRLF "." CR` do not end a body.
//! - **Strict mode** (the default) reports each bare CR or bare LF as
//!   [`BodyEvent::Invalid`] with [`ErrorKind::BareCr`] / [`ErrorKind::BareLf`]: RFC 1939
//!   §3 sends CRLF-terminated lines, and RFC 5322 §2.3 lets CR and LF occur in a message
//!   only together as CRLF. Servers that keep messages with LF line ends convert them when
//!   sending (Dovecot's POP3 server inserts the missing CR before each bare LF), so a bare
//!   LF on the wire means a server that relays stored bytes unconverted. Note that Dovecot
//!   passes a bare CR through as it is stored: reading mailboxes that hold such messages
//!   needs lenient mode.
//! - **Lenient mode** ([`ParserOptions::lenient`]) delivers bare CR and bare LF as
//!   content, and still never ends the body at them.
//! - [`ParserOptions::max_body_size`] bounds the delivered (unstuffed) content.
//!
//! Offsets in errors count from the first byte of the body, or from the offset given to
//! [`BodyDecoder::starting_at`] (a client decoder passes the body's offset in its stream).
//!
//! # Performance
//!
//! Content is delivered as slices of the input, never copied; a body with no stuffed line
//! given in one buffer comes back as one slice. Strict mode checks blocks of 64 bytes in
//! one branch-free pass each (vectorized by the compiler) for the three things that need a
//! closer look: a CR without LF after it, an LF without CR before it, and an LF followed by
//! `"."`; only the block where one of them is (and the last few bytes of the input) is
//! looked at byte by byte. Lenient mode only needs the next CRLF followed by `"."`, found
//! with `memmem` (SIMD). The decoder never holds back more than two bytes (a CR whose next
//! byte is unknown, or `"."` / `".\r"` at a line start), each call looks at most at one
//! block past what it consumes, and so the work over a whole body is O(n) however the
//! input is split.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::{memchr, memmem};

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;

/// One event of a [`BodyDecoder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEvent<'a> {
    /// Unstuffed content: always a sub-slice of the input (never copied), line ends
    /// included.
    ///
    /// A stuffed dot splits the content into two events (the dot is consumed, not
    /// delivered). The slice is empty only when the call consumed bytes that are not
    /// delivered (the rest of a line with a bare CR or LF, content past the size limit) and
    /// nothing else could be decided yet.
    Data(&'a [u8]),
    /// The terminating `"." CRLF` line was consumed. The CRLF before the dot was delivered
    /// as content; the `".\r\n"` was not. After `End` the decoder is finished.
    End,
    /// A violation: [`ErrorKind::BareCr`] or [`ErrorKind::BareLf`] (strict mode only), or
    /// [`ErrorKind::BodyTooLarge`].
    ///
    /// A bare CR or LF is reported once per offending line: the bytes from it through the
    /// end of that line (the next CRLF) are consumed and not delivered (later calls go on
    /// consuming them, as empty [`BodyEvent::Data`], when that CRLF is not in the input
    /// yet). Decoding then goes on at the next line, so a caller that wants to stay in step
    /// with the server (to read the replies after this one) can keep calling until
    /// [`BodyEvent::End`]; the content is incomplete and should be thrown away.
    ///
    /// `BodyTooLarge` is reported once, at the offset of the first content byte over the
    /// limit (the content up to the limit was delivered); after it the decoder delivers
    /// nothing and consumes the input up to and including the terminator.
    Invalid(Error),
}

/// What the decoder is doing at the start of the next input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Delivering content.
    Content,
    /// Dropping the rest of a line that held a bare CR or LF, through its CRLF.
    SkipLine,
    /// Over the size limit: dropping everything up to the terminator.
    Discard,
    /// The terminator was consumed.
    Done,
}

/// A bare line-end byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bare {
    Cr,
    Lf,
}

impl Bare {
    const fn kind(self) -> ErrorKind {
        match self {
            Self::Cr => ErrorKind::BareCr,
            Self::Lf => ErrorKind::BareLf,
        }
    }
}

/// Content found from a `start` position: `input[start..end]` is content, consumed through
/// `end`. `line_start` tells whether `end` is at a line start (meaningful when
/// `end > start`). With `bare`, a bare CR or LF sits at `end` (strict mode only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    end: usize,
    line_start: bool,
    bare: Option<Bare>,
}

impl Run {
    const fn plain(end: usize, line_start: bool) -> Self {
        Self {
            end,
            line_start,
            bare: None,
        }
    }
}

/// Decodes one multi-line body (see the [module docs](self) for the rules).
///
/// The caller owns the buffer: after [`Status::Complete`] it drops `consumed` bytes from
/// the front; after [`Status::Incomplete`] it appends the next bytes read and keeps the old
/// ones (at most two bytes are ever held back).
#[derive(Debug, Clone)]
pub struct BodyDecoder {
    phase: Phase,
    /// The next byte of input is at a line start.
    line_start: bool,
    lenient: bool,
    max: u64,
    /// Content bytes delivered.
    size: u64,
    /// Stream offset of the first byte of the next input.
    base: usize,
    /// A size-limit error for the next call to report (its offset).
    too_large_at: Option<usize>,
}

impl BodyDecoder {
    /// A decoder for the body that starts right after a status line's CRLF, with the mode
    /// and [`max_body_size`](ParserOptions::max_body_size) of `opts`. Error offsets count
    /// from the first byte of the body.
    pub const fn new(opts: &ParserOptions) -> Self {
        Self {
            phase: Phase::Content,
            line_start: true,
            lenient: opts.is_lenient(),
            max: opts.max_body_size,
            size: 0,
            base: 0,
            too_large_at: None,
        }
    }

    /// The same decoder with error offsets counted from `offset` (the stream offset of the
    /// body's first byte) instead of 0.
    ///
    /// ```
    /// use pop3_proto::stream::body::{BodyDecoder, BodyEvent};
    /// use pop3_proto::{Error, ErrorKind, ParserOptions, Status};
    ///
    /// // The status line "+OK\r\n" took the first 5 bytes of the stream.
    /// let mut decoder = BodyDecoder::new(&ParserOptions::default()).starting_at(5);
    /// let event = decoder.decode(b"\n.\r\n");
    /// assert_eq!(
    ///     event,
    ///     Status::Complete {
    ///         value: BodyEvent::Invalid(Error::new(5, ErrorKind::BareLf)),
    ///         consumed: 4,
    ///     }
    /// );
    /// ```
    #[must_use]
    pub const fn starting_at(mut self, offset: usize) -> Self {
        self.base = offset;
        self
    }

    /// Content bytes delivered so far (after unstuffing).
    pub const fn size(&self) -> u64 {
        self.size
    }

    /// True once [`BodyEvent::End`] was returned.
    pub const fn is_finished(&self) -> bool {
        matches!(self.phase, Phase::Done)
    }

    /// The next event from `input`.
    ///
    /// After [`Status::Complete`] the caller drops `consumed` bytes (a [`BodyEvent::Data`]
    /// always consumes at least one byte, the size-limit [`BodyEvent::Invalid`] may consume
    /// none); after [`Status::Incomplete`] it appends new bytes without changing the kept
    /// ones. Once finished, every call returns [`BodyEvent::End`] with `consumed == 0`.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Status<BodyEvent<'a>> {
        if let Some(offset) = self.too_large_at.take() {
            // The content up to the limit went out with the previous event.
            let (consumed, _) = self.discard(input, 0);
            return self.too_large(offset, consumed);
        }
        let pos = match self.phase {
            Phase::Done => {
                return Status::Complete {
                    value: BodyEvent::End,
                    consumed: 0,
                };
            }
            Phase::Discard => {
                return match self.discard(input, 0) {
                    (_, Some(next)) => self.end(next),
                    (pos, None) => self.dropped(input, pos),
                };
            }
            Phase::SkipLine => {
                let pos = self.skip_line(input, 0);
                if self.phase == Phase::SkipLine {
                    return self.dropped(input, pos);
                }
                pos
            }
            Phase::Content => 0,
        };
        self.content(input, pos)
    }

    /// Decodes content from `pos` (at a line start if `self.line_start`).
    fn content<'a>(&mut self, input: &'a [u8], pos: usize) -> Status<BodyEvent<'a>> {
        let mut start = pos;
        if self.line_start {
            match (input.get(pos), input.get(pos + 1), input.get(pos + 2)) {
                // Not decided yet: the terminator, or a stuffed line, or not here at all.
                (None, _, _) | (Some(b'.'), None, _) | (Some(b'.'), Some(b'\r'), None) => {
                    return self.dropped(input, pos);
                }
                (Some(b'.'), Some(b'\r'), Some(b'\n')) => return self.end(pos + 3),
                // RFC 1939 §3: "If so and if octets other than CRLF follow, the first octet
                // of the line (the termination octet) is stripped away."
                (Some(b'.'), _, _) => start = pos + 1,
                _ => {}
            }
        }
        let run = if self.lenient {
            scan_lenient(input, start)
        } else {
            scan_strict(input, start)
        };
        if run.end > start {
            // Deliver first: a bare CR or LF at `run.end` is found again by the next call.
            self.line_start = run.line_start;
            return self.deliver(input, start, run.end);
        }
        if start > pos {
            // The stuffed dot is consumed whatever follows.
            self.line_start = false;
        }
        match run.bare {
            Some(bare) => {
                let err = Error::new(self.base.saturating_add(run.end), bare.kind());
                self.phase = Phase::SkipLine;
                let consumed = self.skip_line(input, run.end + 1);
                self.emit(BodyEvent::Invalid(err), consumed)
            }
            // Only a CR whose meaning depends on the next byte is left.
            None => self.dropped(input, start),
        }
    }

    /// Returns `event`, moving the stream offset past `consumed` bytes.
    fn emit<'a>(&mut self, event: BodyEvent<'a>, consumed: usize) -> Status<BodyEvent<'a>> {
        self.base = self.base.saturating_add(consumed);
        Status::Complete {
            value: event,
            consumed,
        }
    }

    /// The terminator ends at `next`.
    fn end<'a>(&mut self, next: usize) -> Status<BodyEvent<'a>> {
        self.phase = Phase::Done;
        self.emit(BodyEvent::End, next)
    }

    /// `consumed` bytes were dropped and nothing else can be decided: an empty
    /// [`BodyEvent::Data`], or `Incomplete` when nothing was dropped.
    fn dropped<'a>(&mut self, input: &'a [u8], consumed: usize) -> Status<BodyEvent<'a>> {
        if consumed == 0 {
            Status::Incomplete
        } else {
            self.emit(BodyEvent::Data(&input[consumed..consumed]), consumed)
        }
    }

    /// The size-limit error at stream offset `offset`, consuming `consumed` bytes.
    fn too_large<'a>(&mut self, offset: usize, consumed: usize) -> Status<BodyEvent<'a>> {
        let err = Error::new(offset, ErrorKind::BodyTooLarge { limit: self.max });
        self.emit(BodyEvent::Invalid(err), consumed)
    }

    /// Delivers `input[start..end]` within the size limit, consuming through `end`
    /// (`self.line_start` already describes `end`).
    fn deliver<'a>(&mut self, input: &'a [u8], start: usize, end: usize) -> Status<BodyEvent<'a>> {
        let len = (end - start) as u64;
        let room = self.max.saturating_sub(self.size);
        if len <= room {
            self.size += len;
            return self.emit(BodyEvent::Data(&input[start..end]), end);
        }
        // `room < len`, and `len` came from a usize.
        let room = room as usize;
        let offset = self.base.saturating_add(start + room);
        self.phase = Phase::Discard;
        if room == 0 {
            let (consumed, _) = self.discard(input, end);
            return self.too_large(offset, consumed);
        }
        self.size = self.max;
        self.too_large_at = Some(offset);
        self.emit(BodyEvent::Data(&input[start..start + room]), end)
    }

    /// Drops the rest of a line with a bare CR or LF, from `from`: through the next CRLF
    /// (then back to content at a line start), or to the end of the input but a final CR.
    fn skip_line(&mut self, input: &[u8], from: usize) -> usize {
        let mut at = from;
        while let Some(rel) = memchr(b'\n', &input[at..]) {
            let lf = at + rel;
            // `input[from]` is never the LF of a CRLF: the bare byte before it is an LF or
            // a CR followed by something else.
            if lf > from && input[lf - 1] == b'\r' {
                self.phase = Phase::Content;
                self.line_start = true;
                return lf + 1;
            }
            at = lf + 1;
        }
        if input.len() > from && input[input.len() - 1] == b'\r' {
            input.len() - 1
        } else {
            input.len()
        }
    }

    /// Over the limit: drops content from `from` up to the terminator. Returns how far it
    /// got and, when the terminator starts there, where the terminator ends.
    fn discard(&mut self, input: &[u8], mut pos: usize) -> (usize, Option<usize>) {
        loop {
            if self.line_start {
                match (input.get(pos), input.get(pos + 1), input.get(pos + 2)) {
                    (None, _, _) | (Some(b'.'), None, _) | (Some(b'.'), Some(b'\r'), None) => {
                        return (pos, None);
                    }
                    (Some(b'.'), Some(b'\r'), Some(b'\n')) => return (pos, Some(pos + 3)),
                    // A stuffed dot is dropped with its line.
                    _ => {}
                }
            }
            // Bare CR and LF need no report here, and they are line ends in no mode, so the
            // lenient scan finds the same terminator as the strict one would.
            let run = scan_lenient(input, pos);
            if run.end == pos {
                // Only a final CR is left.
                return (pos, None);
            }
            pos = run.end;
            self.line_start = run.line_start;
        }
    }
}

/// Searches `"\n."`: the LF of a CRLF followed by a dot.
static LF_DOT: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"\n."));

/// Lenient mode: content from `start` up to the first CRLF followed by `"."` (the run ends
/// after the LF), or to the end of the input (but a final CR, held until its next byte is
/// known). Bare CR and bare LF are content.
fn scan_lenient(input: &[u8], start: usize) -> Run {
    let mut from = start;
    while let Some(rel) = LF_DOT.find(&input[from..]) {
        let lf = from + rel;
        // `lf > start`: a run never starts at the LF of a CRLF (a final CR is always held).
        if lf > start && input[lf - 1] == b'\r' {
            return Run::plain(lf + 1, true);
        }
        // A bare LF before a dot: content.
        from = lf + 1;
    }
    let len = input.len();
    if len > start && input[len - 1] == b'\r' {
        Run::plain(len - 1, false)
    } else {
        Run::plain(len, len >= start + 2 && input[len - 2..] == *b"\r\n")
    }
}

/// Strict mode: content from `start` up to the first bare CR or LF, the first CRLF
/// followed by `"."`, or the end of the input (but a final CR).
fn scan_strict(input: &[u8], start: usize) -> Run {
    let from = skip_clean(input, start);
    scan_exact(input, start, from)
}

/// Strict mode's byte-by-byte scan of content from `start`, looking from `from`: nothing
/// of interest lies in `input[start..from]`, and `input[from]` is not the LF of a CRLF.
fn scan_exact(input: &[u8], start: usize, from: usize) -> Run {
    let len = input.len();
    let mut i = from;
    while let Some(&byte) = input.get(i) {
        match byte {
            b'\r' => match (input.get(i + 1), input.get(i + 2)) {
                // A final CR: held until the next byte shows what it is.
                (None, _) => return Run::plain(i, false),
                // A line end; when a "." or nothing follows, the next line start must be
                // looked at by the caller. The CRLF is content either way.
                (Some(b'\n'), Some(b'.') | None) => return Run::plain(i + 2, true),
                (Some(b'\n'), Some(_)) => i += 2,
                (Some(_), _) => {
                    return Run {
                        end: i,
                        line_start: false,
                        bare: Some(Bare::Cr),
                    };
                }
            },
            // Every CRLF is stepped over at its CR, so this LF is bare.
            b'\n' => {
                return Run {
                    end: i,
                    line_start: false,
                    bare: Some(Bare::Lf),
                };
            }
            _ => i += 1,
        }
    }
    // A final LF here is the end of a CRLF: `skip_clean` stops before a bare one.
    Run::plain(len, len > start && input[len - 1] == b'\n')
}

/// Bytes per block of [`block_is_plain`].
const BLOCK: usize = 64;

/// Skips, from `from`, whole blocks of bytes that hold no bare CR, no bare LF and no LF
/// followed by `"."`. Returns a position `p >= from` such that:
///
/// - in `input[from..p]` every CR is followed by an LF, every LF is preceded by a CR, and
///   no LF is followed by `"."` (also when that `"."` is `input[p]`);
/// - `input[p]` is not the LF of a CRLF (the scan backs up to the CR).
///
/// When `input[from]` is an LF, `from` is returned (the byte before `from` is not
/// looked at, so that LF needs a closer look by the caller). Also used by the body
/// encoder, which looks for the same three things.
pub(crate) fn skip_clean(input: &[u8], from: usize) -> usize {
    if input.get(from) == Some(&b'\n') {
        return from;
    }
    let mut at = from;
    while block_is_plain(input, at) == Some(true) {
        at += BLOCK;
    }
    if at > from && input[at - 1] == b'\r' {
        at - 1
    } else {
        at
    }
}

/// Checks the [`BLOCK`] byte pairs `(input[j - 1], input[j])` for `at < j <= at + BLOCK`:
/// `Some(true)` when in none of them an LF goes without a CR before it, a CR without an LF
/// after it, or an LF is followed by `"."`; `None` when the input is too short. One
/// branch-free (vectorizable) pass.
fn block_is_plain(input: &[u8], at: usize) -> Option<bool> {
    let prev = <&[u8; BLOCK]>::try_from(input.get(at..at + BLOCK)?).ok()?;
    let this = <&[u8; BLOCK]>::try_from(input.get(at + 1..at + 1 + BLOCK)?).ok()?;
    let mut flags = 0u8;
    for j in 0..BLOCK {
        let (p, t) = (prev[j], this[j]);
        flags |= (u8::from(p == b'\r') ^ u8::from(t == b'\n'))
            | (u8::from(p == b'\n') & u8::from(t == b'.'));
    }
    Some(flags == 0)
}

/// Decodes a whole body held in one buffer: `input` starts right after the status line's
/// CRLF and holds the terminator (and possibly bytes after it).
///
/// Returns the unstuffed content — borrowed from `input` when it is one piece of it
/// (nothing was stuffed, or only the first line), copied into one allocation (at most
/// `input.len()` bytes) otherwise — and in `consumed` the
/// bytes through the terminator. [`Status::Incomplete`] when the terminator is not in
/// `input` yet (nothing is kept: call again with the longer buffer, which is rescanned;
/// use [`BodyDecoder`] to read a body in pieces in O(n)).
///
/// ```
/// use std::borrow::Cow;
/// use pop3_proto::stream::body::unstuff;
/// use pop3_proto::{Error, ErrorKind, ParserOptions, Status};
///
/// let opts = ParserOptions::default();
/// let body = unstuff(b"..a\r\n.\r\n", &opts).unwrap();
/// assert_eq!(body, Status::Complete { value: Cow::Owned(b".a\r\n".to_vec()), consumed: 8 });
/// assert!(unstuff(b"a\r\n.", &opts).unwrap().is_incomplete());
/// let err = unstuff(b"a\rb\r\n.\r\n", &opts).unwrap_err();
/// assert_eq!(err, Error::new(1, ErrorKind::BareCr));
/// ```
///
/// # Errors
///
/// The first [`BodyEvent::Invalid`] the decoder reports: [`ErrorKind::BareCr`] or
/// [`ErrorKind::BareLf`] in strict mode, [`ErrorKind::BodyTooLarge`].
pub fn unstuff<'a>(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Cow<'a, [u8]>>, Error> {
    let mut decoder = BodyDecoder::new(opts);
    let mut body: Cow<'a, [u8]> = Cow::Borrowed(&[]);
    let mut used = 0;
    loop {
        let Status::Complete { value, consumed } = decoder.decode(&input[used..]) else {
            return Ok(Status::Incomplete);
        };
        used += consumed;
        match value {
            BodyEvent::Data(data) if body.is_empty() => body = Cow::Borrowed(data),
            BodyEvent::Data(data) => {
                if let Cow::Borrowed(first) = body {
                    let mut owned = Vec::with_capacity(input.len());
                    owned.extend_from_slice(first);
                    body = Cow::Owned(owned);
                }
                body.to_mut().extend_from_slice(data);
            }
            BodyEvent::Invalid(err) => return Err(err),
            BodyEvent::End => {
                return Ok(Status::Complete {
                    value: body,
                    consumed: used,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whole input: (content, errors, consumed through End).
    fn run(opts: &ParserOptions, mut input: &[u8]) -> (Vec<u8>, Vec<Error>, Option<usize>) {
        let mut decoder = BodyDecoder::new(opts);
        let (mut content, mut errors, mut used) = (Vec::new(), Vec::new(), 0);
        loop {
            match decoder.decode(input) {
                Status::Complete { value, consumed } => {
                    input = &input[consumed..];
                    used += consumed;
                    match value {
                        BodyEvent::Data(d) => content.extend_from_slice(d),
                        BodyEvent::Invalid(e) => errors.push(e),
                        BodyEvent::End => return (content, errors, Some(used)),
                    }
                }
                Status::Incomplete => return (content, errors, None),
            }
        }
    }

    /// A naive reading of `skip_clean`'s promise: the first position `p >= from` where
    /// `input[p]` is a bare LF, a bare CR, a CR that ends the input, or the LF of a CRLF
    /// followed by "." (then `p` is its CR) — or the end of the input.
    fn first_of_interest(input: &[u8], from: usize) -> usize {
        let mut i = from;
        while i < input.len() {
            match input[i] {
                b'\n' => return i,
                b'\r' => match (input.get(i + 1), input.get(i + 2)) {
                    (Some(b'\n'), Some(b'.')) | (Some(b'\n'), None) | (None, _) => return i,
                    (Some(b'\n'), Some(_)) => i += 2,
                    (Some(_), _) => return i,
                },
                _ => i += 1,
            }
        }
        i
    }

    #[test]
    fn skip_clean_never_skips_anything_of_interest() {
        let base: Vec<u8> = (0..4 * BLOCK + 9)
            .map(|i| match i % 13 {
                11 => b'\r',
                12 => b'\n',
                k => b'a' + k as u8,
            })
            .collect();
        let pieces: [&[u8]; 8] = [
            b"\n", b"\r", b"\r\n.", b"\n.", b"\r.", b"..", b"\r\r\n", b".",
        ];
        for at in 0..=base.len() {
            for piece in pieces {
                let input = [&base[..at], piece, &base[at..]].concat();
                for from in [0, 1, 5, at.saturating_sub(1), at] {
                    let from = from.min(input.len());
                    // Start where a run may start: not at the LF of a CRLF.
                    if from > 0 && input[from - 1] == b'\r' && input.get(from) == Some(&b'\n') {
                        continue;
                    }
                    let p = skip_clean(&input, from);
                    assert!(p >= from);
                    assert!(
                        p <= first_of_interest(&input, from),
                        "{at} {piece:?} {from}"
                    );
                    assert!(!(p > from && input[p - 1] == b'\r' && input[p] == b'\n'));
                }
            }
        }
    }

    #[test]
    fn known_answers() {
        let s = ParserOptions::new();
        assert_eq!(run(&s, b".\r\n"), (vec![], vec![], Some(3)));
        assert_eq!(
            run(&s, b"..\r\n.\r\n"),
            (b".\r\n".to_vec(), vec![], Some(7))
        );
        assert_eq!(
            run(&s, b"a\r\n..b\r\n.\r\nx"),
            (b"a\r\n.b\r\n".to_vec(), vec![], Some(11))
        );
        assert_eq!(
            run(&s, b"a\nb\r\nc\r\n.\r\n"),
            (
                b"ac\r\n".to_vec(),
                vec![Error::new(1, ErrorKind::BareLf)],
                Some(11)
            )
        );
        assert_eq!(run(&s, b"a\r\n.\r"), (b"a\r\n".to_vec(), vec![], None));
    }

    #[test]
    fn held_bytes() {
        let mut d = BodyDecoder::new(&ParserOptions::new());
        assert_eq!(d.decode(b""), Status::Incomplete);
        assert_eq!(d.decode(b"."), Status::Incomplete);
        assert_eq!(d.decode(b".\r"), Status::Incomplete);
        assert_eq!(
            d.decode(b".a\r"),
            Status::Complete {
                value: BodyEvent::Data(b"a"),
                consumed: 2
            }
        );
        assert_eq!(d.decode(b"\r"), Status::Incomplete);
        assert_eq!(
            d.decode(b"\r\n"),
            Status::Complete {
                value: BodyEvent::Data(b"\r\n"),
                consumed: 2
            }
        );
    }

    #[test]
    fn size_limit() {
        let o = ParserOptions::new().max_body_size(4);
        assert_eq!(
            run(&o, b"abcdef\r\n..\r\n.\r\n"),
            (
                b"abcd".to_vec(),
                vec![Error::new(4, ErrorKind::BodyTooLarge { limit: 4 })],
                Some(15)
            )
        );
        // Exactly at the limit is fine.
        assert_eq!(
            run(&o, b"ab\r\n.\r\n"),
            (b"ab\r\n".to_vec(), vec![], Some(7))
        );
        // The stuffed dot does not count: ".ab\r\n" is 5 bytes.
        assert_eq!(
            run(&o, b"..ab\r\n.\r\n"),
            (
                b".ab\r".to_vec(),
                vec![Error::new(5, ErrorKind::BodyTooLarge { limit: 4 })],
                Some(9)
            )
        );
    }
}
