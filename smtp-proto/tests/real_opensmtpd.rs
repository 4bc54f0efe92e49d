//! The crate's client side against a real OpenSMTPD (Debian's opensmtpd 6.8, started by
//! `scripts/interop.sh opensmtpd-start` on 127.0.0.1 with a throwaway configuration that
//! delivers every `@example.test` recipient to a maildir).
//!
//! A client made of the crate's parts (`tests/support/client.rs`: `Command::encode`,
//! `ClientDecoder`, `EhloReply`, `DataEncoder`) sends several messages in one session; the
//! delivered files, minus the trace fields OpenSMTPD prepends, must equal the sent messages
//! with CRLF turned into LF (scripts/README.md, "What a delivered file looks like"). Every
//! reply must decode in strict mode and re-encode to the bytes received.
//!
//! Needs root and /usr/sbin/smtpd; otherwise the test says why and passes, unless `CI=true`.

mod support;

use std::collections::BTreeMap;
use std::process::Command;

use smtp_proto::types::command::Command as SmtpCommand;
use smtp_proto::types::ehlo::Capability;
use smtp_proto::types::param::Body;
use smtp_proto::types::path::Path;
use smtp_proto::{ForwardPath, Param, Parameters, ReversePath};
use support::client::Client;
use support::opensmtpd::{self, OpenSmtpd, parse_delivered};
use support::{
    crlf_lines, crlf_to_lf, find_tool, interop_script, large_message, longest_line, run,
};

/// One message to send: sender (None for the null reverse-path), recipients, BODY, content.
struct Outgoing {
    from: Option<&'static str>,
    rcpts: Vec<&'static str>,
    body: Option<Body>,
    content: Vec<u8>,
}

/// A CRLF message: From, To, Subject, Date and Message-ID (OpenSMTPD would add the last two
/// if they were missing), an empty line, then `body`.
fn message(subject: &str, id: &str, body: &[&str]) -> Vec<u8> {
    let subject = format!("Subject: {subject}");
    let id = format!("Message-ID: <{id}@b.test>");
    let mut lines = vec![
        "From: a@b.test",
        "To: user@example.test",
        &subject,
        "Date: Thu, 01 Jan 2026 00:00:00 +0000",
        &id,
        "",
    ];
    lines.extend(body);
    crlf_lines(&lines)
}

fn messages() -> Vec<Outgoing> {
    let dots = message(
        "dots",
        "dots",
        &[
            ".one leading dot",
            "..two leading dots",
            ".",
            "..",
            "a line",
            "...",
            "last line",
        ],
    );
    let mut eight_bit = message(
        "8bit",
        "8bit",
        &["Gr\u{fc}\u{df}e aus K\u{f6}ln, \u{65e5}\u{672c}\u{8a9e}."],
    );
    eight_bit.extend_from_slice(b"Latin-1: \xe9\xe8\r\n.\xff leading dot\r\n");
    let null_sender = message(
        "null sender",
        "null",
        &["A notification with MAIL FROM:<>."],
    );
    let two = message(
        "two recipients",
        "two",
        &["One message, two recipients, one file each."],
    );
    vec![
        Outgoing {
            from: Some("a@b.test"),
            rcpts: vec!["dots@example.test"],
            body: None,
            content: dots,
        },
        Outgoing {
            from: Some("a@b.test"),
            rcpts: vec!["big@example.test"],
            body: None,
            content: large_message(0x0bad_5eed, 1 << 20, "opensmtpd-large"),
        },
        Outgoing {
            from: Some("a@b.test"),
            rcpts: vec!["eight@example.test"],
            body: Some(Body::EightBitMime),
            content: eight_bit,
        },
        Outgoing {
            from: None,
            rcpts: vec!["null@example.test"],
            body: None,
            content: null_sender,
        },
        Outgoing {
            from: Some("a@b.test"),
            // The case of the local part is kept in Delivered-To.
            rcpts: vec!["one@example.test", "Two@example.test"],
            body: None,
            content: two,
        },
    ]
}

fn path(mailbox: &str) -> Path<'_> {
    Path::parse(mailbox).expect("a valid path")
}

#[test]
fn opensmtpd_delivers_what_the_crate_client_sends() {
    if !opensmtpd::available() {
        return;
    }
    let outgoing = messages();
    assert_eq!(longest_line(&outgoing[1].content), 998);
    assert!(outgoing[1].content.len() >= 1 << 20);

    let server = OpenSmtpd::start();
    let mut client = Client::connect(server.port());

    // The EHLO reply as scripts/README.md records it for OpenSMTPD 6.8.
    let ehlo = client.ehlo("client.example.test");
    assert_eq!(ehlo.domain(), b"mx.example.test");
    for keyword in ["8BITMIME", "ENHANCEDSTATUSCODES", "SIZE", "DSN", "HELP"] {
        assert!(ehlo.has(keyword), "no {keyword} in {ehlo:?}");
    }
    assert_eq!(ehlo.max_size(), Some(36_700_160));
    assert!(!ehlo.has("PIPELINING") && !ehlo.has("CHUNKING"));
    assert!(
        ehlo.capabilities()
            .iter()
            .all(|c| !matches!(c, Capability::Other { .. })),
        "every keyword is a known one: {ehlo:?}"
    );

    for m in &outgoing {
        let mut params = Parameters::new();
        params.push(Param::Size(m.content.len() as u64));
        if let Some(body) = m.body {
            params.push(Param::Body(body));
        }
        let from = m.from.map(|f| format!("<{f}>"));
        let from = match &from {
            Some(f) => ReversePath::Path(path(f)),
            None => ReversePath::Null,
        };
        let rcpts: Vec<String> = m.rcpts.iter().map(|r| format!("<{r}>")).collect();
        let rcpts: Vec<ForwardPath<'_>> =
            rcpts.iter().map(|r| ForwardPath::Path(path(r))).collect();
        client.send(from, params, &rcpts, &m.content);
    }

    // A recipient outside example.test is refused at RCPT; the refusal parses too.
    client.expect(
        &SmtpCommand::Mail {
            from: ReversePath::Path(path("<a@b.test>")),
            params: Parameters::new(),
        },
        250,
    );
    client.expect(
        &SmtpCommand::Rcpt {
            to: ForwardPath::Path(path("<someone@elsewhere.test>")),
            params: Parameters::new(),
        },
        550,
    );
    client.expect(&SmtpCommand::Rset, 250);
    let replies = client.quit();

    // Every reply decoded in strict mode (the client fails on anything else) and re-encodes
    // to exactly the bytes OpenSMTPD sent.
    for (reply, raw) in &replies {
        assert_eq!(&reply.to_bytes(), raw, "re-encoding {reply:?}");
    }

    // One file per recipient.
    let expected_files: usize = outgoing.iter().map(|m| m.rcpts.len()).sum();
    let files = server.wait_for(expected_files);
    assert_eq!(files.len(), expected_files, "files: {files:?}");
    let mut delivered = BTreeMap::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("read a delivered file");
        let d = parse_delivered(&bytes);
        // The project's own `maildir-strip` (python3) must agree with the split here.
        if find_tool("python3").is_some() {
            let done = run(Command::new("bash")
                .arg(interop_script())
                .arg("maildir-strip")
                .arg(file));
            done.assert_success("interop.sh maildir-strip");
            assert_eq!(done.stdout, d.message, "maildir-strip {}", file.display());
        }
        assert!(
            delivered.insert(d.delivered_to.clone(), d).is_none(),
            "two files for one recipient"
        );
    }
    for m in &outgoing {
        for rcpt in &m.rcpts {
            let d = delivered
                .get(*rcpt)
                .unwrap_or_else(|| panic!("nothing delivered to {rcpt}"));
            assert_eq!(
                d.return_path,
                m.from.map(|f| format!("<{f}>")),
                "Return-Path for {rcpt}"
            );
            // "Received: " then TAB-led lines: "by … id …", "for <rcpt>;" (only when the
            // message had a single recipient; otherwise the id line ends in ";"), the date.
            let lines: Vec<&str> = d.received.lines().collect();
            assert_eq!(lines[0], "Received: ");
            assert!(lines[1].starts_with("\tby mx.example.test (OpenSMTPD) with ESMTP id "));
            if m.rcpts.len() == 1 {
                assert_eq!(lines.len(), 4, "{}", d.received);
                assert_eq!(lines[2], format!("\tfor <{rcpt}>;"));
            } else {
                assert_eq!(lines.len(), 3, "{}", d.received);
                assert!(lines[1].ends_with(';'), "{}", d.received);
            }
            assert!(lines.last().is_some_and(|l| l.ends_with(" (UTC)")));
            let want = crlf_to_lf(&m.content);
            if d.message != want {
                let at = d
                    .message
                    .iter()
                    .zip(&want)
                    .position(|(a, b)| a != b)
                    .unwrap_or(d.message.len().min(want.len()));
                panic!(
                    "message for {rcpt}: {} bytes delivered, {} expected, first difference at {at}",
                    d.message.len(),
                    want.len()
                );
            }
        }
    }
}
