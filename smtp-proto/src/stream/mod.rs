//! Sans-IO streaming decoders: they keep the framing state between reads, so input may be
//! fed in any split (one byte at a time or all at once) with the same results and O(n) work.
//!
//! - [`server`]: the server side — decodes the bytes a client sends into commands, DATA
//!   content, BDAT chunks and SASL lines;
//! - [`client`]: the client side — decodes the bytes a server sends into replies;
//! - [`data`] and [`bdat`]: the DATA content and BDAT chunk receivers the server side uses.
//!
//! ```
//! use smtp_proto::stream::client::{ClientDecoder, ClientEvent};
//! use smtp_proto::{ParserOptions, Status};
//!
//! let mut decoder = ClientDecoder::new(ParserOptions::default());
//! let Status::Complete { value: ClientEvent::Reply(reply), consumed } =
//!     decoder.decode(b"220 mx.example.org ESMTP\r\n")
//! else { panic!() };
//! assert_eq!((reply.code().get(), consumed), (220, 26));
//! ```

pub mod bdat;
pub mod client;
pub mod data;
pub mod server;
