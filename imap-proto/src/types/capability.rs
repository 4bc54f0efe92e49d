//! Capabilities (RFC 9051 §7.2.2 / RFC 3501 §7.2.1 and the extensions'): the names a server
//! lists in a CAPABILITY response or code, typed where the crate knows them.
//!
//! RFC 9051 §9: `capability = ("AUTH=" auth-type) / atom`; names are case-insensitive.
//! A name the crate does not know is kept as [`Capability::Other`] and written back as
//! sent.
//!
//! ```
//! use imap_proto::types::capability::Capability;
//!
//! assert_eq!(Capability::from_atom("imap4rev2").unwrap(), Capability::Imap4rev2);
//! assert_eq!(Capability::from_atom("AUTH=PLAIN").unwrap().to_string(), "AUTH=PLAIN");
//! assert_eq!(Capability::from_atom("SORT=DISPLAY").unwrap(), Capability::SortDisplay);
//! let other = Capability::from_atom("XLIST").unwrap();
//! assert!(matches!(other, Capability::Other(_)));
//! assert_eq!(other.to_string(), "XLIST");
//! ```

use std::fmt;

use crate::error::Error;
use crate::parse::kw::Table;
use crate::types::core::{Atom, ascii};

/// One capability name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability<'a> {
    /// `IMAP4rev1` (RFC 3501).
    Imap4rev1,
    /// `IMAP4rev2` (RFC 9051).
    Imap4rev2,
    /// `AUTH=<mechanism>` (RFC 9051 §6.2.2): the mechanism name (an atom).
    Auth(Atom<'a>),
    /// `STARTTLS` (RFC 9051 §6.2.1).
    StartTls,
    /// `LOGINDISABLED` (RFC 9051 §6.2.3).
    LoginDisabled,
    /// `LITERAL+` (RFC 7888).
    LiteralPlus,
    /// `LITERAL-` (RFC 7888).
    LiteralMinus,
    /// `SASL-IR` (RFC 4959).
    SaslIr,
    /// `ENABLE` (RFC 5161).
    Enable,
    /// `IDLE` (RFC 2177).
    Idle,
    /// `NAMESPACE` (RFC 2342).
    Namespace,
    /// `ID` (RFC 2971).
    Id,
    /// `UNSELECT` (RFC 3691).
    Unselect,
    /// `UIDPLUS` (RFC 4315).
    UidPlus,
    /// `MOVE` (RFC 6851).
    Move,
    /// `CONDSTORE` (RFC 7162).
    Condstore,
    /// `QRESYNC` (RFC 7162).
    Qresync,
    /// `ESEARCH` (RFC 4731).
    Esearch,
    /// `SEARCHRES` (RFC 5182).
    Searchres,
    /// `LIST-EXTENDED` (RFC 5258).
    ListExtended,
    /// `LIST-STATUS` (RFC 5819).
    ListStatus,
    /// `SPECIAL-USE` (RFC 6154).
    SpecialUse,
    /// `CREATE-SPECIAL-USE` (RFC 6154).
    CreateSpecialUse,
    /// `QUOTA` (RFC 9208, RFC 2087).
    Quota,
    /// `QUOTA=RES-<resource>` (RFC 9208 §3.1): the resource name.
    QuotaRes(Atom<'a>),
    /// `QUOTASET` (RFC 9208).
    QuotaSet,
    /// `METADATA` (RFC 5464).
    Metadata,
    /// `METADATA-SERVER` (RFC 5464).
    MetadataServer,
    /// `SORT` (RFC 5256).
    Sort,
    /// `SORT=DISPLAY` (RFC 5957).
    SortDisplay,
    /// `THREAD=<algorithm>` (RFC 5256): the algorithm name.
    Thread(Atom<'a>),
    /// `BINARY` (RFC 3516).
    Binary,
    /// `COMPRESS=<algorithm>` (RFC 4978; `DEFLATE`).
    Compress(Atom<'a>),
    /// `UTF8=ACCEPT` (RFC 6855).
    Utf8Accept,
    /// `UTF8=ONLY` (RFC 6855).
    Utf8Only,
    /// `OBJECTID` (RFC 8474).
    ObjectId,
    /// `STATUS=SIZE` (RFC 8438).
    StatusSize,
    /// `SAVEDATE` (RFC 8514).
    SaveDate,
    /// `PREVIEW` (RFC 8970).
    Preview,
    /// `ACL` (RFC 4314).
    Acl,
    /// `RIGHTS=<letters>` (RFC 4314 §2.1): the extra rights.
    Rights(Atom<'a>),
    /// `NOTIFY` (RFC 5465).
    Notify,
    /// `MULTIAPPEND` (RFC 3502).
    MultiAppend,
    /// `CATENATE` (RFC 4469).
    Catenate,
    /// `CHILDREN` (RFC 3348).
    Children,
    /// `UNAUTHENTICATE` (RFC 8437).
    Unauthenticate,
    /// `WITHIN` (RFC 5032).
    Within,
    /// `ESORT` (RFC 5267).
    Esort,
    /// `CONTEXT=SEARCH` (RFC 5267).
    ContextSearch,
    /// `CONTEXT=SORT` (RFC 5267).
    ContextSort,
    /// `APPENDLIMIT` or `APPENDLIMIT=<n>` (RFC 7889).
    AppendLimit(Option<u64>),
    /// Any other name, as sent. Meant for names the crate does not type (what
    /// [`Capability::from_atom`] makes of a name): one it types (in any case) reads back as
    /// that variant.
    Other(Atom<'a>),
}

/// The names without a parameter, in the spelling written on the wire.
const PLAIN: &[(&str, Capability<'static>)] = &[
    ("IMAP4rev1", Capability::Imap4rev1),
    ("IMAP4rev2", Capability::Imap4rev2),
    ("STARTTLS", Capability::StartTls),
    ("LOGINDISABLED", Capability::LoginDisabled),
    ("LITERAL+", Capability::LiteralPlus),
    ("LITERAL-", Capability::LiteralMinus),
    ("SASL-IR", Capability::SaslIr),
    ("ENABLE", Capability::Enable),
    ("IDLE", Capability::Idle),
    ("NAMESPACE", Capability::Namespace),
    ("ID", Capability::Id),
    ("UNSELECT", Capability::Unselect),
    ("UIDPLUS", Capability::UidPlus),
    ("MOVE", Capability::Move),
    ("CONDSTORE", Capability::Condstore),
    ("QRESYNC", Capability::Qresync),
    ("ESEARCH", Capability::Esearch),
    ("SEARCHRES", Capability::Searchres),
    ("LIST-EXTENDED", Capability::ListExtended),
    ("LIST-STATUS", Capability::ListStatus),
    ("SPECIAL-USE", Capability::SpecialUse),
    ("CREATE-SPECIAL-USE", Capability::CreateSpecialUse),
    ("QUOTA", Capability::Quota),
    ("QUOTASET", Capability::QuotaSet),
    ("METADATA", Capability::Metadata),
    ("METADATA-SERVER", Capability::MetadataServer),
    ("SORT", Capability::Sort),
    ("SORT=DISPLAY", Capability::SortDisplay),
    ("BINARY", Capability::Binary),
    ("UTF8=ACCEPT", Capability::Utf8Accept),
    ("UTF8=ONLY", Capability::Utf8Only),
    ("OBJECTID", Capability::ObjectId),
    ("STATUS=SIZE", Capability::StatusSize),
    ("SAVEDATE", Capability::SaveDate),
    ("PREVIEW", Capability::Preview),
    ("ACL", Capability::Acl),
    ("NOTIFY", Capability::Notify),
    ("MULTIAPPEND", Capability::MultiAppend),
    ("CATENATE", Capability::Catenate),
    ("CHILDREN", Capability::Children),
    ("UNAUTHENTICATE", Capability::Unauthenticate),
    ("WITHIN", Capability::Within),
    ("ESORT", Capability::Esort),
    ("CONTEXT=SEARCH", Capability::ContextSearch),
    ("CONTEXT=SORT", Capability::ContextSort),
    ("APPENDLIMIT", Capability::AppendLimit(None)),
];

/// The names of [`PLAIN`], for its lookup table.
const PLAIN_NAMES: [&[u8]; PLAIN.len()] = {
    let mut names: [&[u8]; PLAIN.len()] = [b""; PLAIN.len()];
    let mut i = 0;
    while i < PLAIN.len() {
        names[i] = PLAIN[i].0.as_bytes();
        i += 1;
    }
    names
};

/// [`PLAIN_NAMES`] hashed (see `parse::kw`): a name is found with one hash and one
/// comparison rather than one comparison per name.
const PLAIN_TABLE: Table = Table::new(&PLAIN_NAMES);

/// The names with a parameter after a prefix (each holds an `=`).
const PREFIXED: [&str; 6] = [
    "AUTH=",
    "QUOTA=RES-",
    "THREAD=",
    "COMPRESS=",
    "RIGHTS=",
    "APPENDLIMIT=",
];

impl<'a> Capability<'a> {
    /// The capability written `name` (an atom; `AUTH=PLAIN`, `IMAP4rev2` …), in any case.
    pub fn from_atom(name: &'a str) -> Result<Self, Error> {
        Atom::new(name)?;
        Ok(Self::from_valid(name.as_bytes()))
    }

    /// The capability of a checked atom (ASCII bytes: a known name is found without
    /// making a `str` of it).
    pub(crate) fn from_valid(w: &'a [u8]) -> Self {
        match Self::plain(w) {
            Some(c) => c.clone(),
            None => Self::with_param(w),
        }
    }

    /// The capability named `w` if it is one without a parameter.
    #[inline]
    pub(crate) fn plain(w: &[u8]) -> Option<&'static Capability<'static>> {
        PLAIN_TABLE.find(&PLAIN_NAMES, w).map(|i| &PLAIN[i].1)
    }

    /// The capability of a checked atom that is not [`Capability::plain`]: a prefixed name
    /// or another.
    pub(crate) fn with_param(w: &'a [u8]) -> Self {
        if !w.contains(&b'=') {
            // Every prefix holds an "=".
            return Self::Other(Atom::from_valid(w));
        }
        let s = ascii(w);
        for (i, p) in PREFIXED.iter().enumerate() {
            let (Some(head), Some(tail)) = (s.get(..p.len()), s.get(p.len()..)) else {
                continue;
            };
            if tail.is_empty() || !head.eq_ignore_ascii_case(p) {
                continue;
            }
            // The tail of an atom is an atom.
            let param = Atom::from_valid(tail.as_bytes());
            return match i {
                0 => Self::Auth(param),
                1 => Self::QuotaRes(param),
                2 => Self::Thread(param),
                3 => Self::Compress(param),
                4 => Self::Rights(param),
                _ => match tail.parse::<u64>() {
                    Ok(n) if tail.bytes().all(|c| c.is_ascii_digit()) => Self::AppendLimit(Some(n)),
                    _ => Self::Other(Atom::from_valid(w)),
                },
            };
        }
        Self::Other(Atom::from_valid(w))
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> Capability<'static> {
        match self {
            Self::Auth(a) => Capability::Auth(a.into_owned()),
            Self::QuotaRes(a) => Capability::QuotaRes(a.into_owned()),
            Self::Thread(a) => Capability::Thread(a.into_owned()),
            Self::Compress(a) => Capability::Compress(a.into_owned()),
            Self::Rights(a) => Capability::Rights(a.into_owned()),
            Self::Other(a) => Capability::Other(a.into_owned()),
            Self::AppendLimit(n) => Capability::AppendLimit(n),
            plain => PLAIN
                .iter()
                .find(|(_, c)| *c == plain)
                .map_or(Capability::Imap4rev1, |(_, c)| c.clone()),
        }
    }
}

impl fmt::Display for Capability<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (prefix, param) = match self {
            Self::Auth(a) => (PREFIXED[0], a.as_str()),
            Self::QuotaRes(a) => (PREFIXED[1], a.as_str()),
            Self::Thread(a) => (PREFIXED[2], a.as_str()),
            Self::Compress(a) => (PREFIXED[3], a.as_str()),
            Self::Rights(a) => (PREFIXED[4], a.as_str()),
            Self::AppendLimit(Some(n)) => return write!(f, "{}{n}", PREFIXED[5]),
            Self::Other(a) => return f.write_str(a.as_str()),
            plain => {
                let name = PLAIN
                    .iter()
                    .find(|(_, c)| c == plain)
                    .map_or("", |(n, _)| n);
                return f.write_str(name);
            }
        };
        write!(f, "{prefix}{param}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name of the table reads back as itself in any case and prints as spelled;
    /// the capability list Dovecot 2.3.19.1 advertises after login (scripts/README.md)
    /// reads without a failure and prints back unchanged.
    #[test]
    fn names_read_and_print_back() {
        for (n, c) in PLAIN {
            assert_eq!(Capability::from_atom(n).unwrap(), *c);
            let lower = n.to_ascii_lowercase();
            assert_eq!(Capability::from_atom(&lower).unwrap(), *c);
            assert_eq!(c.to_string(), *n);
        }
        let dovecot = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY \
            THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL \
            CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE \
            QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE \
            SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY METADATA \
            SPECIAL-USE COMPRESS=DEFLATE QUOTA ACL RIGHTS=texk";
        let mut others = Vec::new();
        for name in dovecot.split_whitespace() {
            let c = Capability::from_atom(name).unwrap();
            assert_eq!(c.to_string(), name);
            if let Capability::Other(a) = &c {
                others.push(a.as_str().to_owned());
            }
            assert_eq!(c.clone().into_owned(), c);
        }
        // Names no RFC listed in this crate defines stay unknown.
        assert_eq!(
            others,
            [
                "LOGIN-REFERRALS",
                "URL-PARTIAL",
                "I18NLEVEL=1",
                "SNIPPET=FUZZY",
                "PREVIEW=FUZZY"
            ]
        );
        assert_eq!(
            Capability::from_atom("thread=references").unwrap(),
            Capability::Thread(Atom::new("references").unwrap())
        );
        assert_eq!(
            Capability::from_atom("APPENDLIMIT=35651584").unwrap(),
            Capability::AppendLimit(Some(35_651_584))
        );
        assert!(matches!(
            Capability::from_atom("APPENDLIMIT=x").unwrap(),
            Capability::Other(_)
        ));
        assert!(matches!(
            Capability::from_atom("AUTH=").unwrap(),
            Capability::Other(_)
        ));
        assert!(Capability::from_atom("AUTH PLAIN").is_err());
    }
}
