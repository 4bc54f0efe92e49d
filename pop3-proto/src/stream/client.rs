//! Client side: decode the bytes a server sends into typed replies, knowing which commands
//! were sent.
//!
//! A POP3 reply does not say whether a body follows its status line: that depends on the
//! command it answers (RFC 1939 §3: "Responses to certain commands are multi-line").
//! A [`ClientDecoder`] therefore keeps a queue of the commands sent and not yet answered:
//! register each one with [`ClientDecoder::sent`] (or write it with
//! [`ClientDecoder::encode_command`], which does both), or with [`ClientDecoder::expect`]
//! for a command the crate does not know. Replies are matched to the queue in order, so
//! pipelined commands (RFC 2449 §6.6: the client "MUST keep track of which commands it has
//! outstanding, and match server responses to commands in order") work, and several
//! replies in one read come out one per call.
//!
//! | what arrives | event |
//! | --- | --- |
//! | the first line of the stream | [`ClientEvent::Greeting`] |
//! | `+OK` / `-ERR` to a single-line command, `-ERR` to a multi-line one | [`ClientEvent::Reply`] |
//! | a status line while nothing is pending | [`ClientEvent::Reply`] with `command: None` |
//! | `+ challenge` while `AUTH mechanism` is pending (RFC 5034 §4) | [`ClientEvent::Continuation`] |
//! | `+OK` to RETR or TOP, then the message | [`ClientEvent::MessageStart`], [`ClientEvent::MessageData`]…, [`ClientEvent::MessageEnd`] |
//! | `+OK` to LIST, UIDL, CAPA, LANG (without argument) or bare AUTH, then the body | one [`ClientEvent::Listing`] |
//! | after `+OK` to STLS (RFC 2595 §4) | [`ClientEvent::Opaque`] |
//! | anything that cannot be decoded | [`ClientEvent::Invalid`] (then [`ClientEvent::Skipped`]) |
//!
//! # Bodies
//!
//! A multi-line body ends only at CRLF `"."` CRLF and is dot-unstuffed (RFC 1939 §3); the
//! rules and the strict / lenient handling of bare CR and LF are those of
//! [`BodyDecoder`], which does the work.
//!
//! - **Messages** (RETR, TOP, and multi-line commands registered with an unknown kind)
//!   stream: each [`ClientEvent::MessageData`] is a slice of the input, never copied and
//!   never empty, and the slices put together are the message. A bare CR or LF (strict
//!   mode) is an [`ClientEvent::Invalid`] and the message goes on; a message larger than
//!   [`ParserOptions::max_body_size`] gives one `Invalid` and its rest is consumed as
//!   [`ClientEvent::Skipped`] events, so the decoder stays in step with the server either
//!   way.
//! - **Listings** are typed, which needs the whole body: the decoder returns
//!   [`Status::Incomplete`] (consuming nothing) until the terminator is in the input, then
//!   one [`ClientEvent::Listing`] covers the status line, the body and the terminator. The
//!   listing borrows from the input when no line was stuffed, and owns its bytes when the
//!   body had to be copied to remove the stuffed dots. A body that breaks a rule (a bare CR
//!   or LF in strict mode, more than [`ParserOptions::max_body_size`] bytes) is reported as
//!   soon as it is found, as one [`ClientEvent::Invalid`] that consumes the response so far;
//!   the rest of the body, through its terminator, comes as [`ClientEvent::Skipped`] events
//!   and is never buffered. A body whose lines are not listings is one `Invalid` covering
//!   the whole response. Either way the pending command counts as answered.
//!
//! # The caller's buffer
//!
//! [`ClientDecoder::decode`] takes the bytes not consumed so far. After
//! [`Status::Complete`] the caller drops `consumed` bytes from the front; after
//! [`Status::Incomplete`] it reads more and calls again with the same bytes plus the new
//! ones, never changing the bytes it kept. The decoder remembers how far it scanned (in a
//! status line, and in a listing body it is waiting to complete), so a reply fed one byte
//! at a time is not rescanned: the total work is O(n) however the input is split
//! ([`ClientDecoder::bytes_examined`] counts it). A caller that hands in fewer bytes than
//! it kept after `Incomplete` makes the decoder start the pending response again.
//!
//! The same input gives the same events in any split, except that the bytes of an
//! `Invalid` and the `Skipped` events after it (and, in a message, the bytes dropped after
//! an `Invalid` and the `MessageData` after them) may be divided between events
//! differently, and that `MessageData` and `Opaque` may come in more or fewer pieces.
//!
//! # Errors
//!
//! The decoder never fails: what cannot be decoded becomes [`ClientEvent::Invalid`] with a
//! stream offset (counted from the first byte ever given to the decoder).
//!
//! - A status line that does not parse is consumed through its LF and the front pending
//!   command counts as answered by it (single-line). The decoder cannot know whether a body
//!   follows: if one does, its lines are then read as status lines, most of them invalid,
//!   each consumed as an `Invalid` of its own (and each answering the next pending command,
//!   if any); decoding is back in step at the next real status line once the queue is
//!   empty.
//! - During `AUTH mechanism`, a line that starts with `+` and not `+O`/`+o` is a challenge
//!   (the rule of [`AuthReply::parse`](crate::types::reply::AuthReply::parse)); an invalid
//!   challenge is `Invalid` and `AUTH` stays pending (the client cancels with `*`, and the
//!   server's `-ERR` ends the exchange).
//! - A line longer than its limit ([`ParserOptions::max_reply_line`], or
//!   [`ParserOptions::max_auth_line`] for a challenge) is reported as soon as the limit is
//!   passed, consuming what has arrived; the rest of the line, through its LF, comes as
//!   [`ClientEvent::Skipped`] events without being buffered. A bare CR whose line end has
//!   not arrived is handled the same way.
//!
//! ```
//! use pop3_proto::stream::client::{ClientDecoder, ClientEvent, Listing};
//! use pop3_proto::types::command::{Command, MessageNumber};
//! use pop3_proto::{ParserOptions, Status};
//!
//! let mut dec = ClientDecoder::new(ParserOptions::default());
//! let mut wire = Vec::new();
//! // Pipelined: LIST and RETR 1 in one write (RFC 2449 §6.6).
//! dec.encode_command(&Command::List { msg: None }, &mut wire);
//! dec.encode_command(&Command::Retr { msg: MessageNumber::new(1).unwrap() }, &mut wire);
//! assert_eq!(wire, b"LIST\r\nRETR 1\r\n");
//! assert_eq!(dec.pending(), 2);
//!
//! let mut input: &[u8] = b"+OK POP3 server ready\r\n\
//!     +OK 1 messages\r\n1 16\r\n.\r\n\
//!     +OK 16 octets\r\n..dots\r\nhello\r\n.\r\n";
//! let mut message = Vec::new();
//! let mut sizes = Vec::new();
//! while let Status::Complete { value, consumed } = dec.decode(input) {
//!     match value {
//!         ClientEvent::Greeting(reply) => assert!(reply.is_ok()),
//!         ClientEvent::Listing { listing: Listing::Scan(list), .. } => {
//!             sizes.extend(list.iter().map(|l| l.size()));
//!         }
//!         ClientEvent::MessageStart { reply, .. } => assert_eq!(reply.text(), b"16 octets"),
//!         // Zero copy: a slice of `input` (the stuffed dot is left out).
//!         ClientEvent::MessageData(data) => message.extend_from_slice(data),
//!         ClientEvent::MessageEnd => {}
//!         other => panic!("{other:?}"),
//!     }
//!     input = &input[consumed..];
//! }
//! assert_eq!(sizes, [16]);
//! assert_eq!(message, b".dots\r\nhello\r\n");
//! assert!(input.is_empty());
//! assert_eq!(dec.pending(), 0);
//! ```

use std::borrow::Cow;
use std::collections::VecDeque;

use bytes::BufMut;

use crate::Status;
use crate::error::{Error, ErrorKind};
use crate::options::ParserOptions;
use crate::parse::command::scan_mechanism;
use crate::parse::line::{LineScan, scan_line};
use crate::parse::listing::BodyLines;
use crate::parse::reply::reply_from_line;
use crate::stream::body::{BodyDecoder, BodyEvent};
use crate::types::capa::Capabilities;
use crate::types::command::{Command, CommandKind};
use crate::types::listing::{LangListing, ScanListing, UidListing, is_blank};
use crate::types::reply::{Continuation, Reply};

/// One event of a [`ClientDecoder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent<'a> {
    /// The first line of the stream (RFC 1939 §4: the server "issues a one line
    /// greeting"), `+OK` or `-ERR`; see
    /// [`Reply::apop_timestamp`](crate::types::reply::Reply::apop_timestamp).
    Greeting(Reply<'a>),
    /// A single-line reply: the answer to a single-line command, or `-ERR` to a multi-line
    /// one. `command` is the kind of the pending command it answers, `None` when nothing was
    /// pending (an unsolicited line).
    Reply {
        /// The command answered, if any was pending.
        command: Option<CommandKind>,
        /// The status line.
        reply: Reply<'a>,
    },
    /// A server challenge while `AUTH mechanism` is pending (RFC 5034 §4); the command stays
    /// pending until its `+OK` or `-ERR`.
    Continuation(Continuation<'a>),
    /// The `+OK` status line of a message: RETR, TOP, or a multi-line command registered
    /// with [`ClientDecoder::expect`] whose kind has no listing type. The message follows
    /// as [`ClientEvent::MessageData`] events and a [`ClientEvent::MessageEnd`].
    MessageStart {
        /// The command answered.
        command: CommandKind,
        /// The status line.
        reply: Reply<'a>,
    },
    /// Unstuffed message content: a slice of the input (never copied, never empty), line
    /// ends included. The slices put together are the message.
    MessageData(&'a [u8]),
    /// The terminating `"." CRLF` of a message was consumed.
    MessageEnd,
    /// A whole typed multi-line response: `+OK` to LIST, UIDL or LANG without argument,
    /// CAPA, or bare AUTH. `consumed` covers the status line, the body and the terminator.
    Listing {
        /// The command answered.
        command: CommandKind,
        /// The status line.
        reply: Reply<'a>,
        /// The body, typed.
        listing: Listing<'a>,
    },
    /// Bytes that could not be decoded (see the [module docs](self#errors)); the error's
    /// offset is a stream offset. `consumed` covers what was skipped, which may be nothing
    /// for a message's [`ErrorKind::BodyTooLarge`] (reported after the content up to the
    /// limit).
    Invalid(Error),
    /// Bytes consumed without an event of their own, after an [`ClientEvent::Invalid`]:
    /// more of an over-long or broken line, or of a body being skipped.
    Skipped,
    /// After `+OK` to STLS: raw bytes of the TLS stream, never empty.
    Opaque(&'a [u8]),
}

/// The typed body of a [`ClientEvent::Listing`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing<'a> {
    /// LIST without argument: one scan listing per message (RFC 1939 §5).
    Scan(Vec<ScanListing<'a>>),
    /// UIDL without argument: one unique-id listing per message (RFC 1939 §7).
    Uid(Vec<UidListing<'a>>),
    /// CAPA: the capabilities (RFC 2449 §5).
    Capa(Capabilities<'a>),
    /// LANG without argument: the languages (RFC 6856 §3.2).
    Lang(Vec<LangListing<'a>>),
    /// Bare AUTH: one SASL mechanism name per line (RFC 4422 §3.1 `sasl-mech =
    /// 1*20mech-char`, lower case accepted), as servers answer it (not in RFC 5034).
    Mechanisms(Vec<Cow<'a, [u8]>>),
}

impl Listing<'_> {
    /// The same listing owning its bytes.
    pub fn into_owned(self) -> Listing<'static> {
        match self {
            Self::Scan(v) => Listing::Scan(v.into_iter().map(ScanListing::into_owned).collect()),
            Self::Uid(v) => Listing::Uid(v.into_iter().map(UidListing::into_owned).collect()),
            Self::Capa(c) => Listing::Capa(c.into_owned()),
            Self::Lang(v) => Listing::Lang(v.into_iter().map(LangListing::into_owned).collect()),
            Self::Mechanisms(v) => {
                Listing::Mechanisms(v.into_iter().map(|m| Cow::Owned(m.into_owned())).collect())
            }
        }
    }
}

/// A command sent and not answered yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pending {
    kind: CommandKind,
    multiline: bool,
}

impl Pending {
    /// `AUTH mechanism`: challenges may come before the status line.
    fn takes_challenges(self) -> bool {
        self.kind == CommandKind::Auth && !self.multiline
    }
}

/// Which typed listing a multi-line command's body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListingKind {
    Scan,
    Uid,
    Capa,
    Lang,
    Mechanisms,
}

impl ListingKind {
    const fn of(kind: CommandKind) -> Option<Self> {
        Some(match kind {
            CommandKind::List => Self::Scan,
            CommandKind::Uidl => Self::Uid,
            CommandKind::Capa => Self::Capa,
            CommandKind::Lang => Self::Lang,
            CommandKind::Auth => Self::Mechanisms,
            _ => return None,
        })
    }
}

/// A listing response being read: nothing of it is consumed until its terminator arrives.
/// Positions count from the start of the input (the status line's first byte).
#[derive(Debug, Clone)]
struct ListingScan {
    kind: ListingKind,
    /// End of the status line's text.
    text_end: usize,
    /// End of the status line (start of the body).
    body_start: usize,
    /// Input bytes the body decoder has consumed, from the start of the input.
    examined: usize,
    decoder: BodyDecoder,
    /// The unstuffed content as ranges of the input, adjacent ranges merged: one range
    /// means the body can be borrowed.
    pieces: Vec<(usize, usize)>,
}

/// What the next bytes are.
#[derive(Debug, Clone)]
enum State {
    /// The greeting line.
    Greeting,
    /// Status lines (and challenges).
    Lines,
    /// The rest of an invalid line, through its LF.
    SkipLine,
    /// The content of a message.
    Message(BodyDecoder),
    /// A listing response, waiting for its terminator.
    Listing(Box<ListingScan>),
    /// The rest of a body after an error, through its terminator.
    SkipBody(BodyDecoder),
    /// Everything after STLS.
    Opaque,
}

/// How far a [`BodyDecoder`] call may look past what it consumes (one 64-byte block and the
/// byte after it; see the body module's performance notes). Used to count
/// [`ClientDecoder::bytes_examined`].
const BODY_LOOKAHEAD: usize = 65;

/// Decodes the server-to-client byte stream (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct ClientDecoder {
    opts: ParserOptions,
    state: State,
    pending: VecDeque<Pending>,
    /// Stream offset of the next unconsumed byte.
    offset: u64,
    /// Bytes of the current (incomplete) line already scanned.
    scanned: usize,
    /// See [`ClientDecoder::bytes_examined`].
    examined: u64,
}

impl ClientDecoder {
    /// A decoder at the start of a stream: it expects the greeting first.
    pub fn new(opts: ParserOptions) -> Self {
        Self {
            opts,
            state: State::Greeting,
            pending: VecDeque::new(),
            offset: 0,
            scanned: 0,
            examined: 0,
        }
    }

    /// A decoder for a stream without a greeting: the first line answers the first command
    /// registered. For the protected stream after STLS (RFC 2595 §4: the client goes on
    /// with its next command, typically CAPA, and the server sends no new greeting).
    ///
    /// ```
    /// use pop3_proto::stream::client::{ClientDecoder, ClientEvent};
    /// use pop3_proto::types::command::{Command, CommandKind};
    /// use pop3_proto::{ParserOptions, Status};
    ///
    /// let mut dec = ClientDecoder::without_greeting(ParserOptions::default());
    /// dec.sent(&Command::Noop);
    /// let Status::Complete { value, .. } = dec.decode(b"+OK\r\n") else { panic!() };
    /// assert!(matches!(value, ClientEvent::Reply { command: Some(CommandKind::Noop), .. }));
    /// ```
    pub fn without_greeting(opts: ParserOptions) -> Self {
        Self {
            state: State::Lines,
            ..Self::new(opts)
        }
    }

    /// The options in force.
    pub const fn options(&self) -> &ParserOptions {
        &self.opts
    }

    /// Records that `command` was sent: its kind and whether a `+OK` answer to it has a
    /// body ([`Command::expects_multiline`]).
    pub fn sent(&mut self, command: &Command<'_>) {
        self.expect(command.kind(), command.expects_multiline());
    }

    /// Records a sent command by kind: `multiline` says whether a `+OK` answer has a body.
    /// For extensions: a [`CommandKind::Unknown`] command known to answer with a body
    /// gives [`ClientEvent::MessageStart`] and the message events. A multi-line
    /// [`CommandKind::Auth`] is the bare form (a mechanism list); a single-line one takes
    /// challenges.
    pub fn expect(&mut self, kind: CommandKind, multiline: bool) {
        self.pending.push_back(Pending { kind, multiline });
    }

    /// Writes `command` (CRLF included) and records it as [`ClientDecoder::sent`] does.
    pub fn encode_command(&mut self, command: &Command<'_>, out: &mut impl BufMut) {
        command.encode(out);
        self.sent(command);
    }

    /// Commands sent and not answered yet (a listing counts as answered once its event is
    /// returned, a message once its [`ClientEvent::MessageStart`] is).
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Stream offset of the next byte the decoder has not consumed.
    pub const fn offset(&self) -> u64 {
        self.offset
    }

    /// True after `+OK` to STLS: every later byte is [`ClientEvent::Opaque`].
    pub fn is_opaque(&self) -> bool {
        matches!(self.state, State::Opaque)
    }

    /// The number of input bytes the decoder's passes have read so far, counting a byte
    /// once per pass over it (framing, parsing, unstuffing, copying) and, for each call
    /// into the body decoder, the bytes it may have looked at past what it consumed. It
    /// grows with the bytes consumed, not with how the input was split: a reply fed one
    /// byte at a time costs about as much as the same reply fed at once.
    pub const fn bytes_examined(&self) -> u64 {
        self.examined
    }

    /// The next event from `input`, the bytes not consumed so far (see the
    /// [module docs](self)).
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Status<ClientEvent<'a>> {
        match &self.state {
            State::Greeting | State::Lines => self.line(input),
            State::SkipLine => self.skip_line(input),
            State::Message(_) => self.message(input),
            State::Listing(_) => self.listing(input),
            State::SkipBody(_) => self.skip_body(input),
            State::Opaque => {
                if input.is_empty() {
                    return Status::Incomplete;
                }
                self.examined += input.len() as u64;
                self.done(ClientEvent::Opaque(input), input.len())
            }
        }
    }

    /// Consumes `consumed` bytes and returns `event`.
    fn done<'a>(&mut self, event: ClientEvent<'a>, consumed: usize) -> Status<ClientEvent<'a>> {
        self.offset = self.offset.saturating_add(consumed as u64);
        self.scanned = 0;
        Status::Complete {
            value: event,
            consumed,
        }
    }

    /// The stream offset of the next unconsumed byte, as a `usize`.
    fn base(&self) -> usize {
        usize::try_from(self.offset).unwrap_or(usize::MAX)
    }

    /// Moves an error's offset from the input to the stream.
    fn shift(&self, e: Error) -> Error {
        e.shifted(self.base())
    }

    /// A status line, or a challenge during `AUTH mechanism`.
    fn line<'a>(&mut self, input: &'a [u8]) -> Status<ClientEvent<'a>> {
        let greeting = matches!(self.state, State::Greeting);
        let front = self.pending.front().copied();
        // RFC 5034 §4: "+" and anything but "O" is a challenge (AuthReply::parse's rule).
        let challenge = if !greeting
            && front.is_some_and(Pending::takes_challenges)
            && input.first() == Some(&b'+')
        {
            match input.get(1) {
                // One byte cannot tell a challenge from "+OK".
                None => return Status::Incomplete,
                Some(b) => !matches!(b, b'O' | b'o'),
            }
        } else {
            false
        };
        let limit = if challenge {
            self.opts.max_auth_line
        } else {
            self.opts.max_reply_line
        };
        let lenient = self.opts.is_lenient();
        let from = self.scanned.min(input.len());
        match scan_line(input, from, limit, lenient) {
            Ok(LineScan::Incomplete { scanned }) => {
                self.examined += (input.len() - from) as u64;
                self.scanned = scanned;
                Status::Incomplete
            }
            Ok(LineScan::Complete { text_end, next }) => {
                // The framing pass, then the parsing pass over the line.
                self.examined += (next - from + text_end) as u64;
                if challenge {
                    self.examined += next as u64;
                    let event = match Continuation::parse(&input[..next], &self.opts) {
                        Ok(Status::Complete { value, .. }) => ClientEvent::Continuation(value),
                        Ok(Status::Incomplete) => ClientEvent::Invalid(self.shift(Error::new(
                            text_end,
                            ErrorKind::Expected {
                                expected: "line end",
                            },
                        ))),
                        Err(e) => ClientEvent::Invalid(self.shift(e)),
                    };
                    return self.done(event, next);
                }
                if greeting {
                    self.state = State::Lines;
                }
                match reply_from_line(&input[..text_end], lenient) {
                    Err(e) => {
                        if !greeting {
                            self.pending.pop_front();
                        }
                        let e = self.shift(e);
                        self.done(ClientEvent::Invalid(e), next)
                    }
                    Ok(reply) if greeting => self.done(ClientEvent::Greeting(reply), next),
                    Ok(reply) => self.answer(input, reply, text_end, next),
                }
            }
            Err(e) => {
                // Resynchronise after the next LF (the bare LF itself when that was the
                // fault). The line answers the front command unless it was a challenge.
                if greeting {
                    self.state = State::Lines;
                } else if !challenge {
                    self.pending.pop_front();
                }
                let skip_from = match e.kind {
                    ErrorKind::BareLf => e.offset.min(input.len()),
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
                self.examined += (consumed.saturating_sub(from) + consumed - skip_from) as u64;
                self.done(ClientEvent::Invalid(e), consumed)
            }
        }
    }

    /// A parsed status line (not the greeting) that ends at `next`: matches it to the front
    /// pending command.
    fn answer<'a>(
        &mut self,
        input: &'a [u8],
        reply: Reply<'a>,
        text_end: usize,
        next: usize,
    ) -> Status<ClientEvent<'a>> {
        let Some(front) = self.pending.front().copied() else {
            return self.done(
                ClientEvent::Reply {
                    command: None,
                    reply,
                },
                next,
            );
        };
        let command = front.kind;
        if reply.is_err() || !front.multiline {
            self.pending.pop_front();
            if command == CommandKind::Stls && reply.is_ok() {
                // RFC 2595 §4: after +OK the TLS negotiation starts; nothing pipelined
                // after STLS can be answered in this stream.
                self.state = State::Opaque;
                self.pending.clear();
            }
            return self.done(
                ClientEvent::Reply {
                    command: Some(command),
                    reply,
                },
                next,
            );
        }
        self.scanned = 0;
        let body_offset = self.base().saturating_add(next);
        let decoder = BodyDecoder::new(&self.opts).starting_at(body_offset);
        match ListingKind::of(command) {
            Some(kind) => {
                // Nothing is consumed until the terminator arrives; the status line is
                // parsed again then.
                self.state = State::Listing(Box::new(ListingScan {
                    kind,
                    text_end,
                    body_start: next,
                    examined: next,
                    decoder,
                    pieces: Vec::new(),
                }));
                self.listing(input)
            }
            None => {
                self.pending.pop_front();
                self.state = State::Message(decoder);
                self.done(ClientEvent::MessageStart { command, reply }, next)
            }
        }
    }

    /// The rest of an invalid line, through its LF.
    fn skip_line<'a>(&mut self, input: &'a [u8]) -> Status<ClientEvent<'a>> {
        if input.is_empty() {
            return Status::Incomplete;
        }
        let consumed = match memchr::memchr(b'\n', input) {
            Some(at) => {
                self.state = State::Lines;
                at + 1
            }
            None => input.len(),
        };
        self.examined += consumed as u64;
        self.done(ClientEvent::Skipped, consumed)
    }

    /// Counts one body decoder call over `len` bytes that consumed `consumed` (`None`:
    /// incomplete).
    fn count_body_call(&mut self, len: usize, consumed: Option<usize>) {
        self.examined += body_call_cost(len, consumed);
    }

    /// The content of a message.
    fn message<'a>(&mut self, input: &'a [u8]) -> Status<ClientEvent<'a>> {
        let State::Message(decoder) = &mut self.state else {
            return Status::Incomplete;
        };
        let status = decoder.decode(input);
        let (value, consumed) = match status {
            Status::Incomplete => {
                self.count_body_call(input.len(), None);
                return Status::Incomplete;
            }
            Status::Complete { value, consumed } => (value, consumed),
        };
        self.count_body_call(input.len(), Some(consumed));
        let event = match value {
            BodyEvent::Data(data) if !data.is_empty() => ClientEvent::MessageData(data),
            // Nothing decided (the body decoder never does this, but an event must make
            // progress).
            BodyEvent::Data(_) if consumed == 0 => return Status::Incomplete,
            // Bytes dropped after an error (the rest of a line with a bare CR or LF,
            // content past the size limit).
            BodyEvent::Data(_) => ClientEvent::Skipped,
            BodyEvent::Invalid(e) => ClientEvent::Invalid(e),
            BodyEvent::End => {
                self.state = State::Lines;
                ClientEvent::MessageEnd
            }
        };
        self.done(event, consumed)
    }

    /// A listing response: waits for its terminator, then parses the whole body.
    fn listing<'a>(&mut self, input: &'a [u8]) -> Status<ClientEvent<'a>> {
        let State::Listing(scan) = &mut self.state else {
            return Status::Incomplete;
        };
        if input.len() < scan.examined {
            // The caller dropped bytes it had to keep: read the response again.
            self.state = State::Lines;
            self.scanned = 0;
            return self.line(input);
        }
        let mut cost = 0;
        let outcome = loop {
            let rest = &input[scan.examined..];
            match scan.decoder.decode(rest) {
                Status::Incomplete => {
                    cost += body_call_cost(rest.len(), None);
                    break None;
                }
                Status::Complete { value, consumed } => {
                    cost += body_call_cost(rest.len(), Some(consumed));
                    let at = scan.examined;
                    scan.examined += consumed;
                    match value {
                        BodyEvent::Data(data) if !data.is_empty() => {
                            let start = at + sub_offset(rest, data);
                            let end = start + data.len();
                            match scan.pieces.last_mut() {
                                Some(last) if last.1 == start => last.1 = end,
                                _ => scan.pieces.push((start, end)),
                            }
                        }
                        BodyEvent::Data(_) => {}
                        BodyEvent::Invalid(e) => break Some(Err(e)),
                        BodyEvent::End => break Some(Ok(())),
                    }
                }
            }
        };
        self.examined += cost;
        match outcome {
            None => Status::Incomplete,
            Some(Err(e)) => self.listing_body_error(input, e),
            Some(Ok(())) => self.listing_end(input),
        }
    }

    /// A broken listing body: one `Invalid` for the response so far and as much of the rest
    /// of the body as is in `input`; what is not is skipped later.
    fn listing_body_error<'a>(&mut self, input: &'a [u8], e: Error) -> Status<ClientEvent<'a>> {
        let State::Listing(scan) = std::mem::replace(&mut self.state, State::Lines) else {
            return Status::Incomplete;
        };
        self.pending.pop_front();
        let ListingScan {
            examined,
            mut decoder,
            ..
        } = *scan;
        let (skipped, finished) = self.skip_body_bytes(&mut decoder, &input[examined..]);
        if !finished {
            self.state = State::SkipBody(decoder);
        }
        self.done(ClientEvent::Invalid(e), examined + skipped)
    }

    /// The rest of a body after an error.
    fn skip_body<'a>(&mut self, input: &'a [u8]) -> Status<ClientEvent<'a>> {
        let State::SkipBody(mut decoder) = std::mem::replace(&mut self.state, State::Lines) else {
            return Status::Incomplete;
        };
        let (consumed, finished) = self.skip_body_bytes(&mut decoder, input);
        if !finished {
            self.state = State::SkipBody(decoder);
        }
        if consumed == 0 {
            return Status::Incomplete;
        }
        self.done(ClientEvent::Skipped, consumed)
    }

    /// Runs `decoder` over `input`, dropping what it yields, up to the end of the body or
    /// of the input: (bytes consumed, whether the terminator was consumed).
    fn skip_body_bytes(&mut self, decoder: &mut BodyDecoder, input: &[u8]) -> (usize, bool) {
        let mut used = 0;
        loop {
            let rest = &input[used..];
            match decoder.decode(rest) {
                Status::Incomplete => {
                    self.count_body_call(rest.len(), None);
                    return (used, false);
                }
                Status::Complete { value, consumed } => {
                    self.count_body_call(rest.len(), Some(consumed));
                    used += consumed;
                    match value {
                        BodyEvent::End => return (used, true),
                        // A size-limit report may consume nothing; it comes once.
                        BodyEvent::Invalid(_) => {}
                        BodyEvent::Data(_) if consumed == 0 => return (used, false),
                        BodyEvent::Data(_) => {}
                    }
                }
            }
        }
    }

    /// The terminator of a listing was consumed: parse the response.
    fn listing_end<'a>(&mut self, input: &'a [u8]) -> Status<ClientEvent<'a>> {
        let State::Listing(scan) = std::mem::replace(&mut self.state, State::Lines) else {
            return Status::Incomplete;
        };
        let front = self.pending.pop_front();
        let command = front.map_or(CommandKind::Unknown, |p| p.kind);
        let end = scan.examined;
        self.examined += scan.text_end as u64;
        let reply = match reply_from_line(&input[..scan.text_end], self.opts.is_lenient()) {
            Ok(reply) => reply,
            Err(e) => {
                let e = self.shift(e);
                return self.done(ClientEvent::Invalid(e), end);
            }
        };
        let content: usize = scan.pieces.iter().map(|&(s, e)| e - s).sum();
        // The parsing pass.
        self.examined += content as u64;
        let parsed = match scan.pieces.as_slice() {
            [] => parse_listing(scan.kind, &[], &self.opts),
            [(s, e)] => parse_listing(scan.kind, &input[*s..*e], &self.opts),
            pieces => {
                // Stuffed lines: the dots are gone only from a copy.
                self.examined += content as u64;
                let mut body = Vec::with_capacity(content);
                for &(s, e) in pieces {
                    body.extend_from_slice(&input[s..e]);
                }
                parse_listing(scan.kind, &body, &self.opts).map(Listing::into_owned)
            }
        };
        let event = match parsed {
            Ok(listing) => ClientEvent::Listing {
                command,
                reply,
                listing,
            },
            Err(e) => {
                let at = wire_position(&scan.pieces, scan.body_start, e.offset);
                ClientEvent::Invalid(Error::new(self.base().saturating_add(at), e.kind))
            }
        };
        self.done(event, end)
    }
}

/// What a body decoder call over `len` bytes that consumed `consumed` (`None`: incomplete)
/// may have read.
fn body_call_cost(len: usize, consumed: Option<usize>) -> u64 {
    let looked = match consumed {
        Some(c) => c + (len - c.min(len)).min(BODY_LOOKAHEAD),
        None => len,
    };
    looked as u64
}

/// Where `inner`, a sub-slice of `outer`, starts in it.
fn sub_offset(outer: &[u8], inner: &[u8]) -> usize {
    let at = (inner.as_ptr() as usize).wrapping_sub(outer.as_ptr() as usize);
    at.min(outer.len())
}

/// The input position of byte `offset` of the unstuffed content held in `pieces` (the end
/// of the content maps to the end of the last piece).
fn wire_position(pieces: &[(usize, usize)], body_start: usize, offset: usize) -> usize {
    let mut before = 0;
    for &(s, e) in pieces {
        let len = e - s;
        if offset < before + len {
            return s + (offset - before);
        }
        before += len;
    }
    pieces.last().map_or(body_start, |&(_, e)| e)
}

/// Parses an unstuffed listing body; error offsets count from the start of `body`.
fn parse_listing<'a>(
    kind: ListingKind,
    body: &'a [u8],
    opts: &ParserOptions,
) -> Result<Listing<'a>, Error> {
    Ok(match kind {
        ListingKind::Scan => Listing::Scan(ScanListing::parse_body(body, opts).into_vec()?),
        ListingKind::Uid => Listing::Uid(UidListing::parse_body(body, opts).into_vec()?),
        ListingKind::Capa => Listing::Capa(Capabilities::parse_body(body, opts)?),
        ListingKind::Lang => Listing::Lang(LangListing::parse_body(body, opts).into_vec()?),
        ListingKind::Mechanisms => Listing::Mechanisms(parse_mechanisms(body, opts)?),
    })
}

/// The body of a bare AUTH: one SASL mechanism name per line (RFC 4422 §3.1 `sasl-mech =
/// 1*20mech-char`, lower case accepted as in [`Mechanism`](crate::types::command::Mechanism)).
/// Lenient mode skips blank lines and blanks around a name.
fn parse_mechanisms<'a>(body: &'a [u8], opts: &ParserOptions) -> Result<Vec<Cow<'a, [u8]>>, Error> {
    let lenient = opts.is_lenient();
    let mut names = Vec::new();
    for line in BodyLines::new(body, opts) {
        let (start, line) = line?;
        let (lead, name) = if lenient {
            let lead = line
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            let rest = &line[lead..];
            let trail = rest
                .iter()
                .rev()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            (lead, &rest[..rest.len() - trail])
        } else {
            (0, line)
        };
        if lenient && is_blank(name) {
            continue;
        }
        let at = start + lead;
        let end = scan_mechanism(name, 0).map_err(|e| e.shifted(at))?;
        if end != name.len() {
            return Err(Error::new(
                at + end,
                ErrorKind::Expected {
                    expected: "end of line after the SASL mechanism name",
                },
            ));
        }
        names.push(Cow::Borrowed(name));
    }
    Ok(names)
}
