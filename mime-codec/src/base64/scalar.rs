//! The bit-shifting core: whole quanta fast, everything else (tails, padding,
//! whitespace, line breaks, input split anywhere) in two small state machines
//! that the one-shot and the streaming APIs share.
//!
//! Encoding reads the input as big-endian `u64` words, six bytes at a time, and
//! turns each 12-bit half of a 24-bit group into two symbols with one lookup in
//! the alphabet's pair table: four lookups and one 8-byte store per six input
//! bytes. Decoding looks each symbol up in a table that already holds its sextet
//! shifted into place, ORs four entries into a 24-bit quantum, and stores two
//! quanta with one 8-byte write; invalid bytes map to entries with the top byte
//! set, so validity is one test per 32 symbols rather than a branch per byte.

use super::alphabet::{Alphabet, INVALID_PAIR, INVALID_SEXTET};
use super::{DecodeError, DecodeErrorKind, Engine, LineEnding, Padding};

/// Symbols in one fast encode block (from 24 input bytes).
const ENC_BLOCK_IN: usize = 24;
const ENC_BLOCK_OUT: usize = 32;
/// Symbols in one fast decode block (to 24 output bytes).
const DEC_BLOCK_IN: usize = 32;
const DEC_BLOCK_OUT: usize = 24;
/// The fast decode block stores 8 bytes for every 6, so it needs 2 spare bytes.
const DEC_BLOCK_ROOM: usize = DEC_BLOCK_OUT + 2;

/// Encodes six bytes, the top 48 bits of `w`, as eight symbols.
#[inline(always)]
fn encode_word(pairs: &[u16; 4096], w: u64) -> [u8; 8] {
    // `w >> 52` is below 4096, and the masks bound the rest: no bounds checks.
    let a = u64::from(pairs[(w >> 52) as usize]);
    let b = u64::from(pairs[((w >> 40) & 0xFFF) as usize]);
    let c = u64::from(pairs[((w >> 28) & 0xFFF) as usize]);
    let d = u64::from(pairs[((w >> 16) & 0xFFF) as usize]);
    (a | (b << 16) | (c << 32) | (d << 48)).to_le_bytes()
}

/// Eight bytes of `s` from `at`, big-endian (one unaligned load and a byte swap).
#[inline(always)]
fn load_be(s: &[u8], at: usize) -> u64 {
    let Ok(b) = <[u8; 8]>::try_from(&s[at..at + 8]) else {
        unreachable!()
    };
    u64::from_be_bytes(b)
}

/// Two symbols of `s` from `at` as a little-endian `u16` index (one 2-byte load).
#[inline(always)]
fn load_pair(s: &[u8], at: usize) -> usize {
    let Ok(b) = <[u8; 2]>::try_from(&s[at..at + 2]) else {
        unreachable!()
    };
    usize::from(u16::from_le_bytes(b))
}

/// Encodes one whole 3-byte group with the classic shifts and masks.
#[inline(always)]
pub(crate) fn encode_group(alphabet: &Alphabet, g: [u8; 3]) -> [u8; 4] {
    let [b0, b1, b2] = g;
    [
        alphabet.symbol(b0 >> 2),
        alphabet.symbol(((b0 << 4) & 0x30) | (b1 >> 4)),
        alphabet.symbol(((b1 << 2) & 0x3C) | (b2 >> 6)),
        alphabet.symbol(b2 & 0x3F),
    ]
}

/// Encodes the final 1 or 2 bytes of an input (with `=` padding unless the
/// engine's padding is [`Padding::None`]) into `out`; returns the symbols written.
#[inline]
pub(crate) fn encode_final(engine: &Engine, rest: &[u8], out: &mut [u8]) -> usize {
    debug_assert!(matches!(rest.len(), 1 | 2));
    let b1 = rest.get(1).copied().unwrap_or(0);
    let mut q = encode_group(engine.alphabet, [rest[0], b1, 0]);
    let symbols = rest.len() + 1;
    if engine.padding == Padding::None {
        out[..symbols].copy_from_slice(&q[..symbols]);
        symbols
    } else {
        q[symbols..].fill(b'=');
        out[..4].copy_from_slice(&q);
        4
    }
}

/// Encodes whole 3-byte groups: `input.len()` must be a multiple of 3 and
/// `out.len()` exactly `input.len() / 3 * 4`.
pub(crate) fn encode_groups(alphabet: &Alphabet, input: &[u8], out: &mut [u8]) {
    debug_assert_eq!(input.len() % 3, 0);
    debug_assert_eq!(out.len(), input.len() / 3 * 4);
    let pairs = &alphabet.pairs;
    let mut src = input.chunks_exact(ENC_BLOCK_IN);
    let mut dst = out.chunks_exact_mut(ENC_BLOCK_OUT);
    for (s, d) in (&mut src).zip(&mut dst) {
        let Ok(s) = <&[u8; ENC_BLOCK_IN]>::try_from(s) else {
            unreachable!()
        };
        let Ok(d) = <&mut [u8; ENC_BLOCK_OUT]>::try_from(d) else {
            unreachable!()
        };
        let w0 = load_be(s, 0);
        let w1 = load_be(s, 6);
        let w2 = load_be(s, 12);
        // The last six bytes are read as bytes 16..24 shifted up, to stay in the block.
        let w3 = load_be(s, 16) << 16;
        d[0..8].copy_from_slice(&encode_word(pairs, w0));
        d[8..16].copy_from_slice(&encode_word(pairs, w1));
        d[16..24].copy_from_slice(&encode_word(pairs, w2));
        d[24..32].copy_from_slice(&encode_word(pairs, w3));
    }
    for (g, d) in src
        .remainder()
        .chunks_exact(3)
        .zip(dst.into_remainder().chunks_exact_mut(4))
    {
        let n = (usize::from(g[0]) << 16) | (usize::from(g[1]) << 8) | usize::from(g[2]);
        d[0..2].copy_from_slice(&pairs[n >> 12].to_le_bytes());
        d[2..4].copy_from_slice(&pairs[n & 0xFFF].to_le_bytes());
    }
}

/// The 24-bit quantum of the four symbols at `q[at..at + 4]`, or `None` when
/// any of them is outside the alphabet.
#[inline(always)]
fn decode_quad(pv: &[u16; 65536], q: &[u8], at: usize) -> Option<u32> {
    let hi = pv[load_pair(q, at)];
    let lo = pv[load_pair(q, at + 2)];
    if (hi | lo) & INVALID_PAIR != 0 {
        return None;
    }
    Some((u32::from(hi) << 12) | u32::from(lo))
}

/// Decodes whole quanta from the start of `input` while all four symbols are in
/// the alphabet and `out` has room, stopping before the first quantum that holds
/// any other byte (`=` and whitespace included). Returns `(consumed, written)`,
/// always `(4k, 3k)`; bytes of `out` past `written` may have been scribbled on.
pub(crate) fn decode_quanta(alphabet: &Alphabet, input: &[u8], out: &mut [u8]) -> (usize, usize) {
    let pv = &alphabet.pair_values;
    let (mut i, mut o) = (0, 0);
    while input.len() - i >= DEC_BLOCK_IN && out.len() - o >= DEC_BLOCK_ROOM {
        let Ok(s) = <&[u8; DEC_BLOCK_IN]>::try_from(&input[i..i + DEC_BLOCK_IN]) else {
            unreachable!()
        };
        let Ok(d) = <&mut [u8; DEC_BLOCK_ROOM]>::try_from(&mut out[o..o + DEC_BLOCK_ROOM]) else {
            unreachable!()
        };
        let mut bad = 0u16;
        for k in 0..4 {
            // Eight symbols: four pair lookups give 48 bits, stored as 8 bytes.
            let at = 8 * k;
            let a = pv[load_pair(s, at)];
            let b = pv[load_pair(s, at + 2)];
            let c = pv[load_pair(s, at + 4)];
            let e = pv[load_pair(s, at + 6)];
            bad |= a | b | c | e;
            let v = (u64::from(a) << 52)
                | (u64::from(b) << 40)
                | (u64::from(c) << 28)
                | (u64::from(e) << 16);
            d[6 * k..6 * k + 8].copy_from_slice(&v.to_be_bytes());
        }
        if bad & INVALID_PAIR != 0 {
            // Some byte in this block is not a symbol: let the quantum loop find
            // the first bad quantum (the bytes written so far are overwritten).
            break;
        }
        i += DEC_BLOCK_IN;
        o += DEC_BLOCK_OUT;
    }
    while input.len() - i >= 4 && out.len() - o >= 3 {
        let Some(v) = decode_quad(pv, input, i) else {
            break;
        };
        out[o..o + 3].copy_from_slice(&v.to_be_bytes()[1..]);
        i += 4;
        o += 3;
    }
    (i, o)
}

/// Bytes skipped between symbols in MIME mode (RFC 2045 §6.8 line breaks, and the
/// spaces and tabs real mail carries).
#[inline]
pub(crate) const fn is_mime_whitespace(b: u8) -> bool {
    matches!(b, b'\r' | b'\n' | b' ' | b'\t')
}

/// Encoder state: up to two pending input bytes and the current output column.
#[derive(Debug, Clone)]
pub(crate) struct EncodeState {
    pending: [u8; 3],
    npending: usize,
    column: usize,
}

impl EncodeState {
    pub(crate) const fn new() -> Self {
        Self {
            pending: [0; 3],
            npending: 0,
            column: 0,
        }
    }

    /// Upper bound of what [`feed`](Self::feed) writes for `len` more input bytes.
    pub(crate) fn feed_len(&self, engine: &Engine, len: usize) -> Option<usize> {
        let symbols = self.npending.checked_add(len)? / 3 * 4;
        match engine.wrap {
            None => Some(symbols),
            Some(w) => {
                let breaks = (self.column.checked_add(symbols)?) / w.width;
                symbols.checked_add(breaks.checked_mul(w.ending.len())?)
            }
        }
    }

    /// Encodes the whole groups available; keeps the rest pending. `out` must
    /// hold [`feed_len`](Self::feed_len) bytes. Returns the bytes written.
    pub(crate) fn feed(&mut self, engine: &Engine, mut input: &[u8], out: &mut [u8]) -> usize {
        let mut o = 0;
        if self.npending > 0 {
            let take = (3 - self.npending).min(input.len());
            self.pending[self.npending..self.npending + take].copy_from_slice(&input[..take]);
            self.npending += take;
            input = &input[take..];
            if self.npending < 3 {
                return 0;
            }
            self.npending = 0;
            let q = encode_group(engine.alphabet, self.pending);
            o += self.put_symbols(engine, &q, out);
        }
        let whole = input.len() / 3 * 3;
        o += self.put_groups(engine, &input[..whole], &mut out[o..]);
        let rest = &input[whole..];
        self.pending[..rest.len()].copy_from_slice(rest);
        self.npending = rest.len();
        o
    }

    /// Writes the final partial group (with padding if the engine pads) and the
    /// last line ending; resets the state. `out` must hold
    /// [`finish_len`](Self::finish_len) bytes.
    pub(crate) fn finish(&mut self, engine: &Engine, out: &mut [u8]) -> usize {
        let mut o = 0;
        if self.npending > 0 {
            let mut syms = [0u8; 4];
            let n = encode_final(engine, &self.pending[..self.npending], &mut syms);
            o += self.put_symbols(engine, &syms[..n], out);
        }
        if let Some(w) = engine.wrap {
            if self.column > 0 {
                o += put_ending(w.ending, &mut out[o..]);
            }
        }
        *self = Self::new();
        o
    }

    /// What [`finish`](Self::finish) writes.
    pub(crate) fn finish_len(&self, engine: &Engine) -> usize {
        let symbols = match (self.npending, engine.padding) {
            (0, _) => 0,
            (n, Padding::None) => n + 1,
            _ => 4,
        };
        match engine.wrap {
            None => symbols,
            Some(w) => {
                // Breaks before symbols that would overflow, plus the final ending.
                let end = self.column + symbols;
                let breaks = end.saturating_sub(1) / w.width;
                let last = usize::from(end > 0);
                symbols + (breaks + last) * w.ending.len()
            }
        }
    }

    fn put_symbols(&mut self, engine: &Engine, syms: &[u8], out: &mut [u8]) -> usize {
        let mut o = 0;
        for &s in syms {
            if let Some(w) = engine.wrap {
                if self.column == w.width {
                    o += put_ending(w.ending, &mut out[o..]);
                    self.column = 0;
                }
                self.column += 1;
            }
            out[o] = s;
            o += 1;
        }
        o
    }

    fn put_groups(&mut self, engine: &Engine, mut groups: &[u8], out: &mut [u8]) -> usize {
        let Some(w) = engine.wrap else {
            let n = groups.len() / 3 * 4;
            encode_groups(engine.alphabet, groups, &mut out[..n]);
            return n;
        };
        let mut o = 0;
        while !groups.is_empty() {
            if self.column == w.width {
                o += put_ending(w.ending, &mut out[o..]);
                self.column = 0;
            }
            let fit = ((w.width - self.column) / 4).min(groups.len() / 3);
            if fit > 0 {
                encode_groups(
                    engine.alphabet,
                    &groups[..fit * 3],
                    &mut out[o..o + fit * 4],
                );
                o += fit * 4;
                self.column += fit * 4;
                groups = &groups[fit * 3..];
            } else {
                // Fewer than four symbols left on the line: split one quantum.
                let q = encode_group(engine.alphabet, [groups[0], groups[1], groups[2]]);
                o += self.put_symbols(engine, &q, &mut out[o..]);
                groups = &groups[3..];
            }
        }
        o
    }
}

fn put_ending(ending: LineEnding, out: &mut [u8]) -> usize {
    let e = ending.as_bytes();
    out[..e.len()].copy_from_slice(e);
    e.len()
}

/// What a decoder step produced: the bytes written, and the error that stopped
/// it, if any (the bytes before the error are valid and complete quanta).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) written: usize,
    pub(crate) error: Option<DecodeError>,
}

/// Decoder state between calls: the sextets of a partial quantum, the padding
/// seen, and the stream offset (for error positions).
#[derive(Debug, Clone)]
pub(crate) struct DecodeState {
    quad: [u8; 4],
    nquad: usize,
    pads: usize,
    /// The final, padded quantum is complete: only whitespace may follow.
    done: bool,
    /// Stream offset of the next byte fed.
    pos: usize,
    /// Stream offset of the most recent symbol (for trailing-bit errors).
    last_symbol: usize,
    /// Length of the last line seen in whitespace-skipping mode: MIME bodies
    /// have lines of one length, so the next break is probably there too.
    line_hint: usize,
    error: Option<DecodeError>,
}

impl DecodeState {
    pub(crate) const fn new() -> Self {
        Self {
            quad: [0; 4],
            nquad: 0,
            pads: 0,
            done: false,
            pos: 0,
            last_symbol: 0,
            line_hint: 0,
            error: None,
        }
    }

    /// How far the fast path may run in `rest` before the next CR or LF. Only
    /// speed depends on this bound, never correctness: the fast path validates
    /// every byte and stops before anything that is not a symbol. The previous
    /// line's length is tried first, which saves a scan for fixed-width lines.
    #[inline]
    fn line_run(&mut self, rest: &[u8]) -> usize {
        let hint = self.line_hint;
        if matches!(rest.get(hint), Some(b'\r' | b'\n')) && hint > 0 {
            return hint;
        }
        match memchr::memchr2(b'\r', b'\n', rest) {
            Some(run) => {
                self.line_hint = run;
                run
            }
            None => rest.len(),
        }
    }

    /// Upper bound of what feeding `len` bytes writes.
    pub(crate) const fn feed_len(&self, len: usize) -> usize {
        // Pending symbols and pending `=` both count towards the next quantum.
        (self.nquad + self.pads + len % 4) / 4 * 3 + len / 4 * 3
    }

    /// Stream offset of the next byte.
    pub(crate) const fn position(&self) -> usize {
        self.pos
    }

    fn fail(&mut self, offset: usize, kind: DecodeErrorKind, written: usize) -> Step {
        let e = DecodeError { offset, kind };
        self.error = Some(e);
        Step {
            written,
            error: Some(e),
        }
    }

    /// Decodes `input` into `out`, carrying a partial quantum to the next call.
    pub(crate) fn feed(&mut self, engine: &Engine, input: &[u8], out: &mut [u8]) -> Step {
        if let Some(e) = self.error {
            return Step {
                written: 0,
                error: Some(e),
            };
        }
        let alphabet = engine.alphabet;
        let (mut i, mut o) = (0, 0);
        loop {
            if self.nquad == 0 && self.pads == 0 && !self.done {
                let rest = &input[i..];
                // With whitespace skipping, run the fast path one line at a time so
                // no block straddles a line break (a failed block is wasted work).
                let run = if engine.skip_whitespace {
                    self.line_run(rest)
                } else {
                    rest.len()
                };
                let (c, w) = decode_quanta(alphabet, &rest[..run], &mut out[o..]);
                i += c;
                o += w;
            }
            let Some(&b) = input.get(i) else { break };
            let offset = self.pos + i;
            i += 1;
            let s = alphabet.sextets[usize::from(b)];
            if s != INVALID_SEXTET {
                if self.pads > 0 || self.done {
                    return self.fail(offset, DecodeErrorKind::InvalidByte(b), o);
                }
                self.quad[self.nquad] = s;
                self.nquad += 1;
                self.last_symbol = offset;
                if self.nquad == 4 {
                    let [a, b, c, d] = self.quad;
                    let bytes = [(a << 2) | (b >> 4), (b << 4) | (c >> 2), (c << 6) | d];
                    let Some(dst) = out.get_mut(o..o + 3) else {
                        return self.fail(offset, DecodeErrorKind::OutputTooSmall, o);
                    };
                    dst.copy_from_slice(&bytes);
                    o += 3;
                    self.nquad = 0;
                }
            } else if b == b'=' {
                if engine.padding == Padding::None || self.done || self.nquad < 2 {
                    return self.fail(offset, DecodeErrorKind::InvalidPadding, o);
                }
                self.pads += 1;
                if self.nquad + self.pads == 4 {
                    match self.emit_partial(engine, &mut out[o..]) {
                        Ok(n) => o += n,
                        Err(kind) => {
                            let at = if matches!(kind, DecodeErrorKind::NonCanonical(_)) {
                                self.last_symbol
                            } else {
                                offset
                            };
                            return self.fail(at, kind, o);
                        }
                    }
                    self.done = true;
                }
            } else if engine.skip_whitespace && is_mime_whitespace(b) {
                // Skip the whole run (a line break is two bytes) before going
                // back to the fast path.
                while input.get(i).is_some_and(|&b| is_mime_whitespace(b)) {
                    i += 1;
                }
            } else {
                return self.fail(offset, DecodeErrorKind::InvalidByte(b), o);
            }
        }
        self.pos += input.len();
        Step {
            written: o,
            error: None,
        }
    }

    /// Ends the stream: checks padding and length, writes the last 0–2 bytes.
    /// Resets the state for a new stream unless it fails.
    pub(crate) fn finish(&mut self, engine: &Engine, out: &mut [u8]) -> Step {
        if let Some(e) = self.error {
            return Step {
                written: 0,
                error: Some(e),
            };
        }
        let end = self.pos;
        let step = if self.done || self.nquad == 0 && self.pads == 0 {
            Ok(0)
        } else if self.pads > 0 {
            return self.fail(end, DecodeErrorKind::InvalidPadding, 0);
        } else if self.nquad == 1 {
            return self.fail(self.last_symbol, DecodeErrorKind::InvalidLength, 0);
        } else if engine.padding == Padding::Required {
            return self.fail(end, DecodeErrorKind::InvalidPadding, 0);
        } else {
            self.emit_partial(engine, out)
        };
        match step {
            Ok(written) => {
                *self = Self::new();
                Step {
                    written,
                    error: None,
                }
            }
            Err(kind) => self.fail(self.last_symbol, kind, 0),
        }
    }

    /// Writes the 1 or 2 bytes of a final quantum of 2 or 3 symbols, after
    /// checking that the bits past them are zero.
    fn emit_partial(&mut self, engine: &Engine, out: &mut [u8]) -> Result<usize, DecodeErrorKind> {
        let [a, b, c, _] = self.quad;
        let (bytes, n, spare) = match self.nquad {
            2 => ([(a << 2) | (b >> 4), 0], 1, b & 0x0F),
            _ => ([(a << 2) | (b >> 4), (b << 4) | (c >> 2)], 2, c & 0x03),
        };
        if spare != 0 && !engine.allow_trailing_bits {
            let sym = engine.alphabet.symbol(self.quad[self.nquad - 1]);
            return Err(DecodeErrorKind::NonCanonical(char::from(sym)));
        }
        let dst = out.get_mut(..n).ok_or(DecodeErrorKind::OutputTooSmall)?;
        dst.copy_from_slice(&bytes[..n]);
        self.nquad = 0;
        self.pads = 0;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base64::alphabet::STANDARD;
    use alloc::vec;

    /// The fast path must take every whole valid quantum itself (not leave them
    /// to the byte-wise slow path), and stop exactly before the first bad one.
    #[test]
    fn decode_quanta_takes_all_valid_quanta() {
        // Every symbol in every position, over lengths that exercise both the
        // 32-symbol blocks and the single-quantum loop.
        let symbols: vec::Vec<u8> = (0..64 * 5)
            .map(|i| STANDARD.symbol((i * 7) as u8))
            .collect();
        for len in (0..=symbols.len()).step_by(4) {
            let mut out = vec![0u8; len / 4 * 3];
            assert_eq!(
                decode_quanta(&STANDARD, &symbols[..len], &mut out),
                (len, len / 4 * 3)
            );
        }
        for bad_at in [0, 5, 31, 32, 63, 100, 317] {
            let mut text = symbols.clone();
            text[bad_at] = b'=';
            let mut out = vec![0u8; text.len()];
            let q = bad_at / 4 * 4;
            assert_eq!(decode_quanta(&STANDARD, &text, &mut out), (q, q / 4 * 3));
        }
    }

    #[test]
    fn decode_quanta_respects_output_room() {
        let text = [b'A'; 64];
        let mut out = [0u8; 47];
        // Room for 15 quanta (45 bytes), not 16.
        assert_eq!(decode_quanta(&STANDARD, &text, &mut out), (60, 45));
    }
}
