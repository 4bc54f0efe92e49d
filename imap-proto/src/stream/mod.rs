//! Sans-IO streaming: the caller owns the sockets and the buffers; the types here keep the
//! framing state between reads, so input may be fed in any split (one byte at a time or
//! all at once) with the same results and O(n) work.
//!
//! - [`framing`]: splits a byte stream into complete IMAP messages (lines and their
//!   literals) before any parsing, for either side of a connection, and tells a server
//!   when to send a continuation request.
//! - [`client`]: [`ClientDecoder`](client::ClientDecoder) turns a server's bytes into the
//!   greeting, responses and continuation requests.
//! - [`server`]: [`ServerDecoder`](server::ServerDecoder) turns a client's bytes into
//!   commands, literal flow control, AUTHENTICATE lines and IDLE's `DONE`.
//!
//! ```
//! use imap_proto::stream::framing::{FrameEvent, Framer, Side};
//! use imap_proto::{ParserOptions, Status};
//!
//! // A client decoding server responses: a literal is plain data inside the message.
//! let mut framer = Framer::new(Side::Client, ParserOptions::default());
//! let input = b"* 1 FETCH (BODY[] {5}\r\nhello)\r\n* 2 EXISTS\r\n";
//! let Status::Complete { value: FrameEvent::Message(m), consumed } = framer.decode(input)
//! else { panic!() };
//! assert_eq!(m, b"* 1 FETCH (BODY[] {5}\r\nhello)\r\n");
//! assert_eq!(consumed, m.len());
//! ```

pub mod client;
pub mod framing;
pub mod server;
