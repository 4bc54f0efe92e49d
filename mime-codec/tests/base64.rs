//! Base64: RFC 4648 vectors, errors with offsets, and properties checked against
//! the plain oracle in `common`.

mod common;

use common::oracle::{self, Pad};
use mime_codec::base64::{
    self, DecodeError, DecodeErrorKind, Engine, IMAP, LineEnding, LineWrap, MIME, Padding,
    STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD,
};
use proptest::prelude::*;

/// RFC 4648 §10.
const RFC4648_VECTORS: [(&str, &str); 7] = [
    ("", ""),
    ("f", "Zg=="),
    ("fo", "Zm8="),
    ("foo", "Zm9v"),
    ("foob", "Zm9vYg=="),
    ("fooba", "Zm9vYmE="),
    ("foobar", "Zm9vYmFy"),
];

#[test]
fn rfc4648_section10_vectors() {
    for (plain, enc) in RFC4648_VECTORS {
        assert_eq!(STANDARD.encode_to_string(plain.as_bytes()), enc);
        assert_eq!(
            STANDARD.decode_to_vec(enc.as_bytes()).unwrap(),
            plain.as_bytes()
        );
        let unpadded = enc.trim_end_matches('=');
        assert_eq!(STANDARD_NO_PAD.encode_to_string(plain.as_bytes()), unpadded);
        assert_eq!(
            STANDARD_NO_PAD.decode_to_vec(unpadded.as_bytes()).unwrap(),
            plain.as_bytes()
        );
    }
}

fn err(engine: &Engine, input: &[u8]) -> (usize, DecodeErrorKind) {
    let DecodeError { offset, kind } = engine.decode_to_vec(input).unwrap_err();
    (offset, kind)
}

#[test]
fn errors_name_offset_and_kind() {
    use DecodeErrorKind::*;
    assert_eq!(err(&STANDARD, b"Zm9v!mFy"), (4, InvalidByte(b'!')));
    // An invalid byte deep inside a long input, past the fast 32-symbol blocks.
    let mut long = STANDARD.encode_to_vec(&[0x5A; 300]);
    long[201] = b'*';
    assert_eq!(err(&STANDARD, &long), (201, InvalidByte(b'*')));
    assert_eq!(err(&STANDARD, b"Zm9vY"), (4, InvalidLength));
    assert_eq!(err(&STANDARD, b"Zm8"), (3, InvalidPadding));
    assert_eq!(err(&STANDARD, b"Zm9v="), (4, InvalidPadding));
    assert_eq!(err(&STANDARD, b"Zg="), (3, InvalidPadding));
    assert_eq!(err(&STANDARD, b"Zg==="), (4, InvalidPadding));
    assert_eq!(err(&STANDARD, b"Zg==Zg=="), (4, InvalidByte(b'Z')));
    assert_eq!(err(&STANDARD_NO_PAD, b"Zg=="), (2, InvalidPadding));
    // RFC 4648 §3.5: "Zh==" has non-zero bits after the one decoded byte.
    assert_eq!(err(&STANDARD, b"Zh=="), (1, NonCanonical('h')));
    assert_eq!(err(&STANDARD, b"Zm9="), (2, NonCanonical('9')));
    assert_eq!(
        STANDARD
            .with_trailing_bits_allowed(true)
            .decode_to_vec(b"Zh==")
            .unwrap(),
        b"f"
    );
    // Strict mode refuses the whitespace MIME skips.
    assert_eq!(err(&STANDARD, b"Zm9v\r\nYmFy"), (4, InvalidByte(b'\r')));
    assert_eq!(MIME.decode_to_vec(b"Zm9v\r\nYm Fy\t").unwrap(), b"foobar");
    assert_eq!(err(&MIME, b"Zm9v\r\nYm.Fy"), (8, InvalidByte(b'.')));
    // MIME tolerates a missing final padding but not a partial one.
    assert_eq!(MIME.decode_to_vec(b"Zm9vYg").unwrap(), b"foob");
    assert_eq!(err(&MIME, b"Zm9vYg=\r\n"), (9, InvalidPadding));
}

#[test]
fn url_and_imap_alphabets() {
    // 0xFB 0xFF encodes to values 62, 63, 60: the alphabet-specific symbols.
    assert_eq!(URL_SAFE.encode_to_string(&[0xFB, 0xFF]), "-_8=");
    assert_eq!(URL_SAFE_NO_PAD.encode_to_string(&[0xFB, 0xFF]), "-_8");
    assert_eq!(STANDARD.encode_to_string(&[0xFB, 0xFF]), "+/8=");
    assert_eq!(IMAP.encode_to_string(&[0xFB, 0xFF]), "+,8");
    assert_eq!(
        err(&URL_SAFE, b"+/8="),
        (0, DecodeErrorKind::InvalidByte(b'+'))
    );
}

#[test]
fn line_wrapping() {
    let data: Vec<u8> = (0..=255).collect();
    let plain = oracle::encode(oracle::STD, true, &data);
    assert_eq!(MIME.encode_to_vec(&data), oracle::wrap(&plain, 76, b"\r\n"));
    assert_eq!(
        base64::PEM.encode_to_vec(&data),
        oracle::wrap(&plain, 64, b"\n")
    );
    // Widths that are not a multiple of four split quanta across lines.
    for width in 1..=13 {
        let e = STANDARD.with_line_wrap(LineWrap::new(width, LineEnding::Lf));
        assert_eq!(
            e.encode_to_vec(&data),
            oracle::wrap(&plain, width, b"\n"),
            "{width}"
        );
    }
    assert!(LineWrap::new(0, LineEnding::Lf).is_none());
    assert_eq!(MIME.encode_to_vec(b""), b"");
}

#[test]
fn slices_and_lengths() {
    let mut buf = [0u8; 8];
    assert_eq!(STANDARD.encode_slice(b"foobar", &mut buf), Ok(8));
    assert_eq!(&buf, b"Zm9vYmFy");
    assert!(STANDARD.encode_slice(b"foobar", &mut buf[..7]).is_err());
    let mut out = [0u8; 6];
    assert_eq!(STANDARD.decoded_len(b"Zm9vYmFy"), Some(6));
    assert_eq!(STANDARD.decoded_len(b"Zm9vYg=="), Some(4));
    assert_eq!(STANDARD.decoded_len(b"Zm9vY"), None);
    assert_eq!(STANDARD.decode_slice(b"Zm9vYmFy", &mut out), Ok(6));
    assert_eq!(&out, b"foobar");
    assert_eq!(
        STANDARD
            .decode_slice(b"Zm9vYmFy", &mut out[..5])
            .unwrap_err()
            .kind,
        DecodeErrorKind::OutputTooSmall
    );
    let mut exact = [0u8; 4];
    assert_eq!(STANDARD.decode_slice(b"Zm9vYg==", &mut exact), Ok(4));
    assert_eq!(STANDARD.encoded_len(usize::MAX), None);
    assert_eq!(MIME.encoded_len(57), Some(78));
    assert_eq!(MIME.encoded_len(58), Some(78 + 4 + 2));
}

#[test]
fn bytes_mut_output() {
    let b = STANDARD.encode_to_bytes(b"foob");
    assert_eq!(&b[..], b"Zm9vYg==");
    assert_eq!(&STANDARD.decode_to_bytes(&b).unwrap()[..], b"foob");
}

fn engines() -> impl Strategy<Value = (Engine, &'static [u8; 64], Pad)> {
    let alpha = prop_oneof![
        Just((&base64::Alphabet::STANDARD, oracle::STD)),
        Just((&base64::Alphabet::URL_SAFE, oracle::URL)),
        Just((&base64::Alphabet::IMAP, oracle::IMAP)),
    ];
    let pad = prop_oneof![
        Just((Padding::Required, Pad::Required)),
        Just((Padding::None, Pad::Forbidden)),
        Just((Padding::Either, Pad::Optional)),
    ];
    (alpha, pad, any::<bool>(), any::<bool>()).prop_map(|((a, oa), (p, op), ws, tb)| {
        // The built-in alphabets are consts; take the statics behind the engines.
        let a: &'static base64::Alphabet = match a.symbols()[63] {
            b'/' => STANDARD.alphabet(),
            b'_' => URL_SAFE.alphabet(),
            _ => IMAP.alphabet(),
        };
        (
            Engine::new(a, p)
                .with_whitespace_skipped(ws)
                .with_trailing_bits_allowed(tb),
            oa,
            op,
        )
    })
}

/// Text that is mostly Base64 of either alphabet, with some padding, whitespace
/// and junk: the interesting region for accept/reject decisions.
fn base64ish() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(
            prop_oneof![
                20 => proptest::sample::select(oracle::STD.to_vec()),
                2 => Just(b'='),
                2 => proptest::sample::select(b"-_,\r\n \t".to_vec()),
                1 => any::<u8>(),
            ],
            0..200,
        ),
        (proptest::collection::vec(any::<u8>(), 0..300), 0..3usize).prop_map(|(d, cut)| {
            let mut e = oracle::encode(oracle::STD, true, &d);
            e.truncate(e.len().saturating_sub(cut));
            e
        }),
    ]
}

fn wrap_opt() -> impl Strategy<Value = Option<LineWrap>> {
    prop_oneof![
        Just(None),
        (1..100usize, any::<bool>()).prop_map(|(w, crlf)| LineWrap::new(
            w,
            if crlf {
                LineEnding::Crlf
            } else {
                LineEnding::Lf
            }
        )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn encode_matches_oracle(data in proptest::collection::vec(any::<u8>(), 0..600),
                             (engine, alpha, pad) in engines(), wrap in wrap_opt()) {
        let engine = engine.with_line_wrap(wrap);
        let plain = oracle::encode(alpha, pad != Pad::Forbidden, &data);
        let expected = match wrap {
            None => plain,
            Some(w) => oracle::wrap(&plain, w.width(), w.ending().as_bytes()),
        };
        let got = engine.encode_to_vec(&data);
        prop_assert_eq!(engine.encoded_len(data.len()), Some(got.len()));
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn decode_matches_oracle(text in base64ish(), (engine, alpha, pad) in engines()) {
        let expected = oracle::decode(alpha, pad, engine.whitespace_skipped(),
                                      engine.trailing_bits_allowed(), &text);
        let got = engine.decode_to_vec(&text);
        prop_assert_eq!(got.as_ref().ok(), expected.as_ref(), "{:?}", got);
    }

    #[test]
    fn roundtrip(data in proptest::collection::vec(any::<u8>(), 0..600),
                 (engine, _a, _p) in engines(), wrap in wrap_opt()) {
        let engine = engine.with_line_wrap(wrap).with_whitespace_skipped(wrap.is_some());
        let enc = engine.encode_to_vec(&data);
        prop_assert_eq!(engine.decode_to_vec(&enc).unwrap(), data);
    }

    #[test]
    fn any_split_encodes_the_same(data in proptest::collection::vec(any::<u8>(), 0..400),
                                  cuts in proptest::collection::vec(0..400usize, 0..8),
                                  (engine, _a, _p) in engines(), wrap in wrap_opt()) {
        let engine = engine.with_line_wrap(wrap);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(data.len())).collect();
        cuts.sort_unstable();
        let mut enc = engine.encoder();
        let mut out = Vec::new();
        let mut prev = 0;
        for c in cuts.into_iter().chain([data.len()]) {
            enc.encode(&data[prev..c], &mut out);
            prev = c;
        }
        enc.finish(&mut out);
        prop_assert_eq!(out, engine.encode_to_vec(&data));
    }

    #[test]
    fn any_split_decodes_the_same(text in base64ish(),
                                  cuts in proptest::collection::vec(0..300usize, 0..8),
                                  (engine, _a, _p) in engines()) {
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(text.len())).collect();
        cuts.sort_unstable();
        let mut dec = engine.decoder();
        let mut out = Vec::new();
        let mut prev = 0;
        let mut result = Ok(());
        for c in cuts.into_iter().chain([text.len()]) {
            result = dec.decode(&text[prev..c], &mut out);
            if result.is_err() { break; }
            prev = c;
        }
        if result.is_ok() {
            result = dec.finish(&mut out);
        }
        match engine.decode_to_vec(&text) {
            Ok(v) => { prop_assert_eq!(result, Ok(())); prop_assert_eq!(out, v); }
            Err(e) => {
                prop_assert_eq!(result, Err(e));
                // What was written before the error does not depend on the split.
                let mut whole = engine.decoder();
                let mut expected = Vec::new();
                if whole.decode(&text, &mut expected).is_ok() {
                    prop_assert!(whole.finish(&mut expected).is_err());
                }
                prop_assert_eq!(out, expected);
            }
        }
    }
}
