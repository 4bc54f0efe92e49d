//! MIME parameter values (RFC 2231): continuations, charsets and languages
//! in `Content-Type` and `Content-Disposition` parameters.
//!
//! RFC 2231 extends the `name=value` parameters of RFC 2045 §5.1 in two ways:
//! a long value is split into numbered sections `name*0`, `name*1`, … (§3),
//! and a value whose name ends in `*` is *extended*: percent-encoded octets in
//! a charset named, with a language, by its first section:
//! `name*=charset'language'%E2%82%AC` (§4, §4.1).
//!
//! - [`split_parameters`] splits the `; name=value` list after a media type
//!   into `(name, value)` pairs, removing the quotes of quoted-strings.
//! - [`decode_parameters`] (or [`Decoder`]) reassembles the sections of each
//!   parameter in numeric order, percent-decodes extended sections, and
//!   decodes the octets with [`crate::charset`].
//! - [`parse_parameters`] does both.
//! - [`encode_parameter`] (or [`Encoder`]) writes one parameter: `name=value`,
//!   `name="quoted value"`, or `name*0*=UTF-8''…` sections within a line width.
//!
//! ```
//! use mime_codec::rfc2231;
//!
//! // RFC 2231 §4.1 (with the semicolons the RFC's example leaves out).
//! let params = rfc2231::parse_parameters(
//!     "; title*0*=us-ascii'en'This%20is%20even%20more%20;\r\n \
//!      title*1*=%2A%2A%2Afun%2A%2A%2A%20;\r\n title*2=\"isn't it!\"",
//! )
//! .unwrap();
//! assert_eq!(params[0].name, "title");
//! assert_eq!(params[0].value, "This is even more ***fun*** isn't it!");
//! assert_eq!(params[0].language.as_deref(), Some("en"));
//!
//! let encoded = rfc2231::encode_parameter("filename", "€ rates.pdf").unwrap();
//! assert_eq!(encoded, "filename*=UTF-8''%E2%82%AC%20rates.pdf");
//! let back = rfc2231::parse_parameters(&encoded).unwrap();
//! assert_eq!(back[0].value, "€ rates.pdf");
//! ```
//!
//! # Decoding rules
//!
//! Parameter names are case-insensitive (RFC 2045 §5.1); the result keeps the
//! spelling of a parameter's first occurrence, without the `*…` suffix, and
//! lists parameters in the order of their first occurrence.
//!
//! When a parameter has both a plain form (`name=`) and an RFC 2231 form
//! (`name*=` or sections), the RFC 2231 form wins: senders add the plain form
//! as a fallback for old readers. Plain sections (`name*1="..."`) are taken as
//! they are; extended ones are percent-decoded, and runs of adjacent extended
//! sections are joined before charset decoding, so a character split between
//! sections decodes. The charset and language come from the first section
//! only (§4.1). An empty or absent charset is read as UTF-8. Octets the charset
//! cannot decode become U+FFFD.
//!
//! [`Decoder::STRICT`] refuses, naming the parameter and the pair's index:
//! duplicate parameters or sections, missing sections (numbers must run
//! 0, 1, 2, … without gaps, §3), section numbers with leading zeros, both
//! `name*` and `name*0`, a first extended section without `charset'language'`,
//! a `%` not followed by two hex digits, and an unknown charset.
//!
//! [`Decoder::LENIENT`] (on request; the free functions use [`Decoder::STRICT`]) repairs
//! instead: the first occurrence of a duplicate wins, present sections are
//! joined in numeric order across gaps, leading zeros are read as the number,
//! sections win over `name*`, a first section without two `'` is read as
//! percent-encoded UTF-8, a bad `%` is kept literally, and an unknown charset
//! falls back to the plain form when there is one (to UTF-8 otherwise). A
//! name that is not `token ["*" section] ["*"]` is kept as a plain name.
//!
//! Both modes refuse section numbers at or above
//! [`max_sections`](Decoder::with_max_sections) (default 1000) and values
//! whose sections total more than
//! [`max_value_len`](Decoder::with_max_value_len) bytes (default 64 KiB). Work
//! is O(n log n) in the number of pairs.

use crate::hex;
use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::base64::LineEnding;
use crate::charset::Charset;

/// A decoded parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter<'a> {
    /// The name as first written, without `*` suffixes (compare it with
    /// `eq_ignore_ascii_case`).
    pub name: Cow<'a, str>,
    /// The value: reassembled, percent-decoded and charset-decoded.
    pub value: Cow<'a, str>,
    /// The charset of an extended value, as written (`None` for plain values
    /// and for an empty charset).
    pub charset: Option<Cow<'a, str>>,
    /// The language of an extended value (`None` when absent or empty).
    pub language: Option<Cow<'a, str>>,
}

impl Parameter<'_> {
    /// The same parameter, owning its data.
    pub fn into_owned(self) -> Parameter<'static> {
        Parameter {
            name: Cow::Owned(self.name.into_owned()),
            value: Cow::Owned(self.value.into_owned()),
            charset: self.charset.map(|c| Cow::Owned(c.into_owned())),
            language: self.language.map(|l| Cow::Owned(l.into_owned())),
        }
    }
}

/// A parameter list that [`split_parameters`] could not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at offset {offset}")]
pub struct SplitError {
    /// Byte offset in the input.
    pub offset: usize,
    /// What was expected there.
    pub kind: SplitErrorKind,
}

/// What [`split_parameters`] expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitErrorKind {
    /// A parameter name (an RFC 2045 token).
    #[error("expected a parameter name")]
    ExpectedName,
    /// `=` after the name.
    #[error("expected '='")]
    ExpectedEquals,
    /// A token or quoted-string value.
    #[error("expected a value")]
    ExpectedValue,
    /// `;` or the end after a value.
    #[error("expected ';' or the end")]
    ExpectedSemicolon,
    /// A quoted-string without its closing `"`; the offset is the opening one.
    #[error("unterminated quoted-string")]
    UnterminatedQuotedString,
    /// A comment without its closing `)`; the offset is the opening `(`.
    #[error("unterminated comment")]
    UnterminatedComment,
}

/// A parameter [`Decoder`] refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parameter {name:?} (pair {index}): {kind}")]
pub struct ParamError {
    /// The index, in the input pairs, of the offending pair.
    pub index: usize,
    /// The parameter's name as written in that pair.
    pub name: String,
    /// What was wrong.
    pub kind: ParamErrorKind,
}

/// The kinds of [`ParamError`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamErrorKind {
    /// Not `token ["*" section] ["*"]`, or a section number with a leading zero.
    #[error("invalid name: expected token [\"*\" section] [\"*\"]")]
    InvalidName,
    /// A section number at or above the limit.
    #[error("section number above the limit of {limit} sections")]
    TooManySections {
        /// The limit.
        limit: usize,
    },
    /// The sections' values total more bytes than the limit.
    #[error("value longer than {limit} bytes")]
    ValueTooLong {
        /// The limit.
        limit: usize,
    },
    /// The same parameter (or `name*`) twice.
    #[error("duplicate parameter")]
    DuplicateParameter,
    /// The same section number twice.
    #[error("duplicate section {0}")]
    DuplicateSection(u32),
    /// A gap in the section numbers: this one is missing.
    #[error("missing section {0}")]
    MissingSection(u32),
    /// Both `name*` and numbered sections.
    #[error("both name* and name*0… forms")]
    ConflictingForms,
    /// The first extended section lacks `charset'language'`.
    #[error("expected charset'language' before the value")]
    MissingCharset,
    /// A `%` not followed by two hex digits, at this byte offset in the value.
    #[error("invalid percent escape at offset {offset} in the value")]
    InvalidPercent {
        /// Byte offset of the `%` in the pair's value.
        offset: usize,
    },
    /// A charset [`Charset::for_label`] does not know.
    #[error("unknown charset {0:?}")]
    UnknownCharset(String),
}

/// A failure of [`parse_parameters`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The list could not be split.
    #[error(transparent)]
    Split(#[from] SplitError),
    /// A parameter was refused.
    #[error(transparent)]
    Param(#[from] ParamError),
}

/// An invalid name given to [`Encoder::encode`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid parameter name {name:?} at offset {offset}: expected an RFC 2045 token without '*'"
)]
pub struct InvalidName {
    /// The name.
    pub name: String,
    /// Byte offset of the first invalid byte (0 for an empty name).
    pub offset: usize,
}

/// RFC 2045 §5.1 `tspecials`.
const fn is_tspecial(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')'
            | b'<'
            | b'>'
            | b'@'
            | b','
            | b';'
            | b':'
            | b'\\'
            | b'"'
            | b'/'
            | b'['
            | b']'
            | b'?'
            | b'='
    )
}

/// RFC 2045 §5.1 `token` octets.
const fn is_token_byte(b: u8) -> bool {
    matches!(b, 0x21..=0x7E) && !is_tspecial(b)
}

/// Octets of an unquoted value in [`split_parameters`]: tokens, extended to
/// what real mail leaves unquoted.
const fn is_value_byte(b: u8) -> bool {
    b > 0x20 && b != 0x7F && b != b';' && b != b'"'
}

/// RFC 2231 §7 `attribute-char`: what an extended value may hold unencoded.
const fn is_attribute_char(b: u8) -> bool {
    is_token_byte(b) && !matches!(b, b'*' | b'\'' | b'%')
}

const fn is_wsp(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Skips whitespace and (nested) comments; returns the next offset.
fn skip_cfws(b: &[u8], mut i: usize) -> Result<usize, SplitError> {
    loop {
        match b.get(i) {
            Some(&c) if is_wsp(c) => i += 1,
            Some(b'(') => {
                let open = i;
                let mut depth = 0usize;
                loop {
                    match b.get(i) {
                        None => {
                            return Err(SplitError {
                                offset: open,
                                kind: SplitErrorKind::UnterminatedComment,
                            });
                        }
                        Some(b'\\') => i += 1,
                        Some(b'(') => depth += 1,
                        Some(b')') => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        Some(_) => {}
                    }
                    i += 1;
                }
            }
            _ => return Ok(i),
        }
    }
}

/// Reads the quoted-string opening at `open`; returns its content (quoted
/// pairs resolved, folds removed) and the offset after the closing quote.
fn quoted_string(input: &str, open: usize) -> Result<(Cow<'_, str>, usize), SplitError> {
    let b = input.as_bytes();
    let mut i = open + 1;
    let mut plain = true;
    loop {
        match b.get(i) {
            None => {
                return Err(SplitError {
                    offset: open,
                    kind: SplitErrorKind::UnterminatedQuotedString,
                });
            }
            Some(b'"') => break,
            Some(b'\\') => {
                plain = false;
                i += 1;
                if i == b.len() {
                    continue;
                }
            }
            Some(b'\r' | b'\n') => plain = false,
            Some(_) => {}
        }
        i += 1;
    }
    let inner = &input[open + 1..i];
    if plain {
        return Ok((Cow::Borrowed(inner), i + 1));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                if !matches!(chars.peek(), Some(' ' | '\t')) {
                    out.push_str("\r\n");
                }
            }
            '\n' if matches!(chars.peek(), Some(' ' | '\t')) => {}
            c => out.push(c),
        }
    }
    Ok((Cow::Owned(out), i + 1))
}

/// Splits a parameter list, `[";"] name "=" value *(";" name "=" value)`
/// (RFC 2045 §5.1), into `(name, value)` pairs with quoted-strings unquoted.
///
/// Whitespace, folds and comments are allowed around names, `=`, values and
/// `;`; empty elements (`;;`, a trailing `;`) are skipped. Names are RFC 2045
/// tokens. Unquoted values may hold any printable character except `;` and `"`,
/// since real mail leaves `=`, `/`, `?` and non-ASCII text unquoted
/// (`boundary=----=_Part_1`); quoted-strings may hold any text, `\` quoting
/// the next character, and are unfolded.
///
/// # Errors
/// [`SplitError`] with the offset and what was expected there.
pub fn split_parameters(input: &str) -> Result<Vec<(&str, Cow<'_, str>)>, SplitError> {
    let b = input.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut need_separator = false;
    let err = |offset, kind| SplitError { offset, kind };
    loop {
        i = skip_cfws(b, i)?;
        let Some(&c) = b.get(i) else { break };
        if c == b';' {
            i += 1;
            need_separator = false;
            continue;
        }
        if need_separator {
            return Err(err(i, SplitErrorKind::ExpectedSemicolon));
        }
        let name_start = i;
        while b.get(i).is_some_and(|&c| is_token_byte(c)) {
            i += 1;
        }
        if i == name_start {
            return Err(err(i, SplitErrorKind::ExpectedName));
        }
        let name = &input[name_start..i];
        i = skip_cfws(b, i)?;
        if b.get(i) != Some(&b'=') {
            return Err(err(i, SplitErrorKind::ExpectedEquals));
        }
        i = skip_cfws(b, i + 1)?;
        let value = if b.get(i) == Some(&b'"') {
            let (v, next) = quoted_string(input, i)?;
            i = next;
            v
        } else {
            let start = i;
            while b.get(i).is_some_and(|&c| is_value_byte(c)) {
                i += 1;
            }
            if i == start {
                return Err(err(i, SplitErrorKind::ExpectedValue));
            }
            Cow::Borrowed(&input[start..i])
        };
        out.push((name, value));
        need_separator = true;
    }
    Ok(out)
}

/// Splits and decodes a parameter list with [`Decoder::STRICT`].
///
/// # Errors
/// [`ParseError::Split`] when the list cannot be split, [`ParseError::Param`]
/// when a limit is exceeded.
pub fn parse_parameters(input: &str) -> Result<Vec<Parameter<'_>>, ParseError> {
    let pairs = split_parameters(input)?;
    Ok(Decoder::STRICT.decode(pairs)?)
}

/// Decodes `(name, value)` pairs with [`Decoder::STRICT`].
///
/// # Errors
/// [`ParamError`] when a limit is exceeded.
pub fn decode_parameters<'a, I, V>(pairs: I) -> Result<Vec<Parameter<'a>>, ParamError>
where
    I: IntoIterator<Item = (&'a str, V)>,
    V: Into<Cow<'a, str>>,
{
    Decoder::STRICT.decode(pairs)
}

/// Encodes one parameter with [`Encoder::FOLDED`].
///
/// # Errors
/// [`InvalidName`] when `name` is not an RFC 2045 token without `*`.
pub fn encode_parameter(name: &str, value: &str) -> Result<String, InvalidName> {
    Encoder::FOLDED.encode(name, value)
}

/// How parameter pairs are decoded: strict or lenient, and the limits. See
/// the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoder {
    lenient: bool,
    max_sections: usize,
    max_value_len: usize,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::STRICT
    }
}

/// One input pair, its name taken apart.
struct Entry<'a> {
    index: usize,
    raw_name: &'a str,
    base: &'a str,
    section: Option<u32>,
    extended: bool,
    value: Cow<'a, str>,
}

/// A slice of a `Cow` that borrows when the `Cow` does.
fn sub<'a>(cow: &Cow<'a, str>, start: usize, end: usize) -> Cow<'a, str> {
    match cow {
        Cow::Borrowed(s) => Cow::Borrowed(&s[start..end]),
        Cow::Owned(s) => Cow::Owned(s[start..end].to_string()),
    }
}

fn lower_cmp(a: &str, b: &str) -> core::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// One piece of a value: an extended run's octets, or a plain section's text.
enum Part<'v> {
    Octets(Vec<u8>),
    Text(&'v str),
}

impl Decoder {
    /// The default limit on section numbers.
    pub const DEFAULT_MAX_SECTIONS: usize = 1000;
    /// The default limit on the total bytes of a parameter's sections.
    pub const DEFAULT_MAX_VALUE_LEN: usize = 64 * 1024;

    /// Refuses malformed RFC 2231 parameters (see the module docs).
    pub const STRICT: Self = Self {
        lenient: false,
        max_sections: Self::DEFAULT_MAX_SECTIONS,
        max_value_len: Self::DEFAULT_MAX_VALUE_LEN,
    };

    /// Repairs malformed RFC 2231 parameters (see the module docs).
    pub const LENIENT: Self = Self {
        lenient: true,
        ..Self::STRICT
    };

    /// The same rules, refusing section numbers at or above `limit`.
    #[must_use]
    pub const fn with_max_sections(mut self, limit: usize) -> Self {
        self.max_sections = limit;
        self
    }

    /// The same rules, refusing a parameter whose sections' values total more
    /// than `limit` bytes.
    #[must_use]
    pub const fn with_max_value_len(mut self, limit: usize) -> Self {
        self.max_value_len = limit;
        self
    }

    /// Decodes `(name, value)` pairs, values already unquoted (as
    /// [`split_parameters`] gives them).
    ///
    /// # Errors
    /// [`ParamError`] for the first refused parameter (in strict mode any
    /// malformed one; in both modes one over the limits).
    pub fn decode<'a, I, V>(&self, pairs: I) -> Result<Vec<Parameter<'a>>, ParamError>
    where
        I: IntoIterator<Item = (&'a str, V)>,
        V: Into<Cow<'a, str>>,
    {
        let mut entries = Vec::new();
        for (index, (name, value)) in pairs.into_iter().enumerate() {
            entries.push(self.entry(index, name, value.into())?);
        }
        // Group by name, case-insensitively; the stable sort keeps input order
        // inside a group, so a group's first entry is its first occurrence.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&x, &y| lower_cmp(entries[x].base, entries[y].base));
        let mut groups: Vec<&[usize]> = order
            .chunk_by(|&x, &y| entries[x].base.eq_ignore_ascii_case(entries[y].base))
            .collect();
        groups.sort_by_key(|g| g[0]);
        let mut slots: Vec<Option<Entry<'a>>> = entries.into_iter().map(Some).collect();
        let mut out = Vec::with_capacity(groups.len());
        for group in groups {
            let members: Vec<Entry<'a>> = group.iter().filter_map(|&i| slots[i].take()).collect();
            out.push(self.parameter(members)?);
        }
        Ok(out)
    }

    fn error(&self, e: &Entry<'_>, kind: ParamErrorKind) -> ParamError {
        ParamError {
            index: e.index,
            name: e.raw_name.to_string(),
            kind,
        }
    }

    /// Takes a name apart: `base ["*" section] ["*"]`.
    fn entry<'a>(
        &self,
        index: usize,
        name: &'a str,
        value: Cow<'a, str>,
    ) -> Result<Entry<'a>, ParamError> {
        let mut entry = Entry {
            index,
            raw_name: name,
            base: name,
            section: None,
            extended: false,
            value,
        };
        let (core, extended) = match name.strip_suffix('*') {
            Some(core) => (core, true),
            None => (name, false),
        };
        let (base, section) = match core.rfind('*') {
            Some(star) => (&core[..star], Some(&core[star + 1..])),
            None => (core, None),
        };
        let valid_base = !base.is_empty() && !base.contains('*');
        let valid_digits = section.is_none_or(|d| {
            !d.is_empty()
                && d.bytes().all(|c| c.is_ascii_digit())
                && (self.lenient || d.len() == 1 || !d.starts_with('0'))
        });
        if !valid_base || !valid_digits {
            return if self.lenient {
                Ok(entry)
            } else {
                Err(self.error(&entry, ParamErrorKind::InvalidName))
            };
        }
        entry.base = base;
        entry.extended = extended;
        if let Some(digits) = section {
            let digits = digits.trim_start_matches('0');
            let too_many = self.error(
                &entry,
                ParamErrorKind::TooManySections {
                    limit: self.max_sections,
                },
            );
            if digits.len() > 9 {
                return Err(too_many);
            }
            let n = digits
                .bytes()
                .fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
            if n as usize >= self.max_sections {
                return Err(too_many);
            }
            entry.section = Some(n);
        }
        Ok(entry)
    }

    /// Builds one parameter from all pairs with its name (in input order).
    fn parameter<'a>(&self, members: Vec<Entry<'a>>) -> Result<Parameter<'a>, ParamError> {
        let name = Cow::Borrowed(members[0].base);
        let mut plain: Option<Entry<'a>> = None;
        let mut single: Option<Entry<'a>> = None;
        let mut sections: Vec<Entry<'a>> = Vec::new();
        for e in members {
            let slot = match (e.section, e.extended) {
                (Some(_), _) => {
                    sections.push(e);
                    continue;
                }
                (None, false) => &mut plain,
                (None, true) => &mut single,
            };
            if slot.is_some() {
                if !self.lenient {
                    return Err(self.error(&e, ParamErrorKind::DuplicateParameter));
                }
            } else {
                *slot = Some(e);
            }
        }
        if let (Some(_), Some(first)) = (&single, sections.first()) {
            if !self.lenient {
                return Err(self.error(first, ParamErrorKind::ConflictingForms));
            }
        }
        let parts = if !sections.is_empty() {
            sections.sort_by_key(|e| e.section);
            let mut kept: Vec<Entry<'a>> = Vec::with_capacity(sections.len());
            for e in sections {
                let expected = kept.last().and_then(|k| k.section).map_or(0, |n| n + 1);
                let n = e.section.unwrap_or(0);
                if n + 1 == expected {
                    if !self.lenient {
                        return Err(self.error(&e, ParamErrorKind::DuplicateSection(n)));
                    }
                    continue;
                }
                if n != expected && !self.lenient {
                    return Err(self.error(&e, ParamErrorKind::MissingSection(expected)));
                }
                kept.push(e);
            }
            kept
        } else if let Some(s) = single {
            alloc::vec![s]
        } else if let Some(p) = plain {
            return Ok(Parameter {
                name,
                value: p.value,
                charset: None,
                language: None,
            });
        } else {
            // Every group has at least one member.
            return Ok(Parameter {
                name,
                value: Cow::Borrowed(""),
                charset: None,
                language: None,
            });
        };
        let total = parts
            .iter()
            .fold(0usize, |t, e| t.saturating_add(e.value.len()));
        if total > self.max_value_len {
            return Err(self.error(
                &parts[0],
                ParamErrorKind::ValueTooLong {
                    limit: self.max_value_len,
                },
            ));
        }
        self.reassemble(name, parts, plain)
    }

    /// Percent-decodes and charset-decodes the kept sections in order.
    fn reassemble<'a>(
        &self,
        name: Cow<'a, str>,
        parts: Vec<Entry<'a>>,
        plain: Option<Entry<'a>>,
    ) -> Result<Parameter<'a>, ParamError> {
        let first = &parts[0];
        // charset'language' in the first section, when it is section 0 (or
        // the only one) and extended.
        let mut skip = 0;
        let mut charset = None;
        let mut language = None;
        if first.extended && first.section.is_none_or(|n| n == 0) {
            let v = &first.value;
            let q1 = v.find('\'');
            let q2 = q1.and_then(|a| v[a + 1..].find('\'').map(|b| a + 1 + b));
            match (q1, q2) {
                (Some(a), Some(b)) => {
                    charset = (a > 0).then(|| sub(v, 0, a));
                    language = (b > a + 1).then(|| sub(v, a + 1, b));
                    skip = b + 1;
                }
                _ if self.lenient => {}
                _ => return Err(self.error(first, ParamErrorKind::MissingCharset)),
            }
        }
        let cs = match &charset {
            None => Charset::UTF_8,
            Some(label) => match Charset::lookup(label.as_bytes()) {
                Some(cs) => cs,
                None if !self.lenient => {
                    return Err(
                        self.error(first, ParamErrorKind::UnknownCharset(label.to_string()))
                    );
                }
                None => match plain {
                    Some(p) => {
                        return Ok(Parameter {
                            name,
                            value: p.value,
                            charset: None,
                            language: None,
                        });
                    }
                    None => Charset::UTF_8,
                },
            },
        };
        let mut pieces: Vec<Part<'_>> = Vec::new();
        for (k, e) in parts.iter().enumerate() {
            let start = if k == 0 { skip } else { 0 };
            if e.extended {
                let mut octets = match pieces.pop() {
                    Some(Part::Octets(o)) => o,
                    Some(other) => {
                        pieces.push(other);
                        Vec::new()
                    }
                    None => Vec::new(),
                };
                self.percent_decode(e, start, &mut octets)?;
                pieces.push(Part::Octets(octets));
            } else {
                pieces.push(Part::Text(&e.value[start..]));
            }
        }
        let mut value = String::new();
        for p in &pieces {
            match p {
                Part::Octets(o) => value.push_str(&cs.decode(o).text),
                Part::Text(t) => value.push_str(t),
            }
        }
        Ok(Parameter {
            name,
            value: Cow::Owned(value),
            charset,
            language,
        })
    }

    /// Appends the octets of `e.value[start..]` (RFC 2231 §4 `%XX`).
    fn percent_decode(
        &self,
        e: &Entry<'_>,
        start: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), ParamError> {
        let b = e.value.as_bytes();
        let mut i = start;
        while i < b.len() {
            if b[i] == b'%' {
                let digit = |j: usize| b.get(j).and_then(|&c| hex::value(c));
                if let (Some(h), Some(l)) = (digit(i + 1), digit(i + 2)) {
                    out.push((h << 4) | l);
                    i += 3;
                    continue;
                }
                if !self.lenient {
                    return Err(self.error(e, ParamErrorKind::InvalidPercent { offset: i }));
                }
            }
            out.push(b[i]);
            i += 1;
        }
        Ok(())
    }
}

/// How [`Encoder::encode`] lays parameters out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoder {
    line_width: usize,
    fold: Option<LineEnding>,
}

impl Default for Encoder {
    fn default() -> Self {
        Self::FOLDED
    }
}

/// The RFC 2231 §4 charset written by [`Encoder`].
const CHARSET_PREFIX: &str = "UTF-8''";

const fn pct_cost(b: u8) -> usize {
    if is_attribute_char(b) { 1 } else { 3 }
}

fn pct_push(b: u8, out: &mut String) {
    if is_attribute_char(b) {
        out.push(char::from(b));
    } else {
        let [h, l] = hex::upper(b);
        out.extend(['%', char::from(h), char::from(l)]);
    }
}

impl Encoder {
    /// Sections of at most 76 characters per line (counting the leading space
    /// of a folded line and the trailing `;`), separated by `;` CR LF space.
    pub const FOLDED: Self = Self {
        line_width: 76,
        fold: Some(LineEnding::Crlf),
    };

    /// Sections sized as for [`FOLDED`](Self::FOLDED), separated by `"; "` on
    /// one line.
    pub const ONE_LINE: Self = Self {
        line_width: 76,
        fold: None,
    };

    /// The same layout with another line width. A width too small for the
    /// name and one character still gets one character per section.
    #[must_use]
    pub const fn with_line_width(mut self, width: usize) -> Self {
        self.line_width = width;
        self
    }

    /// The same layout, separating sections with `;` + `ending` + space
    /// (`Some`) or `"; "` (`None`).
    #[must_use]
    pub const fn with_fold(mut self, ending: Option<LineEnding>) -> Self {
        self.fold = ending;
        self
    }

    /// Encodes one parameter, without a leading `;`:
    /// - printable ASCII that fits the line: `name=token`, or
    ///   `name="quoted string"` when the value is empty or not a token;
    /// - otherwise (non-ASCII, control characters, too long): the RFC 2231 §4
    ///   extended form `name*=UTF-8''%E2%82%AC`, split into sections
    ///   `name*0*=UTF-8''…`, `name*1*=…` (§3, §4.1) at character boundaries
    ///   so each line, with a leading space and trailing `;`, fits the width.
    ///
    /// # Errors
    /// [`InvalidName`] when `name` is not an RFC 2045 token without `*`.
    pub fn encode(&self, name: &str, value: &str) -> Result<String, InvalidName> {
        if let Some(offset) = name.bytes().position(|b| !is_token_byte(b) || b == b'*') {
            return Err(InvalidName {
                name: name.to_string(),
                offset,
            });
        }
        if name.is_empty() {
            return Err(InvalidName {
                name: String::new(),
                offset: 0,
            });
        }
        // Room for one section's text: a folded line holds " " + text + ";".
        let room = self.line_width.saturating_sub(2);
        if value.bytes().all(|b| matches!(b, 0x20..=0x7E)) {
            let plain = if !value.is_empty() && value.bytes().all(is_token_byte) {
                alloc::format!("{name}={value}")
            } else {
                let mut s = String::with_capacity(name.len() + value.len() + 4);
                s.push_str(name);
                s.push_str("=\"");
                for c in value.chars() {
                    if matches!(c, '"' | '\\') {
                        s.push('\\');
                    }
                    s.push(c);
                }
                s.push('"');
                s
            };
            if plain.len() <= room {
                return Ok(plain);
            }
        }
        let encoded_len: usize = value.bytes().map(pct_cost).sum();
        if name.len() + 2 + CHARSET_PREFIX.len() + encoded_len <= room {
            let mut s = String::with_capacity(room);
            s.push_str(name);
            s.push_str("*=");
            s.push_str(CHARSET_PREFIX);
            value.bytes().for_each(|b| pct_push(b, &mut s));
            return Ok(s);
        }
        let separator = match self.fold {
            Some(LineEnding::Crlf) => ";\r\n ",
            Some(LineEnding::Lf) => ";\n ",
            None => "; ",
        };
        let mut out = String::new();
        let mut rest = value;
        let mut section = 0usize;
        while !rest.is_empty() {
            let start = out.len();
            if section > 0 {
                out.push_str(separator);
            }
            let head = out.len();
            out.push_str(name);
            out.push('*');
            out.push_str(&section.to_string());
            out.push_str("*=");
            if section == 0 {
                out.push_str(CHARSET_PREFIX);
            }
            let cap = room.saturating_sub(out.len() - head);
            let mut used = 0;
            let mut take = 0;
            for (i, c) in rest.char_indices() {
                let end = i + c.len_utf8();
                let cost: usize = rest[i..end].bytes().map(pct_cost).sum();
                if take > 0 && used + cost > cap {
                    break;
                }
                used += cost;
                take = end;
            }
            debug_assert!(take > 0 && out.len() > start);
            rest[..take].bytes().for_each(|b| pct_push(b, &mut out));
            rest = &rest[take..];
            section += 1;
        }
        Ok(out)
    }
}
