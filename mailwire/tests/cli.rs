//! Runs the `mailwire` binary as a user would: stdin in, stdout/stderr/status out.

use std::io::Write;
use std::process::{Command, Stdio};

struct Run {
    status: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn mailwire(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailwire"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mailwire");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    // Feed stdin from a thread so large outputs cannot deadlock the pipes.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait for mailwire");
    writer.join().unwrap();
    Run {
        status: out.status.code().expect("exit status"),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn ok(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let r = mailwire(args, stdin);
    assert_eq!(r.status, 0, "{args:?}: {}", r.stderr);
    assert!(r.stderr.is_empty(), "{args:?}: {}", r.stderr);
    r.stdout
}

#[test]
fn base64_rfc4648_vectors() {
    for (plain, enc) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(ok(&["base64", "encode"], plain.as_bytes()), enc.as_bytes());
        assert_eq!(ok(&["base64", "decode"], enc.as_bytes()), plain.as_bytes());
    }
}

#[test]
fn base64_alphabet_and_padding_flags() {
    // 0xFB 0xFF: sextets 62, 63, 60 — the symbols that differ between alphabets.
    let data = [0xFB, 0xFF];
    assert_eq!(ok(&["base64", "encode"], &data), b"+/8=");
    assert_eq!(ok(&["base64", "encode", "--url"], &data), b"-_8=");
    assert_eq!(
        ok(&["base64", "encode", "--url", "--no-pad"], &data),
        b"-_8"
    );
    assert_eq!(ok(&["base64", "decode", "--url", "--no-pad"], b"-_8"), data);
    // Strict decoding wants the padding; --no-pad refuses it.
    assert_eq!(mailwire(&["base64", "decode", "--url"], b"-_8").status, 1);
    assert_eq!(
        mailwire(&["base64", "decode", "--no-pad"], b"+/8=").status,
        1
    );
}

#[test]
fn base64_wrap_gives_crlf_lines() {
    // 100 zero bytes: 33 whole groups (132 'A') and one byte ("AA=="), 136
    // symbols: a line of 76 and a line of 60, each ending CRLF.
    let mut expected = Vec::new();
    expected.extend_from_slice(&[b'A'; 76]);
    expected.extend_from_slice(b"\r\n");
    expected.extend_from_slice(&[b'A'; 58]);
    expected.extend_from_slice(b"==\r\n");
    assert_eq!(
        ok(&["base64", "encode", "--wrap", "76"], &[0; 100]),
        expected
    );
}

#[test]
fn base64_decode_error_reports_offset_and_keeps_complete_quanta() {
    let r = mailwire(&["base64", "decode"], b"Zm9vYm!y");
    assert_eq!(r.status, 1);
    assert_eq!(
        r.stdout, b"foo",
        "only the complete quantum before the error"
    );
    assert!(r.stderr.contains("offset 6"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1);
    // Non-canonical trailing bits (RFC 4648 §3.5), refused unless allowed.
    assert_eq!(mailwire(&["base64", "decode"], b"Zh==").status, 1);
    assert_eq!(
        ok(&["base64", "decode", "--allow-trailing-bits"], b"Zh=="),
        b"f"
    );
}

#[test]
fn base64_mime_mode_skips_whitespace() {
    let r = mailwire(&["base64", "decode"], b"Zm9v\r\nYmFy\r\n");
    assert_eq!((r.status, r.stdout.as_slice()), (1, &b"foo"[..]));
    assert!(r.stderr.contains("offset 4"), "{}", r.stderr);
    assert_eq!(
        ok(&["base64", "decode", "--mime"], b"Zm9v\r\nYm Fy\t\r\n"),
        b"foobar"
    );
    // MIME tolerates the missing final padding.
    assert_eq!(ok(&["base64", "decode", "--mime"], b"Zm9vYg\r\n"), b"foob");
}

#[test]
fn base64_streams_large_input() {
    // Several stdin chunks, sizes not a multiple of 3 or of the chunk size.
    let data: Vec<u8> = (0..300_001u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let wrapped = ok(&["base64", "encode", "--wrap", "76"], &data);
    assert!(wrapped.split(|&b| b == b'\n').all(|l| l.len() <= 77));
    assert_eq!(ok(&["base64", "decode", "--mime"], &wrapped), data);
    let plain = ok(&["base64", "encode"], &data);
    assert_eq!(plain.len(), data.len().div_ceil(3) * 4);
    assert_eq!(ok(&["base64", "decode"], &plain), data);
}

#[test]
fn usage_errors_are_one_line_with_status_2() {
    for args in [
        &["bogus"][..],
        &["base64"],
        &["base64", "encode", "--wrap", "0"],
        &["base64", "decode", "--wat"],
    ] {
        let r = mailwire(args, b"");
        assert_eq!(r.status, 2, "{args:?}");
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn utf7_rfc3501_example_and_line_handling() {
    // RFC 3501 §5.1.3's example name, and `&` written as `&-`.
    let decoded = "~peter/mail/台北/日本語\nR&D\n";
    let encoded = "~peter/mail/&U,BTFw-/&ZeVnLIqe-\nR&-D\n";
    assert_eq!(
        ok(&["utf7", "encode"], decoded.as_bytes()),
        encoded.as_bytes()
    );
    assert_eq!(
        ok(&["utf7", "decode"], encoded.as_bytes()),
        decoded.as_bytes()
    );
    // CRLF line ends and a last line without one are accepted; output uses LF.
    assert_eq!(ok(&["utf7", "decode"], b"R&-D\r\nINBOX"), b"R&D\nINBOX\n");
}

#[test]
fn utf7_bad_lines_are_reported_and_skipped() {
    // `&AGE-` spells "a", which must be written directly (RFC 3501 §5.1.3).
    let r = mailwire(&["utf7", "decode"], b"INBOX\n&AGE-\nSent\n");
    assert_eq!(r.status, 1);
    assert_eq!(r.stdout, b"INBOX\nSent\n");
    assert!(r.stderr.contains("line 2"), "{}", r.stderr);
    assert!(r.stderr.contains("offset 1"), "{}", r.stderr);
    let r = mailwire(&["utf7", "encode"], b"caf\xC3\n");
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("line 1"), "{}", r.stderr);
}

#[test]
fn qp_encode_and_decode() {
    // RFC 2045 §6.7: `=` is always escaped (=3D), non-ASCII bytes as =XX with
    // uppercase hex, whitespace before a line break escaped; line breaks kept.
    let text = "a=b \r\ncaf\u{e9}\r\n";
    let encoded = b"a=3Db=20\r\ncaf=C3=A9\r\n";
    assert_eq!(ok(&["qp", "encode"], text.as_bytes()), encoded);
    assert_eq!(ok(&["qp", "decode"], encoded), text.as_bytes());
    // Binary mode escapes the line break itself.
    assert_eq!(ok(&["qp", "encode", "--binary"], b"x\r\ny"), b"x=0D=0Ay");
    // 100 'x': 75 of them, a soft break `=` CRLF, then the other 25.
    let mut folded = vec![b'x'; 75];
    folded.extend_from_slice(b"=\r\n");
    folded.extend_from_slice(&[b'x'; 25]);
    assert_eq!(ok(&["qp", "encode"], &[b'x'; 100]), folded);
    assert_eq!(ok(&["qp", "decode"], &folded), [b'x'; 100]);
}

#[test]
fn qp_strict_errors_and_lenient_mode() {
    // Lowercase hex is not RFC 2045 syntax: refused with its offset by default.
    let r = mailwire(&["qp", "decode"], b"caf=e9\r\n");
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("offset 3"), "{}", r.stderr);
    assert_eq!(
        ok(&["qp", "decode", "--lenient"], b"caf=e9\r\n"),
        b"caf\xe9\r\n"
    );
}

#[test]
fn qp_streams_large_input() {
    let data: Vec<u8> = (0..200_003u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let encoded = ok(&["qp", "encode", "--binary"], &data);
    assert!(encoded.split(|&b| b == b'\n').all(|l| l.len() <= 77));
    assert!(encoded.iter().all(|&b| b < 0x80));
    assert_eq!(ok(&["qp", "decode"], &encoded), data);
}

#[test]
fn header_decode_rfc2047_section8_examples() {
    // RFC 2047 §8: the displayed forms of its example header values.
    let input = "=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>\n\
                 =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>\n\
                 =?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=\n\
                 =?ISO-8859-1?Q?a?=  b\n";
    let want = "Keith Moore <moore@cs.utk.edu>\n\
                André Pirard <PIRARD@vm1.ulg.ac.be>\n\
                ab\n\
                a  b\n";
    assert_eq!(ok(&["header", "decode"], input.as_bytes()), want.as_bytes());
}

#[test]
fn header_strict_by_default_lenient_on_request() {
    // RFC 2047 §5 (1) wants whitespace around a word in unstructured text.
    let glued = b"Re:=?utf-8?q?caf=C3=A9?=\n";
    assert_eq!(ok(&["header", "decode"], glued), glued);
    assert_eq!(
        ok(&["header", "decode", "--lenient"], glued),
        "Re:café\n".as_bytes()
    );
}

#[test]
fn header_encode_roundtrips_and_stays_ascii() {
    let values = "Grüße aus Köln\nplain ascii stays\n日本語の件名がとても長い場合でも正しく分割されるべきです\n";
    let encoded = ok(&["header", "encode"], values.as_bytes());
    assert!(encoded.is_ascii());
    let text = String::from_utf8(encoded.clone()).unwrap();
    assert_eq!(text.lines().nth(1), Some("plain ascii stays"));
    // RFC 2047 §2: an encoded word is at most 75 characters.
    for word in text.split([' ', '\n']).filter(|w| w.starts_with("=?")) {
        assert!(word.len() <= 75, "{word}");
    }
    assert_eq!(ok(&["header", "decode"], &encoded), values.as_bytes());
}
