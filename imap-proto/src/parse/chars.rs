//! Character classes of RFC 9051 §9 (and RFC 3501 §9), one table lookup per byte.

/// `ATOM-CHAR = <any CHAR except atom-specials>`;
/// `atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards / quoted-specials / resp-specials`.
pub(crate) const ATOM: u8 = 1 << 0;
/// `ASTRING-CHAR = ATOM-CHAR / resp-specials` (`]` too).
pub(crate) const ASTRING: u8 = 1 << 1;
/// A `tag` character: `<any ASTRING-CHAR except "+">`.
pub(crate) const TAG: u8 = 1 << 2;
/// `list-char = ATOM-CHAR / list-wildcards / resp-specials` (RFC 9051 §9 `list-mailbox`).
pub(crate) const LIST: u8 = 1 << 3;
/// An ASCII `QUOTED-CHAR` that needs no escape: `<any TEXT-CHAR except quoted-specials>`.
pub(crate) const QUOTED: u8 = 1 << 4;
/// `TEXT-CHAR = <any CHAR except CR and LF>` (ASCII, NUL excluded: `CHAR = %x01-7F`).
pub(crate) const TEXT: u8 = 1 << 5;
/// `DIGIT`.
pub(crate) const DIGIT: u8 = 1 << 6;

/// The class bits of every byte.
pub(crate) static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0usize;
    while c < 128 {
        let b = c as u8;
        let ctl = b < 0x20 || b == 0x7F;
        let mut bits = 0u8;
        if b != 0 && b != b'\r' && b != b'\n' {
            bits |= TEXT;
            if b != b'"' && b != b'\\' {
                bits |= QUOTED;
            }
        }
        let atom_special = matches!(
            b,
            b'(' | b')' | b'{' | b' ' | b'%' | b'*' | b'"' | b'\\' | b']'
        );
        if b != 0 && !ctl && !atom_special {
            bits |= ATOM | ASTRING | LIST;
            if b != b'+' {
                bits |= TAG;
            }
        }
        if b == b']' {
            bits |= ASTRING | TAG | LIST;
        }
        if b == b'%' || b == b'*' {
            bits |= LIST;
        }
        if b.is_ascii_digit() {
            bits |= DIGIT;
        }
        t[c] = bits;
        c += 1;
    }
    t
};

/// True when `c` has any of the class bits in `class`.
#[inline(always)]
pub(crate) fn is(c: u8, class: u8) -> bool {
    CLASS[usize::from(c)] & class != 0
}

/// The length of the run of bytes of `class` at the start of `b`.
#[inline(always)]
pub(crate) fn run(b: &[u8], class: u8) -> usize {
    b.iter().position(|&c| !is(c, class)).unwrap_or(b.len())
}

/// Bytes equal to `c`, in each byte of `x`: the lowest set high bit marks the first (bytes
/// above a match may be marked too, so only the lowest mark is used).
#[inline(always)]
const fn bytes_equal(x: u64, c: u8) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    let y = x ^ (LO * c as u64);
    y.wrapping_sub(LO) & !y & (LO << 7)
}

/// The length of the run at the start of `b` of ASCII bytes other than NUL, CR, LF and
/// (with `quoted`) `"` and `\`: the run of `TEXT`, or with `quoted` of `QUOTED`, read eight
/// bytes at a time (human-readable text and quoted strings are the long runs of a message).
#[inline(always)]
pub(crate) fn text_run(b: &[u8], quoted: bool) -> usize {
    let mut i = 0;
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*chunk);
        let mut stop = (x & 0x8080_8080_8080_8080)
            | bytes_equal(x, 0)
            | bytes_equal(x, b'\r')
            | bytes_equal(x, b'\n');
        if quoted {
            stop |= bytes_equal(x, b'"') | bytes_equal(x, b'\\');
        }
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let tail = b.get(i..).unwrap_or_default();
    i + run(tail, if quoted { QUOTED } else { TEXT })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time runs agree with the table on every byte at every position of a
    /// 20-byte buffer (a stop byte in the first word, the second, the tail), and after
    /// every other byte (a false mark above a match must not matter).
    #[test]
    fn text_runs_match_the_table() {
        for c in 0u8..=255 {
            for at in 0..20 {
                for before in [b'a', 0x01, 0x00, b'"'] {
                    let mut b = [b'x'; 20];
                    b[at] = c;
                    if at + 1 < 20 {
                        b[at + 1] = before;
                    }
                    for quoted in [false, true] {
                        let class = if quoted { QUOTED } else { TEXT };
                        assert_eq!(
                            text_run(&b, quoted),
                            run(&b, class),
                            "{c:#x} at {at}, then {before:#x}, quoted {quoted}"
                        );
                    }
                }
            }
        }
    }

    /// The table against the ABNF read directly, byte by byte.
    #[test]
    fn classes_follow_the_abnf() {
        for c in 0u8..=255 {
            let char_ = (0x01..=0x7F).contains(&c);
            let ctl = c < 0x20 || c == 0x7F;
            let list_wildcards = c == b'%' || c == b'*';
            let quoted_specials = c == b'"' || c == b'\\';
            let resp_specials = c == b']';
            let atom_specials = c == b'('
                || c == b')'
                || c == b'{'
                || c == b' '
                || ctl
                || list_wildcards
                || quoted_specials
                || resp_specials;
            let atom_char = char_ && !atom_specials;
            let astring_char = atom_char || resp_specials;
            let text_char = char_ && c != b'\r' && c != b'\n';
            assert_eq!(is(c, ATOM), atom_char, "ATOM {c:#x}");
            assert_eq!(is(c, ASTRING), astring_char, "ASTRING {c:#x}");
            assert_eq!(is(c, TAG), astring_char && c != b'+', "TAG {c:#x}");
            assert_eq!(
                is(c, LIST),
                atom_char || list_wildcards || resp_specials,
                "LIST {c:#x}"
            );
            assert_eq!(is(c, TEXT), text_char, "TEXT {c:#x}");
            assert_eq!(
                is(c, QUOTED),
                text_char && !quoted_specials,
                "QUOTED {c:#x}"
            );
            assert_eq!(is(c, DIGIT), c.is_ascii_digit(), "DIGIT {c:#x}");
        }
        assert_eq!(run(b"abc def", ATOM), 3);
        assert_eq!(run(b"abc", ATOM), 3);
        assert_eq!(run(b"", ATOM), 0);
    }
}
