//! Errors: every failure carries the byte offset where it was detected, what was expected,
//! and the command's tag when it is known (so a server can answer `tag BAD`).

use thiserror::Error;

/// A parse or framing failure: where it happened, what went wrong, and the tag of the
/// message it happened in when that was read before the failure.
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
    /// The tag of the command (or tagged response) the error is in, when it was read
    /// before the failure; `None` for untagged messages or when the tag itself is bad.
    /// Owned, so the error outlives the input; only errors pay for the copy.
    pub tag: Option<Box<[u8]>>,
}

impl Error {
    /// Builds an error at `offset` with no tag.
    pub const fn new(offset: usize, kind: ErrorKind) -> Self {
        Self {
            offset,
            kind,
            tag: None,
        }
    }

    /// Shorthand for [`ErrorKind::Expected`] at `offset`.
    pub const fn expected(offset: usize, expected: &'static str) -> Self {
        Self::new(offset, ErrorKind::Expected { expected })
    }

    /// The same error with its offset moved by `base` (used when a parser ran on a
    /// sub-slice).
    #[must_use]
    pub fn shifted(mut self, base: usize) -> Self {
        self.offset = self.offset.saturating_add(base);
        self
    }

    /// The same error carrying `tag` (kept if one is already set).
    #[must_use]
    pub fn with_tag(mut self, tag: &[u8]) -> Self {
        if self.tag.is_none() {
            self.tag = Some(tag.into());
        }
        self
    }

    /// The tag, if known.
    pub fn tag(&self) -> Option<&[u8]> {
        self.tag.as_deref()
    }
}

/// The kinds of [`Error`](struct@Error).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ErrorKind {
    // ----- framing (lines, literals, limits) -----
    /// A line (the text between two literals, or up to CRLF) is longer than the limit.
    #[error("line longer than {limit} bytes")]
    LineTooLong {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// A literal announces more bytes than the literal limit allows.
    #[error("literal of {size} bytes larger than the limit of {limit}")]
    LiteralTooLarge {
        /// The announced size.
        size: u64,
        /// The limit that was exceeded.
        limit: u64,
    },
    /// A message (lines and literals together) is larger than the limit.
    #[error("message larger than {limit} bytes")]
    MessageTooLarge {
        /// The limit that was exceeded.
        limit: u64,
    },
    /// Parentheses, body structures, search keys or threads nested deeper than the limit.
    #[error("nested deeper than {limit} levels")]
    TooDeep {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// More items in one list than the limit allows.
    #[error("more than {limit} {what}")]
    TooMany {
        /// The limit that was exceeded.
        limit: usize,
        /// What was counted (for example `"literals in a message"`).
        what: &'static str,
    },
    /// A CR not followed by LF.
    #[error("bare CR (CR not followed by LF)")]
    BareCr,
    /// An LF not preceded by CR.
    #[error("bare LF (LF not preceded by CR)")]
    BareLf,
    /// A NUL byte where it is not allowed (everywhere but in `literal8`).
    #[error("NUL byte")]
    Nul,
    /// A control character (other than NUL, which is [`ErrorKind::Nul`]) where printable
    /// text was expected.
    #[error("control character 0x{byte:02X}")]
    ControlCharacter {
        /// The offending byte.
        byte: u8,
    },
    /// A byte of 0x80 or above where the grammar allows only 7-bit text.
    #[error("8-bit byte 0x{byte:02X}")]
    EightBit {
        /// The offending byte.
        byte: u8,
    },

    // ----- syntax -----
    /// The input does not match the grammar; `expected` names what the grammar wanted
    /// (for example `"SP after the tag"`).
    #[error("expected {expected}")]
    Expected {
        /// What the grammar expected at this offset.
        expected: &'static str,
    },
    /// A number does not fit its type (never wrapped or saturated), or is 0 where the
    /// grammar wants `nz-number`.
    #[error("number out of range")]
    NumberOverflow,
    /// Bytes that are not valid UTF-8 where UTF-8 is required.
    #[error("invalid UTF-8")]
    InvalidUtf8,
    /// A mailbox name that is not valid IMAP modified UTF-7 (RFC 3501 §5.1.3) where it
    /// must be.
    #[error("invalid modified UTF-7 mailbox name")]
    InvalidUtf7,
}
