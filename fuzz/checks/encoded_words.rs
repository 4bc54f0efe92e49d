//! Checks of the `mime_codec_encoded_words` fuzz target: RFC 2047 encoded
//! words and RFC 2231 parameters.
//!
//! - RFC 2047: any bytes decode (strict, lenient and a fuzzer-chosen mix of
//!   the options) without panicking, and the pieces join to the decoded
//!   value; text without `=?` is only unfolded. UTF-8 text (the input, and a
//!   string built from its bytes as code points) encodes to ASCII whose encoded
//!   words have at most 75 characters, whose folds are line breaks followed by
//!   whitespace, whose lines fit the width where the words allow it, and which
//!   strict decoding turns back into the text.
//! - RFC 2231: any text splits, parses and decodes (strict and lenient)
//!   without panicking, lenient decoding refuses only what exceeds a limit and
//!   agrees with strict decoding when that accepts; the text encoded as a
//!   parameter value parses back to itself.
//!
//! This file is shared: the fuzz target includes it with `#[path]`, and
//! `benches/tests/fuzz_corpus.rs` includes it to replay the checked-in corpus.
//!
//! Input layout (missing header bytes read as zero):
//!
//! | byte | meaning |
//! | ---- | ------- |
//! | 0    | bit 0: fold with LF instead of CRLF; bits 1–3: the extra RFC 2047 decoder's options (words anywhere, lenient words, no word length limit) |
//! | 1    | start column of the configured RFC 2047 encoder |
//! | 2    | line width of the configured RFC 2047 encoder, and (`+ 40`) of the RFC 2231 one |
//! | rest | the header value, parameter list and parameter value |

use std::borrow::Cow;

use mime_codec::base64::LineEnding;
use mime_codec::rfc2047::{self, MAX_WORD_LEN, Piece};
use mime_codec::rfc2231::{self, ParamErrorKind, ParseError};

/// Runs every check on one fuzzer input; panics on the first failure.
pub(crate) fn check(input: &[u8]) {
    let mut rest = input;
    let flags = take(&mut rest);
    let column = usize::from(take(&mut rest));
    let width = usize::from(take(&mut rest));
    let data = rest;

    let ending = if flags & 1 == 0 {
        LineEnding::Crlf
    } else {
        LineEnding::Lf
    };
    let mixed = rfc2047::Decoder::STRICT
        .with_words_anywhere(flags & 2 != 0)
        .with_lenient_words(flags & 4 != 0)
        .with_max_word_len(if flags & 8 != 0 {
            usize::MAX
        } else {
            MAX_WORD_LEN
        });
    for decoder in [rfc2047::Decoder::STRICT, rfc2047::Decoder::LENIENT, mixed] {
        check_2047_decode(decoder, data);
    }

    let text = String::from_utf8_lossy(data);
    // Each encoder with its layout: fold, line width, start column.
    let layouts = [
        Layout {
            fold: None,
            width: 76,
            column: 0,
        },
        Layout {
            fold: Some(LineEnding::Crlf),
            width: 76,
            column: 0,
        },
        Layout {
            fold: Some(ending),
            width,
            column,
        },
        Layout {
            fold: Some(ending),
            width: 70 + width % 7,
            column: column % 21,
        },
    ];
    let mut texts = vec![code_points(data)];
    if let Cow::Borrowed(s) = text {
        texts.push(s.to_owned());
    }
    for t in &texts {
        assert_eq!(rfc2047::encode(t), rfc2047::Encoder::ONE_LINE.encode(t));
        assert_eq!(
            rfc2047::Encoder::FOLDED.encode(t),
            rfc2047::Encoder::ONE_LINE
                .with_fold(Some(LineEnding::Crlf))
                .encode(t)
        );
        for layout in layouts {
            check_2047_encode(layout, t);
        }
    }

    check_2231_decode(&text);
    let rfc2231_width = 40 + width;
    for t in &texts {
        check_2231_encode(t, rfc2231_width, ending);
    }
}

/// Decoding `data` as an unstructured header value with `decoder`.
fn check_2047_decode(decoder: rfc2047::Decoder, data: &[u8]) {
    let decoded = decoder.decode_bytes(data);
    let pieces = decoder.pieces_bytes(data);
    let joined: String = pieces.iter().map(Piece::as_str).collect();
    assert_eq!(joined, decoded, "pieces do not join to the decoded value");
    for p in &pieces {
        if let Piece::Encoded(e) = p {
            assert!(e.words >= 1, "{e:?}");
            assert!(!e.charset.is_empty(), "{e:?}");
            assert!(e.language.as_ref().is_none_or(|l| !l.is_empty()), "{e:?}");
        }
    }
    let owned: Vec<Piece<'static>> = pieces.iter().cloned().map(Piece::into_owned).collect();
    assert_eq!(owned, pieces);

    if let Ok(s) = std::str::from_utf8(data) {
        assert_eq!(decoder.decode(s), decoded, "decode and decode_bytes differ");
        assert_eq!(decoder.pieces(s), pieces, "pieces and pieces_bytes differ");
        if decoder == rfc2047::Decoder::STRICT {
            assert_eq!(rfc2047::decode(s), decoded);
            assert_eq!(rfc2047::pieces(s), pieces);
        }
    }
    if decoder == rfc2047::Decoder::STRICT {
        assert_eq!(rfc2047::decode_bytes(data), decoded);
    }
    if !data.windows(2).any(|w| w == b"=?") {
        // No encoded word: the text is only unfolded.
        assert_eq!(
            decoded,
            unfold(&String::from_utf8_lossy(data)),
            "text without encoded words"
        );
    }
}

/// RFC 5322 §2.2.3 unfolding, as the module docs describe it: a CR LF or LF
/// directly followed by SP or HT is removed.
fn unfold(s: &str) -> String {
    let b = s.as_bytes();
    let mut drop = vec![false; b.len()];
    for i in 0..b.len() {
        if b[i] == b'\n' && matches!(b.get(i + 1), Some(b' ' | b'\t')) {
            drop[i] = true;
            if i > 0 && b[i - 1] == b'\r' {
                drop[i - 1] = true;
            }
        }
    }
    let kept: Vec<u8> = b
        .iter()
        .zip(&drop)
        .filter(|(_, d)| !**d)
        .map(|(&c, _)| c)
        .collect();
    String::from_utf8(kept).expect("only ASCII bytes were removed")
}

/// An RFC 2047 encoder's settings, kept to check its output.
#[derive(Debug, Clone, Copy)]
struct Layout {
    fold: Option<LineEnding>,
    width: usize,
    column: usize,
}

impl Layout {
    fn encoder(self) -> rfc2047::Encoder {
        rfc2047::Encoder::ONE_LINE
            .with_fold(self.fold)
            .with_line_width(self.width)
            .with_start_column(self.column)
    }
}

/// Encoding `text` with the encoder of `layout`.
fn check_2047_encode(layout: Layout, text: &str) {
    let out = layout.encoder().encode(text);
    let b = out.as_bytes();
    assert!(
        b.iter()
            .all(|&c| matches!(c, b'\t' | b'\r' | b'\n' | 0x20..=0x7E)),
        "{layout:?}: output not printable ASCII, HT and line breaks: {out:?}"
    );

    // Folds: the layout's line ending, followed by whitespace.
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\r' => assert!(
                layout.fold == Some(LineEnding::Crlf) && b.get(i + 1) == Some(&b'\n'),
                "{layout:?}: CR at {i}: {out:?}"
            ),
            b'\n' => {
                let crlf = i > 0 && b[i - 1] == b'\r';
                let expected = if crlf {
                    LineEnding::Crlf
                } else {
                    LineEnding::Lf
                };
                assert_eq!(
                    layout.fold,
                    Some(expected),
                    "{layout:?}: line break at {i}: {out:?}"
                );
                assert!(
                    matches!(b.get(i + 1), Some(b' ' | b'\t')),
                    "{layout:?}: line break at {i} not followed by whitespace: {out:?}"
                );
            }
            _ => {}
        }
    }
    let lines: Vec<&str> = out
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if lines.len() > 1 {
        for (i, line) in lines.iter().enumerate() {
            assert!(
                line.bytes().any(|c| !matches!(c, b' ' | b'\t')),
                "{layout:?}: line {i} is only whitespace: {out:?}"
            );
        }
    }

    // Encoded words: UTF-8, Q or B, at most 75 characters; copied text never
    // holds `=?`.
    for token in out.split([' ', '\t', '\r', '\n']) {
        if token.contains("=?") {
            assert!(
                (token.starts_with("=?UTF-8?Q?") || token.starts_with("=?UTF-8?B?"))
                    && token.ends_with("?=")
                    && token.len() > 12
                    && !token[10..token.len() - 2].contains('?'),
                "{layout:?}: not an encoded word: {token:?} in {out:?}"
            );
            assert!(
                token.len() <= MAX_WORD_LEN,
                "{layout:?}: word of {} characters: {token:?}",
                token.len()
            );
        }
    }

    // Line width, where the words allow it (see `fits_width`): every line
    // fits, trailing whitespace of the value aside.
    if fits_width(layout, text) {
        let last = lines.len() - 1;
        for (i, line) in lines.iter().enumerate() {
            let line = if i == last {
                line.trim_end_matches([' ', '\t'])
            } else {
                line
            };
            let used = line.len() + if i == 0 { layout.column } else { 0 };
            assert!(
                used <= layout.width,
                "{layout:?}: line {i} uses {used} columns: {out:?}"
            );
        }
    }

    // Strict decoding gives the text back.
    assert_eq!(
        rfc2047::decode(&out),
        text,
        "{layout:?}: roundtrip through {out:?}"
    );
    for p in rfc2047::pieces(&out) {
        if let Piece::Encoded(e) = p {
            assert_eq!(e.charset, "UTF-8");
            assert!(!e.had_errors);
        }
    }
}

/// Whether the words of `text` let a folding `layout` keep every line within
/// its width: whitespace runs of at most 8, copied words of at most 40 bytes,
/// start column at most 20, width 70 to 76.
fn fits_width(layout: Layout, text: &str) -> bool {
    if layout.fold.is_none() || !(70..=76).contains(&layout.width) || layout.column > 20 {
        return false;
    }
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let ws = matches!(b[i], b' ' | b'\t');
        while i < b.len() && matches!(b[i], b' ' | b'\t') == ws {
            i += 1;
        }
        let run = &text[start..i];
        if ws && run.len() > 8 {
            return false;
        }
        // A word is copied unless it holds a byte outside 0x20–0x7E or `=?`.
        let copied = !ws && run.bytes().all(|c| matches!(c, 0x20..=0x7E)) && !run.contains("=?");
        if copied && run.len() > 40 {
            return false;
        }
    }
    true
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

/// Splitting, parsing and decoding `text` as a parameter list, and decoding
/// its lines as `name=value` pairs.
fn check_2231_decode(text: &str) {
    match rfc2231::split_parameters(text) {
        Ok(pairs) => {
            for (name, _) in &pairs {
                assert!(
                    !name.is_empty() && name.bytes().all(is_token_byte),
                    "split name {name:?} is not a token"
                );
            }
            let strict = rfc2231::Decoder::STRICT.decode(pairs.clone());
            assert_eq!(rfc2231::decode_parameters(pairs.clone()), strict);
            assert_eq!(
                rfc2231::parse_parameters(text),
                strict.clone().map_err(ParseError::Param)
            );
            let names: Vec<&str> = pairs.iter().map(|(n, _)| *n).collect();
            check_2231_modes(&names, pairs);
        }
        Err(e) => {
            assert!(e.offset <= text.len(), "{e:?}");
            assert_eq!(rfc2231::parse_parameters(text), Err(ParseError::Split(e)));
        }
    }
    // Raw pairs, names not limited to tokens: one per line, split at `=`.
    let pairs: Vec<(&str, &str)> = text.lines().filter_map(|l| l.split_once('=')).collect();
    let names: Vec<&str> = pairs.iter().map(|(n, _)| *n).collect();
    check_2231_modes(&names, pairs);
}

/// Strict and lenient decoding of the same pairs.
fn check_2231_modes<'a, V>(names: &[&str], pairs: Vec<(&'a str, V)>)
where
    V: Into<Cow<'a, str>> + Clone,
{
    let strict = rfc2231::Decoder::STRICT.decode(pairs.clone());
    let lenient = rfc2231::Decoder::LENIENT.decode(pairs);
    for e in [&strict, &lenient]
        .into_iter()
        .filter_map(|r| r.as_ref().err())
    {
        assert!(e.index < names.len(), "{e:?}");
        assert_eq!(e.name, names[e.index], "{e:?}");
    }
    match &lenient {
        Err(e) => assert!(
            matches!(
                e.kind,
                ParamErrorKind::TooManySections { .. } | ParamErrorKind::ValueTooLong { .. }
            ),
            "lenient decoding refused more than a limit: {e:?}"
        ),
        Ok(params) => {
            assert!(params.len() <= names.len());
            for (i, p) in params.iter().enumerate() {
                assert!(
                    !params[..i]
                        .iter()
                        .any(|q| q.name.eq_ignore_ascii_case(&p.name)),
                    "parameter {:?} twice",
                    p.name
                );
            }
        }
    }
    if let Ok(params) = &strict {
        assert_eq!(
            lenient.as_ref(),
            Ok(params),
            "strict accepts, lenient decodes differently"
        );
    }
}

/// Encoding `value` as a parameter and parsing it back.
fn check_2231_encode(value: &str, width: usize, ending: LineEnding) {
    // Names: a valid one, and one taken from the value (valid or not).
    let candidate: String = value.chars().take(8).collect();
    match rfc2231::encode_parameter(&candidate, "x") {
        Ok(_) => assert!(
            !candidate.is_empty() && candidate.bytes().all(|b| is_token_byte(b) && b != b'*'),
            "name {candidate:?} accepted"
        ),
        Err(e) => {
            let first_bad = candidate
                .bytes()
                .position(|b| !is_token_byte(b) || b == b'*')
                .unwrap_or(0);
            assert_eq!(e.offset, first_bad, "{e:?}");
            assert_eq!(e.name, candidate);
        }
    }

    let encoders = [
        rfc2231::Encoder::FOLDED,
        rfc2231::Encoder::ONE_LINE,
        rfc2231::Encoder::FOLDED
            .with_line_width(width)
            .with_fold(Some(ending)),
    ];
    for (k, encoder) in encoders.into_iter().enumerate() {
        let out = encoder.encode("name", value).expect("valid name");
        if k == 0 {
            assert_eq!(rfc2231::encode_parameter("name", value).as_ref(), Ok(&out));
        }
        let (separator, line_width) = match k {
            0 => (";\r\n ", 76),
            1 => ("; ", usize::MAX),
            _ => (
                if ending == LineEnding::Crlf {
                    ";\r\n "
                } else {
                    ";\n "
                },
                width,
            ),
        };
        assert!(
            out.bytes()
                .all(|b| matches!(b, 0x20..=0x7E | b'\r' | b'\n')),
            "{encoder:?}: {out:?}"
        );
        // Lines: what the encoder was told, within the width counting the
        // leading space and trailing `;`.
        // A plain value (`name=...`, perhaps quoted) is one section.
        let sections: Vec<&str> = if out.starts_with("name=") {
            vec![&out]
        } else {
            out.split(separator).collect()
        };
        for (i, s) in sections.iter().enumerate() {
            assert!(
                !s.contains(['\r', '\n']),
                "{encoder:?}: stray line break in {out:?}"
            );
            let len = s.len() + usize::from(i > 0) + usize::from(i + 1 < sections.len());
            if k != 1 {
                assert!(
                    len <= line_width,
                    "{encoder:?}: line {i} is {len} long: {out:?}"
                );
            }
        }

        let parsed = rfc2231::parse_parameters(&out);
        let lenient = rfc2231::split_parameters(&out)
            .map_err(ParseError::Split)
            .and_then(|p| {
                rfc2231::Decoder::LENIENT
                    .decode(p)
                    .map_err(ParseError::Param)
            });
        if sections.len() > rfc2231::Decoder::DEFAULT_MAX_SECTIONS {
            // More sections than a decoder takes by default.
            assert!(
                matches!(&parsed, Err(ParseError::Param(e)) if matches!(e.kind, ParamErrorKind::TooManySections { .. })),
                "{parsed:?}"
            );
            continue;
        }
        for result in [parsed, lenient] {
            let params =
                result.unwrap_or_else(|e| panic!("{encoder:?}: {out:?} does not parse: {e}"));
            assert_eq!(params.len(), 1, "{out:?}");
            assert_eq!(params[0].name, "name");
            assert_eq!(
                params[0].value, value,
                "{encoder:?}: roundtrip through {out:?}"
            );
        }
    }
}

/// RFC 2045 §5.1 token octets.
const fn is_token_byte(b: u8) -> bool {
    matches!(b, 0x21..=0x7E)
        && !matches!(
            b,
            b'(' | b')'
                | b'<'
                | b'>'
                | b'@'
                | b','
                | b';'
                | b':'
                | b'\\'
                | b'"'
                | b'/'
                | b'['
                | b']'
                | b'?'
                | b'='
        )
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
