//! Quoted-printable error types.

/// A quoted-printable input that could not be decoded: where, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at offset {offset}")]
pub struct DecodeError {
    /// Byte offset in the input (for streaming decoders: in the whole stream so
    /// far). Each [`DecodeErrorKind`] says which byte it points at.
    pub offset: usize,
    /// What was wrong there.
    pub kind: DecodeErrorKind,
}

/// The kinds of quoted-printable decoding failure.
///
/// Only [`OutputTooSmall`](Self::OutputTooSmall) can come from the lenient
/// decoder; the others are the rules the strict decoder enforces (see the
/// [module documentation](super#strict-decoding)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecodeErrorKind {
    /// An `=` followed neither by two hexadecimal digits nor by optional
    /// whitespace and CRLF (a soft line break). The offset is the `=`'s; the
    /// byte is the first one after it that cannot continue an escape or a soft
    /// line break.
    #[error(
        "invalid escape: expected two hex digits or a soft line break after `=`, found byte {0:#04x}"
    )]
    InvalidEscape(u8),
    /// An escape written with lowercase hex digits, such as `=3d` (RFC 2045 §6.7
    /// rule 1 requires uppercase). The offset is the `=`'s.
    #[error("lowercase hex digit in escape (expected `0-9` or `A-F`)")]
    LowercaseHex,
    /// The input ends inside an escape or a soft line break: after `=`, `=X`,
    /// or `=` with whitespace and possibly a CR (RFC 2045 §6.7: `=` cannot be the
    /// last or second-to-last character). The offset is the `=`'s.
    #[error("input ends inside an escape (expected two hex digits or CRLF after `=`)")]
    IncompleteEscape,
    /// A CR not followed by LF. The offset is the CR's.
    #[error("bare CR (expected CRLF)")]
    BareCr,
    /// An LF not preceded by CR. The offset is the LF's.
    #[error("bare LF (expected CRLF)")]
    BareLf,
    /// A byte that may not appear in quoted-printable text: a control
    /// character other than TAB (and CR, LF in CRLF), DEL, or a byte above 126
    /// (RFC 2045 §6.7, note 4). The offset is the byte's.
    #[error("invalid byte {0:#04x} (expected printable US-ASCII, space, tab or CRLF)")]
    InvalidByte(u8),
    /// The caller's output slice is too short for the decoded bytes. The offset
    /// is the input byte whose output did not fit.
    #[error("output buffer too small")]
    OutputTooSmall,
}
