//! Real clients against a loopback server built from the crate's server side
//! (`tests/support/server.rs`: `ServerDecoder` for what the client sends, the crate's reply,
//! listing and capability encoders and `encode_body` for what it answers): Python's poplib
//! and curl retrieve a fixed maildrop, and every message they hand back must equal, byte for
//! byte, the stored message after the client's own documented transformation
//! (scripts/README.md, "What the POP3 clients send"):
//!
//! - poplib `retr`/`top` return the lines without their line ends, with one dot taken off a
//!   line starting with `..`: joining the lines with CRLF after each gives the message back;
//! - curl writes the content unstuffed with its CRLFs and without the terminator.
//!
//! The maildrop has lines starting with one, two and three dots, lines that are just `.`
//! and `..`, a header-less message whose first line is `.` (the encoder stuffs the first line
//! too, unlike Dovecot 2.3), lines of 998 and 2000 octets, 8-bit lines and a 1 MiB message.
//! The server must see exactly the command lines the client is known to send, and never an
//! `Invalid` event. Without python3 or curl the test says so and passes, unless `CI=true`.

mod support;

use std::path::Path;
use std::process::Command;

use pop3_proto::ParserOptions;
use pop3_proto::types::command::Command as Pop3Command;
use support::server::{Config, Loopback, Message, Session, TIMESTAMP};
use support::{
    PASSWORD, ScratchDir, USER, assert_bytes_eq, base64_encode, crlf_lines, hashlib_md5, hex,
    large_message, plain_message, require_tools, run,
};

// ----- the maildrop -----

/// A stored message and what `TOP n 0` must give for it.
struct Stored {
    uid: &'static str,
    content: Vec<u8>,
    /// RFC 1939 §7: "the headers of the message, the blank line separating the headers from
    /// the body"; for a message without a blank line the loopback server sends it whole.
    top0: Vec<u8>,
}

fn header(subject: &str, id: &str) -> Vec<String> {
    vec![
        "From: a@b.test".to_owned(),
        "To: mailwire@example.test".to_owned(),
        format!("Subject: {subject}"),
        "Date: Thu, 01 Jan 2026 00:00:00 +0000".to_owned(),
        format!("Message-ID: <{id}@b.test>"),
    ]
}

/// `header`, an empty line and `body`, each line ended by CRLF; TOP 0 is the header and the
/// empty line.
fn stored(uid: &'static str, header: &[String], body: &[&[u8]]) -> Stored {
    let mut top0 = Vec::new();
    for line in header {
        top0.extend_from_slice(line.as_bytes());
        top0.extend_from_slice(b"\r\n");
    }
    top0.extend_from_slice(b"\r\n");
    let mut content = top0.clone();
    for line in body {
        content.extend_from_slice(line);
        content.extend_from_slice(b"\r\n");
    }
    Stored { uid, content, top0 }
}

fn maildrop() -> Vec<Stored> {
    let long_998 = vec![b'x'; 998];
    let long_2000 = vec![b'y'; 2000];
    let mut long_dotted = vec![b'.'; 1];
    long_dotted.extend(std::iter::repeat_n(b'z', 997));
    let dot_first = crlf_lines(&[".", "..second line", ".third", "last line"]);
    let large = large_message(0x9093_5eed, 1 << 20, "pop3-large");
    let large_top0 = {
        // RFC 5322 §2.1: the header section ends at the first empty line.
        let at = large
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("large_message has a header");
        large[..at + 4].to_vec()
    };
    vec![
        stored(
            "msg-1-plain",
            &header("plain", "plain"),
            &[b"Hello from a real client."],
        ),
        stored(
            "msg-2-dots",
            &header("dots", "dots"),
            &[
                b".one leading dot",
                b"..two leading dots",
                b"...three",
                b".",
                b"a line",
                b"..",
                b"a.b",
                b". a dot and a space",
                b"last line",
            ],
        ),
        stored(
            "msg-3-long",
            &header("long lines", "long"),
            &[&long_998, &long_2000, &long_dotted, b"last line"],
        ),
        stored(
            "msg-4-8bit",
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
        ),
        // No header, first line ".": the very first line of the body is stuffed too.
        Stored {
            uid: "msg-5-dotfirst",
            top0: dot_first.clone(),
            content: dot_first,
        },
        Stored {
            uid: "msg-6-large",
            content: large,
            top0: large_top0,
        },
    ]
}

fn config(sasl: bool, apop_timestamp: bool, apop_digest: Option<[u8; 16]>) -> Config {
    Config {
        mailbox: maildrop()
            .into_iter()
            .map(|s| Message {
                uid: s.uid.to_owned(),
                content: s.content,
            })
            .collect(),
        sasl,
        apop_timestamp,
        apop_digest,
        opts: ParserOptions::default(),
    }
}

/// What a session's command lines must be, CRLF excluded.
fn assert_lines(session: &Session, expected: &[String]) {
    assert_eq!(session.line_texts(), expected);
    for line in &session.lines {
        assert!(line.ends_with(b"\r\n"), "line without CRLF: {line:?}");
    }
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn hashlib_oracle_gives_rfc_1939_apop_example() {
    if !require_tools(&["python3"]) {
        return;
    }
    // RFC 1939 §7: timestamp <1896.697170952@dbc.mtview.ca.us>, secret "tanstaaf",
    // digest c4c9334bac560ecc979e58001b3e22fb.
    let digest = hashlib_md5("<1896.697170952@dbc.mtview.ca.us>tanstaaf");
    assert_eq!(hex(&digest), "c4c9334bac560ecc979e58001b3e22fb");
}

// ----- Python poplib -----

/// argv: port, output directory, case, user, password. Errors the case expects are caught
/// and the session goes on; anything else exits non-zero. Retrieved content is written as
/// poplib returns it, each line followed by CRLF.
const POPLIB: &str = r#"
import base64, os, poplib, sys
port, out, case, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
def save(name, data):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
def joined(lines):
    return b''.join(line + b'\r\n' for line in lines)
def expect_err(call, *args):
    try:
        call(*args)
    except poplib.error_proto:
        return
    sys.exit('expected an -ERR from %s%r' % (call.__name__, args))
def plain():
    return base64.b64encode(('\0%s\0%s' % (user, password)).encode()).decode()
p = poplib.POP3('127.0.0.1', port, timeout=30)
save('welcome', p.getwelcome())
if case == 'basic':
    caps = p.capa()
    save('capa', b''.join(' '.join([k] + v).encode() + b'\r\n' for k, v in caps.items()))
    p.user(user)
    p.pass_(password)
    count, size = p.stat()
    save('stat', b'%d %d' % (count, size))
    save('list', joined(p.list()[1]))
    save('uidl', joined(p.uidl()[1]))
    save('list-2', p.list(2))
    save('uidl-2', p.uidl(2))
    for n in range(1, count + 1):
        save('retr-%d' % n, joined(p.retr(n)[1]))
        save('top-%d' % n, joined(p.top(n, 0)[1]))
    p.dele(1)
    expect_err(p.retr, 1)
    p.noop()
    p.quit()
elif case == 'apop':
    expect_err(p.apop, user, 'wrong')
    p.apop(user, password)
    p.stat()
    p.quit()
elif case == 'auth-plain':
    p._shortcmd('AUTH PLAIN')
    expect_err(p._shortcmd, '*')
    p._shortcmd('AUTH PLAIN')
    p._shortcmd(plain())
    p.stat()
    p.quit()
elif case == 'auth-plain-ir':
    p._shortcmd('AUTH PLAIN ' + plain())
    p.stat()
    p.quit()
else:
    sys.exit('unknown case ' + case)
"#;

/// Runs the poplib case against a fresh loopback server; returns the session and the
/// directory holding what poplib returned.
fn poplib(case: &str, config: Config) -> Option<(Session, ScratchDir)> {
    if !require_tools(&["python3"]) {
        return None;
    }
    let dir = ScratchDir::new("poplib");
    let server = Loopback::start(config);
    let done = run(Command::new("python3")
        .arg("-c")
        .arg(POPLIB)
        .arg(server.port().to_string())
        .arg(dir.path())
        .arg(case)
        .arg(USER)
        .arg(PASSWORD));
    done.assert_success(&format!("python3 poplib ({case})"));
    Some((server.session(), dir))
}

#[test]
fn poplib_retrieves_every_message_byte_for_byte() {
    let Some((session, dir)) = poplib("basic", config(true, true, None)) else {
        return;
    };
    session.assert_clean();
    let stored = maildrop();

    // What poplib sent (scripts/README.md: one command per write, no pipelining, PASS with
    // the password as given, spaces and all).
    let mut expected: Vec<String> = [
        "CAPA",
        "USER mailwire",
        "PASS pop3 secret",
        "STAT",
        "LIST",
        "UIDL",
        "LIST 2",
        "UIDL 2",
    ]
    .map(str::to_owned)
    .to_vec();
    for n in 1..=stored.len() {
        expected.push(format!("RETR {n}"));
        expected.push(format!("TOP {n} 0"));
    }
    expected.extend(["DELE 1", "RETR 1", "NOOP", "QUIT"].map(str::to_owned));
    assert_lines(&session, &expected);
    assert!(session.lines_per_read.iter().all(|&n| n == 1));
    assert_eq!(session.login, Some("USER"));
    assert!(matches!(
        &session.commands[2],
        Pop3Command::Pass { password } if password.as_bytes() == b"pop3 secret"
    ));
    assert_eq!(session.deleted, [1]);

    // The greeting and the capabilities as poplib understood them.
    assert_eq!(
        read(dir.path(), "welcome"),
        format!("+OK POP3 loopback ready {TIMESTAMP}").into_bytes()
    );
    assert_eq!(
        read(dir.path(), "capa"),
        crlf_lines(&[
            "TOP",
            "UIDL",
            "USER",
            "SASL PLAIN",
            "RESP-CODES",
            "PIPELINING",
            "AUTH-RESP-CODE",
            "IMPLEMENTATION pop3-proto loopback",
        ])
    );

    // RFC 1939 §5: STAT "+OK nn mm", scan listings "msg SP size" (size in octets).
    let total: usize = stored.iter().map(|s| s.content.len()).sum();
    assert_eq!(
        read(dir.path(), "stat"),
        format!("{} {total}", stored.len()).into_bytes()
    );
    let mut list = String::new();
    let mut uidl = String::new();
    for (n, s) in (1..).zip(&stored) {
        list.push_str(&format!("{n} {}\r\n", s.content.len()));
        uidl.push_str(&format!("{n} {}\r\n", s.uid));
    }
    assert_eq!(read(dir.path(), "list"), list.into_bytes());
    assert_eq!(read(dir.path(), "uidl"), uidl.into_bytes());
    assert_eq!(
        read(dir.path(), "list-2"),
        format!("+OK 2 {}", stored[1].content.len()).into_bytes()
    );
    assert_eq!(read(dir.path(), "uidl-2"), b"+OK 2 msg-2-dots");

    for (n, s) in (1..).zip(&stored) {
        assert_bytes_eq(
            &read(dir.path(), &format!("retr-{n}")),
            &s.content,
            &format!("poplib RETR {n}"),
        );
        assert_bytes_eq(
            &read(dir.path(), &format!("top-{n}")),
            &s.top0,
            &format!("poplib TOP {n} 0"),
        );
    }
}

#[test]
fn poplib_apop_digest_matches_an_independent_md5() {
    if !require_tools(&["python3"]) {
        return;
    }
    let digest = hashlib_md5(&format!("{TIMESTAMP}{PASSWORD}"));
    let Some((session, _dir)) = poplib("apop", config(false, true, Some(digest))) else {
        return;
    };
    session.assert_clean();
    let wrong = hashlib_md5(&format!("{TIMESTAMP}wrong"));
    assert_lines(
        &session,
        &[
            format!("APOP mailwire {}", hex(&wrong)),
            format!("APOP mailwire {}", hex(&digest)),
            "STAT".to_owned(),
            "QUIT".to_owned(),
        ],
    );
    assert_eq!(session.failed_logins, 1);
    assert_eq!(session.login, Some("APOP"));
}

#[test]
fn poplib_auth_plain_cancelled_then_via_continuation() {
    let Some((session, _dir)) = poplib("auth-plain", config(true, false, None)) else {
        return;
    };
    session.assert_clean();
    let b64 = base64_encode(&plain_message());
    assert_lines(
        &session,
        &[
            "AUTH PLAIN".to_owned(),
            "*".to_owned(),
            "AUTH PLAIN".to_owned(),
            b64,
            "STAT".to_owned(),
            "QUIT".to_owned(),
        ],
    );
    assert_eq!(session.auth.len(), 2);
    assert!(session.auth[0].cancelled && session.auth[0].responses.is_empty());
    assert_eq!(session.auth[1].initial, None);
    assert_eq!(session.auth[1].responses, [plain_message()]);
    assert_eq!(session.login, Some("AUTH PLAIN"));
}

#[test]
fn poplib_auth_plain_with_initial_response() {
    let Some((session, _dir)) = poplib("auth-plain-ir", config(true, false, None)) else {
        return;
    };
    session.assert_clean();
    let b64 = base64_encode(&plain_message());
    assert_lines(
        &session,
        &[
            format!("AUTH PLAIN {b64}"),
            "STAT".to_owned(),
            "QUIT".to_owned(),
        ],
    );
    assert_eq!(session.auth.len(), 1);
    assert_eq!(session.auth[0].initial, Some(plain_message()));
    assert_eq!(session.login, Some("AUTH PLAIN"));
}

// ----- curl -----

/// Runs curl (`--silent --show-error`, user and password as given) with `args` against a
/// fresh loopback server; returns the session, curl's exit code and what it printed.
fn curl(config: Config, password: &str, args: &[&str], path: &str) -> (Session, i32, Vec<u8>) {
    let server = Loopback::start(config);
    let done = run(Command::new("curl")
        .args(["--silent", "--show-error", "--max-time", "20"])
        .arg("--user")
        .arg(format!("{USER}:{password}"))
        .args(args)
        .arg(format!("pop3://127.0.0.1:{}/{path}", server.port())));
    let code = done.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 67,
        "curl {args:?} {path}: exit {code}, stderr {}",
        done.stderr
    );
    (server.session(), code, done.stdout)
}

/// curl 7.88 with SASL PLAIN advertised: CAPA first, then `AUTH PLAIN` and the credentials
/// on their own line after the `+ ` continuation (scripts/README.md).
fn curl_login() -> Vec<String> {
    vec![
        "CAPA".to_owned(),
        "AUTH PLAIN".to_owned(),
        base64_encode(&plain_message()),
    ]
}

#[test]
fn curl_retrieves_every_message_byte_for_byte() {
    if !require_tools(&["curl"]) {
        return;
    }
    for (n, s) in (1..).zip(maildrop()) {
        let (session, code, out) = curl(config(true, true, None), PASSWORD, &[], &n.to_string());
        assert_eq!(code, 0);
        session.assert_clean();
        let mut expected = curl_login();
        expected.extend([format!("RETR {n}"), "QUIT".to_owned()]);
        assert_lines(&session, &expected);
        assert_eq!(session.auth[0].responses, [plain_message()]);
        assert_bytes_eq(&out, &s.content, &format!("curl RETR {n}"));
    }
}

#[test]
fn curl_list_uidl_and_top() {
    if !require_tools(&["curl"]) {
        return;
    }
    let stored = maildrop();

    // pop3://H:P/ is LIST; curl prints the body.
    let (session, code, out) = curl(config(true, true, None), PASSWORD, &[], "");
    assert_eq!(code, 0);
    session.assert_clean();
    let mut expected = curl_login();
    expected.extend(["LIST", "QUIT"].map(str::to_owned));
    assert_lines(&session, &expected);
    let list: String = (1..)
        .zip(&stored)
        .map(|(n, s)| format!("{n} {}\r\n", s.content.len()))
        .collect();
    assert_eq!(String::from_utf8_lossy(&out), list);

    // -X UIDL: a custom command, read as multi-line.
    let (session, code, out) = curl(config(true, true, None), PASSWORD, &["-X", "UIDL"], "");
    assert_eq!(code, 0);
    session.assert_clean();
    let mut expected = curl_login();
    expected.extend(["UIDL", "QUIT"].map(str::to_owned));
    assert_lines(&session, &expected);
    let uidl: String = (1..)
        .zip(&stored)
        .map(|(n, s)| format!("{n} {}\r\n", s.uid))
        .collect();
    assert_eq!(String::from_utf8_lossy(&out), uidl);

    // -X 'TOP n 0' for the messages with dots in their headers or first line.
    for n in [1, 2, 5] {
        let top = format!("TOP {n} 0");
        let (session, code, out) = curl(config(true, true, None), PASSWORD, &["-X", &top], "");
        assert_eq!(code, 0);
        session.assert_clean();
        let mut expected = curl_login();
        expected.extend([top.clone(), "QUIT".to_owned()]);
        assert_lines(&session, &expected);
        assert_bytes_eq(&out, &stored[n - 1].top0, &format!("curl {top}"));
    }
}

#[test]
fn curl_sasl_initial_response() {
    if !require_tools(&["curl"]) {
        return;
    }
    let (session, code, out) = curl(
        config(true, true, None),
        PASSWORD,
        &["--sasl-ir", "-X", "NOOP", "-I"],
        "",
    );
    assert_eq!(code, 0);
    session.assert_clean();
    assert_lines(
        &session,
        &[
            "CAPA".to_owned(),
            format!("AUTH PLAIN {}", base64_encode(&plain_message())),
            "NOOP".to_owned(),
            "QUIT".to_owned(),
        ],
    );
    assert_eq!(session.auth[0].initial, Some(plain_message()));
    assert!(out.is_empty());
}

#[test]
fn curl_apop_when_no_sasl_and_a_timestamp() {
    if !require_tools(&["curl", "python3"]) {
        return;
    }
    let digest = hashlib_md5(&format!("{TIMESTAMP}{PASSWORD}"));
    let (session, code, _) = curl(
        config(false, true, Some(digest)),
        PASSWORD,
        &["-X", "NOOP", "-I"],
        "",
    );
    assert_eq!(code, 0);
    session.assert_clean();
    assert_lines(
        &session,
        &[
            "CAPA".to_owned(),
            format!("APOP mailwire {}", hex(&digest)),
            "NOOP".to_owned(),
            "QUIT".to_owned(),
        ],
    );
    assert_eq!(session.login, Some("APOP"));
}

#[test]
fn curl_user_pass_when_no_sasl_and_no_timestamp() {
    if !require_tools(&["curl"]) {
        return;
    }
    let (session, code, _) = curl(
        config(false, false, None),
        PASSWORD,
        &["-X", "DELE", "-I"],
        "3",
    );
    assert_eq!(code, 0);
    session.assert_clean();
    assert_lines(
        &session,
        &[
            "CAPA",
            "USER mailwire",
            "PASS pop3 secret",
            "DELE 3",
            "QUIT",
        ]
        .map(str::to_owned),
    );
    assert_eq!(session.login, Some("USER"));
    assert_eq!(session.deleted, [3]);
}

#[test]
fn curl_refused_login_exits_67_without_quit() {
    if !require_tools(&["curl"]) {
        return;
    }
    let (session, code, _) = curl(config(true, true, None), "wrong", &[], "1");
    assert_eq!(code, 67, "curl's 'Login denied'");
    assert!(session.invalid.is_empty(), "{:?}", session.invalid);
    assert_eq!(session.failed_logins, 1);
    assert_eq!(session.login, None);
    assert!(!session.quit);
    let mut wrong = vec![0];
    wrong.extend_from_slice(b"mailwire\0wrong");
    assert_lines(
        &session,
        &[
            "CAPA".to_owned(),
            "AUTH PLAIN".to_owned(),
            base64_encode(&wrong),
        ],
    );
}
