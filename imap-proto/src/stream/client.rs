//! Client side: decode the bytes a server sends into the greeting, responses and
//! continuation requests; encode commands into the fragments a client sends.
//!
//! A [`ClientDecoder`] runs a [`Framer`] on the [`Side::Client`] (literal data always
//! follows its octet count from a server) and parses each message: the first as the
//! [`Greeting`], the rest with [`Response::parse_message`]. Literal data (a fetched body)
//! is a slice of the input, never copied or scanned. After the server accepted STARTTLS or
//! COMPRESS, [`ClientDecoder::set_opaque`] makes the rest [`ClientEvent::Opaque`].
//!
//! The decoder never fails: a message that cannot be decoded is [`ClientEvent::Invalid`]
//! (offset from the start of the stream), its rest [`ClientEvent::Skipped`].
//!
//! ```
//! use imap_proto::stream::client::{ClientDecoder, ClientEvent};
//! use imap_proto::types::response::{Data, Response};
//! use imap_proto::{ParserOptions, Status};
//!
//! let input = b"* OK IMAP4rev2 Service Ready\r\n* 12 FETCH (BODY[HEADER] {5}\r\nA: b\n)\r\n";
//! let mut dec = ClientDecoder::new(ParserOptions::default());
//! let Status::Complete { value: ClientEvent::Greeting(_), consumed } = dec.decode(input)
//! else { panic!() };
//! let rest = &input[consumed..];
//! let Status::Complete { value: ClientEvent::Response(Response::Data(Data::Fetch(f))), .. } =
//!     dec.decode(rest)
//! else { panic!() };
//! assert_eq!(f.seq.get(), 12);
//! ```

use crate::Status;
use crate::error::Error;
use crate::options::ParserOptions;
use crate::parse::core::Cursor;
use crate::stream::framing::{FrameEvent, Framer, Side};
use crate::types::response::{Greeting, Response};

/// One event of a [`ClientDecoder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent<'a> {
    /// The server's first message.
    Greeting(Greeting<'a>),
    /// A status response, data response or continuation request.
    Response(Response<'a>),
    /// Bytes that cannot be decoded; the rest of the message follows as
    /// [`ClientEvent::Skipped`].
    Invalid(Error),
    /// More bytes of an invalid message, discarded.
    Skipped,
    /// After [`ClientDecoder::set_opaque`]: raw TLS or compressed bytes.
    Opaque(&'a [u8]),
}

/// Decodes the server-to-client byte stream (see the [module docs](self)).
#[derive(Debug, Clone)]
pub struct ClientDecoder {
    framer: Framer,
    greeted: bool,
}

impl ClientDecoder {
    /// A decoder at the start of a connection: the first message is the greeting.
    pub const fn new(opts: ParserOptions) -> Self {
        Self {
            framer: Framer::new(Side::Client, opts),
            greeted: false,
        }
    }

    /// A decoder past the greeting (for a stream that starts later, e.g. inside TLS after
    /// STARTTLS, where no second greeting comes).
    pub const fn after_greeting(opts: ParserOptions) -> Self {
        Self {
            framer: Framer::new(Side::Client, opts),
            greeted: true,
        }
    }

    /// The options in force.
    pub const fn options(&self) -> &ParserOptions {
        self.framer.options()
    }

    /// Stream offset of the next byte not consumed.
    pub const fn offset(&self) -> u64 {
        self.framer.offset()
    }

    /// Input bytes looked at so far (see [`Framer::bytes_examined`]).
    pub const fn bytes_examined(&self) -> u64 {
        self.framer.bytes_examined()
    }

    /// After the server accepted STARTTLS or COMPRESS: every later byte is opaque.
    pub fn set_opaque(&mut self) {
        self.framer.set_opaque();
    }

    /// The next event from `input`, the bytes not consumed so far.
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Status<ClientEvent<'a>> {
        let start = usize::try_from(self.framer.offset()).unwrap_or(usize::MAX);
        let Status::Complete { value, consumed } = self.framer.decode(input) else {
            return Status::Incomplete;
        };
        let event = match value {
            FrameEvent::Message(m) if !self.greeted => {
                self.greeted = true;
                match Greeting::parse_message(m, self.framer.options()) {
                    Ok(g) => ClientEvent::Greeting(g),
                    Err(e) => ClientEvent::Invalid(e.shifted(start)),
                }
            }
            FrameEvent::Message(m) => {
                // The response is built in the event returned (see `Cursor::response_with`).
                let parsed =
                    Cursor::new(m, self.framer.options()).response_with(|r| Status::Complete {
                        value: ClientEvent::Response(r),
                        consumed,
                    });
                return parsed.unwrap_or_else(|e| Status::Complete {
                    value: ClientEvent::Invalid(e.shifted(start)),
                    consumed,
                });
            }
            FrameEvent::Invalid(e) => {
                self.greeted = true;
                ClientEvent::Invalid(e)
            }
            FrameEvent::Opaque(b) => ClientEvent::Opaque(b),
            // Lines, continuation waits and refused literals are server-side events.
            FrameEvent::Skipped
            | FrameEvent::Line(_)
            | FrameEvent::NeedContinuation { .. }
            | FrameEvent::LiteralRefused(_) => ClientEvent::Skipped,
        };
        Status::Complete {
            value: event,
            consumed,
        }
    }
}
