//! Listing parsers: one listing line (`parse_line`), the text of a `+OK` reply
//! (`from_reply`), and a whole multi-line body (`parse_body`).
//!
//! `parse_body` takes the body of a multi-line reply **after** dot-unstuffing and **without**
//! the terminating `.` line: CRLF-terminated lines (LF-terminated ones too in lenient mode),
//! each at most [`ParserOptions::max_reply_line`] bytes without its line end. It returns a
//! [`Listings`] iterator of borrowed values (nothing is copied); the iterator stops after the
//! first error, whose offset counts from the start of the body. `parse_line` and
//! `from_reply` report offsets from the start of the line or of the reply's
//! [text](crate::types::reply::Reply::text).
//!
//! | input | strict (default) | lenient |
//! | --- | --- | --- |
//! | `1 120` | accepted | accepted |
//! | `1 120 extra info` (RFC 1939 §5 allows it) | extra `extra info` | extra `extra info` |
//! | `1 120 ` (trailing SP or HTAB) | [`ErrorKind::Expected`] | accepted, no extra |
//! | `1  120`, `1\t120` | [`ErrorKind::Expected`] at 2 / 1 | accepted |
//! | ` 1 120` (leading blanks) | [`ErrorKind::Expected`] at 0 | accepted |
//! | `0 120` | [`ErrorKind::Expected`] "non-zero message number" | same |
//! | `4294967296 1` | [`ErrorKind::NumberOverflow`] | same |
//! | `1 uid extra` (UIDL) | [`ErrorKind::Expected`] at 5 | same, but trailing blanks are dropped |
//! | an empty line in a body | [`ErrorKind::Expected`] | skipped |
//! | a body whose last line has no line end | [`ErrorKind::Expected`] at the body's end | same |
//!
//! ```
//! use pop3_proto::types::listing::{Stat, UidListing};
//! use pop3_proto::types::reply::Reply;
//! use pop3_proto::{ErrorKind, ParserOptions, Status};
//!
//! let opts = ParserOptions::default();
//! let Status::Complete { value: reply, .. } = Reply::parse(b"+OK 2 320\r\n", &opts).unwrap() else { panic!() };
//! assert_eq!(Stat::from_reply(&reply, &opts).unwrap().count(), 2);
//!
//! // RFC 1939 §7, UIDL without argument (unstuffed body without the "." line).
//! let body = b"1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n";
//! let uids: Vec<_> = UidListing::parse_body(body, &opts).map(|l| l.unwrap().number()).collect();
//! assert_eq!(uids, [1, 2]);
//!
//! // Errors count from the start of the body.
//! let err = UidListing::parse_body(b"1 a\r\n0 b\r\n", &opts).nth(1).unwrap().unwrap_err();
//! assert_eq!(err.offset, 5);
//! ```

use std::borrow::Cow;
use std::iter::FusedIterator;

use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::line::{LineScan, scan_line};
use crate::types::listing::{
    LangListing, ScanListing, Stat, UidListing, is_blank, is_lang_tag, is_unique_id,
};
use crate::types::reply::Reply;

const fn expected(at: usize, expected: &'static str) -> Error {
    Error::new(at, ErrorKind::Expected { expected })
}

/// The complete lines of an unstuffed body: `(start, text)` for each, then `None`.
#[derive(Debug, Clone)]
pub(crate) struct BodyLines<'a> {
    body: &'a [u8],
    pos: usize,
    limit: usize,
    lenient: bool,
}

impl<'a> BodyLines<'a> {
    pub(crate) fn new(body: &'a [u8], opts: &ParserOptions) -> Self {
        Self {
            body,
            pos: 0,
            limit: opts.max_reply_line,
            lenient: opts.is_lenient(),
        }
    }

    /// Ends the iteration.
    pub(crate) fn stop(&mut self) {
        self.pos = self.body.len();
    }
}

impl<'a> Iterator for BodyLines<'a> {
    type Item = Result<(usize, &'a [u8]), Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let rest = self.body.get(start..).filter(|r| !r.is_empty())?;
        let item = match scan_line(rest, 0, self.limit, self.lenient) {
            Ok(LineScan::Complete { text_end, next }) => {
                self.pos = start + next;
                return Some(Ok((start, &rest[..text_end])));
            }
            Ok(LineScan::Incomplete { .. }) => Err(expected(self.body.len(), "line end")),
            Err(e) => Err(e.shifted(start)),
        };
        self.stop();
        Some(item)
    }
}

impl FusedIterator for BodyLines<'_> {}

/// The entries of a multi-line listing body, parsed one line at a time (see the
/// [module documentation](self)). Yields borrowed values; stops after the first error.
#[derive(Debug, Clone)]
pub struct Listings<'a, T> {
    lines: BodyLines<'a>,
    opts: ParserOptions,
    parse: fn(&'a [u8], &ParserOptions) -> Result<T, Error>,
}

impl<'a, T> Listings<'a, T> {
    fn new(
        body: &'a [u8],
        opts: &ParserOptions,
        parse: fn(&'a [u8], &ParserOptions) -> Result<T, Error>,
    ) -> Self {
        Self {
            lines: BodyLines::new(body, opts),
            opts: *opts,
            parse,
        }
    }
}

impl<T> Iterator for Listings<'_, T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (start, line) = match self.lines.next()? {
                Ok(line) => line,
                Err(e) => return Some(Err(e)),
            };
            if self.opts.is_lenient() && is_blank(line) {
                continue;
            }
            if line.is_empty() {
                self.lines.stop();
                return Some(Err(expected(start, "listing, not an empty line")));
            }
            let item = (self.parse)(line, &self.opts).map_err(|e| e.shifted(start));
            if item.is_err() {
                self.lines.stop();
            }
            return Some(item);
        }
    }
}

impl<T> FusedIterator for Listings<'_, T> {}

/// A cursor over the fields of one listing line.
struct Fields<'a> {
    line: &'a [u8],
    pos: usize,
    lenient: bool,
}

impl<'a> Fields<'a> {
    fn new(line: &'a [u8], opts: &ParserOptions) -> Self {
        let mut fields = Self {
            line,
            pos: 0,
            lenient: opts.is_lenient(),
        };
        if fields.lenient {
            fields.skip_blanks();
        }
        fields
    }

    fn skip_blanks(&mut self) -> usize {
        let n = self.line[self.pos..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        self.pos += n;
        n
    }

    /// `1*DIGIT` no larger than `max`.
    fn number(&mut self, max: u64, what: &'static str) -> Result<u64, Error> {
        let start = self.pos;
        let digits = self.line[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return Err(expected(start, what));
        }
        let mut n: u64 = 0;
        for &d in &self.line[start..start + digits] {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(d - b'0')))
                .filter(|&n| n <= max)
                .ok_or(Error::new(start, ErrorKind::NumberOverflow))?;
        }
        self.pos += digits;
        Ok(n)
    }

    /// A non-zero `u32` message number.
    fn message_number(&mut self) -> Result<u32, Error> {
        let start = self.pos;
        let n = self.number(u64::from(u32::MAX), "message number")?;
        if n == 0 {
            return Err(expected(start, "non-zero message number"));
        }
        // `number` checked the bound.
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The separator between two fields: one SP (strict), one or more SP/HTAB (lenient).
    fn separator(&mut self, what: &'static str) -> Result<(), Error> {
        let at = self.pos;
        let ok = if self.lenient {
            self.skip_blanks() > 0
        } else if self.line.get(at) == Some(&b' ') {
            self.pos += 1;
            true
        } else {
            false
        };
        if ok { Ok(()) } else { Err(expected(at, what)) }
    }

    /// Free information after the last field: nothing, or SP and non-blank text. Lenient:
    /// SP or HTAB, then the rest unless it is blank (so a strict line reads the same).
    fn extra(&mut self, what: &'static str) -> Result<Option<&'a [u8]>, Error> {
        let at = self.pos;
        let Some(&sep) = self.line.get(at) else {
            return Ok(None);
        };
        if !(sep == b' ' || (self.lenient && sep == b'\t')) {
            return Err(expected(at, what));
        }
        let rest = &self.line[at + 1..];
        self.pos = self.line.len();
        match (is_blank(rest), self.lenient) {
            (false, _) => Ok(Some(rest)),
            (true, true) => Ok(None),
            (true, false) => Err(expected(at, "information after SP, not a trailing SP")),
        }
    }

    /// The end of the line (lenient: after optional blanks).
    fn end(&mut self, what: &'static str) -> Result<(), Error> {
        if self.lenient {
            self.skip_blanks();
        }
        if self.pos == self.line.len() {
            Ok(())
        } else {
            Err(expected(self.pos, what))
        }
    }

    /// A run of bytes other than SP and HTAB.
    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        let n = self.line[start..]
            .iter()
            .take_while(|&&b| b != b' ' && b != b'\t')
            .count();
        self.pos += n;
        &self.line[start..start + n]
    }
}

/// Refuses NUL, CR and LF in free text, as the constructors do. After the line scanner
/// (`parse_body`, `from_reply`) only NUL can occur, but `parse_line` may be handed any
/// bytes, and a CR or LF kept in a value would end the line when it is encoded.
fn free_text(line: &[u8], text: &[u8]) -> Result<(), Error> {
    match memchr::memchr3(0, b'\r', b'\n', text) {
        Some(i) => {
            let kind = match text[i] {
                0 => ErrorKind::Nul,
                byte => ErrorKind::ControlCharacter { byte },
            };
            Err(Error::new(line.len() - text.len() + i, kind))
        }
        None => Ok(()),
    }
}

/// The text of a positive reply; `-ERR` is an error at offset 0.
fn ok_text<'r>(reply: &'r Reply<'_>) -> Result<&'r [u8], Error> {
    if reply.is_ok() {
        Ok(reply.text())
    } else {
        Err(expected(0, "+OK reply"))
    }
}

impl<'a> Stat<'a> {
    /// The drop listing in the text of a STAT reply (after `+OK` and its SP).
    ///
    /// RFC 1939 §5: "the positive response consists of "+OK" followed by a single space,
    /// the number of messages in the maildrop, a single space, and the size of the
    /// maildrop in octets. This memo makes no requirement on what follows the maildrop
    /// size." The count may be 0. Offsets count from the start of `text`.
    pub fn parse_line(text: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut f = Fields::new(text, opts);
        let count = f.number(u64::from(u32::MAX), "message count")?;
        f.separator("SP after the message count")?;
        let size = f.number(u64::MAX, "maildrop size")?;
        let extra = f.extra("SP or end of line after the maildrop size")?;
        if let Some(extra) = extra {
            free_text(text, extra)?;
        }
        Ok(Self {
            count: u32::try_from(count).unwrap_or(u32::MAX),
            size,
            extra: extra.map(Cow::Borrowed),
        })
    }

    /// The drop listing of a parsed STAT reply, borrowing from it. A `-ERR` reply is an
    /// [`ErrorKind::Expected`] error at offset 0; other offsets count from the start of
    /// [`Reply::text`].
    pub fn from_reply<'r>(reply: &'r Reply<'_>, opts: &ParserOptions) -> Result<Stat<'r>, Error> {
        Stat::parse_line(ok_text(reply)?, opts)
    }
}

impl<'a> ScanListing<'a> {
    /// One scan listing: a line of a LIST body, or the text of a `+OK` reply to `LIST msg`.
    ///
    /// RFC 1939 §5: "A scan listing consists of the message-number of the message, followed
    /// by a single space and the exact size of the message in octets. […] This memo makes
    /// no requirement on what follows the message size in the scan listing." Offsets count
    /// from the start of `line` (which has no line end).
    pub fn parse_line(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut f = Fields::new(line, opts);
        let number = f.message_number()?;
        f.separator("SP after the message number")?;
        let size = f.number(u64::MAX, "message size")?;
        let extra = f.extra("SP or end of line after the message size")?;
        if let Some(extra) = extra {
            free_text(line, extra)?;
        }
        Ok(Self {
            number,
            size,
            extra: extra.map(Cow::Borrowed),
        })
    }

    /// The scan listing of a parsed `+OK` reply to `LIST msg`, borrowing from it (offsets as
    /// for [`Stat::from_reply`]).
    pub fn from_reply<'r>(
        reply: &'r Reply<'_>,
        opts: &ParserOptions,
    ) -> Result<ScanListing<'r>, Error> {
        ScanListing::parse_line(ok_text(reply)?, opts)
    }

    /// The scan listings of a LIST body (unstuffed, without the `.` line).
    pub fn parse_body(body: &'a [u8], opts: &ParserOptions) -> Listings<'a, Self> {
        Listings::new(body, opts, Self::parse_line)
    }
}

impl<'a> UidListing<'a> {
    /// One unique-id listing: a line of a UIDL body, or the text of a `+OK` reply to
    /// `UIDL msg`.
    ///
    /// RFC 1939 §7: "A unique-id listing consists of the message-number of the message,
    /// followed by a single space and the unique-id of the message. No information follows
    /// the unique-id in the unique-id listing. The unique-id of a message is an arbitrary
    /// server-determined string, consisting of one to 70 characters in the range 0x21 to
    /// 0x7E". Offsets count from the start of `line`.
    pub fn parse_line(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut f = Fields::new(line, opts);
        let number = f.message_number()?;
        f.separator("SP after the message number")?;
        let start = f.pos;
        let uid = f.word();
        if !is_unique_id(uid) {
            let bad = uid
                .iter()
                .position(|&b| !matches!(b, 0x21..=0x7E))
                .map_or(start + uid.len().min(70), |i| start + i);
            return Err(expected(bad, "unique-id of 1 to 70 characters 0x21-0x7E"));
        }
        f.end("end of line after the unique-id")?;
        Ok(Self {
            number,
            uid: Cow::Borrowed(uid),
        })
    }

    /// The unique-id listing of a parsed `+OK` reply to `UIDL msg`, borrowing from it
    /// (offsets as for [`Stat::from_reply`]).
    pub fn from_reply<'r>(
        reply: &'r Reply<'_>,
        opts: &ParserOptions,
    ) -> Result<UidListing<'r>, Error> {
        UidListing::parse_line(ok_text(reply)?, opts)
    }

    /// The unique-id listings of a UIDL body (unstuffed, without the `.` line).
    pub fn parse_body(body: &'a [u8], opts: &ParserOptions) -> Listings<'a, Self> {
        Listings::new(body, opts, Self::parse_line)
    }
}

impl<'a> LangListing<'a> {
    /// One language listing, a line of the body of `LANG` without argument.
    ///
    /// RFC 6856 §3.2: "A language listing consists of the language tag \[RFC5646\] of the
    /// message, optionally followed by a single space and a human-readable description of
    /// the language in the language itself, using the UTF-8 charset." The tag is taken as
    /// printable ASCII without SP; the description as bytes (not checked for UTF-8).
    pub fn parse_line(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut f = Fields::new(line, opts);
        let start = f.pos;
        let tag = f.word();
        if !is_lang_tag(tag) {
            let bad = tag
                .iter()
                .position(|&b| !matches!(b, 0x21..=0x7E))
                .map_or(start, |i| start + i);
            return Err(expected(bad, "language tag"));
        }
        let description = f.extra("SP or end of line after the language tag")?;
        if let Some(d) = description {
            free_text(line, d)?;
        }
        Ok(Self {
            tag: Cow::Borrowed(tag),
            description: description.map(Cow::Borrowed),
        })
    }

    /// The language listings of a LANG body (unstuffed, without the `.` line).
    pub fn parse_body(body: &'a [u8], opts: &ParserOptions) -> Listings<'a, Self> {
        Listings::new(body, opts, Self::parse_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_lines_report_their_start() {
        let opts = ParserOptions::default();
        let lines: Vec<_> = BodyLines::new(b"a\r\nbc\r\n", &opts).collect();
        assert_eq!(lines, [Ok((0, &b"a"[..])), Ok((3, &b"bc"[..]))]);
        let lines: Vec<_> = BodyLines::new(b"a\r\nbc", &opts).collect();
        assert_eq!(lines[1], Err(expected(5, "line end")));
        let lines: Vec<_> = BodyLines::new(b"a\r\nb\nc\r\n", &opts).collect();
        assert_eq!(lines[1], Err(Error::new(4, ErrorKind::BareLf)));
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn line_breaks_in_free_text_are_refused() {
        // Found by the pop3_proto_reply fuzz target: a line text handed to `parse_line`
        // with a CR or LF after the fields used to be kept in `extra` / `description`,
        // which the constructors refuse and whose encoding would hold a line break.
        let opts = ParserOptions::default();
        let cr = Error::new(4, ErrorKind::ControlCharacter { byte: b'\r' });
        assert_eq!(LangListing::parse_line(b"en a\rb", &opts), Err(cr.clone()));
        assert_eq!(ScanListing::parse_line(b"1 2 \r\nb", &opts), Err(cr));
        let lf = Error::new(5, ErrorKind::ControlCharacter { byte: b'\n' });
        assert_eq!(Stat::parse_line(b"1 2 a\nb", &opts), Err(lf));
        assert_eq!(
            Stat::parse_line(b"1 2 a\0", &opts),
            Err(Error::new(5, ErrorKind::Nul))
        );
    }

    #[test]
    fn number_bounds() {
        let opts = ParserOptions::default();
        let mut f = Fields::new(b"4294967295 x", &opts);
        assert_eq!(f.message_number(), Ok(u32::MAX));
        let mut f = Fields::new(b"4294967296", &opts);
        assert_eq!(
            f.message_number(),
            Err(Error::new(0, ErrorKind::NumberOverflow))
        );
        let mut f = Fields::new(b"18446744073709551616", &opts);
        assert_eq!(
            f.number(u64::MAX, "n"),
            Err(Error::new(0, ErrorKind::NumberOverflow))
        );
        let mut f = Fields::new(b"18446744073709551615", &opts);
        assert_eq!(f.number(u64::MAX, "n"), Ok(u64::MAX));
    }
}
