//! Parsers of search keys and of the SEARCH, SORT and THREAD arguments (RFC 9051 §6.4.4 and
//! §9, RFC 3501 §6.4.4 and §9, RFC 4466 §2.6, RFC 4731, RFC 5182, RFC 5256, RFC 5267,
//! RFC 5957, RFC 9394, RFC 7162, RFC 5032, RFC 8514, RFC 8474, RFC 6203, Gmail).
//!
//! Keys dispatch on their first byte (`(`, a sequence-set character, or a letter), then on
//! the key name upper-cased into a small stack buffer: no allocation but the key tree.
//! Nesting (`NOT`, `OR`, `FUZZY`, parentheses) goes through [`Cursor::enter`], so a bomb
//! of any length fails with [`ErrorKind::TooDeep`] after
//! [`ParserOptions::max_depth`](crate::ParserOptions::max_depth) levels.
//!
//! Lenient mode adds nothing of its own here: it is the core's (runs of SP where one SP is
//! wanted, SPs before a closing parenthesis and before the line end, LF line ends).

use std::num::NonZeroU32;

use crate::error::{Error, ErrorKind};
use crate::parse::chars::{ATOM, DIGIT};
use crate::parse::core::Cursor;
use crate::parse::kw::keywords;
use crate::types::core::{Atom, Flag, NonEmpty, ascii, is_label_char, is_label_first};
use crate::types::search::{
    EntryType, ModSeqEntry, PartialRange, ReturnOptOther, SearchCommand, SearchKey,
    SearchReturnOpt, SortCommand, SortCriteria, SortCriterion, SortKey, ThreadAlgorithm,
    ThreadCommand, is_typed_return_opt,
};

keywords! {
    /// The search keys the parser reads, by name (RFC 9051 §9 `search-key` and the
    /// extensions').
    enum KeyName {
        All = b"ALL",
        Answered = b"ANSWERED",
        Bcc = b"BCC",
        Before = b"BEFORE",
        Body = b"BODY",
        Cc = b"CC",
        Deleted = b"DELETED",
        Draft = b"DRAFT",
        Flagged = b"FLAGGED",
        From = b"FROM",
        Header = b"HEADER",
        Keyword = b"KEYWORD",
        Larger = b"LARGER",
        New = b"NEW",
        Not = b"NOT",
        Old = b"OLD",
        On = b"ON",
        Or = b"OR",
        Recent = b"RECENT",
        Seen = b"SEEN",
        Sentbefore = b"SENTBEFORE",
        Senton = b"SENTON",
        Sentsince = b"SENTSINCE",
        Since = b"SINCE",
        Smaller = b"SMALLER",
        Subject = b"SUBJECT",
        Text = b"TEXT",
        To = b"TO",
        Uid = b"UID",
        Unanswered = b"UNANSWERED",
        Undeleted = b"UNDELETED",
        Undraft = b"UNDRAFT",
        Unflagged = b"UNFLAGGED",
        Unkeyword = b"UNKEYWORD",
        Unseen = b"UNSEEN",
        Modseq = b"MODSEQ",
        Older = b"OLDER",
        Younger = b"YOUNGER",
        Savedbefore = b"SAVEDBEFORE",
        Savedon = b"SAVEDON",
        Savedsince = b"SAVEDSINCE",
        Savedatesupported = b"SAVEDATESUPPORTED",
        Emailid = b"EMAILID",
        Threadid = b"THREADID",
        Fuzzy = b"FUZZY",
        XGmRaw = b"X-GM-RAW",
        XGmMsgid = b"X-GM-MSGID",
        XGmThrid = b"X-GM-THRID",
        XGmLabels = b"X-GM-LABELS",
    }
}

impl<'a> Cursor<'a> {
    /// RFC 9051 §9 `search-key` (with RFC 3501's `NEW`, `OLD`, `RECENT`) and the
    /// extensions: RFC 7162 §7 `search-modsequence = "MODSEQ" [search-modseq-ext] SP
    /// mod-sequence-valzer`; RFC 5032 `("OLDER" / "YOUNGER") SP nz-number`; RFC 8514
    /// `"SAVEDBEFORE" / "SAVEDON" / "SAVEDSINCE" SP date`, `"SAVEDATESUPPORTED"`; RFC 8474
    /// `("EMAILID" / "THREADID") SP objectid`; RFC 6203 `"FUZZY" SP search-key`; Gmail's
    /// `X-GM-RAW` / `X-GM-LABELS` astring and `X-GM-MSGID` / `X-GM-THRID` (64-bit unsigned).
    ///
    /// Strings are `astring`s (literals included), dates the strict `date` rule.
    pub(crate) fn search_key(&mut self) -> Result<SearchKey<'a>, Error> {
        match self.peek() {
            Some(b'(') => {
                self.enter()?;
                self.pos += 1;
                let keys = self.key_list_rest()?;
                self.leave();
                Ok(SearchKey::And(keys))
            }
            Some(b'0'..=b'9' | b'*' | b'$') => self.sequence_set().map(SearchKey::SequenceSet),
            _ => self.named_key(),
        }
    }

    /// The keys of a parenthesized list after its `(`, through the `)`: at least one.
    fn key_list_rest(&mut self) -> Result<NonEmpty<SearchKey<'a>>, Error> {
        let mut keys = Vec::new();
        if self.lenient() {
            while self.eat(b' ') {}
        }
        loop {
            keys.push(self.search_key()?);
            self.count(keys.len(), "search keys")?;
            if self.eat(b')') {
                return Ok(NonEmpty::from_vec(keys));
            }
            self.sp("SP or ) after a search key")?;
            if self.lenient() && self.eat(b')') {
                return Ok(NonEmpty::from_vec(keys));
            }
        }
    }

    /// A key that starts with its name.
    fn named_key(&mut self) -> Result<SearchKey<'a>, Error> {
        use SearchKey as K;
        let start = self.pos;
        let word = self.run(ATOM, "search key")?;
        let name = KeyName::find(word).ok_or(Error::expected(start, "search key"))?;
        Ok(match name {
            KeyName::All => K::All,
            KeyName::Answered => K::Answered,
            KeyName::Bcc => K::Bcc(self.arg_astring()?),
            KeyName::Before => K::Before(self.arg_date()?),
            KeyName::Body => K::Body(self.arg_astring()?),
            KeyName::Cc => K::Cc(self.arg_astring()?),
            KeyName::Deleted => K::Deleted,
            KeyName::Draft => K::Draft,
            KeyName::Flagged => K::Flagged,
            KeyName::From => K::From(self.arg_astring()?),
            KeyName::Header => {
                let field = self.arg_astring()?;
                K::Header(field, self.arg_astring()?)
            }
            KeyName::Keyword => K::Keyword(self.arg_keyword()?),
            KeyName::Larger => K::Larger(self.arg().and_then(|()| self.number64_value())?),
            KeyName::New => K::New,
            KeyName::Not => K::Not(Box::new(self.nested_key()?)),
            KeyName::Old => K::Old,
            KeyName::On => K::On(self.arg_date()?),
            KeyName::Or => {
                self.arg()?;
                self.enter()?;
                let a = self.search_key()?;
                self.sp("SP and the second key of OR")?;
                let b = self.search_key()?;
                self.leave();
                K::Or(Box::new(a), Box::new(b))
            }
            KeyName::Recent => K::Recent,
            KeyName::Seen => K::Seen,
            KeyName::Sentbefore => K::SentBefore(self.arg_date()?),
            KeyName::Senton => K::SentOn(self.arg_date()?),
            KeyName::Sentsince => K::SentSince(self.arg_date()?),
            KeyName::Since => K::Since(self.arg_date()?),
            KeyName::Smaller => K::Smaller(self.arg().and_then(|()| self.number64_value())?),
            KeyName::Subject => K::Subject(self.arg_astring()?),
            KeyName::Text => K::Text(self.arg_astring()?),
            KeyName::To => K::To(self.arg_astring()?),
            KeyName::Uid => K::Uid(self.arg().and_then(|()| self.sequence_set())?),
            KeyName::Unanswered => K::Unanswered,
            KeyName::Undeleted => K::Undeleted,
            KeyName::Undraft => K::Undraft,
            KeyName::Unflagged => K::Unflagged,
            KeyName::Unkeyword => K::Unkeyword(self.arg_keyword()?),
            KeyName::Unseen => K::Unseen,
            KeyName::Modseq => self.modseq_rest()?,
            KeyName::Older => K::Older(self.arg().and_then(|()| self.nz_number())?),
            KeyName::Younger => K::Younger(self.arg().and_then(|()| self.nz_number())?),
            KeyName::Savedbefore => K::SavedBefore(self.arg_date()?),
            KeyName::Savedon => K::SavedOn(self.arg_date()?),
            KeyName::Savedsince => K::SavedSince(self.arg_date()?),
            KeyName::Savedatesupported => K::SaveDateSupported,
            KeyName::Emailid => K::EmailId(self.arg().and_then(|()| self.objectid())?),
            KeyName::Threadid => K::ThreadId(self.arg().and_then(|()| self.objectid())?),
            KeyName::Fuzzy => K::Fuzzy(Box::new(self.nested_key()?)),
            KeyName::XGmRaw => K::GmailRaw(self.arg_astring()?),
            KeyName::XGmMsgid => K::GmailMsgId(self.arg().and_then(|()| self.number_u64())?),
            KeyName::XGmThrid => K::GmailThrId(self.arg().and_then(|()| self.number_u64())?),
            KeyName::XGmLabels => K::GmailLabels(self.arg_astring()?),
        })
    }

    /// The SP before a key's argument.
    #[inline]
    fn arg(&mut self) -> Result<(), Error> {
        self.sp("SP and the search key's argument")
    }

    /// SP astring.
    fn arg_astring(&mut self) -> Result<crate::types::core::IString<'a>, Error> {
        self.arg()?;
        self.astring()
    }

    /// SP date.
    fn arg_date(&mut self) -> Result<crate::types::core::Date, Error> {
        self.arg()?;
        self.date()
    }

    /// SP `flag-keyword` (an atom).
    fn arg_keyword(&mut self) -> Result<Atom<'a>, Error> {
        self.arg()?;
        self.run(ATOM, "keyword").map(Atom::from_valid)
    }

    /// SP search-key, one level deeper (`NOT`, `FUZZY`).
    fn nested_key(&mut self) -> Result<SearchKey<'a>, Error> {
        self.arg()?;
        self.enter()?;
        let k = self.search_key()?;
        self.leave();
        Ok(k)
    }

    /// RFC 7162 §7 after `MODSEQ`: `[SP entry-name SP entry-type-req] SP
    /// mod-sequence-valzer`, `entry-name = DQUOTE "/flags/" attr-flag DQUOTE`,
    /// `entry-type-req = "priv" / "shared" / "all"`, `mod-sequence-valzer = "0" /
    /// mod-sequence-value` (a 63-bit number).
    fn modseq_rest(&mut self) -> Result<SearchKey<'a>, Error> {
        self.arg()?;
        let entry = if self.peek() == Some(b'"') {
            let flag = self.entry_flag_name()?;
            self.sp("SP and priv, shared or all")?;
            let at = self.pos;
            let entry_type = if self.eat_word(b"PRIV") {
                EntryType::Private
            } else if self.eat_word(b"SHARED") {
                EntryType::Shared
            } else if self.eat_word(b"ALL") {
                EntryType::All
            } else {
                return Err(Error::expected(at, "priv, shared or all"));
            };
            self.sp("SP and the mod-sequence")?;
            Some(ModSeqEntry { flag, entry_type })
        } else {
            None
        };
        let modseq = self.number64_value()?;
        Ok(SearchKey::ModSeq { entry, modseq })
    }

    /// `DQUOTE "/flags/" attr-flag DQUOTE` (quoted-string escapes: `\\` for a backslash).
    fn entry_flag_name(&mut self) -> Result<Flag<'a>, Error> {
        let start = self.pos + 1;
        let v = self.quoted()?;
        const PREFIX: &[u8] = b"/flags/";
        let bad = |p: usize| Error::expected(start + p, "\"/flags/\" and a flag");
        if v.len() <= PREFIX.len() || !v[..PREFIX.len()].eq_ignore_ascii_case(PREFIX) {
            return Err(bad(0));
        }
        let flag = &v[PREFIX.len()..];
        let text = std::str::from_utf8(flag).map_err(|_| bad(PREFIX.len()))?;
        let parsed = Flag::from_wire(text).map_err(|e| bad(PREFIX.len() + e.offset))?;
        // The flag is in a quoted string, borrowed only when it had no escapes.
        Ok(parsed.into_owned())
    }

    /// `1*DIGIT` as an unsigned 64-bit number (Gmail's ids), checked.
    pub(crate) fn number_u64(&mut self) -> Result<u64, Error> {
        let start = self.pos;
        let digits = self.run(DIGIT, "number")?;
        digits
            .iter()
            .try_fold(0u64, |v, &d| {
                v.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            })
            .ok_or(Error::new(start, ErrorKind::NumberOverflow))
    }

    /// `search-key *(SP search-key)` up to the line end (not consumed): at least one.
    pub(crate) fn search_keys(&mut self) -> Result<NonEmpty<SearchKey<'a>>, Error> {
        let mut keys = Vec::new();
        loop {
            keys.push(self.search_key()?);
            self.count(keys.len(), "search keys")?;
            if self.at_line_end() {
                return Ok(NonEmpty::from_vec(keys));
            }
            self.sp("SP between search keys")?;
            if self.lenient() && self.at_line_end() {
                return Ok(NonEmpty::from_vec(keys));
            }
        }
    }

    /// RFC 9051 §9 `search-return-opts` after `RETURN SP`: `"(" [search-return-opt *(SP
    /// search-return-opt)] ")"`, `search-return-opt = "MIN" / "MAX" / "ALL" / "COUNT" /
    /// "SAVE" / search-ret-opt-ext`, `search-ret-opt-ext = search-modifier-name [SP
    /// search-mod-params]`; RFC 5267 `"CONTEXT"` / `"UPDATE"`; RFC 9394 `"PARTIAL" SP
    /// partial-range`. Other options keep their name and parameters as sent.
    pub(crate) fn return_opts(&mut self) -> Result<Vec<SearchReturnOpt<'a>>, Error> {
        self.paren_list("search return options", Cursor::return_opt)
    }

    /// One `search-return-opt`.
    fn return_opt(&mut self) -> Result<SearchReturnOpt<'a>, Error> {
        let start = self.pos;
        match self.peek() {
            Some(c) if is_label_first(c) => {}
            _ => return Err(self.error("search return option")),
        }
        let n = self
            .rest()
            .iter()
            .position(|&c| !is_label_char(c))
            .unwrap_or(self.rest().len());
        self.pos += n;
        let name = &self.b[start..self.pos];
        if name.eq_ignore_ascii_case(b"PARTIAL") {
            self.sp("SP and a partial range")?;
            return self.partial_range().map(SearchReturnOpt::Partial);
        }
        // Parameters: a tagged-ext-val, which never starts like a label.
        let has_args = self.peek() == Some(b' ')
            && matches!(
                self.b.get(self.pos + 1),
                Some(b'0'..=b'9' | b'*' | b'$' | b'(')
            );
        if !has_args {
            const TYPED: [(&[u8], SearchReturnOpt<'static>); 7] = [
                (b"MIN", SearchReturnOpt::Min),
                (b"MAX", SearchReturnOpt::Max),
                (b"ALL", SearchReturnOpt::All),
                (b"COUNT", SearchReturnOpt::Count),
                (b"SAVE", SearchReturnOpt::Save),
                (b"CONTEXT", SearchReturnOpt::Context),
                (b"UPDATE", SearchReturnOpt::Update),
            ];
            for (n, v) in TYPED {
                if name.eq_ignore_ascii_case(n) {
                    return Ok(v);
                }
            }
            return Ok(SearchReturnOpt::Other(ReturnOptOther::from_valid(
                ascii(name),
                None,
            )));
        }
        self.pos += 1;
        let args = self.ext_value()?;
        debug_assert!(!is_typed_return_opt(name, true) || name.eq_ignore_ascii_case(b"PARTIAL"));
        Ok(SearchReturnOpt::Other(ReturnOptOther::from_valid(
            ascii(name),
            Some(args),
        )))
    }

    /// RFC 9394 §4 `partial-range = partial-range-first / partial-range-last`,
    /// `partial-range-first = nz-number ":" nz-number`, `partial-range-last = MINUS
    /// nz-number ":" MINUS nz-number`.
    fn partial_range(&mut self) -> Result<PartialRange, Error> {
        let last = self.eat(b'-');
        let a = self.nz_number()?;
        self.expect(b':', ": in a partial range")?;
        if last {
            self.expect(b'-', "- of the second number of a partial range")?;
        }
        let b: NonZeroU32 = self.nz_number()?;
        Ok(if last {
            PartialRange::Last(a, b)
        } else {
            PartialRange::First(a, b)
        })
    }

    /// RFC 4466 §2.1 `tagged-ext-val`, as raw bytes ([`Cursor::ext_value_span`]). The
    /// parenthesized form is read as balanced parentheses around anything but CR, LF and
    /// NUL (RFC 5465's `UPDATE (UID BODY[HEADER.FIELDS (TO FROM SUBJECT)])` puts `]` after
    /// a `)`, which `tagged-ext-comp` does not allow).
    pub(crate) fn ext_value(&mut self) -> Result<&'a [u8], Error> {
        let start = self.pos;
        self.ext_value_span()?;
        Ok(&self.b[start..self.pos])
    }

    /// RFC 9051 §9 `search = "SEARCH" [search-return-opts] SP search-program` after
    /// `SEARCH SP`: `["RETURN" SP "(" … ")" SP] ["CHARSET" SP charset SP] search-key
    /// *(SP search-key)`, up to the line end (not consumed).
    pub(crate) fn search_command(&mut self) -> Result<SearchCommand<'a>, Error> {
        let ret = self.opt_return()?;
        let charset = if self.eat_word(b"CHARSET") {
            self.sp("SP and a charset")?;
            let cs = self.charset()?;
            self.sp("SP and the search keys")?;
            Some(cs)
        } else {
            None
        };
        let keys = self.search_keys()?;
        Ok(SearchCommand { ret, charset, keys })
    }

    /// `"RETURN" SP "(" … ")" SP`, if it is next.
    fn opt_return(&mut self) -> Result<Option<Vec<SearchReturnOpt<'a>>>, Error> {
        if !self.eat_word(b"RETURN") {
            return Ok(None);
        }
        self.sp("SP and ( after RETURN")?;
        let r = self.return_opts()?;
        self.sp("SP after the return options")?;
        Ok(Some(r))
    }

    /// RFC 5256 §5 `sort = ["UID" SP] "SORT" SP sort-criteria SP search-criteria` and
    /// RFC 5267 §5 `extended-sort = ["UID" SP] "SORT" search-return-opts SP sort-criteria
    /// SP search-criteria`, after `SORT SP`; `sort-criteria = "(" sort-criterion *(SP
    /// sort-criterion) ")"`, `sort-criterion = ["REVERSE" SP] sort-key`, `search-criteria =
    /// charset 1*(SP search-key)`. Up to the line end (not consumed).
    pub(crate) fn sort_command(&mut self) -> Result<SortCommand<'a>, Error> {
        let ret = self.opt_return()?;
        self.expect(b'(', "( and the sort criteria")?;
        let mut criteria = Vec::new();
        loop {
            let reverse = self.eat_word(b"REVERSE");
            if reverse {
                self.sp("SP and a sort key after REVERSE")?;
            }
            let key = self.sort_key()?;
            criteria.push(SortCriterion { reverse, key });
            self.count(criteria.len(), "sort criteria")?;
            if self.eat(b')') {
                break;
            }
            self.sp("SP or ) after a sort criterion")?;
        }
        self.sp("SP and a charset")?;
        let charset = self.charset()?;
        self.sp("SP and the search keys")?;
        let keys = self.search_keys()?;
        Ok(SortCommand {
            ret,
            criteria: SortCriteria::from_valid(criteria),
            charset,
            keys,
        })
    }

    /// RFC 5256 §5 `sort-key = "ARRIVAL" / "CC" / "DATE" / "FROM" / "SIZE" / "SUBJECT" /
    /// "TO"`, RFC 5957 §5 `sort-key =/ "DISPLAYFROM" / "DISPLAYTO"`, RFC 6203 §7 `sort-key
    /// =/ "RELEVANCY"`.
    fn sort_key(&mut self) -> Result<SortKey, Error> {
        const KEYS: [(&[u8], SortKey); 10] = [
            (b"ARRIVAL", SortKey::Arrival),
            (b"CC", SortKey::Cc),
            (b"DATE", SortKey::Date),
            (b"FROM", SortKey::From),
            (b"SIZE", SortKey::Size),
            (b"SUBJECT", SortKey::Subject),
            (b"TO", SortKey::To),
            (b"DISPLAYFROM", SortKey::DisplayFrom),
            (b"DISPLAYTO", SortKey::DisplayTo),
            (b"RELEVANCY", SortKey::Relevancy),
        ];
        for (n, k) in KEYS {
            if self.eat_word(n) {
                return Ok(k);
            }
        }
        Err(self.error("sort key"))
    }

    /// RFC 5256 §5 `thread = ["UID" SP] "THREAD" SP thread-alg SP search-criteria` after
    /// `THREAD SP`; `thread-alg = "ORDEREDSUBJECT" / "REFERENCES" / thread-alg-ext`,
    /// `thread-alg-ext = atom`. Up to the line end (not consumed).
    pub(crate) fn thread_command(&mut self) -> Result<ThreadCommand<'a>, Error> {
        let alg = self
            .run(ATOM, "atom")
            .map_err(|e| Error::expected(e.offset, "threading algorithm"))?;
        let algorithm = ThreadAlgorithm::from_atom(Atom::from_valid(alg));
        self.sp("SP and a charset")?;
        let charset = self.charset()?;
        self.sp("SP and the search keys")?;
        let keys = self.search_keys()?;
        Ok(ThreadCommand {
            algorithm,
            charset,
            keys,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::ParserOptions;
    use crate::types::core::{Date, IString, SequenceSet};

    /// Parses `args` (without CRLF) with `f`, then requires the CRLF.
    fn parse<'a, T>(
        args: &'a [u8],
        opts: &ParserOptions,
        f: impl FnOnce(&mut Cursor<'a>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut c = Cursor::new(args, opts);
        let v = f(&mut c)?;
        c.crlf()?;
        Ok(v)
    }

    fn s(v: &str) -> IString<'_> {
        IString::try_from(v).unwrap()
    }

    #[test]
    fn keys_dispatch_on_their_first_byte() {
        let o = ParserOptions::default();
        // RFC 9051 §6.4.4: "DELETED FROM "SMITH" SINCE 1-Feb-1994".
        let k = parse(b"(DELETED FROM \"SMITH\" SINCE 1-Feb-1994)\r\n", &o, |c| {
            c.search_key()
        })
        .unwrap();
        assert_eq!(
            k,
            SearchKey::And(NonEmpty::from_vec(vec![
                SearchKey::Deleted,
                SearchKey::From(s("SMITH")),
                SearchKey::Since(Date::new(1994, 2, 1).unwrap()),
            ]))
        );
        // "$" stands alone (RFC 5182): after "," it is no seq-number.
        let k = parse(b"2:4,$\r\n", &o, |c| c.search_key());
        assert_eq!(k.unwrap_err().offset, 4);
        let k = parse(b"$\r\n", &o, |c| c.search_key()).unwrap();
        assert_eq!(k, SearchKey::SequenceSet(SequenceSet::saved_result()));
        // Case-insensitive names; the name ends where atom characters end.
        assert_eq!(
            parse(b"uNsEeN\r\n", &o, |c| c.search_key()).unwrap(),
            SearchKey::Unseen
        );
        let e = parse(b"UNSEENX\r\n", &o, |c| c.search_key()).unwrap_err();
        assert_eq!(e.offset, 0);
    }

    #[test]
    fn strings_borrow_the_input() {
        let o = ParserOptions::default();
        let b = b"FROM {3}\r\nabc\r\n";
        let k = parse(b, &o, |c| c.search_key()).unwrap();
        let SearchKey::From(v) = &k else {
            panic!("{k:?}")
        };
        // The literal's data is the slice of the input, not a copy.
        assert_eq!(v.as_bytes().as_ptr(), b[10..].as_ptr());
    }

    #[test]
    fn return_options() {
        let o = ParserOptions::default();
        let r = parse(
            b"(MIN PARTIAL -1:-100 X-FOO (a (b) \"c)\") COUNT)\r\n",
            &o,
            |c| c.return_opts(),
        )
        .unwrap();
        let n = |v| NonZeroU32::new(v).unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(
            r[1],
            SearchReturnOpt::Partial(PartialRange::Last(n(1), n(100)))
        );
        match &r[2] {
            SearchReturnOpt::Other(o) => {
                assert_eq!(o.name(), "X-FOO");
                assert_eq!(o.args(), Some(&b"(a (b) \"c)\")"[..]));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(r[3], SearchReturnOpt::Count);
        // Mixed signs are not a partial range (RFC 9394 §4).
        assert!(parse(b"(PARTIAL -1:5)\r\n", &o, |c| c.return_opts()).is_err());
        // The raw scanner keeps the depth counter balanced.
        let mut c = Cursor::new(b"((a))", &o);
        c.ext_value().unwrap();
        assert_eq!(c.depth, 0);
    }
}
