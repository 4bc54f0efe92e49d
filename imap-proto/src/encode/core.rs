//! Writing the basic values, choosing the wire form of each string, and recording where a
//! client must wait for a continuation request before a synchronizing literal.
//!
//! ```
//! use imap_proto::encode::core::{EncodeOptions, Fragment, Writer};
//! use imap_proto::types::core::IString;
//!
//! let mut w = Writer::new(EncodeOptions::default());
//! w.raw(b"A1 LOGIN ");
//! w.astring(&IString::try_from("fred").unwrap()); // an atom
//! w.raw(b" ");
//! w.astring(&IString::try_from("two words").unwrap()); // quoted
//! w.raw(b" ");
//! w.astring(&IString::try_from(&b"line\r\nbreak"[..]).unwrap()); // a literal
//! w.raw(b"\r\n");
//! let msg = w.finish();
//! assert_eq!(msg.as_bytes(), b"A1 LOGIN fred \"two words\" {11}\r\nline\r\nbreak\r\n");
//! // A client sends the first fragment, waits for "+", then sends the rest.
//! let parts: Vec<_> = msg.fragments().collect();
//! assert_eq!(parts[0], Fragment::Line(b"A1 LOGIN fred \"two words\" {11}\r\n"));
//! assert_eq!(parts[1], Fragment::Literal { data: b"line\r\nbreak", sync: true });
//! assert_eq!(parts[2], Fragment::Line(b"\r\n"));
//! ```

use crate::parse::chars::{self, ASTRING, ATOM, QUOTED};
use crate::types::core::{Binary, Charset, Date, DateTime, Flag, IString, MONTHS, Mailbox};

/// What the peer accepts, for choosing wire forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct EncodeOptions {
    /// Write literals as non-synchronizing `{n+}` (the server advertised LITERAL+,
    /// RFC 7888 §3). Only for commands; servers never send `{n+}`.
    pub literal_plus: bool,
    /// LITERAL- (RFC 7888 §4): `{n+}` only for literals of at most 4096 octets.
    pub literal_minus: bool,
    /// 8-bit strings that are valid UTF-8 may be quoted (IMAP4rev2, UTF8=ACCEPT: RFC 9051
    /// `QUOTED-CHAR =/ UTF8-2 / UTF8-3 / UTF8-4`); otherwise they are written as literals.
    pub utf8_quoted: bool,
}

impl EncodeOptions {
    /// Sets [`EncodeOptions::literal_plus`].
    #[must_use]
    pub const fn literal_plus(mut self, on: bool) -> Self {
        self.literal_plus = on;
        self
    }

    /// Sets [`EncodeOptions::literal_minus`].
    #[must_use]
    pub const fn literal_minus(mut self, on: bool) -> Self {
        self.literal_minus = on;
        self
    }

    /// Sets [`EncodeOptions::utf8_quoted`].
    #[must_use]
    pub const fn utf8_quoted(mut self, on: bool) -> Self {
        self.utf8_quoted = on;
        self
    }
}

/// One encoded message: its bytes, and after which bytes a client must wait for the
/// server's continuation request (one place per synchronizing literal).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Encoded {
    bytes: Vec<u8>,
    /// (end of the `{n}` CRLF header, end of the literal data) of each synchronizing
    /// literal, in order.
    waits: Vec<(usize, usize)>,
    /// The same for non-synchronizing literals (no wait; kept so fragments can name them).
    nonsync: Vec<(usize, usize)>,
}

/// A piece of an [`Encoded`] message, in sending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fragment<'a> {
    /// Line text, ending with CRLF (after a literal header, or at the message end).
    Line(&'a [u8]),
    /// Literal data; with `sync`, the client sends it only after a continuation request.
    Literal {
        /// The data.
        data: &'a [u8],
        /// True for a synchronizing literal.
        sync: bool,
    },
}

impl Encoded {
    /// All the bytes, as they go on the wire.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// True when a client must wait for a continuation request somewhere in it.
    pub fn has_sync_literal(&self) -> bool {
        !self.waits.is_empty()
    }

    /// The message in sending order: lines and literals.
    pub fn fragments(&self) -> impl Iterator<Item = Fragment<'_>> + '_ {
        let mut lits: Vec<(usize, usize, bool)> = self
            .waits
            .iter()
            .map(|&(a, b)| (a, b, true))
            .chain(self.nonsync.iter().map(|&(a, b)| (a, b, false)))
            .collect();
        lits.sort_unstable();
        let mut out = Vec::with_capacity(lits.len() * 2 + 1);
        let mut at = 0;
        for (start, end, sync) in lits {
            out.push(Fragment::Line(&self.bytes[at..start]));
            out.push(Fragment::Literal {
                data: &self.bytes[start..end],
                sync,
            });
            at = end;
        }
        if at < self.bytes.len() || out.is_empty() {
            out.push(Fragment::Line(&self.bytes[at..]));
        }
        out.into_iter()
    }

    /// The bytes, taken.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Writes one message: raw syntax and values whose wire form it chooses.
#[derive(Debug, Clone)]
pub struct Writer {
    opts: EncodeOptions,
    msg: Encoded,
}

impl Writer {
    /// An empty message.
    pub fn new(opts: EncodeOptions) -> Self {
        Self {
            opts,
            msg: Encoded::default(),
        }
    }

    /// Syntax written as given (keywords, SP, parentheses, CRLF). The caller keeps it
    /// valid; the typed encoders are the way to write values.
    pub fn raw(&mut self, b: &[u8]) {
        self.msg.bytes.extend_from_slice(b);
    }

    /// A decimal number.
    pub fn number(&mut self, n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut v = n;
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.raw(&buf[i..]);
    }

    /// RFC 9051 §9 `astring`: the bytes as an atom when they are `1*ASTRING-CHAR`, else as
    /// a `string`.
    pub fn astring(&mut self, s: &IString<'_>) {
        let b = s.as_bytes();
        if !b.is_empty() && b.iter().all(|&c| chars::is(c, ASTRING)) {
            self.raw(b);
        } else {
            self.string(s);
        }
    }

    /// RFC 9051 §9 `string`: quoted when every byte can be (with `\` escapes), else a
    /// literal.
    pub fn string(&mut self, s: &IString<'_>) {
        let b = s.as_bytes();
        if self.quotable(b) {
            self.msg.bytes.reserve(b.len() + 2);
            self.msg.bytes.push(b'"');
            for &c in b {
                if c == b'"' || c == b'\\' {
                    self.msg.bytes.push(b'\\');
                }
                self.msg.bytes.push(c);
            }
            self.msg.bytes.push(b'"');
        } else {
            self.literal(b, false);
        }
    }

    /// A `string` (quoted or literal) of bytes that may hold NUL: message data the crate
    /// never scans (FETCH `BODY[…]` data). With NUL inside, the literal carries it as is.
    pub(crate) fn string_bytes(&mut self, b: &[u8]) {
        if b.len() <= 256 && self.quotable(b) {
            self.string(&IString::from_valid(b));
        } else {
            self.literal(b, false);
        }
    }

    /// RFC 9051 §9 `date-text = date-day "-" date-month "-" date-year` (unquoted).
    pub fn date(&mut self, d: &Date) {
        self.number(u64::from(d.day));
        self.date_month_year(d);
    }

    /// `"-" date-month "-" date-year`.
    fn date_month_year(&mut self, d: &Date) {
        self.raw(b"-");
        // `Date::new` keeps the month in 1–12; the index cannot go out of range anyway.
        self.raw(MONTHS[usize::from(d.month.saturating_sub(1)) % 12].as_bytes());
        self.raw(b"-");
        self.digits(u32::from(d.year), 4);
    }

    /// `n` as exactly `width` digits, zero-padded.
    fn digits(&mut self, n: u32, width: usize) {
        let mut buf = [b'0'; 10];
        let mut v = n;
        for i in (0..width).rev() {
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
        self.raw(&buf[..width]);
    }

    /// RFC 9051 §9 `charset = atom / quoted`: the atom when the name is one.
    pub fn charset(&mut self, c: &Charset<'_>) {
        let b = c.as_str().as_bytes();
        if !b.is_empty() && b.iter().all(|&x| chars::is(x, ATOM)) {
            self.raw(b);
        } else {
            self.quoted_ascii(b);
        }
    }

    /// `b` (ASCII text without CR, LF or NUL) as a quoted string.
    fn quoted_ascii(&mut self, b: &[u8]) {
        self.msg.bytes.reserve(b.len() + 2);
        self.msg.bytes.push(b'"');
        for &x in b {
            if x == b'"' || x == b'\\' {
                self.msg.bytes.push(b'\\');
            }
            self.msg.bytes.push(x);
        }
        self.msg.bytes.push(b'"');
    }

    /// RFC 9051 §9 `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time
    /// SP zone DQUOTE` (`date-day-fixed = (SP DIGIT) / 2DIGIT`).
    pub fn date_time(&mut self, t: &DateTime) {
        self.raw(b"\"");
        if t.date.day < 10 {
            self.raw(b" ");
        }
        self.number(u64::from(t.date.day));
        self.date_month_year(&t.date);
        self.raw(b" ");
        self.digits(u32::from(t.hour), 2);
        self.raw(b":");
        self.digits(u32::from(t.minute), 2);
        self.raw(b":");
        self.digits(u32::from(t.second), 2);
        let negative = t.zone_minutes < 0 || t.zone_negative_zero;
        self.raw(if negative { b" -" } else { b" +" });
        let z = u32::from(t.zone_minutes.unsigned_abs());
        self.digits(z / 60 * 100 + z % 60, 4);
        self.raw(b"\"");
    }

    /// RFC 9051 §9 `flag`: `\Seen`, a keyword, `\Extension`.
    pub fn flag(&mut self, f: &Flag<'_>) {
        let (backslash, name) = f.parts();
        if backslash {
            self.raw(b"\\");
        }
        self.raw(name.as_bytes());
    }

    /// RFC 9051 §9 `nstring`: `NIL` for `None`.
    pub fn nstring(&mut self, s: Option<&IString<'_>>) {
        match s {
            Some(s) => self.string(s),
            None => self.raw(b"NIL"),
        }
    }

    /// RFC 9051 §9 `mailbox`.
    pub fn mailbox(&mut self, m: &Mailbox<'_>) {
        match m {
            Mailbox::Inbox => self.raw(b"INBOX"),
            Mailbox::Other(s) => self.astring(s),
        }
    }

    /// RFC 3516 `literal8`: `~{n}` CRLF and the data.
    pub fn literal8(&mut self, data: &Binary<'_>) {
        self.literal(data.as_bytes(), true);
    }

    /// A `literal` whatever the bytes are (APPEND message data, CATENATE `TEXT`), in the
    /// form the options choose. The caller keeps NUL out (`CHAR8`).
    pub(crate) fn literal_data(&mut self, data: &[u8]) {
        self.literal(data, false);
    }

    /// Bytes kept from the wire that end in a literal announcement (`… {n}` CRLF, `{n+}`,
    /// `~{n}`), then that literal's data: written unchanged, the data recorded as a literal
    /// (a client waits before it when `sync`). For unknown commands and kept extension
    /// values.
    pub(crate) fn kept_literal(&mut self, header: &[u8], data: &[u8], sync: bool) {
        self.raw(header);
        let start = self.msg.bytes.len();
        self.raw(data);
        let span = (start, self.msg.bytes.len());
        if sync {
            self.msg.waits.push(span);
        } else {
            self.msg.nonsync.push(span);
        }
    }

    /// A literal (`~` first for `literal8`), synchronizing unless the options allow
    /// `{n+}` for this size.
    fn literal(&mut self, data: &[u8], eight: bool) {
        let nonsync = self.opts.literal_plus || (self.opts.literal_minus && data.len() <= 4096);
        if eight {
            self.raw(b"~");
        }
        self.raw(b"{");
        self.number(data.len() as u64);
        self.raw(if nonsync { b"+}\r\n" } else { b"}\r\n" });
        let start = self.msg.bytes.len();
        self.raw(data);
        let span = (start, self.msg.bytes.len());
        if nonsync {
            self.msg.nonsync.push(span);
        } else {
            self.msg.waits.push(span);
        }
    }

    /// True when `b` can be a quoted string for this peer.
    fn quotable(&self, b: &[u8]) -> bool {
        let mut eight_bit = false;
        for &c in b {
            if c >= 0x80 {
                eight_bit = true;
            } else if !chars::is(c, QUOTED) && c != b'"' && c != b'\\' {
                return false;
            }
        }
        !eight_bit || (self.opts.utf8_quoted && std::str::from_utf8(b).is_ok())
    }

    /// The message written.
    pub fn finish(self) -> Encoded {
        self.msg
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::ParserOptions;
    use crate::parse::core::Cursor;
    use proptest::prelude::*;

    fn written(f: impl FnOnce(&mut Writer), opts: EncodeOptions) -> Encoded {
        let mut w = Writer::new(opts);
        f(&mut w);
        w.finish()
    }

    #[test]
    fn forms() {
        let d = EncodeOptions::default();
        let s = |b: &'static [u8]| IString::new(b).unwrap();
        let cases: [(&[u8], &[u8]); 7] = [
            (b"fred", b"fred"),
            (b"a]b", b"a]b"),
            (b"", b"\"\""),
            (b"NIL", b"NIL"), // an astring NIL is the string "NIL"
            (b"a\"b\\", b"\"a\\\"b\\\\\""),
            (b"(x)", b"\"(x)\""),
            (b"\xc3\xa9", b"{2}\r\n\xc3\xa9"),
        ];
        for (v, wire) in cases {
            assert_eq!(written(|w| w.astring(&s(v)), d).as_bytes(), wire, "{v:?}");
        }
        assert_eq!(
            written(|w| w.nstring(Some(&s(b"NIL"))), d).as_bytes(),
            b"\"NIL\""
        );
        assert_eq!(written(|w| w.nstring(None), d).as_bytes(), b"NIL");
        let utf8 = d.utf8_quoted(true);
        assert_eq!(
            written(|w| w.string(&s(b"\xc3\xa9")), utf8).as_bytes(),
            b"\"\xc3\xa9\""
        );
        assert_eq!(
            written(|w| w.string(&s(b"\xe9")), utf8).as_bytes(),
            b"{1}\r\n\xe9"
        );
        let plus = d.literal_plus(true);
        let m = written(|w| w.string(&s(b"a\r\n")), plus);
        assert_eq!(m.as_bytes(), b"{3+}\r\na\r\n");
        assert!(!m.has_sync_literal());
        let minus = d.literal_minus(true);
        let big = vec![b'\n'; 4097];
        let m = written(|w| w.string(&IString::new(&big[..]).unwrap()), minus);
        assert!(m.as_bytes().starts_with(b"{4097}\r\n"));
        let m = written(|w| w.string(&IString::new(&big[..4096]).unwrap()), minus);
        assert!(m.as_bytes().starts_with(b"{4096+}\r\n"));
        assert_eq!(written(|w| w.number(0), d).as_bytes(), b"0");
        assert_eq!(
            written(|w| w.number(u64::MAX), d).as_bytes(),
            b"18446744073709551615"
        );
        assert_eq!(
            written(|w| w.mailbox(&Mailbox::Inbox), d).as_bytes(),
            b"INBOX"
        );
    }

    /// RFC 9051 §7.5.2 example `INTERNALDATE "17-Jul-1996 02:44:25 -0700"`; RFC 3501 §6.4.4
    /// `SINCE 1-Feb-1994`; a single-digit day is space-padded in `date-day-fixed`.
    #[test]
    fn dates() {
        let d = EncodeOptions::default();
        let t = DateTime::new(Date::new(1996, 7, 17).unwrap(), (2, 44, 25), -420).unwrap();
        assert_eq!(
            written(|w| w.date_time(&t), d).as_bytes(),
            b"\"17-Jul-1996 02:44:25 -0700\""
        );
        let t = DateTime::new(Date::new(2024, 2, 9).unwrap(), (23, 5, 0), 0).unwrap();
        assert_eq!(
            written(|w| w.date_time(&t), d).as_bytes(),
            b"\" 9-Feb-2024 23:05:00 +0000\""
        );
        let t = DateTime::new_minus_zero(t.date(), (23, 5, 0)).unwrap();
        assert_eq!(
            written(|w| w.date_time(&t), d).as_bytes(),
            b"\" 9-Feb-2024 23:05:00 -0000\""
        );
        let day = Date::new(1994, 2, 1).unwrap();
        assert_eq!(written(|w| w.date(&day), d).as_bytes(), b"1-Feb-1994");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any valid date-time is read back as written.
        #[test]
        fn date_times_read_back(
            y in 0u16..=9999, m in 1u8..=12, day in 1u8..=31,
            h in 0u8..=23, mi in 0u8..=59, sec in 0u8..=60, z in -5999i16..=5999, nz in any::<bool>(),
        ) {
            prop_assume!(Date::new(y, m, day).is_ok());
            let date = Date::new(y, m, day).unwrap();
            let t = if nz && z == 0 {
                DateTime::new_minus_zero(date, (h, mi, sec)).unwrap()
            } else {
                DateTime::new(date, (h, mi, sec), z).unwrap()
            };
            let popts = ParserOptions::default();
            let m = written(|w| { w.date_time(&t); w.raw(b" "); w.date(&date); w.raw(b"\r\n"); },
                EncodeOptions::default());
            let mut c = Cursor::new(m.as_bytes(), &popts);
            prop_assert_eq!(c.date_time().unwrap(), t);
            prop_assert!(c.eat(b' '));
            prop_assert_eq!(c.date().unwrap(), date);
            prop_assert!(c.crlf().is_ok());
        }

        /// Whatever form is chosen, the grammar core reads back the same bytes, and the
        /// fragments put together are the message.
        #[test]
        fn strings_read_back(
            v in proptest::collection::vec(1u8..=255, 0..40),
            plus in any::<bool>(),
            utf8 in any::<bool>(),
        ) {
            let s = IString::new(&v[..]).unwrap();
            let opts = EncodeOptions::default().literal_plus(plus).utf8_quoted(utf8);
            let popts = ParserOptions::default();
            for astring in [false, true] {
                let m = written(|w| {
                    if astring { w.astring(&s) } else { w.string(&s) }
                    w.raw(b"\r\n");
                }, opts);
                let mut c = Cursor::new(m.as_bytes(), &popts);
                let back = if astring { c.astring() } else { c.string() };
                let back = back.unwrap();
                prop_assert_eq!(back.as_bytes(), &v[..]);
                prop_assert!(c.crlf().is_ok());
                let joined: Vec<u8> = m.fragments().flat_map(|f| match f {
                    Fragment::Line(b) => b.to_vec(),
                    Fragment::Literal { data, .. } => data.to_vec(),
                }).collect();
                prop_assert_eq!(&joined, m.as_bytes());
            }
        }
    }
}
