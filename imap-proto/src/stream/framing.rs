//! The framing layer: splits an IMAP byte stream into complete messages (lines and their
//! literals) before any parsing, in O(n) however the input is split.
//!
//! # Messages
//!
//! RFC 3501 §2.2 and RFC 9051 §2.2: commands and responses are lines ending in CRLF, but a
//! line may carry literals. A literal is announced by an octet count in braces right before
//! the CRLF, and exactly that many octets of data follow the CRLF (RFC 3501 §4.3, RFC 9051
//! §4.3); the command or response goes on after the data. So a *message* here is one or
//! more line segments:
//!
//! ```text
//! segment  = *(any byte but CR, LF, NUL) [marker] CRLF
//! marker   = ["~"] "{" 1*DIGIT ["+"] "}"    ; {n}, {n+} (RFC 7888), ~{n}, ~{n+} (RFC 3516)
//! message  = *(segment-ending-in-marker literal-data) segment-without-marker
//! ```
//!
//! The octet count is a decimal `number64` (RFC 9051 §9), leading zeros allowed, read with
//! checked arithmetic. The framer is lexical only: it does not parse quoted strings, so a
//! line that ends in `{5}` before its CRLF announces a literal wherever it appears, as in
//! every IMAP implementation. Literal data is never examined — it is jumped over, and may
//! hold any byte (NUL included, for `literal8`).
//!
//! # The two sides
//!
//! - [`Side::Server`] decodes client commands. A *synchronizing* literal `{n}` makes the
//!   client wait for a continuation request (RFC 3501 §7.5): the framer reports
//!   [`FrameEvent::NeedContinuation`] once, consuming nothing, and reads on after the
//!   caller calls [`Framer::continuation_sent`] (or gives the partial message up with
//!   [`Framer::refuse_literal`]). A *non-synchronizing* literal `{n+}` (RFC 7888 LITERAL+)
//!   needs no continuation. A synchronizing literal over the limits is
//!   [`FrameEvent::LiteralRefused`]: the client sends no data until it sees `+`, so only the
//!   message so far is consumed and the caller answers `tag NO` or `tag BAD`.
//! - [`Side::Client`] decodes server responses: every literal is followed by its data
//!   (servers do not wait), and a continuation request (`+ …`) is a message like any other.
//!
//! The caller's protocol knowledge switches framing: [`Framer::expect_line`] for one plain
//! line without literal processing (an AUTHENTICATE response line, RFC 3501 §6.2.2; `DONE`
//! after IDLE, RFC 2177), [`Framer::set_opaque`] after STARTTLS or COMPRESS (the rest of
//! the stream is [`FrameEvent::Opaque`]).
//!
//! # Line ends and limits
//!
//! Strict mode accepts CRLF only: a bare LF is [`ErrorKind::BareLf`]. Lenient mode
//! ([`ParserOptions::is_lenient`]) also accepts an LF-only line end. A bare CR is never a
//! line end ([`ErrorKind::BareCr`] in both modes), and a NUL outside literal data is
//! [`ErrorKind::Nul`].
//!
//! Limits from [`ParserOptions`]: [`max_line`](ParserOptions::max_line) per segment (its
//! text, without the line end), [`max_auth_line`](ParserOptions::max_auth_line) for the
//! line after [`Framer::expect_line`], [`max_literal`](ParserOptions::max_literal) per
//! literal, [`max_literals`](ParserOptions::max_literals) per message, and
//! [`max_message`](ParserOptions::max_message) for a whole message (every byte of it,
//! line ends and literal data included). A server advertising LITERAL- refuses
//! non-synchronizing literals over 4096 octets ([`Framer::literal_minus`]).
//!
//! # Errors and resynchronisation
//!
//! The framer never fails: what breaks a rule is a [`FrameEvent::Invalid`] carrying an
//! [`Error`](struct@Error) with its stream offset and, when the message starts with
//! something that looks like a tag (RFC 9051 §9 `tag = 1*<any ASTRING-CHAR except "+">`,
//! followed by SP), that tag. The rest of the message is then discarded without being
//! buffered: the `Invalid` consumes the message as far as it has arrived, and the rest comes
//! as [`FrameEvent::Skipped`] events, through the CRLF that ends the message — literals
//! announced on the way are followed (their data skipped, never examined), so literal data
//! is never mistaken for commands or responses. On the server side a synchronizing literal
//! met while discarding ends the message (the client waits for a `+` that will not come).
//!
//! A segment longer than its limit is refused as soon as the limit is passed, before its
//! line end arrives; an over-limit literal whose data comes anyway (a non-synchronizing one,
//! or any literal on the client side) is refused when announced and its data skipped.
//!
//! # The caller's buffer
//!
//! [`Framer::decode`] takes the bytes not consumed so far. After [`Status::Complete`] the
//! caller drops `consumed` bytes from the front; after [`Status::Incomplete`] it reads more
//! and calls again with the same bytes plus the new ones. The framer remembers how far it
//! scanned, so the total work is O(n) however the input is split
//! ([`Framer::bytes_examined`] counts it), and any split gives the same events — except
//! that the bytes of an `Invalid` and the `Skipped` after it, and `Opaque` pieces, may be
//! divided differently.
//!
//! ```
//! use imap_proto::stream::framing::{FrameEvent, Framer, Side};
//! use imap_proto::{ParserOptions, Status};
//!
//! // RFC 3501 §7.5: the client sends the octet count and waits for "+".
//! let mut framer = Framer::new(Side::Server, ParserOptions::default());
//! let mut buf = b"A001 LOGIN {11}\r\n".to_vec();
//! assert_eq!(
//!     framer.decode(&buf),
//!     Status::Complete { value: FrameEvent::NeedContinuation { size: 11 }, consumed: 0 }
//! );
//! // The server writes "+ Ready for additional command text" and says so.
//! framer.continuation_sent();
//! assert_eq!(framer.decode(&buf), Status::Incomplete);
//! buf.extend_from_slice(b"FRED FOOBAR {7}\r\n");
//! assert_eq!(
//!     framer.decode(&buf),
//!     Status::Complete { value: FrameEvent::NeedContinuation { size: 7 }, consumed: 0 }
//! );
//! framer.continuation_sent();
//! buf.extend_from_slice(b"fat man\r\nA002 NOOP\r\n");
//! let Status::Complete { value: FrameEvent::Message(m), consumed } = framer.decode(&buf)
//! else { panic!() };
//! assert_eq!(m, b"A001 LOGIN {11}\r\nFRED FOOBAR {7}\r\nfat man\r\n");
//! buf.drain(..consumed);
//! assert_eq!(
//!     framer.decode(&buf),
//!     Status::Complete { value: FrameEvent::Message(b"A002 NOOP\r\n"), consumed: 11 }
//! );
//! ```

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
#[cfg(doc)]
use crate::parse::core::Cursor;

/// RFC 7888 §4 (LITERAL-): the largest non-synchronizing literal a LITERAL- server accepts,
/// 4096 octets.
pub const LITERAL_MINUS_MAX: u64 = 4096;

/// Which direction of the connection a [`Framer`] decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The server's view: decodes the commands a client sends. Synchronizing literals
    /// wait for a continuation request.
    Server,
    /// The client's view: decodes the responses a server sends. Literal data always
    /// follows its octet count.
    Client,
}

/// One event of a [`Framer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameEvent<'a> {
    /// A complete message: its line segments, literal markers and literal data, final
    /// CRLF (or LF, in lenient mode) included. `consumed` is its length.
    Message(&'a [u8]),
    /// After [`Framer::expect_line`]: one line, its line end included, read without
    /// literal processing.
    Line(&'a [u8]),
    /// Server side only: a synchronizing literal of `size` octets was announced and is
    /// within the limits. The caller sends a continuation request (`+ …`) and calls
    /// [`Framer::continuation_sent`] (or answers with a tagged response and calls
    /// [`Framer::refuse_literal`]). `consumed` is 0: the partial message stays in the
    /// caller's buffer. Reported once; `decode` returns [`Status::Incomplete`] until the
    /// caller has decided.
    NeedContinuation {
        /// The announced octet count.
        size: u64,
    },
    /// Server side only: a synchronizing literal over [`ParserOptions::max_literal`], or
    /// that would make the message exceed [`ParserOptions::max_message`] or
    /// [`ParserOptions::max_literals`] (or whose count overflows). The client sends no
    /// data before a `+`, so `consumed` covers the message so far, through the line that
    /// announces the literal; the caller answers `tag NO` or `tag BAD` (the error carries
    /// the tag when the message starts with one).
    LiteralRefused(Error),
    /// Bytes that break a rule (see the [module docs](self#errors-and-resynchronisation));
    /// `consumed` covers the message as far as it has arrived, and the rest of it comes as
    /// [`FrameEvent::Skipped`] events.
    Invalid(Error),
    /// More bytes of the message the last [`FrameEvent::Invalid`] refers to, discarded
    /// without buffering (or, after [`Framer::refuse_literal`], the refused partial
    /// message). Never empty.
    Skipped,
    /// After [`Framer::set_opaque`]: raw bytes of the TLS or compressed stream. Never empty.
    Opaque(&'a [u8]),
}

/// The marker recogniser used while discarding: the state of the last bytes of a segment
/// with respect to `"{" 1*DIGIT ["+"] "}" [CR]`. A count that does not fit a `u64` is
/// `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rec {
    /// The segment does not end in a marker prefix.
    Text,
    /// `{` and `digits` digits so far.
    Open { digits: bool, value: Option<u64> },
    /// `{digits+`.
    Plus { value: Option<u64> },
    /// A whole marker.
    Close { value: Option<u64>, nonsync: bool },
    /// A whole marker and a CR.
    CloseCr { value: Option<u64>, nonsync: bool },
}

impl Rec {
    /// The state after byte `b` (never an LF: segments are split there).
    fn step(self, b: u8) -> Self {
        match (self, b) {
            (_, b'{') => Self::Open {
                digits: false,
                value: Some(0),
            },
            (Self::Open { value, .. }, b'0'..=b'9') => Self::Open {
                digits: true,
                value: value
                    .and_then(|v| v.checked_mul(10))
                    .and_then(|v| v.checked_add(u64::from(b - b'0'))),
            },
            (
                Self::Open {
                    digits: true,
                    value,
                },
                b'+',
            ) => Self::Plus { value },
            (
                Self::Open {
                    digits: true,
                    value,
                },
                b'}',
            ) => Self::Close {
                value,
                nonsync: false,
            },
            (Self::Plus { value }, b'}') => Self::Close {
                value,
                nonsync: true,
            },
            (Self::Close { value, nonsync }, b'\r') => Self::CloseCr { value, nonsync },
            _ => Self::Text,
        }
    }

    /// The literal announced when an LF follows, if any.
    fn literal(self) -> Option<(Option<u64>, bool)> {
        match self {
            Self::Close { value, nonsync } | Self::CloseCr { value, nonsync } => {
                Some((value, nonsync))
            }
            _ => None,
        }
    }
}

/// The recogniser state after `bytes` (which hold no LF), starting from `rec`; adds the
/// bytes looked at to `examined`. Only the bytes after the last `{` can matter, so they
/// are found from the end first.
fn advance(rec: Rec, bytes: &[u8], examined: &mut u64) -> Rec {
    let (mut rec, from) = match memchr::memrchr(b'{', bytes) {
        Some(at) => (
            Rec::Open {
                digits: false,
                value: Some(0),
            },
            at + 1,
        ),
        None => (rec, 0),
    };
    *examined += (bytes.len() - from.saturating_sub(1)) as u64;
    for &b in &bytes[from..] {
        *examined += 1;
        rec = rec.step(b);
        if rec == Rec::Text {
            // No `{` follows: it stays `Text`.
            break;
        }
    }
    rec
}

/// The discarding state: the rest of a refused message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Skip {
    /// Literal octets still to skip (0: inside a segment).
    literal: u64,
    /// The segment so far.
    rec: Rec,
    /// A plain line (after `expect_line`): no literal follows.
    plain: bool,
}

/// A message being read: positions count from its first byte (the caller's `input[0]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Msg {
    /// Start of the current segment (after the last literal's data).
    seg_start: usize,
    /// Bytes of the current segment known to hold no line end, CR or NUL.
    scanned: usize,
    /// Literals announced so far.
    literals: usize,
}

/// What the next bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A message (possibly not started).
    Message(Msg),
    /// Server side: `NeedContinuation` was reported; the literal's data starts at
    /// `lit_start` once the caller has decided.
    AwaitContinuation { msg: Msg, lit_start: usize },
    /// After `refuse_literal`: the partial message `input[..end]` is to be dropped.
    Refused { end: usize },
    /// One plain line, scanned up to `scanned`.
    Line { scanned: usize },
    /// Discarding the rest of a refused message.
    Skip(Skip),
    /// Everything after STARTTLS / COMPRESS.
    Opaque,
}

/// How a segment scan ended.
enum Scan {
    /// No line end yet; the segment is plain up to this position.
    More(usize),
    /// A line end: text ends at `text_end`, the next segment starts at `next`.
    End { text_end: usize, next: usize },
    /// A rule broken at this position.
    Fail(usize, ErrorKind),
}

/// A literal marker at the end of a segment's text.
#[derive(Debug, Clone, Copy)]
struct Marker {
    /// Where the marker starts in the text (its `~` or `{`).
    start: usize,
    /// The octet count, `None` when it does not fit a `u64`.
    size: Option<u64>,
    /// `{n+}`.
    nonsync: bool,
}

/// The literal marker `text` ends with, read backwards in one pass (digits from the least
/// significant, with checked arithmetic so that leading zeros never overflow).
fn marker_at_end(text: &[u8], examined: &mut u64) -> Option<Marker> {
    let mut i = text.len();
    *examined += 1;
    if i == 0 || text[i - 1] != b'}' {
        return None;
    }
    i -= 1;
    let nonsync = i > 0 && text[i - 1] == b'+';
    if nonsync {
        i -= 1;
    }
    let digits_end = i;
    let mut value: Option<u64> = Some(0);
    let mut scale: Option<u64> = Some(1);
    while i > 0 && text[i - 1].is_ascii_digit() {
        let d = u64::from(text[i - 1] - b'0');
        if d != 0 {
            value = match (value, scale) {
                (Some(v), Some(s)) => s.checked_mul(d).and_then(|x| x.checked_add(v)),
                _ => None,
            };
        }
        scale = scale.and_then(|s| s.checked_mul(10));
        i -= 1;
    }
    *examined += (text.len() - i + 1) as u64;
    if i == digits_end || i == 0 || text[i - 1] != b'{' {
        return None;
    }
    i -= 1;
    if i > 0 && text[i - 1] == b'~' {
        i -= 1;
    }
    Some(Marker {
        start: i,
        size: value,
        nonsync,
    })
}

/// RFC 9051 §9: `tag = 1*<any ASTRING-CHAR except "+">`. ASTRING-CHAR is ATOM-CHAR or `]`;
/// ATOM-CHAR is any CHAR except atom-specials (`(` `)` `{` SP CTL `%` `*` `"` `\` `]`).
const fn is_tag_char(b: u8) -> bool {
    matches!(b, 0x21..=0x7e) && !matches!(b, b'(' | b')' | b'{' | b'%' | b'*' | b'"' | b'\\' | b'+')
}

/// The tag `bytes` start with: tag characters followed by SP.
fn tag_of<'a>(bytes: &'a [u8], examined: &mut u64) -> Option<&'a [u8]> {
    let n = bytes.iter().position(|&b| !is_tag_char(b))?;
    *examined += n as u64 + 1;
    (n > 0 && bytes[n] == b' ').then(|| &bytes[..n])
}

/// Scans the segment `input[seg_start..]` from `from` for its line end.
///
/// `max_line` bounds the segment's text; `msg_limit` is the first position the message may
/// not reach. The first broken rule in stream order wins, whatever the split: a byte at
/// `seg_start + max_line` that does not start a line end is [`ErrorKind::LineTooLong`]; any
/// byte at `msg_limit` is [`ErrorKind::MessageTooLarge`].
fn scan_segment(
    input: &[u8],
    seg_start: usize,
    from: usize,
    max_line: usize,
    msg_limit: usize,
    lenient: bool,
    examined: &mut u64,
) -> Scan {
    let line_limit = seg_start.saturating_add(max_line);
    let end = input.len().min(line_limit.saturating_add(1)).min(msg_limit);
    let pos = from.min(end);
    let Some(rel) = memchr::memchr3(b'\n', b'\r', 0, &input[pos..end]) else {
        *examined += (end - pos) as u64;
        if end > line_limit {
            return Scan::Fail(line_limit, ErrorKind::LineTooLong { limit: max_line });
        }
        if end == msg_limit && msg_limit < input.len() {
            return Scan::Fail(msg_limit, too_large_kind(msg_limit));
        }
        return Scan::More(end);
    };
    let at = pos + rel;
    *examined += rel as u64 + 1;
    match input[at] {
        0 => Scan::Fail(at, ErrorKind::Nul),
        b'\n' if lenient => Scan::End {
            text_end: at,
            next: at + 1,
        },
        b'\n' => Scan::Fail(at, ErrorKind::BareLf),
        _ => match input.get(at + 1) {
            None => Scan::More(at),
            Some(b'\n') if at + 1 >= msg_limit => Scan::Fail(msg_limit, too_large_kind(msg_limit)),
            Some(b'\n') => {
                *examined += 1;
                Scan::End {
                    text_end: at,
                    next: at + 2,
                }
            }
            Some(_) => Scan::Fail(at, ErrorKind::BareCr),
        },
    }
}

/// [`ErrorKind::MessageTooLarge`] for a message limit of `limit` bytes.
fn too_large_kind(limit: usize) -> ErrorKind {
    ErrorKind::MessageTooLarge {
        limit: limit as u64,
    }
}

/// Reads one message at the start of `input`, which holds all of it (every literal's data
/// included) or less (then [`Status::Incomplete`]), and parses it with `parse`, which is
/// given the message, the options, the count of input bytes it used and whether the
/// message is a clean line (see [`Cursor::line`]), and returns the whole
/// [`Status::Complete`] (so the value can be built in it rather than copied into it).
///
/// The one-shot `parse` of commands and responses: most messages are one CRLF-terminated
/// line without a literal, and that line is the message (the parsers refuse what the
/// framer would: NUL, a bare CR or LF); anything else is framed first — literals jumped
/// over, never scanned — by a client-side framer, which reads every literal's data after
/// its count.
#[inline]
pub(crate) fn parse_one<'a, T>(
    input: &'a [u8],
    opts: &ParserOptions,
    what: &'static str,
    parse: impl FnOnce(&'a [u8], &ParserOptions, usize, bool) -> Result<Status<T>, Error>,
) -> Result<Status<T>, Error> {
    let (lf, clean) = find_line(input);
    if let Some(lf) = lf {
        let plain = lf >= 1
            && input[lf - 1] == b'\r'
            && lf - 1 <= opts.max_line
            && (lf < 2 || input[lf - 2] != b'}');
        if plain {
            let consumed = lf + 1;
            return parse(&input[..consumed], opts, consumed, clean);
        }
    }
    let mut framer = Framer::new(Side::Client, *opts);
    match framer.decode(input) {
        Status::Incomplete => Ok(Status::Incomplete),
        Status::Complete {
            value: FrameEvent::Message(m),
            consumed,
        } => parse(m, opts, consumed, false),
        Status::Complete {
            value: FrameEvent::Invalid(e) | FrameEvent::LiteralRefused(e),
            ..
        } => Err(e),
        Status::Complete { .. } => Err(Error::expected(0, what)),
    }
}

/// The first LF of `input`, and whether the line it ends is clean: its only CR is the one
/// just before the LF and its other bytes are all in %x0E-7F (see [`Cursor::line`]).
///
/// Eight bytes at a time over the first 64 (the last word of a short input is its last
/// eight bytes, shifted, or its bytes padded with zeros): the first byte outside %x0E-7F
/// is the line's CR followed by its LF (a clean line), or anything else, and then the LF
/// is searched for from there with `memchr` (such lines are rare: 8-bit text, an HT, an
/// LF-only end). A line with no such byte in its first 64 bytes is not called clean: its
/// LF is left to `memchr` too, and any text in it is checked as it is read.
#[inline(always)]
fn find_line(input: &[u8]) -> (Option<usize>, bool) {
    const LO: u64 = 0x0101_0101_0101_0101;
    let mut i = 0;
    while i < 64 {
        let x = if let Some(chunk) = input.get(i..).and_then(<[u8]>::first_chunk::<8>) {
            u64::from_le_bytes(*chunk)
        } else if i < input.len() {
            // The unread bytes at the bottom; the zero bytes above them mark positions past
            // the end.
            if let Some(last) = input.last_chunk::<8>() {
                u64::from_le_bytes(*last) >> (8 * (i + 8 - input.len()))
            } else {
                let mut w = [0; 8];
                w[..input.len()].copy_from_slice(input);
                u64::from_le_bytes(w)
            }
        } else {
            break;
        };
        // The high bit of each byte below 0x0E or above 0x7F; the lowest mark is exact (a
        // borrow only carries upwards from a byte that is below 0x0E itself).
        let m = (x.wrapping_sub(LO * 0x0E) | x) & (LO << 7);
        if m != 0 {
            let k = i + (m.trailing_zeros() / 8) as usize;
            if input.get(k) == Some(&b'\r') && input.get(k + 1) == Some(&b'\n') {
                return (Some(k + 1), true);
            }
            // An LF is below 0x0E: none comes before `k`.
            return (lf_from(input, k), false);
        }
        i += 8;
    }
    // A long line.
    (lf_from(input, i), false)
}

/// The first LF of `input` at or after `from`.
fn lf_from(input: &[u8], from: usize) -> Option<usize> {
    let rest = input.get(from..)?;
    memchr::memchr(b'\n', rest).map(|p| from + p)
}

/// Splits a byte stream into IMAP messages (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct Framer {
    side: Side,
    opts: ParserOptions,
    /// LITERAL-: the largest non-synchronizing literal accepted on the server side.
    max_nonsync: Option<u64>,
    state: State,
    /// Stream offset of the next unconsumed byte.
    offset: u64,
    /// See [`Framer::bytes_examined`].
    examined: u64,
}

impl Framer {
    /// A framer for `side` at the start of a stream (or between two messages).
    pub const fn new(side: Side, opts: ParserOptions) -> Self {
        Self {
            side,
            opts,
            max_nonsync: None,
            state: State::Message(Msg {
                seg_start: 0,
                scanned: 0,
                literals: 0,
            }),
            offset: 0,
            examined: 0,
        }
    }

    /// Server side, for a server that advertises LITERAL- (RFC 7888 §4): non-synchronizing
    /// literals over [`LITERAL_MINUS_MAX`] (4096) octets are refused — [`FrameEvent::Invalid`]
    /// with [`ErrorKind::LiteralTooLarge`], the data read and discarded.
    #[must_use]
    pub const fn literal_minus(self) -> Self {
        self.max_nonsync_literal(Some(LITERAL_MINUS_MAX))
    }

    /// Server side: the largest non-synchronizing literal accepted (`None`: only
    /// [`ParserOptions::max_literal`] applies, as with LITERAL+). No effect on the client
    /// side.
    #[must_use]
    pub const fn max_nonsync_literal(mut self, limit: Option<u64>) -> Self {
        self.max_nonsync = limit;
        self
    }

    /// The side this framer decodes.
    pub const fn side(&self) -> Side {
        self.side
    }

    /// The options in force.
    pub const fn options(&self) -> &ParserOptions {
        &self.opts
    }

    /// The LITERAL- limit in force (see [`Framer::max_nonsync_literal`]).
    pub const fn nonsync_limit(&self) -> Option<u64> {
        self.max_nonsync
    }

    /// Stream offset of the next byte the framer has not consumed (the sum of every
    /// `consumed` so far).
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    /// The number of input bytes the framer has looked at so far, counting a byte once per
    /// pass over it (line scan, literal marker, tag, discarding). Literal data is jumped
    /// over and not counted. It grows with the bytes consumed, not with how the input was
    /// split: each call resumes where the last one stopped (a call may look again at one
    /// CR it stopped on).
    pub const fn bytes_examined(&self) -> u64 {
        self.examined
    }

    /// The next message is one plain line read without literal processing, limited to
    /// [`ParserOptions::max_auth_line`]: an AUTHENTICATE response line after the server
    /// sent a continuation request (RFC 3501 §6.2.2), or `DONE` during IDLE (RFC 2177 §3).
    /// It comes back as [`FrameEvent::Line`] (or [`FrameEvent::Invalid`], without a tag:
    /// the line has none, and the caller knows the command's); then messages again. Call
    /// it between messages: a partial message in progress is forgotten.
    pub fn expect_line(&mut self) {
        self.state = State::Line { scanned: 0 };
    }

    /// True after [`Framer::expect_line`] until that line has been decoded.
    pub const fn is_expecting_line(&self) -> bool {
        matches!(self.state, State::Line { .. })
    }

    /// After STARTTLS (RFC 3501 §6.2.1) or COMPRESS (RFC 4978): every later byte is
    /// [`FrameEvent::Opaque`].
    pub fn set_opaque(&mut self) {
        self.state = State::Opaque;
    }

    /// True after [`Framer::set_opaque`].
    pub const fn is_opaque(&self) -> bool {
        matches!(self.state, State::Opaque)
    }

    /// The octet count of the synchronizing literal waiting for the caller's decision
    /// (after [`FrameEvent::NeedContinuation`]), if any.
    pub const fn awaiting_continuation(&self) -> Option<u64> {
        match self.state {
            State::AwaitContinuation { msg, lit_start } => Some((msg.seg_start - lit_start) as u64),
            _ => None,
        }
    }

    /// Server side: the caller has sent the continuation request (`+ …`) for the literal
    /// announced by [`FrameEvent::NeedContinuation`]; its data is read next. No effect
    /// otherwise.
    pub fn continuation_sent(&mut self) {
        if let State::AwaitContinuation { msg, .. } = self.state {
            self.state = State::Message(msg);
        }
    }

    /// Server side: the caller answered the command with a tagged response instead of a
    /// continuation request (RFC 3501 §7.5: "the server … sends a BAD completion response
    /// … to reject the command and prevent the client from sending any more of the
    /// command"; or `NO [TRYCREATE]` before an APPEND's data). The next `decode` consumes
    /// the partial message (through the line that announced the literal) as
    /// [`FrameEvent::Skipped`]. No effect unless a continuation is awaited.
    pub fn refuse_literal(&mut self) {
        if let State::AwaitContinuation { lit_start, .. } = self.state {
            self.state = State::Refused { end: lit_start };
        }
    }

    /// The next event from `input`, the bytes not consumed so far (see the
    /// [module docs](self)).
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Status<FrameEvent<'a>> {
        match self.state {
            State::Message(msg) => self.message(input, msg),
            State::AwaitContinuation { .. } => Status::Incomplete,
            State::Refused { end } => {
                if input.len() < end {
                    return Status::Incomplete;
                }
                self.state = State::Message(Msg::default());
                self.done(FrameEvent::Skipped, end)
            }
            State::Line { scanned } => self.line(input, scanned),
            State::Skip(skip) => {
                if input.is_empty() {
                    return Status::Incomplete;
                }
                let consumed = self.skip_run(input, skip);
                self.done(FrameEvent::Skipped, consumed)
            }
            State::Opaque => {
                if input.is_empty() {
                    return Status::Incomplete;
                }
                self.done(FrameEvent::Opaque(input), input.len())
            }
        }
    }

    /// Consumes `consumed` bytes and returns `event`.
    fn done<'a>(&mut self, event: FrameEvent<'a>, consumed: usize) -> Status<FrameEvent<'a>> {
        self.offset += consumed as u64;
        Status::Complete {
            value: event,
            consumed,
        }
    }

    /// The first position a message may not reach.
    fn msg_limit(&self) -> usize {
        usize::try_from(self.opts.max_message).unwrap_or(usize::MAX)
    }

    /// An error at `at` in the message `input` starts, with its tag when it has one.
    fn error(&mut self, input: &[u8], at: usize, kind: ErrorKind, tagged: bool) -> Error {
        let offset = self.offset.saturating_add(at as u64);
        let e = Error::new(usize::try_from(offset).unwrap_or(usize::MAX), kind);
        if !tagged {
            return e;
        }
        match tag_of(&input[..at.min(input.len())], &mut self.examined) {
            Some(tag) => e.with_tag(tag),
            None => e,
        }
    }

    /// A message, from its first byte `input[0]`.
    fn message<'a>(&mut self, input: &'a [u8], mut msg: Msg) -> Status<FrameEvent<'a>> {
        let msg_limit = self.msg_limit();
        let lenient = self.opts.is_lenient();
        loop {
            if input.len() < msg.seg_start {
                // Waiting for literal data, which is not looked at.
                self.state = State::Message(msg);
                return Status::Incomplete;
            }
            let scan = scan_segment(
                input,
                msg.seg_start,
                msg.scanned.max(msg.seg_start),
                self.opts.max_line,
                msg_limit,
                lenient,
                &mut self.examined,
            );
            let (at, kind, marker, next) = match scan {
                Scan::More(scanned) => {
                    msg.scanned = scanned;
                    self.state = State::Message(msg);
                    return Status::Incomplete;
                }
                Scan::Fail(at, kind) => return self.fail(input, msg.seg_start, at, kind, false),
                Scan::End { text_end, next } => {
                    let text = &input[msg.seg_start..text_end];
                    match marker_at_end(text, &mut self.examined) {
                        None => {
                            self.state = State::Message(Msg::default());
                            return self.done(FrameEvent::Message(&input[..next]), next);
                        }
                        Some(marker) => {
                            let at = msg.seg_start + marker.start;
                            match self.literal_end(marker, next, msg.literals) {
                                Ok(end) => {
                                    msg = Msg {
                                        seg_start: end,
                                        scanned: end,
                                        literals: msg.literals + 1,
                                    };
                                    if self.side == Side::Server && !marker.nonsync {
                                        self.state = State::AwaitContinuation {
                                            msg,
                                            lit_start: next,
                                        };
                                        return Status::Complete {
                                            value: FrameEvent::NeedContinuation {
                                                size: (end - next) as u64,
                                            },
                                            consumed: 0,
                                        };
                                    }
                                    continue;
                                }
                                Err(kind) => (at, kind, marker, next),
                            }
                        }
                    }
                }
            };
            // A literal refused when announced.
            let e = self.error(input, at, kind, true);
            if self.side == Side::Server && !marker.nonsync {
                // The client waits for "+": no data follows.
                self.state = State::Message(Msg::default());
                return self.done(FrameEvent::LiteralRefused(e), next);
            }
            let skip = Skip {
                literal: marker.size.unwrap_or(u64::MAX),
                rec: Rec::Text,
                plain: false,
            };
            let consumed = next + self.skip_run(&input[next..], skip);
            return self.done(FrameEvent::Invalid(e), consumed);
        }
    }

    /// Checks a literal announced by `marker` whose data starts at `start`: the end of its
    /// data, or what it breaks (in this order: the count, the literal limit, the LITERAL-
    /// limit, the number of literals, the message limit).
    fn literal_end(
        &self,
        marker: Marker,
        start: usize,
        literals: usize,
    ) -> Result<usize, ErrorKind> {
        let Some(size) = marker.size else {
            return Err(ErrorKind::NumberOverflow);
        };
        if size > self.opts.max_literal {
            return Err(ErrorKind::LiteralTooLarge {
                size,
                limit: self.opts.max_literal,
            });
        }
        if let (Side::Server, true, Some(limit)) = (self.side, marker.nonsync, self.max_nonsync) {
            if size > limit {
                return Err(ErrorKind::LiteralTooLarge { size, limit });
            }
        }
        if literals >= self.opts.max_literals {
            return Err(ErrorKind::TooMany {
                limit: self.opts.max_literals,
                what: "literals in a message",
            });
        }
        let too_large = ErrorKind::MessageTooLarge {
            limit: self.opts.max_message,
        };
        match (start as u64).checked_add(size) {
            Some(end) if end <= self.opts.max_message => {
                usize::try_from(end).map_err(|_| too_large)
            }
            _ => Err(too_large),
        }
    }

    /// A rule broken at `at` in the segment starting at `seg_start`: reports it and starts
    /// discarding the rest of the message (a plain line's, with `plain`).
    fn fail<'a>(
        &mut self,
        input: &'a [u8],
        seg_start: usize,
        at: usize,
        kind: ErrorKind,
        plain: bool,
    ) -> Status<FrameEvent<'a>> {
        let e = self.error(input, at, kind, !plain);
        let rec = if plain {
            Rec::Text
        } else {
            advance(Rec::Text, &input[seg_start..at], &mut self.examined)
        };
        let skip = Skip {
            literal: 0,
            rec,
            plain,
        };
        let consumed = at + self.skip_run(&input[at..], skip);
        self.done(FrameEvent::Invalid(e), consumed)
    }

    /// Discards what `input` holds of the rest of a refused message, following literals;
    /// returns the bytes consumed and leaves the state for the next call.
    fn skip_run(&mut self, input: &[u8], mut skip: Skip) -> usize {
        let mut pos = 0;
        loop {
            if skip.literal > 0 {
                let avail = input.len() - pos;
                let take = usize::try_from(skip.literal).map_or(avail, |n| n.min(avail));
                pos += take;
                skip.literal -= take as u64;
                if skip.literal > 0 {
                    self.state = State::Skip(skip);
                    return pos;
                }
            }
            if pos == input.len() {
                self.state = State::Skip(skip);
                return pos;
            }
            let Some(rel) = memchr::memchr(b'\n', &input[pos..]) else {
                self.examined += (input.len() - pos) as u64;
                skip.rec = advance(skip.rec, &input[pos..], &mut self.examined);
                self.state = State::Skip(skip);
                return input.len();
            };
            self.examined += rel as u64 + 1;
            skip.rec = advance(skip.rec, &input[pos..pos + rel], &mut self.examined);
            pos += rel + 1;
            match skip.rec.literal() {
                Some((size, nonsync)) if !skip.plain && (self.side == Side::Client || nonsync) => {
                    skip.literal = size.unwrap_or(u64::MAX);
                    skip.rec = Rec::Text;
                }
                // The end of the message (on the server side, a synchronizing literal the
                // client will not send without a "+").
                _ => {
                    self.state = State::Message(Msg::default());
                    return pos;
                }
            }
        }
    }

    /// The plain line after `expect_line`.
    fn line<'a>(&mut self, input: &'a [u8], scanned: usize) -> Status<FrameEvent<'a>> {
        match scan_segment(
            input,
            0,
            scanned,
            self.opts.max_auth_line,
            usize::MAX,
            self.opts.is_lenient(),
            &mut self.examined,
        ) {
            Scan::More(scanned) => {
                self.state = State::Line { scanned };
                Status::Incomplete
            }
            Scan::End { next, .. } => {
                self.state = State::Message(Msg::default());
                self.done(FrameEvent::Line(&input[..next]), next)
            }
            Scan::Fail(at, kind) => self.fail(input, 0, at, kind, true),
        }
    }
}

#[cfg(test)]
mod tests {

    /// `find_line` finds the LF a plain search does in buffers of 0 to 90 bytes of TEXT-CHARs
    /// with a CRLF, a lone LF or none at every position, and calls a line clean exactly
    /// when the CRLF is found, its CR among the first 64 bytes (past them the LF is
    /// searched for alone), and no byte before it is below 0x0E or above 0x7F: for each
    /// such byte (NUL, HT, VT, a lone CR, 0x80, 0xFF) put at every position before the end.
    #[test]
    fn find_line_finds_the_lf_and_tells_a_clean_line() {
        for len in 0..90 {
            for at in 0..=len {
                for crlf in [false, true] {
                    let mut b = vec![b'x'; len];
                    if at < len {
                        b[at] = b'\n';
                        if crlf && at > 0 {
                            b[at - 1] = b'\r';
                        }
                    }
                    let want = b.iter().position(|&c| c == b'\n');
                    let clean = want.is_some_and(|lf| lf > 0 && b[lf - 1] == b'\r' && lf <= 64);
                    assert_eq!(find_line(&b), (want, clean), "len {len}, LF at {at}");
                    for bad in [0u8, b'\t', 0x0B, b'\r', 0x80, 0xFF] {
                        for p in 0..want.map_or(len, |lf| lf.saturating_sub(1)) {
                            let mut d = b.clone();
                            d[p] = bad;
                            let want = d.iter().position(|&c| c == b'\n');
                            assert_eq!(find_line(&d), (want, false), "{bad:#x} at {p} of {d:?}");
                        }
                    }
                }
            }
        }
    }

    use super::*;

    fn marker(text: &[u8]) -> Option<(usize, Option<u64>, bool)> {
        marker_at_end(text, &mut 0).map(|m| (m.start, m.size, m.nonsync))
    }

    #[test]
    fn markers_at_the_end_of_a_segment() {
        // RFC 9051 §9: literal = "{" number64 ["+"] "}" CRLF; literal8 = "~{" number64 "}".
        assert_eq!(marker(b"A1 LOGIN {11}"), Some((9, Some(11), false)));
        assert_eq!(marker(b"{7+}"), Some((0, Some(7), true)));
        assert_eq!(marker(b"BINARY[] ~{3}"), Some((9, Some(3), false)));
        assert_eq!(marker(b"x ~{0+}"), Some((2, Some(0), true)));
        assert_eq!(
            marker(b"{0000000000000000000000000000042}"),
            Some((0, Some(42), false))
        );
        assert_eq!(
            marker(b"{18446744073709551615}"),
            Some((0, Some(u64::MAX), false))
        );
        assert_eq!(marker(b"{18446744073709551616}"), Some((0, None, false)));
        assert_eq!(marker(b"{100000000000000000000}"), Some((0, None, false)));
        for not in [
            &b""[..],
            b"}",
            b"{}",
            b"{+}",
            b"5}",
            b"{5 }",
            b"{5}x",
            b"{-5}",
            b"{5++}",
        ] {
            assert_eq!(marker(not), None, "{not:?}");
        }
    }

    #[test]
    fn the_forward_recogniser_agrees_with_the_backward_reader() {
        let cases: &[&[u8]] = &[
            b"A1 LOGIN {11}",
            b"{7+}",
            b"~{3}",
            b"{}",
            b"{+}",
            b"{5 }",
            b"{{5}",
            b"{5}}",
            b"{00000000000000000000000000000000009}",
            b"{99999999999999999999}",
            b"abc",
        ];
        for text in cases {
            let forward = advance(Rec::Text, text, &mut 0).literal();
            let backward = marker(text).map(|(_, size, nonsync)| (size, nonsync));
            assert_eq!(forward, backward, "{text:?}");
            // Byte by byte, the same.
            let mut rec = Rec::Text;
            for b in text.iter() {
                rec = advance(rec, std::slice::from_ref(b), &mut 0);
            }
            assert_eq!(rec.literal(), backward, "{text:?} byte by byte");
        }
    }

    #[test]
    fn tags() {
        assert_eq!(tag_of(b"A001 APPEND", &mut 0), Some(&b"A001"[..]));
        assert_eq!(tag_of(b"a.b]c ", &mut 0), Some(&b"a.b]c"[..]));
        assert_eq!(tag_of(b"* OK", &mut 0), None);
        assert_eq!(tag_of(b"+ go", &mut 0), None);
        assert_eq!(tag_of(b"A+1 NOOP", &mut 0), None);
        assert_eq!(tag_of(b" NOOP", &mut 0), None);
        assert_eq!(tag_of(b"A001", &mut 0), None);
        assert_eq!(tag_of(b"A{1 X", &mut 0), None);
    }
}
