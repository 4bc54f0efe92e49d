//! The command parser (RFC 9051 §9, RFC 3501 §9 and the extensions' ABNF, quoted on each
//! function): one complete message (lines and literals) in, a [`Command`] out.
//!
//! The command name is read as an atom and looked up in a keyword table hashed at compile
//! time (`Kw`, see `parse/kw.rs`): one hash and one comparison. A name that is not known
//! is kept as [`CommandBody::Unknown`] with its raw arguments.

use std::borrow::Cow;

use crate::Status;
use crate::error::Error;
use crate::options::ParserOptions;
use crate::parse::chars::{ATOM, LIST};
use crate::parse::core::Cursor;
use crate::parse::kw::keywords;
use crate::stream::framing::parse_one;
use crate::types::capability::Capability;
use crate::types::command::{
    AppendData, AppendMessage, Base64, CatPart, Command, CommandBody, CreateParam, EventGroup,
    ExtValue, FetchModifier, InitialResponse, ListArgs, ListPatterns, ListReturnOpt, ListSelectOpt,
    MetadataDepth, MetadataOption, MetadataValue, NOTIFY_EVENTS, Notify, NotifyEvent, NotifyFilter,
    OptionValue, QResync, QuotaLimit, QuotaResource, RawArgs, SelectParam, StatusAttr, StoreMode,
    StoreModifier, StoreValues, UseAttr, scan_base64,
};
use crate::types::core::{
    Atom, Binary, IString, Label, Mailbox, NonEmpty, SequenceSet, ascii, label_error_at,
};
use crate::types::response::ModSeq;

keywords! {
    /// The commands this parser types, by name.
    enum Kw {
        Capability = b"CAPABILITY",
        Noop = b"NOOP",
        Logout = b"LOGOUT",
        StartTls = b"STARTTLS",
        Authenticate = b"AUTHENTICATE",
        Login = b"LOGIN",
        Enable = b"ENABLE",
        Select = b"SELECT",
        Examine = b"EXAMINE",
        Create = b"CREATE",
        Delete = b"DELETE",
        Rename = b"RENAME",
        Subscribe = b"SUBSCRIBE",
        Unsubscribe = b"UNSUBSCRIBE",
        List = b"LIST",
        Lsub = b"LSUB",
        Namespace = b"NAMESPACE",
        Status = b"STATUS",
        Append = b"APPEND",
        Idle = b"IDLE",
        Check = b"CHECK",
        Close = b"CLOSE",
        Unselect = b"UNSELECT",
        Expunge = b"EXPUNGE",
        Uid = b"UID",
        Fetch = b"FETCH",
        Store = b"STORE",
        Copy = b"COPY",
        Move = b"MOVE",
        GetQuota = b"GETQUOTA",
        GetQuotaRoot = b"GETQUOTAROOT",
        SetQuota = b"SETQUOTA",
        GetMetadata = b"GETMETADATA",
        SetMetadata = b"SETMETADATA",
        Id = b"ID",
        Compress = b"COMPRESS",
        Notify = b"NOTIFY",
        SetAcl = b"SETACL",
        DeleteAcl = b"DELETEACL",
        GetAcl = b"GETACL",
        ListRights = b"LISTRIGHTS",
        MyRights = b"MYRIGHTS",
        Unauthenticate = b"UNAUTHENTICATE",
        Search = b"SEARCH",
        Sort = b"SORT",
        Thread = b"THREAD",
    }
}

/// `a` equals `b` in any ASCII case.
#[inline]
fn ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl<'a> Command<'a> {
    /// Parses the command at the start of `input`, which holds all of it — literal data
    /// included, as in a capture or a buffer a server filled after its continuation
    /// requests — or less (then [`Status::Incomplete`]); `consumed` says where it ends. The
    /// message is framed first (literals jumped over, never scanned), then parsed. A server
    /// reading a connection uses [`ServerDecoder`](crate::stream::server::ServerDecoder),
    /// which asks for a continuation request before a synchronizing literal's data.
    ///
    /// ```
    /// use imap_proto::types::command::{Command, CommandBody};
    /// use imap_proto::{ParserOptions, Status};
    ///
    /// let input = b"a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\na2 NOOP\r\n";
    /// let opts = ParserOptions::default();
    /// let Ok(Status::Complete { value, consumed }) = Command::parse(input, &opts) else {
    ///     panic!()
    /// };
    /// assert!(matches!(value.body, CommandBody::Login { .. }));
    /// assert_eq!(consumed, 33);
    /// assert_eq!(Command::parse(&input[..20], &opts), Ok(Status::Incomplete));
    /// ```
    pub fn parse(input: &'a [u8], opts: &ParserOptions) -> Result<Status<Self>, Error> {
        parse_one(input, opts, "a command", |msg, opts, consumed, clean| {
            Self::parse_cursor(Cursor::line(msg, opts, clean))
                .map(|value| Status::Complete { value, consumed })
        })
    }

    /// Parses one complete command message (RFC 9051 §9 `command = tag SP (command-any /
    /// command-auth / command-nonauth / command-select) CRLF`): `msg` is its lines and
    /// literals as the framing layer delivers them, final CRLF included.
    ///
    /// Errors after the tag carry it ([`Error::tag`]) so a server can answer `tag BAD`.
    ///
    /// Lenient mode ([`ParserOptions::lenient`]) accepts what the grammar core accepts
    /// there: LF-only line ends (the `imap-lf-only` capture: Dovecot takes them), runs of
    /// SP between arguments and before the line end, 8-bit bytes that are not UTF-8 in
    /// quoted strings, and a leading zero in a non-zero number.
    pub fn parse_message(msg: &'a [u8], opts: &ParserOptions) -> Result<Self, Error> {
        Self::parse_cursor(Cursor::new(msg, opts))
    }

    /// [`Command::parse_message`] from a cursor at the start of the message.
    fn parse_cursor(mut c: Cursor<'a>) -> Result<Self, Error> {
        let tag = c.tag()?;
        let body = c
            .sp("SP after the tag")
            .and_then(|()| c.command_body())
            .map_err(|e| e.with_tag(tag.as_bytes()))?;
        Ok(Self { tag, body })
    }
}

impl<'a> Cursor<'a> {
    /// The command after `tag SP`, through the final CRLF.
    pub(crate) fn command_body(&mut self) -> Result<CommandBody<'a>, Error> {
        let name_at = self.pos;
        let name = self.run(ATOM, "command name")?;
        let Some(kw) = Kw::find(name) else {
            return self.unknown(name);
        };
        use CommandBody as C;
        let body = match kw {
            Kw::Capability => C::Capability,
            Kw::Noop => C::Noop,
            Kw::Logout => C::Logout,
            Kw::StartTls => C::StartTls,
            Kw::Namespace => C::Namespace,
            Kw::Idle => C::Idle,
            Kw::Check => C::Check,
            Kw::Close => C::Close,
            Kw::Unselect => C::Unselect,
            Kw::Expunge => C::Expunge,
            Kw::Unauthenticate => C::Unauthenticate,
            Kw::Uid => {
                self.sp("SP after UID")?;
                let sub = self.run(ATOM, "command after UID")?;
                match Kw::find(sub) {
                    Some(Kw::Fetch) => self.fetch(true)?,
                    Some(Kw::Store) => self.store(true)?,
                    Some(Kw::Copy) => self.copy_move(true, false)?,
                    Some(Kw::Move) => self.copy_move(true, true)?,
                    Some(Kw::Expunge) => {
                        self.sp("SP before the UID set")?;
                        C::UidExpunge {
                            set: self.sequence_set()?,
                        }
                    }
                    Some(Kw::Search) => self.search(true)?,
                    Some(Kw::Sort) => self.sort(true)?,
                    Some(Kw::Thread) => self.thread(true)?,
                    _ => {
                        // Unknown UID commands.
                        self.pos = name_at + name.len();
                        return self.unknown(name);
                    }
                }
            }
            Kw::Fetch => self.fetch(false)?,
            Kw::Search => self.search(false)?,
            Kw::Sort => self.sort(false)?,
            Kw::Thread => self.thread(false)?,
            Kw::Store => self.store(false)?,
            Kw::Copy => self.copy_move(false, false)?,
            Kw::Move => self.copy_move(false, true)?,
            Kw::Authenticate => self.authenticate()?,
            Kw::Login => {
                self.sp("SP before the user name")?;
                let username = self.astring()?;
                self.sp("SP before the password")?;
                let password = self.astring()?;
                C::Login { username, password }
            }
            Kw::Enable => {
                let mut capabilities = Vec::new();
                while self.arg_follows() {
                    self.sp("SP")?;
                    let a = self.run(ATOM, "atom")?;
                    capabilities.push(Capability::from_valid(a));
                    self.count(capabilities.len(), "capabilities")?;
                }
                let Some(capabilities) = NonEmpty::new(capabilities) else {
                    return Err(self.error("SP and a capability"));
                };
                C::Enable { capabilities }
            }
            Kw::Select | Kw::Examine => {
                self.sp("SP before the mailbox")?;
                let mailbox = self.mailbox()?;
                let params = if self.sp_before(b'(') {
                    self.nonempty_list("select parameter", Self::select_param)?
                        .into_vec()
                } else {
                    Vec::new()
                };
                if kw == Kw::Select {
                    C::Select { mailbox, params }
                } else {
                    C::Examine { mailbox, params }
                }
            }
            Kw::Create => {
                self.sp("SP before the mailbox")?;
                let mailbox = self.mailbox()?;
                let params = if self.sp_before(b'(') {
                    self.nonempty_list("create parameter", Self::create_param)?
                        .into_vec()
                } else {
                    Vec::new()
                };
                C::Create { mailbox, params }
            }
            Kw::Delete => C::Delete {
                mailbox: self.sp_mailbox()?,
            },
            Kw::Subscribe => C::Subscribe {
                mailbox: self.sp_mailbox()?,
            },
            Kw::Unsubscribe => C::Unsubscribe {
                mailbox: self.sp_mailbox()?,
            },
            Kw::GetQuotaRoot => C::GetQuotaRoot {
                mailbox: self.sp_mailbox()?,
            },
            Kw::GetAcl => C::GetAcl {
                mailbox: self.sp_mailbox()?,
            },
            Kw::MyRights => C::MyRights {
                mailbox: self.sp_mailbox()?,
            },
            Kw::Rename => {
                let from = self.sp_mailbox()?;
                let to = self.sp_mailbox()?;
                C::Rename { from, to }
            }
            Kw::List => C::List(self.list()?),
            Kw::Lsub => {
                let reference = self.sp_mailbox()?;
                self.sp("SP before the pattern")?;
                let pattern = self.list_mailbox()?;
                C::Lsub { reference, pattern }
            }
            Kw::Status => {
                let mailbox = self.sp_mailbox()?;
                self.sp("SP before the status items")?;
                let items = self.nonempty_list("status item", Self::status_att)?;
                C::Status { mailbox, items }
            }
            Kw::Append => self.append()?,
            Kw::GetQuota => {
                self.sp("SP before the quota root")?;
                C::GetQuota {
                    root: self.astring()?,
                }
            }
            Kw::SetQuota => {
                self.sp("SP before the quota root")?;
                let root = self.astring()?;
                self.sp("SP before the resource limits")?;
                let limits = self.paren_list("resource limit", |c| {
                    let resource = QuotaResource::from_atom(c.atom()?);
                    c.sp("SP before the limit")?;
                    let limit = c.number64_value()?;
                    Ok(QuotaLimit { resource, limit })
                })?;
                C::SetQuota { root, limits }
            }
            Kw::GetMetadata => self.get_metadata()?,
            Kw::SetMetadata => {
                let mailbox = self.sp_mailbox()?;
                self.sp("SP before the entries")?;
                let entries = self.nonempty_list("entry and value", |c| {
                    let entry = c.astring()?;
                    c.sp("SP before the value")?;
                    let value = if c.eat_word(b"NIL") {
                        MetadataValue::Nil
                    } else if c.peek() == Some(b'~') {
                        MetadataValue::Binary(c.literal8()?)
                    } else {
                        MetadataValue::String(c.string()?)
                    };
                    Ok((entry, value))
                })?;
                C::SetMetadata { mailbox, entries }
            }
            Kw::Id => {
                self.sp("SP before the ID parameters")?;
                let params = if self.eat_word(b"NIL") {
                    None
                } else {
                    Some(self.paren_list("ID field and value", |c| {
                        let k = c.string()?;
                        c.sp("SP before the value")?;
                        Ok((k, c.nstring()?))
                    })?)
                };
                C::Id { params }
            }
            Kw::Compress => {
                self.sp("SP before the algorithm")?;
                C::Compress {
                    algorithm: Atom::from_valid(self.run(ATOM, "atom")?),
                }
            }
            Kw::Notify => C::Notify(self.notify()?),
            Kw::SetAcl => {
                let mailbox = self.sp_mailbox()?;
                self.sp("SP before the identifier")?;
                let identifier = self.astring()?;
                self.sp("SP before the rights")?;
                let rights = self.astring()?;
                C::SetAcl {
                    mailbox,
                    identifier,
                    rights,
                }
            }
            Kw::DeleteAcl | Kw::ListRights => {
                let mailbox = self.sp_mailbox()?;
                self.sp("SP before the identifier")?;
                let identifier = self.astring()?;
                if kw == Kw::DeleteAcl {
                    C::DeleteAcl {
                        mailbox,
                        identifier,
                    }
                } else {
                    C::ListRights {
                        mailbox,
                        identifier,
                    }
                }
            }
        };
        self.crlf()?;
        Ok(body)
    }

    /// An unknown command: the name and every byte after it up to the final CRLF.
    fn unknown(&mut self, name: &'a [u8]) -> Result<CommandBody<'a>, Error> {
        let start = self.pos;
        let end = self.raw_args_end()?;
        self.crlf()?;
        Ok(CommandBody::Unknown {
            name: Atom::from_valid(name),
            args: RawArgs::from_valid(&self.b[start..end]),
        })
    }

    /// Scans raw arguments from the cursor to the line end that ends the message: line
    /// ends are allowed only after a literal's announcement (`{n}`, `{n+}`, `~{n}`), whose
    /// `n` octets are skipped; NUL is refused outside literal data. Returns where the final
    /// line end starts, with the cursor there.
    pub(crate) fn raw_args_end(&mut self) -> Result<usize, Error> {
        loop {
            let rest = self.rest();
            let Some(p) = memchr::memchr3(b'\r', b'\n', 0, rest) else {
                self.pos = self.b.len();
                return Err(self.error("end of line"));
            };
            let at = self.pos + p;
            if rest[p] == 0 {
                self.pos = at;
                return Err(self.error("argument text"));
            }
            match literal_marker(&self.b[..at]) {
                None => {
                    self.pos = at;
                    if !self.at_line_end() || self.b.len() - at > 2 {
                        return Err(self.error("end of line"));
                    }
                    return Ok(at);
                }
                Some(m) => {
                    self.pos = m;
                    self.skip_literal_raw()?;
                }
            }
        }
    }

    /// A literal announcement at the cursor (`[~]{n[+]}` CRLF; lenient: LF) and its data,
    /// skipped without examining it.
    fn skip_literal_raw(&mut self) -> Result<(), Error> {
        self.eat(b'~');
        let len = self.literal_header()?;
        self.pos += len;
        Ok(())
    }

    /// True when SP and something other than the line end follow (an optional argument).
    fn arg_follows(&self) -> bool {
        let mut i = self.pos;
        if self.b.get(i) != Some(&b' ') {
            return false;
        }
        while self.b.get(i) == Some(&b' ') {
            i += 1;
            if !self.lenient() {
                break;
            }
        }
        !matches!(self.b.get(i), Some(b'\r' | b'\n') | None)
    }

    /// Consumes SP (lenient: SPs) when `c` follows it; otherwise consumes nothing.
    fn sp_before(&mut self, c: u8) -> bool {
        let save = self.pos;
        if self.eat(b' ') {
            if self.lenient() {
                while self.eat(b' ') {}
            }
            if self.peek() == Some(c) {
                return true;
            }
        }
        self.pos = save;
        false
    }

    /// `SP mailbox`.
    fn sp_mailbox(&mut self) -> Result<Mailbox<'a>, Error> {
        self.sp("SP before the mailbox")?;
        self.mailbox()
    }

    /// A parenthesized list with at least one item.
    fn nonempty_list<T>(
        &mut self,
        what: &'static str,
        item: impl FnMut(&mut Self) -> Result<T, Error>,
    ) -> Result<NonEmpty<T>, Error> {
        let v = self.paren_list(what, item)?;
        NonEmpty::new(v).ok_or(Error::expected(self.pos - 1, what))
    }

    /// RFC 4466 `tagged-ext-label` and an optional `SP tagged-ext-val`.
    fn ext_param(&mut self) -> Result<(Label<'a>, Option<ExtValue<'a>>), Error> {
        let name = self.atom()?;
        let name = self.label_of(name)?;
        Ok((name, self.ext_value_opt()?))
    }

    /// The atom `name`, just read, as an RFC 4466 §2.1 `tagged-ext-label =
    /// tagged-label-fchar *tagged-label-char` (`tagged-label-fchar = ALPHA / "-" / "_" /
    /// "."`, `tagged-label-char = tagged-label-fchar / DIGIT / ":"`), or the error at its
    /// first byte that does not fit. Only the names of unknown parameters are checked (the
    /// known ones are matched before), so the common commands pay nothing.
    ///
    /// Lenient mode too refuses an atom that is not a label: none is known to be sent, and
    /// one starting with a digit or `$` after a label would read as that label's value.
    fn label_of(&self, name: &'a str) -> Result<Label<'a>, Error> {
        match label_error_at(name.as_bytes()) {
            None => Ok(Label::from_valid(name)),
            Some(p) => Err(Error::expected(
                self.pos - name.len() + p,
                "tagged-ext-label",
            )),
        }
    }

    /// `[SP tagged-ext-val]`: a value starts with a digit, `*`, `$` or `(`, which no label
    /// (the next item of a list) does. Lenient: a run of SPs before the value, as between
    /// the arguments (otherwise `(X  5)` would read `5` as the next label).
    fn ext_value_opt(&mut self) -> Result<Option<ExtValue<'a>>, Error> {
        let mut i = self.pos;
        while self.b.get(i) == Some(&b' ') {
            i += 1;
            if !self.lenient() {
                break;
            }
        }
        if i == self.pos || !matches!(self.b.get(i), Some(b'0'..=b'9' | b'*' | b'$' | b'(')) {
            return Ok(None);
        }
        self.pos = i;
        let start = self.pos;
        self.ext_value_span()?;
        Ok(Some(ExtValue::from_valid(&self.b[start..self.pos])))
    }

    /// RFC 4959 §7 / RFC 9051 §9 `authenticate = "AUTHENTICATE" SP auth-type [SP
    /// initial-resp]`, `initial-resp = (base64 / "=")` (an empty initial response is `=`;
    /// strict mode refuses an empty base64 after the SP).
    fn authenticate(&mut self) -> Result<CommandBody<'a>, Error> {
        self.sp("SP before the mechanism")?;
        let mechanism = Atom::from_valid(self.run(ATOM, "atom")?);
        let initial_response = if self.arg_follows() {
            self.sp("SP")?;
            if self.eat(b'=') {
                Some(InitialResponse::Empty)
            } else {
                let n = scan_base64(self.rest());
                if n == 0 {
                    return Err(self.error("base64 initial response or ="));
                }
                let s = ascii(&self.b[self.pos..self.pos + n]);
                self.pos += n;
                Some(InitialResponse::Data(Base64::from_valid(s)))
            }
        } else {
            None
        };
        Ok(CommandBody::Authenticate {
            mechanism,
            initial_response,
        })
    }

    /// RFC 4466 / RFC 7162 `select-param = "CONDSTORE" / "QRESYNC" SP "(" uidvalidity SP
    /// mod-sequence-value [SP known-uids] [SP seq-match-data] ")" / select-param-name [SP
    /// select-param-value]`, `seq-match-data = "(" known-sequence-set SP known-uid-set
    /// ")"`.
    fn select_param(&mut self) -> Result<SelectParam<'a>, Error> {
        let name = self.atom()?;
        if ci(name, "CONDSTORE") {
            return Ok(SelectParam::CondStore);
        }
        if !ci(name, "QRESYNC") {
            return Ok(SelectParam::Other {
                name: self.label_of(name)?,
                value: self.ext_value_opt()?,
            });
        }
        self.sp("SP after QRESYNC")?;
        self.expect(b'(', "( of the QRESYNC parameters")?;
        let uidvalidity = self.nz_number()?;
        self.sp("SP before the mod-sequence")?;
        let modseq = self.nz_number64()?;
        let mut known_uids = None;
        let mut seq_match = None;
        if self.eat(b' ') {
            if self.peek() != Some(b'(') {
                known_uids = Some(self.sequence_set()?);
                if self.eat(b' ') {
                    seq_match = Some(self.seq_match()?);
                }
            } else {
                seq_match = Some(self.seq_match()?);
            }
        }
        self.expect(b')', ") closing the QRESYNC parameters")?;
        Ok(SelectParam::QResync(QResync {
            uidvalidity,
            modseq,
            known_uids,
            seq_match,
        }))
    }

    /// `seq-match-data = "(" known-sequence-set SP known-uid-set ")"`.
    fn seq_match(&mut self) -> Result<(SequenceSet<'a>, SequenceSet<'a>), Error> {
        self.expect(b'(', "( of the sequence match data")?;
        let seqs = self.sequence_set()?;
        self.sp("SP before the known UIDs")?;
        let uids = self.sequence_set()?;
        self.expect(b')', ") closing the sequence match data")?;
        Ok((seqs, uids))
    }

    /// `mod-sequence-value = 1*DIGIT` (RFC 7162 §7: positive, 63-bit).
    fn nz_number64(&mut self) -> Result<ModSeq, Error> {
        let at = self.pos;
        ModSeq::new(self.number64()?).ok_or(Error::expected(at, "non-zero mod-sequence"))
    }

    /// RFC 4466 `create-param = create-param-name [SP create-param-value]` and RFC 6154
    /// `create-param =/ "USE" SP "(" [use-attr *(SP use-attr)] ")"`, `use-attr = "\All" /
    /// … / "\" atom`.
    fn create_param(&mut self) -> Result<CreateParam<'a>, Error> {
        if self.eat_word(b"USE") {
            self.sp("SP after USE")?;
            let attrs = self.paren_list("special-use attribute", |c| {
                c.expect(b'\\', "\\ of a special-use attribute")?;
                Ok(UseAttr::from_name(c.atom()?))
            })?;
            return Ok(CreateParam::Use(attrs));
        }
        let (name, value) = self.ext_param()?;
        Ok(CreateParam::Other { name, value })
    }

    /// RFC 5258 §6 `list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP
    /// list-return-opts]`, `mbox-or-pat = list-mailbox / patterns`, `patterns = "("
    /// list-mailbox *(SP list-mailbox) ")"`, `list-return-opts = "RETURN" SP "("
    /// [return-option *(SP return-option)] ")"`.
    fn list(&mut self) -> Result<ListArgs<'a>, Error> {
        self.sp("SP after LIST")?;
        let selection = if self.peek() == Some(b'(') {
            let v = self.paren_list("selection option", Self::list_select_opt)?;
            self.sp("SP after the selection options")?;
            Some(v)
        } else {
            None
        };
        let reference = self.mailbox()?;
        self.sp("SP before the pattern")?;
        let patterns = if self.peek() == Some(b'(') {
            ListPatterns::List(self.nonempty_list("mailbox pattern", Self::list_mailbox)?)
        } else {
            ListPatterns::One(self.list_mailbox()?)
        };
        let return_opts = if self.arg_follows() {
            self.sp("SP")?;
            if !self.eat_word(b"RETURN") {
                return Err(self.error("RETURN"));
            }
            self.sp("SP after RETURN")?;
            Some(self.paren_list("return option", Self::list_return_opt)?)
        } else {
            None
        };
        Ok(ListArgs {
            selection,
            reference,
            patterns,
            return_opts,
        })
    }

    /// RFC 9051 §9 `list-mailbox = 1*list-char / string`.
    fn list_mailbox(&mut self) -> Result<IString<'a>, Error> {
        match self.peek() {
            Some(b'"' | b'{') => self.string(),
            _ => self.run(LIST, "mailbox pattern").map(IString::from_valid),
        }
    }

    /// RFC 5258 `list-select-opt = "SUBSCRIBED" / "REMOTE" / "RECURSIVEMATCH" /
    /// option-extension`, RFC 6154 `=/ "SPECIAL-USE"`.
    fn list_select_opt(&mut self) -> Result<ListSelectOpt<'a>, Error> {
        let name = self.atom()?;
        Ok(if ci(name, "SUBSCRIBED") {
            ListSelectOpt::Subscribed
        } else if ci(name, "REMOTE") {
            ListSelectOpt::Remote
        } else if ci(name, "RECURSIVEMATCH") {
            ListSelectOpt::RecursiveMatch
        } else if ci(name, "SPECIAL-USE") {
            ListSelectOpt::SpecialUse
        } else {
            ListSelectOpt::Other {
                name: Atom::from_valid(name.as_bytes()),
                value: self.option_value()?,
            }
        })
    }

    /// RFC 5258 `return-option = "SUBSCRIBED" / "CHILDREN" / option-extension`, RFC 5819
    /// `status-option = "STATUS" SP "(" status-att *(SP status-att) ")"`, RFC 6154
    /// `"SPECIAL-USE"`, RFC 8440 `"MYRIGHTS"`.
    fn list_return_opt(&mut self) -> Result<ListReturnOpt<'a>, Error> {
        let name = self.atom()?;
        Ok(if ci(name, "SUBSCRIBED") {
            ListReturnOpt::Subscribed
        } else if ci(name, "CHILDREN") {
            ListReturnOpt::Children
        } else if ci(name, "SPECIAL-USE") {
            ListReturnOpt::SpecialUse
        } else if ci(name, "MYRIGHTS") {
            ListReturnOpt::MyRights
        } else if ci(name, "STATUS") {
            self.sp("SP after STATUS")?;
            ListReturnOpt::Status(self.nonempty_list("status item", Self::status_att)?)
        } else {
            ListReturnOpt::Other {
                name: Atom::from_valid(name.as_bytes()),
                value: self.option_value()?,
            }
        })
    }

    /// `[SP option-value]`, `option-value = "(" option-val-comp ")"`, kept raw.
    fn option_value(&mut self) -> Result<Option<OptionValue<'a>>, Error> {
        if !self.sp_before(b'(') {
            return Ok(None);
        }
        let start = self.pos;
        self.skip_parens()?;
        Ok(Some(OptionValue::from_valid(&self.b[start..self.pos])))
    }

    /// `status-att` (RFC 9051 §9 and the extensions; any other atom kept).
    fn status_att(&mut self) -> Result<StatusAttr<'a>, Error> {
        self.atom().map(StatusAttr::from_atom)
    }

    /// RFC 3502 §6 `append = "APPEND" SP mailbox 1*append-message`, `append-message =
    /// append-opts SP append-data`, `append-opts = [SP flag-list] [SP date-time]`; RFC 4466
    /// `append-data = literal / literal8`; RFC 6855 `append-data =/ "UTF8" SP "(" literal8
    /// ")"`; RFC 4469 `append-data =/ "CATENATE" SP "(" cat-part *(SP cat-part) ")"`,
    /// `cat-part = "TEXT" SP literal / "URL" SP astring`.
    fn append(&mut self) -> Result<CommandBody<'a>, Error> {
        let mailbox = self.sp_mailbox()?;
        let mut messages = Vec::new();
        while self.arg_follows() {
            self.sp("SP")?;
            let flags = if self.peek() == Some(b'(') {
                let f = self.paren_list("flag", Self::flag)?;
                self.sp("SP after the flags")?;
                f
            } else {
                Vec::new()
            };
            let date = if self.peek() == Some(b'"') {
                let d = self.date_time()?;
                self.sp("SP after the date")?;
                Some(d)
            } else {
                None
            };
            let data = match self.peek() {
                Some(b'{') => AppendData::Literal(Binary(Cow::Borrowed(self.literal_unscanned()?))),
                Some(b'~') => AppendData::Literal8(self.literal8()?),
                _ if self.eat_word(b"UTF8") => {
                    self.sp("SP after UTF8")?;
                    self.expect(b'(', "( before the UTF8 literal8")?;
                    let d = self.literal8()?;
                    self.expect(b')', ") after the UTF8 literal8")?;
                    AppendData::Utf8(d)
                }
                _ if self.eat_word(b"CATENATE") => {
                    self.sp("SP after CATENATE")?;
                    AppendData::Catenate(self.nonempty_list("CATENATE part", |c| {
                        if c.eat_word(b"URL") {
                            c.sp("SP after URL")?;
                            Ok(CatPart::Url(c.astring()?))
                        } else if c.eat_word(b"TEXT") {
                            c.sp("SP after TEXT")?;
                            Ok(CatPart::Text(Binary(Cow::Borrowed(c.literal_unscanned()?))))
                        } else {
                            Err(c.error("URL or TEXT"))
                        }
                    })?)
                }
                _ => return Err(self.error("flags, date-time, literal, UTF8 or CATENATE")),
            };
            messages.push(AppendMessage { flags, date, data });
            self.count(messages.len(), "messages in APPEND")?;
        }
        let Some(messages) = NonEmpty::new(messages) else {
            return Err(self.error("SP and a message"));
        };
        Ok(CommandBody::Append { mailbox, messages })
    }

    /// RFC 9051 §9 `fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" /
    /// fetch-att / "(" fetch-att *(SP fetch-att) ")") [fetch-modifiers]`, RFC 4466
    /// `fetch-modifiers = SP "(" fetch-modifier *(SP fetch-modifier) ")"`, RFC 7162
    /// `fetch-modifier =/ "CHANGEDSINCE" SP mod-sequence-value / "VANISHED"`.
    fn fetch(&mut self, uid: bool) -> Result<CommandBody<'a>, Error> {
        self.sp("SP before the sequence set")?;
        let set = self.sequence_set()?;
        self.sp("SP before the fetch items")?;
        let items = self.fetch_items()?;
        let modifiers = if self.sp_before(b'(') {
            self.nonempty_list("fetch modifier", |c| {
                let name = c.atom()?;
                if ci(name, "CHANGEDSINCE") {
                    c.sp("SP after CHANGEDSINCE")?;
                    Ok(FetchModifier::ChangedSince(c.nz_number64()?))
                } else if ci(name, "VANISHED") {
                    Ok(FetchModifier::Vanished)
                } else {
                    Ok(FetchModifier::Other {
                        name: c.label_of(name)?,
                        value: c.ext_value_opt()?,
                    })
                }
            })?
            .into_vec()
        } else {
            Vec::new()
        };
        Ok(CommandBody::Fetch {
            uid,
            set,
            items,
            modifiers,
        })
    }

    /// RFC 9051 §9 `store = "STORE" SP sequence-set SP store-att-flags`, RFC 4466
    /// `[store-modifiers]` before it, RFC 7162 `store-modifier =/ "UNCHANGEDSINCE" SP
    /// mod-sequence-valzer`; `store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP
    /// (flag-list / (flag *(SP flag)))`; Gmail's `X-GM-LABELS` in place of `FLAGS`, with
    /// astrings (or `\`-names) for flags.
    fn store(&mut self, uid: bool) -> Result<CommandBody<'a>, Error> {
        self.sp("SP before the sequence set")?;
        let set = self.sequence_set()?;
        let modifiers = if self.sp_before(b'(') {
            self.nonempty_list("store modifier", |c| {
                let name = c.atom()?;
                if ci(name, "UNCHANGEDSINCE") {
                    c.sp("SP after UNCHANGEDSINCE")?;
                    Ok(StoreModifier::UnchangedSince(c.number64_value()?))
                } else {
                    Ok(StoreModifier::Other {
                        name: c.label_of(name)?,
                        value: c.ext_value_opt()?,
                    })
                }
            })?
            .into_vec()
        } else {
            Vec::new()
        };
        self.sp("SP before FLAGS")?;
        let mode = if self.eat(b'+') {
            StoreMode::Add
        } else if self.eat(b'-') {
            StoreMode::Remove
        } else {
            StoreMode::Replace
        };
        let labels = if self.eat_prefix(b"FLAGS") {
            false
        } else if self.eat_prefix(b"X-GM-LABELS") {
            true
        } else {
            return Err(self.error("FLAGS, +FLAGS or -FLAGS"));
        };
        let silent = self.eat_prefix(b".SILENT");
        self.sp("SP before the flags")?;
        let values = if labels {
            StoreValues::GmLabels(self.flag_args("label", Self::gm_label)?)
        } else {
            StoreValues::Flags(self.flag_args("flag", Self::flag)?)
        };
        Ok(CommandBody::Store {
            uid,
            set,
            modifiers,
            mode,
            silent,
            values,
        })
    }

    /// `flag-list / (flag *(SP flag))` with `item` for each flag.
    fn flag_args<T>(
        &mut self,
        what: &'static str,
        mut item: impl FnMut(&mut Self) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        if self.peek() == Some(b'(') {
            return self.paren_list(what, item);
        }
        let mut v = vec![item(self)?];
        while self.arg_follows() {
            self.sp("SP")?;
            v.push(item(self)?);
            self.count(v.len(), what)?;
        }
        Ok(v)
    }

    /// `[UID] SEARCH SP …` (RFC 9051 §9 `search`), the arguments read by
    /// [`Cursor::search_command`].
    fn search(&mut self, uid: bool) -> Result<CommandBody<'a>, Error> {
        self.sp("SP after SEARCH")?;
        let args = self.search_command()?;
        Ok(CommandBody::Search { uid, args })
    }

    /// `[UID] SORT SP …` (RFC 5256 §5 `sort`).
    fn sort(&mut self, uid: bool) -> Result<CommandBody<'a>, Error> {
        self.sp("SP after SORT")?;
        let args = self.sort_command()?;
        Ok(CommandBody::Sort { uid, args })
    }

    /// `[UID] THREAD SP …` (RFC 5256 §5 `thread`).
    fn thread(&mut self, uid: bool) -> Result<CommandBody<'a>, Error> {
        self.sp("SP after THREAD")?;
        let args = self.thread_command()?;
        Ok(CommandBody::Thread { uid, args })
    }

    /// `[UID] COPY / MOVE sequence-set SP mailbox` (RFC 9051 §9, RFC 6851).
    fn copy_move(&mut self, uid: bool, is_move: bool) -> Result<CommandBody<'a>, Error> {
        self.sp("SP before the sequence set")?;
        let set = self.sequence_set()?;
        let mailbox = self.sp_mailbox()?;
        Ok(if is_move {
            CommandBody::Move { uid, set, mailbox }
        } else {
            CommandBody::Copy { uid, set, mailbox }
        })
    }

    /// RFC 5464 §5 `getmetadata = "GETMETADATA" [SP getmetadata-options] SP mailbox SP
    /// entries`, `getmetadata-options = "(" getmetadata-option *(SP getmetadata-option)
    /// ")"`, `maxsize-opt = "MAXSIZE" SP number`, `scope-opt = "DEPTH" SP ("0" / "1" /
    /// "infinity")`, `entries = entry / "(" entry *(SP entry) ")"`.
    fn get_metadata(&mut self) -> Result<CommandBody<'a>, Error> {
        self.sp("SP after GETMETADATA")?;
        let options = if self.peek() == Some(b'(') {
            let v = self.nonempty_list("metadata option", |c| {
                if c.eat_word(b"MAXSIZE") {
                    c.sp("SP after MAXSIZE")?;
                    return Ok(MetadataOption::MaxSize(c.number()?));
                }
                if c.eat_word(b"DEPTH") {
                    c.sp("SP after DEPTH")?;
                    let d = if c.eat_word(b"0") {
                        MetadataDepth::Zero
                    } else if c.eat_word(b"1") {
                        MetadataDepth::One
                    } else if c.eat_word(b"infinity") {
                        MetadataDepth::Infinity
                    } else {
                        return Err(c.error("0, 1 or infinity"));
                    };
                    return Ok(MetadataOption::Depth(d));
                }
                let (name, value) = c.ext_param()?;
                Ok(MetadataOption::Other { name, value })
            })?;
            self.sp("SP after the options")?;
            v.into_vec()
        } else {
            Vec::new()
        };
        let mailbox = self.mailbox()?;
        self.sp("SP before the entries")?;
        let entries = if self.peek() == Some(b'(') {
            self.nonempty_list("entry", Self::astring)?
        } else {
            NonEmpty::one(self.astring()?)
        };
        Ok(CommandBody::GetMetadata {
            options,
            mailbox,
            entries,
        })
    }

    /// RFC 5465 §8 `notify = "NOTIFY" SP (notify-set / notify-none)`, `notify-set = "SET"
    /// [SP "STATUS"] SP event-groups`, `event-groups = event-group *(SP event-group)`.
    fn notify(&mut self) -> Result<Notify<'a>, Error> {
        self.sp("SP after NOTIFY")?;
        if self.eat_word(b"NONE") {
            return Ok(Notify::None);
        }
        if !self.eat_word(b"SET") {
            return Err(self.error("SET or NONE"));
        }
        self.sp("SP after SET")?;
        let status = self.eat_word(b"STATUS");
        if status {
            self.sp("SP after STATUS")?;
        }
        let mut groups = NonEmpty::one(self.event_group()?);
        while self.arg_follows() {
            self.sp("SP")?;
            groups.push(self.event_group()?);
            self.count(groups.len(), "event groups")?;
        }
        Ok(Notify::Set { status, groups })
    }

    /// RFC 5465 `event-group = "(" filter-mailboxes SP events ")"`, `filter-mailboxes =
    /// "selected" / "selected-delayed" / "inboxes" / "personal" / "subscribed" /
    /// ("subtree" SP one-or-more-mailbox) / ("mailboxes" SP one-or-more-mailbox)`, `events
    /// = ("(" event *(SP event) ")") / "NONE"`.
    fn event_group(&mut self) -> Result<EventGroup<'a>, Error> {
        self.expect(b'(', "( of an event group")?;
        let at = self.pos;
        let word = self.atom()?;
        let filter = if ci(word, "selected") {
            NotifyFilter::Selected
        } else if ci(word, "selected-delayed") {
            NotifyFilter::SelectedDelayed
        } else if ci(word, "inboxes") {
            NotifyFilter::Inboxes
        } else if ci(word, "personal") {
            NotifyFilter::Personal
        } else if ci(word, "subscribed") {
            NotifyFilter::Subscribed
        } else if ci(word, "subtree") || ci(word, "mailboxes") {
            self.sp("SP before the mailboxes")?;
            let v = if self.peek() == Some(b'(') {
                self.nonempty_list("mailbox", Self::mailbox)?
            } else {
                NonEmpty::one(self.mailbox()?)
            };
            if ci(word, "subtree") {
                NotifyFilter::Subtree(v)
            } else {
                NotifyFilter::Mailboxes(v)
            }
        } else {
            return Err(Error::expected(at, "mailbox filter"));
        };
        self.sp("SP before the events")?;
        let events = if self.eat_word(b"NONE") {
            None
        } else {
            Some(self.nonempty_list("event", Self::notify_event)?)
        };
        self.expect(b')', ") closing an event group")?;
        Ok(EventGroup { filter, events })
    }

    /// RFC 5465 `event = message-event / mailbox-event / user-event / event-ext`,
    /// `message-event = ("MessageNew" [SP "(" fetch-att *(SP fetch-att) ")"]) /
    /// "MessageExpunge" / "FlagChange" / "AnnotationChange"`.
    fn notify_event(&mut self) -> Result<NotifyEvent<'a>, Error> {
        let name = self.atom()?;
        if ci(name, "MessageNew") {
            let atts = if self.sp_before(b'(') {
                self.nonempty_list("fetch item", Self::fetch_attr)?
                    .into_vec()
            } else {
                Vec::new()
            };
            return Ok(NotifyEvent::MessageNew(atts));
        }
        Ok(NOTIFY_EVENTS.iter().find(|(n, _)| ci(n, name)).map_or_else(
            || NotifyEvent::Other(Atom::from_valid(name.as_bytes())),
            |(_, e)| e.clone(),
        ))
    }
}

/// Where the literal announcement that ends `line` starts (`{n}`, `{n+}`, or with `~`):
/// the index of its `{` or `~`; `None` when the line does not end in one.
pub(crate) fn literal_marker(line: &[u8]) -> Option<usize> {
    let mut i = line.len();
    if i == 0 || line[i - 1] != b'}' {
        return None;
    }
    i -= 1;
    if i > 0 && line[i - 1] == b'+' {
        i -= 1;
    }
    let digits_end = i;
    while i > 0 && line[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i == digits_end || i == 0 || line[i - 1] != b'{' {
        return None;
    }
    i -= 1;
    if i > 0 && line[i - 1] == b'~' {
        i -= 1;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_spaces_before_an_extension_value() {
        // RFC 4466 §2.4: `fetch-modifier = fetch-modifier-name [SP fetch-modif-params]`;
        // lenient mode takes runs of SP between arguments, so the run before the value
        // belongs to this modifier (found by the imap_proto_command fuzz target: the `5`
        // was read as a second modifier's name, and the command wrote back differently).
        let msg = b"a1 UID FETCH 1:* (FLAGS) (X-MOD  5 VANISHED)\r\n";
        let c = Command::parse_message(msg, &ParserOptions::lenient()).unwrap();
        let CommandBody::Fetch { modifiers, .. } = c.body else {
            panic!("{c:?}")
        };
        assert_eq!(
            modifiers,
            [
                FetchModifier::Other {
                    name: Label::new("X-MOD").unwrap(),
                    value: Some(ExtValue::new(&b"5"[..]).unwrap()),
                },
                FetchModifier::Vanished,
            ]
        );
        // Strict mode: one SP, then a value or the next label.
        let e = Command::parse_message(msg, &ParserOptions::new()).unwrap_err();
        assert_eq!(e.offset, 32); // the second SP, where a label would start
    }

    #[test]
    fn unknown_parameter_names_are_labels() {
        // RFC 4466 §2.1: `tagged-ext-label = tagged-label-fchar *tagged-label-char`,
        // `tagged-label-fchar = ALPHA / "-" / "_" / "."`, `tagged-label-char =
        // tagged-label-fchar / DIGIT / ":"`; `select-param-name`, `create-param-name`,
        // `fetch-modifier-name`, `store-modifier-name` and (RFC 5464 §5)
        // `getmetadata-option` names are labels.
        let msg = b"a SELECT a (_x.1:2 5 -Y)\r\n";
        let c = Command::parse_message(msg, &ParserOptions::new()).unwrap();
        let CommandBody::Select { params, .. } = c.body else {
            panic!("{c:?}")
        };
        assert_eq!(
            params,
            [
                SelectParam::Other {
                    name: Label::new("_x.1:2").unwrap(),
                    value: Some(ExtValue::new(&b"5"[..]).unwrap()),
                },
                SelectParam::Other {
                    name: Label::new("-Y").unwrap(),
                    value: None,
                },
            ]
        );
        // Atoms that are no labels, refused in both modes at the first byte that does not
        // fit (offsets counted by hand).
        let bad: [(&[u8], usize); 6] = [
            (b"a SELECT a (1x)\r\n", 12),          // a digit first
            (b"a EXAMINE a (X 1 5)\r\n", 17),      // `5` after X's value `1`
            (b"a FETCH 1 FLAGS (X+Y)\r\n", 18),    // `+`: an ATOM-CHAR only
            (b"a STORE 1 (a$ 5) FLAGS x\r\n", 12), // `$`
            (b"a CREATE x (X 1 5)\r\n", 16),       // as EXAMINE
            (b"a GETMETADATA (:x) a b\r\n", 15),   // `:` cannot start a label
        ];
        for (msg, at) in bad {
            for opts in [ParserOptions::new(), ParserOptions::lenient()] {
                let e = Command::parse_message(msg, &opts).unwrap_err();
                assert_eq!(e.offset, at, "{:?}", String::from_utf8_lossy(msg));
            }
        }
    }

    #[test]
    fn keywords_match_their_names_only() {
        let all = [
            "CAPABILITY",
            "NOOP",
            "LOGOUT",
            "STARTTLS",
            "AUTHENTICATE",
            "LOGIN",
            "ENABLE",
            "SELECT",
            "EXAMINE",
            "CREATE",
            "DELETE",
            "RENAME",
            "SUBSCRIBE",
            "UNSUBSCRIBE",
            "LIST",
            "LSUB",
            "NAMESPACE",
            "STATUS",
            "APPEND",
            "IDLE",
            "CHECK",
            "CLOSE",
            "UNSELECT",
            "EXPUNGE",
            "UID",
            "FETCH",
            "STORE",
            "COPY",
            "MOVE",
            "GETQUOTA",
            "GETQUOTAROOT",
            "SETQUOTA",
            "GETMETADATA",
            "SETMETADATA",
            "ID",
            "COMPRESS",
            "NOTIFY",
            "SETACL",
            "DELETEACL",
            "GETACL",
            "LISTRIGHTS",
            "MYRIGHTS",
            "UNAUTHENTICATE",
            "SEARCH",
            "SORT",
            "THREAD",
        ];
        let mut seen = Vec::new();
        for n in all {
            let k = Kw::find(n.as_bytes()).unwrap_or_else(|| panic!("{n}"));
            assert_eq!(Kw::find(n.to_ascii_lowercase().as_bytes()), Some(k));
            assert!(!seen.contains(&k), "{n}");
            seen.push(k);
        }
        for n in [
            "SEARCHX", "SORTS", "THREADS", "XLIST", "FETCHX", "", "I", "LISTX",
        ] {
            assert_eq!(Kw::find(n.as_bytes()), None, "{n}");
        }
    }

    #[test]
    fn markers() {
        assert_eq!(literal_marker(b"a {3}"), Some(2));
        assert_eq!(literal_marker(b"a {3+}"), Some(2));
        assert_eq!(literal_marker(b"a ~{3}"), Some(2));
        assert_eq!(literal_marker(b"{12}"), Some(0));
        assert_eq!(literal_marker(b"a {}"), None);
        assert_eq!(literal_marker(b"a {+}"), None);
        assert_eq!(literal_marker(b"a 3}"), None);
        assert_eq!(literal_marker(b"}"), None);
    }
}
