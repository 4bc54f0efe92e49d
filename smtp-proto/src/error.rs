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
    // ----- framing (lines, limits, smuggling) -----
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

    // ----- syntax -----
    /// The input does not match the grammar; `expected` names what the grammar wanted
    /// (for example `"SP after reply code"`).
    #[error("expected {expected}")]
    Expected {
        /// What the grammar expected at this offset.
        expected: &'static str,
    },
    /// A number does not fit its type (never wrapped or saturated).
    #[error("number out of range")]
    NumberOverflow,
    /// Bytes that are not valid UTF-8 where UTF-8 is required (SMTPUTF8 addresses, utf-8-addr).
    #[error("invalid UTF-8")]
    InvalidUtf8,
    /// Malformed xtext (RFC 3461 §4) or utf-8-addr-xtext (RFC 6533 §3) escape.
    #[error("invalid xtext escape")]
    InvalidXtext,

    // ----- RFC 5321 §4.5.3.1 size limits -----
    /// Local part longer than the limit (RFC 5321 §4.5.3.1.1: 64 octets).
    #[error("local part longer than {limit} octets")]
    LocalPartTooLong {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// Domain longer than the limit (RFC 5321 §4.5.3.1.2: 255 octets).
    #[error("domain longer than {limit} octets")]
    DomainTooLong {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// Path longer than the limit (RFC 5321 §4.5.3.1.3: 256 octets including the brackets).
    #[error("path longer than {limit} octets")]
    PathTooLong {
        /// The limit that was exceeded.
        limit: usize,
    },

    // ----- replies -----
    /// A line of a multi-line reply carries a different code than the first line.
    #[error("reply code differs from the first line of the reply")]
    ReplyCodeMismatch,
    /// A reply has more lines than the configured limit.
    #[error("reply has more than {limit} lines")]
    TooManyReplyLines {
        /// The limit that was exceeded.
        limit: usize,
    },

    // ----- message content -----
    /// DATA content or a BDAT chunk exceeds the configured message size limit.
    #[error("message larger than {limit} bytes")]
    MessageTooLarge {
        /// The limit that was exceeded.
        limit: u64,
    },

    // ----- commands (SMTP/LMTP command parser) -----
    /// A control character (other than NUL, which is [`ErrorKind::Nul`]) in a command line.
    /// RFC 5321 §4.1: command lines are printable text; no rule of its grammar admits a
    /// control character, not even HT.
    #[error("control character 0x{byte:02X}")]
    ControlCharacter {
        /// The offending byte.
        byte: u8,
    },
}
