//! Replays the sessions recorded from real clients (scripts/captures, made by
//! `scripts/interop.sh capture`; see scripts/README.md) through the crate's decoders.
//!
//! Each `<name>.client.txt` holds every byte a client (Python smtplib, curl, swaks) sent,
//! `<name>.server.txt` every byte the capture listener answered. The server side is
//! decoded with `ClientDecoder` (it must be nothing but valid replies); the client side is
//! fed to a `ServerDecoder` driven the way a server would drive it: one reply per command
//! (and per invalid command line, per SASL line and per end of data), `start_data()` after a
//! 354, `expect_auth_line()` after a 334.
//!
//! The expected messages are the ones `interop.sh capture` gave the clients (rebuilt here
//! from its recipe), transformed as scripts/README.md documents for each client; the
//! expected commands, parameters and SASL responses are those visible in the capture files.
//!
//! Each replay runs in strict and in lenient mode, with the input given at once and one
//! byte at a time (the results must agree). Strict mode must see no `Invalid` except in
//! the two captures that carry bare LFs inside DATA (`curl-dots-lf`, `smtplib-dots-lf`):
//! there strict mode reports `BareLf` and lenient mode keeps the bytes, and in both modes
//! the DATA ends only at the real CRLF "." CRLF. `swaks-dotfirst` is the other exception: a
//! swaks bug ends its DATA at once, and the rest of the message arrives as command lines,
//! each refused.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use smtp_proto::stream::client::{ClientDecoder, ClientEvent};
use smtp_proto::stream::server::{ServerDecoder, ServerEvent};
use smtp_proto::types::command::{Command, InitialResponse};
use smtp_proto::types::param::Body;
use smtp_proto::{Error, ErrorKind, Param, ParserOptions, Reply, Status};
use support::{base64_decode, crlf_lines};

// ----- the messages of `interop.sh capture` -----

fn plain() -> Vec<u8> {
    crlf_lines(&[
        "From: a@b.test",
        "To: user@example.test",
        "Subject: plain",
        "Date: Thu, 01 Jan 2026 00:00:00 +0000",
        "Message-ID: <plain@b.test>",
        "",
        "Hello from the interop capture.",
    ])
}

fn dots() -> Vec<u8> {
    crlf_lines(&[
        "From: a@b.test",
        "To: user@example.test",
        "Subject: dots",
        "Date: Thu, 01 Jan 2026 00:00:00 +0000",
        "Message-ID: <dots@b.test>",
        "",
        ".one leading dot",
        "..two leading dots",
        ".",
        "a line",
        "..",
        "last line",
    ])
}

/// `dots` with LF line ends (`tr -d '\r'`).
fn dots_lf() -> Vec<u8> {
    dots().into_iter().filter(|&b| b != b'\r').collect()
}

fn dot_first() -> Vec<u8> {
    crlf_lines(&[".", "..second line", "last line"])
}

/// What `send_message(EmailMessage)` serialised: the five fields the capture set, the three
/// MIME fields smtplib's email package added (as the capture shows them), and the body
/// `".a leading dot\nsecond line\n"` with CRLF line ends.
fn send_message() -> Vec<u8> {
    crlf_lines(&[
        "From: a@b.test",
        "To: user@example.test",
        "Subject: send_message",
        "Date: Thu, 01 Jan 2026 00:00:00 +0000",
        "Message-ID: <send-message@b.test>",
        "Content-Type: text/plain; charset=\"utf-8\"",
        "Content-Transfer-Encoding: 7bit",
        "MIME-Version: 1.0",
        "",
        ".a leading dot",
        "second line",
    ])
}

fn with_crlf(mut m: Vec<u8>) -> Vec<u8> {
    m.extend_from_slice(b"\r\n");
    m
}

/// smtplib's stuffing of a bytes message: a "." doubled at the very start and after every
/// LF (scripts/README.md; with bare LFs, that is after each of them).
fn smtplib_stuffed(m: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, &b) in m.iter().enumerate() {
        if b == b'.' && (i == 0 || m[i - 1] == b'\n') {
            out.push(b'.');
        }
        out.push(b);
    }
    out
}

// ----- expectations -----

/// What the message content must look like.
#[derive(Debug, Clone)]
enum Content {
    /// Clean in both modes: exactly these bytes.
    Exact(Vec<u8>),
    /// The DATA carries bare LFs: strict mode delivers the bytes before the first one and
    /// reports one `BareLf` there (the rest of that "line" runs to the next CRLF, the one
    /// before the terminator); lenient mode delivers these bytes, bare LFs included.
    BareLf { lenient: Vec<u8> },
}

/// An AUTH exchange: the mechanism, the decoded initial response and the decoded SASL lines.
type Sasl = (&'static str, Option<&'static [u8]>, Vec<&'static [u8]>);

#[derive(Debug, Clone)]
struct Expected {
    name: &'static str,
    /// The known commands, in order (upper-case verbs).
    verbs: Vec<&'static str>,
    rcpts: Vec<&'static str>,
    /// The MAIL parameters.
    params: Vec<Param<'static>>,
    content: Content,
    /// The AUTH mechanism, the decoded initial response and the decoded SASL lines.
    auth: Option<Sasl>,
    /// Command lines that must be refused (Invalid or Unknown) after the DATA.
    refused_after_data: usize,
}

const USER: &str = "user@example.test";
const PLAIN_CREDENTIALS: &[u8] = b"\0u\0p";

fn expected_all() -> Vec<Expected> {
    let basic = |name, content: Vec<u8>, params: Vec<Param<'static>>| Expected {
        name,
        verbs: vec!["EHLO", "MAIL", "RCPT", "DATA", "QUIT"],
        rcpts: vec![USER],
        params,
        content: Content::Exact(content),
        auth: None,
        refused_after_data: 0,
    };
    let with_auth = |mut e: Expected, auth| {
        e.verbs.insert(1, "AUTH");
        e.auth = Some(auth);
        e
    };
    let size = |m: &[u8]| vec![Param::Size(m.len() as u64)];
    let (plain, dots, dots_lf, dot_first) = (plain(), dots(), dots_lf(), dot_first());
    let plain_ir = ("PLAIN", Some(PLAIN_CREDENTIALS), vec![]);
    let plain_challenge = ("PLAIN", None, vec![PLAIN_CREDENTIALS]);
    let login = ("LOGIN", None, vec![&b"u"[..], &b"p"[..]]);

    vec![
        // smtplib: sendmail(bytes) delivers the message; size=len(message as given).
        basic("smtplib-plain", plain.clone(), size(&plain)),
        basic("smtplib-dots", dots.clone(), size(&dots)),
        basic("smtplib-dotfirst", dot_first.clone(), size(&dot_first)),
        Expected {
            content: Content::BareLf {
                lenient: with_crlf(smtplib_stuffed(&dots_lf)),
            },
            ..basic("smtplib-dots-lf", vec![], size(&dots_lf))
        },
        // A str message has its line ends made CRLF before anything else.
        basic("smtplib-dots-lf-str", dots.clone(), size(&dots)),
        basic(
            "smtplib-size-twice",
            plain.clone(),
            vec![
                Param::Size(plain.len() as u64),
                Param::Size(plain.len() as u64),
                Param::Body(Body::EightBitMime),
            ],
        ),
        basic(
            "smtplib-send_message",
            send_message(),
            size(&send_message()),
        ),
        with_auth(
            basic("smtplib-auth", plain.clone(), size(&plain)),
            plain_ir.clone(),
        ),
        // curl: --upload-file delivers the file; SIZE = the file's size.
        basic("curl-plain", plain.clone(), size(&plain)),
        basic("curl-dots", dots.clone(), size(&dots)),
        basic("curl-dotfirst", dot_first.clone(), size(&dot_first)),
        Expected {
            // Without --crlf the file goes out as is: bare LFs, dots after them unstuffed.
            content: Content::BareLf {
                lenient: with_crlf(dots_lf.clone()),
            },
            ..basic("curl-dots-lf", vec![], size(&dots_lf))
        },
        // --crlf: LF becomes CRLF on the wire, SIZE still counts the file.
        basic("curl-dots-lf-crlf", dots.clone(), size(&dots_lf)),
        with_auth(
            basic("curl-auth", plain.clone(), size(&plain)),
            plain_challenge,
        ),
        with_auth(
            basic("curl-auth-ir", plain.clone(), size(&plain)),
            plain_ir.clone(),
        ),
        with_auth(
            basic("curl-auth-login", plain.clone(), size(&plain)),
            login.clone(),
        ),
        // swaks: the file plus CRLF (it appends CRLF "." CRLF to a file ending in CRLF), LF
        // made CRLF, no MAIL parameters.
        basic("swaks-plain", with_crlf(plain.clone()), vec![]),
        basic("swaks-dots", with_crlf(dots.clone()), vec![]),
        basic("swaks-dots-lf", with_crlf(dots.clone()), vec![]),
        basic("swaks-noeol", plain.clone(), vec![]),
        // --no-data-fixup with dotfirst stuffed by hand.
        basic("swaks-nofixup", dot_first.clone(), vec![]),
        with_auth(
            basic("swaks-auth-plain", with_crlf(plain.clone()), vec![]),
            plain_ir,
        ),
        with_auth(
            basic("swaks-auth-login", with_crlf(plain.clone()), vec![]),
            login,
        ),
        Expected {
            verbs: vec!["EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"],
            rcpts: vec![USER, "other@example.test"],
            ..basic("swaks-pipeline", with_crlf(plain.clone()), vec![])
        },
        // swaks does not stuff the first line: "." CRLF right after DATA ends an empty
        // message, and the five lines after it (the listener answered 502 to each) are
        // no commands.
        Expected {
            refused_after_data: 5,
            ..basic("swaks-dotfirst", vec![], vec![])
        },
    ]
}

// ----- replay -----

fn captures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/captures")
}

fn read(name: &str, side: &str) -> Vec<u8> {
    let path = captures_dir().join(format!("{name}.{side}.txt"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Feeds `input` to `decode` the way a reader would: everything at once, or growing the
/// buffer one byte per `Incomplete`. `decode` gets the unconsumed bytes and returns how many
/// it consumed (`None` for Incomplete).
fn feed(input: &[u8], bytewise: bool, mut decode: impl FnMut(&[u8]) -> Option<usize>) -> usize {
    let (mut start, mut end) = (0, if bytewise { 0 } else { input.len() });
    loop {
        match decode(&input[start..end]) {
            Some(consumed) => {
                assert!(
                    consumed > 0 && start + consumed <= end,
                    "consumed {consumed}"
                );
                start += consumed;
            }
            None if end < input.len() => end += 1,
            None => return start,
        }
    }
}

/// The server's bytes as replies; panics on anything that is not a valid reply.
fn decode_replies(
    name: &str,
    bytes: &[u8],
    opts: ParserOptions,
    bytewise: bool,
) -> Vec<Reply<'static>> {
    let mut decoder = ClientDecoder::new(opts);
    let mut replies = Vec::new();
    let used = feed(bytes, bytewise, |input| match decoder.decode(input) {
        Status::Complete { value, consumed } => {
            match value {
                ClientEvent::Reply(r) => replies.push(r.into_owned()),
                other => panic!("{name}.server.txt: {other:?}"),
            }
            Some(consumed)
        }
        Status::Incomplete => None,
    });
    assert_eq!(used, bytes.len(), "{name}.server.txt: bytes left over");
    replies
}

/// What the server side saw in one replay.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    /// The commands, in order.
    commands: Vec<Command<'static>>,
    /// SASL response lines (without CRLF), in order.
    auth_lines: Vec<Vec<u8>>,
    /// Content of each DATA, joined from its `Data` events.
    contents: Vec<Vec<u8>>,
    /// `Invalid` events outside DATA.
    command_errors: Vec<Error>,
    /// `Invalid` events inside DATA.
    data_errors: Vec<Error>,
    /// Command lines refused after the first DATA ended (Invalid or Unknown).
    refused_after_data: usize,
}

fn replay(name: &str, opts: ParserOptions, bytewise: bool) -> Seen {
    let client = read(name, "client");
    let replies = decode_replies(name, &read(name, "server"), opts, bytewise);
    assert_eq!(replies[0].code().get(), 220, "{name}: greeting");
    let mut next_reply = 1;
    let mut take_reply = |what: &str| -> u16 {
        let reply = replies
            .get(next_reply)
            .unwrap_or_else(|| panic!("{name}: no reply left for {what}"));
        next_reply += 1;
        reply.code().get()
    };
    let mut decoder = ServerDecoder::new(opts);
    let mut seen = Seen {
        commands: Vec::new(),
        auth_lines: Vec::new(),
        contents: Vec::new(),
        command_errors: Vec::new(),
        data_errors: Vec::new(),
        refused_after_data: 0,
    };
    let mut in_data = false;
    let used = feed(&client, bytewise, |input| {
        let Status::Complete { value, consumed } = decoder.decode(input) else {
            return None;
        };
        match value {
            ServerEvent::Command(cmd) => {
                let code = take_reply("a command");
                if !seen.contents.is_empty() && matches!(cmd, Command::Unknown { .. }) {
                    seen.refused_after_data += 1;
                }
                match (&cmd, code) {
                    (Command::Data, 354) => {
                        decoder.start_data();
                        in_data = true;
                        seen.contents.push(Vec::new());
                    }
                    (Command::Auth { .. }, 334) => decoder.expect_auth_line(),
                    (Command::StartTls, 220) => decoder.start_tls(),
                    _ => {}
                }
                seen.commands.push(cmd.into_owned());
            }
            ServerEvent::AuthLine(line) => {
                seen.auth_lines.push(line.to_vec());
                if take_reply("a SASL line") == 334 {
                    decoder.expect_auth_line();
                }
            }
            ServerEvent::Data(piece) => seen
                .contents
                .last_mut()
                .expect("Data only after DATA")
                .extend_from_slice(piece),
            ServerEvent::DataEnd => {
                in_data = false;
                take_reply("the end of data");
            }
            ServerEvent::Invalid(e) if in_data => seen.data_errors.push(e),
            ServerEvent::Invalid(e) => {
                take_reply("an invalid line");
                if !seen.contents.is_empty() {
                    seen.refused_after_data += 1;
                }
                seen.command_errors.push(e);
            }
            ServerEvent::Skipped => {}
            other => panic!("{name}: unexpected {other:?}"),
        }
        Some(consumed)
    });
    assert_eq!(used, client.len(), "{name}: client bytes left undecoded");
    assert!(!in_data, "{name}: the DATA never ended");
    assert_eq!(next_reply, replies.len(), "{name}: replies left unpaired");
    seen
}

/// Offset of the first LF not preceded by CR.
fn first_bare_lf(bytes: &[u8]) -> usize {
    (0..bytes.len())
        .find(|&i| bytes[i] == b'\n' && (i == 0 || bytes[i - 1] != b'\r'))
        .expect("a bare LF")
}

fn check(e: &Expected, strict: bool, seen: &Seen) {
    let name = e.name;
    let mode = if strict { "strict" } else { "lenient" };
    let verbs: Vec<String> = seen
        .commands
        .iter()
        .filter(|c| !matches!(c, Command::Unknown { .. }))
        .map(|c| c.verb().into_owned())
        .collect();
    assert_eq!(verbs, e.verbs, "{name} ({mode}): commands");
    let mail = seen.commands.iter().find_map(|c| match c {
        Command::Mail { from, params } => {
            Some((from.to_string(), params.iter().collect::<Vec<_>>()))
        }
        _ => None,
    });
    assert_eq!(
        mail,
        Some(("<a@b.test>".to_owned(), e.params.clone())),
        "{name} ({mode}): MAIL"
    );
    let rcpts: Vec<String> = seen
        .commands
        .iter()
        .filter_map(|c| match c {
            Command::Rcpt { to, params } => {
                assert!(params.is_empty());
                Some(to.to_string())
            }
            _ => None,
        })
        .collect();
    let want: Vec<String> = e.rcpts.iter().map(|r| format!("<{r}>")).collect();
    assert_eq!(rcpts, want, "{name} ({mode}): RCPT");

    // AUTH: the mechanism and the decoded initial response and SASL lines.
    let auth = seen.commands.iter().find_map(|c| match c {
        Command::Auth {
            mechanism,
            initial_response,
        } => Some((
            mechanism.as_str().to_owned(),
            initial_response.as_ref().map(|ir| match ir {
                InitialResponse::Empty => Vec::new(),
                InitialResponse::Data(d) => base64_decode(d.as_str().as_bytes()).expect("base64"),
            }),
        )),
        _ => None,
    });
    let lines: Vec<Vec<u8>> = seen
        .auth_lines
        .iter()
        .map(|l| base64_decode(l).expect("a base64 SASL line"))
        .collect();
    match &e.auth {
        None => {
            assert_eq!(auth, None, "{name} ({mode}): AUTH");
            assert!(lines.is_empty());
        }
        Some((mech, initial, want_lines)) => {
            assert_eq!(
                auth,
                Some(((*mech).to_owned(), initial.map(<[u8]>::to_vec))),
                "{name} ({mode}): AUTH"
            );
            let want: Vec<Vec<u8>> = want_lines.iter().map(|l| l.to_vec()).collect();
            assert_eq!(lines, want, "{name} ({mode}): SASL lines");
        }
    }

    assert_eq!(seen.contents.len(), 1, "{name} ({mode}): one DATA");
    let content = &seen.contents[0];
    match &e.content {
        Content::Exact(want) => {
            assert_eq!(content, want, "{name} ({mode}): content");
            assert_eq!(seen.data_errors, [], "{name} ({mode}): errors in DATA");
        }
        Content::BareLf { lenient } => {
            let client = read(name, "client");
            let lf = first_bare_lf(&client);
            if strict {
                // RFC 5321 §2.3.8: only CRLF ends a line; the strict decoder refuses the
                // bare LF and drops the rest of that line.
                assert_eq!(
                    seen.data_errors,
                    [Error::new(lf, ErrorKind::BareLf)],
                    "{name} (strict): errors in DATA"
                );
                // The content starts after the DATA line (smtplib writes "data").
                let lower = client.to_ascii_lowercase();
                let data_start = find(&lower, b"\r\ndata\r\n").expect("a DATA line") + 8;
                assert_eq!(content, &client[data_start..lf], "{name} (strict): content");
            } else {
                assert_eq!(seen.data_errors, [], "{name} (lenient): errors in DATA");
                assert_eq!(content, lenient, "{name} (lenient): content");
            }
        }
    }
    assert_eq!(
        seen.refused_after_data, e.refused_after_data,
        "{name} ({mode}): refused lines after DATA"
    );
    if e.refused_after_data == 0 {
        assert_eq!(seen.command_errors, [], "{name} ({mode}): invalid commands");
    } else {
        // The lines between the premature end of data and QUIT: one starting with a letter
        // is a well-formed unknown verb (RFC 5321 §4.1.1: a verb is letters), any other one
        // is refused at its first byte.
        let client = read(name, "client");
        let mut at = find(&client, b"DATA\r\n.\r\n").expect("DATA and an immediate end") + 9;
        let (mut unknown, mut invalid_offsets) = (Vec::new(), Vec::new());
        while !client[at..].starts_with(b"QUIT\r\n") {
            let len = find(&client[at..], b"\r\n").expect("CRLF");
            let line = &client[at..at + len];
            if line.first().is_some_and(u8::is_ascii_alphabetic) {
                let verb = line.split(|&b| b == b' ').next().unwrap_or_default();
                unknown.push(String::from_utf8_lossy(verb).into_owned());
            } else {
                invalid_offsets.push(at);
            }
            at += len + 2;
        }
        assert_eq!(unknown.len() + invalid_offsets.len(), e.refused_after_data);
        let got_unknown: Vec<String> = seen
            .commands
            .iter()
            .filter_map(|c| match c {
                Command::Unknown { verb, .. } => Some(verb.as_str().to_owned()),
                _ => None,
            })
            .collect();
        assert_eq!(got_unknown, unknown, "{name} ({mode}): unknown verbs");
        let got_offsets: Vec<usize> = seen.command_errors.iter().map(|e| e.offset).collect();
        assert_eq!(
            got_offsets, invalid_offsets,
            "{name} ({mode}): invalid lines"
        );
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn every_capture_has_an_expectation() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(captures_dir())
        .expect("scripts/captures")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".client.txt").map(str::to_owned)
        })
        // The POP3 and IMAP sessions (`pop3-*`, `imap-*`, scripts/README.md) are
        // pop3-proto's and imap-proto's to replay.
        .filter(|name| !name.starts_with("pop3-") && !name.starts_with("imap-"))
        .collect();
    let expected: BTreeSet<String> = expected_all().iter().map(|e| e.name.to_owned()).collect();
    assert_eq!(on_disk, expected);
}

#[test]
fn captures_replay_in_strict_and_lenient_mode() {
    for e in expected_all() {
        for (strict, opts) in [
            (true, ParserOptions::default()),
            (false, ParserOptions::lenient()),
        ] {
            let whole = replay(e.name, opts, false);
            check(&e, strict, &whole);
            let bytewise = replay(e.name, opts, true);
            assert_eq!(bytewise, whole, "{}: byte-at-a-time differs", e.name);
        }
    }
}

#[test]
fn message_sizes_match_the_capture_recipe() {
    // The SIZE values in the captures, read off the files, against the rebuilt messages:
    // a check that the messages here are the ones the clients were given.
    assert_eq!(plain().len(), 157);
    assert_eq!(dots().len(), 186);
    assert_eq!(dots_lf().len(), 174);
    assert_eq!(dot_first().len(), 29);
    assert_eq!(send_message().len(), 262);
}
