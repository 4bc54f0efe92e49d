//! Server responses other than FETCH data (RFC 3501 §7, RFC 9051 §7 and §9, and the
//! extensions' responses): the greeting, status responses with their response codes,
//! continuation requests and untagged data.
//!
//! A client reads the [`Greeting`] first, then [`Response`]s: a [`StatusResponse`]
//! (tagged or untagged `OK` / `NO` / `BAD`, untagged `PREAUTH` / `BYE`), a [`Continuation`]
//! request (`+`), or untagged [`Data`]. Each is parsed from one complete message as the
//! framing layer ([`Framer`](crate::Framer) with [`Side::Client`](crate::Side::Client)) delivers
//! it, and encoded back with [`Response::encode`].
//!
//! Unknown response codes ([`Code::Other`]), unknown untagged data ([`Data::Other`]) and
//! unknown items inside LIST, STATUS and ESEARCH responses are kept with their raw bytes
//! and written back byte for byte.
//!
//! ```
//! use imap_proto::ParserOptions;
//! use imap_proto::encode::core::EncodeOptions;
//! use imap_proto::types::response::{Code, Data, Response, StatusKind};
//!
//! let opts = ParserOptions::default();
//! // RFC 9051 §7.1: a tagged OK with a response code.
//! let r = Response::parse_message(b"A142 OK [READ-WRITE] SELECT completed\r\n", &opts).unwrap();
//! let Response::Status(s) = &r else { panic!() };
//! assert_eq!(s.tag().unwrap().as_str(), "A142");
//! assert_eq!(s.kind(), StatusKind::Ok);
//! assert_eq!(s.code(), Some(&Code::ReadWrite));
//! assert_eq!(s.text().as_bytes(), b"SELECT completed");
//! assert_eq!(r.encode(&EncodeOptions::default()).as_bytes(), b"A142 OK [READ-WRITE] SELECT completed\r\n");
//!
//! // Untagged data.
//! let r = Response::parse_message(b"* 172 EXISTS\r\n", &opts).unwrap();
//! assert_eq!(r, Response::Data(Data::Exists(172)));
//! ```

use std::borrow::Cow;
use std::num::NonZeroU32;

use crate::Status;
use crate::encode::core::{EncodeOptions, Encoded, Writer};
use crate::error::Error;
use crate::options::ParserOptions;
use crate::parse::chars;
use crate::parse::core::Cursor;
use crate::stream::framing::parse_one;
use crate::types::capability::Capability;
use crate::types::command::OtherStatusName;
use crate::types::core::{
    Atom, Binary, Charset, Flag, FlagPerm, IString, Label, Mailbox, NString, NonEmpty, Number64,
    ObjectId, SequenceSet, Tag, byte_error, literal_marker_at_end,
};
use crate::types::core::{checked_bytes, named_keywords, reads_whole};
use crate::types::fetch::FetchData;

// ---------------------------------------------------------------------------------------
// Small validated values
// ---------------------------------------------------------------------------------------

checked_bytes!(
    /// The human-readable text of a response (RFC 9051 §9 `text = 1*(TEXT-CHAR / UTF8-2 /
    /// UTF8-3 / UTF8-4)`), kept as bytes: any byte but NUL, CR and LF.
    ///
    /// The parser takes UTF-8 only in strict mode and any 8-bit byte in lenient mode (RFC 3501
    /// servers send Latin-1); a value with 8-bit bytes that are not UTF-8 therefore reads back
    /// only in lenient mode. Empty text is allowed (RFC 9051 `resp-text = ["[" resp-text-code
    /// "]" SP] [text]`).
    ///
    /// The text ends its line, so it cannot end with a literal announcement (`{5}`, `{5+}`):
    /// the framing layer would wait for 5 octets of literal data.
    Text, Default
);

impl<'a> Text<'a> {
    /// Checks `s`: no NUL, CR or LF, and not ending with a literal announcement `{n}` or
    /// `{n+}` (the error is at its `{`).
    ///
    /// ```
    /// use imap_proto::types::response::Text;
    ///
    /// assert!(Text::new(&b"Dovecot ready."[..]).is_ok());
    /// assert!(Text::new(&b"sizes {5} and {6+} inside"[..]).is_ok());
    /// assert_eq!(Text::new(&b"wait {5}"[..]).unwrap_err().offset, 5);
    /// assert_eq!(Text::new(&b"wait ~{12+}"[..]).unwrap_err().offset, 6);
    /// ```
    pub fn new(s: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let s = s.into();
        if let Some(p) = s.iter().position(|&c| c == 0 || c == b'\r' || c == b'\n') {
            return Err(byte_error(&s, p, "text"));
        }
        if let Some(p) = literal_marker_at_end(&s) {
            return Err(Error::expected(
                p,
                "text not ending in a literal announcement",
            ));
        }
        Ok(Self(s))
    }

    /// The bytes as UTF-8, if they are.
    pub fn to_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> TryFrom<&'a str> for Text<'a> {
    type Error = Error;
    fn try_from(s: &'a str) -> Result<Self, Error> {
        Self::new(s.as_bytes())
    }
}

checked_bytes!(
    /// The argument text of an unknown response code (RFC 9051 §9 `atom [SP 1*<any TEXT-CHAR
    /// except "]">]`) or of `BADURL` (RFC 4469 §5 `url-resp-text = 1*(%x01-09 / %x0B-0C /
    /// %x0E-5C / %x5E-FE)`): at least one byte, none of them NUL, CR, LF, `]` or 0xFF.
    ///
    /// Unknown codes take 7-bit text in strict mode and 8-bit bytes too in lenient mode;
    /// `BADURL` takes 8-bit bytes in both (RFC 4469's grammar allows them).
    CodeText
);

impl<'a> CodeText<'a> {
    /// Checks `s`: not empty, no NUL, CR, LF, `]` or 0xFF (which RFC 4469's
    /// `url-resp-text` leaves out, and no `TEXT-CHAR` is either).
    pub fn new(s: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let s = s.into();
        if s.is_empty() {
            return Err(Error::expected(0, "response code text"));
        }
        match s
            .iter()
            .position(|&c| matches!(c, 0 | b'\r' | b'\n' | b']' | 0xFF))
        {
            Some(p) => Err(byte_error(&s, p, "response code text")),
            None => Ok(Self(s)),
        }
    }
}

/// A mod-sequence (RFC 7162 §7 `mod-sequence-value = 1*DIGIT`, "positive unsigned 63-bit
/// integer": 1 to 2^63 − 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModSeq(u64);

impl ModSeq {
    /// The largest mod-sequence, 2^63 − 1.
    pub const MAX: u64 = i64::MAX as u64;

    /// `n` if it is a mod-sequence value (1 to 2^63 − 1).
    pub const fn new(n: u64) -> Option<Self> {
        if n == 0 || n > Self::MAX {
            None
        } else {
            Some(Self(n))
        }
    }

    /// The value.
    pub const fn get(self) -> u64 {
        self.0
    }
}

/// RFC 4315 §4 `uid-set = (uniqueid / uid-range) *("," uid-set)`: a sequence set of UIDs
/// without `*` or `$` (APPENDUID, COPYUID; RFC 7162 VANISHED `known-uids`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UidSet<'a>(SequenceSet<'a>);

impl<'a> UidSet<'a> {
    /// Checks `s`: a sequence set with no `*` and no `$`.
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        if let Some(p) = s.bytes().position(|c| c == b'*' || c == b'$') {
            return Err(Error::expected(p, "UID (no * or $ in a uid-set)"));
        }
        SequenceSet::new(s).map(Self)
    }

    /// A set the parser has checked.
    pub(crate) const fn from_valid(s: SequenceSet<'a>) -> Self {
        Self(s)
    }

    /// The set as a [`SequenceSet`] (its ranges never hold [`SeqNumber::Star`](crate::types::core::SeqNumber::Star)).
    pub const fn as_sequence_set(&self) -> &SequenceSet<'a> {
        &self.0
    }

    /// The wire text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> UidSet<'static> {
        UidSet(self.0.into_owned())
    }
}

checked_bytes!(
    /// The value of an item the crate does not know (an unknown LIST extended item, STATUS
    /// item or ESEARCH return item), kept exactly as received and written back unchanged:
    /// RFC 4466 §2.1 `tagged-ext-val = tagged-ext-simple / "(" [tagged-ext-comp] ")"`, read
    /// as one astring-like word (`*` and `$` allowed, for sequence sets), a quoted string, a
    /// literal, a `literal8` or a parenthesized list of those.
    RawValue
);

impl<'a> RawValue<'a> {
    /// Checks `b`: exactly one value as the parser reads it, so the value reads back as
    /// itself. A word cannot start with `~` (that starts a `literal8`); a literal carries
    /// as many octets as it announces; parentheses balance, with single SPs between the
    /// values of a list; no CR, LF or NUL outside literal data.
    ///
    /// ```
    /// use imap_proto::types::response::RawValue;
    ///
    /// assert!(RawValue::new(&b"1:5,7"[..]).is_ok());
    /// assert!(RawValue::new(&b"(a \"b)\" (c {1}\r\nd))"[..]).is_ok());
    /// assert_eq!(RawValue::new(&b"~x"[..]).unwrap_err().offset, 1); // not a literal8
    /// assert_eq!(RawValue::new(&b"(a  b)"[..]).unwrap_err().offset, 3);
    /// assert_eq!(RawValue::new(&b"a b"[..]).unwrap_err().offset, 1); // two values
    /// assert!(RawValue::new(&b""[..]).is_err());
    /// ```
    pub fn new(b: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let b = b.into();
        reads_whole(&b, |c| c.tagged_ext_value().map(|_| ()))?;
        Ok(Self(b))
    }
}

checked_bytes!(
    /// The arguments of untagged data the crate does not know ([`Data::Other`]): every byte
    /// after the name up to the final CRLF, literals included, kept exactly as received and
    /// written back unchanged.
    RawData, Default
);

impl<'a> RawData<'a> {
    /// Checks `b`: empty, or starting with a byte that cannot continue the name (usually
    /// SP); line ends only where a literal's announcement (`{n}`, `~{n}`) ends a line, its
    /// data carrying as many octets as it announces; no NUL outside literal data; not
    /// ending in a literal announcement (the message's last line would wait for literal
    /// data).
    ///
    /// ```
    /// use imap_proto::types::response::RawData;
    ///
    /// assert!(RawData::new(&b""[..]).is_ok());
    /// assert!(RawData::new(&b" a {3}\r\nx\ry (b"[..]).is_ok());
    /// assert_eq!(RawData::new(&b"x"[..]).unwrap_err().offset, 0); // part of the name
    /// assert_eq!(RawData::new(&b" a\r\nb"[..]).unwrap_err().offset, 2);
    /// assert_eq!(RawData::new(&b" wait {3}"[..]).unwrap_err().offset, 6);
    /// assert!(RawData::new(&b" {4}\r\nabc"[..]).is_err()); // one octet short
    /// ```
    pub fn new(b: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let b = b.into();
        if b.first().is_some_and(|&c| chars::is(c, chars::ATOM)) {
            return Err(Error::expected(0, "SP after the name"));
        }
        if let Some(p) = literal_marker_at_end(&b) {
            return Err(Error::expected(p, "no literal announcement at the end"));
        }
        let mut msg = Vec::with_capacity(b.len() + 2);
        msg.extend_from_slice(&b);
        msg.extend_from_slice(b"\r\n");
        reads_whole(&msg, |c| c.raw_rest().map(|_| ()))?;
        Ok(Self(b))
    }
}

/// One entry of a FLAGS response or a PERMANENTFLAGS response code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlagEntry<'a> {
    /// A flag, or `\*` ([`FlagPerm::Any`]: PERMANENTFLAGS; in FLAGS only in lenient mode).
    Flag(FlagPerm<'a>),
    /// Lenient mode only: a keyword that holds `]`, which an atom cannot (Gmail lists
    /// keywords such as `OIB-Seen-[Gmail]/Trash`). The text is `1*ASTRING-CHAR` with at
    /// least one `]`.
    Bracketed(Cow<'a, str>),
}

impl FlagEntry<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> FlagEntry<'static> {
        match self {
            Self::Flag(f) => FlagEntry::Flag(f.into_owned()),
            Self::Bracketed(s) => FlagEntry::Bracketed(Cow::Owned(s.into_owned())),
        }
    }
}

impl<'a> From<Flag<'a>> for FlagEntry<'a> {
    fn from(f: Flag<'a>) -> Self {
        Self::Flag(FlagPerm::Flag(f))
    }
}

// ---------------------------------------------------------------------------------------
// Response codes
// ---------------------------------------------------------------------------------------

/// RFC 5464 §5 `"METADATA" SP ("LONGENTRIES" SP number / "MAXSIZE" SP number / "TOOMANY" /
/// "NOPRIVATE")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetadataCode {
    /// `LONGENTRIES n`: the size of the largest entry value not returned.
    LongEntries(u32),
    /// `MAXSIZE n`: the largest value size the server accepts.
    MaxSize(u32),
    /// `TOOMANY`: too many annotations.
    TooMany,
    /// `NOPRIVATE`: private annotations are not supported.
    NoPrivate,
}

/// One mechanism of an RFC 4467 URLMECH code after `INTERNAL`: `mechanism ["=" base64]`,
/// `mechanism = "INTERNAL" / 1*(ALPHA / DIGIT / "-" / ".")`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UrlMechanism<'a> {
    /// The mechanism name (letters, digits, `-`, `.`).
    pub name: Atom<'a>,
    /// The base64 data after `=`, if any (base64 characters only).
    pub data: Option<Atom<'a>>,
}

/// A response code (RFC 9051 §7.1 / §9 `resp-text-code`, RFC 3501 §7.1, and the
/// extensions'): the bracketed part of a status response.
///
/// The name is case-insensitive on the wire and written in upper case. A code whose name
/// the crate knows but whose arguments do not fit its grammar (`[UIDVALIDITY 9877410381]`,
/// past 32 bits) reads as [`Code::Other`], as the grammar's `atom [SP 1*<any TEXT-CHAR
/// except "]">]` alternative allows; [`Code::Other`] is meant for names the crate does not
/// know or arguments it cannot type, and one holding a known name with typed-valid
/// arguments reads back as the typed variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code<'a> {
    /// `ALERT` (RFC 9051 §7.1): the text must be shown to the user.
    Alert,
    /// `BADCHARSET [(charsets)]` (RFC 9051 §7.1): the charsets the server supports (none:
    /// no list).
    BadCharset(Vec<Charset<'a>>),
    /// `CAPABILITY caps` (RFC 9051 §7.1): the capability list.
    Capability(Vec<Capability<'a>>),
    /// `PARSE` (RFC 9051 §7.1): a message's header could not be parsed.
    Parse,
    /// `PERMANENTFLAGS (flags)` (RFC 9051 §7.1).
    PermanentFlags(Vec<FlagEntry<'a>>),
    /// `READ-ONLY`.
    ReadOnly,
    /// `READ-WRITE`.
    ReadWrite,
    /// `TRYCREATE`.
    TryCreate,
    /// `UIDNEXT n`.
    UidNext(NonZeroU32),
    /// `UIDVALIDITY n`.
    UidValidity(NonZeroU32),
    /// `UNSEEN n` (RFC 3501 §7.1; not in RFC 9051).
    Unseen(NonZeroU32),
    /// `CLOSED` (RFC 9051 §7.1, RFC 7162 §3.2.11).
    Closed,
    /// `HASCHILDREN` (RFC 9051 §7.1).
    HasChildren,
    /// `UNKNOWN-CTE` (RFC 9051 §7.1, RFC 3516).
    UnknownCte,
    /// `UNAVAILABLE` (RFC 5530 §3).
    Unavailable,
    /// `AUTHENTICATIONFAILED` (RFC 5530).
    AuthenticationFailed,
    /// `AUTHORIZATIONFAILED` (RFC 5530).
    AuthorizationFailed,
    /// `EXPIRED` (RFC 5530).
    Expired,
    /// `PRIVACYREQUIRED` (RFC 5530).
    PrivacyRequired,
    /// `CONTACTADMIN` (RFC 5530).
    ContactAdmin,
    /// `NOPERM` (RFC 5530).
    NoPerm,
    /// `INUSE` (RFC 5530).
    InUse,
    /// `EXPUNGEISSUED` (RFC 5530).
    ExpungeIssued,
    /// `CORRUPTION` (RFC 5530).
    Corruption,
    /// `SERVERBUG` (RFC 5530).
    ServerBug,
    /// `CLIENTBUG` (RFC 5530).
    ClientBug,
    /// `CANNOT` (RFC 5530).
    Cannot,
    /// `LIMIT` (RFC 5530).
    Limit,
    /// `OVERQUOTA` (RFC 5530).
    OverQuota,
    /// `ALREADYEXISTS` (RFC 5530).
    AlreadyExists,
    /// `NONEXISTENT` (RFC 5530).
    NonExistent,
    /// `APPENDUID uidvalidity uid-set` (RFC 4315 §3; a set after MULTIAPPEND).
    AppendUid {
        /// The UIDVALIDITY of the destination mailbox.
        uid_validity: NonZeroU32,
        /// The UIDs assigned.
        uids: UidSet<'a>,
    },
    /// `COPYUID uidvalidity source-set dest-set` (RFC 4315 §3).
    CopyUid {
        /// The UIDVALIDITY of the destination mailbox.
        uid_validity: NonZeroU32,
        /// The UIDs of the messages copied.
        source: UidSet<'a>,
        /// The UIDs assigned to the copies, in the same order.
        destination: UidSet<'a>,
    },
    /// `UIDNOTSTICKY` (RFC 4315 §3).
    UidNotSticky,
    /// `HIGHESTMODSEQ n` (RFC 7162 §3.1.2.1).
    HighestModSeq(ModSeq),
    /// `NOMODSEQ` (RFC 7162 §3.1.2.2).
    NoModSeq,
    /// `MODIFIED set` (RFC 7162 §3.1.3): the messages a conditional STORE did not change.
    Modified(SequenceSet<'a>),
    /// `BADURL url` (RFC 4469 §5).
    BadUrl(CodeText<'a>),
    /// `TOOBIG` (RFC 4469 §5).
    TooBig,
    /// `METADATA …` (RFC 5464 §5).
    Metadata(MetadataCode),
    /// `MAILBOXID (id)` (RFC 8474 §4.1).
    MailboxId(ObjectId<'a>),
    /// `NOTSAVED` (RFC 5182 §4, RFC 9051).
    NotSaved,
    /// `COMPRESSIONACTIVE` (RFC 4978 §4).
    CompressionActive,
    /// `USEATTR` (RFC 6154 §6).
    UseAttr,
    /// `NOTIFICATIONOVERFLOW` (RFC 5465 §5.8).
    NotificationOverflow,
    /// `BADEVENT (events)` (RFC 5465 §5.9): the events the server supports (RFC 5465 §8:
    /// `"BADEVENT" SP "(" event *(SP event) ")"`, at least one).
    BadEvent(NonEmpty<Atom<'a>>),
    /// `URLMECH INTERNAL [mechanisms]` (RFC 4467 §9): the mechanisms after `INTERNAL`.
    UrlMech(Vec<UrlMechanism<'a>>),
    /// Any other code: its name and the text after the SP, as sent.
    Other {
        /// The code's name.
        name: Atom<'a>,
        /// The text after the name and its SP, if any.
        text: Option<CodeText<'a>>,
    },
}

impl Code<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> Code<'static> {
        match self {
            Self::Alert => Code::Alert,
            Self::BadCharset(v) => {
                Code::BadCharset(v.into_iter().map(Charset::into_owned).collect())
            }
            Self::Capability(v) => {
                Code::Capability(v.into_iter().map(Capability::into_owned).collect())
            }
            Self::Parse => Code::Parse,
            Self::PermanentFlags(v) => {
                Code::PermanentFlags(v.into_iter().map(FlagEntry::into_owned).collect())
            }
            Self::ReadOnly => Code::ReadOnly,
            Self::ReadWrite => Code::ReadWrite,
            Self::TryCreate => Code::TryCreate,
            Self::UidNext(n) => Code::UidNext(n),
            Self::UidValidity(n) => Code::UidValidity(n),
            Self::Unseen(n) => Code::Unseen(n),
            Self::Closed => Code::Closed,
            Self::HasChildren => Code::HasChildren,
            Self::UnknownCte => Code::UnknownCte,
            Self::Unavailable => Code::Unavailable,
            Self::AuthenticationFailed => Code::AuthenticationFailed,
            Self::AuthorizationFailed => Code::AuthorizationFailed,
            Self::Expired => Code::Expired,
            Self::PrivacyRequired => Code::PrivacyRequired,
            Self::ContactAdmin => Code::ContactAdmin,
            Self::NoPerm => Code::NoPerm,
            Self::InUse => Code::InUse,
            Self::ExpungeIssued => Code::ExpungeIssued,
            Self::Corruption => Code::Corruption,
            Self::ServerBug => Code::ServerBug,
            Self::ClientBug => Code::ClientBug,
            Self::Cannot => Code::Cannot,
            Self::Limit => Code::Limit,
            Self::OverQuota => Code::OverQuota,
            Self::AlreadyExists => Code::AlreadyExists,
            Self::NonExistent => Code::NonExistent,
            Self::AppendUid { uid_validity, uids } => Code::AppendUid {
                uid_validity,
                uids: uids.into_owned(),
            },
            Self::CopyUid {
                uid_validity,
                source,
                destination,
            } => Code::CopyUid {
                uid_validity,
                source: source.into_owned(),
                destination: destination.into_owned(),
            },
            Self::UidNotSticky => Code::UidNotSticky,
            Self::HighestModSeq(m) => Code::HighestModSeq(m),
            Self::NoModSeq => Code::NoModSeq,
            Self::Modified(s) => Code::Modified(s.into_owned()),
            Self::BadUrl(u) => Code::BadUrl(u.into_owned()),
            Self::TooBig => Code::TooBig,
            Self::Metadata(m) => Code::Metadata(m),
            Self::MailboxId(id) => Code::MailboxId(id.into_owned()),
            Self::NotSaved => Code::NotSaved,
            Self::CompressionActive => Code::CompressionActive,
            Self::UseAttr => Code::UseAttr,
            Self::NotificationOverflow => Code::NotificationOverflow,
            Self::BadEvent(v) => Code::BadEvent(v.map(Atom::into_owned)),
            Self::UrlMech(v) => Code::UrlMech(
                v.into_iter()
                    .map(|m| UrlMechanism {
                        name: m.name.into_owned(),
                        data: m.data.map(Atom::into_owned),
                    })
                    .collect(),
            ),
            Self::Other { name, text } => Code::Other {
                name: name.into_owned(),
                text: text.map(CodeText::into_owned),
            },
        }
    }
}

// ---------------------------------------------------------------------------------------
// Status responses, greeting, continuation
// ---------------------------------------------------------------------------------------

/// The condition of a status response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusKind {
    /// `OK`.
    Ok,
    /// `NO`.
    No,
    /// `BAD`.
    Bad,
    /// `PREAUTH` (untagged only: RFC 9051 `resp-cond-auth`, in the greeting).
    PreAuth,
    /// `BYE` (untagged only: RFC 9051 `resp-cond-bye`).
    Bye,
}

impl StatusKind {
    /// The keyword, in upper case.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::No => "NO",
            Self::Bad => "BAD",
            Self::PreAuth => "PREAUTH",
            Self::Bye => "BYE",
        }
    }
}

/// A status response (RFC 9051 §7.1): `tag SP resp-cond-state` or `"*" SP (resp-cond-state
/// / resp-cond-bye / resp-cond-auth)`, with `resp-text = ["[" resp-text-code "]" SP]
/// [text]`.
///
/// Built with [`StatusResponse::tagged`] or [`StatusResponse::untagged`], which refuse what
/// the wire cannot carry: a tagged `PREAUTH` or `BYE` (the grammar has none), and text that
/// starts with a response code when there is no code (see [`resp_text_fits`]).
///
/// ```
/// use imap_proto::types::core::Tag;
/// use imap_proto::types::response::{Code, StatusKind, StatusResponse, Text};
///
/// let text = Text::try_from("SELECT completed").unwrap();
/// let tag = Tag::new("A142").unwrap();
/// let ok = StatusResponse::tagged(tag.clone(), StatusKind::Ok, Some(Code::ReadWrite), text.clone());
/// assert_eq!(ok.unwrap().kind(), StatusKind::Ok);
/// assert!(StatusResponse::tagged(tag, StatusKind::Bye, None, text.clone()).is_err());
/// assert!(StatusResponse::untagged(StatusKind::Bye, None, text).is_ok());
/// // "* OK [ALERT] x" reads as an ALERT code: as text without a code it is refused.
/// let text = Text::try_from("[ALERT] x").unwrap();
/// assert!(StatusResponse::untagged(StatusKind::Ok, None, text.clone()).is_err());
/// assert!(StatusResponse::untagged(StatusKind::Ok, Some(Code::Parse), text).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatusResponse<'a> {
    tag: Option<Tag<'a>>,
    kind: StatusKind,
    code: Option<Code<'a>>,
    text: Text<'a>,
}

impl<'a> StatusResponse<'a> {
    /// The tagged response that completes command `tag`: `kind` is OK, NO or BAD; `text`
    /// may not start with a response code unless `code` is given (see [`resp_text_fits`]).
    pub fn tagged(
        tag: Tag<'a>,
        kind: StatusKind,
        code: Option<Code<'a>>,
        text: Text<'a>,
    ) -> Result<Self, Error> {
        if matches!(kind, StatusKind::PreAuth | StatusKind::Bye) {
            return Err(Error::expected(0, "OK, NO or BAD in a tagged response"));
        }
        resp_text_check(code.as_ref(), &text)?;
        Ok(Self::from_valid(Some(tag), kind, code, text))
    }

    /// An untagged response of any kind; `text` may not start with a response code
    /// unless `code` is given (see [`resp_text_fits`]).
    pub fn untagged(
        kind: StatusKind,
        code: Option<Code<'a>>,
        text: Text<'a>,
    ) -> Result<Self, Error> {
        resp_text_check(code.as_ref(), &text)?;
        Ok(Self::from_valid(None, kind, code, text))
    }

    /// Parts the parser has read.
    pub(crate) const fn from_valid(
        tag: Option<Tag<'a>>,
        kind: StatusKind,
        code: Option<Code<'a>>,
        text: Text<'a>,
    ) -> Self {
        Self {
            tag,
            kind,
            code,
            text,
        }
    }

    /// The tag of the command it completes; `None` for an untagged response.
    pub const fn tag(&self) -> Option<&Tag<'a>> {
        self.tag.as_ref()
    }

    /// OK, NO or BAD, or (untagged only) PREAUTH or BYE.
    pub const fn kind(&self) -> StatusKind {
        self.kind
    }

    /// The response code, if any.
    pub const fn code(&self) -> Option<&Code<'a>> {
        self.code.as_ref()
    }

    /// The human-readable text (may be empty).
    pub const fn text(&self) -> &Text<'a> {
        &self.text
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> StatusResponse<'static> {
        StatusResponse {
            tag: self.tag.map(Tag::into_owned),
            kind: self.kind,
            code: self.code.map(Code::into_owned),
            text: self.text.into_owned(),
        }
    }
}

/// True when `code` and `text` read back as themselves in `resp-text = ["["
/// resp-text-code "]" SP] [text]`: with a code, always; without one, unless the text
/// starts with what a parser (strict or lenient) reads as a bracketed code (`[` a code
/// `]` then SP or the line end). `[` followed by anything else is text.
///
/// ```
/// use imap_proto::types::response::{resp_text_fits, Code, Text};
///
/// let t = |s: &'static str| Text::try_from(s).unwrap();
/// assert!(!resp_text_fits(None, &t("[READ-ONLY] done")));
/// assert!(!resp_text_fits(None, &t("[XFOO some text]")));
/// assert!(resp_text_fits(None, &t("[not closed")));
/// assert!(resp_text_fits(None, &t("[ALERT]then text")));
/// assert!(resp_text_fits(Some(&Code::Alert), &t("[ALERT] twice")));
/// ```
pub fn resp_text_fits(code: Option<&Code<'_>>, text: &Text<'_>) -> bool {
    code.is_some() || !crate::parse::response::reads_as_code(text.as_bytes())
}

/// [`resp_text_fits`] as an error.
fn resp_text_check(code: Option<&Code<'_>>, text: &Text<'_>) -> Result<(), Error> {
    if resp_text_fits(code, text) {
        Ok(())
    } else {
        Err(Error::expected(
            0,
            "text not starting with a response code (no code given)",
        ))
    }
}

/// The condition of a greeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GreetingKind {
    /// `OK`: not authenticated yet.
    Ok,
    /// `PREAUTH`: already authenticated.
    PreAuth,
    /// `BYE`: the server refuses the connection.
    Bye,
}

/// The server greeting (RFC 9051 §7.1 / §9 `greeting = "*" SP (resp-cond-auth /
/// resp-cond-bye) CRLF`).
///
/// Built with [`Greeting::new`], which refuses text that starts with a response code
/// when there is no code (see [`resp_text_fits`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Greeting<'a> {
    kind: GreetingKind,
    code: Option<Code<'a>>,
    text: Text<'a>,
}

impl<'a> Greeting<'a> {
    /// The greeting `* kind [code] text`; `text` may not start with a response code
    /// unless `code` is given (see [`resp_text_fits`]).
    ///
    /// ```
    /// use imap_proto::types::response::{Greeting, GreetingKind, Text};
    ///
    /// let g = Greeting::new(GreetingKind::Ok, None, Text::try_from("ready").unwrap()).unwrap();
    /// assert_eq!(g.text().as_bytes(), b"ready");
    /// assert!(Greeting::new(GreetingKind::Ok, None, Text::try_from("[PARSE] x").unwrap()).is_err());
    /// ```
    pub fn new(kind: GreetingKind, code: Option<Code<'a>>, text: Text<'a>) -> Result<Self, Error> {
        resp_text_check(code.as_ref(), &text)?;
        Ok(Self { kind, code, text })
    }

    /// Parts the parser has read.
    pub(crate) const fn from_valid(
        kind: GreetingKind,
        code: Option<Code<'a>>,
        text: Text<'a>,
    ) -> Self {
        Self { kind, code, text }
    }

    /// OK, PREAUTH or BYE.
    pub const fn kind(&self) -> GreetingKind {
        self.kind
    }

    /// The response code (often `CAPABILITY`).
    pub const fn code(&self) -> Option<&Code<'a>> {
        self.code.as_ref()
    }

    /// The human-readable text.
    pub const fn text(&self) -> &Text<'a> {
        &self.text
    }

    /// Parses one complete greeting (`msg` ends with its CRLF).
    ///
    /// ```
    /// use imap_proto::ParserOptions;
    /// use imap_proto::types::response::{Code, Greeting, GreetingKind};
    ///
    /// let g = Greeting::parse_message(b"* OK [ALERT] Server ready\r\n", &ParserOptions::default()).unwrap();
    /// assert_eq!((g.kind(), g.code()), (GreetingKind::Ok, Some(&Code::Alert)));
    /// ```
    pub fn parse_message(msg: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut c = Cursor::new(msg, opts);
        c.greeting()
    }

    /// Writes the greeting with its CRLF.
    pub fn encode(&self, opts: &EncodeOptions) -> Encoded {
        let mut w = Writer::new(*opts);
        self.write(&mut w);
        w.finish()
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> Greeting<'static> {
        Greeting {
            kind: self.kind,
            code: self.code.map(Code::into_owned),
            text: self.text.into_owned(),
        }
    }
}

/// A continuation request (RFC 9051 §7.5 / §9 `continue-req = "+" SP (resp-text / base64)
/// CRLF`).
///
/// A base64 SASL challenge is also valid `resp-text`, so one form holds both: during
/// AUTHENTICATE, the challenge is [`Continuation::text`] (its bytes are the base64 text,
/// empty for an empty challenge) and there is no code; outside AUTHENTICATE, the text is
/// for people. Decode the challenge with `mime_codec::base64`. Built with
/// [`Continuation::new`] (the default is `+ ` with no code and no text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Continuation<'a> {
    code: Option<Code<'a>>,
    text: Text<'a>,
}

impl<'a> Continuation<'a> {
    /// The request `+ [code] text`; `text` may not start with a response code unless
    /// `code` is given (see [`resp_text_fits`]).
    ///
    /// ```
    /// use imap_proto::types::response::{Continuation, Text};
    ///
    /// let c = Continuation::new(None, Text::try_from("YWJj").unwrap()).unwrap();
    /// assert_eq!(c.text().as_bytes(), b"YWJj");
    /// assert!(Continuation::new(None, Text::try_from("[CLOSED] x").unwrap()).is_err());
    /// ```
    pub fn new(code: Option<Code<'a>>, text: Text<'a>) -> Result<Self, Error> {
        resp_text_check(code.as_ref(), &text)?;
        Ok(Self { code, text })
    }

    /// Parts the parser has read.
    pub(crate) const fn from_valid(code: Option<Code<'a>>, text: Text<'a>) -> Self {
        Self { code, text }
    }

    /// The response code, if the server sent one.
    pub const fn code(&self) -> Option<&Code<'a>> {
        self.code.as_ref()
    }

    /// The text, or the base64 SASL challenge.
    pub const fn text(&self) -> &Text<'a> {
        &self.text
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> Continuation<'static> {
        Continuation {
            code: self.code.map(Code::into_owned),
            text: self.text.into_owned(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Untagged data
// ---------------------------------------------------------------------------------------

/// A mailbox attribute of a LIST / LSUB response (RFC 9051 §7.3.1, RFC 5258 §3, RFC 6154
/// §2, RFC 3348). Names are case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MailboxAttr<'a> {
    /// `\Noinferiors`.
    NoInferiors,
    /// `\Noselect`.
    NoSelect,
    /// `\Marked`.
    Marked,
    /// `\Unmarked`.
    Unmarked,
    /// `\NonExistent` (RFC 5258).
    NonExistent,
    /// `\Subscribed` (RFC 5258).
    Subscribed,
    /// `\Remote` (RFC 5258).
    Remote,
    /// `\HasChildren` (RFC 5258, RFC 3348).
    HasChildren,
    /// `\HasNoChildren` (RFC 5258, RFC 3348).
    HasNoChildren,
    /// `\All` (RFC 6154).
    All,
    /// `\Archive` (RFC 6154).
    Archive,
    /// `\Drafts` (RFC 6154).
    Drafts,
    /// `\Flagged` (RFC 6154).
    Flagged,
    /// `\Junk` (RFC 6154).
    Junk,
    /// `\Sent` (RFC 6154).
    Sent,
    /// `\Trash` (RFC 6154).
    Trash,
    /// Another `\`-attribute (the atom without its backslash). Meant for names the crate
    /// does not type: one of the names above (in any case) reads back as that variant.
    Other(Atom<'a>),
}

/// The attribute names with their spelling on the wire (without the backslash).
pub(crate) const MAILBOX_ATTRS: [(&str, MailboxAttr<'static>); 16] = [
    ("Noinferiors", MailboxAttr::NoInferiors),
    ("Noselect", MailboxAttr::NoSelect),
    ("Marked", MailboxAttr::Marked),
    ("Unmarked", MailboxAttr::Unmarked),
    ("NonExistent", MailboxAttr::NonExistent),
    ("Subscribed", MailboxAttr::Subscribed),
    ("Remote", MailboxAttr::Remote),
    ("HasChildren", MailboxAttr::HasChildren),
    ("HasNoChildren", MailboxAttr::HasNoChildren),
    ("All", MailboxAttr::All),
    ("Archive", MailboxAttr::Archive),
    ("Drafts", MailboxAttr::Drafts),
    ("Flagged", MailboxAttr::Flagged),
    ("Junk", MailboxAttr::Junk),
    ("Sent", MailboxAttr::Sent),
    ("Trash", MailboxAttr::Trash),
];

named_keywords!(
    MailboxAttr,
    MAILBOX_ATTRS,
    /// The attribute of a checked atom.
    from_valid
);

impl<'a> MailboxAttr<'a> {
    /// The attribute `\name` (the name without its backslash, an atom), in any case.
    pub fn from_name(name: &'a str) -> Result<Self, Error> {
        Atom::new(name)?;
        Ok(Self::from_valid(name))
    }
}

/// An extended item of a LIST response (RFC 5258 §9 `mbox-list-extended-item`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListExtItem<'a> {
    /// `CHILDINFO ("opt" …)` (RFC 5258 §4): the selection options (`SUBSCRIBED` …) that a
    /// child matched, at least one (RFC 5258 §9: `"CHILDINFO" SP "(" list-select-base-opt-quoted
    /// *(SP list-select-base-opt-quoted) ")"`). Each is sent as a quoted string.
    ChildInfo(NonEmpty<IString<'a>>),
    /// `OLDNAME (mailbox)` (RFC 9051 §7.3.1): the name before a RENAME.
    OldName(Mailbox<'a>),
    /// Another item: its tag (an astring) and its `tagged-ext-val`, raw. Meant for tags
    /// the crate does not type: one named `CHILDINFO` or `OLDNAME` whose value fits that
    /// item's rule reads back as the typed variant.
    Other {
        /// The item's tag.
        tag: IString<'a>,
        /// The value as sent.
        value: RawValue<'a>,
    },
}

impl ListExtItem<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> ListExtItem<'static> {
        match self {
            Self::ChildInfo(v) => ListExtItem::ChildInfo(NonEmpty::from_vec(
                v.into_iter().map(IString::into_owned).collect(),
            )),
            Self::OldName(m) => ListExtItem::OldName(m.into_owned()),
            Self::Other { tag, value } => ListExtItem::Other {
                tag: tag.into_owned(),
                value: value.into_owned(),
            },
        }
    }
}

/// The body of a LIST or LSUB response (RFC 9051 §9 `mailbox-list = "(" [mbx-list-flags]
/// ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox [SP mbox-list-extended]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MailboxList<'a> {
    /// The attributes.
    pub attributes: Vec<MailboxAttr<'a>>,
    /// The hierarchy delimiter (`None`: NIL, a flat name space). A `QUOTED-CHAR`: any
    /// character but NUL, CR and LF.
    pub delimiter: Option<char>,
    /// The mailbox.
    pub mailbox: Mailbox<'a>,
    /// RFC 5258 extended items (`None`: no list; `Some(vec![])`: `()`).
    pub extended: Option<Vec<ListExtItem<'a>>>,
}

impl MailboxList<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> MailboxList<'static> {
        MailboxList {
            attributes: self
                .attributes
                .into_iter()
                .map(MailboxAttr::into_owned)
                .collect(),
            delimiter: self.delimiter,
            mailbox: self.mailbox.into_owned(),
            extended: self
                .extended
                .map(|v| v.into_iter().map(ListExtItem::into_owned).collect()),
        }
    }
}

/// A namespace description (RFC 9051 §9 `namespace-descr = "(" string SP (DQUOTE
/// QUOTED-CHAR DQUOTE / nil) [namespace-response-extensions] ")"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NamespaceDescr<'a> {
    /// The prefix.
    pub prefix: IString<'a>,
    /// The hierarchy delimiter (`None`: NIL).
    pub delimiter: Option<char>,
    /// Extensions: `SP string SP "(" string *(SP string) ")"` each (RFC 2342 §5, RFC 9051
    /// `namespace-response-extension`): a name and at least one value.
    pub extensions: Vec<(IString<'a>, NonEmpty<IString<'a>>)>,
}

impl NamespaceDescr<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> NamespaceDescr<'static> {
        NamespaceDescr {
            prefix: self.prefix.into_owned(),
            delimiter: self.delimiter,
            extensions: self
                .extensions
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v.map(IString::into_owned)))
                .collect(),
        }
    }
}

/// One item of a STATUS response (RFC 9051 §9 `status-att-val`, and the extensions').
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusItem<'a> {
    /// `MESSAGES n`.
    Messages(u32),
    /// `UIDNEXT n`.
    UidNext(NonZeroU32),
    /// `UIDVALIDITY n`.
    UidValidity(NonZeroU32),
    /// `UNSEEN n`.
    Unseen(u32),
    /// `DELETED n` (RFC 9051).
    Deleted(u32),
    /// `SIZE n` (RFC 8438, RFC 9051): a `number64` (at most 2^63 − 1 on the wire).
    Size(Number64),
    /// `RECENT n` (RFC 3501).
    Recent(u32),
    /// `HIGHESTMODSEQ n` (RFC 7162 §3.1.4: `mod-sequence-valzer`, 0 allowed; at most
    /// 2^63 − 1).
    HighestModSeq(Number64),
    /// `APPENDLIMIT n` or `APPENDLIMIT NIL` (RFC 7889 §4; at most 2^63 − 1).
    AppendLimit(Option<Number64>),
    /// `MAILBOXID (id)` (RFC 8474 §4.2).
    MailboxId(ObjectId<'a>),
    /// `DELETED-STORAGE n` (RFC 9208 §4.2.3; at most 2^63 − 1).
    DeletedStorage(Number64),
    /// Another item: its name (none of the names typed above) and its value, raw.
    Other {
        /// The item's name.
        name: OtherStatusName<'a>,
        /// The value as sent.
        value: RawValue<'a>,
    },
}

impl StatusItem<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> StatusItem<'static> {
        match self {
            Self::Messages(n) => StatusItem::Messages(n),
            Self::UidNext(n) => StatusItem::UidNext(n),
            Self::UidValidity(n) => StatusItem::UidValidity(n),
            Self::Unseen(n) => StatusItem::Unseen(n),
            Self::Deleted(n) => StatusItem::Deleted(n),
            Self::Size(n) => StatusItem::Size(n),
            Self::Recent(n) => StatusItem::Recent(n),
            Self::HighestModSeq(n) => StatusItem::HighestModSeq(n),
            Self::AppendLimit(n) => StatusItem::AppendLimit(n),
            Self::MailboxId(id) => StatusItem::MailboxId(id.into_owned()),
            Self::DeletedStorage(n) => StatusItem::DeletedStorage(n),
            Self::Other { name, value } => StatusItem::Other {
                name: name.into_owned(),
                value: value.into_owned(),
            },
        }
    }
}

/// The range of an RFC 9394 PARTIAL result: `partial-range-first = nz-number ":"
/// nz-number` or `partial-range-last = MINUS nz-number ":" MINUS nz-number`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialRange {
    /// True for a range counted from the last result (`-1:-10`).
    pub from_last: bool,
    /// The first number as written (without the minus).
    pub start: NonZeroU32,
    /// The second number as written (without the minus).
    pub end: NonZeroU32,
}

/// One item of ESEARCH return data (RFC 4731 §3.1 / RFC 9051 §9 `search-return-data`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EsearchReturn<'a> {
    /// `MIN n`.
    Min(NonZeroU32),
    /// `MAX n`.
    Max(NonZeroU32),
    /// `ALL set`.
    All(SequenceSet<'a>),
    /// `COUNT n`.
    Count(u32),
    /// `MODSEQ n` (RFC 7162 §3.1.5).
    ModSeq(ModSeq),
    /// `PARTIAL (range results)` (RFC 9394 §3.1): `None` for `NIL` results.
    Partial {
        /// The range asked for.
        range: PartialRange,
        /// The messages in it (`NIL`: none).
        results: Option<SequenceSet<'a>>,
    },
    /// Another item: its name and its `tagged-ext-val`, raw. Meant for names the crate
    /// does not type: one of the names above (in any case) reads back as that variant when
    /// its value fits the variant's rule, and otherwise makes a response the parser
    /// refuses; so does `UID` as the first item of a response without
    /// [`Esearch::uid`] (it reads as the `UID` marker).
    Other {
        /// The item's name: RFC 4466 §2.6.2 `search-modifier-name = tagged-ext-label`.
        name: Label<'a>,
        /// The value as sent.
        value: RawValue<'a>,
    },
}

impl EsearchReturn<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> EsearchReturn<'static> {
        match self {
            Self::Min(n) => EsearchReturn::Min(n),
            Self::Max(n) => EsearchReturn::Max(n),
            Self::All(s) => EsearchReturn::All(s.into_owned()),
            Self::Count(n) => EsearchReturn::Count(n),
            Self::ModSeq(m) => EsearchReturn::ModSeq(m),
            Self::Partial { range, results } => EsearchReturn::Partial {
                range,
                results: results.map(SequenceSet::into_owned),
            },
            Self::Other { name, value } => EsearchReturn::Other {
                name: name.into_owned(),
                value: value.into_owned(),
            },
        }
    }
}

/// The `search-correlator` of an ESEARCH response (RFC 4731 §3.1 `"(" "TAG" SP
/// tag-string ")"`; RFC 7377 §6 adds `SP "MAILBOX" SP mailbox SP "UIDVALIDITY" SP
/// nz-number`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchCorrelator<'a> {
    /// The tag of the SEARCH command (a string on the wire).
    pub tag: IString<'a>,
    /// RFC 7377 (MULTISEARCH): the mailbox searched and its UIDVALIDITY.
    pub mailbox: Option<(Mailbox<'a>, NonZeroU32)>,
}

/// An ESEARCH response (RFC 4731 §3.1 / RFC 9051 §7.3.4 `esearch-response = "ESEARCH"
/// [search-correlator] [SP "UID"] *(SP search-return-data)`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Esearch<'a> {
    /// The correlator, if any.
    pub correlator: Option<SearchCorrelator<'a>>,
    /// True when the numbers are UIDs.
    pub uid: bool,
    /// The return data, in order.
    pub data: Vec<EsearchReturn<'a>>,
}

impl Esearch<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> Esearch<'static> {
        Esearch {
            correlator: self.correlator.map(|c| SearchCorrelator {
                tag: c.tag.into_owned(),
                mailbox: c.mailbox.map(|(m, v)| (m.into_owned(), v)),
            }),
            uid: self.uid,
            data: self
                .data
                .into_iter()
                .map(EsearchReturn::into_owned)
                .collect(),
        }
    }
}

/// One thread of a THREAD response (RFC 5256 §5 `thread-list = "(" (thread-members /
/// thread-nested) ")"`, `thread-members = thread-member *(SP thread-member) [SP
/// thread-nested]`, `thread-nested = 2*thread-list`): a chain of messages, each the
/// parent of the next, then the sub-threads of the last.
///
/// Built with [`Thread::new`], which takes what the grammar can write: `members` not empty
/// or at least two `children`, and never exactly one child (a single sub-thread is written
/// as more members of the chain, so it would read back as a longer chain).
///
/// ```
/// use std::num::NonZeroU32;
/// use imap_proto::types::response::Thread;
///
/// let n = |v: u32| NonZeroU32::new(v).unwrap();
/// // RFC 5256 §4: "(3 6 (4 23)(44 7 96))".
/// let a = Thread::new(vec![n(4), n(23)], vec![]).unwrap();
/// let b = Thread::new(vec![n(44), n(7), n(96)], vec![]).unwrap();
/// let t = Thread::new(vec![n(3), n(6)], vec![a.clone(), b]).unwrap();
/// assert_eq!(t.children().len(), 2);
/// assert!(Thread::new(vec![n(3)], vec![a.clone()]).is_none()); // "(3 4 23)" reads as one chain
/// assert!(Thread::new(vec![], vec![a]).is_none());
/// assert!(Thread::new(vec![], vec![]).is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Thread {
    members: Vec<NonZeroU32>,
    children: Vec<Self>,
}

impl Thread {
    /// The thread whose chain is `members` and whose sub-threads (of the last member, or
    /// without members of an unknown common parent) are `children`; `None` unless
    /// `members` is not empty or there are two children or more, and never for exactly
    /// one child.
    pub fn new(members: Vec<NonZeroU32>, children: Vec<Self>) -> Option<Self> {
        let ok = children.len() != 1 && (!members.is_empty() || children.len() >= 2);
        ok.then_some(Self { members, children })
    }

    /// Parts the parser has checked.
    pub(crate) const fn from_valid(members: Vec<NonZeroU32>, children: Vec<Self>) -> Self {
        Self { members, children }
    }

    /// The chain of message numbers (or UIDs), each the parent of the next.
    pub fn members(&self) -> &[NonZeroU32] {
        &self.members
    }

    /// The sub-threads of the last member (or, without members, the threads of an
    /// unknown common parent): none, or two or more.
    pub fn children(&self) -> &[Self] {
        &self.children
    }
}

/// A resource of a QUOTA response (RFC 9208 §5 `quota-resource = resource-name SP
/// resource-usage SP resource-limit`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuotaResource<'a> {
    /// `STORAGE`, `MESSAGE`, `MAILBOX`, `ANNOTATION-STORAGE` or another atom.
    pub name: Atom<'a>,
    /// The usage (a `number64`, at most 2^63 − 1).
    pub usage: Number64,
    /// The limit (a `number64`, at most 2^63 − 1).
    pub limit: Number64,
}

/// A METADATA value (RFC 5464 §5 `value = nstring / literal8`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MetadataValue<'a> {
    /// `NIL`: no value.
    Nil,
    /// A string.
    String(IString<'a>),
    /// A `literal8` (binary data).
    Binary(Binary<'a>),
}

impl MetadataValue<'_> {
    /// The same value owning its bytes.
    pub fn into_owned(self) -> MetadataValue<'static> {
        match self {
            Self::Nil => MetadataValue::Nil,
            Self::String(s) => MetadataValue::String(s.into_owned()),
            Self::Binary(b) => MetadataValue::Binary(b.into_owned()),
        }
    }
}

/// What a METADATA response carries (RFC 5464 §4.4 `(entry-values / entry-list)`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MetadataItems<'a> {
    /// `(entry value …)`: the answer to GETMETADATA (RFC 5464 §5 `entry-values = "("
    /// entry-value *(SP entry-value) ")"`, at least one pair).
    Values(NonEmpty<(IString<'a>, MetadataValue<'a>)>),
    /// `entry …`: an unsolicited notice that entries changed (RFC 5464 §5 `entry-list =
    /// entry *(SP entry)`, at least one).
    Entries(NonEmpty<IString<'a>>),
}

/// Untagged data (RFC 9051 §7.2–§7.5 and the extensions'), other than FETCH.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Data<'a> {
    /// `CAPABILITY caps` (RFC 9051 §7.2.2).
    Capability(Vec<Capability<'a>>),
    /// `ENABLED caps` (RFC 5161 §3.2, RFC 9051 §7.2.1).
    Enabled(Vec<Capability<'a>>),
    /// `LIST` (RFC 9051 §7.3.1, RFC 5258).
    List(MailboxList<'a>),
    /// `LSUB` (RFC 3501 §7.2.3).
    Lsub(MailboxList<'a>),
    /// `NAMESPACE personal other shared` (RFC 2342 §5, RFC 9051 §7.3.2); an empty list is
    /// NIL.
    Namespace {
        /// Personal namespaces.
        personal: Vec<NamespaceDescr<'a>>,
        /// Other users' namespaces.
        other: Vec<NamespaceDescr<'a>>,
        /// Shared namespaces.
        shared: Vec<NamespaceDescr<'a>>,
    },
    /// `STATUS mailbox (items)` (RFC 9051 §7.3.3).
    Status {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The items, in order.
        items: Vec<StatusItem<'a>>,
    },
    /// `SEARCH n…` (RFC 3501 §7.2.5), with RFC 7162's `(MODSEQ n)` after the numbers.
    Search {
        /// The matching numbers, in order.
        numbers: Vec<NonZeroU32>,
        /// The highest mod-sequence of the matches (only sent with at least one number).
        modseq: Option<ModSeq>,
    },
    /// `ESEARCH` (RFC 4731, RFC 9051 §7.3.4).
    Esearch(Esearch<'a>),
    /// `SORT n…` (RFC 5256 §4), with RFC 7162's `(MODSEQ n)` after the numbers.
    Sort {
        /// The numbers in sort order.
        numbers: Vec<NonZeroU32>,
        /// The highest mod-sequence (only sent with at least one number).
        modseq: Option<ModSeq>,
    },
    /// `THREAD threads` (RFC 5256 §4).
    Thread(Vec<Thread>),
    /// `FLAGS (flags)` (RFC 9051 §7.3.5).
    Flags(Vec<FlagEntry<'a>>),
    /// `n EXISTS` (RFC 9051 §7.4.1).
    Exists(u32),
    /// `n FETCH (…)` (RFC 9051 §7.5.2).
    Fetch(FetchData<'a>),
    /// `n RECENT` (RFC 3501 §7.3.2).
    Recent(u32),
    /// `n EXPUNGE` (RFC 9051 §7.5.1).
    Expunge(NonZeroU32),
    /// `VANISHED [(EARLIER)] uids` (RFC 7162 §3.2.10).
    Vanished {
        /// True for `(EARLIER)`: the answer to a UID FETCH or SELECT with VANISHED.
        earlier: bool,
        /// The expunged UIDs.
        uids: UidSet<'a>,
    },
    /// `QUOTA root (resources)` (RFC 9208 §5.1).
    Quota {
        /// The quota root.
        root: IString<'a>,
        /// The resources (RFC 9208 wants at least one; RFC 2087 allowed none).
        resources: Vec<QuotaResource<'a>>,
    },
    /// `QUOTAROOT mailbox roots…` (RFC 9208 §5.2).
    QuotaRoot {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Its quota roots.
        roots: Vec<IString<'a>>,
    },
    /// `METADATA mailbox …` (RFC 5464 §4.4); the mailbox is empty for server entries.
    Metadata {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Values or entry names.
        items: MetadataItems<'a>,
    },
    /// `ID (key value …)` or `ID NIL` (RFC 2971 §3.2): `None` for NIL.
    Id(Option<Vec<(IString<'a>, NString<'a>)>>),
    /// `ACL mailbox (identifier rights)…` (RFC 4314 §3.6).
    Acl {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// Identifier and rights pairs.
        entries: Vec<(IString<'a>, IString<'a>)>,
    },
    /// `LISTRIGHTS mailbox identifier required optional…` (RFC 4314 §3.7).
    ListRights {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The identifier.
        identifier: IString<'a>,
        /// The rights always granted (may be empty: `""`).
        required: IString<'a>,
        /// Groups of rights that may be granted.
        optional: Vec<IString<'a>>,
    },
    /// `MYRIGHTS mailbox rights` (RFC 4314 §3.8).
    MyRights {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The rights.
        rights: IString<'a>,
    },
    /// Untagged data the crate does not parse: the name (an atom, or the number of
    /// `* n NAME …`, then raw starts with the SP before `NAME`) and everything after it up
    /// to the CRLF (literals included), raw. Meant for names the crate does not parse: one
    /// holding a known keyword (in any case) reads back typed when `raw` fits that response,
    /// and otherwise makes a response the parser refuses. A name that starts with a digit is only
    /// read back as itself when it is all digits and `raw` is SP and a name other than
    /// `EXISTS`, `RECENT`, `EXPUNGE` and `FETCH` (`* 9X …` is no response: after `* ` a
    /// digit starts a number).
    Other {
        /// The name after `* `.
        name: Atom<'a>,
        /// The rest of the line after the name, starting with its SP (empty if none).
        raw: RawData<'a>,
    },
}

impl Data<'_> {
    /// The response name as RFC 9051 spells it (`FETCH`, `EXISTS`, `LIST`, …); for
    /// [`Data::Other`] the name as sent (for `* n NAME …`, `NAME`).
    ///
    /// ```
    /// use imap_proto::types::response::{Response, Data};
    /// use imap_proto::{ParserOptions, Status};
    ///
    /// let name = |line: &[u8]| {
    ///     let Ok(Status::Complete { value: Response::Data(d), .. }) =
    ///         Response::parse(line, &ParserOptions::default())
    ///     else { panic!() };
    ///     d.name().to_owned()
    /// };
    /// assert_eq!(name(b"* 23 EXISTS\r\n"), "EXISTS");
    /// assert_eq!(name(b"* 1 FETCH (UID 7)\r\n"), "FETCH");
    /// assert_eq!(name(b"* XAPPLEPUSHSERVICE aps-version 2\r\n"), "XAPPLEPUSHSERVICE");
    /// assert_eq!(name(b"* 3 xsnooze\r\n"), "xsnooze");
    /// ```
    pub fn name(&self) -> &str {
        match self {
            Self::Capability(_) => "CAPABILITY",
            Self::Enabled(_) => "ENABLED",
            Self::List(_) => "LIST",
            Self::Lsub(_) => "LSUB",
            Self::Namespace { .. } => "NAMESPACE",
            Self::Status { .. } => "STATUS",
            Self::Search { .. } => "SEARCH",
            Self::Esearch(_) => "ESEARCH",
            Self::Sort { .. } => "SORT",
            Self::Thread(_) => "THREAD",
            Self::Flags(_) => "FLAGS",
            Self::Exists(_) => "EXISTS",
            Self::Fetch(_) => "FETCH",
            Self::Recent(_) => "RECENT",
            Self::Expunge(_) => "EXPUNGE",
            Self::Vanished { .. } => "VANISHED",
            Self::Quota { .. } => "QUOTA",
            Self::QuotaRoot { .. } => "QUOTAROOT",
            Self::Metadata { .. } => "METADATA",
            Self::Id(_) => "ID",
            Self::Acl { .. } => "ACL",
            Self::ListRights { .. } => "LISTRIGHTS",
            Self::MyRights { .. } => "MYRIGHTS",
            Self::Other { name, raw } => {
                if !name.as_str().bytes().all(|b| b.is_ascii_digit()) {
                    return name.as_str();
                }
                // `* n NAME …`: raw is ` NAME …`, the name an atom (RFC 9051 ATOM-CHAR).
                let rest = raw.as_bytes().strip_prefix(b" ").unwrap_or(raw.as_bytes());
                let end = rest
                    .iter()
                    .position(|&b| !b.is_ascii_graphic() || b"(){%*\"\\]".contains(&b))
                    .unwrap_or(rest.len());
                std::str::from_utf8(&rest[..end]).unwrap_or("")
            }
        }
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> Data<'static> {
        fn strings(v: Vec<IString<'_>>) -> Vec<IString<'static>> {
            v.into_iter().map(IString::into_owned).collect()
        }
        fn ns(v: Vec<NamespaceDescr<'_>>) -> Vec<NamespaceDescr<'static>> {
            v.into_iter().map(NamespaceDescr::into_owned).collect()
        }
        match self {
            Self::Capability(v) => {
                Data::Capability(v.into_iter().map(Capability::into_owned).collect())
            }
            Self::Enabled(v) => Data::Enabled(v.into_iter().map(Capability::into_owned).collect()),
            Self::List(l) => Data::List(l.into_owned()),
            Self::Lsub(l) => Data::Lsub(l.into_owned()),
            Self::Namespace {
                personal,
                other,
                shared,
            } => Data::Namespace {
                personal: ns(personal),
                other: ns(other),
                shared: ns(shared),
            },
            Self::Status { mailbox, items } => Data::Status {
                mailbox: mailbox.into_owned(),
                items: items.into_iter().map(StatusItem::into_owned).collect(),
            },
            Self::Search { numbers, modseq } => Data::Search { numbers, modseq },
            Self::Esearch(e) => Data::Esearch(e.into_owned()),
            Self::Sort { numbers, modseq } => Data::Sort { numbers, modseq },
            Self::Thread(t) => Data::Thread(t),
            Self::Flags(v) => Data::Flags(v.into_iter().map(FlagEntry::into_owned).collect()),
            Self::Exists(n) => Data::Exists(n),
            Self::Fetch(f) => Data::Fetch(f.into_owned()),
            Self::Recent(n) => Data::Recent(n),
            Self::Expunge(n) => Data::Expunge(n),
            Self::Vanished { earlier, uids } => Data::Vanished {
                earlier,
                uids: uids.into_owned(),
            },
            Self::Quota { root, resources } => Data::Quota {
                root: root.into_owned(),
                resources: resources
                    .into_iter()
                    .map(|r| QuotaResource {
                        name: r.name.into_owned(),
                        usage: r.usage,
                        limit: r.limit,
                    })
                    .collect(),
            },
            Self::QuotaRoot { mailbox, roots } => Data::QuotaRoot {
                mailbox: mailbox.into_owned(),
                roots: strings(roots),
            },
            Self::Metadata { mailbox, items } => Data::Metadata {
                mailbox: mailbox.into_owned(),
                items: match items {
                    MetadataItems::Values(v) => {
                        MetadataItems::Values(v.map(|(k, v)| (k.into_owned(), v.into_owned())))
                    }
                    MetadataItems::Entries(v) => MetadataItems::Entries(v.map(IString::into_owned)),
                },
            },
            Self::Id(v) => Data::Id(v.map(|v| {
                v.into_iter()
                    .map(|(k, v)| (k.into_owned(), v.map(IString::into_owned)))
                    .collect()
            })),
            Self::Acl { mailbox, entries } => Data::Acl {
                mailbox: mailbox.into_owned(),
                entries: entries
                    .into_iter()
                    .map(|(i, r)| (i.into_owned(), r.into_owned()))
                    .collect(),
            },
            Self::ListRights {
                mailbox,
                identifier,
                required,
                optional,
            } => Data::ListRights {
                mailbox: mailbox.into_owned(),
                identifier: identifier.into_owned(),
                required: required.into_owned(),
                optional: strings(optional),
            },
            Self::MyRights { mailbox, rights } => Data::MyRights {
                mailbox: mailbox.into_owned(),
                rights: rights.into_owned(),
            },
            Self::Other { name, raw } => Data::Other {
                name: name.into_owned(),
                raw: raw.into_owned(),
            },
        }
    }
}

// ---------------------------------------------------------------------------------------
// The response
// ---------------------------------------------------------------------------------------

/// One server response after the greeting (RFC 9051 §9 `response = *(continue-req /
/// response-data) response-done`, one message at a time).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Response<'a> {
    /// A tagged or untagged status response.
    Status(StatusResponse<'a>),
    /// Untagged data.
    Data(Data<'a>),
    /// A continuation request.
    Continuation(Continuation<'a>),
}

impl<'a> Response<'a> {
    /// Parses the response at the start of `input`, which may hold less (then
    /// [`Status::Incomplete`]) or more (`consumed` says where it ends): the message is framed
    /// first — literals jumped over, never scanned — then parsed. A stream of responses is
    /// better read with [`ClientDecoder`](crate::stream::client::ClientDecoder), which
    /// keeps its place between reads.
    ///
    /// ```
    /// use imap_proto::{ParserOptions, Response, Status};
    ///
    /// let input = b"* 1 FETCH (BODY[] {5}\r\nhello)\r\n* 2 EXISTS\r\n";
    /// let opts = ParserOptions::default();
    /// let Ok(Status::Complete { consumed, .. }) = Response::parse(input, &opts) else { panic!() };
    /// assert_eq!(consumed, 31);
    /// assert_eq!(Response::parse(&input[..20], &opts), Ok(Status::Incomplete));
    /// ```
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        parse_one(input, opts, "a response", |msg, opts, consumed, clean| {
            Cursor::line(msg, opts, clean)
                .response_with(|value| Status::Complete { value, consumed })
        })
    }

    /// Parses one complete response (`msg` ends with its CRLF; literals inside it as the
    /// framing layer delivers them).
    ///
    /// Dispatches on the first bytes: `+` is a continuation request; `* ` untagged (a
    /// status word, a number then `EXISTS` / `RECENT` / `EXPUNGE` / `FETCH`, or a data
    /// keyword); anything else a tag then `OK` / `NO` / `BAD`. Errors in a tagged response
    /// carry the tag.
    ///
    /// ```
    /// use imap_proto::ParserOptions;
    /// use imap_proto::types::response::{Continuation, Response};
    ///
    /// let r = Response::parse_message(b"+ idling\r\n", &ParserOptions::default()).unwrap();
    /// let Response::Continuation(c) = r else { panic!() };
    /// assert_eq!(c.text().as_bytes(), b"idling");
    /// // Lenient: "+" alone, which deployed servers send.
    /// assert!(Response::parse_message(b"+\r\n", &ParserOptions::default()).is_err());
    /// assert!(Response::parse_message(b"+\r\n", &ParserOptions::lenient()).is_ok());
    /// ```
    pub fn parse_message(msg: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut c = Cursor::new(msg, opts);
        c.response()
    }

    /// Writes the response with its CRLF.
    pub fn encode(&self, opts: &EncodeOptions) -> Encoded {
        let mut w = Writer::new(*opts);
        self.write(&mut w);
        w.finish()
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> Response<'static> {
        match self {
            Self::Status(s) => Response::Status(s.into_owned()),
            Self::Data(d) => Response::Data(d.into_owned()),
            Self::Continuation(c) => Response::Continuation(c.into_owned()),
        }
    }
}

impl<'a> Code<'a> {
    /// Parses a response code alone, as it appears between `[` and `]` (`b` holds only
    /// the code; literals are not part of the grammar here).
    ///
    /// ```
    /// use imap_proto::ParserOptions;
    /// use imap_proto::types::response::Code;
    ///
    /// let c = Code::parse(b"UIDNEXT 4392", &ParserOptions::default()).unwrap();
    /// assert_eq!(c, Code::UidNext(4392.try_into().unwrap()));
    /// ```
    pub fn parse(b: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut c = Cursor::new(b, opts);
        let code = c.code()?;
        if c.pos != b.len() {
            return Err(c.error("end of the response code"));
        }
        Ok(code)
    }

    /// Writes the code (without its brackets).
    pub fn encode(&self, opts: &EncodeOptions) -> Encoded {
        let mut w = Writer::new(*opts);
        self.write(&mut w);
        w.finish()
    }
}

impl<'a> Data<'a> {
    /// Parses one complete untagged data response (`* …` with its CRLF); a status
    /// response or a continuation request is an error here.
    pub fn parse_message(msg: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        match Response::parse_message(msg, opts)? {
            Response::Data(d) => Ok(d),
            _ => Err(Error::expected(0, "untagged data")),
        }
    }

    /// Writes the data as an untagged response with its CRLF.
    pub fn encode(&self, opts: &EncodeOptions) -> Encoded {
        let mut w = Writer::new(*opts);
        self.write(&mut w);
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_text_refuses_what_badurl_cannot_carry() {
        // RFC 4469 §5: url-resp-text = 1*(%x01-09 / %x0B-0C / %x0E-5C / %x5E-FE): no NUL,
        // LF, CR, "]" or 0xFF (found by the imap_proto_response_roundtrip fuzz target: a
        // BADURL code holding 0xFF was written as bytes no parser reads back).
        assert!(CodeText::new(&b"imap://x/\xfe"[..]).is_ok());
        assert_eq!(CodeText::new(&b"a\xffb"[..]).unwrap_err().offset, 1);
        assert_eq!(CodeText::new(&b"a]"[..]).unwrap_err().offset, 1);
        assert!(CodeText::new(&b""[..]).is_err());
    }
}
