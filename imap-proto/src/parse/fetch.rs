//! Parsers for what a FETCH command asks for: `fetch-att`, sections, partial ranges
//! (RFC 9051 §9, RFC 3501 §9, RFC 3516, RFC 7162, RFC 8474, RFC 8514, RFC 8970).

use std::borrow::Cow;
use std::num::NonZeroU32;

use crate::error::Error;
use crate::parse::chars::{self, ATOM};
use crate::parse::core::Cursor;
use crate::types::command::OptionValue;
use crate::types::core::{Atom, NonEmpty, Number64, NzNumber64};
use crate::types::fetch::{
    FetchAttr, FetchData, FetchItem, FetchItems, FetchValue, GmLabel, MessageData, Partial,
    Section, SectionText,
};

impl<'a> Cursor<'a> {
    /// Consumes `word` in any ASCII case if the input starts with it (no boundary check).
    #[inline]
    pub(crate) fn eat_prefix(&mut self, word: &[u8]) -> bool {
        let end = self.pos + word.len();
        match self.b.get(self.pos..end) {
            Some(w) if w.eq_ignore_ascii_case(word) => {
                self.pos = end;
                true
            }
            _ => false,
        }
    }

    /// True when the next byte cannot continue an atom (the word just read ended).
    #[inline]
    fn at_word_end(&self) -> bool {
        !self.peek().is_some_and(|c| chars::is(c, ATOM))
    }

    /// The FETCH item argument: `"ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att
    /// *(SP fetch-att) ")"` (RFC 9051 §9 `fetch`).
    pub(crate) fn fetch_items(&mut self) -> Result<FetchItems<'a>, Error> {
        if self.peek() == Some(b'(') {
            let items =
                self.paren_list_into("fetch item", |c, out| c.fetch_attr_with(|a| out.push(a)))?;
            let Some(items) = NonEmpty::new(items) else {
                return Err(Error::expected(self.pos - 1, "fetch item"));
            };
            return Ok(FetchItems::List(items));
        }
        if self.eat_word(b"ALL") {
            Ok(FetchItems::All)
        } else if self.eat_word(b"FAST") {
            Ok(FetchItems::Fast)
        } else if self.eat_word(b"FULL") {
            Ok(FetchItems::Full)
        } else {
            self.fetch_attr().map(FetchItems::One)
        }
    }

    /// RFC 9051 §9 `fetch-att` and the extensions' items:
    ///
    /// ```text
    /// fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822" [".HEADER" / ".SIZE" / ".TEXT"]
    ///           / "BODY" ["STRUCTURE"] / "UID" / "BODY" section [partial]
    ///           / "BODY.PEEK" section [partial] / "BINARY" [".PEEK"] section-binary [partial]
    ///           / "BINARY.SIZE" section-binary
    ///           / "MODSEQ" / "EMAILID" / "THREADID" / "SAVEDATE" / "PREVIEW" [SP "(LAZY)"]
    ///           / "X-GM-MSGID" / "X-GM-THRID" / "X-GM-LABELS"
    /// ```
    ///
    /// Any other atom is kept as [`FetchAttr::Other`], with a parenthesized argument list
    /// when one follows after a space (no known item starts with `(`, so it cannot be the
    /// next item).
    pub(crate) fn fetch_attr(&mut self) -> Result<FetchAttr<'a>, Error> {
        self.fetch_attr_with(|a| a)
    }

    /// [`Cursor::fetch_attr`], handing the item to `put`: with `put` pushing onto a list,
    /// the item is built in its slot rather than aside and then copied (the copy stalled
    /// on reading back what had just been written: 17 % of a UID FETCH command).
    #[inline(always)]
    pub(crate) fn fetch_attr_with<R>(
        &mut self,
        put: impl FnOnce(FetchAttr<'a>) -> R,
    ) -> Result<R, Error> {
        let start = self.pos;
        // The known names: no table of values to clone (a clone and its copy cost 9 %).
        let a = match self.peek().map(|c| c.to_ascii_uppercase()) {
            Some(b'B') => return self.fetch_attr_b(start, put),
            Some(b'E') if self.eat_word(b"ENVELOPE") => FetchAttr::Envelope,
            Some(b'E') if self.eat_word(b"EMAILID") => FetchAttr::EmailId,
            Some(b'F') if self.eat_word(b"FLAGS") => FetchAttr::Flags,
            Some(b'I') if self.eat_word(b"INTERNALDATE") => FetchAttr::InternalDate,
            Some(b'M') if self.eat_word(b"MODSEQ") => FetchAttr::ModSeq,
            Some(b'P') if self.eat_word(b"PREVIEW") => {
                let save = self.pos;
                let lazy = self.eat(b' ') && self.eat_prefix(b"(LAZY)");
                if !lazy {
                    self.pos = save;
                }
                FetchAttr::Preview { lazy }
            }
            Some(b'R') if self.eat_word(b"RFC822.HEADER") => FetchAttr::Rfc822Header,
            Some(b'R') if self.eat_word(b"RFC822.SIZE") => FetchAttr::Rfc822Size,
            Some(b'R') if self.eat_word(b"RFC822.TEXT") => FetchAttr::Rfc822Text,
            Some(b'R') if self.eat_word(b"RFC822") => FetchAttr::Rfc822,
            Some(b'S') if self.eat_word(b"SAVEDATE") => FetchAttr::SaveDate,
            Some(b'T') if self.eat_word(b"THREADID") => FetchAttr::ThreadId,
            Some(b'U') if self.eat_word(b"UID") => FetchAttr::Uid,
            Some(b'X') if self.eat_word(b"X-GM-MSGID") => FetchAttr::GmMsgId,
            Some(b'X') if self.eat_word(b"X-GM-THRID") => FetchAttr::GmThrId,
            Some(b'X') if self.eat_word(b"X-GM-LABELS") => FetchAttr::GmLabels,
            _ => return self.other_fetch_attr(put),
        };
        Ok(put(a))
    }

    /// The items starting with `B`: `BODY`, `BODYSTRUCTURE`, `BODY[`, `BODY.PEEK[`,
    /// `BINARY[`, `BINARY.PEEK[`, `BINARY.SIZE[`; an unknown item from `start` when none
    /// matches.
    fn fetch_attr_b<R>(
        &mut self,
        start: usize,
        put: impl FnOnce(FetchAttr<'a>) -> R,
    ) -> Result<R, Error> {
        if self.eat_prefix(b"BODY") {
            if self.eat_prefix(b"STRUCTURE") {
                if self.at_word_end() {
                    return Ok(put(FetchAttr::BodyStructure));
                }
            } else {
                let peek = self.eat_prefix(b".PEEK");
                if self.peek() == Some(b'[') {
                    let section = self.section()?;
                    let partial = self.partial()?;
                    return Ok(put(FetchAttr::BodySection {
                        peek,
                        section,
                        partial,
                    }));
                }
                if !peek && self.at_word_end() {
                    return Ok(put(FetchAttr::Body));
                }
            }
        } else if self.eat_prefix(b"BINARY") {
            if self.eat_prefix(b".SIZE") {
                let part = self.section_binary()?;
                return Ok(put(FetchAttr::BinarySize { part }));
            }
            let peek = self.eat_prefix(b".PEEK");
            if self.peek() == Some(b'[') {
                let part = self.section_binary()?;
                let partial = self.partial()?;
                return Ok(put(FetchAttr::Binary {
                    peek,
                    part,
                    partial,
                }));
            }
        }
        self.pos = start;
        self.other_fetch_attr(put)
    }

    /// An unknown item: `atom` (which may include `[`, `.`, `<`, `>`, but not `]`: the name
    /// is an [`Atom`]), then optionally SP and a balanced parenthesized list, kept raw.
    fn other_fetch_attr<R>(&mut self, put: impl FnOnce(FetchAttr<'a>) -> R) -> Result<R, Error> {
        let start = self.pos;
        self.run(ATOM, "fetch item")?;
        let name = Atom::from_valid(&self.b[start..self.pos]);
        let save = self.pos;
        let args = if self.eat(b' ') && self.peek() == Some(b'(') {
            let a = self.pos;
            self.skip_parens()?;
            Some(OptionValue::from_valid(&self.b[a..self.pos]))
        } else {
            self.pos = save;
            None
        };
        Ok(put(FetchAttr::Other { name, args }))
    }

    /// RFC 9051 §9 `section = "[" [section-spec] "]"`,
    /// `section-spec = section-msgtext / (section-part ["." section-text])`,
    /// `section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"`,
    /// `section-text = section-msgtext / "MIME"`, `section-part = nz-number *("." nz-number)`.
    pub(crate) fn section(&mut self) -> Result<Section<'a>, Error> {
        self.expect(b'[', "[")?;
        let mut part = Vec::new();
        let mut text = None;
        if self.peek().is_some_and(|c| c.is_ascii_digit()) {
            loop {
                part.push(self.nz_number()?);
                self.count(part.len(), "section part numbers")?;
                if !self.eat(b'.') {
                    break;
                }
                if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    text = Some(self.section_text(true)?);
                    break;
                }
            }
        } else if self.peek() != Some(b']') {
            text = Some(self.section_text(false)?);
        }
        self.expect(b']', "] closing a section")?;
        Ok(Section { part, text })
    }

    /// `section-text` (`mime` allowed after a part number) / `section-msgtext`.
    fn section_text(&mut self, mime: bool) -> Result<SectionText<'a>, Error> {
        if self.eat_prefix(b"HEADER.FIELDS") {
            let not = self.eat_prefix(b".NOT");
            self.expect(b' ', "SP before a header list")?;
            let fields = self.paren_list("header field name", Self::astring)?;
            let Some(fields) = NonEmpty::new(fields) else {
                return Err(Error::expected(self.pos - 1, "header field name"));
            };
            return Ok(if not {
                SectionText::HeaderFieldsNot(fields)
            } else {
                SectionText::HeaderFields(fields)
            });
        }
        if self.eat_prefix(b"HEADER") {
            return Ok(SectionText::Header);
        }
        if self.eat_prefix(b"TEXT") {
            return Ok(SectionText::Text);
        }
        if mime && self.eat_prefix(b"MIME") {
            return Ok(SectionText::Mime);
        }
        Err(self.error(if mime {
            "HEADER, HEADER.FIELDS, TEXT or MIME"
        } else {
            "part number, HEADER, HEADER.FIELDS or TEXT"
        }))
    }

    /// RFC 3516 `section-binary = "[" [section-part] "]"`.
    pub(crate) fn section_binary(&mut self) -> Result<Vec<NonZeroU32>, Error> {
        self.expect(b'[', "[")?;
        let mut part = Vec::new();
        if self.peek() != Some(b']') {
            loop {
                part.push(self.nz_number()?);
                self.count(part.len(), "section part numbers")?;
                if !self.eat(b'.') {
                    break;
                }
            }
        }
        self.expect(b']', "] closing a binary section")?;
        Ok(part)
    }

    /// RFC 9051 §9 `partial = "<" number64 "." nz-number64 ">"` (RFC 3501: 32-bit numbers;
    /// the wider form accepts both), when next.
    pub(crate) fn partial(&mut self) -> Result<Option<Partial>, Error> {
        if !self.eat(b'<') {
            return Ok(None);
        }
        let offset = self.number64_value()?;
        self.expect(b'.', ". in a partial range")?;
        let at = self.pos;
        let length =
            NzNumber64::new(self.number64()?).ok_or(Error::expected(at, "non-zero octet count"))?;
        self.expect(b'>', "> closing a partial range")?;
        Ok(Some(Partial { offset, length }))
    }
}

/// What follows a FETCH response item's name.
impl<'a> Cursor<'a> {
    /// `name SP` in any case for the name, if next.
    #[inline(always)]
    fn eat_item(&mut self, name: &[u8]) -> bool {
        let end = self.pos + name.len();
        match self.b.get(self.pos..=end) {
            Some([w @ .., b' ']) if w.eq_ignore_ascii_case(name) => {
                self.pos = end + 1;
                if self.lenient() {
                    while self.eat(b' ') {}
                }
                true
            }
            _ => false,
        }
    }

    /// `msg-att` after `nz-number SP "FETCH" SP` (RFC 9051 §7.5.2):
    /// `"(" (msg-att-dynamic / msg-att-static) *(SP (msg-att-dynamic / msg-att-static)) ")"`.
    /// Lenient: spaces after `(` and before `)`, and doubled between items (deployed
    /// servers pad FETCH data).
    pub(crate) fn fetch_data(&mut self, seq: NonZeroU32) -> Result<FetchData<'a>, Error> {
        self.expect(b'(', "( starting FETCH data")?;
        if self.lenient() {
            while self.eat(b' ') {}
        }
        let mut items = Vec::with_capacity(4);
        loop {
            self.fetch_item(&mut items)?;
            if self.eat(b')') {
                break;
            }
            self.count(items.len() + 1, "FETCH items")?;
            self.sp("SP or ) after a FETCH item")?;
            if self.lenient() && self.eat(b')') {
                break;
            }
        }
        // The loop pushed at least one item; the list moves into place as it is.
        Ok(FetchData {
            seq,
            items: NonEmpty::from_vec(items),
        })
    }

    /// One `msg-att-dynamic / msg-att-static` item, or an unknown one, pushed onto `out`.
    ///
    /// The items of a FETCH stream (UID, FLAGS, MODSEQ) are built in their place in the
    /// list: an item is 96 bytes, and building it aside and then copying it in cost more
    /// than reading it.
    fn fetch_item(&mut self, out: &mut Vec<FetchItem<'a>>) -> Result<(), Error> {
        match self.peek().map(|c| c.to_ascii_uppercase()) {
            Some(b'U') if self.eat_item(b"UID") => out.push(FetchItem::Uid(self.nz_number()?)),
            Some(b'F') if self.eat_item(b"FLAGS") => {
                let flags = self.paren_list_into("flag", Self::flag_fetch)?;
                out.push(FetchItem::Flags(flags));
            }
            Some(b'M') if self.eat_item(b"MODSEQ") => {
                // RFC 7162 §7: "MODSEQ" SP "(" permsg-modsequence ")"
                self.expect(b'(', "( before a mod-sequence")?;
                let m = self.number64_value()?;
                self.expect(b')', ") after a mod-sequence")?;
                out.push(FetchItem::ModSeq(m));
            }
            _ => out.push(self.other_items()?),
        }
        Ok(())
    }

    /// [`Cursor::fetch_item`] for the items other than UID, FLAGS and MODSEQ.
    fn other_items(&mut self) -> Result<FetchItem<'a>, Error> {
        let item = match self.peek().map(|c| c.to_ascii_uppercase()) {
            Some(b'B') => return self.fetch_item_b(),
            Some(b'E') if self.eat_item(b"ENVELOPE") => {
                FetchItem::Envelope(Box::new(self.envelope()?))
            }
            Some(b'E') if self.eat_item(b"EMAILID") => {
                self.expect(b'(', "( before an objectid")?;
                let id = self.objectid()?;
                self.expect(b')', ") after an objectid")?;
                FetchItem::EmailId(id)
            }
            Some(b'I') if self.eat_item(b"INTERNALDATE") => {
                FetchItem::InternalDate(self.date_time()?)
            }
            Some(b'R') if self.eat_item(b"RFC822.SIZE") => {
                FetchItem::Rfc822Size(self.number64_value()?)
            }
            Some(b'R') if self.eat_item(b"RFC822.HEADER") => {
                FetchItem::Rfc822Header(self.message_data(false)?)
            }
            Some(b'R') if self.eat_item(b"RFC822.TEXT") => {
                FetchItem::Rfc822Text(self.message_data(false)?)
            }
            Some(b'R') if self.eat_item(b"RFC822") => FetchItem::Rfc822(self.message_data(false)?),
            Some(b'T') if self.eat_item(b"THREADID") => {
                // RFC 8474 §7: "THREADID" SP ( "(" objectid ")" / nil )
                if self.eat_word(b"NIL") {
                    FetchItem::ThreadId(None)
                } else {
                    self.expect(b'(', "( or NIL after THREADID")?;
                    let id = self.objectid()?;
                    self.expect(b')', ") after an objectid")?;
                    FetchItem::ThreadId(Some(id))
                }
            }
            Some(b'S') if self.eat_item(b"SAVEDATE") => {
                FetchItem::SaveDate(if self.eat_word(b"NIL") {
                    None
                } else {
                    Some(self.date_time()?)
                })
            }
            Some(b'P') if self.eat_item(b"PREVIEW") => FetchItem::Preview(self.nstring()?),
            Some(b'X') if self.eat_item(b"X-GM-MSGID") => FetchItem::GmMsgId(self.number_u64()?),
            Some(b'X') if self.eat_item(b"X-GM-THRID") => FetchItem::GmThrId(self.number_u64()?),
            Some(b'X') if self.eat_item(b"X-GM-LABELS") => {
                FetchItem::GmLabels(self.paren_list("label", Self::gm_label)?)
            }
            _ => return self.other_fetch_item(),
        };
        Ok(item)
    }

    /// Items starting with `B`.
    fn fetch_item_b(&mut self) -> Result<FetchItem<'a>, Error> {
        if self.eat_prefix(b"BODY[") {
            self.pos -= 1;
            let section = self.section()?;
            let origin = self.origin()?;
            self.sp("SP before section data")?;
            let data = self.message_data(false)?;
            return Ok(FetchItem::BodySection {
                section,
                origin,
                data,
            });
        }
        if self.eat_item(b"BODYSTRUCTURE") {
            return self.body_with(|b| FetchItem::BodyStructure(Box::new(b)));
        }
        if self.eat_item(b"BODY") {
            return self.body_with(|b| FetchItem::Body(Box::new(b)));
        }
        if self.eat_prefix(b"BINARY.SIZE[") {
            self.pos -= 1;
            let part = self.section_binary()?;
            self.sp("SP before a size")?;
            let size = self.number64_value()?;
            return Ok(FetchItem::BinarySize { part, size });
        }
        if self.eat_prefix(b"BINARY[") {
            self.pos -= 1;
            let part = self.section_binary()?;
            let origin = self.origin()?;
            self.sp("SP before binary data")?;
            let data = self.message_data(true)?;
            return Ok(FetchItem::Binary { part, origin, data });
        }
        self.other_fetch_item()
    }

    /// `["<" number ">"]`: the origin octet of a partial response (read as `number64`, as
    /// RFC 9051 widened partial fetches).
    fn origin(&mut self) -> Result<Option<Number64>, Error> {
        if !self.eat(b'<') {
            return Ok(None);
        }
        let o = self.number64_value()?;
        self.expect(b'>', "> after an origin octet")?;
        Ok(Some(o))
    }

    /// `nstring` (and `literal8` where `eight`) as [`MessageData`]: literal data is
    /// sliced, never scanned.
    fn message_data(&mut self, eight: bool) -> Result<MessageData<'a>, Error> {
        match self.peek() {
            Some(b'{') => Ok(Some(Cow::Borrowed(self.literal_unscanned()?))),
            Some(b'~') if eight => Ok(Some(self.literal8()?.0)),
            Some(b'"') => self.quoted().map(Some),
            _ if self.eat_word(b"NIL") => Ok(None),
            _ => Err(self.error(if eight {
                "string, literal8 or NIL"
            } else {
                "string or NIL"
            })),
        }
    }

    /// A Gmail label: `"\" atom` or `astring`.
    pub(crate) fn gm_label(&mut self) -> Result<GmLabel<'a>, Error> {
        if self.eat(b'\\') {
            return self
                .run(ATOM, "atom")
                .map(|a| GmLabel::System(Atom::from_valid(a)));
        }
        self.astring().map(GmLabel::Name)
    }

    /// An unknown item: a name as in [`Cursor::fetch_attr`]'s unknown items, SP, and one
    /// value kept raw: a parenthesized list (nesting limited), a quoted string, a literal
    /// or literal8, or an atom / number / NIL.
    fn other_fetch_item(&mut self) -> Result<FetchItem<'a>, Error> {
        let start = self.pos;
        self.run(ATOM, "FETCH item")?;
        let name = Atom::from_valid(&self.b[start..self.pos]);
        self.sp("SP after a FETCH item name")?;
        let v = self.pos;
        self.other_fetch_value()?;
        Ok(FetchItem::Other {
            name,
            value: FetchValue::from_valid(&self.b[v..self.pos]),
        })
    }

    /// The value of an unknown FETCH item, skipped: a parenthesized list (nesting
    /// limited), a quoted string, a literal or literal8, or an atom / number / NIL.
    pub(crate) fn other_fetch_value(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'(') => self.skip_parens()?,
            Some(b'"') => {
                self.quoted()?;
            }
            Some(b'{') => {
                self.literal()?;
            }
            Some(b'~') => {
                self.literal8()?;
            }
            _ => {
                self.run(ATOM, "FETCH item value")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list the test knows is not empty.
    fn ne<T>(v: Vec<T>) -> NonEmpty<T> {
        NonEmpty::new(v).expect("a list that is not empty")
    }

    use crate::ParserOptions;
    use crate::encode::core::{EncodeOptions, Writer};
    use crate::types::core::IString;

    fn nz(v: &[u32]) -> Vec<NonZeroU32> {
        v.iter().map(|&n| NonZeroU32::new(n).unwrap()).collect()
    }

    fn s(b: &str) -> IString<'_> {
        IString::new(b.as_bytes()).unwrap()
    }

    /// Parses `input` (without CRLF) with `f`, requiring all of it to be used.
    fn parse_all<T>(
        input: &str,
        f: impl FnOnce(&mut Cursor<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let opts = ParserOptions::new();
        let msg = format!("{input}\r\n");
        let leaked: &'static str = Box::leak(msg.into_boxed_str());
        let opts: &'static ParserOptions = Box::leak(Box::new(opts));
        let mut c = Cursor::new(leaked.as_bytes(), opts);
        let v = f(&mut c)?;
        c.crlf()?;
        Ok(v)
    }

    fn items(input: &str) -> FetchItems<'static> {
        parse_all(input, |c| c.fetch_items().map(FetchItems::into_owned))
            .unwrap_or_else(|e| panic!("{input}: {e}"))
    }

    fn wire(items: &FetchItems<'_>) -> Vec<u8> {
        let mut w = Writer::new(EncodeOptions::default());
        items.write(&mut w);
        w.finish().into_bytes()
    }

    fn body(peek: bool, part: &[u32], text: Option<SectionText<'static>>) -> FetchAttr<'static> {
        FetchAttr::BodySection {
            peek,
            section: Section {
                part: nz(part),
                text,
            },
            partial: None,
        }
    }

    /// RFC 3501 §6.4.5 lists the part specifiers of a sample message; each is written here
    /// with its meaning by hand.
    #[test]
    fn rfc3501_section_examples() {
        use SectionText::{Header, Mime, Text};
        let table: &[(&str, &[u32], Option<SectionText<'static>>)] = &[
            ("HEADER", &[], Some(Header)),
            ("TEXT", &[], Some(Text)),
            ("1", &[1], None),
            ("3.HEADER", &[3], Some(Header)),
            ("3.TEXT", &[3], Some(Text)),
            ("3.1", &[3, 1], None),
            ("4.1.MIME", &[4, 1], Some(Mime)),
            ("4.2.2.1", &[4, 2, 2, 1], None),
            ("", &[], None),
        ];
        for (spec, part, text) in table {
            let got = items(&format!("BODY[{spec}]"));
            assert_eq!(
                got,
                FetchItems::One(body(false, part, text.clone())),
                "{spec}"
            );
            assert_eq!(wire(&got), format!("BODY[{spec}]").as_bytes());
        }
    }

    /// RFC 3501 §6.4.5 / RFC 9051 §6.4.5 example `FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE
    /// FROM)])`.
    #[test]
    fn rfc_fetch_example() {
        let got = items("(FLAGS BODY[HEADER.FIELDS (DATE FROM)])");
        assert_eq!(
            got,
            FetchItems::List(ne(vec![
                FetchAttr::Flags,
                body(
                    false,
                    &[],
                    Some(SectionText::HeaderFields(ne(vec![s("DATE"), s("FROM")])))
                ),
            ]))
        );
        assert_eq!(wire(&got), b"(FLAGS BODY[HEADER.FIELDS (DATE FROM)])");
    }

    /// Item lists real clients sent to Dovecot (scripts/captures/imap-*.client.txt), with
    /// the meaning of each item from RFC 9051 §6.4.5 and the extension RFCs.
    #[test]
    fn captured_client_items() {
        use FetchAttr as A;
        let p = |offset: u32, length: u64| {
            Some(Partial {
                offset: offset.into(),
                length: NzNumber64::new(length).unwrap(),
            })
        };
        let table: Vec<(&str, FetchItems<'static>)> = vec![
            (
                "(FLAGS UID RFC822.SIZE)",
                FetchItems::List(ne(vec![A::Flags, A::Uid, A::Rfc822Size])),
            ),
            ("(RFC822)", FetchItems::List(ne(vec![A::Rfc822]))),
            (
                "(RFC822.HEADER RFC822.TEXT)",
                FetchItems::List(ne(vec![A::Rfc822Header, A::Rfc822Text])),
            ),
            ("BODYSTRUCTURE", FetchItems::One(A::BodyStructure)),
            ("BODY", FetchItems::One(A::Body)),
            ("FAST", FetchItems::Fast),
            ("ALL", FetchItems::All),
            ("full", FetchItems::Full),
            (
                "(UID FLAGS MODSEQ INTERNALDATE RFC822.SIZE ENVELOPE)",
                FetchItems::List(ne(vec![
                    A::Uid,
                    A::Flags,
                    A::ModSeq,
                    A::InternalDate,
                    A::Rfc822Size,
                    A::Envelope,
                ])),
            ),
            (
                "(BINARY.SIZE[1.1] BINARY.SIZE[2])",
                FetchItems::List(ne(vec![
                    A::BinarySize { part: nz(&[1, 1]) },
                    A::BinarySize { part: nz(&[2]) },
                ])),
            ),
            (
                "(BINARY.PEEK[2]<250.10>)",
                FetchItems::List(ne(vec![A::Binary {
                    peek: true,
                    part: nz(&[2]),
                    partial: p(250, 10),
                }])),
            ),
            (
                "(BODY.PEEK[]<2000.10>)",
                FetchItems::List(ne(vec![A::BodySection {
                    peek: true,
                    section: Section::default(),
                    partial: p(2000, 10),
                }])),
            ),
            (
                "(BODY.PEEK[HEADER.FIELDS.NOT (Return-Path Received To Cc)])",
                FetchItems::List(ne(vec![body(
                    true,
                    &[],
                    Some(SectionText::HeaderFieldsNot(ne(vec![
                        s("Return-Path"),
                        s("Received"),
                        s("To"),
                        s("Cc"),
                    ]))),
                )])),
            ),
            (
                "(BODY.PEEK[1.MIME] BODY.PEEK[1.1] BODY.PEEK[1.2.MIME])",
                FetchItems::List(ne(vec![
                    body(true, &[1], Some(SectionText::Mime)),
                    body(true, &[1, 1], None),
                    body(true, &[1, 2], Some(SectionText::Mime)),
                ])),
            ),
            (
                "(MODSEQ SAVEDATE)",
                FetchItems::List(ne(vec![A::ModSeq, A::SaveDate])),
            ),
            (
                "(PREVIEW)",
                FetchItems::List(ne(vec![A::Preview { lazy: false }])),
            ),
            (
                "(PREVIEW (LAZY))",
                FetchItems::List(ne(vec![A::Preview { lazy: true }])),
            ),
            (
                "(EMAILID THREADID)",
                FetchItems::List(ne(vec![A::EmailId, A::ThreadId])),
            ),
            (
                "(UID SNIPPET (FUZZY))",
                FetchItems::List(ne(vec![
                    A::Uid,
                    A::Other {
                        name: Atom::new("SNIPPET").unwrap(),
                        args: Some(OptionValue::new(&b"(FUZZY)"[..]).unwrap()),
                    },
                ])),
            ),
            (
                "BOGUS-ITEM",
                FetchItems::One(A::Other {
                    name: Atom::new("BOGUS-ITEM").unwrap(),
                    args: None,
                }),
            ),
            (
                "(X-GM-MSGID X-GM-THRID X-GM-LABELS)",
                FetchItems::List(ne(vec![A::GmMsgId, A::GmThrId, A::GmLabels])),
            ),
        ];
        for (input, want) in table {
            let got = items(input);
            assert_eq!(got, want, "{input}");
            // Written back in the canonical (upper) case.
            assert!(
                wire(&got).eq_ignore_ascii_case(input.as_bytes()),
                "{input}: {}",
                String::from_utf8_lossy(&wire(&got))
            );
        }
    }

    /// Inputs the grammar refuses, with where the error is.
    #[test]
    fn invalid() {
        let table: &[(&str, usize)] = &[
            ("()", 1),                         // an empty list (fetch-att is 1*)
            ("BODY.PEEK[1.0]", 12),            // section-part is nz-number
            ("BODY[MIME]", 5),                 // MIME needs a part number
            ("BODY[1.FOO]", 7),                // not a section-text
            ("BODY[HEADER.FIELDS ()]", 20),    // header-list is not empty
            ("BODY[HEADER.FIELDS(DATE)]", 18), // SP before the list
            ("BODY[]<0.0>", 9),                // nz-number64 length
            ("BODY[]<5>", 8),                  // a response-side origin is not a range
            ("BINARY[TEXT]", 7),               // section-binary: part numbers only
            ("(FLAGS", 6),                     // unclosed list
            ("BODY[1", 6),                     // unclosed section
            ("X-FOO[1]", 7),                   // an unknown item's name is an atom
            ("(X-FOO[1])", 8),
        ];
        for &(input, offset) in table {
            let e =
                parse_all(input, |c| c.fetch_items().map(FetchItems::into_owned)).expect_err(input);
            assert_eq!(e.offset, offset, "{input}: {e}");
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn part() -> impl Strategy<Value = Vec<NonZeroU32>> {
            proptest::collection::vec(1u32..=u32::MAX, 0..4)
                .prop_map(|v| v.into_iter().map(|n| NonZeroU32::new(n).unwrap()).collect())
        }

        fn field() -> impl Strategy<Value = IString<'static>> {
            // Any byte a header name may hold on the wire, atoms, quoted and literals alike.
            proptest::collection::vec(1u8..=255, 1..12)
                .prop_map(|b| IString::new(b).unwrap().into_owned())
        }

        fn section() -> impl Strategy<Value = Section<'static>> {
            let text = prop_oneof![
                Just(None),
                Just(Some(SectionText::Header)),
                Just(Some(SectionText::Text)),
                Just(Some(SectionText::Mime)),
                proptest::collection::vec(field(), 1..4)
                    .prop_map(|f| Some(SectionText::HeaderFields(ne(f)))),
                proptest::collection::vec(field(), 1..4)
                    .prop_map(|f| Some(SectionText::HeaderFieldsNot(ne(f)))),
            ];
            (part(), text).prop_filter_map("MIME needs a part", |(p, t)| Section::new(p, t))
        }

        fn partial() -> impl Strategy<Value = Option<Partial>> {
            proptest::option::of(
                (0..=i64::MAX as u64, 1..=i64::MAX as u64).prop_map(|(o, l)| Partial {
                    offset: Number64::new(o).unwrap(),
                    length: NzNumber64::new(l).unwrap(),
                }),
            )
        }

        fn attr() -> impl Strategy<Value = FetchAttr<'static>> {
            use FetchAttr as A;
            prop_oneof![
                prop::sample::select(vec![
                    A::Envelope,
                    A::Flags,
                    A::InternalDate,
                    A::Rfc822,
                    A::Rfc822Header,
                    A::Rfc822Size,
                    A::Rfc822Text,
                    A::Body,
                    A::BodyStructure,
                    A::Uid,
                    A::ModSeq,
                    A::EmailId,
                    A::ThreadId,
                    A::SaveDate,
                    A::Preview { lazy: false },
                    A::Preview { lazy: true },
                    A::GmMsgId,
                    A::GmThrId,
                    A::GmLabels,
                ]),
                (any::<bool>(), section(), partial()).prop_map(|(peek, section, partial)| {
                    A::BodySection {
                        peek,
                        section,
                        partial,
                    }
                }),
                (any::<bool>(), part(), partial()).prop_map(|(peek, part, partial)| A::Binary {
                    peek,
                    part,
                    partial
                }),
                part().prop_map(|part| A::BinarySize { part }),
                ("X-[A-Z]{1,8}", proptest::option::of("\\([A-Z ]{0,6}\\)")).prop_map(|(n, a)| {
                    A::Other {
                        name: Atom::new(n).unwrap(),
                        args: a.map(|a| OptionValue::new(a.into_bytes()).unwrap()),
                    }
                }),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]
            #[test]
            fn write_then_parse(v in proptest::collection::vec(attr(), 1..5), one in any::<bool>()) {
                let items = if one && v.len() == 1 {
                    FetchItems::One(v[0].clone())
                } else {
                    FetchItems::List(ne(v))
                };
                let bytes = wire(&items);
                let opts = ParserOptions::new();
                let mut msg = bytes.clone();
                msg.extend_from_slice(b"\r\n");
                let mut c = Cursor::new(&msg, &opts);
                let got = c.fetch_items();
                prop_assert_eq!(got.as_ref().ok(), Some(&items), "{}", String::from_utf8_lossy(&bytes));
                prop_assert!(c.crlf().is_ok());
            }
        }
    }

    mod response {
        use super::*;
        use crate::Status;
        use crate::stream::framing::{FrameEvent, Framer, Side};
        use crate::types::core::{DateTime, Flag, FlagFetch, ObjectId};

        /// Parses one `* n FETCH msg-att CRLF` message.
        fn fetch(msg: &[u8], opts: &ParserOptions) -> Result<FetchData<'static>, Error> {
            let mut c = Cursor::new(msg, opts);
            c.expect(b'*', "*")?;
            c.sp("SP")?;
            let seq = c.nz_number()?;
            c.sp("SP")?;
            if !c.eat_prefix(b"FETCH ") {
                return Err(c.error("FETCH"));
            }
            let d = c.fetch_data(seq)?;
            c.crlf()?;
            Ok(d.into_owned())
        }

        fn ok(msg: &[u8]) -> FetchData<'static> {
            fetch(msg, &ParserOptions::new())
                .unwrap_or_else(|e| panic!("{}: {e}", String::from_utf8_lossy(msg)))
        }

        fn seq(n: u32) -> NonZeroU32 {
            NonZeroU32::new(n).unwrap()
        }

        #[test]
        fn gmail_ids_are_unsigned_64_bit() {
            // Gmail's IMAP extensions: X-GM-MSGID and X-GM-THRID are 64-bit unsigned
            // integers, as the search keys read them (found by the
            // imap_proto_response_roundtrip fuzz target: ids past 2^63 - 1 were refused).
            let d = ok(
                b"* 1 FETCH (X-GM-MSGID 18446744073709551615 X-GM-THRID 9223372036854775808)\r\n",
            );
            assert_eq!(
                *d.items,
                [FetchItem::GmMsgId(u64::MAX), FetchItem::GmThrId(1 << 63)]
            );
            assert!(
                fetch(
                    b"* 1 FETCH (X-GM-MSGID 18446744073709551616)\r\n",
                    &ParserOptions::new()
                )
                .is_err()
            );
        }

        fn kw(k: &str) -> FlagFetch<'static> {
            FlagFetch::Flag(Flag::Keyword(Atom::new(k.to_string()).unwrap()))
        }

        fn written(d: &FetchData<'_>) -> Vec<u8> {
            let mut w = Writer::new(EncodeOptions::default());
            w.raw(b"* ");
            d.write(&mut w);
            w.raw(b"\r\n");
            w.finish().into_bytes()
        }

        /// Known answers, each written by hand from the RFC text it cites.
        #[test]
        fn rfc_examples() {
            use FetchItem as I;
            let seen = FlagFetch::Flag(Flag::Seen);
            let table: Vec<(&[u8], FetchData<'static>)> = vec![
                // RFC 7162 §3.1.4.1
                (
                    b"* 1 FETCH (UID 3 FLAGS (\\Seen \\Answered $Important) MODSEQ (90060115194045001))\r\n",
                    FetchData {
                        seq: seq(1),
                        items: NonEmpty::new(vec![
                            I::Uid(seq(3)),
                            I::Flags(vec![
                                seen.clone(),
                                FlagFetch::Flag(Flag::Answered),
                                kw("$Important"),
                            ]),
                            I::ModSeq(Number64::new(90060115194045001).unwrap()),
                        ]).unwrap(),
                    },
                ),
                // RFC 3501 §6.4.8 (UID FETCH example)
                (
                    b"* 23 FETCH (FLAGS (\\Seen) UID 4827313)\r\n",
                    FetchData {
                        seq: seq(23),
                        items: NonEmpty::new(vec![I::Flags(vec![seen.clone()]), I::Uid(seq(4827313))]).unwrap(),
                    },
                ),
                // RFC 8474 §5.3 (second example)
                (
                    b"* 1 FETCH (EMAILID (M00000001) THREADID NIL)\r\n",
                    FetchData {
                        seq: seq(1),
                        items: NonEmpty::new(vec![
                            I::EmailId(ObjectId::new("M00000001").unwrap()),
                            I::ThreadId(None),
                        ]).unwrap(),
                    },
                ),
                (
                    b"* 2 FETCH (EMAILID (M5fdc09b49ea703) THREADID (T11863d02dd95b5))\r\n",
                    FetchData {
                        seq: seq(2),
                        items: NonEmpty::new(vec![
                            I::EmailId(ObjectId::new("M5fdc09b49ea703").unwrap()),
                            I::ThreadId(Some(ObjectId::new("T11863d02dd95b5").unwrap())),
                        ]).unwrap(),
                    },
                ),
                // RFC 8970 §3.3
                (
                    b"* 1 FETCH (PREVIEW \"Preview text!\")\r\n",
                    FetchData {
                        seq: seq(1),
                        items: NonEmpty::new(vec![I::Preview(Some(IString::new(&b"Preview text!"[..]).unwrap()))]).unwrap(),
                    },
                ),
                // RFC 9051 §7.5.2: "17-Jul-1996 02:44:25 -0700", RFC822.SIZE 4286
                (
                    b"* 12 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE 4286)\r\n",
                    FetchData {
                        seq: seq(12),
                        items: NonEmpty::new(vec![
                            I::InternalDate(
                                DateTime::new(
                                    crate::types::core::Date::new(1996, 7, 17).unwrap(),
                                    (2, 44, 25),
                                    -420,
                                )
                                .unwrap(),
                            ),
                            I::Rfc822Size(4286.into()),
                        ]).unwrap(),
                    },
                ),
                // RFC 3501 §6.4.5: FLAGS and a BODY[HEADER] literal (data shortened); the
                // data is sliced as it is, a NUL included (see MessageData).
                (
                    b"* 12 FETCH (BODY[HEADER] {7}\r\nA: b\0\r\n FLAGS (\\Seen))\r\n",
                    FetchData {
                        seq: seq(12),
                        items: NonEmpty::new(vec![
                            I::BodySection {
                                section: Section::text_only(SectionText::Header),
                                origin: None,
                                data: Some(Cow::Borrowed(b"A: b\0\r\n")),
                            },
                            I::Flags(vec![seen.clone()]),
                        ]).unwrap(),
                    },
                ),
                // RFC 3501 §7.4.2 / RFC 9051 §7.5.2 `BODY[<section>]<<origin octet>>`
                (
                    b"* 4 FETCH (BODY[1.2]<2000> \"xyz\" BODY[]<0> NIL)\r\n",
                    FetchData {
                        seq: seq(4),
                        items: NonEmpty::new(vec![
                            I::BodySection {
                                section: Section {
                                    part: nz(&[1, 2]),
                                    text: None,
                                },
                                origin: Some(2000.into()),
                                data: Some(Cow::Borrowed(b"xyz")),
                            },
                            I::BodySection {
                                section: Section::default(),
                                origin: Some(0.into()),
                                data: None,
                            },
                        ]).unwrap(),
                    },
                ),
                // RFC 3516 §4.2: BINARY data as literal8, BINARY.SIZE
                (
                    b"* 1 FETCH (BINARY[1] ~{3}\r\n\0\x01\x02 BINARY.SIZE[2.1] 1234)\r\n",
                    FetchData {
                        seq: seq(1),
                        items: NonEmpty::new(vec![
                            I::Binary {
                                part: nz(&[1]),
                                origin: None,
                                data: Some(Cow::Borrowed(b"\0\x01\x02")),
                            },
                            I::BinarySize {
                                part: nz(&[2, 1]),
                                size: 1234.into(),
                            },
                        ]).unwrap(),
                    },
                ),
                // RFC 3501 §2.3.1.2 `\Recent`; RFC 8514 §4.2 SAVEDATE NIL
                (
                    b"* 5 FETCH (FLAGS (\\Recent $Label1) SAVEDATE NIL)\r\n",
                    FetchData {
                        seq: seq(5),
                        items: NonEmpty::new(vec![
                            I::Flags(vec![FlagFetch::Recent, kw("$Label1")]),
                            I::SaveDate(None),
                        ]).unwrap(),
                    },
                ),
                // Gmail's documented extension (developers.google.com/gmail/imap/imap-extensions)
                (
                    b"* 1 FETCH (X-GM-THRID 1278455344230334865 X-GM-MSGID 1278455344230334865 X-GM-LABELS (\\Inbox \\Sent Important \"Muy Importante\"))\r\n",
                    FetchData {
                        seq: seq(1),
                        items: NonEmpty::new(vec![
                            I::GmThrId(1278455344230334865),
                            I::GmMsgId(1278455344230334865),
                            I::GmLabels(vec![
                                GmLabel::System(Atom::new("Inbox").unwrap()),
                                GmLabel::System(Atom::new("Sent").unwrap()),
                                GmLabel::Name(s("Important")),
                                GmLabel::Name(s("Muy Importante")),
                            ]),
                        ]).unwrap(),
                    },
                ),
            ];
            for (wire, want) in table {
                let got = ok(wire);
                assert_eq!(got, want, "{}", String::from_utf8_lossy(wire));
                assert_eq!(
                    ok(&written(&got)),
                    got,
                    "rewritten {}",
                    String::from_utf8_lossy(wire)
                );
            }
        }

        /// Items Dovecot 2.3 sent (scripts/captures/imap-fetch-extensions.server.txt) that
        /// this crate keeps as unknown: the value as sent, re-sent as is.
        #[test]
        fn dovecot_unknown_items() {
            let d = ok(
                b"* 2 FETCH (SNIPPET (FUZZY \"Thanks. Forwarding the note from Dave below.\"))\r\n",
            );
            assert_eq!(
                *d.items,
                [FetchItem::Other {
                    name: Atom::new("SNIPPET").unwrap(),
                    value: FetchValue::new(
                        &b"(FUZZY \"Thanks. Forwarding the note from Dave below.\")"[..]
                    )
                    .unwrap(),
                }]
            );
            let d = ok(b"* 3 FETCH (SNIPPET (FUZZY {5}\r\nab)c)) UID 9)\r\n");
            assert_eq!(
                d.items[0],
                FetchItem::Other {
                    name: Atom::new("SNIPPET").unwrap(),
                    value: FetchValue::new(&b"(FUZZY {5}\r\nab)c))"[..]).unwrap(),
                }
            );
            assert_eq!(d.uid(), Some(seq(9)));
            let d = ok(b"* 1 FETCH (X-SAVEDATE \"22-Nov-2026 05:24:12 +0000\")\r\n");
            assert_eq!(
                *d.items,
                [FetchItem::Other {
                    name: Atom::new("X-SAVEDATE").unwrap(),
                    value: FetchValue::new(&b"\"22-Nov-2026 05:24:12 +0000\""[..]).unwrap(),
                }]
            );
            assert_eq!(
                written(&d),
                b"* 1 FETCH (X-SAVEDATE \"22-Nov-2026 05:24:12 +0000\")\r\n"
            );
        }

        /// Every FETCH response in the Dovecot captures parses, and parses the same after
        /// being written back.
        #[test]
        fn dovecot_captures() {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/captures");
            let mut n = 0;
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if !(name.starts_with("imap-") && name.ends_with(".server.txt")) {
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                let opts = ParserOptions::new();
                let mut framer = Framer::new(Side::Client, opts);
                let mut at = 0;
                while at < bytes.len() {
                    let Status::Complete { value, consumed } = framer.decode(&bytes[at..]) else {
                        break;
                    };
                    at += consumed;
                    let FrameEvent::Message(m) = value else {
                        continue;
                    };
                    let head = m.split(|&c| c == b' ').take(3).collect::<Vec<_>>();
                    if head.len() < 3 || head[0] != b"*" || !head[2].eq_ignore_ascii_case(b"FETCH")
                    {
                        continue;
                    }
                    if m.windows(10).any(|w| w == b"BODY[1.0] ") {
                        // imap-errors-fetch: the client asked for the invalid section 1.0
                        // and Dovecot echoed it; `section-part` is `nz-number`, refused in
                        // both modes (a client of this crate cannot ask for it).
                        assert!(fetch(m, &ParserOptions::lenient()).is_err());
                        continue;
                    }
                    let lenient = ParserOptions::lenient();
                    let d = fetch(m, &opts)
                        .or_else(|_| fetch(m, &lenient))
                        .unwrap_or_else(|e| panic!("{name}: {}: {e}", String::from_utf8_lossy(m)));
                    let again = fetch(&written(&d), &opts).unwrap_or_else(|e| {
                        panic!("{name}: {}: {e}", String::from_utf8_lossy(&written(&d)))
                    });
                    assert_eq!(again, d, "{name}");
                    n += 1;
                }
            }
            // `cat imap-*.server.txt | grep -ac '^\* [0-9]* FETCH'` counts 149, one of them
            // the BODY[1.0] above.
            assert!(n >= 148, "only {n} FETCH responses found");
        }

        /// Refusals, with where the error is.
        #[test]
        fn invalid() {
            let opts = ParserOptions::new();
            let table: &[(&[u8], usize)] = &[
                (b"* 1 FETCH ()\r\n", 11),                   // msg-att is not empty
                (b"* 1 FETCH (UID 0)\r\n", 15),              // uniqueid = nz-number
                (b"* 1 FETCH (MODSEQ 5)\r\n", 18),           // MODSEQ (n)
                (b"* 1 FETCH (EMAILID (a.b))\r\n", 21),      // objectid chars
                (b"* 1 FETCH (BODY[] {5}\r\nab)\r\n", 28),   // the literal takes the rest
                (b"* 1 FETCH (UID 5 )\r\n", 17),             // trailing SP (strict)
                (b"* 1 FETCH (UID 5  FLAGS ())\r\n", 17),    // doubled SP (strict)
                (b"* 1 FETCH (FLAGS (\\Seen)\r\n", 24),      // unclosed
                (b"* 1 FETCH (X-UNKNOWN)\r\n", 20),          // unknown item without a value
                (b"* 1 FETCH (BINARY[1.TEXT] NIL)\r\n", 20), // section-binary: numbers only
            ];
            for &(wire, offset) in table {
                let e = fetch(wire, &opts).expect_err(&String::from_utf8_lossy(wire));
                assert_eq!(e.offset, offset, "{}: {e}", String::from_utf8_lossy(wire));
            }
            // Lenient: the padding deployed servers add.
            let lenient = ParserOptions::lenient();
            for wire in [
                &b"* 1 FETCH (UID 5 )\r\n"[..],
                b"* 1 FETCH ( UID 5  FLAGS ())\r\n",
            ] {
                assert!(
                    fetch(wire, &lenient).is_ok(),
                    "{}",
                    String::from_utf8_lossy(wire)
                );
            }
        }
    }
}
