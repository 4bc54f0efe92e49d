//! Reply parser: [`Reply::parse`] and [`EnhancedStatus::parse_prefix`].
//!
//! RFC 5321 §4.2:
//!
//! ```text
//! Reply-line = *( Reply-code "-" [ textstring ] CRLF )
//!              Reply-code [ SP textstring ] CRLF
//! Reply-code = %x32-35 %x30-35 %x30-39
//! textstring = 1*(%d09 / %d32-126)
//! ```
//!
//! # What is accepted
//!
//! Both modes accept, on the last line, `code SP text`, `code SP` (empty text) and the bare
//! `code` (the ABNF's `[ SP textstring ]`), and on other lines `code "-" text` and `code "-"`.
//! Text is any bytes but CR and LF — wider than `textstring`, because servers send 8-bit
//! text (Latin-1, or UTF-8 under SMTPUTF8) and it is kept as bytes. A bare CR is refused in
//! every mode.
//!
//! | input                                   | strict (default)              | lenient                                 |
//! |-----------------------------------------|-------------------------------|-----------------------------------------|
//! | LF-only line end                        | [`ErrorKind::BareLf`]         | a line end                              |
//! | code 1yz, or second digit 6–9           | `Expected` reply code         | accepted ([`ReplyCode::new_lenient`])   |
//! | HT after the code (`220\tready`)        | `Expected` SP or `-`          | separator of a last line                |
//! | other byte after the code (`250OK`)     | `Expected` SP or `-`          | last line, text starts after the code   |
//! | a later line with another code          | [`ErrorKind::ReplyCodeMismatch`] | part of the reply; [`Reply::code`] is the first line's |
//!
//! Limits: [`ParserOptions::max_reply_line`] bounds each line without its line end
//! ([`ErrorKind::LineTooLong`], reported as soon as it is passed), and
//! [`ParserOptions::max_reply_lines`] the number of lines ([`ErrorKind::TooManyReplyLines`],
//! reported as soon as line `max` turns out not to be the last; a limit of 0 counts as 1).
//!
//! ```
//! use smtp_proto::{ParserOptions, Reply, Status};
//!
//! let input = b"250-mx.example.org\r\n250 SIZE 1000000\r\n354 go ahead\r\n";
//! let Status::Complete { value, consumed } = Reply::parse(input, &ParserOptions::default()).unwrap()
//! else { panic!() };
//! assert_eq!(consumed, 38);
//! assert_eq!(value.code().get(), 250);
//! assert_eq!(value.lines().collect::<Vec<_>>(), [&b"mx.example.org"[..], b"SIZE 1000000"]);
//!
//! // The last line has not arrived yet.
//! assert!(Reply::parse(b"250-mx.example.org\r\n250 SI", &ParserOptions::default()).unwrap().is_incomplete());
//! ```

use std::borrow::Cow;

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::line::{LineScan, scan_line};
use crate::types::reply::{EnhancedStatus, Lines, Reply, ReplyCode};

/// What follows the code on a line.
struct Header {
    code: ReplyCode,
    last: bool,
}

/// Reads the code and separator of one line's text (without its line end).
fn header(text: &[u8], lenient: bool) -> Result<Header, (usize, &'static str)> {
    let mut n: u16 = 0;
    for i in 0..3 {
        match text.get(i) {
            Some(&d) if d.is_ascii_digit() => n = n * 10 + u16::from(d - b'0'),
            _ => return Err((i, "three-digit reply code")),
        }
    }
    let code = if lenient {
        ReplyCode::new_lenient(n).map_err(|_| (0, "reply code 100-599"))?
    } else {
        ReplyCode::new(n)
            .map_err(|_| (0, "reply code with first digit 2-5 and second digit 0-5"))?
    };
    let last = match text.get(3) {
        None | Some(b' ') => true,
        Some(b'-') => false,
        Some(_) if lenient => true,
        Some(_) => return Err((3, "SP or \"-\" after reply code")),
    };
    Ok(Header { code, last })
}

/// Where the text of an already validated line starts.
fn text_start(text: &[u8]) -> usize {
    match text.get(3) {
        None => text.len(),
        Some(b' ' | b'-' | b'\t') => 4,
        Some(_) => 3,
    }
}

/// Resume state of [`scan_reply`]: how far a reply at the start of the input has been read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ReplyScan {
    /// Start of the line being read.
    line_start: usize,
    /// `scan_line` resume point, relative to `line_start`.
    scanned: usize,
    /// Complete lines so far.
    lines: usize,
    /// The first line's code.
    code: Option<ReplyCode>,
}

/// How to get past an invalid reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resync {
    /// Drop the input up to this index (the end of the offending line).
    At(usize),
    /// The offending line's end is not known yet: drop through the first LF at or after
    /// this index (or everything, then keep skipping).
    LineEndFrom(usize),
}

/// Outcome of [`scan_reply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scanned {
    /// `input[..end]` is one whole reply of `lines` lines.
    Complete {
        end: usize,
        lines: usize,
        code: ReplyCode,
    },
    /// The last line has not arrived; call again with more input (same prefix).
    Incomplete,
    /// The reply is malformed; offsets are relative to the input.
    Invalid { error: Error, resync: Resync },
}

/// Scans one reply at the start of `input`, resuming from `state` (reset on every outcome
/// but [`Scanned::Incomplete`]). Work is proportional to the new bytes only.
pub(crate) fn scan_reply(input: &[u8], state: &mut ReplyScan, opts: &ParserOptions) -> Scanned {
    let out = scan_reply_inner(input, state, opts, &mut |_, _| {});
    if !matches!(out, Scanned::Incomplete) {
        *state = ReplyScan::default();
    }
    out
}

/// How many line texts [`TextRanges`] keeps.
const RECORDED_LINES: usize = 16;

/// Where the texts of a reply's first lines are (`input[start..end]`, after the code and
/// separator), recorded while the reply is scanned so that building it needs no second
/// search for line ends.
pub(crate) struct TextRanges {
    ranges: [(u32, u32); RECORDED_LINES],
    len: usize,
    /// A line was not recorded (too many lines, or an offset past `u32::MAX`).
    missed: bool,
}

impl TextRanges {
    /// Nothing recorded yet.
    pub(crate) const fn new() -> Self {
        Self {
            ranges: [(0, 0); RECORDED_LINES],
            len: 0,
            missed: false,
        }
    }

    fn record(&mut self, start: usize, end: usize) {
        match (
            self.ranges.get_mut(self.len),
            u32::try_from(start),
            u32::try_from(end),
        ) {
            (Some(slot), Ok(start), Ok(end)) if !self.missed => {
                *slot = (start, end);
                self.len += 1;
            }
            _ => self.missed = true,
        }
    }

    /// The recorded texts of a reply of `lines` lines in `input`, if every line was
    /// recorded.
    pub(crate) fn texts<'a>(
        &self,
        input: &'a [u8],
        lines: usize,
    ) -> Option<impl ExactSizeIterator<Item = &'a [u8]> + use<'a, '_>> {
        (!self.missed && lines == self.len).then(|| {
            self.ranges[..self.len]
                .iter()
                .map(move |&(start, end)| &input[start as usize..end as usize])
        })
    }
}

/// Scans one whole reply at the start of `input` (one shot), recording in `texts` where
/// the text of each of its first lines is.
pub(crate) fn scan_reply_recording(
    input: &[u8],
    opts: &ParserOptions,
    texts: &mut TextRanges,
) -> Scanned {
    scan_reply_inner(input, &mut ReplyScan::default(), opts, &mut |start, end| {
        texts.record(start, end);
    })
}

/// [`scan_reply`]'s loop; `record(start, end)` is called with the text of each complete
/// line (`input[start..end]`, after the code and separator).
fn scan_reply_inner(
    input: &[u8],
    st: &mut ReplyScan,
    opts: &ParserOptions,
    record: &mut impl FnMut(usize, usize),
) -> Scanned {
    let lenient = opts.is_lenient();
    let max_lines = opts.max_reply_lines.max(1);
    loop {
        let start = st.line_start.min(input.len());
        let line = &input[start..];
        let invalid = |offset: usize, kind: ErrorKind, resync: Resync| Scanned::Invalid {
            error: Error::new(start + offset, kind),
            resync,
        };
        match scan_line(line, st.scanned, opts.max_reply_line, lenient) {
            Ok(LineScan::Incomplete { scanned }) => {
                st.scanned = scanned;
                return Scanned::Incomplete;
            }
            Ok(LineScan::Complete { text_end, next }) => {
                let end = start + next;
                let h = match header(&line[..text_end], lenient) {
                    Ok(h) => h,
                    Err((at, expected)) => {
                        return invalid(at, ErrorKind::Expected { expected }, Resync::At(end));
                    }
                };
                let code = match st.code {
                    None => {
                        st.code = Some(h.code);
                        h.code
                    }
                    Some(first) => {
                        if first != h.code && !lenient {
                            return invalid(0, ErrorKind::ReplyCodeMismatch, Resync::At(end));
                        }
                        first
                    }
                };
                st.lines += 1;
                let text = &line[..text_end];
                record(start + text_start(text).min(text_end), start + text_end);
                if h.last {
                    return Scanned::Complete {
                        end,
                        lines: st.lines,
                        code,
                    };
                }
                if st.lines >= max_lines {
                    return invalid(
                        next,
                        ErrorKind::TooManyReplyLines { limit: max_lines },
                        Resync::At(end),
                    );
                }
                st.line_start = end;
                st.scanned = 0;
            }
            Err(e) => {
                let resync = match e.kind {
                    ErrorKind::BareLf => Resync::At(start + e.offset + 1),
                    ErrorKind::BareCr => Resync::LineEndFrom(start + e.offset + 1),
                    _ => Resync::LineEndFrom(start + e.offset),
                };
                return invalid(e.offset, e.kind, resync);
            }
        }
    }
}

/// Builds the reply from `block`, a whole reply of `lines` lines already validated by
/// [`scan_reply`] (so each line ends with LF, optionally preceded by its CR, and holds no
/// other CR or LF). Allocates once, for a multi-line reply.
pub(crate) fn build_reply(block: &[u8], lines: usize, code: ReplyCode) -> Reply<'_> {
    let mut rest = block;
    let mut next_text = move || {
        let lf = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let mut text = &rest[..lf];
        rest = rest.get(lf + 1..).unwrap_or(&[]);
        if let [head @ .., b'\r'] = text {
            text = head;
        }
        &text[text_start(text).min(text.len())..]
    };
    let lines = if lines <= 1 {
        Lines::One(Cow::Borrowed(next_text()))
    } else {
        let mut all = Vec::with_capacity(lines);
        for _ in 0..lines {
            all.push(Cow::Borrowed(next_text()));
        }
        Lines::Many(all)
    };
    Reply { code, lines }
}

impl<'a> Reply<'a> {
    /// A complete reply (all its lines with their line ends) at the start of `input`.
    ///
    /// RFC 5321 §4.2 `Reply-line` (see the [module documentation](self) for what each mode
    /// accepts). Returns [`Status::Incomplete`] while the last line has not arrived; errors
    /// carry the offset in `input`. A single-line reply borrows its text and does not
    /// allocate; a multi-line reply allocates one `Vec`.
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        let mut texts = TextRanges::new();
        match scan_reply_recording(input, opts, &mut texts) {
            Scanned::Complete { end, lines, code } => {
                let value = match texts.texts(input, lines) {
                    Some(mut texts) if texts.len() == 1 => Reply {
                        code,
                        lines: Lines::One(Cow::Borrowed(texts.next().unwrap_or_default())),
                    },
                    Some(texts) => Reply {
                        code,
                        lines: Lines::Many(texts.map(Cow::Borrowed).collect()),
                    },
                    None => build_reply(&input[..end], lines, code),
                };
                Ok(Status::Complete {
                    value,
                    consumed: end,
                })
            }
            Scanned::Incomplete => Ok(Status::Incomplete),
            Scanned::Invalid { error, .. } => Err(error),
        }
    }
}

impl EnhancedStatus {
    /// An enhanced status code at the start of `text`, and the text after it.
    ///
    /// RFC 3463 §2 `status-code = class "." subject "." detail` with `class = "2" / "4" / "5"`,
    /// `subject = 1*3digit`, `detail = 1*3digit`; RFC 2034 §4 puts it before the reply text,
    /// so it must be followed by SP (skipped in the returned rest) or end the text.
    pub fn parse_prefix(text: &[u8]) -> Option<(Self, &[u8])> {
        let class = match text.first()? {
            c @ (b'2' | b'4' | b'5') => c - b'0',
            _ => return None,
        };
        if text.get(1) != Some(&b'.') {
            return None;
        }
        let (subject, len) = number_1_3(&text[2..])?;
        let at = 2 + len;
        if text.get(at) != Some(&b'.') {
            return None;
        }
        let (detail, len) = number_1_3(&text[at + 1..])?;
        let at = at + 1 + len;
        let rest = match text.get(at) {
            None => &[][..],
            Some(b' ') => &text[at + 1..],
            Some(_) => return None,
        };
        Some((Self::new(class, subject, detail).ok()?, rest))
    }
}

/// `1*3digit` at the start of `s`: the value and the number of digits. Four or more digits
/// are not a match.
fn number_1_3(s: &[u8]) -> Option<(u16, usize)> {
    let len = s.iter().take(4).take_while(|b| b.is_ascii_digit()).count();
    if !(1..=3).contains(&len) {
        return None;
    }
    Some((
        s[..len]
            .iter()
            .fold(0u16, |n, &d| n * 10 + u16::from(d - b'0')),
        len,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict() -> ParserOptions {
        ParserOptions::default()
    }

    #[test]
    fn header_forms() {
        assert!(header(b"250", false).unwrap().last);
        assert!(header(b"250 ", false).unwrap().last);
        assert!(!header(b"250-", false).unwrap().last);
        assert_eq!(
            header(b"25", false).err(),
            Some((2, "three-digit reply code"))
        );
        assert_eq!(header(b"2x0", false).err().map(|e| e.0), Some(1));
        assert!(header(b"250\tx", false).is_err());
        assert!(header(b"250\tx", true).unwrap().last);
        assert!(header(b"160 x", false).is_err());
        assert!(header(b"160 x", true).is_ok());
        assert!(header(b"099 x", true).is_err());
    }

    #[test]
    fn resume_matches_one_shot() {
        let input = b"250-a\r\n250-bb\r\n250 ccc\r\n";
        let mut st = ReplyScan::default();
        for end in 0..input.len() {
            assert_eq!(
                scan_reply(&input[..end], &mut st, &strict()),
                Scanned::Incomplete
            );
        }
        assert_eq!(
            scan_reply(input, &mut st, &strict()),
            Scanned::Complete {
                end: input.len(),
                lines: 3,
                code: ReplyCode::OK
            }
        );
        assert_eq!(st, ReplyScan::default());
    }

    #[test]
    fn enhanced_prefix() {
        assert_eq!(number_1_3(b"1234"), None);
        assert_eq!(number_1_3(b"123."), Some((123, 3)));
        assert_eq!(
            EnhancedStatus::parse_prefix(b"2.0.0"),
            Some((EnhancedStatus::new(2, 0, 0).unwrap(), &b""[..]))
        );
        assert_eq!(EnhancedStatus::parse_prefix(b"2.0.0x"), None);
        assert_eq!(EnhancedStatus::parse_prefix(b"3.0.0 x"), None);
        assert_eq!(EnhancedStatus::parse_prefix(b"4.1000.0 x"), None);
        assert_eq!(EnhancedStatus::parse_prefix(b"4..0 x"), None);
    }
}
