//! The grammar's basic values as validated newtypes (RFC 9051 §9, RFC 3501 §9): tags,
//! atoms, strings, mailboxes, sequence sets, flags, dates, and RFC 4466 labels.
//!
//! Every constructor checks its value against the ABNF, so a value that exists can be
//! encoded; the parsers build values through the same checks. Values borrow (`Cow`) and
//! have `into_owned`.
//!
//! ```
//! use imap_proto::types::core::{Atom, Flag, IString, Mailbox, SeqNumber, SequenceSet, Tag};
//!
//! assert!(Tag::new("A001").is_ok());
//! assert!(Tag::new("A+1").is_err()); // "+" is not a tag character
//! assert!(Atom::new("a b").is_err());
//! assert_eq!(Mailbox::new(&b"inbox"[..]).unwrap(), Mailbox::Inbox); // INBOX in any case
//! let set = SequenceSet::new("1:3,7,9:*").unwrap();
//! assert_eq!(set.iter().count(), 3);
//! assert_eq!(set.iter().nth(2).unwrap().end, SeqNumber::Star);
//! assert_eq!(Flag::from_wire("\\seen").unwrap(), Flag::Seen);
//! assert!(IString::new(&b"nul\0"[..]).is_err()); // CHAR8 excludes NUL
//! ```

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroU32;

use crate::error::{Error, ErrorKind};
use crate::parse::chars::{self, ATOM, TAG, TEXT};

/// The first byte of `s` outside `class` as an error, or `Ok` for a non-empty run.
fn check_run(s: &[u8], class: u8, what: &'static str) -> Result<(), Error> {
    if s.is_empty() {
        return Err(Error::expected(0, what));
    }
    match s.iter().position(|&c| !chars::is(c, class)) {
        None => Ok(()),
        Some(p) => Err(byte_error(s, p, what)),
    }
}

/// The error for the offending byte `s[p]`.
pub(crate) fn byte_error(s: &[u8], p: usize, what: &'static str) -> Error {
    match s.get(p) {
        Some(0) => Error::new(p, ErrorKind::Nul),
        Some(&c) if c >= 0x80 => Error::new(p, ErrorKind::EightBit { byte: c }),
        Some(&c) if c < 0x20 || c == 0x7F => Error::new(p, ErrorKind::ControlCharacter { byte: c }),
        _ => Error::expected(p, what),
    }
}

/// Where the literal announcement that `b` ends with starts (its `{`): `"{" 1*DIGIT ["+"]
/// "}"` right before a line's CRLF makes the framing layer wait for literal data
/// ([`Framer`](crate::Framer) reads `{n}`, `{n+}`, and `~{n}` / `~{n+}`, which end the same
/// way), so text that ends a line must not end with one.
pub(crate) fn literal_marker_at_end(b: &[u8]) -> Option<usize> {
    let rest = b.strip_suffix(b"}")?;
    let rest = rest.strip_suffix(b"+").unwrap_or(rest);
    let digits = rest.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let open = rest.len().checked_sub(digits + 1)?;
    (digits > 0 && rest[open] == b'{').then_some(open)
}

/// Runs the parser `f` over all of `b`, as a constructor's check that `b` reads back as
/// the same value: literals of any size are taken (the parser's limit is the reader's
/// choice), the default nesting and item limits hold (they bound the recursion). `f` must
/// use every byte.
pub(crate) fn reads_whole(
    b: &[u8],
    f: impl FnOnce(&mut crate::parse::core::Cursor<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    let opts = crate::options::ParserOptions::new().max_literal(u64::MAX);
    let mut c = crate::parse::core::Cursor::new(b, &opts);
    f(&mut c)?;
    if c.pos != b.len() {
        return Err(Error::expected(c.pos, "end of the value"));
    }
    Ok(())
}

/// `s` as `str`; only called on bytes checked to be ASCII.
pub(crate) fn ascii(s: &[u8]) -> &str {
    let t = std::str::from_utf8(s);
    debug_assert!(t.is_ok(), "checked ASCII");
    t.unwrap_or_default()
}

macro_rules! ascii_newtype {
    ($(#[$doc:meta])* $name:ident, $class:expr, $what:literal) => {
        $(#[$doc])*
        ///
        /// Kept as the checked ASCII bytes: the parser takes them from the input as they
        /// are, with no UTF-8 check ([`Self::as_str`] makes one when asked).
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name<'a>(Cow<'a, [u8]>);

        impl<'a> $name<'a> {
            #[doc = concat!("Checks `s` (", $what, ").")]
            pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
                let s = match s.into() {
                    Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
                    Cow::Owned(s) => Cow::Owned(s.into_bytes()),
                };
                check_run(&s, $class, $what)?;
                Ok(Self(s))
            }

            /// Bytes the caller has checked.
            pub(crate) fn from_valid(s: &'a [u8]) -> Self {
                debug_assert!(check_run(s, $class, $what).is_ok());
                Self(Cow::Borrowed(s))
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                ascii(&self.0)
            }

            /// The text's bytes (ASCII).
            pub fn as_bytes(&self) -> &[u8] {
                &self.0
            }

            /// The same value owning its text.
            pub fn into_owned(self) -> $name<'static> {
                $name(Cow::Owned(self.0.into_owned()))
            }
        }

        impl fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.as_str()).finish()
            }
        }

        impl fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'a> TryFrom<&'a str> for $name<'a> {
            type Error = Error;
            fn try_from(s: &'a str) -> Result<Self, Error> {
                Self::new(s)
            }
        }
    };
}

/// A newtype over bytes that a rule of the grammar checked: the struct, `from_valid`
/// (bytes the parser checked), `as_bytes` and `into_owned`. Each type writes its `new`
/// (the check) in its own `impl` block. Extra derives follow the name.
macro_rules! checked_bytes {
    ($(#[$doc:meta])* $name:ident $(, $extra:ident)*) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash $(, $extra)*)]
        pub struct $name<'a>(std::borrow::Cow<'a, [u8]>);

        impl<'a> $name<'a> {
            /// Bytes the parser checked.
            pub(crate) fn from_valid(b: &'a [u8]) -> Self {
                Self(std::borrow::Cow::Borrowed(b))
            }

            /// The bytes, as received or as given to `new`.
            pub fn as_bytes(&self) -> &[u8] {
                &self.0
            }

            /// The same value owning its bytes.
            pub fn into_owned(self) -> $name<'static> {
                $name(std::borrow::Cow::Owned(self.0.into_owned()))
            }
        }
    };
}
pub(crate) use checked_bytes;

/// The methods of an enum of named keywords with an `Other(Atom)` for the rest, given the
/// table of `(name as written, variant)`: the constructor from a checked atom (known names
/// in any case become their variant), `name` and `into_owned`. An `Other` payload type
/// other than [`Atom`] (one with `from_valid(&[u8])`, `as_str` and `into_owned`) follows
/// the table's name.
///
/// The enums' `Other(Atom)` variant is public, so it can hold a name of the table: such a
/// value encodes to that name, which reads back as the typed variant (each enum's `Other`
/// doc says so).
macro_rules! named_keywords {
    ($ty:ident, $table:ident, $(#[$doc:meta])* $ctor:ident) => {
        $crate::types::core::named_keywords!($ty, $table, Atom, $(#[$doc])* $ctor);
    };
    ($ty:ident, $table:ident, $other:ident, $(#[$doc:meta])* $ctor:ident) => {
        impl<'a> $ty<'a> {
            $(#[$doc])*
            pub(crate) fn $ctor(name: &'a str) -> Self {
                $table
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map_or_else(|| Self::Other($other::from_valid(name.as_bytes())), |(_, k)| k.clone())
            }

            /// The name as written (for `Other`, as received).
            pub fn name(&self) -> &str {
                match self {
                    Self::Other(a) => a.as_str(),
                    known => $table
                        .iter()
                        .find(|(_, k)| k == known)
                        .map_or("", |(n, _)| n),
                }
            }

            /// The same value owning its text.
            pub fn into_owned(self) -> $ty<'static> {
                match self {
                    Self::Other(a) => $ty::Other(a.into_owned()),
                    // Every other variant is in the table.
                    known => $table
                        .iter()
                        .find(|(_, k)| *k == known)
                        .map_or_else(
                            || $ty::Other($other::from_valid(known.name().as_bytes()).into_owned()),
                            |(_, k)| k.clone(),
                        ),
                }
            }
        }
    };
}
pub(crate) use named_keywords;

ascii_newtype!(
    /// RFC 9051 §9: `tag = 1*<any ASTRING-CHAR except "+">`.
    Tag,
    TAG,
    "tag"
);

ascii_newtype!(
    /// RFC 9051 §9: `atom = 1*ATOM-CHAR`.
    Atom,
    ATOM,
    "atom"
);

/// `tagged-label-fchar = ALPHA / "-" / "_" / "."` (RFC 4466 §2.1).
pub(crate) const fn is_label_first(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'-' | b'_' | b'.')
}

/// `tagged-label-char = tagged-label-fchar / DIGIT / ":"` (RFC 4466 §2.1).
pub(crate) const fn is_label_char(c: u8) -> bool {
    is_label_first(c) || c.is_ascii_digit() || c == b':'
}

/// Where `s` stops being a `tagged-ext-label`: `None` when all of it is one, else the
/// offset of the first byte that is not (0 for an empty `s`).
pub(crate) fn label_error_at(s: &[u8]) -> Option<usize> {
    match s.first() {
        Some(&c) if is_label_first(c) => s.iter().position(|&c| !is_label_char(c)),
        _ => Some(0),
    }
}

/// RFC 4466 §2.1 `tagged-ext-label = tagged-label-fchar *tagged-label-char`,
/// `tagged-label-fchar = ALPHA / "-" / "_" / "."`, `tagged-label-char =
/// tagged-label-fchar / DIGIT / ":"`: the name of an RFC 4466 extension parameter
/// (SELECT / EXAMINE and CREATE parameters, FETCH and STORE modifiers, GETMETADATA options,
/// SEARCH return options and ESEARCH return data). Every label is an atom.
///
/// A label never starts with a digit, `$` or `*`: after a label, `SP` and one of those
/// starts the label's value (`tagged-ext-simple = sequence-set / number / number64`), so an
/// atom such as `5` in a label's place would read back as the previous label's value.
///
/// ```
/// use imap_proto::types::core::Label;
///
/// assert_eq!(Label::new("X-VENDOR.opt:2").unwrap().as_str(), "X-VENDOR.opt:2");
/// assert_eq!(Label::new("1x").unwrap_err().offset, 0); // a digit cannot start a label
/// assert_eq!(Label::new("a+b").unwrap_err().offset, 1); // an atom, but not a label
/// assert!(Label::new("").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label<'a>(Cow<'a, str>);

impl<'a> Label<'a> {
    /// Checks `s` against `tagged-ext-label`; the error's offset is the first byte that
    /// does not fit.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        match label_error_at(s.as_bytes()) {
            None => Ok(Self(s)),
            Some(p) => Err(byte_error(s.as_bytes(), p, "tagged-ext-label")),
        }
    }

    /// A label the caller has checked.
    pub(crate) fn from_valid(s: &'a str) -> Self {
        debug_assert!(label_error_at(s.as_bytes()).is_none());
        Self(Cow::Borrowed(s))
    }

    /// The label.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> Label<'static> {
        Label(Cow::Owned(self.0.into_owned()))
    }
}

impl fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'a> TryFrom<&'a str> for Label<'a> {
    type Error = Error;
    fn try_from(s: &'a str) -> Result<Self, Error> {
        Self::new(s)
    }
}

/// RFC 9051 §9 `number64 = 1*DIGIT` ("unsigned 63-bit integer"): 0 to 2⁶³ − 1. Sizes,
/// offsets, quota figures and `mod-sequence-valzer` values are `number64`s on the wire,
/// and a parser refuses a larger one, so a larger `u64` cannot be carried.
///
/// ```
/// use imap_proto::types::core::Number64;
///
/// assert_eq!(Number64::new(Number64::MAX).map(Number64::get), Some((1 << 63) - 1));
/// assert_eq!(Number64::new(1 << 63), None);
/// assert_eq!(Number64::from(7u32).to_string(), "7");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Number64(u64);

impl Number64 {
    /// The largest `number64`, 2⁶³ − 1.
    pub const MAX: u64 = i64::MAX as u64;

    /// `n` if it is at most 2⁶³ − 1.
    pub const fn new(n: u64) -> Option<Self> {
        if n > Self::MAX { None } else { Some(Self(n)) }
    }

    /// A number the parser has read (`Cursor::number64` refuses more than 2⁶³ − 1).
    pub(crate) const fn from_valid(n: u64) -> Self {
        Self(n)
    }

    /// The value.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl From<u32> for Number64 {
    fn from(n: u32) -> Self {
        Self(u64::from(n))
    }
}

impl fmt::Display for Number64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// RFC 9051 §9 `nz-number64 = digit-nz *DIGIT` (a `number64` but 0): 1 to 2⁶³ − 1.
///
/// ```
/// use imap_proto::types::core::NzNumber64;
///
/// assert_eq!(NzNumber64::new(0), None);
/// assert_eq!(NzNumber64::new(1 << 63), None);
/// assert_eq!(NzNumber64::new(42).map(NzNumber64::get), Some(42));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NzNumber64(std::num::NonZeroU64);

impl NzNumber64 {
    /// The largest `nz-number64`, 2⁶³ − 1.
    pub const MAX: u64 = Number64::MAX;

    /// `n` if it is 1 to 2⁶³ − 1.
    pub const fn new(n: u64) -> Option<Self> {
        match std::num::NonZeroU64::new(n) {
            Some(v) if n <= Self::MAX => Some(Self(v)),
            _ => None,
        }
    }

    /// The value.
    pub const fn get(self) -> u64 {
        self.0.get()
    }
}

impl From<NonZeroU32> for NzNumber64 {
    fn from(n: NonZeroU32) -> Self {
        Self(n.into())
    }
}

impl fmt::Display for NzNumber64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A list with at least one item: the grammar's `1*x` and `x *(SP x)` lists that have no
/// empty or `NIL` form (the parts of a multipart, a language list, a body-extension list,
/// the keys of a search).
///
/// ```
/// use imap_proto::types::core::NonEmpty;
///
/// assert!(NonEmpty::<u8>::new(vec![]).is_none());
/// let list = NonEmpty::new(vec![1, 2]).unwrap();
/// assert_eq!(list.len(), 2); // the slice's methods, through Deref
/// assert_eq!(NonEmpty::one(7).into_vec(), vec![7]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NonEmpty<T>(Vec<T>);

impl<T> NonEmpty<T> {
    /// The list of `items`; `None` when there are none.
    pub fn new(items: Vec<T>) -> Option<Self> {
        (!items.is_empty()).then_some(Self(items))
    }

    /// A list of one item.
    pub fn one(item: T) -> Self {
        Self(vec![item])
    }

    /// A list the parser filled (never empty).
    pub(crate) fn from_vec(items: Vec<T>) -> Self {
        debug_assert!(!items.is_empty());
        Self(items)
    }

    /// Appends an item.
    pub fn push(&mut self, item: T) {
        self.0.push(item);
    }

    /// The items.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// The items, taken.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }

    /// Applies `f` to every item.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> NonEmpty<U> {
        NonEmpty(self.0.into_iter().map(f).collect())
    }
}

impl<T> std::ops::Deref for NonEmpty<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T: PartialEq> PartialEq<Vec<T>> for NonEmpty<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        self.0 == *other
    }
}

impl<T> From<NonEmpty<T>> for Vec<T> {
    fn from(list: NonEmpty<T>) -> Self {
        list.0
    }
}

impl<T> TryFrom<Vec<T>> for NonEmpty<T> {
    type Error = Vec<T>;
    /// The list, or the empty vector back.
    fn try_from(items: Vec<T>) -> Result<Self, Vec<T>> {
        if items.is_empty() {
            Err(items)
        } else {
            Ok(Self(items))
        }
    }
}

impl<T> IntoIterator for NonEmpty<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'l, T> IntoIterator for &'l NonEmpty<T> {
    type Item = &'l T;
    type IntoIter = std::slice::Iter<'l, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A `string` / `astring` value (RFC 9051 §9): bytes, without NUL (`CHAR8 = %x01-ff`).
/// It keeps no wire form: the encoder writes an atom (where the grammar allows one),
/// a quoted string or a literal, whichever can carry the bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IString<'a>(Cow<'a, [u8]>);

impl<'a> IString<'a> {
    /// Checks `s`: any bytes but NUL.
    pub fn new(s: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let s = s.into();
        match memchr::memchr(0, &s) {
            Some(p) => Err(Error::new(p, ErrorKind::Nul)),
            None => Ok(Self(s)),
        }
    }

    /// A value the caller has checked.
    pub(crate) fn from_valid(s: &'a [u8]) -> Self {
        debug_assert!(!s.contains(&0));
        Self(Cow::Borrowed(s))
    }

    /// A borrowed or owned value the caller has checked (a parsed quoted string: its
    /// characters exclude NUL).
    pub(crate) fn from_valid_cow(s: Cow<'a, [u8]>) -> Self {
        debug_assert!(!s.contains(&0));
        Self(s)
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes as UTF-8, if they are.
    pub fn to_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> IString<'static> {
        IString(Cow::Owned(self.0.into_owned()))
    }
}

impl<'a> TryFrom<&'a str> for IString<'a> {
    type Error = Error;
    fn try_from(s: &'a str) -> Result<Self, Error> {
        Self::new(s.as_bytes())
    }
}

impl<'a> TryFrom<&'a [u8]> for IString<'a> {
    type Error = Error;
    fn try_from(s: &'a [u8]) -> Result<Self, Error> {
        Self::new(s)
    }
}

/// `nstring = string / nil` (RFC 9051 §9): `None` is `NIL`.
pub type NString<'a> = Option<IString<'a>>;

/// The data of a `literal8` (RFC 3516 §4.2, RFC 9051 §9): any octets, NUL included.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Binary<'a>(pub Cow<'a, [u8]>);

impl Binary<'_> {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> Binary<'static> {
        Binary(Cow::Owned(self.0.into_owned()))
    }
}

/// RFC 9051 §9 `mailbox = "INBOX" / astring`: "INBOX is case-insensitive. All case variants
/// of INBOX (e.g., "iNbOx") MUST be interpreted as INBOX not as an astring."
///
/// The name is kept as sent: IMAP modified UTF-7 for IMAP4rev1 peers (RFC 3501 §5.1.3;
/// [`Mailbox::decode_utf7`]), UTF-8 for IMAP4rev2 and UTF8=ACCEPT (RFC 9051 §5.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Mailbox<'a> {
    /// INBOX, in any case on the wire.
    Inbox,
    /// Any other name.
    Other(IString<'a>),
}

impl<'a> Mailbox<'a> {
    /// The mailbox named `name` (`INBOX` in any case is [`Mailbox::Inbox`]).
    pub fn new(name: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let s = IString::new(name)?;
        Ok(Self::from_string(s))
    }

    /// The mailbox of a parsed `astring`.
    pub(crate) fn from_string(s: IString<'a>) -> Self {
        if s.as_bytes().eq_ignore_ascii_case(b"INBOX") {
            Self::Inbox
        } else {
            Self::Other(s)
        }
    }

    /// The name's bytes (`INBOX` for [`Mailbox::Inbox`]).
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Inbox => b"INBOX",
            Self::Other(s) => s.as_bytes(),
        }
    }

    /// The name decoded from IMAP modified UTF-7 (strict: only the canonical form).
    pub fn decode_utf7(&self) -> Result<Cow<'_, str>, Error> {
        mime_codec::utf7::decode(self.as_bytes())
            .map_err(|e| Error::new(e.offset, ErrorKind::InvalidUtf7))
    }

    /// The mailbox for a Unicode name, encoded in IMAP modified UTF-7.
    pub fn from_utf7_name(name: &str) -> Self {
        let wire = mime_codec::utf7::encode(name);
        // Modified UTF-7 output is printable ASCII: never NUL.
        Self::from_string(IString(Cow::Owned(wire.into_bytes())))
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> Mailbox<'static> {
        match self {
            Self::Inbox => Mailbox::Inbox,
            Self::Other(s) => Mailbox::Other(s.into_owned()),
        }
    }
}

/// RFC 9051 §9 `seq-number = nz-number / "*"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeqNumber {
    /// A message sequence number or UID.
    Value(NonZeroU32),
    /// `*`: the largest number in use.
    Star,
}

/// RFC 9051 §9 `seq-range = seq-number ":" seq-number` (a single number is a range with
/// `start == end`). The order on the wire is kept: `4:2` and `2:4` are the same set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SeqRange {
    /// The first number as written.
    pub start: SeqNumber,
    /// The second number as written (the first again for a single number).
    pub end: SeqNumber,
}

/// RFC 9051 §9 `sequence-set = (seq-number / seq-range) ["," sequence-set]`, and RFC 5182
/// `seq-last-command = "$"` (the saved search result), kept as its wire text and read
/// with [`SequenceSet::iter`]: parsing a set of any size allocates nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SequenceSet<'a>(Cow<'a, str>);

impl<'a> SequenceSet<'a> {
    /// Checks `s` against the grammar.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        let n = crate::parse::core::scan_sequence_set(s.as_bytes(), 0)?;
        if n != s.len() {
            return Err(Error::expected(n, "\",\" or the end of the sequence set"));
        }
        Ok(Self(s))
    }

    /// A set the caller has checked.
    pub(crate) fn from_valid(s: &'a str) -> Self {
        Self(Cow::Borrowed(s))
    }

    /// The set of `ranges`, written out (`None` for no range: a set is never empty).
    pub fn from_ranges(ranges: impl IntoIterator<Item = SeqRange>) -> Option<SequenceSet<'static>> {
        use std::fmt::Write;
        let mut s = String::new();
        fn put(s: &mut String, n: SeqNumber) {
            match n {
                SeqNumber::Value(v) => {
                    let _ = write!(s, "{v}");
                }
                SeqNumber::Star => s.push('*'),
            }
        }
        for r in ranges {
            if !s.is_empty() {
                s.push(',');
            }
            put(&mut s, r.start);
            if r.end != r.start {
                s.push(':');
                put(&mut s, r.end);
            }
        }
        (!s.is_empty()).then_some(SequenceSet(Cow::Owned(s)))
    }

    /// `$`, the saved result of the last SEARCH (RFC 5182).
    pub const fn saved_result() -> SequenceSet<'static> {
        SequenceSet(Cow::Borrowed("$"))
    }

    /// True for `$`.
    pub fn is_saved_result(&self) -> bool {
        &*self.0 == "$"
    }

    /// The wire text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ranges in wire order (none for `$`).
    pub fn iter(&self) -> impl Iterator<Item = SeqRange> + '_ {
        let s = if self.is_saved_result() { "" } else { &*self.0 };
        s.split(',').filter(|p| !p.is_empty()).map(|p| {
            let num = |t: &str| {
                if t == "*" {
                    SeqNumber::Star
                } else {
                    // Checked at construction: nz-number that fits in u32.
                    t.parse::<NonZeroU32>()
                        .map_or(SeqNumber::Star, SeqNumber::Value)
                }
            };
            match p.split_once(':') {
                Some((a, b)) => SeqRange {
                    start: num(a),
                    end: num(b),
                },
                None => SeqRange {
                    start: num(p),
                    end: num(p),
                },
            }
        })
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> SequenceSet<'static> {
        SequenceSet(Cow::Owned(self.0.into_owned()))
    }
}

/// RFC 9051 §9 `flag`: the system flags, keywords (`flag-keyword = "$MDNSent" /
/// "$Forwarded" / "$Junk" / "$NotJunk" / "$Phishing" / atom`) and `flag-extension = "\"
/// atom`. System flag names are case-insensitive (RFC 9051 §2.3.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Flag<'a> {
    /// `\Answered`.
    Answered,
    /// `\Flagged`.
    Flagged,
    /// `\Deleted`.
    Deleted,
    /// `\Seen`.
    Seen,
    /// `\Draft`.
    Draft,
    /// A keyword (`$Forwarded`, `NonJunk` …).
    Keyword(Atom<'a>),
    /// Another `\`-flag (the atom without its backslash).
    Extension(Atom<'a>),
}

impl<'a> Flag<'a> {
    /// The flag written `s` on the wire (`\Seen`, `$Forwarded` …).
    pub fn from_wire(s: &'a str) -> Result<Self, Error> {
        match s.strip_prefix('\\') {
            Some(name) => {
                check_run(name.as_bytes(), ATOM, "flag name").map_err(|e| e.shifted(1))?;
                Ok(Self::system(name))
            }
            None => Ok(Self::Keyword(Atom::new(s)?)),
        }
    }

    /// `\name` (name checked by the caller): a system flag or an extension.
    pub(crate) fn system(name: &'a str) -> Self {
        Self::system_flag(name.as_bytes())
            .unwrap_or_else(|| Self::Extension(Atom::from_valid(name.as_bytes())))
    }

    /// The system flag named `name` (without its backslash, any case), if it is one.
    #[inline]
    pub(crate) fn system_flag(name: &[u8]) -> Option<Flag<'static>> {
        crate::parse::kw::keywords! {
            enum System {
                Answered = b"Answered",
                Flagged = b"Flagged",
                Deleted = b"Deleted",
                Seen = b"Seen",
                Draft = b"Draft",
            }
        }
        Some(match System::find(name)? {
            System::Answered => Flag::Answered,
            System::Flagged => Flag::Flagged,
            System::Deleted => Flag::Deleted,
            System::Seen => Flag::Seen,
            System::Draft => Flag::Draft,
        })
    }

    /// The wire text without the backslash of a system or extension flag, and whether
    /// it has one.
    pub fn parts(&self) -> (bool, &str) {
        match self {
            Self::Answered => (true, "Answered"),
            Self::Flagged => (true, "Flagged"),
            Self::Deleted => (true, "Deleted"),
            Self::Seen => (true, "Seen"),
            Self::Draft => (true, "Draft"),
            Self::Keyword(a) => (false, a.as_str()),
            Self::Extension(a) => (true, a.as_str()),
        }
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> Flag<'static> {
        match self {
            Self::Answered => Flag::Answered,
            Self::Flagged => Flag::Flagged,
            Self::Deleted => Flag::Deleted,
            Self::Seen => Flag::Seen,
            Self::Draft => Flag::Draft,
            Self::Keyword(a) => Flag::Keyword(a.into_owned()),
            Self::Extension(a) => Flag::Extension(a.into_owned()),
        }
    }
}

impl fmt::Display for Flag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (slash, name) = self.parts();
        if slash {
            f.write_str("\\")?;
        }
        f.write_str(name)
    }
}

/// RFC 9051 §9 `flag-fetch = flag / obsolete-flag-recent` (RFC 3501: `flag / "\Recent"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlagFetch<'a> {
    /// A flag.
    Flag(Flag<'a>),
    /// `\Recent` (IMAP4rev1; obsolete in IMAP4rev2).
    Recent,
    /// Lenient mode only: a keyword that holds `]`, which an atom cannot (a message
    /// carrying one of the keywords Gmail lists in FLAGS, such as
    /// `OIB-Seen-[Gmail]/Trash`). The text is `1*ASTRING-CHAR` with at least one `]`, as
    /// in [`FlagEntry::Bracketed`](crate::types::response::FlagEntry::Bracketed).
    Bracketed(Cow<'a, str>),
}

impl FlagFetch<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> FlagFetch<'static> {
        match self {
            Self::Flag(f) => FlagFetch::Flag(f.into_owned()),
            Self::Recent => FlagFetch::Recent,
            Self::Bracketed(s) => FlagFetch::Bracketed(Cow::Owned(s.into_owned())),
        }
    }
}

/// RFC 9051 §9 `flag-perm = flag / "\*"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlagPerm<'a> {
    /// A flag.
    Flag(Flag<'a>),
    /// `\*`: new keywords may be created.
    Any,
}

impl FlagPerm<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> FlagPerm<'static> {
        match self {
            Self::Flag(f) => FlagPerm::Flag(f.into_owned()),
            Self::Any => FlagPerm::Any,
        }
    }
}

/// RFC 9051 §9 `date-text = date-day "-" date-month "-" date-year` (SEARCH dates).
///
/// A date that exists: the grammar allows any day from 1 to 31 in any month, but the crate
/// refuses `31-Feb-2026` (in the parser too, at the day). Such a date names no day; Dovecot
/// accepts it in APPEND and then ignores it, giving the message the current time instead
/// (scripts/README.md, deviation 6), so refusing it loses nothing a server would keep.
///
/// The fields are private: a `Date` is made by [`Date::new`] (or read by the parser), so
/// it always names a day that exists and encodes to the text that reads back as it.
///
/// ```
/// use imap_proto::types::core::Date;
///
/// let d = Date::new(2026, 2, 28).unwrap();
/// assert_eq!((d.year(), d.month(), d.day()), (2026, 2, 28));
/// assert!(Date::new(2026, 13, 1).is_err());
/// assert!(Date::new(2026, 2, 29).is_err()); // 2026 is no leap year
/// ```
///
/// A month 13 cannot be written down:
///
/// ```compile_fail
/// let d = imap_proto::types::core::Date { year: 2026, month: 13, day: 0 };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Four-digit year.
    pub(crate) year: u16,
    /// 1–12.
    pub(crate) month: u8,
    /// 1–31 (and not past the month's end).
    pub(crate) day: u8,
}

/// The month names of `date-month`.
pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Date {
    /// Checks the fields: year 0–9999, month 1–12, a day that exists in that month.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, Error> {
        if year > 9999 {
            return Err(Error::expected(0, "four-digit year"));
        }
        if !(1..=12).contains(&month) {
            return Err(Error::expected(0, "month"));
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day == 0 || day > days {
            return Err(Error::expected(0, "day of the month"));
        }
        Ok(Self { year, month, day })
    }

    /// The year, 0–9999.
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to the month's last day.
    pub const fn day(self) -> u8 {
        self.day
    }
}

/// RFC 9051 §9 `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP
/// zone DQUOTE` (INTERNALDATE, APPEND).
///
/// The fields are private: a `DateTime` is made by [`DateTime::new`] or
/// [`DateTime::new_minus_zero`] (or read by the parser), so its time and zone always fit
/// their digits and it encodes to the text that reads back as it.
///
/// ```
/// use imap_proto::types::core::{Date, DateTime};
///
/// // RFC 9051 §6.3.12's example: "17-Jul-1996 02:44:25 -0700".
/// let t = DateTime::new(Date::new(1996, 7, 17).unwrap(), (2, 44, 25), -7 * 60).unwrap();
/// assert_eq!((t.hour(), t.minute(), t.second(), t.zone_minutes()), (2, 44, 25, -420));
/// assert!(!t.zone_negative_zero());
/// assert!(DateTime::new(t.date(), (24, 0, 0), 0).is_err());
/// let unknown = DateTime::new_minus_zero(t.date(), (2, 44, 25)).unwrap(); // "-0000"
/// assert!(unknown.zone_negative_zero() && unknown.zone_minutes() == 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// The date.
    pub(crate) date: Date,
    /// 0–23.
    pub(crate) hour: u8,
    /// 0–59.
    pub(crate) minute: u8,
    /// 0–60 (a leap second).
    pub(crate) second: u8,
    /// `zone = ("+" / "-") 4DIGIT`: minutes east of UTC (`-0000` is kept apart from
    /// `+0000` by `zone_negative_zero`).
    pub(crate) zone_minutes: i16,
    /// True for `-0000` (then `zone_minutes` is 0).
    pub(crate) zone_negative_zero: bool,
}

impl DateTime {
    /// Checks the fields (`zone_minutes` within ±99:59, as four digits allow; the minutes
    /// part below 60).
    pub fn new(
        date: Date,
        (hour, minute, second): (u8, u8, u8),
        zone_minutes: i16,
    ) -> Result<Self, Error> {
        if hour > 23 || minute > 59 || second > 60 {
            return Err(Error::expected(0, "time of day"));
        }
        if zone_minutes.unsigned_abs() > 99 * 60 + 59 {
            return Err(Error::expected(0, "zone"));
        }
        Ok(Self {
            date,
            hour,
            minute,
            second,
            zone_minutes,
            zone_negative_zero: false,
        })
    }

    /// Like [`DateTime::new`] with the zone `-0000` (RFC 5322 §3.3: the time is UTC and
    /// says nothing about the local zone), which the wire keeps apart from `+0000`.
    pub fn new_minus_zero(date: Date, time: (u8, u8, u8)) -> Result<Self, Error> {
        let mut t = Self::new(date, time, 0)?;
        t.zone_negative_zero = true;
        Ok(t)
    }

    /// The date.
    pub const fn date(self) -> Date {
        self.date
    }

    /// The hour, 0–23.
    pub const fn hour(self) -> u8 {
        self.hour
    }

    /// The minute, 0–59.
    pub const fn minute(self) -> u8 {
        self.minute
    }

    /// The second, 0–60 (60: a leap second).
    pub const fn second(self) -> u8 {
        self.second
    }

    /// The zone: minutes east of UTC, within ±(99 × 60 + 59).
    pub const fn zone_minutes(self) -> i16 {
        self.zone_minutes
    }

    /// True for the zone `-0000` (made by [`DateTime::new_minus_zero`]).
    pub const fn zone_negative_zero(self) -> bool {
        self.zone_negative_zero
    }
}

/// RFC 9051 §9 `charset = atom / quoted` (the name, ASCII text).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Charset<'a>(Cow<'a, str>);

impl<'a> Charset<'a> {
    /// Checks `s`: printable ASCII text (`TEXT-CHAR`s), not empty.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        check_run(s.as_bytes(), TEXT, "charset name")?;
        Ok(Self(s))
    }

    /// A name the caller has checked to be `TEXT-CHAR`s (ASCII).
    pub(crate) fn from_ascii(s: Cow<'a, [u8]>) -> Self {
        debug_assert!(!s.is_empty() && s.iter().all(|&c| chars::is(c, TEXT)));
        Self(match s {
            Cow::Borrowed(b) => Cow::Borrowed(ascii(b)),
            Cow::Owned(v) => Cow::Owned(String::from_utf8(v).unwrap_or_default()),
        })
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> Charset<'static> {
        Charset(Cow::Owned(self.0.into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newtypes_refuse_what_the_abnf_refuses() {
        assert!(Tag::new("A001").is_ok());
        assert!(Tag::new("a]b").is_ok()); // resp-specials are ASTRING-CHARs
        assert!(Tag::new("*").is_err());
        assert!(Tag::new("+").is_err());
        assert!(Tag::new("").is_err());
        assert!(Tag::new("a b").is_err());
        assert!(Atom::new("a]b").is_err());
        assert!(Atom::new("{").is_err());
        assert_eq!(
            Atom::new("a\u{e9}").unwrap_err().kind,
            ErrorKind::EightBit { byte: 0xC3 }
        );
        assert!(IString::new(&b""[..]).is_ok());
        assert!(IString::new(&b"a\r\nb"[..]).is_ok()); // literal form carries CRLF
        assert_eq!(IString::new(&b"a\0"[..]).unwrap_err().offset, 1);
    }

    /// Tags and atoms keep their bytes; the text views and the Debug form are those of
    /// the string they were made from, borrowed or owned.
    #[test]
    fn ascii_newtypes_read_back_as_text() {
        let borrowed = Tag::new("A001").unwrap();
        let owned = Tag::new(String::from("A001")).unwrap();
        assert_eq!(borrowed, owned);
        assert_eq!(owned.as_str(), "A001");
        assert_eq!(owned.as_bytes(), b"A001");
        assert_eq!(format!("{owned:?} {owned}"), "Tag(\"A001\") A001");
        let a = Atom::new("X-GM-EXT-1").unwrap().into_owned();
        assert_eq!(format!("{a:?} {a}"), "Atom(\"X-GM-EXT-1\") X-GM-EXT-1");
        assert!(Atom::new("abc").unwrap() < Atom::new("abd").unwrap());
    }

    #[test]
    fn inbox_is_case_insensitive() {
        assert_eq!(Mailbox::new(&b"iNbOx"[..]).unwrap(), Mailbox::Inbox);
        assert!(matches!(
            Mailbox::new(&b"INBOX.x"[..]).unwrap(),
            Mailbox::Other(_)
        ));
        // RFC 3501 §5.1.3's example name.
        let m = Mailbox::from_utf7_name("~peter/mail/\u{53f0}\u{5317}/\u{65e5}\u{672c}\u{8a9e}");
        assert_eq!(m.as_bytes(), b"~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assert_eq!(
            m.decode_utf7().unwrap(),
            "~peter/mail/\u{53f0}\u{5317}/\u{65e5}\u{672c}\u{8a9e}"
        );
    }

    #[test]
    fn sequence_sets() {
        let s = SequenceSet::new("2,4:7,9,12:*").unwrap(); // RFC 9051 §9's example
        let v: Vec<_> = s.iter().collect();
        let n = |x| SeqNumber::Value(NonZeroU32::new(x).unwrap());
        assert_eq!(v.len(), 4);
        assert_eq!(
            v[1],
            SeqRange {
                start: n(4),
                end: n(7)
            }
        );
        assert_eq!(
            v[3],
            SeqRange {
                start: n(12),
                end: SeqNumber::Star
            }
        );
        assert!(SequenceSet::new("$").unwrap().is_saved_result());
        for bad in ["", "0", "1,", ",1", "1:", "1::2", "4294967296", "1,$", "a"] {
            assert!(SequenceSet::new(bad).is_err(), "{bad:?}");
        }
        assert!(SequenceSet::new("4294967295").is_ok());
        let built = SequenceSet::from_ranges(v.iter().copied()).unwrap();
        assert_eq!(built.as_str(), "2,4:7,9,12:*");
    }

    #[test]
    fn flags() {
        assert_eq!(Flag::from_wire("\\SEEN").unwrap(), Flag::Seen);
        assert_eq!(
            Flag::from_wire("\\Junk").unwrap(),
            Flag::Extension(Atom::new("Junk").unwrap())
        );
        assert_eq!(
            Flag::from_wire("$Forwarded").unwrap(),
            Flag::Keyword(Atom::new("$Forwarded").unwrap())
        );
        assert!(Flag::from_wire("\\").is_err());
        assert!(Flag::from_wire("\\*").is_err());
        assert_eq!(Flag::Seen.to_string(), "\\Seen");
    }

    #[test]
    fn dates() {
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Date::new(2023, 2, 29).is_err());
        assert!(Date::new(1900, 2, 29).is_err());
        assert!(Date::new(2000, 2, 29).is_ok());
        assert!(Date::new(2024, 13, 1).is_err());
        assert!(Date::new(2024, 4, 31).is_err());
    }
}

/// RFC 8474 §7 `objectid = 1*255(ALPHA / DIGIT / "_" / "-")` (EMAILID, THREADID, MAILBOXID).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectId<'a>(Cow<'a, str>);

/// True for an `objectid` character.
pub(crate) const fn is_objectid_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

impl<'a> ObjectId<'a> {
    /// Checks `s`: 1 to 255 of `A-Z a-z 0-9 _ -`.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        if s.is_empty() {
            return Err(Error::expected(0, "object id"));
        }
        if let Some(p) = s.bytes().position(|c| !is_objectid_char(c)) {
            return Err(byte_error(s.as_bytes(), p, "object id character"));
        }
        if s.len() > 255 {
            return Err(Error::expected(255, "object id of at most 255 characters"));
        }
        Ok(Self(s))
    }

    /// A value the caller has checked.
    pub(crate) fn from_valid(s: &'a str) -> Self {
        Self(Cow::Borrowed(s))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> ObjectId<'static> {
        ObjectId(Cow::Owned(self.0.into_owned()))
    }
}
