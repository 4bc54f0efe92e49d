//! Checks of the `imap_proto_response_roundtrip` fuzz target: server messages — the
//! greeting, status responses with every `Code` variant, every `Data` variant (FETCH with
//! every `FetchItem`, ENVELOPE and BODYSTRUCTURE trees of bounded depth included) and
//! continuation requests — built from fuzzer bytes through the crate's public, validating
//! constructors (`Tag::new`, `Atom::new`, `IString::new`, `Text::new`, `CodeText::new`,
//! `UidSet::new`, `ModSeq::new`, `Charset::new`, `ObjectId::new`, `Capability::from_atom`,
//! `MailboxAttr::from_name`, `BasicType::new`, `BodyEncoding::new`, `NonEmpty::new`,
//! `Section::new`, `Flag::from_wire`, `DateTime::new`, `RawValue::new`, `RawData::new`,
//! `FetchValue::new`, `Label::new`, `OtherStatusName::new`, …), encode to bytes that
//! read back as the same value.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout: as for `imap_proto_command_roundtrip` (a structured reader over the
//! bytes, choice bytes, little-endian integers, bytes from a few alphabets, zero when the
//! input runs out; candidates a constructor refuses are skipped; values one after the
//! other, at most 64 per part; parts joined by `FF FE FD FC`).
//!
//! What the types accept but the wire cannot carry as the same value is not built (the
//! crate's documented rules): `Other` names are never a name the crate types (STATUS item
//! names are offered to `OtherStatusName::new`, which refuses them); human-readable text is
//! UTF-8 (other 8-bit text reads back only in lenient mode); unknown code text is 7-bit;
//! lenient-only values (`FlagEntry::Bracketed`, `FlagFetch::Bracketed`, `\*` in FLAGS) are
//! not built; SEARCH/SORT carry a MODSEQ only with numbers; unknown data is not named with
//! a leading digit (`* 9…` is a numbered response); BODY items carry no extension data.
//!
//! It checks that every message built, encoded with `EncodeOptions` default and with
//! `utf8_quoted`,
//!
//! 1. has fragments that put together are its bytes;
//! 2. parses back — `Response::parse_message`, or `Greeting::parse_message` for a greeting
//!    (strict, limits lifted) — to the same value, and `Response::parse` reads the same
//!    value from the bytes, consuming all of them; `into_owned` keeps it equal;
//! 3. read from its bytes by a `ClientDecoder` (`after_greeting` for responses, `new` for
//!    a greeting) is exactly that value, consuming all the bytes.

use std::borrow::Cow;
use std::num::NonZeroU32;

use crate::imap_values::*;
use imap_proto::Status;
use imap_proto::encode::core::EncodeOptions;
use imap_proto::stream::client::{ClientDecoder, ClientEvent};
use imap_proto::types::body::{
    Address, BasicType, BodyEncoding, BodyExtension, BodyFields, BodyParams, BodyStructure,
    Disposition, DispositionExt, Envelope, Language, LanguageExt, LocationExt, MessageSubtype,
    MultiPart, MultiPartExt, NonEmpty, PartKind, SinglePart, SinglePartExt,
};
use imap_proto::types::capability::Capability;
use imap_proto::types::command::OtherStatusName;
use imap_proto::types::core::{
    Atom, Binary, Charset, FlagFetch, FlagPerm, IString, NString, Number64,
};
use imap_proto::types::fetch::{FetchData, FetchItem, FetchValue, GmLabel};
use imap_proto::types::response::{
    Code, CodeText, Continuation, Data, Esearch, EsearchReturn, FlagEntry, Greeting, GreetingKind,
    ListExtItem, MailboxAttr, MailboxList, MetadataCode, MetadataItems, MetadataValue, ModSeq,
    NamespaceDescr, PartialRange, QuotaResource, RawData, RawValue, Response, SearchCorrelator,
    StatusItem, StatusKind, StatusResponse, Text, Thread, UidSet, UrlMechanism,
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
        if src.choose(8) == 0 {
            if let Some(g) = greeting(&mut src) {
                check_greeting(&g);
            }
        } else if let Some(r) = response(&mut src) {
            check_response(&r);
        }
    }
}

fn check_response(r: &Response<'_>) {
    let opts = lifted();
    for eo in encodings() {
        let enc = r.encode(&eo);
        sync_literals(&enc);
        let bytes = enc.as_bytes();
        let shown = bytes.escape_ascii().to_string();
        match Response::parse_message(bytes, &opts) {
            Ok(back) => assert_eq!(&back, r, "wrote {shown}"),
            Err(e) => panic!("{r:?} wrote {shown}, which gives {e:?}"),
        }
        assert_eq!(
            Response::parse(bytes, &opts),
            Ok(Status::Complete {
                value: r.clone(),
                consumed: bytes.len()
            }),
            "Response::parse of {shown}"
        );
        let mut dec = ClientDecoder::after_greeting(opts);
        assert_eq!(
            dec.decode(bytes),
            Status::Complete {
                value: ClientEvent::Response(r.clone()),
                consumed: bytes.len()
            },
            "the decoder on {shown}"
        );
    }
    assert_eq!(&r.clone().into_owned(), r);
}

fn check_greeting(g: &Greeting<'_>) {
    let opts = lifted();
    for eo in encodings() {
        let enc = g.encode(&eo);
        sync_literals(&enc);
        let bytes = enc.as_bytes();
        let shown = bytes.escape_ascii().to_string();
        match Greeting::parse_message(bytes, &opts) {
            Ok(back) => assert_eq!(&back, g, "wrote {shown}"),
            Err(e) => panic!("{g:?} wrote {shown}, which gives {e:?}"),
        }
        let mut dec = ClientDecoder::new(opts);
        assert_eq!(
            dec.decode(bytes),
            Status::Complete {
                value: ClientEvent::Greeting(g.clone()),
                consumed: bytes.len()
            },
            "the decoder on {shown}"
        );
    }
    assert_eq!(&g.clone().into_owned(), g);
}

/// The encoder options a server uses.
fn encodings() -> [EncodeOptions; 2] {
    [
        EncodeOptions::default(),
        EncodeOptions::default().utf8_quoted(true),
    ]
}

// ---------------------------------------------------------------------------------------
// Response values
// ---------------------------------------------------------------------------------------

/// Text for people: UTF-8 without CR, LF; no `[` first (that would be a code).
fn text(src: &mut Source<'_>) -> Option<Text<'static>> {
    let mut t = if src.flag() {
        src.utf8()
    } else {
        String::from_utf8(src.pick(b"ab ()[]{}\"\\*+%~:0\t")).ok()?
    };
    // Sometimes what reads as a code (refused by the status, greeting and continuation
    // constructors when there is no code), and sometimes a literal announcement at the end
    // (refused by `Text::new`).
    match src.choose(8) {
        0 => {
            t = format!(
                "[{}] {t}",
                CODE_NAMES[usize::from(src.byte()) % CODE_NAMES.len()]
            )
        }
        1 => t.push_str("{5}"),
        _ => {}
    }
    Text::new(t.into_bytes()).ok()
}

fn nz(src: &mut Source<'_>) -> Option<NonZeroU32> {
    src.nz32()
}

fn modseq(src: &mut Source<'_>) -> Option<ModSeq> {
    ModSeq::new(src.num64())
}

fn uid_set(src: &mut Source<'_>) -> Option<UidSet<'static>> {
    UidSet::new(seqset(src)?.as_str().to_owned()).ok()
}

/// Every response code name the crate types.
const CODE_NAMES: &[&str] = &[
    "ALERT",
    "BADCHARSET",
    "CAPABILITY",
    "PARSE",
    "PERMANENTFLAGS",
    "READ-ONLY",
    "READ-WRITE",
    "TRYCREATE",
    "UIDNEXT",
    "UIDVALIDITY",
    "UNSEEN",
    "CLOSED",
    "HASCHILDREN",
    "UNKNOWN-CTE",
    "UNAVAILABLE",
    "AUTHENTICATIONFAILED",
    "AUTHORIZATIONFAILED",
    "EXPIRED",
    "PRIVACYREQUIRED",
    "CONTACTADMIN",
    "NOPERM",
    "INUSE",
    "EXPUNGEISSUED",
    "CORRUPTION",
    "SERVERBUG",
    "CLIENTBUG",
    "CANNOT",
    "LIMIT",
    "OVERQUOTA",
    "ALREADYEXISTS",
    "NONEXISTENT",
    "APPENDUID",
    "COPYUID",
    "UIDNOTSTICKY",
    "HIGHESTMODSEQ",
    "NOMODSEQ",
    "MODIFIED",
    "BADURL",
    "TOOBIG",
    "METADATA",
    "MAILBOXID",
    "NOTSAVED",
    "COMPRESSIONACTIVE",
    "USEATTR",
    "NOTIFICATIONOVERFLOW",
    "BADEVENT",
    "URLMECH",
];

fn flag_entry(src: &mut Source<'_>, any: bool) -> Option<FlagEntry<'static>> {
    if any && src.choose(5) == 0 {
        Some(FlagEntry::Flag(FlagPerm::Any))
    } else {
        Some(FlagEntry::from(flag(src)?))
    }
}

fn flag_entries(src: &mut Source<'_>, any: bool) -> Option<Vec<FlagEntry<'static>>> {
    let n = src.choose(5);
    (0..n).map(|_| flag_entry(src, any)).collect()
}

fn capabilities(src: &mut Source<'_>) -> Option<Vec<Capability<'static>>> {
    let n = src.choose(5);
    (0..n).map(|_| capability(src)).collect()
}

fn code(src: &mut Source<'_>) -> Option<Code<'static>> {
    use Code as C;
    Some(match src.choose(56) {
        0 => C::Alert,
        1 => {
            let n = src.choose(4);
            C::BadCharset(
                (0..n)
                    .map(|_| Charset::new(src.text()).ok())
                    .collect::<Option<_>>()?,
            )
        }
        2 => C::Capability(capabilities(src)?),
        3 => C::Parse,
        4 => C::PermanentFlags(flag_entries(src, true)?),
        5 => C::ReadOnly,
        6 => C::ReadWrite,
        7 => C::TryCreate,
        8 => C::UidNext(nz(src)?),
        9 => C::UidValidity(nz(src)?),
        10 => C::Unseen(nz(src)?),
        11 => C::Closed,
        12 => C::HasChildren,
        13 => C::UnknownCte,
        14 => C::Unavailable,
        15 => C::AuthenticationFailed,
        16 => C::AuthorizationFailed,
        17 => C::Expired,
        18 => C::PrivacyRequired,
        19 => C::ContactAdmin,
        20 => C::NoPerm,
        21 => C::InUse,
        22 => C::ExpungeIssued,
        23 => C::Corruption,
        24 => C::ServerBug,
        25 => C::ClientBug,
        26 => C::Cannot,
        27 => C::Limit,
        28 => C::OverQuota,
        29 => C::AlreadyExists,
        30 => C::NonExistent,
        31 => C::AppendUid {
            uid_validity: nz(src)?,
            uids: uid_set(src)?,
        },
        32 => C::CopyUid {
            uid_validity: nz(src)?,
            source: uid_set(src)?,
            destination: uid_set(src)?,
        },
        33 => C::UidNotSticky,
        34 => C::HighestModSeq(modseq(src)?),
        35 => C::NoModSeq,
        36 => C::Modified(seqset(src)?),
        37 => C::BadUrl(CodeText::new(src.bytes()).ok()?),
        38 => C::TooBig,
        39 => C::Metadata(match src.choose(4) {
            0 => MetadataCode::LongEntries(src.num32()),
            1 => MetadataCode::MaxSize(src.num32()),
            2 => MetadataCode::TooMany,
            _ => MetadataCode::NoPrivate,
        }),
        40 => C::MailboxId(object_id(src)?),
        41 => C::NotSaved,
        42 => C::CompressionActive,
        43 => C::UseAttr,
        44 => C::NotificationOverflow,
        45 => {
            // Empty lists too: `NonEmpty::new` refuses them.
            let n = src.choose(4);
            C::BadEvent(NonEmpty::new(
                (0..n).map(|_| atom(src)).collect::<Option<_>>()?,
            )?)
        }
        46 => {
            let n = src.choose(3);
            let mut v = Vec::new();
            for _ in 0..n {
                let name = Atom::new(String::from_utf8(src.pick(b"AZ09-.x")).ok()?).ok()?;
                let data = if src.flag() {
                    Some(Atom::new(String::from_utf8(src.pick(b"AZaz09+/=")).ok()?).ok()?)
                } else {
                    None
                };
                v.push(UrlMechanism { name, data });
            }
            C::UrlMech(v)
        }
        _ => C::Other {
            name: other_name(src, CODE_NAMES, &[])?,
            text: if src.flag() {
                let t = src.pick(b"ab []()\"\\{}*%0:");
                Some(CodeText::new(t).ok()?)
            } else {
                None
            },
        },
    })
}

fn opt_code(src: &mut Source<'_>) -> Option<Option<Code<'static>>> {
    Some(if src.choose(3) == 0 {
        None
    } else {
        Some(code(src)?)
    })
}

fn greeting(src: &mut Source<'_>) -> Option<Greeting<'static>> {
    let kind =
        [GreetingKind::Ok, GreetingKind::PreAuth, GreetingKind::Bye][usize::from(src.choose(3))];
    Greeting::new(kind, opt_code(src)?, text(src)?).ok()
}

fn response(src: &mut Source<'_>) -> Option<Response<'static>> {
    Some(match src.choose(4) {
        0 => {
            let tag = if src.flag() { Some(tag(src)?) } else { None };
            // Every kind, tagged or not: the constructor refuses a tagged PREAUTH or BYE.
            let kind = [
                StatusKind::Ok,
                StatusKind::No,
                StatusKind::Bad,
                StatusKind::PreAuth,
                StatusKind::Bye,
            ][usize::from(src.byte()) % 5];
            let (code, text) = (opt_code(src)?, text(src)?);
            Response::Status(
                match tag {
                    Some(tag) => StatusResponse::tagged(tag, kind, code, text),
                    None => StatusResponse::untagged(kind, code, text),
                }
                .ok()?,
            )
        }
        1 => Response::Continuation(Continuation::new(opt_code(src)?, text(src)?).ok()?),
        _ => Response::Data(data(src)?),
    })
}

/// The raw value of an unknown item, through `RawValue::new`.
fn raw_value(src: &mut Source<'_>) -> Option<RawValue<'static>> {
    RawValue::new(raw_candidate(src)).ok()
}

fn delimiter(src: &mut Source<'_>) -> Option<char> {
    const D: &[char] = &['/', '.', '\\', '"', 'é', ' ', '%', ']', '中'];
    if src.choose(4) == 0 {
        None
    } else {
        Some(D[usize::from(src.byte()) % D.len()])
    }
}

fn mailbox_list(src: &mut Source<'_>) -> Option<MailboxList<'static>> {
    const ATTRS: &[&str] = &[
        "Noinferiors",
        "Noselect",
        "Marked",
        "Unmarked",
        "NonExistent",
        "Subscribed",
        "Remote",
        "HasChildren",
        "HasNoChildren",
        "All",
        "Archive",
        "Drafts",
        "Flagged",
        "Junk",
        "Sent",
        "Trash",
    ];
    let n = src.choose(4);
    let mut attributes = Vec::new();
    for _ in 0..n {
        let name = if src.flag() {
            ATTRS[usize::from(src.byte()) % ATTRS.len()].to_owned()
        } else {
            src.atom_text()
        };
        attributes.push(MailboxAttr::from_name(&name).ok()?.into_owned());
    }
    let delimiter = delimiter(src);
    let name = mailbox(src)?;
    let extended = if src.flag() {
        let k = src.choose(3);
        let mut v = Vec::new();
        for _ in 0..k {
            v.push(match src.choose(3) {
                0 => {
                    let m = 1 + src.choose(3);
                    ListExtItem::ChildInfo(NonEmpty::new(
                        (0..m).map(|_| istring(src)).collect::<Option<_>>()?,
                    )?)
                }
                1 => ListExtItem::OldName(mailbox(src)?),
                _ => {
                    let tag = istring(src)?;
                    let t = tag.as_bytes();
                    if t.eq_ignore_ascii_case(b"CHILDINFO") || t.eq_ignore_ascii_case(b"OLDNAME") {
                        return None;
                    }
                    ListExtItem::Other {
                        tag,
                        value: raw_value(src)?,
                    }
                }
            });
        }
        Some(v)
    } else {
        None
    };
    Some(MailboxList {
        attributes,
        delimiter,
        mailbox: name,
        extended,
    })
}

fn namespaces(src: &mut Source<'_>) -> Option<Vec<NamespaceDescr<'static>>> {
    let n = src.choose(3);
    let mut v = Vec::new();
    for _ in 0..n {
        let prefix = istring(src)?;
        let delimiter = delimiter(src);
        let k = src.choose(3);
        let mut extensions = Vec::new();
        for _ in 0..k {
            let name = istring(src)?;
            let m = src.choose(4);
            let values = (0..m).map(|_| istring(src)).collect::<Option<_>>()?;
            extensions.push((name, NonEmpty::new(values)?));
        }
        v.push(NamespaceDescr {
            prefix,
            delimiter,
            extensions,
        });
    }
    Some(v)
}

fn status_item(src: &mut Source<'_>) -> Option<StatusItem<'static>> {
    use StatusItem as S;
    Some(match src.choose(12) {
        0 => S::Messages(src.num32()),
        1 => S::UidNext(nz(src)?),
        2 => S::UidValidity(nz(src)?),
        3 => S::Unseen(src.num32()),
        4 => S::Deleted(src.num32()),
        5 => S::Size(src.number64()?),
        6 => S::Recent(src.num32()),
        7 => S::HighestModSeq(src.number64()?),
        8 => S::AppendLimit(if src.flag() {
            Some(src.number64()?)
        } else {
            None
        }),
        9 => S::MailboxId(object_id(src)?),
        10 => S::DeletedStorage(src.number64()?),
        // Any atom is offered: `OtherStatusName::new` refuses the typed names.
        _ => S::Other {
            name: OtherStatusName::new(atom(src)?.as_str().to_owned()).ok()?,
            value: raw_value(src)?,
        },
    })
}

fn esearch(src: &mut Source<'_>) -> Option<Esearch<'static>> {
    // `UID` first in the list (without `uid`) reads as the UID marker.
    const NAMES: &[&str] = &["MIN", "MAX", "ALL", "COUNT", "MODSEQ", "PARTIAL", "UID"];
    let correlator = if src.flag() {
        Some(SearchCorrelator {
            tag: istring(src)?,
            mailbox: if src.flag() {
                Some((mailbox(src)?, nz(src)?))
            } else {
                None
            },
        })
    } else {
        None
    };
    let uid = src.flag();
    let n = src.choose(5);
    let mut data = Vec::new();
    for _ in 0..n {
        data.push(match src.choose(7) {
            0 => EsearchReturn::Min(nz(src)?),
            1 => EsearchReturn::Max(nz(src)?),
            2 => EsearchReturn::All(seqset(src)?),
            3 => EsearchReturn::Count(src.num32()),
            4 => EsearchReturn::ModSeq(modseq(src)?),
            5 => EsearchReturn::Partial {
                range: PartialRange {
                    from_last: src.flag(),
                    start: nz(src)?,
                    end: nz(src)?,
                },
                results: if src.flag() { Some(seqset(src)?) } else { None },
            },
            _ => EsearchReturn::Other {
                name: label(src, NAMES)?,
                value: raw_value(src)?,
            },
        });
    }
    Some(Esearch {
        correlator,
        uid,
        data,
    })
}

/// A thread: a chain of members, then sub-threads (any number: `Thread::new` refuses
/// an empty thread and a single sub-thread).
fn thread(src: &mut Source<'_>, depth: u8) -> Option<Thread> {
    let n = src.choose(4);
    let members: Vec<NonZeroU32> = (0..n).map(|_| nz(src)).collect::<Option<_>>()?;
    let children = if depth < 4 && (members.is_empty() || src.flag()) {
        let k = src.choose(4);
        (0..k)
            .map(|_| thread(src, depth + 1))
            .collect::<Option<_>>()?
    } else {
        Vec::new()
    };
    Thread::new(members, children)
}

fn numbers_modseq(src: &mut Source<'_>) -> Option<(Vec<NonZeroU32>, Option<ModSeq>)> {
    let n = src.choose(5);
    let numbers: Vec<NonZeroU32> = (0..n).map(|_| nz(src)).collect::<Option<_>>()?;
    let m = if !numbers.is_empty() && src.flag() {
        Some(modseq(src)?)
    } else {
        None
    };
    Some((numbers, m))
}

/// Every untagged data keyword the crate parses, and the status conditions.
const DATA_NAMES: &[&str] = &[
    "CAPABILITY",
    "ENABLED",
    "LIST",
    "LSUB",
    "NAMESPACE",
    "STATUS",
    "SEARCH",
    "ESEARCH",
    "SORT",
    "THREAD",
    "FLAGS",
    "EXISTS",
    "FETCH",
    "RECENT",
    "EXPUNGE",
    "VANISHED",
    "QUOTA",
    "QUOTAROOT",
    "METADATA",
    "ID",
    "ACL",
    "LISTRIGHTS",
    "MYRIGHTS",
    "OK",
    "NO",
    "BAD",
    "PREAUTH",
    "BYE",
];

fn data(src: &mut Source<'_>) -> Option<Data<'static>> {
    use Data as D;
    Some(match src.choose(28) {
        0 => D::Capability(capabilities(src)?),
        1 => D::Enabled(capabilities(src)?),
        2 => D::List(mailbox_list(src)?),
        3 => D::Lsub(mailbox_list(src)?),
        4 => D::Namespace {
            personal: namespaces(src)?,
            other: namespaces(src)?,
            shared: namespaces(src)?,
        },
        5 => {
            let mailbox = mailbox(src)?;
            let n = src.choose(5);
            D::Status {
                mailbox,
                items: (0..n).map(|_| status_item(src)).collect::<Option<_>>()?,
            }
        }
        6 => {
            let (numbers, modseq) = numbers_modseq(src)?;
            D::Search { numbers, modseq }
        }
        7 => D::Esearch(esearch(src)?),
        8 => {
            let (numbers, modseq) = numbers_modseq(src)?;
            D::Sort { numbers, modseq }
        }
        9 => {
            let n = src.choose(4);
            D::Thread((0..n).map(|_| thread(src, 0)).collect::<Option<_>>()?)
        }
        10 => D::Flags(flag_entries(src, false)?),
        11 => D::Exists(src.num32()),
        12..=15 => D::Fetch(fetch_data(src)?),
        16 => D::Recent(src.num32()),
        17 => D::Expunge(nz(src)?),
        18 => D::Vanished {
            earlier: src.flag(),
            uids: uid_set(src)?,
        },
        19 => {
            let root = istring(src)?;
            let n = src.choose(4);
            let mut resources = Vec::new();
            for _ in 0..n {
                resources.push(QuotaResource {
                    name: atom(src)?,
                    usage: src.number64()?,
                    limit: src.number64()?,
                });
            }
            D::Quota { root, resources }
        }
        20 => {
            let mailbox = mailbox(src)?;
            let n = src.choose(4);
            D::QuotaRoot {
                mailbox,
                roots: (0..n).map(|_| istring(src)).collect::<Option<_>>()?,
            }
        }
        21 => {
            let mailbox = mailbox(src)?;
            let n = src.choose(4);
            let items = if src.flag() {
                let mut v = Vec::new();
                for _ in 0..n {
                    let entry = istring(src)?;
                    let value = match src.choose(3) {
                        0 => MetadataValue::Nil,
                        1 => MetadataValue::String(istring(src)?),
                        _ => MetadataValue::Binary(Binary(Cow::Owned(src.bytes()))),
                    };
                    v.push((entry, value));
                }
                MetadataItems::Values(NonEmpty::new(v)?)
            } else {
                MetadataItems::Entries(NonEmpty::new(
                    (0..n).map(|_| istring(src)).collect::<Option<_>>()?,
                )?)
            };
            D::Metadata { mailbox, items }
        }
        22 => D::Id(id_params(src)?),
        23 => {
            let mailbox = mailbox(src)?;
            let n = src.choose(4);
            let mut entries = Vec::new();
            for _ in 0..n {
                entries.push((istring(src)?, istring(src)?));
            }
            D::Acl { mailbox, entries }
        }
        24 => {
            let mailbox = mailbox(src)?;
            let identifier = istring(src)?;
            let required = istring(src)?;
            let n = src.choose(4);
            D::ListRights {
                mailbox,
                identifier,
                required,
                optional: (0..n).map(|_| istring(src)).collect::<Option<_>>()?,
            }
        }
        25 => D::MyRights {
            mailbox: mailbox(src)?,
            rights: istring(src)?,
        },
        _ => {
            let name = other_name(src, DATA_NAMES, &[])?;
            // `* 9…` starts a numbered response (`* n EXISTS`).
            if name.as_str().starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            // Nothing, or values after SP (or not: a first byte that continues the name
            // is refused).
            let mut b = Vec::new();
            for _ in 0..src.choose(4) {
                if src.choose(8) != 0 {
                    b.push(b' ');
                }
                b.extend_from_slice(&raw_candidate(src));
            }
            D::Other {
                name,
                raw: RawData::new(b).ok()?,
            }
        }
    })
}

// ---------------------------------------------------------------------------------------
// FETCH data, ENVELOPE, BODYSTRUCTURE
// ---------------------------------------------------------------------------------------

/// Message data: NIL, or bytes (NUL, CR, LF and 8-bit bytes included).
fn message_data(src: &mut Source<'_>) -> Option<Cow<'static, [u8]>> {
    match src.choose(5) {
        0 => None,
        1 => Some(Cow::Owned(b"a\0b\r\nc\r\xff\n".to_vec())),
        _ => Some(Cow::Owned(src.bytes())),
    }
}

fn nstring(src: &mut Source<'_>) -> Option<NString<'static>> {
    Some(if src.choose(3) == 0 {
        None
    } else {
        Some(istring(src)?)
    })
}

fn address(src: &mut Source<'_>) -> Option<Address<'static>> {
    Some(match src.choose(5) {
        0 => Address::group_start(istring(src)?),
        1 => Address::group_end(),
        _ => Address {
            name: nstring(src)?,
            adl: nstring(src)?,
            mailbox: nstring(src)?,
            host: nstring(src)?,
        },
    })
}

fn addresses(src: &mut Source<'_>) -> Option<Vec<Address<'static>>> {
    let n = src.choose(3);
    (0..n).map(|_| address(src)).collect()
}

fn envelope(src: &mut Source<'_>) -> Option<Envelope<'static>> {
    Some(Envelope {
        date: nstring(src)?,
        subject: nstring(src)?,
        from: addresses(src)?,
        sender: addresses(src)?,
        reply_to: addresses(src)?,
        to: addresses(src)?,
        cc: addresses(src)?,
        bcc: addresses(src)?,
        in_reply_to: nstring(src)?,
        message_id: nstring(src)?,
    })
}

fn params(src: &mut Source<'_>) -> Option<BodyParams<'static>> {
    let n = src.choose(3);
    (0..n)
        .map(|_| Some((istring(src)?, istring(src)?)))
        .collect()
}

fn body_fields(src: &mut Source<'_>) -> Option<BodyFields<'static>> {
    const ENC: &[&str] = &["7bit", "8BIT", "binary", "BASE64", "Quoted-Printable"];
    let encoding = if src.flag() {
        BodyEncoding::new(IString::new(ENC[usize::from(src.byte()) % ENC.len()].as_bytes()).ok()?)
            .into_owned()
    } else {
        BodyEncoding::new(istring(src)?)
    };
    Some(BodyFields {
        params: params(src)?,
        id: nstring(src)?,
        description: nstring(src)?,
        encoding,
        octets: src.num32(),
    })
}

fn body_extension(src: &mut Source<'_>, depth: u8) -> Option<BodyExtension<'static>> {
    Some(match src.choose(3) {
        0 => BodyExtension::String(nstring(src)?),
        1 => BodyExtension::Number(src.num32().into()),
        _ if depth < 3 => {
            let n = 1 + src.choose(3);
            BodyExtension::List(NonEmpty::new(
                (0..n)
                    .map(|_| body_extension(src, depth + 1))
                    .collect::<Option<_>>()?,
            )?)
        }
        _ => BodyExtension::Number(0),
    })
}

/// The disposition, language and location tail shared by both extension kinds.
fn disposition_ext(src: &mut Source<'_>) -> Option<Option<DispositionExt<'static>>> {
    if src.choose(3) == 0 {
        return Some(None);
    }
    let disposition = if src.flag() {
        Some(Disposition {
            kind: istring(src)?,
            params: params(src)?,
        })
    } else {
        None
    };
    let rest = if src.flag() {
        let language = if src.flag() {
            Language::Single(nstring(src)?)
        } else {
            let n = 1 + src.choose(3);
            Language::List(NonEmpty::new(
                (0..n).map(|_| istring(src)).collect::<Option<_>>()?,
            )?)
        };
        let rest = if src.flag() {
            let n = src.choose(3);
            Some(LocationExt {
                location: nstring(src)?,
                extensions: (0..n)
                    .map(|_| body_extension(src, 0))
                    .collect::<Option<_>>()?,
            })
        } else {
            None
        };
        Some(LanguageExt { language, rest })
    } else {
        None
    };
    Some(Some(DispositionExt { disposition, rest }))
}

fn body_structure(src: &mut Source<'_>, ext: bool, depth: u8) -> Option<BodyStructure<'static>> {
    if depth < 4 && src.choose(3) == 0 {
        let n = 1 + src.choose(3);
        let parts = (0..n)
            .map(|_| body_structure(src, ext, depth + 1))
            .collect::<Option<Vec<_>>>()?;
        let subtype = istring(src)?;
        let extension = if ext && src.flag() {
            Some(MultiPartExt {
                params: params(src)?,
                rest: disposition_ext(src)?,
            })
        } else {
            None
        };
        return Some(BodyStructure::Multi(MultiPart {
            parts: NonEmpty::new(parts)?,
            subtype,
            extension,
        }));
    }
    let kind = match src.choose(4) {
        0 | 1 => {
            let t = if src.flag() {
                IString::new(&b"message"[..]).ok()?.into_owned()
            } else {
                istring(src)?
            };
            PartKind::Basic(BasicType::new(t, istring(src)?).ok()?)
        }
        2 => PartKind::Text {
            subtype: istring(src)?,
            lines: src.num63(),
        },
        _ if depth < 4 => PartKind::Message {
            subtype: if src.flag() {
                MessageSubtype::Rfc822
            } else {
                MessageSubtype::Global
            },
            envelope: Box::new(envelope(src)?),
            body: Box::new(body_structure(src, ext, depth + 1)?),
            lines: src.num63(),
        },
        _ => return None,
    };
    let fields = body_fields(src)?;
    let extension = if ext && src.flag() {
        Some(SinglePartExt {
            md5: nstring(src)?,
            rest: disposition_ext(src)?,
        })
    } else {
        None
    };
    Some(BodyStructure::Single(SinglePart {
        kind,
        fields,
        extension,
    }))
}

/// `None` when the number is refused (past 2⁶³ − 1); `Some(None)` for no origin.
fn origin(src: &mut Source<'_>) -> Option<Option<Number64>> {
    Some(if src.flag() {
        Some(src.number64()?)
    } else {
        None
    })
}

fn fetch_item(src: &mut Source<'_>) -> Option<FetchItem<'static>> {
    use FetchItem as F;
    Some(match src.choose(24) {
        0 => {
            let n = src.choose(4);
            let mut v = Vec::new();
            for _ in 0..n {
                v.push(if src.choose(6) == 0 {
                    FlagFetch::Recent
                } else {
                    FlagFetch::Flag(flag(src)?)
                });
            }
            F::Flags(v)
        }
        1 => F::Envelope(Box::new(envelope(src)?)),
        2 => F::InternalDate(date_time(src)?),
        3 => F::Rfc822Size(src.number64()?),
        4 => F::Rfc822(message_data(src)),
        5 => F::Rfc822Header(message_data(src)),
        6 => F::Rfc822Text(message_data(src)),
        7 => F::Body(Box::new(body_structure(src, false, 0)?)),
        8 | 9 => F::BodyStructure(Box::new(body_structure(src, true, 0)?)),
        10 | 11 => F::BodySection {
            section: section(src)?,
            origin: origin(src)?,
            data: message_data(src),
        },
        12 => F::Binary {
            part: part_path(src)?,
            origin: origin(src)?,
            data: message_data(src),
        },
        13 => F::BinarySize {
            part: part_path(src)?,
            size: src.number64()?,
        },
        14 => F::Uid(nz(src)?),
        15 => F::ModSeq(src.number64()?),
        16 => F::EmailId(object_id(src)?),
        17 => F::ThreadId(if src.flag() {
            Some(object_id(src)?)
        } else {
            None
        }),
        18 => F::SaveDate(if src.flag() {
            Some(date_time(src)?)
        } else {
            None
        }),
        19 => F::Preview(nstring(src)?),
        20 => F::GmMsgId(src.u64()),
        21 => F::GmThrId(src.u64()),
        22 => {
            let n = src.choose(4);
            let mut v = Vec::new();
            for _ in 0..n {
                v.push(if src.flag() {
                    GmLabel::System(atom(src)?)
                } else {
                    GmLabel::Name(istring(src)?)
                });
            }
            F::GmLabels(v)
        }
        _ => {
            let name = other_name(src, &[], FETCH_NAMES)?;
            F::Other {
                name,
                value: FetchValue::new(raw_candidate(src)).ok()?,
            }
        }
    })
}

fn fetch_data(src: &mut Source<'_>) -> Option<FetchData<'static>> {
    let seq = nz(src)?;
    let n = src.choose(5);
    Some(FetchData {
        seq,
        items: NonEmpty::new((0..n).map(|_| fetch_item(src)).collect::<Option<_>>()?)?,
    })
}
