//! SMTP smuggling: no end-of-data variant other than `CRLF "." CRLF` ends DATA, in any mode,
//! on the receiving side and in what the outbound encoder writes.
//!
//! Background: the SEC Consult research (2023) showed two servers that disagree about where
//! DATA ends: the outbound one passes `<LF>.<CR><LF>` (or similar) through unchanged, the
//! receiving one takes it as the end of data and reads the bytes after it as new SMTP commands
//! with a spoofed sender. RFC 5321 §4.1.1.4: "the mail data are terminated by a line containing
//! only a period, that is, the character sequence "<CRLF>.<CRLF>""; §2.3.8: "Lines consist of zero
//! or more data characters terminated by the sequence ASCII character "CR" (hex value 0D)
//! followed immediately by ASCII character "LF" (hex value 0A)". Postfix's fix
//! (`smtpd_forbid_bare_newline`) refuses a bare LF; this crate refuses bare CR and bare LF in
//! strict mode and never treats either as a line end.

use smtp_proto::encode::data::{BareLineEnds, DataEncoder};
use smtp_proto::stream::data::{DataEvent, DataReceiver};
use smtp_proto::{Error, ErrorKind, ParserOptions, Status};

/// A variant of the end-of-data sequence that must not end DATA.
struct Variant {
    name: &'static str,
    bytes: &'static [u8],
    /// The first bare CR/LF: its kind and offset inside `bytes` (hand-checked: a CR not
    /// followed by LF, or an LF not preceded by CR). `None`: no bare line end at all.
    bare: Option<(ErrorKind, usize)>,
}

const fn v(name: &'static str, bytes: &'static [u8], bare: Option<(ErrorKind, usize)>) -> Variant {
    Variant { name, bytes, bare }
}

use ErrorKind::{BareCr, BareLf};

/// Every variant from the issue, and more. The suffix that follows each one starts with "M",
/// so a trailing CR in a variant is bare.
const VARIANTS: &[Variant] = &[
    v("<LF>.<LF>", b"\n.\n", Some((BareLf, 0))),
    v("<LF>.<CR><LF>", b"\n.\r\n", Some((BareLf, 0))),
    v("<CR>.<CR><LF>", b"\r.\r\n", Some((BareCr, 0))),
    v("<CR><LF>.<LF>", b"\r\n.\n", Some((BareLf, 3))),
    v("<CR><LF>.<CR>", b"\r\n.\r", Some((BareCr, 3))),
    v("<CR><LF>.<CR><CR><LF>", b"\r\n.\r\r\n", Some((BareCr, 3))),
    v("<LF>.<CR>", b"\n.\r", Some((BareLf, 0))),
    v("<CR>.<LF>", b"\r.\n", Some((BareCr, 0))),
    v("<CR>.<CR>", b"\r.\r", Some((BareCr, 0))),
    v("<LF><LF>.<LF><LF>", b"\n\n.\n\n", Some((BareLf, 0))),
    v("<CR><CR>.<CR><CR>", b"\r\r.\r\r", Some((BareCr, 0))),
    v("<LF><CR>.<CR><LF>", b"\n\r.\r\n", Some((BareLf, 0))),
    v("<CR><LF><LF>.<CR><LF>", b"\r\n\n.\r\n", Some((BareLf, 2))),
    v("<CR><LF>.<LF><CR><LF>", b"\r\n.\n\r\n", Some((BareLf, 3))),
    v("<CR><LF>.<CR><NUL><LF>", b"\r\n.\r\0\n", Some((BareCr, 3))),
    // No bare line end, still no terminator: a stuffed line and look-alikes.
    v("<CR><LF>..<CR><LF>", b"\r\n..\r\n", None),
    v("<CR><LF>.<SP><CR><LF>", b"\r\n. \r\n", None),
    v("<CR><LF><SP>.<CR><LF>", b"\r\n .\r\n", None),
    v("<CR><LF><NUL>.<CR><LF>", b"\r\n\0.\r\n", None),
    v("<CR><LF>.x<CR><LF>", b"\r\n.x\r\n", None),
];

/// Contexts before a variant: at the very start of the data, inside a line, at a line start.
const PREFIXES: &[&[u8]] = &[b"", b"x", b"Subject: hi\r\n\r\nbody"];

/// The smuggled transaction, then the real terminator (its CRLF is the suffix's last CRLF),
/// then bytes that belong to the next command.
const SUFFIX: &[u8] = b"MAIL FROM:<ceo@victim.example>\r\nRCPT TO:<all@victim.example>\r\nDATA\r\n";
const AFTER: &[u8] = b"QUIT\r\n";

#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    content: Vec<u8>,
    errors: Vec<Error>,
    /// Bytes consumed through `End`.
    end: Option<usize>,
}

/// Drives a receiver like a server would: a buffer that grows by `step` bytes per read.
fn receive(opts: &ParserOptions, input: &[u8], step: usize) -> Outcome {
    let mut rx = DataReceiver::new(opts);
    let mut buf: Vec<u8> = Vec::new();
    let mut out = Outcome {
        content: Vec::new(),
        errors: Vec::new(),
        end: None,
    };
    let mut used = 0;
    for chunk in input.chunks(step.max(1)) {
        buf.extend_from_slice(chunk);
        loop {
            match rx.decode(&buf) {
                Status::Complete { value, consumed } => {
                    match value {
                        DataEvent::Content(c) => out.content.extend_from_slice(c),
                        DataEvent::Invalid(e) => out.errors.push(e),
                        DataEvent::End => {
                            out.end = Some(used + consumed);
                            return out;
                        }
                    }
                    buf.drain(..consumed);
                    used += consumed;
                }
                Status::Incomplete => {
                    assert!(buf.len() <= 2, "held {} bytes", buf.len());
                    break;
                }
            }
        }
    }
    out
}

/// Independent model of the receiver, written from RFC 5321 §4.1.1.4 and §4.5.2 (no size
/// limit here): the data ends at the first "CRLF . CRLF" (or ".CRLF" at the very start); the
/// text before is split into lines at CRLF only; a line starting with "." loses it; in strict
/// mode any CR or LF left inside a line is bare: the line is cut there and the error reported.
fn oracle(input: &[u8], lenient: bool) -> Outcome {
    let data_end = if input.starts_with(b".\r\n") {
        Some(0)
    } else {
        input
            .windows(5)
            .position(|w| w == b"\r\n.\r\n")
            .map(|p| p + 2)
    };
    let data_end = data_end.expect("test inputs carry a terminator");
    let mut content = Vec::new();
    let mut errors = Vec::new();
    let mut line_start = 0;
    while line_start < data_end {
        let len = input[line_start..data_end]
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("data ends with CRLF");
        let mut text = &input[line_start..line_start + len];
        let mut text_start = line_start;
        if text.first() == Some(&b'.') {
            text = &text[1..];
            text_start += 1;
        }
        let bare = text.iter().position(|&b| b == b'\r' || b == b'\n');
        match bare {
            Some(k) if !lenient => {
                content.extend_from_slice(&text[..k]);
                let kind = if text[k] == b'\r' { BareCr } else { BareLf };
                errors.push(Error::new(text_start + k, kind));
            }
            _ => {
                content.extend_from_slice(text);
                content.extend_from_slice(b"\r\n");
            }
        }
        line_start += len + 2;
    }
    Outcome {
        content,
        errors,
        end: Some(data_end + 3),
    }
}

fn modes() -> [(&'static str, ParserOptions); 2] {
    [
        ("strict", ParserOptions::new()),
        ("lenient", ParserOptions::lenient()),
    ]
}

#[test]
fn no_variant_ends_the_data() {
    for var in VARIANTS {
        for prefix in PREFIXES {
            let input = [*prefix, var.bytes, SUFFIX, b".\r\n", AFTER].concat();
            let real_end = input.len() - AFTER.len();
            for (mode, opts) in modes() {
                let expected = oracle(&input, opts.is_lenient());
                for step in [input.len(), 1, 2, 3, 7] {
                    let got = receive(&opts, &input, step);
                    let what = format!("{} after {:?}, {mode}, step {step}", var.name, prefix);
                    assert_eq!(got.end, Some(real_end), "{what}: wrong end");
                    assert_eq!(got, expected, "{what}: differs from the oracle");
                    // Hand-checked expectation of the error list.
                    let want_errors: Vec<Error> = match (opts.is_lenient(), var.bare.clone()) {
                        (false, Some((kind, at))) => vec![Error::new(prefix.len() + at, kind)],
                        _ => vec![],
                    };
                    assert_eq!(got.errors, want_errors, "{what}: errors");
                    if opts.is_lenient() {
                        // Nothing is dropped in lenient mode: the smuggled commands are
                        // message text.
                        let text = String::from_utf8_lossy(&got.content);
                        assert!(
                            text.contains("MAIL FROM:<ceo@victim.example>\r\n"),
                            "{what}"
                        );
                        assert!(text.ends_with("DATA\r\n"), "{what}");
                    }
                }
            }
        }
    }
}

#[test]
fn some_lenient_contents_by_hand() {
    let l = ParserOptions::lenient();
    // <LF>.<LF>: no line start after a bare LF, so no dot is removed.
    let got = receive(&l, b"x\n.\nMAIL\r\n.\r\n", 100);
    assert_eq!(got.content, b"x\n.\nMAIL\r\n");
    // <CR><LF>.<LF>: the dot is at a line start and followed by something other than CRLF:
    // RFC 5321 §4.5.2 deletes it.
    let got = receive(&l, b"x\r\n.\nMAIL\r\n.\r\n", 100);
    assert_eq!(got.content, b"x\r\n\nMAIL\r\n");
    // <CR><LF>.<CR><CR><LF>: the same, the bare CR stays.
    let got = receive(&l, b"x\r\n.\r\r\nMAIL\r\n.\r\n", 100);
    assert_eq!(got.content, b"x\r\n\r\r\nMAIL\r\n");
}

#[test]
fn strict_drops_the_rest_of_the_offending_line() {
    let s = ParserOptions::new();
    // "x" is delivered, the bare LF at 1 is reported, bytes through the next CRLF (the end of
    // the MAIL line) are dropped, then "RCPT" is content again.
    let got = receive(&s, b"x\n.\nMAIL\r\nRCPT\r\n.\r\n", 100);
    assert_eq!(got.content, b"xRCPT\r\n");
    assert_eq!(got.errors, [Error::new(1, BareLf)]);
    assert_eq!(got.end, Some(19));
}

#[test]
fn variants_are_no_end_even_without_a_later_terminator() {
    // Without the real terminator the receiver must keep waiting for more data.
    for var in VARIANTS {
        for (mode, opts) in modes() {
            let input = [b"x", var.bytes, SUFFIX].concat();
            for step in [input.len(), 1] {
                let got = receive(&opts, &input, step);
                assert_eq!(got.end, None, "{} {mode} step {step}", var.name);
            }
        }
    }
}

// ----- outbound side -----

fn encode(policy: BareLineEnds, content: &[u8], step: usize) -> Result<Vec<u8>, Error> {
    let mut enc = DataEncoder::new(policy);
    let mut out = Vec::new();
    for chunk in content.chunks(step.max(1)) {
        enc.encode(chunk, &mut out)?;
    }
    enc.finish(&mut out)?;
    Ok(out)
}

/// Independent model of `Normalize`: every CR LF pair, bare CR and bare LF becomes CRLF.
fn normalize(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'\r' if content.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(b"\r\n");
                i += 2;
            }
            b'\r' | b'\n' => {
                out.extend_from_slice(b"\r\n");
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn positions(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn encoder_never_emits_a_smuggled_end() {
    for var in VARIANTS {
        for prefix in PREFIXES {
            let content = [*prefix, var.bytes, SUFFIX].concat();
            let mut outputs = Vec::new();
            for step in [content.len(), 1, 2, 5] {
                let out = encode(BareLineEnds::Normalize, &content, step).unwrap();
                let what = format!("{} after {prefix:?}, step {step}", var.name);
                // The only CRLF.CRLF is the terminator, and the data does not start with ".CRLF".
                assert_eq!(
                    positions(&out, b"\r\n.\r\n"),
                    [out.len() - 5],
                    "{what}: {out:?}"
                );
                assert!(!out.starts_with(b".\r\n"), "{what}");
                // No bare CR, no bare LF.
                for (i, &b) in out.iter().enumerate() {
                    if b == b'\r' {
                        assert_eq!(out.get(i + 1), Some(&b'\n'), "{what}: bare CR at {i}");
                    }
                    if b == b'\n' {
                        assert!(i > 0 && out[i - 1] == b'\r', "{what}: bare LF at {i}");
                    }
                }
                // A strict receiver takes it without complaint and gets the normalized
                // content back (it ends with CRLF already: SUFFIX does).
                let got = receive(&ParserOptions::new(), &out, 3);
                assert_eq!(got.errors, [], "{what}");
                assert_eq!(got.end, Some(out.len()), "{what}");
                assert_eq!(got.content, normalize(&content), "{what}");
                outputs.push(out);
            }
            assert!(outputs.windows(2).all(|w| w[0] == w[1]), "{}", var.name);
        }
    }
}

#[test]
fn encoder_rejects_every_bare_variant() {
    for var in VARIANTS {
        for prefix in PREFIXES {
            let content = [*prefix, var.bytes, SUFFIX].concat();
            for step in [content.len(), 1, 4] {
                let got = encode(BareLineEnds::Reject, &content, step);
                let want = match var.bare.clone() {
                    Some((kind, at)) => Err(Error::new(prefix.len() + at, kind)),
                    None => Ok(()),
                };
                assert_eq!(
                    got.map(|_| ()),
                    want,
                    "{} after {prefix:?} step {step}",
                    var.name
                );
            }
        }
    }
}

#[test]
fn bare_cr_at_the_end_of_the_content() {
    // The CR is only known to be bare at finish().
    assert_eq!(
        encode(BareLineEnds::Reject, b"x\r\n.\r", 1),
        Err(Error::new(4, BareCr))
    );
    assert_eq!(
        encode(BareLineEnds::Normalize, b"x\r\n.\r", 1).unwrap(),
        b"x\r\n..\r\n.\r\n"
    );
}
