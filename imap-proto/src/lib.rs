//! Sans-IO IMAP4rev1 (RFC 3501) and IMAP4rev2 (RFC 9051): commands, responses, literals
//! and framing, for both sides of a connection.
//!
//! The crate is being built in steps (see the project's issue tracker); what exists:
//!
//! - [`options`]: [`ParserOptions`] (limits, strict / lenient) and [`Mode`];
//! - [`error`]: [`Error`] (offset, [`ErrorKind`], the tag when known);
//! - [`Status`]: complete (value + bytes consumed) or incomplete, never mixed with errors;
//! - [`stream::framing`]: [`Framer`] splits a byte stream into messages (lines and their
//!   literals) for either [`Side`];
//! - [`types::core`]: the grammar's basic values (tags, atoms, strings, mailboxes, sequence
//!   sets, flags, dates) as validated newtypes; [`types::capability`]: capability names;
//!   [`types::body`]: ENVELOPE, addresses, BODY and BODYSTRUCTURE;
//! - [`types::search`]: search keys and the arguments of SEARCH, SORT and THREAD;
//! - [`encode::core`]: writing them, with the wire form of each string chosen for the peer and
//!   the message split into fragments where a client waits for a continuation request;
//! - [`types::response`]: server responses other than FETCH data ([`Response`],
//!   [`Greeting`], [`StatusResponse`] with its [`Code`], [`Continuation`], [`Data`]).
#![forbid(unsafe_code)]

pub mod encode;
pub mod error;
pub mod options;
// The grammar core is in place before the command and response parsers that use it.
#[allow(dead_code)]
pub(crate) mod parse;
pub mod stream;
pub mod types;

pub use error::{Error, ErrorKind};
pub use options::{Mode, ParserOptions};
pub use stream::framing::{FrameEvent, Framer, Side};
pub use types::body::{Address, BodyStructure, Envelope};
pub use types::command::{Command, CommandBody};
pub use types::response::{
    Code, Continuation, Data, Greeting, GreetingKind, Response, StatusKind, StatusResponse,
};
pub use types::search::{
    SearchCommand, SearchKey, SearchReturnOpt, SortCommand, SortCriterion, SortKey,
    ThreadAlgorithm, ThreadCommand,
};

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
