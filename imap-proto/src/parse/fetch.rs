//! Parsers for what a FETCH command asks for: `fetch-att`, sections, partial ranges
//! (RFC 9051 §9, RFC 3501 §9, RFC 3516, RFC 7162, RFC 8474, RFC 8514, RFC 8970).

use std::borrow::Cow;
use std::num::{NonZeroU32, NonZeroU64};

use crate::error::Error;
use crate::parse::chars::{self, ATOM};
use crate::parse::core::Cursor;
use crate::types::core::{Atom, ascii};
use crate::types::fetch::{FetchAttr, FetchItems, Partial, Section, SectionText};

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
            let items = self.paren_list("fetch item", Self::fetch_attr)?;
            if items.is_empty() {
                return Err(Error::expected(self.pos - 1, "fetch item"));
            }
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
        let start = self.pos;
        let known = match self.peek().map(|c| c.to_ascii_uppercase()) {
            Some(b'B') => self.fetch_attr_b()?,
            Some(b'E') => self.word_attr(&[
                (b"ENVELOPE", FetchAttr::Envelope),
                (b"EMAILID", FetchAttr::EmailId),
            ]),
            Some(b'F') => self.word_attr(&[(b"FLAGS", FetchAttr::Flags)]),
            Some(b'I') => self.word_attr(&[(b"INTERNALDATE", FetchAttr::InternalDate)]),
            Some(b'M') => self.word_attr(&[(b"MODSEQ", FetchAttr::ModSeq)]),
            Some(b'P') => {
                if self.eat_word(b"PREVIEW") {
                    let save = self.pos;
                    if self.eat(b' ') && self.eat_prefix(b"(LAZY)") {
                        Some(FetchAttr::Preview { lazy: true })
                    } else {
                        self.pos = save;
                        Some(FetchAttr::Preview { lazy: false })
                    }
                } else {
                    None
                }
            }
            Some(b'R') => self.word_attr(&[
                (b"RFC822.HEADER", FetchAttr::Rfc822Header),
                (b"RFC822.SIZE", FetchAttr::Rfc822Size),
                (b"RFC822.TEXT", FetchAttr::Rfc822Text),
                (b"RFC822", FetchAttr::Rfc822),
            ]),
            Some(b'S') => self.word_attr(&[(b"SAVEDATE", FetchAttr::SaveDate)]),
            Some(b'T') => self.word_attr(&[(b"THREADID", FetchAttr::ThreadId)]),
            Some(b'U') => self.word_attr(&[(b"UID", FetchAttr::Uid)]),
            Some(b'X') => self.word_attr(&[
                (b"X-GM-MSGID", FetchAttr::GmMsgId),
                (b"X-GM-THRID", FetchAttr::GmThrId),
                (b"X-GM-LABELS", FetchAttr::GmLabels),
            ]),
            _ => None,
        };
        match known {
            Some(a) => Ok(a),
            None => {
                self.pos = start;
                self.other_fetch_attr()
            }
        }
    }

    /// The first of `words` that is next as a whole word.
    fn word_attr(&mut self, words: &[(&[u8], FetchAttr<'static>)]) -> Option<FetchAttr<'a>> {
        words
            .iter()
            .find(|(w, _)| self.eat_word(w))
            .map(|(_, a)| a.clone())
    }

    /// The items starting with `B`: `BODY`, `BODYSTRUCTURE`, `BODY[`, `BODY.PEEK[`,
    /// `BINARY[`, `BINARY.PEEK[`, `BINARY.SIZE[`. `None` when none matches.
    fn fetch_attr_b(&mut self) -> Result<Option<FetchAttr<'a>>, Error> {
        if self.eat_prefix(b"BODY") {
            if self.eat_prefix(b"STRUCTURE") {
                return Ok(self.at_word_end().then_some(FetchAttr::BodyStructure));
            }
            let peek = self.eat_prefix(b".PEEK");
            if self.peek() == Some(b'[') {
                let section = self.section()?;
                let partial = self.partial()?;
                return Ok(Some(FetchAttr::BodySection {
                    peek,
                    section,
                    partial,
                }));
            }
            return Ok((!peek && self.at_word_end()).then_some(FetchAttr::Body));
        }
        if self.eat_prefix(b"BINARY") {
            if self.eat_prefix(b".SIZE") {
                let part = self.section_binary()?;
                return Ok(Some(FetchAttr::BinarySize { part }));
            }
            let peek = self.eat_prefix(b".PEEK");
            if self.peek() == Some(b'[') {
                let part = self.section_binary()?;
                let partial = self.partial()?;
                return Ok(Some(FetchAttr::Binary {
                    peek,
                    part,
                    partial,
                }));
            }
        }
        Ok(None)
    }

    /// An unknown item: `atom` (which may include `[`, `.`, `<`, `>`, but not `]`: the name
    /// is an [`Atom`]), then optionally SP and a balanced parenthesized list, kept raw.
    fn other_fetch_attr(&mut self) -> Result<FetchAttr<'a>, Error> {
        let start = self.pos;
        self.run(ATOM, "fetch item")?;
        let name = Atom::from_valid(ascii(&self.b[start..self.pos]));
        let save = self.pos;
        let args = if self.eat(b' ') && self.peek() == Some(b'(') {
            let a = self.pos;
            self.skip_parens()?;
            Some(Cow::Borrowed(&self.b[a..self.pos]))
        } else {
            self.pos = save;
            None
        };
        Ok(FetchAttr::Other { name, args })
    }

    /// Skips a balanced parenthesized group on one line (nesting limited); quoted strings
    /// inside are skipped whole so their parentheses do not count.
    pub(crate) fn skip_parens(&mut self) -> Result<(), Error> {
        self.expect(b'(', "(")?;
        self.enter()?;
        loop {
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    self.leave();
                    return Ok(());
                }
                Some(b'(') => self.skip_parens()?,
                Some(b'"') => {
                    self.quoted()?;
                }
                Some(b'{' | b'~') => {
                    if self.peek() == Some(b'~') {
                        self.literal8()?;
                    } else {
                        self.literal()?;
                    }
                }
                Some(c) if c != b'\r' && c != b'\n' && c != 0 => self.pos += 1,
                _ => return Err(self.error(")")),
            }
        }
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
            if fields.is_empty() {
                return Err(Error::expected(self.pos - 1, "header field name"));
            }
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
        let offset = self.number64()?;
        self.expect(b'.', ". in a partial range")?;
        let at = self.pos;
        let length =
            NonZeroU64::new(self.number64()?).ok_or(Error::expected(at, "non-zero octet count"))?;
        self.expect(b'>', "> closing a partial range")?;
        Ok(Some(Partial { offset, length }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            FetchItems::List(vec![
                FetchAttr::Flags,
                body(
                    false,
                    &[],
                    Some(SectionText::HeaderFields(vec![s("DATE"), s("FROM")]))
                ),
            ])
        );
        assert_eq!(wire(&got), b"(FLAGS BODY[HEADER.FIELDS (DATE FROM)])");
    }

    /// Item lists real clients sent to Dovecot (scripts/captures/imap-*.client.txt), with
    /// the meaning of each item from RFC 9051 §6.4.5 and the extension RFCs.
    #[test]
    fn captured_client_items() {
        use FetchAttr as A;
        let p = |offset, length| {
            Some(Partial {
                offset,
                length: NonZeroU64::new(length).unwrap(),
            })
        };
        let table: Vec<(&str, FetchItems<'static>)> = vec![
            (
                "(FLAGS UID RFC822.SIZE)",
                FetchItems::List(vec![A::Flags, A::Uid, A::Rfc822Size]),
            ),
            ("(RFC822)", FetchItems::List(vec![A::Rfc822])),
            (
                "(RFC822.HEADER RFC822.TEXT)",
                FetchItems::List(vec![A::Rfc822Header, A::Rfc822Text]),
            ),
            ("BODYSTRUCTURE", FetchItems::One(A::BodyStructure)),
            ("BODY", FetchItems::One(A::Body)),
            ("FAST", FetchItems::Fast),
            ("ALL", FetchItems::All),
            ("full", FetchItems::Full),
            (
                "(UID FLAGS MODSEQ INTERNALDATE RFC822.SIZE ENVELOPE)",
                FetchItems::List(vec![
                    A::Uid,
                    A::Flags,
                    A::ModSeq,
                    A::InternalDate,
                    A::Rfc822Size,
                    A::Envelope,
                ]),
            ),
            (
                "(BINARY.SIZE[1.1] BINARY.SIZE[2])",
                FetchItems::List(vec![
                    A::BinarySize { part: nz(&[1, 1]) },
                    A::BinarySize { part: nz(&[2]) },
                ]),
            ),
            (
                "(BINARY.PEEK[2]<250.10>)",
                FetchItems::List(vec![A::Binary {
                    peek: true,
                    part: nz(&[2]),
                    partial: p(250, 10),
                }]),
            ),
            (
                "(BODY.PEEK[]<2000.10>)",
                FetchItems::List(vec![A::BodySection {
                    peek: true,
                    section: Section::default(),
                    partial: p(2000, 10),
                }]),
            ),
            (
                "(BODY.PEEK[HEADER.FIELDS.NOT (Return-Path Received To Cc)])",
                FetchItems::List(vec![body(
                    true,
                    &[],
                    Some(SectionText::HeaderFieldsNot(vec![
                        s("Return-Path"),
                        s("Received"),
                        s("To"),
                        s("Cc"),
                    ])),
                )]),
            ),
            (
                "(BODY.PEEK[1.MIME] BODY.PEEK[1.1] BODY.PEEK[1.2.MIME])",
                FetchItems::List(vec![
                    body(true, &[1], Some(SectionText::Mime)),
                    body(true, &[1, 1], None),
                    body(true, &[1, 2], Some(SectionText::Mime)),
                ]),
            ),
            (
                "(MODSEQ SAVEDATE)",
                FetchItems::List(vec![A::ModSeq, A::SaveDate]),
            ),
            (
                "(PREVIEW)",
                FetchItems::List(vec![A::Preview { lazy: false }]),
            ),
            (
                "(PREVIEW (LAZY))",
                FetchItems::List(vec![A::Preview { lazy: true }]),
            ),
            (
                "(EMAILID THREADID)",
                FetchItems::List(vec![A::EmailId, A::ThreadId]),
            ),
            (
                "(UID SNIPPET (FUZZY))",
                FetchItems::List(vec![
                    A::Uid,
                    A::Other {
                        name: Atom::new("SNIPPET").unwrap(),
                        args: Some(Cow::Borrowed(b"(FUZZY)")),
                    },
                ]),
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
                FetchItems::List(vec![A::GmMsgId, A::GmThrId, A::GmLabels]),
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
                    .prop_map(|f| Some(SectionText::HeaderFields(f))),
                proptest::collection::vec(field(), 1..4)
                    .prop_map(|f| Some(SectionText::HeaderFieldsNot(f))),
            ];
            (part(), text).prop_filter_map("MIME needs a part", |(p, t)| Section::new(p, t))
        }

        fn partial() -> impl Strategy<Value = Option<Partial>> {
            proptest::option::of(
                (0..=i64::MAX as u64, 1..=i64::MAX as u64).prop_map(|(o, l)| Partial {
                    offset: o,
                    length: NonZeroU64::new(l).unwrap(),
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
                        args: a.map(|a| Cow::Owned(a.into_bytes())),
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
                    FetchItems::List(v)
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
}
