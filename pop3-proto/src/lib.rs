//! Sans-IO POP3: commands, replies, multi-line bodies and a command-aware client decoder.
//!
//! The crate never touches a socket: parsers take byte slices and return values that borrow
//! from them, encoders write into a caller's [`bytes::BufMut`], and the streaming decoders in
//! [`stream`] keep the framing state between reads.
//!
//! Every parser has three outcomes, never mixed: a complete value with the number of bytes
//! it used ([`Status::Complete`]), a request for more input ([`Status::Incomplete`]), or an
//! [`Error`](struct@Error) with the byte offset and what was expected.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`types::command`], [`parse::command`] | [`Command`]: every command of RFC 1939, 2449 (CAPA), 2595 (STLS), 5034 (AUTH), 6856 (UTF8, LANG); unknown keywords as values; [`AuthLine`] |
//! | [`types::reply`], [`parse::reply`] | [`Reply`] (`+OK` / `-ERR`, [`RespCode`] per RFC 2449 §8 and RFC 3206, text as bytes), [`Continuation`], the APOP banner and digest helpers |
//! | [`types::listing`], [`types::capa`] | typed STAT / LIST / UIDL / LANG listings and the CAPA [`Capabilities`] |
//! | [`stream::client`] | [`ClientDecoder`]: server bytes → typed replies, knowing from the commands sent which have a body |
//! | [`stream::server`] | [`ServerDecoder`]: client bytes → commands and SASL lines (pipelined), opaque after STLS |
//! | [`stream::body`], [`encode::body`] | multi-line bodies: zero-copy dot-unstuffing ([`BodyDecoder`]) and dot-stuffing ([`BodyEncoder`]) |
//! | [`options`] | [`ParserOptions`]: limits and the strict / lenient [`Mode`] |
//!
//! A client session: write the commands through a [`ClientDecoder`] (which records them, so
//! it knows which replies have a body), then feed it what the server sends.
//!
//! ```
//! use pop3_proto::types::command::MessageNumber;
//! use pop3_proto::{ClientDecoder, ClientEvent, Command, ParserOptions, Status};
//!
//! let mut client = ClientDecoder::new(ParserOptions::default());
//! let mut to_server = Vec::new();
//! client.encode_command(&Command::Stat, &mut to_server);
//! client.encode_command(&Command::Retr { msg: MessageNumber::new(1).unwrap() }, &mut to_server);
//! assert_eq!(to_server, b"STAT\r\nRETR 1\r\n");
//!
//! // What the server sent (RFC 1939 §10), as it arrived; a real client appends each read.
//! let mut buf: &[u8] = b"+OK POP3 server ready\r\n+OK 1 9\r\n+OK 9 octets\r\n..hello\r\n.\r\n";
//! let mut message = Vec::new();
//! while let Status::Complete { value, consumed } = client.decode(buf) {
//!     match value {
//!         ClientEvent::Greeting(reply) | ClientEvent::Reply { reply, .. } => assert!(reply.is_ok()),
//!         ClientEvent::MessageStart { .. } | ClientEvent::MessageEnd => {}
//!         ClientEvent::MessageData(data) => message.extend_from_slice(data),
//!         other => panic!("{other:?}"),
//!     }
//!     buf = &buf[consumed..];
//! }
//! assert_eq!(message, b".hello\r\n"); // dot-unstuffed (RFC 1939 §3)
//! ```
#![forbid(unsafe_code)]

pub mod encode;
pub mod error;
pub mod options;
pub mod parse;
pub mod stream;
pub mod types;

pub use encode::body::{BareLineEnds, BodyEncoder};
pub use error::{Error, ErrorKind};
pub use options::{Mode, ParserOptions};
pub use stream::body::{BodyDecoder, BodyEvent};
pub use stream::client::{ClientDecoder, ClientEvent, Listing};
pub use stream::server::{ServerDecoder, ServerEvent};
pub use types::capa::{Capabilities, Capability};
pub use types::command::{AuthLine, Command, CommandKind};
pub use types::listing::{LangListing, ScanListing, Stat, UidListing};
pub use types::reply::{AuthReply, Continuation, Reply, RespCode, StatusIndicator};

/// The outcome of a parser or decoder that did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status<T> {
    /// A complete value; `consumed` bytes of the input belong to it.
    Complete {
        /// The parsed value.
        value: T,
        /// Bytes of input used, counted from the start of the slice passed in.
        consumed: usize,
    },
    /// The input ends before the value does: call again with more bytes.
    Incomplete,
}

impl<T> Status<T> {
    /// The value, if complete.
    pub fn complete(self) -> Option<T> {
        match self {
            Self::Complete { value, .. } => Some(value),
            Self::Incomplete => None,
        }
    }

    /// True for [`Status::Incomplete`].
    pub const fn is_incomplete(&self) -> bool {
        matches!(self, Self::Incomplete)
    }

    /// Applies `f` to a complete value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Status<U> {
        match self {
            Self::Complete { value, consumed } => Status::Complete {
                value: f(value),
                consumed,
            },
            Self::Incomplete => Status::Incomplete,
        }
    }
}
