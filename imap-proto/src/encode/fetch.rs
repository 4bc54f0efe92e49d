//! Writers for FETCH items, sections and partial ranges.

use std::borrow::Cow;
use std::num::NonZeroU32;

use crate::encode::core::Writer;
use crate::types::core::{Binary, FlagFetch, Number64};
use crate::types::fetch::{
    FetchAttr, FetchData, FetchItem, FetchItems, GmLabel, MessageData, Partial, Section,
    SectionText,
};

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
        w.number(self.offset.get());
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
                w.raw(name.as_bytes());
                if let Some(a) = args {
                    w.raw(b" ");
                    // Literals in the kept arguments are made known to the writer, so a
                    // client waits before a synchronizing one.
                    a.write(w);
                }
                return;
            }
        };
        w.raw(word);
    }
}

impl GmLabel<'_> {
    /// `\` atom for a system label, an astring for a user label.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::System(a) => {
                w.raw(b"\\");
                w.raw(a.as_bytes());
            }
            Self::Name(s) => w.astring(s),
        }
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

impl FetchData<'_> {
    /// `nz-number SP "FETCH" SP msg-att` (the response writer adds `* ` and CRLF).
    pub(crate) fn write(&self, w: &mut Writer) {
        w.number(u64::from(self.seq.get()));
        w.raw(b" FETCH (");
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                w.raw(b" ");
            }
            item.write(w);
        }
        w.raw(b")");
    }
}

/// `<origin>` when there is one.
fn write_origin(w: &mut Writer, origin: Option<u64>) {
    if let Some(o) = origin {
        w.raw(b"<");
        w.number(o);
        w.raw(b">");
    }
}

/// `nstring` for message data; with `eight`, data holding NUL becomes a `literal8`.
fn write_data(w: &mut Writer, d: &MessageData<'_>, eight: bool) {
    match d {
        None => w.raw(b"NIL"),
        Some(b) if eight && memchr::memchr(0, b).is_some() => {
            w.literal8(&Binary(Cow::Borrowed(b)));
        }
        Some(b) => w.string_bytes(b),
    }
}

impl FetchItem<'_> {
    /// One `msg-att` item.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::Flags(f) => {
                w.raw(b"FLAGS (");
                for (i, flag) in f.iter().enumerate() {
                    if i > 0 {
                        w.raw(b" ");
                    }
                    match flag {
                        FlagFetch::Flag(flag) => w.flag(flag),
                        FlagFetch::Recent => w.raw(b"\\Recent"),
                        FlagFetch::Bracketed(s) => w.raw(s.as_bytes()),
                    }
                }
                w.raw(b")");
            }
            Self::Envelope(e) => {
                w.raw(b"ENVELOPE ");
                e.write(w);
            }
            Self::InternalDate(d) => {
                w.raw(b"INTERNALDATE ");
                w.date_time(d);
            }
            Self::Rfc822Size(n) => {
                w.raw(b"RFC822.SIZE ");
                w.number(n.get());
            }
            Self::Rfc822(d) => {
                w.raw(b"RFC822 ");
                write_data(w, d, false);
            }
            Self::Rfc822Header(d) => {
                w.raw(b"RFC822.HEADER ");
                write_data(w, d, false);
            }
            Self::Rfc822Text(d) => {
                w.raw(b"RFC822.TEXT ");
                write_data(w, d, false);
            }
            Self::Body(b) => {
                w.raw(b"BODY ");
                b.write(w);
            }
            Self::BodyStructure(b) => {
                w.raw(b"BODYSTRUCTURE ");
                b.write(w);
            }
            Self::BodySection {
                section,
                origin,
                data,
            } => {
                w.raw(b"BODY");
                section.write(w);
                write_origin(w, origin.map(Number64::get));
                w.raw(b" ");
                write_data(w, data, false);
            }
            Self::Binary { part, origin, data } => {
                w.raw(b"BINARY");
                write_section_binary(w, part);
                write_origin(w, origin.map(Number64::get));
                w.raw(b" ");
                write_data(w, data, true);
            }
            Self::BinarySize { part, size } => {
                w.raw(b"BINARY.SIZE");
                write_section_binary(w, part);
                w.raw(b" ");
                w.number(size.get());
            }
            Self::Uid(u) => {
                w.raw(b"UID ");
                w.number(u64::from(u.get()));
            }
            Self::ModSeq(m) => {
                w.raw(b"MODSEQ (");
                w.number(m.get());
                w.raw(b")");
            }
            Self::EmailId(id) => {
                w.raw(b"EMAILID (");
                w.raw(id.as_str().as_bytes());
                w.raw(b")");
            }
            Self::ThreadId(None) => w.raw(b"THREADID NIL"),
            Self::ThreadId(Some(id)) => {
                w.raw(b"THREADID (");
                w.raw(id.as_str().as_bytes());
                w.raw(b")");
            }
            Self::SaveDate(None) => w.raw(b"SAVEDATE NIL"),
            Self::SaveDate(Some(d)) => {
                w.raw(b"SAVEDATE ");
                w.date_time(d);
            }
            Self::Preview(p) => {
                w.raw(b"PREVIEW ");
                w.nstring(p.as_ref());
            }
            Self::GmMsgId(n) => {
                w.raw(b"X-GM-MSGID ");
                w.number(*n);
            }
            Self::GmThrId(n) => {
                w.raw(b"X-GM-THRID ");
                w.number(*n);
            }
            Self::GmLabels(l) => {
                w.raw(b"X-GM-LABELS (");
                for (i, label) in l.iter().enumerate() {
                    if i > 0 {
                        w.raw(b" ");
                    }
                    label.write(w);
                }
                w.raw(b")");
            }
            Self::Other { name, value } => {
                w.raw(name.as_bytes());
                w.raw(b" ");
                w.raw(value.as_bytes());
            }
        }
    }
}
