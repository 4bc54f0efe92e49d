//! Base64 alphabets and the lookup tables derived from them at compile time.

use core::fmt;

/// Marker in the sextet table for a byte that is not a symbol of the alphabet.
pub(crate) const INVALID_SEXTET: u8 = 0xFF;
/// Marker in the pair table: bits above the 12 a valid pair decodes to, so that
/// OR-ing entries shows at once whether any pair was invalid.
pub(crate) const INVALID_PAIR: u16 = 0xF000;

/// A 64-symbol Base64 alphabet with its encode and decode tables.
///
/// The tables are computed by `const fn`, so an alphabet declared as a `static`
/// costs nothing at run time. They are large — about 140 KiB per alphabet, most of
/// it the 64 Ki-entry pair table that lets the decoder turn two symbols into 12
/// bits with one lookup (valid input touches only ~12 KiB of it) — so declare
/// custom alphabets as `static`, never as locals. Three alphabets are predefined:
/// [`STANDARD`](Self::STANDARD) (RFC 4648 §4), [`URL_SAFE`](Self::URL_SAFE)
/// (RFC 4648 §5) and [`IMAP`](Self::IMAP) (RFC 3501 §5.1.3, `,` instead of `/`).
///
/// ```
/// use mime_codec::base64::Alphabet;
///
/// // A custom alphabet: the "crypt" ordering.
/// static CRYPT: Alphabet = match Alphabet::new(
///     b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
/// ) {
///     Ok(a) => a,
///     Err(_) => panic!("bad alphabet"),
/// };
/// assert_eq!(CRYPT.symbols()[0], b'.');
/// ```
pub struct Alphabet {
    symbols: [u8; 64],
    /// Two symbols for every 12-bit value `hi << 6 | lo`, as a little-endian
    /// `u16`: `pairs[v].to_le_bytes() == [symbols[hi], symbols[lo]]`.
    pub(crate) pairs: [u16; 4096],
    /// `sextets[byte]` is the 6-bit value of `byte`, or [`INVALID_SEXTET`].
    pub(crate) sextets: [u8; 256],
    /// The 12 bits two symbols decode to, indexed by the symbols as a
    /// little-endian `u16` (`first | second << 8`), or [`INVALID_PAIR`].
    /// 128 KiB, but valid input touches only about 12 KiB of it (64 rows of
    /// three cache lines), which stays in L1.
    pub(crate) pair_values: [u16; 65536],
}

/// Why a candidate alphabet was refused by [`Alphabet::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AlphabetError {
    /// A symbol appears twice.
    #[error("symbol {0:#04x} appears more than once in the alphabet")]
    Duplicate(u8),
    /// A symbol is not printable ASCII, or is `=` (the pad character).
    #[error("symbol {0:#04x} is not a printable ASCII character other than '='")]
    Unprintable(u8),
}

impl Alphabet {
    /// RFC 4648 §4: `A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/`.
    pub const STANDARD: Self =
        Self::must(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    /// RFC 4648 §5 ("base64url"): `-` and `_` instead of `+` and `/`.
    pub const URL_SAFE: Self =
        Self::must(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    /// RFC 3501 §5.1.3 (IMAP modified UTF-7): `,` instead of `/`.
    pub const IMAP: Self =
        Self::must(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,");

    const fn must(symbols: &[u8; 64]) -> Self {
        match Self::new(symbols) {
            Ok(a) => a,
            Err(_) => panic!("invalid built-in alphabet"),
        }
    }

    /// Builds an alphabet from 64 distinct printable ASCII symbols (`=` excluded).
    ///
    /// # Errors
    /// [`AlphabetError`] names the first offending symbol.
    pub const fn new(symbols: &[u8; 64]) -> Result<Self, AlphabetError> {
        let mut sextets = [INVALID_SEXTET; 256];
        let mut i = 0;
        while i < 64 {
            let s = symbols[i];
            if s < 0x21 || s > 0x7E || s == b'=' {
                return Err(AlphabetError::Unprintable(s));
            }
            if sextets[s as usize] != INVALID_SEXTET {
                return Err(AlphabetError::Duplicate(s));
            }
            sextets[s as usize] = i as u8;
            i += 1;
        }
        let mut pairs = [0u16; 4096];
        let mut p = 0;
        while p < 4096 {
            pairs[p] = u16::from_le_bytes([symbols[p >> 6], symbols[p & 0x3F]]);
            p += 1;
        }
        let mut pair_values = [INVALID_PAIR; 65536];
        let mut first = 0;
        while first < 64 {
            let mut second = 0;
            while second < 64 {
                let index = (symbols[first] as usize) | ((symbols[second] as usize) << 8);
                pair_values[index] = ((first << 6) | second) as u16;
                second += 1;
            }
            first += 1;
        }
        Ok(Self {
            pair_values,
            symbols: *symbols,
            pairs,
            sextets,
        })
    }

    /// The 64 symbols, in value order.
    pub const fn symbols(&self) -> &[u8; 64] {
        &self.symbols
    }

    /// The symbol for a 6-bit value (only the low six bits of `value` are used).
    #[inline]
    pub const fn symbol(&self, value: u8) -> u8 {
        self.symbols[(value & 0x3F) as usize]
    }

    /// The 6-bit value of `byte`, or `None` when it is not a symbol of this alphabet.
    #[inline]
    pub const fn value(&self, byte: u8) -> Option<u8> {
        match self.sextets[byte as usize] {
            INVALID_SEXTET => None,
            v => Some(v),
        }
    }
}

impl fmt::Debug for Alphabet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The tables are derived; the symbols identify the alphabet.
        f.debug_tuple("Alphabet")
            .field(&core::str::from_utf8(&self.symbols).unwrap_or("<non-utf8>"))
            .finish()
    }
}

impl PartialEq for Alphabet {
    fn eq(&self, other: &Self) -> bool {
        self.symbols == other.symbols
    }
}

impl Eq for Alphabet {}

/// The predefined alphabets as statics, so engines can hold `&'static` references.
pub(crate) static STANDARD: Alphabet = Alphabet::STANDARD;
pub(crate) static URL_SAFE: Alphabet = Alphabet::URL_SAFE;
pub(crate) static IMAP: Alphabet = Alphabet::IMAP;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_alphabets() {
        let mut s = *Alphabet::STANDARD.symbols();
        s[5] = b'A';
        assert_eq!(
            Alphabet::new(&s).err(),
            Some(AlphabetError::Duplicate(b'A'))
        );
        s[5] = b'=';
        assert_eq!(
            Alphabet::new(&s).err(),
            Some(AlphabetError::Unprintable(b'='))
        );
        s[5] = b' ';
        assert_eq!(
            Alphabet::new(&s).err(),
            Some(AlphabetError::Unprintable(b' '))
        );
    }

    #[test]
    fn tables_agree_with_symbols() {
        for a in [&STANDARD, &URL_SAFE, &IMAP] {
            for v in 0..64u8 {
                let s = a.symbol(v);
                assert_eq!(a.value(s), Some(v));
                let pair = usize::from(s) | (usize::from(a.symbol(63 - v)) << 8);
                assert_eq!(a.pair_values[pair], (u16::from(v) << 6) | u16::from(63 - v));
            }
            assert_eq!(a.value(b'='), None);
            assert_eq!(
                a.pair_values[usize::from(b'=') | usize::from(b'A') << 8],
                INVALID_PAIR
            );
            assert_eq!(
                a.pairs[(1 << 6) | 2].to_le_bytes(),
                [a.symbol(1), a.symbol(2)]
            );
        }
        // RFC 4648 §4 table: value 62 is '+', 63 is '/'; §5: '-' and '_'.
        assert_eq!(STANDARD.symbol(62), b'+');
        assert_eq!(STANDARD.symbol(63), b'/');
        assert_eq!(URL_SAFE.symbol(62), b'-');
        assert_eq!(URL_SAFE.symbol(63), b'_');
        assert_eq!(IMAP.symbol(63), b',');
    }
}
