//! Server side: decode the bytes a client sends into commands, literal flow control, the
//! lines of an AUTHENTICATE exchange and IDLE's `DONE`.
//!
//! A [`ServerDecoder`] runs a [`Framer`] on the [`Side::Server`] and parses each complete
//! message with [`Command::parse_message`]. The protocol knowledge that changes framing
//! comes from the caller, who knows what it answered:
//!
//! - a synchronizing literal `{n}` is reported as [`ServerEvent::NeedContinuation`] before
//!   its data: the server sends `+ …` and calls [`ServerDecoder::continuation_sent`], or
//!   answers `tag BAD` / `tag NO` and calls [`ServerDecoder::refuse_literal`] (RFC 9051
//!   §7.5). A literal over the limits is [`ServerEvent::LiteralRefused`] (answer it with a
//!   tagged NO or BAD; the client sends no data before `+`). Non-synchronizing literals
//!   `{n+}` (RFC 7888) need nothing.
//! - after `AUTHENTICATE`, each time the server sends a continuation request (RFC 9051
//!   §6.2.2) the next line is the client's response: call
//!   [`ServerDecoder::expect_auth_line`]; it comes back as [`ServerEvent::AuthData`].
//! - after `IDLE` and the server's `+ idling` (RFC 2177), call
//!   [`ServerDecoder::expect_done`]; `DONE` comes back as [`ServerEvent::IdleDone`].
//! - after the server accepted `STARTTLS` or `COMPRESS`, call
//!   [`ServerDecoder::set_opaque`]: the rest is [`ServerEvent::Opaque`].
//!
//! Pipelined commands give one event each. The decoder never fails: what cannot be decoded
//! is [`ServerEvent::Invalid`] with the error (its offset counted from the start of the
//! stream, and the tag when the message began with one, so the server answers `tag BAD`),
//! and the rest of that message is consumed without buffering as [`ServerEvent::Skipped`].
//! Any split of the input gives the same events, in O(n) total work.
//!
//! ```
//! use imap_proto::stream::server::{ServerDecoder, ServerEvent};
//! use imap_proto::types::command::CommandBody;
//! use imap_proto::{ParserOptions, Status};
//!
//! let mut dec = ServerDecoder::new(ParserOptions::default());
//! let mut input = b"A001 LOGIN {11}\r\n".to_vec();
//! // RFC 9051 §7.5: the client waits for "+" before the literal's data.
//! assert_eq!(
//!     dec.decode(&input),
//!     Status::Complete { value: ServerEvent::NeedContinuation { size: 11 }, consumed: 0 }
//! );
//! dec.continuation_sent(); // after writing "+ Ready for literal data\r\n"
//! input.extend_from_slice(b"FRED FOOBAR {7}\r\n");
//! assert!(matches!(dec.decode(&input).complete(), Some(ServerEvent::NeedContinuation { size: 7 })));
//! dec.continuation_sent();
//! input.extend_from_slice(b"fat man\r\nA002 IDLE\r\n");
//! let Status::Complete { value: ServerEvent::Command(login), consumed } = dec.decode(&input)
//! else { panic!() };
//! assert_eq!(login.tag.as_str(), "A001");
//! assert!(matches!(login.body, CommandBody::Login { .. }));
//! let consumed_login = consumed;
//! input.drain(..consumed_login);
//! let Status::Complete { value: ServerEvent::Command(idle), consumed } = dec.decode(&input)
//! else { panic!() };
//! assert_eq!(idle.body, CommandBody::Idle);
//! input.drain(..consumed);
//! dec.expect_done(); // after writing "+ idling\r\n"
//! input.extend_from_slice(b"DONE\r\n");
//! assert_eq!(dec.decode(&input).complete(), Some(ServerEvent::IdleDone));
//! ```

use crate::Status;
use crate::error::Error;
use crate::options::ParserOptions;
use crate::stream::framing::{FrameEvent, Framer, Side};
use crate::types::command::{AuthData, Command, parse_idle_done_with};

/// One event of a [`ServerDecoder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent<'a> {
    /// A complete command (an unknown name is a typed unknown command).
    Command(Command<'a>),
    /// A synchronizing literal of `size` octets was announced: send a continuation request
    /// and call [`ServerDecoder::continuation_sent`], or answer with a tagged response and
    /// call [`ServerDecoder::refuse_literal`]. `consumed` is 0.
    NeedContinuation {
        /// The announced octet count.
        size: u64,
    },
    /// A synchronizing literal over the limits: answer `tag NO` / `tag BAD` (the error
    /// carries the tag). The partial command is consumed.
    LiteralRefused(Error),
    /// After [`ServerDecoder::expect_auth_line`]: the client's AUTHENTICATE response.
    AuthData(AuthData<'a>),
    /// After [`ServerDecoder::expect_done`]: `DONE` ended the IDLE.
    IdleDone,
    /// Bytes that cannot be decoded; the rest of the message follows as
    /// [`ServerEvent::Skipped`].
    Invalid(Error),
    /// More bytes of an invalid or refused message, discarded.
    Skipped,
    /// After [`ServerDecoder::set_opaque`]: raw TLS or compressed bytes.
    Opaque(&'a [u8]),
}

/// What a line read with [`Framer::expect_line`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Auth,
    Done,
}

/// Decodes the client-to-server byte stream (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct ServerDecoder {
    framer: Framer,
    line: Option<LineKind>,
}

impl ServerDecoder {
    /// A decoder reading commands, with these options.
    pub const fn new(opts: ParserOptions) -> Self {
        Self {
            framer: Framer::new(Side::Server, opts),
            line: None,
        }
    }

    /// For a server that advertises LITERAL- (RFC 7888 §4): non-synchronizing literals over
    /// 4096 octets are refused.
    #[must_use]
    pub const fn literal_minus(mut self) -> Self {
        self.framer = self.framer.literal_minus();
        self
    }

    /// The options in force.
    pub const fn options(&self) -> &ParserOptions {
        self.framer.options()
    }

    /// Stream offset of the next byte not consumed.
    pub const fn offset(&self) -> u64 {
        self.framer.offset()
    }

    /// Input bytes looked at so far (see [`Framer::bytes_examined`]; parsing a message
    /// reads its lines once more, literal data never).
    pub const fn bytes_examined(&self) -> u64 {
        self.framer.bytes_examined()
    }

    /// The continuation request for the literal of [`ServerEvent::NeedContinuation`] was
    /// sent: its data is read next.
    pub fn continuation_sent(&mut self) {
        self.framer.continuation_sent();
    }

    /// The command with the literal of [`ServerEvent::NeedContinuation`] was answered with a
    /// tagged response instead: the partial command is discarded.
    pub fn refuse_literal(&mut self) {
        self.framer.refuse_literal();
    }

    /// A continuation request was sent during AUTHENTICATE: the next line is the client's
    /// response ([`ServerEvent::AuthData`]), limited to
    /// [`ParserOptions::max_auth_line`].
    pub fn expect_auth_line(&mut self) {
        self.framer.expect_line();
        self.line = Some(LineKind::Auth);
    }

    /// The server sent `+ idling`: the next line must be `DONE` ([`ServerEvent::IdleDone`]).
    pub fn expect_done(&mut self) {
        self.framer.expect_line();
        self.line = Some(LineKind::Done);
    }

    /// After STARTTLS or COMPRESS was accepted: every later byte is opaque.
    pub fn set_opaque(&mut self) {
        self.framer.set_opaque();
    }

    /// The next event from `input`, the bytes not consumed so far.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Status<ServerEvent<'a>> {
        let start = usize::try_from(self.framer.offset()).unwrap_or(usize::MAX);
        let Status::Complete { value, consumed } = self.framer.decode(input) else {
            return Status::Incomplete;
        };
        let event = match value {
            FrameEvent::Message(m) => match Command::parse_message(m, self.framer.options()) {
                Ok(c) => ServerEvent::Command(c),
                Err(e) => ServerEvent::Invalid(e.shifted(start)),
            },
            FrameEvent::Line(l) => match self.line.take() {
                Some(LineKind::Done) => match parse_idle_done_with(l, self.framer.options()) {
                    Ok(()) => ServerEvent::IdleDone,
                    Err(e) => ServerEvent::Invalid(e.shifted(start)),
                },
                _ => match AuthData::parse_line_with(l, self.framer.options()) {
                    Ok(a) => ServerEvent::AuthData(a),
                    Err(e) => ServerEvent::Invalid(e.shifted(start)),
                },
            },
            FrameEvent::NeedContinuation { size } => ServerEvent::NeedContinuation { size },
            FrameEvent::LiteralRefused(e) => ServerEvent::LiteralRefused(e),
            FrameEvent::Invalid(e) => {
                self.line = None;
                ServerEvent::Invalid(e)
            }
            FrameEvent::Skipped => ServerEvent::Skipped,
            FrameEvent::Opaque(b) => ServerEvent::Opaque(b),
        };
        Status::Complete {
            value: event,
            consumed,
        }
    }
}
