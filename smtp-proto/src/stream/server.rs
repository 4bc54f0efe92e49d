//! Server side: decode the bytes a client sends into commands, DATA content, BDAT chunks and
//! SASL lines.
//!
//! A [`ServerDecoder`] frames command lines (CRLF only by default; see
//! [`Mode::Lenient`](crate::Mode::Lenient)), parses them with
//! [`Command::parse_line`], and switches framing when the protocol says so:
//!
//! - after `BDAT n [LAST]` the next `n` bytes are chunk data — automatically, because the
//!   client sends them whatever the server answers (RFC 3030 §2);
//! - after `DATA`, only when the server has answered 354: call [`ServerDecoder::start_data`];
//!   until then (or after a 5xx answer) the next bytes are commands again;
//! - after the server sent a 334 challenge, the next line is a SASL response: call
//!   [`ServerDecoder::expect_auth_line`] each time one is sent;
//! - after the server answered `STARTTLS` with 220 every later byte is TLS:
//!   call [`ServerDecoder::start_tls`].
//!
//! Command lines are limited to [`ParserOptions::max_command_line`] octets, except an
//! `AUTH` command (its initial response is a SASL line), which may reach
//! [`ParserOptions::max_auth_line`] when that is larger. A line that may still become
//! `AUTH ` waits for its first five bytes before any limit applies, so the outcome never
//! depends on how the input was split.
//!
//! The caller owns the buffer. After [`Status::Complete`] it drops `consumed` bytes from the
//! front; after [`Status::Incomplete`] it reads more and appends, keeping the bytes it has.
//! The decoder remembers how far it scanned, so feeding a line one byte at a time costs
//! O(n) in total, and any split of the input gives the same events.
//!
//! The decoder never fails: bytes that cannot be decoded become a
//! [`ServerEvent::Invalid`] event covering at least the offending line (a server answers it
//! with 500/501 and goes on), followed by [`ServerEvent::Skipped`] events when the line was
//! longer than the input at hand. Error offsets count from the start of the stream.
//!
//! ```
//! use smtp_proto::stream::server::{ServerDecoder, ServerEvent};
//! use smtp_proto::types::command::Command;
//! use smtp_proto::{ParserOptions, Status};
//!
//! let mut input: Vec<u8> = b"MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n".to_vec();
//! let mut dec = ServerDecoder::new(ParserOptions::default());
//! let mut verbs = Vec::new();
//! while let Status::Complete { value, consumed } = dec.decode(&input) {
//!     if let ServerEvent::Command(cmd) = &value {
//!         verbs.push(cmd.verb().into_owned());
//!     }
//!     input.drain(..consumed);
//! }
//! assert_eq!(verbs, ["MAIL", "RCPT", "DATA"]);
//!
//! // The server answered 354: what follows is message content.
//! dec.start_data();
//! input.extend_from_slice(b"Subject: hi\r\n..dot\r\n.\r\nQUIT\r\n");
//! let mut content = Vec::new();
//! loop {
//!     let Status::Complete { value, consumed } = dec.decode(&input) else { panic!("incomplete") };
//!     let done = value == ServerEvent::DataEnd;
//!     if let ServerEvent::Data(piece) = value {
//!         content.extend_from_slice(piece);
//!     }
//!     input.drain(..consumed);
//!     if done {
//!         break;
//!     }
//! }
//! assert_eq!(content, b"Subject: hi\r\n.dot\r\n");
//! assert!(matches!(dec.decode(&input).complete(), Some(ServerEvent::Command(Command::Quit))));
//! ```

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::command::line_limit;
use crate::parse::line::{LineScan, scan_line};
use crate::stream::bdat::{BdatEvent, BdatReceiver};
use crate::stream::data::{DataEvent, DataReceiver};
use crate::types::command::Command;

/// One event of a [`ServerDecoder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent<'a> {
    /// A command line, parsed (an unknown verb is [`Command::Unknown`]).
    Command(Command<'a>),
    /// Unstuffed DATA content: a slice of the input (a stuffed dot splits the content into
    /// two events). Never empty.
    Data(&'a [u8]),
    /// The `CRLF . CRLF` that ends DATA was consumed; the decoder reads commands again.
    DataEnd,
    /// Data of the current BDAT chunk: a slice of the input. Never empty.
    BdatChunk(&'a [u8]),
    /// All bytes of the current BDAT chunk were consumed; the decoder reads commands again.
    BdatEnd {
        /// The chunk was announced with `LAST`.
        last: bool,
    },
    /// A SASL response line (RFC 4954 §4) without its CRLF: base64 text, or `*` to cancel.
    AuthLine(&'a [u8]),
    /// Bytes that could not be decoded. `consumed` covers at least the offending line; in
    /// DATA, the offending line, after which content continues (the server should answer
    /// the end of DATA with an error and discard the message).
    Invalid(Error),
    /// More bytes of what the previous [`ServerEvent::Invalid`] refers to (the rest of an
    /// over-long line, or message content past the size limit), consumed without buffering.
    Skipped,
    /// After [`ServerDecoder::start_tls`]: raw bytes of the TLS stream.
    Opaque(&'a [u8]),
}

/// What the next bytes are.
#[derive(Debug, Clone)]
enum State {
    /// Command lines.
    Command,
    /// One SASL response line.
    Auth,
    /// Rest of an invalid line, up to and including its LF (then commands again).
    SkipLine,
    /// DATA content.
    Data(DataReceiver),
    /// BDAT chunk data.
    Bdat(BdatReceiver),
    /// Everything after STARTTLS.
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
    /// Message bytes received in earlier BDAT chunks of the current transaction.
    bdat_total: u64,
    /// Stream offset of the first byte of the current DATA content or BDAT chunk (the
    /// receivers count error offsets from there).
    section_start: u64,
}

impl ServerDecoder {
    /// A decoder reading commands, with these options.
    pub const fn new(opts: ParserOptions) -> Self {
        Self {
            opts,
            state: State::Command,
            offset: 0,
            scanned: 0,
            bdat_total: 0,
            section_start: 0,
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

    /// The server answered `DATA` with 354: the next bytes are message content up to
    /// `CRLF . CRLF`.
    pub fn start_data(&mut self) {
        self.state = State::Data(DataReceiver::new(&self.opts));
        self.scanned = 0;
        self.section_start = self.offset;
    }

    /// The server sent a 334 challenge: the next line is a SASL response, read with the
    /// AUTH line limit ([`ParserOptions::max_auth_line`]).
    pub fn expect_auth_line(&mut self) {
        self.state = State::Auth;
        self.scanned = 0;
    }

    /// The server answered `STARTTLS` with 220: every later byte is opaque.
    pub fn start_tls(&mut self) {
        self.state = State::Opaque;
        self.scanned = 0;
    }

    /// True after [`ServerDecoder::start_tls`].
    pub const fn is_opaque(&self) -> bool {
        matches!(self.state, State::Opaque)
    }

    /// True while the decoder reads DATA content or BDAT chunk data (not lines).
    pub const fn is_in_content(&self) -> bool {
        matches!(self.state, State::Data(_) | State::Bdat(_))
    }

    /// The next event from `input`, the bytes not consumed so far (see the module docs).
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Status<ServerEvent<'a>> {
        match &mut self.state {
            State::Command => self.line(input, false),
            State::Auth => self.line(input, true),
            State::SkipLine => self.skip_line(input),
            State::Opaque => {
                if input.is_empty() {
                    return Status::Incomplete;
                }
                self.done(ServerEvent::Opaque(input), input.len())
            }
            State::Data(rx) => match rx.decode(input) {
                Status::Incomplete => Status::Incomplete,
                Status::Complete { value, consumed } => {
                    let base = self.section_start;
                    let event = match value {
                        DataEvent::Content([]) => ServerEvent::Skipped,
                        DataEvent::Content(piece) => ServerEvent::Data(piece),
                        DataEvent::End => {
                            self.state = State::Command;
                            ServerEvent::DataEnd
                        }
                        DataEvent::Invalid(e) => ServerEvent::Invalid(shift(e, base)),
                    };
                    self.done(event, consumed)
                }
            },
            State::Bdat(rx) => match rx.decode(input) {
                Status::Incomplete => Status::Incomplete,
                Status::Complete { value, consumed } => {
                    let event = match value {
                        BdatEvent::Chunk([]) => ServerEvent::Skipped,
                        BdatEvent::Chunk(piece) => ServerEvent::BdatChunk(piece),
                        BdatEvent::End { last } => {
                            self.bdat_total = if last { 0 } else { rx.message_size() };
                            self.state = State::Command;
                            ServerEvent::BdatEnd { last }
                        }
                        BdatEvent::Invalid(e) => ServerEvent::Invalid(shift(e, self.section_start)),
                    };
                    self.done(event, consumed)
                }
            },
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
        // A SASL line, and an AUTH command (its initial response is a SASL line too), may
        // reach the AUTH limit, as in `Command::parse`.
        let limit = if auth {
            self.opts.max_auth_line
        } else {
            match line_limit(input, &self.opts) {
                Some(limit) => limit,
                // A few bytes that may still become `AUTH `: wait for them.
                None => return Status::Incomplete,
            }
        };
        // A fresh command line that is all there: `Command::parse` frames and parses it in
        // one pass (same framing rules and limit as below). Anything else — a partial line,
        // an error — takes the resumable scan, which also finds where an error's line ends.
        if !auth && self.scanned == 0 {
            if let Ok(Status::Complete { value, consumed }) = Command::parse(input, &self.opts) {
                return self.command(value, consumed);
            }
        }
        let base = self.offset;
        match scan_line(input, self.scanned, limit, self.opts.is_lenient()) {
            Ok(LineScan::Incomplete { scanned }) => {
                self.scanned = scanned;
                Status::Incomplete
            }
            Ok(LineScan::Complete { text_end, next }) => {
                let text = &input[..text_end];
                if auth {
                    self.state = State::Command;
                    return self.done(ServerEvent::AuthLine(text), next);
                }
                match Command::parse_line(text, &self.opts) {
                    Ok(cmd) => self.command(cmd, next),
                    Err(e) => self.done(ServerEvent::Invalid(shift(e, base)), next),
                }
            }
            Err(e) => {
                // Resynchronise after the next LF (the bare LF itself when that was the fault).
                let from = match e.kind {
                    ErrorKind::BareLf => e.offset,
                    _ => 0,
                };
                let e = shift(e, base);
                match memchr::memchr(b'\n', &input[from..]) {
                    Some(at) => {
                        if auth {
                            self.state = State::Command;
                        }
                        self.done(ServerEvent::Invalid(e), from + at + 1)
                    }
                    None => {
                        self.state = State::SkipLine;
                        self.done(ServerEvent::Invalid(e), input.len())
                    }
                }
            }
        }
    }

    /// A parsed command that took `consumed` bytes; BDAT switches to its chunk.
    fn command<'a>(&mut self, cmd: Command<'a>, consumed: usize) -> Status<ServerEvent<'a>> {
        match cmd {
            Command::Bdat { size, last } => {
                let rx = BdatReceiver::new(size, last, self.bdat_total, &self.opts);
                self.state = State::Bdat(rx);
                self.section_start = self.offset + consumed as u64;
            }
            Command::Rset | Command::Mail { .. } => self.bdat_total = 0,
            _ => {}
        }
        self.done(ServerEvent::Command(cmd), consumed)
    }

    /// The rest of an invalid line, through its LF.
    fn skip_line<'a>(&mut self, input: &'a [u8]) -> Status<ServerEvent<'a>> {
        if input.is_empty() {
            return Status::Incomplete;
        }
        match memchr::memchr(b'\n', input) {
            Some(at) => {
                self.state = State::Command;
                self.done(ServerEvent::Skipped, at + 1)
            }
            None => self.done(ServerEvent::Skipped, input.len()),
        }
    }
}

/// Moves an error's offset from its parser's frame to the stream.
fn shift(e: Error, base: u64) -> Error {
    e.shifted(usize::try_from(base).unwrap_or(usize::MAX))
}
