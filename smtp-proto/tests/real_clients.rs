//! Real clients against a loopback server built from the crate's server side
//! (`tests/support/server.rs`): Python's smtplib, curl and swaks each send fixed messages,
//! and the messages the server decoded must equal, byte for byte, what the client was asked
//! to send after the client's own documented transformations (scripts/README.md, "What each
//! client sends"):
//!
//! - smtplib `sendmail(bytes)` and curl `--upload-file` of a CRLF message M ending in CRLF
//!   deliver M; curl `--crlf` turns every LF of the file into CRLF first;
//! - swaks (with its default "data fixup") sends its file, turns bare LFs into CRLF, stuffs
//!   dots and appends CRLF "." CRLF: a file M without its last CRLF delivers M (and the
//!   first line must not start with "."; swaks does not stuff it);
//! - swaks `--no-data-fixup` sends the file as is plus one CRLF: a file holding M already
//!   dot-stuffed and ending in "." delivers M.
//!
//! Every session must end with QUIT and the server must never have seen an `Invalid` event.
//! Without python3, curl or swaks the test says so and passes, unless `CI=true`.

mod support;

use std::process::Command;

use smtp_proto::types::param::Body;
use smtp_proto::{Error, ErrorKind, Param, Parameters, ParserOptions};
use support::server::{ADVERTISED_SIZE, Loopback, Session, plain_credentials};
use support::{
    ScratchDir, assert_bytes_eq, crlf_lines, large_message, lf_to_crlf, require_tools, run,
};

const HELO: &str = "client.example.test";
const FROM: &str = "a@b.test";
const TO: &str = "user@example.test";

// ----- the messages -----

fn plain() -> Vec<u8> {
    crlf_lines(&[
        "From: a@b.test",
        "To: user@example.test",
        "Subject: plain",
        "Date: Thu, 01 Jan 2026 00:00:00 +0000",
        "Message-ID: <plain@b.test>",
        "",
        "Hello from a real client.",
    ])
}

/// Lines that begin with one, two and three dots, and lone "." and ".." lines: the client
/// stuffs each (RFC 5321 §4.5.2) and the server must unstuff each.
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
        "...three",
        ".",
        "a line",
        "..",
        "a.b",
        "last line",
    ])
}

/// No header: the very first line after DATA is "." (stuffed to ".." by smtplib and curl).
fn dot_first() -> Vec<u8> {
    crlf_lines(&[".", "..second line", ".third", "last line"])
}

/// An 8-bit body (UTF-8 and a Latin-1 byte), for `BODY=8BITMIME`.
fn eight_bit() -> Vec<u8> {
    let mut m = crlf_lines(&[
        "From: a@b.test",
        "To: user@example.test",
        "Subject: 8bit",
        "Date: Thu, 01 Jan 2026 00:00:00 +0000",
        "Message-ID: <8bit@b.test>",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "Gr\u{fc}\u{df}e aus K\u{f6}ln, \u{65e5}\u{672c}\u{8a9e}.",
    ]);
    m.extend_from_slice(b"Latin-1 byte: \xe9\r\n");
    m
}

/// RFC 5321 §4.5.2 stuffing, written here as an oracle for hand-stuffed swaks input: every
/// line of a CRLF message that starts with "." gets one more.
fn stuff(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 64);
    let mut at_line_start = true;
    for (i, &b) in message.iter().enumerate() {
        if at_line_start && b == b'.' {
            out.push(b'.');
        }
        out.push(b);
        at_line_start = b == b'\n' && i > 0 && message[i - 1] == b'\r';
    }
    out
}

// ----- checks -----

/// The session delivered exactly one message from `a@b.test` to `rcpts` with `content`.
fn assert_delivered(session: &Session, rcpts: &[&str], content: &[u8]) {
    session.assert_clean();
    let t = session.single_transaction();
    assert_eq!(t.from.to_string(), format!("<{FROM}>"));
    let got: Vec<String> = t.rcpts.iter().map(ToString::to_string).collect();
    let want: Vec<String> = rcpts.iter().map(|r| format!("<{r}>")).collect();
    assert_eq!(got, want);
    assert!(t.data_errors.is_empty());
    assert_bytes_eq(&t.content, content, "message content");
}

/// The client named itself `HELO` in an EHLO, the first command.
fn assert_ehlo(session: &Session) {
    assert_eq!(session.verbs().first().map(String::as_str), Some("EHLO"));
    assert_eq!(
        session.commands[0].to_bytes(),
        format!("EHLO {HELO}\r\n").into_bytes()
    );
}

// ----- Python smtplib -----

/// argv: port, EHLO name, message file, what the end of data must get ("accepted" or
/// "refused": a 5xx that smtplib raises as `SMTPDataError`), user ("-" for no login),
/// password, recipients (comma-separated), then MAIL options. The message is read as bytes
/// and given to `sendmail`; `quit()` ends the session.
const SMTPLIB: &str = r#"
import smtplib, sys
port, helo, path, outcome, user, password, rcpts = sys.argv[1:8]
options = sys.argv[8:]
mail = open(path, "rb").read()
s = smtplib.SMTP("127.0.0.1", int(port), local_hostname=helo, timeout=30)
if user != "-":
    s.login(user, password)
try:
    refused = s.sendmail("a@b.test", rcpts.split(","), mail, mail_options=options)
    assert not refused, refused
    assert outcome == "accepted", "the message was accepted"
except smtplib.SMTPDataError as e:
    assert outcome == "refused", e
    assert 500 <= e.smtp_code < 600, e
s.quit()
"#;

#[derive(Default)]
struct Smtplib<'a> {
    login: Option<(&'a str, &'a str)>,
    options: &'a [&'a str],
    /// The server's decoder options.
    server: ParserOptions,
    /// The end of data gets a 5xx.
    refused: bool,
}

/// Runs smtplib against a fresh loopback server with `message` and returns the session.
fn smtplib(message: &[u8], how: Smtplib<'_>) -> Option<Session> {
    if !require_tools(&["python3"]) {
        return None;
    }
    let dir = ScratchDir::new("smtplib");
    let file = dir.write("message.eml", message);
    let server = Loopback::start(how.server);
    let (user, password) = how.login.unwrap_or(("-", "-"));
    let done = run(Command::new("python3")
        .arg("-c")
        .arg(SMTPLIB)
        .arg(server.port().to_string())
        .arg(HELO)
        .arg(&file)
        .arg(if how.refused { "refused" } else { "accepted" })
        .arg(user)
        .arg(password)
        .arg(TO)
        .args(how.options));
    done.assert_success("python3 smtplib");
    Some(server.session())
}

#[test]
fn smtplib_plain_message_with_lower_case_verbs() {
    let message = plain();
    let Some(session) = smtplib(&message, Smtplib::default()) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    assert_ehlo(&session);
    // smtplib writes its verbs in lower case ("mail FROM:", "rcpt TO:", "data", "quit"):
    // RFC 5321 §2.4 makes verbs case-insensitive, and the strict decoder took them.
    assert_eq!(session.verbs(), ["EHLO", "MAIL", "RCPT", "DATA", "QUIT"]);
    for line in &session.lines {
        assert!(
            line[0].is_ascii_lowercase(),
            "smtplib sent {:?}",
            String::from_utf8_lossy(line)
        );
    }
    // With SIZE advertised, smtplib announces len(message) (RFC 1870 §3).
    let t = session.single_transaction();
    assert_eq!(t.params.size(), Some(message.len() as u64));
    assert_eq!(
        session.lines[1],
        format!("mail FROM:<{FROM}> size={}\r\n", message.len()).into_bytes()
    );
}

#[test]
fn smtplib_dot_lines_are_unstuffed() {
    for message in [dots(), dot_first()] {
        let Some(session) = smtplib(&message, Smtplib::default()) else {
            return;
        };
        assert_delivered(&session, &[TO], &message);
    }
}

#[test]
fn smtplib_repeated_size_and_8bit_body_keep_every_parameter() {
    let message = eight_bit();
    let size = format!("SIZE={}", message.len());
    let options = [size.as_str(), "BODY=8BITMIME"];
    let Some(session) = smtplib(
        &message,
        Smtplib {
            options: &options,
            ..Smtplib::default()
        },
    ) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    let n = message.len() as u64;
    // smtplib puts its own "size=N" first, then the options as given: SIZE appears twice.
    assert_eq!(
        session.lines[1],
        format!("mail FROM:<{FROM}> size={n} SIZE={n} BODY=8BITMIME\r\n").into_bytes()
    );
    let t = session.single_transaction();
    let params: Vec<Param<'_>> = t.params.iter().collect();
    assert_eq!(
        params,
        [
            Param::Size(n),
            Param::Size(n),
            Param::Body(Body::EightBitMime)
        ]
    );
    // Both occurrences survive re-encoding: a parsed list re-encodes as sent (the verb in
    // upper case), a list built from the parsed values with typed keywords in upper case.
    assert_eq!(
        session.commands[1].to_bytes(),
        format!("MAIL FROM:<{FROM}> size={n} SIZE={n} BODY=8BITMIME\r\n").into_bytes()
    );
    assert_eq!(
        Parameters::from(params).to_string(),
        format!("SIZE={n} SIZE={n} BODY=8BITMIME")
    );
}

#[test]
fn smtplib_auth_plain_credentials() {
    let message = plain();
    let Some(session) = smtplib(
        &message,
        Smtplib {
            login: Some(("alice@example.test", "correct horse battery staple")),
            ..Smtplib::default()
        },
    ) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    // smtplib prefers PLAIN among PLAIN and LOGIN and sends it with an initial response.
    assert_eq!(session.auth.len(), 1);
    let auth = &session.auth[0];
    assert_eq!(auth.mechanism, "PLAIN");
    assert!(auth.responses.is_empty());
    let initial = auth.initial.as_deref().expect("an initial response");
    // RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd
    assert_eq!(
        plain_credentials(initial),
        Some((
            &b""[..],
            &b"alice@example.test"[..],
            &b"correct horse battery staple"[..]
        ))
    );
}

/// An LF-only message given to smtplib as bytes goes out with bare LFs (smtplib stuffs a
/// dot after each LF and appends CRLF "." CRLF): the SMTP smuggling shape. The strict
/// server refuses it (one `BareLf`, RFC 5321 §2.3.8: only CRLF ends a line), lenient mode
/// keeps the bare LFs as content, and in both the data ends only at the final CRLF "." CRLF.
#[test]
fn smtplib_bare_lf_message_strict_refuses_lenient_keeps() {
    let lf_message = b"Subject: lf\n\n.dot after LF\n.\nMAIL FROM:<evil@b.test>\nlast\n";
    let Some(session) = smtplib(
        lf_message,
        Smtplib {
            refused: true,
            ..Smtplib::default()
        },
    ) else {
        return;
    };
    assert!(session.quit && session.io_error.is_none());
    // After a refused message smtplib resets the session before raising SMTPDataError.
    assert_eq!(
        session.verbs(),
        ["EHLO", "MAIL", "RCPT", "DATA", "RSET", "QUIT"]
    );
    let t = session.single_transaction();
    // The content starts after the command lines before it; the first bare LF is at 11.
    let content_start: usize = session.lines[..4].iter().map(Vec::len).sum();
    assert_eq!(
        t.data_errors,
        [Error::new(content_start + 11, ErrorKind::BareLf)]
    );
    assert_eq!(session.invalid, t.data_errors);
    assert_eq!(t.content, b"Subject: lf");

    let Some(session) = smtplib(
        lf_message,
        Smtplib {
            server: ParserOptions::lenient(),
            ..Smtplib::default()
        },
    ) else {
        return;
    };
    assert_delivered(
        &session,
        &[TO],
        b"Subject: lf\n\n..dot after LF\n..\nMAIL FROM:<evil@b.test>\nlast\n\r\n",
    );
    assert_eq!(session.verbs(), ["EHLO", "MAIL", "RCPT", "DATA", "QUIT"]);
}

/// RFC 4954 §4: SASL responses "can be much longer than normal SMTP commands"; the crate
/// gives AUTH lines their own limit (`max_auth_line`, 64 KiB), and `Command::parse` applies
/// it to an `AUTH` command line. smtplib sends PLAIN with an initial response however long
/// (here a 640-octet password, an 870-octet line).
#[test]
fn smtplib_auth_plain_with_a_long_initial_response() {
    let message = plain();
    let password = "p".repeat(640);
    let Some(session) = smtplib(
        &message,
        Smtplib {
            login: Some(("alice@example.test", &password)),
            ..Smtplib::default()
        },
    ) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    let initial = session.auth[0]
        .initial
        .as_deref()
        .expect("an initial response");
    assert_eq!(
        plain_credentials(initial),
        Some((&b""[..], &b"alice@example.test"[..], password.as_bytes()))
    );
}

#[test]
fn smtplib_one_mebibyte_message() {
    let message = large_message(0x5eed_0001, 1 << 20, "smtplib-large");
    let Some(session) = smtplib(&message, Smtplib::default()) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
}

// ----- curl -----

/// Runs `curl smtp://127.0.0.1:PORT/HELO --mail-from a@b.test --mail-rcpt TO
/// --upload-file FILE` plus `extra` against a fresh loopback server.
fn curl(file_bytes: &[u8], extra: &[&str]) -> Option<Session> {
    if !require_tools(&["curl"]) {
        return None;
    }
    let dir = ScratchDir::new("curl");
    let file = dir.write("message.eml", file_bytes);
    let server = Loopback::start(ParserOptions::default());
    // -q: ignore any .curlrc; --noproxy: never go through a proxy from the environment.
    let done = run(Command::new("curl")
        .arg("-q")
        .args(["--silent", "--show-error", "--noproxy", "*"])
        .arg(format!("smtp://127.0.0.1:{}/{HELO}", server.port()))
        .args(["--mail-from", FROM, "--mail-rcpt", TO])
        .args(extra)
        .arg("--upload-file")
        .arg(&file));
    done.assert_success("curl");
    Some(server.session())
}

#[test]
fn curl_plain_message() {
    let message = plain();
    let Some(session) = curl(&message, &[]) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    assert_ehlo(&session);
    assert_eq!(session.verbs(), ["EHLO", "MAIL", "RCPT", "DATA", "QUIT"]);
    // curl announces the file's size.
    assert_eq!(
        session.single_transaction().params.size(),
        Some(message.len() as u64)
    );
}

#[test]
fn curl_dot_lines_are_unstuffed() {
    for message in [dots(), dot_first()] {
        let Some(session) = curl(&message, &[]) else {
            return;
        };
        assert_delivered(&session, &[TO], &message);
    }
}

#[test]
fn curl_crlf_option_turns_an_lf_file_into_the_crlf_message() {
    let message = dots();
    let lf_only: Vec<u8> = message.iter().copied().filter(|&b| b != b'\r').collect();
    assert_eq!(lf_to_crlf(&lf_only), message);
    let Some(session) = curl(&lf_only, &["--crlf"]) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
}

#[test]
fn curl_auth_plain_after_a_challenge() {
    let message = plain();
    let Some(session) = curl(&message, &["--user", "bob:s3cret"]) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    // Without --sasl-ir curl sends "AUTH PLAIN" alone and the credentials after 334.
    assert_eq!(session.lines[1], b"AUTH PLAIN\r\n");
    assert_eq!(session.auth.len(), 1);
    let auth = &session.auth[0];
    assert_eq!((auth.mechanism.as_str(), &auth.initial), ("PLAIN", &None));
    assert_eq!(auth.responses.len(), 1);
    assert_eq!(
        plain_credentials(&auth.responses[0]),
        Some((&b""[..], &b"bob"[..], &b"s3cret"[..]))
    );
}

#[test]
fn curl_auth_login_two_challenges() {
    let message = plain();
    let Some(session) = curl(
        &message,
        &["--user", "bob:s3cret", "--login-options", "AUTH=LOGIN"],
    ) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    assert_eq!(session.auth.len(), 1);
    let auth = &session.auth[0];
    assert_eq!(auth.mechanism, "LOGIN");
    assert_eq!(auth.initial, None);
    assert_eq!(auth.responses, [b"bob".to_vec(), b"s3cret".to_vec()]);
}

#[test]
fn curl_one_mebibyte_message() {
    let message = large_message(0x5eed_0002, 1 << 20, "curl-large");
    let Some(session) = curl(&message, &[]) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
}

// ----- swaks -----

/// Runs `swaks --server 127.0.0.1:PORT --helo HELO --from a@b.test --to RCPTS --data @FILE`
/// plus `extra` against a fresh loopback server.
fn swaks(file_bytes: &[u8], rcpts: &[&str], extra: &[&str]) -> Option<Session> {
    if !require_tools(&["swaks"]) {
        return None;
    }
    let dir = ScratchDir::new("swaks");
    let file = dir.write("message.eml", file_bytes);
    let server = Loopback::start(ParserOptions::default());
    let done = run(Command::new("swaks")
        // No ~/.swaksrc: swaks looks in $SWAKS_HOME and $HOME first.
        .env("SWAKS_HOME", dir.path())
        .env("HOME", dir.path())
        .arg("--server")
        .arg(format!("127.0.0.1:{}", server.port()))
        .args(["--helo", HELO, "--from", FROM, "--to", &rcpts.join(",")])
        .arg("--data")
        .arg(format!("@{}", file.display()))
        .args(["--silent", "2"])
        .args(extra));
    done.assert_success("swaks");
    Some(server.session())
}

#[test]
fn swaks_stuffs_dot_lines_and_server_unstuffs_them() {
    // swaks adds CRLF "." CRLF after the file: give it the message without its last CRLF.
    let message = dots();
    let file = &message[..message.len() - 2];
    let Some(session) = swaks(file, &[TO], &[]) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    assert_ehlo(&session);
    // swaks sends no MAIL parameters.
    assert!(session.single_transaction().params.is_empty());
}

#[test]
fn swaks_no_data_fixup_sends_exact_bytes() {
    // Stuffed by hand (RFC 5321 §4.5.2), ending in "." (swaks adds the last CRLF).
    let file = b"..\r\n...second line\r\n..third\r\nlast line\r\n.";
    assert_eq!(stuff(&dot_first()), &file[..file.len() - 1]);
    let Some(session) = swaks(file, &[TO], &["--no-data-fixup"]) else {
        return;
    };
    assert_delivered(&session, &[TO], &dot_first());
}

#[test]
fn swaks_pipelines_mail_rcpt_rcpt_data_in_one_write() {
    let message = plain();
    let rcpts = [TO, "other@example.test"];
    let Some(session) = swaks(&message[..message.len() - 2], &rcpts, &["--pipeline"]) else {
        return;
    };
    assert_delivered(&session, &rcpts, &message);
    assert_eq!(
        session.verbs(),
        ["EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"]
    );
    // RFC 2920: EHLO alone, then MAIL, both RCPTs and DATA in one write, which the server
    // read at once (a write this small arrives in one read on loopback) and decoded into four
    // commands, answering them together.
    assert_eq!(session.commands_per_read, [1, 4, 1]);
}

#[test]
fn swaks_auth_plain_and_login() {
    let message = plain();
    let file = &message[..message.len() - 2];
    let login = ["--auth-user", "carol", "--auth-password", "pa55 word"];
    let plain_args: Vec<&str> = ["--auth", "PLAIN"].iter().chain(&login).copied().collect();
    let Some(session) = swaks(file, &[TO], &plain_args) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    assert_eq!(session.auth.len(), 1);
    let auth = &session.auth[0];
    assert_eq!(auth.mechanism, "PLAIN");
    assert!(auth.responses.is_empty());
    assert_eq!(
        plain_credentials(auth.initial.as_deref().expect("an initial response")),
        Some((&b""[..], &b"carol"[..], &b"pa55 word"[..]))
    );

    let login_args: Vec<&str> = ["--auth", "LOGIN"].iter().chain(&login).copied().collect();
    let Some(session) = swaks(file, &[TO], &login_args) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    let auth = &session.auth[0];
    assert_eq!((auth.mechanism.as_str(), &auth.initial), ("LOGIN", &None));
    assert_eq!(auth.responses, [b"carol".to_vec(), b"pa55 word".to_vec()]);
}

#[test]
fn swaks_one_mebibyte_message_exact_bytes() {
    let message = large_message(0x5eed_0003, 1 << 20, "swaks-large");
    let mut file = stuff(&message);
    file.push(b'.');
    let Some(session) = swaks(&file, &[TO], &["--no-data-fixup"]) else {
        return;
    };
    assert_delivered(&session, &[TO], &message);
    assert!(message.len() as u64 <= ADVERTISED_SIZE);
}
