//! Sans-IO SMTP and LMTP: commands, replies, EHLO capabilities and smuggling-safe DATA/BDAT
//! decoders, for both the client and the server side.
//!
//! The crate never touches a socket: parsers take byte slices and return values that borrow
//! from them, encoders write into a caller's [`bytes::BufMut`], and the streaming decoders in
//! [`stream`] keep the framing state (DATA, BDAT, AUTH, STARTTLS) between reads.
//!
//! Every parser has three outcomes, never mixed: a complete value with the number of bytes
//! it used ([`Status::Complete`]), a request for more input ([`Status::Incomplete`]), or an
//! [`Error`](struct@Error) with the byte offset and what was expected.
//!
//! | module | what it holds |
//! | --- | --- |
//! | [`types::command`], [`parse::command`] | [`Command`]: every verb of RFC 5321 and its extensions; unknown verbs as values |
//! | [`types::path`], [`types::param`] | paths (null, source routes, literals, SMTPUTF8) and typed MAIL/RCPT parameters |
//! | [`types::reply`], [`types::ehlo`] | [`Reply`] with [`ReplyCode`] and [`EnhancedStatus`]; [`EhloReply`] capabilities |
//! | [`stream::server`] | [`ServerDecoder`]: client bytes → commands, DATA content, BDAT chunks, SASL lines |
//! | [`stream::client`] | [`ClientDecoder`]: server bytes → replies (pipelined, multi-line) |
//! | [`encode::data`] | [`DataEncoder`]: outbound dot-stuffing; BDAT chunk writer |
//! | [`options`] | [`ParserOptions`]: limits and the strict / lenient [`Mode`] |
//!
//! A server reading a pipelined transaction and answering it:
//!
//! ```
//! use smtp_proto::{Command, ParserOptions, Reply, ReplyCode, ServerDecoder, ServerEvent, Status};
//!
//! let input = b"EHLO client.example\r\nMAIL FROM:<a@example.org> SIZE=512\r\n";
//! let mut decoder = ServerDecoder::new(ParserOptions::default());
//! let mut rest = &input[..];
//! let mut out = Vec::new();
//! while let Status::Complete { value, consumed } = decoder.decode(rest) {
//!     rest = &rest[consumed..];
//!     if let ServerEvent::Command(cmd) = value {
//!         if let Command::Mail { params, .. } = &cmd {
//!             assert_eq!(params.size(), Some(512));
//!         }
//!         Reply::single(ReplyCode::OK, "2.0.0 Ok").unwrap().encode(&mut out);
//!     }
//! }
//! assert_eq!(out, b"250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n");
//! ```
#![forbid(unsafe_code)]

pub mod encode;
pub mod error;
pub mod options;
pub mod parse;
pub mod stream;
pub mod types;

pub use encode::data::{BareLineEnds, DataEncoder};
pub use error::{Error, ErrorKind};
pub use options::{Mode, ParserOptions};
pub use stream::bdat::{BdatEvent, BdatReceiver};
pub use stream::client::{ClientDecoder, ClientEvent};
pub use stream::data::{DataEvent, DataReceiver};
pub use stream::server::{ServerDecoder, ServerEvent};
pub use types::command::Command;
pub use types::ehlo::{Capability, EhloReply};
pub use types::param::{Param, Parameters};
pub use types::path::{ForwardPath, Mailbox, Path, ReversePath};
pub use types::reply::{EnhancedStatus, Reply, ReplyCode};

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
