//! Checks of the `mime_codec_utf7` fuzz target: IMAP modified UTF-7.
//!
//! - Any bytes decode with each of the eight [`DecodeOptions`] without
//!   panicking; `validate`, `decode` and `decode_into` agree, errors point at
//!   what their kind names and are only the kinds the options refuse; turning
//!   an option on never refuses or changes an accepted name; `is_canonical` is
//!   strict acceptance.
//! - A name strict decoding accepts is exactly what `encode` writes for the
//!   decoded text; a name lenient decoding accepts re-encodes to a canonical
//!   name of the same text.
//! - UTF-8 text (the input, and a string built from its bytes as code points)
//!   encodes to bytes 0x20–0x7E that strict decoding turns back into the text.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout: the whole input is the name (no header bytes).

use std::borrow::Cow;

use mime_codec::utf7::{self, DecodeOptions, LENIENT, STRICT, Utf7Error, Utf7ErrorKind};

/// Runs every check on one fuzzer input; panics on the first failure.
pub(crate) fn check(data: &[u8]) {
    check_decode(data);
    if let Ok(s) = std::str::from_utf8(data) {
        check_encode(s);
    }
    check_encode(&code_points(data));
}

/// The eight combinations of the lenient options.
fn all_options() -> [DecodeOptions; 8] {
    core::array::from_fn(|k| {
        STRICT
            .with_adjacent_runs(k & 1 != 0)
            .with_shifted_ascii(k & 2 != 0)
            .with_raw_utf8(k & 4 != 0)
    })
}

/// Decoding `data` as a mailbox name.
fn check_decode(data: &[u8]) {
    let strict = utf7::decode(data);
    assert_eq!(STRICT.decode(data), strict);
    assert_eq!(utf7::is_canonical(data), strict.is_ok(), "is_canonical");
    let lenient = utf7::decode_lenient(data);
    assert_eq!(LENIENT.decode(data), lenient);
    assert_eq!(all_options()[0], STRICT);
    assert_eq!(all_options()[7], LENIENT);

    for options in all_options() {
        let decoded = options.decode(data);
        let validated = options.validate(data);
        assert_eq!(
            validated,
            decoded.as_ref().map(|_| ()).map_err(|e| *e),
            "{options:?}: validate and decode disagree"
        );
        let mut into = String::from("kept");
        let r = options.decode_into(data, &mut into);
        match &decoded {
            Ok(s) => {
                assert_eq!(r, Ok(()));
                assert_eq!(into, format!("kept{s}"), "{options:?}: decode_into");
                if !data.contains(&b'&') {
                    assert!(
                        matches!(s, Cow::Borrowed(_)),
                        "{options:?}: allocated without '&'"
                    );
                    assert_eq!(s.as_bytes(), data, "{options:?}: text without '&'");
                }
                // Turning options on keeps the name and its text.
                assert_eq!(
                    lenient.as_ref(),
                    Ok(s),
                    "{options:?} accepts, LENIENT differs"
                );
                if let Ok(strict) = &strict {
                    assert_eq!(s, strict, "{options:?} and STRICT differ");
                }
            }
            Err(e) => {
                assert_eq!(r, Err(*e), "{options:?}: decode_into");
                assert_eq!(into, "kept", "{options:?}: decode_into wrote on error");
                check_error(options, data, e);
                assert!(strict.is_err(), "STRICT accepts, {options:?} refuses");
            }
        }
    }

    // Strict: the name is exactly the encoding of its text.
    if let Ok(s) = &strict {
        assert_eq!(
            utf7::encode(s).as_bytes(),
            data,
            "accepted name is not encode(decode(name))"
        );
    }
    // Lenient: the text re-encodes to a canonical name of the same text.
    if let Ok(s) = &lenient {
        let canonical = utf7::encode(s);
        assert!(utf7::is_canonical(canonical.as_bytes()), "{canonical:?}");
        assert_eq!(
            utf7::decode(canonical.as_bytes()).as_deref(),
            Ok(&**s),
            "lenient text does not survive re-encoding"
        );
    }
}

/// An error points at the byte its kind names, and is a kind `options` refuse.
fn check_error(options: DecodeOptions, data: &[u8], e: &Utf7Error) {
    assert!(e.offset <= data.len(), "{options:?}: {e:?}");
    let at = data.get(e.offset).copied();
    match e.kind {
        Utf7ErrorKind::NotPrintable(b) => {
            assert_eq!(at, Some(b), "{e:?}");
            assert!(!(0x20..=0x7E).contains(&b), "{e:?}");
            assert!(
                b < 0x80 || !options.raw_utf8_allowed(),
                "{options:?}: {e:?}"
            );
        }
        Utf7ErrorKind::InvalidUtf8(b) => {
            assert!(options.raw_utf8_allowed(), "{options:?}: {e:?}");
            assert_eq!(at, Some(b), "{e:?}");
            assert!(b >= 0x80, "{e:?}");
            assert!(std::str::from_utf8(&data[e.offset..]).is_err(), "{e:?}");
        }
        Utf7ErrorKind::InvalidShiftedByte(b) => {
            assert_eq!(at, Some(b), "{e:?}");
            assert!(
                !b.is_ascii_alphanumeric() && !matches!(b, b'+' | b',' | b'-'),
                "{e:?}"
            );
        }
        Utf7ErrorKind::UnterminatedShift => assert_eq!(e.offset, data.len(), "{e:?}"),
        Utf7ErrorKind::AdjacentShift => {
            assert!(!options.adjacent_runs_allowed(), "{options:?}: {e:?}");
            assert_eq!(at, Some(b'&'), "{e:?}");
            assert_eq!(data[e.offset - 1], b'-', "{e:?}");
        }
        Utf7ErrorKind::ShiftedAscii(c) => {
            assert!(!options.shifted_ascii_allowed(), "{options:?}: {e:?}");
            assert!(matches!(c, ' '..='~'), "{e:?}");
            assert!(at.is_some_and(is_symbol), "{e:?}");
        }
        Utf7ErrorKind::PartialUnit(n) => {
            assert_eq!(at, Some(b'-'), "{e:?}");
            assert!(!matches!(n % 8, 0 | 3 | 6), "{e:?}");
            assert!(
                e.offset > n && data[e.offset - n - 1] == b'&',
                "{e:?}: the run is not {n} symbols"
            );
            assert!(
                data[e.offset - n..e.offset].iter().all(|&b| is_symbol(b)),
                "{e:?}"
            );
        }
        Utf7ErrorKind::TrailingBits(c) => {
            assert!(c.is_ascii() && at == Some(c as u8), "{e:?}");
            assert!(is_symbol(c as u8), "{e:?}");
        }
        Utf7ErrorKind::UnpairedHighSurrogate(u) => {
            assert!((0xD800..0xDC00).contains(&u), "{e:?}");
            assert!(at.is_some_and(is_symbol), "{e:?}");
        }
        Utf7ErrorKind::UnpairedLowSurrogate(u) => {
            assert!((0xDC00..0xE000).contains(&u), "{e:?}");
            assert!(at.is_some_and(is_symbol), "{e:?}");
        }
    }
}

/// Modified-BASE64 symbols (RFC 3501 §5.1.3).
const fn is_symbol(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b',')
}

/// Encoding `text`.
fn check_encode(text: &str) {
    let encoded = utf7::encode(text);
    assert!(
        encoded.bytes().all(|b| (0x20..=0x7E).contains(&b)),
        "encoding of {text:?} is not printable ASCII: {encoded:?}"
    );
    let mut appended = String::from("kept");
    utf7::encode_into(text, &mut appended);
    assert_eq!(appended, format!("kept{encoded}"));
    assert_eq!(
        utf7::decode(encoded.as_bytes()).as_deref(),
        Ok(text),
        "roundtrip through {encoded:?}"
    );
    if text.bytes().all(|b| (0x20..=0x7E).contains(&b)) {
        // Printable ASCII stands for itself, `&` as `&-`.
        assert_eq!(encoded, text.replace('&', "&-"));
    }
}

/// A string of the code points read from `data`, three bytes each (modulo
/// 0x110000, surrogates skipped), so that every plane is reached.
fn code_points(data: &[u8]) -> String {
    data.chunks(3)
        .filter_map(|c| {
            let v = c.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
            char::from_u32(v % 0x11_0000)
        })
        .collect()
}
