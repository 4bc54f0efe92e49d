//! Errors: every failure carries the byte offset where it was detected and what was expected.

use thiserror::Error;

/// A parse or framing failure: where it happened and what went wrong.
///
/// `offset` counts bytes from the start of the input handed to the parser (for the
/// streaming decoders: from the start of the stream).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{kind} at offset {offset}")]
pub struct Error {
    /// Byte offset of the offending byte or token.
    pub offset: usize,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl Error {
    /// Builds an error at `offset`.
    pub const fn new(offset: usize, kind: ErrorKind) -> Self {
        Self { offset, kind }
    }

    /// The same error with its offset moved by `base` (used when a parser ran on a sub-slice).
    #[must_use]
    pub const fn shifted(self, base: usize) -> Self {
        Self {
            offset: self.offset.saturating_add(base),
            kind: self.kind,
        }
    }
}

/// The kinds of [`Error`](struct@Error).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ErrorKind {
    // ----- framing (lines, limits) -----
    /// A line is longer than the configured limit (the limit counts the line without its CRLF).
    #[error("line longer than {limit} bytes")]
    LineTooLong {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// A CR not followed by LF.
    #[error("bare CR (CR not followed by LF)")]
    BareCr,
    /// An LF not preceded by CR.
    #[error("bare LF (LF not preceded by CR)")]
    BareLf,
    /// A NUL byte where text was expected.
    #[error("NUL byte")]
    Nul,
    /// A control character (other than NUL, which is [`ErrorKind::Nul`]) where printable text
    /// was expected.
    #[error("control character 0x{byte:02X}")]
    ControlCharacter {
        /// The offending byte.
        byte: u8,
    },

    // ----- syntax -----
    /// The input does not match the grammar; `expected` names what the grammar wanted
    /// (for example `"SP after +OK"`).
    #[error("expected {expected}")]
    Expected {
        /// What the grammar expected at this offset.
        expected: &'static str,
    },
    /// A number does not fit its type (never wrapped or saturated).
    #[error("number out of range")]
    NumberOverflow,
    /// Bytes that are not valid UTF-8 where UTF-8 is required.
    #[error("invalid UTF-8")]
    InvalidUtf8,

    // ----- multi-line bodies -----
    /// A multi-line body exceeds the configured size limit.
    #[error("multi-line body larger than {limit} bytes")]
    BodyTooLarge {
        /// The limit that was exceeded.
        limit: u64,
    },
}
