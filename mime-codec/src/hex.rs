//! Hexadecimal octets, as the `=XX` (quoted-printable, RFC 2047 Q) and `%XX`
//! (RFC 2231) escapes write them.

/// The value of one hex digit, either case; `None` for any other byte.
#[inline]
pub(crate) const fn value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// The two uppercase hex digits of `b` (the form every escape here writes).
#[inline]
pub(crate) const fn upper(b: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    [DIGITS[(b >> 4) as usize], DIGITS[(b & 15) as usize]]
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_octet_round_trips_in_both_cases() {
        for b in 0..=255u8 {
            let [h, l] = super::upper(b);
            assert!(h.is_ascii_hexdigit() && !h.is_ascii_lowercase());
            assert!(l.is_ascii_hexdigit() && !l.is_ascii_lowercase());
            for (h, l) in [(h, l), (h.to_ascii_lowercase(), l.to_ascii_lowercase())] {
                assert_eq!(
                    super::value(h)
                        .zip(super::value(l))
                        .map(|(h, l)| h << 4 | l),
                    Some(b)
                );
            }
        }
        assert_eq!(super::value(b'g'), None);
        assert_eq!(super::value(b'/'), None);
    }
}
