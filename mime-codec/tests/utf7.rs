//! IMAP modified UTF-7: the RFC 3501 §5.1.3 example, hand-computed vectors,
//! every strict refusal with its offset, the lenient mode, and properties
//! checked against a plain oracle written in this file.

use std::borrow::Cow;

use mime_codec::utf7::{
    DecodeOptions, LENIENT, STRICT, Utf7Error, Utf7ErrorKind, decode, decode_lenient, encode,
    encode_into, is_canonical,
};
use proptest::prelude::*;

/// A deliberately plain modified UTF-7, written from RFC 3501 §5.1.3 and sharing
/// no code with the crate: `char::encode_utf16`, a bit accumulator, a linear
/// search in the alphabet string and `char::decode_utf16`.
mod oracle {
    pub(super) const ALPHABET: &[u8; 64] =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    fn printable(c: char) -> bool {
        (' '..='~').contains(&c)
    }

    fn base64(units: &[u16]) -> String {
        let mut out = String::new();
        let mut acc: u32 = 0;
        let mut bits = 0;
        for &u in units {
            acc = (acc << 16) | u32::from(u);
            bits += 16;
            while bits >= 6 {
                bits -= 6;
                out.push(char::from(ALPHABET[((acc >> bits) & 63) as usize]));
            }
            acc &= (1 << bits) - 1;
        }
        if bits > 0 {
            out.push(char::from(ALPHABET[((acc << (6 - bits)) & 63) as usize]));
        }
        out
    }

    /// "Printable US-ASCII characters, except for "&", represent themselves";
    /// "&" is "&-"; everything else goes, as UTF-16, into one `&…-` per run.
    pub(super) fn encode(s: &str) -> String {
        let mut out = String::new();
        let mut units: Vec<u16> = Vec::new();
        for c in s.chars() {
            if printable(c) {
                if !units.is_empty() {
                    out.push('&');
                    out.push_str(&base64(&units));
                    out.push('-');
                    units.clear();
                }
                out.push(c);
                if c == '&' {
                    out.push('-');
                }
            } else {
                let mut buf = [0u16; 2];
                units.extend_from_slice(c.encode_utf16(&mut buf));
            }
        }
        if !units.is_empty() {
            out.push('&');
            out.push_str(&base64(&units));
            out.push('-');
        }
        out
    }

    /// Decodes one Base64 run to UTF-16 and then to text: fewer than 6 leftover
    /// bits and all of them zero, every unit paired.
    fn run(symbols: &[u8]) -> Option<String> {
        let mut units = Vec::new();
        let mut acc: u32 = 0;
        let mut bits = 0;
        for &c in symbols {
            let v = ALPHABET.iter().position(|&a| a == c)? as u32;
            acc = (acc << 6) | v;
            bits += 6;
            if bits >= 16 {
                bits -= 16;
                units.push((acc >> bits) as u16);
                acc &= (1 << bits) - 1;
            }
        }
        if bits >= 6 || acc != 0 {
            return None;
        }
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .ok()
    }

    /// The loosest reading this crate's lenient mode should match: runs may be
    /// adjacent and may hold ASCII; raw UTF-8 only if `raw`.
    pub(super) fn decode_loose(input: &[u8], raw: bool) -> Option<String> {
        let mut out = String::new();
        let mut i = 0;
        while i < input.len() {
            let b = input[i];
            if b == b'&' {
                let close = i + 1 + input[i + 1..].iter().position(|&b| b == b'-')?;
                if close == i + 1 {
                    out.push('&');
                } else {
                    out.push_str(&run(&input[i + 1..close])?);
                }
                i = close + 1;
            } else if (0x20..=0x7E).contains(&b) {
                out.push(char::from(b));
                i += 1;
            } else if raw && b >= 0x80 {
                let end = input[i..]
                    .iter()
                    .position(|&b| b < 0x80)
                    .map_or(input.len(), |n| i + n);
                out.push_str(std::str::from_utf8(&input[i..end]).ok()?);
                i = end;
            } else {
                return None;
            }
        }
        Some(out)
    }

    /// Canonical means: the one encoding of what it decodes to.
    pub(super) fn decode_strict(input: &[u8]) -> Option<String> {
        decode_loose(input, false).filter(|s| encode(s).as_bytes() == input)
    }
}

/// (text, canonical modified UTF-7), every one checkable by hand.
const VECTORS: &[(&str, &str)] = &[
    // RFC 3501 §5.1.3 (also RFC 9051 §5.1.3): 台北 = U+53F0 U+5317,
    // 日本語 = U+65E5 U+672C U+8A9E.
    ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
    ("", ""),
    ("INBOX", "INBOX"),
    // All of 0x20-0x7E except `&` stand for themselves, `-` and `~` included.
    (
        " !\"#$%'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~",
        " !\"#$%'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~",
    ),
    ("&", "&-"),
    ("R&D", "R&-D"),
    ("&&", "&-&-"),
    // é = U+00E9: 00000000 11101001 -> 000000 001110 1001|00 -> A O k.
    ("é", "&AOk-"),
    ("Répertoire", "R&AOk-pertoire"),
    // Two units, 32 bits: 000000 001110 100100 000000 111010 01|0000 -> AOkA6Q.
    ("éé", "&AOkA6Q-"),
    // A `-` right after a run is a literal `-` after the closing one.
    ("é-", "&AOk--"),
    // `&` next to a run: the escape is not a shift, so this is not a null shift.
    ("é&é", "&AOk-&-&AOk-"),
    ("&é", "&-&AOk-"),
    // Printable ASCII splits a run in two.
    ("éaé", "&AOk-a&AOk-"),
    // U+0000 -> 16 zero bits -> AAA; U+007F: 00000000 01111111 -> 000000 000111 1111|00 -> A H 8.
    ("\0", "&AAA-"),
    ("\u{7f}", "&AH8-"),
    ("\t", "&AAk-"),
    // U+FBFF: 11111011 11111111 -> 111110 111111 1111|00 -> 62 63 60 -> + , 8.
    ("\u{fbff}", "&+,8-"),
    // U+1F600: minus 0x10000 = 0x0F600; high 0xD800 + (0x0F600 >> 10 = 0x3D) = 0xD83D,
    // low 0xDC00 + (0x0F600 & 0x3FF = 0x200) = 0xDE00. D8 3D DE 00 =
    // 110110 000011 110111 011110 000000 00|0000 -> 54 3 55 30 0 0 -> 2 D 3 e A A.
    ("😀", "&2D3eAA-"),
    ("a😀b", "a&2D3eAA-b"),
    // Three units (48 bits) fill 8 symbols with no padding: U+00E9 x 3 =
    // 000000 001110 100100 000000 111010 010000 000011 101001 -> A O k A 6 Q D p.
    ("ééé", "&AOkA6QDp-"),
];

#[test]
fn known_vectors() {
    for &(text, wire) in VECTORS {
        assert_eq!(encode(text), wire, "encode {text:?}");
        assert_eq!(decode(wire.as_bytes()).unwrap(), text, "decode {wire:?}");
        assert_eq!(decode_lenient(wire.as_bytes()).unwrap(), text);
        assert!(is_canonical(wire.as_bytes()), "{wire:?}");
        // The oracle agrees on the same hand-computed values.
        assert_eq!(oracle::encode(text), wire);
        assert_eq!(
            oracle::decode_strict(wire.as_bytes()).as_deref(),
            Some(text)
        );
    }
}

#[test]
fn long_runs_cross_internal_chunks() {
    // 100 BMP characters and 40 non-BMP ones in single runs, with an ASCII
    // character between, exercise the 48-byte / 64-symbol chunking.
    let text: String = (0..100u32)
        .map(|k| char::from_u32(0x4E00 + k).unwrap())
        .chain(Some('x'))
        .chain((0..40u32).map(|k| char::from_u32(0x1F300 + k * 7).unwrap()))
        .collect();
    let wire = encode(&text);
    assert_eq!(wire, oracle::encode(&text));
    assert_eq!(wire.matches('&').count(), 2);
    assert_eq!(decode(wire.as_bytes()).unwrap(), text);
    // One BMP character, then non-BMP ones: the UTF-16 byte count is 2 mod 4
    // at every chunk boundary.
    let text: String = Some('é')
        .into_iter()
        .chain((0..60u32).map(|k| char::from_u32(0x1F600 + k).unwrap()))
        .collect();
    let wire = encode(&text);
    assert_eq!(wire, oracle::encode(&text));
    assert_eq!(decode(wire.as_bytes()).unwrap(), text);
}

fn strict_err(input: &[u8]) -> (usize, Utf7ErrorKind) {
    let Utf7Error { offset, kind } = decode(input).unwrap_err();
    (offset, kind)
}

fn lenient_err(input: &[u8]) -> (usize, Utf7ErrorKind) {
    let Utf7Error { offset, kind } = decode_lenient(input).unwrap_err();
    (offset, kind)
}

#[test]
fn strict_refusals_with_offsets() {
    use Utf7ErrorKind::*;
    // Bytes outside 0x20-0x7E.
    assert_eq!(strict_err(b"a\tb"), (1, NotPrintable(b'\t')));
    assert_eq!(strict_err(b"INBOX\x7f"), (5, NotPrintable(0x7F)));
    assert_eq!(strict_err(b"\x00"), (0, NotPrintable(0)));
    assert_eq!(strict_err("R\u{e9}p".as_bytes()), (1, NotPrintable(0xC3)));
    assert_eq!(strict_err(b"&AOk-\r\n"), (5, NotPrintable(b'\r')));
    // `&` not closed by `-`.
    assert_eq!(strict_err(b"&AOk"), (4, UnterminatedShift));
    assert_eq!(strict_err(b"abc&"), (4, UnterminatedShift));
    // Bytes inside a shift that are neither symbols nor `-`: `/` (the standard
    // alphabet's), `=` (padding), space, and a non-ASCII byte.
    assert_eq!(strict_err(b"&AOk/-"), (4, InvalidShiftedByte(b'/')));
    assert_eq!(strict_err(b"&AOk=-"), (4, InvalidShiftedByte(b'=')));
    assert_eq!(strict_err(b"x&AO k-"), (4, InvalidShiftedByte(b' ')));
    assert_eq!(strict_err(b"&\xff-"), (1, InvalidShiftedByte(0xFF)));
    assert_eq!(strict_err(b"&&-"), (1, InvalidShiftedByte(b'&')));
    // Shifted printable ASCII: a = U+0061, 00000000 01100001 -> A G E.
    assert_eq!(strict_err(b"&AGE-"), (1, ShiftedAscii('a')));
    // `&` itself must be `&-`: U+0026 -> 00000000 00100110 -> A C Y.
    assert_eq!(strict_err(b"&ACY-"), (1, ShiftedAscii('&')));
    // Second unit of `&AOkAYQ-` (é, a: 000000 001110 100100 000000 011000 01|0000)
    // starts at bit 16, in symbol 2, at offset 1 + 2.
    assert_eq!(strict_err(b"&AOkAYQ-"), (3, ShiftedAscii('a')));
    // A space (U+0020 -> A C A) and `~` (U+007E -> A H 4) too.
    assert_eq!(strict_err(b"&ACA-"), (1, ShiftedAscii(' ')));
    assert_eq!(strict_err(b"&AH4-"), (1, ShiftedAscii('~')));
    // Two adjacent runs; the offset is the second `&`.
    assert_eq!(strict_err(b"&AOk-&AOk-"), (5, AdjacentShift));
    assert_eq!(strict_err(b"x&AOk-&2D3eAA-"), (6, AdjacentShift));
    // Run lengths 1, 2, 4, 5, 7 (mod 8) leave a partial unit or 6+ spare bits;
    // the offset is the closing `-`.
    assert_eq!(strict_err(b"&A-"), (2, PartialUnit(1)));
    assert_eq!(strict_err(b"&AO-"), (3, PartialUnit(2)));
    assert_eq!(strict_err(b"&AOkA-"), (5, PartialUnit(4)));
    assert_eq!(strict_err(b"&AOkA6-"), (6, PartialUnit(5)));
    assert_eq!(strict_err(b"&AOkA6QD-"), (8, PartialUnit(7)));
    assert_eq!(strict_err(b"&AOkA6QDpA-"), (10, PartialUnit(9)));
    // Non-zero trailing bits: `l` = 37 = 100101 leaves 01 after é's 16 bits;
    // `R` = 17 = 010001 leaves 0001 after two units.
    assert_eq!(strict_err(b"&AOl-"), (3, TrailingBits('l')));
    assert_eq!(strict_err(b"&AOkA6R-"), (6, TrailingBits('R')));
    // Unpaired surrogates. D83D alone: 110110 000011 1101|00 -> 2 D 0.
    assert_eq!(strict_err(b"&2D0-"), (1, UnpairedHighSurrogate(0xD83D)));
    // D83D then 00E9: 110110 000011 110100 000000 111010 01|0000 -> 2 D 0 A 6 Q.
    assert_eq!(strict_err(b"&2D0A6Q-"), (1, UnpairedHighSurrogate(0xD83D)));
    // D83D D83D: the first high is the unpaired one.
    // 110110 000011 110111 011000 001111 01|0000 -> 2 D 3 Y P Q.
    assert_eq!(strict_err(b"&2D3YPQ-"), (1, UnpairedHighSurrogate(0xD83D)));
    // DE00 alone: 110111 100000 0000|00 -> 3 g A.
    assert_eq!(strict_err(b"&3gA-"), (1, UnpairedLowSurrogate(0xDE00)));
    // 00E9 then DE00: 000000 001110 100111 011110 000000 00|0000 -> A O n e A A;
    // the low surrogate is unit 1, starting in symbol 2, at offset 3.
    assert_eq!(strict_err(b"&AOneAA-"), (3, UnpairedLowSurrogate(0xDE00)));
    // Within a run, the Base64 checks come before the UTF-16 ones: `a` with
    // non-zero trailing bits (`F` = 000101) is a TrailingBits error, also when
    // the run is longer than the decoder's 64-symbol chunks.
    assert_eq!(strict_err(b"&AGF-"), (3, TrailingBits('F')));
    let mut long = oracle_base64(&[0x0061; 40]).into_bytes(); // 640 bits: 107 symbols
    // 107 = 3 mod 8: the last symbol carries 2 padding bits; `C` = 000010.
    *long.last_mut().unwrap() = b'C';
    let wire = [b"&".as_slice(), &long, b"-"].concat();
    assert_eq!(strict_err(&wire), (107, TrailingBits('C')));
    // The first problem from the left wins.
    assert_eq!(strict_err(b"&AGE-\t"), (1, ShiftedAscii('a')));
    assert_eq!(strict_err(b"\t&AGE-"), (0, NotPrintable(b'\t')));
}

#[test]
fn unit_offsets_past_the_first_chunk() {
    // 30 x é (30 units, 80 symbols), then `a` as unit 30: 30 = 3 * 10, so it
    // starts at symbol 80, offset 81.
    let mut units = vec![0x00E9u16; 30];
    units.push(0x0061);
    let wire = format!("&{}-", oracle_base64(&units));
    assert_eq!(
        strict_err(wire.as_bytes()),
        (81, Utf7ErrorKind::ShiftedAscii('a'))
    );
    // Unit 31 (= 3 * 10 + 1) starts at symbol 82.
    units.insert(0, 0x00E9);
    let wire = format!("&{}-", oracle_base64(&units));
    assert_eq!(
        strict_err(wire.as_bytes()),
        (83, Utf7ErrorKind::ShiftedAscii('a'))
    );
    // A lone low surrogate as unit 65 (= 3 * 21 + 2) starts at symbol 173.
    let mut units = vec![0x4E00u16; 65];
    units.push(0xDC00);
    let wire = format!("&{}-", oracle_base64(&units));
    assert_eq!(
        strict_err(wire.as_bytes()),
        (174, Utf7ErrorKind::UnpairedLowSurrogate(0xDC00))
    );
}

/// The oracle's Base64 of arbitrary units (surrogates included), for crafting
/// invalid runs.
fn oracle_base64(units: &[u16]) -> String {
    let mut bits = String::new();
    for u in units {
        bits.push_str(&format!("{u:016b}"));
    }
    while bits.len() % 6 != 0 {
        bits.push('0');
    }
    bits.as_bytes()
        .chunks(6)
        .map(|c| {
            let v = u8::from_str_radix(std::str::from_utf8(c).unwrap(), 2).unwrap();
            char::from(oracle::ALPHABET[usize::from(v)])
        })
        .collect()
}

#[test]
fn lenient_mode() {
    use Utf7ErrorKind::*;
    // What it accepts beyond strict.
    assert_eq!(decode_lenient(b"&AOk-&AOk-").unwrap(), "éé");
    assert_eq!(decode_lenient(b"&AGE-").unwrap(), "a");
    assert_eq!(decode_lenient(b"&ACY-").unwrap(), "&");
    assert_eq!(decode_lenient(b"&AOkAYQ-").unwrap(), "éa");
    assert_eq!(
        decode_lenient("Répertoire".as_bytes()).unwrap(),
        "Répertoire"
    );
    assert_eq!(decode_lenient("日本&AOk-".as_bytes()).unwrap(), "日本é");
    // What it still refuses.
    assert_eq!(lenient_err(b"a\tb"), (1, NotPrintable(b'\t')));
    assert_eq!(lenient_err(b"\x7f"), (0, NotPrintable(0x7F)));
    assert_eq!(lenient_err(b"ab\xc3("), (2, InvalidUtf8(0xC3)));
    assert_eq!(lenient_err(b"ab\x80"), (2, InvalidUtf8(0x80)));
    // é (C3 A9) is valid; the C3 after it is cut short by `(`.
    assert_eq!(lenient_err(b"ab\xc3\xa9\xc3("), (4, InvalidUtf8(0xC3)));
    assert_eq!(lenient_err(b"&AOk-\xed\xa0\x80"), (5, InvalidUtf8(0xED)));
    assert_eq!(lenient_err(b"&AOk"), (4, UnterminatedShift));
    assert_eq!(lenient_err(b"&AOk/-"), (4, InvalidShiftedByte(b'/')));
    assert_eq!(lenient_err(b"&AOkA-"), (5, PartialUnit(4)));
    assert_eq!(lenient_err(b"&AOl-"), (3, TrailingBits('l')));
    assert_eq!(lenient_err(b"&2D0-"), (1, UnpairedHighSurrogate(0xD83D)));
    assert_eq!(lenient_err(b"&3gA-"), (1, UnpairedLowSurrogate(0xDE00)));
    // A surrogate pair split over two adjacent runs: D83D | DE00.
    assert_eq!(
        lenient_err(b"&2D0-&3gA-"),
        (1, UnpairedHighSurrogate(0xD83D))
    );
    // Each option alone.
    let adjacent = STRICT.with_adjacent_runs(true);
    assert_eq!(adjacent.decode(b"&AOk-&AOk-").unwrap(), "éé");
    assert_eq!(
        adjacent.decode(b"&AGE-").unwrap_err().kind,
        ShiftedAscii('a')
    );
    let ascii = STRICT.with_shifted_ascii(true);
    assert_eq!(ascii.decode(b"&AGE-").unwrap(), "a");
    assert_eq!(ascii.decode(b"&AOk-&AOk-").unwrap_err().kind, AdjacentShift);
    let raw = STRICT.with_raw_utf8(true);
    assert_eq!(raw.decode("é".as_bytes()).unwrap(), "é");
    assert_eq!(raw.decode(b"&AGE-").unwrap_err().kind, ShiftedAscii('a'));
    assert_eq!(
        LENIENT
            .with_raw_utf8(false)
            .decode("é".as_bytes())
            .unwrap_err(),
        Utf7Error {
            offset: 0,
            kind: NotPrintable(0xC3)
        }
    );
    assert!(LENIENT.adjacent_runs_allowed() && LENIENT.shifted_ascii_allowed());
    assert!(LENIENT.raw_utf8_allowed());
    assert!(!STRICT.adjacent_runs_allowed() && !STRICT.shifted_ascii_allowed());
    assert!(!STRICT.raw_utf8_allowed());
    assert_eq!(DecodeOptions::default(), STRICT);
}

#[test]
fn borrowing_and_appending() {
    assert!(matches!(
        decode(b"INBOX/Sent"),
        Ok(Cow::Borrowed("INBOX/Sent"))
    ));
    assert!(matches!(
        decode_lenient("Entwürfe".as_bytes()),
        Ok(Cow::Borrowed("Entwürfe"))
    ));
    assert!(matches!(decode(b"R&-D"), Ok(Cow::Owned(s)) if s == "R&D"));

    let mut s = String::from("name: ");
    encode_into("Entwürfe", &mut s);
    // ü = U+00FC: 00000000 11111100 -> 000000 001111 1100|00 -> A P w.
    assert_eq!(s, "name: Entw&APw-rfe");

    let mut out = String::from("x");
    STRICT.decode_into(b"Entw&APw-rfe", &mut out).unwrap();
    assert_eq!(out, "xEntwürfe");
    // On error the output is left as it was, even after a decoded prefix.
    let e = STRICT
        .decode_into(b"Entw&APw-rfe&AGE-", &mut out)
        .unwrap_err();
    assert_eq!(e.offset, 13);
    assert_eq!(out, "xEntwürfe");

    assert_eq!(STRICT.validate(b"&AOk-&AOk-").unwrap_err().offset, 5);
    assert!(STRICT.validate(b"&AOkA6Q-").is_ok());
}

#[test]
fn error_display_names_offset_and_expectation() {
    let e = decode(b"&AOk").unwrap_err();
    assert_eq!(
        e.to_string(),
        "shift not closed by `-` at the end of the name at offset 4"
    );
    let e = decode(b"a\tb").unwrap_err();
    assert!(e.to_string().contains("0x09"), "{e}");
    assert!(e.to_string().contains("offset 1"), "{e}");
}

/// The number of `&…-` shifts in a canonical encoding (`&-` is not one).
fn shifts(w: &[u8]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < w.len() {
        if w[i] == b'&' {
            let close = i + 1 + w[i + 1..].iter().position(|&b| b == b'-').unwrap();
            count += usize::from(close > i + 1);
            i = close;
        }
        i += 1;
    }
    count
}

/// The number of maximal runs of characters outside 0x20-0x7E.
fn non_printable_runs(s: &str) -> usize {
    let mut count = 0;
    let mut inside = false;
    for c in s.chars() {
        let other = !(' '..='~').contains(&c);
        count += usize::from(other && !inside);
        inside = other;
    }
    count
}

/// Strings mixing everything that matters: printable ASCII with `&` and `-`
/// frequent, controls, BMP, surrogate-range neighbours and non-BMP characters.
fn names() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        6 => proptest::char::range(' ', '~'),
        2 => proptest::sample::select(vec!['&', '-', ',', '+', '/']),
        1 => proptest::char::range('\0', '\u{1f}'),
        2 => proptest::char::range('\u{7f}', '\u{7ff}'),
        2 => proptest::char::range('\u{800}', '\u{ffff}'),
        2 => proptest::char::range('\u{10000}', '\u{10ffff}'),
        1 => any::<char>(),
    ];
    // Long runs of BMP and non-BMP characters mixed cross the encoder's and
    // decoder's internal chunks at every alignment.
    let long = prop_oneof![
        proptest::char::range('\u{80}', '\u{ffff}'),
        proptest::char::range('\u{10000}', '\u{10ffff}'),
    ];
    prop_oneof![
        3 => proptest::collection::vec(ch, 0..40).prop_map(|v| v.into_iter().collect()),
        1 => proptest::collection::vec(long, 0..90).prop_map(|v| v.into_iter().collect()),
        1 => any::<String>(),
    ]
}

/// One piece of lenient-style wire text: direct ASCII, the `&-` escape, a
/// shifted run of arbitrary UTF-16 units (printable ASCII, surrogate pairs and
/// lone surrogates included), or raw UTF-8. Concatenated pieces give adjacent
/// runs and split surrogate pairs.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    let unit = prop_oneof![
        2 => (0x20u16..0x7F).prop_map(|u| vec![u]),
        3 => (0x80u16..0xD800).prop_map(|u| vec![u]),
        3 => proptest::char::range('\u{10000}', '\u{10ffff}').prop_map(|c| {
            let mut b = [0u16; 2];
            c.encode_utf16(&mut b).to_vec()
        }),
        1 => (0xD800u16..0xE000).prop_map(|u| vec![u]),
        1 => (0u16..0x20).prop_map(|u| vec![u]),
    ];
    prop_oneof![
        3 => "[ -~]{1,4}".prop_map(String::into_bytes),
        1 => Just(b"&-".to_vec()),
        4 => proptest::collection::vec(unit, 1..5).prop_map(|u| {
            format!("&{}-", oracle_base64(&u.concat())).into_bytes()
        }),
        1 => proptest::collection::vec(proptest::char::range('\u{80}', '\u{10ffff}'), 1..3)
            .prop_map(|v| v.into_iter().collect::<String>().into_bytes()),
    ]
}

/// Bytes near the valid region: symbols, `&`, `-`, a few invalid bytes,
/// mutated valid encodings, and concatenated [`piece`]s.
fn wireish() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(piece(), 0..6).prop_map(|p| p.concat()),
        proptest::collection::vec(
            prop_oneof![
                8 => proptest::sample::select(oracle::ALPHABET.to_vec()),
                4 => proptest::sample::select(b"&-&-".to_vec()),
                2 => proptest::sample::select(b"AAAADY2D3e".to_vec()),
                1 => proptest::sample::select(b" ~/=\t\x7f\x80\xc3\xa9".to_vec()),
                1 => any::<u8>(),
            ],
            0..40,
        ),
        (
            names(),
            proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3)
        )
            .prop_map(|(s, edits)| {
                let mut w = oracle::encode(&s).into_bytes();
                for (at, b) in edits {
                    if w.is_empty() {
                        break;
                    }
                    let k = at.index(w.len());
                    match b % 3 {
                        0 => w[k] = oracle::ALPHABET[usize::from(b) % 64],
                        1 => {
                            w.remove(k);
                        }
                        _ => w.insert(k, b"&-A"[usize::from(b) % 3]),
                    }
                }
                w
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn roundtrip(s in names()) {
        let w = encode(&s);
        prop_assert_eq!(decode(w.as_bytes()).unwrap(), s.as_str());
    }

    #[test]
    fn encode_is_canonical_printable_ascii(s in names()) {
        let w = encode(&s);
        prop_assert!(w.bytes().all(|b| (0x20..=0x7E).contains(&b)), "{:?}", w);
        prop_assert!(is_canonical(w.as_bytes()));
        prop_assert!(STRICT.validate(w.as_bytes()).is_ok());
        // Runs are maximal: one shift per maximal run of other characters.
        prop_assert_eq!(shifts(w.as_bytes()), non_printable_runs(&s), "{:?}", w);
    }

    #[test]
    fn encode_matches_oracle(s in names()) {
        prop_assert_eq!(encode(&s), oracle::encode(&s));
    }

    #[test]
    fn encode_into_appends(prefix in names(), s in names()) {
        let mut out = prefix.clone();
        encode_into(&s, &mut out);
        prop_assert_eq!(out, prefix + &oracle::encode(&s));
    }

    #[test]
    fn strict_decode_matches_oracle(w in wireish()) {
        prop_assert_eq!(decode(&w).ok().map(Cow::into_owned), oracle::decode_strict(&w));
        prop_assert_eq!(is_canonical(&w), oracle::decode_strict(&w).is_some());
    }

    #[test]
    fn lenient_decode_matches_oracle(w in wireish()) {
        prop_assert_eq!(
            decode_lenient(&w).ok().map(Cow::into_owned),
            oracle::decode_loose(&w, true)
        );
        let no_raw = LENIENT.with_raw_utf8(false);
        prop_assert_eq!(
            no_raw.decode(&w).ok().map(Cow::into_owned),
            oracle::decode_loose(&w, false)
        );
    }

    #[test]
    fn decode_never_panics(w in proptest::collection::vec(any::<u8>(), 0..200)) {
        let strict = decode(&w);
        let lenient = decode_lenient(&w);
        for e in [strict.as_ref().err(), lenient.as_ref().err()].into_iter().flatten() {
            prop_assert!(e.offset <= w.len());
        }
        if let Ok(s) = &strict {
            // Canonical input is exactly the encoding of what it decodes to,
            // and lenient decoding agrees.
            let again = encode(s);
            prop_assert_eq!(again.as_bytes(), &w[..]);
            prop_assert_eq!(lenient.as_deref().ok(), Some(&**s));
        }
        prop_assert_eq!(strict.ok().map(Cow::into_owned), oracle::decode_strict(&w));
    }

    #[test]
    fn lenient_output_reencodes_canonically(w in wireish()) {
        if let Ok(s) = decode_lenient(&w) {
            let canon = encode(&s);
            prop_assert_eq!(decode(canon.as_bytes()).unwrap(), s);
        }
    }

    #[test]
    fn decode_into_and_validate_agree_with_decode(w in wireish(), prefix in "[a-z]{0,4}") {
        for opts in [STRICT, LENIENT] {
            let mut out = prefix.clone();
            let r = opts.decode_into(&w, &mut out);
            match opts.decode(&w) {
                Ok(s) => {
                    prop_assert!(r.is_ok());
                    prop_assert_eq!(&out, &(prefix.clone() + &s));
                    prop_assert!(opts.validate(&w).is_ok());
                }
                Err(e) => {
                    prop_assert_eq!(r, Err(e));
                    prop_assert_eq!(&out, &prefix);
                    prop_assert_eq!(opts.validate(&w), Err(e));
                }
            }
        }
    }
}
