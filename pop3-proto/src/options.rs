//! Parser options: limits and the strict / lenient switch shared by every parser and decoder.

/// How closely peers must follow the RFCs.
///
/// Whatever the mode, a multi-line body ends only at `CRLF.CRLF` (RFC 1939 §3): a bare CR or
/// bare LF is never taken as a line end inside a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// What the RFCs allow, including what they allow that mainstream peers send
    /// (case-insensitive keywords). The default.
    #[default]
    Strict,
    /// Also accept documented, widely deployed deviations: LF-only line ends, trailing spaces
    /// in scan listings, `+OK` without text, a missing space before the text.
    Lenient,
}

/// Default limit for a command line without its CRLF (RFC 2449 §4: 255 octets including the
/// CRLF; two octets of slack are left for clients that count without it).
pub const DEFAULT_MAX_COMMAND_LINE: usize = 255;
/// Default limit for a SASL line during AUTH (RFC 5034 §4: AUTH lines are not bound by the
/// command limit; OAuth 2.0 bearer tokens are several KiB).
pub const DEFAULT_MAX_AUTH_LINE: usize = 64 * 1024;
/// Default limit for a status line or a line of a typed listing, without its CRLF
/// (RFC 2449 §4: 512 octets including CRLF; servers send longer text, so the default is generous).
pub const DEFAULT_MAX_REPLY_LINE: usize = 4096;
/// Default limit for one multi-line body (RETR/TOP content after unstuffing, or a listing).
pub const DEFAULT_MAX_BODY_SIZE: u64 = 64 * 1024 * 1024;

/// Limits and mode for parsers and streaming decoders.
///
/// ```
/// use pop3_proto::{Mode, ParserOptions};
/// let opts = ParserOptions::new().mode(Mode::Lenient).max_command_line(1000);
/// assert_eq!(opts.max_command_line, 1000);
/// assert_eq!(ParserOptions::default().mode, Mode::Strict);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParserOptions {
    /// Strict (default) or lenient.
    pub mode: Mode,
    /// Longest command line accepted, without CRLF.
    pub max_command_line: usize,
    /// Longest SASL line accepted during AUTH, without CRLF.
    pub max_auth_line: usize,
    /// Longest status line or listing line accepted, without CRLF.
    pub max_reply_line: usize,
    /// Largest multi-line body accepted (after unstuffing).
    pub max_body_size: u64,
}

impl ParserOptions {
    /// Strict mode with the default limits.
    pub const fn new() -> Self {
        Self {
            mode: Mode::Strict,
            max_command_line: DEFAULT_MAX_COMMAND_LINE,
            max_auth_line: DEFAULT_MAX_AUTH_LINE,
            max_reply_line: DEFAULT_MAX_REPLY_LINE,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
        }
    }

    /// Lenient mode with the default limits.
    pub const fn lenient() -> Self {
        Self::new().mode(Mode::Lenient)
    }

    /// Sets the mode.
    #[must_use]
    pub const fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Sets [`ParserOptions::max_command_line`].
    #[must_use]
    pub const fn max_command_line(mut self, n: usize) -> Self {
        self.max_command_line = n;
        self
    }

    /// Sets [`ParserOptions::max_auth_line`].
    #[must_use]
    pub const fn max_auth_line(mut self, n: usize) -> Self {
        self.max_auth_line = n;
        self
    }

    /// Sets [`ParserOptions::max_reply_line`].
    #[must_use]
    pub const fn max_reply_line(mut self, n: usize) -> Self {
        self.max_reply_line = n;
        self
    }

    /// Sets [`ParserOptions::max_body_size`].
    #[must_use]
    pub const fn max_body_size(mut self, n: u64) -> Self {
        self.max_body_size = n;
        self
    }

    /// True in [`Mode::Lenient`].
    pub const fn is_lenient(&self) -> bool {
        matches!(self.mode, Mode::Lenient)
    }
}

impl Default for ParserOptions {
    fn default() -> Self {
        Self::new()
    }
}
