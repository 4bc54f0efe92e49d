//! Parsers of ENVELOPE, address lists, BODY and BODYSTRUCTURE (RFC 3501 §9, RFC 9051 §9;
//! where the two grammars differ, the union: `MESSAGE/GLOBAL` in either form, `number64`
//! line counts and extension numbers).
//!
//! Nesting (bodies in multiparts and encapsulated messages, body-extension lists) goes
//! through [`Cursor::enter`] / [`Cursor::leave`], so it stops at
//! [`ParserOptions::max_depth`](crate::ParserOptions::max_depth) with
//! [`ErrorKind::TooDeep`]; every list is counted against
//! [`ParserOptions::max_items`](crate::ParserOptions::max_items).
//!
//! Lenient mode accepts, besides the grammar (each also named on the parser that takes it):
//!
//! 1. `NIL` where the grammar wants a string in a body's media type, media subtype
//!    (multipart subtype too) and body parameter names and values, read as the empty
//!    string (which is written back as `""`). Deployed servers send it for parts whose
//!    Content-Type they could not parse.
//! 2. `-1` as `body-fld-octets` or `body-fld-lines`, read as 0 (which is written back as
//!    `0`): some servers send it for a size they do not know.
//! 3. Extra spaces: runs of SP between fields, after an opening and before a closing
//!    parenthesis, and between the addresses of a list or the parts of a multipart. The
//!    RFC 3501 §8 and RFC 9051 §8 sample FETCH responses read that way (a SP between two
//!    addresses of the cc list; RFC 9051 also `ENVELOPE ( "Wed, …`).

use crate::error::{Error, ErrorKind};
use crate::parse::chars::{self, DIGIT};
use crate::parse::core::Cursor;
use crate::types::body::{
    Address, BasicType, BodyEncoding, BodyExtension, BodyFields, BodyParams, BodyStructure,
    Disposition, DispositionExt, Envelope, Language, LanguageExt, LocationExt, MessageSubtype,
    MultiPart, MultiPartExt, NonEmpty, PartKind, SinglePart, SinglePartExt,
};
use crate::types::core::IString;

impl<'a> Cursor<'a> {
    /// Lenient: skips the spaces the grammar does not have (after "(", before ")").
    #[inline(always)]
    fn pad(&mut self) {
        if self.lenient() {
            while self.eat(b' ') {}
        }
    }

    /// Lenient padding, then `)`.
    #[inline]
    fn close(&mut self, what: &'static str) -> Result<(), Error> {
        self.pad();
        self.expect(b')', what)
    }

    /// Before an optional field: true (its SP consumed) when one follows. Lenient mode
    /// takes a run of SPs, and a run that ends at `)` or the line end as padding (false).
    #[inline]
    fn more(&mut self) -> bool {
        if self.peek() != Some(b' ') {
            return false;
        }
        let save = self.pos;
        self.pos += 1;
        if self.lenient() {
            while self.eat(b' ') {}
            if matches!(self.peek(), Some(b')') | None) || self.at_line_end() {
                self.pos = save;
                return false;
            }
        }
        true
    }

    /// RFC 9051 §9 / RFC 3501 §9 `envelope = "(" env-date SP env-subject SP env-from SP
    /// env-sender SP env-reply-to SP env-to SP env-cc SP env-bcc SP env-in-reply-to SP
    /// env-message-id ")"`; `env-date`, `env-subject`, `env-in-reply-to` and
    /// `env-message-id` are `nstring`s, the six address lists `"(" 1*address ")" / nil`.
    ///
    /// Lenient: accepts extra spaces (quirk 3 of the [module docs](self)).
    pub(crate) fn envelope(&mut self) -> Result<Envelope<'a>, Error> {
        self.expect(b'(', "( of an envelope")?;
        self.pad();
        let date = self.nstring()?;
        self.sp("SP after the envelope date")?;
        let subject = self.nstring()?;
        self.sp("SP after the envelope subject")?;
        let from = self.address_list()?;
        self.sp("SP after the envelope from")?;
        let sender = self.address_list()?;
        self.sp("SP after the envelope sender")?;
        let reply_to = self.address_list()?;
        self.sp("SP after the envelope reply-to")?;
        let to = self.address_list()?;
        self.sp("SP after the envelope to")?;
        let cc = self.address_list()?;
        self.sp("SP after the envelope cc")?;
        let bcc = self.address_list()?;
        self.sp("SP after the envelope bcc")?;
        let in_reply_to = self.nstring()?;
        self.sp("SP after the envelope in-reply-to")?;
        let message_id = self.nstring()?;
        self.close(") of an envelope")?;
        Ok(Envelope {
            date,
            subject,
            from,
            sender,
            reply_to,
            to,
            cc,
            bcc,
            in_reply_to,
            message_id,
        })
    }

    /// RFC 9051 §9 `env-from = "(" 1*address ")" / nil` (and the other five lists): the
    /// empty `Vec` for `NIL`.
    ///
    /// Lenient: accepts spaces between the addresses (quirk 3 of the [module docs](self)).
    fn address_list(&mut self) -> Result<Vec<Address<'a>>, Error> {
        if self.eat_word(b"NIL") {
            return Ok(Vec::new());
        }
        self.expect(b'(', "( of an address list, or NIL")?;
        self.pad();
        let mut list = Vec::new();
        loop {
            list.push(self.address()?);
            self.count(list.len(), "addresses in a list")?;
            self.pad();
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    return Ok(list);
                }
                Some(b'(') => {}
                _ => return Err(self.error(") or ( of the next address")),
            }
        }
    }

    /// RFC 9051 §9 `address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"`,
    /// each an `nstring`.
    fn address(&mut self) -> Result<Address<'a>, Error> {
        self.expect(b'(', "( of an address")?;
        self.pad();
        let name = self.nstring()?;
        self.sp("SP after the address name")?;
        let adl = self.nstring()?;
        self.sp("SP after the address adl")?;
        let mailbox = self.nstring()?;
        self.sp("SP after the address mailbox")?;
        let host = self.nstring()?;
        self.close(") of an address")?;
        Ok(Address {
            name,
            adl,
            mailbox,
            host,
        })
    }

    /// RFC 9051 §9 / RFC 3501 §9 `body = "(" (body-type-1part / body-type-mpart) ")"`: a
    /// multipart when another `(` follows the first. One nesting level per body.
    ///
    /// Lenient: accepts `NIL` for the media type, subtype and parameter strings, `-1` for
    /// octets and lines, and extra spaces (quirks 1–3 of the [module docs](self)).
    pub(crate) fn body(&mut self) -> Result<BodyStructure<'a>, Error> {
        self.body_with(|b| b)
    }

    /// [`Cursor::body`], handing the body to `put` (which boxes it, for one): it is put
    /// together where `put` puts it rather than returned and copied there, some 300
    /// bytes each time.
    pub(crate) fn body_with<R>(
        &mut self,
        put: impl FnOnce(BodyStructure<'a>) -> R,
    ) -> Result<R, Error> {
        self.enter()?;
        self.expect(b'(', "( of a body")?;
        self.pad();
        let body = if self.peek() == Some(b'(') {
            self.body_mpart(|m| put(BodyStructure::Multi(m)))?
        } else {
            self.body_1part(|p| put(BodyStructure::Single(p)))?
        };
        self.close(") of a body")?;
        self.leave();
        Ok(body)
    }

    /// [`Cursor::body`], pushed onto `out`: a leaf is put together in its place in the
    /// list (a body is some 300 bytes; returned and then pushed, it was copied twice
    /// more).
    fn body_into(&mut self, out: &mut Vec<BodyStructure<'a>>) -> Result<(), Error> {
        self.enter()?;
        self.expect(b'(', "( of a body")?;
        self.pad();
        if self.peek() == Some(b'(') {
            self.body_mpart(|m| out.push(BodyStructure::Multi(m)))?;
        } else {
            self.body_1part(|p| out.push(BodyStructure::Single(p)))?;
        }
        self.close(") of a body")?;
        self.leave();
        Ok(())
    }

    /// RFC 9051 §9 `body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]`.
    fn body_mpart<R>(&mut self, finish: impl FnOnce(MultiPart<'a>) -> R) -> Result<R, Error> {
        let mut parts = Vec::new();
        loop {
            self.body_into(&mut parts)?;
            self.count(parts.len(), "body parts")?;
            if self.lenient() {
                let save = self.pos;
                while self.eat(b' ') {}
                if self.peek() != Some(b'(') {
                    self.pos = save;
                }
            }
            if self.peek() != Some(b'(') {
                break;
            }
        }
        self.sp("SP before the multipart subtype")?;
        let subtype = self.media_string("multipart subtype (a string)")?;
        let extension = if self.more() {
            let params = self.body_params()?;
            let rest = self.disposition_ext()?;
            Some(MultiPartExt { params, rest })
        } else {
            None
        };
        Ok(finish(MultiPart {
            parts: NonEmpty::from_vec(parts),
            subtype,
            extension,
        }))
    }

    /// RFC 9051 §9 `body-type-1part = (body-type-basic / body-type-msg / body-type-text)
    /// [SP body-ext-1part]`, `body-type-basic = media-basic SP body-fields`,
    /// `body-type-msg = media-message SP body-fields SP envelope SP body SP
    /// body-fld-lines`, `body-type-text = media-text SP body-fields SP body-fld-lines`.
    ///
    /// The media type decides the form, compared without regard to case and string form:
    /// `TEXT` is text; `MESSAGE/RFC822` is an encapsulated message; `MESSAGE/GLOBAL` is
    /// one when an envelope follows the fields (RFC 9051) and basic otherwise (an RFC 3501
    /// server, for which it is just another type).
    ///
    /// The part is handed to `finish`, which puts it where the caller keeps it.
    #[inline(always)]
    fn body_1part<R>(&mut self, finish: impl FnOnce(SinglePart<'a>) -> R) -> Result<R, Error> {
        let media_type = self.media_string("media type (a string)")?;
        self.sp("SP after the media type")?;
        let subtype = self.media_string("media subtype (a string)")?;
        self.sp("SP after the media subtype")?;
        let fields = self.body_fields()?;
        let message = if media_type.as_bytes().eq_ignore_ascii_case(b"MESSAGE") {
            MessageSubtype::from_bytes(subtype.as_bytes())
                .filter(|&m| m == MessageSubtype::Rfc822 || self.envelope_follows())
        } else {
            None
        };
        let kind = if media_type.as_bytes().eq_ignore_ascii_case(b"TEXT") {
            self.sp("SP before the body's line count")?;
            let lines = self.body_lines()?;
            PartKind::Text { subtype, lines }
        } else if let Some(subtype) = message {
            self.sp("SP before the envelope")?;
            let envelope = Box::new(self.envelope()?);
            self.sp("SP before the encapsulated body")?;
            let body = self.body_with(Box::new)?;
            self.sp("SP before the message's line count")?;
            let lines = self.body_lines()?;
            PartKind::Message {
                subtype,
                envelope,
                body,
                lines,
            }
        } else {
            PartKind::Basic(BasicType::from_valid(media_type, subtype))
        };
        let extension = if self.more() {
            let md5 = self.nstring()?;
            let rest = self.disposition_ext()?;
            Some(SinglePartExt { md5, rest })
        } else {
            None
        };
        Ok(finish(SinglePart {
            kind,
            fields,
            extension,
        }))
    }

    /// True when SP (lenient: SPs) and `(` come next: an envelope follows.
    fn envelope_follows(&self) -> bool {
        let mut i = self.pos;
        if self.b.get(i) != Some(&b' ') {
            return false;
        }
        i += 1;
        if self.lenient() {
            while self.b.get(i) == Some(&b' ') {
                i += 1;
            }
        }
        self.b.get(i) == Some(&b'(')
    }

    /// `media-subtype = string` and the strings of `media-basic`, `body-fld-param`.
    ///
    /// Lenient: `NIL` is read as the empty string (quirk 1 of the [module docs](self)).
    #[inline(always)]
    fn media_string(&mut self, what: &'static str) -> Result<IString<'a>, Error> {
        match self.peek() {
            Some(b'"' | b'{') => self.string(),
            _ if self.lenient() && self.eat_word(b"NIL") => Ok(IString::from_valid(b"")),
            _ => Err(self.error(what)),
        }
    }

    /// A `string` (quoted or literal), with `what` in the error.
    #[inline(always)]
    fn string_named(&mut self, what: &'static str) -> Result<IString<'a>, Error> {
        match self.peek() {
            Some(b'"' | b'{') => self.string(),
            _ => Err(self.error(what)),
        }
    }

    /// RFC 9051 §9 `body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP
    /// body-fld-enc SP body-fld-octets`; `body-fld-id` and `body-fld-desc` are `nstring`s,
    /// `body-fld-enc = (DQUOTE ("7BIT" / "8BIT" / "BINARY" / "BASE64"/
    /// "QUOTED-PRINTABLE") DQUOTE) / string`, `body-fld-octets = number`.
    #[inline(always)]
    fn body_fields(&mut self) -> Result<BodyFields<'a>, Error> {
        let params = self.body_params()?;
        self.sp("SP after the body parameters")?;
        let id = self.nstring()?;
        self.sp("SP after the body id")?;
        let description = self.nstring()?;
        self.sp("SP after the body description")?;
        let encoding = BodyEncoding::new(self.string_named("body encoding (a string)")?);
        self.sp("SP after the body encoding")?;
        let octets = if self.minus_one() { 0 } else { self.number()? };
        Ok(BodyFields {
            params,
            id,
            description,
            encoding,
            octets,
        })
    }

    /// Lenient: `-1` (not followed by a digit) where a size is wanted, consumed (quirk 2 of
    /// the [module docs](self)). Always false in strict mode.
    fn minus_one(&mut self) -> bool {
        if self.lenient()
            && self.rest().starts_with(b"-1")
            && !self.b.get(self.pos + 2).is_some_and(u8::is_ascii_digit)
        {
            self.pos += 2;
            true
        } else {
            false
        }
    }

    /// RFC 9051 §9 `body-fld-lines = number64` (RFC 3501: `number`), read up to
    /// `u64::MAX`. Lenient: `-1` is 0.
    fn body_lines(&mut self) -> Result<u64, Error> {
        if self.minus_one() {
            return Ok(0);
        }
        self.u64_number()
    }

    /// `1*DIGIT` as a `u64` (every value of the type, so whatever is written reads back;
    /// `number64` stops at 2^63 − 1).
    fn u64_number(&mut self) -> Result<u64, Error> {
        let start = self.pos;
        let n = chars::run(self.rest(), DIGIT);
        if n == 0 {
            return Err(self.error("number"));
        }
        let mut v: u64 = 0;
        for &d in &self.b[start..start + n] {
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(d - b'0')))
                .ok_or(Error::new(start, ErrorKind::NumberOverflow))?;
        }
        self.pos += n;
        Ok(v)
    }

    /// RFC 9051 §9 `body-fld-param = "(" string SP string *(SP string SP string) ")" /
    /// nil`: the empty `Vec` for `NIL`.
    ///
    /// Lenient: `NIL` names and values (quirk 1 of the [module docs](self)).
    fn body_params(&mut self) -> Result<BodyParams<'a>, Error> {
        if self.eat_word(b"NIL") {
            return Ok(Vec::new());
        }
        self.expect(b'(', "( of a parameter list, or NIL")?;
        self.pad();
        let mut params = Vec::new();
        loop {
            let name = self.media_string("parameter name (a string)")?;
            self.sp("SP after a parameter name")?;
            let value = self.media_string("parameter value (a string)")?;
            params.push((name, value));
            self.count(params.len(), "body parameters")?;
            if self.eat(b')') {
                return Ok(params);
            }
            self.sp("SP or ) in a parameter list")?;
            if self.lenient() && self.eat(b')') {
                return Ok(params);
            }
        }
    }

    /// `[SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]`
    /// after `body-fld-md5` or the multipart's `body-fld-param`.
    fn disposition_ext(&mut self) -> Result<Option<DispositionExt<'a>>, Error> {
        if !self.more() {
            return Ok(None);
        }
        let disposition = self.disposition()?;
        let rest = if self.more() {
            let language = self.language()?;
            let rest = if self.more() {
                let location = self.nstring()?;
                let mut extensions = Vec::new();
                while self.more() {
                    extensions.push(self.body_extension()?);
                    self.count(extensions.len(), "body extensions")?;
                }
                Some(LocationExt {
                    location,
                    extensions,
                })
            } else {
                None
            };
            Some(LanguageExt { language, rest })
        } else {
            None
        };
        Ok(Some(DispositionExt { disposition, rest }))
    }

    /// RFC 9051 §9 `body-fld-dsp = "(" string SP body-fld-param ")" / nil`.
    fn disposition(&mut self) -> Result<Option<Disposition<'a>>, Error> {
        if self.eat_word(b"NIL") {
            return Ok(None);
        }
        self.expect(b'(', "( of a disposition, or NIL")?;
        self.pad();
        let kind = self.string_named("disposition type (a string)")?;
        self.sp("SP after the disposition type")?;
        let params = self.body_params()?;
        self.close(") of a disposition")?;
        Ok(Some(Disposition { kind, params }))
    }

    /// RFC 9051 §9 `body-fld-lang = nstring / "(" string *(SP string) ")"`.
    fn language(&mut self) -> Result<Language<'a>, Error> {
        if !self.eat(b'(') {
            return self.nstring().map(Language::Single);
        }
        self.pad();
        let mut tags = Vec::new();
        loop {
            tags.push(self.string_named("language tag (a string)")?);
            self.count(tags.len(), "language tags")?;
            if self.eat(b')') {
                break;
            }
            self.sp("SP or ) in a language list")?;
            if self.lenient() && self.eat(b')') {
                break;
            }
        }
        Ok(Language::List(NonEmpty::from_vec(tags)))
    }

    /// RFC 9051 §9 `body-extension = nstring / number / number64 / "(" body-extension
    /// *(SP body-extension) ")"` (RFC 3501 without `number64`); numbers are read up to
    /// `u64::MAX`. One nesting level per list.
    fn body_extension(&mut self) -> Result<BodyExtension<'a>, Error> {
        match self.peek() {
            Some(b'(') => {
                self.enter()?;
                self.pos += 1;
                self.pad();
                let mut items = Vec::new();
                loop {
                    items.push(self.body_extension()?);
                    self.count(items.len(), "items in a body-extension list")?;
                    if self.eat(b')') {
                        break;
                    }
                    self.sp("SP or ) in a body-extension list")?;
                    if self.lenient() && self.eat(b')') {
                        break;
                    }
                }
                self.leave();
                Ok(BodyExtension::List(NonEmpty::from_vec(items)))
            }
            Some(b'0'..=b'9') => self.u64_number().map(BodyExtension::Number),
            Some(b'"' | b'{' | b'N' | b'n') => self.nstring().map(BodyExtension::String),
            _ => Err(self.error("body extension (a string, number, NIL or list)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::ParserOptions;

    fn s(v: &str) -> IString<'_> {
        IString::new(v.as_bytes()).unwrap()
    }

    /// Runs `f` on `msg` (a value, then CRLF) and checks that CRLF ends it.
    fn parse<'a, T>(
        msg: &'a [u8],
        opts: &'a ParserOptions,
        f: impl FnOnce(&mut Cursor<'a>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut c = Cursor::new(msg, opts);
        let v = f(&mut c)?;
        c.crlf()?;
        Ok(v)
    }

    #[test]
    fn address_lists() {
        let o = ParserOptions::default();
        // NIL, one address, two addresses without a separator (RFC 9051 §9 1*address).
        assert_eq!(parse(b"NIL\r\n", &o, Cursor::address_list), Ok(vec![]));
        let one = parse(
            b"((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))\r\n",
            &o,
            Cursor::address_list,
        )
        .unwrap();
        assert_eq!(
            one,
            vec![Address {
                name: Some(s("Terry Gray")),
                adl: None,
                mailbox: Some(s("gray")),
                host: Some(s("cac.washington.edu")),
            }]
        );
        let two = parse(
            b"((NIL NIL \"a\" \"b\")(NIL NIL NIL NIL))\r\n",
            &o,
            Cursor::address_list,
        )
        .unwrap();
        assert_eq!(two.len(), 2);
        assert!(two[1].is_group_end());
        // "()" is not a list of one or more addresses: the "(" of an address is wanted at 1.
        let e = parse(b"()\r\n", &o, Cursor::address_list).unwrap_err();
        assert_eq!(e.offset, 1);
        // A SP between addresses: strict refuses it at the SP (offset 18), lenient takes it.
        let spaced = b"((NIL NIL \"a\" \"b\") (NIL NIL \"c\" \"d\"))\r\n";
        assert_eq!(
            parse(spaced, &o, Cursor::address_list).unwrap_err().offset,
            18
        );
        let l = ParserOptions::lenient();
        assert_eq!(parse(spaced, &l, Cursor::address_list).unwrap().len(), 2);
    }

    #[test]
    fn optional_fields_and_padding() {
        let o = ParserOptions::default();
        let l = ParserOptions::lenient();
        let mut c = Cursor::new(b" NIL) ", &o);
        assert!(c.more());
        assert_eq!(c.pos, 1);
        let mut c = Cursor::new(b")", &o);
        assert!(!c.more());
        // Strict: a SP is always a field separator; lenient: SPs before ")" are padding.
        let mut c = Cursor::new(b"  )", &o);
        assert!(c.more());
        assert_eq!(c.pos, 1);
        let mut c = Cursor::new(b"  )", &l);
        assert!(!c.more());
        assert_eq!(c.pos, 0);
        let mut c = Cursor::new(b"  NIL", &l);
        assert!(c.more());
        assert_eq!(c.pos, 2);
    }

    #[test]
    fn numbers_and_quirks() {
        let o = ParserOptions::default();
        let l = ParserOptions::lenient();
        assert_eq!(
            parse(b"18446744073709551615\r\n", &o, Cursor::u64_number),
            Ok(u64::MAX)
        );
        assert_eq!(
            parse(b"18446744073709551616\r\n", &o, Cursor::u64_number)
                .unwrap_err()
                .kind,
            ErrorKind::NumberOverflow
        );
        assert_eq!(parse(b"-1\r\n", &l, Cursor::body_lines), Ok(0));
        assert!(parse(b"-1\r\n", &o, Cursor::body_lines).is_err());
        assert!(parse(b"-12\r\n", &l, Cursor::body_lines).is_err());
        assert_eq!(
            parse(b"NIL\r\n", &l, |c| c.media_string("x")),
            Ok(IString::from_valid(b""))
        );
        assert_eq!(
            parse(b"NIL\r\n", &o, |c| c.media_string("x")).unwrap_err(),
            Error::expected(0, "x")
        );
    }

    #[test]
    fn fields_and_extension_parts() {
        let o = ParserOptions::default();
        let f = parse(
            b"(\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") \"<id>\" \"Compiler diff\" \"BASE64\" 4554\r\n",
            &o,
            Cursor::body_fields,
        )
        .unwrap();
        assert_eq!(
            f,
            BodyFields {
                params: vec![(s("CHARSET"), s("US-ASCII")), (s("NAME"), s("cc.diff"))],
                id: Some(s("<id>")),
                description: Some(s("Compiler diff")),
                encoding: BodyEncoding::Base64,
                octets: 4554,
            }
        );
        // The encoding is a string; an atom is refused at its first byte.
        let e = parse(b"NIL NIL NIL 7BIT 1\r\n", &o, Cursor::body_fields).unwrap_err();
        assert_eq!(e, Error::expected(12, "body encoding (a string)"));
        assert_eq!(
            parse(b"(\"en\" \"de\")\r\n", &o, Cursor::language),
            Ok(Language::List(NonEmpty::from_vec(vec![s("en"), s("de")])))
        );
        assert_eq!(
            parse(b"NIL\r\n", &o, Cursor::language),
            Ok(Language::Single(None))
        );
        assert_eq!(
            parse(b"(\"a\" (1 NIL) 2)\r\n", &o, Cursor::body_extension),
            Ok(BodyExtension::List(NonEmpty::from_vec(vec![
                BodyExtension::String(Some(s("a"))),
                BodyExtension::List(NonEmpty::from_vec(vec![
                    BodyExtension::Number(1),
                    BodyExtension::String(None),
                ])),
                BodyExtension::Number(2),
            ])))
        );
        assert!(parse(b"()\r\n", &o, Cursor::body_extension).is_err());
        assert_eq!(
            parse(b"(\"inline\" NIL)\r\n", &o, Cursor::disposition),
            Ok(Some(Disposition {
                kind: s("inline"),
                params: vec![],
            }))
        );
    }

    #[test]
    fn depth_is_counted_per_body_and_extension_list() {
        // max_depth 2: a multipart of leaves nests two levels; a third level is refused at
        // the "(" that would open it.
        let o = ParserOptions::new().max_depth(2);
        let two = b"((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1) \"MIXED\")\r\n";
        assert!(parse(two, &o, Cursor::body).is_ok());
        let three = b"(((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1) \"A\") \"MIXED\")\r\n";
        let e = parse(three, &o, Cursor::body).unwrap_err();
        assert_eq!((e.offset, e.kind), (2, ErrorKind::TooDeep { limit: 2 }));
        // A single part (depth 1) with an extension list (depth 2) and a nested one (3).
        let ext = b"(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1 NIL NIL NIL NIL (1 (2)))\r\n";
        let e = parse(ext, &o, Cursor::body).unwrap_err();
        assert_eq!((e.offset, e.kind), (58, ErrorKind::TooDeep { limit: 2 }));
        // The depth is given back: siblings at the limit are fine.
        let siblings = b"(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1 NIL NIL NIL NIL (1) (2))\r\n";
        assert!(parse(siblings, &o, Cursor::body).is_ok());
    }

    #[test]
    fn counts_are_limited() {
        let o = ParserOptions::new().max_items(2);
        let e = parse(
            b"((NIL NIL \"a\" \"b\")(NIL NIL \"a\" \"b\")(NIL NIL \"a\" \"b\"))\r\n",
            &o,
            Cursor::address_list,
        )
        .unwrap_err();
        assert!(matches!(e.kind, ErrorKind::TooMany { limit: 2, .. }));
        let e = parse(
            b"(\"a\" \"1\" \"b\" \"2\" \"c\" \"3\")\r\n",
            &o,
            Cursor::body_params,
        )
        .unwrap_err();
        assert!(matches!(e.kind, ErrorKind::TooMany { limit: 2, .. }));
    }
}
