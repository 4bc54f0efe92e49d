//! Typed listings: the drop listing of STAT ([`Stat`]), scan listings of LIST
//! ([`ScanListing`]), unique-id listings of UIDL ([`UidListing`]) and language listings of
//! LANG ([`LangListing`]).
//!
//! RFC 1939 §5 and §7 fix the start of each listing "in order to simplify parsing":
//!
//! ```text
//! drop listing      (STAT)      "+OK" SP count SP size [what follows is free]
//! scan listing      (LIST)      msg SP size [what follows is free]
//! unique-id listing (UIDL)      msg SP unique-id        ; nothing follows
//! unique-id         = 1*70 (%x21-7E)
//! language listing  (LANG, RFC 6856 §3.2)  language-tag [SP description]
//! ```
//!
//! A single-message LIST or UIDL answers with the listing as the text of its `+OK` line
//! (`+OK 2 200`); without an argument the answer is multi-line, one listing per line.
//!
//! # Numbers
//!
//! Message numbers and the STAT count are `u32` (RFC 1939 puts no bound on them; four
//! billion messages in one maildrop is far beyond any server); sizes are `u64` (maildrops
//! larger than 4 GiB exist). Message numbers are non-zero (RFC 1939 §4: "The first message
//! in the maildrop is assigned a message-number of "1""); the STAT count may be zero. A
//! number that does not fit is [`ErrorKind::NumberOverflow`](crate::ErrorKind::NumberOverflow),
//! never wrapped. Leading zeros are accepted.
//!
//! # What follows the size
//!
//! RFC 1939 §5 "makes no requirement on what follows" the size in drop and scan listings
//! (while "STRONGLY" discouraging it). Whatever follows the separating SP is kept as
//! `extra` and re-encoded; in strict mode it may not be empty or only spaces and tabs (that
//! is a trailing space, which lenient mode drops). A unique-id listing has nothing after the
//! unique-id (RFC 1939 §7: "No information follows the unique-id").
//!
//! ```
//! use pop3_proto::types::listing::{ScanListing, UidListing};
//! use pop3_proto::ParserOptions;
//!
//! let opts = ParserOptions::default();
//! // RFC 1939 §5, LIST without argument, after unstuffing and without the "." line:
//! let body = b"1 120\r\n2 200\r\n";
//! let list: Vec<_> = ScanListing::parse_body(body, &opts).collect::<Result<_, _>>().unwrap();
//! assert_eq!((list[1].number(), list[1].size()), (2, 200));
//!
//! let uid = UidListing::parse_line(b"2 QhdPYR:00WBw1Ph7x7", &opts).unwrap();
//! assert_eq!(uid.uid(), b"QhdPYR:00WBw1Ph7x7");
//! assert_eq!(uid.to_bytes(), b"2 QhdPYR:00WBw1Ph7x7\r\n");
//! ```

use std::borrow::Cow;
use std::fmt;

use crate::types::reply::{Escaped, IntoText, ReplyValueError, check_line_text, owned};

/// A message number or message count: a `u32` kept in a whole 64-bit word.
///
/// The listing structs hold their `u32` this way so that they have no padding. Next to
/// padding, a freshly written 4-byte field is copied together with the padding as one
/// 8-byte word, which the CPU cannot forward from the 4-byte store: a store-forwarding
/// stall on every entry of a listing body (LIST with 100 entries: 1.7 µs with a plain
/// `u32`, 1.2 µs with this).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct WideU32(u64);

impl WideU32 {
    pub(crate) const fn new(n: u32) -> Self {
        Self(n as u64)
    }

    pub(crate) const fn get(self) -> u32 {
        // `new` is the only constructor: the word holds a `u32`.
        self.0 as u32
    }
}

impl From<WideU32> for u64 {
    fn from(n: WideU32) -> Self {
        n.0
    }
}

impl fmt::Debug for WideU32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

/// True when `text` consists of SP and HTAB only (or is empty).
pub(crate) fn is_blank(text: &[u8]) -> bool {
    text.iter().all(|&b| b == b' ' || b == b'\t')
}

/// Checks free text after a size: not empty, not blank, no CR, LF or NUL.
fn check_extra(extra: &[u8]) -> Result<(), ReplyValueError> {
    check_line_text(extra)?;
    if is_blank(extra) {
        return Err(ReplyValueError::InvalidListing {
            what: "information after the size",
        });
    }
    Ok(())
}

fn check_number(number: u32) -> Result<(), ReplyValueError> {
    if number == 0 {
        return Err(ReplyValueError::InvalidListing {
            what: "message number",
        });
    }
    Ok(())
}

/// RFC 1939 §7: a unique-id is 1 to 70 characters in the range 0x21 to 0x7E.
pub(crate) fn is_unique_id(uid: &[u8]) -> bool {
    (1..=70).contains(&uid.len()) && uid.iter().all(|&b| matches!(b, 0x21..=0x7E))
}

/// A language tag as listed by LANG: one or more printable ASCII characters without SP
/// (RFC 5646 tags are letters, digits and `-`; this accepts any VCHAR).
pub(crate) fn is_lang_tag(tag: &[u8]) -> bool {
    !tag.is_empty() && tag.iter().all(|&b| matches!(b, 0x21..=0x7E))
}

/// The drop listing of a STAT reply (RFC 1939 §5): the number of messages and the size of
/// the maildrop in octets, plus anything the server put after the size.
///
/// ```
/// use pop3_proto::types::listing::Stat;
/// use pop3_proto::types::reply::Reply;
/// use pop3_proto::ParserOptions;
///
/// // RFC 1939 §5: "S: +OK 2 320"
/// let reply = Reply::ok("2 320").unwrap();
/// let stat = Stat::from_reply(&reply, &ParserOptions::default()).unwrap();
/// assert_eq!((stat.count(), stat.size()), (2, 320));
/// assert_eq!(stat.to_bytes(), b"+OK 2 320\r\n");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Stat<'a> {
    pub(crate) count: WideU32,
    pub(crate) size: u64,
    pub(crate) extra: Option<Cow<'a, [u8]>>,
}

impl<'a> Stat<'a> {
    /// `count` messages of `size` octets in total.
    pub const fn new(count: u32, size: u64) -> Self {
        Self {
            count: WideU32::new(count),
            size,
            extra: None,
        }
    }

    /// The same with information after the size (not empty, not only spaces and tabs, no CR,
    /// LF or NUL).
    pub fn with_extra(
        count: u32,
        size: u64,
        extra: impl IntoText<'a>,
    ) -> Result<Self, ReplyValueError> {
        let extra = extra.into_text();
        check_extra(&extra)?;
        Ok(Self {
            count: WideU32::new(count),
            size,
            extra: Some(extra),
        })
    }

    /// The number of messages (not counting those marked as deleted).
    pub const fn count(&self) -> u32 {
        self.count.get()
    }

    /// The size of the maildrop in octets.
    pub const fn size(&self) -> u64 {
        self.size
    }

    /// Whatever followed the size and its SP.
    pub fn extra(&self) -> Option<&[u8]> {
        self.extra.as_deref()
    }

    /// The same listing owning its bytes.
    pub fn into_owned(self) -> Stat<'static> {
        Stat {
            count: self.count,
            size: self.size,
            extra: self.extra.map(owned),
        }
    }
}

impl fmt::Debug for Stat<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stat")
            .field("count", &self.count)
            .field("size", &self.size)
            .field("extra", &self.extra.as_deref().map(Escaped))
            .finish()
    }
}

/// A scan listing (RFC 1939 §5): a message number and the exact size of the message in
/// octets, plus anything the server put after the size.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ScanListing<'a> {
    pub(crate) number: WideU32,
    pub(crate) size: u64,
    pub(crate) extra: Option<Cow<'a, [u8]>>,
}

impl<'a> ScanListing<'a> {
    /// Message `number` (non-zero) of `size` octets.
    pub const fn new(number: u32, size: u64) -> Result<Self, ReplyValueError> {
        if number == 0 {
            return Err(ReplyValueError::InvalidListing {
                what: "message number",
            });
        }
        Ok(Self {
            number: WideU32::new(number),
            size,
            extra: None,
        })
    }

    /// The same with information after the size (not empty, not only spaces and tabs, no CR,
    /// LF or NUL).
    pub fn with_extra(
        number: u32,
        size: u64,
        extra: impl IntoText<'a>,
    ) -> Result<Self, ReplyValueError> {
        check_number(number)?;
        let extra = extra.into_text();
        check_extra(&extra)?;
        Ok(Self {
            number: WideU32::new(number),
            size,
            extra: Some(extra),
        })
    }

    /// The message number (at least 1).
    pub const fn number(&self) -> u32 {
        self.number.get()
    }

    /// The size of the message in octets.
    pub const fn size(&self) -> u64 {
        self.size
    }

    /// Whatever followed the size and its SP.
    pub fn extra(&self) -> Option<&[u8]> {
        self.extra.as_deref()
    }

    /// The same listing owning its bytes.
    pub fn into_owned(self) -> ScanListing<'static> {
        ScanListing {
            number: self.number,
            size: self.size,
            extra: self.extra.map(owned),
        }
    }
}

impl fmt::Debug for ScanListing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScanListing")
            .field("number", &self.number)
            .field("size", &self.size)
            .field("extra", &self.extra.as_deref().map(Escaped))
            .finish()
    }
}

/// A unique-id listing (RFC 1939 §7): a message number and the message's unique-id,
/// "one to 70 characters in the range 0x21 to 0x7E".
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct UidListing<'a> {
    pub(crate) number: WideU32,
    pub(crate) uid: Cow<'a, [u8]>,
}

impl<'a> UidListing<'a> {
    /// Message `number` (non-zero) with unique-id `uid` (1–70 bytes 0x21–0x7E).
    pub fn new(number: u32, uid: impl IntoText<'a>) -> Result<Self, ReplyValueError> {
        check_number(number)?;
        let uid = uid.into_text();
        if !is_unique_id(&uid) {
            return Err(ReplyValueError::InvalidListing { what: "unique-id" });
        }
        Ok(Self {
            number: WideU32::new(number),
            uid,
        })
    }

    /// The message number (at least 1).
    pub const fn number(&self) -> u32 {
        self.number.get()
    }

    /// The unique-id.
    pub fn uid(&self) -> &[u8] {
        &self.uid
    }

    /// The unique-id as text (it is always ASCII).
    pub fn uid_str(&self) -> &str {
        // The invariant keeps the unique-id in 0x21..=0x7E.
        std::str::from_utf8(&self.uid).unwrap_or_default()
    }

    /// The same listing owning its bytes.
    pub fn into_owned(self) -> UidListing<'static> {
        UidListing {
            number: self.number,
            uid: owned(self.uid),
        }
    }
}

impl fmt::Debug for UidListing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UidListing")
            .field("number", &self.number)
            .field("uid", &Escaped(&self.uid))
            .finish()
    }
}

/// A language listing (RFC 6856 §3.2): a language tag, "optionally followed by a single
/// space and a human-readable description of the language in the language itself, using
/// the UTF-8 charset" (kept as bytes).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LangListing<'a> {
    pub(crate) tag: Cow<'a, [u8]>,
    pub(crate) description: Option<Cow<'a, [u8]>>,
}

impl<'a> LangListing<'a> {
    /// A listing of `tag` (printable ASCII without SP) with an optional description (not
    /// empty, not only spaces and tabs, no CR, LF or NUL).
    pub fn new(
        tag: impl IntoText<'a>,
        description: Option<Cow<'a, [u8]>>,
    ) -> Result<Self, ReplyValueError> {
        let tag = tag.into_text();
        if !is_lang_tag(&tag) {
            return Err(ReplyValueError::InvalidListing {
                what: "language tag",
            });
        }
        if let Some(d) = &description {
            check_line_text(d)?;
            if is_blank(d) {
                return Err(ReplyValueError::InvalidListing {
                    what: "language description",
                });
            }
        }
        Ok(Self { tag, description })
    }

    /// The language tag.
    pub fn tag(&self) -> &[u8] {
        &self.tag
    }

    /// The description, if any.
    pub fn description(&self) -> Option<&[u8]> {
        self.description.as_deref()
    }

    /// The same listing owning its bytes.
    pub fn into_owned(self) -> LangListing<'static> {
        LangListing {
            tag: owned(self.tag),
            description: self.description.map(owned),
        }
    }
}

impl fmt::Debug for LangListing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LangListing")
            .field("tag", &Escaped(&self.tag))
            .field("description", &self.description.as_deref().map(Escaped))
            .finish()
    }
}
