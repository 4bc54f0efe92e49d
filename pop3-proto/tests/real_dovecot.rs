//! The crate's client side against a real Dovecot POP3 server (Debian's dovecot-pop3d
//! 2.3.19.1, started by `scripts/interop.sh dovecot-start` on 127.0.0.1 with a throwaway
//! configuration and maildir).
//!
//! Messages are stored with `interop.sh maildir-put` (CRLF and LF-only files, dot lines, a
//! line that is just `.`, lines of 998 to 20 000 octets, 8-bit text, a header-only and an
//! empty file, a message without a final line end, 1 MiB), then a client made of the crate's
//! parts (`tests/support/client.rs`: `ClientDecoder::encode_command`, `ClientDecoder` in
//! strict mode, `AuthLine`) retrieves them with pipelined commands, and every RETR content
//! must equal what Dovecot is known to send for the stored file (scripts/README.md, "What
//! Dovecot does with the stored messages"): each LF not preceded by CR becomes CRLF, CRLF is
//! added when the file does not end in LF (not counted in the sizes), and the content is
//! dot-stuffed on the wire, which the decoder undoes. No stored message starts with `.`:
//! Dovecot 2.3 does not stuff the first line of a body.
//!
//! Every status line and challenge must re-encode to the bytes received, and every listing
//! (CAPA, LIST, UIDL) must re-encode, through the crate's listing encoders and
//! `encode_body`, to the whole response received.
//!
//! Needs root, bash and /usr/sbin/dovecot (python3 for the APOP digest); otherwise the tests
//! say why and pass, unless `CI=true`.

mod support;

use std::path::Path;

use pop3_proto::encode::body::{BareLineEnds, encode_body};
use pop3_proto::stream::client::Listing;
use pop3_proto::types::command::{
    ApopDigest, AuthLine, Command, CommandKind, InitialResponse, Mechanism, MessageNumber,
    Password, SaslBase64, UserName,
};
use pop3_proto::types::reply::{Reply, RespCode};
use support::client::{Client, Response};
use support::dovecot::{self, Dovecot};
use support::{
    PASSWORD, USER, assert_bytes_eq, base64_encode, crlf_lines, crlf_to_lf, hashlib_md5,
    large_message, plain_message, require_tools,
};

// ----- the stored messages and what Dovecot sends for them -----

/// A file to store and what the client must get for it.
struct Stored {
    name: &'static str,
    /// The file as stored.
    file: Vec<u8>,
    /// What `TOP n 0` must give (the header and the empty line after it; the whole file
    /// when it has no empty line), `None` when not checked.
    top0: Option<Vec<u8>>,
}

/// What RETR gives for `file` (scripts/README.md): every LF not preceded by CR as CRLF, plus
/// CRLF when the file does not end in LF (also when it is empty).
fn wire_content(file: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(file.len() + file.len() / 16 + 2);
    for (i, &b) in file.iter().enumerate() {
        if b == b'\n' && (i == 0 || file[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    if !file.ends_with(b"\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The size LIST, STAT and RETR's `+OK n octets` give for `file`: the lone LFs counted as
/// CRLF, the CRLF Dovecot adds at the end not counted.
fn listed_size(file: &[u8]) -> u64 {
    let lone_lfs = file
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' && (i == 0 || file[i - 1] != b'\r'))
        .count();
    (file.len() + lone_lfs) as u64
}

fn header(subject: &str, id: &str) -> Vec<String> {
    vec![
        "From: a@b.test".to_owned(),
        "To: mailwire@example.test".to_owned(),
        "Date: Thu, 01 Jan 2026 00:00:00 +0000".to_owned(),
        format!("Subject: {subject}"),
        format!("Message-ID: <{id}@b.test>"),
    ]
}

/// `header`, an empty line and `body`, CRLF after every line; TOP 0 gives the header and the
/// empty line (in CRLF form, whatever the file's line ends).
fn crlf_message(name: &'static str, header: &[String], body: &[&[u8]]) -> Stored {
    let mut top0 = Vec::new();
    for line in header {
        top0.extend_from_slice(line.as_bytes());
        top0.extend_from_slice(b"\r\n");
    }
    top0.extend_from_slice(b"\r\n");
    let mut file = top0.clone();
    for line in body {
        file.extend_from_slice(line);
        file.extend_from_slice(b"\r\n");
    }
    Stored {
        name,
        file,
        top0: Some(top0),
    }
}

fn messages() -> Vec<Stored> {
    let dots: [&[u8]; 9] = [
        b".one leading dot",
        b"..two leading dots",
        b"...three",
        b".",
        b"a line",
        b"..",
        b"a.b",
        b". a dot and a space",
        b"last line",
    ];
    let plain = crlf_message(
        "plain",
        &header("plain", "plain"),
        &[b"Hello from the crate's client side."],
    );
    let crlf_dots = crlf_message("dots", &header("dots", "dots"), &dots);
    // The same file with LF line ends: the same on the wire.
    let lf_dots = Stored {
        name: "dots-lf",
        file: crlf_to_lf(&crlf_dots.file),
        top0: crlf_dots.top0.clone(),
    };
    // CRLF and LF-only lines in one file.
    let mixed = {
        let mut m = crlf_message("mixed", &header("mixed line ends", "mixed"), &[]);
        m.file
            .extend_from_slice(b"CRLF line\r\nLF line\n.LF dot line\n\nCRLF again\r\n.\n");
        m
    };
    let mut dotted_long = vec![b'.'; 1];
    dotted_long.extend(std::iter::repeat_n(b'd', 5000));
    let long = crlf_message(
        "long",
        &header("long lines", "long"),
        &[
            &[b'x'; 998],
            &[b'y'; 4000],
            &[b'z'; 20_000],
            &dotted_long,
            b"last line",
        ],
    );
    let eight_bit = crlf_message(
        "8bit",
        &[
            header("8bit", "8bit"),
            vec![
                "Content-Type: text/plain; charset=utf-8".to_owned(),
                "Content-Transfer-Encoding: 8bit".to_owned(),
            ],
        ]
        .concat(),
        &[
            "Gr\u{fc}\u{df}e aus K\u{f6}ln, \u{65e5}\u{672c}\u{8a9e}.".as_bytes(),
            b"Latin-1: \xe9\xe8",
            b".\xff a leading dot before an 8-bit byte",
        ],
    );
    // No empty line: TOP sends it whole (scripts/README.md, checked by hand).
    let header_only = crlf_lines(&["Subject: header only"]);
    let header_only = Stored {
        name: "header-only",
        top0: Some(header_only.clone()),
        file: header_only,
    };
    let no_eol = {
        let mut m = crlf_message("noeol", &header("no final line end", "noeol"), &[]);
        m.file.extend_from_slice(b"..no CRLF after this line");
        m
    };
    let large = large_message(0xd0c0_7e57, 1 << 20, "dovecot-large");
    let large_top0 = {
        // RFC 5322 §2.1: the header section ends at the first empty line.
        let at = large
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("large_message has a header");
        large[..at + 4].to_vec()
    };
    let large = Stored {
        name: "large",
        file: large,
        top0: Some(large_top0),
    };
    let empty = Stored {
        name: "empty",
        file: Vec::new(),
        top0: None,
    };
    vec![
        plain,
        crlf_dots,
        lf_dots,
        mixed,
        long,
        eight_bit,
        header_only,
        no_eol,
        large,
        empty,
    ]
}

// ----- helpers -----

fn n(n: usize) -> MessageNumber {
    MessageNumber::new(u32::try_from(n).expect("a small number")).expect("not 0")
}

fn user() -> Command<'static> {
    Command::User {
        name: UserName::new(USER).expect("a user name"),
    }
}

fn pass() -> Command<'static> {
    Command::Pass {
        password: Password::new(PASSWORD.as_bytes()).expect("a password"),
    }
}

fn uid_of(path: &Path) -> String {
    path.file_name()
        .and_then(|f| f.to_str())
        .expect("a file name")
        .to_owned()
}

/// RFC 1939 §5: `+OK nn mm` (count and size) for STAT.
fn stat(reply: &Reply<'_>) -> (usize, u64) {
    assert!(reply.is_ok(), "{reply:?}");
    let text = std::str::from_utf8(reply.text()).expect("ASCII");
    let mut parts = text.split(' ');
    let count = parts.next().and_then(|c| c.parse().ok());
    let size = parts.next().and_then(|s| s.parse().ok());
    match (count, size) {
        (Some(c), Some(s)) => (c, s),
        _ => panic!("STAT reply {text:?}"),
    }
}

/// The next response is `+OK` to `kind`.
fn expect_ok(client: &mut Client, kind: CommandKind) -> Reply<'static> {
    let (command, reply) = client.reply();
    assert_eq!(command, Some(kind));
    assert!(reply.is_ok(), "{kind:?}: {reply:?}");
    reply
}

/// The next response is a message answering `kind`, with this content.
fn expect_message(
    client: &mut Client,
    kind: CommandKind,
    content: &[u8],
    what: &str,
) -> Reply<'static> {
    match client.response() {
        Response::Message {
            command,
            reply,
            content: got,
        } => {
            assert_eq!(command, kind, "{what}");
            assert_bytes_eq(&got, content, what);
            reply
        }
        other => panic!("{what}: expected a message, got {other:?}"),
    }
}

/// The next response is a listing answering `kind`; checks that it re-encodes to the bytes
/// received.
fn expect_listing(client: &mut Client, kind: CommandKind) -> Listing<'static> {
    let response = client.response();
    let Response::Listing {
        command,
        reply,
        listing,
    } = &response
    else {
        panic!("expected a listing for {kind:?}, got {response:?}");
    };
    assert_eq!(*command, kind);
    assert!(reply.is_ok());
    let (_, raw) = client.raw.last().expect("the listing's bytes");
    let mut body = Vec::new();
    match listing {
        Listing::Scan(lines) => lines.iter().for_each(|l| l.encode(&mut body)),
        Listing::Uid(lines) => lines.iter().for_each(|l| l.encode(&mut body)),
        Listing::Capa(caps) => caps.encode(&mut body),
        other => panic!("unexpected listing {other:?}"),
    }
    let mut again = reply.to_bytes();
    encode_body(&body, BareLineEnds::Reject, &mut again).expect("listing lines are CRLF lines");
    assert_bytes_eq(&again, raw, &format!("{kind:?} listing re-encoded"));
    listing.clone()
}

// ----- the tests -----

#[test]
fn dovecot_serves_every_message_byte_for_byte() {
    if !dovecot::available() {
        return;
    }
    let server = Dovecot::start();
    let stored = messages();
    let files: Vec<&[u8]> = stored.iter().map(|s| s.file.as_slice()).collect();
    let paths = server.put(&files);
    let uids: Vec<String> = paths.iter().map(|p| uid_of(p)).collect();
    let count = stored.len();
    let sizes: Vec<u64> = stored.iter().map(|s| listed_size(&s.file)).collect();
    let total: u64 = sizes.iter().sum();

    // Session 1: everything pipelined, large reads.
    let mut c = Client::connect(server.port(), 64 * 1024);
    assert!(c.greeting.is_ok());
    assert!(c.greeting.apop_timestamp().is_some(), "{:?}", c.greeting);
    c.send(&[
        Command::Capa,
        user(),
        pass(),
        Command::Stat,
        Command::List { msg: None },
        Command::Uidl { msg: None },
    ]);
    assert_eq!(c.pending(), 6);
    let Listing::Capa(caps) = expect_listing(&mut c, CommandKind::Capa) else {
        unreachable!()
    };
    for tag in [
        "TOP",
        "UIDL",
        "USER",
        "PIPELINING",
        "RESP-CODES",
        "AUTH-RESP-CODE",
    ] {
        assert!(caps.has(tag), "CAPA without {tag}: {caps:?}");
    }
    let mechs: Vec<&[u8]> = caps.sasl_mechanisms().collect();
    assert_eq!(mechs, [&b"PLAIN"[..], b"LOGIN"]);
    expect_ok(&mut c, CommandKind::User);
    expect_ok(&mut c, CommandKind::Pass);
    let (_, reply) = c.reply();
    assert_eq!(stat(&reply), (count, total));
    let Listing::Scan(list) = expect_listing(&mut c, CommandKind::List) else {
        unreachable!()
    };
    let got: Vec<(u32, u64)> = list.iter().map(|l| (l.number(), l.size())).collect();
    let want: Vec<(u32, u64)> = (1..).zip(sizes.iter().copied()).collect();
    assert_eq!(got, want);
    let Listing::Uid(uidl) = expect_listing(&mut c, CommandKind::Uidl) else {
        unreachable!()
    };
    let got: Vec<(u32, &str)> = uidl.iter().map(|l| (l.number(), l.uid_str())).collect();
    let want: Vec<(u32, &str)> = (1..).zip(uids.iter().map(String::as_str)).collect();
    assert_eq!(got, want);

    // Every RETR and TOP in one write, then the single-line forms, DELE and QUIT.
    let mut commands = Vec::new();
    for (i, s) in stored.iter().enumerate() {
        commands.push(Command::Retr { msg: n(i + 1) });
        if s.top0.is_some() {
            commands.push(Command::Top {
                msg: n(i + 1),
                lines: 0,
            });
        }
    }
    commands.extend([
        Command::List { msg: Some(n(2)) },
        Command::Uidl { msg: Some(n(3)) },
        Command::Dele { msg: n(1) },
        Command::Stat,
        Command::Retr { msg: n(1) },
        Command::Quit,
    ]);
    c.send(&commands);
    for (i, s) in stored.iter().enumerate() {
        let what = format!("RETR {} ({})", i + 1, s.name);
        let reply = expect_message(&mut c, CommandKind::Retr, &wire_content(&s.file), &what);
        // Dovecot's status line: "+OK n octets", n the listed size.
        assert_eq!(
            reply.text(),
            format!("{} octets", sizes[i]).as_bytes(),
            "{what}"
        );
        if let Some(top0) = &s.top0 {
            let what = format!("TOP {} 0 ({})", i + 1, s.name);
            expect_message(&mut c, CommandKind::Top, top0, &what);
        }
    }
    // RFC 1939 §5 / §7: "+OK msg size" and "+OK msg unique-id".
    let reply = expect_ok(&mut c, CommandKind::List);
    assert_eq!(reply.text(), format!("2 {}", sizes[1]).as_bytes());
    let reply = expect_ok(&mut c, CommandKind::Uidl);
    assert_eq!(reply.text(), format!("3 {}", uids[2]).as_bytes());
    expect_ok(&mut c, CommandKind::Dele);
    let (_, reply) = c.reply();
    assert_eq!(stat(&reply), (count - 1, total - sizes[0]));
    let (command, reply) = c.reply();
    assert_eq!(command, Some(CommandKind::Retr));
    assert!(reply.is_err(), "RETR of a deleted message: {reply:?}");
    expect_ok(&mut c, CommandKind::Quit);
    assert_eq!(c.pending(), 0);
    c.expect_close();

    // Session 2: AUTH PLAIN through a `+ ` challenge (RFC 5034 §4), reads of 7 bytes so
    // every response arrives in many pieces. QUIT expunged message 1, so the others are
    // numbered from 1 again.
    let mut c = Client::connect(server.port(), 7);
    c.send(&[Command::Auth {
        mechanism: Mechanism::new("PLAIN").expect("a mechanism"),
        initial_response: None,
    }]);
    match c.response() {
        Response::Continuation(challenge) => assert!(challenge.is_empty(), "{challenge:?}"),
        other => panic!("expected a challenge, got {other:?}"),
    }
    let b64 = base64_encode(&plain_message());
    c.send_auth_line(&AuthLine::Response(
        SaslBase64::new(b64.as_str()).expect("base64"),
    ));
    expect_ok(&mut c, CommandKind::Auth);
    let mut commands = vec![Command::Uidl { msg: None }];
    commands.extend((1..count).map(|i| Command::Retr { msg: n(i) }));
    commands.push(Command::Quit);
    c.send(&commands);
    let Listing::Uid(uidl) = expect_listing(&mut c, CommandKind::Uidl) else {
        unreachable!()
    };
    let got: Vec<&str> = uidl.iter().map(|l| l.uid_str()).collect();
    assert_eq!(got, uids[1..]);
    for (i, s) in stored.iter().enumerate().skip(1) {
        let what = format!("RETR {} after the expunge ({})", i, s.name);
        expect_message(&mut c, CommandKind::Retr, &wire_content(&s.file), &what);
    }
    expect_ok(&mut c, CommandKind::Quit);
    c.expect_close();
    assert!(c.reads > 1024 * 1024 / 7, "{} reads", c.reads);
}

#[test]
fn dovecot_auth_failures_and_apop() {
    if !dovecot::available() || !require_tools(&["python3"]) {
        return;
    }
    let server = Dovecot::start();
    let stored = messages();
    server.put(&[stored[0].file.as_slice()]);

    let mut c = Client::connect(server.port(), 64 * 1024);
    // APOP (RFC 1939 §7) with the greeting's timestamp: the digest from hashlib, the
    // timestamp found by the crate (Dovecot checks the digest with its own MD5).
    let timestamp = c
        .greeting
        .apop_timestamp()
        .map(|t| String::from_utf8(t.to_vec()).expect("ASCII"))
        .expect("an APOP timestamp in Dovecot's greeting");
    let wrong = hashlib_md5(&format!("{timestamp}wrong"));
    let right = hashlib_md5(&format!("{timestamp}{PASSWORD}"));
    let apop = |digest| Command::Apop {
        name: UserName::new(USER).expect("a user name"),
        digest: ApopDigest::new(digest),
    };
    // A wrong password, a cancelled AUTH, an empty PLAIN response and a wrong APOP, all
    // refused; then the right APOP.
    c.send(&[
        user(),
        Command::Pass {
            password: Password::new(&b"pop3 wrong"[..]).expect("a password"),
        },
    ]);
    expect_ok(&mut c, CommandKind::User);
    let (command, reply) = c.reply();
    assert_eq!(command, Some(CommandKind::Pass));
    assert!(reply.is_err());
    // RFC 3206 §4 (AUTH-RESP-CODE is advertised): a credentials problem is [AUTH].
    assert_eq!(reply.code(), Some(&RespCode::Auth), "{reply:?}");

    c.send(&[Command::Auth {
        mechanism: Mechanism::new("PLAIN").expect("a mechanism"),
        initial_response: None,
    }]);
    assert!(matches!(c.response(), Response::Continuation(_)));
    c.send_auth_line(&AuthLine::Cancel);
    let (command, reply) = c.reply();
    assert_eq!(command, Some(CommandKind::Auth));
    assert!(reply.is_err(), "{reply:?}");

    c.send(&[
        Command::Auth {
            mechanism: Mechanism::new("PLAIN").expect("a mechanism"),
            initial_response: Some(InitialResponse::Empty),
        },
        apop(wrong),
        apop(right),
        Command::Stat,
        Command::Quit,
    ]);
    // Every answer to the empty initial response that is not a continuation is a refusal.
    loop {
        match c.response() {
            Response::Continuation(_) => c.send_auth_line(&AuthLine::Cancel),
            Response::Reply { command, reply } => {
                assert_eq!(command, Some(CommandKind::Auth));
                assert!(reply.is_err(), "{reply:?}");
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    let (command, reply) = c.reply();
    assert_eq!(command, Some(CommandKind::Apop));
    assert!(reply.is_err(), "{reply:?}");
    expect_ok(&mut c, CommandKind::Apop);
    let (_, reply) = c.reply();
    assert_eq!(stat(&reply), (1, listed_size(&stored[0].file)));
    expect_ok(&mut c, CommandKind::Quit);
    assert_eq!(c.pending(), 0);
    c.expect_close();
}

#[test]
fn expected_wire_content_follows_the_observed_rules() {
    // The oracle against scripts/README.md's table (captured with Dovecot 2.3.19.1):
    // message 3 (`dots` with LF) is byte-identical to message 2 on the wire; 7 (`noeol`)
    // is listed 163 and sent as 165 octets; 9 (`zero`) is listed 0 and sent as one CRLF.
    assert_eq!(wire_content(b"a\nb\n"), b"a\r\nb\r\n");
    assert_eq!(wire_content(b"a\r\nb\n"), b"a\r\nb\r\n");
    assert_eq!(listed_size(b"a\r\nb\n"), 6);
    assert_eq!(wire_content(b"a\r\nlast"), b"a\r\nlast\r\n");
    assert_eq!(listed_size(b"a\r\nlast"), 7);
    assert_eq!(wire_content(b""), b"\r\n");
    assert_eq!(listed_size(b""), 0);
    assert_eq!(wire_content(b"\n"), b"\r\n");
    let m = messages();
    assert_eq!(wire_content(&m[1].file), wire_content(&m[2].file));
    assert!(m.iter().all(|s| !s.file.starts_with(b".")));
}
