//! The client-side decoder: bytes from the server in, [`ClientEvent`]s out.
//!
//! [`ClientDecoder::decode`] takes the bytes not yet consumed and returns one event and how
//! many bytes it covers, or [`Status::Incomplete`] when it needs more. The caller drops the
//! consumed bytes after each [`Status::Complete`] and, after [`Status::Incomplete`], calls
//! again with the same bytes plus new ones (never changing the bytes it kept). Between such
//! calls the decoder remembers how far it scanned and how many lines of the reply it has
//! seen, so a reply fed one byte at a time is not rescanned: total work is O(n).
//!
//! - Pipelined replies (several in one read) come out one per call.
//! - The stream never fails: a malformed reply becomes [`ClientEvent::Invalid`], whose
//!   `consumed` covers the reply so far through the end of the offending line; decoding goes
//!   on with the next line. The error's offset counts from the start of the stream.
//! - A line longer than [`ParserOptions::max_reply_line`] is reported as soon as the limit is
//!   passed, consuming what has arrived; the rest of the line, up to and including its LF, is
//!   then consumed by [`ClientEvent::Skipped`] events without being buffered. A bare CR whose
//!   line end has not arrived is handled the same way.
//! - A reply with more than [`ParserOptions::max_reply_lines`] lines is reported when line
//!   `max` turns out not to be the last; the `Invalid` covers those lines, and the remaining
//!   lines are decoded as the start of a new reply.
//! - After [`ClientDecoder::start_tls`] every byte is [`ClientEvent::Opaque`].
//!
//! The same input gives the same events in any split, except that the bytes of an
//! `Invalid` event followed by `Skipped` events may be divided between them differently.
//!
//! ```
//! use smtp_proto::stream::client::{ClientDecoder, ClientEvent};
//! use smtp_proto::{ErrorKind, ParserOptions, Status};
//!
//! let mut input: &[u8] = b"250 2.1.0 Ok\r\n25x oops\r\n250-2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 go";
//! let mut decoder = ClientDecoder::new(ParserOptions::default());
//! let mut codes = Vec::new();
//! while let Status::Complete { value, consumed } = decoder.decode(input) {
//!     match value {
//!         ClientEvent::Reply(reply) => codes.push(Ok(reply.code().get())),
//!         ClientEvent::Invalid(error) => codes.push(Err(error.offset)),
//!         _ => unreachable!(),
//!     }
//!     input = &input[consumed..];
//! }
//! // The error points at the `x` (14 bytes of the first reply + 2).
//! assert_eq!(codes, [Ok(250), Err(16), Ok(250)]);
//! assert_eq!(input, b"354 go"); // waits for the line end
//! assert_eq!(decoder.offset(), 52);
//! ```

use crate::Status;
use crate::error::Error;
use crate::options::ParserOptions;
use crate::parse::reply::{ReplyScan, Resync, Scanned, build_reply, scan_reply};
use crate::types::reply::Reply;

/// One thing decoded from the server's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent<'a> {
    /// A complete reply (all its lines).
    Reply(Reply<'a>),
    /// Bytes that could not be decoded; `consumed` covers what was skipped to resynchronise
    /// (at least through the end of the offending line, or all the input when that line has
    /// not ended yet). The error's offset is a stream offset.
    Invalid(Error),
    /// Continuation of the previous `Invalid`: more bytes of the offending line, skipped
    /// without buffering, up to and including its LF.
    Skipped,
    /// After [`ClientDecoder::start_tls`]: raw bytes (the TLS handshake and records).
    Opaque(&'a [u8]),
}

/// Decodes the bytes an SMTP server sends into replies (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct ClientDecoder {
    opts: ParserOptions,
    offset: u64,
    tls: bool,
    skipping: bool,
    scan: ReplyScan,
}

impl ClientDecoder {
    /// A decoder at the start of a stream.
    pub fn new(opts: ParserOptions) -> Self {
        Self {
            opts,
            offset: 0,
            tls: false,
            skipping: false,
            scan: ReplyScan::default(),
        }
    }

    /// The options in use.
    pub const fn options(&self) -> &ParserOptions {
        &self.opts
    }

    /// Stream offset of the next unconsumed byte.
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    /// The client sent STARTTLS and got 220: every later byte is opaque.
    pub fn start_tls(&mut self) {
        self.tls = true;
        self.skipping = false;
        self.scan = ReplyScan::default();
    }

    /// True after [`ClientDecoder::start_tls`].
    pub const fn is_tls(&self) -> bool {
        self.tls
    }

    /// The next event from `input`, the bytes not yet consumed (see the [module docs](self)).
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Status<ClientEvent<'a>> {
        if input.is_empty() {
            return Status::Incomplete;
        }
        if self.tls {
            return self.complete(ClientEvent::Opaque(input), input.len());
        }
        if self.skipping {
            let consumed = match memchr::memchr(b'\n', input) {
                Some(lf) => {
                    self.skipping = false;
                    lf + 1
                }
                None => input.len(),
            };
            return self.complete(ClientEvent::Skipped, consumed);
        }
        match scan_reply(input, &mut self.scan, &self.opts) {
            Scanned::Complete { end, lines, code } => self.complete(
                ClientEvent::Reply(build_reply(&input[..end], lines, code)),
                end,
            ),
            Scanned::Incomplete => Status::Incomplete,
            Scanned::Invalid { error, resync } => {
                let consumed = match resync {
                    Resync::At(end) => end,
                    Resync::LineEndFrom(from) => {
                        match memchr::memchr(b'\n', input.get(from..).unwrap_or(&[])) {
                            Some(lf) => from + lf + 1,
                            None => {
                                self.skipping = true;
                                input.len()
                            }
                        }
                    }
                };
                let base = usize::try_from(self.offset).unwrap_or(usize::MAX);
                self.complete(ClientEvent::Invalid(error.shifted(base)), consumed)
            }
        }
    }

    fn complete<'a>(&mut self, value: ClientEvent<'a>, consumed: usize) -> Status<ClientEvent<'a>> {
        self.offset = self.offset.saturating_add(consumed as u64);
        Status::Complete { value, consumed }
    }
}
