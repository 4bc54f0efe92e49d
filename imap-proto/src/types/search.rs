//! SEARCH keys and the arguments of the SEARCH, SORT and THREAD commands (RFC 3501 §6.4.4,
//! RFC 9051 §6.4.4, RFC 4731 ESEARCH, RFC 5182 SEARCHRES, RFC 5256 SORT/THREAD, RFC 5267,
//! RFC 5957, RFC 9394, and the search keys of RFC 7162, RFC 5032, RFC 8514, RFC 8474,
//! RFC 6203 and Gmail).
//!
//! [`SearchKey`] is one search key (nested through `NOT`, `OR`, `FUZZY` and parentheses);
//! [`SearchCommand`], [`SortCommand`] and [`ThreadCommand`] are what follows the command
//! word (`SEARCH `, `SORT `, `THREAD `, with or without `UID`). Strings are kept as bytes:
//! the `CHARSET` decides what they mean. Key names are case-insensitive on the wire and
//! written in upper case.
//!
//! ```
//! use imap_proto::types::search::{SearchCommand, SearchKey, SearchReturnOpt};
//! use imap_proto::types::core::{Date, IString};
//! use imap_proto::ParserOptions;
//!
//! // RFC 9051 §6.4.4: the arguments after "SEARCH ", ending in CRLF.
//! let args = b"RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n";
//! let opts = ParserOptions::default();
//! let cmd = SearchCommand::parse_args(args, &opts).unwrap();
//! assert_eq!(cmd.ret, Some(vec![SearchReturnOpt::Min, SearchReturnOpt::Count]));
//! assert_eq!(cmd.keys[0], SearchKey::Flagged);
//! assert_eq!(cmd.keys[1], SearchKey::Since(Date::new(1994, 2, 1).unwrap()));
//! let smith = IString::try_from("Smith").unwrap();
//! assert_eq!(cmd.keys[2], SearchKey::Not(Box::new(SearchKey::From(smith))));
//! // Written back in a canonical form.
//! let out = cmd.encode_args(&Default::default());
//! assert_eq!(out.as_bytes(), b"RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM Smith\r\n");
//! ```

use std::borrow::Cow;
use std::num::NonZeroU32;

use crate::encode::core::{EncodeOptions, Encoded, Writer};
use crate::error::Error;
use crate::options::ParserOptions;
use crate::parse::core::Cursor;
use crate::types::core::{
    Atom, Charset, Date, Flag, IString, Label, NonEmpty, Number64, ObjectId, SequenceSet,
};

/// One search key: RFC 9051 §9 / RFC 3501 §9 `search-key` and its extensions.
///
/// Parsed values nest at most [`ParserOptions::max_depth`] levels deep; a value built by
/// hand is written (and dropped) recursively, so keep hand-built nesting shallow too.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchKey<'a> {
    /// `ALL`: every message.
    All,
    /// `ANSWERED`: `\Answered` set.
    Answered,
    /// `BCC astring`: the Bcc header field contains the string.
    Bcc(IString<'a>),
    /// `BEFORE date`: internal date earlier than the date.
    Before(Date),
    /// `BODY astring`: the body contains the string.
    Body(IString<'a>),
    /// `CC astring`.
    Cc(IString<'a>),
    /// `DELETED`.
    Deleted,
    /// `DRAFT`.
    Draft,
    /// `FLAGGED`.
    Flagged,
    /// `FROM astring`.
    From(IString<'a>),
    /// `HEADER header-fld-name astring`: the field name, then the string.
    Header(IString<'a>, IString<'a>),
    /// `KEYWORD flag-keyword`.
    Keyword(Atom<'a>),
    /// `LARGER number64` (RFC 3501: `number`).
    Larger(Number64),
    /// `NEW` (RFC 3501 only: `\Recent` and not `\Seen`).
    New,
    /// `NOT search-key`.
    Not(Box<Self>),
    /// `OLD` (RFC 3501 only: not `\Recent`).
    Old,
    /// `ON date`.
    On(Date),
    /// `OR search-key search-key`.
    Or(Box<Self>, Box<Self>),
    /// `RECENT` (RFC 3501 only).
    Recent,
    /// `SEEN`.
    Seen,
    /// `SENTBEFORE date`.
    SentBefore(Date),
    /// `SENTON date`.
    SentOn(Date),
    /// `SENTSINCE date`.
    SentSince(Date),
    /// `SINCE date`.
    Since(Date),
    /// `SMALLER number64` (RFC 3501: `number`).
    Smaller(Number64),
    /// `SUBJECT astring`.
    Subject(IString<'a>),
    /// `TEXT astring`: header or body contains the string.
    Text(IString<'a>),
    /// `TO astring`.
    To(IString<'a>),
    /// `UID sequence-set` (`$` allowed, RFC 5182).
    Uid(SequenceSet<'a>),
    /// `UNANSWERED`.
    Unanswered,
    /// `UNDELETED`.
    Undeleted,
    /// `UNDRAFT`.
    Undraft,
    /// `UNFLAGGED`.
    Unflagged,
    /// `UNKEYWORD flag-keyword`.
    Unkeyword(Atom<'a>),
    /// `UNSEEN`.
    Unseen,
    /// A `sequence-set` of message numbers (`$` allowed, RFC 5182).
    SequenceSet(SequenceSet<'a>),
    /// `"(" search-key *(SP search-key) ")"`: all of them (at least one: the grammar has
    /// no empty list).
    And(NonEmpty<Self>),
    /// RFC 7162 §3.1.5 `"MODSEQ" [SP entry-name SP entry-type-req] SP mod-sequence-valzer`.
    ModSeq {
        /// The metadata item the value applies to (`"/flags/\\draft" all`).
        entry: Option<ModSeqEntry<'a>>,
        /// The mod-sequence (0 allowed: `mod-sequence-valzer`).
        modseq: Number64,
    },
    /// RFC 5032 `OLDER nz-number`: internal date at least this many seconds ago.
    Older(NonZeroU32),
    /// RFC 5032 `YOUNGER nz-number`: internal date at most this many seconds ago.
    Younger(NonZeroU32),
    /// RFC 8514 `SAVEDBEFORE date`.
    SavedBefore(Date),
    /// RFC 8514 `SAVEDON date`.
    SavedOn(Date),
    /// RFC 8514 `SAVEDSINCE date`.
    SavedSince(Date),
    /// RFC 8514 `SAVEDATESUPPORTED`.
    SaveDateSupported,
    /// RFC 8474 `EMAILID objectid`.
    EmailId(ObjectId<'a>),
    /// RFC 8474 `THREADID objectid`.
    ThreadId(ObjectId<'a>),
    /// RFC 6203 `FUZZY search-key`.
    Fuzzy(Box<Self>),
    /// Gmail `X-GM-RAW astring`: a Gmail search expression.
    GmailRaw(IString<'a>),
    /// Gmail `X-GM-MSGID`: a 64-bit unsigned message id.
    GmailMsgId(u64),
    /// Gmail `X-GM-THRID`: a 64-bit unsigned thread id.
    GmailThrId(u64),
    /// Gmail `X-GM-LABELS astring`: a label.
    GmailLabels(IString<'a>),
}

/// RFC 7162 §3.1.5 / §7 `search-modseq-ext = SP entry-name SP entry-type-req` with
/// `entry-name = DQUOTE "/flags/" attr-flag DQUOTE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModSeqEntry<'a> {
    /// The flag named by `/flags/<flag>`.
    pub flag: Flag<'a>,
    /// `priv`, `shared` or `all`.
    pub entry_type: EntryType,
}

/// RFC 7162 §7 `entry-type-req = entry-type-resp / "all"`, `entry-type-resp = "priv" /
/// "shared"` (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryType {
    /// `priv`.
    Private,
    /// `shared`.
    Shared,
    /// `all`.
    All,
}

/// RFC 4466 §2.6.1 / RFC 9051 §9 `search-return-opt`: what an ESEARCH answer returns.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SearchReturnOpt<'a> {
    /// `MIN` (RFC 4731).
    Min,
    /// `MAX` (RFC 4731).
    Max,
    /// `ALL` (RFC 4731).
    All,
    /// `COUNT` (RFC 4731).
    Count,
    /// `SAVE` (RFC 5182).
    Save,
    /// `CONTEXT` (RFC 5267 §4.2).
    Context,
    /// `UPDATE` without arguments (RFC 5267 §4.3; RFC 5465's `UPDATE (fetch-att …)` is
    /// kept as [`SearchReturnOpt::Other`]).
    Update,
    /// `PARTIAL partial-range` (RFC 9394 §4, RFC 5267 §4.4).
    Partial(PartialRange),
    /// Any other option: `search-modifier-name [SP search-mod-params]`, kept as sent.
    Other(ReturnOptOther<'a>),
}

/// RFC 9394 §4 `partial-range = partial-range-first / partial-range-last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialRange {
    /// `nz-number ":" nz-number`: positions counted from the first result.
    First(NonZeroU32, NonZeroU32),
    /// `"-" nz-number ":" "-" nz-number`: positions counted from the last result (the
    /// numbers without their minus signs).
    Last(NonZeroU32, NonZeroU32),
}

/// A search return option the crate does not type: its name (`tagged-ext-label`) and its
/// parameters as sent (`tagged-ext-val`, RFC 4466 §2.6.1), written back byte for byte.
///
/// A literal inside the parameters is written as it was received (`{n}` stays
/// synchronizing, `{n+}` not), and the [`Encoded`] message marks a synchronizing one as a
/// place where the client waits for a continuation request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnOptOther<'a> {
    name: Label<'a>,
    args: Option<Cow<'a, [u8]>>,
}

impl<'a> ReturnOptOther<'a> {
    /// Checks the name (`tagged-ext-label`, not `PARTIAL` and not, without arguments, a
    /// name the crate types) and the arguments (a `tagged-ext-value`: a number, a
    /// sequence set, or a parenthesized group with balanced parentheses).
    pub fn new(name: impl Into<Cow<'a, str>>, args: Option<Cow<'a, [u8]>>) -> Result<Self, Error> {
        let name = Label::new(name)?;
        if is_typed_return_opt(name.as_str().as_bytes(), args.is_some()) {
            return Err(Error::expected(
                0,
                "a return option name the crate does not type",
            ));
        }
        if let Some(a) = &args {
            let opts = ParserOptions::default();
            let mut c = Cursor::new(a, &opts);
            c.ext_value()?;
            if c.pos != a.len() {
                return Err(Error::expected(
                    c.pos,
                    "end of the return option parameters",
                ));
            }
        }
        Ok(Self { name, args })
    }

    /// A value the parser has checked.
    pub(crate) fn from_valid(name: &'a str, args: Option<&'a [u8]>) -> Self {
        Self {
            name: Label::from_valid(name),
            args: args.map(Cow::Borrowed),
        }
    }

    /// The name as sent.
    pub fn name(&self) -> &str {
        self.name.as_str()
    }

    /// The parameters as sent, if any.
    pub fn args(&self) -> Option<&[u8]> {
        self.args.as_deref()
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> ReturnOptOther<'static> {
        ReturnOptOther {
            name: self.name.into_owned(),
            args: self.args.map(|a| Cow::Owned(a.into_owned())),
        }
    }
}

/// True when `name` (with or without arguments) parses as a typed [`SearchReturnOpt`].
pub(crate) fn is_typed_return_opt(name: &[u8], has_args: bool) -> bool {
    const BARE: [&[u8]; 7] = [
        b"MIN", b"MAX", b"ALL", b"COUNT", b"SAVE", b"CONTEXT", b"UPDATE",
    ];
    name.eq_ignore_ascii_case(b"PARTIAL")
        || (!has_args && BARE.iter().any(|n| name.eq_ignore_ascii_case(n)))
}

/// RFC 9051 §6.4.4 / §9: what follows `SEARCH ` — `[search-return-opts SP] search-program`,
/// `search-program = ["CHARSET" SP charset SP] search-key *(SP search-key)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchCommand<'a> {
    /// `RETURN (…)` (RFC 4731 ESEARCH). `Some(vec![])` is `RETURN ()`, which RFC 4731 §3.1
    /// defines as `RETURN (ALL)`.
    pub ret: Option<Vec<SearchReturnOpt<'a>>>,
    /// `CHARSET …`.
    pub charset: Option<Charset<'a>>,
    /// The keys, all of which a message must match (at least one).
    pub keys: NonEmpty<SearchKey<'a>>,
}

/// RFC 5256 §5 `sort-criterion = ["REVERSE" SP] sort-key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortCriterion {
    /// `REVERSE`.
    pub reverse: bool,
    /// The key.
    pub key: SortKey,
}

/// RFC 5256 §5 `sort-key`, RFC 5957 §5 and RFC 6203 §7 extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SortKey {
    /// `ARRIVAL`: internal date.
    Arrival,
    /// `CC`.
    Cc,
    /// `DATE`: sent date.
    Date,
    /// `FROM`.
    From,
    /// `SIZE`.
    Size,
    /// `SUBJECT`: base subject.
    Subject,
    /// `TO`.
    To,
    /// `DISPLAYFROM` (RFC 5957).
    DisplayFrom,
    /// `DISPLAYTO` (RFC 5957).
    DisplayTo,
    /// `RELEVANCY` (RFC 6203).
    Relevancy,
}

/// RFC 5256 §5 `sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"`: one or more.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SortCriteria(Vec<SortCriterion>);

impl SortCriteria {
    /// The criteria, in order; `None` for none (the grammar wants at least one).
    pub fn new(criteria: Vec<SortCriterion>) -> Option<Self> {
        (!criteria.is_empty()).then_some(Self(criteria))
    }

    /// A list the parser has checked to be non-empty.
    pub(crate) const fn from_valid(criteria: Vec<SortCriterion>) -> Self {
        Self(criteria)
    }

    /// The criteria.
    pub fn as_slice(&self) -> &[SortCriterion] {
        &self.0
    }

    /// The criteria, taken.
    pub fn into_vec(self) -> Vec<SortCriterion> {
        self.0
    }
}

/// What follows `SORT `: RFC 5256 §5 `sort-criteria SP search-criteria` (`search-criteria
/// = charset 1*(SP search-key)`: the charset is required), with RFC 5267 §5's
/// `search-return-opts` (ESORT) before the criteria.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortCommand<'a> {
    /// `RETURN (…)` (RFC 5267 ESORT).
    pub ret: Option<Vec<SearchReturnOpt<'a>>>,
    /// The sort criteria.
    pub criteria: SortCriteria,
    /// The charset of the strings in the keys.
    pub charset: Charset<'a>,
    /// The keys (at least one).
    pub keys: NonEmpty<SearchKey<'a>>,
}

/// RFC 5256 §5 `thread-alg = "ORDEREDSUBJECT" / "REFERENCES" / thread-alg-ext`,
/// `thread-alg-ext = atom`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ThreadAlgorithm<'a> {
    /// `ORDEREDSUBJECT` (RFC 5256 §3).
    OrderedSubject,
    /// `REFERENCES` (RFC 5256 §3).
    References,
    /// `REFS` (draft-ietf-morg-inthread, never an RFC; Dovecot advertises `THREAD=REFS`).
    Refs,
    /// Another algorithm, as sent. Parsing never yields a name listed above here; build
    /// one with [`ThreadAlgorithm::from_atom`].
    Other(Atom<'a>),
}

impl<'a> ThreadAlgorithm<'a> {
    /// The algorithm named `a` (known names in any case map to their variants).
    pub fn from_atom(a: Atom<'a>) -> Self {
        let s = a.as_str();
        if s.eq_ignore_ascii_case("ORDEREDSUBJECT") {
            Self::OrderedSubject
        } else if s.eq_ignore_ascii_case("REFERENCES") {
            Self::References
        } else if s.eq_ignore_ascii_case("REFS") {
            Self::Refs
        } else {
            Self::Other(a)
        }
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        match self {
            Self::OrderedSubject => "ORDEREDSUBJECT",
            Self::References => "REFERENCES",
            Self::Refs => "REFS",
            Self::Other(a) => a.as_str(),
        }
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> ThreadAlgorithm<'static> {
        match self {
            Self::OrderedSubject => ThreadAlgorithm::OrderedSubject,
            Self::References => ThreadAlgorithm::References,
            Self::Refs => ThreadAlgorithm::Refs,
            Self::Other(a) => ThreadAlgorithm::Other(a.into_owned()),
        }
    }
}

/// What follows `THREAD `: RFC 5256 §5 `thread-alg SP search-criteria` (the charset is
/// required).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadCommand<'a> {
    /// The threading algorithm.
    pub algorithm: ThreadAlgorithm<'a>,
    /// The charset of the strings in the keys.
    pub charset: Charset<'a>,
    /// The keys (at least one).
    pub keys: NonEmpty<SearchKey<'a>>,
}

impl SearchKey<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> SearchKey<'static> {
        use SearchKey as K;
        let b = |k: Box<SearchKey<'_>>| Box::new(k.into_owned());
        match self {
            K::All => K::All,
            K::Answered => K::Answered,
            K::Bcc(s) => K::Bcc(s.into_owned()),
            K::Before(d) => K::Before(d),
            K::Body(s) => K::Body(s.into_owned()),
            K::Cc(s) => K::Cc(s.into_owned()),
            K::Deleted => K::Deleted,
            K::Draft => K::Draft,
            K::Flagged => K::Flagged,
            K::From(s) => K::From(s.into_owned()),
            K::Header(n, v) => K::Header(n.into_owned(), v.into_owned()),
            K::Keyword(a) => K::Keyword(a.into_owned()),
            K::Larger(n) => K::Larger(n),
            K::New => K::New,
            K::Not(k) => K::Not(b(k)),
            K::Old => K::Old,
            K::On(d) => K::On(d),
            K::Or(x, y) => K::Or(b(x), b(y)),
            K::Recent => K::Recent,
            K::Seen => K::Seen,
            K::SentBefore(d) => K::SentBefore(d),
            K::SentOn(d) => K::SentOn(d),
            K::SentSince(d) => K::SentSince(d),
            K::Since(d) => K::Since(d),
            K::Smaller(n) => K::Smaller(n),
            K::Subject(s) => K::Subject(s.into_owned()),
            K::Text(s) => K::Text(s.into_owned()),
            K::To(s) => K::To(s.into_owned()),
            K::Uid(s) => K::Uid(s.into_owned()),
            K::Unanswered => K::Unanswered,
            K::Undeleted => K::Undeleted,
            K::Undraft => K::Undraft,
            K::Unflagged => K::Unflagged,
            K::Unkeyword(a) => K::Unkeyword(a.into_owned()),
            K::Unseen => K::Unseen,
            K::SequenceSet(s) => K::SequenceSet(s.into_owned()),
            K::And(v) => K::And(v.map(SearchKey::into_owned)),
            K::ModSeq { entry, modseq } => K::ModSeq {
                entry: entry.map(ModSeqEntry::into_owned),
                modseq,
            },
            K::Older(n) => K::Older(n),
            K::Younger(n) => K::Younger(n),
            K::SavedBefore(d) => K::SavedBefore(d),
            K::SavedOn(d) => K::SavedOn(d),
            K::SavedSince(d) => K::SavedSince(d),
            K::SaveDateSupported => K::SaveDateSupported,
            K::EmailId(o) => K::EmailId(o.into_owned()),
            K::ThreadId(o) => K::ThreadId(o.into_owned()),
            K::Fuzzy(k) => K::Fuzzy(b(k)),
            K::GmailRaw(s) => K::GmailRaw(s.into_owned()),
            K::GmailMsgId(n) => K::GmailMsgId(n),
            K::GmailThrId(n) => K::GmailThrId(n),
            K::GmailLabels(s) => K::GmailLabels(s.into_owned()),
        }
    }
}

impl<'a> SearchKey<'a> {
    /// Parses one search key followed by CRLF (`args` ends in CRLF; literals included).
    /// Offsets in errors count from the start of `args`. (The grammar core's cursor ties
    /// the options' lifetime to the input's.)
    pub fn parse_args(args: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        let mut c = Cursor::new(args, opts);
        let k = c.search_key()?;
        c.crlf()?;
        Ok(k)
    }

    /// Writes the key and CRLF (the inverse of [`SearchKey::parse_args`]).
    pub fn encode_args(&self, opts: &EncodeOptions) -> Encoded {
        let mut w = Writer::new(*opts);
        self.write(&mut w);
        w.raw(b"\r\n");
        w.finish()
    }
}

impl ModSeqEntry<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> ModSeqEntry<'static> {
        ModSeqEntry {
            flag: self.flag.into_owned(),
            entry_type: self.entry_type,
        }
    }
}

impl SearchReturnOpt<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> SearchReturnOpt<'static> {
        match self {
            Self::Min => SearchReturnOpt::Min,
            Self::Max => SearchReturnOpt::Max,
            Self::All => SearchReturnOpt::All,
            Self::Count => SearchReturnOpt::Count,
            Self::Save => SearchReturnOpt::Save,
            Self::Context => SearchReturnOpt::Context,
            Self::Update => SearchReturnOpt::Update,
            Self::Partial(r) => SearchReturnOpt::Partial(r),
            Self::Other(o) => SearchReturnOpt::Other(o.into_owned()),
        }
    }
}

fn owned_ret(ret: Option<Vec<SearchReturnOpt<'_>>>) -> Option<Vec<SearchReturnOpt<'static>>> {
    ret.map(|v| v.into_iter().map(SearchReturnOpt::into_owned).collect())
}

fn owned_keys(keys: NonEmpty<SearchKey<'_>>) -> NonEmpty<SearchKey<'static>> {
    keys.map(SearchKey::into_owned)
}

macro_rules! args_io {
    ($t:ident, $parser:ident, $word:literal) => {
        impl<'a> $t<'a> {
            #[doc = concat!("Parses what follows `", $word, " ` (`UID ", $word, " ` too), up to and")]
            /// including the final CRLF: `args` is the rest of one complete message,
            /// literals included. Offsets in errors count from the start of `args`.
            pub fn parse_args(args: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
                let mut c = Cursor::new(args, opts);
                let v = c.$parser()?;
                c.crlf()?;
                Ok(v)
            }

            /// Writes the arguments and CRLF (the inverse of `parse_args`); the caller
            #[doc = concat!("puts the tag and `", $word, " ` in front.")]
            pub fn encode_args(&self, opts: &EncodeOptions) -> Encoded {
                let mut w = Writer::new(*opts);
                self.write(&mut w);
                w.raw(b"\r\n");
                w.finish()
            }
        }
    };
}

args_io!(SearchCommand, search_command, "SEARCH");
args_io!(SortCommand, sort_command, "SORT");
args_io!(ThreadCommand, thread_command, "THREAD");

impl SearchCommand<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> SearchCommand<'static> {
        SearchCommand {
            ret: owned_ret(self.ret),
            charset: self.charset.map(Charset::into_owned),
            keys: owned_keys(self.keys),
        }
    }
}

impl SortCommand<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> SortCommand<'static> {
        SortCommand {
            ret: owned_ret(self.ret),
            criteria: self.criteria,
            charset: self.charset.into_owned(),
            keys: owned_keys(self.keys),
        }
    }
}

impl ThreadCommand<'_> {
    /// The same value owning its data.
    pub fn into_owned(self) -> ThreadCommand<'static> {
        ThreadCommand {
            algorithm: self.algorithm.into_owned(),
            charset: self.charset.into_owned(),
            keys: owned_keys(self.keys),
        }
    }
}
