//! Mail codecs, each with the RFC it follows:
//!
//! - [`base64`]: Base64 (RFC 4648) with the MIME (RFC 2045 §6.8), PEM and IMAP
//!   variants, on a fast table-driven core.
//! - [`qp`]: quoted-printable (RFC 2045 §6.7), text and binary, strict and lenient.
//! - [`rfc2047`]: encoded words in header values (RFC 2047).
//! - [`rfc2231`]: MIME parameter values: continuations, charsets, languages (RFC 2231).
//! - [`charset`]: decoding text in a named charset (UTF-8, US-ASCII, ISO-8859-1;
//!   every `encoding_rs` charset with the `charsets` feature).
//! - [`utf7`]: IMAP modified UTF-7 mailbox names (RFC 3501 §5.1.3).
//!
//! Every codec works on byte slices and writes into caller-provided buffers or
//! appends to `Vec<u8>` / `BytesMut`; the stream codecs (Base64, quoted-printable)
//! also have a streaming form that accepts input split anywhere. Errors carry the
//! byte offset and the kind of problem. Where real mail departs from the RFCs,
//! decoding is strict by default and lenient on request (a `LENIENT` constant in
//! each module).
//!
//! ```
//! use mime_codec::base64;
//!
//! let encoded = base64::STANDARD.encode_to_string(b"hello");
//! assert_eq!(encoded, "aGVsbG8=");
//! assert_eq!(base64::STANDARD.decode_to_vec(encoded.as_bytes()).unwrap(), b"hello");
//! ```
//!
//! The crate is `no_std` with `alloc`; the default `std` feature only enables
//! `std` in its dependencies.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod hex;
mod out;

pub use out::{BufferTooSmall, OutBuf};

pub mod base64;
pub mod charset;
pub mod qp;
pub mod rfc2047;
pub mod rfc2231;
pub mod utf7;

/// The workspace README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
