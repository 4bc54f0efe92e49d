//! What a FETCH asks for: message data items (RFC 9051 §6.4.5, RFC 3501 §6.4.5 and the
//! extensions), body sections and partial ranges.
//!
//! ```
//! use imap_proto::types::fetch::{FetchAttr, FetchItems, Section, SectionText};
//!
//! let items = FetchItems::List(vec![
//!     FetchAttr::Uid,
//!     FetchAttr::BodySection {
//!         peek: true,
//!         section: Section::text_only(SectionText::Header),
//!         partial: None,
//!     },
//! ]);
//! assert_eq!(items.clone().expand().len(), 2);
//! let fast = FetchItems::Fast.expand();
//! assert_eq!(fast, [FetchAttr::Flags, FetchAttr::InternalDate, FetchAttr::Rfc822Size]);
//! ```

use std::borrow::Cow;
use std::num::NonZeroU32;

use crate::types::core::{Atom, IString};

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
    /// `HEADER.FIELDS (name …)`: only these header fields. Not empty.
    HeaderFields(Vec<IString<'a>>),
    /// `HEADER.FIELDS.NOT (name …)`: all but these header fields. Not empty.
    HeaderFieldsNot(Vec<IString<'a>>),
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
            Self::HeaderFields(f) => {
                SectionText::HeaderFields(f.into_iter().map(IString::into_owned).collect())
            }
            Self::HeaderFieldsNot(f) => {
                SectionText::HeaderFieldsNot(f.into_iter().map(IString::into_owned).collect())
            }
            Self::Text => SectionText::Text,
            Self::Mime => SectionText::Mime,
        }
    }
}

/// RFC 9051 §9 `partial = "<" number64 "." nz-number64 ">"`: `length` octets from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Partial {
    /// First octet (0-based).
    pub offset: u64,
    /// Octets wanted, at least one.
    pub length: std::num::NonZeroU64,
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
    /// hold `[…]` and `<…>`) and a parenthesized argument list after a space, raw
    /// (Dovecot's `SNIPPET (FUZZY)`).
    Other {
        /// The name as sent.
        name: Atom<'a>,
        /// `(…)` with its parentheses, when given.
        args: Option<Cow<'a, [u8]>>,
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
                args: args.map(|a| Cow::Owned(a.into_owned())),
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
    /// `"(" fetch-att *(SP fetch-att) ")"`, not empty.
    List(Vec<FetchAttr<'a>>),
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
            Self::List(v) => v,
        }
    }

    /// An owned copy.
    pub fn into_owned(self) -> FetchItems<'static> {
        match self {
            Self::All => FetchItems::All,
            Self::Fast => FetchItems::Fast,
            Self::Full => FetchItems::Full,
            Self::One(a) => FetchItems::One(a.into_owned()),
            Self::List(v) => FetchItems::List(v.into_iter().map(FetchAttr::into_owned).collect()),
        }
    }
}
