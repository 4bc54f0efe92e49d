//! Checks of the `mime_codec_qp` fuzz target: quoted-printable decoding of any
//! bytes in both modes (one-shot, into slices, streaming in chunks), and
//! encoding of the same bytes in the configured mode, with the output's shape
//! checked line by line and decoded back.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | encoder: `% 3` mode (Text, CanonicalText, Binary); `/ 3` bit 0 dot-safe, bit 1 From-safe, bit 2 EBCDIC-safe |
//! | 1, 2 | chunk lengths for the streaming encoders and decoders, taken in turn (0: the rest in one chunk) |
//! | rest | the data: decoded as quoted-printable, and encoded |

use mime_codec::qp::{
    BufferTooSmall, DecodeConfig, DecodeError, DecodeErrorKind, EncodeConfig, LENIENT,
    MAX_LINE_LEN, MAX_TRANSPORT_PADDING, Mode, STRICT,
};

/// Runs every check on one fuzzer input; panics on the first failure.
pub(crate) fn check(input: &[u8]) {
    let mut rest = input;
    let cfg = take(&mut rest);
    let splits = [take(&mut rest), take(&mut rest)];
    let data = rest;

    check_decode(data, splits);

    let mode = [Mode::Text, Mode::CanonicalText, Mode::Binary][usize::from(cfg % 3)];
    let options = cfg / 3;
    let config = EncodeConfig::new(mode)
        .with_dot_safe(options & 1 != 0)
        .with_from_safe(options & 2 != 0)
        .with_ebcdic_safe(options & 4 != 0);
    check_encode(config, data, splits);
}

/// Decoding `data` as quoted-printable.
fn check_decode(data: &[u8], splits: [u8; 2]) {
    let strict = STRICT.decode_to_vec(data);
    let lenient = LENIENT
        .decode_to_vec(data)
        .unwrap_or_else(|e| panic!("lenient decoding failed: {e:?}"));
    assert!(
        lenient.len() <= data.len(),
        "lenient output longer than input"
    );
    match &strict {
        Ok(bytes) => {
            assert!(bytes.len() <= data.len(), "strict output longer than input");
            // A soft line break whose `=` is followed by more whitespace than
            // lenient decoding takes there is data when lenient (as the module
            // docs say), so only inputs without one must decode the same.
            if !has_long_soft_break_padding(data) {
                assert_eq!(
                    bytes, &lenient,
                    "strict accepts, lenient decodes differently"
                );
            }
        }
        Err(e) => check_error_position(data, e),
    }

    for (config, oneshot) in [(STRICT, strict), (LENIENT, Ok(lenient))] {
        check_decode_apis(config, data, &oneshot);
        check_streaming_decode(config, data, splits, &oneshot);
    }
}

/// The byte an error points at is the one its kind names.
fn check_error_position(data: &[u8], e: &DecodeError) {
    let at = data.get(e.offset).copied();
    match e.kind {
        DecodeErrorKind::InvalidEscape(b) => {
            assert_eq!(at, Some(b'='), "{e:?}");
            assert!(data[e.offset + 1..].contains(&b), "{e:?}");
        }
        DecodeErrorKind::LowercaseHex | DecodeErrorKind::IncompleteEscape => {
            assert_eq!(at, Some(b'='), "{e:?}");
        }
        DecodeErrorKind::BareCr => assert_eq!(at, Some(b'\r'), "{e:?}"),
        DecodeErrorKind::BareLf => assert_eq!(at, Some(b'\n'), "{e:?}"),
        DecodeErrorKind::InvalidByte(b) => {
            assert_eq!(at, Some(b), "{e:?}");
            assert!(b != b'\t' && !(0x20..=0x7E).contains(&b), "{e:?}");
        }
        DecodeErrorKind::OutputTooSmall => panic!("OutputTooSmall from a Vec API: {e:?}"),
    }
}

/// `decode_slice`, `decode_into` and `decode_to_bytes` agree with `decode_to_vec`.
fn check_decode_apis(config: DecodeConfig, data: &[u8], oneshot: &Result<Vec<u8>, DecodeError>) {
    assert_eq!(config.max_decoded_len(data.len()), data.len());
    let mut buf = vec![0u8; data.len()];
    let sliced = config
        .decode_slice(data, &mut buf)
        .map(|n| buf[..n].to_vec());
    assert_eq!(&sliced, oneshot);
    if let Ok(out) = oneshot {
        if let Some(short) = out.len().checked_sub(1) {
            let e = config
                .decode_slice(data, &mut buf[..short])
                .expect_err("a slice one byte short");
            assert_eq!(e.kind, DecodeErrorKind::OutputTooSmall);
            // The offset is the input byte whose output did not fit, also
            // for bytes held until the end of the input.
            assert!(e.offset < data.len(), "{e:?}");
        }
    }

    let mut appended = b"kept".to_vec();
    let r = config.decode_into(data, &mut appended);
    match oneshot {
        Ok(out) => {
            assert_eq!(r, Ok(out.len()));
            assert_eq!(appended, [&b"kept"[..], out].concat());
        }
        Err(e) => {
            assert_eq!(r, Err(*e));
            assert_eq!(appended, b"kept", "decode_into wrote on error");
        }
    }
    assert_eq!(
        &config.decode_to_bytes(data).map(|b| b.to_vec()),
        oneshot,
        "decode_to_bytes"
    );
}

/// The streaming decoder, fed `data` in chunks, gives the one-shot output or
/// error; it works again after `finish`, through the slice APIs.
fn check_streaming_decode(
    config: DecodeConfig,
    data: &[u8],
    splits: [u8; 2],
    oneshot: &Result<Vec<u8>, DecodeError>,
) {
    let mut dec = config.decoder();
    let mut out = Vec::new();
    let mut result = Ok(());
    let mut fed = 0;
    for c in chunks(data, splits) {
        result = dec.decode(c, &mut out);
        if result.is_err() {
            break;
        }
        fed += c.len();
        assert_eq!(dec.position(), fed);
    }
    let from_decode = result.is_err();
    if result.is_ok() {
        result = dec.finish(&mut out);
    }
    match (oneshot, result) {
        (Ok(want), Ok(())) => assert_eq!(&out, want, "streamed output differs"),
        (Err(want), Err(got)) => {
            assert_eq!(got, *want, "streamed error differs");
            if from_decode {
                // The error sticks until `finish`, which returns it too.
                assert_eq!(dec.decode(b"x", &mut out), Err(got));
                assert_eq!(dec.finish(&mut out), Err(got));
            }
            dec = config.decoder();
        }
        (want, got) => panic!("one-shot {want:?}, streamed {got:?}"),
    }

    // A second stream on the same decoder, through the slice APIs.
    let mut out = Vec::new();
    let mut result = Ok(());
    for c in chunks(data, [splits[1], splits[0]]) {
        let mut buf = vec![0u8; dec.max_decode_len(c.len())];
        let (n, r) = dec.decode_slice(c, &mut buf);
        out.extend_from_slice(&buf[..n]);
        result = r;
        if result.is_err() {
            break;
        }
    }
    if result.is_ok() {
        let mut buf = vec![0u8; dec.finish_len()];
        let (n, r) = dec.finish_slice(&mut buf);
        out.extend_from_slice(&buf[..n]);
        result = r;
    }
    match (oneshot, result) {
        (Ok(want), Ok(())) => assert_eq!(&out, want, "slice-streamed output differs"),
        (Err(want), Err(got)) => assert_eq!(got, *want, "slice-streamed error differs"),
        (want, got) => panic!("one-shot {want:?}, slice-streamed {got:?}"),
    }
}

/// Encoding `data` with `config`.
fn check_encode(config: EncodeConfig, data: &[u8], splits: [u8; 2]) {
    let encoded = config.encode_to_vec(data);

    // Length: exact through every API.
    assert_eq!(config.encoded_len(data), encoded.len(), "encoded_len");
    assert!(
        config
            .max_encoded_len(data.len())
            .is_some_and(|m| m >= encoded.len()),
        "max_encoded_len"
    );
    let mut buf = vec![0u8; encoded.len()];
    assert_eq!(config.encode_slice(data, &mut buf), Ok(encoded.len()));
    assert_eq!(buf, encoded);
    if let Some(short) = encoded.len().checked_sub(1) {
        assert_eq!(
            config.encode_slice(data, &mut buf[..short]),
            Err(BufferTooSmall {
                needed: encoded.len()
            })
        );
    }
    assert_eq!(config.encode_to_string(data).as_bytes(), &encoded[..]);
    assert_eq!(&config.encode_to_bytes(data)[..], &encoded[..]);

    check_encoded_shape(config, data, &encoded);

    // Decoding gives the input back (Text mode: bare LF as CRLF).
    let expected = match config.mode() {
        Mode::Text => lf_to_crlf(data),
        Mode::CanonicalText | Mode::Binary => data.to_vec(),
    };
    assert_eq!(
        STRICT.decode_to_vec(&encoded).as_deref(),
        Ok(&expected[..]),
        "strict decoding of the encoding"
    );
    assert_eq!(
        LENIENT.decode_to_vec(&encoded).as_deref(),
        Ok(&expected[..]),
        "lenient decoding of the encoding"
    );

    // Streaming in chunks gives the same bytes; the encoder works again after
    // `finish`, through the slice APIs.
    let mut enc = config.encoder();
    assert_eq!(enc.config(), &config);
    let mut streamed = Vec::new();
    for c in chunks(data, splits) {
        enc.encode(c, &mut streamed);
        assert!(enc.finish_len() <= 15, "finish_len {}", enc.finish_len());
    }
    enc.finish(&mut streamed);
    assert_eq!(streamed, encoded, "streamed encoding differs");
    let mut streamed = Vec::new();
    for c in chunks(data, [splits[1], splits[0]]) {
        let max = enc.max_encode_len(c.len()).expect("small input");
        let mut buf = vec![0u8; max];
        let n = enc
            .encode_slice(c, &mut buf)
            .expect("room for max_encode_len");
        streamed.extend_from_slice(&buf[..n]);
    }
    let mut buf = vec![0u8; enc.finish_len()];
    let n = enc.finish_slice(&mut buf).expect("room for finish_len");
    streamed.extend_from_slice(&buf[..n]);
    assert_eq!(streamed, encoded, "slice-streamed encoding differs");
}

/// The encoded text is lines of at most 76 printable characters, SP and HT,
/// ending in CRLF; escapes are `=XX` with uppercase hex; lines are filled
/// greedily; hard line breaks are the input's (by mode); the escaping options
/// hold.
fn check_encoded_shape(config: EncodeConfig, data: &[u8], encoded: &[u8]) {
    assert!(
        encoded
            .iter()
            .all(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 33..=126)),
        "byte outside printable ASCII, SP, HT, CR, LF"
    );
    // Split into lines, refusing bare CR and LF.
    let mut lines: Vec<&[u8]> = Vec::new();
    let mut start = 0;
    for (i, &b) in encoded.iter().enumerate() {
        match b {
            b'\r' => assert_eq!(encoded.get(i + 1), Some(&b'\n'), "bare CR at {i}"),
            b'\n' => {
                assert!(i > 0 && encoded[i - 1] == b'\r', "bare LF at {i}");
                lines.push(&encoded[start..i - 1]);
                start = i + 1;
            }
            _ => {}
        }
    }
    lines.push(&encoded[start..]);

    let last = lines.len() - 1;
    let mut hard_breaks = 0;
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.len() <= MAX_LINE_LEN,
            "line {i} is {} long",
            line.len()
        );
        assert!(
            !matches!(line.last(), Some(b' ' | b'\t')),
            "line {i} ends in whitespace"
        );
        // Every `=` starts `=XX` (uppercase hex) or is a soft break ending
        // the line.
        let mut k = 0;
        while let Some(off) = line[k..].iter().position(|&b| b == b'=') {
            let at = k + off;
            if at + 1 == line.len() {
                assert!(i < last, "soft break without CRLF");
                break;
            }
            assert!(
                line.len() >= at + 3 && line[at + 1..at + 3].iter().all(|&b| is_upper_hex(b)),
                "line {i}: bad escape at {at}"
            );
            k = at + 3;
        }
        let soft = line.last() == Some(&b'=');
        if i < last && !soft {
            hard_breaks += 1;
        }
        if soft {
            // Greedy filling: the token that starts the next line did not
            // fit with room for `=`, or fit exactly but did not end its line.
            let body = line.len() - 1;
            let next = lines[i + 1];
            assert!(!next.is_empty(), "soft break before an empty line {i}");
            let token = if next[0] == b'=' { 3 } else { 1 };
            let ends_line = next.len() == token;
            assert!(
                body + token + 1 > MAX_LINE_LEN && !(body + token == MAX_LINE_LEN && ends_line),
                "line {i}: soft break where the next token fits ({body} + {token})"
            );
        }
        if config.dot_safe() {
            assert!(!line.starts_with(b"."), "line {i} starts with '.'");
        }
        if config.from_safe() {
            assert!(!line.starts_with(b"From "), "line {i} starts with 'From '");
        }
        if config.ebcdic_safe() {
            assert!(
                !line.iter().any(|b| b"!\"#$@[\\]^`{|}~".contains(b)),
                "line {i} holds an EBCDIC-unsafe character"
            );
        }
    }
    let expected_breaks = match config.mode() {
        Mode::Text => data.iter().filter(|&&b| b == b'\n').count(),
        Mode::CanonicalText => data.windows(2).filter(|w| w == b"\r\n").count(),
        Mode::Binary => 0,
    };
    assert_eq!(hard_breaks, expected_breaks, "hard line breaks");
}

/// Whether some `=` is followed by more than [`MAX_TRANSPORT_PADDING`] SP/HT.
fn has_long_soft_break_padding(data: &[u8]) -> bool {
    data.iter().enumerate().any(|(i, &b)| {
        b == b'='
            && data[i + 1..]
                .iter()
                .take_while(|&&c| c == b' ' || c == b'\t')
                .count()
                > MAX_TRANSPORT_PADDING
    })
}

const fn is_upper_hex(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'A'..=b'F')
}

/// `data` with every LF not preceded by CR turned into CRLF.
fn lf_to_crlf(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 2);
    for (i, &b) in data.iter().enumerate() {
        if b == b'\n' && (i == 0 || data[i - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

/// `data` cut into an empty chunk, then chunks whose lengths are `splits`
/// taken in turn (a 0 takes the rest).
fn chunks(data: &[u8], splits: [u8; 2]) -> Vec<&[u8]> {
    let mut out = vec![&data[..0]];
    let mut rest = data;
    let mut k = 0;
    while !rest.is_empty() {
        let n = match usize::from(splits[k % 2]) {
            0 => rest.len(),
            n => n.min(rest.len()),
        };
        let (head, tail) = rest.split_at(n);
        out.push(head);
        rest = tail;
        k += 1;
    }
    out
}

/// The first byte of `rest` (0 when empty), consumed.
fn take(rest: &mut &[u8]) -> u8 {
    match rest.split_first() {
        Some((&b, tail)) => {
            *rest = tail;
            b
        }
        None => 0,
    }
}
