//! Writers for FETCH items, sections and partial ranges.

use std::num::NonZeroU32;

use crate::encode::core::Writer;
use crate::types::fetch::{FetchAttr, FetchItems, Partial, Section, SectionText};

/// `1.2.3`.
fn write_part(w: &mut Writer, part: &[NonZeroU32]) {
    for (i, n) in part.iter().enumerate() {
        if i > 0 {
            w.raw(b".");
        }
        w.number(u64::from(n.get()));
    }
}

impl Section<'_> {
    /// `[section-spec]`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(b"[");
        write_part(w, &self.part);
        if let Some(t) = &self.text {
            if !self.part.is_empty() {
                w.raw(b".");
            }
            t.write(w);
        }
        w.raw(b"]");
    }
}

impl SectionText<'_> {
    /// `section-text`.
    pub(crate) fn write(&self, w: &mut Writer) {
        let (word, fields): (&[u8], _) = match self {
            Self::Header => (b"HEADER", None),
            Self::HeaderFields(f) => (b"HEADER.FIELDS (", Some(f)),
            Self::HeaderFieldsNot(f) => (b"HEADER.FIELDS.NOT (", Some(f)),
            Self::Text => (b"TEXT", None),
            Self::Mime => (b"MIME", None),
        };
        w.raw(word);
        if let Some(f) = fields {
            for (i, name) in f.iter().enumerate() {
                if i > 0 {
                    w.raw(b" ");
                }
                w.astring(name);
            }
            w.raw(b")");
        }
    }
}

/// `[part]` of `section-binary`.
pub(crate) fn write_section_binary(w: &mut Writer, part: &[NonZeroU32]) {
    w.raw(b"[");
    write_part(w, part);
    w.raw(b"]");
}

impl Partial {
    /// `<offset.length>`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(b"<");
        w.number(self.offset);
        w.raw(b".");
        w.number(self.length.get());
        w.raw(b">");
    }
}

impl FetchAttr<'_> {
    /// `fetch-att`.
    pub(crate) fn write(&self, w: &mut Writer) {
        let word: &[u8] = match self {
            Self::Envelope => b"ENVELOPE",
            Self::Flags => b"FLAGS",
            Self::InternalDate => b"INTERNALDATE",
            Self::Rfc822 => b"RFC822",
            Self::Rfc822Header => b"RFC822.HEADER",
            Self::Rfc822Size => b"RFC822.SIZE",
            Self::Rfc822Text => b"RFC822.TEXT",
            Self::Body => b"BODY",
            Self::BodyStructure => b"BODYSTRUCTURE",
            Self::Uid => b"UID",
            Self::ModSeq => b"MODSEQ",
            Self::EmailId => b"EMAILID",
            Self::ThreadId => b"THREADID",
            Self::SaveDate => b"SAVEDATE",
            Self::Preview { lazy: false } => b"PREVIEW",
            Self::Preview { lazy: true } => b"PREVIEW (LAZY)",
            Self::GmMsgId => b"X-GM-MSGID",
            Self::GmThrId => b"X-GM-THRID",
            Self::GmLabels => b"X-GM-LABELS",
            Self::BodySection {
                peek,
                section,
                partial,
            } => {
                w.raw(if *peek { b"BODY.PEEK" } else { b"BODY" });
                section.write(w);
                if let Some(p) = partial {
                    p.write(w);
                }
                return;
            }
            Self::Binary {
                peek,
                part,
                partial,
            } => {
                w.raw(if *peek { b"BINARY.PEEK" } else { b"BINARY" });
                write_section_binary(w, part);
                if let Some(p) = partial {
                    p.write(w);
                }
                return;
            }
            Self::BinarySize { part } => {
                w.raw(b"BINARY.SIZE");
                write_section_binary(w, part);
                return;
            }
            Self::Other { name, args } => {
                w.raw(name.as_str().as_bytes());
                if let Some(a) = args {
                    w.raw(b" ");
                    w.raw(a);
                }
                return;
            }
        };
        w.raw(word);
    }
}

impl FetchItems<'_> {
    /// The FETCH item argument.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::All => w.raw(b"ALL"),
            Self::Fast => w.raw(b"FAST"),
            Self::Full => w.raw(b"FULL"),
            Self::One(a) => a.write(w),
            Self::List(v) => {
                w.raw(b"(");
                for (i, a) in v.iter().enumerate() {
                    if i > 0 {
                        w.raw(b" ");
                    }
                    a.write(w);
                }
                w.raw(b")");
            }
        }
    }
}
