//! The encoder core: a byte classifier, a fast path that copies runs of
//! literal bytes, and a per-byte step for everything that needs a decision
//! (escapes, whitespace, line breaks, the line-start options, soft breaks).
//!
//! Deciding a byte needs at most [`LOOKAHEAD`] bytes after it (`F` of `From `
//! at the start of a line); the streaming encoder holds back that many bytes
//! until more input or the end of input arrives, so any split of the input
//! gives the same output.

use super::{EncodeConfig, MAX_LINE_LEN, Mode};
use crate::hex;

/// Bytes after the current one that a decision may look at.
pub(crate) const LOOKAHEAD: usize = 4;

// Byte classes.
/// Printable, never escaped.
const LIT: u8 = 0;
/// Printable, escaped when the EBCDIC-safe option is on.
const EBCDIC: u8 = 1;
/// `.`: escaped at the start of a line when the dot-safe option is on.
const DOT: u8 = 2;
/// `F`: escaped at the start of a line before `rom ` when the From-safe option is on.
const F: u8 = 3;
/// SP, HT: escaped at the end of a line.
const WS: u8 = 4;
const CR: u8 = 5;
const LF: u8 = 6;
/// `=`, other controls, DEL, bytes above 126: always escaped.
const ESC: u8 = 7;

/// The characters RFC 2045 §6.7 and RFC 2049 §3 name as not reliably
/// transmitted through EBCDIC gateways.
pub(crate) const EBCDIC_UNSAFE: &[u8; 14] = b"!\"#$@[\\]^`{|}~";

const fn class_table() -> [u8; 256] {
    let mut t = [ESC; 256];
    let mut b = 33;
    while b <= 126 {
        t[b] = LIT;
        b += 1;
    }
    t[b'=' as usize] = ESC;
    let mut k = 0;
    while k < EBCDIC_UNSAFE.len() {
        t[EBCDIC_UNSAFE[k] as usize] = EBCDIC;
        k += 1;
    }
    t[b'.' as usize] = DOT;
    t[b'F' as usize] = F;
    t[b' ' as usize] = WS;
    t[b'\t' as usize] = WS;
    t[b'\r' as usize] = CR;
    t[b'\n' as usize] = LF;
    t
}

static CLASS: [u8; 256] = class_table();

/// An upper bound of the output for `len` input bytes starting at column `col`:
/// at most three characters per byte (a line break is two), and a soft break
/// (three characters) only after a line holds at least 73 characters and
/// before at least one more.
pub(crate) const fn max_len(len: usize, col: usize) -> Option<usize> {
    let Some(chars) = len.checked_mul(3) else {
        return None;
    };
    let Some(progress) = chars.checked_add(col) else {
        return None;
    };
    let Some(soft) = (progress.saturating_sub(1) / (MAX_LINE_LEN - 3)).checked_mul(3) else {
        return None;
    };
    chars.checked_add(soft)
}

/// Output that writes what fits and counts everything, so one pass gives both
/// the bytes and the exact length needed.
pub(crate) struct Sink<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> Sink<'a> {
    pub(crate) const fn new(buf: &'a mut [u8]) -> Self {
        Self { buf, len: 0 }
    }

    /// Bytes put so far (possibly more than the buffer holds).
    pub(crate) const fn len(&self) -> usize {
        self.len
    }

    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len.saturating_add(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
    }
}

/// Encoder state between calls: held-back input and the output column.
#[derive(Debug, Clone)]
pub(crate) struct EncodeState {
    pending: [u8; LOOKAHEAD],
    npending: usize,
    /// Characters on the current output line, `0..=MAX_LINE_LEN`.
    col: usize,
}

impl EncodeState {
    pub(crate) const fn new() -> Self {
        Self {
            pending: [0; LOOKAHEAD],
            npending: 0,
            col: 0,
        }
    }

    /// Upper bound of what [`feed`](Self::feed) writes for `len` more bytes.
    pub(crate) const fn feed_len(&self, len: usize) -> Option<usize> {
        match self.npending.checked_add(len) {
            Some(n) => max_len(n, self.col),
            None => None,
        }
    }

    /// Upper bound of what [`finish`](Self::finish) writes.
    pub(crate) const fn finish_len(&self) -> usize {
        match max_len(self.npending, self.col) {
            Some(n) => n,
            None => usize::MAX,
        }
    }

    /// Encodes `input`, holding back the last bytes whose encoding depends on
    /// what follows.
    pub(crate) fn feed(&mut self, cfg: &EncodeConfig, mut input: &[u8], out: &mut Sink<'_>) {
        if self.npending > 0 {
            // Join the held bytes with the start of `input` in a small buffer.
            let old = self.npending;
            let take = input.len().min(3 * LOOKAHEAD);
            let mut tmp = [0u8; 4 * LOOKAHEAD];
            tmp[..old].copy_from_slice(&self.pending[..old]);
            tmp[old..old + take].copy_from_slice(&input[..take]);
            let n = old + take;
            let used = self.run(cfg, &tmp[..n], false, out);
            if used < old {
                // Too little new input to decide the held bytes: all of it was
                // taken (`take == input.len()`), and at most LOOKAHEAD bytes remain.
                let rest = &tmp[used..n];
                self.pending[..rest.len()].copy_from_slice(rest);
                self.npending = rest.len();
                return;
            }
            input = &input[used - old..];
            self.npending = 0;
        }
        let used = self.run(cfg, input, false, out);
        let rest = &input[used..];
        self.pending[..rest.len()].copy_from_slice(rest);
        self.npending = rest.len();
    }

    /// Encodes the held bytes as the end of the input and resets the state.
    pub(crate) fn finish(&mut self, cfg: &EncodeConfig, out: &mut Sink<'_>) {
        let pending = self.pending;
        self.run(cfg, &pending[..self.npending], true, out);
        *self = Self::new();
    }

    /// Encodes the bytes of `buf` that can be decided (all of them when `last`:
    /// the input ends with `buf`); returns how many were consumed.
    pub(crate) fn run(
        &mut self,
        cfg: &EncodeConfig,
        buf: &[u8],
        last: bool,
        out: &mut Sink<'_>,
    ) -> usize {
        let limit = if last {
            buf.len()
        } else {
            buf.len().saturating_sub(LOOKAHEAD)
        };
        // Classes copied as they are when not at the start of a line.
        let plain: u8 = (1 << LIT) | (1 << DOT) | (1 << F) | (u8::from(!cfg.ebcdic_safe) << EBCDIC);
        let mut i = 0;
        while i < limit {
            if self.col > 0 {
                // Literal bytes that leave room for a soft break after them.
                let room = (MAX_LINE_LEN - 1).saturating_sub(self.col);
                let end = limit.min(i.saturating_add(room));
                let mut j = i;
                if !cfg.ebcdic_safe {
                    // Eight bytes at a time while all are literal. A space as the
                    // last of the eight is literal only if no line ends after it.
                    while end - j >= 8 {
                        let Ok(chunk) = <[u8; 8]>::try_from(&buf[j..j + 8]) else {
                            unreachable!()
                        };
                        if !all_literal(u64::from_le_bytes(chunk))
                            || (chunk[7] == b' ' && line_ends_at(cfg.mode, buf, j + 8))
                        {
                            break;
                        }
                        j += 8;
                    }
                }
                while j < end {
                    let class = CLASS[usize::from(buf[j])];
                    // SP and HT are literal too, unless the line ends after them.
                    let literal = (plain >> class) & 1 != 0
                        || (class == WS && !line_ends_at(cfg.mode, buf, j + 1));
                    if !literal {
                        break;
                    }
                    j += 1;
                }
                if j > i {
                    out.put(&buf[i..j]);
                    self.col += j - i;
                    i = j;
                    if i == limit {
                        break;
                    }
                }
            }
            i += self.step(cfg, buf, i, out);
        }
        i
    }

    /// Encodes the byte at `i` (or the CRLF starting there); returns the bytes
    /// consumed. `buf` holds at least LOOKAHEAD bytes after `i`, or ends the input.
    #[inline]
    fn step(&mut self, cfg: &EncodeConfig, buf: &[u8], i: usize, out: &mut Sink<'_>) -> usize {
        let b = buf[i];
        let class = CLASS[usize::from(b)];
        match class {
            CR if cfg.mode != Mode::Binary && buf.get(i + 1) == Some(&b'\n') => {
                out.put(b"\r\n");
                self.col = 0;
                return 2;
            }
            LF if cfg.mode == Mode::Text => {
                out.put(b"\r\n");
                self.col = 0;
                return 1;
            }
            _ => {}
        }
        // Only whitespace and the last columns need to know whether the line
        // ends after this byte.
        let eol = || line_ends_at(cfg.mode, buf, i + 1);
        let mut escape = self.must_escape(cfg, class, buf, i, class == WS && eol());
        let width = if escape { 3 } else { 1 };
        // The line may reach MAX_LINE_LEN only when it ends right after this
        // byte; otherwise a soft break `=` needs the last column.
        if self.col + width >= MAX_LINE_LEN && !(self.col + width == MAX_LINE_LEN && eol()) {
            out.put(b"=\r\n");
            self.col = 0;
            // At the start of a line now: `.` and `From ` may need escaping.
            escape = self.must_escape(cfg, class, buf, i, class == WS && eol());
        }
        if escape {
            let [h, l] = hex::upper(b);
            out.put(&[b'=', h, l]);
            self.col += 3;
        } else {
            out.put(&[b]);
            self.col += 1;
        }
        1
    }

    fn must_escape(&self, cfg: &EncodeConfig, class: u8, buf: &[u8], i: usize, eol: bool) -> bool {
        match class {
            LIT => false,
            EBCDIC => cfg.ebcdic_safe,
            DOT => cfg.dot_safe && self.col == 0,
            F => cfg.from_safe && self.col == 0 && buf.get(i + 1..i + 5) == Some(b"rom "),
            WS => eol,
            // `=`, controls, 8-bit bytes, and CR / LF that are not line breaks.
            _ => true,
        }
    }
}

/// Whether all eight bytes of `w` are written as themselves inside a line:
/// SP or printable US-ASCII (32..=126), and not `=`. (HT is left to the byte
/// loop; the EBCDIC-safe option turns this test off.) Branch-free SWAR: for
/// bytes below 0x80, adding `0x80 - k` sets a byte's top bit exactly when the
/// byte is at least `k`, without carrying into the next byte.
#[inline(always)]
fn all_literal(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let at_least_32 = w.wrapping_add(ONES * (0x80 - 32));
    // 0x80 - 127 is 1.
    let at_least_127 = w.wrapping_add(ONES);
    let eq = w ^ (ONES * u64::from(b'='));
    let has_eq = eq.wrapping_sub(ONES) & !eq & HIGH;
    (w & HIGH) == 0 && (at_least_32 & HIGH) == HIGH && (at_least_127 & HIGH) == 0 && has_eq == 0
}

/// Whether the encoded line ends at `buf[j]`: a hard line break or the end of
/// the input starts there.
fn line_ends_at(mode: Mode, buf: &[u8], j: usize) -> bool {
    match buf.get(j) {
        None => true,
        Some(b'\n') => mode == Mode::Text,
        Some(b'\r') => mode != Mode::Binary && buf.get(j + 1) == Some(&b'\n'),
        Some(_) => false,
    }
}

#[cfg(test)]
mod swar_tests {
    use super::*;

    /// The SWAR test against the byte-by-byte rule, for every byte value in
    /// every position of an otherwise literal word.
    #[test]
    fn all_literal_matches_the_byte_rule() {
        let literal = |b: u8| (32..=126).contains(&b) && b != b'=';
        for pos in 0..8 {
            for b in 0..=255u8 {
                let mut bytes = *b"abcd EFG";
                bytes[pos] = b;
                assert_eq!(
                    all_literal(u64::from_le_bytes(bytes)),
                    literal(b),
                    "{b:#04x} at {pos}"
                );
            }
        }
        // Two odd bytes in one word (a borrow in the `=` test must not hide either).
        assert!(!all_literal(u64::from_le_bytes(*b"==aaaaaa")));
        assert!(!all_literal(u64::from_le_bytes(*b"a\x00=aaaaa")));
        assert!(!all_literal(u64::from_le_bytes(*b"aaaaaa\x80\x7f")));
    }
}
