//! Decoding text in a named charset, for RFC 2047 encoded words and RFC 2231
//! parameter values.
//!
//! MIME names the charset of a piece of text with a label (`charset=` in RFC
//! 2046 §4.1.2, the charset part of an RFC 2047 §2 encoded word, the first
//! segment of an RFC 2231 §4 extended value). [`Charset::for_label`] looks a
//! label up, ignoring ASCII case and surrounding whitespace; [`Charset::decode`]
//! turns bytes in that charset into text.
//!
//! Always available, written by hand: UTF-8, US-ASCII and ISO-8859-1 under their
//! IANA names and aliases (plus the WHATWG spellings such as `utf8` and
//! `iso88591`). With the `charsets` feature every other label the
//! [`encoding_rs`](https://docs.rs/encoding_rs) crate knows (WHATWG Encoding
//! Standard labels: `windows-1252`, `koi8-r`, `iso-2022-jp`, `gb18030`, …) is
//! decoded by `encoding_rs`.
//!
//! Decisions:
//! - **Malformed bytes** in a known charset become U+FFFD REPLACEMENT
//!   CHARACTER, one per maximal invalid subsequence (the WHATWG rule, also
//!   what `String::from_utf8_lossy` does), and [`Decoded::had_errors`] is set.
//!   Decoding never fails once the charset is known.
//! - **US-ASCII** is 7-bit: every byte 0x80–0xFF is malformed.
//! - **ISO-8859-1** is decoded as ISO-8859-1: byte `n` is U+00`n`, so 0x80–0x9F
//!   are C1 controls. WHATWG (and so `encoding_rs`) maps the `iso-8859-1` and
//!   `us-ascii` labels to windows-1252 instead; this module does not, with or
//!   without the feature, so that a label decodes the same way in every build.
//!   Name `windows-1252` (feature `charsets`) to get that table.
//! - **Unknown labels** give [`UnknownCharset`]. So do the labels WHATWG maps
//!   to its "replacement" encoding (`iso-2022-kr`, `hz-gb-2312`, …), which
//!   would turn any input into a single U+FFFD.
//! - Byte order marks are not interpreted: the label decides the charset.
//!
//! ```
//! use mime_codec::charset::{self, Charset};
//!
//! let latin1 = Charset::for_label("ISO-8859-1").unwrap();
//! assert_eq!(latin1.decode(b"Andr\xE9").text, "André");
//!
//! // Valid UTF-8 is borrowed, not copied.
//! let d = charset::decode("utf-8", "naïve".as_bytes()).unwrap();
//! assert!(matches!(d.text, std::borrow::Cow::Borrowed("naïve")));
//!
//! // Malformed bytes become U+FFFD.
//! let d = Charset::US_ASCII.decode(b"caf\xE9");
//! assert_eq!((d.text.as_ref(), d.had_errors), ("caf\u{FFFD}", true));
//!
//! assert_eq!(
//!     Charset::for_label("x-no-such-charset").unwrap_err().label,
//!     "x-no-such-charset"
//! );
//! ```

use alloc::borrow::Cow;
use alloc::string::String;

/// A charset this crate can decode. Small and `Copy`; compare with `==`
/// (two labels of the same charset give equal values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Charset(Kind);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Utf8,
    UsAscii,
    Latin1,
    #[cfg(feature = "charsets")]
    Other(&'static encoding_rs::Encoding),
}

/// A label [`Charset::for_label`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown charset {label:?}")]
pub struct UnknownCharset {
    /// The label as given (lossily converted to UTF-8 when it was bytes).
    pub label: String,
}

/// Text decoded from a charset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text; borrowed from the input when the bytes were already valid
    /// UTF-8 text of this charset.
    pub text: Cow<'a, str>,
    /// Whether some bytes were malformed and replaced by U+FFFD.
    pub had_errors: bool,
}

/// Labels of UTF-8: IANA (`UTF-8`, `csUTF8`) and WHATWG.
const UTF8_LABELS: &[&str] = &[
    "utf-8",
    "utf8",
    "csutf8",
    "unicode-1-1-utf-8",
    "unicode11utf8",
    "unicode20utf8",
    "x-unicode20utf8",
];

/// Labels of US-ASCII: the IANA name and aliases (RFC 2046 §4.1.2 spells it
/// `US-ASCII`), plus WHATWG's `ascii`.
const ASCII_LABELS: &[&str] = &[
    "us-ascii",
    "ascii",
    "us",
    "ansi_x3.4-1968",
    "ansi_x3.4-1986",
    "iso-ir-6",
    "iso_646.irv:1991",
    "iso646-us",
    "ibm367",
    "cp367",
    "csascii",
];

/// Labels of ISO-8859-1: the IANA name and aliases, plus WHATWG's
/// `iso8859-1` and `iso88591`.
const LATIN1_LABELS: &[&str] = &[
    "iso-8859-1",
    "iso_8859-1",
    "iso_8859-1:1987",
    "iso8859-1",
    "iso88591",
    "iso-ir-100",
    "latin1",
    "l1",
    "ibm819",
    "cp819",
    "csisolatin1",
];

/// The whitespace `encoding_rs` trims around labels (WHATWG "ASCII whitespace").
const fn is_label_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn trim_label(label: &[u8]) -> &[u8] {
    let start = label
        .iter()
        .position(|&b| !is_label_space(b))
        .unwrap_or(label.len());
    let end = label
        .iter()
        .rposition(|&b| !is_label_space(b))
        .map_or(start, |i| i + 1);
    &label[start..end]
}

fn in_table(table: &[&str], label: &[u8]) -> bool {
    table
        .iter()
        .any(|name| name.as_bytes().eq_ignore_ascii_case(label))
}

impl Charset {
    /// UTF-8 (RFC 3629).
    pub const UTF_8: Self = Self(Kind::Utf8);
    /// US-ASCII (7-bit).
    pub const US_ASCII: Self = Self(Kind::UsAscii);
    /// ISO-8859-1 (Latin-1): byte `n` is code point `n`.
    pub const ISO_8859_1: Self = Self(Kind::Latin1);

    /// Looks up a charset label, ignoring ASCII case and leading or trailing
    /// whitespace.
    ///
    /// # Errors
    /// [`UnknownCharset`] when no decoder is known for the label (in this
    /// build: without the `charsets` feature only UTF-8, US-ASCII and
    /// ISO-8859-1 are known).
    pub fn for_label(label: &str) -> Result<Self, UnknownCharset> {
        Self::for_label_bytes(label.as_bytes())
    }

    /// [`for_label`](Self::for_label) for a label given as bytes (a label read
    /// from a header that is not known to be UTF-8).
    ///
    /// # Errors
    /// As [`for_label`](Self::for_label).
    pub fn for_label_bytes(label: &[u8]) -> Result<Self, UnknownCharset> {
        Self::lookup(label).ok_or_else(|| UnknownCharset {
            label: String::from_utf8_lossy(label).into_owned(),
        })
    }

    /// The lookup without building an error (used on hot paths that fall back
    /// to literal text).
    pub(crate) fn lookup(label: &[u8]) -> Option<Self> {
        let label = trim_label(label);
        if in_table(UTF8_LABELS, label) {
            return Some(Self::UTF_8);
        }
        if in_table(ASCII_LABELS, label) {
            return Some(Self::US_ASCII);
        }
        if in_table(LATIN1_LABELS, label) {
            return Some(Self::ISO_8859_1);
        }
        Self::lookup_other(label)
    }

    #[cfg(feature = "charsets")]
    fn lookup_other(label: &[u8]) -> Option<Self> {
        let enc = encoding_rs::Encoding::for_label_no_replacement(label)?;
        if enc == encoding_rs::UTF_8 {
            Some(Self::UTF_8)
        } else {
            Some(Self(Kind::Other(enc)))
        }
    }

    #[cfg(not(feature = "charsets"))]
    fn lookup_other(_label: &[u8]) -> Option<Self> {
        None
    }

    /// The charset's preferred name: `UTF-8`, `US-ASCII`, `ISO-8859-1`, or the
    /// `encoding_rs` name (for example `windows-1252`, `KOI8-R`).
    pub fn name(self) -> &'static str {
        match self.0 {
            Kind::Utf8 => "UTF-8",
            Kind::UsAscii => "US-ASCII",
            Kind::Latin1 => "ISO-8859-1",
            #[cfg(feature = "charsets")]
            Kind::Other(enc) => enc.name(),
        }
    }

    /// Decodes `bytes`, replacing malformed sequences with U+FFFD (see the
    /// module docs). Borrows when the bytes are already the text.
    pub fn decode(self, bytes: &[u8]) -> Decoded<'_> {
        match self.0 {
            Kind::Utf8 => decode_utf8(bytes),
            Kind::UsAscii => decode_ascii(bytes),
            Kind::Latin1 => decode_latin1(bytes),
            #[cfg(feature = "charsets")]
            Kind::Other(enc) => {
                let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                Decoded { text, had_errors }
            }
        }
    }
}

/// Looks up `label` and decodes `bytes` in that charset.
///
/// # Errors
/// [`UnknownCharset`] when the label is not known.
pub fn decode<'a>(label: &str, bytes: &'a [u8]) -> Result<Decoded<'a>, UnknownCharset> {
    Ok(Charset::for_label(label)?.decode(bytes))
}

fn decode_utf8(bytes: &[u8]) -> Decoded<'_> {
    match core::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: Cow::Borrowed(s),
            had_errors: false,
        },
        Err(_) => Decoded {
            text: Cow::Owned(String::from_utf8_lossy(bytes).into_owned()),
            had_errors: true,
        },
    }
}

fn decode_ascii(bytes: &[u8]) -> Decoded<'_> {
    if bytes.is_ascii() {
        // ASCII bytes are valid UTF-8 with the same meaning.
        return decode_utf8(bytes);
    }
    let text = bytes
        .iter()
        .map(|&b| {
            if b.is_ascii() {
                char::from(b)
            } else {
                '\u{FFFD}'
            }
        })
        .collect();
    Decoded {
        text: Cow::Owned(text),
        had_errors: true,
    }
}

fn decode_latin1(bytes: &[u8]) -> Decoded<'_> {
    if bytes.is_ascii() {
        return decode_utf8(bytes);
    }
    Decoded {
        text: Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
        had_errors: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec::Vec;

    #[test]
    fn labels_ignore_case_and_surrounding_whitespace() {
        let cases = [
            ("UTF-8", Charset::UTF_8),
            ("utf8", Charset::UTF_8),
            (" Unicode-1-1-UTF-8\t", Charset::UTF_8),
            ("US-ASCII", Charset::US_ASCII),
            ("ANSI_X3.4-1968", Charset::US_ASCII),
            ("csASCII", Charset::US_ASCII),
            ("ISO-8859-1", Charset::ISO_8859_1),
            ("ISO_8859-1:1987", Charset::ISO_8859_1),
            ("\r\nLatin1 ", Charset::ISO_8859_1),
            ("CP819", Charset::ISO_8859_1),
        ];
        for (label, want) in cases {
            assert_eq!(Charset::for_label(label), Ok(want), "{label:?}");
        }
        assert_eq!(Charset::UTF_8.name(), "UTF-8");
        assert_eq!(Charset::US_ASCII.name(), "US-ASCII");
        assert_eq!(Charset::ISO_8859_1.name(), "ISO-8859-1");
    }

    #[test]
    fn unknown_labels_are_typed_errors() {
        for label in [
            "",
            "  ",
            "x-unknown",
            "utf-8 x",
            "utf-88",
            "unknown-8bit",
            "utf-7",
        ] {
            let err = Charset::for_label(label).unwrap_err();
            assert_eq!(err.label, label);
        }
        // WHATWG's "replacement" labels are refused, not decoded to U+FFFD.
        assert!(Charset::for_label("ISO-2022-KR").is_err());
        assert!(Charset::for_label("hz-gb-2312").is_err());
        let err = Charset::for_label_bytes(b"x-\xFF").unwrap_err();
        assert_eq!(err.label, "x-\u{FFFD}");
        assert_eq!(err.to_string(), "unknown charset \"x-\u{FFFD}\"");
    }

    #[test]
    fn latin1_is_the_identity_on_code_points() {
        let all: Vec<u8> = (0..=255).collect();
        let d = Charset::ISO_8859_1.decode(&all);
        assert!(!d.had_errors);
        let got: Vec<u32> = d.text.chars().map(u32::from).collect();
        let want: Vec<u32> = (0..=255).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn ascii_replaces_every_8bit_byte() {
        let d = Charset::US_ASCII.decode(b"a\x80b\xFF\xFFc");
        assert_eq!(d.text, "a\u{FFFD}b\u{FFFD}\u{FFFD}c");
        assert!(d.had_errors);
        let d = Charset::US_ASCII.decode(b"plain");
        assert!(matches!(d.text, Cow::Borrowed("plain")));
        assert!(!d.had_errors);
    }

    #[test]
    fn utf8_borrows_valid_and_replaces_malformed() {
        let d = Charset::UTF_8.decode("€".as_bytes());
        assert!(matches!(d.text, Cow::Borrowed("€")));
        // A truncated sequence (E2 82 without AC) is one maximal subpart: one U+FFFD.
        let d = Charset::UTF_8.decode(b"x\xE2\x82y");
        assert_eq!((d.text.as_ref(), d.had_errors), ("x\u{FFFD}y", true));
        // A lone continuation byte and an overlong encoding (C0 80: two bytes
        // that can never start a valid sequence).
        let d = Charset::UTF_8.decode(b"\x80\xC0\x80");
        assert_eq!(d.text, "\u{FFFD}\u{FFFD}\u{FFFD}");
        assert_eq!(decode("utf-8", b"ok").unwrap().text, "ok");
        assert!(decode("nope", b"ok").is_err());
    }

    #[cfg(not(feature = "charsets"))]
    #[test]
    fn without_the_feature_other_charsets_are_unknown() {
        for label in ["windows-1252", "koi8-r", "iso-8859-2", "ISO-2022-JP"] {
            assert!(Charset::for_label(label).is_err(), "{label}");
        }
    }

    #[cfg(feature = "charsets")]
    #[test]
    fn koi8r_upper_half_letters_match_rfc1489() {
        // RFC 1489's table: 0xC0..=0xDF are the lower-case letters in this
        // order, 0xE0..=0xFF the same letters in upper case; 0xA3 is ё, 0xB3 Ё.
        let lower = "юабцдефгхийклмнопярстужвьызшэщчъ";
        let upper = "ЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ";
        let cs = Charset::for_label("KOI8-R").unwrap();
        assert_eq!(cs.name(), "KOI8-R");
        let bytes: Vec<u8> = (0xC0..=0xFF).collect();
        let d = cs.decode(&bytes);
        assert!(!d.had_errors);
        assert_eq!(d.text, alloc::format!("{lower}{upper}"));
        assert_eq!(cs.decode(b"\xA3\xB3 \xCD\xC9\xD2").text, "ёЁ мир");
    }

    #[cfg(feature = "charsets")]
    #[test]
    fn encoding_rs_charsets_with_the_feature() {
        // windows-1252: 0x80 is the euro sign, 0x93/0x94 the curly double quotes.
        let cp = Charset::for_label("cp1252").unwrap();
        assert_eq!(cp.name(), "windows-1252");
        assert_eq!(
            cp.decode(b"\x93\x80 5\x94").text,
            "\u{201C}\u{20AC} 5\u{201D}"
        );
        // ISO-2022-JP: ESC $ B switches to JIS X 0208, where row 4 cell 2
        // (bytes 0x24 0x22) is HIRAGANA LETTER A; ESC ( B returns to ASCII.
        let jp = Charset::for_label("iso-2022-jp").unwrap();
        assert_eq!(jp.decode(b"a\x1b$B$\"\x1b(Bb").text, "a\u{3042}b");
        // The hand-written charsets keep their meaning with the feature on:
        // ISO-8859-1 0x80 is U+0080, not the windows-1252 euro sign.
        assert_eq!(Charset::for_label("iso-8859-1"), Ok(Charset::ISO_8859_1));
        assert_eq!(Charset::for_label("us-ascii"), Ok(Charset::US_ASCII));
        assert_eq!(Charset::for_label("unicode20utf8"), Ok(Charset::UTF_8));
        assert_eq!(decode("latin1", b"\x80").unwrap().text, "\u{80}");
        // Malformed input in an encoding_rs charset: U+FFFD and the flag.
        let sjis = Charset::for_label("Shift_JIS").unwrap();
        let d = sjis.decode(b"\x82");
        assert_eq!((d.text.as_ref(), d.had_errors), ("\u{FFFD}", true));
    }
}
