//! The grammar core (RFC 9051 §9, RFC 3501 §9): a cursor over one complete message (its
//! lines and literals, as the framing layer delivers it) and the parsers of the basic
//! tokens every command and response is built from.
//!
//! A message handed to these parsers is complete, so running out of input is a syntax
//! error here, never "incomplete". Literal data is sliced from the input by its announced
//! length and never scanned.

use std::borrow::Cow;
use std::num::NonZeroU32;

use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::chars::{self, ASTRING, ATOM, DIGIT, TAG, TEXT};
use crate::types::core::{
    Atom, Binary, Charset, Date, DateTime, Flag, FlagFetch, FlagPerm, IString, MONTHS, Mailbox,
    Number64, ObjectId, SequenceSet, Tag, ascii, byte_error, is_objectid_char,
};

/// A position in one message, with the options and the nesting depth.
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    /// The whole message.
    pub(crate) b: &'a [u8],
    /// The next byte to read.
    pub(crate) pos: usize,
    /// Limits and mode (a copy, so the parsed values borrow only from the message).
    pub(crate) opts: ParserOptions,
    /// Current nesting depth (see [`Cursor::enter`]).
    pub(crate) depth: usize,
    /// `b` is one clean line (see [`Cursor::line`]).
    clean: bool,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `b`.
    pub(crate) const fn new(b: &'a [u8], opts: &ParserOptions) -> Self {
        Self {
            b,
            pos: 0,
            opts: *opts,
            depth: 0,
            clean: false,
        }
    }

    /// A cursor at the start of `b`; `clean` says that `b` is one line whose only CR and
    /// LF are its final CRLF and whose other bytes are all in %x0E-7F: valid `TEXT-CHAR`s,
    /// so any text in it runs to the line end and [`Cursor::text`] need not look at it.
    /// (The one-shot parsers learn this while finding the line end.)
    pub(crate) const fn line(b: &'a [u8], opts: &ParserOptions, clean: bool) -> Self {
        Self {
            b,
            pos: 0,
            opts: *opts,
            depth: 0,
            clean,
        }
    }

    /// True in lenient mode.
    #[inline(always)]
    pub(crate) const fn lenient(&self) -> bool {
        self.opts.is_lenient()
    }

    /// The next byte.
    #[inline(always)]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// The rest of the message.
    #[inline(always)]
    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.b[self.pos.min(self.b.len())..]
    }

    /// An error at the current position: the offending byte's kind, or `expected`.
    #[cold]
    pub(crate) fn error(&self, what: &'static str) -> Error {
        match self.peek() {
            Some(b'\r' | b'\n') | None => Error::expected(self.pos, what),
            Some(_) => byte_error(self.b, self.pos, what),
        }
    }

    /// Consumes `c` if it is next.
    #[inline(always)]
    pub(crate) fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes `c` or fails with `what`.
    #[inline(always)]
    pub(crate) fn expect(&mut self, c: u8, what: &'static str) -> Result<(), Error> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    /// Consumes `word` in any ASCII case if it is next, not followed by another atom
    /// character (so `NIL` does not match the start of `NILS`).
    pub(crate) fn eat_word(&mut self, word: &[u8]) -> bool {
        let end = self.pos + word.len();
        match self.b.get(self.pos..end) {
            Some(w) if w.eq_ignore_ascii_case(word) => {
                if self.b.get(end).is_some_and(|&c| chars::is(c, ASTRING)) {
                    return false;
                }
                self.pos = end;
                true
            }
            _ => false,
        }
    }

    /// `SP`; lenient mode takes a run of SPs (servers that double them).
    #[inline(always)]
    pub(crate) fn sp(&mut self, what: &'static str) -> Result<(), Error> {
        self.expect(b' ', what)?;
        if self.lenient() {
            while self.eat(b' ') {}
        }
        Ok(())
    }

    /// The end of the message: `CRLF` (lenient: or a lone LF; trailing SPs before it too),
    /// which must be the last bytes.
    pub(crate) fn crlf(&mut self) -> Result<(), Error> {
        if self.lenient() {
            while self.eat(b' ') {}
        }
        let ok = match self.rest() {
            b"\r\n" => true,
            b"\n" => self.lenient(),
            _ => false,
        };
        if ok {
            self.pos = self.b.len();
            Ok(())
        } else {
            Err(self.error("end of line"))
        }
    }

    /// True at the line end (CRLF, or LF in lenient mode).
    pub(crate) fn at_line_end(&self) -> bool {
        match self.rest() {
            [b'\r', b'\n', ..] => true,
            [b'\n', ..] => self.lenient(),
            _ => false,
        }
    }

    /// One more level of nesting (parentheses, body parts, search keys); fails past
    /// [`ParserOptions::max_depth`]. Pair with [`Cursor::leave`].
    #[inline]
    pub(crate) fn enter(&mut self) -> Result<(), Error> {
        if self.depth >= self.opts.max_depth {
            return Err(Error::new(
                self.pos,
                ErrorKind::TooDeep {
                    limit: self.opts.max_depth,
                },
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Leaves a level entered with [`Cursor::enter`].
    #[inline]
    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Checks a list's item count against [`ParserOptions::max_items`].
    #[inline]
    pub(crate) fn count(&self, n: usize, what: &'static str) -> Result<(), Error> {
        if n > self.opts.max_items {
            return Err(Error::new(
                self.pos,
                ErrorKind::TooMany {
                    limit: self.opts.max_items,
                    what,
                },
            ));
        }
        Ok(())
    }

    /// A run of bytes of `class`, at least one.
    #[inline(always)]
    pub(crate) fn run(&mut self, class: u8, what: &'static str) -> Result<&'a [u8], Error> {
        let n = chars::run(self.rest(), class);
        if n == 0 {
            return Err(self.error(what));
        }
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// RFC 9051 §9 `atom = 1*ATOM-CHAR`.
    pub(crate) fn atom(&mut self) -> Result<&'a str, Error> {
        self.run(ATOM, "atom").map(ascii)
    }

    /// RFC 9051 §9 `tag = 1*<any ASTRING-CHAR except "+">`.
    #[inline(always)]
    pub(crate) fn tag(&mut self) -> Result<Tag<'a>, Error> {
        self.run(TAG, "tag").map(Tag::from_valid)
    }

    /// [`Cursor::number64`] as the [`Number64`] it is.
    pub(crate) fn number64_value(&mut self) -> Result<Number64, Error> {
        self.number64().map(Number64::from_valid)
    }

    /// RFC 9051 §9 `number = 1*DIGIT` ("unsigned 32-bit integer").
    pub(crate) fn number(&mut self) -> Result<u32, Error> {
        let start = self.pos;
        let v = self.number64()?;
        u32::try_from(v).map_err(|_| Error::new(start, ErrorKind::NumberOverflow))
    }

    /// RFC 9051 §9 `nz-number = digit-nz *DIGIT` (no leading zero; lenient mode accepts
    /// one).
    pub(crate) fn nz_number(&mut self) -> Result<NonZeroU32, Error> {
        let start = self.pos;
        if self.peek() == Some(b'0') && !self.lenient() {
            return Err(self.error("non-zero number"));
        }
        let v = self.number()?;
        NonZeroU32::new(v).ok_or(Error::expected(start, "non-zero number"))
    }

    /// RFC 9051 §9 `number64 = 1*DIGIT` ("unsigned 63-bit integer").
    pub(crate) fn number64(&mut self) -> Result<u64, Error> {
        let start = self.pos;
        let rest = self.rest();
        let mut v: u64 = 0;
        let mut n = 0;
        // One pass: up to 18 digits stay below 10^18 <= 2^63 - 1, so no check is needed
        // per digit before the 19th.
        while let Some(&c) = rest.get(n) {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            if n >= 18 {
                v = v
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(u64::from(d)))
                    .filter(|&v| v <= i64::MAX as u64)
                    .ok_or(Error::new(start, ErrorKind::NumberOverflow))?;
            } else {
                v = v * 10 + u64::from(d);
            }
            n += 1;
        }
        if n == 0 {
            return Err(self.error("number"));
        }
        self.pos += n;
        Ok(v)
    }

    /// RFC 9051 §9 `quoted = DQUOTE *QUOTED-CHAR DQUOTE`, `QUOTED-CHAR = <any TEXT-CHAR
    /// except quoted-specials> / "\" quoted-specials / UTF8-2 / UTF8-3 / UTF8-4`. Borrowed
    /// unless it has escapes. 8-bit bytes must be UTF-8 (RFC 9051); lenient mode takes any.
    #[inline(always)]
    pub(crate) fn quoted(&mut self) -> Result<Cow<'a, [u8]>, Error> {
        // The usual string, 7-bit without escapes, is read here, inline: returned from a
        // call, the result was copied right after being written, which stalled.
        if self.peek() == Some(b'"') {
            let n = chars::text_run(&self.b[self.pos + 1..], true);
            if self.b.get(self.pos + 1 + n) == Some(&b'"') {
                let body = &self.b[self.pos + 1..self.pos + 1 + n];
                self.pos += n + 2;
                return Ok(Cow::Borrowed(body));
            }
        }
        self.quoted_slow()
    }

    /// [`Cursor::quoted`] for strings with escapes or 8-bit bytes (and errors).
    fn quoted_slow(&mut self) -> Result<Cow<'a, [u8]>, Error> {
        self.expect(b'"', "quoted string")?;
        let start = self.pos;
        let mut escapes = false;
        let mut eight_bit = false;
        loop {
            let n = chars::text_run(self.rest(), true);
            self.pos += n;
            match self.peek() {
                Some(b'"') => break,
                Some(b'\\') => match self.b.get(self.pos + 1) {
                    Some(b'"' | b'\\') => {
                        escapes = true;
                        self.pos += 2;
                    }
                    _ => {
                        self.pos += 1;
                        return Err(self.error("\\\" or \\\\ after a backslash in a quoted string"));
                    }
                },
                Some(c) if c >= 0x80 => {
                    eight_bit = true;
                    self.pos += 1;
                }
                _ => return Err(self.error("closing DQUOTE of a quoted string")),
            }
        }
        let body = &self.b[start..self.pos];
        self.pos += 1;
        if eight_bit && !self.lenient() {
            if let Err(e) = std::str::from_utf8(body) {
                return Err(Error::new(start + e.valid_up_to(), ErrorKind::InvalidUtf8));
            }
        }
        if !escapes {
            return Ok(Cow::Borrowed(body));
        }
        let mut out = Vec::with_capacity(body.len());
        let mut i = 0;
        while i < body.len() {
            if body[i] == b'\\' {
                i += 1;
            }
            out.push(body[i]);
            i += 1;
        }
        Ok(Cow::Owned(out))
    }

    /// The `"{" number64 ["+"] "}" CRLF` header of a literal at the cursor (the `~` of a
    /// `literal8` already consumed); returns the announced length. RFC 7888 adds the `+`
    /// of a non-synchronizing literal (LITERAL+ / LITERAL-); RFC 3516 allows it on
    /// `literal8` too.
    pub(crate) fn literal_header(&mut self) -> Result<usize, Error> {
        self.expect(b'{', "literal")?;
        let at = self.pos;
        let n = self.number64()?;
        self.eat(b'+');
        self.expect(b'}', "} of a literal")?;
        if !self.eat(b'\r') && !self.lenient() {
            return Err(self.error("CRLF after a literal's length"));
        }
        self.expect(b'\n', "CRLF after a literal's length")?;
        let len = usize::try_from(n).map_err(|_| Error::new(at, ErrorKind::NumberOverflow))?;
        if n > self.opts.max_literal {
            return Err(Error::new(
                at,
                ErrorKind::LiteralTooLarge {
                    size: n,
                    limit: self.opts.max_literal,
                },
            ));
        }
        if self.b.len() - self.pos < len {
            return Err(Error::expected(self.b.len(), "the literal's data"));
        }
        Ok(len)
    }

    /// RFC 9051 §9 `literal = "{" number64 ["+"] "}" CRLF *CHAR8` (`CHAR8 = %x01-ff`: no
    /// NUL). The data is sliced, and only checked for NUL (one `memchr`).
    pub(crate) fn literal(&mut self) -> Result<&'a [u8], Error> {
        let len = self.literal_header()?;
        let data = &self.b[self.pos..self.pos + len];
        if let Some(p) = memchr::memchr(0, data) {
            return Err(Error::new(self.pos + p, ErrorKind::Nul));
        }
        self.pos += len;
        Ok(data)
    }

    /// A `literal` whose data is message content the crate passes on (APPEND data, FETCH
    /// body data): sliced by its announced length and never examined, so a NUL in it is not
    /// looked for (see [`MessageData`](crate::types::fetch::MessageData)).
    pub(crate) fn literal_unscanned(&mut self) -> Result<&'a [u8], Error> {
        let len = self.literal_header()?;
        let data = &self.b[self.pos..self.pos + len];
        self.pos += len;
        Ok(data)
    }

    /// RFC 3516 §4.2 / RFC 9051 §9 `literal8 = "~{" number64 "}" CRLF *OCTET`: any
    /// octets, never examined.
    pub(crate) fn literal8(&mut self) -> Result<Binary<'a>, Error> {
        self.expect(b'~', "literal8")?;
        let len = self.literal_header()?;
        let data = &self.b[self.pos..self.pos + len];
        self.pos += len;
        Ok(Binary(Cow::Borrowed(data)))
    }

    /// RFC 9051 §9 `string = quoted / literal`.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Result<IString<'a>, Error> {
        match self.peek() {
            Some(b'"') => self.quoted().map(IString::from_valid_cow),
            Some(b'{') => self.literal().map(IString::from_valid),
            _ => Err(self.error("quoted string or literal")),
        }
    }

    /// RFC 9051 §9 `astring = 1*ASTRING-CHAR / string`.
    #[inline]
    pub(crate) fn astring(&mut self) -> Result<IString<'a>, Error> {
        match self.peek() {
            Some(b'"' | b'{') => self.string(),
            _ => self.run(ASTRING, "astring").map(IString::from_valid),
        }
    }

    /// RFC 9051 §9 `nstring = string / nil` (`None` for NIL, in any case).
    #[inline(always)]
    pub(crate) fn nstring(&mut self) -> Result<Option<IString<'a>>, Error> {
        if self.eat_word(b"NIL") {
            return Ok(None);
        }
        match self.peek() {
            Some(b'"' | b'{') => self.string().map(Some),
            _ => Err(self.error("quoted string, literal or NIL")),
        }
    }

    /// RFC 9051 §9 `mailbox = "INBOX" / astring`.
    pub(crate) fn mailbox(&mut self) -> Result<Mailbox<'a>, Error> {
        self.astring().map(Mailbox::from_string)
    }

    /// RFC 9051 §9 `charset = atom / quoted` (ASCII text).
    pub(crate) fn charset(&mut self) -> Result<Charset<'a>, Error> {
        let quoted = self.peek() == Some(b'"');
        let start = self.pos + usize::from(quoted);
        let raw = if quoted {
            self.quoted()?
        } else {
            Cow::Borrowed(self.run(ATOM, "charset")?)
        };
        if raw.is_empty() {
            return Err(Error::expected(start, "charset name"));
        }
        // Offsets inside a quoted name with escapes count the unescaped bytes.
        if let Some(p) = raw.iter().position(|&c| !chars::is(c, TEXT)) {
            return Err(byte_error(&raw, p, "charset name").shifted(start));
        }
        Ok(Charset::from_ascii(raw))
    }

    /// RFC 9051 §9 `sequence-set` (with RFC 5182 `$`).
    pub(crate) fn sequence_set(&mut self) -> Result<SequenceSet<'a>, Error> {
        let start = self.pos;
        let end = scan_sequence_set(self.b, start)?;
        self.pos = end;
        Ok(SequenceSet::from_valid(ascii(&self.b[start..end])))
    }

    /// RFC 9051 §9 `flag` (`\` atom or a keyword atom).
    pub(crate) fn flag(&mut self) -> Result<Flag<'a>, Error> {
        if self.eat(b'\\') {
            // The system flags are matched as bytes: only an extension flag's name needs
            // to become text.
            let name = self.run(ATOM, "atom")?;
            return Ok(
                Flag::system_flag(name).unwrap_or_else(|| Flag::Extension(Atom::from_valid(name)))
            );
        }
        self.run(ATOM, "atom")
            .map(|a| Flag::Keyword(Atom::from_valid(a)))
    }

    /// Lenient mode only: a keyword holding `]` (Gmail's `OIB-Seen-[Gmail]/Trash`), read
    /// as the run of `ASTRING-CHAR`s at the cursor when that run holds a `]`; `None`
    /// (nothing read) otherwise and always in strict mode.
    pub(crate) fn bracketed_keyword(&mut self) -> Option<&'a str> {
        if !self.lenient() {
            return None;
        }
        let n = chars::run(self.rest(), ASTRING);
        let s = &self.b[self.pos..self.pos + n];
        if !s.contains(&b']') {
            return None;
        }
        self.pos += n;
        Some(ascii(s))
    }

    /// RFC 9051 §9 `flag-fetch = flag / obsolete-flag-recent`, pushed onto `out` (a
    /// system flag as a constant, built in its place in the list rather than copied there).
    ///
    /// Lenient: a keyword with `]` ([`FlagFetch::Bracketed`]), as in FLAGS.
    pub(crate) fn flag_fetch(&mut self, out: &mut Vec<FlagFetch<'a>>) -> Result<(), Error> {
        if self.eat(b'\\') {
            let name = self.run(ATOM, "atom")?;
            match Flag::system_flag(name) {
                Some(f) => out.push(FlagFetch::Flag(f)),
                None if name.eq_ignore_ascii_case(b"Recent") => out.push(FlagFetch::Recent),
                None => out.push(FlagFetch::Flag(Flag::Extension(Atom::from_valid(name)))),
            }
            return Ok(());
        }
        if let Some(s) = self.bracketed_keyword() {
            out.push(FlagFetch::Bracketed(Cow::Borrowed(s)));
            return Ok(());
        }
        let a = self.run(ATOM, "atom")?;
        out.push(FlagFetch::Flag(Flag::Keyword(Atom::from_valid(a))));
        Ok(())
    }

    /// RFC 9051 §9 `flag-perm = flag / "\*"`.
    pub(crate) fn flag_perm(&mut self) -> Result<FlagPerm<'a>, Error> {
        if self.rest().starts_with(b"\\*") {
            self.pos += 2;
            return Ok(FlagPerm::Any);
        }
        self.flag().map(FlagPerm::Flag)
    }

    /// A parenthesized, space-separated list of `item`s: `"(" [item *(SP item)] ")"`
    /// (empty allowed), with the item limit.
    pub(crate) fn paren_list<T>(
        &mut self,
        what: &'static str,
        mut item: impl FnMut(&mut Self) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        self.expect(b'(', what)?;
        if self.lenient() {
            while self.eat(b' ') {}
        }
        if self.eat(b')') {
            return Ok(Vec::new());
        }
        // Room for the usual short list (flags, FETCH items) without growing.
        let mut out = Vec::with_capacity(8);
        loop {
            out.push(item(self)?);
            self.count(out.len(), what)?;
            if self.eat(b')') {
                return Ok(out);
            }
            self.sp(what)?;
            if self.lenient() && self.eat(b')') {
                return Ok(out);
            }
        }
    }

    /// [`Cursor::paren_list`] with an `item` that pushes what it reads itself. (Written
    /// out rather than serving `paren_list` too: through it, the UID FETCH command bench
    /// measured some 4 % slower.)
    pub(crate) fn paren_list_into<T>(
        &mut self,
        what: &'static str,
        mut item: impl FnMut(&mut Self, &mut Vec<T>) -> Result<(), Error>,
    ) -> Result<Vec<T>, Error> {
        self.expect(b'(', what)?;
        if self.lenient() {
            while self.eat(b' ') {}
        }
        if self.eat(b')') {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(8);
        loop {
            item(self, &mut out)?;
            self.count(out.len(), what)?;
            if self.eat(b')') {
                return Ok(out);
            }
            self.sp(what)?;
            if self.lenient() && self.eat(b')') {
                return Ok(out);
            }
        }
    }

    /// RFC 9051 §9 `date = date-text / DQUOTE date-text DQUOTE`,
    /// `date-text = date-day "-" date-month "-" date-year`, `date-day = 1*2DIGIT`.
    pub(crate) fn date(&mut self) -> Result<Date, Error> {
        let quoted = self.eat(b'"');
        let d = self.date_text(false)?;
        if quoted {
            self.expect(b'"', "closing DQUOTE of a date")?;
        }
        Ok(d)
    }

    /// `date-text`; with `fixed`, `date-day-fixed = (SP DIGIT) / 2DIGIT`.
    fn date_text(&mut self, fixed: bool) -> Result<Date, Error> {
        let start = self.pos;
        let day = if fixed && self.eat(b' ') {
            self.digits(1)?
        } else {
            let two = self.b.get(self.pos + 1).is_some_and(u8::is_ascii_digit);
            self.digits(if two || fixed { 2 } else { 1 })?
        };
        self.expect(b'-', "- after the day")?;
        let m = self.rest().get(..3).and_then(|name| {
            MONTHS
                .iter()
                .position(|mn| mn.as_bytes().eq_ignore_ascii_case(name))
        });
        let Some(m) = m else {
            return Err(self.error("month name (Jan … Dec)"));
        };
        self.pos += 3;
        self.expect(b'-', "- after the month")?;
        let year = self.digits(4)?;
        // Values of at most four digits fit.
        Date::new(year as u16, m as u8 + 1, day as u8).map_err(|e| e.shifted(start))
    }

    /// Exactly `n` digits as a number.
    fn digits(&mut self, n: usize) -> Result<u32, Error> {
        let Some(d) = self.b.get(self.pos..self.pos + n) else {
            return Err(Error::expected(self.b.len(), "digits"));
        };
        if let Some(p) = d.iter().position(|c| !c.is_ascii_digit()) {
            self.pos += p;
            return Err(self.error("digit"));
        }
        self.pos += n;
        Ok(d.iter().fold(0, |v, &c| v * 10 + u32::from(c - b'0')))
    }

    /// RFC 9051 §9 `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP
    /// time SP zone DQUOTE`, `time = 2DIGIT ":" 2DIGIT ":" 2DIGIT`,
    /// `zone = ("+" / "-") 4DIGIT`.
    pub(crate) fn date_time(&mut self) -> Result<DateTime, Error> {
        self.expect(b'"', "DQUOTE of a date-time")?;
        let start = self.pos;
        let date = self.date_text(true)?;
        self.expect(b' ', "SP before the time")?;
        let h = self.digits(2)?;
        self.expect(b':', ": in the time")?;
        let m = self.digits(2)?;
        self.expect(b':', ": in the time")?;
        let s = self.digits(2)?;
        self.expect(b' ', "SP before the zone")?;
        let negative = match self.peek() {
            Some(b'+') => false,
            Some(b'-') => true,
            _ => return Err(self.error("+ or - of the zone")),
        };
        self.pos += 1;
        let z = self.digits(4)?;
        if z % 100 > 59 {
            return Err(Error::expected(self.pos - 2, "zone minutes below 60"));
        }
        self.expect(b'"', "closing DQUOTE of a date-time")?;
        // Four digits: at most 99:59, which fits in i16.
        let minutes = (z / 100 * 60 + z % 100) as i16;
        let mut dt = DateTime::new(
            date,
            (h as u8, m as u8, s as u8),
            if negative { -minutes } else { minutes },
        )
        .map_err(|e| e.shifted(start))?;
        dt.zone_negative_zero = negative && minutes == 0;
        Ok(dt)
    }

    /// RFC 8474 §7 `objectid = 1*255(ALPHA / DIGIT / "_" / "-")`.
    pub(crate) fn objectid(&mut self) -> Result<ObjectId<'a>, Error> {
        let start = self.pos;
        let n = self
            .rest()
            .iter()
            .position(|&c| !is_objectid_char(c))
            .unwrap_or(self.rest().len());
        if n == 0 {
            return Err(self.error("object id"));
        }
        if n > 255 {
            return Err(Error::expected(
                start + 255,
                "object id of at most 255 characters",
            ));
        }
        self.pos += n;
        Ok(ObjectId::from_valid(ascii(&self.b[start..self.pos])))
    }

    /// Skips a balanced parenthesized group on one line (nesting limited); quoted strings
    /// inside are skipped whole so their parentheses do not count.
    pub(crate) fn skip_parens(&mut self) -> Result<(), Error> {
        if self.peek() != Some(b'(') {
            return Err(self.error("("));
        }
        // The depth error points at the "(" that is one too many, as in the other parsers.
        self.enter()?;
        self.pos += 1;
        loop {
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    self.leave();
                    return Ok(());
                }
                Some(b'(') => self.skip_parens()?,
                Some(b'"') => {
                    self.quoted()?;
                }
                Some(b'{') => {
                    self.literal()?;
                }
                Some(b'~') if self.b.get(self.pos + 1) == Some(&b'{') => {
                    self.literal8()?;
                }
                Some(c) if c != b'\r' && c != b'\n' && c != 0 => self.pos += 1,
                _ => return Err(self.error(")")),
            }
        }
    }

    /// RFC 4466 §2.1 `tagged-ext-val = tagged-ext-simple / "(" [tagged-ext-comp] ")"`,
    /// `tagged-ext-simple = sequence-set / number / number64`: skipped, for keeping raw.
    pub(crate) fn ext_value_span(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'(') => self.skip_parens(),
            Some(b'0'..=b'9' | b'*' | b'$') => {
                let start = self.pos;
                let n = self.rest()[..]
                    .iter()
                    .position(|&c| !matches!(c, b'0'..=b'9' | b':' | b',' | b'*' | b'$'))
                    .unwrap_or(self.rest().len());
                if self.b[start..start + n].iter().all(u8::is_ascii_digit) {
                    self.number64()?;
                } else {
                    let end = scan_sequence_set(self.b, start)?;
                    if end != start + n {
                        return Err(Error::expected(end, "a sequence set or a number"));
                    }
                    self.pos = end;
                }
                Ok(())
            }
            _ => Err(self.error("a number, a sequence set or a parenthesized value")),
        }
    }

    /// RFC 9051 §9 `[text]`, `text = 1*(TEXT-CHAR / UTF8-2 / UTF8-3 / UTF8-4)`: the rest
    /// of the line up to CRLF (not consumed), empty or not. 8-bit bytes must be UTF-8 in
    /// strict mode (RFC 9051; RFC 3501 servers send 8-bit text too, which lenient mode keeps
    /// as bytes).
    pub(crate) fn text(&mut self) -> Result<&'a [u8], Error> {
        let start = self.pos;
        if self.clean {
            if let Some(t) = self.b.get(start..self.b.len().saturating_sub(2)) {
                self.pos += t.len();
                return Ok(t);
            }
        }
        let mut eight_bit = false;
        loop {
            self.pos += chars::text_run(self.rest(), false);
            match self.peek() {
                Some(c) if c >= 0x80 => {
                    eight_bit = true;
                    self.pos += 1;
                }
                _ => break,
            }
        }
        let t = &self.b[start..self.pos];
        if !self.at_line_end() {
            return Err(self.error("text up to CRLF"));
        }
        if eight_bit && !self.lenient() {
            if let Err(e) = std::str::from_utf8(t) {
                return Err(Error::new(start + e.valid_up_to(), ErrorKind::InvalidUtf8));
            }
        }
        Ok(t)
    }
}

/// RFC 9051 §9 `sequence-set = (seq-number / seq-range) ["," sequence-set]`,
/// `seq-range = seq-number ":" seq-number`, `seq-number = nz-number / "*"`, and RFC 5182
/// `sequence-set =/ seq-last-command`, `seq-last-command = "$"`: the end of the set that
/// starts at `b[start]`.
pub(crate) fn scan_sequence_set(b: &[u8], start: usize) -> Result<usize, Error> {
    if b.get(start) == Some(&b'$') {
        return Ok(start + 1);
    }
    let mut i = start;
    loop {
        i = seq_number(b, i)?;
        if b.get(i) == Some(&b':') {
            i = seq_number(b, i + 1)?;
        }
        if b.get(i) == Some(&b',') {
            i += 1;
        } else {
            return Ok(i);
        }
    }
}

/// One `seq-number` at `i`: its end.
#[inline(always)]
fn seq_number(b: &[u8], i: usize) -> Result<usize, Error> {
    match b.get(i) {
        Some(b'*') => Ok(i + 1),
        Some(b'1'..=b'9') => {
            let n = chars::run(&b[i..], DIGIT);
            // At most ten digits, and not past u32::MAX.
            let digits = &b[i..i + n];
            let fits = n < 10 || (n == 10 && digits <= b"4294967295".as_slice());
            if fits {
                Ok(i + n)
            } else {
                Err(Error::new(i, ErrorKind::NumberOverflow))
            }
        }
        _ => Err(match b.get(i) {
            Some(b'0') => Error::expected(i, "non-zero number"),
            _ => Error::expected(i, "sequence number or *"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur<'a>(b: &'a [u8], opts: &'a ParserOptions) -> Cursor<'a> {
        Cursor::new(b, opts)
    }

    #[test]
    fn strings() {
        let o = ParserOptions::default();
        let mut c = cur(b"\"a\\\"b\\\\c\" x", &o);
        assert_eq!(c.quoted().unwrap().as_ref(), b"a\"b\\c");
        assert_eq!(c.pos, 9); // past the closing DQUOTE at index 8
        let mut c = cur(b"\"plain\"", &o);
        assert!(matches!(c.quoted().unwrap(), Cow::Borrowed(b"plain")));
        // A backslash before anything else, CR and an unterminated string are errors.
        assert!(cur(b"\"a\\b\"", &o).quoted().is_err());
        assert!(cur(b"\"a\r\n", &o).quoted().is_err());
        assert!(cur(b"\"abc", &o).quoted().is_err());
        // RFC 9051: UTF-8 in quoted strings; not other 8-bit bytes (lenient takes them).
        assert!(cur("\"r\u{e9}sum\u{e9}\"".as_bytes(), &o).quoted().is_ok());
        assert!(cur(b"\"\xe9\"", &o).quoted().is_err());
        assert!(cur(b"\"\xe9\"", &ParserOptions::lenient()).quoted().is_ok());

        let mut c = cur(b"{5}\r\nab\0de", &o);
        assert_eq!(c.literal().unwrap_err().kind, ErrorKind::Nul);
        let mut c = cur(b"{5+}\r\nabcde)", &o);
        assert_eq!(c.literal().unwrap(), b"abcde");
        assert_eq!(c.peek(), Some(b')'));
        let mut c = cur(b"~{3}\r\na\0b", &o);
        assert_eq!(c.literal8().unwrap().as_bytes(), b"a\0b");
        assert!(cur(b"{6}\r\nabcde", &o).literal().is_err());
        let small = ParserOptions::new().max_literal(4);
        assert!(matches!(
            cur(b"{5}\r\nabcde", &small).literal().unwrap_err().kind,
            ErrorKind::LiteralTooLarge { size: 5, limit: 4 }
        ));

        assert_eq!(cur(b"NIL ", &o).nstring().unwrap(), None);
        assert_eq!(
            cur(b"\"NIL\"", &o).nstring().unwrap().unwrap().as_bytes(),
            b"NIL"
        );
        assert!(cur(b"NILS", &o).nstring().is_err());
        assert_eq!(cur(b"a]b c", &o).astring().unwrap().as_bytes(), b"a]b");
        assert_eq!(cur(b"inbox ", &o).mailbox().unwrap(), Mailbox::Inbox);
    }

    #[test]
    fn numbers() {
        let o = ParserOptions::default();
        assert_eq!(cur(b"4294967295", &o).number().unwrap(), u32::MAX);
        assert_eq!(
            cur(b"4294967296", &o).number().unwrap_err().kind,
            ErrorKind::NumberOverflow
        );
        assert_eq!(
            cur(b"9223372036854775807", &o).number64().unwrap(),
            i64::MAX as u64
        );
        assert!(cur(b"9223372036854775808", &o).number64().is_err());
        // 18 digits (the unchecked path) and 19 or more with leading zeros (checked).
        assert_eq!(
            cur(b"999999999999999999", &o).number64().unwrap(),
            999_999_999_999_999_999
        );
        assert_eq!(cur(b"00000000000000000000042", &o).number64().unwrap(), 42);
        assert!(cur(b"99999999999999999999", &o).number64().is_err());
        assert!(cur(b"0", &o).nz_number().is_err());
        assert!(cur(b"01", &o).nz_number().is_err());
        assert_eq!(
            cur(b"01", &ParserOptions::lenient())
                .nz_number()
                .unwrap()
                .get(),
            1
        );
    }

    #[test]
    fn dates_and_times() {
        let o = ParserOptions::default();
        // RFC 9051 §6.3.12's APPEND example date-time.
        let dt = cur(b"\"05-feb-1994 21:52:25 -0800\"", &o)
            .date_time()
            .unwrap();
        assert_eq!((dt.date.year, dt.date.month, dt.date.day), (1994, 2, 5));
        assert_eq!((dt.hour, dt.minute, dt.second), (21, 52, 25));
        assert_eq!(dt.zone_minutes, -480);
        // date-day-fixed: SP DIGIT.
        let dt = cur(b"\" 5-Feb-1994 21:52:25 +0130\"", &o)
            .date_time()
            .unwrap();
        assert_eq!((dt.date.day, dt.zone_minutes), (5, 90));
        assert!(
            cur(b"\"5-Feb-1994 21:52:25 +0000\"", &o)
                .date_time()
                .is_err()
        );
        assert!(
            cur(b"\"05-Feb-1994 24:00:00 +0000\"", &o)
                .date_time()
                .is_err()
        );
        assert!(
            cur(b"\"05-Feb-1994 21:52:25 +0060\"", &o)
                .date_time()
                .is_err()
        );
        assert!(cur(b"\"-0000\"", &o).date_time().is_err());
        let dt = cur(b"\"01-Jan-2000 00:00:00 -0000\"", &o)
            .date_time()
            .unwrap();
        assert!(dt.zone_negative_zero);
        // SEARCH dates: 1*2DIGIT day, optionally quoted (RFC 9051 §6.4.4 "1-Feb-1994").
        let d = cur(b"1-Feb-1994", &o).date().unwrap();
        assert_eq!((d.year, d.month, d.day), (1994, 2, 1));
        assert_eq!(cur(b"\"01-Feb-1994\"", &o).date().unwrap(), d);
        assert!(cur(b"30-Feb-1994", &o).date().is_err());
        assert!(cur(b"1-Foo-1994", &o).date().is_err());
    }

    #[test]
    fn flags_and_lists() {
        let o = ParserOptions::default();
        let v = cur(b"(\\Seen $Forwarded \\Recent)", &o)
            .paren_list_into("flag list", Cursor::flag_fetch)
            .unwrap();
        assert_eq!(
            v,
            vec![
                FlagFetch::Flag(Flag::Seen),
                FlagFetch::Flag(Flag::Keyword(Atom::new("$Forwarded").unwrap())),
                FlagFetch::Recent
            ]
        );
        assert_eq!(cur(b"\\*", &o).flag_perm().unwrap(), FlagPerm::Any);
        assert!(
            cur(b"()", &o)
                .paren_list("x", Cursor::flag)
                .unwrap()
                .is_empty()
        );
        assert!(cur(b"( \\Seen)", &o).paren_list("x", Cursor::flag).is_err());
        assert!(
            cur(b"( \\Seen )", &ParserOptions::lenient())
                .paren_list("x", Cursor::flag)
                .is_ok()
        );
        let few = ParserOptions::new().max_items(2);
        assert!(matches!(
            cur(b"(a b c)", &few)
                .paren_list("x", Cursor::flag)
                .unwrap_err()
                .kind,
            ErrorKind::TooMany { limit: 2, .. }
        ));
    }

    #[test]
    fn charsets() {
        let o = ParserOptions::lenient();
        // RFC 9051 §6.4.4: "SEARCH CHARSET UTF-8 ..." (atom) and a quoted name.
        assert_eq!(cur(b"UTF-8 ", &o).charset().unwrap().as_str(), "UTF-8");
        assert_eq!(
            cur(b"\"ISO-8859-1\"", &o).charset().unwrap().as_str(),
            "ISO-8859-1"
        );
        assert_eq!(cur(b"\"a\\\"b\"", &o).charset().unwrap().as_str(), "a\"b");
        assert!(cur(b"\"\"", &o).charset().is_err());
        // Lenient quoted strings take 8-bit bytes; a charset name never does.
        let e = cur(b"\"ab\xe9\"", &o).charset().unwrap_err();
        assert_eq!((e.offset, e.kind), (3, ErrorKind::EightBit { byte: 0xE9 }));
    }

    #[test]
    fn sequence_set_scan() {
        assert_eq!(scan_sequence_set(b"1:3,5 x", 0), Ok(5));
        assert_eq!(scan_sequence_set(b"$ x", 0), Ok(1));
        assert_eq!(scan_sequence_set(b"*:4", 0), Ok(3));
        assert!(scan_sequence_set(b"0", 0).is_err());
        assert!(scan_sequence_set(b"1,,2", 0).is_err());
        assert_eq!(
            scan_sequence_set(b"42949672950", 0).unwrap_err().kind,
            ErrorKind::NumberOverflow
        );
    }

    #[test]
    fn depth_limit() {
        let o = ParserOptions::new().max_depth(2);
        let mut c = cur(b"", &o);
        assert!(c.enter().is_ok());
        assert!(c.enter().is_ok());
        assert!(matches!(
            c.enter().unwrap_err().kind,
            ErrorKind::TooDeep { limit: 2 }
        ));
        c.leave();
        assert!(c.enter().is_ok());
    }
}
