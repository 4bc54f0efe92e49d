//! ENVELOPE, address lists, BODY and BODYSTRUCTURE: the structured values of a FETCH
//! response (RFC 3501 §7.4.2 and §9, RFC 9051 §7.5.2 and §9).
//!
//! - [`Envelope`]: the parsed header fields of a message; its address lists hold
//!   [`Address`]es (with RFC 5322 group markers kept as the server sent them).
//! - [`BodyStructure`]: the MIME structure, one [`SinglePart`] (basic, text or an
//!   encapsulated message) or a [`MultiPart`], each with optional extension data
//!   ([`SinglePartExt`], [`MultiPartExt`]). The same type serves BODY (no extension data)
//!   and BODYSTRUCTURE.
//!
//! # Lenient mode
//!
//! Strict parsing (the default) follows the grammar. [`Mode::Lenient`](crate::Mode)
//! accepts these deviations as well:
//!
//! 1. `NIL` where the grammar wants a string in a body's media type, media subtype
//!    (multipart subtype too) and body parameter names and values, read as the empty
//!    string (written back as `""`): deployed servers send it for parts whose Content-Type
//!    they could not parse.
//! 2. `-1` as `body-fld-octets` or `body-fld-lines`, read as 0 (written back as `0`): some
//!    servers send it for a size they do not know.
//! 3. Extra spaces: runs of SP between fields, after an opening and before a closing
//!    parenthesis, between the addresses of a list and between the parts of a multipart.
//!    The RFC 3501 §8 and RFC 9051 §8 sample FETCH responses have such spaces where their
//!    long lines were wrapped.
//!
//! # Lists
//!
//! Where the grammar has `NIL` or a non-empty list (address lists, parameter lists), the
//! value is a `Vec` and the empty `Vec` is `NIL`: the grammar has no empty list, so both
//! forms round-trip exactly. Lists that are never `NIL` are [`NonEmpty`].
//!
//! ```
//! use imap_proto::types::body::{BodyEncoding, BodyStructure, PartKind};
//! use imap_proto::ParserOptions;
//!
//! // RFC 3501 §7.4.2: "a simple text message of 48 lines and 2279 octets".
//! let wire = b"(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 2279 48)\r\n";
//! let opts = ParserOptions::default();
//! let body = BodyStructure::parse_message(wire, &opts).unwrap();
//! let BodyStructure::Single(part) = &body else { panic!("one part") };
//! assert_eq!(part.media_type(), (&b"TEXT"[..], &b"PLAIN"[..]));
//! assert!(matches!(part.kind, PartKind::Text { lines: 48, .. }));
//! assert_eq!(part.fields.octets, 2279);
//! assert_eq!(part.fields.encoding, BodyEncoding::SevenBit);
//! assert_eq!(part.fields.param("charset").unwrap().as_bytes(), b"US-ASCII");
//! assert_eq!(body.encode(&Default::default()).as_bytes(), &wire[..]);
//! ```

use crate::encode::core::{EncodeOptions, Encoded, Writer};
use crate::error::Error;
use crate::options::ParserOptions;
use crate::parse::core::Cursor;
/// Moved to [`types::core`](crate::types::core); kept here for the paths that name it.
pub use crate::types::core::NonEmpty;
use crate::types::core::{IString, NString};

fn owned(s: NString<'_>) -> NString<'static> {
    s.map(IString::into_owned)
}

/// A parameter list (`body-fld-param`): attribute / value pairs in wire order; empty is
/// `NIL`.
///
/// ```
/// use imap_proto::types::body::BodyParams;
/// use imap_proto::types::core::IString;
///
/// let nil: BodyParams<'_> = Vec::new(); // written NIL
/// let charset: BodyParams<'_> =
///     vec![(IString::try_from("charset").unwrap(), IString::try_from("utf-8").unwrap())];
/// assert!(nil.is_empty() && charset.len() == 1);
/// ```
pub type BodyParams<'a> = Vec<(IString<'a>, IString<'a>)>;

fn owned_params(p: BodyParams<'_>) -> BodyParams<'static> {
    p.into_iter()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The value of the parameter `name` (compared without regard to ASCII case, as MIME
/// parameter names are), the first if it repeats.
fn find_param<'p>(params: &'p BodyParams<'_>, name: &str) -> Option<&'p IString<'p>> {
    params
        .iter()
        .find(|(k, _)| k.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        .map(|(_, v)| v)
}

// ----- envelope -----

/// RFC 9051 §9 / RFC 3501 §9 `address = "(" addr-name SP addr-adl SP addr-mailbox SP
/// addr-host ")"`, every field an `nstring`.
///
/// RFC 5322 groups are kept in their wire form (RFC 9051 §7.5.2): a host of `NIL` marks
/// group syntax — with a mailbox, the start of a group (the mailbox holds the group's
/// name); with no mailbox, the end of a group.
///
/// ```
/// use imap_proto::types::body::{Address, AddressKind};
/// use imap_proto::types::core::IString;
///
/// let s = |v: &'static str| Some(IString::try_from(v).unwrap());
/// let bob = Address { name: s("Bob B."), adl: None, mailbox: s("bob"), host: s("example.test") };
/// assert_eq!(bob.kind(), AddressKind::Mailbox);
/// let team = Address::group_start(IString::try_from("Team").unwrap());
/// assert_eq!(team.kind(), AddressKind::GroupStart);
/// assert_eq!(team.group_name().unwrap().as_bytes(), b"Team");
/// assert!(Address::group_end().is_group_end());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address<'a> {
    /// `addr-name`: the display name (phrase) without RFC 5322 quoting.
    pub name: NString<'a>,
    /// `addr-adl`: the source route (RFC 5322 obs-route), almost always `NIL`.
    pub adl: NString<'a>,
    /// `addr-mailbox`: the local part; the group name at a group start; `NIL` at a group
    /// end.
    pub mailbox: NString<'a>,
    /// `addr-host`: the domain; `NIL` for the group markers.
    pub host: NString<'a>,
}

/// What an [`Address`] stands for (RFC 9051 §7.5.2, ENVELOPE).
///
/// ```
/// use imap_proto::types::body::{Address, AddressKind};
///
/// assert_eq!(Address::group_end().kind(), AddressKind::GroupEnd);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressKind {
    /// An ordinary address (the host is not `NIL`).
    Mailbox,
    /// Host `NIL`, mailbox not `NIL`: the start of a group named by the mailbox field.
    GroupStart,
    /// Host and mailbox `NIL`: the end of a group (the `;` of RFC 5322).
    GroupEnd,
}

impl<'a> Address<'a> {
    /// The start-of-group marker for the group `name`.
    pub const fn group_start(name: IString<'a>) -> Self {
        Self {
            name: None,
            adl: None,
            mailbox: Some(name),
            host: None,
        }
    }

    /// The end-of-group marker (`(NIL NIL NIL NIL)`).
    pub const fn group_end() -> Self {
        Self {
            name: None,
            adl: None,
            mailbox: None,
            host: None,
        }
    }

    /// Ordinary address, group start or group end.
    pub const fn kind(&self) -> AddressKind {
        match (&self.host, &self.mailbox) {
            (Some(_), _) => AddressKind::Mailbox,
            (None, Some(_)) => AddressKind::GroupStart,
            (None, None) => AddressKind::GroupEnd,
        }
    }

    /// True for a start-of-group marker.
    pub const fn is_group_start(&self) -> bool {
        matches!(self.kind(), AddressKind::GroupStart)
    }

    /// True for an end-of-group marker.
    pub const fn is_group_end(&self) -> bool {
        matches!(self.kind(), AddressKind::GroupEnd)
    }

    /// The group's name, for a start-of-group marker.
    pub fn group_name(&self) -> Option<&IString<'a>> {
        match self.kind() {
            AddressKind::GroupStart => self.mailbox.as_ref(),
            _ => None,
        }
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> Address<'static> {
        Address {
            name: owned(self.name),
            adl: owned(self.adl),
            mailbox: owned(self.mailbox),
            host: owned(self.host),
        }
    }
}

/// RFC 9051 §9 / RFC 3501 §9 `envelope = "(" env-date SP env-subject SP env-from SP
/// env-sender SP env-reply-to SP env-to SP env-cc SP env-bcc SP env-in-reply-to SP
/// env-message-id ")"`.
///
/// The string fields are `nstring`s (`None` is `NIL`: the header field is absent; RFC 9051
/// §7.5.2 asks clients to treat `NIL` and `""` alike, but both are kept). The address lists
/// are `"(" 1*address ")" / nil`: the empty `Vec` is `NIL`.
///
/// ```
/// use imap_proto::types::body::Envelope;
/// use imap_proto::ParserOptions;
///
/// let wire = b"(\"Mon, 05 Jan 2026 07:00:00 +0000\" \"Hi\" ((NIL NIL \"carol\" \"example.test\")) \
///     NIL NIL NIL NIL NIL NIL \"<r@example.test>\")\r\n";
/// let opts = ParserOptions::default();
/// let env = Envelope::parse_message(wire, &opts).unwrap();
/// assert_eq!(env.subject.as_ref().unwrap().as_bytes(), b"Hi");
/// assert_eq!(env.from[0].mailbox.as_ref().unwrap().as_bytes(), b"carol");
/// assert!(env.to.is_empty()); // NIL
/// assert_eq!(env.encode(&Default::default()).as_bytes(), &wire[..]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Envelope<'a> {
    /// `env-date`: the Date header field, unparsed.
    pub date: NString<'a>,
    /// `env-subject`: the Subject header field (RFC 2047 encoded words are not decoded).
    pub subject: NString<'a>,
    /// `env-from` (empty: `NIL`).
    pub from: Vec<Address<'a>>,
    /// `env-sender` (empty: `NIL`; servers copy From when Sender is absent).
    pub sender: Vec<Address<'a>>,
    /// `env-reply-to` (empty: `NIL`; servers copy From when Reply-To is absent).
    pub reply_to: Vec<Address<'a>>,
    /// `env-to` (empty: `NIL`).
    pub to: Vec<Address<'a>>,
    /// `env-cc` (empty: `NIL`).
    pub cc: Vec<Address<'a>>,
    /// `env-bcc` (empty: `NIL`).
    pub bcc: Vec<Address<'a>>,
    /// `env-in-reply-to`: the In-Reply-To header field.
    pub in_reply_to: NString<'a>,
    /// `env-message-id`: the Message-ID header field.
    pub message_id: NString<'a>,
}

fn owned_addresses(v: Vec<Address<'_>>) -> Vec<Address<'static>> {
    v.into_iter().map(Address::into_owned).collect()
}

impl<'a> Envelope<'a> {
    /// Parses one envelope that is the whole of `msg` but a final CRLF (the form
    /// [`Envelope::encode`] writes), literals included. See the parser's quirks in lenient
    /// mode in the [module docs](self#lenient-mode).
    pub fn parse_message(msg: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut c = Cursor::new(msg, opts);
        let v = c.envelope()?;
        c.crlf()?;
        Ok(v)
    }

    /// Writes the envelope followed by CRLF (strings as atoms are never used: each is
    /// quoted or a literal, as the peer accepts).
    pub fn encode(&self, opts: &EncodeOptions) -> Encoded {
        let mut w = Writer::new(*opts);
        self.write(&mut w);
        w.raw(b"\r\n");
        w.finish()
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> Envelope<'static> {
        Envelope {
            date: owned(self.date),
            subject: owned(self.subject),
            from: owned_addresses(self.from),
            sender: owned_addresses(self.sender),
            reply_to: owned_addresses(self.reply_to),
            to: owned_addresses(self.to),
            cc: owned_addresses(self.cc),
            bcc: owned_addresses(self.bcc),
            in_reply_to: owned(self.in_reply_to),
            message_id: owned(self.message_id),
        }
    }
}

// ----- body structure -----

/// RFC 9051 §9 / RFC 3501 §9 `body = "(" (body-type-1part / body-type-mpart) ")"`: the
/// value of BODY (without extension data) and BODYSTRUCTURE (usually with it).
///
/// ```
/// use imap_proto::types::body::BodyStructure;
/// use imap_proto::ParserOptions;
///
/// // RFC 3501 §7.4.2: "a two part message consisting of a text and a BASE64-encoded text
/// // attachment".
/// let wire = b"((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)\
///     (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") \
///     \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) \
///     \"MIXED\")\r\n";
/// let opts = ParserOptions::default();
/// let body = BodyStructure::parse_message(wire, &opts).unwrap();
/// let BodyStructure::Multi(mixed) = &body else { panic!("multipart") };
/// assert_eq!(mixed.subtype.as_bytes(), b"MIXED");
/// assert_eq!(mixed.parts.len(), 2);
/// assert!(mixed.extension.is_none()); // as BODY sends it
/// assert_eq!(body.encode(&Default::default()).as_bytes(), &wire[..]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BodyStructure<'a> {
    /// `body-type-1part`: a leaf (or an encapsulated message).
    Single(SinglePart<'a>),
    /// `body-type-mpart`: a multipart.
    Multi(MultiPart<'a>),
}

impl<'a> BodyStructure<'a> {
    /// Parses one body that is the whole of `msg` but a final CRLF (the form
    /// [`BodyStructure::encode`] writes), literals included, nested no deeper than
    /// [`ParserOptions::max_depth`]. See the parser's quirks in lenient mode in the
    /// [module docs](self#lenient-mode).
    pub fn parse_message(msg: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut c = Cursor::new(msg, opts);
        let v = c.body()?;
        c.crlf()?;
        Ok(v)
    }

    /// Writes the body followed by CRLF.
    pub fn encode(&self, opts: &EncodeOptions) -> Encoded {
        let mut w = Writer::new(*opts);
        self.write(&mut w);
        w.raw(b"\r\n");
        w.finish()
    }

    /// The media type and subtype as on the wire (`MULTIPART` and the subtype for a
    /// multipart).
    pub fn media_type(&self) -> (&[u8], &[u8]) {
        match self {
            Self::Single(p) => p.media_type(),
            Self::Multi(m) => (b"MULTIPART", m.subtype.as_bytes()),
        }
    }

    /// True for a multipart.
    pub const fn is_multipart(&self) -> bool {
        matches!(self, Self::Multi(_))
    }

    /// The part at `path` (IMAP part numbers, RFC 9051 §6.4.5: `[1, 2]` is part 1.2; an
    /// empty path is this body, taken as a message's body). The numbers count the parts of
    /// a multipart; below a `MESSAGE/RFC822` part they count the parts of the encapsulated
    /// message's body (its only part 1 when that is not multipart); a part that is neither
    /// has only part 1, itself — the top level of a non-multipart message (RFC 9051
    /// §6.4.5), and deeper down as Dovecot answers (`BODY[2.1.1]` for a leaf 2.1).
    pub fn part(&self, path: &[u32]) -> Option<&Self> {
        let mut at = self;
        for (depth, &n) in path.iter().enumerate() {
            let i = usize::try_from(n.checked_sub(1)?).ok()?;
            at = match at {
                Self::Multi(m) => m.parts.get(i)?,
                Self::Single(p) => match &p.kind {
                    // Below the top level, a message part's numbers are its body's.
                    PartKind::Message { body, .. } if depth > 0 => match &**body {
                        Self::Multi(m) => m.parts.get(i)?,
                        single => (i == 0).then_some(single)?,
                    },
                    _ => (i == 0).then_some(at)?,
                },
            };
        }
        Some(at)
    }

    /// The same structure without extension data anywhere, nested messages included: the
    /// `BODY` FETCH item for a message whose `BODYSTRUCTURE` is `self` (RFC 9051 §7.5.2:
    /// "A form of BODYSTRUCTURE without extension data").
    ///
    /// ```
    /// use imap_proto::ParserOptions;
    /// use imap_proto::types::body::BodyStructure;
    ///
    /// let opts = ParserOptions::default();
    /// let full = b"(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5 1 NIL (\"inline\" NIL) NIL NIL)\r\n";
    /// let body = b"(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5 1)\r\n";
    /// let full = BodyStructure::parse_message(full, &opts).unwrap();
    /// assert_eq!(full.without_extensions(), BodyStructure::parse_message(body, &opts).unwrap());
    /// ```
    pub fn without_extensions(&self) -> Self {
        match self {
            Self::Single(p) => {
                let kind = match &p.kind {
                    PartKind::Message {
                        subtype,
                        envelope,
                        body,
                        lines,
                    } => PartKind::Message {
                        subtype: *subtype,
                        envelope: envelope.clone(),
                        body: Box::new(body.without_extensions()),
                        lines: *lines,
                    },
                    k => k.clone(),
                };
                Self::Single(SinglePart {
                    kind,
                    fields: p.fields.clone(),
                    extension: None,
                })
            }
            Self::Multi(m) => Self::Multi(MultiPart {
                parts: NonEmpty::from_vec(m.parts.iter().map(Self::without_extensions).collect()),
                subtype: m.subtype.clone(),
                extension: None,
            }),
        }
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> BodyStructure<'static> {
        match self {
            Self::Single(p) => BodyStructure::Single(p.into_owned()),
            Self::Multi(m) => BodyStructure::Multi(m.into_owned()),
        }
    }
}

/// RFC 9051 §9 `body-type-1part = (body-type-basic / body-type-msg / body-type-text)
/// [SP body-ext-1part]`.
///
/// ```
/// use imap_proto::types::body::{BasicType, BodyEncoding, BodyFields, PartKind, SinglePart};
/// use imap_proto::types::core::IString;
///
/// let s = |v: &'static str| IString::try_from(v).unwrap();
/// let part = SinglePart {
///     kind: PartKind::Basic(BasicType::new(s("application"), s("pdf")).unwrap()),
///     fields: BodyFields::new(BodyEncoding::Base64, 1024),
///     extension: None,
/// };
/// assert_eq!(part.media_type(), (&b"application"[..], &b"pdf"[..]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SinglePart<'a> {
    /// The media type and what depends on it (lines, the encapsulated message).
    pub kind: PartKind<'a>,
    /// `body-fields`.
    pub fields: BodyFields<'a>,
    /// `body-ext-1part`, if sent (BODYSTRUCTURE; never BODY).
    pub extension: Option<SinglePartExt<'a>>,
}

impl SinglePart<'_> {
    /// The media type and subtype (`TEXT` and `MESSAGE` as the writer spells them).
    pub fn media_type(&self) -> (&[u8], &[u8]) {
        match &self.kind {
            PartKind::Basic(t) => (t.media_type().as_bytes(), t.subtype().as_bytes()),
            PartKind::Text { subtype, .. } => (b"TEXT", subtype.as_bytes()),
            PartKind::Message { subtype, .. } => (b"MESSAGE", subtype.as_bytes()),
        }
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> SinglePart<'static> {
        SinglePart {
            kind: self.kind.into_owned(),
            fields: self.fields.into_owned(),
            extension: self.extension.map(SinglePartExt::into_owned),
        }
    }
}

/// Which form of `body-type-1part` a part has; the media type decides (compared without
/// regard to ASCII case, in any string form).
///
/// ```
/// use imap_proto::types::body::{MessageSubtype, PartKind};
/// use imap_proto::types::core::IString;
///
/// let text = PartKind::Text { subtype: IString::try_from("html").unwrap(), lines: 12 };
/// assert!(matches!(text, PartKind::Text { lines: 12, .. }));
/// assert_eq!(MessageSubtype::Global.as_bytes(), b"GLOBAL");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PartKind<'a> {
    /// `body-type-basic = media-basic SP body-fields`: any type but `TEXT` and
    /// `MESSAGE/RFC822` (and `MESSAGE/GLOBAL` from an IMAP4rev2 server).
    Basic(BasicType<'a>),
    /// `body-type-text = media-text SP body-fields SP body-fld-lines`: type `TEXT`.
    Text {
        /// `media-subtype`.
        subtype: IString<'a>,
        /// `body-fld-lines`: the size in text lines (RFC 3501 `number`, RFC 9051
        /// `number64`; read up to `u64::MAX` so every value written reads back).
        lines: u64,
    },
    /// `body-type-msg = media-message SP body-fields SP envelope SP body SP
    /// body-fld-lines`: `MESSAGE/RFC822`, and `MESSAGE/GLOBAL` (RFC 9051).
    Message {
        /// `RFC822` or `GLOBAL`.
        subtype: MessageSubtype,
        /// The encapsulated message's envelope.
        envelope: Box<Envelope<'a>>,
        /// The encapsulated message's body.
        body: Box<BodyStructure<'a>>,
        /// `body-fld-lines`: the encapsulated message's size in text lines.
        lines: u64,
    },
}

impl PartKind<'_> {
    /// The same value owning its bytes.
    pub fn into_owned(self) -> PartKind<'static> {
        match self {
            Self::Basic(t) => PartKind::Basic(t.into_owned()),
            Self::Text { subtype, lines } => PartKind::Text {
                subtype: subtype.into_owned(),
                lines,
            },
            Self::Message {
                subtype,
                envelope,
                body,
                lines,
            } => PartKind::Message {
                subtype,
                envelope: Box::new(envelope.into_owned()),
                body: Box::new(body.into_owned()),
                lines,
            },
        }
    }
}

/// The subtypes of `media-message` (RFC 9051 §9: `"RFC822" / "GLOBAL"`; RFC 3501 has
/// `RFC822` only).
///
/// ```
/// use imap_proto::types::body::MessageSubtype;
///
/// assert_eq!(MessageSubtype::Rfc822.as_bytes(), b"RFC822");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageSubtype {
    /// `MESSAGE/RFC822`.
    Rfc822,
    /// `MESSAGE/GLOBAL` (RFC 6532 internationalized messages).
    Global,
}

impl MessageSubtype {
    /// The subtype as written (`RFC822`, `GLOBAL`).
    pub const fn as_bytes(self) -> &'static [u8] {
        match self {
            Self::Rfc822 => b"RFC822",
            Self::Global => b"GLOBAL",
        }
    }

    /// The subtype named `s` (any case), if it is one.
    pub(crate) fn from_bytes(s: &[u8]) -> Option<Self> {
        if s.eq_ignore_ascii_case(b"RFC822") {
            Some(Self::Rfc822)
        } else if s.eq_ignore_ascii_case(b"GLOBAL") {
            Some(Self::Global)
        } else {
            None
        }
    }
}

/// `media-basic = ((DQUOTE ("APPLICATION" / "AUDIO" / "IMAGE" / "FONT" / "MESSAGE" /
/// "MODEL" / "VIDEO") DQUOTE) / string) SP media-subtype` (RFC 9051 §9): a media type and
/// subtype kept as sent.
///
/// The pair is checked so that it reads back as a basic part: not `TEXT/*` (that is
/// [`PartKind::Text`]) and not `MESSAGE/RFC822` ([`PartKind::Message`]). `MESSAGE/GLOBAL`
/// is allowed: an IMAP4rev1 server sends it as a basic part (RFC 3501 knows only
/// `MESSAGE/RFC822`), and the parser tells the two forms apart by what follows the fields.
///
/// ```
/// use imap_proto::types::body::BasicType;
/// use imap_proto::types::core::IString;
///
/// let s = |v: &'static str| IString::try_from(v).unwrap();
/// assert!(BasicType::new(s("image"), s("png")).is_ok());
/// assert!(BasicType::new(s("text"), s("plain")).is_err());
/// assert!(BasicType::new(s("Message"), s("rfc822")).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BasicType<'a> {
    media_type: IString<'a>,
    subtype: IString<'a>,
}

impl<'a> BasicType<'a> {
    /// Checks the pair (see the type's docs).
    pub fn new(media_type: IString<'a>, subtype: IString<'a>) -> Result<Self, Error> {
        let t = media_type.as_bytes();
        if t.eq_ignore_ascii_case(b"TEXT") {
            return Err(Error::expected(0, "a media type other than TEXT"));
        }
        if t.eq_ignore_ascii_case(b"MESSAGE") && subtype.as_bytes().eq_ignore_ascii_case(b"RFC822")
        {
            return Err(Error::expected(0, "a media type other than MESSAGE/RFC822"));
        }
        Ok(Self {
            media_type,
            subtype,
        })
    }

    /// A pair the parser has classified as basic.
    pub(crate) fn from_valid(media_type: IString<'a>, subtype: IString<'a>) -> Self {
        Self {
            media_type,
            subtype,
        }
    }

    /// The media type.
    pub const fn media_type(&self) -> &IString<'a> {
        &self.media_type
    }

    /// The subtype.
    pub const fn subtype(&self) -> &IString<'a> {
        &self.subtype
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> BasicType<'static> {
        BasicType {
            media_type: self.media_type.into_owned(),
            subtype: self.subtype.into_owned(),
        }
    }
}

/// RFC 9051 §9 `body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP
/// body-fld-enc SP body-fld-octets`.
///
/// ```
/// use imap_proto::types::body::{BodyEncoding, BodyFields};
/// use imap_proto::types::core::IString;
///
/// let mut f = BodyFields::new(BodyEncoding::QuotedPrintable, 194);
/// f.params.push((IString::try_from("charset").unwrap(), IString::try_from("us-ascii").unwrap()));
/// assert_eq!(f.param("CHARSET").unwrap().as_bytes(), b"us-ascii");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BodyFields<'a> {
    /// `body-fld-param` (empty: `NIL`).
    pub params: BodyParams<'a>,
    /// `body-fld-id`: the Content-ID.
    pub id: NString<'a>,
    /// `body-fld-desc`: the Content-Description.
    pub description: NString<'a>,
    /// `body-fld-enc`: the Content-Transfer-Encoding.
    pub encoding: BodyEncoding<'a>,
    /// `body-fld-octets`: the size in its transfer encoding.
    pub octets: u32,
}

impl<'a> BodyFields<'a> {
    /// Fields with no parameters, id or description.
    pub const fn new(encoding: BodyEncoding<'a>, octets: u32) -> Self {
        Self {
            params: Vec::new(),
            id: None,
            description: None,
            encoding,
            octets,
        }
    }

    /// The value of the body parameter `name` (any case), the first if it repeats.
    pub fn param(&self, name: &str) -> Option<&IString<'_>> {
        find_param(&self.params, name)
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> BodyFields<'static> {
        BodyFields {
            params: owned_params(self.params),
            id: owned(self.id),
            description: owned(self.description),
            encoding: self.encoding.into_owned(),
            octets: self.octets,
        }
    }
}

/// RFC 9051 §9 `body-fld-enc = (DQUOTE ("7BIT" / "8BIT" / "BINARY" / "BASE64"/
/// "QUOTED-PRINTABLE") DQUOTE) / string`: the five known encodings typed (read in any
/// case, written in upper case), any other kept as sent.
///
/// ```
/// use imap_proto::types::body::{BodyEncoding, OtherEncoding};
/// use imap_proto::types::core::IString;
///
/// let s = |v: &'static str| IString::try_from(v).unwrap();
/// assert_eq!(BodyEncoding::new(s("base64")), BodyEncoding::Base64);
/// assert_eq!(BodyEncoding::Base64.as_bytes(), b"BASE64");
/// assert!(matches!(BodyEncoding::new(s("x-uuencode")), BodyEncoding::Other(_)));
/// assert!(OtherEncoding::new(s("7bit")).is_err()); // a known name is never "other"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BodyEncoding<'a> {
    /// `7BIT`.
    SevenBit,
    /// `8BIT`.
    EightBit,
    /// `BINARY`.
    Binary,
    /// `BASE64`.
    Base64,
    /// `QUOTED-PRINTABLE`.
    QuotedPrintable,
    /// Any other name.
    Other(OtherEncoding<'a>),
}

/// The known encodings and their names.
const ENCODINGS: [(&[u8], BodyEncoding<'static>); 5] = [
    (b"7BIT", BodyEncoding::SevenBit),
    (b"8BIT", BodyEncoding::EightBit),
    (b"BINARY", BodyEncoding::Binary),
    (b"BASE64", BodyEncoding::Base64),
    (b"QUOTED-PRINTABLE", BodyEncoding::QuotedPrintable),
];

fn known_encoding(s: &[u8]) -> Option<BodyEncoding<'static>> {
    ENCODINGS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(s))
        .map(|(_, e)| e.clone())
}

impl<'a> BodyEncoding<'a> {
    /// The encoding named `s`: a known one in any case, else [`BodyEncoding::Other`].
    pub fn new(s: IString<'a>) -> Self {
        match known_encoding(s.as_bytes()) {
            Some(e) => e,
            None => Self::Other(OtherEncoding(s)),
        }
    }

    /// The name as written.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Self::SevenBit => b"7BIT",
            Self::EightBit => b"8BIT",
            Self::Binary => b"BINARY",
            Self::Base64 => b"BASE64",
            Self::QuotedPrintable => b"QUOTED-PRINTABLE",
            Self::Other(o) => o.0.as_bytes(),
        }
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> BodyEncoding<'static> {
        match self {
            Self::SevenBit => BodyEncoding::SevenBit,
            Self::EightBit => BodyEncoding::EightBit,
            Self::Binary => BodyEncoding::Binary,
            Self::Base64 => BodyEncoding::Base64,
            Self::QuotedPrintable => BodyEncoding::QuotedPrintable,
            Self::Other(o) => BodyEncoding::Other(o.into_owned()),
        }
    }
}

/// A transfer encoding other than the five [`BodyEncoding`] names (so that it reads back
/// as itself).
///
/// ```
/// use imap_proto::types::body::OtherEncoding;
/// use imap_proto::types::core::IString;
///
/// let e = OtherEncoding::new(IString::try_from("x-uuencode").unwrap()).unwrap();
/// assert_eq!(e.as_string().as_bytes(), b"x-uuencode");
/// assert!(OtherEncoding::new(IString::try_from("Base64").unwrap()).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OtherEncoding<'a>(IString<'a>);

impl<'a> OtherEncoding<'a> {
    /// Checks that `s` is not one of the known names (in any case).
    pub fn new(s: IString<'a>) -> Result<Self, Error> {
        if known_encoding(s.as_bytes()).is_some() {
            return Err(Error::expected(0, "an encoding other than the known five"));
        }
        Ok(Self(s))
    }

    /// The name.
    pub const fn as_string(&self) -> &IString<'a> {
        &self.0
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> OtherEncoding<'static> {
        OtherEncoding(self.0.into_owned())
    }
}

/// RFC 9051 §9 `body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]`.
///
/// ```
/// use imap_proto::types::body::{BodyEncoding, BodyFields, BodyStructure, MultiPart, NonEmpty, PartKind, SinglePart};
/// use imap_proto::types::core::IString;
///
/// let leaf = BodyStructure::Single(SinglePart {
///     kind: PartKind::Text { subtype: IString::try_from("plain").unwrap(), lines: 1 },
///     fields: BodyFields::new(BodyEncoding::SevenBit, 3),
///     extension: None,
/// });
/// let mixed = MultiPart {
///     parts: NonEmpty::one(leaf),
///     subtype: IString::try_from("mixed").unwrap(),
///     extension: None,
/// };
/// assert_eq!(mixed.parts.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MultiPart<'a> {
    /// The parts, in order (part numbers 1, 2, …).
    pub parts: NonEmpty<BodyStructure<'a>>,
    /// `media-subtype` (`mixed`, `alternative` …).
    pub subtype: IString<'a>,
    /// `body-ext-mpart`, if sent (BODYSTRUCTURE; never BODY).
    pub extension: Option<MultiPartExt<'a>>,
}

impl MultiPart<'_> {
    /// The value of the multipart parameter `name` (any case; `boundary` …), from the
    /// extension data.
    pub fn param(&self, name: &str) -> Option<&IString<'_>> {
        find_param(&self.extension.as_ref()?.params, name)
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> MultiPart<'static> {
        MultiPart {
            parts: self.parts.map(BodyStructure::into_owned),
            subtype: self.subtype.into_owned(),
            extension: self.extension.map(MultiPartExt::into_owned),
        }
    }
}

// ----- extension data -----

/// RFC 9051 §9 `body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP
/// body-fld-loc *(SP body-extension)]]]`: each field optional only when every field after
/// it is absent, so the later ones hang from the earlier ones (`rest`); the accessors read
/// through the chain.
///
/// ```
/// use imap_proto::types::body::{Disposition, DispositionExt, SinglePartExt};
/// use imap_proto::types::core::IString;
///
/// let ext = SinglePartExt {
///     md5: None,
///     rest: Some(DispositionExt {
///         disposition: Some(Disposition {
///             kind: IString::try_from("inline").unwrap(),
///             params: Vec::new(),
///         }),
///         rest: None,
///     }),
/// };
/// assert_eq!(ext.disposition().unwrap().kind.as_bytes(), b"inline");
/// assert!(ext.language().is_none() && ext.extensions().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SinglePartExt<'a> {
    /// `body-fld-md5`.
    pub md5: NString<'a>,
    /// The disposition and what follows it, if sent.
    pub rest: Option<DispositionExt<'a>>,
}

/// RFC 9051 §9 `body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP
/// body-fld-loc *(SP body-extension)]]]` (see [`SinglePartExt`] for the chain).
///
/// ```
/// use imap_proto::types::body::MultiPartExt;
/// use imap_proto::types::core::IString;
///
/// let s = |v: &'static str| IString::try_from(v).unwrap();
/// let ext = MultiPartExt { params: vec![(s("boundary"), s("b1"))], rest: None };
/// assert!(ext.disposition().is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MultiPartExt<'a> {
    /// `body-fld-param` of the multipart (empty: `NIL`).
    pub params: BodyParams<'a>,
    /// The disposition and what follows it, if sent.
    pub rest: Option<DispositionExt<'a>>,
}

/// `body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]`.
///
/// ```
/// use imap_proto::types::body::DispositionExt;
///
/// // "NIL": no disposition, and nothing after it.
/// let d = DispositionExt { disposition: None, rest: None };
/// assert!(d.disposition.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DispositionExt<'a> {
    /// `body-fld-dsp` (`None`: `NIL`).
    pub disposition: Option<Disposition<'a>>,
    /// The language and what follows it, if sent.
    pub rest: Option<LanguageExt<'a>>,
}

/// `body-fld-lang [SP body-fld-loc *(SP body-extension)]`.
///
/// ```
/// use imap_proto::types::body::{Language, LanguageExt};
///
/// // "NIL": no language, and nothing after it.
/// let l = LanguageExt { language: Language::Single(None), rest: None };
/// assert_eq!(l.language.tags().count(), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageExt<'a> {
    /// `body-fld-lang`.
    pub language: Language<'a>,
    /// The location and what follows it, if sent.
    pub rest: Option<LocationExt<'a>>,
}

/// `body-fld-loc *(SP body-extension)`.
///
/// ```
/// use imap_proto::types::body::{BodyExtension, LocationExt};
///
/// // `NIL 7`: no location, then one (not yet defined) extension number.
/// let l = LocationExt { location: None, extensions: vec![BodyExtension::Number(7)] };
/// assert_eq!(l.extensions.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LocationExt<'a> {
    /// `body-fld-loc`: the Content-Location URI.
    pub location: NString<'a>,
    /// Extension data not yet defined (kept in order; empty when none was sent).
    pub extensions: Vec<BodyExtension<'a>>,
}

macro_rules! ext_accessors {
    ($t:ident) => {
        impl<'a> $t<'a> {
            /// The disposition (`None` when `NIL` or not sent).
            pub fn disposition(&self) -> Option<&Disposition<'a>> {
                self.rest.as_ref()?.disposition.as_ref()
            }

            /// The language, if sent.
            pub fn language(&self) -> Option<&Language<'a>> {
                Some(&self.rest.as_ref()?.rest.as_ref()?.language)
            }

            /// The location (`None` when `NIL` or not sent).
            pub fn location(&self) -> Option<&IString<'a>> {
                self.location_ext()?.location.as_ref()
            }

            /// The extension data after the location (empty when none was sent).
            pub fn extensions(&self) -> &[BodyExtension<'a>] {
                self.location_ext().map_or(&[], |l| &l.extensions)
            }

            fn location_ext(&self) -> Option<&LocationExt<'a>> {
                self.rest.as_ref()?.rest.as_ref()?.rest.as_ref()
            }
        }
    };
}

ext_accessors!(SinglePartExt);
ext_accessors!(MultiPartExt);

impl SinglePartExt<'_> {
    /// The same value owning its bytes.
    pub fn into_owned(self) -> SinglePartExt<'static> {
        SinglePartExt {
            md5: owned(self.md5),
            rest: self.rest.map(DispositionExt::into_owned),
        }
    }
}

impl MultiPartExt<'_> {
    /// The same value owning its bytes.
    pub fn into_owned(self) -> MultiPartExt<'static> {
        MultiPartExt {
            params: owned_params(self.params),
            rest: self.rest.map(DispositionExt::into_owned),
        }
    }
}

impl DispositionExt<'_> {
    /// The same value owning its bytes.
    pub fn into_owned(self) -> DispositionExt<'static> {
        DispositionExt {
            disposition: self.disposition.map(Disposition::into_owned),
            rest: self.rest.map(LanguageExt::into_owned),
        }
    }
}

impl LanguageExt<'_> {
    /// The same value owning its bytes.
    pub fn into_owned(self) -> LanguageExt<'static> {
        LanguageExt {
            language: self.language.into_owned(),
            rest: self.rest.map(LocationExt::into_owned),
        }
    }
}

impl LocationExt<'_> {
    /// The same value owning its bytes.
    pub fn into_owned(self) -> LocationExt<'static> {
        LocationExt {
            location: owned(self.location),
            extensions: self
                .extensions
                .into_iter()
                .map(BodyExtension::into_owned)
                .collect(),
        }
    }
}

/// RFC 9051 §9 `body-fld-dsp = "(" string SP body-fld-param ")" / nil` (the `NIL` form is
/// `None` where it is used).
///
/// ```
/// use imap_proto::types::body::Disposition;
/// use imap_proto::types::core::IString;
///
/// let s = |v: &'static str| IString::try_from(v).unwrap();
/// let d = Disposition { kind: s("attachment"), params: vec![(s("filename"), s("report.bin"))] };
/// assert_eq!(d.param("FILENAME").unwrap().as_bytes(), b"report.bin");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Disposition<'a> {
    /// The disposition type (`inline`, `attachment` …).
    pub kind: IString<'a>,
    /// Its parameters (empty: `NIL`).
    pub params: BodyParams<'a>,
}

impl Disposition<'_> {
    /// The value of the parameter `name` (any case).
    pub fn param(&self, name: &str) -> Option<&IString<'_>> {
        find_param(&self.params, name)
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> Disposition<'static> {
        Disposition {
            kind: self.kind.into_owned(),
            params: owned_params(self.params),
        }
    }
}

/// RFC 9051 §9 `body-fld-lang = nstring / "(" string *(SP string) ")"`: both forms kept.
///
/// ```
/// use imap_proto::types::body::{Language, NonEmpty};
/// use imap_proto::types::core::IString;
///
/// let one = Language::Single(Some(IString::try_from("en").unwrap()));
/// let list = Language::List(NonEmpty::one(IString::try_from("en").unwrap()));
/// assert_ne!(one, list); // "en" and ("en") are different wire forms
/// assert_eq!(list.tags().count(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Language<'a> {
    /// One tag, or `NIL`.
    Single(NString<'a>),
    /// A parenthesized list of tags.
    List(NonEmpty<IString<'a>>),
}

impl<'a> Language<'a> {
    /// The language tags (none for `NIL`).
    pub fn tags(&self) -> impl Iterator<Item = &IString<'a>> + '_ {
        let (single, list): (Option<&IString<'a>>, &[IString<'a>]) = match self {
            Self::Single(s) => (s.as_ref(), &[]),
            Self::List(l) => (None, l.as_slice()),
        };
        single.into_iter().chain(list)
    }

    /// The same value owning its bytes.
    pub fn into_owned(self) -> Language<'static> {
        match self {
            Self::Single(s) => Language::Single(owned(s)),
            Self::List(l) => Language::List(l.map(IString::into_owned)),
        }
    }
}

/// RFC 9051 §9 `body-extension = nstring / number / number64 / "(" body-extension *(SP
/// body-extension) ")"` (RFC 3501: `nstring / number / …`): extension data not defined
/// yet, kept as sent.
///
/// ```
/// use imap_proto::types::body::{BodyExtension, NonEmpty};
///
/// let e = BodyExtension::List(NonEmpty::new(vec![BodyExtension::Number(1), BodyExtension::String(None)]).unwrap());
/// assert!(matches!(e, BodyExtension::List(ref l) if l.len() == 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BodyExtension<'a> {
    /// A string, or `NIL`.
    String(NString<'a>),
    /// A number (read up to `u64::MAX`).
    Number(u64),
    /// A parenthesized list.
    List(NonEmpty<Self>),
}

impl BodyExtension<'_> {
    /// The same value owning its bytes.
    pub fn into_owned(self) -> BodyExtension<'static> {
        match self {
            Self::String(s) => BodyExtension::String(owned(s)),
            Self::Number(n) => BodyExtension::Number(n),
            Self::List(l) => BodyExtension::List(l.map(BodyExtension::into_owned)),
        }
    }
}
