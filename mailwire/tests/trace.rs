//! `mailwire trace smtp`, `pop3` and `imap` as shared/CLI.md specifies them: records
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

// ---------------------------------------------------------------------------------------
// IMAP
// ---------------------------------------------------------------------------------------

/// `mailwire trace imap --json` on the given streams (written to files named after `name`).
fn trace_imap(name: &str, client: &[u8], server: &[u8], extra: &[&str]) -> Run {
    let c = file(&format!("{name}.client"), client);
    let s = file(&format!("{name}.server"), server);
    trace_protocol_files("imap", &c, &s, extra)
}

/// The bytes of a record in its stream.
fn record_bytes<'b>(r: &Value, client: &'b [u8], server: &'b [u8]) -> &'b [u8] {
    let stream = if r["dir"] == "client" { client } else { server };
    let start = r["offset"].as_u64().unwrap() as usize;
    &stream[start..start + r["len"].as_u64().unwrap() as usize]
}

/// The first word of a record (its tag, for a command or a tagged response).
fn first_word(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .position(|&b| b == b' ' || b == b'\r' || b == b'\n')
        .unwrap_or(bytes.len());
    &bytes[..end]
}

/// CLI.md: "IMAP tagged completions after their command". Every tagged status response
/// whose tag the client sent comes after the first client record carrying that tag.
fn assert_completions_follow_commands(recs: &[Value], client: &[u8], server: &[u8]) {
    for (i, r) in recs.iter().enumerate() {
        let Some(kind) = r["kind"].as_str() else {
            continue;
        };
        if r["dir"] != "server" || !kind.starts_with("status:") {
            continue;
        }
        let tag = first_word(record_bytes(r, client, server));
        if tag == b"*" {
            continue;
        }
        let sent = recs.iter().position(|c| {
            c["dir"] == "client" && first_word(record_bytes(c, client, server)) == tag
        });
        if let Some(j) = sent {
            assert!(
                j < i,
                "completion {} at record {i} before its command at record {j}",
                String::from_utf8_lossy(tag)
            );
        }
    }
}

/// The built-in IMAP sample, as written in mailwire/samples/imap.{client,server}: the RFC
/// 9051 §8 session with AUTHENTICATE SCRAM-SHA-256 (two challenges), ENABLE, SELECT,
/// FETCH FULL, FETCH BODY[HEADER] (a literal), STORE, an APPEND whose literal waits for
/// "+ Ready for literal data", UID SEARCH RETURN answered by ESEARCH, IDLE / DONE, LOGOUT.
#[test]
fn imap_sample_session_in_conversation_order() {
    let run = mailwire(&["trace", "imap", "--json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty());
    let recs = records(&run.stdout);
    let expected = [
        "S greeting",
        "C command:AUTHENTICATE",
        "S continuation",
        "C auth-data",
        "S continuation",
        "C auth-data",
        "S status:OK",
        "C command:ENABLE",
        "S data:ENABLED",
        "S status:OK",
        "C command:SELECT",
        "S data:EXISTS",
        "S data:FLAGS",
        "S status:OK",
        "S data:LIST",
        "S status:OK",
        "C command:FETCH",
        "S data:FETCH",
        "S status:OK",
        "C command:FETCH",
        "S data:FETCH",
        "S status:OK",
        "C command:STORE",
        "S data:FETCH",
        "S status:OK",
        "C command:APPEND",
        "S continuation",
        "S status:OK",
        "C command:UID SEARCH",
        "S data:ESEARCH",
        "S status:OK",
        "C command:IDLE",
        "S continuation",
        "C idle-done",
        "S data:EXISTS",
        "S status:OK",
        "C command:LOGOUT",
        "S status:BYE",
        "S status:OK",
    ];
    assert_eq!(kinds(&recs), expected);
    assert!(recs.iter().all(|r| r["roundtrip"] == true));
    let (client, server) = protocol_samples("imap");
    assert_tiles(&recs, "client", client.len());
    assert_tiles(&recs, "server", server.len());
    assert_completions_follow_commands(&recs, &client, &server);
    // A command's literal is part of its record: APPEND runs from its tag through the
    // CRLF after the 326 octets of the message.
    let append = record_bytes(&recs[25], &client, &server);
    assert!(append.starts_with(b"a006 APPEND Drafts (\\Draft) {326}\r\nDate: "));
    assert_eq!(
        append.len(),
        "a006 APPEND Drafts (\\Draft) {326}\r\n".len() + 326 + 2
    );
    // So is a response's: the FETCH BODY[HEADER] record holds the 342 octets.
    let header = record_bytes(&recs[20], &client, &server);
    assert!(header.starts_with(b"* 12 FETCH (BODY[HEADER] {342}\r\n"));
    assert!(header.ends_with(b"\r\n\r\n)\r\n"));
    // The sample given as files decodes the same way.
    let again = trace_imap("imap-sample", &client, &server, &[]);
    assert_eq!(again.stdout, run.stdout);
    // The readable form names each record on its own line.
    let readable = mailwire(&["trace", "imap"]);
    assert_eq!(readable.status, 0);
    assert_eq!(readable.stdout.lines().count(), expected.len());
    assert!(readable.stdout.contains("command:UID SEARCH"));
}

/// A synchronizing literal waits for the server: a continuation request lets the data
/// follow (RFC 9051 §7.5), a tagged response instead refuses the command and the client
/// sends no data, so its next line is a new command.
#[test]
fn imap_literal_waits_for_the_continuation() {
    let client = b"a1 LOGIN {5}\r\nalice {6}\r\nsecret\r\na2 CREATE {7}\r\na3 NOOP\r\n";
    let server = b"* OK hi\r\n+ go\r\n+ go\r\na1 OK in\r\na2 NO [LIMIT] too many\r\na3 OK done\r\n";
    let run = trace_imap("imap-literal", client, server, &[]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    let recs = records(&run.stdout);
    assert_eq!(
        kinds(&recs),
        [
            "S greeting",
            "C command:LOGIN",
            "S continuation",
            "S continuation",
            "S status:OK",
            "C error",
            "S status:NO",
            "C command:NOOP",
            "S status:OK",
        ]
    );
    // LOGIN with both literals is one record; the refused CREATE covers its line.
    assert_eq!(recs[1]["len"], 33);
    assert_eq!(recs[5]["offset"], 33);
    assert_eq!(recs[5]["len"], 15);
    assert!(recs[5]["error"].as_str().unwrap().contains("a2"));
    assert_tiles(&recs, "client", client.len());
    assert_tiles(&recs, "server", server.len());
    assert_completions_follow_commands(&recs, client, server);
}

/// Without a server stream the positive answers are assumed: a challenge after
/// AUTHENTICATE without an initial response, "+ idling" after IDLE, a continuation
/// request before literal data.
#[test]
fn imap_client_stream_alone() {
    let client = b"a1 AUTHENTICATE PLAIN\r\nAGFsaWNlAHNlY3JldA==\r\na2 IDLE\r\nDONE\r\n\
a3 APPEND INBOX {5}\r\nhello\r\na4 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\na5 LOGOUT\r\n";
    let c = file("imap-alone.client", client);
    let run = mailwire(&["trace", "imap", "--json", "--client", c.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let recs = records(&run.stdout);
    assert_eq!(
        kinds(&recs),
        [
            "C command:AUTHENTICATE",
            "C auth-data",
            "C command:IDLE",
            "C idle-done",
            "C command:APPEND",
            "C command:AUTHENTICATE",
            "C command:LOGOUT",
        ]
    );
    assert!(recs.iter().all(|r| r["roundtrip"] == true));
    assert_tiles(&recs, "client", client.len());
}

/// Completions may come out of order (RFC 9051 §5.5): each tagged response is recorded
/// after its command, untagged data where it came.
#[test]
fn imap_pipelined_completions_follow_their_commands() {
    let client = b"a1 FETCH 1 FLAGS\r\na2 NOOP\r\na3 CHECK\r\n";
    let server = b"* OK hi\r\n* 1 FETCH (FLAGS ())\r\na2 OK noop\r\na1 OK fetch\r\na3 OK done\r\n";
    let run = trace_imap("imap-pipelined", client, server, &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let recs = records(&run.stdout);
    assert_eq!(
        kinds(&recs),
        [
            "S greeting",
            "C command:FETCH",
            "S data:FETCH",
            "C command:NOOP",
            "S status:OK",
            "C command:CHECK",
            "S status:OK",
            "S status:OK",
        ]
    );
    // a2's completion (server offset 31) before a1's (43).
    assert_eq!(recs[4]["offset"], 31);
    assert_eq!(recs[6]["offset"], 43);
    assert_completions_follow_commands(&recs, client, server);
}

/// A command with malformed arguments is an error record and decoding goes on with the
/// next line; an unknown command name is a typed unknown command (upper case, as sent);
/// a malformed response is a server error record. Exit status 1.
#[test]
fn imap_errors_and_unknown_commands() {
    let client = b"a1 FETCH 1 (FLAGS\r\na2 xBogus arg (x y)\r\na3 NOOP\r\n";
    let server =
        b"* OK hi\r\na1 BAD parse\r\na2 BAD unknown\r\n* 3 FETCH (FLAGS (\\Seen)\r\na3 OK done\r\n";
    let run = trace_imap("imap-errors", client, server, &[]);
    assert_eq!(run.status, 1, "{}", run.stdout);
    let recs = records(&run.stdout);
    assert_eq!(
        kinds(&recs),
        [
            "S greeting",
            "C error",
            "S status:BAD",
            "C command:XBOGUS",
            "S status:BAD",
            "C command:NOOP",
            "S error",
            "S status:OK",
        ]
    );
    // "a1 FETCH 1 (FLAGS" is 17 bytes: the missing ")" is due at the CR.
    assert!(
        recs[1]["error"].as_str().unwrap().ends_with("at offset 17"),
        "{}",
        recs[1]
    );
    assert_eq!(recs[3]["roundtrip"], true);
    assert_tiles(&recs, "client", client.len());
    assert_tiles(&recs, "server", server.len());
}

/// A tagged OK to STARTTLS (RFC 9051 §6.2.1) or COMPRESS (RFC 4978 §3) makes both streams
/// opaque from the next byte on; a NO does not.
#[test]
fn imap_starttls_and_compress_make_both_streams_opaque() {
    let client = b"a1 STARTTLS\r\n\x16\x03\x01 client hello";
    let server = b"* OK hi\r\na1 OK Begin TLS negotiation now\r\n\x16\x03\x03 server hello";
    let run = trace_imap("imap-tls", client, server, &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    let recs = records(&run.stdout);
    assert_eq!(
        kinds(&recs),
        [
            "S greeting",
            "C command:STARTTLS",
            "S status:OK",
            "C opaque",
            "S opaque",
        ]
    );
    assert_eq!(recs[3]["offset"], 13);
    assert_eq!(recs[4]["offset"], 9 + 33);
    let client = b"a1 COMPRESS DEFLATE\r\na2 NOOP\r\n";
    let server = b"* OK hi\r\na1 NO [COMPRESSIONACTIVE] already\r\na2 OK done\r\n";
    let run = trace_imap("imap-compress-no", client, server, &[]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(
        kinds(&records(&run.stdout)),
        [
            "S greeting",
            "C command:COMPRESS",
            "S status:NO",
            "C command:NOOP",
            "S status:OK",
        ]
    );
}

/// Real sessions of curl, Python's imaplib and scripted clients against Dovecot 2.3.19.1
/// (scripts/captures). The conforming ones decode without an error record and every
/// record round-trips; those that send deliberate errors exit 1. All tile, and tagged
/// completions follow their commands.
#[test]
fn imap_real_captured_sessions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/captures");
    let clean = [
        "imap-acl",
        "imap-append-catenate",
        "imap-auth-continuation",
        "imap-auth-sasl-ir",
        "imap-compress",
        "imap-condstore",
        "imap-curl-append",
        "imap-curl-fetch",
        "imap-curl-fetch-section",
        "imap-curl-search",
        "imap-errors-prelogin",
        "imap-esearch",
        "imap-everything",
        "imap-fetch-binary",
        "imap-fetch-extensions",
        "imap-fetch-sections",
        "imap-fetch-structure",
        "imap-id-enable-namespace",
        "imap-imaplib-append",
        "imap-imaplib-auth-plain",
        "imap-imaplib-basic",
        "imap-list-extended",
        "imap-login-literal",
        "imap-mailboxes",
        "imap-metadata",
        "imap-pipelined",
        "imap-qresync",
        "imap-select-status",
        "imap-store-copy-move",
    ];
    let with_errors = [
        "imap-append",
        "imap-errors-fetch",
        "imap-errors-syntax",
        "imap-idle",
        "imap-limits",
        "imap-notify",
        "imap-quota",
        "imap-search",
        "imap-sort-thread",
    ];
    for name in clean.iter().chain(&with_errors) {
        let c = dir.join(format!("{name}.client.txt"));
        let s = dir.join(format!("{name}.server.txt"));
        let run = trace_protocol_files("imap", &c, &s, &[]);
        let expected_status = i32::from(with_errors.contains(name));
        assert_eq!(run.status, expected_status, "{name}: {}", run.stdout);
        let recs = records(&run.stdout);
        if expected_status == 0 {
            assert!(
                recs.iter()
                    .all(|r| r["roundtrip"] == true || r["kind"] == "opaque"),
                "{name}"
            );
        }
        let (client, server) = (std::fs::read(&c).unwrap(), std::fs::read(&s).unwrap());
        assert_tiles(&recs, "client", client.len());
        assert_tiles(&recs, "server", server.len());
        assert_completions_follow_commands(&recs, &client, &server);
    }
}

/// LF-only line ends are a documented quirk: errors in strict mode, accepted with
/// `--lenient` (the Dovecot capture imap-lf-only sends its commands with bare LFs).
#[test]
fn imap_lenient_mode_accepts_lf_only_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/captures");
    let c = dir.join("imap-lf-only.client.txt");
    let s = dir.join("imap-lf-only.server.txt");
    let strict = trace_protocol_files("imap", &c, &s, &[]);
    assert_eq!(strict.status, 1);
    let lenient = trace_protocol_files("imap", &c, &s, &["--lenient"]);
    assert_eq!(lenient.status, 0, "{}", lenient.stdout);
    let recs = records(&lenient.stdout);
    assert!(recs.iter().all(|r| r["roundtrip"] == true));
    assert_eq!(recs.iter().filter(|r| r["dir"] == "client").count(), 5);
}

/// Cut captures (a command or response cut anywhere, a server stream that ends early or
/// runs ahead, the two streams swapped) never crash the tracer: exit status 0 or 1, and
/// the records still tile both streams.
#[test]
fn imap_cut_and_swapped_captures_still_tile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/captures");
    for name in ["imap-pipelined", "imap-auth-continuation", "imap-append"] {
        let client = std::fs::read(dir.join(format!("{name}.client.txt"))).unwrap();
        let server = std::fs::read(dir.join(format!("{name}.server.txt"))).unwrap();
        for i in 0..=6 {
            let c = &client[..client.len() * i / 6];
            let s = &server[..server.len() * (6 - i) / 6];
            for (c, s) in [(c, s), (s, c)] {
                let run = trace_imap(&format!("{name}-cut{i}"), c, s, &[]);
                assert!(
                    run.status == 0 || run.status == 1,
                    "{name} {i}: {}",
                    run.stderr
                );
                let recs = records(&run.stdout);
                assert_tiles(&recs, "client", c.len());
                assert_tiles(&recs, "server", s.len());
            }
        }
    }
}
