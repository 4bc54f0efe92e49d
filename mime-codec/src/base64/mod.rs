//! Base64 (RFC 4648), with the MIME (RFC 2045 §6.8), PEM and IMAP variants.
//!
//! An [`Engine`] is a small `Copy` value: an [`Alphabet`], a [`Padding`] rule,
//! whether non-zero trailing bits are allowed, whether MIME whitespace is skipped
//! when decoding, and an optional [`LineWrap`] for encoding. Predefined engines
//! cover the common cases; the `with_*` methods derive others in `const` context.
//!
//! ```
//! use mime_codec::base64::{MIME, STANDARD, URL_SAFE_NO_PAD, DecodeErrorKind};
//!
//! // RFC 4648 §10 test vector.
//! assert_eq!(STANDARD.encode_to_string(b"foobar"), "Zm9vYmFy");
//! assert_eq!(STANDARD.decode_to_vec(b"Zm9vYg==").unwrap(), b"foob");
//!
//! // Strict decoding refuses what RFC 4648 §3.5 calls non-canonical:
//! let err = STANDARD.decode_to_vec(b"Zm9=").unwrap_err();
//! assert_eq!((err.offset, err.kind), (2, DecodeErrorKind::NonCanonical('9')));
//!
//! // MIME bodies: 76-column lines ending CRLF, and whitespace skipped on decode.
//! let body = MIME.encode_to_string(&[0xAB; 60]);
//! assert_eq!(body.lines().next().unwrap().len(), 76);
//! assert_eq!(MIME.decode_to_vec(body.as_bytes()).unwrap(), [0xAB; 60]);
//!
//! // Unpadded URL-safe, as in JWTs.
//! assert_eq!(URL_SAFE_NO_PAD.encode_to_string(&[0xFB, 0xFF]), "-_8");
//! ```
//!
//! Streaming: [`Encoder`] and [`Decoder`] accept input split anywhere and produce
//! the same bytes as the one-shot calls, in memory bounded by the chunk size.

mod alphabet;
mod error;
mod scalar;
mod stream;

pub use crate::{BufferTooSmall, OutBuf};
pub use alphabet::{Alphabet, AlphabetError};
pub use error::{DecodeError, DecodeErrorKind};
pub use stream::{Decoder, Encoder};

use alloc::string::String;
use alloc::vec::Vec;
use bytes::BytesMut;

use self::scalar::{DecodeState, EncodeState};

/// How `=` padding is written and accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Padding {
    /// Encode with padding; decoding requires it (RFC 4648 §3.2).
    Required,
    /// Encode without padding; decoding refuses any `=`.
    None,
    /// Encode with padding; decoding accepts a final quantum with complete
    /// padding or with none (a partly padded quantum is still refused).
    Either,
}

/// The line ending a [`LineWrap`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineEnding {
    /// `\r\n`, as MIME requires (RFC 2045 §6.8).
    Crlf,
    /// `\n`.
    Lf,
}

impl LineEnding {
    /// The ending's bytes.
    pub const fn as_bytes(self) -> &'static [u8] {
        match self {
            Self::Crlf => b"\r\n",
            Self::Lf => b"\n",
        }
    }

    /// The ending's length in bytes.
    pub const fn len(self) -> usize {
        self.as_bytes().len()
    }

    /// Always `false`; an ending is never empty.
    pub const fn is_empty(self) -> bool {
        false
    }
}

/// Line wrapping for encoders: at most `width` symbols per line, and every line,
/// the last one included, ends with `ending`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LineWrap {
    width: usize,
    ending: LineEnding,
}

impl LineWrap {
    /// MIME: 76 symbols, CRLF (RFC 2045 §6.8).
    pub const MIME: Self = Self {
        width: 76,
        ending: LineEnding::Crlf,
    };
    /// PEM: 64 symbols, LF (RFC 7468 §2).
    pub const PEM: Self = Self {
        width: 64,
        ending: LineEnding::Lf,
    };

    /// Lines of `width` symbols; `None` when `width` is zero.
    pub const fn new(width: usize, ending: LineEnding) -> Option<Self> {
        if width == 0 {
            None
        } else {
            Some(Self { width, ending })
        }
    }

    /// Symbols per line.
    pub const fn width(self) -> usize {
        self.width
    }

    /// The line ending.
    pub const fn ending(self) -> LineEnding {
        self.ending
    }
}

/// A Base64 configuration: alphabet, padding, trailing-bit rule, whitespace rule
/// and line wrapping. Cheap to copy; all methods take `&self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Engine {
    alphabet: &'static Alphabet,
    padding: Padding,
    allow_trailing_bits: bool,
    skip_whitespace: bool,
    wrap: Option<LineWrap>,
}

/// RFC 4648 §4 with required padding: strict, as SASL (RFC 4422) needs.
pub const STANDARD: Engine = Engine::new(&alphabet::STANDARD, Padding::Required);
/// RFC 4648 §4 without padding.
pub const STANDARD_NO_PAD: Engine = Engine::new(&alphabet::STANDARD, Padding::None);
/// RFC 4648 §5 (URL and filename safe) with required padding.
pub const URL_SAFE: Engine = Engine::new(&alphabet::URL_SAFE, Padding::Required);
/// RFC 4648 §5 without padding.
pub const URL_SAFE_NO_PAD: Engine = Engine::new(&alphabet::URL_SAFE, Padding::None);
/// The IMAP modified-UTF-7 variant (RFC 3501 §5.1.3): `,` for `/`, never padded.
pub const IMAP: Engine = Engine::new(&alphabet::IMAP, Padding::None);
/// MIME bodies (RFC 2045 §6.8): encodes 76-symbol CRLF lines; decodes skipping
/// CR, LF, space and tab, with or without final padding.
pub const MIME: Engine = Engine::new(&alphabet::STANDARD, Padding::Either)
    .with_whitespace_skipped(true)
    .with_line_wrap(Some(LineWrap::MIME));
/// PEM (RFC 7468): encodes 64-symbol LF lines; decodes like [`MIME`] but
/// requires padding.
pub const PEM: Engine = Engine::new(&alphabet::STANDARD, Padding::Required)
    .with_whitespace_skipped(true)
    .with_line_wrap(Some(LineWrap::PEM));

impl Engine {
    /// A strict engine: no whitespace skipped, canonical trailing bits, no wrapping.
    pub const fn new(alphabet: &'static Alphabet, padding: Padding) -> Self {
        Self {
            alphabet,
            padding,
            allow_trailing_bits: false,
            skip_whitespace: false,
            wrap: None,
        }
    }

    /// The same engine with another padding rule.
    #[must_use]
    pub const fn with_padding(mut self, padding: Padding) -> Self {
        self.padding = padding;
        self
    }

    /// The same engine, accepting (`true`) or refusing (`false`, the default)
    /// non-zero bits after the last decoded byte.
    #[must_use]
    pub const fn with_trailing_bits_allowed(mut self, allow: bool) -> Self {
        self.allow_trailing_bits = allow;
        self
    }

    /// The same engine, skipping CR, LF, space and tab between symbols when
    /// decoding (`true`), or refusing them (`false`).
    #[must_use]
    pub const fn with_whitespace_skipped(mut self, skip: bool) -> Self {
        self.skip_whitespace = skip;
        self
    }

    /// The same engine with another line wrapping for encoding (`None`: one line).
    #[must_use]
    pub const fn with_line_wrap(mut self, wrap: Option<LineWrap>) -> Self {
        self.wrap = wrap;
        self
    }

    /// The alphabet.
    pub const fn alphabet(&self) -> &'static Alphabet {
        self.alphabet
    }

    /// The padding rule.
    pub const fn padding(&self) -> Padding {
        self.padding
    }

    /// Whether non-zero trailing bits are accepted.
    pub const fn trailing_bits_allowed(&self) -> bool {
        self.allow_trailing_bits
    }

    /// Whether decoding skips MIME whitespace.
    pub const fn whitespace_skipped(&self) -> bool {
        self.skip_whitespace
    }

    /// The line wrapping used when encoding.
    pub const fn line_wrap(&self) -> Option<LineWrap> {
        self.wrap
    }

    /// The exact encoded length of `len` input bytes, line endings included;
    /// `None` if it does not fit in `usize`.
    pub const fn encoded_len(&self, len: usize) -> Option<usize> {
        let symbols = match self.padding {
            Padding::None => match (len / 3).checked_mul(4) {
                Some(s) => s + [0, 2, 3][len % 3],
                None => return None,
            },
            _ => match (len / 3 + (len % 3 != 0) as usize).checked_mul(4) {
                Some(s) => s,
                None => return None,
            },
        };
        match self.wrap {
            None => Some(symbols),
            Some(w) => {
                let lines = symbols.div_ceil(w.width);
                match lines.checked_mul(w.ending.len()) {
                    Some(e) => symbols.checked_add(e),
                    None => None,
                }
            }
        }
    }

    /// An upper bound of the decoded length of `len` input bytes (exact for
    /// valid unpadded input without whitespace).
    pub const fn decoded_len_estimate(&self, len: usize) -> usize {
        len / 4 * 3 + [0, 0, 1, 2][len % 4]
    }

    /// The exact decoded length of `input` when it is valid for this engine and
    /// holds no whitespace: computed from its length and trailing `=` only, in
    /// O(1). `None` for a length no valid input has.
    pub fn decoded_len(&self, input: &[u8]) -> Option<usize> {
        let pads = input
            .iter()
            .rev()
            .take(2)
            .take_while(|&&b| b == b'=')
            .count();
        let symbols = input.len() - pads;
        match (symbols % 4, pads) {
            (1, _) => None,
            (0, 0) | (2, _) | (3, _) => Some(self.decoded_len_estimate(symbols)),
            _ => None,
        }
    }

    /// Encodes `input` into the start of `out`; returns the bytes written, which
    /// is exactly [`encoded_len`](Self::encoded_len). Does not allocate.
    ///
    /// # Errors
    /// [`BufferTooSmall`] when `out` is shorter than the encoded length.
    pub fn encode_slice(&self, input: &[u8], out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let needed = self
            .encoded_len(input.len())
            .ok_or(BufferTooSmall { needed: usize::MAX })?;
        let out = out.get_mut(..needed).ok_or(BufferTooSmall { needed })?;
        if self.wrap.is_none() {
            // One line: no state machine, just the groups and the final bytes.
            let whole = input.len() / 3 * 3;
            let (body, tail) = out.split_at_mut(whole / 3 * 4);
            scalar::encode_groups(self.alphabet, &input[..whole], body);
            if whole < input.len() {
                scalar::encode_final(self, &input[whole..], tail);
            }
            return Ok(needed);
        }
        let mut state = EncodeState::new();
        let n = state.feed(self, input, out);
        let n = n + state.finish(self, &mut out[n..]);
        debug_assert_eq!(n, needed);
        Ok(n)
    }

    /// Encodes `input`, appending to `out`.
    ///
    /// # Panics
    /// If the encoded length overflows `usize` (it cannot for an in-memory input
    /// shorter than `usize::MAX / 2`).
    pub fn encode_into<O: OutBuf>(&self, input: &[u8], out: &mut O) {
        let needed = self
            .encoded_len(input.len())
            .expect("encoded length overflows usize");
        out.append_with(needed, |dst| {
            (self.encode_slice(input, dst).unwrap_or(0), ())
        });
    }

    /// Encodes `input` into a new vector.
    pub fn encode_to_vec(&self, input: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode_into(input, &mut v);
        v
    }

    /// Encodes `input` into a new string.
    pub fn encode_to_string(&self, input: &[u8]) -> String {
        let v = self.encode_to_vec(input);
        // Every byte written is an alphabet symbol, `=`, CR or LF: all ASCII.
        String::from_utf8(v).unwrap_or_default()
    }

    /// Encodes `input` into a new `BytesMut`.
    pub fn encode_to_bytes(&self, input: &[u8]) -> BytesMut {
        let mut b = BytesMut::new();
        self.encode_into(input, &mut b);
        b
    }

    /// Decodes `input` into the start of `out`; returns the bytes written. Does
    /// not allocate. `out` needs [`decoded_len`](Self::decoded_len) bytes (or
    /// [`decoded_len_estimate`](Self::decoded_len_estimate) when it may hold
    /// whitespace).
    ///
    /// # Errors
    /// [`DecodeError`] with the offset and kind of the first problem; a short
    /// `out` is [`DecodeErrorKind::OutputTooSmall`].
    pub fn decode_slice(&self, input: &[u8], out: &mut [u8]) -> Result<usize, DecodeError> {
        let mut state = DecodeState::new();
        let step = state.feed(self, input, out);
        if let Some(e) = step.error {
            return Err(e);
        }
        let end = state.finish(self, &mut out[step.written..]);
        match end.error {
            Some(e) => Err(e),
            None => Ok(step.written + end.written),
        }
    }

    /// Decodes `input`, appending to `out`; on error `out` is left as it was.
    ///
    /// # Errors
    /// As [`decode_slice`](Self::decode_slice).
    pub fn decode_into<O: OutBuf>(&self, input: &[u8], out: &mut O) -> Result<usize, DecodeError> {
        out.append_with(self.decoded_len_estimate(input.len()), |dst| {
            match self.decode_slice(input, dst) {
                Ok(n) => (n, Ok(n)),
                Err(e) => (0, Err(e)),
            }
        })
    }

    /// Decodes `input` into a new vector.
    ///
    /// # Errors
    /// As [`decode_slice`](Self::decode_slice).
    pub fn decode_to_vec(&self, input: &[u8]) -> Result<Vec<u8>, DecodeError> {
        let mut v = Vec::new();
        self.decode_into(input, &mut v)?;
        Ok(v)
    }

    /// Decodes `input` into a new `BytesMut`.
    ///
    /// # Errors
    /// As [`decode_slice`](Self::decode_slice).
    pub fn decode_to_bytes(&self, input: &[u8]) -> Result<BytesMut, DecodeError> {
        let mut b = BytesMut::new();
        self.decode_into(input, &mut b)?;
        Ok(b)
    }

    /// A streaming encoder with this configuration.
    pub const fn encoder(&self) -> Encoder {
        Encoder::new(*self)
    }

    /// A streaming decoder with this configuration.
    pub const fn decoder(&self) -> Decoder {
        Decoder::new(*self)
    }
}
