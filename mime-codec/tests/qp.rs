//! Quoted-printable: RFC 2045 examples, hand-checked vectors, errors with
//! offsets, and properties checked against a plain oracle written here from
//! RFC 2045 §6.7 and the rules in the module documentation.

use mime_codec::qp::{
    self, BINARY, CANONICAL_TEXT, DecodeConfig, DecodeError, DecodeErrorKind, EncodeConfig,
    LENIENT, MAX_LINE_LEN, MAX_TRANSPORT_PADDING, Mode, STRICT, TEXT,
};
use proptest::prelude::*;

/// A deliberately plain quoted-printable, sharing no code with the crate:
/// the encoder splits the input into lines first and folds each line with
/// string operations; the decoder is an index scanner over the whole input.
mod oracle {
    use mime_codec::qp::Mode;

    pub(super) const EBCDIC: &[u8] = b"!\"#$@[\\]^`{|}~";
    pub(super) const PADDING: usize = 998;

    #[derive(Clone, Copy, Debug)]
    pub(super) struct Opts {
        pub(super) mode: Mode,
        pub(super) dot: bool,
        pub(super) from: bool,
        pub(super) ebcdic: bool,
    }

    /// The logical lines of the input: the text between hard line breaks.
    fn lines(data: &[u8], mode: Mode) -> Vec<Vec<u8>> {
        let mut lines = vec![Vec::new()];
        let mut k = 0;
        while k < data.len() {
            let crlf = data[k] == b'\r' && data.get(k + 1) == Some(&b'\n');
            if mode != Mode::Binary && crlf {
                lines.push(Vec::new());
                k += 2;
            } else if mode == Mode::Text && data[k] == b'\n' {
                lines.push(Vec::new());
                k += 1;
            } else {
                lines.last_mut().unwrap().push(data[k]);
                k += 1;
            }
        }
        lines
    }

    fn token(line: &[u8], k: usize, at_start: bool, o: &Opts) -> String {
        let b = line[k];
        let last = k + 1 == line.len();
        let escape = match b {
            b'=' => true,
            b' ' | b'\t' => last,
            b'.' => o.dot && at_start,
            b'F' => o.from && at_start && line[k + 1..].starts_with(b"rom "),
            33..=126 => o.ebcdic && EBCDIC.contains(&b),
            _ => true,
        };
        if escape {
            format!("={b:02X}")
        } else {
            char::from(b).to_string()
        }
    }

    pub(super) fn encode(data: &[u8], o: &Opts) -> Vec<u8> {
        let mut encoded_lines = Vec::new();
        for line in lines(data, o.mode) {
            let mut cur = String::new();
            for k in 0..line.len() {
                let mut tok = token(&line, k, cur.is_empty(), o);
                let last = k + 1 == line.len();
                let len = cur.len() + tok.len();
                // 75 characters leave room for the soft-break `=`; the last
                // token of a line may use the 76th column.
                if len > 75 && !(last && len == 76) {
                    cur.push('=');
                    encoded_lines.push(cur);
                    cur = String::new();
                    tok = token(&line, k, true, o);
                }
                cur.push_str(&tok);
            }
            encoded_lines.push(cur);
        }
        encoded_lines.join("\r\n").into_bytes()
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(super) enum Err {
        InvalidEscape(u8),
        Lowercase,
        Incomplete,
        BareCr,
        BareLf,
        InvalidByte(u8),
    }

    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }

    fn is_ws(b: Option<&u8>) -> bool {
        matches!(b, Some(b' ' | b'\t'))
    }

    pub(super) fn decode(t: &[u8], lenient: bool) -> Result<Vec<u8>, (usize, Err)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < t.len() {
            let b = t[i];
            if b == b' ' || b == b'\t' {
                let mut j = i;
                while is_ws(t.get(j)) {
                    j += 1;
                }
                let trailing =
                    j == t.len() || t[j..].starts_with(b"\r\n") || (lenient && t[j] == b'\n');
                let keep = if trailing {
                    (j - i).saturating_sub(PADDING)
                } else {
                    j - i
                };
                out.extend_from_slice(&t[i..i + keep]);
                i = j;
            } else if b == b'=' {
                if let (Some(h), Some(l)) = (t.get(i + 1), t.get(i + 2)) {
                    if let (Some(hv), Some(lv)) = (hex(*h), hex(*l)) {
                        if !lenient && (h.is_ascii_lowercase() || l.is_ascii_lowercase()) {
                            return Err((i, Err::Lowercase));
                        }
                        out.push(hv * 16 + lv);
                        i += 3;
                        continue;
                    }
                }
                let mut j = i + 1;
                while is_ws(t.get(j)) {
                    j += 1;
                }
                let pad_ok = !lenient || j - (i + 1) <= PADDING;
                if pad_ok && t[j..].starts_with(b"\r\n") {
                    i = j + 2;
                } else if lenient && pad_ok && t.get(j) == Some(&b'\n') {
                    i = j + 1;
                } else if lenient && pad_ok && j == t.len() {
                    i = j;
                } else if lenient {
                    out.push(b'=');
                    i += 1;
                } else {
                    // Classify where the strict grammar stops matching.
                    let first = t.get(i + 1).copied();
                    return Err(match first {
                        None => (i, Err::Incomplete),
                        Some(c) if hex(c).is_some() => match t.get(i + 2) {
                            None => (i, Err::Incomplete),
                            Some(&d) => (i, Err::InvalidEscape(d)),
                        },
                        Some(_) => match t.get(j) {
                            None => (i, Err::Incomplete),
                            Some(b'\r') => match t.get(j + 1) {
                                None => (i, Err::Incomplete),
                                Some(&d) => (i, Err::InvalidEscape(d)),
                            },
                            Some(&d) => (i, Err::InvalidEscape(d)),
                        },
                    });
                }
            } else if b == b'\r' {
                if t.get(i + 1) == Some(&b'\n') {
                    out.extend_from_slice(b"\r\n");
                    i += 2;
                } else if lenient {
                    out.push(b'\r');
                    i += 1;
                } else {
                    return Err((i, Err::BareCr));
                }
            } else if b == b'\n' {
                if !lenient {
                    return Err((i, Err::BareLf));
                }
                out.push(b'\n');
                i += 1;
            } else if (33..=126).contains(&b) || lenient {
                out.push(b);
                i += 1;
            } else {
                return Err((i, Err::InvalidByte(b)));
            }
        }
        Ok(out)
    }
}

fn opts_of(c: &EncodeConfig) -> oracle::Opts {
    oracle::Opts {
        mode: c.mode(),
        dot: c.dot_safe(),
        from: c.from_safe(),
        ebcdic: c.ebcdic_safe(),
    }
}

fn oracle_err(e: DecodeError) -> (usize, oracle::Err) {
    use oracle::Err as O;
    let kind = match e.kind {
        DecodeErrorKind::InvalidEscape(b) => O::InvalidEscape(b),
        DecodeErrorKind::LowercaseHex => O::Lowercase,
        DecodeErrorKind::IncompleteEscape => O::Incomplete,
        DecodeErrorKind::BareCr => O::BareCr,
        DecodeErrorKind::BareLf => O::BareLf,
        DecodeErrorKind::InvalidByte(b) => O::InvalidByte(b),
        DecodeErrorKind::OutputTooSmall => panic!("unexpected OutputTooSmall"),
    };
    (e.offset, kind)
}

fn enc(c: EncodeConfig, data: &[u8]) -> String {
    c.encode_to_string(data)
}

fn x(n: usize) -> String {
    "x".repeat(n)
}

fn err(c: DecodeConfig, input: &[u8]) -> (usize, DecodeErrorKind) {
    let DecodeError { offset, kind } = c.decode_to_vec(input).unwrap_err();
    (offset, kind)
}

// ---------------------------------------------------------------------------
// RFC 2045 §6.7

#[test]
fn rfc2045_rule1_examples() {
    // "the value 12 (ASCII form feed) can be represented by "=0C", and the
    // value 61 (ASCII EQUAL SIGN) can be represented by "=3D"".
    assert_eq!(enc(TEXT, b"\x0c"), "=0C");
    assert_eq!(enc(TEXT, b"="), "=3D");
    assert_eq!(STRICT.decode_to_vec(b"=0C=3D").unwrap(), b"\x0c=");
}

#[test]
fn rfc2045_rule5_soft_line_break_example() {
    let encoded = b"Now's the time =\r\nfor all folk to come=\r\n to the aid of their country.";
    let plain = b"Now's the time for all folk to come to the aid of their country.";
    assert_eq!(STRICT.decode_to_vec(encoded).unwrap(), plain);
    assert_eq!(LENIENT.decode_to_vec(encoded).unwrap(), plain);
    // The same text with LF line ends, as often found in files.
    let lf = b"Now's the time =\nfor all folk to come=\n to the aid of their country.";
    assert_eq!(LENIENT.decode_to_vec(lf).unwrap(), plain);
    assert_eq!(err(STRICT, lf), (15, DecodeErrorKind::InvalidEscape(b'\n')));
}

#[test]
fn rfc2045_transport_padding_is_deleted() {
    // Rule 3: trailing whitespace "will necessarily have been added by
    // intermediate transport agents" and must be deleted; the grammar also
    // allows padding between a soft-break `=` and its CRLF.
    assert_eq!(STRICT.decode_to_vec(b"a b \t\r\nc  ").unwrap(), b"a b\r\nc");
    assert_eq!(STRICT.decode_to_vec(b"a =  \t\r\nb").unwrap(), b"a b");
    // Note 3: "An "=" cannot be the ultimate or penultimate character".
    assert_eq!(err(STRICT, b"ab="), (2, DecodeErrorKind::IncompleteEscape));
    assert_eq!(err(STRICT, b"ab=4"), (2, DecodeErrorKind::IncompleteEscape));
}

// ---------------------------------------------------------------------------
// Encoding, hand-checked

#[test]
fn encode_escapes() {
    assert_eq!(enc(TEXT, b""), "");
    assert_eq!(enc(TEXT, b"hello, world!"), "hello, world!");
    assert_eq!(enc(TEXT, b"a=b"), "a=3Db");
    assert_eq!(enc(TEXT, b"\x00\x1f\x7f\x80\xff"), "=00=1F=7F=80=FF");
    assert_eq!(enc(TEXT, "é".as_bytes()), "=C3=A9");
    // All of 33..=126 but `=` pass through.
    let printable: Vec<u8> = (33..=126).filter(|&b| b != b'=').collect();
    let e = enc(BINARY, &printable);
    assert_eq!(
        e,
        format!(
            "{}=\r\n{}",
            &std_str(&printable[..75]),
            std_str(&printable[75..])
        )
    );
}

fn std_str(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).unwrap()
}

#[test]
fn encode_whitespace() {
    assert_eq!(enc(TEXT, b"a b\tc"), "a b\tc");
    assert_eq!(enc(TEXT, b"end "), "end=20");
    assert_eq!(enc(TEXT, b"end\t"), "end=09");
    assert_eq!(enc(TEXT, b"  "), " =20");
    assert_eq!(enc(TEXT, b"a \r\nb\t\nc"), "a=20\r\nb=09\r\nc");
    // Not before a line break in these modes: the whitespace stays.
    assert_eq!(enc(CANONICAL_TEXT, b"a \nb"), "a =0Ab");
    assert_eq!(enc(BINARY, b"a \r\nb"), "a =0D=0Ab");
    // Before a bare CR in text mode: not a line end either.
    assert_eq!(enc(TEXT, b"a \rb"), "a =0Db");
    assert_eq!(enc(TEXT, b"a \r"), "a =0D");
}

#[test]
fn encode_line_breaks_by_mode() {
    let input = b"1\r\n2\n3\r4\r\r\n5\n\r";
    assert_eq!(enc(TEXT, input), "1\r\n2\r\n3=0D4=0D\r\n5\r\n=0D");
    assert_eq!(enc(CANONICAL_TEXT, input), "1\r\n2=0A3=0D4=0D\r\n5=0A=0D");
    assert_eq!(enc(BINARY, input), "1=0D=0A2=0A3=0D4=0D=0D=0A5=0A=0D");
    assert_eq!(enc(TEXT, b"\r\n\r\n"), "\r\n\r\n");
    assert_eq!(enc(TEXT, b"\n"), "\r\n");
}

#[test]
fn encode_line_length() {
    // 76 characters fit when the line ends there.
    assert_eq!(enc(TEXT, x(76).as_bytes()), x(76));
    assert_eq!(
        enc(TEXT, format!("{}\r\ny", x(76)).as_bytes()),
        format!("{}\r\ny", x(76))
    );
    assert_eq!(
        enc(TEXT, format!("{}\ny", x(76)).as_bytes()),
        format!("{}\r\ny", x(76))
    );
    // Otherwise the 76th column is the soft break's.
    assert_eq!(enc(TEXT, x(77).as_bytes()), format!("{}=\r\nxx", x(75)));
    assert_eq!(
        enc(BINARY, format!("{}\r\n", x(76)).as_bytes()),
        format!("{}=\r\nx=0D=0A", x(75))
    );
    assert_eq!(
        enc(TEXT, x(200).as_bytes()),
        format!("{}=\r\n{}=\r\n{}", x(75), x(75), x(50))
    );
    // Escapes are never split: 74 + 3 > 76.
    assert_eq!(
        enc(TEXT, format!("{}\u{ff}", x(73)).as_bytes()),
        format!("{}=\r\n=C3=BF", x(73))
    );
    let mut v = x(73).into_bytes();
    v.push(0xFF);
    assert_eq!(enc(TEXT, &v), format!("{}=FF", x(73)));
    v.push(b'y');
    assert_eq!(enc(TEXT, &v), format!("{}=\r\n=FFy", x(73)));
    let mut v = x(74).into_bytes();
    v.push(0xFF);
    assert_eq!(enc(TEXT, &v), format!("{}=\r\n=FF", x(74)));
    // Trailing whitespace is escaped, and then may not fit.
    assert_eq!(
        enc(TEXT, format!("{} ", x(75)).as_bytes()),
        format!("{}=\r\n=20", x(75))
    );
    assert_eq!(
        enc(TEXT, format!("{} ", x(73)).as_bytes()),
        format!("{}=20", x(73))
    );
    assert_eq!(
        enc(TEXT, format!("{} y", x(75)).as_bytes()),
        format!("{}=\r\n y", x(75))
    );
    // A whitespace before a soft break stays literal (the `=` follows it).
    assert_eq!(
        enc(TEXT, format!("{} yz", x(74)).as_bytes()),
        format!("{} =\r\nyz", x(74))
    );
    // All escapes: 25 per line.
    let e = enc(BINARY, &[0xAA; 30]);
    assert_eq!(e, format!("{}=\r\n{}", "=AA".repeat(25), "=AA".repeat(5)));
}

#[test]
fn encode_options() {
    let dot = TEXT.with_dot_safe(true);
    let from = TEXT.with_from_safe(true);
    let ebcdic = TEXT.with_ebcdic_safe(true);
    assert_eq!(enc(TEXT, b".\r\n.x"), ".\r\n.x");
    assert_eq!(enc(dot, b".\r\n.x a.b"), "=2E\r\n=2Ex a.b");
    assert_eq!(enc(dot, b"a\n."), "a\r\n=2E");
    // After a soft break the `.` starts a line too.
    assert_eq!(
        enc(dot, format!("{}.y", x(75)).as_bytes()),
        format!("{}=\r\n=2Ey", x(75))
    );
    assert_eq!(
        enc(TEXT, format!("{}.y", x(75)).as_bytes()),
        format!("{}=\r\n.y", x(75))
    );
    assert_eq!(enc(TEXT, b"From me"), "From me");
    assert_eq!(
        enc(from, b"From me\r\nFrom\r\nFromage\r\n From x"),
        "=46rom me\r\nFrom\r\nFromage\r\n From x"
    );
    assert_eq!(
        enc(from, format!("{}From x", x(75)).as_bytes()),
        format!("{}=\r\n=46rom x", x(75))
    );
    assert_eq!(enc(from, b"From "), "=46rom=20");
    assert_eq!(
        enc(ebcdic, b"a!\"#$@[\\]^`{|}~b"),
        "a=21=22=23=24=40=5B=5C=5D=5E=60=7B=7C=7D=7Eb"
    );
    assert_eq!(enc(TEXT, b"a!\"#$@[\\]^`{|}~b"), "a!\"#$@[\\]^`{|}~b");
    let all = BINARY
        .with_dot_safe(true)
        .with_from_safe(true)
        .with_ebcdic_safe(true);
    assert_eq!(
        (
            all.mode(),
            all.dot_safe(),
            all.from_safe(),
            all.ebcdic_safe()
        ),
        (Mode::Binary, true, true, true)
    );
    assert_eq!(all.with_mode(Mode::Text).mode(), Mode::Text);
    assert_eq!(EncodeConfig::new(Mode::Text), TEXT);
    assert_eq!(EncodeConfig::default(), TEXT);
    assert_eq!(DecodeConfig::default(), STRICT);
}

#[test]
fn encode_lengths_and_slices() {
    let input = format!("{} =\u{e9}\n", x(80));
    let expected = TEXT.encode_to_vec(input.as_bytes());
    assert_eq!(TEXT.encoded_len(input.as_bytes()), expected.len());
    assert!(TEXT.max_encoded_len(input.len()).unwrap() >= expected.len());
    let mut buf = vec![0u8; expected.len()];
    assert_eq!(
        TEXT.encode_slice(input.as_bytes(), &mut buf),
        Ok(expected.len())
    );
    assert_eq!(buf, expected);
    let mut short = vec![0u8; expected.len() - 1];
    assert_eq!(
        TEXT.encode_slice(input.as_bytes(), &mut short),
        Err(qp::BufferTooSmall {
            needed: expected.len()
        })
    );
    // Every byte escaped, 25 to a line.
    assert_eq!(BINARY.encoded_len(&[0; 25]), 75);
    assert_eq!(BINARY.encoded_len(&[0; 50]), 153);
    assert!(BINARY.max_encoded_len(50).unwrap() >= 153);
    assert_eq!(BINARY.max_encoded_len(0), Some(0));
    assert_eq!(BINARY.max_encoded_len(usize::MAX), None);
    assert_eq!(&TEXT.encode_to_bytes(b"=")[..], b"=3D");
}

// ---------------------------------------------------------------------------
// Decoding, hand-checked

#[test]
fn decode_strict() {
    let ok = |i: &[u8], o: &[u8]| assert_eq!(STRICT.decode_to_vec(i).unwrap(), o, "{i:?}");
    ok(b"", b"");
    ok(b"plain text", b"plain text");
    ok(b"=41=42=0D=0A=FF", b"AB\r\n\xff");
    ok(b"a\r\n\r\nb\r\n", b"a\r\n\r\nb\r\n");
    ok(b"soft=\r\nbreak", b"softbreak");
    ok(b"ends soft=\r\n", b"ends soft");
    ok(b"ws kept \t=\r\nx", b"ws kept \tx");
    ok(b"  \r\n", b"\r\n");
    ok(b"a \t ", b"a");
    ok(b"mid  dle", b"mid  dle");
    // Lines longer than 76 characters are accepted.
    ok(x(500).as_bytes(), x(500).as_bytes());
    // EBCDIC-unsafe characters are valid.
    ok(b"!\"#$@[\\]^`{|}~", b"!\"#$@[\\]^`{|}~");
}

#[test]
fn decode_strict_errors() {
    use DecodeErrorKind::*;
    assert_eq!(err(STRICT, b"ab=3d"), (2, LowercaseHex));
    assert_eq!(err(STRICT, b"ab=a3"), (2, LowercaseHex));
    assert_eq!(err(STRICT, b"ab=G3"), (2, InvalidEscape(b'G')));
    assert_eq!(err(STRICT, b"ab=3G"), (2, InvalidEscape(b'G')));
    assert_eq!(err(STRICT, b"ab=a"), (2, IncompleteEscape));
    assert_eq!(err(STRICT, b"ab=aG"), (2, InvalidEscape(b'G')));
    assert_eq!(err(STRICT, b"a= b"), (1, InvalidEscape(b'b')));
    assert_eq!(err(STRICT, b"a=  "), (1, IncompleteEscape));
    assert_eq!(err(STRICT, b"a= \r"), (1, IncompleteEscape));
    assert_eq!(err(STRICT, b"a= \rb"), (1, InvalidEscape(b'b')));
    assert_eq!(err(STRICT, b"a=\n"), (1, InvalidEscape(b'\n')));
    assert_eq!(err(STRICT, b"a=="), (1, InvalidEscape(b'=')));
    assert_eq!(err(STRICT, b"a\rb"), (1, BareCr));
    assert_eq!(err(STRICT, b"a\r"), (1, BareCr));
    assert_eq!(err(STRICT, b"a \r\r\n"), (2, BareCr));
    assert_eq!(err(STRICT, b"a\r\nb\n"), (4, BareLf));
    assert_eq!(err(STRICT, b"a  \n"), (3, BareLf));
    assert_eq!(err(STRICT, b"a\x00"), (1, InvalidByte(0)));
    assert_eq!(err(STRICT, b"ab\x0c"), (2, InvalidByte(0x0c)));
    assert_eq!(err(STRICT, b"\x7f"), (0, InvalidByte(0x7f)));
    assert_eq!(err(STRICT, "é".as_bytes()), (0, InvalidByte(0xc3)));
    // The first problem wins.
    assert_eq!(err(STRICT, b"a=ZZ\x00\n"), (1, InvalidEscape(b'Z')));
    let e = STRICT.decode_to_vec(b"xy=4").unwrap_err();
    assert!(e.to_string().contains("offset 2"));
}

#[test]
fn decode_lenient() {
    let ok = |i: &[u8], o: &[u8]| assert_eq!(LENIENT.decode_to_vec(i).unwrap(), o, "{i:?}");
    ok(b"=3d=3D=c3=A9", b"==\xc3\xa9");
    ok(b"a\nb  \nc\r\n", b"a\nb\nc\r\n");
    ok(b"soft=\nbreak", b"softbreak");
    ok(b"soft= \t\nbreak", b"softbreak");
    ok(b"soft= \t\r\nbreak", b"softbreak");
    ok(b"ends soft=", b"ends soft");
    ok(b"ends soft=  ", b"ends soft");
    // Stray `=`: kept, and what follows decoded normally.
    ok(b"=G1", b"=G1");
    ok(b"1+1=2", b"1+1=2");
    ok(b"=A", b"=A");
    ok(b"=AZ", b"=AZ");
    ok(b"==41", b"=A");
    ok(b"=A=41", b"=AA");
    ok(b"= x", b"= x");
    ok(b"=  =41", b"=  A");
    ok(b"= \rx", b"= \rx");
    ok(b"= \r", b"= \r");
    ok(b"=\r\r\n", b"=\r\r\n");
    // Bare CR, controls and 8-bit bytes are data; whitespace before a bare CR too.
    ok(b"a \rb\x00\xff", b"a \rb\x00\xff");
    ok(b"a \r", b"a \r");
    ok(b"   ", b"");
}

#[test]
fn decode_slices() {
    let mut out = [0u8; 4];
    assert_eq!(STRICT.decode_slice(b"=41bc=\r\nd", &mut out), Ok(4));
    assert_eq!(&out, b"Abcd");
    assert_eq!(
        STRICT.decode_slice(b"=41bc=\r\nde", &mut out),
        Err(DecodeError {
            offset: 9, // the `e`
            kind: DecodeErrorKind::OutputTooSmall
        })
    );
    // A whitespace run waiting for its fate does not need room until decided.
    assert_eq!(LENIENT.decode_slice(b"abcd   \n", &mut [0u8; 5]), Ok(5));
    assert_eq!(STRICT.max_decoded_len(10), 10);
    assert_eq!(&LENIENT.decode_to_bytes(b"=41").unwrap()[..], b"A");
    assert!(DecodeConfig::new(true).is_lenient());
    assert_eq!(DecodeConfig::new(false), STRICT);
    // decode_into leaves the buffer alone on error.
    let mut v = b"keep".to_vec();
    assert!(STRICT.decode_into(b"ok=zz", &mut v).is_err());
    assert_eq!(v, b"keep");
    assert_eq!(STRICT.decode_into(b"=41", &mut v), Ok(1));
    assert_eq!(v, b"keepA");
}

// ---------------------------------------------------------------------------
// Long whitespace: bounded memory, defined results

#[test]
fn long_whitespace_runs() {
    let n = 1 << 20;
    let spaces = " ".repeat(n);
    // Whitespace followed by data is data, however long.
    let input = format!("x{spaces}y");
    assert_eq!(
        STRICT.decode_to_vec(input.as_bytes()).unwrap(),
        input.as_bytes()
    );
    assert_eq!(
        stream_decode(LENIENT, input.as_bytes(), 1000).0,
        input.as_bytes()
    );
    // Before a line break only the last MAX_TRANSPORT_PADDING bytes are padding.
    let input = format!("x{spaces}\r\ny");
    let expected = format!("x{}\r\ny", " ".repeat(n - MAX_TRANSPORT_PADDING));
    assert_eq!(
        STRICT.decode_to_vec(input.as_bytes()).unwrap(),
        expected.as_bytes()
    );
    assert_eq!(
        stream_decode(STRICT, input.as_bytes(), 777).0,
        expected.as_bytes()
    );
    let short = format!("x{}\r\ny", " ".repeat(MAX_TRANSPORT_PADDING));
    assert_eq!(STRICT.decode_to_vec(short.as_bytes()).unwrap(), b"x\r\ny");
    // Padding after a soft-break `=`: unbounded when strict (nothing is held)...
    let input = format!("a={spaces}\r\nb");
    assert_eq!(STRICT.decode_to_vec(input.as_bytes()).unwrap(), b"ab");
    assert_eq!(stream_decode(STRICT, input.as_bytes(), 1).0, b"ab");
    // ...at most MAX_TRANSPORT_PADDING when lenient; beyond, the `=` is data.
    let ok = format!("a={}\r\nb", " ".repeat(MAX_TRANSPORT_PADDING));
    assert_eq!(LENIENT.decode_to_vec(ok.as_bytes()).unwrap(), b"ab");
    let long = format!("a={}\r\nb", " ".repeat(MAX_TRANSPORT_PADDING + 1));
    assert_eq!(LENIENT.decode_to_vec(long.as_bytes()).unwrap(), b"a= \r\nb");
    let long = format!("a={spaces}x");
    assert_eq!(
        LENIENT.decode_to_vec(long.as_bytes()).unwrap(),
        format!("a={spaces}x").as_bytes()
    );
    // The decoder is a fixed-size value: the held whitespace lives inside it.
    assert!(size_of::<qp::Decoder>() < MAX_TRANSPORT_PADDING + 128);
}

// ---------------------------------------------------------------------------
// Streaming

/// Decodes in chunks of `size`; returns the output and the first error.
fn stream_decode(c: DecodeConfig, input: &[u8], size: usize) -> (Vec<u8>, Result<(), DecodeError>) {
    let mut dec = c.decoder();
    let mut out = Vec::new();
    for chunk in input.chunks(size) {
        if let Err(e) = dec.decode(chunk, &mut out) {
            return (out, Err(e));
        }
    }
    let r = dec.finish(&mut out);
    (out, r)
}

#[test]
fn streaming_slices() {
    let input = format!("{}\u{e9}=\u{1}\r\n", x(90));
    let expected = TEXT.encode_to_vec(input.as_bytes());
    let mut enc = TEXT.encoder();
    let mut out = vec![0u8; 1024];
    let mut n = 0;
    for chunk in input.as_bytes().chunks(5) {
        let need = enc.max_encode_len(chunk.len()).unwrap();
        assert!(enc.encode_slice(chunk, &mut out[n..n + need - 1]).is_err() || need == 0);
        n += enc.encode_slice(chunk, &mut out[n..n + need]).unwrap();
    }
    assert!(enc.finish_len() <= 15);
    n += enc.finish_slice(&mut out[n..]).unwrap();
    assert_eq!(&out[..n], &expected[..]);
    assert_eq!(enc.config(), &TEXT);

    let mut dec = STRICT.decoder();
    let mut plain = vec![0u8; 1024];
    let mut m = 0;
    for chunk in expected.chunks(3) {
        let need = dec.max_decode_len(chunk.len());
        let (w, r) = dec.decode_slice(chunk, &mut plain[m..m + need]);
        r.unwrap();
        m += w;
    }
    assert_eq!(dec.position(), expected.len());
    let (w, r) = dec.finish_slice(&mut plain[m..]);
    r.unwrap();
    m += w;
    let mut canon = input.clone().into_bytes();
    canon.truncate(canon.len() - 2);
    canon.extend_from_slice(b"\r\n");
    assert_eq!(&plain[..m], &canon[..]);
    assert_eq!(dec.position(), 0, "finish resets");
    assert_eq!(dec.config(), &STRICT);
}

#[test]
fn streaming_errors_are_sticky() {
    let mut dec = STRICT.decoder();
    let mut out = Vec::new();
    let e = dec.decode(b"ok\r\nbad\rx", &mut out).unwrap_err();
    assert_eq!((e.offset, e.kind), (7, DecodeErrorKind::BareCr));
    assert_eq!(out, b"ok\r\nbad");
    assert_eq!(dec.decode(b"more", &mut out), Err(e));
    assert_eq!(dec.finish(&mut out), Err(e));
    // finish resets.
    dec.decode(b"fine", &mut out).unwrap();
    dec.finish(&mut out).unwrap();
    assert_eq!(out, b"ok\r\nbadfine");
}

// ---------------------------------------------------------------------------
// Properties

fn configs() -> impl Strategy<Value = EncodeConfig> {
    (
        prop_oneof![
            Just(Mode::Text),
            Just(Mode::CanonicalText),
            Just(Mode::Binary)
        ],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(m, d, f, e)| {
            EncodeConfig::new(m)
                .with_dot_safe(d)
                .with_from_safe(f)
                .with_ebcdic_safe(e)
        })
}

/// Bytes with the interesting cases frequent: whitespace, line breaks, `=`,
/// `.`, `From `, EBCDIC-unsafe and 8-bit bytes, and runs long enough to fold.
fn plain_input() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        6 => proptest::sample::select(b"ab =.F\t\r\n!~\xff\x00".to_vec()).prop_map(|b| vec![b]),
        2 => Just(b"\r\n".to_vec()),
        1 => Just(b"From ".to_vec()),
        1 => Just(b" \r\n".to_vec()),
        1 => (1..120usize).prop_map(|n| vec![b'x'; n]),
        1 => proptest::collection::vec(any::<u8>(), 0..20),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// Text near the quoted-printable grammar: escapes in both cases, soft and
/// hard breaks, stray `=`, whitespace (some runs past the padding limit),
/// controls and 8-bit bytes.
fn qp_input() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        8 => proptest::sample::select(b"a0fF =\t\r\n".to_vec()).prop_map(|b| vec![b]),
        3 => proptest::sample::select(vec![
            &b"=3D"[..], b"=3d", b"=a", b"=G", b"=\r\n", b"= \r\n", b"=\n", b"=\t \n", b"\r\n",
            b" \r\n", b"\x01", b"\xe9", b"\x7f", b"=",
        ]).prop_map(<[u8]>::to_vec),
        1 => (990..1010usize, any::<bool>()).prop_map(|(n, tab)| vec![if tab { b'\t' } else { b' ' }; n]),
    ];
    prop_oneof![
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat()),
        (plain_input(), configs()).prop_map(|(d, c)| c.encode_to_vec(&d)),
    ]
}

fn sorted_cuts(cuts: Vec<usize>, len: usize) -> Vec<usize> {
    let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(len)).collect();
    cuts.sort_unstable();
    cuts.push(len);
    cuts
}

/// What STRICT decoding of the encoding must give back.
fn expected_roundtrip(mode: Mode, data: &[u8]) -> Vec<u8> {
    if mode != Mode::Text {
        return data.to_vec();
    }
    let mut out = Vec::new();
    for (k, &b) in data.iter().enumerate() {
        if b == b'\n' && (k == 0 || data[k - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn encode_matches_oracle(data in plain_input(), c in configs()) {
        let got = c.encode_to_vec(&data);
        prop_assert_eq!(std_str(&got), std_str(&oracle::encode(&data, &opts_of(&c))));
        prop_assert_eq!(c.encoded_len(&data), got.len());
        prop_assert!(c.max_encoded_len(data.len()).unwrap() >= got.len());
    }

    #[test]
    fn decode_matches_oracle(text in qp_input(), lenient in any::<bool>()) {
        let c = DecodeConfig::new(lenient);
        let got = c.decode_to_vec(&text).map_err(oracle_err);
        prop_assert_eq!(got, oracle::decode(&text, lenient));
    }

    #[test]
    fn roundtrip_and_output_shape(data in plain_input(), c in configs()) {
        let e = c.encode_to_vec(&data);
        let expected = expected_roundtrip(c.mode(), &data);
        prop_assert_eq!(STRICT.decode_to_vec(&e).unwrap(), expected.clone());
        prop_assert_eq!(LENIENT.decode_to_vec(&e).unwrap(), expected);
        prop_assert!(e.iter().all(|&b| b < 128), "8-bit output");
        let text = std_str(&e);
        let lines: Vec<&str> = text.split("\r\n").collect();
        for (k, line) in lines.iter().enumerate() {
            prop_assert!(line.len() <= MAX_LINE_LEN, "long line {:?}", line);
            prop_assert!(!line.contains(['\r', '\n']), "bare CR or LF");
            prop_assert!(!line.ends_with([' ', '\t']), "trailing whitespace {:?}", line);
            prop_assert!(k + 1 < lines.len() || !line.ends_with('='), "ends with soft break");
            if c.dot_safe() { prop_assert!(!line.starts_with('.')); }
            if c.from_safe() { prop_assert!(!line.starts_with("From ")); }
            if c.ebcdic_safe() { prop_assert!(!line.contains(|ch| oracle::EBCDIC.contains(&(ch as u8)))); }
            if c.mode() == Mode::Binary { prop_assert!(k + 1 == lines.len() || line.ends_with('=')); }
        }
    }

    #[test]
    fn any_split_encodes_the_same(data in plain_input(),
                                  cuts in proptest::collection::vec(0..400usize, 0..8),
                                  c in configs()) {
        let mut enc = c.encoder();
        let mut out = Vec::new();
        let mut prev = 0;
        for cut in sorted_cuts(cuts, data.len()) {
            enc.encode(&data[prev..cut], &mut out);
            prev = cut;
        }
        enc.finish(&mut out);
        prop_assert_eq!(std_str(&out), std_str(&c.encode_to_vec(&data)));
    }

    #[test]
    fn byte_at_a_time_encodes_the_same(data in plain_input(), c in configs()) {
        let mut enc = c.encoder();
        let mut out = Vec::new();
        for b in &data {
            enc.encode(core::slice::from_ref(b), &mut out);
        }
        enc.finish(&mut out);
        prop_assert_eq!(std_str(&out), std_str(&c.encode_to_vec(&data)));
    }

    #[test]
    fn any_split_decodes_the_same(text in qp_input(),
                                  cuts in proptest::collection::vec(0..3000usize, 0..8),
                                  lenient in any::<bool>()) {
        let c = DecodeConfig::new(lenient);
        let mut dec = c.decoder();
        let mut out = Vec::new();
        let mut prev = 0;
        let mut result = Ok(());
        for cut in sorted_cuts(cuts, text.len()) {
            result = dec.decode(&text[prev..cut], &mut out);
            if result.is_err() { break; }
            prev = cut;
        }
        if result.is_ok() {
            result = dec.finish(&mut out);
        }
        match c.decode_to_vec(&text) {
            Ok(v) => { prop_assert_eq!(result, Ok(())); prop_assert_eq!(out, v); }
            Err(e) => {
                prop_assert_eq!(result, Err(e));
                // What was written before the error does not depend on the split.
                let (whole, r) = stream_decode(c, &text, text.len().max(1));
                prop_assert_eq!(r, Err(e));
                prop_assert_eq!(out, whole);
            }
        }
    }

    #[test]
    fn byte_at_a_time_decodes_the_same(text in qp_input(), lenient in any::<bool>()) {
        let c = DecodeConfig::new(lenient);
        let (out, r) = stream_decode(c, &text, 1);
        match c.decode_to_vec(&text) {
            Ok(v) => { prop_assert_eq!(r, Ok(())); prop_assert_eq!(out, v); }
            Err(e) => prop_assert_eq!(r, Err(e)),
        }
    }

    /// Except for the documented divergence (qp module docs): a soft line break
    /// with more than `MAX_TRANSPORT_PADDING` SP/HT after its `=` is padding to
    /// strict decoding and data to lenient decoding, which holds no more than that.
    #[test]
    fn lenient_accepts_everything_strict_accepts(text in qp_input()) {
        let long_padding = text.iter().enumerate().any(|(i, &b)| {
            b == b'=' && text[i + 1..].iter().take_while(|&&c| c == b' ' || c == b'\t').count()
                > MAX_TRANSPORT_PADDING
        });
        prop_assume!(!long_padding);
        if let Ok(v) = STRICT.decode_to_vec(&text) {
            prop_assert_eq!(LENIENT.decode_to_vec(&text).unwrap(), v);
        }
    }

    #[test]
    fn decode_slice_fits_in_input_len(text in qp_input(), lenient in any::<bool>()) {
        let c = DecodeConfig::new(lenient);
        let mut out = vec![0u8; text.len()];
        match c.decode_slice(&text, &mut out) {
            Ok(n) => prop_assert_eq!(&out[..n], &c.decode_to_vec(&text).unwrap()[..]),
            Err(e) => prop_assert_ne!(e.kind, DecodeErrorKind::OutputTooSmall),
        }
    }
}

/// Lenient decoding writes an unfinished escape held to the end of the input
/// as data; when it does not fit, the error names the held byte, not the end.
#[test]
fn output_too_small_at_end_names_the_held_byte() {
    use mime_codec::qp::{DecodeErrorKind, LENIENT};
    let at = |input: &[u8], room: usize| {
        let e = LENIENT
            .decode_slice(input, &mut vec![0u8; room])
            .unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::OutputTooSmall);
        e.offset
    };
    // "=d" decodes leniently to itself: `=` at 0 does not fit, then `d` at 1.
    assert_eq!(at(b"=d", 0), 0);
    assert_eq!(at(b"=d", 1), 1);
    // "a=\r": `a` fits, the held `=` at 1 does not; with two bytes the CR at 2.
    assert_eq!(at(b"a=\r", 1), 1);
    assert_eq!(at(b"a=\r", 2), 2);
    // A bare CR at the end with a space before it: the space (1), then the CR (2).
    assert_eq!(at(b"a \r", 1), 1);
    assert_eq!(at(b"a \r", 2), 2);
}
