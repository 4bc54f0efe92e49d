//! Base64 error types.

/// A Base64 input that could not be decoded: where, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at offset {offset}")]
pub struct DecodeError {
    /// Byte offset in the input (for streaming decoders: in the whole stream so far).
    pub offset: usize,
    /// What was wrong there.
    pub kind: DecodeErrorKind,
}

/// The kinds of Base64 decoding failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecodeErrorKind {
    /// A byte outside the alphabet (and not skippable whitespace in MIME mode).
    /// The offset is the byte's.
    #[error("invalid byte {0:#04x}")]
    InvalidByte(u8),
    /// The input ends with a single symbol, which cannot encode a whole byte.
    /// The offset is that symbol's.
    #[error("invalid length: a final quantum of one symbol")]
    InvalidLength,
    /// Padding where none may be (before two symbols of a quantum, too many `=`,
    /// `=` with [`Padding::None`](super::Padding::None)), or missing padding with
    /// [`Padding::Required`](super::Padding::Required). The offset is the first
    /// offending `=`, or the end of the input when padding is missing.
    #[error("invalid padding")]
    InvalidPadding,
    /// The last symbol carries non-zero bits that do not belong to any decoded byte
    /// (RFC 4648 §3.5); refused unless trailing bits are allowed. The offset is the
    /// symbol's.
    #[error("non-canonical last symbol {0:?} (non-zero trailing bits)")]
    NonCanonical(char),
    /// The caller's output slice is too short for the decoded bytes.
    #[error("output buffer too small")]
    OutputTooSmall,
}
