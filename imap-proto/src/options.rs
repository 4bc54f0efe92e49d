//! Parser options: limits and the strict / lenient switch shared by every parser and
//! decoder of the crate.
//!
//! ```
//! use imap_proto::{Mode, ParserOptions};
//!
//! let opts = ParserOptions::new().max_literal(1 << 20).mode(Mode::Lenient);
//! assert!(opts.is_lenient());
//! assert_eq!(opts.max_literal, 1 << 20);
//! assert_eq!(ParserOptions::default().max_depth, imap_proto::options::DEFAULT_MAX_DEPTH);
//! ```

/// Strict (what the RFCs allow, the default) or lenient (documented deviations of widely
/// deployed peers accepted as well).
///
/// The quirks lenient mode accepts, each also documented at the parser that reads it:
///
/// - **Line ends:** an LF-only line end, also after a literal's `{n}` (the framer and the
///   parsers; clients and servers built on LF-only text I/O).
/// - **Spaces:** runs of SP where one is required, SP after `(` and before `)`, and SPs
///   before the line end (STATUS, FETCH, EXISTS, CAPABILITY, ID and SEARCH responses,
///   address lists and body fields of servers that pad them).
/// - **8-bit text:** bytes that are not UTF-8 in quoted strings and in response text
///   (Latin-1 from IMAP4rev1 servers).
/// - **Numbers:** a leading zero in an `nz-number`; `-1` as a body part's octet or line
///   count (read as 0).
/// - **Response text:** a response code with no text after it, a status word with no text
///   (`a1 OK`), a continuation request `+` with no SP or nothing after it.
/// - **FLAGS lists:** `\*` in FLAGS, and keywords holding `]` (Gmail's
///   `OIB-Seen-[Gmail]/Trash`) in FLAGS, PERMANENTFLAGS and a FETCH response's FLAGS.
/// - **Body structure:** NIL where a string is required (media type, subtype, parameter
///   names and values; read as the empty string).
///
/// Security rules hold in both modes: NUL and bare CR are never accepted in a line, and
/// every limit of [`ParserOptions`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// RFC 3501 / RFC 9051 grammar, including what they allow that real peers send.
    #[default]
    Strict,
    /// Also the documented quirks of deployed servers and clients.
    Lenient,
}

/// Default [`ParserOptions::max_line`]: 64 KiB per line segment. RFC 7162 §4 asks clients to
/// accept server lines of at least 8192 octets and servers to accept command lines of at
/// least that; long UID sets and FETCH responses make real lines longer still.
pub const DEFAULT_MAX_LINE: usize = 64 * 1024;
/// Default [`ParserOptions::max_auth_line`]: 64 KiB for an AUTHENTICATE response line.
pub const DEFAULT_MAX_AUTH_LINE: usize = 64 * 1024;
/// Default [`ParserOptions::max_literal`]: 64 MiB (an APPENDed message or a fetched body).
pub const DEFAULT_MAX_LITERAL: u64 = 64 * 1024 * 1024;
/// Default [`ParserOptions::max_message`]: 128 MiB for one message, lines and literals.
pub const DEFAULT_MAX_MESSAGE: u64 = 128 * 1024 * 1024;
/// Default [`ParserOptions::max_literals`]: literals in one message (MULTIAPPEND and
/// CATENATE send several).
pub const DEFAULT_MAX_LITERALS: usize = 1024;
/// Default [`ParserOptions::max_depth`]: nesting of parenthesized lists, body structures,
/// search keys and threads.
pub const DEFAULT_MAX_DEPTH: usize = 64;
/// Default [`ParserOptions::max_items`]: items in one list (sequence-set ranges, FETCH
/// items, search keys, flags, capabilities, addresses …).
pub const DEFAULT_MAX_ITEMS: usize = 100_000;

/// Limits and mode for parsing and decoding. Every limit has a named default and a typed
/// error ([`ErrorKind`](crate::ErrorKind)) when it is exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParserOptions {
    /// Strict or lenient.
    pub mode: Mode,
    /// Longest line segment (text up to a literal or CRLF, without the CRLF).
    pub max_line: usize,
    /// Longest AUTHENTICATE response line (without CRLF).
    pub max_auth_line: usize,
    /// Largest literal.
    pub max_literal: u64,
    /// Largest message (all its lines and literals).
    pub max_message: u64,
    /// Most literals in one message.
    pub max_literals: usize,
    /// Deepest nesting.
    pub max_depth: usize,
    /// Most items in one list.
    pub max_items: usize,
}

impl ParserOptions {
    /// Strict mode with the default limits.
    pub const fn new() -> Self {
        Self {
            mode: Mode::Strict,
            max_line: DEFAULT_MAX_LINE,
            max_auth_line: DEFAULT_MAX_AUTH_LINE,
            max_literal: DEFAULT_MAX_LITERAL,
            max_message: DEFAULT_MAX_MESSAGE,
            max_literals: DEFAULT_MAX_LITERALS,
            max_depth: DEFAULT_MAX_DEPTH,
            max_items: DEFAULT_MAX_ITEMS,
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

    /// Sets [`ParserOptions::max_line`].
    #[must_use]
    pub const fn max_line(mut self, n: usize) -> Self {
        self.max_line = n;
        self
    }

    /// Sets [`ParserOptions::max_auth_line`].
    #[must_use]
    pub const fn max_auth_line(mut self, n: usize) -> Self {
        self.max_auth_line = n;
        self
    }

    /// Sets [`ParserOptions::max_literal`].
    #[must_use]
    pub const fn max_literal(mut self, n: u64) -> Self {
        self.max_literal = n;
        self
    }

    /// Sets [`ParserOptions::max_message`].
    #[must_use]
    pub const fn max_message(mut self, n: u64) -> Self {
        self.max_message = n;
        self
    }

    /// Sets [`ParserOptions::max_literals`].
    #[must_use]
    pub const fn max_literals(mut self, n: usize) -> Self {
        self.max_literals = n;
        self
    }

    /// Sets [`ParserOptions::max_depth`].
    #[must_use]
    pub const fn max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }

    /// Sets [`ParserOptions::max_items`].
    #[must_use]
    pub const fn max_items(mut self, n: usize) -> Self {
        self.max_items = n;
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
