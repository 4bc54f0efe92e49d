//! Listing parsers: one listing line (`parse_line`), the text of a `+OK` reply
//! (`from_reply`), a whole `+OK` line in one pass (`parse_reply`, for STAT, `LIST msg` and
//! `UIDL msg`), and a whole multi-line body (`parse_body`).
//!
//! `parse_body` takes the body of a multi-line reply **after** dot-unstuffing and **without**
//! the terminating `.` line: CRLF-terminated lines (LF-terminated ones too in lenient mode),
//! each at most [`ParserOptions::max_reply_line`] bytes without its line end. It returns a
//! [`Listings`] iterator of borrowed values (nothing is copied); the iterator stops after the
//! first error, whose offset counts from the start of the body. [`Listings::into_vec`]
//! collects it faster than `collect`. `parse_line` and `from_reply` report offsets from the
//! start of the line or of the reply's [text](crate::types::reply::Reply::text);
//! `parse_reply` from the start of its input.
//!
//! The usual lines (`+OK 2 320`, `1 120`, `2 QhdPYR:00WBw1Ph7x7`, CRLF) are read in one
//! pass; anything else goes through the general parsers, and in debug builds every fast
//! result is checked against them.
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
use std::marker::PhantomData;

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::line::{LineScan, scan_line};
use crate::parse::reply::{one_line, reply_parts};
use crate::types::listing::{
    LangListing, ScanListing, Stat, UidListing, WideU32, is_blank, is_lang_tag,
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
    entry: PhantomData<fn() -> T>,
}

impl<'a, T> Listings<'a, T> {
    fn new(body: &'a [u8], opts: &ParserOptions) -> Self {
        Self {
            lines: BodyLines::new(body, opts),
            opts: *opts,
            entry: PhantomData,
        }
    }
}

mod sealed {
    use crate::error::Error;
    use crate::options::ParserOptions;

    /// How [`Listings`](super::Listings) reads one entry of a body; implemented by the
    /// crate only.
    pub trait Entry<'a>: Sized + Clone + PartialEq + std::fmt::Debug {
        /// The entry in one line without its line end (every input, every error).
        fn exact(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error>;

        /// The entry of the usual line starting at `body[at]`, in one pass over it: a line
        /// that strict mode accepts and both modes read alike, ending in CRLF, its CR no
        /// further than `cr_max`. Returns the entry and where the next line starts; `None`
        /// for any other line (then [`Entry::exact`] reads it).
        fn fast(body: &'a [u8], at: usize, cr_max: usize) -> Option<(Self, usize)>;
    }
}

/// A listing that [`Listings`] reads from a body, one per line: [`ScanListing`],
/// [`UidListing`] and [`LangListing`] (sealed: implemented by this crate only).
pub trait ListingEntry<'a>: sealed::Entry<'a> {}

impl<'a> ListingEntry<'a> for ScanListing<'a> {}
impl<'a> ListingEntry<'a> for UidListing<'a> {}
impl<'a> ListingEntry<'a> for LangListing<'a> {}

impl<'a, T: ListingEntry<'a>> Listings<'a, T> {
    /// The next entry the line scanner and [`sealed::Entry::exact`] give: every line,
    /// every error. Out of line, to keep [`Iterator::next`] small enough to be inlined
    /// into the caller's loop (which then builds each entry in place).
    fn next_exact(&mut self) -> Option<Result<T, Error>> {
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
            let item = T::exact(line, &self.opts).map_err(|e| e.shifted(start));
            if item.is_err() {
                self.lines.stop();
            }
            return Some(item);
        }
    }
}

impl<'a, T: ListingEntry<'a>> Listings<'a, T> {
    /// The next entry if its line takes the fast path ([`sealed::Entry::fast`]).
    #[inline(always)]
    fn next_fast(&mut self) -> Option<T> {
        let at = self.lines.pos;
        let cr_max = at.saturating_add(self.lines.limit);
        let (entry, next) = T::fast(self.lines.body, at, cr_max)?;
        debug_assert!(
            {
                let mut exact = self.clone();
                exact.next_exact() == Some(Ok(entry.clone())) && exact.lines.pos == next
            },
            "the fast path must agree with the parser on {:?}",
            self.lines.body[at..].escape_ascii()
        );
        self.lines.pos = next;
        Some(entry)
    }

    /// All the (remaining) entries, or the first error: what
    /// `collect::<Result<Vec<_>, _>>()` gives, faster.
    ///
    /// The vector is sized once from the number of lines (up to 4096 entries; it grows
    /// beyond), and each entry is built in its place: collecting goes through an adapter
    /// that the compiler does not inline, so each entry is built, returned, and copied.
    ///
    /// ```
    /// use pop3_proto::types::listing::ScanListing;
    /// use pop3_proto::ParserOptions;
    ///
    /// let opts = ParserOptions::default();
    /// // RFC 1939 §5, LIST without argument (unstuffed, without the "." line).
    /// let list = ScanListing::parse_body(b"1 120\r\n2 200\r\n", &opts).into_vec().unwrap();
    /// assert_eq!(list, [ScanListing::new(1, 120).unwrap(), ScanListing::new(2, 200).unwrap()]);
    /// assert!(ScanListing::parse_body(b"1 120\r\n0 200\r\n", &opts).into_vec().is_err());
    /// ```
    pub fn into_vec(mut self) -> Result<Vec<T>, Error> {
        const MOST_PRESIZED: usize = 4096;
        let rest = self.lines.body.get(self.lines.pos..).unwrap_or_default();
        let lines = memchr::memchr_iter(b'\n', rest).count();
        let mut out = Vec::with_capacity(lines.min(MOST_PRESIZED));
        loop {
            if let Some(entry) = self.next_fast() {
                out.push(entry);
                continue;
            }
            match self.next_exact() {
                Some(Ok(entry)) => out.push(entry),
                Some(Err(e)) => return Err(e),
                None => return Ok(out),
            }
        }
    }
}

impl<'a, T: ListingEntry<'a>> Iterator for Listings<'a, T> {
    type Item = Result<T, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self.next_fast() {
            Some(entry) => Some(Ok(entry)),
            None => self.next_exact(),
        }
    }
}

impl<'a, T: ListingEntry<'a>> FusedIterator for Listings<'a, T> {}

/// Up to `max_digits` ASCII digits at `bytes[at..]` (at least one), read as a number,
/// and the index after them; `None` for no digit or more than `max_digits` (19 digits fit
/// a `u64`, 9 a `u32`; a longer run is read with wrapping arithmetic, then dropped). The
/// loop has no fixed trip count, so it stays one small loop.
#[inline(always)]
fn short_number(bytes: &[u8], at: usize, max_digits: usize) -> Option<(u64, usize)> {
    let mut n = 0u64;
    let mut i = at;
    while let Some(d) = bytes
        .get(i)
        .map(|b| b.wrapping_sub(b'0'))
        .filter(|&d| d < 10)
    {
        n = n.wrapping_mul(10).wrapping_add(u64::from(d));
        i += 1;
    }
    (i > at && i - at <= max_digits).then_some((n, i))
}

/// A CRLF at `bytes[at..]` with its CR no further than `cr_max`: the index after the LF.
#[inline(always)]
fn crlf(bytes: &[u8], at: usize, cr_max: usize) -> Option<usize> {
    (at <= cr_max && bytes.get(at..at.checked_add(2)?) == Some(b"\r\n")).then_some(at + 2)
}

/// The fast path of drop and scan listings: `1*9DIGIT SP 1*19DIGIT CRLF` at `bytes[at..]`
/// (the CR no further than `cr_max`). Returns both numbers and where the line ends.
#[inline(always)]
fn fast_numbers(bytes: &[u8], at: usize, cr_max: usize) -> Option<(u32, u64, usize)> {
    let (first, i) = short_number(bytes, at, 9)?;
    if bytes.get(i) != Some(&b' ') {
        return None;
    }
    let (second, j) = short_number(bytes, i + 1, 19)?;
    let next = crlf(bytes, j, cr_max)?;
    // Nine digits fit a `u32`.
    Some((u32::try_from(first).ok()?, second, next))
}

/// The fast path of unique-id listings: `1*9DIGIT SP 1*70(%x21-7E) CRLF` at `bytes[at..]`
/// with a non-zero number (the CR no further than `cr_max`). Returns the number, the
/// unique-id and where the line ends.
#[inline(always)]
fn fast_uid(bytes: &[u8], at: usize, cr_max: usize) -> Option<(u32, &[u8], usize)> {
    let (number, i) = short_number(bytes, at, 9)?;
    if number == 0 || bytes.get(i) != Some(&b' ') {
        return None;
    }
    let start = i + 1;
    // A unique-id has at most 70 bytes: look no further than one more.
    let end = uid_end(&bytes[..bytes.len().min(start + 71)], start);
    if end == start || end - start > 70 {
        return None;
    }
    let next = crlf(bytes, end, cr_max)?;
    Some((u32::try_from(number).ok()?, &bytes[start..end], next))
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The end of the run of bytes 0x21-0x7E (unique-id characters) at `bytes[from..]`, eight
/// bytes at a time.
#[inline(always)]
fn uid_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // High bit of each byte below 0x21 (the borrow may flag bytes above the first
        // one too, never below it) or above 0x7E (0x7F + 1 and bytes >= 0x80 carry the
        // high bit; a carry out of 0xFF only reaches bytes above it).
        let below = x.wrapping_sub(ONES * 0x21) & !x & HIGHS;
        let above = (x.wrapping_add(ONES) | x) & HIGHS;
        let bad = below | above;
        if bad != 0 {
            return i + (bad.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + bytes[i.min(bytes.len())..]
        .iter()
        .take_while(|&&b| matches!(b, 0x21..=0x7E))
        .count()
}

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
            count: WideU32::new(u32::try_from(count).unwrap_or(u32::MAX)),
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

    /// The drop listing of a whole STAT reply line (with its line end) at the start of
    /// `input`: what [`Reply::parse`] then [`Stat::from_reply`] give, in one pass for the
    /// usual `+OK count size` CRLF. [`Status::Incomplete`] until the line end has arrived;
    /// does not allocate.
    ///
    /// Errors are those of the two steps, counted from the start of `input`: a `-ERR`
    /// reply is [`ErrorKind::Expected`] `"+OK reply"` at 0 (parse it with
    /// [`Reply::parse`] for its text), the errors of [`Stat::from_reply`] are moved by
    /// the offset of the reply's text.
    ///
    /// ```
    /// use pop3_proto::types::listing::Stat;
    /// use pop3_proto::{ErrorKind, ParserOptions, Status};
    ///
    /// let opts = ParserOptions::default();
    /// // RFC 1939 §5: "S: +OK 2 320"
    /// let Status::Complete { value, consumed } = Stat::parse_reply(b"+OK 2 320\r\n", &opts).unwrap()
    /// else { panic!() };
    /// assert_eq!((value.count(), value.size(), consumed), (2, 320, 11));
    /// assert!(Stat::parse_reply(b"+OK 2 32", &opts).unwrap().is_incomplete());
    /// let err = Stat::parse_reply(b"+OK 2 x\r\n", &opts).unwrap_err();
    /// assert_eq!((err.offset, err.kind), (6, ErrorKind::Expected { expected: "maildrop size" }));
    /// ```
    #[inline]
    pub fn parse_reply(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        if let Some((count, size, consumed)) = fast_ok(input, opts, fast_numbers) {
            let parsed = Ok(Status::Complete {
                value: Self {
                    count: WideU32::new(count),
                    size,
                    extra: None,
                },
                consumed,
            });
            debug_assert_eq!(
                parsed,
                exact_typed(input, opts, Self::parse_line),
                "the fast path must agree with the parser on {:?}",
                input.escape_ascii()
            );
            return parsed;
        }
        exact_typed(input, opts, Self::parse_line)
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
            number: WideU32::new(number),
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

    /// The scan listing of a whole `+OK` reply line to `LIST msg` (with its line end) at
    /// the start of `input`: what [`Reply::parse`] then [`ScanListing::from_reply`] give,
    /// in one pass for the usual `+OK msg size` CRLF (errors as for
    /// [`Stat::parse_reply`]).
    ///
    /// ```
    /// use pop3_proto::types::listing::ScanListing;
    /// use pop3_proto::{ErrorKind, ParserOptions, Status};
    ///
    /// let opts = ParserOptions::default();
    /// // RFC 1939 §5: "S: +OK 2 200"
    /// let Status::Complete { value, .. } = ScanListing::parse_reply(b"+OK 2 200\r\n", &opts).unwrap()
    /// else { panic!() };
    /// assert_eq!((value.number(), value.size()), (2, 200));
    /// let err = ScanListing::parse_reply(b"-ERR no such message, only 2 messages in maildrop\r\n", &opts);
    /// assert_eq!(err.unwrap_err().kind, ErrorKind::Expected { expected: "+OK reply" });
    /// ```
    #[inline]
    pub fn parse_reply(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        let fast = fast_ok(input, opts, fast_numbers).filter(|&(number, ..)| number != 0);
        if let Some((number, size, consumed)) = fast {
            let parsed = Ok(Status::Complete {
                value: Self {
                    number: WideU32::new(number),
                    size,
                    extra: None,
                },
                consumed,
            });
            debug_assert_eq!(
                parsed,
                exact_typed(input, opts, Self::parse_line),
                "the fast path must agree with the parser on {:?}",
                input.escape_ascii()
            );
            return parsed;
        }
        exact_typed(input, opts, Self::parse_line)
    }

    /// The scan listings of a LIST body (unstuffed, without the `.` line).
    pub fn parse_body(body: &'a [u8], opts: &ParserOptions) -> Listings<'a, Self> {
        Listings::new(body, opts)
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
        // One pass: the run of unique-id characters ends the word unless a byte other
        // than SP or HTAB stops it (the first bad byte of the word).
        let start = f.pos;
        let end = uid_end(line, start);
        let len = end - start;
        let word_ends = line.get(end).is_none_or(|&b| b == b' ' || b == b'\t');
        if !word_ends || !(1..=70).contains(&len) {
            let bad = if word_ends { start + len.min(70) } else { end };
            return Err(expected(bad, "unique-id of 1 to 70 characters 0x21-0x7E"));
        }
        f.pos = end;
        f.end("end of line after the unique-id")?;
        Ok(Self {
            number: WideU32::new(number),
            uid: Cow::Borrowed(&line[start..end]),
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

    /// The unique-id listing of a whole `+OK` reply line to `UIDL msg` (with its line end)
    /// at the start of `input`: what [`Reply::parse`] then [`UidListing::from_reply`] give,
    /// in one pass for the usual `+OK msg unique-id` CRLF (errors as for
    /// [`Stat::parse_reply`]).
    ///
    /// ```
    /// use pop3_proto::types::listing::UidListing;
    /// use pop3_proto::{ParserOptions, Status};
    ///
    /// let opts = ParserOptions::default();
    /// // RFC 1939 §7: "S: +OK 2 QhdPYR:00WBw1Ph7x7"
    /// let input = b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n";
    /// let Status::Complete { value, .. } = UidListing::parse_reply(input, &opts).unwrap()
    /// else { panic!() };
    /// assert_eq!((value.number(), value.uid()), (2, &b"QhdPYR:00WBw1Ph7x7"[..]));
    /// ```
    #[inline]
    pub fn parse_reply(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        if let Some((number, uid, consumed)) = fast_ok(input, opts, fast_uid) {
            let parsed = Ok(Status::Complete {
                value: Self {
                    number: WideU32::new(number),
                    uid: Cow::Borrowed(uid),
                },
                consumed,
            });
            debug_assert_eq!(
                parsed,
                exact_typed(input, opts, Self::parse_line),
                "the fast path must agree with the parser on {:?}",
                input.escape_ascii()
            );
            return parsed;
        }
        exact_typed(input, opts, Self::parse_line)
    }

    /// The unique-id listings of a UIDL body (unstuffed, without the `.` line).
    pub fn parse_body(body: &'a [u8], opts: &ParserOptions) -> Listings<'a, Self> {
        Listings::new(body, opts)
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
        Listings::new(body, opts)
    }
}

impl<'a> sealed::Entry<'a> for ScanListing<'a> {
    fn exact(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        Self::parse_line(line, opts)
    }

    #[inline(always)]
    fn fast(body: &'a [u8], at: usize, cr_max: usize) -> Option<(Self, usize)> {
        let (number, size, next) = fast_numbers(body, at, cr_max)?;
        let entry = Self {
            number: WideU32::new((number != 0).then_some(number)?),
            size,
            extra: None,
        };
        Some((entry, next))
    }
}

impl<'a> sealed::Entry<'a> for UidListing<'a> {
    fn exact(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        Self::parse_line(line, opts)
    }

    #[inline(always)]
    fn fast(body: &'a [u8], at: usize, cr_max: usize) -> Option<(Self, usize)> {
        let (number, uid, next) = fast_uid(body, at, cr_max)?;
        let entry = Self {
            number: WideU32::new(number),
            uid: Cow::Borrowed(uid),
        };
        Some((entry, next))
    }
}

impl<'a> sealed::Entry<'a> for LangListing<'a> {
    fn exact(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        Self::parse_line(line, opts)
    }

    #[inline(always)]
    fn fast(_: &'a [u8], _: usize, _: usize) -> Option<(Self, usize)> {
        None
    }
}

/// The fast path of the typed `parse_reply` parsers: `+OK` SP (as RFC 1939 §3 spells it:
/// both modes read it alike), then `fields` on the rest of the line within the reply line
/// limit. A text starting with a digit cannot start with a response code.
#[inline(always)]
fn fast_ok<'a, T>(
    input: &'a [u8],
    opts: &ParserOptions,
    fields: impl FnOnce(&'a [u8], usize, usize) -> Option<T>,
) -> Option<T> {
    if input.get(..4)? != b"+OK " {
        return None;
    }
    fields(input, 4, opts.max_reply_line)
}

/// A whole `+OK` line read as [`Reply::parse`] then `from_text` on its text would read it
/// (`from_reply`): every input, every error, with the errors of `from_text` moved to count
/// from the start of `input`. Out of line: the typed `parse_reply` parsers call it for
/// whatever their fast path does not take.
#[inline(never)]
fn exact_typed<'a, T>(
    input: &'a [u8],
    opts: &ParserOptions,
    from_text: fn(&'a [u8], &ParserOptions) -> Result<T, Error>,
) -> Result<Status<T>, Error> {
    let lenient = opts.is_lenient();
    let Some((line, consumed)) = one_line(input, opts.max_reply_line, lenient)? else {
        return Ok(Status::Incomplete);
    };
    let (status, text) = reply_parts(line, lenient, |status, _, text| (status, text))?;
    if !status.is_ok() {
        return Err(expected(0, "+OK reply"));
    }
    // The text is a suffix of the line.
    let value = from_text(text, opts).map_err(|e| e.shifted(line.len() - text.len()))?;
    Ok(Status::Complete { value, consumed })
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

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(b"120\r\n", 0, 9), Some((120, 3)));
        assert_eq!(short_number(b"x007 ", 1, 9), Some((7, 4)));
        assert_eq!(short_number(b"123456789", 0, 9), Some((123_456_789, 9)));
        assert_eq!(short_number(b"1234567890", 0, 9), None);
        assert_eq!(
            short_number(b"9999999999999999999", 0, 19),
            Some((9_999_999_999_999_999_999, 19))
        );
        assert_eq!(short_number(b"99999999999999999999", 0, 19), None);
        assert_eq!(short_number(b" 1", 0, 9), None);
        assert_eq!(short_number(b"", 0, 9), None);
        assert_eq!(short_number(b"1", 1, 9), None);
        assert_eq!(short_number(b"1", 5, 9), None);
        assert_eq!(short_number(b"/:", 0, 9), None);
    }

    #[test]
    fn uid_run_matches_a_plain_reading() {
        let plain = |bytes: &[u8], from: usize| {
            (from..bytes.len())
                .find(|&i| !matches!(bytes[i], 0x21..=0x7E))
                .unwrap_or(bytes.len().max(from))
        };
        for len in 0..24 {
            let base: Vec<u8> = (0..len).map(|i| b"Qh:~!0dP"[i % 8]).collect();
            assert_eq!(uid_end(&base, 0), plain(&base, 0));
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut bytes = base.clone();
                    bytes[at] = byte;
                    for from in [0, 1, at.saturating_sub(7), at, at + 1] {
                        assert_eq!(
                            uid_end(&bytes, from),
                            plain(&bytes, from),
                            "{bytes:?} {from}"
                        );
                    }
                }
            }
        }
        assert_eq!(uid_end(b"ab", 5), 5);
    }

    /// The entries of `body` read by the line scanner and `parse_line` alone.
    fn exact_entries<'a, T: ListingEntry<'a>>(
        body: &'a [u8],
        opts: &ParserOptions,
    ) -> Vec<Result<T, Error>> {
        let mut listings = Listings::<T>::new(body, opts);
        std::iter::from_fn(|| listings.next_exact()).collect()
    }

    /// Usual listing lines and near misses, for both listing kinds.
    const SAMPLE_LINES: [&[u8]; 24] = [
        b"1 120\r\n",
        b"2 200\r\n",
        b"12345 4294967296\r\n",
        b"0 1\r\n",
        b"000000001 1\r\n",
        b"1234567890 1\r\n",
        b"4294967295 1\r\n",
        b"1 18446744073709551615\r\n",
        b"1 18446744073709551616\r\n",
        b"1 99999999999999999999\r\n",
        b"1 120 extra\r\n",
        b"1 120 \r\n",
        b"1  120\r\n",
        b"1\t120\r\n",
        b" 1 120\r\n",
        b"1 120\n",
        b"\r\n",
        b" \r\n",
        b"1 whqtswO00WBw418f9t5JxYwZ\r\n",
        b"2 QhdPYR:00WBw1Ph7x7\r\n",
        b"3 a\x7fb\r\n",
        b"3 a b\r\n",
        b"4 0123456789012345678901234567890123456789012345678901234567890123456789\r\n",
        b"4 01234567890123456789012345678901234567890123456789012345678901234567890\r\n",
    ];

    /// Bodies made of two sample lines (and a last line, or a last line without its end).
    fn sample_bodies() -> Vec<Vec<u8>> {
        let lines = SAMPLE_LINES;
        let mut bodies = Vec::new();
        for (i, a) in lines.iter().enumerate() {
            for b in &lines[i % 3..] {
                bodies.push([*a, *b, b"9 z\r\n"].concat());
                bodies.push([*a, *b].concat());
            }
            // A last line without its line end.
            bodies.push([*a, &a[..a.len().saturating_sub(2)]].concat());
        }
        bodies
    }

    fn entries_agree<'a, T: ListingEntry<'a>>(
        body: &'a [u8],
        opts: &ParserOptions,
        parse_body: fn(&'a [u8], &ParserOptions) -> Listings<'a, T>,
    ) {
        let exact = exact_entries::<T>(body, opts);
        let iterated: Vec<_> = parse_body(body, opts).collect();
        assert_eq!(iterated, exact, "{:?}", body.escape_ascii());
        let want: Result<Vec<T>, Error> = exact.into_iter().collect();
        assert_eq!(
            parse_body(body, opts).into_vec(),
            want,
            "{:?}",
            body.escape_ascii()
        );
    }

    #[test]
    fn fast_entries_agree_with_the_parser() {
        for body in sample_bodies() {
            for limit in [0, 4, 5, 10, 20, 70, 72, 512] {
                for opts in [ParserOptions::default(), ParserOptions::lenient()] {
                    let opts = opts.max_reply_line(limit);
                    entries_agree(&body, &opts, ScanListing::parse_body);
                    entries_agree(&body, &opts, UidListing::parse_body);
                    entries_agree(&body, &opts, LangListing::parse_body);
                }
            }
        }
    }

    #[test]
    fn fast_entries_take_the_usual_lines() {
        let scan = <ScanListing<'_> as sealed::Entry<'_>>::fast(b"1 120\r\n2 200\r\n", 7, 100);
        assert_eq!(scan, Some((ScanListing::new(2, 200).unwrap(), 14)));
        let uid = <UidListing<'_> as sealed::Entry<'_>>::fast(b"2 QhdPYR:00WBw1Ph7x7\r\n", 0, 100);
        assert_eq!(
            uid,
            Some((UidListing::new(2, "QhdPYR:00WBw1Ph7x7").unwrap(), 22))
        );
        // The limit counts the line without its line end.
        assert!(<ScanListing<'_> as sealed::Entry<'_>>::fast(b"1 120\r\n", 0, 5).is_some());
        assert!(<ScanListing<'_> as sealed::Entry<'_>>::fast(b"1 120\r\n", 0, 4).is_none());
    }

    #[test]
    fn typed_replies_agree_with_the_parser() {
        let heads: [&[u8]; 6] = [b"+OK ", b"+OK", b"-ERR ", b"+ok ", b"+OK [X] ", b"+OK  "];
        for head in heads {
            for line in SAMPLE_LINES {
                let input = [head, line, b"+OK\r\n"].concat();
                for limit in [0, 8, 9, 24, 512] {
                    for opts in [ParserOptions::default(), ParserOptions::lenient()] {
                        let opts = opts.max_reply_line(limit);
                        // The whole input, and the prefixes that end inside the first line.
                        let first_line = input.iter().position(|&b| b == b'\n').unwrap_or(0);
                        let ends = (0..=first_line + 1).chain([input.len()]);
                        for end in ends.filter(|&e| e <= input.len()) {
                            let input = &input[..end];
                            assert_eq!(
                                Stat::parse_reply(input, &opts),
                                exact_typed(input, &opts, Stat::parse_line)
                            );
                            assert_eq!(
                                ScanListing::parse_reply(input, &opts),
                                exact_typed(input, &opts, ScanListing::parse_line)
                            );
                            assert_eq!(
                                UidListing::parse_reply(input, &opts),
                                exact_typed(input, &opts, UidListing::parse_line)
                            );
                        }
                    }
                }
            }
        }
    }
}
