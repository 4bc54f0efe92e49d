//! What a FETCH asks for: message data items (RFC 9051 §6.4.5, RFC 3501 §6.4.5 and the
//! extensions), body sections and partial ranges.
//!
//! ```
//! use imap_proto::types::core::NonEmpty;
//! use imap_proto::types::fetch::{FetchAttr, FetchItems, Section, SectionText};
//!
//! let items = FetchItems::List(NonEmpty::new(vec![
//!     FetchAttr::Uid,
//!     FetchAttr::BodySection {
//!         peek: true,
//!         section: Section::text_only(SectionText::Header),
//!         partial: None,
//!     },
//! ]).unwrap());
//! assert!(NonEmpty::<FetchAttr>::new(vec![]).is_none()); // `FETCH 1 ()` cannot be built
//! assert_eq!(items.clone().expand().len(), 2);
//! let fast = FetchItems::Fast.expand();
//! assert_eq!(fast, [FetchAttr::Flags, FetchAttr::InternalDate, FetchAttr::Rfc822Size]);
//! ```

use std::borrow::Cow;
use std::num::NonZeroU32;

use crate::error::Error;
use crate::types::body::{BodyStructure, Envelope};
use crate::types::command::OptionValue;
use crate::types::core::{
    Atom, DateTime, FlagFetch, IString, NString, NonEmpty, Number64, NzNumber64, ObjectId,
    checked_bytes, reads_whole,
};

/// RFC 9051 §9 `section-spec`: the part of a message a `BODY[…]` / `BINARY[…]` item means.
/// `Section::default()` is `[]`, the whole message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Section<'a> {
    /// `section-part`: the MIME part path (`1.2.3`), empty for the message itself.
    pub part: Vec<NonZeroU32>,
    /// What of that part; `None` for the whole part.
    pub text: Option<SectionText<'a>>,
}

/// RFC 9051 §9 `section-text` / `section-msgtext`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SectionText<'a> {
    /// `HEADER`.
    Header,
    /// `HEADER.FIELDS (name …)`: only these header fields.
    HeaderFields(NonEmpty<IString<'a>>),
    /// `HEADER.FIELDS.NOT (name …)`: all but these header fields.
    HeaderFieldsNot(NonEmpty<IString<'a>>),
    /// `TEXT`: the body without the header.
    Text,
    /// `MIME`: the MIME header of a part (only after a part number).
    Mime,
}

impl<'a> Section<'a> {
    /// `[text]` for the message itself (no part number). `MIME` needs a part number: use
    /// [`Section::new`].
    pub fn text_only(text: SectionText<'a>) -> Self {
        Self {
            part: Vec::new(),
            text: Some(text),
        }
    }

    /// A section, or `None` when it cannot be written: `MIME` without a part number, or
    /// an empty `HEADER.FIELDS` list.
    pub fn new(part: Vec<NonZeroU32>, text: Option<SectionText<'a>>) -> Option<Self> {
        match &text {
            Some(SectionText::Mime) if part.is_empty() => None,
            Some(SectionText::HeaderFields(f) | SectionText::HeaderFieldsNot(f))
                if f.is_empty() =>
            {
                None
            }
            _ => Some(Self { part, text }),
        }
    }

    /// An owned copy.
    pub fn into_owned(self) -> Section<'static> {
        Section {
            part: self.part,
            text: self.text.map(SectionText::into_owned),
        }
    }
}

impl SectionText<'_> {
    /// An owned copy.
    pub fn into_owned(self) -> SectionText<'static> {
        match self {
            Self::Header => SectionText::Header,
            Self::HeaderFields(f) => SectionText::HeaderFields(f.map(IString::into_owned)),
            Self::HeaderFieldsNot(f) => SectionText::HeaderFieldsNot(f.map(IString::into_owned)),
            Self::Text => SectionText::Text,
            Self::Mime => SectionText::Mime,
        }
    }
}

/// RFC 9051 §9 `partial = "<" number64 "." nz-number64 ">"`: `length` octets from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Partial {
    /// First octet (0-based).
    pub offset: Number64,
    /// Octets wanted, at least one.
    pub length: NzNumber64,
}

/// One message data item a FETCH command asks for (RFC 9051 §6.4.5 `fetch-att`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FetchAttr<'a> {
    /// `ENVELOPE`.
    Envelope,
    /// `FLAGS`.
    Flags,
    /// `INTERNALDATE`.
    InternalDate,
    /// `RFC822` (IMAP4rev1 only; `BODY[]` that sets `\Seen`).
    Rfc822,
    /// `RFC822.HEADER` (IMAP4rev1; `BODY.PEEK[HEADER]`).
    Rfc822Header,
    /// `RFC822.SIZE`.
    Rfc822Size,
    /// `RFC822.TEXT` (IMAP4rev1; `BODY[TEXT]`).
    Rfc822Text,
    /// `BODY`: the body structure without extension data.
    Body,
    /// `BODYSTRUCTURE`.
    BodyStructure,
    /// `UID`.
    Uid,
    /// `BODY[section]<partial>` / `BODY.PEEK[…]` (PEEK does not set `\Seen`).
    BodySection {
        /// `BODY.PEEK`.
        peek: bool,
        /// Which part.
        section: Section<'a>,
        /// `<offset.length>`.
        partial: Option<Partial>,
    },
    /// `BINARY[part]<partial>` / `BINARY.PEEK[…]` (RFC 3516): content transfer decoded.
    Binary {
        /// `BINARY.PEEK`.
        peek: bool,
        /// `section-binary`: a part path only.
        part: Vec<NonZeroU32>,
        /// `<offset.length>`.
        partial: Option<Partial>,
    },
    /// `BINARY.SIZE[part]` (RFC 3516): the decoded size.
    BinarySize {
        /// A part path.
        part: Vec<NonZeroU32>,
    },
    /// `MODSEQ` (RFC 7162 §3.1.4.1).
    ModSeq,
    /// `EMAILID` (RFC 8474 §5.1).
    EmailId,
    /// `THREADID` (RFC 8474 §5.2).
    ThreadId,
    /// `SAVEDATE` (RFC 8514 §4.2).
    SaveDate,
    /// `PREVIEW` or `PREVIEW (LAZY)` (RFC 8970 §3.1).
    Preview {
        /// `(LAZY)`: the server may answer NIL rather than compute it now.
        lazy: bool,
    },
    /// `X-GM-MSGID` (Gmail).
    GmMsgId,
    /// `X-GM-THRID` (Gmail).
    GmThrId,
    /// `X-GM-LABELS` (Gmail).
    GmLabels,
    /// An item this crate does not know, kept as written: the name (an atom, which may
    /// hold `[`, `.` and `<…>` but not `]`) and a parenthesized argument list after a space, raw
    /// (Dovecot's `SNIPPET (FUZZY)`). Meant for names the crate does not type: a name of
    /// the items above (in any case) reads back as that item, or with arguments it does not
    /// take makes a command the parser refuses; so does a name starting with `BODY[`,
    /// `BODY.PEEK[`, `BINARY[`, `BINARY.PEEK[` or `BINARY.SIZE`. As the only item (not in a
    /// list), `ALL`, `FAST` and `FULL` read back as the macros ([`FetchItems`]).
    Other {
        /// The name as sent.
        name: Atom<'a>,
        /// `(…)` with its parentheses, when given: balanced parentheses, checked by
        /// [`OptionValue::new`].
        args: Option<OptionValue<'a>>,
    },
}

impl FetchAttr<'_> {
    /// An owned copy.
    pub fn into_owned(self) -> FetchAttr<'static> {
        match self {
            Self::Envelope => FetchAttr::Envelope,
            Self::Flags => FetchAttr::Flags,
            Self::InternalDate => FetchAttr::InternalDate,
            Self::Rfc822 => FetchAttr::Rfc822,
            Self::Rfc822Header => FetchAttr::Rfc822Header,
            Self::Rfc822Size => FetchAttr::Rfc822Size,
            Self::Rfc822Text => FetchAttr::Rfc822Text,
            Self::Body => FetchAttr::Body,
            Self::BodyStructure => FetchAttr::BodyStructure,
            Self::Uid => FetchAttr::Uid,
            Self::BodySection {
                peek,
                section,
                partial,
            } => FetchAttr::BodySection {
                peek,
                section: section.into_owned(),
                partial,
            },
            Self::Binary {
                peek,
                part,
                partial,
            } => FetchAttr::Binary {
                peek,
                part,
                partial,
            },
            Self::BinarySize { part } => FetchAttr::BinarySize { part },
            Self::ModSeq => FetchAttr::ModSeq,
            Self::EmailId => FetchAttr::EmailId,
            Self::ThreadId => FetchAttr::ThreadId,
            Self::SaveDate => FetchAttr::SaveDate,
            Self::Preview { lazy } => FetchAttr::Preview { lazy },
            Self::GmMsgId => FetchAttr::GmMsgId,
            Self::GmThrId => FetchAttr::GmThrId,
            Self::GmLabels => FetchAttr::GmLabels,
            Self::Other { name, args } => FetchAttr::Other {
                name: name.into_owned(),
                args: args.map(OptionValue::into_owned),
            },
        }
    }
}

/// The item argument of FETCH: a macro, one item, or a parenthesized list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FetchItems<'a> {
    /// `ALL` = `(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)`.
    All,
    /// `FAST` = `(FLAGS INTERNALDATE RFC822.SIZE)`.
    Fast,
    /// `FULL` = `(FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY)`.
    Full,
    /// One item without parentheses.
    One(FetchAttr<'a>),
    /// `"(" fetch-att *(SP fetch-att) ")"`.
    List(NonEmpty<FetchAttr<'a>>),
}

impl<'a> FetchItems<'a> {
    /// The items meant, macros expanded (RFC 9051 §6.4.5).
    pub fn expand(self) -> Vec<FetchAttr<'a>> {
        use FetchAttr as A;
        match self {
            Self::All => vec![A::Flags, A::InternalDate, A::Rfc822Size, A::Envelope],
            Self::Fast => vec![A::Flags, A::InternalDate, A::Rfc822Size],
            Self::Full => vec![
                A::Flags,
                A::InternalDate,
                A::Rfc822Size,
                A::Envelope,
                A::Body,
            ],
            Self::One(a) => vec![a],
            Self::List(v) => v.into_vec(),
        }
    }

    /// An owned copy.
    pub fn into_owned(self) -> FetchItems<'static> {
        match self {
            Self::All => FetchItems::All,
            Self::Fast => FetchItems::Fast,
            Self::Full => FetchItems::Full,
            Self::One(a) => FetchItems::One(a.into_owned()),
            Self::List(v) => FetchItems::List(v.map(FetchAttr::into_owned)),
        }
    }
}

/// One Gmail label in `X-GM-LABELS`: a system label written like a flag (`\Inbox`,
/// `\Important`) or a user label (an astring).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GmLabel<'a> {
    /// `\` and an atom: the atom without the backslash.
    System(Atom<'a>),
    /// A user label.
    Name(IString<'a>),
}

impl GmLabel<'_> {
    /// An owned copy.
    pub fn into_owned(self) -> GmLabel<'static> {
        match self {
            Self::System(a) => GmLabel::System(a.into_owned()),
            Self::Name(s) => GmLabel::Name(s.into_owned()),
        }
    }
}

/// Message data the crate never scans: the value of `BODY[…]`, `BINARY[…]` and `RFC822*`
/// items. `None` is `NIL`.
///
/// RFC 9051's `literal` excludes NUL (`CHAR8 = %x01-ff`), but looking for one would read
/// every octet of a message the caller may only store or pass on; a parsed value may
/// therefore hold NUL (it is re-sent as it came). `BINARY` data with NUL is written as a
/// `literal8`, as RFC 3516 requires.
pub type MessageData<'a> = Option<Cow<'a, [u8]>>;

/// `nz-number SP "FETCH" SP msg-att` (RFC 9051 §7.5.2): data about one message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FetchData<'a> {
    /// The message sequence number.
    pub seq: NonZeroU32,
    /// The items, in the order sent (`msg-att = "(" (msg-att-dynamic / msg-att-static)
    /// *(SP (msg-att-dynamic / msg-att-static)) ")"`: at least one).
    pub items: NonEmpty<FetchItem<'a>>,
}

impl FetchData<'_> {
    /// An owned copy.
    pub fn into_owned(self) -> FetchData<'static> {
        FetchData {
            seq: self.seq,
            items: self.items.map(FetchItem::into_owned),
        }
    }

    /// The `UID` item, if sent.
    pub fn uid(&self) -> Option<NonZeroU32> {
        self.items.iter().find_map(|i| match i {
            FetchItem::Uid(u) => Some(*u),
            _ => None,
        })
    }
}

/// One item of a FETCH response (RFC 9051 §7.5.2 `msg-att`, RFC 3501 §7.4.2, and the
/// extensions).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FetchItem<'a> {
    /// `FLAGS (…)`.
    Flags(Vec<FlagFetch<'a>>),
    /// `ENVELOPE (…)`.
    Envelope(Box<Envelope<'a>>),
    /// `INTERNALDATE "…"`.
    InternalDate(DateTime),
    /// `RFC822.SIZE n`.
    Rfc822Size(Number64),
    /// `RFC822 nstring` (IMAP4rev1).
    Rfc822(MessageData<'a>),
    /// `RFC822.HEADER nstring` (IMAP4rev1).
    Rfc822Header(MessageData<'a>),
    /// `RFC822.TEXT nstring` (IMAP4rev1).
    Rfc822Text(MessageData<'a>),
    /// `BODY (…)`: the structure without extension data.
    Body(Box<BodyStructure<'a>>),
    /// `BODYSTRUCTURE (…)`.
    BodyStructure(Box<BodyStructure<'a>>),
    /// `BODY[section]<origin> nstring`.
    BodySection {
        /// Which part.
        section: Section<'a>,
        /// `<origin>`: the first octet, for a partial fetch.
        origin: Option<Number64>,
        /// The data.
        data: MessageData<'a>,
    },
    /// `BINARY[part]<origin> (nstring / literal8)` (RFC 3516 §4.2; RFC 9051 drops the
    /// origin, which Dovecot sends for a partial fetch).
    Binary {
        /// The part path.
        part: Vec<NonZeroU32>,
        /// `<origin>`: the first octet, for a partial fetch.
        origin: Option<Number64>,
        /// The decoded data.
        data: MessageData<'a>,
    },
    /// `BINARY.SIZE[part] n` (RFC 3516).
    BinarySize {
        /// The part path.
        part: Vec<NonZeroU32>,
        /// Decoded size in octets.
        size: Number64,
    },
    /// `UID n`.
    Uid(NonZeroU32),
    /// `MODSEQ (n)` (RFC 7162 §3.1.4.1).
    ModSeq(Number64),
    /// `EMAILID (id)` (RFC 8474 §5.1).
    EmailId(ObjectId<'a>),
    /// `THREADID (id)` or `THREADID NIL` (RFC 8474 §5.2).
    ThreadId(Option<ObjectId<'a>>),
    /// `SAVEDATE "…"` or `SAVEDATE NIL` (RFC 8514 §4.2).
    SaveDate(Option<DateTime>),
    /// `PREVIEW nstring` (RFC 8970 §3.1).
    Preview(NString<'a>),
    /// `X-GM-MSGID n` (Gmail).
    GmMsgId(u64),
    /// `X-GM-THRID n` (Gmail).
    GmThrId(u64),
    /// `X-GM-LABELS (…)` (Gmail).
    GmLabels(Vec<GmLabel<'a>>),
    /// An item this crate does not know: its name (as in [`FetchAttr::Other`]) and its
    /// value as sent — one atom, number, string, literal or parenthesized list. Meant for
    /// names the crate does not type: a name of the items above (in any case) reads back
    /// as that item when the value fits the item's rule, and otherwise makes a response
    /// the parser refuses; so does a name starting with `BODY[`, `BINARY[` or
    /// `BINARY.SIZE[`.
    Other {
        /// The name.
        name: Atom<'a>,
        /// The value's bytes.
        value: FetchValue<'a>,
    },
}

checked_bytes!(
    /// The value of a FETCH item this crate does not know ([`FetchItem::Other`]), kept as
    /// sent and written back byte for byte: one atom, number, `NIL`, quoted string, literal,
    /// `literal8` or balanced parenthesized list.
    FetchValue
);

impl<'a> FetchValue<'a> {
    /// Checks `b`: exactly one value as the parser reads it (so a value that exists reads
    /// back as itself). An atom cannot start with `~` (that starts a `literal8`); a literal
    /// carries as many octets as it announces; parentheses balance; no CR, LF or NUL
    /// outside literal data.
    ///
    /// ```
    /// use imap_proto::types::fetch::FetchValue;
    ///
    /// assert!(FetchValue::new(&b"(FUZZY \"a)\")"[..]).is_ok());
    /// assert!(FetchValue::new(&b"{3}\r\nabc"[..]).is_ok());
    /// assert!(FetchValue::new(&b"~{1}\r\n\0"[..]).is_ok());
    /// assert_eq!(FetchValue::new(&b"~x"[..]).unwrap_err().offset, 1); // not a literal8
    /// assert_eq!(FetchValue::new(&b"(a"[..]).unwrap_err().offset, 2);
    /// assert_eq!(FetchValue::new(&b"a b"[..]).unwrap_err().offset, 1); // two values
    /// assert!(FetchValue::new(&b"{4}\r\nabc"[..]).is_err()); // one octet short
    /// ```
    pub fn new(b: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let b = b.into();
        reads_whole(&b, |c| c.other_fetch_value())?;
        Ok(Self(b))
    }
}

impl FetchItem<'_> {
    /// An owned copy.
    pub fn into_owned(self) -> FetchItem<'static> {
        let own = |d: MessageData<'_>| d.map(|d| Cow::Owned(d.into_owned()));
        match self {
            Self::Flags(f) => FetchItem::Flags(f.into_iter().map(FlagFetch::into_owned).collect()),
            Self::Envelope(e) => FetchItem::Envelope(Box::new(e.into_owned())),
            Self::InternalDate(d) => FetchItem::InternalDate(d),
            Self::Rfc822Size(n) => FetchItem::Rfc822Size(n),
            Self::Rfc822(d) => FetchItem::Rfc822(own(d)),
            Self::Rfc822Header(d) => FetchItem::Rfc822Header(own(d)),
            Self::Rfc822Text(d) => FetchItem::Rfc822Text(own(d)),
            Self::Body(b) => FetchItem::Body(Box::new(b.into_owned())),
            Self::BodyStructure(b) => FetchItem::BodyStructure(Box::new(b.into_owned())),
            Self::BodySection {
                section,
                origin,
                data,
            } => FetchItem::BodySection {
                section: section.into_owned(),
                origin,
                data: own(data),
            },
            Self::Binary { part, origin, data } => FetchItem::Binary {
                part,
                origin,
                data: own(data),
            },
            Self::BinarySize { part, size } => FetchItem::BinarySize { part, size },
            Self::Uid(u) => FetchItem::Uid(u),
            Self::ModSeq(m) => FetchItem::ModSeq(m),
            Self::EmailId(i) => FetchItem::EmailId(i.into_owned()),
            Self::ThreadId(i) => FetchItem::ThreadId(i.map(ObjectId::into_owned)),
            Self::SaveDate(d) => FetchItem::SaveDate(d),
            Self::Preview(p) => FetchItem::Preview(p.map(IString::into_owned)),
            Self::GmMsgId(n) => FetchItem::GmMsgId(n),
            Self::GmThrId(n) => FetchItem::GmThrId(n),
            Self::GmLabels(l) => {
                FetchItem::GmLabels(l.into_iter().map(GmLabel::into_owned).collect())
            }
            Self::Other { name, value } => FetchItem::Other {
                name: name.into_owned(),
                value: value.into_owned(),
            },
        }
    }
}
