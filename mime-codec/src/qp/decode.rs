//! The decoder core: a fast path that copies runs of bytes that decode to
//! themselves, and a small state machine, fed one byte at a time, for escapes,
//! soft and hard line breaks. Whitespace whose fate depends on what follows it
//! (kept as data, or deleted as transport padding) waits in a bounded FIFO.

use super::{DecodeError, DecodeErrorKind, MAX_TRANSPORT_PADDING};
use crate::hex;

const fn stop_table(strict: bool) -> [bool; 256] {
    let mut t = [strict; 256];
    let mut b = 33;
    while b <= 126 {
        t[b] = false;
        b += 1;
    }
    t[b' ' as usize] = false;
    t[b'\t' as usize] = false;
    t[b'=' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'\n' as usize] = true;
    t
}

/// Bytes that end a strict fast-path run: `=`, CR, LF and every byte strict
/// decoding refuses.
static STRICT_STOP: [bool; 256] = stop_table(true);
/// Bytes that end a lenient fast-path run: `=`, CR and LF.
static LENIENT_STOP: [bool; 256] = stop_table(false);

#[inline]
const fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t')
}

/// The byte that `=XX` at the start of `input` stands for, when the two hex
/// digits are there and valid (uppercase only when strict).
#[inline]
fn escape_at(lenient: bool, input: &[u8]) -> Option<u8> {
    let (&h, &l) = (input.get(1)?, input.get(2)?);
    if !lenient && (h.is_ascii_lowercase() || l.is_ascii_lowercase()) {
        return None;
    }
    Some((hex::value(h)? << 4) | hex::value(l)?)
}

/// Output into a caller slice; a write that does not fit is an
/// [`OutputTooSmall`](DecodeErrorKind::OutputTooSmall) error at `at`.
pub(crate) struct Out<'a> {
    buf: &'a mut [u8],
    len: usize,
    /// Stream offset of the input byte being decoded.
    at: usize,
}

impl<'a> Out<'a> {
    const fn new(buf: &'a mut [u8], at: usize) -> Self {
        Self { buf, len: 0, at }
    }

    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        let end = self.len + bytes.len();
        match self.buf.get_mut(self.len..end) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.len = end;
                Ok(())
            }
            None => Err(DecodeError {
                offset: self.at,
                kind: DecodeErrorKind::OutputTooSmall,
            }),
        }
    }

    /// Writes input bytes that decode to themselves, the first at offset `at`;
    /// when they do not fit, the error points at the first that does not.
    fn put_input(&mut self, bytes: &[u8]) -> Result<(), DecodeError> {
        self.put(bytes).map_err(|mut e| {
            e.offset = e.offset.saturating_add(self.buf.len() - self.len);
            e
        })
    }
}

/// Undecided whitespace, oldest first, at most [`MAX_TRANSPORT_PADDING`] bytes:
/// when more arrives, the oldest bytes are written out as data.
#[derive(Debug, Clone)]
struct Ring {
    buf: [u8; MAX_TRANSPORT_PADDING],
    head: usize,
    len: usize,
}

impl Ring {
    const fn new() -> Self {
        Self {
            buf: [0; MAX_TRANSPORT_PADDING],
            head: 0,
            len: 0,
        }
    }

    const fn is_full(&self) -> bool {
        self.len == MAX_TRANSPORT_PADDING
    }

    /// Deletes the held whitespace (it was transport padding).
    fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
    }

    /// Writes out the oldest `k` bytes (`k <= len`).
    fn emit_front(&mut self, k: usize, out: &mut Out<'_>) -> Result<(), DecodeError> {
        let first = k.min(MAX_TRANSPORT_PADDING - self.head);
        out.put(&self.buf[self.head..self.head + first])?;
        out.put(&self.buf[..k - first])?;
        self.head = (self.head + k) % MAX_TRANSPORT_PADDING;
        self.len -= k;
        Ok(())
    }

    /// Writes out all held whitespace (it was data).
    fn flush(&mut self, out: &mut Out<'_>) -> Result<(), DecodeError> {
        if self.len > 0 {
            self.emit_front(self.len, out)?;
        }
        self.clear();
        Ok(())
    }

    /// Appends `ws`, writing out as data whatever exceeds the capacity, oldest first.
    fn push(&mut self, mut ws: &[u8], out: &mut Out<'_>) -> Result<(), DecodeError> {
        let total = self.len + ws.len();
        if total > MAX_TRANSPORT_PADDING {
            let excess = total - MAX_TRANSPORT_PADDING;
            let from_ring = excess.min(self.len);
            self.emit_front(from_ring, out)?;
            let from_ws = excess - from_ring;
            out.put(&ws[..from_ws])?;
            ws = &ws[from_ws..];
        }
        let tail = (self.head + self.len) % MAX_TRANSPORT_PADDING;
        let first = ws.len().min(MAX_TRANSPORT_PADDING - tail);
        self.buf[tail..tail + first].copy_from_slice(&ws[..first]);
        self.buf[..ws.len() - first].copy_from_slice(&ws[first..]);
        self.len += ws.len();
        Ok(())
    }
}

/// Where the decoder is, between two input bytes. `at` is the stream offset
/// of the CR or `=` that started the construct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    /// Between items; the ring may hold whitespace.
    Normal,
    /// After a CR (the ring may hold whitespace before it).
    Cr { at: usize },
    /// After `=`.
    Eq { at: usize },
    /// After `=` and one hex digit `hi`.
    Eq1 { at: usize, hi: u8 },
    /// After `=` and whitespace (held in the ring when lenient).
    EqWs { at: usize },
    /// After `=`, optional whitespace and CR.
    EqCr { at: usize },
}

/// Decoder state between calls.
#[derive(Debug, Clone)]
pub(crate) struct DecodeState {
    st: St,
    /// Stream offset of the next byte fed.
    pos: usize,
    ring: Ring,
    /// The first error; every later call returns it.
    error: Option<DecodeError>,
}

/// Bytes written, and the error that stopped decoding.
pub(crate) type Step = (usize, Option<DecodeError>);

impl DecodeState {
    pub(crate) const fn new() -> Self {
        Self {
            st: St::Normal,
            pos: 0,
            ring: Ring::new(),
            error: None,
        }
    }

    pub(crate) const fn position(&self) -> usize {
        self.pos
    }

    /// Input bytes decided on but not written yet: the most the next calls can
    /// write beyond their own input length.
    pub(crate) const fn held(&self) -> usize {
        // `=`, a hex digit or a CR, plus the ring.
        self.ring.len + 2
    }

    /// Decodes `input`; returns the bytes written to `out` and the error that
    /// stopped decoding, if any. `out` needs `input.len() + held()` bytes.
    pub(crate) fn feed(&mut self, lenient: bool, input: &[u8], out: &mut [u8]) -> Step {
        if let Some(e) = self.error {
            return (0, Some(e));
        }
        let mut out = Out::new(out, self.pos);
        let result = self.feed_inner(lenient, input, &mut out);
        self.pos = self.pos.saturating_add(input.len());
        if let Err(e) = result {
            self.error = Some(e);
        }
        (out.len, result.err())
    }

    fn feed_inner(
        &mut self,
        lenient: bool,
        input: &[u8],
        out: &mut Out<'_>,
    ) -> Result<(), DecodeError> {
        let base = self.pos;
        let mut i = 0;
        while i < input.len() {
            if self.st == St::Normal {
                let start = i;
                let stop = if lenient { &LENIENT_STOP } else { &STRICT_STOP };
                i += input[i..]
                    .iter()
                    .position(|&b| stop[usize::from(b)])
                    .unwrap_or(input.len() - i);
                if i > start {
                    out.at = base.saturating_add(start);
                    self.run(&input[start..i], out)?;
                }
                if i == input.len() {
                    break;
                }
            }
            out.at = base.saturating_add(i);
            if self.st == St::Normal && input[i] == b'=' {
                // The common escape, whole in this chunk: decoded here.
                if let Some(byte) = escape_at(lenient, &input[i..]) {
                    self.ring.flush(out)?;
                    out.put(&[byte])?;
                    i += 3;
                    continue;
                }
            }
            if self.step(lenient, input[i], out.at, out)? {
                i += 1;
            }
        }
        Ok(())
    }

    /// A run of bytes that decode to themselves, whitespace included: all but
    /// its trailing whitespace is data; that waits for what follows.
    fn run(&mut self, run: &[u8], out: &mut Out<'_>) -> Result<(), DecodeError> {
        let keep = run.iter().rposition(|&b| !is_ws(b)).map_or(0, |p| p + 1);
        if keep > 0 {
            self.ring.flush(out)?;
            out.put_input(&run[..keep])?;
        }
        self.ring.push(&run[keep..], out)
    }

    /// Decodes one byte at stream offset `at`; returns whether it was consumed
    /// (`false`: the state changed and the byte must be decoded again).
    fn step(
        &mut self,
        lenient: bool,
        b: u8,
        at: usize,
        out: &mut Out<'_>,
    ) -> Result<bool, DecodeError> {
        let fail = |offset, kind| Err(DecodeError { offset, kind });
        match self.st {
            St::Normal => match b {
                b' ' | b'\t' => self.ring.push(&[b], out)?,
                b'=' => {
                    // Whitespace before `=` is data, even before a soft break.
                    self.ring.flush(out)?;
                    self.st = St::Eq { at };
                }
                b'\r' => self.st = St::Cr { at },
                b'\n' if lenient => {
                    self.ring.clear();
                    out.put(b"\n")?;
                }
                b'\n' => return fail(at, DecodeErrorKind::BareLf),
                33..=126 => {
                    self.ring.flush(out)?;
                    out.put(&[b])?;
                }
                _ if lenient => {
                    self.ring.flush(out)?;
                    out.put(&[b])?;
                }
                _ => return fail(at, DecodeErrorKind::InvalidByte(b)),
            },
            St::Cr { at: cr } => {
                self.st = St::Normal;
                if b == b'\n' {
                    // A hard line break: whitespace before it was padding.
                    self.ring.clear();
                    out.put(b"\r\n")?;
                } else if lenient {
                    // A bare CR is data, and so is whitespace before it.
                    self.ring.flush(out)?;
                    out.put(b"\r")?;
                    return Ok(false);
                } else {
                    return fail(cr, DecodeErrorKind::BareCr);
                }
            }
            St::Eq { at: eq } => match b {
                _ if hex::value(b).is_some() => self.st = St::Eq1 { at: eq, hi: b },
                b' ' | b'\t' => {
                    if lenient {
                        self.ring.push(&[b], out)?;
                    }
                    self.st = St::EqWs { at: eq };
                }
                b'\r' => self.st = St::EqCr { at: eq },
                b'\n' if lenient => self.st = St::Normal,
                _ => return self.not_an_escape(lenient, eq, b, out),
            },
            St::Eq1 { at: eq, hi } => match (hex::value(hi), hex::value(b)) {
                (Some(h), Some(l)) => {
                    if !lenient && (hi.is_ascii_lowercase() || b.is_ascii_lowercase()) {
                        return fail(eq, DecodeErrorKind::LowercaseHex);
                    }
                    self.st = St::Normal;
                    out.put(&[(h << 4) | l])?;
                }
                _ if lenient => {
                    self.st = St::Normal;
                    out.put(&[b'=', hi])?;
                    return Ok(false);
                }
                _ => return fail(eq, DecodeErrorKind::InvalidEscape(b)),
            },
            St::EqWs { at: eq } => match b {
                b' ' | b'\t' => {
                    if lenient {
                        if self.ring.is_full() {
                            // Longer than any transport padding: the `=` is data.
                            out.put(b"=")?;
                            self.st = St::Normal;
                        }
                        self.ring.push(&[b], out)?;
                    }
                }
                b'\r' => self.st = St::EqCr { at: eq },
                b'\n' if lenient => {
                    self.ring.clear();
                    self.st = St::Normal;
                }
                _ => return self.not_an_escape(lenient, eq, b, out),
            },
            St::EqCr { at: eq } => {
                if b == b'\n' {
                    self.ring.clear();
                    self.st = St::Normal;
                } else if lenient {
                    self.st = St::Normal;
                    out.put(b"=")?;
                    self.ring.flush(out)?;
                    out.put(b"\r")?;
                    return Ok(false);
                } else {
                    return fail(eq, DecodeErrorKind::InvalidEscape(b));
                }
            }
        }
        Ok(true)
    }

    /// `b` cannot continue the `=` at `eq`: an error, or (lenient) a literal
    /// `=` followed by whatever the ring holds and `b`, decoded again.
    fn not_an_escape(
        &mut self,
        lenient: bool,
        eq: usize,
        b: u8,
        out: &mut Out<'_>,
    ) -> Result<bool, DecodeError> {
        if !lenient {
            return Err(DecodeError {
                offset: eq,
                kind: DecodeErrorKind::InvalidEscape(b),
            });
        }
        self.st = St::Normal;
        out.put(b"=")?;
        Ok(false)
    }

    /// Ends the input: decides what is still held, and resets the state.
    pub(crate) fn finish(&mut self, lenient: bool, out: &mut [u8]) -> Step {
        let mut out = Out::new(out, self.pos);
        let result = match self.error {
            Some(e) => Err(e),
            None => self.finish_inner(lenient, &mut out),
        };
        *self = Self::new();
        (out.len, result.err())
    }

    fn finish_inner(&mut self, lenient: bool, out: &mut Out<'_>) -> Result<(), DecodeError> {
        let incomplete = |offset| {
            Err(DecodeError {
                offset,
                kind: DecodeErrorKind::IncompleteEscape,
            })
        };
        match self.st {
            // Whitespace at the end of the input is padding.
            St::Normal => Ok(()),
            // Lenient: the held bytes are data. A write that does not fit
            // names the held byte it was for (the ring's whitespace sits just
            // before the CR that ends the input).
            St::Cr { at } if lenient => {
                out.at = at.saturating_sub(self.ring.len);
                self.ring.flush(out)?;
                out.at = at;
                out.put(b"\r")
            }
            St::Cr { at } => Err(DecodeError {
                offset: at,
                kind: DecodeErrorKind::BareCr,
            }),
            // A soft line break whose CRLF is missing (as when a multipart
            // boundary took it): deleted.
            St::Eq { .. } | St::EqWs { .. } if lenient => Ok(()),
            St::Eq1 { at, hi } if lenient => {
                out.at = at;
                out.put_input(&[b'=', hi])
            }
            St::EqCr { at } if lenient => {
                let cr = self.pos.saturating_sub(1);
                out.at = at;
                out.put(b"=")?;
                out.at = cr.saturating_sub(self.ring.len);
                self.ring.flush(out)?;
                out.at = cr;
                out.put(b"\r")
            }
            St::Eq { at } | St::Eq1 { at, .. } | St::EqWs { at } | St::EqCr { at } => {
                incomplete(at)
            }
        }
    }
}
