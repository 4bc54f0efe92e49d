//! Writing search keys and the SEARCH, SORT and THREAD arguments: names in upper case,
//! strings in the form the [`Writer`] picks, dates as `d-Mon-yyyy`.

use crate::encode::core::Writer;

use crate::types::search::{
    EntryType, ModSeqEntry, PartialRange, ReturnOptOther, SearchCommand, SearchKey,
    SearchReturnOpt, SortCommand, SortCriterion, SortKey, ThreadCommand,
};

/// Keys separated by SP.
fn write_keys(w: &mut Writer, keys: &[SearchKey<'_>]) {
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            w.raw(b" ");
        }
        k.write(w);
    }
}

/// `RETURN (…) ` when present.
fn write_ret(w: &mut Writer, ret: Option<&[SearchReturnOpt<'_>]>) {
    let Some(ret) = ret else { return };
    w.raw(b"RETURN (");
    for (i, o) in ret.iter().enumerate() {
        if i > 0 {
            w.raw(b" ");
        }
        o.write(w);
    }
    w.raw(b") ");
}

/// Writes a key's arguments.
type ArgWriter<'f> = dyn Fn(&mut Writer) + 'f;

impl SearchKey<'_> {
    /// Writes the key.
    pub(crate) fn write(&self, w: &mut Writer) {
        use SearchKey as K;
        let (name, rest): (&[u8], Option<&ArgWriter<'_>>) = match self {
            K::All => (b"ALL", None),
            K::Answered => (b"ANSWERED", None),
            K::Bcc(s) => (b"BCC", Some(&|w| w.astring(s))),
            K::Before(d) => (b"BEFORE", Some(&|w| w.date(d))),
            K::Body(s) => (b"BODY", Some(&|w| w.astring(s))),
            K::Cc(s) => (b"CC", Some(&|w| w.astring(s))),
            K::Deleted => (b"DELETED", None),
            K::Draft => (b"DRAFT", None),
            K::Flagged => (b"FLAGGED", None),
            K::From(s) => (b"FROM", Some(&|w| w.astring(s))),
            K::Header(n, v) => (
                b"HEADER",
                Some(&|w| {
                    w.astring(n);
                    w.raw(b" ");
                    w.astring(v);
                }),
            ),
            K::Keyword(a) => (b"KEYWORD", Some(&|w| w.raw(a.as_bytes()))),
            K::Larger(n) => (b"LARGER", Some(&|w| w.number(n.get()))),
            K::New => (b"NEW", None),
            K::Not(k) => (b"NOT", Some(&|w| k.write(w))),
            K::Old => (b"OLD", None),
            K::On(d) => (b"ON", Some(&|w| w.date(d))),
            K::Or(a, b) => (
                b"OR",
                Some(&|w| {
                    a.write(w);
                    w.raw(b" ");
                    b.write(w);
                }),
            ),
            K::Recent => (b"RECENT", None),
            K::Seen => (b"SEEN", None),
            K::SentBefore(d) => (b"SENTBEFORE", Some(&|w| w.date(d))),
            K::SentOn(d) => (b"SENTON", Some(&|w| w.date(d))),
            K::SentSince(d) => (b"SENTSINCE", Some(&|w| w.date(d))),
            K::Since(d) => (b"SINCE", Some(&|w| w.date(d))),
            K::Smaller(n) => (b"SMALLER", Some(&|w| w.number(n.get()))),
            K::Subject(s) => (b"SUBJECT", Some(&|w| w.astring(s))),
            K::Text(s) => (b"TEXT", Some(&|w| w.astring(s))),
            K::To(s) => (b"TO", Some(&|w| w.astring(s))),
            K::Uid(set) => (b"UID", Some(&|w| w.raw(set.as_str().as_bytes()))),
            K::Unanswered => (b"UNANSWERED", None),
            K::Undeleted => (b"UNDELETED", None),
            K::Undraft => (b"UNDRAFT", None),
            K::Unflagged => (b"UNFLAGGED", None),
            K::Unkeyword(a) => (b"UNKEYWORD", Some(&|w| w.raw(a.as_bytes()))),
            K::Unseen => (b"UNSEEN", None),
            K::SequenceSet(set) => {
                w.raw(set.as_str().as_bytes());
                return;
            }
            K::And(keys) => {
                w.raw(b"(");
                write_keys(w, keys);
                w.raw(b")");
                return;
            }
            K::ModSeq { entry, modseq } => {
                w.raw(b"MODSEQ ");
                if let Some(e) = entry {
                    e.write(w);
                    w.raw(b" ");
                }
                w.number(modseq.get());
                return;
            }
            K::Older(n) => (b"OLDER", Some(&|w| w.number(u64::from(n.get())))),
            K::Younger(n) => (b"YOUNGER", Some(&|w| w.number(u64::from(n.get())))),
            K::SavedBefore(d) => (b"SAVEDBEFORE", Some(&|w| w.date(d))),
            K::SavedOn(d) => (b"SAVEDON", Some(&|w| w.date(d))),
            K::SavedSince(d) => (b"SAVEDSINCE", Some(&|w| w.date(d))),
            K::SaveDateSupported => (b"SAVEDATESUPPORTED", None),
            K::EmailId(o) => (b"EMAILID", Some(&|w| w.raw(o.as_str().as_bytes()))),
            K::ThreadId(o) => (b"THREADID", Some(&|w| w.raw(o.as_str().as_bytes()))),
            K::Fuzzy(k) => (b"FUZZY", Some(&|w| k.write(w))),
            K::GmailRaw(s) => (b"X-GM-RAW", Some(&|w| w.astring(s))),
            K::GmailMsgId(n) => (b"X-GM-MSGID", Some(&|w| w.number(*n))),
            K::GmailThrId(n) => (b"X-GM-THRID", Some(&|w| w.number(*n))),
            K::GmailLabels(s) => (b"X-GM-LABELS", Some(&|w| w.astring(s))),
        };
        w.raw(name);
        if let Some(f) = rest {
            w.raw(b" ");
            f(w);
        }
    }
}

impl ModSeqEntry<'_> {
    /// `"/flags/<flag>" SP entry-type-req`, the flag's backslash escaped.
    fn write(&self, w: &mut Writer) {
        // Flag names are atoms: only the backslash needs escaping.
        w.raw(b"\"/flags/");
        let (slash, name) = self.flag.parts();
        if slash {
            w.raw(b"\\\\");
        }
        w.raw(name.as_bytes());
        w.raw(match self.entry_type {
            EntryType::Private => b"\" priv",
            EntryType::Shared => b"\" shared",
            EntryType::All => b"\" all",
        });
    }
}

impl SearchReturnOpt<'_> {
    /// Writes the option.
    pub(crate) fn write(&self, w: &mut Writer) {
        match self {
            Self::Min => w.raw(b"MIN"),
            Self::Max => w.raw(b"MAX"),
            Self::All => w.raw(b"ALL"),
            Self::Count => w.raw(b"COUNT"),
            Self::Save => w.raw(b"SAVE"),
            Self::Context => w.raw(b"CONTEXT"),
            Self::Update => w.raw(b"UPDATE"),
            Self::Partial(r) => {
                w.raw(b"PARTIAL ");
                r.write(w);
            }
            Self::Other(o) => o.write(w),
        }
    }
}

impl PartialRange {
    /// `a:b` or `-a:-b`.
    fn write(&self, w: &mut Writer) {
        let (minus, a, b): (&[u8], _, _) = match self {
            Self::First(a, b) => (b"", a, b),
            Self::Last(a, b) => (b"-", a, b),
        };
        w.raw(minus);
        w.number(u64::from(a.get()));
        w.raw(b":");
        w.raw(minus);
        w.number(u64::from(b.get()));
    }
}

impl ReturnOptOther<'_> {
    /// The name and the parameters as sent; a literal in them is made known to the writer
    /// (a synchronizing one is a place where the client waits).
    fn write(&self, w: &mut Writer) {
        w.raw(self.name().as_bytes());
        if let Some(a) = self.args() {
            w.raw(b" ");
            crate::encode::command::write_kept(w, a);
        }
    }
}

impl SortCriterion {
    /// `[REVERSE SP] sort-key`.
    fn write(&self, w: &mut Writer) {
        if self.reverse {
            w.raw(b"REVERSE ");
        }
        w.raw(match self.key {
            SortKey::Arrival => b"ARRIVAL",
            SortKey::Cc => b"CC",
            SortKey::Date => b"DATE",
            SortKey::From => b"FROM",
            SortKey::Size => b"SIZE",
            SortKey::Subject => b"SUBJECT",
            SortKey::To => b"TO",
            SortKey::DisplayFrom => b"DISPLAYFROM",
            SortKey::DisplayTo => b"DISPLAYTO",
            SortKey::Relevancy => b"RELEVANCY",
        });
    }
}

impl SearchCommand<'_> {
    /// `[RETURN (…) SP] [CHARSET charset SP] keys`.
    pub(crate) fn write(&self, w: &mut Writer) {
        write_ret(w, self.ret.as_deref());
        if let Some(c) = &self.charset {
            w.raw(b"CHARSET ");
            w.charset(c);
            w.raw(b" ");
        }
        write_keys(w, &self.keys);
    }
}

impl SortCommand<'_> {
    /// `[RETURN (…) SP] (criteria) SP charset SP keys`.
    pub(crate) fn write(&self, w: &mut Writer) {
        write_ret(w, self.ret.as_deref());
        w.raw(b"(");
        for (i, c) in self.criteria.as_slice().iter().enumerate() {
            if i > 0 {
                w.raw(b" ");
            }
            c.write(w);
        }
        w.raw(b") ");
        w.charset(&self.charset);
        w.raw(b" ");
        write_keys(w, &self.keys);
    }
}

impl ThreadCommand<'_> {
    /// `algorithm SP charset SP keys`.
    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(self.algorithm.as_str().as_bytes());
        w.raw(b" ");
        w.charset(&self.charset);
        w.raw(b" ");
        write_keys(w, &self.keys);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::core::EncodeOptions;

    fn written(f: impl FnOnce(&mut Writer)) -> Vec<u8> {
        let mut w = Writer::new(EncodeOptions::default());
        f(&mut w);
        w.finish().into_bytes()
    }

    #[test]
    fn dates_and_charsets() {
        // RFC 9051 §9: date-day = 1*2DIGIT, date-year = 4DIGIT.
        use crate::types::core::{Charset, Date};
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert_eq!(written(|w| w.date(&d(1994, 2, 1))), b"1-Feb-1994");
        assert_eq!(written(|w| w.date(&d(7, 10, 31))), b"31-Oct-0007");
        assert_eq!(written(|w| w.date(&d(9999, 12, 9))), b"9-Dec-9999");
        // charset = atom / quoted.
        let c = |s: &'static str| Charset::new(s).unwrap();
        assert_eq!(written(|w| w.charset(&c("UTF-8"))), b"UTF-8");
        assert_eq!(written(|w| w.charset(&c("a b"))), b"\"a b\"");
        assert_eq!(written(|w| w.charset(&c("a\"\\"))), b"\"a\\\"\\\\\"");
    }

    #[test]
    fn partial_ranges_and_criteria() {
        let n = |v| std::num::NonZeroU32::new(v).unwrap();
        let r = SearchReturnOpt::Partial(PartialRange::Last(n(1), n(100)));
        assert_eq!(written(|w| r.write(w)), b"PARTIAL -1:-100");
        let c = SortCriterion {
            reverse: true,
            key: SortKey::DisplayFrom,
        };
        assert_eq!(written(|w| c.write(w)), b"REVERSE DISPLAYFROM");
    }
}
