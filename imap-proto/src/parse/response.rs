//! Parsers of server responses other than FETCH data (RFC 9051 §7 and §9, RFC 3501 §7 and
//! §9, and the extensions named on each parser).
//!
//! The entry points are [`Cursor::response`] and [`Cursor::greeting`]; both read one
//! complete message and dispatch on its first bytes. Names (status words, data keywords,
//! response codes, attributes) are case-insensitive and matched through a small stack
//! buffer: the common path allocates nothing but the vectors of list-valued data.
//!
//! Lenient mode ([`ParserOptions::lenient`](crate::ParserOptions::lenient)) accepts, on top
//! of the grammar core's quirks (runs of SP for one SP, SP before the line end, LF alone as
//! the line end, 8-bit bytes in quoted strings):
//!
//! - a response code not followed by SP and text (`* OK [UIDVALIDITY 1]`), and a status
//!   word with no SP and no text at all (`a1 OK`): RFC 2177's, RFC 4978's and RFC 5465's
//!   examples print them and some servers send them;
//! - `+` with no SP after it (`+` alone, or `+text`), which deployed servers send (RFC 4959
//!   prints `S: +`);
//! - 8-bit bytes that are not UTF-8 in text (RFC 3501 servers send Latin-1);
//! - `\*` in a FLAGS list and keywords containing `]` in FLAGS and PERMANENTFLAGS (Gmail:
//!   `OIB-Seen-[Gmail]/Trash`; in a FETCH response's FLAGS too, read by
//!   [`Cursor::flag_fetch`]);
//! - SP runs and a SP before `)` in STATUS lists and SP runs in `n EXISTS`, through the
//!   core's [`Cursor::sp`] and [`Cursor::paren_list`], and SP before the CRLF (trailing
//!   SP after a CAPABILITY list, for example).

use std::borrow::Cow;
use std::num::NonZeroU32;

use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::chars::{self, ASTRING, ATOM, DIGIT, TEXT};
use crate::parse::core::Cursor;
use crate::parse::kw::keywords;
use crate::types::capability::Capability;
use crate::types::command::OtherStatusName;
use crate::types::core::{
    Atom, Flag, FlagPerm, Label, NonEmpty, ObjectId, Tag, label_error_at, literal_marker_at_end,
};
use crate::types::response::{
    Code, CodeText, Continuation, Data, Esearch, EsearchReturn, FlagEntry, Greeting, GreetingKind,
    ListExtItem, MailboxAttr, MailboxList, MetadataCode, MetadataItems, MetadataValue, ModSeq,
    NamespaceDescr, PartialRange, QuotaResource, RawData, RawValue, Response, SearchCorrelator,
    StatusItem, StatusKind, StatusResponse, Text, Thread, UidSet, UrlMechanism,
};

keywords! {
    /// The response codes the crate types (RFC 9051 §9 `resp-text-code` and the
    /// extensions'), by name.
    enum CodeName {
        Alert = b"ALERT",
        Parse = b"PARSE",
        ReadOnly = b"READ-ONLY",
        ReadWrite = b"READ-WRITE",
        Trycreate = b"TRYCREATE",
        Closed = b"CLOSED",
        Haschildren = b"HASCHILDREN",
        UnknownCte = b"UNKNOWN-CTE",
        Unavailable = b"UNAVAILABLE",
        Authenticationfailed = b"AUTHENTICATIONFAILED",
        Authorizationfailed = b"AUTHORIZATIONFAILED",
        Expired = b"EXPIRED",
        Privacyrequired = b"PRIVACYREQUIRED",
        Contactadmin = b"CONTACTADMIN",
        Noperm = b"NOPERM",
        Inuse = b"INUSE",
        Expungeissued = b"EXPUNGEISSUED",
        Corruption = b"CORRUPTION",
        Serverbug = b"SERVERBUG",
        Clientbug = b"CLIENTBUG",
        Cannot = b"CANNOT",
        Limit = b"LIMIT",
        Overquota = b"OVERQUOTA",
        Alreadyexists = b"ALREADYEXISTS",
        Nonexistent = b"NONEXISTENT",
        Uidnotsticky = b"UIDNOTSTICKY",
        Nomodseq = b"NOMODSEQ",
        Toobig = b"TOOBIG",
        Notsaved = b"NOTSAVED",
        Compressionactive = b"COMPRESSIONACTIVE",
        Useattr = b"USEATTR",
        Notificationoverflow = b"NOTIFICATIONOVERFLOW",
        Badcharset = b"BADCHARSET",
        Capability = b"CAPABILITY",
        Permanentflags = b"PERMANENTFLAGS",
        Uidnext = b"UIDNEXT",
        Uidvalidity = b"UIDVALIDITY",
        Unseen = b"UNSEEN",
        Appenduid = b"APPENDUID",
        Copyuid = b"COPYUID",
        Highestmodseq = b"HIGHESTMODSEQ",
        Modified = b"MODIFIED",
        Badurl = b"BADURL",
        Metadata = b"METADATA",
        Mailboxid = b"MAILBOXID",
        Badevent = b"BADEVENT",
        Urlmech = b"URLMECH",
    }
}

/// The status condition `w` names after `* ` (RFC 9051 §7.1: `OK`, `NO`, `BAD`,
/// `PREAUTH`, `BYE`), in any case.
fn status_word(w: &[u8]) -> Option<StatusKind> {
    Some(match w.len() {
        2 if w.eq_ignore_ascii_case(b"OK") => StatusKind::Ok,
        2 if w.eq_ignore_ascii_case(b"NO") => StatusKind::No,
        3 if w.eq_ignore_ascii_case(b"BAD") => StatusKind::Bad,
        3 if w.eq_ignore_ascii_case(b"BYE") => StatusKind::Bye,
        7 if w.eq_ignore_ascii_case(b"PREAUTH") => StatusKind::PreAuth,
        _ => return None,
    })
}

keywords! {
    /// The data names after `* ` the crate reads.
    enum UntaggedName {
        Capability = b"CAPABILITY",
        Enabled = b"ENABLED",
        List = b"LIST",
        Lsub = b"LSUB",
        Namespace = b"NAMESPACE",
        Status = b"STATUS",
        Search = b"SEARCH",
        Sort = b"SORT",
        Esearch = b"ESEARCH",
        Thread = b"THREAD",
        Flags = b"FLAGS",
        Vanished = b"VANISHED",
        Quota = b"QUOTA",
        Quotaroot = b"QUOTAROOT",
        Metadata = b"METADATA",
        Id = b"ID",
        Acl = b"ACL",
        Listrights = b"LISTRIGHTS",
        Myrights = b"MYRIGHTS",
    }
}

keywords! {
    /// The words after `* n ` the crate reads (RFC 9051 `message-data` and
    /// `mailbox-data`).
    enum NumberedName {
        Exists = b"EXISTS",
        Recent = b"RECENT",
        Expunge = b"EXPUNGE",
        Fetch = b"FETCH",
    }
}

keywords! {
    /// The STATUS items the parser types, by name.
    enum StatusName {
        Messages = b"MESSAGES",
        Uidnext = b"UIDNEXT",
        Uidvalidity = b"UIDVALIDITY",
        Unseen = b"UNSEEN",
        Deleted = b"DELETED",
        Size = b"SIZE",
        Recent = b"RECENT",
        Highestmodseq = b"HIGHESTMODSEQ",
        Appendlimit = b"APPENDLIMIT",
        Mailboxid = b"MAILBOXID",
        DeletedStorage = b"DELETED-STORAGE",
    }
}

keywords! {
    /// The ESEARCH return data the parser types, by name.
    enum ReturnName {
        Min = b"MIN",
        Max = b"MAX",
        All = b"ALL",
        Count = b"COUNT",
        Modseq = b"MODSEQ",
        Partial = b"PARTIAL",
    }
}

/// True for errors that a fallback must not hide: limits.
fn is_limit(e: &Error) -> bool {
    matches!(
        e.kind,
        ErrorKind::TooDeep { .. } | ErrorKind::TooMany { .. } | ErrorKind::LiteralTooLarge { .. }
    )
}

/// True when `text`, written right after a status word with no response code, would
/// read back as a code: it starts with `[`, a `resp-text-code` and `]`, followed by SP or
/// the end (lenient mode takes a code right before the line end). A code too deep or too
/// long for the default limits counts too (the parser refuses the line then).
pub(crate) fn reads_as_code(text: &[u8]) -> bool {
    if text.first() != Some(&b'[') {
        return false;
    }
    let opts = ParserOptions::lenient();
    let mut c = Cursor::new(text, &opts);
    c.pos = 1;
    match c.code() {
        Ok(_) => c.eat(b']') && matches!(c.peek(), None | Some(b' ')),
        Err(e) => is_limit(&e),
    }
}

impl<'a> Cursor<'a> {
    /// Consumes `word` in any ASCII case if it is next and not followed by another atom
    /// character (unlike [`Cursor::eat_word`], a `]` may follow: codes end with one).
    fn eat_kw(&mut self, word: &[u8]) -> bool {
        let end = self.pos + word.len();
        match self.b.get(self.pos..end) {
            Some(w)
                if w.eq_ignore_ascii_case(word)
                    && !self.b.get(end).is_some_and(|&c| chars::is(c, ATOM)) =>
            {
                self.pos = end;
                true
            }
            _ => false,
        }
    }

    // -----------------------------------------------------------------------------------
    // Entry points
    // -----------------------------------------------------------------------------------

    /// RFC 9051 §9 `response = *(continue-req / response-data) response-done`, one
    /// message: `continue-req = "+" SP (resp-text / base64) CRLF`, `response-data = "*" SP
    /// (resp-cond-state / resp-cond-bye / mailbox-data / message-data / capability-data /
    /// enable-data) CRLF`, `response-tagged = tag SP resp-cond-state CRLF` (RFC 3501 §9 the
    /// same, with `resp-cond-bye` and RFC 3501's data). An untagged `PREAUTH` is taken too,
    /// so a decoder may read the greeting through this parser.
    pub(crate) fn response(&mut self) -> Result<Response<'a>, Error> {
        self.response_with(|r| r)
    }

    /// [`Cursor::response`], handing the response to `put`, which wraps it in what the
    /// caller returns: a status response is then built in its final place rather than
    /// built, returned and copied (the copy of a 112-byte value just written field by
    /// field stalls on store forwarding).
    pub(crate) fn response_with<R>(
        &mut self,
        put: impl FnOnce(Response<'a>) -> R,
    ) -> Result<R, Error> {
        match self.peek() {
            Some(b'+') => self.continuation().map(|c| put(Response::Continuation(c))),
            Some(b'*') => {
                self.pos += 1;
                self.sp("SP after *")?;
                self.untagged(put)
            }
            _ => {
                let start = self.pos;
                let tag = self.tag()?;
                // The tag moves into the response; an error takes it from the input.
                let tag_bytes = &self.b[start..self.pos];
                self.tagged(tag, put).map_err(|e| e.with_tag(tag_bytes))
            }
        }
    }

    /// RFC 9051 §9 `greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF`,
    /// `resp-cond-auth = ("OK" / "PREAUTH") SP resp-text`, `resp-cond-bye = "BYE" SP
    /// resp-text`.
    pub(crate) fn greeting(&mut self) -> Result<Greeting<'a>, Error> {
        self.expect(b'*', "* of the greeting")?;
        self.sp("SP after *")?;
        let kind = if self.eat_word(b"OK") {
            GreetingKind::Ok
        } else if self.eat_word(b"PREAUTH") {
            GreetingKind::PreAuth
        } else if self.eat_word(b"BYE") {
            GreetingKind::Bye
        } else {
            return Err(self.error("OK, PREAUTH or BYE"));
        };
        let mut code = None;
        let text = self.status_text(&mut code)?;
        self.crlf()?;
        Ok(Greeting::from_valid(kind, code, text))
    }

    /// `tag SP resp-cond-state CRLF`, `resp-cond-state = ("OK" / "NO" / "BAD") SP
    /// resp-text` (the tag already read).
    fn tagged<R>(&mut self, tag: Tag<'a>, put: impl FnOnce(Response<'a>) -> R) -> Result<R, Error> {
        self.sp("SP after the tag")?;
        let kind = if self.eat_word(b"OK") {
            StatusKind::Ok
        } else if self.eat_word(b"NO") {
            StatusKind::No
        } else if self.eat_word(b"BAD") {
            StatusKind::Bad
        } else {
            return Err(self.error("OK, NO or BAD"));
        };
        let mut code = None;
        let text = self.status_text(&mut code)?;
        self.crlf()?;
        Ok(put(Response::Status(StatusResponse::from_valid(
            Some(tag),
            kind,
            code,
            text,
        ))))
    }

    /// RFC 9051 §9 `continue-req = "+" SP (resp-text / base64) CRLF`. A base64 challenge
    /// is valid text, so it is read as `resp-text`.
    ///
    /// Lenient: accepts `+` not followed by SP (`+` alone before the CRLF, or text right
    /// after the `+`), which deployed servers send.
    pub(crate) fn continuation(&mut self) -> Result<Continuation<'a>, Error> {
        self.expect(b'+', "+")?;
        let mut code = None;
        let text = if self.eat(b' ') {
            self.resp_text(&mut code)?
        } else if self.lenient() {
            if self.at_line_end() {
                Text::default()
            } else {
                self.resp_text(&mut code)?
            }
        } else {
            return Err(self.error("SP after +"));
        };
        self.crlf()?;
        Ok(Continuation::from_valid(code, text))
    }

    /// `SP resp-text` after a status word.
    ///
    /// Lenient: accepts the line end right after the word (no SP, no text).
    fn status_text(&mut self, code: &mut Option<Code<'a>>) -> Result<Text<'a>, Error> {
        if self.lenient() && self.at_line_end() {
            return Ok(Text::default());
        }
        self.expect(b' ', "SP after the status word")?;
        self.resp_text(code)
    }

    /// RFC 9051 §9 `resp-text = ["[" resp-text-code "]" SP] [text]` (RFC 3501 §9:
    /// `["[" resp-text-code "]" SP] text`, text required; the RFC 9051 form is taken). The
    /// text runs to the line end, which is not consumed.
    ///
    /// A `[` that does not start a well-formed code (no `]`, or no SP after it) starts the
    /// text instead, as the grammar allows. Lenient: accepts a code followed directly by
    /// the line end (no SP, no text), which some servers send.
    pub(crate) fn resp_text(&mut self, code: &mut Option<Code<'a>>) -> Result<Text<'a>, Error> {
        if self.peek() == Some(b'[') {
            let (pos, depth) = (self.pos, self.depth);
            match self.bracketed_code(code) {
                Ok(text) => return Ok(text),
                Err(e) if is_limit(&e) => return Err(e),
                Err(_) => {
                    *code = None;
                    self.pos = pos;
                    self.depth = depth;
                }
            }
        }
        self.line_text()
    }

    /// RFC 9051 §9 `[text]` up to the line end, which must not end with a literal
    /// announcement (`{5}`, `{5+}`: the framing layer reads one there, so such a line never
    /// reaches this parser as it stands; see [`Text::new`]).
    fn line_text(&mut self) -> Result<Text<'a>, Error> {
        let start = self.pos;
        let t = self.text()?;
        if let Some(p) = literal_marker_at_end(t) {
            return Err(Error::expected(
                start + p,
                "text not ending in a literal announcement",
            ));
        }
        Ok(Text::from_valid(t))
    }

    /// `"[" resp-text-code "]" SP [text]`, the code into `code`.
    fn bracketed_code(&mut self, code: &mut Option<Code<'a>>) -> Result<Text<'a>, Error> {
        self.expect(b'[', "[")?;
        self.code_into(code)?;
        self.expect(b']', "] after the response code")?;
        if self.eat(b' ') {
            return self.line_text();
        }
        if self.lenient() && self.at_line_end() {
            return Ok(Text::default());
        }
        Err(self.error("SP after the response code"))
    }

    // -----------------------------------------------------------------------------------
    // Response codes
    // -----------------------------------------------------------------------------------

    /// RFC 9051 §9 `resp-text-code` (and RFC 3501's, RFC 4315's, RFC 4469's, RFC 4467's,
    /// RFC 5464's, RFC 5465's, RFC 5530's, RFC 7162's and RFC 8474's additions); stops before
    /// the `]`.
    ///
    /// A known name whose arguments do not fit its rule reads as the generic `atom [SP
    /// 1*<any TEXT-CHAR except "]">]` ([`Code::Other`]), which the grammar also allows.
    pub(crate) fn code(&mut self) -> Result<Code<'a>, Error> {
        let mut code = None;
        self.code_into(&mut code)?;
        code.ok_or_else(|| self.error("response code"))
    }

    /// [`Cursor::code`] into `out` (always `Some` on success). The code is written where
    /// the caller keeps it: returned through each layer it was copied right after being
    /// written, which stalled the copy.
    fn code_into(&mut self, out: &mut Option<Code<'a>>) -> Result<(), Error> {
        let name = self.run(ATOM, "atom")?;
        let after = self.pos;
        match self.typed_code(name, out) {
            Ok(true) if matches!(self.peek(), Some(b']') | None) => return Ok(()),
            Err(e) if is_limit(&e) => return Err(e),
            _ => self.pos = after,
        }
        let text = if self.eat(b' ') {
            let start = self.pos;
            let lenient = self.lenient();
            let n = self
                .rest()
                .iter()
                .position(|&c| c == b']' || !(chars::is(c, TEXT) || (lenient && c >= 0x80)))
                .unwrap_or(self.rest().len());
            if n == 0 {
                return Err(self.error("response code text"));
            }
            self.pos += n;
            Some(CodeText::from_valid(&self.b[start..self.pos]))
        } else {
            None
        };
        *out = Some(Code::Other {
            name: Atom::from_valid(name),
            text,
        });
        Ok(())
    }

    /// The typed code named `name` with its arguments, into `out`; `false` for a name the
    /// crate does not know.
    fn typed_code(&mut self, name: &[u8], out: &mut Option<Code<'a>>) -> Result<bool, Error> {
        let Some(kw) = CodeName::find(name) else {
            return Ok(false);
        };
        let unit = match kw {
            CodeName::Alert => Code::Alert,
            CodeName::Parse => Code::Parse,
            CodeName::ReadOnly => Code::ReadOnly,
            CodeName::ReadWrite => Code::ReadWrite,
            CodeName::Trycreate => Code::TryCreate,
            CodeName::Closed => Code::Closed,
            CodeName::Haschildren => Code::HasChildren,
            CodeName::UnknownCte => Code::UnknownCte,
            CodeName::Unavailable => Code::Unavailable,
            CodeName::Authenticationfailed => Code::AuthenticationFailed,
            CodeName::Authorizationfailed => Code::AuthorizationFailed,
            CodeName::Expired => Code::Expired,
            CodeName::Privacyrequired => Code::PrivacyRequired,
            CodeName::Contactadmin => Code::ContactAdmin,
            CodeName::Noperm => Code::NoPerm,
            CodeName::Inuse => Code::InUse,
            CodeName::Expungeissued => Code::ExpungeIssued,
            CodeName::Corruption => Code::Corruption,
            CodeName::Serverbug => Code::ServerBug,
            CodeName::Clientbug => Code::ClientBug,
            CodeName::Cannot => Code::Cannot,
            CodeName::Limit => Code::Limit,
            CodeName::Overquota => Code::OverQuota,
            CodeName::Alreadyexists => Code::AlreadyExists,
            CodeName::Nonexistent => Code::NonExistent,
            CodeName::Uidnotsticky => Code::UidNotSticky,
            CodeName::Nomodseq => Code::NoModSeq,
            CodeName::Toobig => Code::TooBig,
            CodeName::Notsaved => Code::NotSaved,
            CodeName::Compressionactive => Code::CompressionActive,
            CodeName::Useattr => Code::UseAttr,
            CodeName::Notificationoverflow => Code::NotificationOverflow,
            _ => return self.code_with_args(kw, out),
        };
        // `out` is None here: filling it drops nothing (assigning would call the drop glue).
        out.get_or_insert(unit);
        Ok(true)
    }

    /// The typed codes with arguments (see [`Cursor::typed_code`]), into `out`: apart from
    /// the unit codes, so that these are written straight into `out` rather than through
    /// the temporary this match fills (whose copy, right after it was written, stalled).
    #[inline(never)]
    fn code_with_args(&mut self, kw: CodeName, out: &mut Option<Code<'a>>) -> Result<bool, Error> {
        // The common codes with a number, each written straight into `out`.
        match kw {
            CodeName::Uidnext => {
                out.get_or_insert(Code::UidNext(self.sp_nz()?));
                return Ok(true);
            }
            CodeName::Uidvalidity => {
                out.get_or_insert(Code::UidValidity(self.sp_nz()?));
                return Ok(true);
            }
            CodeName::Unseen => {
                out.get_or_insert(Code::Unseen(self.sp_nz()?));
                return Ok(true);
            }
            _ => {}
        }
        let code = match kw {
            CodeName::Badcharset => {
                // "BADCHARSET" [SP "(" charset *(SP charset) ")"]
                if self.eat(b' ') {
                    let v = self.paren_list("charset list", Cursor::charset)?;
                    if v.is_empty() {
                        return Err(Error::expected(self.pos - 1, "charset"));
                    }
                    Code::BadCharset(v)
                } else {
                    Code::BadCharset(Vec::new())
                }
            }
            CodeName::Capability => Code::Capability(self.capabilities()?),
            CodeName::Permanentflags => {
                // "PERMANENTFLAGS" SP "(" [flag-perm *(SP flag-perm)] ")"
                self.expect(b' ', "SP after PERMANENTFLAGS")?;
                Code::PermanentFlags(self.flag_entries(true)?)
            }
            CodeName::Appenduid => {
                // RFC 4315: "APPENDUID" SP nz-number SP append-uid
                let uid_validity = self.sp_nz()?;
                self.expect(b' ', "SP before the UIDs")?;
                Code::AppendUid {
                    uid_validity,
                    uids: self.uid_set()?,
                }
            }
            CodeName::Copyuid => {
                // RFC 4315: "COPYUID" SP nz-number SP uid-set SP uid-set
                let uid_validity = self.sp_nz()?;
                self.expect(b' ', "SP before the source UIDs")?;
                let source = self.uid_set()?;
                self.expect(b' ', "SP before the destination UIDs")?;
                Code::CopyUid {
                    uid_validity,
                    source,
                    destination: self.uid_set()?,
                }
            }
            CodeName::Highestmodseq => {
                self.expect(b' ', "SP after HIGHESTMODSEQ")?;
                Code::HighestModSeq(self.mod_seq()?)
            }
            CodeName::Modified => {
                self.expect(b' ', "SP after MODIFIED")?;
                Code::Modified(self.sequence_set()?)
            }
            CodeName::Badurl => {
                // RFC 4469: url-resp-text = 1*(%x01-09 / %x0B-0C / %x0E-5C / %x5E-FE)
                self.expect(b' ', "SP after BADURL")?;
                let start = self.pos;
                let n = self
                    .rest()
                    .iter()
                    .position(|&c| matches!(c, 0 | b'\r' | b'\n' | b']' | 0xFF))
                    .unwrap_or(self.rest().len());
                if n == 0 {
                    return Err(self.error("URL"));
                }
                self.pos += n;
                Code::BadUrl(CodeText::from_valid(&self.b[start..self.pos]))
            }
            CodeName::Metadata => {
                // RFC 5464: "METADATA" SP ("LONGENTRIES" SP number / "MAXSIZE" SP number /
                // "TOOMANY" / "NOPRIVATE")
                self.expect(b' ', "SP after METADATA")?;
                let m = if self.eat_kw(b"LONGENTRIES") {
                    self.expect(b' ', "SP after LONGENTRIES")?;
                    MetadataCode::LongEntries(self.number()?)
                } else if self.eat_kw(b"MAXSIZE") {
                    self.expect(b' ', "SP after MAXSIZE")?;
                    MetadataCode::MaxSize(self.number()?)
                } else if self.eat_kw(b"TOOMANY") {
                    MetadataCode::TooMany
                } else if self.eat_kw(b"NOPRIVATE") {
                    MetadataCode::NoPrivate
                } else {
                    return Err(self.error("LONGENTRIES, MAXSIZE, TOOMANY or NOPRIVATE"));
                };
                Code::Metadata(m)
            }
            CodeName::Mailboxid => {
                // RFC 8474: "MAILBOXID" SP "(" objectid ")"
                self.expect(b' ', "SP after MAILBOXID")?;
                Code::MailboxId(self.paren_objectid()?)
            }
            CodeName::Badevent => {
                // RFC 5465: "BADEVENT" SP "(" event *(SP event) ")"
                self.expect(b' ', "SP after BADEVENT")?;
                let v =
                    self.paren_list("event list", |c| c.run(ATOM, "atom").map(Atom::from_valid))?;
                let Some(v) = NonEmpty::new(v) else {
                    return Err(Error::expected(self.pos - 1, "event"));
                };
                Code::BadEvent(v)
            }
            CodeName::Urlmech => {
                // RFC 4467: "URLMECH" SP "INTERNAL" *(SP mechanism ["=" base64])
                self.expect(b' ', "SP after URLMECH")?;
                if !self.eat_kw(b"INTERNAL") {
                    return Err(self.error("INTERNAL"));
                }
                let mut v = Vec::new();
                while self.eat(b' ') {
                    v.push(self.url_mechanism()?);
                    self.count(v.len(), "URLMECH mechanisms")?;
                }
                Code::UrlMech(v)
            }
            // The unit codes, which the caller reads.
            _ => return Ok(false),
        };
        // `out` is None here: filling it drops nothing (assigning would call the drop glue).
        out.get_or_insert(code);
        Ok(true)
    }

    /// RFC 4467 `mechanism ["=" base64]`, `mechanism = "INTERNAL" / 1*(ALPHA / DIGIT /
    /// "-" / ".")`, `base64 = *(4base64-char) [base64-terminal]`.
    fn url_mechanism(&mut self) -> Result<UrlMechanism<'a>, Error> {
        let n = self
            .rest()
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'.'))
            .unwrap_or(self.rest().len());
        if n == 0 {
            return Err(self.error("URL mechanism"));
        }
        let name = Atom::from_valid(&self.b[self.pos..self.pos + n]);
        self.pos += n;
        let data = if self.eat(b'=') {
            let n = self
                .rest()
                .iter()
                .position(|&c| !(c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'='))
                .unwrap_or(self.rest().len());
            if n == 0 {
                return Err(self.error("base64"));
            }
            let d = Atom::from_valid(&self.b[self.pos..self.pos + n]);
            self.pos += n;
            Some(d)
        } else {
            None
        };
        Ok(UrlMechanism { name, data })
    }

    /// `SP nz-number`.
    fn sp_nz(&mut self) -> Result<NonZeroU32, Error> {
        self.expect(b' ', "SP before the number")?;
        self.nz_number()
    }

    /// RFC 7162 §7 `mod-sequence-value = 1*DIGIT` (1 to 2^63 − 1).
    fn mod_seq(&mut self) -> Result<ModSeq, Error> {
        let start = self.pos;
        let n = self.number64()?;
        ModSeq::new(n).ok_or(Error::expected(start, "non-zero mod-sequence"))
    }

    /// RFC 4315 §4 `uid-set`: a sequence set without `*` or `$`.
    fn uid_set(&mut self) -> Result<UidSet<'a>, Error> {
        let start = self.pos;
        let s = self.sequence_set()?;
        if let Some(p) = s.as_str().bytes().position(|c| c == b'*' || c == b'$') {
            return Err(Error::expected(start + p, "UID (no * or $ in a uid-set)"));
        }
        Ok(UidSet::from_valid(s))
    }

    /// RFC 8474 `"(" objectid ")"`.
    fn paren_objectid(&mut self) -> Result<ObjectId<'a>, Error> {
        self.expect(b'(', "( before the object id")?;
        let id = self.objectid()?;
        self.expect(b')', ") after the object id")?;
        Ok(id)
    }

    /// `*(SP capability)`, `capability = ("AUTH=" auth-type) / atom` (RFC 9051 §9; the
    /// list is not checked for IMAP4rev1 / IMAP4rev2). Lenient: trailing SPs.
    fn capabilities(&mut self) -> Result<Vec<Capability<'a>>, Error> {
        // One allocation for the usual list: room for a name per 6 bytes left in the
        // message (names are 2 to 20 bytes long), at most 64 (a count of bytes seen, never
        // a number read).
        let names = (self.rest().len() / 6).clamp(4, 64);
        let mut v = Vec::with_capacity(names);
        while self.eat(b' ') {
            if self.lenient() {
                while self.eat(b' ') {}
                if self.at_line_end() || self.peek() == Some(b']') {
                    break;
                }
            }
            let w = self.run(ATOM, "atom")?;
            match Capability::plain(w) {
                // Cloned straight into the list (a value built on the stack and then
                // copied in cost a store-forwarding stall per name).
                Some(c) => v.extend_from_slice(std::slice::from_ref(c)),
                None => v.push(Capability::with_param(w)),
            }
            self.count(v.len(), "capabilities")?;
        }
        Ok(v)
    }

    /// A flag list of FLAGS (RFC 9051 §9 `flag-list = "(" [flag *(SP flag)] ")"`) or
    /// PERMANENTFLAGS (`"(" [flag-perm *(SP flag-perm)] ")"`, with `perm`).
    ///
    /// Lenient: accepts `\*` in FLAGS and keywords with `]` (Gmail).
    fn flag_entries(&mut self, perm: bool) -> Result<Vec<FlagEntry<'a>>, Error> {
        let any = perm || self.lenient();
        self.paren_list_into("flag list", |c, out| c.flag_entry(any, out))
    }

    /// One `flag` (or `flag-perm` with `any`), pushed onto `out` (a system flag as a
    /// constant: built in its place in the list, not copied there).
    fn flag_entry(&mut self, any: bool, out: &mut Vec<FlagEntry<'a>>) -> Result<(), Error> {
        if any
            && self.rest().starts_with(b"\\*")
            && !self
                .b
                .get(self.pos + 2)
                .is_some_and(|&c| chars::is(c, ATOM))
        {
            self.pos += 2;
            out.push(FlagEntry::Flag(FlagPerm::Any));
            return Ok(());
        }
        if self.eat(b'\\') {
            let name = self.run(ATOM, "atom")?;
            match Flag::system_flag(name) {
                Some(f) => out.push(FlagEntry::Flag(FlagPerm::Flag(f))),
                None => out.push(FlagEntry::Flag(FlagPerm::Flag(Flag::Extension(
                    Atom::from_valid(name),
                )))),
            }
            return Ok(());
        }
        if let Some(s) = self.bracketed_keyword() {
            out.push(FlagEntry::Bracketed(Cow::Borrowed(s)));
            return Ok(());
        }
        let a = self.run(ATOM, "atom")?;
        out.push(FlagEntry::Flag(FlagPerm::Flag(Flag::Keyword(
            Atom::from_valid(a),
        ))));
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // Untagged responses
    // -----------------------------------------------------------------------------------

    /// After `* `: a status response, `n EXISTS` / `n RECENT` / `n EXPUNGE` / `n FETCH`, or
    /// data named by a keyword.
    fn untagged<R>(&mut self, put: impl FnOnce(Response<'a>) -> R) -> Result<R, Error> {
        if self.peek().is_some_and(|c| chars::is(c, DIGIT)) {
            return self.numbered(put);
        }
        let name = self.run(ATOM, "atom")?;
        if let Some(kind) = status_word(name) {
            let mut code = None;
            let text = self.status_text(&mut code)?;
            self.crlf()?;
            return Ok(put(Response::Status(StatusResponse::from_valid(
                None, kind, code, text,
            ))));
        }
        let Some(kw) = UntaggedName::find(name) else {
            let raw = self.raw_rest()?;
            return Ok(put(Response::Data(Data::Other {
                name: Atom::from_valid(name),
                raw,
            })));
        };
        self.untagged_data(kw, put)
    }

    /// The data named `kw` (just read) after `* `, through the line end. (Apart from the
    /// status responses: with them in one function, the FETCH stream measured 8 % slower.)
    fn untagged_data<R>(
        &mut self,
        kw: UntaggedName,
        put: impl FnOnce(Response<'a>) -> R,
    ) -> Result<R, Error> {
        let data = match kw {
            UntaggedName::Capability => Data::Capability(self.capabilities()?),
            UntaggedName::Enabled => Data::Enabled(self.capabilities()?),
            UntaggedName::List => {
                self.sp("SP after LIST")?;
                Data::List(self.mailbox_list()?)
            }
            UntaggedName::Lsub => {
                self.sp("SP after LSUB")?;
                Data::Lsub(self.mailbox_list()?)
            }
            UntaggedName::Namespace => self.namespace_data()?,
            UntaggedName::Status => self.status_data()?,
            UntaggedName::Search => {
                let (numbers, modseq) = self.numbers_modseq()?;
                Data::Search { numbers, modseq }
            }
            UntaggedName::Sort => {
                let (numbers, modseq) = self.numbers_modseq()?;
                Data::Sort { numbers, modseq }
            }
            UntaggedName::Esearch => Data::Esearch(self.esearch()?),
            UntaggedName::Thread => Data::Thread(self.threads()?),
            UntaggedName::Flags => {
                self.sp("SP after FLAGS")?;
                Data::Flags(self.flag_entries(false)?)
            }
            UntaggedName::Vanished => self.vanished()?,
            UntaggedName::Quota => self.quota()?,
            UntaggedName::Quotaroot => {
                self.sp("SP after QUOTAROOT")?;
                let mailbox = self.mailbox()?;
                let mut roots = Vec::new();
                while self.more_args() {
                    roots.push(self.astring()?);
                    self.count(roots.len(), "quota roots")?;
                }
                Data::QuotaRoot { mailbox, roots }
            }
            UntaggedName::Metadata => self.metadata()?,
            UntaggedName::Id => self.id_data()?,
            UntaggedName::Acl => {
                self.sp("SP after ACL")?;
                let mailbox = self.mailbox()?;
                let mut entries = Vec::new();
                while self.more_args() {
                    let id = self.astring()?;
                    self.sp("SP before the rights")?;
                    entries.push((id, self.astring()?));
                    self.count(entries.len(), "ACL entries")?;
                }
                Data::Acl { mailbox, entries }
            }
            UntaggedName::Listrights => {
                self.sp("SP after LISTRIGHTS")?;
                let mailbox = self.mailbox()?;
                self.sp("SP before the identifier")?;
                let identifier = self.astring()?;
                self.sp("SP before the rights")?;
                let required = self.astring()?;
                let mut optional = Vec::new();
                while self.more_args() {
                    optional.push(self.astring()?);
                    self.count(optional.len(), "rights")?;
                }
                Data::ListRights {
                    mailbox,
                    identifier,
                    required,
                    optional,
                }
            }
            UntaggedName::Myrights => {
                self.sp("SP after MYRIGHTS")?;
                let mailbox = self.mailbox()?;
                self.sp("SP before the rights")?;
                Data::MyRights {
                    mailbox,
                    rights: self.astring()?,
                }
            }
        };
        self.crlf()?;
        Ok(put(Response::Data(data)))
    }

    /// True if a `SP` and another argument follow (the SP consumed); false at the line end
    /// (lenient: after trailing SPs).
    fn more_args(&mut self) -> bool {
        if self.peek() != Some(b' ') {
            return false;
        }
        if self.lenient() {
            let save = self.pos;
            while self.eat(b' ') {}
            if self.at_line_end() {
                self.pos = save;
                return false;
            }
            return true;
        }
        self.pos += 1;
        true
    }

    /// RFC 9051 §9 `message-data = nz-number SP ("EXPUNGE" / ("FETCH" SP msg-att))`,
    /// `mailbox-data =/ number SP "EXISTS"`, RFC 3501 `number SP "RECENT"`.
    fn numbered<R>(&mut self, put: impl FnOnce(Response<'a>) -> R) -> Result<R, Error> {
        let start = self.pos;
        let n = self.number()?;
        let after_number = self.pos;
        self.sp("SP after the number")?;
        let word = self.run(ATOM, "atom")?;
        let data = match NumberedName::find(word) {
            Some(NumberedName::Exists) => Data::Exists(n),
            Some(NumberedName::Recent) => Data::Recent(n),
            Some(NumberedName::Expunge) => Data::Expunge(
                NonZeroU32::new(n).ok_or(Error::expected(start, "non-zero message number"))?,
            ),
            Some(NumberedName::Fetch) => {
                let seq =
                    NonZeroU32::new(n).ok_or(Error::expected(start, "non-zero message number"))?;
                self.sp("SP after FETCH")?;
                Data::Fetch(self.fetch_data(seq)?)
            }
            None => {
                self.pos = after_number;
                let raw = self.raw_rest()?;
                return Ok(put(Response::Data(Data::Other {
                    name: Atom::from_valid(&self.b[start..after_number]),
                    raw,
                })));
            }
        };
        self.crlf()?;
        Ok(put(Response::Data(data)))
    }

    /// The rest of the message up to its final line end, literals included (their data
    /// jumped over, never examined), as [`RawValue`]; the line end is consumed. A CR, LF
    /// or NUL outside literal data is an error.
    pub(crate) fn raw_rest(&mut self) -> Result<RawData<'a>, Error> {
        let start = self.pos;
        loop {
            let n = self
                .rest()
                .iter()
                .position(|&c| matches!(c, b'\r' | b'\n' | 0 | b'{'))
                .unwrap_or(self.rest().len());
            self.pos += n;
            match self.peek() {
                Some(b'{') => {
                    // A literal (or the "{" of a literal8 after its "~"): its data is
                    // jumped over; a "{" that starts no literal is plain text.
                    let mut p = self.clone();
                    let r = if self.pos > 0 && self.b[self.pos - 1] == b'~' {
                        p.pos -= 1;
                        p.literal8().map(|_| ())
                    } else {
                        p.literal().map(|_| ())
                    };
                    match r {
                        Ok(()) => self.pos = p.pos,
                        Err(e) if is_limit(&e) => return Err(e),
                        Err(_) => self.pos += 1,
                    }
                }
                Some(0) => return Err(Error::new(self.pos, ErrorKind::Nul)),
                _ => {
                    let end = self.pos;
                    self.crlf()?;
                    return Ok(RawData::from_valid(&self.b[start..end]));
                }
            }
        }
    }

    /// RFC 9051 §9 `mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE
    /// / nil) SP mailbox [SP mbox-list-extended]` (RFC 5258 §9 for the extended items).
    /// The attributes are not checked for "at most one of \Noselect \Marked \Unmarked
    /// \NonExistent".
    fn mailbox_list(&mut self) -> Result<MailboxList<'a>, Error> {
        let attributes = self.paren_list("mailbox attribute list", |c| {
            c.expect(b'\\', "\\ of a mailbox attribute")?;
            c.atom().map(MailboxAttr::from_valid)
        })?;
        self.sp("SP before the delimiter")?;
        let delimiter = self.delimiter()?;
        self.sp("SP before the mailbox")?;
        let mailbox = self.mailbox()?;
        let extended = if self.peek() == Some(b' ') && self.b.get(self.pos + 1) == Some(&b'(') {
            self.pos += 1;
            Some(self.paren_list("extended LIST data", Cursor::list_ext_item)?)
        } else {
            None
        };
        Ok(MailboxList {
            attributes,
            delimiter,
            mailbox,
            extended,
        })
    }

    /// `DQUOTE QUOTED-CHAR DQUOTE / nil`: one character, or NIL.
    fn delimiter(&mut self) -> Result<Option<char>, Error> {
        if self.eat_word(b"NIL") {
            return Ok(None);
        }
        let start = self.pos;
        let q = self.quoted()?;
        let s =
            std::str::from_utf8(&q).map_err(|_| Error::new(start + 1, ErrorKind::InvalidUtf8))?;
        let mut it = s.chars();
        match (it.next(), it.next()) {
            (Some(ch), None) => Ok(Some(ch)),
            _ => Err(Error::expected(start, "one quoted character or NIL")),
        }
    }

    /// RFC 5258 §9 `mbox-list-extended-item = mbox-list-extended-item-tag SP
    /// tagged-ext-val`, with `"CHILDINFO" SP "(" list-select-base-opt-quoted *(SP
    /// list-select-base-opt-quoted) ")"` and RFC 9051's `"OLDNAME" SP "(" mailbox ")"`
    /// typed; other items (and these two when malformed) are kept raw.
    fn list_ext_item(&mut self) -> Result<ListExtItem<'a>, Error> {
        let tag = self.astring()?;
        self.sp("SP after the extended item's tag")?;
        let start = self.pos;
        let (pos, depth) = (self.pos, self.depth);
        let typed = if tag.as_bytes().eq_ignore_ascii_case(b"CHILDINFO") {
            self.paren_list("CHILDINFO options", Cursor::string)
                .and_then(|v| match NonEmpty::new(v) {
                    Some(v) => Ok(Some(ListExtItem::ChildInfo(v))),
                    None => Err(Error::expected(start, "CHILDINFO option")),
                })
        } else if tag.as_bytes().eq_ignore_ascii_case(b"OLDNAME") {
            (|| {
                self.expect(b'(', "( before the old name")?;
                let m = self.mailbox()?;
                self.expect(b')', ") after the old name")?;
                Ok(Some(ListExtItem::OldName(m)))
            })()
        } else {
            Ok(None)
        };
        match typed {
            Ok(Some(item)) => return Ok(item),
            Err(e) if is_limit(&e) => return Err(e),
            _ => {
                self.pos = pos;
                self.depth = depth;
            }
        }
        let value = self.tagged_ext_value()?;
        Ok(ListExtItem::Other { tag, value })
    }

    /// RFC 4466 §2.1 `tagged-ext-val = tagged-ext-simple / "(" [tagged-ext-comp] ")"`,
    /// `tagged-ext-simple = sequence-set / number / number64`, `tagged-ext-comp = astring
    /// / tagged-ext-comp *(SP tagged-ext-comp) / "(" tagged-ext-comp ")"`, kept raw. Also
    /// takes a quoted string or literal at the top (unknown STATUS items), and NIL.
    pub(crate) fn tagged_ext_value(&mut self) -> Result<RawValue<'a>, Error> {
        let start = self.pos;
        match self.peek() {
            Some(b'(') => self.ext_comp_list()?,
            Some(b'"' | b'{' | b'~') => self.ext_atomic()?,
            _ => {
                let n = self
                    .rest()
                    .iter()
                    .position(|&c| !(chars::is(c, ASTRING) || c == b'*' || c == b'$'))
                    .unwrap_or(self.rest().len());
                if n == 0 {
                    return Err(self.error("value"));
                }
                self.pos += n;
            }
        }
        Ok(RawValue::from_valid(&self.b[start..self.pos]))
    }

    /// `"(" [tagged-ext-comp] ")"`, nested lists counted against the depth limit.
    fn ext_comp_list(&mut self) -> Result<(), Error> {
        self.enter()?;
        self.expect(b'(', "(")?;
        let mut n = 0usize;
        if !self.eat(b')') {
            loop {
                if self.peek() == Some(b'(') {
                    self.ext_comp_list()?;
                } else {
                    self.ext_atomic()?;
                }
                n += 1;
                self.count(n, "values in a list")?;
                if self.eat(b')') {
                    break;
                }
                self.sp("SP or ) in a list")?;
            }
        }
        self.leave();
        Ok(())
    }

    /// One non-list value inside `tagged-ext-comp`: an astring (with `*` and `$` for
    /// sequence sets), or a literal8.
    fn ext_atomic(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'"') => self.quoted().map(|_| ()),
            Some(b'{') => self.literal().map(|_| ()),
            Some(b'~') => self.literal8().map(|_| ()),
            _ => {
                let n = self
                    .rest()
                    .iter()
                    .position(|&c| !(chars::is(c, ASTRING) || c == b'*' || c == b'$'))
                    .unwrap_or(self.rest().len());
                if n == 0 {
                    return Err(self.error("value"));
                }
                self.pos += n;
                Ok(())
            }
        }
    }

    /// RFC 9051 §9 `namespace-response = "NAMESPACE" SP namespace SP namespace SP
    /// namespace` (after the keyword).
    fn namespace_data(&mut self) -> Result<Data<'a>, Error> {
        self.sp("SP after NAMESPACE")?;
        let personal = self.namespace()?;
        self.sp("SP before the other users' namespaces")?;
        let other = self.namespace()?;
        self.sp("SP before the shared namespaces")?;
        let shared = self.namespace()?;
        Ok(Data::Namespace {
            personal,
            other,
            shared,
        })
    }

    /// RFC 9051 §9 `namespace = nil / "(" 1*namespace-descr ")"`.
    fn namespace(&mut self) -> Result<Vec<NamespaceDescr<'a>>, Error> {
        if self.eat_word(b"NIL") {
            return Ok(Vec::new());
        }
        self.expect(b'(', "( or NIL")?;
        let mut v = Vec::new();
        loop {
            v.push(self.namespace_descr()?);
            self.count(v.len(), "namespaces")?;
            if self.eat(b')') {
                return Ok(v);
            }
            if self.peek() != Some(b'(') {
                return Err(self.error("( or ) in a namespace list"));
            }
        }
    }

    /// RFC 9051 §9 `namespace-descr = "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil)
    /// [namespace-response-extensions] ")"`, `namespace-response-extension = SP string SP
    /// "(" string *(SP string) ")"`.
    fn namespace_descr(&mut self) -> Result<NamespaceDescr<'a>, Error> {
        self.expect(b'(', "( of a namespace")?;
        let prefix = self.string()?;
        self.sp("SP before the delimiter")?;
        let delimiter = self.delimiter()?;
        let mut extensions = Vec::new();
        while self.eat(b' ') {
            let name = self.string()?;
            self.sp("SP before the extension's values")?;
            let values = self.paren_list("namespace extension values", Cursor::string)?;
            let Some(values) = NonEmpty::new(values) else {
                return Err(Error::expected(self.pos - 1, "a string"));
            };
            extensions.push((name, values));
            self.count(extensions.len(), "namespace extensions")?;
        }
        self.expect(b')', ") of a namespace")?;
        Ok(NamespaceDescr {
            prefix,
            delimiter,
            extensions,
        })
    }

    /// RFC 9051 §9 `mailbox-data =/ "STATUS" SP mailbox SP "(" [status-att-list] ")"`.
    ///
    /// Lenient: extra SPs in and around the list.
    fn status_data(&mut self) -> Result<Data<'a>, Error> {
        self.sp("SP after STATUS")?;
        let mailbox = self.mailbox()?;
        self.sp("SP before the status list")?;
        let items = self.paren_list("status list", Cursor::status_item)?;
        Ok(Data::Status { mailbox, items })
    }

    /// RFC 9051 §9 `status-att-val` (`"MESSAGES" SP number / "UIDNEXT" SP nz-number /
    /// "UIDVALIDITY" SP nz-number / "UNSEEN" SP number / "DELETED" SP number / "SIZE" SP
    /// number64`), RFC 3501 `"RECENT" SP number`, RFC 7162 `"HIGHESTMODSEQ" SP
    /// mod-sequence-valzer`, RFC 7889 `"APPENDLIMIT" SP (number / nil)`, RFC 8474
    /// `"MAILBOXID" SP "(" objectid ")"`, RFC 9208 `"DELETED-STORAGE" SP number64`; other
    /// names keep their value raw.
    fn status_item(&mut self) -> Result<StatusItem<'a>, Error> {
        let name = self.atom()?;
        self.sp("SP after the status item")?;
        Ok(match StatusName::find(name.as_bytes()) {
            Some(StatusName::Messages) => StatusItem::Messages(self.number()?),
            Some(StatusName::Uidnext) => StatusItem::UidNext(self.nz_number()?),
            Some(StatusName::Uidvalidity) => StatusItem::UidValidity(self.nz_number()?),
            Some(StatusName::Unseen) => StatusItem::Unseen(self.number()?),
            Some(StatusName::Deleted) => StatusItem::Deleted(self.number()?),
            Some(StatusName::Size) => StatusItem::Size(self.number64_value()?),
            Some(StatusName::Recent) => StatusItem::Recent(self.number()?),
            Some(StatusName::Highestmodseq) => StatusItem::HighestModSeq(self.number64_value()?),
            Some(StatusName::Appendlimit) => {
                if self.eat_word(b"NIL") {
                    StatusItem::AppendLimit(None)
                } else {
                    StatusItem::AppendLimit(Some(self.number64_value()?))
                }
            }
            Some(StatusName::Mailboxid) => StatusItem::MailboxId(self.paren_objectid()?),
            Some(StatusName::DeletedStorage) => StatusItem::DeletedStorage(self.number64_value()?),
            None => StatusItem::Other {
                name: OtherStatusName::from_valid(name.as_bytes()),
                value: self.tagged_ext_value()?,
            },
        })
    }

    /// RFC 3501 §9 `"SEARCH" *(SP nz-number)` and RFC 5256 `"SORT" *(SP nz-number)`, with
    /// RFC 7162 §7 `[SP search-sort-mod-seq]` after at least one number,
    /// `search-sort-mod-seq = "(" "MODSEQ" SP mod-sequence-value ")"`.
    fn numbers_modseq(&mut self) -> Result<(Vec<NonZeroU32>, Option<ModSeq>), Error> {
        let mut numbers = Vec::new();
        while self.more_args() {
            if self.peek() == Some(b'(') && !numbers.is_empty() {
                self.pos += 1;
                if !self.eat_word(b"MODSEQ") {
                    return Err(self.error("MODSEQ"));
                }
                self.expect(b' ', "SP after MODSEQ")?;
                let m = self.mod_seq()?;
                self.expect(b')', ") after the mod-sequence")?;
                return Ok((numbers, Some(m)));
            }
            numbers.push(self.nz_number()?);
            self.count(numbers.len(), "numbers")?;
        }
        Ok((numbers, None))
    }

    /// RFC 4731 §3.1 / RFC 9051 §9 `esearch-response = "ESEARCH" [search-correlator] [SP
    /// "UID"] *(SP search-return-data)`, `search-correlator = SP "(" "TAG" SP tag-string
    /// ")"` (RFC 7377 adds `SP "MAILBOX" SP mailbox SP "UIDVALIDITY" SP nz-number`).
    fn esearch(&mut self) -> Result<Esearch<'a>, Error> {
        let mut e = Esearch {
            correlator: None,
            uid: false,
            data: Vec::new(),
        };
        let mut first = true;
        while self.more_args() {
            if first && self.peek() == Some(b'(') {
                e.correlator = Some(self.search_correlator()?);
            } else if !e.uid && e.data.is_empty() && self.eat_word(b"UID") {
                e.uid = true;
            } else {
                e.data.push(self.search_return_data()?);
                self.count(e.data.len(), "ESEARCH return data")?;
            }
            first = false;
        }
        Ok(e)
    }

    /// The `"(" "TAG" SP tag-string …")"` of an ESEARCH response.
    fn search_correlator(&mut self) -> Result<SearchCorrelator<'a>, Error> {
        self.expect(b'(', "(")?;
        if !self.eat_word(b"TAG") {
            return Err(self.error("TAG"));
        }
        self.expect(b' ', "SP after TAG")?;
        let tag = self.astring()?;
        let mailbox = if self.eat(b' ') {
            if !self.eat_word(b"MAILBOX") {
                return Err(self.error("MAILBOX"));
            }
            self.expect(b' ', "SP after MAILBOX")?;
            let m = self.mailbox()?;
            self.expect(b' ', "SP before UIDVALIDITY")?;
            if !self.eat_word(b"UIDVALIDITY") {
                return Err(self.error("UIDVALIDITY"));
            }
            Some((m, self.sp_nz()?))
        } else {
            None
        };
        self.expect(b')', ") after the search correlator")?;
        Ok(SearchCorrelator { tag, mailbox })
    }

    /// RFC 9051 §9 `search-return-data = "MIN" SP nz-number / "MAX" SP nz-number / "ALL"
    /// SP sequence-set / "COUNT" SP number / search-ret-data-ext`, RFC 7162 `"MODSEQ" SP
    /// mod-sequence-value`, RFC 9394 §3.1 `"PARTIAL" SP "(" partial-range SP
    /// partial-results ")"`; others kept raw (RFC 4466 §2.6.2 `search-ret-data-ext =
    /// search-modifier-name SP search-return-value`, the name a `tagged-ext-label`: an
    /// atom that is not one is refused at its first byte that does not fit, in lenient
    /// mode too, as no server is known to send one).
    fn search_return_data(&mut self) -> Result<EsearchReturn<'a>, Error> {
        let at = self.pos;
        let name = self.atom()?;
        self.expect(b' ', "SP after the return data name")?;
        Ok(match ReturnName::find(name.as_bytes()) {
            Some(ReturnName::Min) => EsearchReturn::Min(self.nz_number()?),
            Some(ReturnName::Max) => EsearchReturn::Max(self.nz_number()?),
            Some(ReturnName::All) => EsearchReturn::All(self.sequence_set()?),
            Some(ReturnName::Count) => EsearchReturn::Count(self.number()?),
            Some(ReturnName::Modseq) => EsearchReturn::ModSeq(self.mod_seq()?),
            Some(ReturnName::Partial) => {
                self.expect(b'(', "( after PARTIAL")?;
                let from_last = self.eat(b'-');
                let start = self.nz_number()?;
                self.expect(b':', ": in the partial range")?;
                if from_last {
                    self.expect(b'-', "- of the range's end")?;
                }
                let end = self.nz_number()?;
                self.expect(b' ', "SP after the partial range")?;
                let results = if self.eat_word(b"NIL") {
                    None
                } else {
                    Some(self.sequence_set()?)
                };
                self.expect(b')', ") after the partial results")?;
                EsearchReturn::Partial {
                    range: PartialRange {
                        from_last,
                        start,
                        end,
                    },
                    results,
                }
            }
            None => EsearchReturn::Other {
                name: match label_error_at(name.as_bytes()) {
                    None => Label::from_valid(name),
                    Some(p) => return Err(Error::expected(at + p, "tagged-ext-label")),
                },
                value: self.tagged_ext_value()?,
            },
        })
    }

    /// RFC 5256 §5 `thread-data = "THREAD" [SP 1*thread-list]`.
    fn threads(&mut self) -> Result<Vec<Thread>, Error> {
        let mut v = Vec::new();
        if self.more_args() {
            loop {
                v.push(self.thread_list()?);
                self.count(v.len(), "threads")?;
                if self.peek() != Some(b'(') {
                    break;
                }
            }
        }
        Ok(v)
    }

    /// RFC 5256 §5 `thread-list = "(" (thread-members / thread-nested) ")"`,
    /// `thread-members = thread-member *(SP thread-member) [SP thread-nested]`,
    /// `thread-nested = 2*thread-list`. Each level counts against the depth limit.
    fn thread_list(&mut self) -> Result<Thread, Error> {
        self.enter()?;
        self.expect(b'(', "( of a thread")?;
        let (mut members, mut children) = (Vec::new(), Vec::new());
        if self.peek() != Some(b'(') {
            loop {
                members.push(self.nz_number()?);
                self.count(members.len(), "thread members")?;
                if !self.eat(b' ') {
                    break;
                }
                if self.peek() == Some(b'(') {
                    break;
                }
            }
        }
        if self.peek() == Some(b'(') {
            let at = self.pos;
            while self.peek() == Some(b'(') {
                children.push(self.thread_list()?);
                self.count(children.len(), "threads")?;
            }
            if children.len() < 2 {
                return Err(Error::expected(at, "two or more nested threads"));
            }
        }
        self.expect(b')', ") of a thread")?;
        self.leave();
        Ok(Thread::from_valid(members, children))
    }

    /// RFC 7162 §7 `expunged-resp = "VANISHED" [SP "(EARLIER)"] SP known-uids`.
    fn vanished(&mut self) -> Result<Data<'a>, Error> {
        self.sp("SP after VANISHED")?;
        let earlier = if self.eat(b'(') {
            if !self.eat_word(b"EARLIER") {
                return Err(self.error("EARLIER"));
            }
            self.expect(b')', ") after EARLIER")?;
            self.sp("SP before the UIDs")?;
            true
        } else {
            false
        };
        Ok(Data::Vanished {
            earlier,
            uids: self.uid_set()?,
        })
    }

    /// RFC 9208 §5 `quota-response = "QUOTA" SP quota-root-name SP quota-list`,
    /// `quota-list = "(" quota-resource *(SP quota-resource) ")"`, `quota-resource =
    /// resource-name SP resource-usage SP resource-limit` (an empty list, which RFC 2087's
    /// `#quota_resource` allowed, is taken).
    fn quota(&mut self) -> Result<Data<'a>, Error> {
        self.sp("SP after QUOTA")?;
        let root = self.astring()?;
        self.sp("SP before the quota list")?;
        let resources = self.paren_list("quota list", |c| {
            let name = Atom::from_valid(c.run(ATOM, "atom")?);
            c.sp("SP after the resource name")?;
            let usage = c.number64_value()?;
            c.sp("SP after the usage")?;
            let limit = c.number64_value()?;
            Ok(QuotaResource { name, usage, limit })
        })?;
        Ok(Data::Quota { root, resources })
    }

    /// RFC 5464 §5 `metadata-resp = "METADATA" SP mailbox SP (entry-values /
    /// entry-list)`, `entry-values = "(" entry-value *(SP entry-value) ")"`, `entry-value
    /// = entry SP value`, `entry-list = entry *(SP entry)`, `entry = astring`, `value =
    /// nstring / literal8`.
    fn metadata(&mut self) -> Result<Data<'a>, Error> {
        self.sp("SP after METADATA")?;
        let mailbox = self.mailbox()?;
        self.sp("SP before the entries")?;
        let items = if self.peek() == Some(b'(') {
            let v = self.paren_list("metadata entry values", |c| {
                let entry = c.astring()?;
                c.sp("SP before the value")?;
                let value = if c.peek() == Some(b'~') {
                    MetadataValue::Binary(c.literal8()?)
                } else {
                    match c.nstring()? {
                        Some(s) => MetadataValue::String(s),
                        None => MetadataValue::Nil,
                    }
                };
                Ok((entry, value))
            })?;
            let Some(v) = NonEmpty::new(v) else {
                return Err(Error::expected(self.pos - 1, "metadata entry"));
            };
            MetadataItems::Values(v)
        } else {
            let mut v = NonEmpty::one(self.astring()?);
            while self.more_args() {
                v.push(self.astring()?);
                self.count(v.len(), "metadata entries")?;
            }
            MetadataItems::Entries(v)
        };
        Ok(Data::Metadata { mailbox, items })
    }

    /// RFC 2971 §4 `id_response ::= "ID" SPACE id_params_list`, `id_params_list ::= "("
    /// #(string SPACE nstring) ")" / nil`.
    fn id_data(&mut self) -> Result<Data<'a>, Error> {
        self.sp("SP after ID")?;
        if self.eat_word(b"NIL") {
            return Ok(Data::Id(None));
        }
        let v = self.paren_list("ID parameters", |c| {
            let k = c.string()?;
            c.sp("SP before the value")?;
            Ok((k, c.nstring()?))
        })?;
        Ok(Data::Id(Some(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::ParserOptions;

    #[test]
    fn keywords_and_eat_kw() {
        // Names in any case; a longer or shorter word is none of them.
        assert_eq!(CodeName::find(b"Read-Write"), Some(CodeName::ReadWrite));
        assert_eq!(
            StatusName::find(b"deleted-storage"),
            Some(StatusName::DeletedStorage)
        );
        assert_eq!(ReturnName::find(b"Count"), Some(ReturnName::Count));
        assert_eq!(CodeName::find(b"READ-WRITEX"), None);
        assert_eq!(StatusName::find(b"DELETED-"), None);
        let o = ParserOptions::default();
        // eat_kw allows "]" after the word, eat_word does not (ASTRING-CHAR).
        let mut c = Cursor::new(b"TOOMANY]", &o);
        assert!(c.eat_kw(b"toomany"));
        assert_eq!(c.pos, 7);
        let mut c = Cursor::new(b"TOOMANYX", &o);
        assert!(!c.eat_kw(b"TOOMANY"));
        assert_eq!(c.pos, 0);
    }

    #[test]
    fn esearch_extension_names_are_labels() {
        use crate::types::response::Response;
        // RFC 4466 §2.6.2 `search-ret-data-ext = search-modifier-name SP
        // search-return-value`, `search-modifier-name = tagged-ext-label` (§2.1:
        // `tagged-label-fchar *tagged-label-char`).
        let r = Response::parse_message(b"* ESEARCH x.y:1 (2)\r\n", &ParserOptions::new());
        let Ok(Response::Data(Data::Esearch(e))) = r else {
            panic!("{r:?}")
        };
        assert_eq!(e.data.len(), 1);
        assert!(
            matches!(&e.data[0], EsearchReturn::Other { name, .. } if name.as_str() == "x.y:1")
        );
        // Atoms that are no labels, refused at the byte that does not fit (offsets counted
        // by hand), in lenient mode too.
        let bad: [(&[u8], usize); 3] = [
            (b"* ESEARCH 9X 1\r\n", 10),
            (b"* ESEARCH COUNT 2 A+B 1\r\n", 19),
            (b"* ESEARCH UID :A 1\r\n", 14),
        ];
        for (msg, at) in bad {
            for o in [ParserOptions::new(), ParserOptions::lenient()] {
                let e = Response::parse_message(msg, &o).unwrap_err();
                assert_eq!(e.offset, at, "{:?}", String::from_utf8_lossy(msg));
            }
        }
    }

    #[test]
    fn raw_rest_follows_literals() {
        let o = ParserOptions::default();
        // A literal's data (with CRLF and "{") is jumped over; "{x" is plain text.
        let mut c = Cursor::new(b" a {x {4}\r\n\r\n{1} ~{2}\r\n\0\0 b\r\n", &o);
        let raw = c.raw_rest().unwrap();
        assert_eq!(raw.as_bytes(), b" a {x {4}\r\n\r\n{1} ~{2}\r\n\0\0 b");
        assert_eq!(c.pos, c.b.len());
        // NUL outside a literal8, bare LF, a literal past the end.
        assert_eq!(
            Cursor::new(b" a\0\r\n", &o).raw_rest().unwrap_err().kind,
            ErrorKind::Nul
        );
        assert_eq!(
            Cursor::new(b" a\nb\r\n", &o).raw_rest().unwrap_err().offset,
            2
        );
        assert!(Cursor::new(b" {9}\r\nab\r\n", &o).raw_rest().is_err());
        // The literal limit holds in raw data too.
        let small = ParserOptions::new().max_literal(2);
        assert!(matches!(
            Cursor::new(b" {3}\r\nabc\r\n", &small)
                .raw_rest()
                .unwrap_err()
                .kind,
            ErrorKind::LiteralTooLarge { .. }
        ));
    }

    #[test]
    fn ext_values() {
        let o = ParserOptions::default();
        let v = |b: &'static [u8]| {
            let mut c = Cursor::new(b, &o);
            c.tagged_ext_value().map(|r| (r.as_bytes().to_vec(), c.pos))
        };
        assert_eq!(v(b"1:3,5 x").unwrap(), (b"1:3,5".to_vec(), 5));
        assert_eq!(v(b"(a (b \"c\") {1}\r\nd) x").unwrap().1, 18);
        assert_eq!(v(b"() x").unwrap().0, b"()");
        assert!(v(b"(a b").is_err());
        assert!(v(b"(a  b)").is_err());
        assert!(v(b")").is_err());
        let shallow = ParserOptions::new().max_depth(2);
        let mut c = Cursor::new(b"((()))", &shallow);
        assert!(matches!(
            c.tagged_ext_value().unwrap_err().kind,
            ErrorKind::TooDeep { limit: 2 }
        ));
        // The depth comes back down after a list.
        let mut c = Cursor::new(b"(()) ", &shallow);
        c.tagged_ext_value().unwrap();
        assert_eq!(c.depth, 0);
    }

    #[test]
    fn codes_fall_back_to_the_generic_form() {
        let o = ParserOptions::default();
        let code = |b: &'static [u8]| Cursor::new(b, &o).code();
        assert_eq!(
            code(b"UIDNEXT 5]").unwrap(),
            Code::UidNext(NonZeroU32::MIN.saturating_add(4))
        );
        for b in [
            &b"UIDNEXT 0]"[..],
            b"UIDNEXT]",
            b"UIDNEXT x]",
            b"CLOSED now]",
        ] {
            assert!(matches!(code(b).unwrap(), Code::Other { .. }), "{b:?}");
        }
        // Limits are not hidden by the fallback.
        let few = ParserOptions::new().max_items(1);
        assert!(matches!(
            Cursor::new(b"CAPABILITY A B]", &few)
                .code()
                .unwrap_err()
                .kind,
            ErrorKind::TooMany { .. }
        ));
        // An empty text after the SP is not the generic form.
        assert!(code(b"XCODE ]").is_err());
    }
}
