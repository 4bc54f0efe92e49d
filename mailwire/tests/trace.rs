//! `mailwire trace smtp` and `mailwire trace pop3` as shared/CLI.md specifies them: records
//! in conversation order, tiling, kinds, roundtrip, error records, exit statuses.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn mailwire(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_mailwire"))
        .args(args)
        .output()
        .expect("run mailwire");
    Run {
        status: out.status.code().expect("exit status"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A capture file in a fresh temporary directory.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mailwire-trace-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `mailwire trace smtp --json` on two capture files (plus `extra` flags).
fn trace_files(client: &Path, server: &Path, extra: &[&str]) -> Run {
    trace_protocol_files("smtp", client, server, extra)
}

/// `mailwire trace PROTOCOL --json` on two capture files (plus `extra` flags).
fn trace_protocol_files(protocol: &str, client: &Path, server: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "trace",
        protocol,
        "--json",
        "--client",
        client.to_str().unwrap(),
        "--server",
        server.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    mailwire(&args)
}

/// Parses `--json` output, checking every line is one object with the contract's keys.
fn records(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("one JSON object per line");
            let obj = v.as_object().expect("an object");
            // serde_json's map sorts keys: take their order from the text itself.
            let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            keys.sort_by_key(|k| line.find(&format!("\"{k}\":")).unwrap());
            let dir = obj["dir"].as_str().unwrap();
            assert!(dir == "client" || dir == "server", "{line}");
            assert!(obj["offset"].is_u64() && obj["len"].is_u64(), "{line}");
            match (obj.get("kind"), obj.get("error")) {
                (Some(kind), None) => {
                    let opaque = kind == "opaque";
                    assert_eq!(obj.contains_key("roundtrip"), !opaque, "{line}");
                    let expected: &[&str] = if opaque {
                        &["dir", "offset", "len", "kind"]
                    } else {
                        &["dir", "offset", "len", "kind", "roundtrip"]
                    };
                    assert_eq!(keys, expected, "{line}");
                }
                (None, Some(_)) => assert_eq!(keys, ["dir", "offset", "len", "error"], "{line}"),
                _ => panic!("a record has kind or error: {line}"),
            }
            v
        })
        .collect()
}

/// The tiling rule: each direction's records, sorted by offset, cover [0, len) exactly.
fn assert_tiles(records: &[Value], dir: &str, len: usize) {
    let mut spans: Vec<(u64, u64)> = records
        .iter()
        .filter(|r| r["dir"] == dir)
        .map(|r| (r["offset"].as_u64().unwrap(), r["len"].as_u64().unwrap()))
        .collect();
    spans.sort_unstable();
    let mut next = 0;
    for (offset, len) in spans {
        assert_eq!(offset, next, "{dir}: gap or overlap at {offset}");
        assert!(len > 0);
        next = offset + len;
    }
    assert_eq!(next, len as u64, "{dir}: records end before the stream");
}

fn kinds(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| {
            let side = if r["dir"] == "client" { "C" } else { "S" };
            match r.get("kind") {
                Some(k) => format!("{side} {}", k.as_str().unwrap()),
                None => format!("{side} error"),
            }
        })
        .collect()
}

fn samples() -> (Vec<u8>, Vec<u8>) {
    protocol_samples("smtp")
}

fn protocol_samples(protocol: &str) -> (Vec<u8>, Vec<u8>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    (
        std::fs::read(dir.join(format!("{protocol}.client"))).unwrap(),
        std::fs::read(dir.join(format!("{protocol}.server"))).unwrap(),
    )
}

/// The built-in sample: the conversation as written in mailwire/samples/smtp.{client,server}
/// (greeting, EHLO, AUTH PLAIN with an empty 334 challenge, MAIL/RCPT/RCPT/DATA with the
/// second recipient refused, stuffed DATA, a BDAT transaction, QUIT).
#[test]
fn sample_session_in_conversation_order() {
    let run = mailwire(&["trace", "smtp", "--json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty());
    let recs = records(&run.stdout);
    let expected = [
        "S reply:220",
        "C command:EHLO",
        "S reply:250",
        "C command:AUTH",
        "S reply:334",
        "C auth-data",
        "S reply:235",
        "C command:MAIL",
        "S reply:250",
        "C command:RCPT",
        "S reply:250",
        "C command:RCPT",
        "S reply:550",
        "C command:DATA",
        "S reply:354",
        "C data",
        "S reply:250",
        "C command:MAIL",
        "S reply:250",
        "C command:RCPT",
        "S reply:250",
        "C command:BDAT",
        "C bdat-chunk",
        "S reply:250",
        "C command:BDAT",
        "S reply:250",
        "C command:QUIT",
        "S reply:221",
    ];
    assert_eq!(kinds(&recs), expected);
    assert!(recs.iter().all(|r| r["roundtrip"] == true));
    let (client, server) = samples();
    assert_tiles(&recs, "client", client.len());
    assert_tiles(&recs, "server", server.len());
    // The data record spans from after "DATA\r\n" through the ".\r\n" line.
    let data = recs.iter().find(|r| r["kind"] == "data").unwrap();
    let start = data["offset"].as_u64().unwrap() as usize;
    let end = start + data["len"].as_u64().unwrap() as usize;
    assert!(client[..start].ends_with(b"DATA\r\n"));
    assert!(client[..end].ends_with(b"\r\n.\r\n"));
    // The sample given as files decodes the same way.
    let c = file("sample.client", &client);
    let s = file("sample.server", &server);
    let again = trace_files(&c, &s, &[]);
    assert_eq!(again.stdout, run.stdout);
}

#[test]
fn readable_output_names_direction_and_kind() {
    let run = mailwire(&["trace", "smtp"]);
    assert_eq!(run.status, 0);
    let first: Vec<&str> = run.stdout.lines().take(2).collect();
    assert!(
        first[0].starts_with("S:") && first[0].contains("reply:220"),
        "{}",
        first[0]
    );
    assert!(first[1].starts_with("C:") && first[1].contains("EHLO client.example.org"));
}

/// A known verb with bad arguments is an error record covering its line; an unknown verb
/// is a command record named as sent (upper case); decoding goes on; exit status 1.
#[test]
fn malformed_and_unknown_commands() {
    let client = b"EHLO x.example\r\nMAIL FROM:<no at sign>\r\nbogus thing\r\nQUIT\r\n";
    let c = file("bad.client", client);
    let run = mailwire(&["trace", "smtp", "--json", "--client", c.to_str().unwrap()]);
    assert_eq!(run.status, 1);
    let recs = records(&run.stdout);
    assert_eq!(
        kinds(&recs),
        [
            "C command:EHLO",
            "C error",
            "C command:BOGUS",
            "C command:QUIT"
        ]
    );
    assert_eq!(recs[1]["offset"], 16);
    assert_eq!(recs[1]["len"], 24);
    let msg = recs[1]["error"].as_str().unwrap();
    // The space after "no" (line offset 13, stream offset 29) is where '@' was expected.
    assert!(msg.ends_with("at offset 29"), "{msg}");
    assert_tiles(&recs, "client", client.len());
}

/// SMTP smuggling: `<LF>.<LF>` inside DATA neither ends the data nor lets the smuggled
/// MAIL through, in strict mode (error record) and with --lenient (content).
#[test]
fn smuggled_end_of_data_is_not_honoured() {
    let client = b"EHLO x.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n\
hi\r\n\n.\nMAIL FROM:<evil@x.example>\r\n.\r\nQUIT\r\n";
    let server = b"220 mx\r\n250 mx\r\n250 ok\r\n250 ok\r\n354 go\r\n250 queued\r\n221 bye\r\n";
    let c = file("smuggle.client", client);
    let s = file("smuggle.server", server);
    let strict = trace_files(&c, &s, &[]);
    assert_eq!(strict.status, 1);
    let recs = records(&strict.stdout);
    let k = kinds(&recs);
    let data_at = k.iter().position(|k| k == "C command:DATA").unwrap();
    assert!(
        !k[data_at..].contains(&"C command:MAIL".to_string()),
        "{k:?}"
    );
    let err = recs.iter().find(|r| r.get("error").is_some()).unwrap();
    assert!(err["error"].as_str().unwrap().starts_with("bare LF"));
    assert_tiles(&recs, "client", client.len());
    assert_tiles(&recs, "server", server.len());

    let lenient = trace_files(&c, &s, &["--lenient"]);
    assert_eq!(lenient.status, 0, "{}", lenient.stdout);
    let recs = records(&lenient.stdout);
    let k = kinds(&recs);
    assert!(
        !k[data_at..].contains(&"C command:MAIL".to_string()),
        "{k:?}"
    );
    // One data record from after DATA through the real terminator.
    let data = recs.iter().find(|r| r["kind"] == "data").unwrap();
    // 16 (EHLO) + 25 (MAIL) + 23 (RCPT) + 6 (DATA) bytes precede it; "QUIT\r\n" follows.
    assert_eq!(data["offset"], 70);
    assert_eq!(data["len"], client.len() - 6 - 70);
}

/// After 220 to STARTTLS both streams are opaque.
#[test]
fn starttls_makes_both_streams_opaque() {
    let client = b"EHLO x.example\r\nSTARTTLS\r\n\x16\x03\x01\x00\x05hello";
    let server =
        b"220 mx ESMTP\r\n250-mx\r\n250 STARTTLS\r\n220 2.0.0 go ahead\r\n\x16\x03\x03\x00\x02hi";
    let c = file("tls.client", client);
    let s = file("tls.server", server);
    let run = trace_files(&c, &s, &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let recs = records(&run.stdout);
    assert_eq!(
        kinds(&recs),
        [
            "S reply:220",
            "C command:EHLO",
            "S reply:250",
            "C command:STARTTLS",
            "S reply:220",
            "C opaque",
            "S opaque"
        ]
    );
    assert_tiles(&recs, "client", client.len());
    assert_tiles(&recs, "server", server.len());
}

/// Real sessions recorded from swaks, curl and Python's smtplib (scripts/captures):
/// the conforming ones decode without an error record and every record round-trips.
#[test]
fn real_captured_sessions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/captures");
    for name in [
        "swaks-pipeline",
        "swaks-auth-login",
        "curl-auth",
        "curl-dots",
        "smtplib-size-twice",
        "smtplib-auth",
    ] {
        let c = dir.join(format!("{name}.client.txt"));
        let s = dir.join(format!("{name}.server.txt"));
        let run = trace_files(&c, &s, &[]);
        assert_eq!(run.status, 0, "{name}: {}", run.stdout);
        let recs = records(&run.stdout);
        assert!(recs.iter().all(|r| r["roundtrip"] == true), "{name}");
        assert_tiles(
            &recs,
            "client",
            std::fs::metadata(&c).unwrap().len() as usize,
        );
        assert_tiles(
            &recs,
            "server",
            std::fs::metadata(&s).unwrap().len() as usize,
        );
    }
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    for args in [
        &["trace", "smtp", "--client", "/nonexistent/capture"][..],
        &["trace", "gopher"][..],
        &["trace", "smtp", "--client", "-", "--server", "-"][..],
    ] {
        let run = mailwire(args);
        assert_eq!(run.status, 2, "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

/// LMTP (RFC 2033 §4.2): the end of DATA is answered once per accepted recipient, so QUIT's
/// reply is the one after those.
#[test]
fn lmtp_answers_data_per_recipient() {
    let client = b"LHLO x.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\n\
RCPT TO:<e@d.example>\r\nRCPT TO:<f@d.example>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n";
    let server = b"220 lmtp\r\n250 mx\r\n250 ok\r\n250 ok\r\n550 no\r\n250 ok\r\n354 go\r\n\
250 2.0.0 <c@d.example> ok\r\n452 4.2.2 <f@d.example> full\r\n221 bye\r\n";
    let c = file("lmtp.client", client);
    let s = file("lmtp.server", server);
    let run = trace_files(&c, &s, &[]);
    assert_eq!(run.status, 0);
    let recs = records(&run.stdout);
    let k = kinds(&recs);
    assert_eq!(
        k[k.len() - 5..],
        [
            "C data",
            "S reply:250",
            "S reply:452",
            "C command:QUIT",
            "S reply:221"
        ]
    );
}

// ----- POP3 -----

/// The built-in POP3 sample, as written in mailwire/samples/pop3.{client,server}: greeting,
/// CAPA (multi-line), AUTH PLAIN answered by an empty `+ ` challenge and the SASL line,
/// STAT, LIST and UIDL (multi-line), TOP 1 0 and RETR 2 (multi-line, with stuffed lines),
/// DELE, QUIT.
#[test]
fn pop3_sample_session_in_conversation_order() {
    let run = mailwire(&["trace", "pop3", "--json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty());
    let recs = records(&run.stdout);
    let expected = [
        "S greeting",
        "C command:CAPA",
        "S reply:+OK",
        "C command:AUTH",
        "S continuation",
        "C auth-data",
        "S reply:+OK",
        "C command:STAT",
        "S reply:+OK",
        "C command:LIST",
        "S reply:+OK",
        "C command:UIDL",
        "S reply:+OK",
        "C command:TOP",
        "S reply:+OK",
        "C command:RETR",
        "S reply:+OK",
        "C command:DELE",
        "S reply:+OK",
        "C command:QUIT",
        "S reply:+OK",
    ];
    assert_eq!(kinds(&recs), expected);
    assert!(recs.iter().all(|r| r["roundtrip"] == true));
    let (client, server) = protocol_samples("pop3");
    assert_tiles(&recs, "client", client.len());
    assert_tiles(&recs, "server", server.len());
    // A multi-line reply's record runs from its status line through the "." line: the
    // RETR reply's bytes start "+OK 264 octets" and end with CRLF "." CRLF.
    let retr = &recs[16];
    let start = retr["offset"].as_u64().unwrap() as usize;
    let end = start + retr["len"].as_u64().unwrap() as usize;
    assert!(server[start..].starts_with(b"+OK 264 octets\r\n"));
    assert!(server[..end].ends_with(b"\r\nBye\r\n.\r\n"));
    // The sample given as files decodes the same way.
    let c = file("pop3-sample.client", &client);
    let s = file("pop3-sample.server", &server);
    let again = trace_protocol_files("pop3", &c, &s, &[]);
    assert_eq!(again.stdout, run.stdout);
}

/// The reply to a command depends on the command: `LIST` without an argument is answered
/// by a multi-line scan listing, `LIST 1` by one line (RFC 1939 §5). The same server bytes
/// read after the other command do not decode the same way.
#[test]
fn pop3_reply_shape_follows_the_command() {
    let server = b"+OK ready\r\n+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n";
    let s = file("pop3-list.server", server);
    let multi = file("pop3-list-multi.client", b"LIST\r\n");
    let run = trace_protocol_files("pop3", &multi, &s, &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let recs = records(&run.stdout);
    assert_eq!(
        kinds(&recs),
        ["S greeting", "C command:LIST", "S reply:+OK"]
    );
    assert_eq!(recs[2]["len"], server.len() - 11);
    // After "LIST 1" the body lines are read as status lines: "1 120" is not one.
    let single = file("pop3-list-single.client", b"LIST 1\r\n");
    let run = trace_protocol_files("pop3", &single, &s, &[]);
    assert_eq!(run.status, 1);
    let recs = records(&run.stdout);
    assert_eq!(
        &kinds(&recs)[..3],
        ["S greeting", "C command:LIST", "S reply:+OK"]
    );
    assert!(recs.iter().any(|r| r.get("error").is_some()));
    assert_tiles(&recs, "server", server.len());
}

/// Malformed commands are error records (and the server's -ERR pairs with them), unknown
/// ones are typed (`command:BOGUS`, upper case as CLI.md asks), a body with a bare LF is
/// one error record in strict mode and decodes with `--lenient`; exit status 1 then 0.
#[test]
fn pop3_errors_unknown_commands_and_lenient_mode() {
    let client = b"USER alice\r\nRETR 0\r\nbogus x\r\nRETR 1\r\nQUIT\r\n";
    let server = b"+OK hi\r\n+OK\r\n-ERR no message 0\r\n-ERR unknown\r\n\
+OK 9 octets\r\nab\ncd\r\n\r\n.\r\n+OK bye\r\n";
    let c = file("pop3-err.client", client);
    let s = file("pop3-err.server", server);
    let run = trace_protocol_files("pop3", &c, &s, &[]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    let recs = records(&run.stdout);
    assert_eq!(
        kinds(&recs),
        [
            "S greeting",
            "C command:USER",
            "S reply:+OK",
            "C error",
            "S reply:-ERR",
            "C command:BOGUS",
            "S reply:-ERR",
            "C command:RETR",
            "S error",
            "C command:QUIT",
            "S reply:+OK",
        ]
    );
    // The RETR 0 error points at the "0" (offset 12 + 5).
    assert!(
        recs[3]["error"].as_str().unwrap().ends_with("at offset 17"),
        "{}",
        recs[3]
    );
    assert_tiles(&recs, "client", client.len());
    assert_tiles(&recs, "server", server.len());
    // Lenient mode delivers the bare LF as content; RETR 0 stays an error (0 is never a
    // message number).
    let run = trace_protocol_files("pop3", &c, &s, &["--lenient"]);
    assert_eq!(run.status, 1);
    let recs = records(&run.stdout);
    assert_eq!(kinds(&recs)[8], "S reply:+OK");
    assert_eq!(recs.iter().filter(|r| r.get("error").is_some()).count(), 1);
}

/// `+OK` to STLS makes both streams opaque from the next byte on (RFC 2595 §4).
#[test]
fn pop3_stls_makes_both_streams_opaque() {
    let client = b"STLS\r\n\x16\x03\x01 client hello";
    let server = b"+OK ready\r\n+OK begin TLS\r\n\x16\x03\x03 server hello";
    let c = file("pop3-tls.client", client);
    let s = file("pop3-tls.server", server);
    let run = trace_protocol_files("pop3", &c, &s, &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let recs = records(&run.stdout);
    assert_eq!(
        kinds(&recs),
        [
            "S greeting",
            "C command:STLS",
            "S reply:+OK",
            "C opaque",
            "S opaque",
        ]
    );
    // "STLS\r\n" is 6 bytes; "+OK ready\r\n" 11 and "+OK begin TLS\r\n" 15.
    assert_eq!(recs[3]["offset"], 6);
    assert_eq!(recs[4]["offset"], 11 + 15);
}

/// Real sessions of curl and Python's poplib against Dovecot 2.3.19.1 (scripts/captures):
/// they decode without an error record, every record round-trips, and the records tile.
#[test]
fn pop3_real_captured_sessions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/captures");
    for name in [
        "pop3-curl-list",
        "pop3-curl-retr",
        "pop3-curl-retr-lf",
        "pop3-curl-top",
        "pop3-curl-uidl",
        "pop3-curl-auth-plain",
        "pop3-curl-auth-login",
        "pop3-curl-apop",
        "pop3-poplib-auth-plain",
        "pop3-poplib-longline",
        "pop3-raw-pipelined",
        "pop3-raw-auth",
    ] {
        let c = dir.join(format!("{name}.client.txt"));
        let s = dir.join(format!("{name}.server.txt"));
        let run = trace_protocol_files("pop3", &c, &s, &[]);
        assert_eq!(run.status, 0, "{name}: {}", run.stdout);
        let recs = records(&run.stdout);
        assert!(recs.iter().all(|r| r["roundtrip"] == true), "{name}");
        assert_tiles(
            &recs,
            "client",
            std::fs::metadata(&c).unwrap().len() as usize,
        );
        assert_tiles(
            &recs,
            "server",
            std::fs::metadata(&s).unwrap().len() as usize,
        );
    }
}
