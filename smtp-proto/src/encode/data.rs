//! Client side of DATA and BDAT: dot-stuffing with the end-of-data terminator
//! (RFC 5321 §4.1.1.4, §4.5.2) and BDAT chunk framing (RFC 3030).
//!
//! A [`DataEncoder`] turns message content into what follows the server's `354` reply:
//! every line that starts with `"."` gets one more dot (RFC 5321 §4.5.2: "Before sending a
//! line of mail text, the SMTP client checks the first character of the line. If it is a
//! period, one additional period is inserted at the beginning of the line."), bare CR and
//! bare LF are normalized to CRLF or refused ([`BareLineEnds`]), and
//! [`finish`](DataEncoder::finish) appends `CRLF "." CRLF`. Because the output never
//! holds a bare CR or LF, a receiver that mistakes `<LF>.<LF>` or a similar variant for
//! the end of data (SMTP smuggling) cannot be fooled by it either.
//!
//! ```
//! use smtp_proto::encode::data::{BareLineEnds, DataEncoder};
//! use smtp_proto::ErrorKind;
//!
//! let mut out = Vec::new();
//! let mut enc = DataEncoder::new(BareLineEnds::Normalize);
//! // Chunks may be split anywhere, here between CR and LF and before a dot.
//! enc.encode(b".first line\r", &mut out).unwrap();
//! enc.encode(b"\n", &mut out).unwrap();
//! enc.encode(b".\nlast", &mut out).unwrap();
//! enc.finish(&mut out).unwrap();
//! assert_eq!(out, b"..first line\r\n..\r\nlast\r\n.\r\n");
//!
//! // Refusing bare line ends instead: the offset counts all input fed so far.
//! let mut enc = DataEncoder::new(BareLineEnds::Reject);
//! enc.encode(b"ok\r\n", &mut Vec::new()).unwrap();
//! let err = enc.encode(b"x\n.\n", &mut Vec::new()).unwrap_err();
//! assert_eq!((err.offset, err.kind), (5, ErrorKind::BareLf));
//! ```
//!
//! For BDAT, the content is sent as is (no stuffing, no terminator), in chunks each
//! preceded by its `BDAT` command: [`write_bdat_chunk`] writes one, [`bdat_chunks`] splits
//! a message.
//!
//! ```
//! use std::num::NonZeroUsize;
//! use smtp_proto::encode::data::{bdat_chunks, write_bdat_chunk};
//!
//! let mut out = Vec::new();
//! for (chunk, last) in bdat_chunks(b"Hello\r\n.\r\n", NonZeroUsize::new(6).unwrap()) {
//!     write_bdat_chunk(chunk, last, &mut out);
//! }
//! assert_eq!(out, b"BDAT 6\r\nHello\rBDAT 4 LAST\r\n\n.\r\n");
//! ```

use std::iter::FusedIterator;
use std::num::NonZeroUsize;

use bytes::BufMut;
use memchr::memchr2;

use crate::error::{Error, ErrorKind};

/// What [`DataEncoder`] does with a bare CR (not followed by LF) or a bare LF (not preceded
/// by CR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BareLineEnds {
    /// Write CRLF in its place (a line end, so a `"."` after it is stuffed). The default.
    #[default]
    Normalize,
    /// Fail with [`ErrorKind::BareCr`] or [`ErrorKind::BareLf`].
    Reject,
}

/// Dot-stuffs message content for DATA (see the [module docs](self)).
///
/// The output does not depend on how the content is split into calls of
/// [`encode`](Self::encode). After an error the output written so far must not be sent
/// as a message (abandon the transaction, or close the connection if `DATA` was already
/// answered with `354`).
#[derive(Debug, Clone)]
pub struct DataEncoder {
    policy: BareLineEnds,
    /// The next content byte is at a line start (true at the very beginning).
    line_start: bool,
    /// The last byte fed was a CR that is not written yet: its meaning depends on the next
    /// byte.
    pending_cr: bool,
    /// Bytes fed before the current chunk.
    fed: usize,
}

impl DataEncoder {
    /// An encoder with the given policy for bare CR and bare LF.
    pub const fn new(policy: BareLineEnds) -> Self {
        Self {
            policy,
            line_start: true,
            pending_cr: false,
            fed: 0,
        }
    }

    /// Dot-stuffs every line start (including the first line), applies the bare-CR/LF
    /// policy and appends the result to `out`.
    ///
    /// A CR at the end of `chunk` is held until the next call (or [`finish`](Self::finish))
    /// shows whether an LF follows.
    ///
    /// # Errors
    ///
    /// With [`BareLineEnds::Reject`]: [`ErrorKind::BareCr`] or [`ErrorKind::BareLf`] at
    /// the offset of that byte in all the content fed so far. Output before the offending
    /// byte may have been written.
    pub fn encode(&mut self, chunk: &[u8], out: &mut impl BufMut) -> Result<(), Error> {
        let len = chunk.len();
        if len == 0 {
            return Ok(());
        }
        // `chunk[..copied]` is written (or replaced); `chunk[i..]` is not scanned yet.
        let mut copied = 0;
        let mut i = 0;
        if self.pending_cr {
            self.pending_cr = false;
            if chunk[0] == b'\n' {
                out.put_slice(b"\r\n");
                copied = 1;
                i = 1;
            } else {
                self.bare(self.fed.saturating_sub(1), ErrorKind::BareCr)?;
                out.put_slice(b"\r\n");
            }
            self.line_start = true;
        }
        loop {
            if self.line_start {
                let Some(&first) = chunk.get(i) else { break };
                if first == b'.' {
                    out.put_slice(&chunk[copied..i]);
                    out.put_u8(b'.');
                    copied = i;
                }
                self.line_start = false;
            }
            let Some(rel) = memchr2(b'\r', b'\n', &chunk[i..]) else {
                break;
            };
            let at = i + rel;
            if chunk[at] == b'\r' {
                match chunk.get(at + 1) {
                    None => {
                        out.put_slice(&chunk[copied..at]);
                        copied = len;
                        self.pending_cr = true;
                        break;
                    }
                    Some(b'\n') => {
                        // A real line end, copied as it is.
                        i = at + 2;
                        self.line_start = true;
                        continue;
                    }
                    Some(_) => self.bare(self.fed.saturating_add(at), ErrorKind::BareCr)?,
                }
            } else {
                // Every CR LF pair is taken at its CR, so this LF is bare.
                self.bare(self.fed.saturating_add(at), ErrorKind::BareLf)?;
            }
            out.put_slice(&chunk[copied..at]);
            out.put_slice(b"\r\n");
            copied = at + 1;
            i = at + 1;
            self.line_start = true;
        }
        out.put_slice(&chunk[copied..]);
        self.fed = self.fed.saturating_add(len);
        Ok(())
    }

    /// Ends the content: adds CRLF if the content did not end with one, then `".\r\n"`.
    ///
    /// Empty content is sent as just `".\r\n"` (an empty message: a receiver sees the
    /// terminating line right after `354`).
    ///
    /// # Errors
    ///
    /// With [`BareLineEnds::Reject`], a CR at the very end of the content is a bare CR.
    pub fn finish(self, out: &mut impl BufMut) -> Result<(), Error> {
        if self.pending_cr {
            self.bare(self.fed.saturating_sub(1), ErrorKind::BareCr)?;
            out.put_slice(b"\r\n");
        } else if !self.line_start {
            out.put_slice(b"\r\n");
        }
        out.put_slice(b".\r\n");
        Ok(())
    }

    /// Applies the policy to a bare CR or LF at `offset`.
    const fn bare(&self, offset: usize, kind: ErrorKind) -> Result<(), Error> {
        match self.policy {
            BareLineEnds::Normalize => Ok(()),
            BareLineEnds::Reject => Err(Error::new(offset, kind)),
        }
    }
}

/// Writes one BDAT chunk: `"BDAT" SP size [SP "LAST"] CRLF` and then `data` unchanged
/// (RFC 3030 §2: `bdat-cmd ::= "BDAT" SP chunk-size [ SP end-marker ] CR LF`).
///
/// ```
/// use smtp_proto::encode::data::write_bdat_chunk;
/// let mut out = Vec::new();
/// write_bdat_chunk(b"", true, &mut out);
/// assert_eq!(out, b"BDAT 0 LAST\r\n");
/// ```
pub fn write_bdat_chunk(data: &[u8], last: bool, out: &mut impl BufMut) {
    out.put_slice(b"BDAT ");
    write_decimal(data.len() as u64, out);
    if last {
        out.put_slice(b" LAST");
    }
    out.put_slice(b"\r\n");
    out.put_slice(data);
}

/// Writes `n` in decimal without allocating.
fn write_decimal(mut n: u64, out: &mut impl BufMut) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.put_slice(&digits[at..]);
}

/// Splits `message` into BDAT chunks of `chunk_size` bytes (the last one may be shorter),
/// each with its `LAST` flag. An empty message gives one empty last chunk (`BDAT 0 LAST`).
pub fn bdat_chunks(message: &[u8], chunk_size: NonZeroUsize) -> BdatChunks<'_> {
    BdatChunks {
        rest: message,
        chunk_size: chunk_size.get(),
        done: false,
    }
}

/// Iterator over the BDAT chunks of a message: `(data, last)`. See [`bdat_chunks`].
#[derive(Debug, Clone)]
pub struct BdatChunks<'a> {
    rest: &'a [u8],
    chunk_size: usize,
    done: bool,
}

impl<'a> Iterator for BdatChunks<'a> {
    type Item = (&'a [u8], bool);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let n = self.chunk_size.min(self.rest.len());
        let (chunk, rest) = self.rest.split_at(n);
        self.rest = rest;
        let last = rest.is_empty();
        self.done = last;
        Some((chunk, last))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = if self.done {
            0
        } else {
            self.rest.len().div_ceil(self.chunk_size).max(1)
        };
        (n, Some(n))
    }
}

impl ExactSizeIterator for BdatChunks<'_> {}
impl FusedIterator for BdatChunks<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(policy: BareLineEnds, chunks: &[&[u8]]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        let mut e = DataEncoder::new(policy);
        for c in chunks {
            e.encode(c, &mut out)?;
        }
        e.finish(&mut out)?;
        Ok(out)
    }

    #[test]
    fn stuffing_and_terminator() {
        let n = BareLineEnds::Normalize;
        assert_eq!(enc(n, &[]).unwrap(), b".\r\n");
        assert_eq!(enc(n, &[b"."]).unwrap(), b"..\r\n.\r\n");
        assert_eq!(enc(n, &[b"a\r\n"]).unwrap(), b"a\r\n.\r\n");
        assert_eq!(enc(n, &[b"a\r", b"\n."]).unwrap(), b"a\r\n..\r\n.\r\n");
        assert_eq!(enc(n, &[b"a\r", b"\r"]).unwrap(), b"a\r\n\r\n.\r\n");
        assert_eq!(enc(n, &[b"a\n\n.b"]).unwrap(), b"a\r\n\r\n..b\r\n.\r\n");
    }

    #[test]
    fn reject_offsets() {
        let r = BareLineEnds::Reject;
        assert_eq!(
            enc(r, &[b"ab", b"\r"]),
            Err(Error::new(2, ErrorKind::BareCr))
        );
        assert_eq!(
            enc(r, &[b"ab\r", b"x"]),
            Err(Error::new(2, ErrorKind::BareCr))
        );
        assert_eq!(
            enc(r, &[b"a\r\n", b"\n"]),
            Err(Error::new(3, ErrorKind::BareLf))
        );
    }

    #[test]
    fn decimal() {
        for n in [0u64, 7, 10, 1234567890, u64::MAX] {
            let mut out = Vec::new();
            write_decimal(n, &mut out);
            assert_eq!(out, n.to_string().as_bytes());
        }
    }

    #[test]
    fn chunk_counts() {
        let size = NonZeroUsize::new(3).unwrap();
        assert_eq!(bdat_chunks(b"", size).len(), 1);
        assert_eq!(bdat_chunks(b"abc", size).len(), 1);
        assert_eq!(bdat_chunks(b"abcd", size).len(), 2);
        let v: Vec<_> = bdat_chunks(b"abcdef", size).collect();
        assert_eq!(v, [(&b"abc"[..], false), (&b"def"[..], true)]);
    }
}
