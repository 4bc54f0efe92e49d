//! Criterion benches of `smtp_proto` against its peers: Stalwart's `smtp-proto`
//! 0.2 (renamed `stalwart_smtp` here, since its package name is ours) and
//! lettre 0.11's SMTP reply parser.
//!
//! Groups:
//!
//! - `smtp/command`: one command line each (EHLO, MAIL with five parameters,
//!   RCPT with NOTIFY and ORCPT), parsed from a borrowed buffer; also through
//!   each library's streaming server-side front end, and for ours, parsing plus
//!   reading the typed parameters (Stalwart fills typed fields while parsing).
//! - `smtp/reply`: an 8-line EHLO reply and a one-line `250 2.1.0 Ok`; the EHLO
//!   reply also parsed into each library's capability type.
//! - `smtp/data`: DATA dot-unstuffing of 1 MiB of mail-like text, with and
//!   without stuffed lines, collected into a buffer allocated before timing
//!   (ours also without the copy, and in strict and lenient mode).
//!
//! Every implementation runs once on the input and its result is checked
//! against values written by hand from the input (or, for DATA, against the
//! content the wire form was built from) before it is timed, so a filtered run
//! checks what it times. Inputs are fixed. Throughput is bytes of wire input.
//!
//! Run: `cargo bench -p benches --bench smtp_proto` (or `-- smtp/data`).

#[path = "support/mail_text.rs"]
mod mail_text;

use std::hint::black_box;
use std::str::FromStr as _;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use lettre::transport::smtp::authentication::Mechanism as LettreMechanism;
use lettre::transport::smtp::extension::{
    Extension as LettreExtension, ServerInfo as LettreServerInfo,
};
use lettre::transport::smtp::response::Response as LettreResponse;
use mail_text::{message_content, stuff};
use smtp_proto::stream::data::{DataEvent, DataReceiver};
use smtp_proto::stream::server::{ServerDecoder, ServerEvent};
use smtp_proto::types::command::Command;
use smtp_proto::types::ehlo::{Capability, EhloParams, EhloReply};
use smtp_proto::types::param::{Body, Notify, Orcpt, Param, Parameters, Ret, XText};
use smtp_proto::types::path::{ForwardPath, Host, LocalPart, Mailbox, Path, ReversePath};
use smtp_proto::types::reply::{EnhancedStatus, Reply, ReplyCode};
use smtp_proto::{Error, ParserOptions, Status};
use stalwart_smtp::request::receiver::{
    DataReceiver as StalwartDataReceiver, RequestReceiver as StalwartRequestReceiver,
};
use stalwart_smtp::response::parser::ResponseReceiver as StalwartResponseReceiver;
use stalwart_smtp::{
    EhloResponse as StalwartEhlo, MailFrom as StalwartMailFrom, RcptTo as StalwartRcptTo,
    Request as StalwartRequest, Response as StalwartResponse,
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
// smtp/command
// ---------------------------------------------------------------------------

const EHLO: &[u8] = b"EHLO client.example.org\r\n";
const MAIL: &[u8] =
    b"MAIL FROM:<alice@example.org> SIZE=12345 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159\r\n";
const RCPT: &[u8] =
    b"RCPT TO:<bob@example.net> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.net\r\n";

/// `local@host` built from its parts (each part validated on its own).
fn mailbox(local: &'static str, host: &'static str) -> Mailbox<'static> {
    Mailbox::new(
        LocalPart::new(local).expect("valid local part"),
        Host::new(host).expect("valid host"),
    )
}

/// What our parser must return for each command line, written from the input.
fn ours_expected(line: &[u8]) -> Command<'static> {
    match line {
        EHLO => Command::Ehlo {
            host: Host::new("client.example.org").expect("valid domain"),
        },
        MAIL => Command::Mail {
            from: ReversePath::Path(
                Path::new(mailbox("alice", "example.org")).expect("short path"),
            ),
            params: Parameters::from(vec![
                Param::Size(12345),
                Param::Body(Body::EightBitMime),
                Param::SmtpUtf8,
                Param::Ret(Ret::Hdrs),
                Param::EnvId(XText::new("QQ314159").expect("valid xtext")),
            ]),
        },
        RCPT => Command::Rcpt {
            to: ForwardPath::Path(Path::new(mailbox("bob", "example.net")).expect("short path")),
            params: Parameters::from(vec![
                Param::Notify(Notify::new(true, true, false).expect("not NEVER")),
                Param::Orcpt(Orcpt::rfc822("bob@example.net").expect("valid address")),
            ]),
        },
        _ => unreachable!("not one of the bench inputs"),
    }
}

/// The typed MAIL/RCPT parameters a server acts on. Stalwart's parser fills the
/// equivalent fields while it parses; ours validates the parameter list while
/// parsing and decodes the typed values when they are read, so the
/// `(parse + read params)` variant pays for that reading too.
#[derive(Debug, Default, PartialEq, Eq)]
struct Envelope {
    size: Option<u64>,
    body: Option<Body>,
    smtputf8: bool,
    ret: Option<Ret>,
    /// Length of the decoded ENVID.
    envid: Option<usize>,
    notify: Option<Notify>,
    /// Length of the decoded ORCPT address.
    orcpt: Option<usize>,
}

/// Parses a command and reads each typed parameter once, in one pass.
fn ours_envelope(line: &[u8], opts: &ParserOptions) -> Result<Envelope, Error> {
    let Status::Complete { value, .. } = Command::parse(line, opts)? else {
        panic!("the whole line is in the input");
    };
    let mut env = Envelope::default();
    let params = match &value {
        Command::Mail { params, .. } | Command::Rcpt { params, .. } => params,
        _ => return Ok(env),
    };
    for param in params {
        match param {
            Param::Size(n) => env.size = Some(n),
            Param::Body(b) => env.body = Some(b),
            Param::SmtpUtf8 => env.smtputf8 = true,
            Param::Ret(r) => env.ret = Some(r),
            Param::EnvId(x) => env.envid = Some(x.decode().len()),
            Param::Notify(n) => env.notify = Some(n),
            Param::Orcpt(o) => env.orcpt = Some(o.address().len()),
            _ => {}
        }
    }
    Ok(env)
}

/// What Stalwart's parser must return for each command line, written from the
/// input: its `MailFrom` keeps BODY, SMTPUTF8 and RET as flags, and its `RcptTo`
/// keeps the xtext-decoded ORCPT address without its `rfc822;` type.
fn stalwart_expected(line: &[u8]) -> StalwartRequest<std::borrow::Cow<'static, str>> {
    match line {
        EHLO => StalwartRequest::Ehlo {
            host: "client.example.org".into(),
        },
        MAIL => StalwartRequest::Mail {
            from: StalwartMailFrom {
                address: "alice@example.org".into(),
                size: 12345,
                flags: stalwart_smtp::MAIL_BODY_8BITMIME
                    | stalwart_smtp::MAIL_SMTPUTF8
                    | stalwart_smtp::MAIL_RET_HDRS,
                env_id: Some("QQ314159".into()),
                ..Default::default()
            },
        },
        RCPT => StalwartRequest::Rcpt {
            to: StalwartRcptTo {
                address: "bob@example.net".into(),
                orcpt: Some("bob@example.net".into()),
                rrvs: 0,
                flags: stalwart_smtp::RCPT_NOTIFY_SUCCESS | stalwart_smtp::RCPT_NOTIFY_FAILURE,
            },
        },
        _ => unreachable!("not one of the bench inputs"),
    }
}

fn command(c: &mut Criterion) {
    let mut group = c.benchmark_group("smtp/command");
    let opts = ParserOptions::default();
    for (label, line) in [
        ("EHLO", EHLO),
        ("MAIL-5-params", MAIL),
        ("RCPT-NOTIFY-ORCPT", RCPT),
    ] {
        group.throughput(Throughput::Bytes(line.len() as u64));
        let id = |who| BenchmarkId::new(who, label);
        let ours = ours_expected(line);
        let theirs = stalwart_expected(line);

        checked(
            &mut group,
            id("smtp-proto"),
            line,
            |l| Command::parse(l, &opts),
            |r| {
                let complete = Status::Complete {
                    value: ours.clone(),
                    consumed: line.len(),
                };
                assert_eq!(r, Ok(complete));
            },
        );
        if line != EHLO {
            checked(
                &mut group,
                id("smtp-proto (parse + read params)"),
                line,
                |l| ours_envelope(l, &opts),
                |r| {
                    let expected = if line == MAIL {
                        Envelope {
                            size: Some(12345),
                            body: Some(Body::EightBitMime),
                            smtputf8: true,
                            ret: Some(Ret::Hdrs),
                            envid: Some("QQ314159".len()),
                            ..Envelope::default()
                        }
                    } else {
                        Envelope {
                            notify: Notify::new(true, true, false),
                            orcpt: Some("bob@example.net".len()),
                            ..Envelope::default()
                        }
                    };
                    assert_eq!(r, Ok(expected));
                },
            );
        }
        checked(
            &mut group,
            id("stalwart"),
            line,
            |l| StalwartRequest::parse(&mut l.iter()),
            |r| assert_eq!(r, Ok(theirs.clone())),
        );

        // The streaming front ends a server calls on each read, given the whole
        // line: each one is made fresh per iteration (cheap: neither allocates
        // until it must buffer a partial line), and its borrowed result is only
        // looked at, since it cannot outlive the receiver.
        let mut dec = ServerDecoder::new(opts);
        let event = dec.decode(line);
        assert_eq!(
            event,
            Status::Complete {
                value: ServerEvent::Command(ours.clone()),
                consumed: line.len(),
            }
        );
        group.bench_function(id("smtp-proto (ServerDecoder)"), |b| {
            b.iter(|| {
                let mut dec = ServerDecoder::new(opts);
                matches!(
                    black_box(dec.decode(black_box(line))),
                    Status::Complete {
                        value: ServerEvent::Command(_),
                        ..
                    }
                )
            });
        });
        let mut rx = StalwartRequestReceiver::default();
        assert_eq!(rx.ingest(&mut line.iter()), Ok(theirs.clone()));
        group.bench_function(id("stalwart (RequestReceiver)"), |b| {
            b.iter(|| {
                let mut rx = StalwartRequestReceiver::default();
                black_box(rx.ingest(&mut black_box(line).iter())).is_ok()
            });
        });
    }
    group.finish();
}

// ---------------------------------------------------------------------------
// smtp/reply
// ---------------------------------------------------------------------------

/// An EHLO reply as a mid-size MTA sends it: greeting plus seven keywords.
const EHLO_REPLY: &str = "250-mx.example.net Hello client.example.org [192.0.2.25]\r\n\
                          250-PIPELINING\r\n\
                          250-SIZE 35882577\r\n\
                          250-8BITMIME\r\n\
                          250-AUTH PLAIN LOGIN\r\n\
                          250-ENHANCEDSTATUSCODES\r\n\
                          250-CHUNKING\r\n\
                          250 SMTPUTF8\r\n";
/// The text of each line of [`EHLO_REPLY`], without code, separator and CRLF.
const EHLO_LINES: [&str; 8] = [
    "mx.example.net Hello client.example.org [192.0.2.25]",
    "PIPELINING",
    "SIZE 35882577",
    "8BITMIME",
    "AUTH PLAIN LOGIN",
    "ENHANCEDSTATUSCODES",
    "CHUNKING",
    "SMTPUTF8",
];
/// A one-line reply with an enhanced status code (RFC 3463 X.1.0: other address status).
const OK_REPLY: &str = "250 2.1.0 Ok\r\n";

/// `Ok(Status::Complete { value, consumed: len })`, what a parser of a whole reply returns.
fn complete<T>(value: T, len: usize) -> Result<Status<T>, Error> {
    Ok(Status::Complete {
        value,
        consumed: len,
    })
}

fn reply(c: &mut Criterion) {
    let mut group = c.benchmark_group("smtp/reply");
    let opts = ParserOptions::default();
    let code_250 = ReplyCode::new(250).expect("standard code");

    // The 8-line EHLO reply, as a generic reply.
    group.throughput(Throughput::Bytes(EHLO_REPLY.len() as u64));
    let id = |who| BenchmarkId::new(who, "EHLO-8-lines");
    checked(
        &mut group,
        id("smtp-proto"),
        EHLO_REPLY.as_bytes(),
        |r| Reply::parse(r, &opts),
        |r| {
            let expected = Reply::new(code_250, EHLO_LINES).expect("valid lines");
            assert_eq!(r, complete(expected, EHLO_REPLY.len()));
        },
    );
    checked(
        &mut group,
        id("stalwart"),
        EHLO_REPLY.as_bytes(),
        |r| StalwartResponseReceiver::default().parse(&mut r.iter()),
        |r| {
            // Stalwart joins the lines' text with LF and drops the CRs.
            let expected = StalwartResponse {
                code: 250,
                esc: [0, 0, 0],
                message: EHLO_LINES.join("\n"),
            };
            assert_eq!(r, Ok(expected));
        },
    );
    // lettre takes `&str`: the UTF-8 check a caller needs first is not timed.
    checked(
        &mut group,
        id("lettre"),
        EHLO_REPLY,
        LettreResponse::from_str,
        |r| {
            let r = r.expect("lettre parses the EHLO reply");
            assert!(r.has_code(250));
            assert!(r.message().eq(EHLO_LINES));
        },
    );

    // The same reply, parsed into each library's EHLO capability type.
    let id = |who| BenchmarkId::new(who, "EHLO-8-lines+capabilities");
    checked(
        &mut group,
        id("smtp-proto"),
        EHLO_REPLY.as_bytes(),
        |r| EhloReply::parse(r, &opts),
        |r| {
            let capabilities = vec![
                Capability::Pipelining,
                Capability::Size(Some(35_882_577)),
                Capability::EightBitMime,
                Capability::Auth(EhloParams::new("PLAIN LOGIN").expect("valid params")),
                Capability::EnhancedStatusCodes,
                Capability::Chunking,
                Capability::SmtpUtf8,
            ];
            let expected = EhloReply::new(
                "mx.example.net",
                Some("Hello client.example.org [192.0.2.25]"),
                capabilities,
            )
            .expect("valid EHLO reply");
            assert_eq!(r, complete(expected, EHLO_REPLY.len()));
        },
    );
    checked(
        &mut group,
        id("stalwart"),
        EHLO_REPLY.as_bytes(),
        |r| StalwartEhlo::parse(&mut r.iter()),
        |r| {
            let expected = StalwartEhlo {
                hostname: "mx.example.net".to_owned(),
                capabilities: stalwart_smtp::EXT_PIPELINING
                    | stalwart_smtp::EXT_SIZE
                    | stalwart_smtp::EXT_8BIT_MIME
                    | stalwart_smtp::EXT_AUTH
                    | stalwart_smtp::EXT_ENHANCED_STATUS_CODES
                    | stalwart_smtp::EXT_CHUNKING
                    | stalwart_smtp::EXT_SMTP_UTF8,
                auth_mechanisms: stalwart_smtp::AUTH_PLAIN | stalwart_smtp::AUTH_LOGIN,
                size: 35_882_577,
                ..Default::default()
            };
            assert_eq!(r, Ok(expected));
        },
    );
    // lettre knows 8BITMIME, SMTPUTF8, STARTTLS and three AUTH mechanisms; it
    // ignores the other keywords.
    checked(
        &mut group,
        id("lettre"),
        EHLO_REPLY,
        |r| {
            let response = LettreResponse::from_str(r).expect("lettre parses the EHLO reply");
            LettreServerInfo::from_response(&response)
        },
        |info| {
            let info = info.expect("lettre reads the capabilities");
            assert!(info.to_string().starts_with("mx.example.net with "));
            assert!(info.supports_feature(LettreExtension::EightBitMime));
            assert!(info.supports_feature(LettreExtension::SmtpUtfEight));
            assert!(!info.supports_feature(LettreExtension::StartTls));
            assert!(info.supports_auth_mechanism(LettreMechanism::Plain));
            assert!(info.supports_auth_mechanism(LettreMechanism::Login));
            assert!(!info.supports_auth_mechanism(LettreMechanism::Xoauth2));
        },
    );

    // A one-line reply with an enhanced status code.
    group.throughput(Throughput::Bytes(OK_REPLY.len() as u64));
    let id = |who| BenchmarkId::new(who, "250-2.1.0-Ok");
    checked(
        &mut group,
        id("smtp-proto"),
        OK_REPLY.as_bytes(),
        |r| Reply::parse(r, &opts),
        |r| {
            // The text keeps the enhanced status code; `enhanced_status` reads it.
            let expected = Reply::new(code_250, ["2.1.0 Ok"]).expect("valid line");
            assert_eq!(r, complete(expected, OK_REPLY.len()));
            let Ok(Status::Complete { value, .. }) = r else {
                unreachable!("checked above");
            };
            let status = EnhancedStatus::new(2, 1, 0).expect("valid status");
            assert_eq!(value.enhanced_status(), Some(status));
        },
    );
    checked(
        &mut group,
        id("stalwart"),
        OK_REPLY.as_bytes(),
        |r| StalwartResponseReceiver::default().parse(&mut r.iter()),
        |r| {
            let expected = StalwartResponse {
                code: 250,
                esc: [2, 1, 0],
                message: "Ok".to_owned(),
            };
            assert_eq!(r, Ok(expected));
        },
    );
    checked(
        &mut group,
        id("lettre"),
        OK_REPLY,
        LettreResponse::from_str,
        |r| {
            // lettre keeps the enhanced status code in the text.
            let r = r.expect("lettre parses the reply");
            assert!(r.has_code(250));
            assert!(r.message().eq(["2.1.0 Ok"]));
        },
    );
    group.finish();
}

// ---------------------------------------------------------------------------
// smtp/data
// ---------------------------------------------------------------------------

/// Ours: every content slice appended to `out` (as a server writing the
/// message to its spool would); returns the bytes consumed, terminator included.
fn ours_unstuff(opts: &ParserOptions, wire: &[u8], out: &mut Vec<u8>) -> usize {
    out.clear();
    let mut rx = DataReceiver::new(opts);
    let mut rest = wire;
    loop {
        let Status::Complete { value, consumed } = rx.decode(rest) else {
            panic!("the whole message is in the input");
        };
        rest = &rest[consumed..];
        match value {
            DataEvent::Content(bytes) => out.extend_from_slice(bytes),
            DataEvent::End => return wire.len() - rest.len(),
            DataEvent::Invalid(err) => panic!("valid input: {err}"),
        }
    }
}

/// Ours without the copy: the content slices are only counted (a server that
/// hashes or forwards the slices). Returns (content bytes, bytes consumed).
fn ours_unstuff_borrowed(opts: &ParserOptions, wire: &[u8]) -> (usize, usize) {
    let mut rx = DataReceiver::new(opts);
    let mut rest = wire;
    let mut content = 0;
    loop {
        let Status::Complete { value, consumed } = rx.decode(rest) else {
            panic!("the whole message is in the input");
        };
        rest = &rest[consumed..];
        match value {
            DataEvent::Content(bytes) => content += black_box(bytes).len(),
            DataEvent::End => return (content, wire.len() - rest.len()),
            DataEvent::Invalid(err) => panic!("valid input: {err}"),
        }
    }
}

/// Stalwart: its receiver copies the unstuffed content into `out`; returns
/// whether it saw the end and the bytes consumed.
fn stalwart_unstuff(wire: &[u8], out: &mut Vec<u8>) -> (bool, usize) {
    out.clear();
    let mut rx = StalwartDataReceiver::new();
    let mut bytes = wire.iter();
    let done = rx.ingest(&mut bytes, out);
    (done, wire.len() - bytes.len())
}

fn data(c: &mut Criterion) {
    let mut group = c.benchmark_group("smtp/data");
    let opts = ParserOptions::default();
    let lenient = ParserOptions::lenient();
    for (label, dots) in [("1MiB-stuffed", true), ("1MiB-plain", false)] {
        let content = message_content(1 << 20, dots);
        let wire = stuff(&content);
        let stuffed = content
            .split_inclusive(|&b| b == b'\n')
            .filter(|l| l.first() == Some(&b'.'))
            .count();
        assert_eq!(stuffed > 0, dots, "the input has the intended shape");
        group.throughput(Throughput::Bytes(wire.len() as u64));
        let id = |who| BenchmarkId::new(who, label);
        // Room for the whole content, allocated before timing, for both sides.
        let mut out = Vec::with_capacity(wire.len());

        // Each side runs once and must give back exactly the content the wire
        // form was built from, consuming the whole input, before it is timed.
        assert_eq!(ours_unstuff(&opts, &wire, &mut out), wire.len());
        assert_eq!(out, content, "smtp-proto unstuffs to the content");
        group.bench_function(id("smtp-proto"), |b| {
            b.iter(|| ours_unstuff(&opts, black_box(&wire), &mut out));
        });
        checked(
            &mut group,
            id("smtp-proto (borrowed slices, no copy)"),
            &wire[..],
            |w| ours_unstuff_borrowed(&opts, w),
            |r| assert_eq!(r, (content.len(), wire.len())),
        );
        // Lenient mode: bare CR and LF are content (never line ends), so it need not
        // look at every CR and LF.
        assert_eq!(ours_unstuff(&lenient, &wire, &mut out), wire.len());
        assert_eq!(out, content, "smtp-proto (lenient) unstuffs to the content");
        group.bench_function(id("smtp-proto lenient"), |b| {
            b.iter(|| ours_unstuff(&lenient, black_box(&wire), &mut out));
        });
        checked(
            &mut group,
            id("smtp-proto lenient (borrowed slices, no copy)"),
            &wire[..],
            |w| ours_unstuff_borrowed(&lenient, w),
            |r| assert_eq!(r, (content.len(), wire.len())),
        );
        assert_eq!(stalwart_unstuff(&wire, &mut out), (true, wire.len()));
        assert_eq!(out, content, "stalwart unstuffs to the content");
        group.bench_function(id("stalwart"), |b| {
            b.iter(|| stalwart_unstuff(black_box(&wire), &mut out));
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
    name = smtp_benches;
    config = config();
    targets = command, reply, data
}
criterion_main!(smtp_benches);
