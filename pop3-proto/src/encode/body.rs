//! Multi-line response bodies on the server side: dot-stuffing and the terminator
//! (RFC 1939 §3).
//!
//! RFC 1939 §3: "If any line of the multi-line response begins with the termination octet,
//! the line is "byte-stuffed" by pre-pending the termination octet to that line of the
//! response. Hence a multi-line response is terminated with the five octets
//! "CRLF.CRLF"."
//!
//! A [`BodyEncoder`] turns a message (or a listing) into what follows the `+OK` status
//! line: every line that starts with `"."` gets one more dot, bare CR and bare LF are
//! normalized to CRLF or refused ([`BareLineEnds`]), and [`finish`](BodyEncoder::finish)
//! ends the last line with CRLF if it has none and appends `"." CRLF`. [`encode_body`] does
//! it all for a message held in one buffer.
//!
//! ```
//! use pop3_proto::encode::body::{BareLineEnds, BodyEncoder, encode_body};
//! use pop3_proto::ErrorKind;
//!
//! // A message stored with LF line ends, in chunks split anywhere.
//! let mut out = Vec::new();
//! let mut encoder = BodyEncoder::new(BareLineEnds::Normalize);
//! encoder.encode(b"Subject: hi\n\n.signature\r", &mut out).unwrap();
//! encoder.encode(b"\n.\nlast line", &mut out).unwrap();
//! encoder.finish(&mut out).unwrap();
//! assert_eq!(out, b"Subject: hi\r\n\r\n..signature\r\n..\r\nlast line\r\n.\r\n");
//!
//! // An empty message is just the terminating line.
//! let mut out = Vec::new();
//! encode_body(b"", BareLineEnds::Normalize, &mut out).unwrap();
//! assert_eq!(out, b".\r\n");
//!
//! // Refusing bare line ends instead: the offset counts all the content fed so far.
//! let mut encoder = BodyEncoder::new(BareLineEnds::Reject);
//! encoder.encode(b"ok\r\n", &mut Vec::new()).unwrap();
//! let err = encoder.encode(b"x\n.\n", &mut Vec::new()).unwrap_err();
//! assert_eq!((err.offset, err.kind), (5, ErrorKind::BareLf));
//! ```
//!
//! # Rules
//!
//! - The first byte of the content is at a line start (the status line's CRLF ends the
//!   line before it), so a first line starting with `"."` is stuffed too.
//! - A CRLF ends a line. With [`BareLineEnds::Normalize`] (the default) a bare CR or a
//!   bare LF also ends a line and is written as CRLF, so the output never holds a CR or
//!   LF outside a CRLF pair and a strict client reads it back without errors. This is what
//!   Dovecot does for a bare LF (it inserts the missing CR); unlike Dovecot, a bare CR is
//!   normalized too rather than sent as it is.
//! - Content that does not end with a line end gets a CRLF before the terminator (RFC 1939
//!   §3 sends whole lines; Dovecot does the same). The client then reads the content with
//!   that CRLF added. This is not a bare-line-end case: it happens with either policy.
//! - Empty content is sent as just `"." CRLF`.
//!
//! The output does not depend on how the content is split into calls of
//! [`BodyEncoder::encode`]. Copies are made in runs between the places that need a
//! change (a stuffed dot, a bare CR or LF), found with the same block scan the
//! [decoder](crate::stream::body) uses.

use bytes::BufMut;

use crate::error::{Error, ErrorKind};
use crate::stream::body::skip_clean;

/// What a [`BodyEncoder`] does with a bare CR (not followed by LF) or a bare LF (not
/// preceded by CR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BareLineEnds {
    /// Write CRLF in its place: it ends a line, so a `"."` after it is stuffed. The default.
    #[default]
    Normalize,
    /// Fail with [`ErrorKind::BareCr`] or [`ErrorKind::BareLf`] at its offset.
    Reject,
}

/// Dot-stuffs a multi-line body on the server side (see the [module docs](self)).
///
/// After an error the output written so far must not be sent as a body: the reply is
/// unfinished, so the server can only close the connection (or not send the reply: check
/// stored content with [`BareLineEnds::Reject`] before answering `+OK`).
#[derive(Debug, Clone)]
pub struct BodyEncoder {
    policy: BareLineEnds,
    /// The next content byte is at a line start (true at the very beginning).
    line_start: bool,
    /// The last byte fed was a CR not written yet: what it is depends on the next byte.
    pending_cr: bool,
    /// Content bytes fed before the current chunk.
    fed: usize,
}

/// Where the next thing to act on is, found from a position in a chunk.
enum Next {
    /// Nothing left in the chunk.
    End,
    /// A CRLF whose LF is the last byte of the chunk, or that is followed by `"."`: the
    /// next line starts at the given index.
    LineStart(usize),
    /// A CR at the end of the chunk (its index).
    FinalCr(usize),
    /// A bare CR or LF at the given index.
    Bare(usize, ErrorKind),
}

impl BodyEncoder {
    /// An encoder with the given policy for bare CR and bare LF.
    pub const fn new(policy: BareLineEnds) -> Self {
        Self {
            policy,
            line_start: true,
            pending_cr: false,
            fed: 0,
        }
    }

    /// Dot-stuffs the next piece of content, applies the bare-CR/LF policy and appends the
    /// result to `out`.
    ///
    /// A CR at the end of `chunk` is held until the next call (or [`finish`](Self::finish))
    /// shows whether an LF follows.
    ///
    /// # Errors
    ///
    /// With [`BareLineEnds::Reject`]: [`ErrorKind::BareCr`] or [`ErrorKind::BareLf`] at the
    /// offset of that byte in all the content fed so far. Output before the offending byte
    /// may have been written.
    pub fn encode(&mut self, chunk: &[u8], out: &mut impl BufMut) -> Result<(), Error> {
        let len = chunk.len();
        if len == 0 {
            return Ok(());
        }
        // `chunk[..copied]` is written (or replaced); the scan goes on at `i`.
        let mut copied = 0;
        let mut i = 0;
        if self.pending_cr {
            self.pending_cr = false;
            if chunk[0] == b'\n' {
                copied = 1;
                i = 1;
            } else {
                self.bare(self.fed.saturating_sub(1), ErrorKind::BareCr)?;
            }
            out.put_slice(b"\r\n");
            self.line_start = true;
        }
        loop {
            if self.line_start {
                let Some(&first) = chunk.get(i) else { break };
                if first == b'.' {
                    // The dot itself is copied with the rest of the line.
                    out.put_slice(&chunk[copied..i]);
                    out.put_u8(b'.');
                    copied = i;
                }
                self.line_start = false;
            }
            match next(chunk, i) {
                Next::End => break,
                Next::LineStart(at) => {
                    i = at;
                    self.line_start = true;
                }
                Next::FinalCr(at) => {
                    out.put_slice(&chunk[copied..at]);
                    copied = len;
                    self.pending_cr = true;
                    break;
                }
                Next::Bare(at, kind) => {
                    self.bare(self.fed.saturating_add(at), kind)?;
                    out.put_slice(&chunk[copied..at]);
                    out.put_slice(b"\r\n");
                    copied = at + 1;
                    i = at + 1;
                    self.line_start = true;
                }
            }
        }
        out.put_slice(&chunk[copied..]);
        self.fed = self.fed.saturating_add(len);
        Ok(())
    }

    /// Ends the body: writes CRLF if the content did not end with a line end (empty
    /// content needs none), then `"." CRLF`.
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

/// Finds the next thing to act on in `chunk` from `from` (which is not the LF of a CRLF):
/// plain runs of whole blocks are skipped with [`skip_clean`], the rest is looked at byte
/// by byte.
fn next(chunk: &[u8], from: usize) -> Next {
    let mut i = skip_clean(chunk, from);
    while let Some(&byte) = chunk.get(i) {
        match byte {
            b'\r' => match (chunk.get(i + 1), chunk.get(i + 2)) {
                (None, _) => return Next::FinalCr(i),
                (Some(b'\n'), Some(b'.') | None) => return Next::LineStart(i + 2),
                (Some(b'\n'), Some(_)) => i += 2,
                (Some(_), _) => return Next::Bare(i, ErrorKind::BareCr),
            },
            // Every CRLF is stepped over at its CR, so this LF is bare.
            b'\n' => return Next::Bare(i, ErrorKind::BareLf),
            _ => i += 1,
        }
    }
    Next::End
}

/// Dot-stuffs a whole body and appends it with its terminator to `out`: the same as one
/// [`BodyEncoder::encode`] and [`BodyEncoder::finish`].
///
/// ```
/// use pop3_proto::encode::body::{BareLineEnds, encode_body};
///
/// let mut out = Vec::new();
/// encode_body(b".\r\n..x\r\nend", BareLineEnds::Normalize, &mut out).unwrap();
/// assert_eq!(out, b"..\r\n...x\r\nend\r\n.\r\n");
/// ```
///
/// # Errors
///
/// With [`BareLineEnds::Reject`]: [`ErrorKind::BareCr`] or [`ErrorKind::BareLf`] at the
/// offset of the first one in `content` (a CR at the very end is bare too). Output before
/// it may have been written. With [`BareLineEnds::Normalize`] it never fails.
pub fn encode_body(
    content: &[u8],
    policy: BareLineEnds,
    out: &mut impl BufMut,
) -> Result<(), Error> {
    let mut encoder = BodyEncoder::new(policy);
    encoder.encode(content, out)?;
    encoder.finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(policy: BareLineEnds, chunks: &[&[u8]]) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        let mut e = BodyEncoder::new(policy);
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
        assert_eq!(enc(n, &[b""]).unwrap(), b".\r\n");
        assert_eq!(enc(n, &[b"."]).unwrap(), b"..\r\n.\r\n");
        assert_eq!(enc(n, &[b"a\r\n"]).unwrap(), b"a\r\n.\r\n");
        assert_eq!(enc(n, &[b"a\r", b"\n."]).unwrap(), b"a\r\n..\r\n.\r\n");
        assert_eq!(enc(n, &[b"a\r", b"\r"]).unwrap(), b"a\r\n\r\n.\r\n");
        assert_eq!(enc(n, &[b"a\n\n.b"]).unwrap(), b"a\r\n\r\n..b\r\n.\r\n");
        assert_eq!(enc(n, &[b"a\r\n", b".b"]).unwrap(), b"a\r\n..b\r\n.\r\n");
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
        assert_eq!(enc(r, &[b"a\r", b"\n.x"]).unwrap(), b"a\r\n..x\r\n.\r\n");
    }
}
