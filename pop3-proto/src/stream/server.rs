//! Server side: decode the bytes a client sends into commands and the lines of an AUTH
//! exchange.
//!
//! A [`ServerDecoder`] frames command lines (CRLF only by default; see
//! [`Mode::Lenient`](crate::Mode::Lenient)), parses them with [`Command::parse_line`], and
//! switches framing when the server says so:
//!
//! - after the server sent a `+ ` continuation during `AUTH` (RFC 5034 §4), the next line is
//!   a SASL response: call [`ServerDecoder::expect_auth_line`] each time one is sent; the
//!   line comes back as [`ServerEvent::AuthLine`] (base64, empty, or `*` to cancel);
//! - after the server answered `STLS` with `+OK` (RFC 2595 §4) every later byte belongs to
//!   the TLS handshake: call [`ServerDecoder::start_tls`]; the bytes come back as
//!   [`ServerEvent::Opaque`].
//!
//! Commands may be pipelined (RFC 2449 §6.6): several in one read give one event each.
//! Command lines are limited to [`ParserOptions::max_command_line`] octets, except an `AUTH`
//! command (its initial response is a SASL response), which may reach
//! [`ParserOptions::max_auth_line`] when that is larger; SASL lines use
//! [`ParserOptions::max_auth_line`]. A line that may still become `AUTH ` waits for its first
//! five bytes before any limit applies, so the outcome never depends on how the input was
//! split.
//!
//! The caller owns the buffer. After [`Status::Complete`] it drops `consumed` bytes from the
//! front; after [`Status::Incomplete`] it reads more and appends, keeping the bytes it has.
//! The decoder remembers how far it scanned, so feeding a line one byte at a time costs
//! O(n) in total ([`ServerDecoder::bytes_examined`] counts it), and any split of the input
//! gives the same events.
//!
//! The decoder never fails: a line that cannot be decoded becomes a
//! [`ServerEvent::Invalid`] event whose `consumed` covers the line through its LF (a server
//! answers it with `-ERR` and goes on). A line longer than its limit is reported as soon as
//! the limit is passed, and its rest is consumed as [`ServerEvent::Skipped`] events without
//! being buffered. Error offsets count from the start of the stream.
//!
//! ```
//! use pop3_proto::stream::server::{ServerDecoder, ServerEvent};
//! use pop3_proto::types::command::{AuthLine, Command};
//! use pop3_proto::{ParserOptions, Status};
//!
//! // A pipelined read, then an AUTH exchange (RFC 5034 §4).
//! let mut input = b"CAPA\r\nAUTH PLAIN\r\n".to_vec();
//! let mut dec = ServerDecoder::new(ParserOptions::default());
//! let mut keywords = Vec::new();
//! while let Status::Complete { value, consumed } = dec.decode(&input) {
//!     if let ServerEvent::Command(cmd) = &value {
//!         keywords.push(cmd.keyword().to_string());
//!     }
//!     input.drain(..consumed);
//! }
//! assert_eq!(keywords, ["CAPA", "AUTH"]);
//!
//! // The server sent "+ ": the next line is a SASL response, even if it looks like a command.
//! dec.expect_auth_line();
//! input.extend_from_slice(b"dGVzdAB0ZXN0AHRlc3Q=\r\nQUIT\r\n");
//! let Status::Complete { value: ServerEvent::AuthLine(AuthLine::Response(r)), consumed } =
//!     dec.decode(&input)
//! else {
//!     panic!()
//! };
//! assert_eq!(r.as_str(), "dGVzdAB0ZXN0AHRlc3Q=");
//! input.drain(..consumed);
//! assert_eq!(dec.decode(&input).complete(), Some(ServerEvent::Command(Command::Quit)));
//! ```

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::command::{fast_named, line_limit, parse_text};
use crate::parse::line::{LineScan, scan_line};
use crate::types::command::{AuthLine, Command};

/// One event of a [`ServerDecoder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent<'a> {
    /// A command line, parsed (an unknown keyword is [`Command::Unknown`]).
    Command(Command<'a>),
    /// After [`ServerDecoder::expect_auth_line`]: the client's SASL line (RFC 5034 §4).
    AuthLine(AuthLine<'a>),
    /// A line that could not be decoded; `consumed` covers it through its LF, or all the
    /// input at hand when its LF has not arrived (the rest then comes as
    /// [`ServerEvent::Skipped`]). After an invalid SASL line the decoder reads commands
    /// again (the server answers `-ERR`, which ends the exchange).
    Invalid(Error),
    /// More bytes of the line the previous [`ServerEvent::Invalid`] refers to, consumed
    /// without buffering.
    Skipped,
    /// After [`ServerDecoder::start_tls`]: raw bytes of the TLS stream. Never empty.
    Opaque(&'a [u8]),
}

/// What the next bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Command lines.
    Command,
    /// One SASL line.
    Auth,
    /// The rest of an invalid line, through its LF (then commands again).
    SkipLine,
    /// Everything after STLS.
    Opaque,
}

/// Decodes the client-to-server byte stream (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct ServerDecoder {
    opts: ParserOptions,
    state: State,
    /// Stream offset of the next unconsumed byte.
    offset: u64,
    /// Bytes of the current (incomplete) line already scanned.
    scanned: usize,
    /// Bytes read by the scans so far (see [`ServerDecoder::bytes_examined`]).
    examined: u64,
}

impl ServerDecoder {
    /// A decoder reading commands, with these options.
    pub const fn new(opts: ParserOptions) -> Self {
        Self {
            opts,
            state: State::Command,
            offset: 0,
            scanned: 0,
            examined: 0,
        }
    }

    /// The options in force.
    pub const fn options(&self) -> &ParserOptions {
        &self.opts
    }

    /// Stream offset of the next byte the decoder has not consumed.
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    /// The server sent a `+ ` continuation (RFC 5034 §4): the next line is a SASL response,
    /// read with the AUTH line limit ([`ParserOptions::max_auth_line`]). One line only: call
    /// again after each continuation.
    pub fn expect_auth_line(&mut self) {
        self.state = State::Auth;
        self.scanned = 0;
    }

    /// True after [`ServerDecoder::expect_auth_line`] until that line has been decoded.
    pub fn is_expecting_auth_line(&self) -> bool {
        self.state == State::Auth
    }

    /// The server answered `STLS` with `+OK` (RFC 2595 §4): every later byte is opaque.
    pub fn start_tls(&mut self) {
        self.state = State::Opaque;
        self.scanned = 0;
    }

    /// True after [`ServerDecoder::start_tls`].
    pub fn is_opaque(&self) -> bool {
        self.state == State::Opaque
    }

    /// The number of input bytes the decoder's scans have read so far, counting a byte once
    /// per pass over it (framing, parsing, skipping). It grows with the bytes consumed, not
    /// with how the input was split: a line fed one byte at a time costs about as much as
    /// the same line fed at once, because each call resumes where the last one stopped.
    pub const fn bytes_examined(&self) -> u64 {
        self.examined
    }

    /// The next event from `input`, the bytes not consumed so far (see the module docs).
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Status<ServerEvent<'a>> {
        match self.state {
            State::Command => self.line(input, false),
            State::Auth => self.line(input, true),
            State::SkipLine => self.skip_line(input),
            State::Opaque => {
                if input.is_empty() {
                    return Status::Incomplete;
                }
                self.done(ServerEvent::Opaque(input), input.len())
            }
        }
    }

    /// Consumes `consumed` bytes and returns `event`.
    fn done<'a>(&mut self, event: ServerEvent<'a>, consumed: usize) -> Status<ServerEvent<'a>> {
        self.offset += consumed as u64;
        self.scanned = 0;
        Status::Complete {
            value: event,
            consumed,
        }
    }

    /// A command line or (with `auth`) a SASL line.
    fn line<'a>(&mut self, input: &'a [u8], auth: bool) -> Status<ServerEvent<'a>> {
        let limit = if auth {
            self.opts.max_auth_line
        } else {
            match line_limit(input, &self.opts) {
                Some(limit) => limit,
                // At most four bytes that may still become `AUTH `: wait for the fifth.
                None => return Status::Incomplete,
            }
        };
        let from = self.scanned.min(input.len());
        if !auth && from == 0 {
            // The one-pass path for the usual USER and APOP lines, tried on a line's first
            // call only (it reads from the line's start), so work stays O(n). On a miss,
            // the bytes it read are counted and the full path runs.
            let fast = fast_named(input, limit, |cmd, consumed| {
                self.offset += consumed as u64;
                self.scanned = 0;
                self.examined += consumed as u64;
                Status::Complete {
                    value: ServerEvent::Command(cmd),
                    consumed,
                }
            });
            match fast {
                Ok(done) => return done,
                Err(read) => self.examined += read as u64,
            }
        }
        match scan_line(input, from, limit, self.opts.is_lenient()) {
            Ok(LineScan::Incomplete { scanned }) => {
                self.examined += (input.len() - from) as u64;
                self.scanned = scanned;
                Status::Incomplete
            }
            Ok(LineScan::Complete { text_end, next }) => {
                // The framing pass, then the parsing pass over the line's text.
                self.examined += (next - from + text_end) as u64;
                let text = &input[..text_end];
                let event = if auth {
                    self.state = State::Command;
                    match AuthLine::parse_line(text, &self.opts) {
                        Ok(line) => ServerEvent::AuthLine(line),
                        Err(e) => ServerEvent::Invalid(self.shift(e)),
                    }
                } else {
                    // The command is built straight into the returned `Status` (see
                    // `parse_text`): the bookkeeping of `done` comes first.
                    let shift = self.offset;
                    self.offset += next as u64;
                    self.scanned = 0;
                    return match parse_text(text, self.opts.is_lenient(), |cmd| Status::Complete {
                        value: ServerEvent::Command(cmd),
                        consumed: next,
                    }) {
                        Ok(status) => status,
                        Err(e) => Status::Complete {
                            value: ServerEvent::Invalid(
                                e.shifted(usize::try_from(shift).unwrap_or(usize::MAX)),
                            ),
                            consumed: next,
                        },
                    };
                };
                self.done(event, next)
            }
            Err(e) => {
                // Resynchronise after the next LF (the bare LF itself when that was the
                // fault). A framing error ends an AUTH exchange like any invalid line.
                self.state = State::Command;
                let skip_from = match e.kind {
                    ErrorKind::BareLf => e.offset,
                    _ => 0,
                };
                let e = self.shift(e);
                let consumed = match memchr::memchr(b'\n', &input[skip_from..]) {
                    Some(at) => skip_from + at + 1,
                    None => {
                        self.state = State::SkipLine;
                        input.len()
                    }
                };
                self.examined += (consumed - from + consumed - skip_from) as u64;
                self.done(ServerEvent::Invalid(e), consumed)
            }
        }
    }

    /// The rest of an invalid line, through its LF.
    fn skip_line<'a>(&mut self, input: &'a [u8]) -> Status<ServerEvent<'a>> {
        if input.is_empty() {
            return Status::Incomplete;
        }
        let consumed = match memchr::memchr(b'\n', input) {
            Some(at) => {
                self.state = State::Command;
                at + 1
            }
            None => input.len(),
        };
        self.examined += consumed as u64;
        self.done(ServerEvent::Skipped, consumed)
    }

    /// Moves an error's offset from its line to the stream.
    fn shift(&self, e: Error) -> Error {
        e.shifted(usize::try_from(self.offset).unwrap_or(usize::MAX))
    }
}
