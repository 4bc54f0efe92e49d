//! The crate's client side against a real Dovecot IMAP server (Debian's dovecot-imapd
//! 2.3.19.1, started by `scripts/interop.sh dovecot-start` on 127.0.0.1 with a throwaway
//! configuration, passwd-file user and maildir).
//!
//! The five MIME messages of `scripts/captures/messages` (multipart/mixed with an
//! alternative and a base64 attachment, a forwarded message/rfc822, 8-bit UTF-8 headers and
//! body, folded headers with address groups, a plain reply) are appended — the first with a
//! synchronizing literal that waits for the server's `+`, the other four in one MULTIAPPEND
//! (RFC 3502) with LITERAL+ literals (RFC 7888) and flags and an internal date — then
//! fetched back with `UID FETCH (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE
//! BODY.PEEK[])`, every leaf part with `BODY.PEEK[part]`, and searched. Commands are built as
//! typed values (or parsed from text by the crate) and written by `Command::encode`; the
//! server's bytes are read by a strict `ClientDecoder` (`tests/support/client.rs`), which
//! fails on anything it cannot decode and checks `parse(encode(r)) == r` for every response.
//!
//! The expected values come from the message files themselves: BODY[] must be the appended
//! bytes, RFC822.SIZE their length, the ENVELOPE fields the header values as RFC 9051
//! §7.5.2 defines them (Sender and Reply-To default to From; groups as RFC 9051 §9 `address`
//! group markers; a folded Subject unfolded), the BODYSTRUCTURE the MIME tree as written in
//! the files, each part's size the length of what BODY[part] returns and its line count the
//! LFs in it.
//!
//! Needs root, bash and /usr/sbin/dovecot with dovecot-imapd; otherwise the test says why
//! and passes, unless `CI=true`.

mod support;

use std::borrow::Cow;
use std::num::NonZeroU32;
use std::path::Path;

use imap_proto::encode::core::EncodeOptions;
use imap_proto::types::body::{Address, BodyStructure, Envelope, PartKind};
use imap_proto::types::command::{AppendData, AppendMessage, CommandBody};
use imap_proto::types::core::{
    Binary, Date, DateTime, Flag, FlagFetch, IString, Mailbox, NonEmpty,
};
use imap_proto::types::fetch::{FetchAttr, FetchItem, FetchItems, Section};
use imap_proto::types::response::{Code, Data, Response, StatusKind};
use support::client::{Answer, Client};
use support::dovecot::{self, Dovecot};
use support::{PASSWORD, USER, lf_to_crlf};

/// The messages, as appended (CRLF line ends).
/// A list the test knows is not empty.
fn ne<T>(v: Vec<T>) -> NonEmpty<T> {
    NonEmpty::new(v).expect("a list that is not empty")
}

fn messages() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/captures/messages");
    [
        "01-mixed-alternative.eml",
        "02-forwarded-rfc822.eml",
        "03-utf8-8bit.eml",
        "04-long-folded-header.eml",
        "05-reply.eml",
    ]
    .iter()
    .map(|name| lf_to_crlf(&std::fs::read(dir.join(name)).expect("message file")))
    .collect()
}

fn s(v: &str) -> IString<'_> {
    IString::try_from(v).unwrap()
}

fn assert_ok(answer: &Answer, what: &str) {
    assert_eq!(answer.done.kind(), StatusKind::Ok, "{what}: {answer:?}");
}

/// An address as (name, mailbox, host); adl is NIL in every message here.
type Addr = (Option<String>, Option<String>, Option<String>);

fn addrs(list: &[Address<'_>]) -> Vec<Addr> {
    let text = |v: &Option<IString<'_>>| {
        v.as_ref()
            .map(|s| String::from_utf8(s.as_bytes().to_vec()).expect("UTF-8"))
    };
    list.iter()
        .map(|a| {
            assert_eq!(a.adl, None);
            (text(&a.name), text(&a.mailbox), text(&a.host))
        })
        .collect()
}

/// `name <mailbox@host>` (or a bare address without a name).
fn addr(name: Option<&str>, mailbox: &str, host: &str) -> Addr {
    (
        name.map(str::to_owned),
        Some(mailbox.to_owned()),
        Some(host.to_owned()),
    )
}

/// RFC 9051 §9 group markers: `(NIL NIL "name" NIL)` starts a group, `(NIL NIL NIL NIL)`
/// ends it.
fn group_start(name: &str) -> Addr {
    (None, Some(name.to_owned()), None)
}
const GROUP_END: Addr = (None, None, None);

fn text(v: &Option<IString<'_>>) -> Option<String> {
    v.as_ref()
        .map(|s| String::from_utf8(s.as_bytes().to_vec()).expect("UTF-8"))
}

/// What the test checks of an envelope: date, subject, the six address lists, in-reply-to,
/// message-id.
#[derive(Debug, PartialEq)]
struct Env {
    date: Option<String>,
    subject: Option<String>,
    from: Vec<Addr>,
    sender: Vec<Addr>,
    reply_to: Vec<Addr>,
    to: Vec<Addr>,
    cc: Vec<Addr>,
    bcc: Vec<Addr>,
    in_reply_to: Option<String>,
    message_id: Option<String>,
}

fn env(e: &Envelope<'_>) -> Env {
    Env {
        date: text(&e.date),
        subject: text(&e.subject),
        from: addrs(&e.from),
        sender: addrs(&e.sender),
        reply_to: addrs(&e.reply_to),
        to: addrs(&e.to),
        cc: addrs(&e.cc),
        bcc: addrs(&e.bcc),
        in_reply_to: text(&e.in_reply_to),
        message_id: text(&e.message_id),
    }
}

fn some(v: &str) -> Option<String> {
    Some(v.to_owned())
}

/// The envelopes, written from the header fields of the message files.
fn expected_envelopes() -> Vec<Env> {
    let quarterly = "Quarterly report (mixed, alternative, attachment)";
    let alice = addr(Some("Alice Example"), "alice", "example.test");
    let bob = addr(Some("Bob B."), "bob", "example.test");
    let carol = addr(None, "carol", "example.test");
    let mailwire = addr(None, "mailwire", "example.test");
    let joerg = addr(
        Some("=?UTF-8?Q?J=C3=B6rg_M=C3=BCller?="),
        "joerg",
        "example.test",
    );
    let jj = addr(Some("Doe, \"JJ\" John"), "jj.doe", "example.test");
    vec![
        Env {
            date: some("Thu, 01 Jan 2026 09:00:00 +0100"),
            subject: some(quarterly),
            from: vec![alice.clone()],
            sender: vec![addr(Some("Alice's Assistant"), "assistant", "example.test")],
            reply_to: vec![addr(None, "replies", "example.test")],
            to: vec![mailwire.clone(), bob.clone()],
            cc: vec![carol.clone()],
            bcc: vec![],
            in_reply_to: None,
            message_id: some("<mixed-1@example.test>"),
        },
        Env {
            date: some("Fri, 02 Jan 2026 10:30:00 -0500"),
            subject: some(&format!("Re: {quarterly}")),
            from: vec![bob.clone()],
            sender: vec![bob.clone()],
            reply_to: vec![bob],
            to: vec![alice.clone()],
            cc: vec![mailwire.clone()],
            bcc: vec![],
            in_reply_to: some("<mixed-1@example.test>"),
            message_id: some("<forward-2@example.test>"),
        },
        Env {
            date: some("Sat, 03 Jan 2026 08:15:00 +0000"),
            subject: some("Re: Grüße aus Köln — 8-bit UTF-8 subject"),
            from: vec![joerg.clone()],
            sender: vec![joerg.clone()],
            reply_to: vec![joerg],
            to: vec![addr(Some("Zoë Ünicode"), "zoe", "example.test")],
            cc: vec![],
            bcc: vec![],
            in_reply_to: some("<forward-2@example.test>"),
            message_id: some("<utf8-3@example.test>"),
        },
        Env {
            date: some("Sun, 4 Jan 2026 12:00:00 +0000 (UTC)"),
            // Unfolding removes each CRLF and keeps the white space after it.
            subject: some(
                "A very long subject line that goes on and on so that it has to be \
                 folded over several physical lines by the sending user agent, as RFC 5322 \
                 section 2.2.3 allows; unfolding removes each CRLF before the white space",
            ),
            from: vec![jj.clone()],
            sender: vec![jj.clone()],
            reply_to: vec![jj],
            to: vec![group_start("undisclosed-recipients"), GROUP_END],
            cc: vec![
                group_start("Team"),
                mailwire,
                addr(Some("Erin (QA)"), "erin", "example.test"),
                addr(None, "frank", "example.test"),
                GROUP_END,
                addr(None, "grace", "example.test"),
            ],
            bcc: vec![],
            in_reply_to: None,
            message_id: some("<folded-4@example.test>"),
        },
        Env {
            date: some("Mon, 05 Jan 2026 07:00:00 +0000"),
            subject: some(&format!("Re: {quarterly}")),
            from: vec![carol.clone()],
            sender: vec![carol.clone()],
            reply_to: vec![carol],
            to: vec![addr(None, "alice", "example.test")],
            cc: vec![],
            bcc: vec![],
            in_reply_to: some("<mixed-1@example.test>"),
            message_id: some("<reply-5@example.test>"),
        },
    ]
}

/// A body structure in a compact form: a multipart as `subtype(part,part,…)`, a leaf as
/// `type/subtype;name=value…;encoding`, an encapsulated message as
/// `message/rfc822;encoding[body]`; all in lower case.
fn shape(b: &BodyStructure<'_>) -> String {
    let lower = |v: &[u8]| String::from_utf8_lossy(v).to_ascii_lowercase();
    match b {
        BodyStructure::Multi(m) => {
            let parts: Vec<String> = m.parts.iter().map(shape).collect();
            format!("{}({})", lower(m.subtype.as_bytes()), parts.join(","))
        }
        BodyStructure::Single(p) => {
            let (t, st) = p.media_type();
            let mut out = format!("{}/{}", lower(t), lower(st));
            for (k, v) in &p.fields.params {
                out.push_str(&format!(";{}={}", lower(k.as_bytes()), lower(v.as_bytes())));
            }
            out.push_str(&format!(";{}", lower(p.fields.encoding.as_bytes())));
            if let PartKind::Message { body, .. } = &p.kind {
                out.push_str(&format!("[{}]", shape(body)));
            }
            out
        }
    }
}

/// The MIME trees, written from the Content-Type and Content-Transfer-Encoding fields of the
/// message files (a part without them is text/plain; charset=us-ascii in 7bit, RFC 2045
/// §5.2 and §6.1).
const EXPECTED_SHAPES: [&str; 5] = [
    "mixed(alternative(text/plain;charset=us-ascii;format=flowed;quoted-printable,\
     text/html;charset=us-ascii;7bit),application/octet-stream;name=report.bin;base64)",
    "mixed(text/plain;charset=us-ascii;7bit,message/rfc822;7bit[alternative(\
     text/plain;charset=us-ascii;7bit,text/html;charset=us-ascii;7bit)])",
    "text/plain;charset=utf-8;8bit",
    "text/plain;charset=us-ascii;7bit",
    "text/plain;charset=us-ascii;7bit",
];

/// Every non-multipart part with its IMAP part number (RFC 9051 §6.4.5); below a
/// message/rfc822 part its body's parts are not listed (the part itself is).
fn leaves<'b>(
    b: &'b BodyStructure<'b>,
    path: Vec<u32>,
    out: &mut Vec<(Vec<u32>, &'b BodyStructure<'b>)>,
) {
    match b {
        BodyStructure::Multi(m) => {
            for (i, part) in m.parts.iter().enumerate() {
                let mut p = path.clone();
                p.push(u32::try_from(i + 1).unwrap());
                leaves(part, p, out);
            }
        }
        BodyStructure::Single(_) => {
            // A non-multipart message's body is its part 1.
            out.push((if path.is_empty() { vec![1] } else { path }, b));
        }
    }
}

/// The items of one FETCH response received for a message.
#[derive(Default)]
struct Fetched {
    uid: Option<u32>,
    flags: Option<Vec<FlagFetch<'static>>>,
    internal_date: Option<DateTime>,
    size: Option<u64>,
    envelope: Option<Envelope<'static>>,
    body: Option<BodyStructure<'static>>,
    content: Option<Vec<u8>>,
}

fn fetched(responses: &[Response<'static>]) -> Vec<Fetched> {
    let mut out = Vec::new();
    for r in responses {
        let Response::Data(Data::Fetch(f)) = r else {
            continue;
        };
        let mut m = Fetched::default();
        for item in &f.items {
            match item {
                FetchItem::Uid(u) => m.uid = Some(u.get()),
                FetchItem::Flags(v) => m.flags = Some(v.clone()),
                FetchItem::InternalDate(d) => m.internal_date = Some(*d),
                FetchItem::Rfc822Size(n) => m.size = Some(n.get()),
                FetchItem::Envelope(e) => m.envelope = Some((**e).clone()),
                FetchItem::BodyStructure(b) => m.body = Some((**b).clone()),
                FetchItem::BodySection { data, .. } => {
                    m.content = data.as_ref().map(|d| d.to_vec());
                }
                other => panic!("not asked for: {other:?}"),
            }
        }
        out.push(m);
    }
    out
}

fn has_flag(flags: &[FlagFetch<'_>], flag: &Flag<'_>) -> bool {
    flags
        .iter()
        .any(|f| matches!(f, FlagFetch::Flag(g) if g == flag))
}

#[test]
fn append_fetch_search_against_dovecot() {
    if !dovecot::available() {
        return;
    }
    let server = Dovecot::start_imap();
    let (mut client, greeting) = Client::connect(server.imap_port());
    let Some(Code::Capability(caps)) = greeting.code() else {
        panic!("Dovecot's greeting carries its capabilities: {greeting:?}");
    };
    assert!(
        caps.iter()
            .any(|c| c.to_string().eq_ignore_ascii_case("LITERAL+"))
    );
    let plain = EncodeOptions::default();
    let literal_plus = EncodeOptions::default().literal_plus(true);

    let login = client.run(
        CommandBody::Login {
            username: s(USER),
            password: s(PASSWORD),
        },
        &plain,
    );
    assert_ok(&login, "LOGIN");

    // APPEND with a synchronizing literal: one continuation request, then OK [APPENDUID].
    let messages = messages();
    let append = |data: &[u8], flags: Vec<Flag<'static>>, date: Option<DateTime>| AppendMessage {
        flags,
        date,
        data: AppendData::Literal(Binary(Cow::Owned(data.to_vec()))),
    };
    let first = client.run(
        CommandBody::Append {
            mailbox: Mailbox::Inbox,
            messages: ne(vec![append(&messages[0], vec![], None)]),
        },
        &plain,
    );
    assert_ok(&first, "APPEND");
    assert_eq!(first.continuations, 1);
    let Some(Code::AppendUid { uid_validity, uids }) = first.done.code() else {
        panic!("APPEND answered without APPENDUID (RFC 4315): {first:?}");
    };
    let uid_validity = *uid_validity;
    assert_eq!(uids.as_str(), "1");

    // MULTIAPPEND of the other four with LITERAL+: no continuation request at all.
    let date4 = DateTime::new(Date::new(2026, 1, 4).unwrap(), (12, 0, 0), 0).unwrap();
    let forwarded = Flag::from_wire("$Forwarded").unwrap();
    let rest = client.run(
        CommandBody::Append {
            mailbox: Mailbox::Inbox,
            messages: ne(vec![
                append(&messages[1], vec![Flag::Seen], None),
                append(&messages[2], vec![forwarded.clone(), Flag::Flagged], None),
                append(&messages[3], vec![], Some(date4)),
                append(&messages[4], vec![], None),
            ]),
        },
        &literal_plus,
    );
    assert_ok(&rest, "MULTIAPPEND");
    assert_eq!(rest.continuations, 0);
    match rest.done.code() {
        Some(Code::AppendUid {
            uid_validity: v,
            uids,
        }) => {
            assert_eq!(*v, uid_validity);
            assert_eq!(uids.as_str(), "2:5");
        }
        other => panic!("MULTIAPPEND answered without APPENDUID: {other:?}"),
    }

    let select = client.run(
        CommandBody::Select {
            mailbox: Mailbox::Inbox,
            params: vec![],
        },
        &plain,
    );
    assert_ok(&select, "SELECT");
    assert!(matches!(select.done.code(), Some(Code::ReadWrite)));
    assert!(
        select
            .untagged
            .iter()
            .any(|r| matches!(r, Response::Data(Data::Exists(5))))
    );
    assert!(select.untagged.iter().any(|r| matches!(
        r,
        Response::Status(st) if st.code() == Some(&Code::UidValidity(uid_validity))
    )));

    // Everything about every message in one UID FETCH.
    let items = FetchItems::List(ne(vec![
        FetchAttr::Uid,
        FetchAttr::Flags,
        FetchAttr::InternalDate,
        FetchAttr::Rfc822Size,
        FetchAttr::Envelope,
        FetchAttr::BodyStructure,
        FetchAttr::BodySection {
            peek: true,
            section: Section::new(vec![], None).unwrap(),
            partial: None,
        },
    ]));
    let fetch = client.run_text(&format!(
        "x UID FETCH 1:* {}\r\n",
        "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[])"
    ));
    assert_ok(&fetch, "UID FETCH");
    // The same command built as a typed value encodes to the same line.
    let typed = imap_proto::types::command::Command {
        tag: imap_proto::types::core::Tag::new("x").unwrap(),
        body: CommandBody::Fetch {
            uid: true,
            set: imap_proto::types::core::SequenceSet::new("1:*").unwrap(),
            items,
            modifiers: vec![],
        },
    };
    assert_eq!(
        typed.encode(&plain).as_bytes(),
        b"x UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[])\r\n"
    );
    let got = fetched(&fetch.untagged);
    assert_eq!(got.len(), 5, "{:?}", fetch.untagged);
    let envelopes = expected_envelopes();
    for (i, m) in got.iter().enumerate() {
        let n = i + 1;
        assert_eq!(m.uid, Some(u32::try_from(n).unwrap()), "message {n}");
        let content = m.content.as_deref().expect("BODY[]");
        assert_eq!(
            content,
            &messages[i][..],
            "message {n}: BODY[] is what was appended"
        );
        assert_eq!(
            m.size,
            Some(messages[i].len() as u64),
            "message {n}: RFC822.SIZE"
        );
        assert_eq!(
            env(m.envelope.as_ref().expect("ENVELOPE")),
            envelopes[i],
            "message {n}: ENVELOPE"
        );
        let body = m.body.as_ref().expect("BODYSTRUCTURE");
        assert_eq!(
            shape(body),
            EXPECTED_SHAPES[i],
            "message {n}: BODYSTRUCTURE"
        );
        let flags = m.flags.as_deref().expect("FLAGS");
        assert_eq!(
            has_flag(flags, &Flag::Seen),
            n == 2,
            "message {n}: {flags:?}"
        );
        assert_eq!(
            has_flag(flags, &Flag::Flagged),
            n == 3,
            "message {n}: {flags:?}"
        );
        assert_eq!(
            has_flag(flags, &forwarded),
            n == 3,
            "message {n}: {flags:?}"
        );
        if n == 4 {
            assert_eq!(m.internal_date, Some(date4));
        }
    }

    // The encapsulated message of message 2 (part 2) has its own envelope (RFC 9051 §7.5.2
    // body-type-msg), written from the inner header.
    let inner = got[1].body.as_ref().unwrap().part(&[2]).unwrap();
    let BodyStructure::Single(p) = inner else {
        panic!("part 2 is message/rfc822")
    };
    let PartKind::Message { envelope, .. } = &p.kind else {
        panic!("part 2 is message/rfc822")
    };
    let dave = addr(Some("Dave"), "dave", "example.test");
    assert_eq!(
        env(envelope),
        Env {
            date: some("Wed, 31 Dec 2025 23:59:59 +0000"),
            subject: some("Inner message"),
            from: vec![dave.clone()],
            sender: vec![dave.clone()],
            reply_to: vec![dave],
            to: vec![addr(None, "bob", "example.test")],
            cc: vec![],
            bcc: vec![],
            in_reply_to: None,
            message_id: some("<inner-2a@example.test>"),
        }
    );

    // Each leaf part: BODY[part] is a piece of the message as appended, its length is the
    // size BODYSTRUCTURE gave, and a text part's line count is the LFs in it.
    let mut checked = 0;
    for (i, m) in got.iter().enumerate() {
        let body = m.body.as_ref().unwrap();
        let mut parts = Vec::new();
        leaves(body, vec![], &mut parts);
        for (path, part) in parts {
            let BodyStructure::Single(p) = part else {
                unreachable!()
            };
            let section: Vec<String> = path.iter().map(u32::to_string).collect();
            let answer = client.run_text(&format!(
                "x UID FETCH {} BODY.PEEK[{}]\r\n",
                i + 1,
                section.join(".")
            ));
            assert_ok(&answer, "UID FETCH BODY.PEEK[part]");
            let data = answer
                .untagged
                .iter()
                .find_map(|r| match r {
                    Response::Data(Data::Fetch(f)) => f.items.iter().find_map(|it| match it {
                        FetchItem::BodySection { section, data, .. } => {
                            let want: Vec<NonZeroU32> =
                                path.iter().map(|&n| NonZeroU32::new(n).unwrap()).collect();
                            assert_eq!(section.part, want);
                            data.as_ref().map(|d| d.to_vec())
                        }
                        _ => None,
                    }),
                    _ => None,
                })
                .expect("BODY[part] data");
            let what = format!("message {} part {}", i + 1, section.join("."));
            assert_eq!(data.len(), p.fields.octets as usize, "{what}: size");
            assert!(
                messages[i].windows(data.len()).any(|w| w == &data[..]),
                "{what}: BODY[part] is not in the message"
            );
            let lfs = data.iter().filter(|&&b| b == b'\n').count() as u64;
            match &p.kind {
                PartKind::Text { lines, .. } | PartKind::Message { lines, .. } => {
                    assert_eq!(*lines, lfs, "{what}: lines");
                }
                PartKind::Basic(_) => {}
            }
            checked += 1;
        }
    }
    // 3 + 2 leaves in messages 1 and 2 (the rfc822 part counted once), 1 each in 3, 4, 5.
    assert_eq!(checked, 8);

    // STORE answers with the new flags; SEARCH finds by flag and by subject.
    let store = client.run_text("x UID STORE 5 +FLAGS (\\Flagged)\r\n");
    assert_ok(&store, "UID STORE");
    let flags = fetched(&store.untagged);
    assert_eq!(flags.len(), 1);
    assert!(has_flag(flags[0].flags.as_deref().unwrap(), &Flag::Flagged));
    let search = |client: &mut Client, text: &str| -> Vec<u32> {
        let answer = client.run_text(text);
        assert_ok(&answer, text);
        answer
            .untagged
            .iter()
            .find_map(|r| match r {
                Response::Data(Data::Search { numbers, .. }) => {
                    Some(numbers.iter().map(|n| n.get()).collect())
                }
                _ => None,
            })
            .expect("a SEARCH response")
    };
    assert_eq!(search(&mut client, "x UID SEARCH FLAGGED\r\n"), [3, 5]);
    assert_eq!(
        search(&mut client, "x UID SEARCH SUBJECT \"Quarterly\"\r\n"),
        [1, 2, 5]
    );
    assert_eq!(search(&mut client, "x UID SEARCH SEEN\r\n"), [2]);

    let logout = client.run(CommandBody::Logout, &plain);
    assert_ok(&logout, "LOGOUT");
    assert!(logout.untagged.iter().any(|r| matches!(
        r,
        Response::Status(st) if st.kind() == StatusKind::Bye && st.tag().is_none()
    )));
}
