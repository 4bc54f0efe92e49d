//! Search keys and the SEARCH / SORT / THREAD arguments: known answers for every key and
//! option (written by hand from the RFC sections cited), the RFC examples
//! (`tests/rfc/*.txt`), the real client commands of the Dovecot captures
//! (`scripts/captures/imap-*.client.txt`), invalid inputs with their error offsets, depth
//! bombs on an 8 MiB stack, and write → parse identity (proptest).

use std::borrow::Cow;
use std::fs;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use imap_proto::encode::core::EncodeOptions;
use imap_proto::types::core::{
    Atom, Charset, Date, Flag, IString, NonEmpty, Number64, ObjectId, SeqNumber, SeqRange,
    SequenceSet,
};
use imap_proto::types::search::{
    EntryType, ModSeqEntry, PartialRange, ReturnOptOther, SearchCommand, SearchKey,
    SearchReturnOpt, SortCommand, SortCriteria, SortCriterion, SortKey, ThreadAlgorithm,
    ThreadCommand,
};
use imap_proto::{Error, ErrorKind, ParserOptions, Status};
use proptest::prelude::*;

#[path = "support/rfc.rs"]
mod rfc;

// ----- helpers -----

/// A list that is not empty.
fn ne<T>(v: Vec<T>) -> NonEmpty<T> {
    NonEmpty::new(v).unwrap()
}

fn s(v: &str) -> IString<'static> {
    IString::new(v.as_bytes().to_vec()).unwrap()
}

fn d(y: u16, m: u8, day: u8) -> Date {
    Date::new(y, m, day).unwrap()
}

fn set(v: &str) -> SequenceSet<'static> {
    SequenceSet::new(v.to_string()).unwrap()
}

fn atom(v: &str) -> Atom<'static> {
    Atom::new(v.to_string()).unwrap()
}

fn nz(v: u32) -> NonZeroU32 {
    NonZeroU32::new(v).unwrap()
}

fn cs(v: &str) -> Charset<'static> {
    Charset::new(v.to_string()).unwrap()
}

fn bx(k: SearchKey<'static>) -> Box<SearchKey<'static>> {
    Box::new(k)
}

/// `args` with CRLF appended, owned so the parsed value can borrow it.
fn line(args: &[u8]) -> Vec<u8> {
    let mut v = args.to_vec();
    v.extend_from_slice(b"\r\n");
    v
}

fn key(args: &[u8]) -> Result<SearchKey<'static>, Error> {
    let b = line(args);
    let o = ParserOptions::default();
    SearchKey::parse_args(&b, &o).map(SearchKey::into_owned)
}

fn search(args: &[u8]) -> Result<SearchCommand<'static>, Error> {
    let b = line(args);
    let o = ParserOptions::default();
    SearchCommand::parse_args(&b, &o).map(SearchCommand::into_owned)
}

fn sort(args: &[u8]) -> Result<SortCommand<'static>, Error> {
    let b = line(args);
    let o = ParserOptions::default();
    SortCommand::parse_args(&b, &o).map(SortCommand::into_owned)
}

fn thread(args: &[u8]) -> Result<ThreadCommand<'static>, Error> {
    let b = line(args);
    let o = ParserOptions::default();
    ThreadCommand::parse_args(&b, &o).map(ThreadCommand::into_owned)
}

fn expected(offset: usize) -> (usize, fn(&ErrorKind) -> bool) {
    (offset, |k| matches!(k, ErrorKind::Expected { .. }))
}

// ----- known answers: every key -----

#[test]
fn every_key_known_answers() {
    use SearchKey as K;
    // (input, expected), by hand from RFC 3501 §6.4.4 / RFC 9051 §6.4.4 and §9 (`search-key`)
    // and the extension sections named on each group.
    let table: Vec<(&[u8], SearchKey<'static>)> = vec![
        // RFC 3501 §6.4.4 / RFC 9051 §6.4.4: flags and simple keys.
        (b"ALL", K::All),
        (b"ANSWERED", K::Answered),
        (b"DELETED", K::Deleted),
        (b"DRAFT", K::Draft),
        (b"FLAGGED", K::Flagged),
        (b"NEW", K::New),       // RFC 3501 only
        (b"OLD", K::Old),       // RFC 3501 only
        (b"RECENT", K::Recent), // RFC 3501 only
        (b"SEEN", K::Seen),
        (b"UNANSWERED", K::Unanswered),
        (b"UNDELETED", K::Undeleted),
        (b"UNDRAFT", K::Undraft),
        (b"UNFLAGGED", K::Unflagged),
        (b"UNSEEN", K::Unseen),
        // Case-insensitive key names (RFC 9051 §9: ABNF strings are case-insensitive).
        (b"unseen", K::Unseen),
        (b"Flagged", K::Flagged),
        // String keys: astring, in each of its three forms.
        (b"BCC fred", K::Bcc(s("fred"))),
        (b"BODY \"two words\"", K::Body(s("two words"))),
        (b"CC {3}\r\na\"b", K::Cc(s("a\"b"))),
        (b"FROM \"Smith\"", K::From(s("Smith"))),
        (b"SUBJECT \"\"", K::Subject(s(""))),
        (b"TEXT \"a\\\\b\"", K::Text(s("a\\b"))),
        (b"TO bob@example.test", K::To(s("bob@example.test"))),
        (
            b"HEADER Message-ID \"<x@y>\"",
            K::Header(s("Message-ID"), s("<x@y>")),
        ),
        (b"HEADER X-Spam \"\"", K::Header(s("X-Spam"), s(""))),
        // flag-keyword = atom.
        (b"KEYWORD $Forwarded", K::Keyword(atom("$Forwarded"))),
        (b"UNKEYWORD $Junk", K::Unkeyword(atom("$Junk"))),
        // Dates: date-day = 1*2DIGIT, quoted form allowed, month name in any case.
        (b"BEFORE 1-Feb-1994", K::Before(d(1994, 2, 1))),
        (b"ON \"01-feb-1994\"", K::On(d(1994, 2, 1))),
        (b"SINCE 5-MAR-2000", K::Since(d(2000, 3, 5))),
        (b"SENTBEFORE 31-Dec-1999", K::SentBefore(d(1999, 12, 31))),
        (b"SENTON 29-Feb-2000", K::SentOn(d(2000, 2, 29))),
        (b"SENTSINCE 1-Jan-0001", K::SentSince(d(1, 1, 1))),
        // Sizes: RFC 9051 number64 (RFC 3501: number).
        (b"LARGER 0", K::Larger(0.into())),
        (
            b"SMALLER 9223372036854775807",
            K::Smaller(Number64::new(Number64::MAX).unwrap()),
        ),
        // UID and sequence sets, RFC 5182 "$".
        (b"UID 2:*", K::Uid(set("2:*"))),
        (b"UID $", K::Uid(set("$"))),
        (b"1:3,5", K::SequenceSet(set("1:3,5"))),
        (b"*", K::SequenceSet(set("*"))),
        (b"$", K::SequenceSet(set("$"))),
        // NOT, OR, parentheses.
        (b"NOT SEEN", K::Not(bx(K::Seen))),
        (b"NOT NOT SEEN", K::Not(bx(K::Not(bx(K::Seen))))),
        (b"OR SEEN FLAGGED", K::Or(bx(K::Seen), bx(K::Flagged))),
        (
            b"OR (SEEN DRAFT) NOT 1:2",
            K::Or(
                bx(K::And(ne(vec![K::Seen, K::Draft]))),
                bx(K::Not(bx(K::SequenceSet(set("1:2"))))),
            ),
        ),
        (b"(SEEN)", K::And(ne(vec![K::Seen]))),
        (b"((SEEN))", K::And(ne(vec![K::And(ne(vec![K::Seen]))]))),
        // RFC 7162 §3.1.5: MODSEQ [entry-name entry-type-req] mod-sequence-valzer.
        (
            b"MODSEQ 0",
            K::ModSeq {
                entry: None,
                modseq: 0.into(),
            },
        ),
        (
            b"MODSEQ \"/flags/\\\\draft\" all 620162338",
            K::ModSeq {
                entry: Some(ModSeqEntry {
                    flag: Flag::Draft,
                    entry_type: EntryType::All,
                }),
                modseq: 620162338.into(),
            },
        ),
        (
            b"MODSEQ \"/flags/$mdnsent\" PRIV 1",
            K::ModSeq {
                entry: Some(ModSeqEntry {
                    flag: Flag::Keyword(atom("$mdnsent")),
                    entry_type: EntryType::Private,
                }),
                modseq: 1.into(),
            },
        ),
        (
            b"MODSEQ \"/FLAGS/\\\\Junk\" shared 7",
            K::ModSeq {
                entry: Some(ModSeqEntry {
                    flag: Flag::Extension(atom("Junk")),
                    entry_type: EntryType::Shared,
                }),
                modseq: 7.into(),
            },
        ),
        // RFC 5032 §3: OLDER / YOUNGER nz-number (seconds).
        (b"OLDER 1", K::Older(nz(1))),
        (b"YOUNGER 4294967295", K::Younger(nz(u32::MAX))),
        // RFC 8514 §4.3: SAVEDBEFORE / SAVEDON / SAVEDSINCE date, SAVEDATESUPPORTED.
        (b"SAVEDBEFORE 28-Dec-2014", K::SavedBefore(d(2014, 12, 28))),
        (b"SAVEDON 28-Dec-2014", K::SavedOn(d(2014, 12, 28))),
        (b"SAVEDSINCE 28-Dec-2014", K::SavedSince(d(2014, 12, 28))),
        (b"SAVEDATESUPPORTED", K::SaveDateSupported),
        // RFC 8474 §4.2/§7: EMAILID / THREADID objectid (the ids of its §6 example,
        // "search emailid M6d99ac3275bb4e", "search threadid T64b478a75b7ea9").
        (
            b"EMAILID M6d99ac3275bb4e",
            K::EmailId(ObjectId::new("M6d99ac3275bb4e").unwrap()),
        ),
        (
            b"THREADID T64b478a75b7ea9",
            K::ThreadId(ObjectId::new("T64b478a75b7ea9").unwrap()),
        ),
        (
            b"EMAILID a_b-C",
            K::EmailId(ObjectId::new("a_b-C").unwrap()),
        ),
        // RFC 6203 §7: FUZZY search-key.
        (b"FUZZY SUBJECT work", K::Fuzzy(bx(K::Subject(s("work"))))),
        (b"FUZZY ANSWERED", K::Fuzzy(bx(K::Answered))),
        // Gmail: X-GM-RAW / X-GM-LABELS astring, X-GM-MSGID / X-GM-THRID 64-bit unsigned.
        (
            b"X-GM-RAW \"has:attachment in:unread\"",
            K::GmailRaw(s("has:attachment in:unread")),
        ),
        (b"X-GM-MSGID 18446744073709551615", K::GmailMsgId(u64::MAX)),
        (b"X-GM-THRID 1", K::GmailThrId(1)),
        (
            b"X-GM-LABELS \"\\\\Important\"",
            K::GmailLabels(s("\\Important")),
        ),
        (b"x-gm-labels foo", K::GmailLabels(s("foo"))),
    ];
    for (input, want) in table {
        let got =
            key(input).unwrap_or_else(|e| panic!("{}: {e:?}", String::from_utf8_lossy(input)));
        assert_eq!(got, want, "{}", String::from_utf8_lossy(input));
        // And the written form reads back the same.
        let out = got.encode_args(&EncodeOptions::default());
        let o = ParserOptions::default();
        assert_eq!(SearchKey::parse_args(out.as_bytes(), &o).unwrap(), want);
    }
}

#[test]
fn written_forms() {
    use SearchKey as K;
    let w = |k: K<'_>| {
        String::from_utf8(k.encode_args(&EncodeOptions::default()).into_bytes()).unwrap()
    };
    // Names upper case, dates d-Mon-yyyy (RFC 9051 §9 date-text, date-year = 4DIGIT).
    assert_eq!(w(K::SentSince(d(1, 1, 1))), "SENTSINCE 1-Jan-0001\r\n");
    assert_eq!(w(K::Before(d(2026, 12, 31))), "BEFORE 31-Dec-2026\r\n");
    // RFC 7162 §3.1.5's wire form of the entry name: "/flags/\\draft".
    let k = K::ModSeq {
        entry: Some(ModSeqEntry {
            flag: Flag::Draft,
            entry_type: EntryType::All,
        }),
        modseq: 620162338.into(),
    };
    assert_eq!(w(k), "MODSEQ \"/flags/\\\\Draft\" all 620162338\r\n");
    // Strings: atom, quoted or literal, whichever carries the bytes.
    assert_eq!(w(K::From(s("Smith"))), "FROM Smith\r\n");
    assert_eq!(w(K::From(s("a b"))), "FROM \"a b\"\r\n");
    assert_eq!(w(K::From(s("a\r\nb"))), "FROM {4}\r\na\r\nb\r\n");
    // RFC 9051 §9: "(" search-key *(SP search-key) ")" and search = "SEARCH" [...] 1*(SP
    // search-key): no empty list, so the types hold none.
    assert!(NonEmpty::<SearchKey<'_>>::new(vec![]).is_none());
    assert_eq!(w(K::And(ne(vec![K::Seen]))), "(SEEN)\r\n");
    // A literal in a key is a place to wait for "+".
    let m = K::Text(s("\r\n")).encode_args(&EncodeOptions::default());
    assert!(m.has_sync_literal());
}

// ----- return options, SORT, THREAD -----

#[test]
fn search_command_known_answers() {
    use SearchReturnOpt as R;
    // RFC 4731 §3.1 / RFC 9051 §6.4.4: RETURN (MIN COUNT); RETURN () (= ALL).
    let c = search(b"RETURN (MIN COUNT) FLAGGED").unwrap();
    assert_eq!(c.ret, Some(vec![R::Min, R::Count]));
    assert_eq!(c.keys, vec![SearchKey::Flagged]);
    let c = search(b"RETURN () FLAGGED").unwrap();
    assert_eq!(c.ret, Some(vec![]));
    // RFC 4731 MIN MAX ALL COUNT, RFC 5182 SAVE, RFC 5267 CONTEXT UPDATE, any case.
    let c = search(b"return (min max all count save context update) ALL").unwrap();
    assert_eq!(
        c.ret,
        Some(vec![
            R::Min,
            R::Max,
            R::All,
            R::Count,
            R::Save,
            R::Context,
            R::Update
        ])
    );
    // RFC 9394 §4: PARTIAL 1:100 and -1:-100.
    let c = search(b"RETURN (PARTIAL 1:100) UNDELETED").unwrap();
    assert_eq!(
        c.ret,
        Some(vec![R::Partial(PartialRange::First(nz(1), nz(100)))])
    );
    let c = search(b"RETURN (PARTIAL -1:-100) UNDELETED UNKEYWORD $Junk").unwrap();
    assert_eq!(
        c.ret,
        Some(vec![R::Partial(PartialRange::Last(nz(1), nz(100)))])
    );
    assert_eq!(c.keys[1], SearchKey::Unkeyword(atom("$Junk")));
    // Unknown options keep name and parameters (RFC 4466 search-ret-opt-ext).
    let c = search(b"RETURN (X-A X-B 7 RELEVANCY X-C (1 \"a b\" (c))) ALL").unwrap();
    let ret = c.ret.unwrap();
    let other = |r: &R<'_>| match r {
        R::Other(o) => (o.name().to_string(), o.args().map(<[u8]>::to_vec)),
        x => panic!("{x:?}"),
    };
    assert_eq!(other(&ret[0]), ("X-A".into(), None));
    assert_eq!(other(&ret[1]), ("X-B".into(), Some(b"7".to_vec())));
    assert_eq!(other(&ret[2]), ("RELEVANCY".into(), None));
    assert_eq!(
        other(&ret[3]),
        ("X-C".into(), Some(b"(1 \"a b\" (c))".to_vec()))
    );
    // CHARSET (RFC 9051 §6.4.4), atom or quoted.
    let c = search(b"CHARSET UTF-8 TEXT x").unwrap();
    assert_eq!(c.charset, Some(cs("UTF-8")));
    let c = search(b"RETURN (SAVE) CHARSET \"KOI8-R\" ALL").unwrap();
    assert_eq!(
        (c.ret, c.charset),
        (Some(vec![R::Save]), Some(cs("KOI8-R")))
    );
    // Constructed "other" options refuse what would read back as a typed one.
    assert!(ReturnOptOther::new("MIN", None).is_err());
    assert!(ReturnOptOther::new("PARTIAL", Some(Cow::Borrowed(&b"1:2"[..]))).is_err());
    assert!(ReturnOptOther::new("MIN", Some(Cow::Borrowed(&b"5"[..]))).is_ok());
    assert!(ReturnOptOther::new("X", Some(Cow::Borrowed(&b"(a"[..]))).is_err());
    assert!(ReturnOptOther::new("9X", None).is_err());
    // A literal in an unknown option's parameters (RFC 4466 §2.6.1 tagged-ext-val may hold
    // astrings, literals included) keeps its form, and a synchronizing one is a place
    // where the client waits for "+" (RFC 9051 §7.5): the line up to "{3}" CRLF, then
    // the data and the rest.
    let opt = ReturnOptOther::new("X-L", Some(Cow::Borrowed(&b"({3}\r\nabc)"[..]))).unwrap();
    let cmd = SearchCommand {
        ret: Some(vec![R::Other(opt)]),
        charset: None,
        keys: ne(vec![SearchKey::All]),
    };
    let m = cmd.encode_args(&EncodeOptions::default());
    assert_eq!(m.as_bytes(), b"RETURN (X-L ({3}\r\nabc)) ALL\r\n");
    assert!(m.has_sync_literal());
    let m = cmd.encode_args(&EncodeOptions::default().literal_plus(true));
    assert!(m.has_sync_literal(), "a kept {{3}} stays synchronizing");
    let opt = ReturnOptOther::new("X-L", Some(Cow::Borrowed(&b"({3+}\r\nabc)"[..]))).unwrap();
    let cmd = SearchCommand {
        ret: Some(vec![R::Other(opt)]),
        charset: None,
        keys: ne(vec![SearchKey::All]),
    };
    assert!(
        !cmd.encode_args(&EncodeOptions::default())
            .has_sync_literal()
    );
}

#[test]
fn sort_and_thread_known_answers() {
    let crit = |reverse, key| SortCriterion { reverse, key };
    // RFC 5256 §3: SORT (SUBJECT REVERSE DATE) UTF-8 ALL.
    let c = sort(b"(SUBJECT REVERSE DATE) UTF-8 ALL").unwrap();
    assert_eq!(
        c.criteria.as_slice(),
        &[crit(false, SortKey::Subject), crit(true, SortKey::Date)]
    );
    assert_eq!(c.charset, cs("UTF-8"));
    assert_eq!(c.keys, vec![SearchKey::All]);
    // Every sort key (RFC 5256 §5, RFC 5957 §5, RFC 6203 §7).
    let c = sort(b"(ARRIVAL CC DATE FROM SIZE SUBJECT TO DISPLAYFROM DISPLAYTO relevancy) X ALL")
        .unwrap();
    let keys: Vec<SortKey> = c.criteria.as_slice().iter().map(|c| c.key).collect();
    assert_eq!(
        keys,
        [
            SortKey::Arrival,
            SortKey::Cc,
            SortKey::Date,
            SortKey::From,
            SortKey::Size,
            SortKey::Subject,
            SortKey::To,
            SortKey::DisplayFrom,
            SortKey::DisplayTo,
            SortKey::Relevancy
        ]
    );
    // RFC 5267 §5 / RFC 7162 §3.1.10 Example 20: SORT RETURN (ALL) (DATE) UTF-8 MODSEQ 1234.
    let c = sort(b"RETURN (ALL) (DATE) UTF-8 MODSEQ 1234").unwrap();
    assert_eq!(c.ret, Some(vec![SearchReturnOpt::All]));
    assert_eq!(
        c.keys,
        vec![SearchKey::ModSeq {
            entry: None,
            modseq: 1234.into()
        }]
    );
    assert!(SortCriteria::new(vec![]).is_none());
    // RFC 5256 §3: THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000.
    let t = thread(b"ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000").unwrap();
    assert_eq!(t.algorithm, ThreadAlgorithm::OrderedSubject);
    assert_eq!(t.keys, vec![SearchKey::Since(d(2000, 3, 5))]);
    assert_eq!(
        thread(b"references US-ASCII ALL").unwrap().algorithm,
        ThreadAlgorithm::References
    );
    assert_eq!(
        thread(b"REFS UTF-8 ALL").unwrap().algorithm,
        ThreadAlgorithm::Refs
    );
    // thread-alg-ext = atom: kept as sent.
    let t = thread(b"X-Mine \"UTF-8\" ALL").unwrap();
    assert_eq!(t.algorithm, ThreadAlgorithm::Other(atom("X-Mine")));
    assert_eq!(
        t.encode_args(&EncodeOptions::default()).as_bytes(),
        b"X-Mine UTF-8 ALL\r\n"
    );
    assert_eq!(
        ThreadAlgorithm::from_atom(atom("orderedsubject")),
        ThreadAlgorithm::OrderedSubject
    );
}

// ----- invalid inputs -----

#[test]
fn invalid_inputs_and_their_offsets() {
    type Check = (usize, fn(&ErrorKind) -> bool);
    // (parser, input without CRLF, offset and kind), offsets counted by hand.
    let cases: Vec<(&str, &[u8], Check)> = vec![
        // Unknown key (Dovecot answers the same command BAD in imap-search a19).
        ("key", b"X-BOGUS-KEY", expected(0)),
        ("key", b"SEENX1", expected(0)),
        // Missing argument: the SP is missing at the line end.
        ("key", b"FROM", expected(4)),
        ("key", b"HEADER Subject", expected(14)),
        ("key", b"NOT", expected(3)),
        // Bad dates: month name at offset 8; Feb 30 at the date's start (6).
        ("key", b"SINCE 1-Foo-2026", expected(8)),
        ("key", b"SINCE 30-Feb-2026", expected(6)),
        ("key", b"ON 1-Feb-26", expected(11)),
        // OR with one operand.
        ("key", b"OR SEEN", expected(7)),
        ("search", b"(OR SEEN)", expected(8)),
        // Unbalanced parentheses.
        ("key", b"(SEEN", expected(5)),
        ("key", b"((SEEN)", expected(7)),
        ("search", b"SEEN)", expected(4)),
        ("key", b"()", expected(1)),
        // Numbers.
        ("key", b"LARGER -5", expected(7)),
        ("key", b"OLDER 0", expected(6)),
        ("key", b"UID 0", expected(4)),
        (
            "key",
            b"SMALLER 9223372036854775808",
            (8, |k| *k == ErrorKind::NumberOverflow),
        ),
        (
            "key",
            b"X-GM-MSGID 18446744073709551616",
            (11, |k| *k == ErrorKind::NumberOverflow),
        ),
        // flag-keyword is an atom.
        ("key", b"KEYWORD \\Seen", expected(8)),
        // MODSEQ: entry type, entry name.
        ("key", b"MODSEQ \"/flags/\\\\draft\" any 5", expected(24)),
        ("key", b"MODSEQ \"/foo/x\" all 5", expected(8)),
        ("key", b"MODSEQ \"/flags/\\\\draft\" all", expected(27)),
        // Sequence set (Dovecot: "Invalid messageset" for imap-errors-fetch a17).
        ("search", b"1:*:2", expected(3)),
        ("search", b"2,", expected(2)),
        // Double SP (strict).
        ("search", b"SEEN  DRAFT", expected(5)),
        // Return options: PARTIAL needs a range of nz-numbers of one sign.
        ("search", b"RETURN (PARTIAL 0:5) ALL", expected(16)),
        ("search", b"RETURN (PARTIAL 1:-5) ALL", expected(18)),
        ("search", b"RETURN (MIN ALL", expected(15)),
        ("search", b"RETURN MIN ALL", expected(7)),
        // CHARSET without keys.
        ("search", b"CHARSET UTF-8", expected(13)),
        // SORT: empty criteria, unknown key (Dovecot BAD in imap-sort-thread a12),
        // REVERSE without a key, a missing charset.
        ("sort", b"() UTF-8 ALL", expected(1)),
        ("sort", b"(BOGUS) UTF-8 ALL", expected(1)),
        ("sort", b"(DATE REVERSE) UTF-8 ALL", expected(13)),
        ("sort", b"(DATE) ALL", expected(10)),
        ("sort", b"DATE UTF-8 ALL", expected(0)),
        // THREAD: no keys.
        ("thread", b"REFERENCES UTF-8", expected(16)),
        ("thread", b"(REFERENCES) UTF-8 ALL", expected(0)),
    ];
    for (which, input, (offset, kind)) in cases {
        let e = match which {
            "key" => key(input).err(),
            "search" => search(input).err(),
            "sort" => sort(input).err(),
            _ => thread(input).err(),
        };
        let e = e.unwrap_or_else(|| panic!("{which} {:?} parsed", String::from_utf8_lossy(input)));
        assert_eq!(
            e.offset,
            offset,
            "{which} {:?}: {e:?}",
            String::from_utf8_lossy(input)
        );
        assert!(
            kind(&e.kind),
            "{which} {:?}: {e:?}",
            String::from_utf8_lossy(input)
        );
    }
    // An object id of 256 characters: refused at the 256th (offset 8 + 255).
    let long = format!("EMAILID {}", "a".repeat(256));
    assert_eq!(key(long.as_bytes()).unwrap_err().offset, 263);
    assert!(key(format!("EMAILID {}", "a".repeat(255)).as_bytes()).is_ok());
    // A lone LF ends nothing in strict mode; lenient takes it and runs of SP.
    let o = ParserOptions::lenient();
    let c = SearchCommand::parse_args(b"SEEN  ( DRAFT ) \n", &o).unwrap();
    assert_eq!(
        c.keys,
        vec![SearchKey::Seen, SearchKey::And(ne(vec![SearchKey::Draft]))]
    );
    assert!(SearchCommand::parse_args(b"SEEN\n", &ParserOptions::default()).is_err());
    // Item limit.
    let few = ParserOptions::new().max_items(3);
    let e = SearchCommand::parse_args(b"ALL ALL ALL ALL\r\n", &few).unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::TooMany {
            limit: 3,
            what: "search keys"
        }
    );
}

// ----- depth bombs -----

/// Runs `f` on a thread with an 8 MiB stack.
fn on_8mib_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn depth_bombs_fail_with_too_deep() {
    on_8mib_stack(|| {
        let o = ParserOptions::default(); // max_depth 64
        // NOT × 100 000: the 65th NOT enters level 65, after its "NOT " (65 × 4 = 260).
        let mut b = b"NOT ".repeat(100_000);
        b.extend_from_slice(b"ALL\r\n");
        let e = SearchCommand::parse_args(&b, &o).unwrap_err();
        assert_eq!((e.offset, e.kind), (260, ErrorKind::TooDeep { limit: 64 }));
        // "(" × 100 000: the 65th "(" (offset 64) is one level too many.
        let mut b = b"(".repeat(100_000);
        b.extend_from_slice(b"ALL\r\n");
        let e = SearchCommand::parse_args(&b, &o).unwrap_err();
        assert_eq!((e.offset, e.kind), (64, ErrorKind::TooDeep { limit: 64 }));
        // FUZZY and OR nest the same way ("OR " is 3 bytes: 65 × 3 = 195).
        let mut b = b"FUZZY ".repeat(100_000);
        b.extend_from_slice(b"ALL\r\n");
        let e = SearchCommand::parse_args(&b, &o).unwrap_err();
        assert_eq!((e.offset, e.kind), (390, ErrorKind::TooDeep { limit: 64 }));
        let mut b = b"OR ".repeat(100_000);
        b.extend_from_slice(b"ALL\r\n");
        let e = SearchCommand::parse_args(&b, &o).unwrap_err();
        assert_eq!((e.offset, e.kind), (195, ErrorKind::TooDeep { limit: 64 }));
        // Parameters of an unknown return option: "RETURN (X " is 10 bytes, the 65th "("
        // of the parameters is at 10 + 64.
        let mut b = b"RETURN (X ".to_vec();
        b.extend(std::iter::repeat_n(b'(', 100_000));
        b.extend_from_slice(b"\r\n");
        let e = SearchCommand::parse_args(&b, &o).unwrap_err();
        assert_eq!((e.offset, e.kind), (74, ErrorKind::TooDeep { limit: 64 }));
        // 64 levels are fine.
        let mut b = b"NOT ".repeat(64);
        b.extend_from_slice(b"ALL\r\n");
        assert!(SearchCommand::parse_args(&b, &o).is_ok());
    });
}

// ----- RFC examples -----

/// For a SEARCH / SORT / THREAD command (`tag [UID ]WORD args`): the word and the offset of
/// its arguments.
fn split_command(m: &[u8]) -> Option<(String, usize)> {
    let sp = m.iter().position(|&c| c == b' ')?;
    let mut at = sp + 1;
    if m[at..].len() > 4 && m[at..at + 4].eq_ignore_ascii_case(b"UID ") {
        at += 4;
    }
    for word in ["SEARCH", "SORT", "THREAD"] {
        let n = word.len();
        if m.len() > at + n
            && m[at..at + n].eq_ignore_ascii_case(word.as_bytes())
            && m[at + n] == b' '
        {
            return Some((word.to_string(), at + n + 1));
        }
    }
    None
}

/// Parses the arguments of `word` and checks parse → write → parse.
fn parse_and_rewrite(word: &str, args: &[u8], opts: &ParserOptions) -> Result<(), Error> {
    let e = EncodeOptions::default();
    let o = ParserOptions::default();
    match word {
        "SEARCH" => {
            let v = SearchCommand::parse_args(args, opts)?;
            let w = v.encode_args(&e);
            assert_eq!(SearchCommand::parse_args(w.as_bytes(), &o).unwrap(), v);
        }
        "SORT" => {
            let v = SortCommand::parse_args(args, opts)?;
            let w = v.encode_args(&e);
            assert_eq!(SortCommand::parse_args(w.as_bytes(), &o).unwrap(), v);
        }
        _ => {
            let v = ThreadCommand::parse_args(args, opts)?;
            let w = v.encode_args(&e);
            assert_eq!(ThreadCommand::parse_args(w.as_bytes(), &o).unwrap(), v);
        }
    }
    Ok(())
}

#[test]
fn every_rfc_search_sort_thread_example_parses() {
    let o = ParserOptions::default();
    let mut per_rfc = Vec::new();
    let mut total = 0;
    for p in rfc::rfc_files() {
        let mut n = 0;
        let blocks = rfc::rfc_blocks(&p);
        let client = blocks
            .iter()
            .flat_map(|b| &b.messages)
            .filter(|m| m.side == 'C');
        for m in client.map(rfc::Msg::bytes) {
            let Some((word, at)) = split_command(&m) else {
                continue;
            };
            parse_and_rewrite(&word, &m[at..], &o).unwrap_or_else(|e| {
                panic!("{}: {}: {e:?}", p.display(), String::from_utf8_lossy(&m))
            });
            n += 1;
        }
        if n > 0 {
            per_rfc.push((p.file_stem().unwrap().to_string_lossy().into_owned(), n));
        }
        total += n;
    }
    // Counted in the files (case-insensitive grep for C: lines with SEARCH / SORT /
    // THREAD; RFC 5530, RFC 8474 and RFC 9051 §7.1 write "search" in lower case).
    let want: Vec<(String, usize)> = [
        ("3501", 3),
        ("4731", 9),
        ("5182", 21),
        ("5256", 6),
        ("5465", 1),
        ("5530", 1),
        ("7162", 5),
        ("8474", 2),
        ("8514", 2),
        ("8970", 1),
        ("9051", 29),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), *b))
    .collect();
    assert_eq!(per_rfc, want);
    assert_eq!(total, 80);
}

#[test]
fn rfc_examples_known_answers() {
    use SearchKey as K;
    // RFC 3501 §6.4.4 / RFC 9051 §6.4.4: A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith".
    let c = search(b"FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"").unwrap();
    assert_eq!(
        c.keys,
        vec![
            K::Flagged,
            K::Since(d(1994, 2, 1)),
            K::Not(bx(K::From(s("Smith"))))
        ]
    );
    // RFC 9051 §6.4.4: A285 SEARCH CHARSET UTF-8 TEXT {12} with 12 octets of UTF-8.
    let c = search("CHARSET UTF-8 TEXT {12}\r\nотпуск".as_bytes()).unwrap();
    assert_eq!(c.charset, Some(cs("UTF-8")));
    assert_eq!(c.keys, vec![K::Text(s("отпуск"))]);
    // RFC 9051 §6.4.4.4 example 4: CHARSET UTF-8 (OR $ 1,3000:3021) TEXT {8+}.
    let c = search("CHARSET UTF-8 (OR $ 1,3000:3021) TEXT {8+}\r\nмать".as_bytes()).unwrap();
    assert_eq!(
        c.keys,
        vec![
            K::And(ne(vec![K::Or(
                bx(K::SequenceSet(set("$"))),
                bx(K::SequenceSet(set("1,3000:3021")))
            )])),
            K::Text(s("мать"))
        ]
    );
    // RFC 5182 §2.1 / RFC 9051 §6.4.4.4: UID SEARCH UID $ SMALLER 4096.
    let c = search(b"UID $ SMALLER 4096").unwrap();
    assert_eq!(c.keys, vec![K::Uid(set("$")), K::Smaller(4096.into())]);
    // RFC 7162 §3.1.5 Example 16: OR NOT MODSEQ 720162338 LARGER 50000.
    let c = search(b"OR NOT MODSEQ 720162338 LARGER 50000").unwrap();
    assert_eq!(
        c.keys,
        vec![K::Or(
            bx(K::Not(bx(K::ModSeq {
                entry: None,
                modseq: 720162338.into()
            }))),
            bx(K::Larger(50000.into()))
        )]
    );
    // RFC 5465 §7: RETURN (COUNT UPDATE (UID BODY[HEADER.FIELDS (TO FROM SUBJECT)])).
    let c =
        search(b"RETURN (COUNT UPDATE (UID BODY[HEADER.FIELDS (TO FROM SUBJECT)])) FROM \"boss\"")
            .unwrap();
    let ret = c.ret.unwrap();
    assert_eq!(ret[0], SearchReturnOpt::Count);
    let SearchReturnOpt::Other(u) = &ret[1] else {
        panic!("{:?}", ret[1])
    };
    assert_eq!(u.name(), "UPDATE");
    assert_eq!(
        u.args(),
        Some(&b"(UID BODY[HEADER.FIELDS (TO FROM SUBJECT)])"[..])
    );
    // RFC 5256 §3: SORT (SUBJECT) US-ASCII TEXT "not in mailbox".
    let c = sort(b"(SUBJECT) US-ASCII TEXT \"not in mailbox\"").unwrap();
    assert_eq!(c.charset, cs("US-ASCII"));
    assert_eq!(c.keys, vec![K::Text(s("not in mailbox"))]);
}

// ----- real client commands (Dovecot captures) -----

/// Splits a client capture into messages: lines ending in CRLF (or LF), a line ending in
/// `{n}` / `{n+}` followed by n octets of literal data and the rest of the message. A
/// literal whose data is not in the file ends the last message there.
fn capture_messages(b: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        let Some(nl) = b[i..].iter().position(|&c| c == b'\n') else {
            out.push(&b[start..]);
            return out;
        };
        let end = i + nl + 1;
        let text = &b[i..end - 1];
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        let lit = text.strip_suffix(b"}").and_then(|t| {
            let open = t.iter().rposition(|&c| c == b'{')?;
            let n = t[open + 1..].strip_suffix(b"+").unwrap_or(&t[open + 1..]);
            std::str::from_utf8(n).ok()?.parse::<usize>().ok()
        });
        match lit {
            Some(n) if end + n <= b.len() => i = end + n,
            Some(_) => {
                out.push(&b[start..]);
                return out;
            }
            None => {
                out.push(&b[start..end]);
                start = end;
                i = end;
            }
        }
    }
    out
}

fn captures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/captures")
}

/// Every SEARCH / SORT / THREAD command of `capture`: (tag, parse result).
fn capture_commands(capture: &str, opts: &ParserOptions) -> Vec<(String, Result<(), Error>)> {
    let b = fs::read(captures_dir().join(format!("{capture}.client.txt"))).unwrap();
    let mut out = Vec::new();
    for m in capture_messages(&b) {
        let Some((word, at)) = split_command(m) else {
            continue;
        };
        let tag = String::from_utf8_lossy(&m[..m.iter().position(|&c| c == b' ').unwrap()]);
        out.push((tag.into_owned(), parse_and_rewrite(&word, &m[at..], opts)));
    }
    out
}

#[test]
fn real_client_commands_parse() {
    let strict = ParserOptions::default();
    // (capture, the SEARCH / SORT / THREAD tags in it, the tags that fail and why).
    let cases: &[(&str, &[&str], &[&str])] = &[
        // a19 X-BOGUS-KEY: an unknown key (Dovecot: BAD "Unknown argument").
        (
            "imap-search",
            &[
                "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12", "a13", "a14", "a15",
                "a16", "a17", "a18", "a19",
            ],
            &["a19"],
        ),
        // a13 RETURN (BOGUS) is grammatical (RFC 4466 search-ret-opt-ext); Dovecot BADs it
        // as unknown, which is the server's business.
        (
            "imap-esearch",
            &["a3", "a4", "a5", "a6", "a8", "a9", "a11", "a12", "a13"],
            &[],
        ),
        // a12 SORT (BOGUS): not a sort key (Dovecot: BAD "Unknown sort argument").
        (
            "imap-sort-thread",
            &[
                "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12",
            ],
            &["a12"],
        ),
        ("imap-condstore", &["a9", "a10", "a11"], &[]),
        ("imap-qresync", &[], &[]),
        ("imap-curl-search", &["A004"], &[]),
        ("imap-everything", &["a15", "a17", "a18"], &[]),
        ("imap-imaplib-auth-plain", &["GDGO5", "GDGO6", "GDGO9"], &[]),
        ("imap-imaplib-basic", &["FGHM4"], &[]),
        // a17 SEARCH 1:*:2 (Dovecot: BAD "Invalid messageset").
        ("imap-errors-fetch", &["a17"], &["a17"]),
        // a99's literal data is not in the capture (Dovecot refused the line first).
        ("imap-limits", &["a3", "a4", "a99"], &["a99"]),
    ];
    for (capture, tags, failing) in cases {
        let got = capture_commands(capture, &strict);
        let got_tags: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(&got_tags, tags, "{capture}");
        for (tag, r) in &got {
            assert_eq!(
                r.is_err(),
                failing.contains(&tag.as_str()),
                "{capture} {tag}: {r:?}"
            );
        }
    }
    // LF-only line ends: lenient mode only (the literal header "{6+}" LF too).
    let lf = capture_commands("imap-lf-only", &ParserOptions::lenient());
    assert_eq!(lf.len(), 1);
    assert!(lf[0].1.is_ok());
    assert!(capture_commands("imap-lf-only", &strict)[0].1.is_err());
}

#[test]
fn real_client_commands_known_answers() {
    use SearchKey as K;
    use SearchReturnOpt as R;
    // imap-search a7: SEARCH OR FROM "bob" (NOT SUBJECT "report").
    let c = search(b"OR FROM \"bob\" (NOT SUBJECT \"report\")").unwrap();
    assert_eq!(
        c.keys,
        vec![K::Or(
            bx(K::From(s("bob"))),
            bx(K::And(ne(vec![K::Not(bx(K::Subject(s("report"))))])))
        )]
    );
    // imap-search a9: CHARSET UTF-8 SUBJECT {7} "Grüße" (UTF-8: G r C3BC C39F e).
    let c = search(b"CHARSET UTF-8 SUBJECT {7}\r\nGr\xc3\xbc\xc3\x9fe").unwrap();
    assert_eq!(c.keys, vec![K::Subject(s("Grüße"))]);
    // imap-search a17: six levels of parentheses around SEEN.
    let c = search(b"((((((SEEN))))))").unwrap();
    let mut k = K::Seen;
    for _ in 0..6 {
        k = K::And(ne(vec![k]));
    }
    assert_eq!(c.keys, vec![k]);
    // imap-search a18: YOUNGER 600000000 OLDER 1.
    assert_eq!(
        search(b"YOUNGER 600000000 OLDER 1").unwrap().keys,
        vec![K::Younger(nz(600000000)), K::Older(nz(1))]
    );
    // imap-condstore a10: MODSEQ "/flags/\\flagged" all 2 (lower-case entry type).
    let c = search(b"MODSEQ \"/flags/\\\\flagged\" all 2").unwrap();
    assert_eq!(
        c.keys,
        vec![K::ModSeq {
            entry: Some(ModSeqEntry {
                flag: Flag::Flagged,
                entry_type: EntryType::All
            }),
            modseq: 2.into()
        }]
    );
    // imap-esearch a4 RETURN () and a12 RETURN (PARTIAL 1:2).
    assert_eq!(search(b"RETURN () ALL").unwrap().ret, Some(vec![]));
    assert_eq!(
        search(b"RETURN (PARTIAL 1:2) ALL").unwrap().ret,
        Some(vec![R::Partial(PartialRange::First(nz(1), nz(2)))])
    );
    // imap-esearch a11: SORT RETURN (MIN MAX COUNT) (DATE) UTF-8 ALL.
    let c = sort(b"RETURN (MIN MAX COUNT) (DATE) UTF-8 ALL").unwrap();
    assert_eq!(c.ret, Some(vec![R::Min, R::Max, R::Count]));
    // imap-sort-thread a5 and a11.
    let c = sort(b"(FROM REVERSE SIZE) UTF-8 ALL").unwrap();
    assert_eq!(
        c.criteria.as_slice(),
        &[
            SortCriterion {
                reverse: false,
                key: SortKey::From
            },
            SortCriterion {
                reverse: true,
                key: SortKey::Size
            }
        ]
    );
    let t = thread(b"REFERENCES US-ASCII NOT FROM carol").unwrap();
    assert_eq!(
        (t.algorithm, t.charset),
        (ThreadAlgorithm::References, cs("US-ASCII"))
    );
    assert_eq!(t.keys, vec![K::Not(bx(K::From(s("carol"))))]);
    // imap-limits a3: 5000 ALL keys.
    let mut b = b"ALL".to_vec();
    for _ in 1..5000 {
        b.extend_from_slice(b" ALL");
    }
    assert_eq!(search(&b).unwrap().keys.len(), 5000);
}

// ----- write → parse identity -----

fn istring() -> impl Strategy<Value = IString<'static>> {
    prop_oneof![
        "[a-zA-Z0-9]{1,8}".prop_map(|v| s(&v)),
        "[ -~]{0,8}".prop_map(|v| s(&v)),
        proptest::collection::vec(1u8..=255, 0..10).prop_map(|v| IString::new(v).unwrap()),
    ]
}

fn date() -> impl Strategy<Value = Date> {
    (0u16..=9999, 1u8..=12, 1u8..=28).prop_map(|(y, m, day)| d(y, m, day))
}

fn seqset() -> impl Strategy<Value = SequenceSet<'static>> {
    let num = prop_oneof![
        Just(SeqNumber::Star),
        (1u32..=u32::MAX).prop_map(|v| SeqNumber::Value(nz(v)))
    ];
    prop_oneof![
        1 => Just(SequenceSet::saved_result()),
        6 => proptest::collection::vec((num.clone(), num), 1..4).prop_map(|v| {
            SequenceSet::from_ranges(v.into_iter().map(|(start, end)| SeqRange { start, end })).unwrap()
        }),
    ]
}

fn keyword() -> impl Strategy<Value = Atom<'static>> {
    "[A-Za-z0-9$_.+:'-]{1,8}".prop_map(|v| atom(&v))
}

fn flag() -> impl Strategy<Value = Flag<'static>> {
    prop_oneof![
        Just(Flag::Answered),
        Just(Flag::Flagged),
        Just(Flag::Deleted),
        Just(Flag::Seen),
        Just(Flag::Draft),
        keyword().prop_map(Flag::Keyword),
        "X[a-z]{0,5}".prop_map(|v| Flag::Extension(atom(&v))),
    ]
}

fn leaf_key() -> impl Strategy<Value = SearchKey<'static>> {
    use SearchKey as K;
    let simple = prop_oneof![
        Just(K::All),
        Just(K::Answered),
        Just(K::Deleted),
        Just(K::Draft),
        Just(K::Flagged),
        Just(K::New),
        Just(K::Old),
        Just(K::Recent),
        Just(K::Seen),
        Just(K::Unanswered),
        Just(K::Undeleted),
        Just(K::Undraft),
        Just(K::Unflagged),
        Just(K::Unseen),
        Just(K::SaveDateSupported),
    ];
    let strings = prop_oneof![
        istring().prop_map(K::Bcc),
        istring().prop_map(K::Body),
        istring().prop_map(K::Cc),
        istring().prop_map(K::From),
        (istring(), istring()).prop_map(|(a, b)| K::Header(a, b)),
        istring().prop_map(K::Subject),
        istring().prop_map(K::Text),
        istring().prop_map(K::To),
        istring().prop_map(K::GmailRaw),
        istring().prop_map(K::GmailLabels),
    ];
    let dates = prop_oneof![
        date().prop_map(K::Before),
        date().prop_map(K::On),
        date().prop_map(K::SentBefore),
        date().prop_map(K::SentOn),
        date().prop_map(K::SentSince),
        date().prop_map(K::Since),
        date().prop_map(K::SavedBefore),
        date().prop_map(K::SavedOn),
        date().prop_map(K::SavedSince),
    ];
    let numbers = prop_oneof![
        (0..=Number64::MAX).prop_map(|n| K::Larger(Number64::new(n).unwrap())),
        (0..=Number64::MAX).prop_map(|n| K::Smaller(Number64::new(n).unwrap())),
        (1..=u32::MAX).prop_map(|v| K::Older(nz(v))),
        (1..=u32::MAX).prop_map(|v| K::Younger(nz(v))),
        any::<u64>().prop_map(K::GmailMsgId),
        any::<u64>().prop_map(K::GmailThrId),
        (
            proptest::option::of((
                flag(),
                prop_oneof![
                    Just(EntryType::Private),
                    Just(EntryType::Shared),
                    Just(EntryType::All)
                ]
            )),
            0..=i64::MAX as u64
        )
            .prop_map(|(e, modseq)| K::ModSeq {
                entry: e.map(|(flag, entry_type)| ModSeqEntry { flag, entry_type }),
                modseq: Number64::new(modseq).unwrap()
            }),
    ];
    let others = prop_oneof![
        keyword().prop_map(K::Keyword),
        keyword().prop_map(K::Unkeyword),
        seqset().prop_map(K::Uid),
        seqset().prop_map(K::SequenceSet),
        "[A-Za-z0-9_-]{1,20}".prop_map(|v| K::EmailId(ObjectId::new(v).unwrap())),
        "[A-Za-z0-9_-]{1,20}".prop_map(|v| K::ThreadId(ObjectId::new(v).unwrap())),
    ];
    prop_oneof![simple, strings, dates, numbers, others]
}

fn search_key() -> impl Strategy<Value = SearchKey<'static>> {
    use SearchKey as K;
    leaf_key().prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|k| K::Not(Box::new(k))),
            inner.clone().prop_map(|k| K::Fuzzy(Box::new(k))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| K::Or(Box::new(a), Box::new(b))),
            proptest::collection::vec(inner, 1..4).prop_map(|v| K::And(ne(v))),
        ]
    })
}

fn keys() -> impl Strategy<Value = NonEmpty<SearchKey<'static>>> {
    proptest::collection::vec(search_key(), 1..4).prop_map(ne)
}

fn return_opt() -> impl Strategy<Value = SearchReturnOpt<'static>> {
    use SearchReturnOpt as R;
    let other_args = prop_oneof![
        Just(None),
        (0u64..1000).prop_map(|n| Some(n.to_string())),
        seqset().prop_map(|s| Some(s.as_str().to_string())),
        proptest::collection::vec("[a-z0-9]{1,4}|\\([a-z]{1,3}\\)|\"[a-z ]{0,3}\"", 0..3)
            .prop_map(|v| Some(format!("({})", v.join(" ")))),
    ];
    prop_oneof![
        Just(R::Min),
        Just(R::Max),
        Just(R::All),
        Just(R::Count),
        Just(R::Save),
        Just(R::Context),
        Just(R::Update),
        (1..=u32::MAX, 1..=u32::MAX)
            .prop_map(|(a, b)| R::Partial(PartialRange::First(nz(a), nz(b)))),
        (1..=u32::MAX, 1..=u32::MAX)
            .prop_map(|(a, b)| R::Partial(PartialRange::Last(nz(a), nz(b)))),
        ("X-[A-Za-z0-9_.:-]{0,6}", other_args).prop_map(|(n, a)| {
            R::Other(ReturnOptOther::new(n, a.map(|a| Cow::Owned(a.into_bytes()))).unwrap())
        }),
    ]
}

fn charset() -> impl Strategy<Value = Charset<'static>> {
    prop_oneof![
        "[A-Za-z0-9-]{1,10}".prop_map(|v| cs(&v)),
        "[ -~]{1,8}".prop_map(|v| cs(&v))
    ]
}

fn enc_opts() -> impl Strategy<Value = EncodeOptions> {
    (any::<bool>(), any::<bool>())
        .prop_map(|(p, u)| EncodeOptions::default().literal_plus(p).utf8_quoted(u))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn search_key_write_parse_identity(k in search_key(), e in enc_opts()) {
        let w = k.encode_args(&e);
        let o = ParserOptions::default();
        let back = SearchKey::parse_args(w.as_bytes(), &o);
        prop_assert_eq!(back.as_ref(), Ok(&k), "{:?}", String::from_utf8_lossy(w.as_bytes()));
        prop_assert_eq!(back.unwrap().into_owned(), k);
    }

    #[test]
    fn search_command_write_parse_identity(
        ret in proptest::option::of(proptest::collection::vec(return_opt(), 0..4)),
        charset in proptest::option::of(charset()),
        keys in keys(),
        e in enc_opts(),
    ) {
        let c = SearchCommand { ret, charset, keys };
        let w = c.encode_args(&e);
        let o = ParserOptions::default();
        let back = SearchCommand::parse_args(w.as_bytes(), &o);
        prop_assert_eq!(back, Ok(c), "{:?}", String::from_utf8_lossy(w.as_bytes()));
    }

    #[test]
    fn sort_command_write_parse_identity(
        ret in proptest::option::of(proptest::collection::vec(return_opt(), 0..3)),
        criteria in proptest::collection::vec((any::<bool>(), 0usize..10), 1..5),
        charset in charset(),
        keys in keys(),
        e in enc_opts(),
    ) {
        const KEYS: [SortKey; 10] = [
            SortKey::Arrival, SortKey::Cc, SortKey::Date, SortKey::From, SortKey::Size,
            SortKey::Subject, SortKey::To, SortKey::DisplayFrom, SortKey::DisplayTo,
            SortKey::Relevancy,
        ];
        let criteria = SortCriteria::new(
            criteria.into_iter().map(|(reverse, k)| SortCriterion { reverse, key: KEYS[k] }).collect(),
        ).unwrap();
        let c = SortCommand { ret, criteria, charset, keys };
        let w = c.encode_args(&e);
        let o = ParserOptions::default();
        let back = SortCommand::parse_args(w.as_bytes(), &o);
        prop_assert_eq!(back, Ok(c), "{:?}", String::from_utf8_lossy(w.as_bytes()));
    }

    /// The three as whole commands (`[UID] SEARCH/SORT/THREAD`): `Command::encode`, then
    /// `Command::parse_message` and a `ServerDecoder` (granting every synchronizing
    /// literal) give the command back.
    #[test]
    fn whole_commands_write_parse_identity(
        uid in any::<bool>(),
        which in 0u8..3,
        ret in proptest::option::of(proptest::collection::vec(return_opt(), 0..3)),
        charset in charset(),
        keys in keys(),
        e in enc_opts(),
    ) {
        use imap_proto::stream::server::{ServerDecoder, ServerEvent};
        use imap_proto::types::command::{Command, CommandBody};
        use imap_proto::types::core::Tag;
        let body = match which {
            0 => CommandBody::Search {
                uid,
                args: SearchCommand { ret, charset: Some(charset), keys },
            },
            1 => CommandBody::Sort {
                uid,
                args: SortCommand {
                    ret,
                    criteria: SortCriteria::new(vec![SortCriterion {
                        reverse: true,
                        key: SortKey::Date,
                    }])
                    .unwrap(),
                    charset,
                    keys,
                },
            },
            _ => CommandBody::Thread {
                uid,
                args: ThreadCommand { algorithm: ThreadAlgorithm::References, charset, keys },
            },
        };
        let cmd = Command { tag: Tag::new("A1").unwrap(), body };
        let w = cmd.encode(&e);
        let o = ParserOptions::default();
        prop_assert_eq!(Command::parse_message(w.as_bytes(), &o), Ok(cmd.clone()));
        let mut dec = ServerDecoder::new(o);
        let got = loop {
            match dec.decode(w.as_bytes()) {
                Status::Complete { value: ServerEvent::NeedContinuation { .. }, .. } => {
                    dec.continuation_sent();
                }
                other => break other,
            }
        };
        prop_assert_eq!(
            got,
            Status::Complete { value: ServerEvent::Command(cmd), consumed: w.as_bytes().len() }
        );
    }

    #[test]
    fn thread_command_write_parse_identity(
        alg in prop_oneof![
            Just(ThreadAlgorithm::OrderedSubject),
            Just(ThreadAlgorithm::References),
            Just(ThreadAlgorithm::Refs),
            "X[A-Za-z0-9=-]{0,8}".prop_map(|v| ThreadAlgorithm::Other(atom(&v))),
        ],
        charset in charset(),
        keys in keys(),
        e in enc_opts(),
    ) {
        let c = ThreadCommand { algorithm: alg, charset, keys };
        let w = c.encode_args(&e);
        let o = ParserOptions::default();
        let back = ThreadCommand::parse_args(w.as_bytes(), &o);
        prop_assert_eq!(back, Ok(c), "{:?}", String::from_utf8_lossy(w.as_bytes()));
    }
}
