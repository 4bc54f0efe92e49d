//! Writing server responses other than FETCH data: status responses with their codes,
//! the greeting, continuation requests and untagged data, in the forms the parsers of
//! [`crate::types::response`] read back.
//!
//! Names are written in upper case (attributes and flags in their usual spelling); strings
//! take the form the [`Writer`] chooses; raw values of unknown items are written as they
//! were received.
//!
//! ```
//! use imap_proto::encode::core::EncodeOptions;
//! use imap_proto::types::response::{Data, Response};
//!
//! let r = Response::Data(Data::Search { numbers: vec![2.try_into().unwrap(), 84.try_into().unwrap()], modseq: None });
//! assert_eq!(r.encode(&EncodeOptions::default()).as_bytes(), b"* SEARCH 2 84\r\n");
//! ```

use crate::encode::core::Writer;
use crate::parse::chars::{self, ATOM};
use crate::types::core::FlagPerm;
use crate::types::response::{
    Code, CodeText, Continuation, Data, Esearch, EsearchReturn, FlagEntry, Greeting, GreetingKind,
    ListExtItem, MailboxList, MetadataCode, MetadataItems, MetadataValue, NamespaceDescr, Response,
    StatusItem, StatusResponse, Text, Thread,
};

impl Response<'_> {
    /// Writes the response and its CRLF.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::Status(s) => s.write(w),
            Self::Data(d) => d.write(w),
            Self::Continuation(c) => c.write(w),
        }
    }
}

/// `["[" resp-text-code "]" SP] text` (the SP after the code even before empty text, as
/// RFC 9051's `resp-text` has it).
fn resp_text(w: &mut Writer, code: Option<&Code<'_>>, text: &Text<'_>) {
    if let Some(code) = code {
        w.raw(b"[");
        code.write(w);
        w.raw(b"] ");
    }
    w.raw(text.as_bytes());
}

impl StatusResponse<'_> {
    /// `tag SP kind SP resp-text CRLF` (`*` for no tag).
    pub(crate) fn write(&self, w: &mut Writer) {
        match self.tag() {
            Some(t) => w.raw(t.as_bytes()),
            None => w.raw(b"*"),
        }
        w.raw(b" ");
        w.raw(self.kind().as_str().as_bytes());
        w.raw(b" ");
        resp_text(w, self.code(), self.text());
        w.raw(b"\r\n");
    }
}

impl Greeting<'_> {
    /// `"*" SP kind SP resp-text CRLF`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(match self.kind() {
            GreetingKind::Ok => b"* OK ",
            GreetingKind::PreAuth => b"* PREAUTH ",
            GreetingKind::Bye => b"* BYE ",
        });
        resp_text(w, self.code(), self.text());
        w.raw(b"\r\n");
    }
}

impl Continuation<'_> {
    /// `"+" SP resp-text CRLF`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(b"+ ");
        resp_text(w, self.code(), self.text());
        w.raw(b"\r\n");
    }
}

/// A non-zero number.
fn nz(w: &mut Writer, n: std::num::NonZeroU32) {
    w.number(u64::from(n.get()));
}

/// `SP` then `item` for each.
fn each<T>(w: &mut Writer, v: &[T], mut item: impl FnMut(&mut Writer, &T)) {
    for x in v {
        w.raw(b" ");
        item(w, x);
    }
}

/// `"(" item *(SP item) ")"`.
fn paren<T>(w: &mut Writer, v: &[T], mut item: impl FnMut(&mut Writer, &T)) {
    w.raw(b"(");
    for (i, x) in v.iter().enumerate() {
        if i > 0 {
            w.raw(b" ");
        }
        item(w, x);
    }
    w.raw(b")");
}

/// One flag of a flag list.
fn flag_entry(w: &mut Writer, f: &FlagEntry<'_>) {
    match f {
        FlagEntry::Flag(FlagPerm::Any) => w.raw(b"\\*"),
        FlagEntry::Flag(FlagPerm::Flag(f)) => w.flag(f),
        FlagEntry::Bracketed(s) => w.raw(s.as_bytes()),
    }
}

/// `DQUOTE QUOTED-CHAR DQUOTE / nil`.
fn delimiter(w: &mut Writer, d: Option<char>) {
    match d {
        None => w.raw(b"NIL"),
        Some(c) => {
            w.raw(b"\"");
            if c == '"' || c == '\\' {
                w.raw(b"\\");
            }
            let mut buf = [0u8; 4];
            w.raw(c.encode_utf8(&mut buf).as_bytes());
            w.raw(b"\"");
        }
    }
}

fn code_text(w: &mut Writer, t: &CodeText<'_>) {
    w.raw(t.as_bytes());
}

impl Code<'_> {
    /// The code without its brackets.
    pub(crate) fn write(&self, w: &mut Writer) {
        let name: &[u8] = match self {
            Self::Alert => b"ALERT",
            Self::Parse => b"PARSE",
            Self::ReadOnly => b"READ-ONLY",
            Self::ReadWrite => b"READ-WRITE",
            Self::TryCreate => b"TRYCREATE",
            Self::Closed => b"CLOSED",
            Self::HasChildren => b"HASCHILDREN",
            Self::UnknownCte => b"UNKNOWN-CTE",
            Self::Unavailable => b"UNAVAILABLE",
            Self::AuthenticationFailed => b"AUTHENTICATIONFAILED",
            Self::AuthorizationFailed => b"AUTHORIZATIONFAILED",
            Self::Expired => b"EXPIRED",
            Self::PrivacyRequired => b"PRIVACYREQUIRED",
            Self::ContactAdmin => b"CONTACTADMIN",
            Self::NoPerm => b"NOPERM",
            Self::InUse => b"INUSE",
            Self::ExpungeIssued => b"EXPUNGEISSUED",
            Self::Corruption => b"CORRUPTION",
            Self::ServerBug => b"SERVERBUG",
            Self::ClientBug => b"CLIENTBUG",
            Self::Cannot => b"CANNOT",
            Self::Limit => b"LIMIT",
            Self::OverQuota => b"OVERQUOTA",
            Self::AlreadyExists => b"ALREADYEXISTS",
            Self::NonExistent => b"NONEXISTENT",
            Self::UidNotSticky => b"UIDNOTSTICKY",
            Self::NoModSeq => b"NOMODSEQ",
            Self::TooBig => b"TOOBIG",
            Self::NotSaved => b"NOTSAVED",
            Self::CompressionActive => b"COMPRESSIONACTIVE",
            Self::UseAttr => b"USEATTR",
            Self::NotificationOverflow => b"NOTIFICATIONOVERFLOW",
            Self::BadCharset(v) => {
                w.raw(b"BADCHARSET");
                if !v.is_empty() {
                    w.raw(b" ");
                    paren(w, v, |w, c| {
                        // charset = atom / quoted; a name is TEXT-CHARs, so it can be
                        // quoted.
                        let s = c.as_str().as_bytes();
                        if s.iter().all(|&b| chars::is(b, ATOM)) {
                            w.raw(s);
                        } else {
                            w.raw(b"\"");
                            for &b in s {
                                if b == b'"' || b == b'\\' {
                                    w.raw(b"\\");
                                }
                                w.raw(&[b]);
                            }
                            w.raw(b"\"");
                        }
                    });
                }
                return;
            }
            Self::Capability(v) => {
                w.raw(b"CAPABILITY");
                each(w, v, |w, c| w.raw(c.to_string().as_bytes()));
                return;
            }
            Self::PermanentFlags(v) => {
                w.raw(b"PERMANENTFLAGS ");
                paren(w, v, flag_entry);
                return;
            }
            Self::UidNext(n) => {
                w.raw(b"UIDNEXT ");
                nz(w, *n);
                return;
            }
            Self::UidValidity(n) => {
                w.raw(b"UIDVALIDITY ");
                nz(w, *n);
                return;
            }
            Self::Unseen(n) => {
                w.raw(b"UNSEEN ");
                nz(w, *n);
                return;
            }
            Self::AppendUid { uid_validity, uids } => {
                w.raw(b"APPENDUID ");
                nz(w, *uid_validity);
                w.raw(b" ");
                w.raw(uids.as_str().as_bytes());
                return;
            }
            Self::CopyUid {
                uid_validity,
                source,
                destination,
            } => {
                w.raw(b"COPYUID ");
                nz(w, *uid_validity);
                w.raw(b" ");
                w.raw(source.as_str().as_bytes());
                w.raw(b" ");
                w.raw(destination.as_str().as_bytes());
                return;
            }
            Self::HighestModSeq(m) => {
                w.raw(b"HIGHESTMODSEQ ");
                w.number(m.get());
                return;
            }
            Self::Modified(s) => {
                w.raw(b"MODIFIED ");
                w.raw(s.as_str().as_bytes());
                return;
            }
            Self::BadUrl(u) => {
                w.raw(b"BADURL ");
                code_text(w, u);
                return;
            }
            Self::Metadata(m) => {
                w.raw(b"METADATA ");
                match m {
                    MetadataCode::LongEntries(n) => {
                        w.raw(b"LONGENTRIES ");
                        w.number(u64::from(*n));
                    }
                    MetadataCode::MaxSize(n) => {
                        w.raw(b"MAXSIZE ");
                        w.number(u64::from(*n));
                    }
                    MetadataCode::TooMany => w.raw(b"TOOMANY"),
                    MetadataCode::NoPrivate => w.raw(b"NOPRIVATE"),
                }
                return;
            }
            Self::MailboxId(id) => {
                w.raw(b"MAILBOXID (");
                w.raw(id.as_str().as_bytes());
                w.raw(b")");
                return;
            }
            Self::BadEvent(v) => {
                w.raw(b"BADEVENT ");
                paren(w, v, |w, a| w.raw(a.as_bytes()));
                return;
            }
            Self::UrlMech(v) => {
                w.raw(b"URLMECH INTERNAL");
                each(w, v, |w, m| {
                    w.raw(m.name.as_bytes());
                    if let Some(d) = &m.data {
                        w.raw(b"=");
                        w.raw(d.as_bytes());
                    }
                });
                return;
            }
            Self::Other { name, text } => {
                w.raw(name.as_bytes());
                if let Some(t) = text {
                    w.raw(b" ");
                    code_text(w, t);
                }
                return;
            }
        };
        w.raw(name);
    }
}

impl MailboxList<'_> {
    /// `"(" attrs ")" SP delimiter SP mailbox [SP "(" items ")"]`.
    pub(crate) fn write(&self, w: &mut Writer) {
        paren(w, &self.attributes, |w, a| {
            w.raw(b"\\");
            w.raw(a.name().as_bytes());
        });
        w.raw(b" ");
        delimiter(w, self.delimiter);
        w.raw(b" ");
        w.mailbox(&self.mailbox);
        if let Some(items) = &self.extended {
            w.raw(b" ");
            paren(w, items, |w, item| match item {
                ListExtItem::ChildInfo(v) => {
                    w.raw(b"CHILDINFO ");
                    paren(w, v, |w, s| w.string(s));
                }
                ListExtItem::OldName(m) => {
                    w.raw(b"OLDNAME (");
                    w.mailbox(m);
                    w.raw(b")");
                }
                ListExtItem::Other { tag, value } => {
                    w.astring(tag);
                    w.raw(b" ");
                    w.raw(value.as_bytes());
                }
            });
        }
    }
}

/// `nil / "(" 1*namespace-descr ")"`.
fn namespace(w: &mut Writer, v: &[NamespaceDescr<'_>]) {
    if v.is_empty() {
        w.raw(b"NIL");
        return;
    }
    w.raw(b"(");
    for d in v {
        w.raw(b"(");
        w.string(&d.prefix);
        w.raw(b" ");
        delimiter(w, d.delimiter);
        for (name, values) in &d.extensions {
            w.raw(b" ");
            w.string(name);
            w.raw(b" ");
            paren(w, values, |w, s| w.string(s));
        }
        w.raw(b")");
    }
    w.raw(b")");
}

impl StatusItem<'_> {
    fn write(&self, w: &mut Writer) {
        let (name, n): (&[u8], u64) = match self {
            Self::Messages(n) => (b"MESSAGES", u64::from(*n)),
            Self::UidNext(n) => (b"UIDNEXT", u64::from(n.get())),
            Self::UidValidity(n) => (b"UIDVALIDITY", u64::from(n.get())),
            Self::Unseen(n) => (b"UNSEEN", u64::from(*n)),
            Self::Deleted(n) => (b"DELETED", u64::from(*n)),
            Self::Size(n) => (b"SIZE", n.get()),
            Self::Recent(n) => (b"RECENT", u64::from(*n)),
            Self::HighestModSeq(n) => (b"HIGHESTMODSEQ", n.get()),
            Self::DeletedStorage(n) => (b"DELETED-STORAGE", n.get()),
            Self::AppendLimit(None) => {
                w.raw(b"APPENDLIMIT NIL");
                return;
            }
            Self::AppendLimit(Some(n)) => (b"APPENDLIMIT", n.get()),
            Self::MailboxId(id) => {
                w.raw(b"MAILBOXID (");
                w.raw(id.as_str().as_bytes());
                w.raw(b")");
                return;
            }
            Self::Other { name, value } => {
                w.raw(name.as_str().as_bytes());
                w.raw(b" ");
                w.raw(value.as_bytes());
                return;
            }
        };
        w.raw(name);
        w.raw(b" ");
        w.number(n);
    }
}

impl Esearch<'_> {
    fn write(&self, w: &mut Writer) {
        w.raw(b"ESEARCH");
        if let Some(c) = &self.correlator {
            w.raw(b" (TAG ");
            w.string(&c.tag);
            if let Some((m, v)) = &c.mailbox {
                w.raw(b" MAILBOX ");
                w.mailbox(m);
                w.raw(b" UIDVALIDITY ");
                nz(w, *v);
            }
            w.raw(b")");
        }
        if self.uid {
            w.raw(b" UID");
        }
        each(w, &self.data, |w, d| match d {
            EsearchReturn::Min(n) => {
                w.raw(b"MIN ");
                nz(w, *n);
            }
            EsearchReturn::Max(n) => {
                w.raw(b"MAX ");
                nz(w, *n);
            }
            EsearchReturn::All(s) => {
                w.raw(b"ALL ");
                w.raw(s.as_str().as_bytes());
            }
            EsearchReturn::Count(n) => {
                w.raw(b"COUNT ");
                w.number(u64::from(*n));
            }
            EsearchReturn::ModSeq(m) => {
                w.raw(b"MODSEQ ");
                w.number(m.get());
            }
            EsearchReturn::Partial { range, results } => {
                w.raw(b"PARTIAL (");
                if range.from_last {
                    w.raw(b"-");
                }
                nz(w, range.start);
                w.raw(b":");
                if range.from_last {
                    w.raw(b"-");
                }
                nz(w, range.end);
                w.raw(b" ");
                match results {
                    Some(s) => w.raw(s.as_str().as_bytes()),
                    None => w.raw(b"NIL"),
                }
                w.raw(b")");
            }
            EsearchReturn::Other { name, value } => {
                w.raw(name.as_str().as_bytes());
                w.raw(b" ");
                w.raw(value.as_bytes());
            }
        });
    }
}

impl Thread {
    /// `"(" members [SP] children ")"`.
    fn write(&self, w: &mut Writer) {
        w.raw(b"(");
        for (i, m) in self.members().iter().enumerate() {
            if i > 0 {
                w.raw(b" ");
            }
            nz(w, *m);
        }
        if !self.members().is_empty() && !self.children().is_empty() {
            w.raw(b" ");
        }
        for c in self.children() {
            c.write(w);
        }
        w.raw(b")");
    }
}

/// The numbers of SEARCH / SORT and the optional `(MODSEQ n)`.
fn numbers_modseq(
    w: &mut Writer,
    numbers: &[std::num::NonZeroU32],
    modseq: Option<crate::types::response::ModSeq>,
) {
    each(w, numbers, |w, n| nz(w, *n));
    if let Some(m) = modseq {
        w.raw(b" (MODSEQ ");
        w.number(m.get());
        w.raw(b")");
    }
}

impl Data<'_> {
    /// `"*" SP data CRLF`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(b"* ");
        match self {
            Self::Capability(v) => {
                w.raw(b"CAPABILITY");
                each(w, v, |w, c| w.raw(c.to_string().as_bytes()));
            }
            Self::Enabled(v) => {
                w.raw(b"ENABLED");
                each(w, v, |w, c| w.raw(c.to_string().as_bytes()));
            }
            Self::List(l) => {
                w.raw(b"LIST ");
                l.write(w);
            }
            Self::Lsub(l) => {
                w.raw(b"LSUB ");
                l.write(w);
            }
            Self::Namespace {
                personal,
                other,
                shared,
            } => {
                w.raw(b"NAMESPACE ");
                namespace(w, personal);
                w.raw(b" ");
                namespace(w, other);
                w.raw(b" ");
                namespace(w, shared);
            }
            Self::Status { mailbox, items } => {
                w.raw(b"STATUS ");
                w.mailbox(mailbox);
                w.raw(b" ");
                paren(w, items, |w, i| i.write(w));
            }
            Self::Search { numbers, modseq } => {
                w.raw(b"SEARCH");
                numbers_modseq(w, numbers, *modseq);
            }
            Self::Sort { numbers, modseq } => {
                w.raw(b"SORT");
                numbers_modseq(w, numbers, *modseq);
            }
            Self::Esearch(e) => e.write(w),
            Self::Thread(v) => {
                w.raw(b"THREAD");
                if !v.is_empty() {
                    w.raw(b" ");
                    for t in v {
                        t.write(w);
                    }
                }
            }
            Self::Flags(v) => {
                w.raw(b"FLAGS ");
                paren(w, v, flag_entry);
            }
            Self::Exists(n) => {
                w.number(u64::from(*n));
                w.raw(b" EXISTS");
            }
            Self::Fetch(f) => f.write(w),
            Self::Recent(n) => {
                w.number(u64::from(*n));
                w.raw(b" RECENT");
            }
            Self::Expunge(n) => {
                nz(w, *n);
                w.raw(b" EXPUNGE");
            }
            Self::Vanished { earlier, uids } => {
                w.raw(if *earlier {
                    b"VANISHED (EARLIER) "
                } else {
                    b"VANISHED "
                });
                w.raw(uids.as_str().as_bytes());
            }
            Self::Quota { root, resources } => {
                w.raw(b"QUOTA ");
                w.astring(root);
                w.raw(b" ");
                paren(w, resources, |w, r| {
                    w.raw(r.name.as_bytes());
                    w.raw(b" ");
                    w.number(r.usage.get());
                    w.raw(b" ");
                    w.number(r.limit.get());
                });
            }
            Self::QuotaRoot { mailbox, roots } => {
                w.raw(b"QUOTAROOT ");
                w.mailbox(mailbox);
                each(w, roots, |w, r| w.astring(r));
            }
            Self::Metadata { mailbox, items } => {
                w.raw(b"METADATA ");
                w.mailbox(mailbox);
                w.raw(b" ");
                match items {
                    MetadataItems::Values(v) => paren(w, v, |w, (k, v)| {
                        w.astring(k);
                        w.raw(b" ");
                        match v {
                            MetadataValue::Nil => w.raw(b"NIL"),
                            MetadataValue::String(s) => w.string(s),
                            MetadataValue::Binary(b) => w.literal8(b),
                        }
                    }),
                    MetadataItems::Entries(v) => {
                        for (i, e) in v.iter().enumerate() {
                            if i > 0 {
                                w.raw(b" ");
                            }
                            w.astring(e);
                        }
                    }
                }
            }
            Self::Id(None) => w.raw(b"ID NIL"),
            Self::Id(Some(v)) => {
                w.raw(b"ID ");
                paren(w, v, |w, (k, v)| {
                    w.string(k);
                    w.raw(b" ");
                    w.nstring(v.as_ref());
                });
            }
            Self::Acl { mailbox, entries } => {
                w.raw(b"ACL ");
                w.mailbox(mailbox);
                each(w, entries, |w, (i, r)| {
                    w.astring(i);
                    w.raw(b" ");
                    w.astring(r);
                });
            }
            Self::ListRights {
                mailbox,
                identifier,
                required,
                optional,
            } => {
                w.raw(b"LISTRIGHTS ");
                w.mailbox(mailbox);
                w.raw(b" ");
                w.astring(identifier);
                w.raw(b" ");
                w.astring(required);
                each(w, optional, |w, r| w.astring(r));
            }
            Self::MyRights { mailbox, rights } => {
                w.raw(b"MYRIGHTS ");
                w.mailbox(mailbox);
                w.raw(b" ");
                w.astring(rights);
            }
            Self::Other { name, raw } => {
                w.raw(name.as_bytes());
                w.raw(raw.as_bytes());
            }
        }
        w.raw(b"\r\n");
    }
}
