//! Quoted-printable (RFC 2045 §6.7): encoding with soft line breaks at 76
//! columns, strict and lenient decoding, and streaming forms of both.
//!
//! An [`EncodeConfig`] is a small `Copy` value: a [`Mode`] (how line breaks in
//! the input are treated) and three escaping options that are off by default.
//! A [`DecodeConfig`] chooses [`STRICT`] or [`LENIENT`] decoding.
//!
//! ```
//! use mime_codec::qp::{self, DecodeErrorKind};
//!
//! // Text mode: line breaks stay line breaks, whitespace at the end of a line
//! // and `=` are escaped, non-ASCII bytes become `=XX`.
//! let encoded = qp::TEXT.encode_to_string("Grüße = 2 \r\nend".as_bytes());
//! assert_eq!(encoded, "Gr=C3=BC=C3=9Fe =3D 2=20\r\nend");
//! assert_eq!(qp::STRICT.decode_to_vec(encoded.as_bytes()).unwrap(), "Grüße = 2 \r\nend".as_bytes());
//!
//! // Long lines are folded with soft line breaks (`=` CRLF) at 76 columns.
//! let long = qp::BINARY.encode_to_vec(&[b'x'; 100]);
//! assert_eq!(&long[..78], [&[b'x'; 75][..], b"=\r\n"].concat());
//!
//! // Strict decoding refuses what RFC 2045 forbids; lenient decoding keeps what
//! // real mail needs.
//! let err = qp::STRICT.decode_to_vec(b"caf=e9\n").unwrap_err();
//! assert_eq!((err.offset, err.kind), (3, DecodeErrorKind::LowercaseHex));
//! assert_eq!(qp::LENIENT.decode_to_vec(b"caf=e9 =\nau lait=").unwrap(), b"caf\xe9 au lait");
//! ```
//!
//! # Encoding
//!
//! Each input byte is written as itself or as `=XX` with uppercase hex digits
//! (rule 1):
//!
//! - printable US-ASCII (33–126) other than `=` is written as itself (rule 2);
//! - `=`, control characters, DEL and bytes above 126 are escaped;
//! - SP and HT are written as themselves, except directly before a hard line
//!   break or at the end of the input, where they are escaped as `=20` / `=09`
//!   (rule 3), so the output never has trailing whitespace;
//! - line breaks depend on the [`Mode`]: in [`Mode::Text`] CRLF and bare LF are
//!   hard line breaks, written CRLF (rule 4), and a CR not followed by LF is
//!   `=0D`; [`Mode::CanonicalText`] takes only CRLF as a line break; in
//!   [`Mode::Binary`] every CR and LF is escaped.
//!
//! Lines are at most [`MAX_LINE_LEN`] (76) characters, CRLF not counted
//! (rule 5). They are filled greedily: a soft line break (`=` CRLF) is written
//! before a character or escape that would leave no room for the `=`, unless
//! that character ends the line anyway. An escape is never split.
//!
//! Options, off by default, escape more so the text survives old transports:
//! [`with_dot_safe`](EncodeConfig::with_dot_safe) escapes a `.` at the start of
//! a line (`=2E`, so SMTP dot-stuffing never applies),
//! [`with_from_safe`](EncodeConfig::with_from_safe) escapes the `F` of `From `
//! at the start of a line (`=46rom `, so mbox never quotes it), and
//! [`with_ebcdic_safe`](EncodeConfig::with_ebcdic_safe) escapes
//! ``!"#$@[\]^`{|}~``, which RFC 2045 §6.7 and RFC 2049 §3 name as not safe
//! through EBCDIC gateways. "Start of a line" includes lines after a soft break.
//!
//! For every input `x`, [`STRICT`] decodes the output back to `x` in
//! [`Mode::Binary`] and [`Mode::CanonicalText`], and to `x` with each bare LF
//! turned into CRLF in [`Mode::Text`].
//!
//! # Strict decoding
//!
//! [`STRICT`] accepts the RFC 2045 §6.7 grammar, transport padding included
//! and line length not enforced, and decodes it as follows.
//!
//! - Bytes 33–126 other than `=` decode to themselves.
//! - `=` and two uppercase hex digits decode to that byte. Lowercase digits are
//!   [`LowercaseHex`](DecodeErrorKind::LowercaseHex).
//! - `=`, any number of SP/HT, then CRLF is a soft line break and decodes to
//!   nothing. Whitespace *before* the `=` is data.
//! - CRLF is a hard line break and decodes to CRLF.
//! - SP and HT decode to themselves, except a run of them directly before CRLF
//!   or at the end of the input: that is transport padding and is deleted
//!   (rule 3). At most [`MAX_TRANSPORT_PADDING`] bytes of such a run are
//!   deleted (its last ones); bytes before them are kept, so that no input
//!   makes the decoder hold more than that.
//! - Anything else is an error, reported at the first place the input stops
//!   matching: an `=` that starts neither an escape nor a soft line break
//!   ([`InvalidEscape`](DecodeErrorKind::InvalidEscape)), an input ending
//!   inside one ([`IncompleteEscape`](DecodeErrorKind::IncompleteEscape)), a CR
//!   without LF ([`BareCr`](DecodeErrorKind::BareCr)), an LF without CR
//!   ([`BareLf`](DecodeErrorKind::BareLf)), and control characters other than
//!   HT, DEL and bytes above 126 ([`InvalidByte`](DecodeErrorKind::InvalidByte)).
//!
//! Not errors: lines longer than 76 characters (RFC 2045 §6.7 note 5 lets a
//! decoder accept them), input ending with a soft line break `=` CRLF (the
//! grammar allows it), and the EBCDIC-unsafe characters.
//!
//! # Lenient decoding
//!
//! [`LENIENT`] never fails (except for a short output slice) and follows the
//! robustness advice of RFC 2045 §6.7:
//!
//! - hex digits may be lowercase;
//! - a bare LF is a hard line break too; line breaks are written as they
//!   appear (CRLF or LF), after deleting the whitespace before them;
//! - a soft line break is `=`, at most [`MAX_TRANSPORT_PADDING`] SP/HT, then
//!   CRLF, LF, or the end of the input (a body whose last CRLF was taken by a
//!   multipart boundary);
//! - an `=` that starts neither an escape nor a soft line break is data, and
//!   the bytes after it are decoded normally (`=G1` gives `=G1`);
//! - bare CR, control characters and 8-bit bytes are data.
//!
//! Lenient decoding is not quite a superset of strict decoding: strict accepts
//! a soft line break with any amount of whitespace between `=` and CRLF, while
//! lenient holds at most [`MAX_TRANSPORT_PADDING`] bytes of it (to keep memory
//! bounded) and takes a longer run as data (`=`, the whitespace, a hard break).
//!
//! # Streaming
//!
//! [`Encoder`] and [`Decoder`] accept input split anywhere and produce the same
//! bytes (and the same error, at the same offset) as the one-shot calls. The
//! encoder holds at most four input bytes between calls; the decoder holds at
//! most an `=`, a hex digit or CR, and [`MAX_TRANSPORT_PADDING`] bytes of
//! whitespace.

mod decode;
mod encode;
mod error;
mod stream;

pub use crate::{BufferTooSmall, OutBuf};
pub use error::{DecodeError, DecodeErrorKind};
pub use stream::{Decoder, Encoder};

use alloc::string::String;
use alloc::vec::Vec;
use bytes::BytesMut;

use self::decode::DecodeState;
use self::encode::{EncodeState, Sink};

/// The longest encoded line, a soft line break's `=` included and CRLF
/// excluded (RFC 2045 §6.7 rule 5).
pub const MAX_LINE_LEN: usize = 76;

/// The most whitespace the decoders delete before a line break (or the end of
/// the input), and the most they accept between a soft-break `=` and its line
/// break when lenient: 998, the longest line SMTP carries (RFC 5321
/// §4.5.3.1.6), so longer runs cannot be padding a transport added to a line.
/// It bounds what a streaming decoder holds.
pub const MAX_TRANSPORT_PADDING: usize = 998;

/// How the encoder treats CR and LF in its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Text with CRLF or LF line breaks (a Unix text file works): each line
    /// break becomes a hard line break, written CRLF. A CR not followed by LF
    /// is escaped as `=0D`.
    Text,
    /// Text in canonical form (RFC 2049 §4): only CRLF is a line break; a CR or
    /// LF on its own is escaped. Decoding gives back the input exactly.
    CanonicalText,
    /// Binary data: every CR and LF is escaped, so the output only has soft
    /// line breaks. Decoding gives back the input exactly.
    Binary,
}

/// A quoted-printable encoder configuration: the [`Mode`] and the escaping
/// options. Cheap to copy; all methods take `&self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EncodeConfig {
    mode: Mode,
    dot_safe: bool,
    from_safe: bool,
    ebcdic_safe: bool,
}

/// Encodes text: CRLF or LF line breaks become CRLF hard line breaks.
pub const TEXT: EncodeConfig = EncodeConfig::new(Mode::Text);
/// Encodes canonical CRLF text: only CRLF is a line break.
pub const CANONICAL_TEXT: EncodeConfig = EncodeConfig::new(Mode::CanonicalText);
/// Encodes binary data: CR and LF are escaped.
pub const BINARY: EncodeConfig = EncodeConfig::new(Mode::Binary);

impl Default for EncodeConfig {
    /// [`TEXT`].
    fn default() -> Self {
        TEXT
    }
}

impl EncodeConfig {
    /// A configuration for `mode` with every escaping option off.
    pub const fn new(mode: Mode) -> Self {
        Self {
            mode,
            dot_safe: false,
            from_safe: false,
            ebcdic_safe: false,
        }
    }

    /// The same configuration in another mode.
    #[must_use]
    pub const fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// The same configuration, escaping (`true`) or not (`false`, the default)
    /// a `.` at the start of a line as `=2E`.
    #[must_use]
    pub const fn with_dot_safe(mut self, on: bool) -> Self {
        self.dot_safe = on;
        self
    }

    /// The same configuration, escaping (`true`) or not (`false`, the default)
    /// the `F` of `From ` at the start of a line as `=46`.
    #[must_use]
    pub const fn with_from_safe(mut self, on: bool) -> Self {
        self.from_safe = on;
        self
    }

    /// The same configuration, escaping (`true`) or not (`false`, the default)
    /// the characters ``!"#$@[\]^`{|}~`` that EBCDIC gateways may change.
    #[must_use]
    pub const fn with_ebcdic_safe(mut self, on: bool) -> Self {
        self.ebcdic_safe = on;
        self
    }

    /// The mode.
    pub const fn mode(&self) -> Mode {
        self.mode
    }

    /// Whether a `.` at the start of a line is escaped.
    pub const fn dot_safe(&self) -> bool {
        self.dot_safe
    }

    /// Whether `From ` at the start of a line is escaped.
    pub const fn from_safe(&self) -> bool {
        self.from_safe
    }

    /// Whether the EBCDIC-unsafe characters are escaped.
    pub const fn ebcdic_safe(&self) -> bool {
        self.ebcdic_safe
    }

    /// An upper bound of the encoded length of any `len` input bytes, in
    /// O(1): three characters per byte, plus a soft line break per 73 of them;
    /// `None` if it does not fit in `usize`. Use
    /// [`encoded_len`](Self::encoded_len) for the exact length of an input.
    pub const fn max_encoded_len(&self, len: usize) -> Option<usize> {
        encode::max_len(len, 0)
    }

    /// The exact encoded length of `input` (one pass over it, without writing).
    pub fn encoded_len(&self, input: &[u8]) -> usize {
        let mut sink = Sink::new(&mut []);
        EncodeState::new().run(self, input, true, &mut sink);
        sink.len()
    }

    /// Encodes `input` into the start of `out`; returns the bytes written,
    /// which is [`encoded_len`](Self::encoded_len). Does not allocate.
    ///
    /// # Errors
    /// [`BufferTooSmall`] with the exact length needed when `out` is shorter;
    /// `out` may have been written to then.
    pub fn encode_slice(&self, input: &[u8], out: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let room = out.len();
        let mut sink = Sink::new(out);
        EncodeState::new().run(self, input, true, &mut sink);
        if sink.len() > room {
            return Err(BufferTooSmall { needed: sink.len() });
        }
        Ok(sink.len())
    }

    /// Encodes `input`, appending to `out`. Reserves at most a few kilobytes
    /// more than it writes.
    pub fn encode_into<O: OutBuf>(&self, input: &[u8], out: &mut O) {
        let mut encoder = self.encoder();
        encoder.encode(input, out);
        encoder.finish(out);
    }

    /// Encodes `input` into a new vector.
    pub fn encode_to_vec(&self, input: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode_into(input, &mut v);
        v
    }

    /// Encodes `input` into a new string.
    pub fn encode_to_string(&self, input: &[u8]) -> String {
        // The output is printable US-ASCII, SP, HT, CR and LF.
        String::from_utf8(self.encode_to_vec(input)).unwrap_or_default()
    }

    /// Encodes `input` into a new `BytesMut`.
    pub fn encode_to_bytes(&self, input: &[u8]) -> BytesMut {
        let mut b = BytesMut::new();
        self.encode_into(input, &mut b);
        b
    }

    /// A streaming encoder with this configuration.
    pub const fn encoder(&self) -> Encoder {
        Encoder::new(*self)
    }
}

/// A quoted-printable decoder configuration: [`STRICT`] or [`LENIENT`]. Cheap
/// to copy; all methods take `&self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DecodeConfig {
    lenient: bool,
}

/// Decodes exactly the RFC 2045 §6.7 grammar (see [Strict decoding](self#strict-decoding)).
pub const STRICT: DecodeConfig = DecodeConfig { lenient: false };
/// Decodes what real mail holds (see [Lenient decoding](self#lenient-decoding)).
pub const LENIENT: DecodeConfig = DecodeConfig { lenient: true };

impl Default for DecodeConfig {
    /// [`STRICT`].
    fn default() -> Self {
        STRICT
    }
}

impl DecodeConfig {
    /// [`LENIENT`] when `lenient`, else [`STRICT`].
    pub const fn new(lenient: bool) -> Self {
        Self { lenient }
    }

    /// Whether this is lenient decoding.
    pub const fn is_lenient(&self) -> bool {
        self.lenient
    }

    /// The most bytes `len` input bytes decode to: `len` (nothing decodes to
    /// more bytes than it takes).
    pub const fn max_decoded_len(&self, len: usize) -> usize {
        len
    }

    /// Decodes `input` into the start of `out`; returns the bytes written. Does
    /// not allocate. An `out` of `input.len()` bytes is always enough.
    ///
    /// # Errors
    /// [`DecodeError`] with the offset and kind of the first problem; a short
    /// `out` is [`DecodeErrorKind::OutputTooSmall`].
    pub fn decode_slice(&self, input: &[u8], out: &mut [u8]) -> Result<usize, DecodeError> {
        let mut state = DecodeState::new();
        let (n, error) = state.feed(self.lenient, input, out);
        if let Some(e) = error {
            return Err(e);
        }
        let (m, error) = state.finish(self.lenient, &mut out[n..]);
        match error {
            Some(e) => Err(e),
            None => Ok(n + m),
        }
    }

    /// Decodes `input`, appending to `out`; on error `out` is left as it was.
    ///
    /// # Errors
    /// As [`decode_slice`](Self::decode_slice) (never `OutputTooSmall`).
    pub fn decode_into<O: OutBuf>(&self, input: &[u8], out: &mut O) -> Result<usize, DecodeError> {
        out.append_with(input.len(), |dst| match self.decode_slice(input, dst) {
            Ok(n) => (n, Ok(n)),
            Err(e) => (0, Err(e)),
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

    /// A streaming decoder with this configuration.
    pub const fn decoder(&self) -> Decoder {
        Decoder::new(*self)
    }
}
