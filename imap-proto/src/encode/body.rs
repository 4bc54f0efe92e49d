//! Writing ENVELOPE, address lists, BODY and BODYSTRUCTURE in the RFC 9051 §9 / RFC 3501
//! §9 grammar: single SPs, no SP between the addresses of a list or the parts of a
//! multipart, `NIL` for an empty address or parameter list, strings quoted or as literals
//! (never atoms: these fields are `string` / `nstring`), `TEXT` and `MESSAGE` and the known
//! encodings quoted in upper case.

use crate::encode::core::Writer;
use crate::types::body::{
    Address, BasicType, BodyEncoding, BodyExtension, BodyFields, BodyParams, BodyStructure,
    Disposition, DispositionExt, Envelope, Language, MultiPart, PartKind, SinglePart,
};

/// `"(" 1*address ")" / nil`.
fn write_addresses(w: &mut Writer, list: &[Address<'_>]) {
    if list.is_empty() {
        w.raw(b"NIL");
        return;
    }
    w.raw(b"(");
    for a in list {
        a.write(w);
    }
    w.raw(b")");
}

/// `body-fld-param`: `NIL` when empty.
fn write_params(w: &mut Writer, params: &BodyParams<'_>) {
    if params.is_empty() {
        w.raw(b"NIL");
        return;
    }
    w.raw(b"(");
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            w.raw(b" ");
        }
        w.string(k);
        w.raw(b" ");
        w.string(v);
    }
    w.raw(b")");
}

impl Address<'_> {
    /// `"(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(b"(");
        w.nstring(self.name.as_ref());
        w.raw(b" ");
        w.nstring(self.adl.as_ref());
        w.raw(b" ");
        w.nstring(self.mailbox.as_ref());
        w.raw(b" ");
        w.nstring(self.host.as_ref());
        w.raw(b")");
    }
}

impl Envelope<'_> {
    /// `envelope`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(b"(");
        w.nstring(self.date.as_ref());
        w.raw(b" ");
        w.nstring(self.subject.as_ref());
        for list in [
            &self.from,
            &self.sender,
            &self.reply_to,
            &self.to,
            &self.cc,
            &self.bcc,
        ] {
            w.raw(b" ");
            write_addresses(w, list);
        }
        w.raw(b" ");
        w.nstring(self.in_reply_to.as_ref());
        w.raw(b" ");
        w.nstring(self.message_id.as_ref());
        w.raw(b")");
    }
}

impl BodyStructure<'_> {
    /// `body`.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::Single(p) => p.write(w),
            Self::Multi(m) => m.write(w),
        }
    }
}

impl BasicType<'_> {
    /// `media-basic`.
    fn write(&self, w: &mut Writer) {
        w.string(self.media_type());
        w.raw(b" ");
        w.string(self.subtype());
    }
}

impl SinglePart<'_> {
    /// `"(" body-type-1part ")"`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(b"(");
        match &self.kind {
            PartKind::Basic(t) => t.write(w),
            PartKind::Text { subtype, .. } => {
                w.raw(b"\"TEXT\" ");
                w.string(subtype);
            }
            PartKind::Message { subtype, .. } => {
                w.raw(b"\"MESSAGE\" \"");
                w.raw(subtype.as_bytes());
                w.raw(b"\"");
            }
        }
        w.raw(b" ");
        self.fields.write(w);
        match &self.kind {
            PartKind::Basic(_) => {}
            PartKind::Text { lines, .. } => {
                w.raw(b" ");
                w.number(*lines);
            }
            PartKind::Message {
                envelope,
                body,
                lines,
                ..
            } => {
                w.raw(b" ");
                envelope.write(w);
                w.raw(b" ");
                body.write(w);
                w.raw(b" ");
                w.number(*lines);
            }
        }
        if let Some(ext) = &self.extension {
            w.raw(b" ");
            w.nstring(ext.md5.as_ref());
            if let Some(rest) = &ext.rest {
                rest.write(w);
            }
        }
        w.raw(b")");
    }
}

impl MultiPart<'_> {
    /// `"(" body-type-mpart ")"`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(b"(");
        for part in &self.parts {
            part.write(w);
        }
        w.raw(b" ");
        w.string(&self.subtype);
        if let Some(ext) = &self.extension {
            w.raw(b" ");
            write_params(w, &ext.params);
            if let Some(rest) = &ext.rest {
                rest.write(w);
            }
        }
        w.raw(b")");
    }
}

impl BodyFields<'_> {
    /// `body-fields`.
    pub(crate) fn write(&self, w: &mut Writer) {
        write_params(w, &self.params);
        w.raw(b" ");
        w.nstring(self.id.as_ref());
        w.raw(b" ");
        w.nstring(self.description.as_ref());
        w.raw(b" ");
        self.encoding.write(w);
        w.raw(b" ");
        w.number(u64::from(self.octets));
    }
}

impl BodyEncoding<'_> {
    /// `body-fld-enc`: a known name quoted in upper case, any other as a string.
    fn write(&self, w: &mut Writer) {
        match self {
            Self::Other(o) => w.string(o.as_string()),
            known => {
                w.raw(b"\"");
                w.raw(known.as_bytes());
                w.raw(b"\"");
            }
        }
    }
}

impl DispositionExt<'_> {
    /// `SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]`.
    fn write(&self, w: &mut Writer) {
        w.raw(b" ");
        match &self.disposition {
            Some(d) => d.write(w),
            None => w.raw(b"NIL"),
        }
        let Some(lang) = &self.rest else { return };
        w.raw(b" ");
        lang.language.write(w);
        let Some(loc) = &lang.rest else { return };
        w.raw(b" ");
        w.nstring(loc.location.as_ref());
        for e in &loc.extensions {
            w.raw(b" ");
            e.write(w);
        }
    }
}

impl Disposition<'_> {
    /// `"(" string SP body-fld-param ")"`.
    fn write(&self, w: &mut Writer) {
        w.raw(b"(");
        w.string(&self.kind);
        w.raw(b" ");
        write_params(w, &self.params);
        w.raw(b")");
    }
}

impl Language<'_> {
    /// `body-fld-lang`.
    fn write(&self, w: &mut Writer) {
        match self {
            Self::Single(s) => w.nstring(s.as_ref()),
            Self::List(tags) => {
                w.raw(b"(");
                for (i, t) in tags.iter().enumerate() {
                    if i > 0 {
                        w.raw(b" ");
                    }
                    w.string(t);
                }
                w.raw(b")");
            }
        }
    }
}

impl BodyExtension<'_> {
    /// `body-extension`.
    fn write(&self, w: &mut Writer) {
        match self {
            Self::String(s) => w.nstring(s.as_ref()),
            Self::Number(n) => w.number(*n),
            Self::List(items) => {
                w.raw(b"(");
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        w.raw(b" ");
                    }
                    e.write(w);
                }
                w.raw(b")");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::encode::core::{EncodeOptions, Writer};
    use crate::types::body::{
        Address, BodyEncoding, BodyExtension, BodyFields, Envelope, Language, NonEmpty,
        OtherEncoding,
    };
    use crate::types::core::IString;

    fn s(v: &str) -> IString<'_> {
        IString::new(v.as_bytes()).unwrap()
    }

    fn written(f: impl FnOnce(&mut Writer)) -> Vec<u8> {
        let mut w = Writer::new(EncodeOptions::default());
        f(&mut w);
        w.finish().into_bytes()
    }

    #[test]
    fn forms() {
        // Empty lists are NIL; addresses are not separated.
        let env = Envelope {
            from: vec![Address::group_start(s("Team")), Address::group_end()],
            ..Envelope::default()
        };
        assert_eq!(
            written(|w| env.write(w)),
            b"(NIL NIL ((NIL NIL \"Team\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL)"
        );
        // Known encodings in upper case, others as given; an 8-bit description as a literal.
        let mut f = BodyFields::new(BodyEncoding::QuotedPrintable, 7);
        f.description = Some(IString::new(&b"caf\xc3\xa9"[..]).unwrap());
        assert_eq!(
            written(|w| f.write(w)),
            b"NIL NIL {5}\r\ncaf\xc3\xa9 \"QUOTED-PRINTABLE\" 7"
        );
        let f = BodyFields::new(
            BodyEncoding::Other(OtherEncoding::new(s("x-uuencode")).unwrap()),
            0,
        );
        assert_eq!(written(|w| f.write(w)), b"NIL NIL NIL \"x-uuencode\" 0");
        // Strings are never atoms, not even NIL-looking ones.
        assert_eq!(
            written(|w| Language::Single(Some(s("NIL"))).write(w)),
            b"\"NIL\""
        );
        let e = BodyExtension::List(NonEmpty::from_vec(vec![
            BodyExtension::Number(u64::MAX),
            BodyExtension::String(None),
            BodyExtension::String(Some(s("12"))),
        ]));
        assert_eq!(
            written(|w| e.write(w)),
            b"(18446744073709551615 NIL \"12\")"
        );
    }
}
