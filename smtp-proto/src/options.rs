//! Parser options: limits and the strict / lenient switch shared by every parser and decoder.

/// How closely peers must follow the RFCs.
///
/// The SMTP smuggling rules (RFC 5321 §4.5.2: only `CRLF.CRLF` ends DATA; bare CR and bare
/// LF are never line ends inside DATA) hold in both modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// What the RFCs allow, including what they allow that mainstream clients send
    /// (case-insensitive verbs, repeated parameters). The default.
    #[default]
    Strict,
    /// Also accept documented, widely deployed deviations:
    ///
    /// - commands ([`crate::parse::command`]): LF-only line ends, spaces after `MAIL FROM:` /
    ///   `RCPT TO:`, a path without angle brackets (`MAIL FROM:a@b`), trailing SP/HT;
    /// - replies ([`crate::parse::reply`]): LF-only line ends, codes outside the RFC 5321
    ///   digit ranges (`1yz`, second digit 6–9), HT or nothing between code and text
    ///   (`250OK`), lines of a multi-line reply whose code differs from the first (multi-line
    ///   greetings of some servers), malformed EHLO keyword lines kept as unknown capabilities;
    /// - DATA ([`crate::stream::data`]): bare CR and bare LF are delivered as content instead
    ///   of being refused — but they still never end a line, so they never end DATA.
    ///
    /// A bare `334` or `250` without text is valid in both modes (RFC 5321 §4.2 makes the
    /// text optional on the last line of a reply).
    Lenient,
}

/// Default limit for a command line without its CRLF (RFC 5321 §4.5.3.1.4 says 512 including CRLF;
/// we allow 512 octets of text because real clients send slightly more).
pub const DEFAULT_MAX_COMMAND_LINE: usize = 512;
/// Default limit for a SASL line during AUTH (OAuth 2.0 bearer tokens are several KiB).
pub const DEFAULT_MAX_AUTH_LINE: usize = 64 * 1024;
/// Default limit for one reply line without its CRLF (RFC 5321 §4.5.3.1.5: 512 including CRLF;
/// servers send longer human-readable text, so the default is generous).
pub const DEFAULT_MAX_REPLY_LINE: usize = 4096;
/// Default limit for the number of lines of one reply.
pub const DEFAULT_MAX_REPLY_LINES: usize = 256;
/// Default limit for one message (DATA content after unstuffing, or the sum of BDAT chunks).
pub const DEFAULT_MAX_MESSAGE_SIZE: u64 = 64 * 1024 * 1024;

/// Limits and mode for parsers and streaming decoders.
///
/// ```
/// use smtp_proto::{Mode, ParserOptions};
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
    /// Longest reply line accepted, without CRLF.
    pub max_reply_line: usize,
    /// Most lines accepted in one reply.
    pub max_reply_lines: usize,
    /// Largest message accepted (DATA after unstuffing, or the sum of BDAT chunks).
    pub max_message_size: u64,
}

impl ParserOptions {
    /// Strict mode with the default limits.
    pub const fn new() -> Self {
        Self {
            mode: Mode::Strict,
            max_command_line: DEFAULT_MAX_COMMAND_LINE,
            max_auth_line: DEFAULT_MAX_AUTH_LINE,
            max_reply_line: DEFAULT_MAX_REPLY_LINE,
            max_reply_lines: DEFAULT_MAX_REPLY_LINES,
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
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

    /// Sets [`ParserOptions::max_reply_lines`].
    #[must_use]
    pub const fn max_reply_lines(mut self, n: usize) -> Self {
        self.max_reply_lines = n;
        self
    }

    /// Sets [`ParserOptions::max_message_size`].
    #[must_use]
    pub const fn max_message_size(mut self, n: u64) -> Self {
        self.max_message_size = n;
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
