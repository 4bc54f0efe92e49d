//! Criterion benches of `pop3_proto` against duesee's `pop3-codec` 0.3.
//!
//! Groups:
//!
//! - `pop3/command`: one command line each (`USER alice`, `PASS p4ss w0rd` with
//!   a space in the password, `RETR 12345`, `TOP 7 10`, the RFC 1939 §7 `APOP`
//!   line, `AUTH PLAIN` with an initial response), parsed from a borrowed
//!   buffer: ours `Command::parse` and `ServerDecoder::decode` (made fresh per
//!   iteration); pop3-codec's `parse::command`.
//! - `pop3/reply`: single-line replies (`+OK maildrop locked and ready`,
//!   `-ERR [IN-USE] mailbox locked`, `+OK 2 320` to STAT, `+OK 1 120` to
//!   `LIST 1`, `+OK 2 QhdPYR:00WBw1Ph7x7` to `UIDL 2`): ours `Reply::parse`;
//!   for the three listings the one-pass `Stat::parse_reply`,
//!   `ScanListing::parse_reply` and `UidListing::parse_reply` (the last also
//!   followed by `into_owned`, which copies the unique-id into a `Vec` as
//!   pop3-codec copies it into a `String`), and the two steps `Reply::parse`
//!   then `Stat::from_reply`, `ScanListing::from_reply` or
//!   `UidListing::from_reply`; pop3-codec's matching `response_*` function
//!   (`response_pass`, `response_stat`, `response_list`, `response_uidl`).
//! - `pop3/multiline`: a whole multi-line response in one buffer (status line,
//!   body, `.` line): LIST and UIDL with 100 entries, and the RFC 2449 §5 CAPA
//!   response. Ours: `Reply::parse` for the status line, `unstuff` for the body
//!   (borrowed: no line of these bodies starts with `.`), then `parse_body`
//!   collected into a `Vec` with `collect` or with `Listings::into_vec` (each
//!   also alone on the unstuffed body);
//!   pop3-codec: `response_list_all` / `response_uidl_all`. pop3-codec 0.3's
//!   `response_capa` refuses a CAPA response (each capability line must be
//!   followed by an empty line for it to parse), so CAPA is ours only.
//! - `pop3/retr`: the response to RETR of a 1 MiB message (status line, the
//!   dot-stuffed body, the terminating `.` line), with and without stuffed
//!   lines: ours as borrowed slices and copied into a buffer allocated before
//!   timing, in strict and lenient mode; pop3-codec's `response_retr`.
//!
//! Every implementation runs once on the input and its result is checked
//! against values written by hand from the input (for RETR and the 100-entry
//! listings, against the content and entries the wire form was built from)
//! before it is timed, so a filtered run checks what it times. Throughput is
//! bytes of wire input.
//!
//! Run: `cargo bench -p benches --bench pop3_proto` (or `-- pop3/command`).

#[path = "support/mail_text.rs"]
mod mail_text;

use std::borrow::Cow;
use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use mail_text::{message_content, stuff};
use pop3_proto::stream::body::{BodyDecoder, BodyEvent, unstuff};
use pop3_proto::types::capa::{CapaText, CapaWord, ExpirePolicy};
use pop3_proto::types::command::{
    ApopDigest, InitialResponse, Mechanism, MessageNumber, Password, SaslBase64, UserName,
};
use pop3_proto::{
    Capabilities, Capability, Command, ParserOptions, Reply, RespCode, ScanListing, ServerDecoder,
    ServerEvent, Stat, Status, StatusIndicator, UidListing,
};

/// Runs `f` once on `input` and checks its result, then times it. The check
/// runs before the timing, so it holds even when a filter skips this benchmark.
fn checked<I: Copy, T>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    input: I,
    mut f: impl FnMut(I) -> T,
    check: impl FnOnce(T),
) {
    check(f(input));
    group.bench_function(id, |b| b.iter(|| f(black_box(input))));
}

// ---------------------------------------------------------------------------
// pop3/command
// ---------------------------------------------------------------------------

const USER: &[u8] = b"USER alice\r\n";
const PASS: &[u8] = b"PASS p4ss w0rd\r\n";
const RETR: &[u8] = b"RETR 12345\r\n";
const TOP: &[u8] = b"TOP 7 10\r\n";
/// RFC 1939 §7's example.
const APOP: &[u8] = b"APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n";
/// RFC 5034 §4 style: PLAIN with the initial response "\0test\0test" … in base64.
const AUTH: &[u8] = b"AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=\r\n";

const COMMANDS: [(&str, &[u8]); 6] = [
    ("USER", USER),
    ("PASS with SP", PASS),
    ("RETR", RETR),
    ("TOP", TOP),
    ("APOP", APOP),
    ("AUTH PLAIN ir", AUTH),
];

/// What our parser must return for each command line, written from the input.
fn ours_command(line: &[u8]) -> Command<'static> {
    let msg = |n| MessageNumber::new(n).expect("not 0");
    match line {
        USER => Command::User {
            name: UserName::new("alice").expect("valid"),
        },
        PASS => Command::Pass {
            password: Password::new(&b"p4ss w0rd"[..]).expect("valid"),
        },
        RETR => Command::Retr { msg: msg(12345) },
        TOP => Command::Top {
            msg: msg(7),
            lines: 10,
        },
        APOP => Command::Apop {
            name: UserName::new("mrose").expect("valid"),
            digest: ApopDigest::new([
                0xc4, 0xc9, 0x33, 0x4b, 0xac, 0x56, 0x0e, 0xcc, 0x97, 0x9e, 0x58, 0x00, 0x1b, 0x3e,
                0x22, 0xfb,
            ]),
        },
        AUTH => Command::Auth {
            mechanism: Mechanism::new("PLAIN").expect("valid"),
            initial_response: Some(InitialResponse::Data(
                SaslBase64::new("dGVzdAB0ZXN0AHRlc3Q=").expect("valid"),
            )),
        },
        _ => unreachable!("not one of the bench inputs"),
    }
}

/// What pop3-codec must return for each command line, written from the input.
fn codec_command(line: &[u8]) -> pop3_codec::types::Command {
    use pop3_codec::types::Command as C;
    match line {
        USER => C::User("alice".into()),
        PASS => C::Pass("p4ss w0rd".into()),
        RETR => C::Retr { msg: 12345 },
        TOP => C::Top { msg: 7, n: 10 },
        APOP => C::Apop {
            name: "mrose".into(),
            digest: "c4c9334bac560ecc979e58001b3e22fb".into(),
        },
        AUTH => C::Auth {
            mechanism: "PLAIN".into(),
            initial_response: Some("dGVzdAB0ZXN0AHRlc3Q=".into()),
        },
        _ => unreachable!("not one of the bench inputs"),
    }
}

fn command(c: &mut Criterion) {
    let mut group = c.benchmark_group("pop3/command");
    let opts = ParserOptions::default();
    for (label, line) in COMMANDS {
        group.throughput(Throughput::Bytes(line.len() as u64));
        let want = ours_command(line);
        checked(
            &mut group,
            BenchmarkId::new("pop3-proto Command::parse", label),
            line,
            |l| Command::parse(l, &opts),
            |got| {
                assert_eq!(
                    got,
                    Ok(Status::Complete {
                        value: want.clone(),
                        consumed: line.len()
                    })
                );
            },
        );
        checked(
            &mut group,
            BenchmarkId::new("pop3-proto ServerDecoder", label),
            line,
            |l| ServerDecoder::new(opts).decode(l),
            |got| {
                assert_eq!(
                    got,
                    Status::Complete {
                        value: ServerEvent::Command(want.clone()),
                        consumed: line.len()
                    }
                );
            },
        );
        let codec_want = codec_command(line);
        checked(
            &mut group,
            BenchmarkId::new("pop3-codec parse::command", label),
            line,
            pop3_codec::parse::command,
            |got| {
                let (rest, cmd) = got.expect("pop3-codec parses");
                assert!(rest.is_empty());
                assert_eq!(cmd, codec_want);
            },
        );
    }
    group.finish();
}

// ---------------------------------------------------------------------------
// pop3/reply
// ---------------------------------------------------------------------------

const OK_LOCKED: &[u8] = b"+OK maildrop locked and ready\r\n";
const ERR_IN_USE: &[u8] = b"-ERR [IN-USE] mailbox locked\r\n";
/// RFC 1939 §5, STAT.
const STAT: &[u8] = b"+OK 2 320\r\n";
/// RFC 1939 §5, LIST 1 (the example's message 1).
const LIST_ONE: &[u8] = b"+OK 1 120\r\n";
/// RFC 1939 §7, UIDL 2.
const UIDL_ONE: &[u8] = b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n";

/// A unique-id copied out of a listing without allocating (a unique-id has at
/// most 70 bytes, RFC 1939 §7): what a client keeps after the reply it
/// borrowed from is gone. pop3-codec copies it into a `String`.
#[derive(Debug, Clone, Copy)]
struct UidCopy {
    bytes: [u8; 70],
    len: usize,
}

impl UidCopy {
    fn of(uid: &[u8]) -> Self {
        let mut bytes = [0; 70];
        bytes[..uid.len()].copy_from_slice(uid);
        Self {
            bytes,
            len: uid.len(),
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// Our `Reply::parse` of a whole line, which must be complete.
fn ours_reply<'a>(line: &'a [u8], opts: &ParserOptions) -> Reply<'a> {
    match Reply::parse(line, opts) {
        Ok(Status::Complete { value, consumed }) if consumed == line.len() => value,
        other => panic!("{other:?}"),
    }
}

/// The check of a `+OK text` line that takes all of `line`.
fn ok(
    line: &'static [u8],
    text: &'static str,
) -> impl for<'r> FnOnce(Result<Status<Reply<'r>>, pop3_proto::Error>) {
    move |got| {
        assert_eq!(
            got,
            Ok(Status::Complete {
                value: Reply::ok(text).expect("valid"),
                consumed: line.len()
            })
        );
    }
}

fn reply(c: &mut Criterion) {
    let mut group = c.benchmark_group("pop3/reply");
    let opts = ParserOptions::default();
    let generic = |l| Reply::parse(l, &opts);
    // +OK with text.
    group.throughput(Throughput::Bytes(OK_LOCKED.len() as u64));
    let label = "+OK text";
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto Reply::parse", label),
        OK_LOCKED,
        generic,
        ok(OK_LOCKED, "maildrop locked and ready"),
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-codec response_pass", label),
        OK_LOCKED,
        pop3_codec::parse::response_pass,
        |got| {
            let (rest, pop3_codec::types::Response::Ok(line)) = got.expect("parses") else {
                panic!("a positive reply")
            };
            assert!(rest.is_empty() && line.code.is_empty());
            assert_eq!(line.comment, "maildrop locked and ready");
        },
    );

    // -ERR with a response code.
    group.throughput(Throughput::Bytes(ERR_IN_USE.len() as u64));
    let label = "-ERR [IN-USE] text";
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto Reply::parse", label),
        ERR_IN_USE,
        generic,
        |got| {
            let want = Reply::with_code(StatusIndicator::Err, RespCode::InUse, "mailbox locked");
            assert_eq!(
                got,
                Ok(Status::Complete {
                    value: want.expect("valid"),
                    consumed: ERR_IN_USE.len()
                })
            );
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-codec response_pass", label),
        ERR_IN_USE,
        pop3_codec::parse::response_pass,
        |got| {
            let (rest, pop3_codec::types::Response::Err(line)) = got.expect("parses") else {
                panic!("a negative reply")
            };
            assert!(rest.is_empty());
            assert_eq!(line.code, ["IN-USE"]);
            assert_eq!(line.comment, "mailbox locked");
        },
    );

    // STAT.
    group.throughput(Throughput::Bytes(STAT.len() as u64));
    let label = "STAT +OK 2 320";
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto Reply::parse", label),
        STAT,
        generic,
        ok(STAT, "2 320"),
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto Reply::parse + Stat::from_reply", label),
        STAT,
        |l| {
            let r = ours_reply(l, &opts);
            Stat::from_reply(&r, &opts).map(|s| (s.count(), s.size(), s.extra().is_some()))
        },
        |got| assert_eq!(got, Ok((2, 320, false))),
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto Stat::parse_reply", label),
        STAT,
        |l| Stat::parse_reply(l, &opts),
        |got| {
            assert_eq!(
                got,
                Ok(Status::Complete {
                    value: Stat::new(2, 320),
                    consumed: STAT.len()
                })
            );
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-codec response_stat", label),
        STAT,
        pop3_codec::parse::response_stat,
        |got| {
            let (rest, pop3_codec::types::Response::Ok(drop)) = got.expect("parses") else {
                panic!("a positive reply")
            };
            assert!(rest.is_empty());
            assert_eq!((drop.message_count, drop.maildrop_size), (2, 320));
        },
    );

    // LIST msg.
    group.throughput(Throughput::Bytes(LIST_ONE.len() as u64));
    let label = "LIST +OK 1 120";
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto Reply::parse", label),
        LIST_ONE,
        generic,
        ok(LIST_ONE, "1 120"),
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto Reply::parse + ScanListing::from_reply", label),
        LIST_ONE,
        |l| {
            let r = ours_reply(l, &opts);
            ScanListing::from_reply(&r, &opts).map(|s| (s.number(), s.size(), s.extra().is_some()))
        },
        |got| assert_eq!(got, Ok((1, 120, false))),
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto ScanListing::parse_reply", label),
        LIST_ONE,
        |l| ScanListing::parse_reply(l, &opts),
        |got| {
            assert_eq!(
                got,
                Ok(Status::Complete {
                    value: ScanListing::new(1, 120).expect("n > 0"),
                    consumed: LIST_ONE.len()
                })
            );
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-codec response_list", label),
        LIST_ONE,
        pop3_codec::parse::response_list,
        |got| {
            let (rest, pop3_codec::types::Response::Ok(scan)) = got.expect("parses") else {
                panic!("a positive reply")
            };
            assert!(rest.is_empty());
            assert_eq!((scan.message_id, scan.message_size), (1, 120));
        },
    );

    // UIDL msg.
    group.throughput(Throughput::Bytes(UIDL_ONE.len() as u64));
    let label = "UIDL +OK 2 uid";
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto Reply::parse", label),
        UIDL_ONE,
        generic,
        ok(UIDL_ONE, "2 QhdPYR:00WBw1Ph7x7"),
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto Reply::parse + UidListing::from_reply", label),
        UIDL_ONE,
        |l| {
            let r = ours_reply(l, &opts);
            UidListing::from_reply(&r, &opts).map(|u| (u.number(), UidCopy::of(u.uid())))
        },
        |got| {
            let (number, uid) = got.expect("a unique-id listing");
            assert_eq!((number, uid.as_bytes()), (2, &b"QhdPYR:00WBw1Ph7x7"[..]));
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto UidListing::parse_reply", label),
        UIDL_ONE,
        |l| UidListing::parse_reply(l, &opts),
        |got| {
            assert_eq!(
                got,
                Ok(Status::Complete {
                    value: UidListing::new(2, "QhdPYR:00WBw1Ph7x7").expect("valid"),
                    consumed: UIDL_ONE.len()
                })
            );
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto UidListing::parse_reply + into_owned", label),
        UIDL_ONE,
        |l| UidListing::parse_reply(l, &opts).map(|s| s.map(UidListing::into_owned)),
        |got| {
            assert_eq!(
                got,
                Ok(Status::Complete {
                    value: UidListing::new(2, "QhdPYR:00WBw1Ph7x7").expect("valid"),
                    consumed: UIDL_ONE.len()
                })
            );
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-codec response_uidl", label),
        UIDL_ONE,
        pop3_codec::parse::response_uidl,
        |got| {
            let (rest, pop3_codec::types::Response::Ok(uid)) = got.expect("parses") else {
                panic!("a positive reply")
            };
            assert!(rest.is_empty());
            assert_eq!(uid.message_id, 2);
            assert_eq!(uid.message_uid, "QhdPYR:00WBw1Ph7x7");
        },
    );
    group.finish();
}

// ---------------------------------------------------------------------------
// pop3/multiline
// ---------------------------------------------------------------------------

/// The entries of the 100-entry LIST and UIDL responses: message numbers 1 to
/// 100, sizes and unique-ids from a fixed generator (the same on every run).
fn entries() -> Vec<(u32, u32, String)> {
    const UID_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:-_";
    let mut state: u32 = 0x1357_9BDF;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    (1..=100)
        .map(|n| {
            let size = 500 + next() % 200_000;
            let uid: String = (0..18 + next() % 8)
                .map(|_| char::from(UID_CHARS[next() as usize % UID_CHARS.len()]))
                .collect();
            (n, size, uid)
        })
        .collect()
}

/// A multi-line response: the status line, one line per body line, `.`.
fn multiline_wire(status: &str, lines: impl IntoIterator<Item = String>) -> Vec<u8> {
    let mut wire = format!("{status}\r\n").into_bytes();
    for line in lines {
        wire.extend_from_slice(line.as_bytes());
        wire.extend_from_slice(b"\r\n");
    }
    wire.extend_from_slice(b".\r\n");
    wire
}

/// RFC 2449 §5's CAPA response.
const CAPA: &[u8] = b"+OK Capability list follows\r\nTOP\r\nUSER\r\nSASL CRAM-MD5 KERBEROS_V4\r\n\
RESP-CODES\r\nLOGIN-DELAY 900\r\nPIPELINING\r\nEXPIRE 60\r\nUIDL\r\n\
IMPLEMENTATION Shlemazle-Plotz-v302\r\n.\r\n";

/// Ours on a whole multi-line response: the status line, then the body
/// unstuffed (borrowed from the input: none of these bodies has a stuffed
/// line), then `parse` on it. Returns the status, the parsed body and the
/// bytes consumed.
fn ours_multiline<'a, T>(
    wire: &'a [u8],
    opts: &ParserOptions,
    parse: impl FnOnce(&'a [u8]) -> T,
) -> (Reply<'a>, T, usize) {
    let Ok(Status::Complete {
        value: status,
        consumed,
    }) = Reply::parse(wire, opts)
    else {
        panic!("a status line");
    };
    let Ok(Status::Complete {
        value: Cow::Borrowed(body),
        consumed: body_len,
    }) = unstuff(&wire[consumed..], opts)
    else {
        panic!("a whole body without stuffed lines");
    };
    (status, parse(body), consumed + body_len)
}

/// The body of a multi-line response: after the status line, before `.` CRLF.
fn body_of(wire: &[u8]) -> &[u8] {
    let start = wire.iter().position(|&b| b == b'\n').expect("status line") + 1;
    &wire[start..wire.len() - 3]
}

fn multiline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pop3/multiline");
    let opts = ParserOptions::default();
    let entries = entries();

    // LIST, 100 entries.
    let wire = multiline_wire(
        "+OK 100 messages",
        entries.iter().map(|(n, size, _)| format!("{n} {size}")),
    );
    let want: Vec<ScanListing<'static>> = entries
        .iter()
        .map(|(n, size, _)| ScanListing::new(*n, u64::from(*size)).expect("n > 0"))
        .collect();
    group.throughput(Throughput::Bytes(wire.len() as u64));
    let label = "LIST, 100 entries";
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto status + unstuff + parse_body", label),
        &wire[..],
        |w| {
            ours_multiline(w, &opts, |b| {
                ScanListing::parse_body(b, &opts).collect::<Result<Vec<_>, _>>()
            })
        },
        |(status, list, used)| {
            assert_eq!(status, Reply::ok("100 messages").expect("valid"));
            assert_eq!(list.as_deref(), Ok(&want[..]));
            assert_eq!(used, wire.len());
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto parse_body alone", label),
        body_of(&wire),
        |b| ScanListing::parse_body(b, &opts).collect::<Result<Vec<_>, _>>(),
        |list| assert_eq!(list.as_deref(), Ok(&want[..])),
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto status + unstuff + parse_body + into_vec", label),
        &wire[..],
        |w| ours_multiline(w, &opts, |b| ScanListing::parse_body(b, &opts).into_vec()),
        |(status, list, used)| {
            assert!(status.is_ok());
            assert_eq!(list.as_deref(), Ok(&want[..]));
            assert_eq!(used, wire.len());
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto parse_body + into_vec alone", label),
        body_of(&wire),
        |b| ScanListing::parse_body(b, &opts).into_vec(),
        |list| assert_eq!(list.as_deref(), Ok(&want[..])),
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-codec response_list_all", label),
        &wire[..],
        pop3_codec::parse::response_list_all,
        |got| {
            let (rest, pop3_codec::types::Response::Ok(multi)) = got.expect("parses") else {
                panic!("a positive reply")
            };
            assert!(rest.is_empty());
            assert_eq!(multi.head.comment, "100 messages");
            let got: Vec<(u32, u32)> = multi
                .body
                .iter()
                .map(|s| (s.message_id, s.message_size))
                .collect();
            let want: Vec<(u32, u32)> = entries.iter().map(|(n, s, _)| (*n, *s)).collect();
            assert_eq!(got, want);
        },
    );

    // UIDL, 100 entries.
    let wire = multiline_wire(
        "+OK",
        entries.iter().map(|(n, _, uid)| format!("{n} {uid}")),
    );
    let want: Vec<UidListing<'static>> = entries
        .iter()
        .map(|(n, _, uid)| UidListing::new(*n, uid.clone()).expect("valid"))
        .collect();
    group.throughput(Throughput::Bytes(wire.len() as u64));
    let label = "UIDL, 100 entries";
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto status + unstuff + parse_body", label),
        &wire[..],
        |w| {
            ours_multiline(w, &opts, |b| {
                UidListing::parse_body(b, &opts).collect::<Result<Vec<_>, _>>()
            })
        },
        |(status, list, used)| {
            assert_eq!(status, Reply::ok("").expect("valid"));
            assert_eq!(list.as_deref(), Ok(&want[..]));
            assert_eq!(used, wire.len());
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto parse_body alone", label),
        body_of(&wire),
        |b| UidListing::parse_body(b, &opts).collect::<Result<Vec<_>, _>>(),
        |list| assert_eq!(list.as_deref(), Ok(&want[..])),
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto status + unstuff + parse_body + into_vec", label),
        &wire[..],
        |w| ours_multiline(w, &opts, |b| UidListing::parse_body(b, &opts).into_vec()),
        |(status, list, used)| {
            assert!(status.is_ok());
            assert_eq!(list.as_deref(), Ok(&want[..]));
            assert_eq!(used, wire.len());
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto parse_body + into_vec alone", label),
        body_of(&wire),
        |b| UidListing::parse_body(b, &opts).into_vec(),
        |list| assert_eq!(list.as_deref(), Ok(&want[..])),
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-codec response_uidl_all", label),
        &wire[..],
        pop3_codec::parse::response_uidl_all,
        |got| {
            let (rest, pop3_codec::types::Response::Ok(multi)) = got.expect("parses") else {
                panic!("a positive reply")
            };
            assert!(rest.is_empty());
            let got: Vec<(u32, &str)> = multi
                .body
                .iter()
                .map(|u| (u.message_id, u.message_uid.as_str()))
                .collect();
            let want: Vec<(u32, &str)> = entries.iter().map(|(n, _, u)| (*n, u.as_str())).collect();
            assert_eq!(got, want);
        },
    );

    // CAPA (RFC 2449 §5): ours only.
    let word = |w: &'static str| CapaWord::new(w).expect("valid");
    let want: Capabilities<'static> = [
        Capability::Top,
        Capability::User,
        Capability::Sasl(vec![word("CRAM-MD5"), word("KERBEROS_V4")]),
        Capability::RespCodes,
        Capability::LoginDelay {
            seconds: 900,
            per_user: false,
        },
        Capability::Pipelining,
        Capability::Expire {
            policy: ExpirePolicy::Days(60),
            per_user: false,
        },
        Capability::Uidl,
        Capability::Implementation(CapaText::new("Shlemazle-Plotz-v302").expect("valid")),
    ]
    .into_iter()
    .collect();
    group.throughput(Throughput::Bytes(CAPA.len() as u64));
    let label = "CAPA, RFC 2449 example";
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto status + unstuff + parse_body", label),
        CAPA,
        |w| ours_multiline(w, &opts, |b| Capabilities::parse_body(b, &opts)),
        |(status, caps, used)| {
            assert_eq!(status, Reply::ok("Capability list follows").expect("valid"));
            assert_eq!(caps.as_ref(), Ok(&want));
            assert_eq!(used, CAPA.len());
        },
    );
    checked(
        &mut group,
        BenchmarkId::new("pop3-proto parse_body alone", label),
        body_of(CAPA),
        |b| Capabilities::parse_body(b, &opts),
        |caps| assert_eq!(caps.as_ref(), Ok(&want)),
    );
    // pop3-codec 0.3 refuses it (see the module docs): checked, not timed.
    assert!(pop3_codec::parse::response_capa(CAPA).is_err());
    group.finish();
}

// ---------------------------------------------------------------------------
// pop3/retr
// ---------------------------------------------------------------------------

/// The status line of the RETR responses (RFC 1939 §7 example form).
const RETR_STATUS: &[u8] = b"+OK 1048576 octets\r\n";

/// Ours: the status line is stepped over (its parser is timed in `pop3/reply`),
/// then the body decoder runs to the end, every slice passed to `sink`.
/// Returns the bytes consumed, terminator included.
fn ours_retr(opts: &ParserOptions, wire: &[u8], mut sink: impl FnMut(&[u8])) -> usize {
    let status_end = memchr_lf(wire) + 1;
    let mut body = BodyDecoder::new(opts);
    let mut rest = &wire[status_end..];
    loop {
        let Status::Complete { value, consumed } = body.decode(rest) else {
            panic!("the whole response is in the input");
        };
        rest = &rest[consumed..];
        match value {
            BodyEvent::Data(bytes) => sink(bytes),
            BodyEvent::End => return wire.len() - rest.len(),
            BodyEvent::Invalid(err) => panic!("valid input: {err}"),
        }
    }
}

fn memchr_lf(b: &[u8]) -> usize {
    b.iter().position(|&c| c == b'\n').expect("a status line")
}

/// pop3-codec: its parsed body lines (it does not remove the stuffing dots),
/// and the bytes it consumed.
fn codec_retr(wire: &[u8]) -> (Vec<String>, usize) {
    let (rest, response) = pop3_codec::parse::response_retr(wire).expect("pop3-codec parses");
    let pop3_codec::types::Response::Ok(multi) = response else {
        panic!("a positive response")
    };
    (multi.body, wire.len() - rest.len())
}

fn retr(c: &mut Criterion) {
    let mut group = c.benchmark_group("pop3/retr");
    let strict = ParserOptions::default();
    let lenient = ParserOptions::lenient();
    for (label, dots) in [("1MiB-stuffed", true), ("1MiB-plain", false)] {
        let content = message_content(1 << 20, dots);
        let mut wire = RETR_STATUS.to_vec();
        wire.extend_from_slice(&stuff(&content));
        group.throughput(Throughput::Bytes(wire.len() as u64));
        let id = |who| BenchmarkId::new(who, label);
        let mut out = Vec::with_capacity(wire.len());

        for (who, opts) in [("pop3-proto", &strict), ("pop3-proto lenient", &lenient)] {
            out.clear();
            assert_eq!(
                ours_retr(opts, &wire, |s| out.extend_from_slice(s)),
                wire.len()
            );
            assert_eq!(out, content, "{who} unstuffs to the content");
            group.bench_function(id(format!("{who} (borrowed slices)")), |b| {
                b.iter(|| {
                    let mut n = 0;
                    let used = ours_retr(opts, black_box(&wire), |s| n += s.len());
                    (n, used)
                });
            });
            group.bench_function(id(format!("{who}, copied")), |b| {
                b.iter(|| {
                    out.clear();
                    ours_retr(opts, black_box(&wire), |s| out.extend_from_slice(s))
                });
            });
        }

        // pop3-codec keeps each line as sent (stuffing included), without CRLF.
        let (lines, used) = codec_retr(&wire);
        assert_eq!(used, wire.len());
        let body = &wire[RETR_STATUS.len()..wire.len() - 3];
        let sent: Vec<&[u8]> = body
            .strip_suffix(b"\r\n")
            .unwrap_or(body)
            .split(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .collect();
        assert!(
            lines.iter().map(String::as_bytes).eq(sent),
            "pop3-codec's lines"
        );
        group.bench_function(id("pop3-codec".to_owned()), |b| {
            b.iter(|| codec_retr(black_box(&wire)));
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = pop3_benches;
    config = config();
    targets = command, reply, multiline, retr
}
criterion_main!(pop3_benches);
