//! Checks of the `imap_proto_command_roundtrip` fuzz target: `Command` values of every
//! `CommandBody` variant, built from fuzzer bytes through the crate's public, validating
//! constructors (`Tag::new`, `Atom::new`, `IString::new`, `Mailbox::new`,
//! `SequenceSet::new` / `from_ranges`, `Flag::from_wire`, `Date::new`, `DateTime::new`,
//! `Section::new`, `Capability::from_atom`, `Base64::new`, `ExtValue::new`,
//! `OptionValue::new`, `RawArgs::new`, `ReturnOptOther::new`, `Label::new`,
//! `OtherStatusName::new`, `Charset::new`, `ObjectId::new`, `SortCriteria::new`,
//! `ThreadAlgorithm::from_atom`, …), encode with every peer option to bytes that read back
//! as the same value.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout: the bytes are read in order by the structured reader of
//! `imap_values.rs` (shared with `imap_proto_response_roundtrip`): a byte chooses the variant, then each field is built from the bytes that
//! follow — a choice byte, an integer in little-endian bytes, or bytes drawn from one of a
//! few alphabets (atom characters, characters with a meaning in IMAP such as `"\(){}%*]`,
//! CR and LF, UTF-8 letters, raw bytes). Missing bytes read as zero. A candidate a
//! constructor refuses is skipped. Commands are built one after the other until the input
//! is used up (at most 64). The bytes `FF FE FD FC` separate independent parts of an
//! input, each read from its start.
//!
//! What the types accept but the wire cannot carry as the same value is not built (these
//! are the crate's documented rules, not refusals): `Other` / `Unknown` names are never a
//! name the crate types (the crate reads those back typed; STATUS item names are offered
//! to `OtherStatusName::new`, which refuses them); flags are made with `Flag::from_wire`; a
//! lone unknown FETCH item (no parentheses) is not followed by FETCH modifiers (`FETCH 1 X
//! (…)` reads the list as the item's arguments).
//!
//! It checks that every command built, encoded with `EncodeOptions` default,
//! `literal_plus`, `literal_minus` and `utf8_quoted`,
//!
//! 1. has fragments that put together are its bytes, a synchronizing literal among them
//!    exactly when `has_sync_literal()` says so, and with `literal_plus` none but those
//!    kept from the wire in unknown commands, items and extension values (never more than
//!    without it);
//! 2. parses back with `Command::parse_message` (strict, limits lifted) to the same value,
//!    and `into_owned` keeps it equal;
//! 3. read from its bytes by a `ServerDecoder` (answering every `NeedContinuation` with
//!    `continuation_sent()`) is exactly that command, consuming all the bytes, after
//!    exactly as many `NeedContinuation` events as the encoding has synchronizing
//!    literals.

use std::borrow::Cow;

use crate::imap_values::*;
use imap_proto::Status;
use imap_proto::encode::core::EncodeOptions;
use imap_proto::stream::server::{ServerDecoder, ServerEvent};
use imap_proto::types::command::{
    AppendData, AppendMessage, Base64, CatPart, Command, CommandBody, CreateParam, EventGroup,
    ExtValue, FetchModifier, InitialResponse, ListArgs, ListPatterns, ListReturnOpt, ListSelectOpt,
    MetadataDepth, MetadataOption, MetadataValue, Notify, NotifyEvent, NotifyFilter, OptionValue,
    OtherStatusName, QResync, QuotaLimit, QuotaResource, RawArgs, SelectParam, StatusAttr,
    StoreMode, StoreModifier, StoreValues, UseAttr,
};
use imap_proto::types::core::{Binary, Charset, Flag, Mailbox, NonEmpty, NzNumber64};
use imap_proto::types::fetch::{FetchAttr, FetchItems, GmLabel, Partial};
use imap_proto::types::response::ModSeq;
use imap_proto::types::search::{
    EntryType, ModSeqEntry, PartialRange, ReturnOptOther, SearchCommand, SearchKey,
    SearchReturnOpt, SortCommand, SortCriteria, SortCriterion, SortKey, ThreadAlgorithm,
    ThreadCommand,
};

/// Runs every check on one fuzzer input (each of its parts, see `parts.rs`); panics on
/// the first failure.
pub(crate) fn check(data: &[u8]) {
    crate::parts::for_each_part(data, check_part);
}

fn check_part(data: &[u8]) {
    let mut src = Source::new(data);
    for _ in 0..64 {
        if src.is_empty() {
            break;
        }
        if let Some(cmd) = command(&mut src) {
            check_command(&cmd);
        }
    }
}

fn check_command(cmd: &Command<'_>) {
    let opts = lifted();
    let shown_value = format!("{cmd:?}");
    let kept = ["Unknown", "ExtValue", "OptionValue", "args: Some"]
        .iter()
        .any(|k| shown_value.contains(k));
    let mut default_sync = 0;
    for eo in [
        EncodeOptions::default(),
        EncodeOptions::default().literal_plus(true),
        EncodeOptions::default().literal_minus(true),
        EncodeOptions::default().utf8_quoted(true),
    ] {
        let enc = cmd.encode(&eo);
        let sync = sync_literals(&enc);
        let bytes = enc.as_bytes();
        let shown = bytes.escape_ascii().to_string();
        // LITERAL+ turns every literal the writer chooses into `{n+}`; literals kept
        // from the wire (unknown commands and FETCH items, extension values) keep their
        // form.
        if eo.literal_plus {
            assert!(sync <= default_sync, "{cmd:?} with LITERAL+ wrote {shown}");
            if !kept {
                assert_eq!(sync, 0, "{cmd:?} with LITERAL+ wrote {shown}");
            }
        } else if eo == EncodeOptions::default() {
            default_sync = sync;
        }
        match Command::parse_message(bytes, &opts) {
            Ok(back) => assert_eq!(&back, cmd, "wrote {shown}"),
            Err(e) => panic!("{cmd:?} wrote {shown}, which gives {e:?}"),
        }
        // The server side, answering each continuation wait.
        let mut dec = ServerDecoder::new(opts);
        let mut waits = 0;
        loop {
            match dec.decode(bytes) {
                Status::Complete {
                    value: ServerEvent::NeedContinuation { .. },
                    consumed: 0,
                } => {
                    waits += 1;
                    assert!(waits <= sync, "{shown}: more waits than sync literals");
                    dec.continuation_sent();
                }
                Status::Complete {
                    value: ServerEvent::Command(c),
                    consumed,
                } => {
                    assert_eq!(consumed, bytes.len(), "{shown}");
                    assert_eq!(&c, cmd, "the decoder on {shown}");
                    break;
                }
                other => panic!("the decoder on {shown} gives {other:?}"),
            }
        }
        assert_eq!(waits, sync, "{shown}: waits against sync literals");
    }
    assert_eq!(&cmd.clone().into_owned(), cmd);
}

// ---------------------------------------------------------------------------------------
// Basic values (beyond those of `imap_values.rs`)
// ---------------------------------------------------------------------------------------

/// The base64 alphabet.
const B64: &[u8] = b"ABZagz079+/";

fn flags(src: &mut Source<'_>) -> Option<Vec<Flag<'static>>> {
    let n = src.choose(4);
    (0..n).map(|_| flag(src)).collect()
}

fn binary(src: &mut Source<'_>) -> Binary<'static> {
    Binary(Cow::Owned(src.bytes()))
}

/// A `tagged-ext-val`-like byte string: a number, a sequence set, or a parenthesized
/// list of atoms, numbers, quoted strings, literals and lists.
fn ext_bytes(src: &mut Source<'_>, literals: bool) -> Vec<u8> {
    match src.choose(5) {
        0 => src.num63().to_string().into_bytes(),
        1 => seqset(src).map_or_else(|| b"1".to_vec(), |s| s.as_str().as_bytes().to_vec()),
        // Anything: the constructor decides.
        2 if literals => raw_candidate(src),
        _ => paren_bytes(src, literals, 0),
    }
}

fn ext_value(src: &mut Source<'_>) -> Option<Option<ExtValue<'static>>> {
    Some(if src.flag() {
        Some(ExtValue::new(ext_bytes(src, true)).ok()?)
    } else {
        None
    })
}

fn base64(src: &mut Source<'_>) -> Option<Base64<'static>> {
    let mut v = Vec::new();
    for _ in 0..src.choose(5) {
        for _ in 0..4 {
            v.push(B64[usize::from(src.byte()) % B64.len()]);
        }
    }
    match src.choose(4) {
        0 => v.extend_from_slice(b"QQ=="),
        1 => v.extend_from_slice(b"QUE="),
        2 => v.extend(src.pick(b"AB=+/")),
        _ => {}
    }
    Base64::new(String::from_utf8(v).ok()?).ok()
}

fn charset(src: &mut Source<'_>) -> Option<Charset<'static>> {
    if src.flag() {
        Charset::new(["UTF-8", "US-ASCII", "ISO-8859-1"][usize::from(src.choose(3))]).ok()
    } else {
        Charset::new(src.text()).ok()
    }
}

fn partial(src: &mut Source<'_>) -> Option<Option<Partial>> {
    Some(if src.flag() {
        Some(Partial {
            offset: src.number64()?,
            length: NzNumber64::new(src.num64())?,
        })
    } else {
        None
    })
}

fn fetch_attr(src: &mut Source<'_>) -> Option<FetchAttr<'static>> {
    use FetchAttr as A;
    Some(match src.choose(24) {
        0 => A::Envelope,
        1 => A::Flags,
        2 => A::InternalDate,
        3 => A::Rfc822,
        4 => A::Rfc822Header,
        5 => A::Rfc822Size,
        6 => A::Rfc822Text,
        7 => A::Body,
        8 => A::BodyStructure,
        9 => A::Uid,
        10 | 11 => A::BodySection {
            peek: src.flag(),
            section: section(src)?,
            partial: partial(src)?,
        },
        12 => A::Binary {
            peek: src.flag(),
            part: part_path(src)?,
            partial: partial(src)?,
        },
        13 => A::BinarySize {
            part: part_path(src)?,
        },
        14 => A::ModSeq,
        15 => A::EmailId,
        16 => A::ThreadId,
        17 => A::SaveDate,
        18 => A::Preview { lazy: src.flag() },
        19 => A::GmMsgId,
        20 => A::GmThrId,
        21 => A::GmLabels,
        _ => A::Other {
            name: other_name(src, &["ALL", "FAST", "FULL"], FETCH_NAMES)?,
            args: if src.flag() {
                let b = if src.choose(4) == 0 {
                    raw_candidate(src)
                } else {
                    paren_bytes(src, true, 0)
                };
                Some(OptionValue::new(b).ok()?)
            } else {
                None
            },
        },
    })
}

fn fetch_items(src: &mut Source<'_>) -> Option<FetchItems<'static>> {
    Some(match src.choose(6) {
        0 => FetchItems::All,
        1 => FetchItems::Fast,
        2 => FetchItems::Full,
        3 => FetchItems::One(fetch_attr(src)?),
        _ => {
            // An empty list (which `NonEmpty::new` refuses) is a candidate too.
            let n = src.choose(5);
            FetchItems::List(NonEmpty::new(
                (0..n).map(|_| fetch_attr(src)).collect::<Option<_>>()?,
            )?)
        }
    })
}

// ---------------------------------------------------------------------------------------
// SEARCH, SORT, THREAD
// ---------------------------------------------------------------------------------------

fn search_key(src: &mut Source<'_>, depth: u8) -> Option<SearchKey<'static>> {
    use SearchKey as K;
    let deep = depth < 4;
    let sub = |src: &mut Source<'_>| search_key(src, depth + 1).map(Box::new);
    Some(match src.choose(58) {
        0 => K::All,
        1 => K::Answered,
        2 => K::Bcc(istring(src)?),
        3 => K::Before(date(src)?),
        4 => K::Body(istring(src)?),
        5 => K::Cc(istring(src)?),
        6 => K::Deleted,
        7 => K::Draft,
        8 => K::Flagged,
        9 => K::From(istring(src)?),
        10 => K::Header(istring(src)?, istring(src)?),
        11 => K::Keyword(atom(src)?),
        12 => K::Larger(src.number64()?),
        13 => K::New,
        14 if deep => K::Not(sub(src)?),
        15 => K::Old,
        16 => K::On(date(src)?),
        17 if deep => K::Or(sub(src)?, sub(src)?),
        18 => K::Recent,
        19 => K::Seen,
        20 => K::SentBefore(date(src)?),
        21 => K::SentOn(date(src)?),
        22 => K::SentSince(date(src)?),
        23 => K::Since(date(src)?),
        24 => K::Smaller(src.number64()?),
        25 => K::Subject(istring(src)?),
        26 => K::Text(istring(src)?),
        27 => K::To(istring(src)?),
        28 => K::Uid(seqset(src)?),
        29 => K::Unanswered,
        30 => K::Undeleted,
        31 => K::Undraft,
        32 => K::Unflagged,
        33 => K::Unkeyword(atom(src)?),
        34 => K::Unseen,
        35 | 36 => K::SequenceSet(seqset(src)?),
        37 if deep => {
            // Any length: `NonEmpty::new` refuses none.
            let n = src.choose(4);
            K::And(NonEmpty::new(
                (0..n)
                    .map(|_| search_key(src, depth + 1))
                    .collect::<Option<_>>()?,
            )?)
        }
        38 => K::ModSeq {
            entry: if src.flag() {
                Some(ModSeqEntry {
                    flag: flag(src)?,
                    entry_type: [EntryType::Private, EntryType::Shared, EntryType::All]
                        [usize::from(src.choose(3))],
                })
            } else {
                None
            },
            modseq: src.number64()?,
        },
        39 => K::Older(src.nz32()?),
        40 => K::Younger(src.nz32()?),
        41 => K::SavedBefore(date(src)?),
        42 => K::SavedOn(date(src)?),
        43 => K::SavedSince(date(src)?),
        44 => K::SaveDateSupported,
        45 => K::EmailId(object_id(src)?),
        46 => K::ThreadId(object_id(src)?),
        47 if deep => K::Fuzzy(sub(src)?),
        48 => K::GmailRaw(istring(src)?),
        49 => K::GmailMsgId(src.u64()),
        50 => K::GmailThrId(src.u64()),
        51 => K::GmailLabels(istring(src)?),
        _ => K::Seen,
    })
}

fn search_keys(src: &mut Source<'_>) -> Option<NonEmpty<SearchKey<'static>>> {
    let n = src.choose(5);
    NonEmpty::new((0..n).map(|_| search_key(src, 0)).collect::<Option<_>>()?)
}

fn return_opts(src: &mut Source<'_>) -> Option<Option<Vec<SearchReturnOpt<'static>>>> {
    if src.flag() {
        return Some(None);
    }
    let n = src.choose(4);
    let mut v = Vec::new();
    for _ in 0..n {
        v.push(match src.choose(10) {
            0 => SearchReturnOpt::Min,
            1 => SearchReturnOpt::Max,
            2 => SearchReturnOpt::All,
            3 => SearchReturnOpt::Count,
            4 => SearchReturnOpt::Save,
            5 => SearchReturnOpt::Context,
            6 => SearchReturnOpt::Update,
            7 => {
                let (a, b) = (src.nz32()?, src.nz32()?);
                SearchReturnOpt::Partial(if src.flag() {
                    PartialRange::Last(a, b)
                } else {
                    PartialRange::First(a, b)
                })
            }
            _ => {
                let args = if src.flag() {
                    Some(Cow::Owned(ext_bytes(src, true)))
                } else {
                    None
                };
                SearchReturnOpt::Other(ReturnOptOther::new(src.atom_text(), args).ok()?)
            }
        });
    }
    Some(Some(v))
}

fn search_command(src: &mut Source<'_>) -> Option<SearchCommand<'static>> {
    Some(SearchCommand {
        ret: return_opts(src)?,
        charset: if src.flag() {
            Some(charset(src)?)
        } else {
            None
        },
        keys: search_keys(src)?,
    })
}

fn sort_command(src: &mut Source<'_>) -> Option<SortCommand<'static>> {
    const KEYS: [SortKey; 10] = [
        SortKey::Arrival,
        SortKey::Cc,
        SortKey::Date,
        SortKey::From,
        SortKey::Size,
        SortKey::Subject,
        SortKey::To,
        SortKey::DisplayFrom,
        SortKey::DisplayTo,
        SortKey::Relevancy,
    ];
    let n = src.choose(4);
    let criteria: Vec<SortCriterion> = (0..n)
        .map(|_| SortCriterion {
            reverse: src.flag(),
            key: KEYS[usize::from(src.choose(10))],
        })
        .collect();
    Some(SortCommand {
        ret: return_opts(src)?,
        criteria: SortCriteria::new(criteria)?,
        charset: charset(src)?,
        keys: search_keys(src)?,
    })
}

fn thread_command(src: &mut Source<'_>) -> Option<ThreadCommand<'static>> {
    Some(ThreadCommand {
        algorithm: match src.choose(4) {
            0 => ThreadAlgorithm::OrderedSubject,
            1 => ThreadAlgorithm::References,
            2 => ThreadAlgorithm::Refs,
            _ => ThreadAlgorithm::from_atom(atom(src)?),
        },
        charset: charset(src)?,
        keys: search_keys(src)?,
    })
}

// ---------------------------------------------------------------------------------------
// Command arguments
// ---------------------------------------------------------------------------------------

fn status_attr(src: &mut Source<'_>) -> Option<StatusAttr<'static>> {
    use StatusAttr as S;
    Some(match src.choose(12) {
        0 => S::Messages,
        1 => S::UidNext,
        2 => S::UidValidity,
        3 => S::Unseen,
        4 => S::Deleted,
        5 => S::Size,
        6 => S::Recent,
        7 => S::HighestModSeq,
        8 => S::AppendLimit,
        9 => S::MailboxId,
        10 => S::DeletedStorage,
        // Any atom is offered: `OtherStatusName::new` refuses the typed names.
        _ => S::Other(OtherStatusName::new(atom(src)?.as_str().to_owned()).ok()?),
    })
}

fn status_attrs(src: &mut Source<'_>) -> Option<NonEmpty<StatusAttr<'static>>> {
    let n = src.choose(5);
    NonEmpty::new((0..n).map(|_| status_attr(src)).collect::<Option<_>>()?)
}

fn select_params(src: &mut Source<'_>) -> Option<Vec<SelectParam<'static>>> {
    let n = src.choose(4);
    let mut v = Vec::new();
    for _ in 0..n {
        v.push(match src.choose(3) {
            0 => SelectParam::CondStore,
            1 => SelectParam::QResync(QResync {
                uidvalidity: src.nz32()?,
                modseq: ModSeq::new(src.num64())?,
                known_uids: if src.flag() { Some(seqset(src)?) } else { None },
                seq_match: if src.flag() {
                    Some((seqset(src)?, seqset(src)?))
                } else {
                    None
                },
            }),
            _ => SelectParam::Other {
                name: label(src, &["CONDSTORE", "QRESYNC"])?,
                value: ext_value(src)?,
            },
        });
    }
    Some(v)
}

fn create_params(src: &mut Source<'_>) -> Option<Vec<CreateParam<'static>>> {
    const USE_NAMES: &[&str] = &[
        "All", "Archive", "Drafts", "Flagged", "Junk", "Sent", "Trash",
    ];
    let n = src.choose(3);
    let mut v = Vec::new();
    for _ in 0..n {
        v.push(if src.flag() {
            let k = src.choose(4);
            let mut attrs = Vec::new();
            for _ in 0..k {
                attrs.push(match src.choose(8) {
                    0 => UseAttr::All,
                    1 => UseAttr::Archive,
                    2 => UseAttr::Drafts,
                    3 => UseAttr::Flagged,
                    4 => UseAttr::Junk,
                    5 => UseAttr::Sent,
                    6 => UseAttr::Trash,
                    _ => UseAttr::Other(other_name(src, USE_NAMES, &[])?),
                });
            }
            CreateParam::Use(attrs)
        } else {
            CreateParam::Other {
                name: label(src, &["USE"])?,
                value: ext_value(src)?,
            }
        });
    }
    Some(v)
}

fn option_value(src: &mut Source<'_>) -> Option<Option<OptionValue<'static>>> {
    Some(if src.flag() {
        Some(OptionValue::new(paren_bytes(src, true, 0)).ok()?)
    } else {
        None
    })
}

fn list_args(src: &mut Source<'_>) -> Option<ListArgs<'static>> {
    let selection = if src.flag() {
        let n = src.choose(4);
        let mut v = Vec::new();
        for _ in 0..n {
            v.push(match src.choose(5) {
                0 => ListSelectOpt::Subscribed,
                1 => ListSelectOpt::Remote,
                2 => ListSelectOpt::RecursiveMatch,
                3 => ListSelectOpt::SpecialUse,
                _ => ListSelectOpt::Other {
                    name: other_name(
                        src,
                        &["SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE"],
                        &[],
                    )?,
                    value: option_value(src)?,
                },
            });
        }
        Some(v)
    } else {
        None
    };
    let reference = mailbox(src)?;
    let patterns = if src.flag() {
        let n = src.choose(4);
        ListPatterns::List(NonEmpty::new(
            (0..n).map(|_| istring(src)).collect::<Option<_>>()?,
        )?)
    } else {
        ListPatterns::One(istring(src)?)
    };
    let return_opts = if src.flag() {
        let n = src.choose(4);
        let mut v = Vec::new();
        for _ in 0..n {
            v.push(match src.choose(6) {
                0 => ListReturnOpt::Subscribed,
                1 => ListReturnOpt::Children,
                2 => ListReturnOpt::SpecialUse,
                3 => ListReturnOpt::MyRights,
                4 => ListReturnOpt::Status(status_attrs(src)?),
                _ => ListReturnOpt::Other {
                    name: other_name(
                        src,
                        &[
                            "SUBSCRIBED",
                            "CHILDREN",
                            "SPECIAL-USE",
                            "MYRIGHTS",
                            "STATUS",
                        ],
                        &[],
                    )?,
                    value: option_value(src)?,
                },
            });
        }
        Some(v)
    } else {
        None
    };
    Some(ListArgs {
        selection,
        reference,
        patterns,
        return_opts,
    })
}

fn append_message(src: &mut Source<'_>) -> Option<AppendMessage<'static>> {
    let flags = flags(src)?;
    let date = if src.flag() {
        Some(date_time(src)?)
    } else {
        None
    };
    let data = match src.choose(4) {
        0 => AppendData::Literal(binary(src)),
        1 => AppendData::Literal8(binary(src)),
        2 => AppendData::Utf8(binary(src)),
        _ => {
            let n = src.choose(4);
            let mut parts = Vec::new();
            for _ in 0..n {
                parts.push(if src.flag() {
                    CatPart::Url(istring(src)?)
                } else {
                    CatPart::Text(binary(src))
                });
            }
            AppendData::Catenate(NonEmpty::new(parts)?)
        }
    };
    Some(AppendMessage { flags, date, data })
}

fn notify(src: &mut Source<'_>) -> Option<Notify<'static>> {
    const EVENTS: &[&str] = &[
        "MessageNew",
        "MessageExpunge",
        "FlagChange",
        "AnnotationChange",
        "MailboxName",
        "SubscriptionChange",
        "MailboxMetadataChange",
        "ServerMetadataChange",
    ];
    if src.choose(4) == 0 {
        return Some(Notify::None);
    }
    let status = src.flag();
    let n = src.choose(4);
    let mut groups = Vec::new();
    for _ in 0..n {
        let mailboxes = |src: &mut Source<'_>| -> Option<NonEmpty<Mailbox<'static>>> {
            let k = src.choose(4);
            NonEmpty::new((0..k).map(|_| mailbox(src)).collect::<Option<_>>()?)
        };
        let filter = match src.choose(7) {
            0 => NotifyFilter::Selected,
            1 => NotifyFilter::SelectedDelayed,
            2 => NotifyFilter::Inboxes,
            3 => NotifyFilter::Personal,
            4 => NotifyFilter::Subscribed,
            5 => NotifyFilter::Subtree(mailboxes(src)?),
            _ => NotifyFilter::Mailboxes(mailboxes(src)?),
        };
        let events = if src.choose(4) == 0 {
            None
        } else {
            let k = src.choose(5);
            let mut v = Vec::new();
            for _ in 0..k {
                v.push(match src.choose(9) {
                    0 => {
                        let m = src.choose(3);
                        NotifyEvent::MessageNew(
                            (0..m).map(|_| fetch_attr(src)).collect::<Option<_>>()?,
                        )
                    }
                    1 => NotifyEvent::MessageExpunge,
                    2 => NotifyEvent::FlagChange,
                    3 => NotifyEvent::AnnotationChange,
                    4 => NotifyEvent::MailboxName,
                    5 => NotifyEvent::SubscriptionChange,
                    6 => NotifyEvent::MailboxMetadataChange,
                    7 => NotifyEvent::ServerMetadataChange,
                    _ => NotifyEvent::Other(other_name(src, EVENTS, &[])?),
                });
            }
            Some(NonEmpty::new(v)?)
        };
        groups.push(EventGroup { filter, events });
    }
    Some(Notify::Set {
        status,
        groups: NonEmpty::new(groups)?,
    })
}

/// Every command name the crate types (an unknown command is never one of them).
const COMMAND_NAMES: &[&str] = &[
    "CAPABILITY",
    "NOOP",
    "LOGOUT",
    "STARTTLS",
    "AUTHENTICATE",
    "LOGIN",
    "ENABLE",
    "SELECT",
    "EXAMINE",
    "CREATE",
    "DELETE",
    "RENAME",
    "SUBSCRIBE",
    "UNSUBSCRIBE",
    "LIST",
    "LSUB",
    "NAMESPACE",
    "STATUS",
    "APPEND",
    "IDLE",
    "CHECK",
    "CLOSE",
    "UNSELECT",
    "EXPUNGE",
    "UID",
    "FETCH",
    "STORE",
    "COPY",
    "MOVE",
    "GETQUOTA",
    "GETQUOTAROOT",
    "SETQUOTA",
    "GETMETADATA",
    "SETMETADATA",
    "ID",
    "COMPRESS",
    "NOTIFY",
    "SETACL",
    "DELETEACL",
    "GETACL",
    "LISTRIGHTS",
    "MYRIGHTS",
    "UNAUTHENTICATE",
    "SEARCH",
    "SORT",
    "THREAD",
];

fn raw_args(src: &mut Source<'_>) -> Option<RawArgs<'static>> {
    let mut v = Vec::new();
    let n = src.choose(4);
    for _ in 0..n {
        v.extend_from_slice(b" ");
        match src.choose(4) {
            0 => v.extend_from_slice(&paren_bytes(src, true, 0)),
            1 => v.extend(src.bytes()),
            2 => v.extend(raw_candidate(src)),
            _ => v.extend_from_slice(src.atom_text().as_bytes()),
        }
    }
    RawArgs::new(v).ok()
}

/// A command built from the source, or `None` when a constructor refused a part.
fn command(src: &mut Source<'_>) -> Option<Command<'static>> {
    let tag = tag(src)?;
    Some(Command {
        tag,
        body: body(src)?,
    })
}

fn body(src: &mut Source<'_>) -> Option<CommandBody<'static>> {
    use CommandBody as C;
    Some(match src.choose(47) {
        0 => C::Capability,
        1 => C::Noop,
        2 => C::Logout,
        3 => C::StartTls,
        4 => C::Authenticate {
            mechanism: atom(src)?,
            initial_response: match src.choose(3) {
                0 => None,
                1 => Some(InitialResponse::Empty),
                _ => Some(InitialResponse::Data(base64(src)?)),
            },
        },
        5 => C::Login {
            username: istring(src)?,
            password: istring(src)?,
        },
        6 => {
            let n = src.choose(5);
            C::Enable {
                capabilities: NonEmpty::new(
                    (0..n).map(|_| capability(src)).collect::<Option<_>>()?,
                )?,
            }
        }
        7 => C::Select {
            mailbox: mailbox(src)?,
            params: select_params(src)?,
        },
        8 => C::Examine {
            mailbox: mailbox(src)?,
            params: select_params(src)?,
        },
        9 => C::Create {
            mailbox: mailbox(src)?,
            params: create_params(src)?,
        },
        10 => C::Delete {
            mailbox: mailbox(src)?,
        },
        11 => C::Rename {
            from: mailbox(src)?,
            to: mailbox(src)?,
        },
        12 => C::Subscribe {
            mailbox: mailbox(src)?,
        },
        13 => C::Unsubscribe {
            mailbox: mailbox(src)?,
        },
        14 => C::List(list_args(src)?),
        15 => C::Lsub {
            reference: mailbox(src)?,
            pattern: istring(src)?,
        },
        16 => C::Namespace,
        17 => C::Status {
            mailbox: mailbox(src)?,
            items: status_attrs(src)?,
        },
        18 => {
            let mailbox = mailbox(src)?;
            let n = src.choose(4);
            C::Append {
                mailbox,
                messages: NonEmpty::new(
                    (0..n).map(|_| append_message(src)).collect::<Option<_>>()?,
                )?,
            }
        }
        19 => C::Idle,
        20 => C::Check,
        21 => C::Close,
        22 => C::Unselect,
        23 => C::Expunge,
        24 => C::UidExpunge { set: seqset(src)? },
        25 => {
            let uid = src.flag();
            let set = seqset(src)?;
            let items = fetch_items(src)?;
            let n = src.choose(4);
            let mut modifiers = Vec::new();
            for _ in 0..n {
                modifiers.push(match src.choose(3) {
                    0 => FetchModifier::ChangedSince(ModSeq::new(src.num64())?),
                    1 => FetchModifier::Vanished,
                    _ => FetchModifier::Other {
                        name: label(src, &["CHANGEDSINCE", "VANISHED"])?,
                        value: ext_value(src)?,
                    },
                });
            }
            // `FETCH 1 X (…)`: the list is read as the unknown item's arguments.
            if matches!(items, FetchItems::One(FetchAttr::Other { .. })) && !modifiers.is_empty() {
                return None;
            }
            C::Fetch {
                uid,
                set,
                items,
                modifiers,
            }
        }
        26 => {
            let uid = src.flag();
            let set = seqset(src)?;
            let n = src.choose(3);
            let mut modifiers = Vec::new();
            for _ in 0..n {
                modifiers.push(if src.flag() {
                    StoreModifier::UnchangedSince(src.number64()?)
                } else {
                    StoreModifier::Other {
                        name: label(src, &["UNCHANGEDSINCE"])?,
                        value: ext_value(src)?,
                    }
                });
            }
            let mode =
                [StoreMode::Replace, StoreMode::Add, StoreMode::Remove][usize::from(src.choose(3))];
            let silent = src.flag();
            let values = if src.flag() {
                StoreValues::Flags(flags(src)?)
            } else {
                let k = src.choose(4);
                let mut labels = Vec::new();
                for _ in 0..k {
                    labels.push(if src.flag() {
                        GmLabel::System(atom(src)?)
                    } else {
                        GmLabel::Name(istring(src)?)
                    });
                }
                StoreValues::GmLabels(labels)
            };
            C::Store {
                uid,
                set,
                modifiers,
                mode,
                silent,
                values,
            }
        }
        27 => C::Copy {
            uid: src.flag(),
            set: seqset(src)?,
            mailbox: mailbox(src)?,
        },
        28 => C::Move {
            uid: src.flag(),
            set: seqset(src)?,
            mailbox: mailbox(src)?,
        },
        29 => C::GetQuota {
            root: istring(src)?,
        },
        30 => C::GetQuotaRoot {
            mailbox: mailbox(src)?,
        },
        31 => {
            let root = istring(src)?;
            let n = src.choose(4);
            let mut limits = Vec::new();
            for _ in 0..n {
                let resource = match src.choose(5) {
                    0 => QuotaResource::Storage,
                    1 => QuotaResource::Message,
                    2 => QuotaResource::Mailbox,
                    3 => QuotaResource::AnnotationStorage,
                    _ => QuotaResource::Other(other_name(
                        src,
                        &["STORAGE", "MESSAGE", "MAILBOX", "ANNOTATION-STORAGE"],
                        &[],
                    )?),
                };
                limits.push(QuotaLimit {
                    resource,
                    limit: src.number64()?,
                });
            }
            C::SetQuota { root, limits }
        }
        32 => {
            let n = src.choose(3);
            let mut options = Vec::new();
            for _ in 0..n {
                options.push(match src.choose(3) {
                    0 => MetadataOption::MaxSize(src.num32()),
                    1 => MetadataOption::Depth(
                        [
                            MetadataDepth::Zero,
                            MetadataDepth::One,
                            MetadataDepth::Infinity,
                        ][usize::from(src.choose(3))],
                    ),
                    _ => MetadataOption::Other {
                        name: label(src, &["MAXSIZE", "DEPTH"])?,
                        value: ext_value(src)?,
                    },
                });
            }
            let mailbox = mailbox(src)?;
            let k = src.choose(4);
            C::GetMetadata {
                options,
                mailbox,
                entries: NonEmpty::new((0..k).map(|_| istring(src)).collect::<Option<_>>()?)?,
            }
        }
        33 => {
            let mailbox = mailbox(src)?;
            let k = src.choose(4);
            let mut entries = Vec::new();
            for _ in 0..k {
                let name = istring(src)?;
                let value = match src.choose(3) {
                    0 => MetadataValue::Nil,
                    1 => MetadataValue::String(istring(src)?),
                    _ => MetadataValue::Binary(binary(src)),
                };
                entries.push((name, value));
            }
            C::SetMetadata {
                mailbox,
                entries: NonEmpty::new(entries)?,
            }
        }
        34 => C::Id {
            params: id_params(src)?,
        },
        35 => C::Compress {
            algorithm: atom(src)?,
        },
        36 => C::Notify(notify(src)?),
        37 => C::SetAcl {
            mailbox: mailbox(src)?,
            identifier: istring(src)?,
            rights: istring(src)?,
        },
        38 => C::DeleteAcl {
            mailbox: mailbox(src)?,
            identifier: istring(src)?,
        },
        39 => C::GetAcl {
            mailbox: mailbox(src)?,
        },
        40 => C::ListRights {
            mailbox: mailbox(src)?,
            identifier: istring(src)?,
        },
        41 => C::MyRights {
            mailbox: mailbox(src)?,
        },
        42 => C::Unauthenticate,
        43 => C::Search {
            uid: src.flag(),
            args: search_command(src)?,
        },
        44 => C::Sort {
            uid: src.flag(),
            args: sort_command(src)?,
        },
        45 => C::Thread {
            uid: src.flag(),
            args: thread_command(src)?,
        },
        _ => C::Unknown {
            name: other_name(src, COMMAND_NAMES, &[])?,
            args: raw_args(src)?,
        },
    })
}
