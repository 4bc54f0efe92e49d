//! Incremental quoted-printable: input in any split, the same output as the
//! one-shot calls.

use super::decode::DecodeState;
use super::encode::{EncodeState, Sink};
use super::{BufferTooSmall, DecodeConfig, DecodeError, EncodeConfig, OutBuf};

/// Input is encoded in blocks of this size, so that appending to a buffer
/// reserves at most a few times this much beyond what is written.
const BLOCK: usize = 8 * 1024;

/// A streaming quoted-printable encoder.
///
/// Feed input in chunks of any size with [`encode`](Self::encode) (or
/// [`encode_slice`](Self::encode_slice)), then call [`finish`](Self::finish):
/// the concatenated output equals [`EncodeConfig::encode_to_vec`] of the whole
/// input. At most four input bytes are held between calls (the encoding of a
/// byte can depend on the four after it, as for `From `).
///
/// ```
/// use mime_codec::qp;
///
/// let text = b"line one \nline two\n".repeat(20);
/// let mut enc = qp::TEXT.encoder();
/// let mut out = Vec::new();
/// for chunk in text.chunks(7) {
///     enc.encode(chunk, &mut out);
/// }
/// enc.finish(&mut out);
/// assert_eq!(out, qp::TEXT.encode_to_vec(&text));
/// assert!(out.starts_with(b"line one=20\r\nline two\r\n"));
/// ```
#[derive(Debug, Clone)]
pub struct Encoder {
    config: EncodeConfig,
    state: EncodeState,
}

impl Encoder {
    /// A new encoder for `config`.
    pub const fn new(config: EncodeConfig) -> Self {
        Self {
            config,
            state: EncodeState::new(),
        }
    }

    /// The configuration.
    pub const fn config(&self) -> &EncodeConfig {
        &self.config
    }

    /// The most bytes [`encode_slice`](Self::encode_slice) can write for `len`
    /// more input bytes in the current state; `None` if it overflows `usize`.
    pub const fn max_encode_len(&self, len: usize) -> Option<usize> {
        self.state.feed_len(len)
    }

    /// The most bytes [`finish_slice`](Self::finish_slice) writes in the
    /// current state (at most 15).
    pub const fn finish_len(&self) -> usize {
        self.state.finish_len()
    }

    /// Encodes `input`, appending to `out` all that can be decided yet.
    pub fn encode<O: OutBuf>(&mut self, input: &[u8], out: &mut O) {
        for block in input.chunks(BLOCK) {
            // A block is short: the bound cannot overflow.
            let max = self.state.feed_len(block.len()).unwrap_or(usize::MAX);
            out.append_with(max, |dst| {
                let mut sink = Sink::new(dst);
                self.state.feed(&self.config, block, &mut sink);
                (sink.len(), ())
            });
        }
    }

    /// Encodes `input` into `out`, returning the bytes written. Does not
    /// allocate.
    ///
    /// # Errors
    /// [`BufferTooSmall`] when `out` is shorter than
    /// [`max_encode_len`](Self::max_encode_len); nothing is consumed then.
    pub fn encode_slice(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let needed = self.max_encode_len(input.len()).unwrap_or(usize::MAX);
        if out.len() < needed {
            return Err(BufferTooSmall { needed });
        }
        let mut sink = Sink::new(out);
        self.state.feed(&self.config, input, &mut sink);
        Ok(sink.len())
    }

    /// Encodes the held bytes as the end of the input, appending to `out`, and
    /// resets the encoder for a new stream.
    pub fn finish<O: OutBuf>(&mut self, out: &mut O) {
        let max = self.finish_len();
        out.append_with(max, |dst| {
            let mut sink = Sink::new(dst);
            self.state.finish(&self.config, &mut sink);
            (sink.len(), ())
        });
    }

    /// [`finish`](Self::finish) into a slice.
    ///
    /// # Errors
    /// [`BufferTooSmall`] when `out` is shorter than
    /// [`finish_len`](Self::finish_len); the encoder is unchanged then.
    pub fn finish_slice(&mut self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let needed = self.finish_len();
        if out.len() < needed {
            return Err(BufferTooSmall { needed });
        }
        let mut sink = Sink::new(out);
        self.state.finish(&self.config, &mut sink);
        Ok(sink.len())
    }
}

/// A streaming quoted-printable decoder.
///
/// Feed input in chunks of any size with [`decode`](Self::decode), then call
/// [`finish`](Self::finish): the concatenated output, and the first error with
/// its offset in the whole stream, equal those of
/// [`DecodeConfig::decode_to_vec`] on the whole input. Between calls it holds
/// at most an `=`, a hex digit or a CR, and
/// [`MAX_TRANSPORT_PADDING`](super::MAX_TRANSPORT_PADDING) bytes of whitespace
/// (in a fixed buffer: it never allocates). After an error from
/// [`decode`](Self::decode) it keeps returning that error until
/// [`finish`](Self::finish); `finish` always resets the decoder for a new
/// stream, whether or not it returns an error.
///
/// ```
/// use mime_codec::qp::{self, DecodeErrorKind};
///
/// let mut dec = qp::STRICT.decoder();
/// let mut out = Vec::new();
/// dec.decode(b"soft=\r", &mut out).unwrap();
/// dec.decode(b"\nbreak =3", &mut out).unwrap();
/// dec.decode(b"D x  ", &mut out).unwrap();
/// dec.finish(&mut out).unwrap();
/// assert_eq!(out, b"softbreak = x");
///
/// let err = dec.decode(b"a\r\nb=4", &mut out).and_then(|()| dec.finish(&mut out));
/// assert_eq!(err, Err(qp::DecodeError { offset: 4, kind: DecodeErrorKind::IncompleteEscape }));
/// ```
#[derive(Debug, Clone)]
pub struct Decoder {
    config: DecodeConfig,
    state: DecodeState,
}

impl Decoder {
    /// A new decoder for `config`.
    pub const fn new(config: DecodeConfig) -> Self {
        Self {
            config,
            state: DecodeState::new(),
        }
    }

    /// The configuration.
    pub const fn config(&self) -> &DecodeConfig {
        &self.config
    }

    /// The most bytes [`decode_slice`](Self::decode_slice) can write for `len`
    /// more input bytes: `len` plus the bytes held from earlier calls.
    pub const fn max_decode_len(&self, len: usize) -> usize {
        len.saturating_add(self.state.held())
    }

    /// The most bytes [`finish_slice`](Self::finish_slice) can write.
    pub const fn finish_len(&self) -> usize {
        self.state.held()
    }

    /// Stream offset of the next input byte.
    pub const fn position(&self) -> usize {
        self.state.position()
    }

    /// Decodes `input`, appending to `out` all that can be decided yet.
    ///
    /// # Errors
    /// The first [`DecodeError`] of the stream; what was decided before it has
    /// been appended.
    pub fn decode<O: OutBuf>(&mut self, input: &[u8], out: &mut O) -> Result<(), DecodeError> {
        let max = self.max_decode_len(input.len());
        out.append_with(max, |dst| {
            let (n, error) = self.state.feed(self.config.lenient, input, dst);
            (n, error.map_or(Ok(()), Err))
        })
    }

    /// Decodes `input` into `out`; returns the bytes written and the error
    /// that stopped decoding, if any. Does not allocate. `out` should hold
    /// [`max_decode_len`](Self::max_decode_len) bytes; a shorter one may end in
    /// [`OutputTooSmall`](super::DecodeErrorKind::OutputTooSmall), which, like
    /// every error, ends the stream.
    pub fn decode_slice(
        &mut self,
        input: &[u8],
        out: &mut [u8],
    ) -> (usize, Result<(), DecodeError>) {
        let (n, error) = self.state.feed(self.config.lenient, input, out);
        (n, error.map_or(Ok(()), Err))
    }

    /// Ends the stream: decides what is held (trailing whitespace is deleted;
    /// an unfinished escape is an error when strict), appends the rest to
    /// `out`, and resets the decoder for a new stream.
    ///
    /// # Errors
    /// An unfinished escape or a final bare CR (strict), or an earlier error.
    pub fn finish<O: OutBuf>(&mut self, out: &mut O) -> Result<(), DecodeError> {
        let max = self.finish_len();
        out.append_with(max, |dst| {
            let (n, error) = self.state.finish(self.config.lenient, dst);
            (n, error.map_or(Ok(()), Err))
        })
    }

    /// [`finish`](Self::finish) into a slice of at least
    /// [`finish_len`](Self::finish_len) bytes.
    pub fn finish_slice(&mut self, out: &mut [u8]) -> (usize, Result<(), DecodeError>) {
        let (n, error) = self.state.finish(self.config.lenient, out);
        (n, error.map_or(Ok(()), Err))
    }
}
