//! Client commands (RFC 9051 §6, RFC 3501 §6 and the extensions named on each type): a
//! [`Command`] is a tag and a [`CommandBody`]; the lines of an AUTHENTICATE exchange are
//! [`AuthData`], and IDLE ends with `DONE` ([`parse_idle_done`]).
//!
//! A command is parsed from one complete message (its lines and literals, as the
//! [`Framer`](crate::Framer) delivers it) with [`Command::parse_message`], and written
//! with [`Command::encode`], which chooses the wire form of every string for the peer
//! ([`EncodeOptions`](crate::encode::core::EncodeOptions)) and tells a client where to
//! wait for a continuation request.
//!
//! ```
//! use imap_proto::types::command::{Command, CommandBody};
//! use imap_proto::types::core::NonEmpty;
//! use imap_proto::types::fetch::{FetchAttr, FetchItems};
//! use imap_proto::encode::core::EncodeOptions;
//! use imap_proto::ParserOptions;
//!
//! let cmd = Command::parse_message(b"a1 uid fetch 1:* (FLAGS UID)\r\n", &ParserOptions::default())
//!     .unwrap();
//! assert_eq!(cmd.tag.as_str(), "a1");
//! let CommandBody::Fetch { uid, set, items, modifiers } = &cmd.body else { panic!() };
//! assert!(*uid);
//! assert_eq!(set.as_str(), "1:*");
//! let list = NonEmpty::new(vec![FetchAttr::Flags, FetchAttr::Uid]).unwrap();
//! assert_eq!(*items, FetchItems::List(list));
//! assert!(modifiers.is_empty());
//! assert_eq!(cmd.encode(&EncodeOptions::default()).as_bytes(), b"a1 UID FETCH 1:* (FLAGS UID)\r\n");
//!
//! // An unknown command is kept, so a server can answer `a2 BAD` and log it.
//! let cmd = Command::parse_message(b"a2 XPIG-LATIN ow-nay\r\n", &ParserOptions::default()).unwrap();
//! assert!(matches!(cmd.body, CommandBody::Unknown { .. }));
//! assert_eq!(cmd.encode(&EncodeOptions::default()).as_bytes(), b"a2 XPIG-LATIN ow-nay\r\n");
//!
//! // Errors after the tag carry it.
//! let err = Command::parse_message(b"a3 FETCH 0 FLAGS\r\n", &ParserOptions::default()).unwrap_err();
//! assert_eq!((err.offset, err.tag()), (9, Some(&b"a3"[..])));
//! ```
//!
//! # Decisions
//!
//! - **UID forms** are the plain variants with `uid: true` (FETCH, STORE, COPY, MOVE,
//!   SEARCH, SORT, THREAD); `UID EXPUNGE` has its own variant because its argument differs.
//! - **Unknown extension values** (SELECT, CREATE and GETMETADATA parameters, FETCH and
//!   STORE modifiers, LIST options, STATUS items) keep their name (a [`Label`] where RFC
//!   4466 asks for a `tagged-ext-label`, an [`OtherStatusName`] for STATUS items, an
//!   [`Atom`] for LIST options) and raw value ([`ExtValue`], [`OptionValue`]) and are
//!   written back as received.
//! - **Lists that the grammar wants non-empty** (`1*`: ENABLE capabilities, STATUS items,
//!   APPEND messages, LIST patterns, CATENATE parts, NOTIFY groups and mailboxes,
//!   GETMETADATA / SETMETADATA entries, FETCH item lists, HEADER.FIELDS names) are
//!   [`NonEmpty`], so an empty one, which would not read back, cannot be built. Optional
//!   lists (SELECT parameters, FETCH modifiers …) are `Vec`s, empty for none.
//! - **Numbers** keep the grammar's ranges in their types: `NonZeroU32` where a zero is
//!   not allowed, and the 63-bit ones (`number64`, `mod-sequence-value`) as
//!   [`Number64`] and [`ModSeq`], which refuse more than 2⁶³ − 1.

use std::borrow::Cow;
use std::fmt;
use std::num::NonZeroU32;

use crate::error::Error;
use crate::options::ParserOptions;
use crate::parse::core::Cursor;
use crate::types::capability::Capability;
use crate::types::core::Number64;
use crate::types::core::{
    Atom, Binary, DateTime, Flag, IString, Label, Mailbox, NString, NonEmpty, SequenceSet, Tag,
    ascii,
};
use crate::types::core::{checked_bytes, named_keywords, reads_whole};
use crate::types::fetch::GmLabel;
use crate::types::fetch::{FetchAttr, FetchItems};
use crate::types::response::ModSeq;
use crate::types::search::{SearchCommand, SortCommand, ThreadCommand};

/// One client command: `command = tag SP (command-any / command-auth / command-nonauth /
/// command-select) CRLF` (RFC 9051 §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command<'a> {
    /// The tag the server's completion response carries.
    pub tag: Tag<'a>,
    /// The command and its arguments.
    pub body: CommandBody<'a>,
}

impl Command<'_> {
    /// The same command owning all its data.
    pub fn into_owned(self) -> Command<'static> {
        Command {
            tag: self.tag.into_owned(),
            body: self.body.into_owned(),
        }
    }
}

/// The command name and arguments (RFC 9051 §6, RFC 3501 §6 and the extensions).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CommandBody<'a> {
    /// `CAPABILITY` (RFC 9051 §6.1.1).
    Capability,
    /// `NOOP` (RFC 9051 §6.1.2).
    Noop,
    /// `LOGOUT` (RFC 9051 §6.1.3).
    Logout,
    /// `STARTTLS` (RFC 9051 §6.2.1); after the server's OK the rest of the stream is TLS.
    StartTls,
    /// `AUTHENTICATE mechanism [SP initial-response]` (RFC 9051 §6.2.2, RFC 4959 SASL-IR).
    /// The client's further lines are [`AuthData`].
    Authenticate {
        /// `auth-type = atom`: the SASL mechanism name.
        mechanism: Atom<'a>,
        /// RFC 4959 `initial-resp = base64 / "="`.
        initial_response: Option<InitialResponse<'a>>,
    },
    /// `LOGIN userid SP password` (RFC 9051 §6.2.3).
    Login {
        /// `userid = astring`.
        username: IString<'a>,
        /// `password = astring`.
        password: IString<'a>,
    },
    /// `ENABLE 1*(SP capability)` (RFC 5161, RFC 9051 §6.3.1). Not empty.
    Enable {
        /// The capabilities to enable.
        capabilities: NonEmpty<Capability<'a>>,
    },
    /// `SELECT mailbox [select-params]` (RFC 9051 §6.3.2, RFC 4466 §2.1, RFC 7162).
    Select {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// `CONDSTORE`, `QRESYNC (…)` and unknown parameters; empty for none.
        params: Vec<SelectParam<'a>>,
    },
    /// `EXAMINE mailbox [select-params]` (RFC 9051 §6.3.3): SELECT, read-only.
    Examine {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// As for SELECT.
        params: Vec<SelectParam<'a>>,
    },
    /// `CREATE mailbox [create-params]` (RFC 9051 §6.3.4, RFC 4466 §2.2, RFC 6154 `USE`).
    Create {
        /// The new mailbox.
        mailbox: Mailbox<'a>,
        /// `USE (…)` and unknown parameters; empty for none.
        params: Vec<CreateParam<'a>>,
    },
    /// `DELETE mailbox` (RFC 9051 §6.3.5).
    Delete {
        /// The mailbox.
        mailbox: Mailbox<'a>,
    },
    /// `RENAME mailbox SP mailbox` (RFC 9051 §6.3.6).
    Rename {
        /// The existing name.
        from: Mailbox<'a>,
        /// The new name.
        to: Mailbox<'a>,
    },
    /// `SUBSCRIBE mailbox` (RFC 9051 §6.3.7).
    Subscribe {
        /// The mailbox.
        mailbox: Mailbox<'a>,
    },
    /// `UNSUBSCRIBE mailbox` (RFC 9051 §6.3.8).
    Unsubscribe {
        /// The mailbox.
        mailbox: Mailbox<'a>,
    },
    /// `LIST` (RFC 9051 §6.3.9, RFC 5258 LIST-EXTENDED, RFC 5819, RFC 6154).
    List(ListArgs<'a>),
    /// `LSUB mailbox SP list-mailbox` (RFC 3501 §6.3.9; obsolete in IMAP4rev2).
    Lsub {
        /// The reference name.
        reference: Mailbox<'a>,
        /// `list-mailbox`: the pattern (`%` and `*` are wildcards).
        pattern: IString<'a>,
    },
    /// `NAMESPACE` (RFC 2342, RFC 9051 §6.3.10).
    Namespace,
    /// `STATUS mailbox SP "(" status-att *(SP status-att) ")"` (RFC 9051 §6.3.11).
    Status {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The items asked for.
        items: NonEmpty<StatusAttr<'a>>,
    },
    /// `APPEND mailbox 1*append-message` (RFC 9051 §6.3.12; several messages: RFC 3502
    /// MULTIAPPEND).
    Append {
        /// The destination.
        mailbox: Mailbox<'a>,
        /// The messages, in order.
        messages: NonEmpty<AppendMessage<'a>>,
    },
    /// `IDLE` (RFC 2177, RFC 9051 §6.3.13); the client ends it with `DONE`
    /// ([`parse_idle_done`]).
    Idle,
    /// `CHECK` (RFC 3501 §6.4.1; removed in IMAP4rev2).
    Check,
    /// `CLOSE` (RFC 9051 §6.4.1).
    Close,
    /// `UNSELECT` (RFC 3691, RFC 9051 §6.4.2).
    Unselect,
    /// `EXPUNGE` (RFC 9051 §6.4.3).
    Expunge,
    /// `UID EXPUNGE sequence-set` (RFC 4315 §2.1, RFC 9051 §6.4.9).
    UidExpunge {
        /// The UIDs.
        set: SequenceSet<'a>,
    },
    /// `[UID] FETCH sequence-set SP items [fetch-modifiers]` (RFC 9051 §6.4.5, RFC 4466,
    /// RFC 7162).
    ///
    /// One unknown item without parentheses and without arguments
    /// (`FetchItems::One(FetchAttr::Other { args: None, .. })`) followed by modifiers
    /// encodes to `FETCH 1 X (CHANGEDSINCE 5)`, which reads back as the item `X` with the
    /// arguments `(CHANGEDSINCE 5)` and no modifiers: the grammar gives both readings, and
    /// the parser takes the item's arguments (as Dovecot's `SNIPPET (FUZZY)` needs). Put
    /// such an item in a list (`FetchItems::List`) when there are modifiers.
    Fetch {
        /// `UID FETCH`: the set holds UIDs.
        uid: bool,
        /// The messages.
        set: SequenceSet<'a>,
        /// What to fetch.
        items: FetchItems<'a>,
        /// `(CHANGEDSINCE n VANISHED …)`; empty for none.
        modifiers: Vec<FetchModifier<'a>>,
    },
    /// `[UID] STORE sequence-set [store-modifiers] SP store-att-flags` (RFC 9051 §6.4.6,
    /// RFC 7162 `UNCHANGEDSINCE`; Gmail's `X-GM-LABELS`).
    Store {
        /// `UID STORE`.
        uid: bool,
        /// The messages.
        set: SequenceSet<'a>,
        /// `(UNCHANGEDSINCE n …)`; empty for none.
        modifiers: Vec<StoreModifier<'a>>,
        /// Replace, add (`+`) or remove (`-`).
        mode: StoreMode,
        /// `.SILENT`: no untagged FETCH of the new values.
        silent: bool,
        /// The flags or labels.
        values: StoreValues<'a>,
    },
    /// `[UID] COPY sequence-set SP mailbox` (RFC 9051 §6.4.7).
    Copy {
        /// `UID COPY`.
        uid: bool,
        /// The messages.
        set: SequenceSet<'a>,
        /// The destination.
        mailbox: Mailbox<'a>,
    },
    /// `[UID] MOVE sequence-set SP mailbox` (RFC 6851, RFC 9051 §6.4.8).
    Move {
        /// `UID MOVE`.
        uid: bool,
        /// The messages.
        set: SequenceSet<'a>,
        /// The destination.
        mailbox: Mailbox<'a>,
    },
    /// `GETQUOTA quota-root-name` (RFC 9208 §4.2).
    GetQuota {
        /// `quota-root-name = astring`.
        root: IString<'a>,
    },
    /// `GETQUOTAROOT mailbox` (RFC 9208 §4.3).
    GetQuotaRoot {
        /// The mailbox.
        mailbox: Mailbox<'a>,
    },
    /// `SETQUOTA quota-root-name SP "(" [setquota-resource *(SP setquota-resource)] ")"`
    /// (RFC 9208 §4.1).
    SetQuota {
        /// The quota root.
        root: IString<'a>,
        /// The new limits; empty removes them all.
        limits: Vec<QuotaLimit<'a>>,
    },
    /// `GETMETADATA [SP getmetadata-options] SP mailbox SP entries` (RFC 5464 §4.2).
    GetMetadata {
        /// `MAXSIZE`, `DEPTH` and unknown options; empty for none.
        options: Vec<MetadataOption<'a>>,
        /// The mailbox; the empty name means the server's entries.
        mailbox: Mailbox<'a>,
        /// `entry = astring`: slash-separated entry names.
        entries: NonEmpty<IString<'a>>,
    },
    /// `SETMETADATA mailbox SP "(" entry SP value *(SP entry SP value) ")"` (RFC 5464 §4.3).
    SetMetadata {
        /// The mailbox; the empty name means the server's entries.
        mailbox: Mailbox<'a>,
        /// Entry names and values (NIL removes an entry).
        entries: NonEmpty<(IString<'a>, MetadataValue<'a>)>,
    },
    /// `ID SP ("(" *(string SP nstring) ")" / NIL)` (RFC 2971 §4).
    Id {
        /// Field names and values; `None` for NIL.
        params: Option<Vec<(IString<'a>, NString<'a>)>>,
    },
    /// `COMPRESS SP algorithm` (RFC 4978 §3); after the server's OK both directions are
    /// compressed.
    Compress {
        /// `DEFLATE`, or another atom.
        algorithm: Atom<'a>,
    },
    /// `NOTIFY SP (notify-set / "NONE")` (RFC 5465 §3).
    Notify(Notify<'a>),
    /// `SETACL mailbox SP identifier SP mod-rights` (RFC 4314 §3.1).
    SetAcl {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// `identifier = astring`.
        identifier: IString<'a>,
        /// `mod-rights = astring`: the rights, with a leading `+` to add or `-` to remove
        /// them (see [`rights_mode`]).
        rights: IString<'a>,
    },
    /// `DELETEACL mailbox SP identifier` (RFC 4314 §3.2).
    DeleteAcl {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The identifier.
        identifier: IString<'a>,
    },
    /// `GETACL mailbox` (RFC 4314 §3.3).
    GetAcl {
        /// The mailbox.
        mailbox: Mailbox<'a>,
    },
    /// `LISTRIGHTS mailbox SP identifier` (RFC 4314 §3.4).
    ListRights {
        /// The mailbox.
        mailbox: Mailbox<'a>,
        /// The identifier.
        identifier: IString<'a>,
    },
    /// `MYRIGHTS mailbox` (RFC 4314 §3.5).
    MyRights {
        /// The mailbox.
        mailbox: Mailbox<'a>,
    },
    /// `UNAUTHENTICATE` (RFC 8437).
    Unauthenticate,
    /// `[UID] SEARCH` (RFC 9051 §6.4.4; ESEARCH RETURN options, RFC 4731).
    Search {
        /// `UID SEARCH`.
        uid: bool,
        /// What follows `SEARCH `.
        args: SearchCommand<'a>,
    },
    /// `[UID] SORT` (RFC 5256 §3).
    Sort {
        /// `UID SORT`.
        uid: bool,
        /// What follows `SORT `.
        args: SortCommand<'a>,
    },
    /// `[UID] THREAD` (RFC 5256 §3).
    Thread {
        /// `UID THREAD`.
        uid: bool,
        /// What follows `THREAD `.
        args: ThreadCommand<'a>,
    },
    /// A command this crate does not type, kept so a server can answer `tag BAD` and the
    /// bytes can be written back unchanged. Meant for names the crate does not type: a
    /// command name it types (in any case) reads back as that command when the arguments
    /// fit it, and otherwise makes a command the parser refuses.
    Unknown {
        /// The command name (an atom, as sent).
        name: Atom<'a>,
        /// Everything after the name up to the final CRLF, literals included.
        args: RawArgs<'a>,
    },
}

/// How a SETACL `mod-rights` changes the rights (RFC 4314 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RightsMode {
    /// No prefix: the rights replace the current ones.
    Replace,
    /// `+`: the rights are added.
    Add,
    /// `-`: the rights are removed.
    Remove,
}

/// The mode and the rights of a SETACL `mod-rights` value.
///
/// ```
/// use imap_proto::types::command::{rights_mode, RightsMode};
/// use imap_proto::types::core::IString;
///
/// let r = IString::try_from("+lr").unwrap();
/// assert_eq!(rights_mode(&r), (RightsMode::Add, &b"lr"[..]));
/// ```
pub fn rights_mode<'s>(rights: &'s IString<'_>) -> (RightsMode, &'s [u8]) {
    match rights.as_bytes() {
        [b'+', rest @ ..] => (RightsMode::Add, rest),
        [b'-', rest @ ..] => (RightsMode::Remove, rest),
        all => (RightsMode::Replace, all),
    }
}

/// RFC 4959 `initial-resp = base64 / "="`: the SASL initial response of AUTHENTICATE.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InitialResponse<'a> {
    /// `=`: an empty initial response.
    Empty,
    /// Base64 data.
    Data(Base64<'a>),
}

impl InitialResponse<'_> {
    /// The same value owning its text.
    pub fn into_owned(self) -> InitialResponse<'static> {
        match self {
            Self::Empty => InitialResponse::Empty,
            Self::Data(d) => InitialResponse::Data(d.into_owned()),
        }
    }
}

/// Base64 text of SASL data, not empty (RFC 9051 §9: `base64 = *(4base64-char)
/// [base64-terminal]`, `base64-char = ALPHA / DIGIT / "+" / "/"`, `base64-terminal =
/// (2base64-char "==") / (3base64-char "=")`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Base64<'a>(Cow<'a, str>);

impl<'a> Base64<'a> {
    /// Checks `s`: a non-empty multiple of four base64 characters, `=` padding only at the
    /// end.
    ///
    /// ```
    /// use imap_proto::types::command::Base64;
    /// assert!(Base64::new("dGVzdAB0ZXN0AHRlc3Q=").is_ok());
    /// assert!(Base64::new("dGVzdA").is_err());
    /// assert_eq!(Base64::new("dGVzdA==").unwrap().decode(), b"test");
    /// ```
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let s = s.into();
        let n = scan_base64(s.as_bytes());
        if n == 0 || n != s.len() {
            return Err(Error::expected(n, "base64 data"));
        }
        Ok(Self(s))
    }

    /// Text the caller has checked.
    pub(crate) fn from_valid(s: &'a str) -> Self {
        debug_assert!(!s.is_empty() && scan_base64(s.as_bytes()) == s.len());
        Self(Cow::Borrowed(s))
    }

    /// The base64 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The decoded bytes.
    pub fn decode(&self) -> Vec<u8> {
        // Checked at construction: canonical base64 decodes.
        mime_codec::base64::STANDARD
            .decode_to_vec(self.0.as_bytes())
            .unwrap_or_default()
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> Base64<'static> {
        Base64(Cow::Owned(self.0.into_owned()))
    }
}

/// The length of the longest prefix of `b` that is `*(4base64-char) [base64-terminal]`,
/// counted in whole groups of four (0 when none).
pub(crate) fn scan_base64(b: &[u8]) -> usize {
    let is = |c: u8| c.is_ascii_alphanumeric() || c == b'+' || c == b'/';
    let mut i = 0;
    while let Some(&[a, b2, c, d]) = b.get(i..i + 4) {
        if is(a) && is(b2) && is(c) && is(d) {
            i += 4;
        } else if is(a) && is(b2) && (is(c) || c == b'=') && d == b'=' {
            // A terminal ("xx==" or "xxx=") ends the data.
            return i + 4;
        } else {
            return i;
        }
    }
    i
}

/// One line the client sends during an AUTHENTICATE exchange (RFC 9051 §6.2.2: `base64
/// CRLF` answers a continuation request; `"*" CRLF` cancels).
///
/// ```
/// use imap_proto::types::command::AuthData;
///
/// assert_eq!(AuthData::parse_line(b"*\r\n").unwrap(), AuthData::Cancel);
/// assert_eq!(AuthData::parse_line(b"\r\n").unwrap(), AuthData::Empty);
/// let AuthData::Data(d) = AuthData::parse_line(b"dGVzdA==\r\n").unwrap() else { panic!() };
/// assert_eq!(d.decode(), b"test");
/// assert_eq!(AuthData::Cancel.encode(), b"*\r\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthData<'a> {
    /// Base64 data.
    Data(Base64<'a>),
    /// An empty line: an empty response.
    Empty,
    /// `*`: the client cancels the exchange; the server answers `tag BAD`.
    Cancel,
}

impl<'a> AuthData<'a> {
    /// Parses one line, CRLF included (strict).
    pub fn parse_line(line: &'a [u8]) -> Result<Self, Error> {
        Self::parse_line_with(line, &ParserOptions::new())
    }

    /// Parses one line with `opts` (lenient: an LF-only line end, as from the lenient
    /// framer).
    pub fn parse_line_with(line: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut c = Cursor::new(line, opts);
        let v = if c.eat(b'*') {
            Self::Cancel
        } else if c.at_line_end() {
            Self::Empty
        } else {
            let n = scan_base64(c.rest());
            if n == 0 {
                return Err(c.error("base64 data, * or an empty line"));
            }
            c.pos += n;
            Self::Data(Base64::from_valid(ascii(&line[..n])))
        };
        end_line(&mut c)?;
        Ok(v)
    }

    /// The line, CRLF included.
    pub fn encode(&self) -> Vec<u8> {
        let mut v = Vec::new();
        match self {
            Self::Data(d) => v.extend_from_slice(d.as_str().as_bytes()),
            Self::Empty => {}
            Self::Cancel => v.push(b'*'),
        }
        v.extend_from_slice(b"\r\n");
        v
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> AuthData<'static> {
        match self {
            Self::Data(d) => AuthData::Data(d.into_owned()),
            Self::Empty => AuthData::Empty,
            Self::Cancel => AuthData::Cancel,
        }
    }
}

/// The line end that must close a one-line message: CRLF (lenient: LF) as its last bytes,
/// with no spaces before it.
fn end_line(c: &mut Cursor<'_>) -> Result<(), Error> {
    match c.rest() {
        b"\r\n" => Ok(()),
        b"\n" if c.lenient() => Ok(()),
        _ => Err(c.error("end of line")),
    }
}

/// Parses the line that ends IDLE: RFC 2177 §3 `"DONE" CRLF` (any case), strict.
///
/// ```
/// use imap_proto::types::command::{parse_idle_done, IDLE_DONE};
///
/// assert!(parse_idle_done(b"done\r\n").is_ok());
/// assert_eq!(parse_idle_done(b"NOT-DONE\r\n").unwrap_err().offset, 0);
/// assert_eq!(IDLE_DONE, b"DONE\r\n");
/// ```
pub fn parse_idle_done(line: &[u8]) -> Result<(), Error> {
    parse_idle_done_with(line, &ParserOptions::new())
}

/// [`parse_idle_done`] with `opts` (lenient: an LF-only line end).
pub fn parse_idle_done_with(line: &[u8], opts: &ParserOptions) -> Result<(), Error> {
    let mut c = Cursor::new(line, opts);
    if !c.eat_word(b"DONE") {
        return Err(c.error("DONE"));
    }
    end_line(&mut c)
}

/// What a client writes to end IDLE.
pub const IDLE_DONE: &[u8] = b"DONE\r\n";

/// A SELECT / EXAMINE parameter (RFC 4466 §2.1 `select-param = select-param-name [SP
/// select-param-value]`, RFC 7162 §3.1.8 / §3.2.5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SelectParam<'a> {
    /// `CONDSTORE` (RFC 7162 §3.1.8).
    CondStore,
    /// `QRESYNC (uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data])`
    /// (RFC 7162 §3.2.5).
    QResync(QResync<'a>),
    /// Another parameter, kept. Meant for names the crate does not type: `CONDSTORE` (in
    /// any case) without a value reads back as [`SelectParam::CondStore`], `QRESYNC` with
    /// a value that fits its parameters as [`SelectParam::QResync`]; with any other value
    /// they make a command the parser refuses.
    Other {
        /// `tagged-ext-label`, as sent.
        name: Label<'a>,
        /// `tagged-ext-val`, when given.
        value: Option<ExtValue<'a>>,
    },
}

/// The QRESYNC SELECT parameter (RFC 7162 §3.2.5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QResync<'a> {
    /// The last known UIDVALIDITY.
    pub uidvalidity: NonZeroU32,
    /// The last known HIGHESTMODSEQ (`mod-sequence-value`: 1 to 2⁶³ − 1).
    pub modseq: ModSeq,
    /// `known-uids`: the UIDs the client knows (no `*`).
    pub known_uids: Option<SequenceSet<'a>>,
    /// `seq-match-data = "(" known-sequence-set SP known-uid-set ")"`: message numbers
    /// and the UIDs they had.
    pub seq_match: Option<(SequenceSet<'a>, SequenceSet<'a>)>,
}

/// A CREATE parameter (RFC 4466 §2.2, RFC 6154 §3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CreateParam<'a> {
    /// `USE (use-attr …)` (RFC 6154 §3, CREATE-SPECIAL-USE).
    Use(Vec<UseAttr<'a>>),
    /// Another parameter, kept. Meant for names the crate does not type: `USE` (in any
    /// case) with a value that fits `"(" [use-attr *(SP use-attr)] ")"` reads back as
    /// [`CreateParam::Use`]; without one (or with another) it makes a command the parser
    /// refuses.
    Other {
        /// `create-param-name = tagged-ext-label`, as sent.
        name: Label<'a>,
        /// `tagged-ext-val`, when given.
        value: Option<ExtValue<'a>>,
    },
}

/// RFC 6154 §6 `use-attr = "\All" / "\Archive" / "\Drafts" / "\Flagged" / "\Junk" /
/// "\Sent" / "\Trash" / use-attr-ext`, `use-attr-ext = "\" atom`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UseAttr<'a> {
    /// `\All`.
    All,
    /// `\Archive`.
    Archive,
    /// `\Drafts`.
    Drafts,
    /// `\Flagged`.
    Flagged,
    /// `\Junk`.
    Junk,
    /// `\Sent`.
    Sent,
    /// `\Trash`.
    Trash,
    /// Another `\`-attribute (the atom after the backslash). Meant for names the crate
    /// does not type: one of the names above (in any case) reads back as that variant.
    Other(Atom<'a>),
}

/// The special-use attributes with their names (without the backslash).
pub(crate) const USE_ATTRS: [(&str, UseAttr<'static>); 7] = [
    ("All", UseAttr::All),
    ("Archive", UseAttr::Archive),
    ("Drafts", UseAttr::Drafts),
    ("Flagged", UseAttr::Flagged),
    ("Junk", UseAttr::Junk),
    ("Sent", UseAttr::Sent),
    ("Trash", UseAttr::Trash),
];

named_keywords!(
    UseAttr,
    USE_ATTRS,
    /// The attribute named `name` (without the backslash, any case; checked to be an atom
    /// by the caller).
    from_name
);

/// The arguments of LIST (RFC 9051 §9 `list = "LIST" [SP list-select-opts] SP mailbox SP
/// mbox-or-pat [SP list-return-opts]`, RFC 5258 §6).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListArgs<'a> {
    /// `list-select-opts`, when given (`Some(vec![])` for `()`).
    pub selection: Option<Vec<ListSelectOpt<'a>>>,
    /// The reference name.
    pub reference: Mailbox<'a>,
    /// One pattern, or a parenthesized list of them.
    pub patterns: ListPatterns<'a>,
    /// `RETURN (…)`, when given (`Some(vec![])` for `RETURN ()`).
    pub return_opts: Option<Vec<ListReturnOpt<'a>>>,
}

/// RFC 5258 `mbox-or-pat = list-mailbox / patterns`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListPatterns<'a> {
    /// `list-mailbox = 1*list-char / string`.
    One(IString<'a>),
    /// `patterns = "(" list-mailbox *(SP list-mailbox) ")"`.
    List(NonEmpty<IString<'a>>),
}

/// A LIST selection option (RFC 5258 §3.1, RFC 6154 §5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListSelectOpt<'a> {
    /// `SUBSCRIBED`.
    Subscribed,
    /// `REMOTE`.
    Remote,
    /// `RECURSIVEMATCH`.
    RecursiveMatch,
    /// `SPECIAL-USE` (RFC 6154).
    SpecialUse,
    /// `option-extension = (option-standard-tag / option-vendor-tag) [SP option-value]`.
    /// Meant for names the crate does not type: one of the names above (in any case)
    /// without a value reads back as that variant; with one it makes a command the parser
    /// refuses.
    Other {
        /// The option name, as sent.
        name: Atom<'a>,
        /// `option-value = "(" option-val-comp ")"`, when given.
        value: Option<OptionValue<'a>>,
    },
}

/// A LIST return option (RFC 5258 §3.2, RFC 5819, RFC 6154, RFC 8440).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListReturnOpt<'a> {
    /// `SUBSCRIBED`.
    Subscribed,
    /// `CHILDREN`.
    Children,
    /// `SPECIAL-USE` (RFC 6154).
    SpecialUse,
    /// `MYRIGHTS` (RFC 8440).
    MyRights,
    /// `STATUS (status-att …)` (RFC 5819).
    Status(NonEmpty<StatusAttr<'a>>),
    /// `option-extension`. Meant for names the crate does not type: one of the names
    /// above (in any case) without a value reads back as that variant (`STATUS` with a value
    /// that fits its list as [`ListReturnOpt::Status`]); otherwise it makes a command the
    /// parser refuses.
    Other {
        /// The option name, as sent.
        name: Atom<'a>,
        /// `option-value`, when given.
        value: Option<OptionValue<'a>>,
    },
}

/// A STATUS item (RFC 9051 §6.3.11 `status-att` and the extensions).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StatusAttr<'a> {
    /// `MESSAGES`.
    Messages,
    /// `UIDNEXT`.
    UidNext,
    /// `UIDVALIDITY`.
    UidValidity,
    /// `UNSEEN`.
    Unseen,
    /// `DELETED` (RFC 9051, RFC 9208).
    Deleted,
    /// `SIZE` (RFC 8438, RFC 9051).
    Size,
    /// `RECENT` (RFC 3501).
    Recent,
    /// `HIGHESTMODSEQ` (RFC 7162 §3.1.7).
    HighestModSeq,
    /// `APPENDLIMIT` (RFC 7889).
    AppendLimit,
    /// `MAILBOXID` (RFC 8474 §4.3).
    MailboxId,
    /// `DELETED-STORAGE` (RFC 9208 §4.4).
    DeletedStorage,
    /// Another item, kept: its name is none of the above (which read back typed).
    Other(OtherStatusName<'a>),
}

/// The STATUS item names, as written.
pub(crate) const STATUS_ATTRS: [(&str, StatusAttr<'static>); 11] = [
    ("MESSAGES", StatusAttr::Messages),
    ("UIDNEXT", StatusAttr::UidNext),
    ("UIDVALIDITY", StatusAttr::UidValidity),
    ("UNSEEN", StatusAttr::Unseen),
    ("DELETED", StatusAttr::Deleted),
    ("SIZE", StatusAttr::Size),
    ("RECENT", StatusAttr::Recent),
    ("HIGHESTMODSEQ", StatusAttr::HighestModSeq),
    ("APPENDLIMIT", StatusAttr::AppendLimit),
    ("MAILBOXID", StatusAttr::MailboxId),
    ("DELETED-STORAGE", StatusAttr::DeletedStorage),
];

named_keywords!(
    StatusAttr,
    STATUS_ATTRS,
    OtherStatusName,
    /// The item named `name` (an atom, any case).
    from_atom
);

/// The name of a STATUS item the crate does not type, in a STATUS command
/// ([`StatusAttr::Other`]) or response ([`StatusItem::Other`]): an atom that is, in any
/// case, none of the names of [`StatusAttr`]'s other variants. Those names read back as
/// their typed variant, and in a response one followed by a value that does not fit its
/// rule (`MESSAGES x`) does not parse, so the type refuses them.
///
/// ```
/// use imap_proto::types::command::OtherStatusName;
///
/// assert_eq!(OtherStatusName::new("X-SPAM").unwrap().as_str(), "X-SPAM");
/// assert!(OtherStatusName::new("messages").is_err()); // StatusAttr::Messages
/// assert!(OtherStatusName::new("a b").is_err()); // not an atom
/// ```
///
/// [`StatusItem::Other`]: crate::types::response::StatusItem::Other
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OtherStatusName<'a>(Atom<'a>);

impl<'a> OtherStatusName<'a> {
    /// Checks `s`: an atom that is no typed STATUS item name (RFC 9051 §9 `status-att`,
    /// RFC 7162, RFC 7889, RFC 8474, RFC 9208; see [`StatusAttr`]).
    pub fn new(s: impl Into<Cow<'a, str>>) -> Result<Self, Error> {
        let a = Atom::new(s)?;
        if STATUS_ATTRS
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(a.as_str()))
        {
            return Err(Error::expected(
                0,
                "a STATUS item name the crate does not type",
            ));
        }
        Ok(Self(a))
    }

    /// A name the parser has checked (an atom, none of the typed names).
    pub(crate) fn from_valid(s: &'a [u8]) -> Self {
        Self(Atom::from_valid(s))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The name as an atom.
    pub fn as_atom(&self) -> &Atom<'a> {
        &self.0
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> OtherStatusName<'static> {
        OtherStatusName(self.0.into_owned())
    }
}

impl fmt::Display for OtherStatusName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One message of APPEND (RFC 3502 `append-message = append-opts SP append-data`,
/// `append-opts = [SP flag-list] [SP date-time]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AppendMessage<'a> {
    /// The flags to set (`flag-list`); empty for none (an empty `()` is read as none).
    pub flags: Vec<Flag<'a>>,
    /// The internal date to set.
    pub date: Option<DateTime>,
    /// The message.
    pub data: AppendData<'a>,
}

/// The message data of APPEND (RFC 4466 `append-data = literal / literal8 /
/// append-data-ext` and the extensions).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AppendData<'a> {
    /// `literal`: the message, always written as a literal. Sliced from the input and never
    /// scanned, so a NUL (which `literal` excludes, RFC 9051 `CHAR8`) is not looked for.
    Literal(Binary<'a>),
    /// `literal8` (RFC 3516 BINARY): any octets.
    Literal8(Binary<'a>),
    /// `"UTF8" SP "(" literal8 ")"` (RFC 6855 §4, UTF8=ACCEPT).
    Utf8(Binary<'a>),
    /// `"CATENATE" SP "(" cat-part *(SP cat-part) ")"` (RFC 4469 §5).
    Catenate(NonEmpty<CatPart<'a>>),
}

/// RFC 4469 `cat-part = text-literal / url`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CatPart<'a> {
    /// `"URL" SP astring`: an IMAP URL of a message or part.
    Url(IString<'a>),
    /// `"TEXT" SP literal`: text, always written as a literal (never scanned, as
    /// [`AppendData::Literal`]).
    Text(Binary<'a>),
}

/// A FETCH modifier (RFC 4466 §2.4 `fetch-modifier = fetch-modifier-name [SP
/// fetch-modif-params]`, RFC 7162).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FetchModifier<'a> {
    /// `CHANGEDSINCE mod-sequence-value` (RFC 7162 §3.1.4.1; at most 2⁶³ − 1).
    ChangedSince(ModSeq),
    /// `VANISHED` (RFC 7162 §3.2.6; UID FETCH with CHANGEDSINCE).
    Vanished,
    /// Another modifier, kept. Meant for names the crate does not type: `CHANGEDSINCE` (in
    /// any case) with a value that fits `mod-sequence-value` reads back as
    /// [`FetchModifier::ChangedSince`], `VANISHED` without a value as
    /// [`FetchModifier::Vanished`]; otherwise they make a command the parser refuses.
    Other {
        /// `tagged-ext-label`, as sent.
        name: Label<'a>,
        /// `tagged-ext-val`, when given.
        value: Option<ExtValue<'a>>,
    },
}

/// A STORE modifier (RFC 4466 §2.5, RFC 7162).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StoreModifier<'a> {
    /// `UNCHANGEDSINCE mod-sequence-valzer` (RFC 7162 §3.1.3; 0 allowed, at most
    /// 2⁶³ − 1).
    UnchangedSince(Number64),
    /// Another modifier, kept. Meant for names the crate does not type: `UNCHANGEDSINCE`
    /// (in any case) with a value that fits `mod-sequence-valzer` reads back as
    /// [`StoreModifier::UnchangedSince`]; otherwise it makes a command the parser refuses.
    Other {
        /// `tagged-ext-label`, as sent.
        name: Label<'a>,
        /// `tagged-ext-val`, when given.
        value: Option<ExtValue<'a>>,
    },
}

/// How STORE changes the values: `FLAGS`, `+FLAGS`, `-FLAGS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoreMode {
    /// No sign: replace.
    Replace,
    /// `+`: add.
    Add,
    /// `-`: remove.
    Remove,
}

/// What STORE sets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StoreValues<'a> {
    /// `FLAGS`: `flag-list / (flag *(SP flag))` (written as a list).
    Flags(Vec<Flag<'a>>),
    /// Gmail's `X-GM-LABELS (label …)`: labels are astrings, or `\`-names such as
    /// `\Inbox` (kept with their backslash).
    GmLabels(Vec<GmLabel<'a>>),
}

/// A SETQUOTA resource limit (RFC 9208 `setquota-resource = resource-name SP
/// resource-limit`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuotaLimit<'a> {
    /// The resource.
    pub resource: QuotaResource<'a>,
    /// `resource-limit = number64` (at most 2⁶³ − 1).
    pub limit: Number64,
}

/// RFC 9208 §9 `resource-name = "STORAGE" / "MESSAGE" / "MAILBOX" / "ANNOTATION-STORAGE"
/// / resource-name-ext`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum QuotaResource<'a> {
    /// `STORAGE` (units of 1024 octets).
    Storage,
    /// `MESSAGE`.
    Message,
    /// `MAILBOX`.
    Mailbox,
    /// `ANNOTATION-STORAGE`.
    AnnotationStorage,
    /// `resource-name-ext = atom`. Meant for names the crate does not type: one of the
    /// names above (in any case) reads back as that variant.
    Other(Atom<'a>),
}

/// The resource names, as written.
pub(crate) const QUOTA_RESOURCES: [(&str, QuotaResource<'static>); 4] = [
    ("STORAGE", QuotaResource::Storage),
    ("MESSAGE", QuotaResource::Message),
    ("MAILBOX", QuotaResource::Mailbox),
    ("ANNOTATION-STORAGE", QuotaResource::AnnotationStorage),
];

named_keywords!(
    QuotaResource,
    QUOTA_RESOURCES,
    /// The resource named `name` (an atom, any case).
    from_atom
);

/// A GETMETADATA option (RFC 5464 §4.2: `getmetadata-option = tagged-ext-label [SP
/// tagged-ext-val]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MetadataOption<'a> {
    /// `MAXSIZE number` (RFC 5464 §4.2.1).
    MaxSize(u32),
    /// `DEPTH ("0" / "1" / "infinity")` (RFC 5464 §4.2.2).
    Depth(MetadataDepth),
    /// Another option, kept. Meant for names the crate does not type: `MAXSIZE` (in any
    /// case) with a number as value reads back as [`MetadataOption::MaxSize`], `DEPTH` with
    /// `0` or `1` as [`MetadataOption::Depth`]; otherwise they make a command the parser
    /// refuses.
    Other {
        /// `tagged-ext-label`, as sent.
        name: Label<'a>,
        /// `tagged-ext-val`, when given.
        value: Option<ExtValue<'a>>,
    },
}

/// RFC 5464 `scope-opt = "DEPTH" SP ("0" / "1" / "infinity")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetadataDepth {
    /// `0`: the entry only.
    Zero,
    /// `1`: the entry and its children.
    One,
    /// `infinity`: the whole subtree.
    Infinity,
}

/// RFC 5464 `value = nstring / literal8`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MetadataValue<'a> {
    /// `NIL`: remove the entry.
    Nil,
    /// A string (quoted or literal).
    String(IString<'a>),
    /// A `literal8` (binary data).
    Binary(Binary<'a>),
}

/// RFC 5465 §8 `notify = "NOTIFY" SP (notify-set / notify-none)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Notify<'a> {
    /// `NONE`: no more notifications.
    None,
    /// `"SET" [SP "STATUS"] SP event-groups`.
    Set {
        /// `STATUS`: send STATUS for the mailboxes named now.
        status: bool,
        /// `event-group *(SP event-group)`.
        groups: NonEmpty<EventGroup<'a>>,
    },
}

/// RFC 5465 `event-group = "(" filter-mailboxes SP events ")"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EventGroup<'a> {
    /// Which mailboxes.
    pub filter: NotifyFilter<'a>,
    /// `events = ("(" event *(SP event) ")") / "NONE"`: `None` for NONE.
    pub events: Option<NonEmpty<NotifyEvent<'a>>>,
}

/// RFC 5465 `filter-mailboxes`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NotifyFilter<'a> {
    /// `selected`.
    Selected,
    /// `selected-delayed`.
    SelectedDelayed,
    /// `inboxes`.
    Inboxes,
    /// `personal`.
    Personal,
    /// `subscribed`.
    Subscribed,
    /// `subtree one-or-more-mailbox`.
    Subtree(NonEmpty<Mailbox<'a>>),
    /// `mailboxes one-or-more-mailbox`.
    Mailboxes(NonEmpty<Mailbox<'a>>),
}

/// RFC 5465 `event`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NotifyEvent<'a> {
    /// `MessageNew [SP "(" fetch-att *(SP fetch-att) ")"]`: the attributes (empty for
    /// none) to send with each new message.
    MessageNew(Vec<FetchAttr<'a>>),
    /// `MessageExpunge`.
    MessageExpunge,
    /// `FlagChange`.
    FlagChange,
    /// `AnnotationChange`.
    AnnotationChange,
    /// `MailboxName`.
    MailboxName,
    /// `SubscriptionChange`.
    SubscriptionChange,
    /// `MailboxMetadataChange`.
    MailboxMetadataChange,
    /// `ServerMetadataChange`.
    ServerMetadataChange,
    /// `event-ext = atom`. Meant for names the crate does not type: one of the names above
    /// (in any case) reads back as that variant (`MessageNew` as
    /// `NotifyEvent::MessageNew(vec![])`).
    Other(Atom<'a>),
}

/// The event names without arguments, as written.
pub(crate) const NOTIFY_EVENTS: [(&str, NotifyEvent<'static>); 7] = [
    ("MessageExpunge", NotifyEvent::MessageExpunge),
    ("FlagChange", NotifyEvent::FlagChange),
    ("AnnotationChange", NotifyEvent::AnnotationChange),
    ("MailboxName", NotifyEvent::MailboxName),
    ("SubscriptionChange", NotifyEvent::SubscriptionChange),
    ("MailboxMetadataChange", NotifyEvent::MailboxMetadataChange),
    ("ServerMetadataChange", NotifyEvent::ServerMetadataChange),
];

checked_bytes!(
    /// A `tagged-ext-val` kept as received (RFC 4466 §2.1: `tagged-ext-simple /
    /// "(" [tagged-ext-comp] ")"`, `tagged-ext-simple = sequence-set / number / number64`):
    /// the value of an unknown parameter or modifier, written back byte for byte.
    ExtValue
);

impl<'a> ExtValue<'a> {
    /// Checks `b`: a sequence set or number, or a balanced parenthesized list (quoted
    /// strings and literals inside it are read whole).
    ///
    /// ```
    /// use imap_proto::types::command::ExtValue;
    /// assert!(ExtValue::new(&b"1:5,7"[..]).is_ok());
    /// assert!(ExtValue::new(&b"(a \"b)\" (c))"[..]).is_ok());
    /// assert!(ExtValue::new(&b"(a"[..]).is_err());
    /// assert!(ExtValue::new(&b"word"[..]).is_err());
    /// ```
    pub fn new(b: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let b = b.into();
        reads_whole(&b, |c| c.ext_value_span())?;
        Ok(Self(b))
    }
}

checked_bytes!(
    /// A balanced parenthesized group kept as received: the value of an unknown LIST option
    /// (RFC 5258 §6 `option-value = "(" option-val-comp ")"`) and the arguments of an
    /// unknown FETCH item ([`FetchAttr::Other`]).
    OptionValue
);

impl<'a> OptionValue<'a> {
    /// Checks `b`: a balanced parenthesized list, on one line but for literals inside
    /// (which carry the octets they announce); quoted strings inside are read whole.
    ///
    /// ```
    /// use imap_proto::types::command::OptionValue;
    /// assert!(OptionValue::new(&b"(x (y))"[..]).is_ok());
    /// assert!(OptionValue::new(&b"5"[..]).is_err());
    /// ```
    pub fn new(b: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let b = b.into();
        reads_whole(&b, |c| c.skip_parens())?;
        Ok(Self(b))
    }
}

checked_bytes!(
    /// The arguments of an unknown command as received: every byte after the name up to the
    /// final CRLF, literals (`{n}`, `{n+}`, `~{n}`) included. Line ends occur only after a
    /// literal's announcement; NUL only in `literal8` data.
    RawArgs
);

impl<'a> RawArgs<'a> {
    /// Checks `b`: empty, or starting with a byte that cannot continue the command name
    /// (usually SP), with literals that match their announced sizes and no line end
    /// anywhere else.
    ///
    /// ```
    /// use imap_proto::types::command::RawArgs;
    /// assert!(RawArgs::new(&b""[..]).is_ok());
    /// assert!(RawArgs::new(&b" x {3}\r\nabc y"[..]).is_ok());
    /// assert!(RawArgs::new(&b" x {3}"[..]).is_err()); // would announce a literal
    /// assert!(RawArgs::new(&b" a\r\nb"[..]).is_err());
    /// ```
    pub fn new(b: impl Into<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let b = b.into();
        if b.first()
            .is_some_and(|&c| crate::parse::chars::is(c, crate::parse::chars::ATOM))
        {
            return Err(Error::expected(0, "SP before the arguments"));
        }
        let mut msg = Vec::with_capacity(b.len() + 2);
        msg.extend_from_slice(&b);
        msg.extend_from_slice(b"\r\n");
        let opts = ParserOptions::new().max_literal(u64::MAX);
        let mut c = Cursor::new(&msg, &opts);
        let end = c.raw_args_end()?;
        if end != b.len() {
            return Err(Error::expected(end, "end of the arguments"));
        }
        Ok(Self(b))
    }
}

fn owned_vec<T, U>(v: Vec<T>, f: impl FnMut(T) -> U) -> Vec<U> {
    v.into_iter().map(f).collect()
}

fn owned_ext(v: Option<ExtValue<'_>>) -> Option<ExtValue<'static>> {
    v.map(ExtValue::into_owned)
}

impl SelectParam<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> SelectParam<'static> {
        match self {
            Self::CondStore => SelectParam::CondStore,
            Self::QResync(q) => SelectParam::QResync(q.into_owned()),
            Self::Other { name, value } => SelectParam::Other {
                name: name.into_owned(),
                value: owned_ext(value),
            },
        }
    }
}

impl QResync<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> QResync<'static> {
        QResync {
            uidvalidity: self.uidvalidity,
            modseq: self.modseq,
            known_uids: self.known_uids.map(SequenceSet::into_owned),
            seq_match: self
                .seq_match
                .map(|(a, b)| (a.into_owned(), b.into_owned())),
        }
    }
}

impl CreateParam<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> CreateParam<'static> {
        match self {
            Self::Use(v) => CreateParam::Use(owned_vec(v, UseAttr::into_owned)),
            Self::Other { name, value } => CreateParam::Other {
                name: name.into_owned(),
                value: owned_ext(value),
            },
        }
    }
}

impl ListArgs<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> ListArgs<'static> {
        ListArgs {
            selection: self
                .selection
                .map(|v| owned_vec(v, ListSelectOpt::into_owned)),
            reference: self.reference.into_owned(),
            patterns: self.patterns.into_owned(),
            return_opts: self
                .return_opts
                .map(|v| owned_vec(v, ListReturnOpt::into_owned)),
        }
    }
}

impl ListPatterns<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> ListPatterns<'static> {
        match self {
            Self::One(p) => ListPatterns::One(p.into_owned()),
            Self::List(v) => ListPatterns::List(v.map(IString::into_owned)),
        }
    }
}

impl ListSelectOpt<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> ListSelectOpt<'static> {
        match self {
            Self::Subscribed => ListSelectOpt::Subscribed,
            Self::Remote => ListSelectOpt::Remote,
            Self::RecursiveMatch => ListSelectOpt::RecursiveMatch,
            Self::SpecialUse => ListSelectOpt::SpecialUse,
            Self::Other { name, value } => ListSelectOpt::Other {
                name: name.into_owned(),
                value: value.map(OptionValue::into_owned),
            },
        }
    }
}

impl ListReturnOpt<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> ListReturnOpt<'static> {
        match self {
            Self::Subscribed => ListReturnOpt::Subscribed,
            Self::Children => ListReturnOpt::Children,
            Self::SpecialUse => ListReturnOpt::SpecialUse,
            Self::MyRights => ListReturnOpt::MyRights,
            Self::Status(v) => ListReturnOpt::Status(v.map(StatusAttr::into_owned)),
            Self::Other { name, value } => ListReturnOpt::Other {
                name: name.into_owned(),
                value: value.map(OptionValue::into_owned),
            },
        }
    }
}

impl AppendMessage<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> AppendMessage<'static> {
        AppendMessage {
            flags: owned_vec(self.flags, Flag::into_owned),
            date: self.date,
            data: self.data.into_owned(),
        }
    }
}

impl AppendData<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> AppendData<'static> {
        match self {
            Self::Literal(s) => AppendData::Literal(s.into_owned()),
            Self::Literal8(b) => AppendData::Literal8(b.into_owned()),
            Self::Utf8(b) => AppendData::Utf8(b.into_owned()),
            Self::Catenate(v) => AppendData::Catenate(v.map(CatPart::into_owned)),
        }
    }
}

impl CatPart<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> CatPart<'static> {
        match self {
            Self::Url(s) => CatPart::Url(s.into_owned()),
            Self::Text(s) => CatPart::Text(s.into_owned()),
        }
    }
}

impl FetchModifier<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> FetchModifier<'static> {
        match self {
            Self::ChangedSince(n) => FetchModifier::ChangedSince(n),
            Self::Vanished => FetchModifier::Vanished,
            Self::Other { name, value } => FetchModifier::Other {
                name: name.into_owned(),
                value: owned_ext(value),
            },
        }
    }
}

impl StoreModifier<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> StoreModifier<'static> {
        match self {
            Self::UnchangedSince(n) => StoreModifier::UnchangedSince(n),
            Self::Other { name, value } => StoreModifier::Other {
                name: name.into_owned(),
                value: owned_ext(value),
            },
        }
    }
}

impl StoreValues<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> StoreValues<'static> {
        match self {
            Self::Flags(v) => StoreValues::Flags(owned_vec(v, Flag::into_owned)),
            Self::GmLabels(v) => StoreValues::GmLabels(owned_vec(v, GmLabel::into_owned)),
        }
    }
}

impl QuotaLimit<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> QuotaLimit<'static> {
        QuotaLimit {
            resource: self.resource.into_owned(),
            limit: self.limit,
        }
    }
}

impl MetadataOption<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> MetadataOption<'static> {
        match self {
            Self::MaxSize(n) => MetadataOption::MaxSize(n),
            Self::Depth(d) => MetadataOption::Depth(d),
            Self::Other { name, value } => MetadataOption::Other {
                name: name.into_owned(),
                value: owned_ext(value),
            },
        }
    }
}

impl MetadataValue<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> MetadataValue<'static> {
        match self {
            Self::Nil => MetadataValue::Nil,
            Self::String(s) => MetadataValue::String(s.into_owned()),
            Self::Binary(b) => MetadataValue::Binary(b.into_owned()),
        }
    }
}

impl Notify<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> Notify<'static> {
        match self {
            Self::None => Notify::None,
            Self::Set { status, groups } => Notify::Set {
                status,
                groups: groups.map(EventGroup::into_owned),
            },
        }
    }
}

impl EventGroup<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> EventGroup<'static> {
        EventGroup {
            filter: self.filter.into_owned(),
            events: self.events.map(|v| v.map(NotifyEvent::into_owned)),
        }
    }
}

impl NotifyFilter<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> NotifyFilter<'static> {
        match self {
            Self::Selected => NotifyFilter::Selected,
            Self::SelectedDelayed => NotifyFilter::SelectedDelayed,
            Self::Inboxes => NotifyFilter::Inboxes,
            Self::Personal => NotifyFilter::Personal,
            Self::Subscribed => NotifyFilter::Subscribed,
            Self::Subtree(v) => NotifyFilter::Subtree(v.map(Mailbox::into_owned)),
            Self::Mailboxes(v) => NotifyFilter::Mailboxes(v.map(Mailbox::into_owned)),
        }
    }
}

impl NotifyEvent<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> NotifyEvent<'static> {
        match self {
            Self::MessageNew(v) => NotifyEvent::MessageNew(owned_vec(v, FetchAttr::into_owned)),
            Self::MessageExpunge => NotifyEvent::MessageExpunge,
            Self::FlagChange => NotifyEvent::FlagChange,
            Self::AnnotationChange => NotifyEvent::AnnotationChange,
            Self::MailboxName => NotifyEvent::MailboxName,
            Self::SubscriptionChange => NotifyEvent::SubscriptionChange,
            Self::MailboxMetadataChange => NotifyEvent::MailboxMetadataChange,
            Self::ServerMetadataChange => NotifyEvent::ServerMetadataChange,
            Self::Other(a) => NotifyEvent::Other(a.into_owned()),
        }
    }
}

impl<'a> CommandBody<'a> {
    /// The command name as written on the wire (`FETCH` for UID FETCH too; `UID EXPUNGE`
    /// is `EXPUNGE`); the name as sent for [`CommandBody::Unknown`].
    pub fn name(&self) -> &str {
        match self {
            Self::Capability => "CAPABILITY",
            Self::Noop => "NOOP",
            Self::Logout => "LOGOUT",
            Self::StartTls => "STARTTLS",
            Self::Authenticate { .. } => "AUTHENTICATE",
            Self::Login { .. } => "LOGIN",
            Self::Enable { .. } => "ENABLE",
            Self::Select { .. } => "SELECT",
            Self::Examine { .. } => "EXAMINE",
            Self::Create { .. } => "CREATE",
            Self::Delete { .. } => "DELETE",
            Self::Rename { .. } => "RENAME",
            Self::Subscribe { .. } => "SUBSCRIBE",
            Self::Unsubscribe { .. } => "UNSUBSCRIBE",
            Self::List(_) => "LIST",
            Self::Lsub { .. } => "LSUB",
            Self::Namespace => "NAMESPACE",
            Self::Status { .. } => "STATUS",
            Self::Append { .. } => "APPEND",
            Self::Idle => "IDLE",
            Self::Check => "CHECK",
            Self::Close => "CLOSE",
            Self::Unselect => "UNSELECT",
            Self::Expunge | Self::UidExpunge { .. } => "EXPUNGE",
            Self::Fetch { .. } => "FETCH",
            Self::Store { .. } => "STORE",
            Self::Copy { .. } => "COPY",
            Self::Move { .. } => "MOVE",
            Self::GetQuota { .. } => "GETQUOTA",
            Self::GetQuotaRoot { .. } => "GETQUOTAROOT",
            Self::SetQuota { .. } => "SETQUOTA",
            Self::GetMetadata { .. } => "GETMETADATA",
            Self::SetMetadata { .. } => "SETMETADATA",
            Self::Id { .. } => "ID",
            Self::Compress { .. } => "COMPRESS",
            Self::Notify(_) => "NOTIFY",
            Self::SetAcl { .. } => "SETACL",
            Self::DeleteAcl { .. } => "DELETEACL",
            Self::GetAcl { .. } => "GETACL",
            Self::ListRights { .. } => "LISTRIGHTS",
            Self::MyRights { .. } => "MYRIGHTS",
            Self::Unauthenticate => "UNAUTHENTICATE",
            Self::Search { .. } => "SEARCH",
            Self::Sort { .. } => "SORT",
            Self::Thread { .. } => "THREAD",
            Self::Unknown { name, .. } => name.as_str(),
        }
    }

    /// True for the UID forms: `UID FETCH`, `UID STORE`, `UID COPY`, `UID MOVE`,
    /// `UID SEARCH`, `UID SORT`, `UID THREAD` and `UID EXPUNGE`.
    ///
    /// ```
    /// use imap_proto::types::command::Command;
    /// use imap_proto::ParserOptions;
    ///
    /// let parse = |m: &'static [u8]| Command::parse_message(m, &ParserOptions::default()).unwrap();
    /// let c = parse(b"a1 UID EXPUNGE 3:5\r\n");
    /// assert_eq!((c.body.name(), c.body.is_uid()), ("EXPUNGE", true));
    /// let c = parse(b"a2 FETCH 1 FLAGS\r\n");
    /// assert_eq!((c.body.name(), c.body.is_uid()), ("FETCH", false));
    /// ```
    pub const fn is_uid(&self) -> bool {
        match self {
            Self::UidExpunge { .. } => true,
            Self::Fetch { uid, .. }
            | Self::Store { uid, .. }
            | Self::Copy { uid, .. }
            | Self::Move { uid, .. }
            | Self::Search { uid, .. }
            | Self::Sort { uid, .. }
            | Self::Thread { uid, .. } => *uid,
            _ => false,
        }
    }

    /// The same value owning all its data.
    pub fn into_owned(self) -> CommandBody<'static> {
        use CommandBody as C;
        match self {
            Self::Capability => C::Capability,
            Self::Noop => C::Noop,
            Self::Logout => C::Logout,
            Self::StartTls => C::StartTls,
            Self::Authenticate {
                mechanism,
                initial_response,
            } => C::Authenticate {
                mechanism: mechanism.into_owned(),
                initial_response: initial_response.map(InitialResponse::into_owned),
            },
            Self::Login { username, password } => C::Login {
                username: username.into_owned(),
                password: password.into_owned(),
            },
            Self::Enable { capabilities } => C::Enable {
                capabilities: capabilities.map(Capability::into_owned),
            },
            Self::Select { mailbox, params } => C::Select {
                mailbox: mailbox.into_owned(),
                params: owned_vec(params, SelectParam::into_owned),
            },
            Self::Examine { mailbox, params } => C::Examine {
                mailbox: mailbox.into_owned(),
                params: owned_vec(params, SelectParam::into_owned),
            },
            Self::Create { mailbox, params } => C::Create {
                mailbox: mailbox.into_owned(),
                params: owned_vec(params, CreateParam::into_owned),
            },
            Self::Delete { mailbox } => C::Delete {
                mailbox: mailbox.into_owned(),
            },
            Self::Rename { from, to } => C::Rename {
                from: from.into_owned(),
                to: to.into_owned(),
            },
            Self::Subscribe { mailbox } => C::Subscribe {
                mailbox: mailbox.into_owned(),
            },
            Self::Unsubscribe { mailbox } => C::Unsubscribe {
                mailbox: mailbox.into_owned(),
            },
            Self::List(l) => C::List(l.into_owned()),
            Self::Lsub { reference, pattern } => C::Lsub {
                reference: reference.into_owned(),
                pattern: pattern.into_owned(),
            },
            Self::Namespace => C::Namespace,
            Self::Status { mailbox, items } => C::Status {
                mailbox: mailbox.into_owned(),
                items: items.map(StatusAttr::into_owned),
            },
            Self::Append { mailbox, messages } => C::Append {
                mailbox: mailbox.into_owned(),
                messages: messages.map(AppendMessage::into_owned),
            },
            Self::Idle => C::Idle,
            Self::Check => C::Check,
            Self::Close => C::Close,
            Self::Unselect => C::Unselect,
            Self::Expunge => C::Expunge,
            Self::UidExpunge { set } => C::UidExpunge {
                set: set.into_owned(),
            },
            Self::Fetch {
                uid,
                set,
                items,
                modifiers,
            } => C::Fetch {
                uid,
                set: set.into_owned(),
                items: items.into_owned(),
                modifiers: owned_vec(modifiers, FetchModifier::into_owned),
            },
            Self::Store {
                uid,
                set,
                modifiers,
                mode,
                silent,
                values,
            } => C::Store {
                uid,
                set: set.into_owned(),
                modifiers: owned_vec(modifiers, StoreModifier::into_owned),
                mode,
                silent,
                values: values.into_owned(),
            },
            Self::Copy { uid, set, mailbox } => C::Copy {
                uid,
                set: set.into_owned(),
                mailbox: mailbox.into_owned(),
            },
            Self::Move { uid, set, mailbox } => C::Move {
                uid,
                set: set.into_owned(),
                mailbox: mailbox.into_owned(),
            },
            Self::GetQuota { root } => C::GetQuota {
                root: root.into_owned(),
            },
            Self::GetQuotaRoot { mailbox } => C::GetQuotaRoot {
                mailbox: mailbox.into_owned(),
            },
            Self::SetQuota { root, limits } => C::SetQuota {
                root: root.into_owned(),
                limits: owned_vec(limits, QuotaLimit::into_owned),
            },
            Self::GetMetadata {
                options,
                mailbox,
                entries,
            } => C::GetMetadata {
                options: owned_vec(options, MetadataOption::into_owned),
                mailbox: mailbox.into_owned(),
                entries: entries.map(IString::into_owned),
            },
            Self::SetMetadata { mailbox, entries } => C::SetMetadata {
                mailbox: mailbox.into_owned(),
                entries: entries.map(|(e, v)| (e.into_owned(), v.into_owned())),
            },
            Self::Id { params } => C::Id {
                params: params.map(|v| {
                    owned_vec(v, |(k, val)| (k.into_owned(), val.map(IString::into_owned)))
                }),
            },
            Self::Compress { algorithm } => C::Compress {
                algorithm: algorithm.into_owned(),
            },
            Self::Notify(n) => C::Notify(n.into_owned()),
            Self::SetAcl {
                mailbox,
                identifier,
                rights,
            } => C::SetAcl {
                mailbox: mailbox.into_owned(),
                identifier: identifier.into_owned(),
                rights: rights.into_owned(),
            },
            Self::DeleteAcl {
                mailbox,
                identifier,
            } => C::DeleteAcl {
                mailbox: mailbox.into_owned(),
                identifier: identifier.into_owned(),
            },
            Self::GetAcl { mailbox } => C::GetAcl {
                mailbox: mailbox.into_owned(),
            },
            Self::ListRights {
                mailbox,
                identifier,
            } => C::ListRights {
                mailbox: mailbox.into_owned(),
                identifier: identifier.into_owned(),
            },
            Self::MyRights { mailbox } => C::MyRights {
                mailbox: mailbox.into_owned(),
            },
            Self::Unauthenticate => C::Unauthenticate,
            Self::Search { uid, args } => C::Search {
                uid,
                args: args.into_owned(),
            },
            Self::Sort { uid, args } => C::Sort {
                uid,
                args: args.into_owned(),
            },
            Self::Thread { uid, args } => C::Thread {
                uid,
                args: args.into_owned(),
            },
            Self::Unknown { name, args } => C::Unknown {
                name: name.into_owned(),
                args: args.into_owned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_scan() {
        // RFC 9051 §9: groups of four, then an optional terminal with "=" padding.
        assert_eq!(scan_base64(b"dGVzdAB0ZXN0AHRlc3Q="), 20);
        assert_eq!(scan_base64(b"dGVzdA=="), 8);
        assert_eq!(scan_base64(b"dGVz"), 4);
        assert_eq!(scan_base64(b"dGV"), 0);
        assert_eq!(scan_base64(b"dGVzd==="), 4); // "d===" is no terminal
        assert_eq!(scan_base64(b"dG=="), 4);
        assert_eq!(scan_base64(b"dGVzdA==dGVz"), 8); // nothing after a terminal
        assert_eq!(scan_base64(b"=AAA"), 0);
        assert!(Base64::new("d=Vz").is_err());
    }

    #[test]
    fn auth_lines() {
        let e = AuthData::parse_line(b"dGV\r\n").unwrap_err();
        assert_eq!(e.offset, 0);
        let e = AuthData::parse_line(b"dGVzdA== \r\n").unwrap_err();
        assert_eq!(e.offset, 8);
        assert!(AuthData::parse_line(b"*x\r\n").is_err());
        assert!(AuthData::parse_line(b"*\n").is_err());
        assert_eq!(
            AuthData::parse_line_with(b"*\n", &ParserOptions::lenient()).unwrap(),
            AuthData::Cancel
        );
        assert!(parse_idle_done(b"DONE \r\n").is_err());
        assert!(parse_idle_done(b"DONEX\r\n").is_err());
        assert!(parse_idle_done(b"DONE\n").is_err());
        assert!(parse_idle_done_with(b"Done\n", &ParserOptions::lenient()).is_ok());
    }

    #[test]
    fn rights() {
        let s = |t: &'static str| IString::try_from(t).unwrap();
        assert_eq!(rights_mode(&s("-x")), (RightsMode::Remove, &b"x"[..]));
        assert_eq!(rights_mode(&s("lrs")), (RightsMode::Replace, &b"lrs"[..]));
    }
}
