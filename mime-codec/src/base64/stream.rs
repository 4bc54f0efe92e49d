//! Incremental Base64: input in any split, the same output as the one-shot calls.

use super::scalar::{DecodeState, EncodeState};
use super::{BufferTooSmall, DecodeError, Engine, OutBuf};

/// A streaming Base64 encoder.
///
/// Feed input in chunks of any size with [`encode`](Self::encode) (or
/// [`encode_slice`](Self::encode_slice)), then call [`finish`](Self::finish):
/// the concatenated output equals [`Engine::encode_to_vec`] of the whole input.
/// At most two input bytes are held between calls.
///
/// ```
/// use mime_codec::base64::MIME;
///
/// let data = vec![7u8; 1000];
/// let mut enc = MIME.encoder();
/// let mut out = Vec::new();
/// for chunk in data.chunks(7) {
///     enc.encode(chunk, &mut out);
/// }
/// enc.finish(&mut out);
/// assert_eq!(out, MIME.encode_to_vec(&data));
/// ```
#[derive(Debug, Clone)]
pub struct Encoder {
    engine: Engine,
    state: EncodeState,
}

impl Encoder {
    /// A new encoder for `engine`'s configuration.
    pub const fn new(engine: Engine) -> Self {
        Self {
            engine,
            state: EncodeState::new(),
        }
    }

    /// The most bytes [`encode_slice`](Self::encode_slice) can write for `len`
    /// more input bytes in the current state.
    pub fn max_encode_len(&self, len: usize) -> Option<usize> {
        self.state.feed_len(&self.engine, len)
    }

    /// The bytes [`finish_slice`](Self::finish_slice) writes in the current state.
    pub fn finish_len(&self) -> usize {
        self.state.finish_len(&self.engine)
    }

    /// Encodes `input`, appending the symbols of every complete group to `out`.
    ///
    /// # Panics
    /// If the output length overflows `usize`.
    pub fn encode<O: OutBuf>(&mut self, input: &[u8], out: &mut O) {
        let max = self
            .max_encode_len(input.len())
            .expect("encoded length overflows usize");
        out.append_with(max, |dst| (self.state.feed(&self.engine, input, dst), ()));
    }

    /// Encodes `input` into `out`, returning the bytes written. Does not allocate.
    ///
    /// # Errors
    /// [`BufferTooSmall`] when `out` is shorter than
    /// [`max_encode_len`](Self::max_encode_len); nothing is consumed then.
    pub fn encode_slice(&mut self, input: &[u8], out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let needed = self.max_encode_len(input.len()).unwrap_or(usize::MAX);
        if out.len() < needed {
            return Err(BufferTooSmall { needed });
        }
        Ok(self.state.feed(&self.engine, input, out))
    }

    /// Writes the final partial group, padding and last line ending, and resets
    /// the encoder for a new stream.
    pub fn finish<O: OutBuf>(&mut self, out: &mut O) {
        let max = self.finish_len();
        out.append_with(max, |dst| (self.state.finish(&self.engine, dst), ()));
    }

    /// [`finish`](Self::finish) into a slice.
    ///
    /// # Errors
    /// [`BufferTooSmall`] when `out` is shorter than [`finish_len`](Self::finish_len).
    pub fn finish_slice(&mut self, out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let needed = self.finish_len();
        if out.len() < needed {
            return Err(BufferTooSmall { needed });
        }
        Ok(self.state.finish(&self.engine, out))
    }
}

/// A streaming Base64 decoder.
///
/// Feed input in chunks of any size with [`decode`](Self::decode), then call
/// [`finish`](Self::finish): the concatenated output, and the first error with
/// its offset in the whole stream, equal those of [`Engine::decode_to_vec`] on
/// the whole input. At most three symbols are held between calls. After an error
/// the decoder keeps returning it.
///
/// ```
/// use mime_codec::base64::{STANDARD, DecodeErrorKind};
///
/// let mut dec = STANDARD.decoder();
/// let mut out = Vec::new();
/// dec.decode(b"Zm9v", &mut out).unwrap();
/// dec.decode(b"Ym", &mut out).unwrap();
/// let err = dec.decode(b"!", &mut out).unwrap_err();
/// assert_eq!((err.offset, err.kind), (6, DecodeErrorKind::InvalidByte(b'!')));
/// // Everything before the last complete quantum was written.
/// assert_eq!(out, b"foo");
/// ```
#[derive(Debug, Clone)]
pub struct Decoder {
    engine: Engine,
    state: DecodeState,
}

impl Decoder {
    /// A new decoder for `engine`'s configuration.
    pub const fn new(engine: Engine) -> Self {
        Self {
            engine,
            state: DecodeState::new(),
        }
    }

    /// The most bytes [`decode_slice`](Self::decode_slice) can write for `len`
    /// more input bytes.
    pub const fn max_decode_len(&self, len: usize) -> usize {
        self.state.feed_len(len)
    }

    /// Stream offset of the next input byte.
    pub const fn position(&self) -> usize {
        self.state.position()
    }

    /// Decodes `input`, appending the bytes of every complete quantum to `out`.
    ///
    /// # Errors
    /// The first [`DecodeError`] of the stream; the bytes of the complete quanta
    /// before it have been appended.
    pub fn decode<O: OutBuf>(&mut self, input: &[u8], out: &mut O) -> Result<(), DecodeError> {
        let max = self.max_decode_len(input.len());
        out.append_with(max, |dst| {
            let step = self.state.feed(&self.engine, input, dst);
            (step.written, step.error.map_or(Ok(()), Err))
        })
    }

    /// Decodes `input` into `out`; returns the bytes written (complete quanta
    /// only) and the error that stopped decoding, if any. Does not allocate.
    /// `out` should hold [`max_decode_len`](Self::max_decode_len) bytes; a
    /// shorter one may end in [`OutputTooSmall`](super::DecodeErrorKind::OutputTooSmall).
    pub fn decode_slice(
        &mut self,
        input: &[u8],
        out: &mut [u8],
    ) -> (usize, Result<(), DecodeError>) {
        let step = self.state.feed(&self.engine, input, out);
        (step.written, step.error.map_or(Ok(()), Err))
    }

    /// Ends the stream: checks the final quantum and its padding, appends its
    /// last 0–2 bytes, and resets the decoder for a new stream.
    ///
    /// # Errors
    /// Missing or partial padding, a lone final symbol, non-zero trailing bits,
    /// or an earlier error.
    pub fn finish<O: OutBuf>(&mut self, out: &mut O) -> Result<(), DecodeError> {
        out.append_with(2, |dst| {
            let step = self.state.finish(&self.engine, dst);
            (step.written, step.error.map_or(Ok(()), Err))
        })
    }

    /// [`finish`](Self::finish) into a slice of at least 2 bytes.
    pub fn finish_slice(&mut self, out: &mut [u8]) -> (usize, Result<(), DecodeError>) {
        let step = self.state.finish(&self.engine, out);
        (step.written, step.error.map_or(Ok(()), Err))
    }
}
