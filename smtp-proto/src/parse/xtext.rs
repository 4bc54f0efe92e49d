//! `xtext` (RFC 3461 §4) and the `utf-8-addr-xtext` / `utf-8-addr-unitext` forms of
//! RFC 6533 §3: validation at parse time, decoding and encoding on demand.
//!
//! ```text
//! xtext   = *( xchar / hexchar )
//! xchar   = any ASCII CHAR between "!" (33) and "~" (126) inclusive,
//!           except for "+" and "=".
//! hexchar = ASCII "+" immediately followed by two upper case hexadecimal digits
//! ```
//!
//! ```text
//! utf-8-addr-xtext    = 1*(QCHAR / EmbeddedUnicodeChar)
//! utf-8-addr-unitext  = 1*(QUCHAR / EmbeddedUnicodeChar)
//! QCHAR               = %x21-2a / %x2c-3c / %x3e-5b / %x5d-7e
//! QUCHAR              = QCHAR / UTF8-2 / UTF8-3 / UTF8-4
//! EmbeddedUnicodeChar = %x5C.78 "{" HEXPOINT "}"
//! HEXPOINT = ( ( "0"/"1" ) %x31-39 ) / "10" / "20" / "2B" / "3D" / "7F" /
//!            "5C" / (HEXDIG8 HEXDIG) / ( NZHEXDIG 2(HEXDIG) ) /
//!            ( NZDHEXDIG 3(HEXDIG) ) / ( "D" %x30-37 2(HEXDIG) ) /
//!            ( NZHEXDIG 4(HEXDIG) ) / ( "10" 4*HEXDIG )
//! ```
//!
//! ```
//! use smtp_proto::types::param::XText;
//! let x = XText::new("e+3Dmc2@example.com").unwrap(); // RFC 4954 §5
//! assert_eq!(x.decode().as_ref(), b"e=mc2@example.com");
//! assert_eq!(XText::from_bytes(b"e=mc2").unwrap().as_str(), "e+3Dmc2");
//! ```

use std::borrow::Cow;

use crate::error::{Error, ErrorKind};
use crate::parse::path::{class, expected, hex_val, is};

/// RFC 3461 §4 `xchar`: `!` to `~` except `+` and `=`.
#[inline]
pub(crate) const fn is_xchar(c: u8) -> bool {
    matches!(c, 33..=126) && c != b'+' && c != b'='
}

#[inline]
pub(crate) const fn is_upper_hex(c: u8) -> bool {
    matches!(c, b'0'..=b'9' | b'A'..=b'F')
}

/// Validates `b[start..end]` as non-empty xtext.
#[inline]
pub(crate) fn validate_xtext(b: &[u8], start: usize, end: usize) -> Result<(), Error> {
    if start >= end {
        return Err(expected(start, "xtext"));
    }
    let mut i = start;
    while i < end {
        let c = b[i];
        if is(c, class::XCHAR) {
            i += 1;
        } else if c == b'+' {
            if i + 2 < end && is(b[i + 1], class::UPPER_HEX) && is(b[i + 2], class::UPPER_HEX) {
                i += 3;
            } else {
                return Err(Error::new(i, ErrorKind::InvalidXtext));
            }
        } else {
            return Err(expected(
                i,
                "xtext character (printable ASCII; '+XX' for others)",
            ));
        }
    }
    Ok(())
}

/// Decodes valid xtext; borrowed when there is no `+XX`.
pub(crate) fn decode_xtext(s: &str) -> Cow<'_, [u8]> {
    let b = s.as_bytes();
    if !b.contains(&b'+') {
        return Cow::Borrowed(b);
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'+' && i + 2 < b.len() {
            out.push((hex_val(b[i + 1]) << 4) | hex_val(b[i + 2]));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Cow::Owned(out)
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Encodes octets as xtext.
pub(crate) fn encode_xtext(raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len());
    for &c in raw {
        if is_xchar(c) {
            out.push(char::from(c));
        } else {
            out.push('+');
            out.push(char::from(HEX_UPPER[usize::from(c >> 4)]));
            out.push(char::from(HEX_UPPER[usize::from(c & 15)]));
        }
    }
    out
}

/// RFC 6533 §3 `QCHAR`: printable ASCII except SP, `\`, `+`, `=`.
#[inline]
const fn is_qchar(c: u8) -> bool {
    matches!(c, 0x21..=0x2a | 0x2c..=0x3c | 0x3e..=0x5b | 0x5d..=0x7e)
}

/// Checks the digits of a HEXPOINT (RFC 6533 §3) and returns the code point.
fn hexpoint(d: &[u8]) -> Option<u32> {
    if d.is_empty() || d.len() > 6 || !d.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let v = d
        .iter()
        .fold(0u32, |v, &c| (v << 4) | u32::from(hex_val(c)));
    let first = d[0].to_ascii_uppercase();
    let ok = match d.len() {
        // ( "0"/"1" ) %x31-39, the xtext-specials "10" "20" "2B" "3D" "7F" "5C",
        // and HEXDIG8 HEXDIG (0x80-0xFF).
        2 => {
            (matches!(d[0], b'0' | b'1') && matches!(d[1], b'1'..=b'9'))
                || matches!(v, 0x10 | 0x20 | 0x2B | 0x3D | 0x7F | 0x5C)
                || v >= 0x80
        }
        // NZHEXDIG 2(HEXDIG)
        3 => first != b'0',
        // NZDHEXDIG 3(HEXDIG) / "D" %x30-37 2(HEXDIG): no leading zero, no surrogate.
        4 => first != b'0' && !(0xD800..=0xDFFF).contains(&v),
        // NZHEXDIG 4(HEXDIG)
        5 => first != b'0',
        // "10" 4HEXDIG
        6 => d[0] == b'1' && d[1] == b'0',
        _ => false,
    };
    ok.then_some(v)
}

/// Validates `b[start..end]` as `utf-8-addr-unitext` (which includes `utf-8-addr-xtext`).
/// `b` comes from a `&str`, so bytes >= 0x80 are parts of valid UTF-8 sequences.
pub(crate) fn validate_utf8_addr(b: &[u8], start: usize, end: usize) -> Result<(), Error> {
    if start >= end {
        return Err(expected(start, "utf-8-addr-xtext"));
    }
    let mut i = start;
    while i < end {
        let c = b[i];
        if is_qchar(c) || c >= 0x80 {
            i += 1;
        } else if c == b'\\' {
            let ok = b.get(i + 1) == Some(&b'x') && b.get(i + 2) == Some(&b'{');
            let close = b[i..end].iter().position(|&c| c == b'}').map(|p| i + p);
            match (ok, close) {
                (true, Some(close)) if hexpoint(&b[i + 3..close]).is_some() => i = close + 1,
                _ => return Err(Error::new(i, ErrorKind::InvalidXtext)),
            }
        } else {
            return Err(expected(
                i,
                "utf-8-addr-xtext character (printable except SP \\ + =; '\\x{HEX}' for others)",
            ));
        }
    }
    Ok(())
}

/// Decodes a valid `utf-8-addr-unitext`/`utf-8-addr-xtext`; borrowed when there is no
/// `\x{…}`.
pub(crate) fn decode_utf8_addr(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find("\\x{") {
        out.push_str(&rest[..p]);
        let after = &rest[p + 3..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[p..]);
            return Cow::Owned(out);
        };
        match hexpoint(&after.as_bytes()[..close]).and_then(char::from_u32) {
            Some(ch) => out.push(ch),
            None => out.push_str(&rest[p..p + 3 + close + 1]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Encodes `text` as `utf-8-addr-unitext` (non-ASCII kept) or, with `ascii_only`,
/// `utf-8-addr-xtext` (every non-ASCII character as `\x{HEX}`). Errors on characters that
/// no HEXPOINT can carry (NUL and most control characters).
pub(crate) fn encode_utf8_addr(text: &str, ascii_only: bool) -> Result<String, Error> {
    let mut out = String::with_capacity(text.len());
    for (at, ch) in text.char_indices() {
        let v = u32::from(ch);
        if (v < 0x80 && is_qchar(v as u8)) || (v >= 0x80 && !ascii_only) {
            out.push(ch);
            continue;
        }
        let digits = format!("{v:X}");
        let digits = if digits.len() == 1 {
            format!("0{digits}")
        } else {
            digits
        };
        if hexpoint(digits.as_bytes()).is_none() {
            return Err(Error::new(at, ErrorKind::InvalidXtext));
        }
        out.push_str("\\x{");
        out.push_str(&digits);
        out.push('}');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xtext_rules() {
        let v = |s: &str| validate_xtext(s.as_bytes(), 0, s.len());
        assert!(v("abc+2B+3D").is_ok());
        assert_eq!(v("a+2b"), Err(Error::new(1, ErrorKind::InvalidXtext)));
        assert_eq!(v("a+2"), Err(Error::new(1, ErrorKind::InvalidXtext)));
        assert!(v("a=b").is_err());
        assert!(v("").is_err());
        assert_eq!(decode_xtext("a+2Bb+3D").as_ref(), b"a+b=");
        assert_eq!(encode_xtext(b"a+b= \xff"), "a+2Bb+3D+20+FF");
    }

    #[test]
    fn hexpoint_forms() {
        // Values worked out from the HEXPOINT rule of RFC 6533 §3.
        for ok in [
            "01", "09", "11", "19", "10", "20", "2B", "2b", "3D", "7F", "5C", "80", "FF", "100",
            "FFF", "1000", "D7FF", "E000", "FFFF", "10000", "FFFFF", "100000", "10FFFF",
        ] {
            assert!(hexpoint(ok.as_bytes()).is_some(), "{ok}");
        }
        for bad in [
            "", "0", "00", "0A", "1A", "21", "41", "7E", "0FF", "0100", "D800", "DFFF", "0FFFF",
            "110000", "200000", "1000000",
        ] {
            assert!(hexpoint(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn utf8_addr() {
        let v = |s: &str| validate_utf8_addr(s.as_bytes(), 0, s.len());
        assert!(v("用户@例子.广告").is_ok());
        assert!(v("\\x{7528}\\x{6237}@example.com").is_ok());
        assert!(v("a+b@example.com").is_err());
        assert_eq!(v("a\\x{41}@x"), Err(Error::new(1, ErrorKind::InvalidXtext)));
        assert_eq!(decode_utf8_addr("\\x{7528}x\\x{2B}"), "用x+");
        assert_eq!(encode_utf8_addr("用+", true).unwrap(), "\\x{7528}\\x{2B}");
        assert_eq!(encode_utf8_addr("用+", false).unwrap(), "用\\x{2B}");
        assert!(encode_utf8_addr("a\nb", false).is_err());
    }
}
