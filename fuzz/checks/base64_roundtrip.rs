//! Checks of the `mime_codec_base64_roundtrip` fuzz target: for any bytes and
//! any configuration, encode then decode gives the bytes back, the encoded length
//! is `encoded_len`, and wrapped output is well-formed lines.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | config: `% 3` alphabet (STANDARD, URL_SAFE, IMAP); `/ 3 % 3` padding (Required, None, Either); `/ 9 % 2` trailing bits allowed; `/ 18 % 2` LF instead of CRLF |
//! | 1    | line width (0: no wrapping) |
//! | 2    | chunk length for the streaming encoder and decoder (0: one chunk) |
//! | rest | the data to encode |

use mime_codec::base64::{
    BufferTooSmall, DecodeErrorKind, IMAP, LineEnding, LineWrap, Padding, STANDARD, URL_SAFE,
};

/// Runs every check on one fuzzer input; panics on the first failure.
pub(crate) fn check(input: &[u8]) {
    let mut rest = input;
    let cfg = take(&mut rest);
    let width = usize::from(take(&mut rest));
    let chunk = usize::from(take(&mut rest));
    let data = rest;

    let padding = [Padding::Required, Padding::None, Padding::Either][usize::from(cfg / 3 % 3)];
    let ending = if cfg / 18 % 2 == 0 {
        LineEnding::Crlf
    } else {
        LineEnding::Lf
    };
    let wrap = LineWrap::new(width, ending);
    let engine = [STANDARD, URL_SAFE, IMAP][usize::from(cfg % 3)]
        .with_padding(padding)
        .with_trailing_bits_allowed(cfg / 9 % 2 == 1)
        .with_line_wrap(wrap);

    // Length: exactly `encoded_len`, through every encoding API.
    let encoded = engine.encode_to_vec(data);
    assert_eq!(Some(encoded.len()), engine.encoded_len(data.len()));
    let mut buf = vec![0u8; encoded.len()];
    assert_eq!(engine.encode_slice(data, &mut buf), Ok(encoded.len()));
    assert_eq!(buf, encoded);
    if let Some(short) = encoded.len().checked_sub(1) {
        assert_eq!(
            engine.encode_slice(data, &mut buf[..short]),
            Err(BufferTooSmall {
                needed: encoded.len()
            })
        );
    }

    // The symbols alone: the unwrapped encoding, of the length RFC 4648 gives.
    let flat = engine.with_line_wrap(None).encode_to_vec(data);
    let groups = data.len().div_ceil(3);
    let expected_flat = match padding {
        Padding::None => data.len() / 3 * 4 + [0, 2, 3][data.len() % 3],
        _ => groups * 4,
    };
    assert_eq!(flat.len(), expected_flat);
    assert!(
        flat.iter()
            .all(|&b| b == b'=' || engine.alphabet().value(b).is_some())
    );
    // Padding only changes the trailing `=`.
    let unpadded = engine
        .with_line_wrap(None)
        .with_padding(Padding::None)
        .encode_to_vec(data);
    assert_eq!(unpadded, flat[..unpadded.len()]);
    assert!(flat[unpadded.len()..].iter().all(|&b| b == b'='));

    // Lines: every line ends with the ending, holds 1..=width symbols, and all
    // but the last hold exactly `width`; together they are the flat encoding.
    match wrap {
        None => assert_eq!(encoded, flat),
        Some(w) => {
            let end = w.ending().as_bytes();
            let mut joined = Vec::with_capacity(flat.len());
            let lines: Vec<&[u8]> = encoded.split_inclusive(|&b| b == b'\n').collect();
            for (i, line) in lines.iter().enumerate() {
                let body = line
                    .strip_suffix(end)
                    .unwrap_or_else(|| panic!("line {i} {line:?} lacks {end:?}"));
                assert!(!body.contains(&b'\r') && !body.contains(&b'\n'));
                assert!(
                    !body.is_empty() && body.len() <= w.width(),
                    "line {i} {body:?}"
                );
                if i + 1 < lines.len() {
                    assert_eq!(body.len(), w.width(), "short line {i} {body:?}");
                }
                joined.extend_from_slice(body);
            }
            assert_eq!(joined, flat);
        }
    }

    // Decode: back to the data; wrapped text needs whitespace skipping.
    let decoder = engine.with_whitespace_skipped(wrap.is_some());
    assert_eq!(decoder.decode_to_vec(&encoded).as_deref(), Ok(data));
    assert_eq!(engine.decoded_len(&flat), Some(data.len()));
    let mut out = vec![0u8; data.len()];
    assert_eq!(engine.decode_slice(&flat, &mut out), Ok(data.len()));
    assert_eq!(out, data);
    if wrap.is_some() && !data.is_empty() {
        // A strict engine refuses the first line ending.
        let first = encoded
            .iter()
            .position(|&b| b == b'\r' || b == b'\n')
            .expect("a wrapped, non-empty encoding has a line ending");
        let err = engine
            .with_whitespace_skipped(false)
            .decode_to_vec(&encoded);
        assert_eq!(
            err.map_err(|e| (e.offset, e.kind)),
            Err((first, DecodeErrorKind::InvalidByte(encoded[first])))
        );
    }
    if padding == Padding::Either {
        assert_eq!(engine.decode_to_vec(&unpadded).as_deref(), Ok(data));
    }

    // Streaming in chunks of `chunk` bytes gives the same text and bytes.
    let step = if chunk == 0 { data.len().max(1) } else { chunk };
    let mut enc = engine.encoder();
    let mut streamed = Vec::new();
    for c in data.chunks(step) {
        enc.encode(c, &mut streamed);
    }
    enc.finish(&mut streamed);
    assert_eq!(streamed, encoded);
    let step = if chunk == 0 {
        encoded.len().max(1)
    } else {
        chunk
    };
    let mut dec = decoder.decoder();
    let mut back = Vec::new();
    for c in encoded.chunks(step) {
        assert_eq!(dec.decode(c, &mut back), Ok(()));
    }
    assert_eq!(dec.finish(&mut back), Ok(()));
    assert_eq!(back, data);
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
