//! The structured reader and the basic IMAP values shared by the
//! `imap_proto_command_roundtrip` and `imap_proto_response_roundtrip` checks: a
//! [`Source`] reads fuzzer bytes in order (in the manner of `arbitrary::Unstructured`,
//! written here so the corpus replay needs no other crate; missing bytes read as zero),
//! and the functions below build tags, atoms, strings, mailboxes, sequence sets, flags,
//! dates, capabilities, object ids and sections through the crate's validating
//! constructors (`None` when a constructor refuses the candidate); and what both check
//! on every value written: the parser options with the limits lifted, and the fragments
//! of an `Encoded` against its bytes.
//!
//! Included with `#[path]` next to those checks, as `imap_values`, by the fuzz targets
//! and by `benches/tests/fuzz_corpus.rs`.

use std::num::NonZeroU32;

use imap_proto::ParserOptions;
use imap_proto::encode::core::{Encoded, Fragment};

use imap_proto::types::capability::Capability;
use imap_proto::types::core::{
    Atom, Date, DateTime, Flag, IString, Label, Mailbox, NonEmpty, Number64, ObjectId, SeqNumber,
    SeqRange, SequenceSet, Tag,
};
use imap_proto::types::fetch::{Section, SectionText};

/// Reads fuzzer bytes in order; missing bytes are zero.
pub(crate) struct Source<'a> {
    data: &'a [u8],
}

impl<'a> Source<'a> {
    /// A reader at the start of `data`.
    pub(crate) const fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    /// True when every byte has been read.
    pub(crate) const fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub(crate) fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    pub(crate) fn choose(&mut self, n: u8) -> u8 {
        self.byte() % n
    }

    pub(crate) fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    pub(crate) fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// Often small, sometimes any 32-bit value.
    pub(crate) fn num32(&mut self) -> u32 {
        if self.flag() {
            u32::from(self.byte())
        } else {
            self.u32()
        }
    }

    pub(crate) fn nz32(&mut self) -> Option<NonZeroU32> {
        NonZeroU32::new(self.num32())
    }

    pub(crate) fn u64(&mut self) -> u64 {
        u64::from(self.u32()) | (u64::from(self.u32()) << 32)
    }

    /// A 63-bit number, often small.
    pub(crate) fn num63(&mut self) -> u64 {
        match self.choose(4) {
            0 => u64::from(self.byte()),
            1 => MAX63,
            _ => self.u64() >> (1 + self.choose(63)),
        }
    }

    /// Any 64-bit number, often small or at the 63-bit edge (both sides of it).
    pub(crate) fn num64(&mut self) -> u64 {
        match self.choose(8) {
            0 | 1 => u64::from(self.byte()),
            2 => MAX63,
            3 => MAX63 + 1 + u64::from(self.byte()),
            4 => u64::MAX,
            _ => self.u64() >> self.choose(64),
        }
    }

    /// A `Number64` through its constructor (refused past 2⁶³ − 1).
    pub(crate) fn number64(&mut self) -> Option<Number64> {
        Number64::new(self.num64())
    }

    /// A length: mostly short, sometimes long.
    pub(crate) fn len(&mut self) -> usize {
        let b = self.byte();
        if b < 232 {
            usize::from(b % 12)
        } else {
            usize::from(b - 232) * 40
        }
    }

    pub(crate) fn pick(&mut self, table: &[u8]) -> Vec<u8> {
        let n = self.len();
        (0..n)
            .map(|_| table[usize::from(self.byte()) % table.len()])
            .collect()
    }

    /// Bytes from an alphabet the next byte chooses.
    pub(crate) fn bytes(&mut self) -> Vec<u8> {
        match self.choose(6) {
            0 => self.pick(SPECIAL),
            1 => {
                let n = self.len();
                (0..n).map(|_| self.byte()).collect()
            }
            2 => self.utf8().into_bytes(),
            _ => self.pick(ATOM),
        }
    }

    /// Text from letters and a few UTF-8 characters.
    pub(crate) fn utf8(&mut self) -> String {
        const CHARS: &[&str] = &["a", "Z", "0", " ", "é", "中", "&", "-", "/", "😀", "ü"];
        let n = self.len();
        (0..n)
            .map(|_| CHARS[usize::from(self.byte()) % CHARS.len()])
            .collect()
    }

    pub(crate) fn text(&mut self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }

    pub(crate) fn atom_text(&mut self) -> String {
        let mut v = self.pick(ATOM);
        if v.is_empty() {
            v.push(b'x');
        }
        String::from_utf8(v).unwrap_or_default()
    }
}

/// Atom characters (no atom-specials), a few with meanings elsewhere.
pub(crate) const ATOM: &[u8] = b"aAbBxXzZ019.-_+=!#$&'/?^`|~[<>:@;,";

/// Characters with a meaning in IMAP syntax.
pub(crate) const SPECIAL: &[u8] = b"\"\\(){}%*] \t\r\n+-~[.a1\x7f\x01";

/// Digits and the sequence-set characters.
pub(crate) const SEQ: &[u8] = b"0123456789:,*$";

/// The largest `number64` / `mod-sequence-value`.
pub(crate) const MAX63: u64 = i64::MAX as u64;

pub(crate) fn tag(src: &mut Source<'_>) -> Option<Tag<'static>> {
    if src.choose(4) == 0 {
        Tag::new(src.text()).ok()
    } else {
        Tag::new(src.atom_text()).ok()
    }
}

pub(crate) fn atom(src: &mut Source<'_>) -> Option<Atom<'static>> {
    if src.choose(4) == 0 {
        Atom::new(src.text()).ok()
    } else {
        Atom::new(src.atom_text()).ok()
    }
}

/// An atom that is not (in any case) one of `known`, nor starts with one of `prefixes`.
pub(crate) fn other_name(
    src: &mut Source<'_>,
    known: &[&str],
    prefixes: &[&str],
) -> Option<Atom<'static>> {
    let a = atom(src)?;
    let s = a.as_str();
    let up = s.to_ascii_uppercase();
    if known.iter().any(|k| k.eq_ignore_ascii_case(s))
        || prefixes
            .iter()
            .any(|p| up.starts_with(&p.to_ascii_uppercase()))
    {
        return None;
    }
    Some(a)
}

/// An RFC 4466 `tagged-ext-label` built by `Label::new` from an atom that is not one of
/// `known` (any atom is offered: `Label::new` refuses those that are no label).
pub(crate) fn label(src: &mut Source<'_>, known: &[&str]) -> Option<Label<'static>> {
    Label::new(other_name(src, known, &[])?.as_str().to_owned()).ok()
}

pub(crate) fn istring(src: &mut Source<'_>) -> Option<IString<'static>> {
    IString::new(src.bytes()).ok()
}

pub(crate) fn mailbox(src: &mut Source<'_>) -> Option<Mailbox<'static>> {
    match src.choose(5) {
        0 => Some(Mailbox::Inbox),
        1 => Some(Mailbox::from_utf7_name(&src.utf8())),
        2 => Mailbox::new(b"iNbOx".to_vec()).ok(),
        _ => Mailbox::new(src.bytes()).ok(),
    }
}

pub(crate) fn seq_number(src: &mut Source<'_>) -> Option<SeqNumber> {
    if src.choose(5) == 0 {
        Some(SeqNumber::Star)
    } else {
        Some(SeqNumber::Value(src.nz32()?))
    }
}

pub(crate) fn seqset(src: &mut Source<'_>) -> Option<SequenceSet<'static>> {
    match src.choose(6) {
        0 => Some(SequenceSet::saved_result()),
        1 => SequenceSet::new(String::from_utf8(src.pick(SEQ)).ok()?).ok(),
        _ => {
            let n = 1 + src.choose(4);
            let mut ranges = Vec::new();
            for _ in 0..n {
                let start = seq_number(src)?;
                let end = if src.flag() { seq_number(src)? } else { start };
                ranges.push(SeqRange { start, end });
            }
            SequenceSet::from_ranges(ranges)
        }
    }
}

pub(crate) fn flag(src: &mut Source<'_>) -> Option<Flag<'static>> {
    Some(match src.choose(8) {
        0 => Flag::Seen,
        1 => Flag::Answered,
        2 => Flag::Flagged,
        3 => Flag::Deleted,
        4 => Flag::Draft,
        5 => Flag::from_wire(&format!("\\{}", src.atom_text()))
            .ok()?
            .into_owned(),
        _ => Flag::from_wire(&src.text()).ok()?.into_owned(),
    })
}

pub(crate) fn date(src: &mut Source<'_>) -> Option<Date> {
    let year = (src.u32() % 10_000) as u16;
    Date::new(year, src.choose(13), src.choose(32)).ok()
}

pub(crate) fn date_time(src: &mut Source<'_>) -> Option<DateTime> {
    let d = date(src)?;
    let zone = (src.u32() as i16) % 6000;
    let time = (src.choose(25), src.choose(61), src.choose(62));
    if zone == 0 && src.flag() {
        DateTime::new_minus_zero(d, time).ok()
    } else {
        DateTime::new(d, time, zone).ok()
    }
}

pub(crate) fn capability(src: &mut Source<'_>) -> Option<Capability<'static>> {
    const NAMES: &[&str] = &[
        "IMAP4rev1",
        "IMAP4rev2",
        "AUTH=",
        "QUOTA=RES-",
        "THREAD=",
        "COMPRESS=",
        "RIGHTS=",
        "APPENDLIMIT=",
        "CONDSTORE",
        "QRESYNC",
        "UTF8=ACCEPT",
        "IDLE",
        "LITERAL+",
        "X-",
    ];
    let head = NAMES[usize::from(src.byte()) % NAMES.len()];
    let tail = if src.flag() {
        String::new()
    } else if src.flag() {
        src.num63().to_string()
    } else {
        src.atom_text()
    };
    Some(
        Capability::from_atom(&format!("{head}{tail}"))
            .ok()?
            .into_owned(),
    )
}

pub(crate) fn paren_bytes(src: &mut Source<'_>, literals: bool, depth: u8) -> Vec<u8> {
    let mut v = vec![b'('];
    let n = src.choose(4);
    for i in 0..n {
        if i > 0 {
            v.push(b' ');
        }
        match src.choose(7) {
            0 => v.extend_from_slice(src.num63().to_string().as_bytes()),
            1 => {
                v.push(b'"');
                for c in src.pick(b"ab \\\"()") {
                    if c == b'"' || c == b'\\' {
                        v.push(b'\\');
                    }
                    v.push(c);
                }
                v.push(b'"');
            }
            2 if literals => {
                // `literal` data is CHAR8: no NUL.
                let data: Vec<u8> = src.bytes().into_iter().map(|c| c.max(1)).collect();
                let plus = if src.flag() { "+" } else { "" };
                v.extend_from_slice(format!("{{{}{plus}}}\r\n", data.len()).as_bytes());
                v.extend_from_slice(&data);
            }
            3 if depth < 3 => v.extend_from_slice(&paren_bytes(src, literals, depth + 1)),
            // An atom (one starting with `~` is refused where `~` starts a literal8).
            _ => v.extend_from_slice(src.atom_text().as_bytes()),
        }
    }
    v.push(b')');
    v
}

/// A candidate for a value kept raw (`RawValue`, `FetchValue`, `RawData` …): mostly one
/// well-formed value — a number, an atom (perhaps starting with `~`), a quoted string, a
/// literal or `literal8` (sometimes announcing one octet more than it carries), a list —
/// sometimes bytes from any alphabet; the constructor decides.
pub(crate) fn raw_candidate(src: &mut Source<'_>) -> Vec<u8> {
    match src.choose(8) {
        0 => src.num63().to_string().into_bytes(),
        1 | 2 => src.atom_text().into_bytes(),
        3 => b"\"q \\\" (s\"".to_vec(),
        4 => {
            let eight = src.flag();
            let data: Vec<u8> = if eight {
                src.bytes()
            } else {
                // `literal` data is CHAR8: no NUL.
                src.bytes().into_iter().map(|c| c.max(1)).collect()
            };
            let short = usize::from(src.choose(8) == 0);
            let mut v = format!(
                "{}{{{}}}\r\n",
                if eight { "~" } else { "" },
                data.len() + short
            )
            .into_bytes();
            v.extend_from_slice(&data);
            v
        }
        5 => src.bytes(),
        _ => paren_bytes(src, true, 0),
    }
}

pub(crate) fn object_id(src: &mut Source<'_>) -> Option<ObjectId<'static>> {
    ObjectId::new(src.text()).ok()
}

pub(crate) fn part_path(src: &mut Source<'_>) -> Option<Vec<NonZeroU32>> {
    let n = src.choose(4);
    (0..n).map(|_| src.nz32()).collect()
}

pub(crate) fn section(src: &mut Source<'_>) -> Option<Section<'static>> {
    let part = part_path(src)?;
    let fields = |src: &mut Source<'_>| -> Option<NonEmpty<IString<'static>>> {
        let n = src.choose(4);
        NonEmpty::new((0..n).map(|_| istring(src)).collect::<Option<_>>()?)
    };
    let text = match src.choose(6) {
        0 => None,
        1 => Some(SectionText::Header),
        2 => Some(SectionText::HeaderFields(fields(src)?)),
        3 => Some(SectionText::HeaderFieldsNot(fields(src)?)),
        4 => Some(SectionText::Text),
        _ => Some(SectionText::Mime),
    };
    Section::new(part, text)
}

/// Options with every limit out of the way.
pub(crate) fn lifted() -> ParserOptions {
    ParserOptions::new()
        .max_line(usize::MAX / 2)
        .max_auth_line(usize::MAX / 2)
        .max_literal(u64::MAX / 2)
        .max_message(u64::MAX / 2)
        .max_literals(usize::MAX / 2)
        .max_items(usize::MAX / 2)
}

/// Checks the fragments against the bytes; the number of synchronizing literals.
pub(crate) fn sync_literals(enc: &Encoded) -> usize {
    let mut joined = Vec::new();
    let mut sync = 0;
    for f in enc.fragments() {
        match f {
            Fragment::Line(l) => {
                assert!(l.ends_with(b"\r\n"), "line fragment {l:?}");
                joined.extend_from_slice(l);
            }
            Fragment::Literal { data, sync: s } => {
                sync += usize::from(s);
                joined.extend_from_slice(data);
            }
        }
    }
    assert_eq!(joined, enc.as_bytes());
    assert_eq!(sync > 0, enc.has_sync_literal());
    sync
}

/// The FETCH item names an unknown item must not start with.
pub(crate) const FETCH_NAMES: &[&str] = &[
    "ENVELOPE",
    "FLAGS",
    "INTERNALDATE",
    "RFC822",
    "BODY",
    "UID",
    "BINARY",
    "MODSEQ",
    "EMAILID",
    "THREADID",
    "SAVEDATE",
    "PREVIEW",
    "X-GM-",
];

/// RFC 2971 ID parameters, in a command or a response: `NIL`, or up to three pairs of a
/// string and a string or `NIL`.
pub(crate) fn id_params(src: &mut Source<'_>) -> Option<Option<IdParams<'static>>> {
    if src.flag() {
        return Some(None);
    }
    let mut v = Vec::new();
    for _ in 0..src.choose(4) {
        let key = istring(src)?;
        let value = if src.flag() {
            Some(istring(src)?)
        } else {
            None
        };
        v.push((key, value));
    }
    Some(Some(v))
}

/// The pairs of an ID command or response.
pub(crate) type IdParams<'a> = Vec<(IString<'a>, Option<IString<'a>>)>;
